"""The public pages as a visitor sees them: filters, facets, paging, search, 404s."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AgreementKind, FocusArea
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.models import Place, PublicationStatus
from partnerships.tests.factory import make_organization, make_person, make_place

pytestmark = pytest.mark.django_db


def build_directory(size: int):
    """Create ``size`` published agreements with parties, signatories and focus areas."""
    source = make_source("Release", language="de")
    health, robotics = (
        FocusArea.objects.get(slug="healthcare"),
        FocusArea.objects.get(slug="robotics"),
    )
    essen = Place.objects.filter(slug="essen-de").first() or make_place(
        "Essen", country="DE", slug="essen-de"
    )
    tokyo = Place.objects.filter(slug="tokyo-jp").first() or make_place(
        "Tokyo", country="JP", slug="tokyo-jp"
    )
    for index in range(size):
        agreement = make_agreement(
            f"Agreement {index:03d}",
            kind=AgreementKind.LETTER_OF_INTENT if index % 2 else AgreementKind.MEMORANDUM,
            signed_on=datetime.date(2000 + index % 25, 1, 1),
            signed_on_precision="year",
        )
        agreement.focus_areas.add(health if index % 3 else robotics)
        if index % 5 == 0:
            agreement.focus_areas.add(robotics)
        german = add_party(agreement, organization=make_organization(place=essen))
        add_party(agreement, place=tokyo)
        add_signatory(agreement, german, person=make_person())
        cite(source, agreement=agreement)
    return {"essen": essen, "tokyo": tokyo, "source": source}


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/agreements/",
        "/agreements/?country=DE&focus=healthcare&sort=-signed",
        "/agreements/?q=agreement",
        "/partnerships/",
        "/places/",
        "/organizations/",
        "/people/",
        "/sources/",
        "/focus-areas/",
        "/countries/",
        "/countries/DE/",
        "/places/essen-de/",
        "/search/?q=essen",
    ],
)
def test_pages_cost_a_fixed_number_of_queries(client, url):
    """However many rows the database holds, a page costs the same number of queries."""
    build_directory(4)
    small = queries_for(client, url)
    build_directory(40)
    assert queries_for(client, url) == small


def test_detail_pages_cost_a_fixed_number_of_queries(client):
    data = build_directory(3)
    agreement = make_agreement("Big one")
    for _ in range(2):
        party = add_party(agreement, organization=make_organization(place=data["essen"]))
        add_signatory(agreement, party)
    small = queries_for(client, agreement.get_absolute_url())
    for _ in range(20):
        party = add_party(agreement, organization=make_organization(place=data["essen"]))
        add_signatory(agreement, party)
    assert queries_for(client, agreement.get_absolute_url()) == small


class TestAgreementList:
    def test_filters_combine_and_facets_count_within_the_results(self, client):
        build_directory(10)
        response = client.get(
            "/agreements/", {"focus": "robotics", "kind": "memorandum_of_understanding"}
        )
        assert response.status_code == 200
        titles = [a.title for a in response.context["object_list"]]
        # Robotics: index % 3 == 0 or index % 5 == 0; memorandum: even index.
        assert titles == sorted(
            (f"Agreement {i:03d}" for i in range(10) if (i % 3 == 0 or i % 5 == 0) and i % 2 == 0),
            reverse=True,
        )
        focus = next(f for f in response.context["facets"] if f.title == "Focus area")
        counts = {option.label: option.count for option in focus.options}
        # Agreements 0 and 6 carry robotics; 0 also... each counted once per area it carries.
        assert counts["Robotics"] == len(titles)
        assert counts.get("Health care", 0) == sum(
            1 for i in range(10) if (i % 3 == 0 or i % 5 == 0) and i % 2 == 0 and i % 3
        )

    def test_facet_link_keeps_other_filters_and_toggles_off(self, client):
        build_directory(6)
        response = client.get("/agreements/", {"kind": "letter_of_intent", "page": "1"})
        kind = next(f for f in response.context["facets"] if f.title == "Kind of agreement")
        selected = next(option for option in kind.options if option.selected)
        assert selected.url == "?"
        country = next(f for f in response.context["facets"] if f.title == "Country")
        germany = next(option for option in country.options if option.label == "Germany")
        assert "kind=letter_of_intent" in germany.url and "country=DE" in germany.url
        assert "page=" not in germany.url

    def test_decade_and_year_facets(self, client):
        build_directory(12)  # signed 2000..2011
        response = client.get("/agreements/")
        decades = next(f for f in response.context["facets"] if f.title == "Decade signed")
        assert [(o.label, o.count) for o in decades.options] == [("2000s", 10), ("2010s", 2)]
        response = client.get("/agreements/", {"signed_from": 2010, "signed_to": 2019})
        assert response.context["paginator"].count == 2

    def test_country_filter_matches_either_side(self, client):
        build_directory(3)
        assert client.get("/agreements/", {"country": "JP"}).context["paginator"].count == 3
        assert client.get("/agreements/", {"country": "DE"}).context["paginator"].count == 3
        assert client.get("/agreements/", {"country": "FI"}).context["paginator"].count == 0

    def test_status_filter(self, client):
        make_agreement("Old", valid_until=datetime.date(2001, 1, 1), valid_until_precision="year")
        make_agreement(
            "Running", valid_until=datetime.date(2099, 1, 1), valid_until_precision="year"
        )
        response = client.get("/agreements/", {"status": "active"})
        assert [a.title for a in response.context["object_list"]] == ["Running"]

    def test_unpublished_agreements_stay_hidden(self, client):
        make_agreement("Secret draft", publication_status=PublicationStatus.DRAFT)
        assert b"Secret draft" not in client.get("/agreements/").content
        assert client.get("/agreements/?q=secret").context["paginator"].count == 0

    def test_paging_keeps_filters(self, client):
        build_directory(60)
        response = client.get("/agreements/", {"kind": "memorandum_of_understanding"})
        assert b"?kind=memorandum_of_understanding&amp;page=2" in response.content

    @pytest.mark.parametrize(
        "query",
        [
            {"signed_from": "abc"},
            {"signed_from": "-5"},
            {"signed_to": "99999999999999999999"},
            {"kind": "nonsense"},
            {"country": "XX"},
            {"focus": "no-such-area"},
            {"sort": "password"},
        ],
    )
    def test_bad_filter_values_answer_400_with_the_error(self, client, query):
        response = client.get("/agreements/", query)
        assert response.status_code == 400
        assert b'role="alert"' in response.content

    @pytest.mark.parametrize("page", ["99", "0", "abc", "-1"])
    def test_a_page_past_the_end_is_a_404(self, client, page):
        build_directory(2)
        assert client.get("/agreements/", {"page": page}).status_code == 404

    def test_empty_state_offers_to_clear_filters(self, client):
        response = client.get("/agreements/", {"country": "FI"})
        assert b"Nothing matches these filters." in response.content
        assert b"Clear all filters" in response.content


class TestAgreementDetail:
    def test_shows_parties_signatories_and_sources(self, client):
        source = make_source("Kanagawa release", language="en")
        agreement = make_agreement(
            "Kanagawa MOU",
            signed_on=datetime.date(2014, 5, 7),
            signed_on_precision="day",
            signed_venue="Nurses Hall, State House",
        )
        prefecture = make_place("Kanagawa Prefecture", kind="prefecture")
        party = add_party(agreement, place=prefecture)
        add_signatory(agreement, party, person=make_person("Yuji Kuroiwa"), title="Governor")
        cite(source, agreement=agreement, is_inferred=True, note="Venue read from the caption.")
        html = client.get(agreement.get_absolute_url()).content.decode()
        assert "7 May 2014" in html
        assert "Nurses Hall, State House" in html
        assert "Yuji Kuroiwa</a>, Governor" in html
        assert "signed for Kanagawa Prefecture" in html
        assert "Kanagawa release" in html
        assert "Venue read from the caption." in html

    def test_a_draft_is_a_404_for_visitors_but_visible_to_staff(self, client, admin_user):
        draft = make_agreement("Draft", publication_status=PublicationStatus.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404
        client.force_login(admin_user)
        assert client.get(draft.get_absolute_url()).status_code == 200

    def test_unknown_slug_is_a_helpful_404(self, client):
        response = client.get("/agreements/no-such-agreement/")
        assert response.status_code == 404
        assert b"Page not found" in response.content


def test_home_shows_counts_latest_and_ways_in(client):
    build_directory(3)
    response = client.get("/")
    html = response.content.decode()
    assert response.context["counts"]["agreements"] == 3
    assert "Agreement 002" in html
    assert 'href="/countries/DE/"' in html
    assert 'href="/agreements/?focus=healthcare"' in html


class TestSearchPage:
    def test_groups_results_by_kind(self, client):
        build_directory(2)
        response = client.get("/search/", {"q": "Essen"})
        titles = [group["title"] for group in response.context["groups"] if group["results"]]
        assert titles == ["Places"]

    def test_nothing_found_says_what_to_try(self, client):
        response = client.get("/search/", {"q": "Atlantis"})
        assert b"Nothing matches" in response.content

    def test_no_query_is_an_empty_form(self, client):
        response = client.get("/search/")
        assert response.status_code == 200
        assert response.context["groups"] == []
