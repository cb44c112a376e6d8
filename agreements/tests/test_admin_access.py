"""The curation admin around agreements: merging duplicates and the agreement form (issue 3)."""

import re
import warnings

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import (
    Citation,
    Mission,
    MissionKind,
    Participant,
    ParticipantRole,
)
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.models import Person, Place, PlaceName, Position
from partnerships.models.partnerships import member_key_for
from partnerships.tests.factory import (
    make_organization,
    make_partnership,
    make_person,
    make_place,
    make_staff,
    unique,
)

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def ask_to_merge(client, model, records):
    """Pick the merge action in the list: the admin answers with its confirmation page."""
    data = {"action": "merge_duplicates", "_selected_action": [r.pk for r in records]}
    return client.post(changelist(model), {**data, "index": 0})


def confirm_merge(client, model, records, survivor):
    """Submit the confirmation page's form, keeping ``survivor``."""
    data = {
        "action": "merge_duplicates",
        "_selected_action": [r.pk for r in records],
        "confirm": "yes",
        "survivor": survivor.pk,
    }
    return client.post(changelist(model), data, follow=True)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def exists(record):
    return type(record)._default_manager.filter(pk=record.pk).exists()


def test_merging_places_moves_every_link_to_the_survivor(client):
    """Staff fold a duplicate place into the one kept; nothing that pointed to it is lost."""
    cologne = make_place("Cologne", country="DE")
    koeln = make_place("Koeln", country="DE")
    kyoto = make_place("Kyoto")
    pair = make_partnership(places=[koeln, kyoto], name="Kyoto–Koeln")
    shared = make_agreement()  # both records were entered as parties of one agreement
    cologne_party = add_party(shared, place=cologne)
    koeln_party = add_party(shared, place=koeln)
    signatory = add_signatory(shared, koeln_party, title="Lord Mayor")
    party_citation = cite(make_source(), party=koeln_party)
    only_koeln = make_agreement(signed_place=koeln)
    add_party(only_koeln, place=koeln)
    chamber = make_organization("Chamber", place=koeln)
    district = make_place("Innenstadt", parent=koeln)
    PlaceName.objects.create(place=koeln, name="Colonia", language="es")
    citation = cite(make_source(), place=koeln)
    mission = Mission.objects.create(title="Visit", slug="visit", kind=MissionKind.OTHER)
    mission.destinations.add(koeln)
    client.force_login(make_staff("Reviewers"))

    response = ask_to_merge(client, Place, [cologne, koeln])
    assert response.status_code == 200
    assert "admin/merge_duplicates.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert f'name="survivor" value="{cologne.pk}"' in html
    assert f'name="survivor" value="{koeln.pk}"' in html
    assert exists(koeln), "the confirmation page must not merge yet"

    response = confirm_merge(client, Place, [cologne, koeln], survivor=cologne)
    assert response.redirect_chain[-1][0] == changelist(Place)
    assert shown_messages(response) == ["Merged 1 duplicate into “Cologne (DE)”."]
    assert not exists(koeln)
    pair.refresh_from_db()
    assert {m.place for m in pair.members.all()} == {cologne, kyoto}
    assert pair.member_key == member_key_for(pair.members.all())
    assert list(shared.parties.all()) == [cologne_party]
    signatory.refresh_from_db()
    assert (signatory.party, signatory.title) == (cologne_party, "Lord Mayor")
    party_citation.refresh_from_db()
    assert party_citation.party == cologne_party
    assert [p.place for p in only_koeln.parties.all()] == [cologne]
    only_koeln.refresh_from_db()
    assert only_koeln.signed_place == cologne
    chamber.refresh_from_db()
    district.refresh_from_db()
    citation.refresh_from_db()
    assert (chamber.place, district.parent, citation.place) == (cologne, cologne, cologne)
    assert set(cologne.alternate_names.values_list("name", flat=True)) == {"Colonia", "Koeln"}
    assert list(mission.destinations.all()) == [cologne]
    log = LogEntry.objects.get(object_id=str(cologne.pk))
    assert log.get_change_message() == "Merged 1 duplicate(s) into this record."


def test_a_merge_that_would_duplicate_a_partnership_changes_nothing(client):
    """A merge is all or nothing: if it would make two partnerships the same, none of it runs."""
    osaka, osaka_city, chicago = (
        make_place("Osaka"),
        make_place("Osaka City"),
        make_place("Chicago"),
    )
    make_partnership(places=[osaka, chicago], name="Osaka–Chicago")
    second = make_partnership(places=[osaka_city, chicago], name="Osaka City–Chicago")
    PlaceName.objects.create(place=osaka_city, name="大阪市", language="ja")
    ward = make_place("Kita", parent=osaka_city)
    party = add_party(make_agreement(), place=osaka_city)
    client.force_login(make_staff("Reviewers"))

    response = confirm_merge(client, Place, [osaka, osaka_city], survivor=osaka)
    assert response.status_code == 200
    [message] = shown_messages(response)
    assert message.startswith("These records cannot be merged")
    assert exists(osaka_city)
    assert {m.place for m in second.members.all()} == {osaka_city, chicago}
    ward.refresh_from_db()
    party.refresh_from_db()
    assert (ward.parent, party.place) == (osaka_city, osaka_city)
    assert list(osaka_city.alternate_names.values_list("name", flat=True)) == ["大阪市"]
    assert not osaka.alternate_names.exists()
    assert not LogEntry.objects.exists()


def test_a_merge_that_puts_a_place_inside_itself_changes_nothing(client):
    """The survivor cannot end up as its own parent."""
    ward, city = make_place("Kita"), make_place("Osaka")
    Place.objects.filter(pk=ward.pk).update(parent=city)
    client.force_login(make_staff("Reviewers"))
    response = confirm_merge(client, Place, [ward, city], survivor=ward)
    assert shown_messages(response)[0].startswith("These records cannot be merged")
    assert exists(city)
    ward.refresh_from_db()
    assert ward.parent == city


def test_a_merge_that_makes_a_cycle_of_places_changes_nothing(client):
    """No place may lie inside itself, not even through another place."""
    prefecture, duplicate = make_place("Osaka Prefecture"), make_place("Osaka-fu")
    city = make_place("Osaka", parent=duplicate)
    Place.objects.filter(pk=prefecture.pk).update(parent=city)
    client.force_login(make_staff("Reviewers"))
    confirm_merge(client, Place, [prefecture, duplicate], survivor=prefecture)
    assert exists(duplicate)
    city.refresh_from_db()
    assert city.parent == duplicate


@pytest.mark.parametrize("maker", [make_place, make_organization, make_person])
def test_editors_cannot_merge(client, maker):
    """Merging deletes records, so it needs the delete permission Editors lack."""
    first, second = maker("Twin"), maker("Twin")
    model = type(first)
    client.force_login(make_staff("Editors"))
    ask_to_merge(client, model, [first, second])
    confirm_merge(client, model, [first, second], survivor=first)
    assert exists(first)
    assert exists(second)
    assert 'value="merge_duplicates"' not in client.get(changelist(model)).content.decode()


def test_merging_people_moves_signatures_positions_and_participations(client):
    """A person entered twice becomes one, keeping every signature and title."""
    survivor, duplicate = make_person("Hirofumi Yoshimura"), make_person("H. Yoshimura")
    city_hall = make_organization("Osaka City Government")
    kept = Position.objects.create(person=survivor, organization=city_hall, title="Mayor")
    same_title = Position.objects.create(person=duplicate, organization=city_hall, title="Mayor")
    title_citation = cite(make_source(), position=same_title)
    governor = Position.objects.create(
        person=duplicate, organization=make_organization("Osaka Prefecture"), title="Governor"
    )
    agreement = make_agreement()
    signature = add_signatory(agreement, add_party(agreement, place=make_place()), duplicate)
    attendance = Participant.objects.create(
        agreement=make_agreement(), person=duplicate, role=ParticipantRole.WITNESS
    )
    mission = Mission.objects.create(title="Trip", slug="trip", kind=MissionKind.OTHER)
    mission.leaders.add(duplicate)
    client.force_login(make_staff("Reviewers"))

    assert ask_to_merge(client, Person, [survivor, duplicate]).status_code == 200
    response = confirm_merge(client, Person, [survivor, duplicate], survivor=survivor)
    assert shown_messages(response) == ["Merged 1 duplicate into “Hirofumi Yoshimura”."]
    assert not exists(duplicate)
    assert set(survivor.positions.all()) == {kept, governor}
    title_citation.refresh_from_db()
    assert title_citation.position == kept
    signature.refresh_from_db()
    attendance.refresh_from_db()
    assert (signature.person, attendance.person) == (survivor, survivor)
    assert list(mission.leaders.all()) == [survivor]


def party_choices(html, prefix):
    select = re.search(rf'<select name="signatories-{prefix}-party".*?</select>', html, re.S)
    assert select, f"no party select for signatories-{prefix}"
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select.group())}


def test_signatory_party_choices_are_the_agreements_own_parties(client):
    """A signatory signs for a party of the same agreement, so only those are offered."""
    agreement, other = make_agreement(), make_agreement()
    city = add_party(agreement, place=make_place())
    chamber = add_party(agreement, organization=make_organization())
    foreign = add_party(other, place=make_place())
    add_signatory(agreement, city)
    client.force_login(make_staff("Editors"))
    opts = agreement._meta
    html = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[agreement.pk])
    ).content.decode()
    assert party_choices(html, "0") == {city.pk, chamber.pk}
    assert party_choices(html, "__prefix__") == {city.pk, chamber.pk}
    assert foreign.pk not in party_choices(html, "__prefix__")
    add_page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert party_choices(add_page.content.decode(), "__prefix__") == set()


def _cite_mixed_records(source):
    """Cite one record of each kind whose name comes from a further related row."""
    agreement = make_agreement()
    party = add_party(agreement, organization=make_organization())
    position = Position.objects.create(
        person=make_person(), organization=make_organization(), title="Mayor"
    )
    cite(source, position=position)
    cite(source, party=party)
    cite(source, signatory=add_signatory(agreement, party))
    participant = Participant.objects.create(
        agreement=agreement, person=make_person(), role=ParticipantRole.SPEAKER
    )
    cite(source, participant=participant)


def test_citation_list_queries_do_not_grow_with_cited_records(client):
    """No N+1: citations of positions, parties, signatories and participants list cheaply."""
    client.force_login(make_staff("Viewers"))
    _cite_mixed_records(make_source())
    client.get(changelist(Citation))
    with CaptureQueriesContext(connection) as few:
        assert client.get(changelist(Citation)).status_code == 200
    for _ in range(8):
        _cite_mixed_records(make_source(title=unique("Source")))
    with CaptureQueriesContext(connection) as many:
        assert client.get(changelist(Citation)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_admin_forms_raise_no_deprecation_warning(client):
    """Every add form renders without deprecation warnings, ready for Django 6.0."""
    client.force_login(make_staff("Reviewers"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for model in admin.site._registry:
            opts = model._meta
            if opts.app_label in {"partnerships", "agreements"}:
                response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
                assert response.status_code == 200
    assert [str(warning.message) for warning in caught] == []
