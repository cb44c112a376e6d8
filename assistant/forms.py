"""The assistant's admin forms: the release to read, and the proposal to review.

The review page shows every proposed item as one form of a formset, with an
"include" box, its fields editable, the sentence it came from and what it matched.
An agreement's parties and signatories are edited as lines of text ("Business Oulu |
Oulu | FI"), which keeps the page one flat form; ``proposal_from_forms`` turns the
confirmed forms back into a Proposal for draft creation.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agreements.models import AgreementKind, FocusArea
from agreements.models.agreements import PartyRole
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
from partnerships.dates import PartialDate
from partnerships.models import OrganizationKind, PlaceKind
from partnerships.models.common import country_choices

MAX_RELEASE_BYTES = 1_000_000
RELEASE_SUFFIXES = (".txt", ".md", ".html", ".htm")
LINE_SEPARATOR = "|"


class PartialDateField(forms.CharField):
    """A date as far as it is known: "2014-05-07", "2014-05" or "2014"; cleans to that
    partial ISO string, or None when empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        try:
            return PartialDate.parse(value).isoformat()
        except (ValueError, TypeError) as error:
            raise ValidationError(
                _("Write a date as 2014-05-07, 2014-05 or 2014, not %(value)s."),
                params={"value": value},
            ) from error


class ReleaseForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the release"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text=_("Paste plain text, Markdown or HTML, in English, German or Japanese."),
    )
    file = forms.FileField(
        label=_("…or upload it"),
        required=False,
        help_text=_("A .txt, .md or .html file of at most 1 MB, in UTF-8."),
    )
    published_on = PartialDateField(
        label=_("Published on"),
        help_text=_(
            "The release's own date, when its text does not give it: 2014-05-07, 2014-05 "
            "or 2014. It resolves 'today' or 'this past July'."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload:
            if not upload.name.lower().endswith(RELEASE_SUFFIXES):
                raise ValidationError(_("Upload a .txt, .md or .html file."))
            if upload.size > MAX_RELEASE_BYTES:
                raise ValidationError(_("The file is larger than 1 MB."))
            try:
                cleaned_data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ValidationError(_("The file is not UTF-8 text.")) from error
            cleaned_data["file_name"] = upload.name
        else:
            cleaned_data["file_name"] = ""
        text = (cleaned_data.get("text") or "").replace("\x00", "")
        if not text.strip():
            raise ValidationError(_("Paste the release's text or upload its file."))
        cleaned_data["text"] = text
        return cleaned_data


class ReleaseContextForm(forms.Form):
    """What the review page carries over from the first step, unchanged."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title of the source"), max_length=400)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("de", "Deutsch"), ("ja", "日本語")]
    )
    published_on = PartialDateField(
        label=_("Published"), help_text=_("2014-05-07, 2014-05 or 2014")
    )


class ItemForm(forms.Form):
    """One proposed item: whether to keep it, its evidence and what it matched."""

    include = forms.BooleanField(label=_("include"), required=False, initial=True)
    evidence = forms.CharField(widget=forms.HiddenInput, required=False)
    match_pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    match_label = forms.CharField(widget=forms.HiddenInput, required=False)
    match_source = forms.CharField(widget=forms.HiddenInput, required=False)

    def match(self) -> Match | None:
        data = self.cleaned_data
        if not data.get("match_source"):
            return None
        return Match(source=data["match_source"], label=data["match_label"], pk=data["match_pk"])

    @staticmethod
    def initial_for(item) -> dict:
        match = getattr(item, "match", None)  # agreements are never matched
        return {
            "evidence": item.evidence,
            "match_pk": match.pk if match else None,
            "match_label": match.label if match else "",
            "match_source": match.source if match else "",
        }


class PlaceForm(ItemForm):
    name = forms.CharField(label=_("name"), max_length=300)
    native_name = forms.CharField(label=_("native name"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=PlaceKind.choices)
    country = forms.ChoiceField(label=_("country"), choices=[("", "—"), *country_choices()])
    latitude = forms.FloatField(widget=forms.HiddenInput, required=False)
    longitude = forms.FloatField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_from(cls, place: ProposedPlace) -> dict:
        match = place.match
        return {
            **cls.initial_for(place),
            "name": place.name,
            "native_name": place.native_name or "",
            "kind": place.kind,
            "country": place.country or "",
            "latitude": match.latitude if match else None,
            "longitude": match.longitude if match else None,
        }

    def item(self) -> ProposedPlace:
        data = self.cleaned_data
        match = self.match()
        if match and data.get("latitude") is not None:
            match.latitude, match.longitude = data["latitude"], data["longitude"]
        return ProposedPlace(
            name=data["name"],
            kind=data["kind"],
            country=data["country"] or None,
            native_name=data["native_name"] or None,
            evidence=data["evidence"],
            match=match,
        )


class OrganizationForm(ItemForm):
    name = forms.CharField(label=_("name"), max_length=300)
    abbreviation = forms.CharField(label=_("abbreviation"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=OrganizationKind.choices)
    place = forms.CharField(label=_("place"), max_length=300, required=False)

    @classmethod
    def initial_from(cls, organization: ProposedOrganization) -> dict:
        return {
            **cls.initial_for(organization),
            "name": organization.name,
            "abbreviation": organization.abbreviation or "",
            "kind": organization.kind,
            "place": organization.place or "",
        }

    def item(self) -> ProposedOrganization:
        data = self.cleaned_data
        return ProposedOrganization(
            name=data["name"],
            kind=data["kind"],
            place=data["place"] or None,
            abbreviation=data["abbreviation"] or None,
            evidence=data["evidence"],
            match=self.match(),
        )


class PersonForm(ItemForm):
    name = forms.CharField(label=_("name"), max_length=300)
    titles = forms.CharField(
        label=_("titles"), max_length=600, required=False, help_text=_("Separated by ;")
    )
    organization = forms.CharField(label=_("organization"), max_length=300, required=False)

    @classmethod
    def initial_from(cls, person: ProposedPerson) -> dict:
        return {
            **cls.initial_for(person),
            "name": person.name,
            "titles": "; ".join(person.titles),
            "organization": person.organization or "",
        }

    def item(self) -> ProposedPerson:
        data = self.cleaned_data
        return ProposedPerson(
            name=data["name"],
            titles=[title.strip() for title in data["titles"].split(";") if title.strip()],
            organization=data["organization"] or None,
            evidence=data["evidence"],
            match=self.match(),
        )


def split_line(line: str, width: int) -> list[str]:
    cells = [cell.strip() for cell in line.split(LINE_SEPARATOR)]
    return (cells + [""] * width)[:width]


class AgreementForm(ItemForm):
    title = forms.CharField(label=_("title"), max_length=400)
    kind = forms.ChoiceField(label=_("kind"), choices=AgreementKind.choices)
    signed_on = PartialDateField(label=_("signed"))
    valid_from = PartialDateField(label=_("valid from"))
    valid_until = PartialDateField(label=_("valid until"))
    signed_at = forms.CharField(label=_("venue"), required=False, max_length=300)
    signed_remotely = forms.BooleanField(label=_("signed remotely"), required=False)
    parties = forms.CharField(
        label=_("parties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("One a line: organization | place | country code | role"),
    )
    signatories = forms.CharField(
        label=_("signatories"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("One a line: name | title | the party signed for"),
    )
    participants = forms.CharField(
        label=_("participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("People present who did not sign, one a line."),
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("focus areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    renews_or_implements = forms.CharField(
        label=_("earlier agreement"), required=False, max_length=400
    )
    relation_kind = forms.ChoiceField(
        label=_("relation"),
        required=False,
        choices=[("", "—"), ("renews", _("renews")), ("implements", _("implements"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].choices = FocusArea.objects.values_list("slug", "name")

    @classmethod
    def initial_from(cls, agreement: ProposedAgreement) -> dict:
        return {
            **cls.initial_for(agreement),
            "title": agreement.title,
            "kind": agreement.kind,
            "signed_on": agreement.signed_on or "",
            "valid_from": agreement.valid_from or "",
            "valid_until": agreement.valid_until or "",
            "signed_at": agreement.signed_at or "",
            "signed_remotely": agreement.signed_remotely,
            "parties": "\n".join(
                f" {LINE_SEPARATOR} ".join(
                    [party.organization or "", party.place or "", party.country or "", party.role]
                )
                for party in agreement.parties
            ),
            "signatories": "\n".join(
                f" {LINE_SEPARATOR} ".join(
                    [signatory.name, signatory.title or "", signatory.organization or ""]
                )
                for signatory in agreement.signatories
            ),
            "participants": "\n".join(agreement.participants),
            "focus_areas": agreement.focus_areas,
            "renews_or_implements": agreement.renews_or_implements or "",
            "relation_kind": agreement.relation_kind or "",
        }

    def clean_parties(self):
        parties = []
        for line in self.cleaned_data["parties"].splitlines():
            if not line.strip():
                continue
            organization, place, country, role = split_line(line, 4)
            country = country.upper()
            if country and country not in dict(country_choices()):
                raise ValidationError(
                    _("%(code)s is not an ISO country code."), params={"code": country}
                )
            if role and role not in PartyRole.values:
                raise ValidationError(
                    _("The role must be one of: %(roles)s."),
                    params={"roles": ", ".join(PartyRole.values)},
                )
            if not (organization or place):
                raise ValidationError(_("Each party needs an organization or a place."))
            parties.append(
                ProposedParty(
                    organization=organization or None,
                    place=place or None,
                    country=country or None,
                    role=role or PartyRole.SIGNING_PARTY,
                )
            )
        return parties

    def clean_signatories(self):
        signatories = []
        for line in self.cleaned_data["signatories"].splitlines():
            if not line.strip():
                continue
            name, title, organization = split_line(line, 3)
            if not name:
                raise ValidationError(_("Each signatory needs a name."))
            signatories.append(
                ProposedSignatory(name=name, title=title or None, organization=organization or None)
            )
        return signatories

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("renews_or_implements") and not cleaned_data.get("relation_kind"):
            self.add_error(
                "relation_kind", _("Say whether it renews or implements the earlier one.")
            )
        return cleaned_data

    def item(self) -> ProposedAgreement:
        data = self.cleaned_data
        return ProposedAgreement(
            title=data["title"],
            kind=data["kind"],
            signed_on=data["signed_on"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            signed_at=data["signed_at"] or None,
            signed_remotely=data["signed_remotely"],
            parties=data["parties"],
            signatories=data["signatories"],
            participants=[
                name.strip()[:300] for name in data["participants"].splitlines() if name.strip()
            ],
            focus_areas=list(data["focus_areas"]),
            renews_or_implements=data["renews_or_implements"] or None,
            relation_kind=data["relation_kind"] or None,
            evidence=data["evidence"],
        )


def formset_class(form):
    return forms.formset_factory(form, extra=0, max_num=500, validate_max=True)


FORMSETS = {
    "places": formset_class(PlaceForm),
    "organizations": formset_class(OrganizationForm),
    "people": formset_class(PersonForm),
    "agreements": formset_class(AgreementForm),
}


def review_formsets(proposal: Proposal | None = None, data=None) -> dict:
    """The review page's formsets: filled from a proposal, or bound to a POST."""
    formsets = {}
    for prefix, formset in FORMSETS.items():
        if data is not None:
            formsets[prefix] = formset(data, prefix=prefix)
        else:
            items = getattr(proposal, prefix)
            formsets[prefix] = formset(
                initial=[formset.form.initial_from(item) for item in items], prefix=prefix
            )
    return formsets


def proposal_from_forms(context_form: ReleaseContextForm, formsets: dict) -> Proposal:
    """The confirmed items, as the Proposal create_drafts stores."""
    proposal = Proposal(
        title=context_form.cleaned_data["title"],
        language=context_form.cleaned_data["language"],
        published_on=context_form.cleaned_data["published_on"],
    )
    for prefix, formset in formsets.items():
        getattr(proposal, prefix).extend(
            form.item() for form in formset if form.cleaned_data.get("include")
        )
    return proposal
