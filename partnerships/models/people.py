from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.dates import (
    PartialDateAccessor,
    clean_partial_date,
    partial_date_constraints,
    partial_date_fields,
)
from partnerships.models.common import AlternateName, Curated, CuratedManager, CuratedQuerySet
from partnerships.models.organizations import Organization
from partnerships.search import SearchSpec


class PersonQuerySet(CuratedQuerySet):
    def for_directory(self):
        return self.prefetch_related("positions__organization").order_by("name", "pk")

    def for_detail(self):
        return self.prefetch_related("positions__organization", "citations__source")


class Person(Curated):
    """A dignitary or official who signs or attends agreements."""

    name = models.CharField(
        _("name"),
        max_length=200,
        db_index=True,
        help_text=_("Given name first, as the person writes it in English: Hirofumi Yoshimura."),
    )
    honorific_prefix = models.CharField(
        _("honorific"), max_length=40, blank=True, help_text=_("Prof. Dr., Dr., Sir...")
    )
    native_name = models.CharField(
        _("native name"),
        max_length=200,
        blank=True,
        help_text=_("The name in its own script: 吉村洋文."),
    )

    objects = CuratedManager.from_queryset(PersonQuerySet)()
    history = HistoricalRecords()
    SEARCH = SearchSpec(names=("name", "native_name"), alternate_names="alternate_names")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        permissions = [("publish_person", _("Can publish and unpublish people"))]

    def __str__(self):
        return f"{self.honorific_prefix} {self.name}" if self.honorific_prefix else self.name

    def get_absolute_url(self):
        return reverse("partnerships:person-detail", kwargs={"slug": self.slug})


class PersonName(AlternateName):
    """Another spelling or script of a person's name, e.g. a misspelling a source uses."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="alternate_names")

    class Meta(AlternateName.Meta):
        verbose_name = _("alternate person name")
        verbose_name_plural = _("alternate person names")
        constraints = [
            AlternateName.validity_constraint("personname"),
            models.UniqueConstraint(
                fields=["person", "name", "language"], name="personname_unique_per_language"
            ),
        ]
        indexes = [models.Index(fields=["name"], name="personname_name_idx")]


class Position(models.Model):
    """A title a person held at an organization over a period."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("In English: Governor, Director General...")
    )
    title_original = models.CharField(
        _("title in the original language"),
        max_length=300,
        blank=True,
        help_text=_("As the source writes it: Minister für Wirtschaft, Innovation..."),
    )
    title_language = models.CharField(
        _("language of the original title"), max_length=16, blank=True
    )
    started_on, started_on_precision = partial_date_fields(_("started"))
    ended_on, ended_on_precision = partial_date_fields(_("ended"))

    started = PartialDateAccessor("started_on")
    ended = PartialDateAccessor("ended_on")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["person", "-started_on"]
        constraints = [
            *partial_date_constraints("position", "started_on"),
            *partial_date_constraints("position", "ended_on"),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="position_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["person", "organization", "title"],
                name="position_unique_title_per_organization",
            ),
        ]

    def __str__(self):
        if self.organization_id:
            return f"{self.title}, {self.organization.name}"
        return self.title

    def clean(self):
        errors = clean_partial_date(self, "started_on") | clean_partial_date(self, "ended_on")
        if not errors and self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A position cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
