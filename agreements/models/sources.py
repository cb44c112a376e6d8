from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.lookups import Exact
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
from partnerships.search import SearchSpec


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

    is_publisher_inferred = models.BooleanField(
        _("publisher inferred"),
        default=False,
        help_text=_("The source does not name its publisher; say how it was inferred below."),
    )
    is_date_inferred = models.BooleanField(
        _("publication date inferred"),
        default=False,
        help_text=_("The source is undated; say how the date was inferred below."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("How the publisher or date were established, and anything odd about it."),
    )
    text = models.TextField(
        _("full text"),
        blank=True,
        help_text=_(
            "The source's text as staff pasted it into the press-release assistant. For "
            "curation only: the public site, the API and the data dump never show it."
        ),
    )

    published = PartialDateAccessor("published_on")
    history = HistoricalRecords()
    SEARCH = SearchSpec(names=("title", "publisher"))

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]
        permissions = [("publish_source", _("Can publish and unpublish sources"))]
        constraints = [
            *partial_date_constraints("source", "published_on"),
            models.CheckConstraint(
                condition=Q(is_publisher_inferred=False, is_date_inferred=False) | ~Q(note=""),
                name="source_inference_explained",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:source-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = clean_partial_date(self, "published_on")
        if (self.is_publisher_inferred or self.is_date_inferred) and not self.note:
            errors["note"] = _("Say how the publisher or the date was inferred.")
        if errors:
            raise ValidationError(errors)


# What a citation can support, each a nullable foreign key: the database keeps
# referential integrity and cascades, which a generic relation could not.
CITABLE_FIELDS = (
    "place",
    "organization",
    "person",
    "position",
    "partnership",
    "agreement",
    "party",
    "signatory",
    "participant",
    "mission",
)


def exactly_one_of(fields) -> Exact:
    """A condition true when exactly one of the nullable fields is set."""
    set_count = sum(
        (
            Case(When(**{f"{field}__isnull": False}, then=Value(1)), default=Value(0))
            for field in fields
        ),
        start=Value(0),
    )
    return Exact(set_count, 1)


class Citation(models.Model):
    """Ties a source to one record it supports, with a note on how the fact was read."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    place = models.ForeignKey(
        "partnerships.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    organization = models.ForeignKey(
        "partnerships.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    person = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    position = models.ForeignKey(
        "partnerships.Position",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    party = models.ForeignKey(
        "agreements.AgreementParty",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    signatory = models.ForeignKey(
        "agreements.Signatory",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    participant = models.ForeignKey(
        "agreements.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
    mission = models.ForeignKey(
        "agreements.Mission",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="citations",
    )
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

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_of(CITABLE_FIELDS), name="citation_supports_one_record"
            ),
            models.CheckConstraint(
                condition=Q(is_inferred=False) | ~Q(note=""),
                name="citation_inferred_fact_explained",
            ),
            *(
                models.UniqueConstraint(
                    fields=["source", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"citation_{field}_once_per_source",
                )
                for field in CITABLE_FIELDS
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.record}"

    @property
    def record(self):
        """The one record this citation supports."""
        return next(
            (getattr(self, field) for field in CITABLE_FIELDS if getattr(self, f"{field}_id")),
            None,
        )

    def clean(self):
        errors = {}
        if sum(getattr(self, f"{field}_id") is not None for field in CITABLE_FIELDS) != 1:
            errors["__all__"] = _("A citation supports exactly one record.")
        if self.is_inferred and not self.note:
            errors["note"] = _("Say how an inferred fact was inferred.")
        if errors:
            raise ValidationError(errors)
