"""The curation admin: who may see and change what, and the publication workflow (issue 3).

The permission matrix covers every model registered from both apps, so a new model
without a builder here fails the suite instead of escaping it.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Citation,
    FocusArea,
    Mission,
    MissionKind,
    MissionName,
    Participant,
    ParticipantRole,
    RelationKind,
    Signatory,
    Source,
)
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.admin import CuratedAdmin
from partnerships.dates import DatePrecision
from partnerships.models import (
    IdentifierScheme,
    Organization,
    OrganizationName,
    Partnership,
    PartnershipKind,
    PartnershipMember,
    PartnershipStage,
    Person,
    PersonName,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
    PublicationStatus,
)
from partnerships.tests.factory import (
    make_organization,
    make_partnership,
    make_person,
    make_place,
    make_staff,
    unique,
)

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
REGISTERED = sorted(
    (m for m in admin.site._registry if m._meta.app_label in {"partnerships", "agreements"}),
    key=lambda m: m._meta.label,
)
CURATED = [m for m in REGISTERED if isinstance(admin.site._registry[m], CuratedAdmin)]
# What each staff group may do: the business rule the data migration implements.
GROUP_ACTIONS = {
    "Editors": {"view", "add", "change"},
    "Reviewers": {"view", "add", "change", "delete", "publish"},
    "Viewers": {"view"},
}
PAGE_NEEDS = {
    "changelist": "view",
    "add": "add",
    "change": "view",
    "history": "view",
    "delete": "delete",
}


def _pair():
    return make_partnership(places=[make_place(), make_place()])


def _mission():
    mission = Mission.objects.create(
        title=unique("Mission"), slug=unique("mission"), kind=MissionKind.TRADE_MISSION
    )
    mission.destinations.add(make_place())
    mission.leaders.add(make_person())
    return mission


def _signatory():
    agreement = make_agreement()
    return add_signatory(agreement, add_party(agreement, organization=make_organization()))


# One existing record per registered model, its foreign keys filled in so that the
# changelists have related rows they must not fetch one by one.
BUILDERS = {
    Place: lambda: make_place(parent=make_place()),
    PlaceName: lambda: PlaceName.objects.create(
        place=make_place(), name=unique("Name"), language="de"
    ),
    PlaceIdentifier: lambda: PlaceIdentifier.objects.create(
        place=make_place(), scheme=IdentifierScheme.WIKIDATA, value=unique("Q")
    ),
    Organization: lambda: make_organization(place=make_place(), parent=make_organization()),
    OrganizationName: lambda: OrganizationName.objects.create(
        organization=make_organization(), name=unique("Name"), language="de"
    ),
    Person: make_person,
    PersonName: lambda: PersonName.objects.create(
        person=make_person(), name=unique("Name"), language="en"
    ),
    Position: lambda: Position.objects.create(
        person=make_person(), organization=make_organization(), title="Mayor"
    ),
    Partnership: _pair,
    PartnershipMember: lambda: _pair().members.first(),
    PartnershipStage: lambda: PartnershipStage.objects.create(
        partnership=_pair(),
        kind=PartnershipKind.FRIENDSHIP_CITY,
        began_on=datetime.date(1990, 1, 1),
        began_on_precision=DatePrecision.YEAR,
    ),
    Agreement: lambda: make_agreement(partnership=_pair(), signed_place=make_place()),
    AgreementParty: lambda: add_party(make_agreement(), place=make_place()),
    Signatory: _signatory,
    Participant: lambda: Participant.objects.create(
        agreement=make_agreement(),
        person=make_person(),
        role=ParticipantRole.WITNESS,
        organization=make_organization(),
    ),
    AgreementRelation: lambda: AgreementRelation.objects.create(
        from_agreement=make_agreement(), to_agreement=make_agreement(), kind=RelationKind.RENEWS
    ),
    FocusArea: lambda: FocusArea.objects.create(name=unique("Focus"), slug=unique("focus")),
    Mission: _mission,
    MissionName: lambda: MissionName.objects.create(
        mission=_mission(), name=unique("Name"), language="en"
    ),
    Source: lambda: make_source(publisher_organization=make_organization()),
    Citation: lambda: cite(make_source(), place=make_place()),
}


def build(model):
    assert model in BUILDERS, f"{model._meta.label} is registered in the admin but has no builder"
    return BUILDERS[model]()


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def page_urls(obj):
    pk = obj.pk
    pages = {"changelist": (), "add": (), "change": (pk,), "history": (pk,), "delete": (pk,)}
    return {page: url(type(obj), page, *args) for page, args in pages.items()}


class FormReader(HTMLParser):
    """Collect what a browser would submit from one form of a rendered admin page."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.in_form = form_id, False
        self.fields, self.options = {}, {}
        self.select = self.textarea = None
        self.multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = self.form_id(attrs.get("id") or "")
        name = attrs.get("name")
        if not self.in_form:
            return
        if tag == "option" and self.select:
            self.options[self.select].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.fields.setdefault(self.select, []).append(attrs.get("value", ""))
        elif not name or "__prefix__" in name:
            return
        elif tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            checkable = attrs.get("type") in {"checkbox", "radio"}
            if checkable and "checked" not in attrs:
                return
            value = attrs.get("value") or ("on" if checkable else "")
            self.fields.setdefault(name, []).append(value)
        elif tag == "select":
            self.select, self.multiple, self.options[name] = name, "multiple" in attrs, []
        elif tag == "textarea":
            self.textarea, self.fields[name] = name, [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            options = self.options[self.select]
            if self.select not in self.fields and options and not self.multiple:
                self.fields[self.select] = [options[0]]  # a browser sends the first option
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea][0] += data.removeprefix("\n")


def read_form(response, form_id=lambda form_id: form_id.endswith("_form")):
    """Return (fields, options) of the change form (or another form) on the page."""
    assert response.status_code == 200, response.status_code
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    return reader.fields, reader.options


def action_choices(client, model):
    _fields, options = read_form(
        client.get(url(model, "changelist")), form_id=lambda form_id: form_id == "changelist-form"
    )
    return set(options.get("action", []))


def form_errors(response):
    return list(response.context["errors"]) if response.context else response.status_code


# Permission matrix ---------------------------------------------------------------------


def test_every_registered_model_has_a_builder():
    """A model added to the admin must join the permission matrix, not escape it."""
    assert len(REGISTERED) >= 19
    missing = [m._meta.label for m in REGISTERED if m not in BUILDERS]
    assert not missing, f"add builders for {missing} to BUILDERS"


@pytest.mark.parametrize("group", sorted(GROUP_ACTIONS))
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_each_group_gets_exactly_the_pages_its_permissions_allow(client, model, group):
    """Viewers only look, Editors also add and change, Reviewers also delete."""
    obj = build(model)
    client.force_login(make_staff(group))
    allowed = GROUP_ACTIONS[group]
    responses = {page: client.get(address) for page, address in page_urls(obj).items()}
    expected = {page: 200 if needs in allowed else 403 for page, needs in PAGE_NEEDS.items()}
    assert {page: response.status_code for page, response in responses.items()} == expected
    # A view-only change page offers no save button; the others do.
    assert ('name="_save"' in responses["change"].content.decode()) == ("change" in allowed)
    if "change" not in allowed:
        assert client.post(page_urls(obj)["change"], {}).status_code == 403
    if "delete" not in allowed:
        assert client.post(page_urls(obj)["delete"], {"post": "yes"}).status_code == 403
        assert model._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_staff_in_no_group_gets_403_everywhere(client, model):
    """Being staff alone grants nothing: each record needs a group's permission."""
    obj = build(model)
    client.force_login(make_staff(None))
    for page, address in page_urls(obj).items():
        assert client.get(address).status_code == 403, page
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "permission to view or edit anything" in index.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "non-staff"])
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_visitors_are_sent_to_the_admin_login_and_see_no_data(
    client, django_user_model, model, who
):
    """Only staff get into the admin; everybody else lands on its login page."""
    obj = build(model)
    if who == "non-staff":
        client.force_login(django_user_model.objects.create_user("visitor", password="x" * 20))
    for page, address in page_urls(obj).items():
        response = client.get(address)
        assert response.status_code == 302, page
        assert response.url.startswith(f"{reverse('admin:login')}?next=")
        assert str(obj).encode() not in response.content
    data = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    assert client.post(url(model, "changelist"), data).status_code == 302
    assert model._default_manager.filter(pk=obj.pk).exists()


# Editors and the publication workflow ------------------------------------------------------


def test_editor_adds_a_place_as_a_draft_with_its_alternate_names(client):
    """Editors create records (with inline rows); a new record starts as a draft."""
    editor = make_staff("Editors")
    client.force_login(editor)
    fields, options = read_form(client.get(url(Place, "add")))
    assert options["publication_status"] == [DRAFT, PublicationStatus.REVIEW]
    assert fields["publication_status"] == [DRAFT]
    fields.update(name=["Cologne"], slug=["cologne"], kind=["city"], country=["DE"])
    fields.update(
        {
            "alternate_names-TOTAL_FORMS": ["1"],
            "alternate_names-0-name": ["Köln"],
            "alternate_names-0-language": ["de"],
        }
    )
    response = client.post(url(Place, "add"), fields)
    assert response.status_code == 302, form_errors(response)
    place = Place.objects.get(slug="cologne")
    assert place.publication_status == DRAFT
    assert [(n.name, n.language) for n in place.alternate_names.all()] == [("Köln", "de")]
    assert place.history.get().history_user == editor


def test_editor_cannot_publish_through_the_form(client):
    """Publishing is for Reviewers: the form refuses 'published' from an Editor."""
    client.force_login(make_staff("Editors"))
    fields, _options = read_form(client.get(url(Place, "add")))
    fields.update(name=["Bonn"], slug=["bonn"], kind=["city"], country=["DE"])
    fields["publication_status"] = [PUBLISHED]
    response = client.post(url(Place, "add"), fields)
    assert response.status_code == 200
    assert "publication_status" in response.context["adminform"].form.errors
    assert not Place.objects.filter(slug="bonn").exists()

    draft = make_place(publication_status=DRAFT)
    fields, _options = read_form(client.get(url(Place, "change", draft.pk)))
    fields["publication_status"] = [PUBLISHED]
    response = client.post(url(Place, "change", draft.pk), fields)
    assert response.status_code == 200
    assert "publication_status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.publication_status == DRAFT


def test_editor_changing_a_published_record_keeps_it_published(client):
    """An Editor may correct a published record but sees its status read-only."""
    place = make_place("Osaka", publication_status=PUBLISHED)
    client.force_login(make_staff("Editors"))
    response = client.get(url(Place, "change", place.pk))
    fields, options = read_form(response)
    assert "publication_status" not in options
    assert '<div class="readonly">published</div>' in response.content.decode()
    fields["name"] = ["Ōsaka"]
    fields["publication_status"] = [DRAFT]  # smuggled in: must be ignored
    response = client.post(url(Place, "change", place.pk), fields)
    assert response.status_code == 302, form_errors(response)
    place.refresh_from_db()
    assert (place.name, place.publication_status) == ("Ōsaka", PUBLISHED)


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_editors_get_no_publish_action_and_posting_it_does_nothing(client, model):
    """The publish and unpublish list actions need the publish permission."""
    record = build(model)
    model.objects.filter(pk=record.pk).update(publication_status=DRAFT)
    history_before = record.history.count()
    client.force_login(make_staff("Editors"))
    assert not action_choices(client, model) & {"publish", "unpublish"}
    data = {"action": "publish", "_selected_action": [record.pk], "index": 0}
    client.post(url(model, "changelist"), data)
    record.refresh_from_db()
    assert record.publication_status == DRAFT
    assert record.history.count() == history_before


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_reviewers_publish_and_unpublish_with_history(client, model):
    """Reviewers publish and unpublish selected records; each change is in the history."""
    records, bystander = [build(model), build(model)], build(model)
    model.objects.filter(pk__in=[r.pk for r in [*records, bystander]]).update(
        publication_status=DRAFT
    )
    history = {r.pk: r.history.count() for r in records}
    client.force_login(make_staff("Reviewers"))
    assert {"publish", "unpublish"} <= action_choices(client, model)
    selected = [r.pk for r in records]
    for action, status, step in (("publish", PUBLISHED, 1), ("unpublish", DRAFT, 2)):
        data = {"action": action, "_selected_action": selected, "index": 0}
        response = client.post(url(model, "changelist"), data, follow=True)
        assert f"2 records set to {PublicationStatus(status).label}." in response.content.decode()
        for record in records:
            record.refresh_from_db()
            assert record.publication_status == status
            assert record.history.count() == history[record.pk] + step
    bystander.refresh_from_db()
    assert bystander.publication_status == DRAFT


def test_history_page_shows_what_changed(client):
    """Staff can see who changed which field from what to what."""
    place = make_place("Koeln", country="DE")
    editor = make_staff("Editors", username="erika")
    client.force_login(editor)
    fields, _options = read_form(client.get(url(Place, "change", place.pk)))
    fields["name"] = ["Cologne"]
    assert client.post(url(Place, "change", place.pk), fields).status_code == 302
    client.force_login(make_staff("Viewers"))
    html = client.get(url(Place, "history", place.pk)).content.decode()
    assert re.search(r"<strong>Name:</strong>\s*Koeln\s*&nbsp;&rarr;&nbsp;&nbsp;Cologne\s", html)
    assert "erika" in html


def test_viewers_cannot_change_a_record_by_reverting_it(client):
    """View-only staff must not change records, including through the history's revert form."""
    place = make_place("Kyoto")
    first_version = place.history.get()
    Place.objects.filter(pk=place.pk).update(name="Kyōto")
    client.force_login(make_staff("Viewers"))
    revert_url = url(Place, "simple_history", place.pk, first_version.pk)
    fields, _options = read_form(client.get(revert_url))
    response = client.post(revert_url, fields)
    place.refresh_from_db()
    assert response.status_code == 403
    assert place.name == "Kyōto"


def test_editors_cannot_publish_by_reverting_to_a_published_version(client):
    """Only Reviewers publish; restoring an old published version is publishing too."""
    place = make_place("Nagoya", publication_status=PUBLISHED)
    published_version = place.history.get()
    client.force_login(make_staff("Reviewers"))
    data = {"action": "unpublish", "_selected_action": [place.pk], "index": 0}
    client.post(url(Place, "changelist"), data)
    client.force_login(make_staff("Editors"))
    revert_url = url(Place, "simple_history", place.pk, published_version.pk)
    fields, _options = read_form(client.get(revert_url))
    client.post(revert_url, fields)
    place.refresh_from_db()
    assert place.publication_status == DRAFT


# Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_admin_pages_take_a_fixed_number_of_queries(client, model, django_assert_max_num_queries):
    """No N+1: a changelist of 30 rows costs what one of 3 rows costs."""
    first = build(model)
    build(model), build(model)
    client.force_login(make_staff("Reviewers"))
    pages = [url(model, "changelist"), url(model, "change", first.pk)]
    counts = {}
    for rows in ("few", "many"):
        for address in pages:
            assert client.get(address).status_code == 200  # warm caches and the session
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            counts[rows, address] = len(queries.captured_queries)
        for _ in range(27) if rows == "few" else ():
            build(model)
    with django_assert_max_num_queries(counts["few", pages[0]]):
        response = client.get(pages[0])
    assert str(first) in response.content.decode()
    for address in pages:
        assert counts["many", address] == counts["few", address], address


# Partnerships ------------------------------------------------------------------------------


def _partnership_form(client, places, name):
    fields, _options = read_form(client.get(url(Partnership, "add")))
    fields.update(name=[name], slug=[unique("pair")], kind=[PartnershipKind.SISTER_CITY])
    for index, place in enumerate(places):
        fields[f"members-{index}-place"] = [str(place.pk)]
    return fields


def test_admin_refuses_a_second_partnership_between_the_same_places(client):
    """Osaka–Chicago and Chicago–Osaka are one partnership: the form says so, no 500."""
    osaka, chicago, hamburg = make_place("Osaka"), make_place("Chicago"), make_place("Hamburg")
    existing = make_partnership(places=[osaka, chicago], name="Osaka–Chicago")
    client.force_login(make_staff("Editors"))
    fields = _partnership_form(client, [chicago, osaka], "Chicago–Osaka")
    response = client.post(url(Partnership, "add"), fields)
    assert response.status_code == 200
    assert "These members already form the partnership “Osaka–Chicago”." in form_errors(response)
    assert list(Partnership.objects.all()) == [existing]
    assert PartnershipMember.objects.count() == 2

    # The same form with a new pair is accepted and keys the pair.
    response = client.post(
        url(Partnership, "add"), _partnership_form(client, [osaka, hamburg], "x")
    )
    assert response.status_code == 302, form_errors(response)
    created = Partnership.objects.exclude(pk=existing.pk).get()
    assert created.member_key == "-".join(sorted([f"p{osaka.pk}", f"p{hamburg.pk}"]))


def test_deleting_members_from_the_member_list_keeps_duplicates_out(client):
    """After removing a member in the member list, the pair it leaves is still unique."""
    osaka, chicago, hamburg = make_place("Osaka"), make_place("Chicago"), make_place("Hamburg")
    trio = make_partnership(places=[osaka, chicago, hamburg], name="Osaka–Chicago–Hamburg")
    client.force_login(make_staff("Reviewers"))
    hamburg_member = trio.members.get(place=hamburg)
    data = {"action": "delete_selected", "_selected_action": [hamburg_member.pk], "post": "yes"}
    assert client.post(url(PartnershipMember, "changelist"), data).status_code == 302
    assert set(trio.members.values_list("place", flat=True)) == {osaka.pk, chicago.pk}
    response = client.post(
        url(Partnership, "add"), _partnership_form(client, [osaka, chicago], "x")
    )
    assert response.status_code == 200
    assert Partnership.objects.count() == 1
