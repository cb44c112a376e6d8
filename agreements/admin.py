from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Citation,
    FocusArea,
    Mission,
    MissionName,
    Participant,
    Signatory,
    Source,
    Validity,
)
from agreements.models.sources import CITABLE_FIELDS
from partnerships.admin import RECORD_FIELDSET, CuratedAdmin
from partnerships.models import Organization, Partnership, Person, Place


def citation_inline(fk_name: str) -> type[admin.TabularInline]:
    """Build the inline that lists the citations of one kind of record."""
    return type(
        f"{fk_name.title()}CitationInline",
        (admin.TabularInline,),
        {
            "model": Citation,
            "fk_name": fk_name,
            "fields": ("source", "is_inferred", "note"),
            "autocomplete_fields": ("source",),
            "extra": 0,
            "verbose_name": _("citation"),
            "verbose_name_plural": _("citations (sources this record rests on)"),
        },
    )


# The partnerships app cannot import agreements, so its admins get their citation
# inlines from here.
for model in (Place, Organization, Person, Partnership):
    model_admin = admin.site.get_model_admin(model)
    model_admin.inlines = [*model_admin.inlines, citation_inline(model._meta.model_name)]


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return Validity.choices

    def queryset(self, request, queryset):
        if self.value() in Validity.values:
            return queryset.filter(validity=self.value())
        return queryset


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ("place", "organization")
    fields = ("role", "place", "organization", "note")


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "party", "title", "title_original")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "party":
            # Offer only this agreement's parties; a new agreement's parties are
            # saved first, so they appear once the agreement has been saved.
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AgreementParty.objects.filter(
                agreement_id=object_id if object_id and object_id.isdigit() else None
            ).select_related("place", "organization")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ("person", "organization")
    fields = ("person", "role", "title", "title_original", "organization")


class RelationInline(admin.TabularInline):
    model = AgreementRelation
    fk_name = "from_agreement"
    extra = 0
    autocomplete_fields = ("to_agreement",)
    verbose_name = _("relation to an earlier agreement")
    verbose_name_plural = _("relations to other agreements")


@admin.register(Agreement)
class AgreementAdmin(CuratedAdmin):
    list_display = (
        "title",
        "kind",
        "signed_display",
        "validity_display",
        "partnership",
        "publication_status",
    )
    list_filter = ("publication_status", "kind", ValidityFilter, "signed_remotely", "focus_areas")
    list_select_related = ("partnership",)
    search_fields = ("title", "title_original", "slug")
    autocomplete_fields = ("partnership", "signed_place", "focus_areas")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "signed_on"
    readonly_fields = (*CuratedAdmin.readonly_fields, "validity_display")
    inlines = [
        PartyInline,
        SignatoryInline,
        ParticipantInline,
        RelationInline,
        citation_inline("agreement"),
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "title_original",
                    "title_language",
                    "slug",
                    "kind",
                    "partnership",
                    "focus_areas",
                    "summary",
                )
            },
        ),
        (
            _("Signing"),
            {
                "fields": (
                    ("signed_on", "signed_on_precision"),
                    "signed_venue",
                    "signed_place",
                    "signed_remotely",
                )
            },
        ),
        (
            _("Validity"),
            {
                "fields": (
                    ("valid_from", "valid_from_precision"),
                    ("valid_until", "valid_until_precision"),
                    "validity_display",
                )
            },
        ),
        RECORD_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_validity()

    @admin.display(description=_("signed"), ordering="signed_on")
    def signed_display(self, obj):
        return obj.signed or "—"

    @admin.display(description=_("validity"))
    def validity_display(self, obj):
        return obj.validity_label


@admin.register(AgreementParty)
class AgreementPartyAdmin(admin.ModelAdmin):
    list_display = ("agreement", "role", "place", "organization")
    list_filter = ("role",)
    list_select_related = ("agreement", "place", "organization")
    search_fields = ("agreement__title", "place__name", "organization__name")
    autocomplete_fields = ("agreement", "place", "organization")
    show_full_result_count = False


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ("person", "title", "agreement", "party")
    list_select_related = ("person", "agreement", "party__place", "party__organization")
    search_fields = ("person__name", "title", "agreement__title")
    autocomplete_fields = ("agreement", "person", "party")
    show_full_result_count = False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "title", "agreement")
    list_filter = ("role",)
    list_select_related = ("person", "agreement")
    search_fields = ("person__name", "title", "agreement__title")
    autocomplete_fields = ("agreement", "person", "organization")
    show_full_result_count = False


@admin.register(AgreementRelation)
class AgreementRelationAdmin(admin.ModelAdmin):
    list_display = ("from_agreement", "kind", "to_agreement")
    list_filter = ("kind",)
    list_select_related = ("from_agreement", "to_agreement")
    search_fields = ("from_agreement__title", "to_agreement__title")
    autocomplete_fields = ("from_agreement", "to_agreement")


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "description", "agreement_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agreement_total=Count("agreements"))

    @admin.display(description=_("agreements"), ordering="agreement_total")
    def agreement_count(self, obj):
        return obj.agreement_total


class MissionNameInline(admin.TabularInline):
    model = MissionName
    extra = 0
    fields = ("name", "language", "note")


@admin.register(MissionName)
class MissionNameAdmin(admin.ModelAdmin):
    list_display = ("name", "mission", "language", "note")
    list_select_related = ("mission",)
    search_fields = ("name", "mission__title")
    autocomplete_fields = ("mission",)


@admin.register(Mission)
class MissionAdmin(CuratedAdmin):
    list_display = ("title", "kind", "started_on", "ended_on", "publication_status")
    list_filter = ("publication_status", "kind")
    search_fields = ("title", "slug")
    autocomplete_fields = ("destinations", "leaders", "organizers", "agreements")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "started_on"
    inlines = [MissionNameInline, citation_inline("mission")]
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "summary")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("started_on", "started_on_precision"),
                    ("ended_on", "ended_on_precision"),
                )
            },
        ),
        (_("Links"), {"fields": ("destinations", "leaders", "organizers", "agreements")}),
        RECORD_FIELDSET,
    )


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = (
        "title",
        "kind",
        "publisher",
        "published_display",
        "language",
        "citation_link",
        "publication_status",
    )
    list_filter = ("publication_status", "kind", "language")
    search_fields = ("title", "publisher", "slug", "url", "file_name")
    autocomplete_fields = ("publisher_organization",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_on"
    # The list links to the twin-town import (agreements/admin_import.py).
    change_list_template = "admin/import/source_change_list.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "kind",
                    "publisher",
                    "publisher_organization",
                    ("published_on", "published_on_precision"),
                    "language",
                    "url",
                    "file_name",
                )
            },
        ),
        (_("Provenance"), {"fields": ("is_publisher_inferred", "is_date_inferred", "note")}),
        (_("Full text"), {"fields": ("text",), "classes": ("collapse",)}),
        RECORD_FIELDSET,
    )

    def get_urls(self):
        from agreements.admin_import import import_urls

        return [*import_urls(self), *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    @admin.display(description=_("published"), ordering="published_on")
    def published_display(self, obj):
        return obj.published or "—"

    @admin.display(description=_("citations"), ordering="citation_total")
    def citation_link(self, obj):
        url = reverse("admin:agreements_citation_changelist") + f"?source__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.citation_total)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ("source", "record_display", "is_inferred", "note")
    list_filter = ("is_inferred",)
    # The display name of each kind of record reads these rows too.
    list_select_related = (
        "source",
        *CITABLE_FIELDS,
        "position__organization",
        "party__place",
        "party__organization",
        "signatory__person",
        "participant__person",
    )
    search_fields = ("source__title", "note")
    autocomplete_fields = ("source", *CITABLE_FIELDS)
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("source", "is_inferred", "note")}),
        (_("The record it supports (choose exactly one)"), {"fields": CITABLE_FIELDS}),
    )

    @admin.display(description=_("record"))
    def record_display(self, obj):
        return obj.record
