import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.dates import (
    DatePrecision,
    PartialDateAccessor,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)
from partnerships.models import (
    Curated,
    CuratedManager,
    CuratedQuerySet,
    Organization,
    Partnership,
    Person,
    Place,
)
from partnerships.models.common import located_at, place_or_organization_constraints
from partnerships.search import SearchSpec


class FocusAreaQuerySet(models.QuerySet):
    def with_agreement_counts(self):
        """Annotate how many published agreements carry each focus area."""
        return self.annotate(
            agreement_count=models.Count(
                "agreements", filter=Q(agreements__publication_status="published")
            )
        )


class FocusAreaManager(models.Manager.from_queryset(FocusAreaQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FocusArea(models.Model):
    """A topic from the curated vocabulary: life sciences, robotics, startups..."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    objects = FocusAreaManager()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("agreements:focus-area-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def display_name(self) -> str:
        """The name in the active language (see agreements.vocabulary)."""
        return gettext(self.name)

    @property
    def display_description(self) -> str:
        return gettext(self.description) if self.description else ""


class AgreementKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("sister-city affiliation")
    FRIENDSHIP_CITY = "friendship_city", _("friendship-city affiliation")
    MEMORANDUM = "memorandum_of_understanding", _("memorandum of understanding")
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    COOPERATION = "cooperation_agreement", _("cooperation agreement")
    PARTNERSHIP = "partnership_agreement", _("partnership agreement")
    RENEWAL = "renewal", _("renewal")
    OTHER = "other", _("other")


class Validity(models.TextChoices):
    ACTIVE = "active", _("active")
    EXPIRING = "expiring", _("expiring within a year")
    EXPIRED = "expired", _("expired")
    UNKNOWN = "unknown", _("unknown")


def ended_before(field: str, day: datetime.date) -> Q:
    """Match partial dates whose whole period lies before ``day``.

    'Until 2030' (year precision) runs to 31 December 2030, so it has ended before
    ``day`` only when 2030 is before ``day``'s year.
    """
    precision = f"{field}_precision"
    return (
        Q(**{precision: DatePrecision.DAY, f"{field}__lt": day})
        | Q(**{precision: DatePrecision.MONTH, f"{field}__lt": day.replace(day=1)})
        | Q(**{precision: DatePrecision.YEAR, f"{field}__lt": day.replace(month=1, day=1)})
    )


class AgreementQuerySet(CuratedQuerySet):
    def for_directory(self):
        """Load what an agreement row shows: status, parties with places, focus areas."""
        return (
            self.with_validity()
            .prefetch_related(
                "parties__place__alternate_names", "parties__organization__place", "focus_areas"
            )
            .order_by(F("signed_on").desc(nulls_last=True), "title", "pk")
        )

    def for_detail(self):
        return (
            self.with_validity()
            .select_related("partnership", "signed_place")
            .prefetch_related(
                "parties__place",
                "parties__organization__place",
                "signatories__person",
                "signatories__party__place",
                "signatories__party__organization",
                "participants__person",
                "participants__organization",
                "focus_areas",
                "relations_out__to_agreement",
                "relations_in__from_agreement",
                "missions",
                "citations__source",
            )
        )

    def involving(self, **place_lookup):
        """Return agreements with a party place, or a party organization's place, that fits."""
        parties = AgreementParty.objects.filter(located_at(**place_lookup))
        return self.filter(pk__in=parties.values("agreement"))

    def with_validity(self, today: datetime.date | None = None):
        """Annotate ``validity``: active, expiring within a year, expired or unknown."""
        today = today or timezone.localdate()
        try:
            in_a_year = today.replace(year=today.year + 1)
        except ValueError:  # 29 February
            in_a_year = today + datetime.timedelta(days=365)
        return self.annotate(
            validity=Case(
                When(valid_until__isnull=True, then=Value(Validity.UNKNOWN)),
                When(ended_before("valid_until", today), then=Value(Validity.EXPIRED)),
                When(ended_before("valid_until", in_a_year), then=Value(Validity.EXPIRING)),
                default=Value(Validity.ACTIVE),
                output_field=models.CharField(),
            )
        )


class Agreement(Curated):
    """A signed document: an MOU, a letter of intent, a sister-city affiliation..."""

    title = models.CharField(_("title in English"), max_length=400)
    title_original = models.CharField(
        _("title in the original language"),
        max_length=400,
        blank=True,
        help_text=_("As signed: Absichtserklärung. Leave empty when the original is English."),
    )
    title_language = models.CharField(_("language of the original"), max_length=16, default="en")
    kind = models.CharField(_("kind"), max_length=32, choices=AgreementKind.choices, db_index=True)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
        help_text=_("The lasting relationship this agreement belongs to, if any."),
    )
    signed_on, signed_on_precision = partial_date_fields(_("signed"))
    signed_venue = models.CharField(
        _("venue"), max_length=300, blank=True, help_text=_("Osaka City Hall; Nurses Hall...")
    )
    signed_place = models.ForeignKey(
        Place,
        verbose_name=_("signed in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_signed_here",
    )
    signed_remotely = models.BooleanField(_("signed by video conference"), default=False)
    valid_from, valid_from_precision = partial_date_fields(_("valid from"))
    valid_until, valid_until_precision = partial_date_fields(
        _("valid until"), help_text=_("'Until 2030' is 2030 at year precision.")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What it sets out to do, in your own words.")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="agreements"
    )

    signed = PartialDateAccessor("signed_on")
    valid_from_date = PartialDateAccessor("valid_from")
    valid_until_date = PartialDateAccessor("valid_until")
    objects = CuratedManager.from_queryset(AgreementQuerySet)()
    history = HistoricalRecords(m2m_fields=[focus_areas])
    SEARCH = SearchSpec(names=("title", "title_original"), texts=("summary",))

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        permissions = [("publish_agreement", _("Can publish and unpublish agreements"))]
        constraints = [
            *partial_date_constraints("agreement", "signed_on"),
            *partial_date_constraints("agreement", "valid_from"),
            *partial_date_constraints("agreement", "valid_until"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="agreement_valid_until_not_before_valid_from",
            ),
        ]
        indexes = [
            models.Index(fields=["signed_on"], name="agreement_signed_on_idx"),
            models.Index(fields=["valid_until"], name="agreement_valid_until_idx"),
            models.Index(fields=["title"], name="agreement_title_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", kwargs={"slug": self.slug})

    @property
    def validity(self) -> str:
        """The status derived from the validity dates (see AgreementQuerySet.with_validity)."""
        if "validity" in self.__dict__:
            return self.__dict__["validity"]
        until = self.valid_until_date
        if until is None:
            return Validity.UNKNOWN
        last_day, today = until.last_day(), timezone.localdate()
        if last_day < today:
            return Validity.EXPIRED
        if last_day < today + datetime.timedelta(days=365):
            return Validity.EXPIRING
        return Validity.ACTIVE

    @validity.setter
    def validity(self, value):
        # Lets the queryset annotation of the same name land on the instance.
        self.__dict__["validity"] = value

    @property
    def validity_label(self) -> str:
        return Validity(self.validity).label

    def clean(self):
        errors = (
            clean_partial_date(self, "signed_on")
            | clean_partial_date(self, "valid_from")
            | clean_partial_date(self, "valid_until")
        )
        if (
            not errors
            and self.valid_from
            and self.valid_until
            and self.valid_until < self.valid_from
        ):
            errors["valid_until"] = _("An agreement cannot expire before it takes effect.")
        if errors:
            raise ValidationError(errors)


class PartyRole(models.TextChoices):
    SIGNING_PARTY = "signing_party", _("signing party")
    PARTNER = "partner", _("partner")
    FACILITATOR = "facilitator", _("facilitator")
    SUPPORTING_PARTNER = "supporting_partner", _("supporting partner")


class AgreementParty(models.Model):
    """A place or organization taking part in an agreement, in a role."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices, db_index=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        # Signing parties first, then partners, facilitators and supporters.
        ordering = [
            "agreement",
            Case(
                *(When(role=role, then=Value(rank)) for rank, role in enumerate(PartyRole.values)),
                default=Value(len(PartyRole.values)),
            ),
            "pk",
        ]
        constraints = place_or_organization_constraints("agreementparty", "agreement")

    def __str__(self):
        return f"{self.party} ({self.get_role_display()})"

    @property
    def party(self):
        return self.place or self.organization

    def clean(self):
        if (self.place_id is None) == (self.organization_id is None):
            raise ValidationError(_("Choose either a place or an organization."))


class Signatory(models.Model):
    """A person who signed an agreement for one of its parties."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(
        AgreementParty,
        verbose_name=_("signed for"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    title = models.CharField(
        _("title at the time"), max_length=300, help_text=_("In English, as of the signing.")
    )
    title_original = models.CharField(
        _("title in the original language"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["agreement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person"], name="signatory_once_per_agreement"
            )
        ]

    def __str__(self):
        return f"{self.person}, {self.title}"

    def clean(self):
        if self.party_id and self.agreement_id and self.party.agreement_id != self.agreement_id:
            raise ValidationError({"party": _("Choose a party of this agreement.")})


class ParticipantRole(models.TextChoices):
    WITNESS = "witness", _("witness")
    ATTENDEE = "attendee", _("attendee")
    DELEGATION_LEAD = "delegation_lead", _("delegation lead")
    SPEAKER = "speaker", _("speaker")


class Participant(models.Model):
    """A person present at or quoted on a signing without signing it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    title = models.CharField(_("title at the time"), max_length=300, blank=True)
    title_original = models.CharField(
        _("title in the original language"), max_length=300, blank=True
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["agreement", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "person", "role"], name="participant_once_per_role"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class RelationKind(models.TextChoices):
    RENEWS = "renews", _("renews")
    IMPLEMENTS = "implements", _("implements")
    AMENDS = "amends", _("amends")
    SUPERSEDES = "supersedes", _("supersedes")
    FOLLOWS_FROM = "follows_from", _("follows from")


REVERSE_RELATION_LABELS = {
    RelationKind.RENEWS: _("renewed by"),
    RelationKind.IMPLEMENTS: _("implemented by"),
    RelationKind.AMENDS: _("amended by"),
    RelationKind.SUPERSEDES: _("superseded by"),
    RelationKind.FOLLOWS_FROM: _("led to"),
}


class AgreementRelation(models.Model):
    """A directed link: this agreement renews, implements... an earlier one."""

    from_agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="relations_out"
    )
    to_agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("related agreement"),
        on_delete=models.CASCADE,
        related_name="relations_in",
    )
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("related agreement")
        verbose_name_plural = _("related agreements")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_agreement=F("to_agreement")),
                name="agreementrelation_not_to_itself",
            ),
            models.UniqueConstraint(
                fields=["from_agreement", "to_agreement", "kind"],
                name="agreementrelation_unique",
            ),
        ]

    def __str__(self):
        return f"{self.from_agreement} → {self.get_kind_display()} → {self.to_agreement}"

    def get_reverse_kind_display(self) -> str:
        """The relation seen from the other agreement: 'renewed by', 'implemented by'..."""
        return REVERSE_RELATION_LABELS[self.kind]
