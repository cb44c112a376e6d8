"""manage.py generate_directory: synthetic data, deterministic, valid, beside the real data."""

import datetime
from collections import Counter
from io import StringIO

import pycountry
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils.html import escape

from agreements.management.commands.generate_directory import Command
from agreements.models import Agreement, AgreementParty, Citation, Signatory, Source
from agreements.synthetic import SYNTHETIC_PUBLISHER, Sizes, katakana
from partnerships.models import (
    Organization,
    Partnership,
    PartnershipMember,
    Person,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
)
from partnerships.models.partnerships import member_key_for

pytestmark = pytest.mark.django_db

SMALL = {"places": 50, "organizations": 20, "people": 30, "agreements": 100}


def generate(**options):
    call_command("generate_directory", verbosity=0, **{**SMALL, **options})


def synthetic(model):
    return model.objects.filter(slug__startswith="syn-")


class _Undo(Exception):
    """Raised to roll back a generated directory after reading it."""


def fingerprint_of_run(**options) -> dict:
    """Generate, read the fingerprint, and roll the generated rows back."""
    try:
        with transaction.atomic():
            generate(**options)
            result = fingerprint()
            raise _Undo
    except _Undo:
        return result


def fingerprint() -> dict:
    """The synthetic records by slug, without database ids (they differ between runs)."""
    return {
        "places": sorted(
            synthetic(Place).values_list(
                "slug", "name", "native_name", "kind", "country", "parent__slug", "latitude"
            )
        ),
        "place names": sorted(
            PlaceName.objects.filter(place__slug__startswith="syn-").values_list(
                "place__slug", "language", "name"
            )
        ),
        "organizations": sorted(
            synthetic(Organization).values_list("slug", "name", "kind", "place__slug")
        ),
        "positions": sorted(
            Position.objects.filter(person__slug__startswith="syn-").values_list(
                "person__slug", "organization__slug", "title", "started_on"
            )
        ),
        "partnerships": sorted(
            synthetic(Partnership).values_list("slug", "name", "kind", "established_on")
        ),
        "agreements": sorted(
            synthetic(Agreement).values_list(
                "slug", "title", "title_original", "kind", "signed_on", "valid_until"
            )
        ),
        "parties": sorted(
            AgreementParty.objects.filter(agreement__slug__startswith="syn-").values_list(
                "agreement__slug", "place__slug", "organization__slug", "role"
            ),
            key=str,
        ),
        "signatories": sorted(
            Signatory.objects.filter(agreement__slug__startswith="syn-").values_list(
                "agreement__slug", "person__slug", "title"
            )
        ),
        "focus areas": sorted(
            Agreement.focus_areas.through.objects.filter(
                agreement__slug__startswith="syn-"
            ).values_list("agreement__slug", "focusarea__slug")
        ),
        "citations": sorted(
            Citation.objects.filter(source__slug__startswith="syn-").values_list(
                "source__slug", "agreement__slug", "partnership__slug"
            ),
            key=str,
        ),
    }


def test_counts_are_as_asked():
    generate()
    assert synthetic(Place).count() == 50
    assert synthetic(Organization).count() == 20
    assert synthetic(Person).count() == 30
    assert synthetic(Agreement).count() == 100
    assert synthetic(Partnership).count() == Sizes(**SMALL).partnerships
    assert synthetic(Source).count() == Sizes(**SMALL).sources
    assert Citation.objects.filter(agreement__slug__startswith="syn-").count() == 100


def test_zero_of_everything_generates_nothing():
    generate(places=0, organizations=0, people=0, agreements=0)
    assert not synthetic(Place).exists()
    assert not synthetic(Source).exists()


def test_same_seed_gives_the_same_directory_whatever_the_batch_size():
    first = fingerprint_of_run(seed=7)
    assert first["agreements"] and first["places"]
    assert fingerprint_of_run(seed=7, batch_size=13) == first
    assert fingerprint_of_run(seed=8)["agreements"] != first["agreements"]


def test_agreements_have_parties_signatories_focus_areas_and_one_source():
    generate()
    agreements = synthetic(Agreement).prefetch_related(
        "parties", "signatories__party", "focus_areas", "citations__source"
    )
    for agreement in agreements:
        parties = list(agreement.parties.all())
        assert 2 <= len(parties) <= 4, agreement.slug
        assert all((p.place_id is None) != (p.organization_id is None) for p in parties)
        signatories = list(agreement.signatories.all())
        assert 1 <= len(signatories) <= 2, agreement.slug
        for signatory in signatories:
            assert signatory.party.agreement_id == agreement.pk
            assert signatory.party.role == "signing_party"
        assert len({s.person_id for s in signatories}) == len(signatories)
        assert 1 <= len(agreement.focus_areas.all()) <= 3
        [citation] = agreement.citations.all()
        assert citation.source.publisher == SYNTHETIC_PUBLISHER
        assert citation.source.kind in {"dataset", "press_release"}


def normalised(value, precision) -> bool:
    if value is None:
        return precision == ""
    if precision == "year":
        return (value.month, value.day) == (1, 1)
    if precision == "month":
        return value.day == 1
    return precision == "day"


def test_partial_dates_are_normalised_and_validity_is_ordered():
    generate(agreements=300)
    rows = list(
        synthetic(Agreement).values_list(
            "signed_on",
            "signed_on_precision",
            "valid_from",
            "valid_from_precision",
            "valid_until",
            "valid_until_precision",
        )
    )
    for signed, signed_p, start, start_p, until, until_p in rows:
        assert normalised(signed, signed_p)
        assert normalised(start, start_p)
        assert normalised(until, until_p)
        if start and until:
            assert until >= start
    for model, fields in (
        (Partnership, ("established_on", "ended_on")),
        (Source, ("published_on",)),
    ):
        for record in synthetic(model):
            for name in fields:
                assert normalised(getattr(record, name), getattr(record, f"{name}_precision"))
    for position in Position.objects.filter(person__slug__startswith="syn-"):
        assert normalised(position.started_on, position.started_on_precision)
        assert normalised(position.ended_on, position.ended_on_precision)
        if position.ended_on:
            assert position.ended_on >= position.started_on
    precisions = Counter(signed_p for _signed, signed_p, *_rest in rows)
    assert precisions["day"] > precisions["month"] > precisions["year"] > 0
    assert any(until for *_first, until, _p in rows)


def test_records_pass_model_validation():
    """full_clean checks choices, country codes, lengths and the models' own rules."""
    generate()
    for model in (Place, Organization, Person, Partnership, Agreement, Source):
        for record in synthetic(model):
            record.full_clean()
    for model, lookup in (
        (PlaceName, "place"),
        (PlaceIdentifier, "place"),
        (Position, "person"),
        (PartnershipMember, "partnership"),
        (AgreementParty, "agreement"),
        (Signatory, "agreement"),
    ):
        for row in model.objects.filter(**{f"{lookup}__slug__startswith": "syn-"}):
            row.full_clean()


def test_places_partnerships_and_publication():
    generate(places=400, organizations=100, people=100, agreements=50)
    places = list(synthetic(Place).select_related("parent"))
    codes = {country.alpha_2 for country in pycountry.countries}
    assert len({p.country for p in places}) == Sizes(places=400).countries == 80
    assert all(p.country in codes for p in places)
    kinds = Counter(p.kind for p in places)
    assert kinds["city"] > len(places) / 2
    assert kinds["prefecture"] + kinds["state"] + kinds["province"] + kinds["region"] > 0
    for place in places:
        assert (place.latitude is None) == (place.longitude is None)
        if place.parent:
            assert place.parent.country == place.country
            assert place.parent.kind in {"prefecture", "state", "province", "region"}
    assert any(not p.native_name.isascii() for p in places if p.native_name)
    languages = set(PlaceName.objects.filter(place__in=places).values_list("language", flat=True))
    assert languages == {"de", "ja", "en"}

    for partnership in synthetic(Partnership).prefetch_related("members"):
        members = list(partnership.members.all())
        assert len(members) == 2 and all(m.place_id for m in members)
        assert partnership.member_key == member_key_for(members)

    for model in (Place, Organization, Person, Partnership, Agreement, Source):
        assert not synthetic(model).exclude(publication_status="published").exists()
        assert not synthetic(model).filter(published_at__isnull=True).exists()


def test_real_data_is_untouched():
    call_command("load_directory", verbosity=0)
    models = [
        model
        for app in ("partnerships", "agreements")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    before = {model: list(model.objects.order_by("pk").values()) for model in models}
    generate()
    for model, rows in before.items():
        if model.__name__.startswith("Historical"):  # bulk inserts write no history
            assert list(model.objects.order_by("pk").values()) == rows, model
            continue
        old = model.objects.filter(pk__in=[row[model._meta.pk.attname] for row in rows])
        assert list(old.order_by("pk").values()) == rows, model
    # And the generated records only point at each other.
    assert (
        not AgreementParty.objects.filter(agreement__slug__startswith="syn-")
        .exclude(place__slug__startswith="syn-")
        .exclude(organization__slug__startswith="syn-")
        .exists()
    )


def test_generated_records_show_on_the_public_pages(client):
    call_command("load_directory", verbosity=0)
    generate()
    response = client.get("/agreements/")
    assert response.status_code == 200
    first_page = Agreement.objects.published().for_directory()[:25]
    shown = [agreement for agreement in first_page if agreement.slug.startswith("syn-")]
    assert shown
    content = response.content.decode()
    assert all(escape(agreement.title) in content for agreement in shown)
    for model in (Agreement, Place, Organization, Person, Partnership, Source):
        record = synthetic(model).order_by("pk").first()
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200, record.get_absolute_url()


def test_refuses_to_generate_twice():
    generate()
    with pytest.raises(CommandError, match="already holds synthetic"):
        generate()


@pytest.mark.parametrize(
    "options",
    [
        {"places": -1},
        {"organizations": -5},
        {"people": -1},
        {"agreements": -100},
        {"batch_size": 0},
        {"places": 1, "organizations": 0},
    ],
)
def test_bad_arguments_are_command_errors(options):
    with pytest.raises(CommandError):
        generate(**options)
    assert not synthetic(Place).exists()


def test_help_explains_the_options():
    text = Command().create_parser("manage.py", "generate_directory").format_help()
    for option in ("--places", "--organizations", "--people", "--agreements", "--seed"):
        assert option in text
    assert "--batch-size" in text
    assert "syn-" in text and SYNTHETIC_PUBLISHER in text


def test_progress_goes_to_stderr():
    stdout, stderr = StringIO(), StringIO()
    call_command("generate_directory", **SMALL, batch_size=40, stdout=stdout, stderr=stderr)
    progress = stderr.getvalue().splitlines()
    assert any(line.startswith("places") and "50/50" in line for line in progress)
    # One line per batch of 40 agreements.
    assert [line.split()[2] for line in progress if line.startswith("agreements")] == [
        "40/100",
        "80/100",
        "100/100",
    ]
    assert stdout.getvalue().startswith("Generated 50 places")


def test_verbosity_0_is_silent():
    stdout, stderr = StringIO(), StringIO()
    call_command("generate_directory", **SMALL, verbosity=0, stdout=stdout, stderr=stderr)
    assert stdout.getvalue() == stderr.getvalue() == ""
    assert synthetic(Agreement).count() == 100


def test_katakana():
    assert katakana("Sendai") == "センダイ"
    assert katakana("Düsseldorf") == "ドゥッセルドルフ"
    assert katakana("Saint-Cassoluel") == "サイント・カッソルエル"


def test_dates_stay_in_the_past_of_the_reference_day():
    generate()
    assert not synthetic(Agreement).filter(signed_on__gt=datetime.date(2025, 6, 30)).exists()


def test_the_planner_learns_about_the_new_rows():
    """Without fresh statistics PostgreSQL plans for empty tables until autovacuum runs."""
    generate()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ANALYZE records its row estimate in pg_class.reltuples (-1: never analyzed).
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'agreements_agreement'")
            assert cursor.fetchone()[0] >= SMALL["agreements"]
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'agreements_agreement'")
            assert cursor.fetchone() is not None
