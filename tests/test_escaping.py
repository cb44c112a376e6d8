"""Record text containing markup renders as text everywhere the public can see it (issue #9).

Every name, title and summary below carries a script and an image with an event
handler. HTML pages (their inline SVG pictures and JSON-LD blocks included) and the
Atom and sitemap XML must show them escaped; CSV, JSON and the API are data, so the
text comes back verbatim there, under a content type no browser renders as HTML.
"""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils.html import escape

from agreements.models import FocusArea, Mission, MissionKind, Participant, ParticipantRole, Source
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.models import Organization, PlaceKind, PlaceName, Position
from partnerships.tests.factory import (
    make_organization,
    make_partnership,
    make_person,
    make_place,
)
from partnerships.views import PlaceListView

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never reach a page unescaped: the opening of each payload.
RAW = ("<script>alert", "<img src=x", "<svg/onload")
ATOM = "{http://www.w3.org/2005/Atom}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def evil(label: str) -> str:
    return f"{label} {SCRIPT}{IMG}"


# First in a CSV cell, this name is a formula.
ORGANIZATION = f'=HYPERLINK("http://x","click") {SCRIPT}'


@pytest.fixture
def records():
    """One of each kind of public record, every text field carrying markup."""
    region = make_place(evil("Region"), slug="evil-region", kind=PlaceKind.PREFECTURE, country="JP")
    place = make_place(
        evil("Place"),
        slug="evil-place",
        country="JP",
        parent=region,
        native_name=evil("Native"),
        latitude=Decimal("35.6"),
        longitude=Decimal("139.7"),
    )
    PlaceName.objects.create(place=place, name=evil("Japanese name"), language="ja")
    PlaceName.objects.create(place=place, name=evil("German name"), language="de")
    partner = make_place("Essen", slug="essen-de", country="DE", latitude=50, longitude=7)
    organization = make_organization(
        ORGANIZATION,
        slug="evil-organization",
        abbreviation=SCRIPT,
        native_name=evil("Native organization"),
        place=place,
        website=f"https://example.com/?q={IMG}",
    )
    person = make_person(
        evil("Person"), slug="evil-person", honorific_prefix=SCRIPT, native_name=evil("Native")
    )
    Position.objects.create(person=person, organization=organization, title=evil("Mayor"))
    partnership = make_partnership(
        places=[place, partner],
        name=evil("Partnership"),
        slug="evil-partnership",
        summary=evil("Partnership summary"),
        established_on=datetime.date(2001, 1, 1),
        established_on_precision="year",
    )
    focus = FocusArea.objects.create(
        name=evil("Focus"), slug="evil-focus", description=evil("Focus description")
    )
    agreement = make_agreement(
        evil("Agreement"),
        slug="evil-agreement",
        title_original=evil("Original title"),
        summary=evil("Agreement summary"),
        partnership=partnership,
        signed_on=datetime.date(2020, 5, 1),
        signed_on_precision="day",
        signed_place=place,
        signed_venue=evil("Venue"),
    )
    agreement.focus_areas.add(focus)
    party = add_party(agreement, organization=organization)
    add_party(agreement, place=partner)
    party.note = evil("Party note")
    party.save()
    add_signatory(agreement, party, person=person, title=evil("Governor"))
    Participant.objects.create(
        agreement=agreement,
        person=person,
        role=ParticipantRole.WITNESS,
        title=evil("Witness"),
        organization=organization,
    )
    source = make_source(
        evil("Source"),
        slug="evil-source",
        publisher=evil("Publisher"),
        language="<svg/onload=1>",
        note=evil("Source note"),
    )
    for record in ({"agreement": agreement}, {"place": place}, {"partnership": partnership}):
        cite(source, note=evil("Citation note"), **record)
    mission = Mission.objects.create(
        title=evil("Mission"),
        slug="evil-mission",
        kind=MissionKind.DELEGATION_VISIT,
        summary=evil("Mission summary"),
        publication_status="published",
    )
    mission.destinations.add(place)
    mission.leaders.add(person)
    mission.organizers.add(organization)
    mission.agreements.add(agreement)
    return {"agreement": agreement, "place": place, "focus": focus}


class MarkupFinder(HTMLParser):
    """Collect what a browser would run: scripts and event-handler attributes."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.data_blocks = []
        self._in_data_block = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._in_data_block = True
            elif "src" not in attributes:
                self.problems.append("an inline <script>")
        elif tag == "img" and attributes.get("src") == "x":
            self.problems.append("<img src=x>")

    def handle_endtag(self, tag):
        self._in_data_block = False

    def handle_data(self, data):
        if self._in_data_block:
            self.data_blocks.append(data)


def assert_escaped_html(client, url, *shown):
    """The page answers HTML with no markup from the records, and shows each of ``shown``."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, (url, raw)
    finder = MarkupFinder()
    finder.feed(html)
    assert finder.problems == [], url
    for block in finder.data_blocks:
        json.loads(block)  # a data block the markup could not end early
    for text in shown:
        assert escape(text) in html, (url, text)
    return html, finder


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("/", [evil("Agreement"), evil("Focus")]),
        ("/search/?q=Place", [evil("Place")]),
        ("/search/?q=script", [evil("Agreement"), evil("Person"), evil("Partnership")]),
        ("/places/", [evil("Place"), evil("Region")]),
        ("/places/?q=Place", [evil("Place")]),
        ("/organizations/", [ORGANIZATION]),
        ("/people/", [evil("Person")]),
        ("/partnerships/", [evil("Partnership")]),
        ("/agreements/", [evil("Agreement"), evil("Focus")]),
        ("/agreements/?focus=evil-focus", [evil("Agreement"), evil("Focus")]),
        ("/sources/", [evil("Source"), "<svg/onload=1>"]),
        ("/focus-areas/", [evil("Focus")]),
        ("/countries/", []),
        ("/countries/JP/", [evil("Place")]),
        ("/map/", [evil("Partnership")]),
        ("/timeline/", [evil("Agreement")]),
        ("/network/", [evil("Agreement")]),
        ("/statistics/", [evil("Focus")]),
        ("/places/evil-place/", [evil("Place"), evil("Native"), evil("Partnership")]),
        ("/ja/places/evil-place/", [evil("Japanese name")]),
        ("/de/places/", [evil("German name")]),
        ("/places/evil-region/", [evil("Region"), evil("Place")]),
        ("/organizations/evil-organization/", [evil("Native organization"), evil("Mayor")]),
        ("/people/evil-person/", [evil("Person"), evil("Mayor"), evil("Agreement")]),
        ("/partnerships/evil-partnership/", [evil("Partnership summary"), evil("Agreement")]),
        (
            "/agreements/evil-agreement/",
            [evil("Original title"), evil("Venue"), evil("Governor"), evil("Citation note")],
        ),
        ("/ja/agreements/evil-agreement/", [evil("Agreement summary")]),
        ("/sources/evil-source/", [evil("Publisher"), evil("Source note"), evil("Agreement")]),
        ("/missions/evil-mission/", [evil("Mission"), evil("Mission summary")]),
        ("/focus-areas/evil-focus/", [evil("Focus"), evil("Agreement")]),
    ],
)
def test_pages_show_markup_as_text(client, records, url, shown):
    """Names, titles and summaries appear escaped in pages, pictures and structured data."""
    assert_escaped_html(client, url, *shown)


@pytest.mark.parametrize(
    "url",
    [
        "/places/evil-place/",
        "/organizations/evil-organization/",
        "/people/evil-person/",
        "/agreements/evil-agreement/",
    ],
)
def test_json_ld_keeps_markup_inside_its_block(client, records, url):
    """A </script> in a name cannot end the JSON-LD block; the data reads back unchanged."""
    _html, finder = assert_escaped_html(client, url)
    [block] = finder.data_blocks
    assert "</" not in block.lower() and "<!--" not in block
    assert SCRIPT in json.dumps(json.loads(block), ensure_ascii=False)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/search/", {"q": SCRIPT}),
        ("/agreements/", {"place": IMG, "q": SCRIPT}),  # valid: the form shows them again
        ("/agreements/", {"kind": IMG, "country": SCRIPT}),  # invalid: the errors repeat them
        ("/places/", {"sort": SCRIPT}),
        ("/places/", {"page": "2", SCRIPT: IMG}),  # unknown: kept in facet and paging links
        ("/network/", {"focus": SCRIPT}),
        (f"/places/{SCRIPT}/", {}),  # the 404 page names the path
    ],
)
def test_query_and_path_echo_escaped(client, records, monkeypatch, url, query):
    """What a visitor typed comes back escaped: in the search box, filters, errors and 404s."""
    # One row a page, so that the paging links repeat the query too.
    monkeypatch.setattr(PlaceListView, "paginate_by", 1)
    response = client.get(url, query)
    assert response.status_code in (200, 400, 404)
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html
    finder = MarkupFinder()
    finder.feed(html)
    assert finder.problems == []


@pytest.mark.parametrize(
    "url",
    ["/feeds/agreements/", "/feeds/agreements/country/JP/", "/feeds/agreements/focus/evil-focus/"],
)
def test_feeds_escape_markup(client, records, url):
    """The Atom feeds carry titles, summaries and categories as XML text."""
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body
    root = ET.fromstring(response.content)
    entry = next(
        entry
        for entry in root.iter(f"{ATOM}entry")
        if entry.find(f"{ATOM}title").text == evil("Agreement")
    )
    assert evil("Agreement summary") in entry.find(f"{ATOM}summary").text
    assert evil("Focus") in [category.get("term") for category in entry.iter(f"{ATOM}category")]
    if url.endswith("/evil-focus/"):
        assert evil("Focus") in root.find(f"{ATOM}title").text


def test_sitemap_lists_records_by_address_only(client, records):
    """The sitemap names no record, only its URL; it stays well-formed XML."""
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    for raw in RAW:
        assert raw not in response.content.decode()
    ET.fromstring(response.content)
    assert b"/places/evil-place/" in response.content


def read_download(response) -> str:
    assert response.status_code == 200
    assert not response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize(
    "url",
    ["/agreements/", "/partnerships/", "/places/", "/organizations/", "/people/", "/sources/"],
)
def test_exports_carry_markup_as_data(client, records, url):
    """CSV and JSON downloads are data: the text comes back verbatim, never as a page.

    A CSV cell that a spreadsheet would run as a formula gets a leading apostrophe,
    also when a list of names starts with one.
    """
    rows = list(csv.reader(io.StringIO(read_download(client.get(url, {"download": "csv"})))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(SCRIPT in cell for cell in cells)
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            assert re.fullmatch(r"-\d+(\.\d+)?", cell), cell  # only a negative number
    items = json.loads(read_download(client.get(url, {"download": "json"})))
    assert SCRIPT in json.dumps(items, ensure_ascii=False)


def test_agreement_export_prefixes_a_formula_in_a_list_of_names(client, records):
    """A list of parties that starts with a formula-like name is a formula too."""
    rows = csv.DictReader(
        io.StringIO(read_download(client.get("/agreements/", {"download": "csv"})))
    )
    [row] = [row for row in rows if row["slug"] == "evil-agreement"]
    assert row["title"] == evil("Agreement")
    assert row["parties"].startswith("'=HYPERLINK(")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/places/evil-place/",
        "/api/v1/organizations/evil-organization/",
        "/api/v1/people/evil-person/",
        "/api/v1/partnerships/evil-partnership/",
        "/api/v1/agreements/evil-agreement/",
        "/api/v1/sources/evil-source/",
        "/api/v1/missions/evil-mission/",
        "/api/v1/focus-areas/evil-focus/",
        "/api/v1/agreements/?q=script",
    ],
)
def test_api_answers_json(client, records, url):
    """The API returns the text as JSON data, never as a page a browser would render."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert SCRIPT in json.dumps(response.json(), ensure_ascii=False)


def test_data_dump_is_json(client, records, settings, tmp_path):
    """The full dump is a JSON download with the text verbatim."""
    settings.DUMP_DIR = tmp_path
    call_command("dump_directory", stderr=io.StringIO())
    response = client.get("/data/latest.json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(b"".join(response.streaming_content))
    assert SCRIPT in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x"])
def test_a_script_url_is_shown_but_never_linked(client, url):
    """Loaded without the admin's validation (a dump, a script), it stays inert text."""
    organization = make_organization("Linked Org")
    Organization.objects.filter(pk=organization.pk).update(website=url)
    source = make_source("Linked Source")
    Source.objects.filter(pk=source.pk).update(url=url)
    for page in (organization.get_absolute_url(), source.get_absolute_url()):
        html = client.get(page).content.decode()
        assert f'href="{url}"' not in html
        assert url.split(":")[1] in html  # still shown, as text
