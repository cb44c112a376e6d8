"""The extract_release command and matching proposals to existing records."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assistant.extraction import extract
from assistant.matching import match_proposal
from partnerships.models import OrganizationName, PersonName, PlaceName
from partnerships.models.common import PublicationStatus
from partnerships.tests.factory import make_organization, make_person, make_place

# The real releases stay outside the repository (their prose is not ours to publish).
SEED = str(settings.SEED_RELEASES_DIR / "002_038d2977880ba5bb.txt")
DATE = (str, type(None))


def run(*args) -> str:
    out = StringIO()
    call_command("extract_release", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestCommandJson:
    @pytest.mark.seed_releases
    def test_shape_is_exactly_the_issue_s(self):
        """Keys and value types as issue #10 fixes them; extra keys are allowed."""
        data = json.loads(run(SEED))
        assert {"agreements", "places", "organizations", "people"} <= set(data)
        kinds = {
            "sister_city",
            "friendship_city",
            "memorandum_of_understanding",
            "letter_of_intent",
            "cooperation_agreement",
            "partnership_agreement",
            "renewal",
            "other",
        }
        assert data["agreements"]
        for agreement in data["agreements"]:
            assert isinstance(agreement["title"], str) and agreement["kind"] in kinds
            for key in ("signed_on", "valid_from", "valid_until"):
                value = agreement[key]
                assert value is None or (isinstance(value, str) and len(value) in (4, 7, 10))
            assert isinstance(agreement["signed_at"], DATE)
            for party in agreement["parties"]:
                assert {"organization", "place", "country"} <= set(party)
                assert party["country"] is None or len(party["country"]) == 2
            for signatory in agreement["signatories"]:
                assert isinstance(signatory["name"], str)
                assert isinstance(signatory["title"], DATE) and isinstance(
                    signatory["organization"], DATE
                )
            assert all(isinstance(slug, str) for slug in agreement["focus_areas"])
            assert isinstance(agreement["renews_or_implements"], DATE)
        for place in data["places"]:
            assert isinstance(place["name"], str) and isinstance(place["kind"], str)
            assert isinstance(place["native_name"], DATE)
            assert isinstance(place["country"], str) and len(place["country"]) == 2
        for org in data["organizations"]:
            assert isinstance(org["name"], str) and isinstance(org["kind"], str)
            assert isinstance(org["place"], DATE)
        for person in data["people"]:
            assert isinstance(person["name"], str)
            assert all(isinstance(title, str) for title in person["titles"])
        assert data["agreements"][0]["signed_on"] == "2014-05-07"

    @pytest.mark.seed_releases
    def test_text_summary(self):
        out = run(SEED, "--format", "text")
        assert "Memorandum of understanding" in out and "Deval Patrick" in out

    def test_date_resolves_relative_dates(self, tmp_path):
        release = tmp_path / "r.txt"
        release.write_text(
            "Oulu and Sendai today signed a cooperation agreement.", encoding="utf-8"
        )
        data = json.loads(run(str(release), "--date", "2025-01-14"))
        assert data["agreements"][0]["signed_on"] == "2025-01-14"


@pytest.mark.django_db
class TestCommandErrors:
    def test_missing_file(self):
        with pytest.raises(CommandError, match="No such file"):
            run("/nonexistent/release.txt")

    def test_undecodable_bytes(self, tmp_path):
        release = tmp_path / "r.txt"
        release.write_bytes(b"Osaka \xff\xfe signed")
        with pytest.raises(CommandError, match="not UTF-8"):
            run(str(release))

    def test_empty_text(self, tmp_path):
        release = tmp_path / "r.txt"
        release.write_text("  \n\n", encoding="utf-8")
        with pytest.raises(CommandError, match="empty"):
            run(str(release))

    def test_bad_date(self, tmp_path):
        release = tmp_path / "r.txt"
        release.write_text("Oulu and Sendai signed an agreement.", encoding="utf-8")
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            run(str(release), "--date", "May 2014")


@pytest.mark.django_db
class TestMatching:
    def test_existing_records_by_name_alternate_name_and_abbreviation(self):
        """Case- and accent-blind; drafts count as existing records too."""
        dusseldorf = make_place(
            "Düsseldorf", country="DE", publication_status=PublicationStatus.DRAFT
        )
        PlaceName.objects.create(place=dusseldorf, name="Dusseldorf", language="en")
        chamber = make_organization(
            "Industrie- und Handelskammer zu Düsseldorf", abbreviation="IHK Düsseldorf"
        )
        OrganizationName.objects.create(
            organization=chamber,
            name="Chamber of Commerce and Industry of Düsseldorf",
            language="en",
        )
        hub = make_organization("Osaka Innovation Hub", abbreviation="OIH")
        person = make_person("Betsy Ziegler")
        kuroiwa = make_person("Yuji Kuroiwa")
        PersonName.objects.create(person=kuroiwa, name="Yuki Kuroiwa", language="en")

        proposal = match_proposal(
            extract(
                "The Chamber of Commerce and Industry of Dusseldorf met the Osaka Innovation Hub "
                "in Dusseldorf. "
                "The event was led by Betsy Ziegler, CEO of 1871, and Governor Yuki Kuroiwa."
            )
        )
        places = {p.name: p.match for p in proposal.places}
        assert (
            places["Düsseldorf"].pk == dusseldorf.pk and places["Düsseldorf"].source == "directory"
        )
        people = {p.name: p.match for p in proposal.people}
        assert people["Betsy Ziegler"].pk == person.pk
        assert people["Yuki Kuroiwa"].pk == kuroiwa.pk
        org_matches = {o.match.pk for o in proposal.organizations if o.match}
        assert {chamber.pk, hub.pk} <= org_matches

    def test_abbreviation_matches_existing_organization(self):
        hub = make_organization("Osaka Innovation Hub", abbreviation="OIH")
        proposal = match_proposal(
            extract("Chicago’s partners and the Osaka Innovation Hub signed.")
        )
        assert proposal.organizations[0].match.pk == hub.pk

    def test_unknown_places_fall_back_to_the_gazetteer(self):
        proposal = match_proposal(extract("Oulu and Sendai signed a cooperation agreement."))
        oulu = next(p for p in proposal.places if p.name == "Oulu")
        assert oulu.match.source == "gazetteer"
        assert oulu.match.geonames_id == 643492
        assert round(oulu.match.latitude) == 65

    def test_place_in_another_country_does_not_match(self):
        make_place("Sendai", country="FI")
        proposal = match_proposal(
            extract("Oulu and Sendai in Japan signed a cooperation agreement.")
        )
        sendai = next(p for p in proposal.places if p.name == "Sendai")
        assert sendai.match.source == "gazetteer"


@pytest.mark.django_db
def test_create_drafts_stores_the_proposal_and_keeps_stdout_json(tmp_path):
    from agreements.models import Agreement, Source

    release = tmp_path / "oulu-sendai.txt"
    release.write_text(
        "Oulu, 14 January 2025 - The City of Oulu and the City of Sendai today signed a "
        "cooperation agreement on health technology.",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    call_command("extract_release", str(release), "--create-drafts", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["agreements"]
    assert "draft record(s) created" in err.getvalue()
    assert Source.objects.get().file_name == "oulu-sendai.txt"
    assert Agreement.objects.get().publication_status == "draft"
    # A second run reuses everything.
    call_command("extract_release", str(release), "--create-drafts", stdout=StringIO(), stderr=err)
    assert Agreement.objects.count() == 1 and Source.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "release",
    sorted(
        path
        for path in (settings.BASE_DIR / "assistant" / "evaluation" / "releases").iterdir()
        if path.suffix != ".json"
    ),
    ids=lambda path: path.name,
)
def test_every_own_release_comes_out_in_the_issue_s_shape(release):
    from assistant.evaluation.shape import shape_errors

    data = json.loads(run(str(release)))
    assert shape_errors(data) == []
    assert data["agreements"], "each release of the set signs something"
