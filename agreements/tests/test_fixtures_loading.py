"""Loading the curated release files: repeatable, fully cited, all or nothing."""

import datetime
import re
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from agreements.models import (
    Agreement,
    AgreementParty,
    Citation,
    Mission,
    Participant,
    Signatory,
    Source,
)
from partnerships.models import Person, Place, Position

CITED_MODELS = [
    ("partnerships", "Place"),
    ("partnerships", "Organization"),
    ("partnerships", "Person"),
    ("partnerships", "Partnership"),
    ("agreements", "Agreement"),
    ("agreements", "Mission"),
]


def row_counts() -> dict[str, int]:
    """Count the rows of every model of both apps, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("partnerships", "agreements")
        for model in apps.get_app_config(app).get_models()
    }


class LoadTwiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_directory", verbosity=0)

    def test_second_load_creates_and_changes_nothing(self):
        """make run loads the fixtures on every start; a repeat must not duplicate or touch rows."""
        before = row_counts()
        call_command("load_directory", verbosity=0)
        self.assertEqual(row_counts(), before)

    def test_reload_reports_every_row_unchanged(self):
        out = StringIO()
        call_command("load_releases", stdout=out)
        lines = out.getvalue().splitlines()
        releases = list((settings.FIXTURE_DIRS[0] / "releases").glob("*.yaml"))
        self.assertEqual(len(lines), 1 + len(releases))  # places.yaml, then each release
        self.assertTrue(all("0 new, 0 changed, 0 removed" in line for line in lines), lines)

    def test_reload_restores_a_fixture_record_edited_in_the_database(self):
        Agreement.objects.filter(slug="1871-oih-mou-2018").update(signed_venue="Elsewhere")
        call_command("load_releases", verbosity=0)
        self.assertEqual(
            Agreement.objects.get(slug="1871-oih-mou-2018").signed_venue, "Osaka City Hall"
        )

    def test_every_published_record_cites_a_source(self):
        """Visitors must be able to trace every published record to a release."""
        for app_label, model_name in CITED_MODELS:
            model = apps.get_model(app_label, model_name)
            uncited = model.objects.published().filter(citations__isnull=True)
            self.assertFalse(uncited.exists(), f"uncited {model_name}: {list(uncited)}")
            self.assertTrue(model.objects.published().exists())

    def test_every_position_party_signatory_and_participant_cites_a_source(self):
        for model in (Position, AgreementParty, Signatory, Participant):
            self.assertFalse(model.objects.filter(citations__isnull=True).exists(), model)

    def test_every_inferred_citation_says_how(self):
        self.assertFalse(Citation.objects.filter(is_inferred=True, note="").exists())

    def test_sources_say_which_publisher_or_date_is_inferred_and_how(self):
        provenance = {
            source.file_name[:3]: (
                source.is_publisher_inferred,
                source.is_date_inferred,
                bool(source.note),
            )
            for source in Source.objects.all()
        }
        self.assertEqual(
            provenance,
            {
                "000": (True, True, True),  # no byline, no date
                "001": (False, False, False),  # "Source: Higashiosaka City", "October 2023"
                "002": (True, False, True),  # dated; publisher read from the photo credit
                "003": (True, True, True),  # no byline, no date
                "004": (True, False, True),  # dated 17.01.2025; no publisher named
            },
        )

    def test_inference_notes_stay_off_the_publisher_citations(self):
        """An inferred publisher or date is the source's own note, not a citation of it."""
        for source in Source.objects.exclude(note=""):
            citation = Citation.objects.get(
                source=source, organization=source.publisher_organization
            )
            self.assertNotIn(source.note, citation.note)

    def test_one_source_per_release(self):
        self.assertEqual(
            sorted(Source.objects.values_list("file_name", flat=True)),
            [
                "000_95fa7161aed92843.txt",
                "001_eda15af35b747787.txt",
                "002_038d2977880ba5bb.txt",
                "003_7777f5732622fa34.txt",
                "004_5d86f7c02c616070.txt",
            ],
        )


class ConstraintValidationTests(TestCase):
    """The loader validates every row with full_clean(), constraints included."""

    def test_a_fresh_load_logs_no_database_error_from_constraint_checks(self):
        """PostgreSQL used to fail on the partial-date CHECKs evaluated from Python.

        Django then logs "Got a database error calling check()" and lets the row through;
        assertNoLogs works with or without pytest's logging plugin.
        """
        with self.assertNoLogs("django.db.models", level="WARNING"):
            call_command("load_releases", verbosity=0)
        self.assertTrue(Source.objects.exists())

    def test_partial_date_constraints_are_evaluated_in_python(self):
        undated = Source(slug="undated", title="T", language="en")
        with self.assertNoLogs("django.db.models", level="WARNING"):
            undated.validate_constraints()  # NULL dates once broke EXTRACT on PostgreSQL
        misdated = Source(
            slug="misdated",
            title="T",
            language="en",
            published_on=datetime.date(2018, 5, 7),  # not the first day of the year
            published_on_precision="year",
        )
        with (
            self.assertNoLogs("django.db.models", level="WARNING"),
            self.assertRaisesMessage(ValidationError, "source_published_on_year_starts_in_january"),
        ):
            misdated.validate_constraints()


@pytest.fixture
def fixture_copy(tmp_path):
    """A writable copy of fixtures/ to break in one place."""
    target = tmp_path / "fixtures"
    shutil.copytree(settings.FIXTURE_DIRS[0], target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    pytest.param(
        "releases/002-massachusetts-kanagawa.yaml",
        "for: kanagawa-jp",
        "for: kanagwa-jp",
        "signatories[yuji-kuroiwa].for: 'kanagwa-jp' is not a party of this agreement",
        id="unknown-party",
    ),
    pytest.param(
        "releases/003-nrw-tokyo.yaml",
        "      - place: krefeld-de",
        "      - place: krefeld",
        "parties[krefeld].place: unknown place 'krefeld'",
        id="unknown-slug",
    ),
    pytest.param(
        "releases/004-oulu-sendai.yaml",
        'signed: "2025-01-14"',
        'signed: "14.01.2025"',
        "oulu-sendai-cooperation-contract-2025].signed: '14.01.2025' is not a date",
        id="bad-date",
    ),
    pytest.param(
        "releases/004-oulu-sendai.yaml",
        'valid_until: "2030"',
        'valid_until: "2020"',
        "An agreement cannot expire before it takes effect",
        id="model-validation",
    ),
    pytest.param(
        "releases/000-chicago-osaka-1871-oih.yaml",
        "    title: Mayor of Chicago\n",
        "    titel: Mayor of Chicago\n",
        "unknown key(s) titel",
        id="unknown-key",
    ),
    pytest.param(
        "releases/001-higashiosaka-ihk-duesseldorf.yaml",
        "    - higashiosaka-jp\n",
        "",
        "place 'higashiosaka-jp' is used here but 001-higashiosaka-ihk-duesseldorf.yaml "
        "neither declares nor cites it",
        id="uncited-place",
    ),
    pytest.param(
        "releases/000-chicago-osaka-1871-oih.yaml",
        "    kind: memorandum_of_understanding\n",
        "    kind: memorandum_of_understanding\n    kind: memorandum\n",
        "the key 'kind' appears twice",
        id="duplicate-key",
    ),
    pytest.param(
        "releases/001-higashiosaka-ihk-duesseldorf.yaml",
        '  published: "2023-10"\n',
        '  published: "2023-10"\n  published_inferred: true\n',
        "an inferred publisher or date needs an inference_note",
        id="inferred-source-without-note",
    ),
    pytest.param(
        "releases/002-massachusetts-kanagawa.yaml",
        "      - name: Yuki Kuroiwa\n        language: en\n",
        "      - name: Yuki Kuroiwa\n        language: en\n        valid_from: May 2014\n",
        "people[yuji-kuroiwa].alternate_names[Yuki Kuroiwa].valid_from: 'May 2014' is not a date",
        id="bad-alternate-name",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_a_broken_file_names_the_problem_and_changes_nothing(fixture_copy, file, old, new, message):
    """An error anywhere rolls back the whole load, even rows written before it."""
    call_command("load_releases", verbosity=0)
    # A change the loader writes early, before it reaches the broken entry.
    edit(fixture_copy / "places.yaml", "name: Oulu\n", "name: Oulu (changed)\n")
    edit(fixture_copy / file, old, new)
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command("load_releases", dir=str(fixture_copy), verbosity=0)
    assert file in str(error.value)
    assert message in str(error.value)
    assert row_counts() == before
    assert Place.objects.get(slug="oulu-fi").name == "Oulu"


@pytest.mark.django_db
def test_an_entry_removed_from_a_file_is_removed_from_the_database(fixture_copy):
    """The files are the truth for the records they declare: no stale rows survive."""
    call_command("load_releases", verbosity=0)
    edit(
        fixture_copy / "releases/003-nrw-tokyo.yaml",
        "      - person: andre-boschem\n        role: speaker\n",
        "      - person: andre-boschem\n        role: witness\n",
    )
    call_command("load_releases", dir=str(fixture_copy), verbosity=0)
    roles = Participant.objects.filter(person__slug="andre-boschem").values_list("role", flat=True)
    assert sorted(roles) == ["attendee", "witness"]


@pytest.mark.django_db
def test_alternate_names_a_file_drops_are_removed(fixture_copy):
    """Person and mission alternate names follow the file like every other child row."""
    call_command("load_releases", verbosity=0)
    governor = Person.objects.get(slug="yuji-kuroiwa")
    mission = Mission.objects.get(slug="massachusetts-asia-innovation-partnership-mission-2013")
    assert governor.alternate_names.count() == 1
    assert mission.alternate_names.count() == 2
    release = fixture_copy / "releases/002-massachusetts-kanagawa.yaml"
    text = release.read_text(encoding="utf-8")
    person_names = re.search(
        r"    alternate_names:\n      - name: Yuki Kuroiwa\n(?:        .*\n)+", text
    )
    edit(release, person_names.group(), "")
    edit(
        release, "      - name: Massachusetts-Asia Partnership Mission\n", "      - name: Dropped\n"
    )
    out = StringIO()
    call_command("load_releases", dir=str(fixture_copy), stdout=out)
    assert not governor.alternate_names.exists()
    assert set(mission.alternate_names.values_list("name", flat=True)) == {
        "Massachusetts-Japan Innovation Partnership Mission",
        "Dropped",
    }
    line = next(line for line in out.getvalue().splitlines() if "002-" in line)
    assert "1 new, 0 changed, 2 removed" in line, line


@pytest.mark.django_db
def test_check_mode_writes_nothing():
    call_command("load_releases", check=True, verbosity=0)
    assert not Place.objects.exists()
