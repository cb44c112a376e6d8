from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.dates import (
    PartialDateAccessor,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)
from partnerships.models.common import (
    Curated,
    CuratedManager,
    CuratedQuerySet,
    located_at,
    place_or_organization_constraints,
)
from partnerships.models.organizations import Organization
from partnerships.models.places import Place
from partnerships.search import SearchSpec


class PartnershipKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("sister cities")
    FRIENDSHIP_CITY = "friendship_city", _("friendship cities")
    SISTER_STATE = "sister_state", _("sister states or regions")
    COOPERATION = "cooperation", _("cooperation")
    OTHER = "other", _("other")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


def member_key_for(members) -> str | None:
    """Return the order-free key of a set of members, or None below two members.

    Chicago–Osaka and Osaka–Chicago get the same key, so a unique key makes the
    database refuse the second record.
    """
    tokens = sorted({f"p{m.place_id}" if m.place_id else f"o{m.organization_id}" for m in members})
    return "-".join(tokens) if len(tokens) >= 2 else None


class PartnershipQuerySet(CuratedQuerySet):
    def for_directory(self):
        """Load what a partnership row shows: its members and their places."""
        return self.prefetch_related(
            "members__place__alternate_names", "members__organization__place"
        ).order_by("name", "pk")

    def for_detail(self):
        return self.prefetch_related(
            "members__place", "members__organization", "stages", "citations__source"
        )

    def involving(self, **place_lookup):
        """Return partnerships with a member place, or one's organization's place, that fits.

        ``involving(pk=place.pk)``, ``involving(country="JP")``, ``involving(slug=...)``.
        """
        members = PartnershipMember.objects.filter(located_at(**place_lookup))
        return self.filter(pk__in=members.values("partnership"))


class Partnership(Curated):
    """A lasting relationship between two or more places or organizations."""

    name = models.CharField(
        _("name"), max_length=300, help_text=_("How people refer to it: Chicago–Osaka.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=PartnershipKind.choices,
        db_index=True,
        help_text=_("The current kind. Earlier kinds go under stages."),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
        db_index=True,
    )
    established_on, established_on_precision = partial_date_fields(_("established"))
    ended_on, ended_on_precision = partial_date_fields(_("ended"))
    summary = models.TextField(_("summary"), blank=True, help_text=_("In your own words."))
    member_key = models.CharField(
        _("member key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The sorted member ids; kept unique so a pair is recorded once."),
    )

    established = PartialDateAccessor("established_on")
    ended = PartialDateAccessor("ended_on")
    objects = CuratedManager.from_queryset(PartnershipQuerySet)()
    history = HistoricalRecords()
    SEARCH = SearchSpec(names=("name",), texts=("summary",))

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]
        permissions = [("publish_partnership", _("Can publish and unpublish partnerships"))]
        constraints = [
            *partial_date_constraints("partnership", "established_on"),
            *partial_date_constraints("partnership", "ended_on"),
            models.CheckConstraint(
                condition=Q(established_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("established_on")),
                name="partnership_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["established_on"], name="partnership_established_idx"),
            models.Index(fields=["name"], name="partnership_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:partnership-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = clean_partial_date(self, "established_on") | clean_partial_date(self, "ended_on")
        if (
            not errors
            and self.established_on
            and self.ended_on
            and self.ended_on < self.established_on
        ):
            errors["ended_on"] = _("A partnership cannot end before it was established.")
        if errors:
            raise ValidationError(errors)

    def duplicate_of(self, members) -> "Partnership | None":
        """Return the other partnership that already links exactly these members."""
        key = member_key_for(members)
        if key is None:
            return None
        return Partnership.objects.exclude(pk=self.pk).filter(member_key=key).first()

    def refresh_member_key(self) -> None:
        """Store the key of the current members; call after members change."""
        self.member_key = member_key_for(self.members.all())
        Partnership.objects.filter(pk=self.pk).update(member_key=self.member_key)

    @transaction.atomic
    def set_members(self, places=(), organizations=()) -> None:
        """Replace the members with the given places and organizations."""
        self.members.all().delete()
        PartnershipMember.objects.bulk_create(
            [PartnershipMember(partnership=self, place=place) for place in places]
            + [PartnershipMember(partnership=self, organization=org) for org in organizations]
        )
        self.refresh_member_key()


class PartnershipMember(models.Model):
    """One side of a partnership: a place or an organization."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        constraints = place_or_organization_constraints("partnershipmember", "partnership")

    def __str__(self):
        return str(self.place or self.organization)

    def clean(self):
        if (self.place_id is None) == (self.organization_id is None):
            raise ValidationError(_("Choose either a place or an organization."))


class PartnershipStage(models.Model):
    """A kind the partnership had from a date on: friendship cities first, sister cities later."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("kind"), max_length=16, choices=PartnershipKind.choices)
    began_on, began_on_precision = partial_date_fields(_("began"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    began = PartialDateAccessor("began_on")

    class Meta:
        verbose_name = _("partnership stage")
        verbose_name_plural = _("partnership stages")
        ordering = ["partnership", "began_on"]
        constraints = [
            *partial_date_constraints("partnershipstage", "began_on"),
            models.UniqueConstraint(
                fields=["partnership", "kind", "began_on"], name="partnershipstage_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.began or '?'})"

    def clean(self):
        if errors := clean_partial_date(self, "began_on"):
            raise ValidationError(errors)
