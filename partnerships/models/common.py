"""Pieces every curated record shares: publication workflow and bookkeeping dates."""

import gettext as gettext_module
from functools import cache

import pycountry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerships.search import search_queryset


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")


class CuratedQuerySet(models.QuerySet):
    def published(self):
        """Return the records a visitor may see."""
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def for_detail(self):
        """Load what a record's own page shows; models override this."""
        return self

    def search(self, text: str):
        """Return the records matching ``text``, best first (see partnerships.search)."""
        return search_queryset(self, self.model.SEARCH, text).order_by("-search_rank", "pk")

    def visible_to(self, user):
        """Return every record for staff and the published ones for everybody else."""
        if user.is_active and user.is_staff:
            return self
        return self.published()


class CuratedManager(models.Manager.from_queryset(CuratedQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Curated(models.Model):
    """A record staff curate and publish: its slug, workflow state and bookkeeping dates."""

    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The record's stable address on the site and in the data exports."),
    )
    publication_status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=_("Only published records appear on the public site."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("When the record first went public; feeds list new records by it."),
    )
    verified_on = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("The day someone last checked this record against its sources."),
    )

    objects = CuratedManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Stamp the first publication; later unpublishing and republishing keep it.
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED


@cache
def country_choices() -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes and English names, sorted by name."""
    return sorted(
        ((country.alpha_2, country.name) for country in pycountry.countries),
        key=lambda choice: choice[1],
    )


def localized_country_choices() -> list[tuple[str, str]]:
    """Country choices in the active language, sorted by their names there."""
    return sorted(((code, country_name(code)) for code, _ in country_choices()), key=lambda c: c[1])


def country_name(code: str) -> str:
    """The country's name in the active language (pycountry ships the translations)."""
    english = dict(country_choices()).get(code, code)
    return _country_catalogue(get_language() or "en").gettext(english)


@cache
def _country_catalogue(language: str):
    return gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def validate_country_code(code: str) -> None:
    if code not in dict(country_choices()):
        raise ValidationError(
            _("%(code)s is not an ISO 3166-1 alpha-2 country code."), params={"code": code}
        )


def country_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("country"),
        max_length=2,
        choices=country_choices,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code: JP, DE, US, FI..."),
        **kwargs,
    )


class AlternateName(models.Model):
    """Another name of a record: a translation, a transliteration or a former name."""

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("BCP 47 language tag: en, de, ja, ja-Latn..."),
    )
    script = models.CharField(
        _("script"),
        max_length=4,
        blank=True,
        help_text=_("ISO 15924 script code when it is not the language's usual one: Latn, Jpan."),
    )
    valid_from = models.DateField(
        _("in use from"), null=True, blank=True, help_text=_("For a name that came into use later.")
    )
    valid_until = models.DateField(
        _("in use until"), null=True, blank=True, help_text=_("For a former name.")
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Why this name is kept, e.g. 'spelling used in the 2018 release'."),
    )

    class Meta:
        abstract = True
        ordering = ["language", "name"]

    def __str__(self):
        return f"{self.name} ({self.language})" if self.language else self.name

    @staticmethod
    def validity_constraint(model_name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(valid_from__isnull=True)
            | Q(valid_until__isnull=True)
            | Q(valid_until__gte=models.F("valid_from")),
            name=f"{model_name}_valid_until_after_valid_from",
        )

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("A name cannot go out of use before it came into use.")}
            )


def is_own_ancestor(instance, parent_field: str = "parent") -> bool:
    """Whether following ``parent_field`` upwards from ``instance`` leads back to it."""
    ancestor, seen = getattr(instance, parent_field), set()
    while ancestor is not None and ancestor.pk not in seen:
        if instance.pk is not None and ancestor.pk == instance.pk:
            return True
        seen.add(ancestor.pk)
        ancestor = getattr(ancestor, parent_field)
    return False


def place_or_organization_constraints(model_name: str, owner: str) -> list[models.BaseConstraint]:
    """A row that is either a place or an organization, each at most once per owner.

    For the sides of a partnership and the parties of an agreement.
    """
    return [
        models.CheckConstraint(
            condition=Q(place__isnull=False, organization__isnull=True)
            | Q(place__isnull=True, organization__isnull=False),
            name=f"{model_name}_place_or_organization",
        ),
        *(
            models.UniqueConstraint(
                fields=[owner, field],
                condition=Q(**{f"{field}__isnull": False}),
                name=f"{model_name}_{field}_once",
            )
            for field in ("place", "organization")
        ),
    ]


def located_at(**place_lookup) -> Q:
    """Match place-or-organization rows whose place, or whose organization's place, fits.

    ``located_at(country="JP")``, ``located_at(slug="essen-de")``, ``located_at(pk=7)``.
    """
    # Two id subqueries rather than joins through place and organization: PostgreSQL
    # answers them from the indexes, where the joined OR read every party (3x slower).
    place_model = apps.get_model("partnerships", "Place")
    organization_model = apps.get_model("partnerships", "Organization")
    places = place_model.objects.filter(**place_lookup).values("pk")
    organizations = organization_model.objects.filter(place__in=places).values("pk")
    return Q(place__in=places) | Q(organization__in=organizations)
