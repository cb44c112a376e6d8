"""The read-only JSON API: the HTML filters' rows, published records only, links that
resolve, a fixed query count, no 500 on any input, answers that match its own schema."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings, strategies
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from agreements.filters import AgreementFilter, SourceFilter
from agreements.models import (
    Agreement,
    AgreementRelation,
    FocusArea,
    Mission,
    MissionKind,
    Participant,
    ParticipantRole,
    PartyRole,
    RelationKind,
    Source,
)
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.filters import OrganizationFilter, PartnershipFilter, PersonFilter, PlaceFilter
from partnerships.models import (
    Organization,
    Partnership,
    Person,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
    PublicationStatus,
)
from partnerships.models.partnerships import PartnershipStage
from partnerships.tests.factory import (
    make_organization,
    make_partnership,
    make_person,
    make_place,
    unique,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "places": Place,
    "organizations": Organization,
    "people": Person,
    "partnerships": Partnership,
    "agreements": Agreement,
    "sources": Source,
    "missions": Mission,
    "focus-areas": FocusArea,
}


@pytest.fixture
def directory():
    call_command("load_directory", verbosity=0)


def every_row(client, url, params=None) -> list[dict]:
    """Follow the pages of a list and return all its rows."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    while response.json()["next"]:
        response = client.get(response.json()["next"])
        rows += response.json()["results"]
    return rows


def links_in(data) -> set[str]:
    """Every API URL in a response: records, links to related records, filtered lists."""
    found = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (key == "url" or key.endswith("s_url")):
                found.add(value)
            else:
                found |= links_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= links_in(item)
    return found


# Per record type: the FilterSet of its HTML list and query strings to compare, each
# chosen to match some of the seed data (one for none at all).
FILTER_CASES = {
    "agreements": (
        AgreementFilter,
        [
            {},
            {"country": "JP"},
            {"country": "SG"},
            {"place": "sendai-jp"},
            {"kind": "memorandum_of_understanding"},
            {"organization_kind": "chamber_of_commerce"},
            {"focus": "research-and-innovation"},
            {"signed_from": "2018", "signed_to": "2025"},
            {"status": "active"},
            {"status": "unknown", "country": "DE"},
            {"language": "de"},
            {"q": "Oulu"},
            {"q": "memorandum", "sort": "title"},
            {"sort": "-signed"},
            {"sort": "signed,-title"},
        ],
    ),
    "places": (PlaceFilter, [{"country": "DE"}, {"kind": "prefecture"}, {"q": "osaka"}]),
    "organizations": (
        OrganizationFilter,
        [{"country": "JP"}, {"kind": "government_agency", "sort": "-name"}, {"q": "hub"}],
    ),
    "people": (PersonFilter, [{"q": "yoshimura"}, {"sort": "-name"}]),
    "partnerships": (
        PartnershipFilter,
        [
            {"country": "US"},
            {"place": "osaka-jp", "status": "active"},
            {"established_from": "1950", "established_to": "2020"},
            {"kind": "sister_city", "sort": "-established"},
        ],
    ),
    "sources": (SourceFilter, [{"language": "en", "sort": "title"}, {"q": "Sendai"}]),
}


@pytest.mark.parametrize("endpoint", FILTER_CASES)
def test_lists_give_the_rows_the_html_filters_give(client, directory, endpoint):
    """The API filters with the list pages' own FilterSets, so it answers with their rows."""
    filterset_class, cases = FILTER_CASES[endpoint]
    model = ENDPOINTS[endpoint]
    base = model.objects.published()
    if model is Agreement:
        base = base.with_validity()  # the status filter reads it
    for params in cases:
        expected = list(filterset_class(params, queryset=base).qs.values_list("slug", flat=True))
        slugs = [row["slug"] for row in every_row(client, f"/api/v1/{endpoint}/", params)]
        assert expected or params == {"country": "SG"}, f"{params} no longer matches seed data"
        if "sort" in params:
            assert slugs == expected, params
        else:
            assert sorted(slugs) == sorted(expected), params


class TestPublishedOnly:
    def test_drafts_are_not_listed_and_their_slugs_are_404(self, client):
        draft = make_agreement("Draft", publication_status=PublicationStatus.DRAFT)
        in_review = make_place("Under review", publication_status=PublicationStatus.REVIEW)
        shown = make_agreement("Shown")
        assert [row["slug"] for row in every_row(client, "/api/v1/agreements/")] == [shown.slug]
        for url in (f"/api/v1/agreements/{draft.slug}/", f"/api/v1/places/{in_review.slug}/"):
            response = client.get(url)
            assert response.status_code == 404
            assert "detail" in response.json()

    def test_a_link_to_an_unpublished_record_names_it_without_an_address(self, client):
        """As on the HTML pages: the name shows, but no URL that would answer 404."""
        agreement = make_agreement()
        add_party(agreement, place=make_place("Hidden", publication_status=PublicationStatus.DRAFT))
        party = client.get(f"/api/v1/agreements/{agreement.slug}/").json()["parties"][0]["party"]
        assert party == {"type": "place", "slug": None, "name": "Hidden", "url": None}


class TestDetail:
    def test_agreement_links_its_parties_signatories_partnership_and_sources(self, client):
        osaka = make_place("Osaka", country="JP")
        chamber = make_organization("Chamber", place=make_place("Düsseldorf", country="DE"))
        partnership = make_partnership(places=[osaka], organizations=[chamber])
        agreement = make_agreement(
            "Memorandum",
            partnership=partnership,
            signed_on=datetime.date(2018, 1, 1),
            signed_on_precision="year",
            valid_until=datetime.date(2023, 10, 1),
            valid_until_precision="month",
        )
        agreement.focus_areas.add(FocusArea.objects.get(slug="robotics"))
        osaka_party = add_party(agreement, place=osaka)
        add_party(agreement, organization=chamber, role=PartyRole.PARTNER)
        mayor = make_person("Hirofumi Yoshimura")
        add_signatory(agreement, osaka_party, person=mayor, title="Mayor of Osaka")
        source = make_source("Press release")
        cite(source, agreement=agreement, is_inferred=True, note="Year from the anniversary.")

        response = client.get(f"/api/v1/agreements/{agreement.slug}/")

        assert response.status_code == 200
        data = response.json()
        api = "http://testserver/api/v1"
        assert data["url"] == f"{api}/agreements/{agreement.slug}/"
        assert data["html_url"] == f"http://testserver{agreement.get_absolute_url()}"
        assert data["signed"] == {"date": "2018", "precision": "year"}
        assert data["valid_until"] == {"date": "2023-10", "precision": "month"}
        assert data["valid_from"] is None
        assert data["validity"] == "expired"
        assert data["partnership"]["url"] == f"{api}/partnerships/{partnership.slug}/"
        assert [(p["role"], p["party"]["type"], p["party"]["url"]) for p in data["parties"]] == [
            ("signing_party", "place", f"{api}/places/{osaka.slug}/"),
            ("partner", "organization", f"{api}/organizations/{chamber.slug}/"),
        ]
        [signatory] = data["signatories"]
        assert signatory["person"]["url"] == f"{api}/people/{mayor.slug}/"
        assert (signatory["person"]["name"], signatory["title"]) == (
            "Hirofumi Yoshimura",
            "Mayor of Osaka",
        )
        assert signatory["party"]["name"] == "Osaka"
        assert [(f["slug"], f["name"]) for f in data["focus_areas"]] == [("robotics", "Robotics")]
        assert data["sources"] == [
            {
                "source": {
                    "type": "source",
                    "slug": source.slug,
                    "name": "Press release",
                    "url": f"{api}/sources/{source.slug}/",
                },
                "is_inferred": True,
                "note": "Year from the anniversary.",
            }
        ]

    def test_every_link_in_the_seed_data_resolves(self, client, directory):
        """Each record, related record and filtered list the API points to answers 200."""
        links = set()
        for endpoint in ENDPOINTS:
            rows = every_row(client, f"/api/v1/{endpoint}/")
            assert rows, endpoint
            links |= links_in(rows)
            # One public page per record type: html_url is the site's own URL.
            assert client.get(rows[0]["html_url"]).status_code == 200, rows[0]["html_url"]
        assert len(links) > 100
        for url in sorted(links):
            assert client.get(url).status_code == 200, url

    def test_partial_dates_keep_their_precision(self, client):
        partnership = make_partnership(
            established_on=datetime.date(1957, 5, 1), established_on_precision="month"
        )
        data = client.get(f"/api/v1/partnerships/{partnership.slug}/").json()
        assert data["established"] == {"date": "1957-05", "precision": "month"}
        assert data["ended"] is None


def build_records(count: int) -> None:
    """Create ``count`` records of every type, each with the related rows the API shows."""
    source = make_source()
    robotics = FocusArea.objects.get(slug="robotics")
    previous = None
    for _ in range(count):
        place = make_place(parent=make_place(kind="prefecture"))
        PlaceName.objects.create(place=place, name=unique("Name"), language="de")
        PlaceIdentifier.objects.create(place=place, scheme="wikidata", value=unique("Q"))
        organization = make_organization(place=place, parent=make_organization())
        person = make_person()
        Position.objects.create(person=person, organization=organization, title="Mayor")
        partnership = make_partnership(places=[place], organizations=[organization])
        PartnershipStage.objects.create(partnership=partnership, kind="friendship_city")
        agreement = make_agreement(partnership=partnership, signed_place=place)
        agreement.focus_areas.add(robotics)
        party = add_party(agreement, place=place)
        add_party(agreement, organization=organization)
        add_signatory(agreement, party, person=person)
        Participant.objects.create(
            agreement=agreement, person=make_person(), role=ParticipantRole.WITNESS
        )
        if previous:
            AgreementRelation.objects.create(
                from_agreement=agreement, to_agreement=previous, kind=RelationKind.RENEWS
            )
        previous = agreement
        mission = Mission.objects.create(
            title=unique("Mission"),
            slug=unique("mission"),
            kind=MissionKind.TRADE_MISSION,
            publication_status=PublicationStatus.PUBLISHED,
        )
        mission.destinations.add(place)
        mission.leaders.add(person)
        mission.organizers.add(organization)
        mission.agreements.add(agreement)
        make_source(publisher_organization=organization)
        for record in (place, organization, person, partnership, agreement, mission):
            cite(source, **{record._meta.model_name: record})


def test_a_list_costs_the_same_queries_for_3_and_30_rows(client):
    """Related rows are prefetched: a page never costs a query per row."""

    def queries() -> dict[str, int]:
        counts = {}
        for endpoint in ENDPOINTS:
            with CaptureQueriesContext(connection) as context:
                response = client.get(f"/api/v1/{endpoint}/")
            assert response.status_code == 200
            counts[endpoint] = len(context)
        return counts

    build_records(3)
    few = queries()
    build_records(27)
    assert Agreement.objects.published().count() == 30
    assert queries() == few


class TestBadInput:
    @pytest.mark.parametrize(
        ("url", "parameter"),
        [
            ("/api/v1/agreements/?country=XX", "country"),
            ("/api/v1/agreements/?signed_from=abc", "signed_from"),
            ("/api/v1/agreements/?signed_to=0", "signed_to"),
            ("/api/v1/agreements/?status=void", "status"),
            ("/api/v1/agreements/?focus=no-such-topic", "focus"),
            ("/api/v1/agreements/?sort=colour", "sort"),
            (f"/api/v1/agreements/?q={'x' * 201}", "q"),
            ("/api/v1/places/?q=%00", "q"),
            ("/api/v1/partnerships/?established_to=10000", "established_to"),
            ("/api/v1/sources/?kind=poem", "kind"),
        ],
    )
    def test_an_invalid_filter_is_a_400_naming_the_parameter(self, client, url, parameter):
        response = client.get(url)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert list(response.json()) == [parameter]

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/agreements/no-such-agreement/",
            "/api/v1/places/%00/",
            "/api/v1/people/not%20a%20slug/",
            "/api/v1/focus-areas/no-such-topic/",
            "/api/v1/agreements/?page=2",
            "/api/v1/agreements/?page=0",
            "/api/v1/agreements/?page=first",
        ],
    )
    def test_an_unknown_record_or_page_is_a_json_404(self, client, url):
        make_agreement()
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_the_api_is_read_only(self, client, method):
        agreement = make_agreement()
        for url in ("/api/v1/agreements/", f"/api/v1/agreements/{agreement.slug}/"):
            assert getattr(client, method)(url).status_code == 405

    def test_head_and_options_answer(self, client):
        assert client.head("/api/v1/agreements/").status_code == 200
        assert client.options("/api/v1/agreements/").status_code == 200

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/agreements/?sort=,",
            "/api/v1/people/?sort=name,",
            "/agreements/?sort=,",
            "/people/?sort=name,",
        ],
    )
    def test_an_empty_sort_item_is_not_a_server_error(self, client, url):
        assert client.get(url).status_code in (200, 400)


class TestSchemaAndDocs:
    def test_the_root_lists_every_endpoint(self, client):
        response = client.get("/api/v1/")
        assert response.status_code == 200
        assert list(response.json()) == list(ENDPOINTS)

    def test_the_schema_generates_without_warnings(self, tmp_path):
        """The same check as `manage.py spectacular --validate --fail-on-warn`."""
        call_command(
            "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
        )
        schema = (tmp_path / "schema.yml").read_text()
        # The FilterSets' parameters, with the form fields' limits.
        assert "name: signed_from" in schema and "maximum: 9999" in schema

    def test_a_browser_gets_json_too(self, client):
        """No HTML renderer: DRF's templates would break the Content-Security-Policy."""
        response = client.get(
            "/api/v1/agreements/", {"country": "JP"}, HTTP_ACCEPT="text/html,*/*;q=0.8"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"

    def test_docs_use_local_files_and_no_inline_script(self, client):
        assert reverse("api:schema") == "/api/v1/schema/"
        assert reverse("api:docs") == "/api/v1/docs/"
        html = client.get(reverse("api:docs")).content.decode()
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
        assert "cdn" not in html.lower()
        assert "<script>" not in html and "<style>" not in html
        script = client.get(reverse("api:docs"), {"script": ""})
        assert script["Content-Type"] == "application/javascript"
        assert "/api/v1/schema/" in script.content.decode()


@pytest.fixture
def wsgi_application(settings):
    """The site as a WSGI app, for schemathesis, seeing the test's database.

    Django closes the connection after each request, which would end the test's
    transaction; its own test client skips that, and so does this fixture.
    """
    from partnerships.wsgi import application

    settings.ALLOWED_HOSTS = ["localhost"]  # the Host schemathesis sends
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_application):
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_application)


def test_every_seed_record_matches_the_schema(api_schema, directory):
    """Real records, with every kind of relation, validate against the published schema."""
    for endpoint, model in ENDPOINTS.items():
        api_schema[f"/api/v1/{endpoint}/"]["GET"].Case().call_and_validate()
        detail = api_schema[f"/api/v1/{endpoint}/{{slug}}/"]["GET"]
        records = model.objects.published() if endpoint != "focus-areas" else model.objects
        for slug in records.values_list("slug", flat=True):
            response = detail.Case(path_parameters={"slug": slug}).call_and_validate()
            assert response.status_code == 200, slug


def test_no_input_breaks_the_api(api_schema):
    """Generated requests, valid and invalid, to every operation: never a 5xx, and every
    answer as the schema documents it.

    Two of schemathesis' default checks do not fit this API. positive_data_acceptance:
    a `focus` slug must name an existing focus area, which the schema cannot list, so a
    made-up one is rightly a 400. negative_data_rejection: the FilterSets serve HTML
    forms too, and read an empty value (`?country=`) as no filter, not as an error.
    TestBadInput pins the 400s and 404s instead.
    """
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    build_records(2)  # something to find; the seed data is checked above
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 2 * len(ENDPOINTS)
    for operation in operations:
        cases = strategies.one_of(operation.as_strategy(mode) for mode in GenerationMode)

        @given(case=cases)
        # Derandomized: the same cases on every run, so a failure is never a fluke of
        # one run; change the code or the schema and the cases change with it.
        @settings(max_examples=25, deadline=None, database=None, derandomize=True)
        def call_and_validate(case):
            case.call_and_validate(checks=checks)

        call_and_validate()
