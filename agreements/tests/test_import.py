"""Importing twin-town lists and Wikidata pairs (issue 8, item 2)."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from agreements.importing.countries import (
    AMBIGUOUS_GEORGIA,
    NOT_ISO,
    UNKNOWN_COUNTRY,
    read_country,
)
from agreements.importing.places import kind_from_name
from agreements.importing.twin_towns import (
    SKIP_AMBIGUOUS,
    SKIP_NO_NAME,
    SKIP_SELF,
    WARN_CELL_CONFLICT,
    WARN_FROM_CELL,
    WARN_GUESSED,
    WARN_IDENTIFIER,
    WARN_KEPT_DATE,
    WARN_KIND,
    WARN_OTHER_YEAR,
    WARN_OUTSIDE,
    WARN_YEAR,
    FileFormatError,
    TwinTownImport,
    import_twin_towns,
    split_cell,
)
from agreements.importing.wikidata import (
    SKIP_BAD_LINE,
    SKIP_NEITHER,
    SKIP_ONE,
    WARN_MISSING,
    import_wikidata_pairs,
)
from agreements.importing.wikidata import SKIP_SELF as WIKIDATA_SELF
from agreements.importing.writer import DirectoryWriter
from agreements.models import Citation, Source, SourceKind
from partnerships.models import (
    Partnership,
    PartnershipKind,
    PartnershipMember,
    Place,
    PlaceIdentifier,
    PlaceKind,
    PlaceName,
    PublicationStatus,
)
from partnerships.tests.factory import make_partnership, make_place, make_staff

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
GENERIC = DATA / "twin_towns_generic.csv"
WIKIPEDIA = DATA / "twin_towns_wikipedia.csv"
RELATIONS = DATA / "wikidata_relations.tsv"
NAMES = DATA / "wikidata_names.tsv"
COUNTRY_UNKNOWN = "country not recognised"


@pytest.fixture
def directory():
    """The places the test files name that the directory already holds."""
    osaka_prefecture = make_place(
        "Osaka Prefecture",
        kind=PlaceKind.PREFECTURE,
        latitude=Decimal("34.68630"),
        longitude=Decimal("135.52000"),
    )
    kagoshima = make_place("Kagoshima Prefecture", kind=PlaceKind.PREFECTURE)
    places = {
        "osaka_prefecture": osaka_prefecture,
        "izumi_osaka": make_place(
            "Izumi",
            parent=osaka_prefecture,
            latitude=Decimal("34.48330"),
            longitude=Decimal("135.42320"),
        ),
        "izumi_kagoshima": make_place(
            "Izumi", parent=kagoshima, latitude=Decimal("32.09060"), longitude=Decimal("130.35280")
        ),
        "osaka": make_place("Osaka", latitude=Decimal("34.69370"), longitude=Decimal("135.50230")),
        "cologne": make_place("Cologne", country="DE"),
        "chicago": make_place("Chicago", country="US"),
    }
    PlaceIdentifier.objects.create(place=places["osaka"], scheme="wikidata", value="Q35765")
    PlaceIdentifier.objects.create(place=places["cologne"], scheme="wikidata", value="Q365")
    PlaceIdentifier.objects.create(place=places["chicago"], scheme="wikidata", value="Q1297")
    PlaceName.objects.create(place=places["cologne"], name="Köln", language="de")
    places["osaka_cologne"] = make_partnership(
        places=[places["osaka"], places["cologne"]], name="Osaka–Cologne"
    )
    return places


def counts() -> dict[str, int]:
    return {
        "places": Place.objects.count(),
        "place history": Place.history.count(),
        "names": PlaceName.objects.count(),
        "identifiers": PlaceIdentifier.objects.count(),
        "partnerships": Partnership.objects.count(),
        "partnership history": Partnership.history.count(),
        "members": PartnershipMember.objects.count(),
        "sources": Source.objects.count(),
        "citations": Citation.objects.count(),
    }


def place(name, country, **extra) -> Place:
    return Place.objects.get(name=name, country=country, **extra)


def pair(first: Place, second: Place) -> Partnership:
    return Partnership.objects.involving(pk=first.pk).get(members__place=second)


# Country strings and place cells


@pytest.mark.parametrize(
    ("text", "code", "region"),
    [
        ("Japan", "JP", ""),
        ("JP", "JP", ""),
        ("England", "GB", "England"),
        ("Scotland", "GB", "Scotland"),
        ("England, United Kingdom", "GB", "England"),
        ("Northern Ireland, United Kingdom", "GB", "Northern Ireland"),
        ("Georgia (country)", "GE", ""),
        ("Georgia", "GE", ""),
        ("Russia", "RU", ""),
        ("Republic of Ireland", "IE", ""),
        ("Grece", "GR", ""),
        ("in Italy", "IT", ""),
        ("Réunion, France", "RE", ""),
        ("Brandenburg, Germany", "DE", "Brandenburg"),
        ("Georgia, United States", "US", "Georgia"),
        ("Falkland Islands", "FK", ""),
        ("Korea, Republic of", "KR", ""),
    ],
)
def test_country_strings_are_read(text, code, region):
    country = read_country(text)
    assert (country.code, country.region, country.guessed_from) == (code, region, "")


def test_misspelt_countries_are_guessed_only_when_one_country_is_that_close():
    assert read_country("Germnay").code == "DE"
    assert read_country("Germnay").guessed_from == "Germnay"
    assert read_country("Frnace").code == "FR"
    # One typo from Australia and from Austria: no guess.
    assert read_country("Austrlia").problem == UNKNOWN_COUNTRY
    assert read_country("Atlantis").problem == UNKNOWN_COUNTRY
    assert read_country("Germnay", guess=False).problem == UNKNOWN_COUNTRY


def test_georgia_by_american_coordinates_is_ambiguous_and_kosovo_has_no_code():
    assert read_country("Georgia", latitude=32.08, longitude=-81.09).problem == AMBIGUOUS_GEORGIA
    assert read_country("Georgia (country)", latitude=32.08, longitude=-81.09).code == "GE"
    assert read_country("Georgia", latitude=41.7, longitude=44.8).code == "GE"
    assert read_country("Kosovo").problem == NOT_ISO
    assert read_country("").code is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Izumi, Osaka", ("Izumi", "Osaka")),
        ("Setagaya (Tokyo)", ("Setagaya", "Tokyo")),
        ("Tokyo – Setagaya", ("Setagaya", "Tokyo")),
        ("Varna, Bulgaria", ("Varna", "Bulgaria")),
        ("Baden-Baden", ("Baden-Baden", "")),
    ],
)
def test_place_cells_are_split_into_name_and_region(cell, expected):
    assert split_cell(cell) == expected


def test_place_kinds_come_from_the_name():
    assert kind_from_name("Osaka Prefecture") == (PlaceKind.PREFECTURE, "Osaka", True)
    assert kind_from_name("Miami-Dade County") == (PlaceKind.COUNTY, "Miami-Dade", True)
    assert kind_from_name("Province of Rome") == (PlaceKind.PROVINCE, "Rome", True)
    assert kind_from_name("State College") == (PlaceKind.CITY, "State College", False)
    assert kind_from_name("Kyoto") == (PlaceKind.CITY, "Kyoto", False)


# The generic layout, against a directory that already has some of its places


def test_generic_file_report_counts_every_row(directory):
    report = import_twin_towns(GENERIC)

    assert report.rows_read == 21
    assert report.rows_skipped == 6
    assert report.rows_imported == 15
    assert report.accounted
    assert report.partnerships_created == 12
    assert report.partnerships_matched == 1  # Köln–Ōsaka-shi is Osaka–Cologne
    assert report.partnerships_merged == 1  # Paris–Kyoto after Kyoto–Paris
    assert report.duplicate_rows == 1  # Kyoto–Paris twice
    assert report.places_created == 20
    assert report.places_matched == 5
    assert dict(report.skipped.counts) == {
        COUNTRY_UNKNOWN: 1,
        SKIP_SELF: 1,
        SKIP_AMBIGUOUS: 1,
        AMBIGUOUS_GEORGIA: 1,
        SKIP_NO_NAME: 1,
        NOT_ISO: 1,
    }
    assert dict(report.warnings.counts) == {
        WARN_YEAR: 1,
        WARN_FROM_CELL: 1,
        WARN_GUESSED: 1,
        WARN_KIND: 1,
    }
    assert report.skipped.examples[COUNTRY_UNKNOWN] == [
        "line 6: Atlantis City (Atlantis) – Kyoto (Japan) [country 'Atlantis']"
    ]
    assert report.skipped.examples[SKIP_AMBIGUOUS][0].startswith(
        "line 10: Izumi (Japan) – Kyoto (Japan)"
    )
    assert report.warnings.examples[WARN_YEAR] == [
        "line 5: Turku (Finland) – Gothenburg (Sweden) [established '19x5']"
    ]
    text = report.as_text()
    assert "rows skipped" in text and "e.g. line 17: Savannah (Georgia)" in text


def test_generic_file_creates_the_places_and_partnerships(directory):
    import_twin_towns(GENERIC)

    kyoto, paris = place("Kyoto", "JP"), place("Paris", "FR")
    assert (kyoto.kind, kyoto.latitude, kyoto.longitude) == (
        PlaceKind.CITY,
        Decimal("35.01160"),
        Decimal("135.76810"),
    )
    assert kyoto.slug == "kyoto-jp" and kyoto.is_published and kyoto.published_at
    kyoto_paris = pair(kyoto, paris)
    assert kyoto_paris.name == "Kyoto–Paris"
    assert kyoto_paris.kind == PartnershipKind.SISTER_CITY
    assert str(kyoto_paris.established) == "1958"
    assert kyoto_paris.established_on_precision == "year"
    assert (
        Partnership.objects.filter(members__place=kyoto).filter(members__place=paris).count() == 1
    )

    # Homonyms: the region in the cell and the coordinates pick the right Izumi.
    bloomington = place("Bloomington", "US")
    assert pair(directory["izumi_osaka"], bloomington).established_on.year == 1962
    assert pair(directory["izumi_kagoshima"], place("Chengdu", "CN"))
    assert Place.objects.filter(name="Izumi").count() == 2

    # Countries: in the cell, parts of the UK, "Georgia (country)", a misspelling.
    assert pair(place("Varna", "BG"), place("Rostock", "DE"))
    assert pair(place("Glasgow", "GB"), place("Turin", "IT"))
    assert pair(place("Oxford", "GB"), place("Bonn", "DE"))
    assert pair(place("Tbilisi", "GE"), place("Atlanta", "US"))
    assert pair(place("Patras", "GR"), place("Reading", "GB"))
    assert place("Glasgow", "GB").alternate_names.get().name == "Glasgow, Scotland"
    bochum_oviedo = pair(place("Bochum", "DE"), place("Oviedo", "ES"))
    assert bochum_oviedo.kind == PartnershipKind.FRIENDSHIP_CITY
    bochum_citation = Citation.objects.get(place__name="Bochum")
    assert bochum_citation.is_inferred and "Germnay" in bochum_citation.note

    # A region named with its kind word matches the prefecture; a county is created.
    assert pair(directory["osaka_prefecture"], place("Shanghai", "CN"))
    assert place("Miami-Dade County", "US").kind == PlaceKind.COUNTY
    assert pair(place("Miami-Dade County", "US"), kyoto).kind == PartnershipKind.SISTER_CITY

    # Skipped rows leave no trace.
    assert not Place.objects.filter(name__in=["Atlantis City", "Nienburg", "Savannah", "Prizren"])
    assert Partnership.objects.count() == 13


def test_matching_uses_identifiers_and_alternate_names(directory):
    before = Partnership.objects.count()
    report = import_twin_towns(GENERIC)

    # "KÖLN" is Cologne's alternate name Köln; "Ōsaka-shi" is Osaka by its Wikidata id.
    assert report.partnerships_matched == 1
    assert Partnership.objects.count() == before + 12
    assert not Place.objects.filter(name__in=["KÖLN", "Ōsaka-shi"]).exists()
    assert directory["osaka_cologne"].citations.get().source_id == report.source_pk


def test_every_record_used_is_cited_by_the_import_source(directory):
    report = import_twin_towns(GENERIC, source_title="Sister cities of the test suite")

    source = Source.objects.get(pk=report.source_pk)
    assert source.kind == SourceKind.DATASET
    assert source.slug == "sister-cities-of-the-test-suite"
    assert source.is_published
    partnerships = Partnership.objects.filter(citations__source=source)
    assert partnerships.count() == 13
    places = Place.objects.filter(citations__source=source)
    assert places.count() == 25  # 20 created and 5 matched
    assert not Place.objects.filter(name="Kagoshima Prefecture", citations__source=source)
    page = Source.objects.get(url="https://example.org/kyoto-paris")
    assert page.kind == SourceKind.WEB_PAGE
    assert page.citations.get().partnership.name == "Kyoto–Paris"
    assert report.citations_created == 13 + 25 + 1
    assert report.sources_created == 2


def test_wikipedia_source_credits_wikipedia_and_openstreetmap():
    report = import_twin_towns(WIKIPEDIA)

    source = Source.objects.get(pk=report.source_pk)
    assert source.title == (
        "Wikipedia: List of twin towns and sister cities (via Hekman/twincities)"
    )
    assert source.url == "https://github.com/Hekman/twincities"
    assert "CC BY-SA 4.0" in source.note and "ODbL" in source.note
    assert source.language == "en"


def test_wikipedia_file_recovers_countries_and_tells_homonyms_apart():
    report = import_twin_towns(WIKIPEDIA)

    assert report.rows_read == 12
    assert dict(report.skipped.counts) == {SKIP_SELF: 1, NOT_ISO: 1}
    assert report.partnerships_created == 9
    assert report.partnerships_merged == 1
    assert report.places_created == 18
    assert report.accounted
    assert report.warnings.counts[WARN_OUTSIDE] == 2  # Birmingham (US) and Perth (GB)
    assert report.warnings.counts[WARN_FROM_CELL] == 1

    izumis = Place.objects.filter(name="Izumi", country="JP")
    assert sorted(izumis.values_list("alternate_names__name", flat=True)) == [
        "Izumi, Kagoshima",
        "Izumi, Osaka",
    ]
    newports = Place.objects.filter(name="Newport", country="GB")
    assert sorted(newports.values_list("alternate_names__name", flat=True)) == [
        "Newport, England",
        "Newport, Wales",
    ]
    assert pair(place("Akhmeta", "GE"), place("Velké Meziříčí", "CZ"))
    assert pair(place("Patras", "GR"), place("Reading", "GB"))
    assert pair(place("Ningbo", "CN"), place("Varna", "BG"))
    # Coordinates on another continent are dropped, not stored.
    assert place("Birmingham", "US").latitude is None
    assert place("Perth", "GB").latitude is None
    assert place("Perth", "AU").latitude == Decimal("-31.95580")
    assert not Place.objects.filter(name="Nienburg").exists()

    # A later list names one Izumi without its region: the coordinates decide.
    later = io.StringIO(
        "place,country,partner_place,partner_country,lat,lng\n"
        "Izumi,Japan,Chengdu,China,34.48,135.42\n"
    )
    report = import_twin_towns(later)
    izumi_osaka = Place.objects.get(alternate_names__name="Izumi, Osaka")
    assert report.places_created == 0 and report.partnerships_created == 1
    assert pair(izumi_osaka, place("Chengdu", "CN"))


def test_a_cell_naming_another_country_is_kept_as_a_region():
    report = import_twin_towns(
        io.StringIO(
            "place,country,partner_place,partner_country\n"
            '"Athens, Georgia",United States,Athens,Greece\n'
        )
    )
    assert report.warnings.counts[WARN_CELL_CONFLICT] == 1
    athens = place("Athens", "US")
    assert athens.alternate_names.get().name == "Athens, Georgia"
    assert pair(athens, place("Athens", "GR"))


def test_dates_and_identifiers_in_rows(directory):
    report = import_twin_towns(
        io.StringIO(
            "place,country,partner_place,partner_country,established,wikidata,partner_wikidata\n"
            "Kyoto,Japan,Boston,United States,1959,Q34600,\n"
            "Boston,United States,Kyoto,Japan,1960,,\n"
            "Osaka,Japan,Cologne,Germany,1980,,\n"
            "Nara,Japan,Gyeongju,South Korea,,QX1,\n"
        )
    )
    assert report.warnings.counts == {
        WARN_OTHER_YEAR: 1,
        WARN_KEPT_DATE: 1,
        WARN_IDENTIFIER: 1,
    }
    assert str(pair(place("Kyoto", "JP"), place("Boston", "US")).established) == "1959"
    directory["osaka_cologne"].refresh_from_db()
    assert directory["osaka_cologne"].established is None  # curated records are not changed
    assert place("Kyoto", "JP").identifiers.get().value == "Q34600"
    assert report.identifiers_created == 1
    assert not place("Nara", "JP").identifiers.exists()


# Idempotency, dry runs and atomicity


@pytest.mark.parametrize("path", [GENERIC, WIKIPEDIA])
def test_running_the_same_file_twice_creates_nothing_new(directory, path):
    first = import_twin_towns(path)
    after_first = counts()

    second = import_twin_towns(path)

    assert counts() == after_first
    assert second.places_created == second.partnerships_created == 0
    assert second.citations_created == second.sources_created == 0
    assert second.alternate_names_created == 0
    assert second.partnerships_matched == first.partnerships_created + first.partnerships_matched
    assert second.places_matched == first.places_created + first.places_matched
    assert dict(second.skipped.counts) == dict(first.skipped.counts)


def test_dry_run_writes_nothing_and_reports_the_same(directory):
    before = counts()

    dry = import_twin_towns(GENERIC, dry_run=True)

    assert counts() == before
    assert dry.dry_run and "dry run" in dry.as_text()
    real = import_twin_towns(GENERIC)
    assert dry.summary_lines() == real.summary_lines()
    assert dict(dry.skipped.counts) == dict(real.skipped.counts)


def test_a_failure_on_a_row_leaves_nothing_written(directory, monkeypatch):
    before = counts()
    original = TwinTownImport.link_row
    calls = []

    def fail_on_row_eight(self, item, *args):
        calls.append(item.row.line)
        if len(calls) == 8:
            raise RuntimeError("the disk is full")
        return original(self, item, *args)

    monkeypatch.setattr(TwinTownImport, "link_row", fail_on_row_eight)
    with pytest.raises(RuntimeError, match="the disk is full"):
        import_twin_towns(GENERIC)
    assert counts() == before


def test_a_failure_after_places_were_written_leaves_nothing_written(directory, monkeypatch):
    before = counts()
    written = []

    def fail(self):
        written.append(Place.objects.count())
        raise RuntimeError("connection lost")

    monkeypatch.setattr(DirectoryWriter, "write_citations", fail)
    with pytest.raises(RuntimeError, match="connection lost"):
        import_twin_towns(GENERIC, batch_size=3)
    assert written == [before["places"] + 20]  # the places were in before it failed
    assert counts() == before


def test_records_can_be_imported_as_drafts(directory):
    import_twin_towns(GENERIC, status=PublicationStatus.DRAFT)
    kyoto = place("Kyoto", "JP")
    assert kyoto.publication_status == PublicationStatus.DRAFT and kyoto.published_at is None
    assert not pair(kyoto, place("Paris", "FR")).is_published
    assert directory["osaka"].is_published  # matched records are left as they were


# Layouts and the command


def test_unknown_layouts_and_missing_columns_are_refused():
    with pytest.raises(FileFormatError, match="Unknown layout"):
        import_twin_towns(io.StringIO("a,b,c\n1,2,3\n"))
    with pytest.raises(FileFormatError, match="partner_country"):
        import_twin_towns(
            io.StringIO("place,country,partner_place\nA,Japan,B\n"), format_name="generic-csv"
        )
    with pytest.raises(FileFormatError, match="UTF-8"):
        import_twin_towns(io.BytesIO("place;country\nKöln".encode("latin-1")))


def test_generic_headers_accept_common_aliases_and_semicolons():
    report = import_twin_towns(
        io.StringIO("City;Country;Partner;Partner country;Year\nKyoto;Japan;Boston;USA;1959\n")
    )
    assert report.partnerships_created == 1
    assert str(pair(place("Kyoto", "JP"), place("Boston", "US")).established) == "1959"


def test_command_prints_the_report_and_progress(directory):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_twin_towns", str(GENERIC), "--dry-run", stdout=out, stderr=err)
    assert "(dry run: nothing was saved)" in out.getvalue()
    assert "Skipped rows by reason:" in out.getvalue()
    assert "matching places: 21/21 (100%)" in err.getvalue()
    assert not Place.objects.filter(name="Kyoto").exists()

    call_command(
        "import_twin_towns",
        str(GENERIC),
        "--format",
        "generic-csv",
        stdout=out,
        stderr=io.StringIO(),
        source_title="Test list",
        source_url="https://example.org/",
    )
    assert Source.objects.get(slug="test-list").url == "https://example.org/"
    with pytest.raises(CommandError, match="Unknown layout"):
        call_command("import_twin_towns", str(RELATIONS), stdout=out, stderr=err)


def test_a_place_listed_with_and_without_its_region_is_settled_by_most_rows():
    """Lagoa (Algarve) and Lagoa (Azores), as the Wikipedia list gives them.

    The first row lists the Algarve town without a region; the second pairs it with the
    Azores town, which the list pins on the Algarve; later rows pin that one right.
    """
    rows = (
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Sainte-Thérèse,Canada,45.6343,-73.8362,Lagoa,Portugal,37.1326,-8.4551\n"
        '"Lagoa, Algarve",Portugal,37.1,-8.4667,Lagoa,"Azores, Portugal",37.1326,-8.4551\n'
        '"Lagoa, Azores",Portugal,37.7486,-25.5403,Fall River,United States,41.7011,-71.1546\n'
        '"Lagoa, Azores",Portugal,37.7486,-25.5403,Taunton,United States,41.9001,-71.0898\n'
    )
    report = import_twin_towns(io.StringIO(rows))

    assert report.partnerships_created == 4 and not report.skipped.counts
    algarve = Place.objects.get(alternate_names__name="Lagoa, Algarve")
    azores = Place.objects.get(alternate_names__name="Lagoa, Azores")
    assert (azores.latitude, azores.longitude) == (Decimal("37.74860"), Decimal("-25.54030"))
    assert pair(algarve, azores)
    assert pair(algarve, place("Sainte-Thérèse", "CA"))
    again = import_twin_towns(io.StringIO(rows))
    assert again.places_created == again.partnerships_created == 0


# Wikidata pairs


def test_wikidata_pairs_match_places_by_id_only(directory):
    report = import_wikidata_pairs(RELATIONS, NAMES)

    assert report.rows_read == 8
    assert report.partnerships_created == 1  # Osaka–Chicago
    assert report.partnerships_merged == 1  # Chicago–Osaka
    assert report.duplicate_rows == 1
    assert report.partnerships_matched == 1  # Osaka–Cologne was there
    assert dict(report.skipped.counts) == {
        SKIP_ONE: 1,
        SKIP_NEITHER: 1,
        WIKIDATA_SELF: 1,
        SKIP_BAD_LINE: 1,
    }
    assert report.accounted
    assert report.skipped.examples[SKIP_ONE] == ["line 4: Q90 (Paris) – Q35765 (Osaka)"]
    assert report.warnings.counts[WARN_MISSING] == 2
    assert report.warnings.examples[WARN_MISSING][0] == "Q90 (Paris): in 2 line(s)"
    assert report.places_created == 0
    assert not Place.objects.filter(name__in=["Paris", "Berlin"]).exists()

    osaka_chicago = pair(directory["osaka"], directory["chicago"])
    source = Source.objects.get(pk=report.source_pk)
    assert "CC0" in source.note and source.kind == SourceKind.DATASET
    assert osaka_chicago.citations.get().source == source
    assert directory["osaka_cologne"].citations.get().source == source
    assert directory["chicago"].citations.filter(source=source).exists()


def test_wikidata_import_is_idempotent_and_dry_runs(directory):
    before = counts()
    import_wikidata_pairs(RELATIONS, NAMES, dry_run=True)
    assert counts() == before
    import_wikidata_pairs(RELATIONS, NAMES)
    after = counts()
    second = import_wikidata_pairs(RELATIONS, NAMES)
    assert counts() == after
    assert second.partnerships_created == 0 and second.partnerships_matched == 2

    out = io.StringIO()
    call_command(
        "import_wikidata_pairs",
        str(RELATIONS),
        str(NAMES),
        "--dry-run",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "one of the two places is not in the directory" in out.getvalue()


# The admin flow


def import_url():
    return reverse("admin:agreements_source_import_twin_towns")


def upload(client, path=GENERIC, **fields):
    data = {
        "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv"),
        "format": "auto",
        "source_title": "",
        "source_url": "",
        "status": PublicationStatus.PUBLISHED,
        "upload": "Check",
        **fields,
    }
    return client.post(import_url(), data)


@pytest.mark.parametrize("who", ["Reviewers", "superuser"])
def test_admin_upload_dry_run_then_confirm(client, directory, who):
    if who == "superuser":
        user = User.objects.create_superuser("root", "root@example.org", "a-long-password")
    else:
        user = make_staff(who)
    client.force_login(user)
    changelist = client.get(reverse("admin:agreements_source_changelist"))
    assert import_url() in changelist.content.decode()
    assert client.get(import_url()).status_code == 200
    before = counts()

    response = upload(client)

    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run and report.partnerships_created == 12
    assert counts() == before
    page = response.content.decode()
    assert "Skipped rows, by reason" in page and "line 17: Savannah (Georgia)" in page

    done = client.post(import_url(), {"token": response.context["token"], "confirm": "Import"})

    assert done.status_code == 200
    assert not done.context["report"].dry_run
    assert Partnership.objects.count() == before["partnerships"] + 12
    kyoto = place("Kyoto", "JP")
    assert kyoto.is_published
    assert kyoto.history.get().history_user == user
    assert done.context["source"].citations.count() == 13 + 25
    # The upload is used once.
    again = client.post(import_url(), {"token": response.context["token"], "confirm": "Import"})
    assert again.status_code == 302
    assert Partnership.objects.count() == before["partnerships"] + 12


def test_admin_upload_reports_a_bad_file(client):
    client.force_login(make_staff("Reviewers"))
    response = upload(client, path=RELATIONS)
    assert response.status_code == 200
    assert "Unknown layout" in response.content.decode()
    assert "report" not in response.context


def test_admin_cancel_discards_the_upload(client):
    client.force_login(make_staff("Reviewers"))
    token = upload(client).context["token"]
    assert client.post(import_url(), {"token": token, "cancel": "Cancel"}).status_code == 302
    assert client.post(import_url(), {"token": token, "confirm": "Import"}).status_code == 302
    assert not Place.objects.filter(name="Kyoto").exists()


def test_editors_import_drafts_only(client):
    client.force_login(make_staff("Editors"))
    form = client.get(import_url()).context["form"]
    assert PublicationStatus.PUBLISHED not in dict(form.fields["status"].choices)
    assert upload(client).context["form"].errors["status"]
    response = upload(client, status=PublicationStatus.DRAFT)
    client.post(import_url(), {"token": response.context["token"], "confirm": "Import"})
    assert place("Kyoto", "JP").publication_status == PublicationStatus.DRAFT


def test_only_staff_allowed_to_add_records_reach_the_import(client):
    member = User.objects.create_user("visitor", password="a-long-test-password")
    client.force_login(member)
    response = client.get(import_url())
    assert response.status_code == 302 and "login" in response.url
    assert upload(client).status_code == 302
    assert not Place.objects.filter(name="Kyoto").exists()

    client.force_login(make_staff("Viewers"))
    assert client.get(import_url()).status_code == 403
    assert upload(client).status_code == 403
