from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.dates import (
    PartialDateAccessor,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)
from partnerships.models import AlternateName, Curated, Organization, Person, Place
from partnerships.search import SearchSpec


class MissionKind(models.TextChoices):
    TRADE_MISSION = "trade_mission", _("trade or innovation mission")
    DELEGATION_VISIT = "delegation_visit", _("delegation visit")
    CONFERENCE = "conference", _("conference or forum")
    OTHER = "other", _("other")


class Mission(Curated):
    """A trade mission, delegation visit or forum that agreements came out of."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=MissionKind.choices)
    started_on, started_on_precision = partial_date_fields(_("started"))
    ended_on, ended_on_precision = partial_date_fields(_("ended"))
    summary = models.TextField(_("summary"), blank=True, help_text=_("In your own words."))
    destinations = models.ManyToManyField(
        Place, verbose_name=_("places visited"), blank=True, related_name="missions_received"
    )
    leaders = models.ManyToManyField(
        Person, verbose_name=_("led by"), blank=True, related_name="missions_led"
    )
    organizers = models.ManyToManyField(
        Organization, verbose_name=_("organized by"), blank=True, related_name="missions"
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        verbose_name=_("agreements"),
        blank=True,
        related_name="missions",
        help_text=_("Agreements signed during the mission or that came out of it."),
    )

    started = PartialDateAccessor("started_on")
    ended = PartialDateAccessor("ended_on")
    history = HistoricalRecords()
    SEARCH = SearchSpec(names=("title",), texts=("summary",), alternate_names="alternate_names")

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-started_on", "title"]
        permissions = [("publish_mission", _("Can publish and unpublish missions"))]
        constraints = [
            *partial_date_constraints("mission", "started_on"),
            *partial_date_constraints("mission", "ended_on"),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="mission_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:mission-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = clean_partial_date(self, "started_on") | clean_partial_date(self, "ended_on")
        if not errors and self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A mission cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class MissionName(AlternateName):
    """Another name a source gives the same mission."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="alternate_names")

    class Meta(AlternateName.Meta):
        verbose_name = _("alternate mission name")
        verbose_name_plural = _("alternate mission names")
        constraints = [
            AlternateName.validity_constraint("missionname"),
            models.UniqueConstraint(
                fields=["mission", "name", "language"], name="missionname_unique_per_language"
            ),
        ]
