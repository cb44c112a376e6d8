import pytest
from django.db import connection

from agreements.models import Agreement
from agreements.tests.factory import make_agreement
from partnerships.models import Organization, Place, PlaceName
from partnerships.search import clean_query
from partnerships.tests.factory import make_organization, make_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    cologne = make_place("Cologne", country="DE", native_name="Köln")
    osaka = make_place("Osaka", native_name="大阪市")
    essen = make_place("Essen", country="DE")
    dusseldorf = make_place("Düsseldorf", country="DE")
    PlaceName.objects.create(place=essen, name="Essen an der Ruhr", language="de")
    make_place("Osaka Prefecture", native_name="大阪府", kind="prefecture")
    return {"cologne": cologne, "osaka": osaka, "essen": essen, "dusseldorf": dusseldorf}


def names(queryset):
    return [record.name for record in queryset]


def test_native_name_finds_the_english_record(places):
    """'Köln' finds Cologne and '大阪' finds Osaka."""
    assert names(Place.objects.search("Köln")) == ["Cologne"]
    assert names(Place.objects.search("大阪")) == ["Osaka", "Osaka Prefecture"]


def test_alternate_names_are_searched(places):
    assert names(Place.objects.search("an der Ruhr")) == ["Essen"]


def test_exact_name_ranks_first(places):
    assert names(Place.objects.search("osaka"))[0] == "Osaka"


def test_agreement_search_covers_titles_and_summaries(places):
    """Every word must match somewhere; an agreement matching one word is left out."""
    make_agreement("Absichtserklärung NRW–Tokyo", summary="Supports startups in both regions.")
    make_agreement("Sister-city affiliation", summary="Culture and startups.")

    assert [a.title for a in Agreement.objects.search("startups regions")] == [
        "Absichtserklärung NRW–Tokyo"
    ]


def test_organization_abbreviation_is_searched():
    make_organization("Osaka Innovation Hub", abbreviation="OIH")

    assert names(Organization.objects.search("oih")) == ["Osaka Innovation Hub"]


def test_empty_or_hostile_input_finds_nothing_and_never_fails(places):
    assert names(Place.objects.search("")) == []
    assert names(Place.objects.search("   ")) == []
    assert names(Place.objects.search("'; DROP TABLE partnerships_place; --")) == []
    assert names(Place.objects.search("\x00Essen")) == ["Essen"]
    assert Place.objects.count() == 5


def test_clean_query_limits_length_and_strips_nul():
    assert clean_query("  a\x00b   c ") == "a b c"
    assert len(clean_query("x" * 1000)) == 200


def test_postgresql_forgives_accents_and_typos(places):
    """On PostgreSQL, accents and typos are forgiven; SQLite needs the exact letters."""
    if connection.vendor != "postgresql":
        assert names(Place.objects.search("Dusseldorf")) == []
        return
    assert names(Place.objects.search("Dusseldorf")) == ["Düsseldorf"]
    assert "Cologne" in names(Place.objects.search("Colgne"))


def test_word_starts_in_summaries_match_and_query_syntax_is_only_text(places):
    make_agreement("Letter of intent", summary="Joint work on service robotics.")

    assert [a.title for a in Agreement.objects.search("robot")] == ["Letter of intent"]
    # Characters that mean something to LIKE are searched as text, not as wildcards...
    for wildcard in ("100%", "_", "\\"):
        assert Agreement.objects.search(wildcard).count() == 0
    # ...and to_tsquery syntax never reaches PostgreSQL as syntax (it would raise).
    for syntax in ("robot & !(", "rob:* | x", "'", "<->"):
        Agreement.objects.search(syntax).count()


@pytest.mark.parametrize(
    ("model", "text", "index"),
    [
        (Place, "Dusseldorf", "partnerships_place_name_unaccent_trgm"),
        (Place, "Colgne", "partnerships_place_name_unaccent_trgm"),
        (Agreement, "robotics", "agreement_search_gin"),
        (Agreement, "Tokyo", "agreements_agreement_title_unaccent_trgm"),
    ],
)
def test_postgresql_answers_search_from_its_indexes(places, model, text, index):
    """The search's SQL must match the indexed expressions, or every search reads every row."""
    if connection.vendor != "postgresql":
        pytest.skip("The search indexes exist on PostgreSQL only.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: force the choice
    assert index in model.objects.search(text).explain()


def test_unaccented_iexact_matches_whole_names_blind_to_case_and_accents(places):
    """Used to match a press release's names to records, on both databases."""
    assert names(Place.objects.filter(name__unaccented_iexact="DUSSELDORF")) == ["Düsseldorf"]
    assert names(Place.objects.filter(native_name__unaccented_iexact="köln")) == ["Cologne"]
    for wildcard in ("dussel%", "_ssen", "Essen%"):
        assert not Place.objects.filter(name__unaccented_iexact=wildcard).exists()
