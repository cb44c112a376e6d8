"""Downloads of the list pages: the filtered rows as CSV or JSON, streamed, spreadsheet-safe."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import FocusArea, PartyRole
from agreements.tests.factory import add_party, make_agreement, make_source
from agreements.views import AgreementListView
from partnerships.models import Position, PublicationStatus
from partnerships.tests.factory import (
    make_organization,
    make_partnership,
    make_person,
    make_place,
    unique,
)

pytestmark = pytest.mark.django_db

# Each list with filters that pick part of the seed data.
FILTERED_LISTS = [
    ("/agreements/", {"country": "JP"}),
    ("/agreements/", {"country": "DE", "sort": "title"}),
    ("/partnerships/", {"country": "US"}),
    ("/places/", {"country": "JP"}),
    ("/organizations/", {"country": "DE", "sort": "-name"}),
    ("/people/", {"q": "Yoshimura"}),
    ("/sources/", {"language": "en"}),
]
LISTS = ["/agreements/", "/partnerships/", "/places/", "/organizations/", "/people/", "/sources/"]


def make_agreement_row():
    agreement = make_agreement(signed_on=datetime.date(2018, 1, 1), signed_on_precision="year")
    add_party(agreement, place=make_place())
    add_party(agreement, organization=make_organization(place=make_place(country="DE")))
    agreement.focus_areas.add(*FocusArea.objects.all()[:2])


def make_person_row():
    person = make_person()
    Position.objects.create(person=person, organization=make_organization(), title="Mayor")


# How to add one row with its related records to each list.
BUILDERS = {
    "/agreements/": make_agreement_row,
    "/partnerships/": lambda: make_partnership(places=[make_place(), make_place(country="US")]),
    "/places/": lambda: make_place(parent=make_place(unique("Prefecture"), kind="prefecture")),
    "/organizations/": lambda: make_organization(place=make_place()),
    "/people/": make_person_row,
    "/sources/": lambda: make_source(
        published_on=datetime.date(2023, 10, 1), published_on_precision="month"
    ),
}


@pytest.fixture
def directory():
    call_command("load_directory", verbosity=0)


def download(client, path, params=None, file_format="csv"):
    """Fetch a download and read it back: (response, rows as dicts)."""
    response = client.get(path, {**(params or {}), "download": file_format})
    assert response.status_code == 200, response.content
    body = response.getvalue()
    if file_format == "json":
        return response, json.loads(body)
    return response, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def listed_slugs(client, path, params=None) -> list[str]:
    """The slugs the HTML list shows, page after page."""
    response = client.get(path, params or {})
    assert response.status_code == 200
    slugs = [record.slug for record in response.context["object_list"]]
    for number in range(2, response.context["paginator"].num_pages + 1):
        page = client.get(path, {**(params or {}), "page": number})
        slugs += [record.slug for record in page.context["object_list"]]
    # The page lists exactly what its FilterSet selects.
    assert slugs == [record.slug for record in response.context["filterset"].qs]
    return slugs


@pytest.mark.parametrize("file_format", ["csv", "json"])
@pytest.mark.parametrize(("path", "params"), FILTERED_LISTS)
def test_a_download_holds_exactly_the_rows_of_the_filtered_list(
    client, directory, path, params, file_format
):
    """The download runs the page's own filters and search: same rows, same order."""
    expected = listed_slugs(client, path, params)
    assert expected, "the filter should match part of the seed data"
    _, rows = download(client, path, params, file_format)
    assert [row["slug"] for row in rows] == expected


@pytest.mark.parametrize("path", LISTS)
def test_a_filter_matching_nothing_gives_just_the_header(client, directory, path):
    response = client.get(path, {"q": "no-such-record-anywhere", "download": "csv"})
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert len(lines) == 1 and lines[0].startswith("slug,") and lines[0].endswith(",url")
    _, rows = download(client, path, {"q": "no-such-record-anywhere"}, "json")
    assert rows == []


@pytest.mark.parametrize("path", LISTS)
def test_every_row_appears_not_just_the_first_page(client, path):
    for _ in range(60):
        BUILDERS[path]()
    expected = listed_slugs(client, path)
    assert client.get(path).context["paginator"].num_pages > 1
    for file_format in ("csv", "json"):
        _, rows = download(client, path, file_format=file_format)
        assert [row["slug"] for row in rows] == expected
        assert len(rows) >= 60


def test_drafts_stay_out_of_downloads(client):
    make_agreement("Published")
    make_agreement("Secret draft", publication_status=PublicationStatus.DRAFT)
    _, rows = download(client, "/agreements/")
    assert [row["title"] for row in rows] == ["Published"]


class TestCsv:
    def test_opens_in_a_spreadsheet_as_utf8_with_one_header_row(self, client):
        make_agreement("Kölner Absichtserklärung", title_original="大阪市との覚書")
        response = client.get("/agreements/", {"download": "csv"})
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        today = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == (f'attachment; filename="agreements-{today}.csv"')
        body = response.getvalue()
        assert body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        assert rows[0] == [
            "slug",
            "title",
            "title_original",
            "kind",
            "signed",
            "signed_precision",
            "valid_from",
            "valid_until",
            "validity",
            "parties",
            "countries",
            "focus_areas",
            "url",
        ]
        assert len(rows) == 2
        assert rows[1][1:3] == ["Kölner Absichtserklärung", "大阪市との覚書"]

    @pytest.mark.parametrize(
        ("value", "precision", "written"),
        [
            (datetime.date(1973, 1, 1), "year", "1973"),
            (datetime.date(2023, 10, 1), "month", "2023-10"),
            (datetime.date(2014, 5, 7), "day", "2014-05-07"),
            (None, "", ""),
        ],
    )
    def test_partial_dates_are_written_as_known(self, client, value, precision, written):
        """A date known to the year is '1973', never an invented 1 January."""
        make_agreement(
            signed_on=value,
            signed_on_precision=precision,
            valid_until=value,
            valid_until_precision=precision,
        )
        _, [row] = download(client, "/agreements/")
        assert (row["signed"], row["valid_until"], row["signed_precision"]) == (
            written,
            written,
            precision,
        )

    def test_several_values_share_a_cell(self, client):
        agreement = make_agreement("Osaka–Chicago")
        add_party(agreement, place=make_place("Osaka", country="JP", slug="osaka-jp"))
        add_party(
            agreement,
            organization=make_organization(
                "World Business Chicago", place=make_place(country="US")
            ),
            role=PartyRole.PARTNER,
        )
        agreement.focus_areas.add(*FocusArea.objects.filter(slug__in=["healthcare", "robotics"]))
        _, [row] = download(client, "/agreements/")
        assert row["parties"] == "Osaka (signing_party); World Business Chicago (partner)"
        assert row["countries"] == "JP; US"
        assert row["focus_areas"] == "; ".join(
            FocusArea.objects.filter(slug__in=["healthcare", "robotics"]).values_list(
                "name", flat=True
            )
        )
        assert row["url"] == f"http://testserver/agreements/{agreement.slug}/"

    @pytest.mark.parametrize(
        "name", ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    )
    def test_a_name_never_runs_as_a_formula(self, client, name):
        """Names come from outside sources; a spreadsheet must show them as text."""
        make_place(
            name,
            slug=unique("place"),
            latitude=Decimal("-33.86785"),
            longitude=Decimal("-151.20732"),
        )
        _, [row] = download(client, "/places/")
        assert row["name"] == f"'{name}"
        # Numbers are not names: a negative coordinate stays a number.
        assert (row["latitude"], row["longitude"]) == ("-33.86785", "-151.20732")

    def test_markup_stays_literal(self, client):
        """CSV and JSON are not HTML: nothing is escaped, nothing is run."""
        make_agreement("<script>alert(1)</script> & co")
        _, [row] = download(client, "/agreements/")
        assert row["title"] == "<script>alert(1)</script> & co"
        _, [item] = download(client, "/agreements/", file_format="json")
        assert item["title"] == "<script>alert(1)</script> & co"


class TestJson:
    def test_an_array_of_objects_with_the_same_fields(self, client):
        agreement = make_agreement(
            '=HYPERLINK("x")',
            signed_on=datetime.date(2023, 10, 1),
            signed_on_precision="month",
        )
        osaka = make_place("Osaka", slug="osaka-jp")
        draft = make_place("Unpublished town", publication_status=PublicationStatus.DRAFT)
        add_party(agreement, place=osaka)
        add_party(agreement, place=draft, role=PartyRole.PARTNER)
        response, items = download(client, "/agreements/", file_format="json")
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"].endswith(
            f'filename="agreements-{timezone.localdate().isoformat()}.json"'
        )
        _, rows = download(client, "/agreements/")
        assert list(items[0]) == list(rows[0])  # the same fields in the same order
        assert items == [
            {
                "slug": agreement.slug,
                "title": '=HYPERLINK("x")',  # JSON is data: no spreadsheet apostrophe
                "title_original": "",
                "kind": "memorandum_of_understanding",
                "signed": "2023-10",
                "signed_precision": "month",
                "valid_from": None,
                "valid_until": None,
                "validity": "unknown",
                # A party without a public page keeps its name but has no slug.
                "parties": [
                    {"slug": "osaka-jp", "name": "Osaka", "role": "signing_party"},
                    {"slug": None, "name": "Unpublished town", "role": "partner"},
                ],
                "countries": ["JP"],
                "focus_areas": [],
                "url": f"http://testserver/agreements/{agreement.slug}/",
            }
        ]

    def test_places_keep_numbers_and_point_to_their_parent(self, client):
        japan = make_place("Japan", kind="country", slug="japan-test")
        make_place(
            "Osaka",
            slug="osaka-jp",
            parent=japan,
            latitude=Decimal("34.69379"),
            longitude=Decimal("135.50107"),
        )
        _, items = download(client, "/places/", {"q": "Osaka"}, "json")
        assert items == [
            {
                "slug": "osaka-jp",
                "name": "Osaka",
                "native_name": "",
                "kind": "city",
                "country": "JP",
                "parent": {"slug": "japan-test", "name": "Japan"},
                "latitude": 34.69379,
                "longitude": 135.50107,
                "url": "http://testserver/places/osaka-jp/",
            }
        ]

    def test_urls_follow_the_language_of_the_page(self, client, directory):
        _, items = download(client, "/de/partnerships/", file_format="json")
        assert items and all(
            item["url"].startswith("http://testserver/de/partnerships/") for item in items
        )


class TestFixedCost:
    """However many rows, a download costs the same queries: it streams in chunks."""

    def queries(self, client, path):
        with CaptureQueriesContext(connection) as context:
            response = client.get(path, {"download": "csv"})
            assert isinstance(response, StreamingHttpResponse)
            rows = response.getvalue().decode("utf-8-sig").splitlines()
        return len(context), len(rows) - 1

    @pytest.mark.parametrize("path", LISTS)
    def test_thirty_rows_cost_what_three_do(self, client, path):
        for _ in range(3):
            BUILDERS[path]()
        small, count = self.queries(client, path)
        assert count >= 3
        for _ in range(27):
            BUILDERS[path]()
        # A place's builder adds its parent too: ten times the rows either way.
        assert self.queries(client, path) == (small, count * 10)

    def test_each_chunk_adds_the_same_few_queries(self, client, monkeypatch):
        """Ten rows a chunk: one chunk for 3 or 10 rows, two for 20, three for 30."""
        monkeypatch.setattr(AgreementListView, "export_chunk_size", 10)
        cost, built = {}, 0
        for total in (3, 10, 20, 30):
            for _ in range(total - built):
                make_agreement_row()
            built = total
            cost[total], count = self.queries(client, "/agreements/")
            assert count == total
        per_chunk = cost[20] - cost[10]  # the prefetches, run once for each chunk
        assert 0 < per_chunk < 10
        assert cost[3] == cost[10]
        assert cost[30] == cost[10] + 2 * per_chunk


class TestBadRequests:
    @pytest.mark.parametrize(
        "params",
        [
            {"signed_from": "abc"},
            {"kind": "nonsense"},
            {"country": "XX"},
            {"focus": "no-such-area"},
            {"sort": "password"},
        ],
    )
    def test_invalid_filters_answer_400_in_the_format_asked(self, client, params):
        response = client.get("/agreements/", {**params, "download": "csv"})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        response = client.get("/agreements/", {**params, "download": "json"})
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {next(iter(params))}

    @pytest.mark.parametrize("path", LISTS)
    @pytest.mark.parametrize("value", ["xml", "CSV", "csv,json"])
    def test_an_unknown_format_is_a_400(self, client, path, value):
        response = client.get(path, {"download": value})
        assert response.status_code == 400
        assert b"csv or json" in response.content

    def test_page_does_not_limit_a_download(self, client):
        for _ in range(30):
            make_agreement()
        _, rows = download(client, "/agreements/", {"page": "2"})
        assert len(rows) == 30


class TestLinks:
    def test_links_keep_the_filters_and_drop_the_page(self, client):
        tokyo = make_place("Tokyo", slug="tokyo-jp")
        for _ in range(30):
            add_party(make_agreement(), place=tokyo)
        html = client.get("/agreements/", {"country": "JP", "page": "2"}).content.decode()
        assert 'href="?country=JP&amp;download=csv"' in html
        assert 'href="?country=JP&amp;download=json"' in html
        assert "Download CSV" in html and "Download JSON" in html
        _, rows = download(client, "/agreements/", {"country": "JP"})
        assert len(rows) == 30

    @pytest.mark.parametrize("path", LISTS)
    def test_every_list_offers_downloads(self, client, path):
        BUILDERS[path]()
        html = client.get(path).content.decode()
        assert 'href="?download=csv"' in html and 'href="?download=json"' in html

    def test_no_links_on_an_empty_or_invalid_list(self, client):
        assert b"download=" not in client.get("/agreements/", {"country": "FI"}).content
        assert b"download=" not in client.get("/agreements/", {"kind": "nonsense"}).content
