from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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
from partnerships.models import Curated, Organization


class SourceKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("press release")
    AGREEMENT_TEXT = "agreement_text", _("agreement text")
    NEWS_ARTICLE = "news_article", _("news article")
    WEB_PAGE = "web_page", _("web page")
    DATASET = "dataset", _("dataset")
    OTHER = "other", _("other")


class Source(Curated):
    """A press release, document or dataset that records in the directory rest on."""

    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SourceKind.choices, default=SourceKind.PRESS_RELEASE
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=300,
        blank=True,
        help_text=_("Who issued it, as the source names itself."),
    )
    publisher_organization = models.ForeignKey(
        Organization,
        verbose_name=_("publisher in the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_sources",
    )
    published_on, published_on_precision = partial_date_fields(_("published"))
    language = models.CharField(
        _("language"), max_length=16, db_index=True, help_text=_("BCP 47 tag: en, de, ja.")
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    file_name = models.CharField(
        _("file name"),
        max_length=200,
        blank=True,
        help_text=_("The archived copy's file name, when the source has no public URL."),
    )

    published = PartialDateAccessor("published_on")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        permissions = [("publish_source", _("Can publish and unpublish sources"))]
        constraints = [*partial_date_constraints("source", "published_on")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:source-detail", kwargs={"slug": self.slug})

    def clean(self):
        if errors := clean_partial_date(self, "published_on"):
            raise ValidationError(errors)


class CitationQuerySet(models.QuerySet):
    def for_record(self, record):
        """Return the citations of one record of any model."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Citation(models.Model):
    """Ties a source to one record it supports, with a note on how the fact was read."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    is_inferred = models.BooleanField(
        _("inferred"),
        default=False,
        help_text=_("The source implies the fact but does not state it; say how in the note."),
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("E.g. 'year inferred from the 45th anniversary in 2018'."),
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id"], name="citation_once_per_record"
            ),
            models.CheckConstraint(
                condition=models.Q(is_inferred=False) | ~models.Q(note=""),
                name="citation_inferred_fact_explained",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_record_idx")]

    def __str__(self):
        return f"{self.source} → {self.content_type.model} #{self.object_id}"

    def clean(self):
        if self.is_inferred and not self.note:
            raise ValidationError({"note": _("Say how an inferred fact was inferred.")})
