"""Draft creation from a reviewed proposal: one transaction, nothing duplicated."""

from unittest import mock

import pytest

from agreements.models import Agreement, AgreementRelation, Citation, Signatory, Source
from agreements.tests.factory import make_agreement
from assistant.drafts import create_drafts
from assistant.proposal import (
    Match,
    Proposal,
    ProposedAgreement,
    ProposedOrganization,
    ProposedParty,
    ProposedPerson,
    ProposedPlace,
    ProposedSignatory,
)
from partnerships.models import Organization, OrganizationName, Person, Place, Position
from partnerships.tests.factory import make_organization, make_place

pytestmark = pytest.mark.django_db

TEXT = "Oulu and Sendai sign a memorandum of understanding on health technology ..."


def proposal(**changes) -> Proposal:
    values = {
        "title": "Oulu and Sendai sign an MOU",
        "language": "en",
        "published_on": "2025-01-14",
        "places": [
            ProposedPlace("Oulu", kind="city", country="FI"),
            ProposedPlace("Sendai", kind="city", country="JP", native_name="仙台市"),
        ],
        "organizations": [
            ProposedOrganization("Business Oulu", kind="economic_development", place="Oulu"),
            ProposedOrganization(
                "Sendai Innovation Hub", kind="innovation_hub", place="Sendai", abbreviation="SIH"
            ),
        ],
        "people": [
            ProposedPerson("Jaana Virtanen", titles=["Director"], organization="Business Oulu"),
            ProposedPerson("Kenji Sato", titles=["Mayor of Sendai"]),
        ],
        "agreements": [
            ProposedAgreement(
                "Memorandum of understanding between Oulu and Sendai",
                kind="memorandum_of_understanding",
                signed_on="2025-01-14",
                valid_until="2030",
                signed_at="Sendai City Hall",
                parties=[
                    ProposedParty(organization="Business Oulu", place="Oulu", country="FI"),
                    ProposedParty(place="Sendai", country="JP"),
                ],
                signatories=[
                    ProposedSignatory("Jaana Virtanen", "Director", "Business Oulu"),
                    ProposedSignatory("Kenji Sato", "Mayor", "Sendai"),
                ],
                focus_areas=["healthcare", "health-it"],
            )
        ],
    }
    return Proposal(**{**values, **changes})


def test_everything_is_created_as_a_draft_citing_one_source_holding_the_text():
    result = create_drafts(proposal(), text=TEXT, file_name="oulu-sendai.txt")

    source = result.source
    assert (source.text, source.file_name, str(source.published)) == (
        TEXT,
        "oulu-sendai.txt",
        "14 January 2025",
    )
    assert {record.publication_status for record in result.created} == {"draft"}
    agreement = Agreement.objects.get()
    assert (
        agreement.kind,
        agreement.signed.isoformat(),
        agreement.valid_until_date.isoformat(),
    ) == (
        "memorandum_of_understanding",
        "2025-01-14",
        "2030",
    )
    assert agreement.signed_venue == "Sendai City Hall"
    assert sorted(agreement.focus_areas.values_list("slug", flat=True)) == [
        "health-it",
        "healthcare",
    ]
    parties = {str(party.organization or party.place) for party in agreement.parties.all()}
    assert parties == {"Business Oulu", "Sendai (JP)"}
    signed_for = {
        s.person.name: str(s.party.organization or s.party.place) for s in Signatory.objects.all()
    }
    assert signed_for == {"Jaana Virtanen": "Business Oulu", "Kenji Sato": "Sendai (JP)"}
    assert Position.objects.get(person__name="Jaana Virtanen").organization.name == "Business Oulu"
    assert Place.objects.get(name="Sendai").native_name == "仙台市"
    for record in result.created:
        citation = Citation.objects.filter(source=source, **{record._meta.model_name: record})
        assert citation.exists(), record


def test_running_the_same_release_twice_creates_nothing_new():
    create_drafts(proposal(), text=TEXT)
    counts = [model.objects.count() for model in (Place, Organization, Person, Agreement, Source)]
    again = create_drafts(proposal(), text=TEXT)
    assert [m.objects.count() for m in (Place, Organization, Person, Agreement, Source)] == counts
    assert again.created == []


def test_existing_records_are_reused_by_match_name_alternate_name_or_abbreviation():
    oulu = make_place("Oulu", country="FI")
    sendai = make_place("Sendai", country="JP")
    business_oulu = make_organization("BusinessOulu", place=oulu)
    OrganizationName.objects.create(organization=business_oulu, name="Business Oulu", language="en")
    hub = make_organization("Sendai Innovation Hub Corporation", abbreviation="SIH", place=sendai)
    changed = proposal()
    changed.places[0].match = Match(source="directory", label="Oulu (FI)", pk=oulu.pk)
    changed.organizations[1].name = "Sendai Hub"  # only the abbreviation matches

    result = create_drafts(changed, text=TEXT)

    assert Place.objects.count() == 2 and Organization.objects.count() == 2
    assert {oulu, sendai, business_oulu, hub} <= set(result.reused)
    assert not ({oulu, sendai, business_oulu, hub} & set(result.created))


def test_a_renewal_is_linked_to_the_earlier_agreement():
    earlier = make_agreement("Memorandum of understanding between Oulu and Sendai 2019")
    renewal = proposal().agreements[0]
    renewal.title, renewal.kind = "Renewed memorandum between Oulu and Sendai", "renewal"
    renewal.renews_or_implements, renewal.relation_kind = "Oulu and Sendai 2019", "renews"

    create_drafts(proposal(agreements=[renewal]), text=TEXT)

    relation = AgreementRelation.objects.get()
    assert (relation.to_agreement, relation.kind) == (earlier, "renews")


def test_a_new_place_without_a_country_is_left_out_and_said_so():
    result = create_drafts(proposal(places=[ProposedPlace("Atlantis")], agreements=[]), text=TEXT)
    assert not Place.objects.filter(name="Atlantis").exists()
    assert "Atlantis: a new place needs its country" in result.summary()


def test_a_failure_half_way_leaves_nothing_written():
    with (
        mock.patch(
            "assistant.drafts.Signatory.objects.create", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        create_drafts(proposal(), text=TEXT)
    for model in (Source, Place, Organization, Person, Agreement, Citation):
        assert not model.objects.exists(), model
