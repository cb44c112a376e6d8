from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.common import (
    AlternateName,
    Curated,
    CuratedManager,
    CuratedQuerySet,
    is_own_ancestor,
)
from partnerships.models.places import Place
from partnerships.search import SearchSpec


class OrganizationKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", _("city government")
    REGIONAL_GOVERNMENT = "regional_government", _("state or prefectural government")
    NATIONAL_MINISTRY = "national_ministry", _("national government or ministry")
    GOVERNMENT_AGENCY = "government_agency", _("government office or agency")
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("chamber of commerce")
    INNOVATION_HUB = "innovation_hub", _("innovation hub or incubator")
    ECONOMIC_DEVELOPMENT = "economic_development", _("economic development agency")
    UNIVERSITY = "university", _("university")
    HOSPITAL = "hospital", _("university hospital or hospital")
    CONSULATE = "consulate", _("consulate or embassy")
    BUSINESS_ASSOCIATION = "business_association", _("business association")
    COMPANY = "company", _("company")
    NONPROFIT = "nonprofit", _("non-profit organization")
    OTHER = "other", _("other")


class OrganizationQuerySet(CuratedQuerySet):
    def for_directory(self):
        return self.select_related("place").order_by("name", "pk")

    def for_detail(self):
        return self.select_related("place", "parent").prefetch_related(
            "alternate_names", "citations__source"
        )


class Organization(Curated):
    """A government, chamber, hub, hospital or other body that signs or supports agreements."""

    name = models.CharField(_("name"), max_length=300, db_index=True)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=40, blank=True, help_text=_("OIH, IHK, EWG, MLSC...")
    )
    native_name = models.CharField(
        _("native name"),
        max_length=300,
        blank=True,
        help_text=_("The official name in its own language and script."),
    )
    kind = models.CharField(
        _("kind"), max_length=24, choices=OrganizationKind.choices, db_index=True
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("Where the organization is based or which place it governs."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("The body this one belongs to: a bureau inside a city government."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = CuratedManager.from_queryset(OrganizationQuerySet)()
    history = HistoricalRecords()
    SEARCH = SearchSpec(
        names=("name", "abbreviation", "native_name"), alternate_names="alternate_names"
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        permissions = [("publish_organization", _("Can publish and unpublish organizations"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="organization_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self):
        return reverse("partnerships:organization-detail", kwargs={"slug": self.slug})

    def clean(self):
        if is_own_ancestor(self):
            raise ValidationError({"parent": _("An organization cannot be part of itself.")})


class OrganizationName(AlternateName):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="alternate_names"
    )

    class Meta(AlternateName.Meta):
        verbose_name = _("alternate organization name")
        verbose_name_plural = _("alternate organization names")
        constraints = [
            AlternateName.validity_constraint("organizationname"),
            models.UniqueConstraint(
                fields=["organization", "name", "language"],
                name="organizationname_unique_per_language",
            ),
        ]
        indexes = [models.Index(fields=["name"], name="organizationname_name_idx")]
