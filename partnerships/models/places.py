from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.common import (
    AlternateName,
    Curated,
    CuratedManager,
    CuratedQuerySet,
    country_field,
    country_name,
    is_own_ancestor,
)
from partnerships.search import SearchSpec


class PlaceKind(models.TextChoices):
    CITY = "city", _("city")
    TOWN = "town", _("town")
    WARD = "ward", _("ward")
    MUNICIPALITY = "municipality", _("municipality")
    COUNTY = "county", _("county or district")
    PREFECTURE = "prefecture", _("prefecture")
    STATE = "state", _("state")
    PROVINCE = "province", _("province")
    REGION = "region", _("region")
    COUNTRY = "country", _("country")
    OTHER = "other", _("other")


class PlaceQuerySet(CuratedQuerySet):
    def for_directory(self):
        """Load what the places list shows: each place with its parent."""
        return (
            self.select_related("parent")
            .prefetch_related("alternate_names")
            .order_by("country", "name", "pk")
        )

    def for_detail(self):
        return self.select_related("parent").prefetch_related(
            "alternate_names", "identifiers", "citations__source"
        )


class Place(Curated):
    """A city, prefecture, state or other territory that can hold partnerships."""

    name = models.CharField(
        _("name"), max_length=200, db_index=True, help_text=_("The usual English name.")
    )
    native_name = models.CharField(
        _("native name"),
        max_length=200,
        blank=True,
        help_text=_("The name in its own language and script: 大阪市, Köln, 神奈川県."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices, db_index=True)
    country = country_field(db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The larger place this one lies in: Essen in North Rhine-Westphalia."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    objects = CuratedManager.from_queryset(PlaceQuerySet)()
    history = HistoricalRecords()
    SEARCH = SearchSpec(names=("name", "native_name"), alternate_names="alternate_names")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "country"]
        permissions = [("publish_place", _("Can publish and unpublish places"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    # A CHECK passes on NULL, so both coordinates must be named as set.
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_in_range_and_paired",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="place_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country})"

    def get_absolute_url(self):
        return reverse("partnerships:place-detail", kwargs={"slug": self.slug})

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if is_own_ancestor(self):
            errors["parent"] = _("A place cannot lie inside itself.")
        if errors:
            raise ValidationError(errors)


class IdentifierScheme(models.TextChoices):
    ISO_3166_2 = "iso3166-2", _("ISO 3166-2 subdivision code")
    GEONAMES = "geonames", _("GeoNames id")
    WIKIDATA = "wikidata", _("Wikidata id")


class PlaceIdentifier(models.Model):
    """An identifier of a place in an outside register, to match imports reliably."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(_("scheme"), max_length=16, choices=IdentifierScheme.choices)
    value = models.CharField(_("value"), max_length=64, help_text=_("JP-27, Q35765, 1853909..."))

    class Meta:
        verbose_name = _("place identifier")
        verbose_name_plural = _("place identifiers")
        ordering = ["scheme"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "value"], name="place_identifier_unique_value"
            ),
            models.UniqueConstraint(
                fields=["place", "scheme"], name="place_identifier_one_per_scheme"
            ),
        ]

    def __str__(self):
        return f"{self.scheme}:{self.value}"


class PlaceName(AlternateName):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="alternate_names")

    class Meta(AlternateName.Meta):
        verbose_name = _("alternate place name")
        verbose_name_plural = _("alternate place names")
        constraints = [
            AlternateName.validity_constraint("placename"),
            models.UniqueConstraint(
                fields=["place", "name", "language"], name="placename_unique_per_language"
            ),
        ]
        indexes = [models.Index(fields=["name"], name="placename_name_idx")]
