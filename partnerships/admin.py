from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from partnerships.merging import merge_records
from partnerships.models import (
    Organization,
    OrganizationName,
    Partnership,
    PartnershipMember,
    PartnershipStage,
    Person,
    PersonName,
    Place,
    PlaceIdentifier,
    PlaceName,
    Position,
    PublicationStatus,
)

RECORD_FIELDSET = (
    _("Record"),
    {"fields": ("publication_status", "verified_on", "created_at", "updated_at")},
)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with reverting to an old version treated as a change.

    simple-history saves a revert after checking only the view permission, so a
    Viewer could change records through it; here a revert needs the change
    permission and passes check_revert().
    """

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
            version = get_object_or_404(
                self.model.history.model, pk=current.pk, history_id=version_id
            )
            self.check_revert(request, current, version)
        # One transaction, as the change form has: the revert saves the record and its
        # inlines together, and the edit-conflict check locks the row meanwhile.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def check_revert(self, request, current, version) -> None:
        """Raise PermissionDenied when this user may not restore ``version``."""


class EditConflictForm(forms.ModelForm):
    """Refuse to save over a change somebody else saved after this form was opened.

    The form carries the record's ``updated_at`` as it was when the page was
    loaded. On saving, the row is locked (the admin saves inside a transaction) and
    its current ``updated_at`` compared: a difference means another save came
    first, and this one is refused with the form still filled in.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a revert form's instance is the
            # old version, while the conflict is with the row as it stands now.
            self.fields["loaded_version"].initial = self.current_version(lock=False)

    def current_version(self, *, lock: bool) -> str:
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        updated_at = rows.values_list("updated_at", flat=True).first()
        return updated_at.isoformat() if updated_at else ""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and cleaned_data.get("loaded_version") != self.current_version(
            lock=True
        ):
            raise ValidationError(
                _(
                    "Somebody else saved this record after you opened it, so your changes "
                    "were not saved. Open the record again in a new tab to see their "
                    "version, then make your changes there."
                ),
                code="edit_conflict",
            )
        return cleaned_data


class CuratedAdmin(HistoryAdmin):
    """Admin for records with a publication workflow, history and bookkeeping dates.

    Only staff with the model's ``publish_*`` permission (Reviewers) may publish or
    unpublish; Editors can move a record between draft and review. Two staff editing
    the same record: the second save is refused (EditConflictForm).
    """

    form = EditConflictForm
    actions = ["publish", "unpublish"]
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    # Counting every row of a 100,000-row table on each changelist is wasted work.
    show_full_result_count = False

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def check_revert(self, request, current, version) -> None:
        # Restoring an old version must not publish or unpublish behind a Reviewer's back.
        if version.publication_status != current.publication_status and not (
            self.has_publish_permission(request)
        ):
            raise PermissionDenied

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        listed = any("loaded_version" in options["fields"] for _title, options in fieldsets)
        if obj is None or listed:
            return fieldsets
        (title, options), *others = fieldsets
        fields = (*options["fields"], "loaded_version")
        return [(title, {**options, "fields": fields}), *others]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            fields.append("publication_status")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "publication_status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                choice for choice in PublicationStatus.choices if choice[0] != "published"
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.action(permissions=["publish"], description=_("Publish the selected records"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.PUBLISHED)

    @admin.action(
        permissions=["publish"], description=_("Unpublish the selected records (back to draft)")
    )
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, PublicationStatus.DRAFT)

    def _set_status(self, request, queryset, status):
        # Save one by one, not queryset.update(), so each change lands in the history.
        changed = 0
        for record in queryset.exclude(publication_status=status):
            record.publication_status = status
            record._change_reason = f"Set to {status} from the list action"
            record.save(update_fields=["publication_status", "updated_at"])
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d record set to %(status)s.",
                "%(count)d records set to %(status)s.",
                changed,
            )
            % {"count": changed, "status": PublicationStatus(status).label},
            messages.SUCCESS,
        )


class MergeDuplicatesMixin:
    """A list action that folds duplicates into one survivor chosen by staff."""

    def has_merge_permission(self, request):
        # Merging deletes records, so it needs both permissions (an action's
        # permissions list means "any of them", hence this method).
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(permissions=["merge"], description=_("Merge the selected duplicates"))
    def merge_duplicates(self, request, queryset):
        records = list(queryset.order_by("pk"))
        if len(records) < 2:
            self.message_user(request, _("Select at least two records to merge."), messages.ERROR)
            return None
        survivor_id = request.POST.get("survivor")
        if request.POST.get("confirm") == "yes" and survivor_id:
            survivor = next((r for r in records if str(r.pk) == survivor_id), None)
            if survivor is None:
                self.message_user(request, _("Choose a survivor from the list."), messages.ERROR)
                return None
            try:
                merged = merge_records(survivor, [r for r in records if r.pk != survivor.pk])
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.log_change(request, survivor, f"Merged {merged} duplicate(s) into this record.")
            self.message_user(
                request,
                ngettext(
                    "Merged %(count)d duplicate into “%(survivor)s”.",
                    "Merged %(count)d duplicates into “%(survivor)s”.",
                    merged,
                )
                % {"count": merged, "survivor": survivor},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge duplicates"),
            "opts": self.opts,
            "records": records,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_duplicates.html", context)


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 0
    fields = ("name", "language", "script", "valid_from", "valid_until", "note")


class PlaceIdentifierInline(admin.TabularInline):
    model = PlaceIdentifier
    extra = 0


@admin.register(Place)
class PlaceAdmin(MergeDuplicatesMixin, CuratedAdmin):
    list_display = (
        "name",
        "native_name",
        "kind",
        "country",
        "parent",
        "publication_status",
        "updated_at",
    )
    list_filter = ("publication_status", "kind", "country")
    list_select_related = ("parent",)
    search_fields = ("name", "native_name", "slug", "alternate_names__name", "identifiers__value")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PlaceNameInline, PlaceIdentifierInline]
    actions = [*CuratedAdmin.actions, "merge_duplicates"]
    fieldsets = (
        (None, {"fields": ("name", "native_name", "slug", "kind", "country", "parent")}),
        (_("Location"), {"fields": ("latitude", "longitude")}),
        RECORD_FIELDSET,
    )


@admin.register(PlaceName)
class PlaceNameAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "language", "script", "valid_from", "valid_until")
    list_select_related = ("place",)
    search_fields = ("name", "place__name")
    autocomplete_fields = ("place",)


@admin.register(PlaceIdentifier)
class PlaceIdentifierAdmin(admin.ModelAdmin):
    list_display = ("value", "scheme", "place")
    list_filter = ("scheme",)
    list_select_related = ("place",)
    search_fields = ("value", "place__name")
    autocomplete_fields = ("place",)


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    extra = 0
    fields = ("name", "language", "script", "valid_from", "valid_until", "note")


@admin.register(Organization)
class OrganizationAdmin(MergeDuplicatesMixin, CuratedAdmin):
    list_display = ("name", "abbreviation", "kind", "place", "parent", "publication_status")
    list_filter = ("publication_status", "kind")
    list_select_related = ("place", "parent")
    search_fields = ("name", "abbreviation", "native_name", "slug", "alternate_names__name")
    autocomplete_fields = ("place", "parent")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OrganizationNameInline]
    actions = [*CuratedAdmin.actions, "merge_duplicates"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "abbreviation",
                    "native_name",
                    "slug",
                    "kind",
                    "place",
                    "parent",
                    "website",
                )
            },
        ),
        RECORD_FIELDSET,
    )


@admin.register(OrganizationName)
class OrganizationNameAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "language", "valid_from", "valid_until")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__name")
    autocomplete_fields = ("organization",)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 0
    fields = ("name", "language", "script", "note")


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ("organization",)
    fields = (
        "title",
        "title_original",
        "title_language",
        "organization",
        "started_on",
        "started_on_precision",
        "ended_on",
        "ended_on_precision",
    )


@admin.register(Person)
class PersonAdmin(MergeDuplicatesMixin, CuratedAdmin):
    list_display = ("name", "honorific_prefix", "native_name", "publication_status", "updated_at")
    list_filter = ("publication_status",)
    search_fields = ("name", "native_name", "slug", "alternate_names__name", "positions__title")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PersonNameInline, PositionInline]
    actions = [*CuratedAdmin.actions, "merge_duplicates"]
    fieldsets = (
        (None, {"fields": ("name", "honorific_prefix", "native_name", "slug")}),
        RECORD_FIELDSET,
    )


@admin.register(PersonName)
class PersonNameAdmin(admin.ModelAdmin):
    list_display = ("name", "person", "language", "note")
    list_select_related = ("person",)
    search_fields = ("name", "person__name")
    autocomplete_fields = ("person",)


@admin.register(Position)
class PositionAdmin(HistoryAdmin):
    list_display = ("title", "person", "organization", "started_on", "ended_on")
    list_select_related = ("person", "organization")
    search_fields = ("title", "title_original", "person__name", "organization__name")
    autocomplete_fields = ("person", "organization")
    show_full_result_count = False


class MemberFormSet(BaseInlineFormSet):
    def clean(self):
        """Refuse a second partnership between the same members, with a readable error."""
        super().clean()
        members = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.place_id or form.instance.organization_id)
        ]
        if len(members) < 2:
            raise ValidationError(_("A partnership links at least two places or organizations."))
        existing = self.instance.duplicate_of(members)
        if existing is not None:
            raise ValidationError(
                _("These members already form the partnership “%(name)s”."),
                params={"name": existing.name},
            )


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    formset = MemberFormSet
    extra = 2
    min_num = 0
    autocomplete_fields = ("place", "organization")


class PartnershipStageInline(admin.TabularInline):
    model = PartnershipStage
    extra = 0
    fields = ("kind", "began_on", "began_on_precision", "note")


@admin.register(Partnership)
class PartnershipAdmin(CuratedAdmin):
    list_display = (
        "name",
        "kind",
        "status",
        "established_display",
        "member_count",
        "publication_status",
    )
    list_filter = ("publication_status", "kind", "status")
    search_fields = ("name", "slug", "members__place__name", "members__organization__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PartnershipMemberInline, PartnershipStageInline]
    date_hierarchy = "established_on"
    readonly_fields = (*CuratedAdmin.readonly_fields, "member_key")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "status", "summary")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("established_on", "established_on_precision"),
                    ("ended_on", "ended_on_precision"),
                )
            },
        ),
        (_("Record"), {"fields": (*RECORD_FIELDSET[1]["fields"], "member_key")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("established"), ordering="established_on")
    def established_display(self, obj):
        return obj.established or "—"

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_member_key()


class PartnershipMemberForm(forms.ModelForm):
    class Meta:
        model = PartnershipMember
        fields = ("partnership", "place", "organization")

    def clean(self):
        cleaned_data = super().clean()
        partnership = cleaned_data.get("partnership")
        if partnership is not None and not self.errors:
            # self.instance is filled in only after clean(); build the new member here.
            new_member = PartnershipMember(
                place=cleaned_data.get("place"), organization=cleaned_data.get("organization")
            )
            members = [*partnership.members.exclude(pk=self.instance.pk), new_member]
            existing = partnership.duplicate_of(members)
            if existing is not None:
                raise ValidationError(
                    _("With this member it would duplicate the partnership “%(name)s”."),
                    params={"name": existing.name},
                )
        return cleaned_data


@admin.register(PartnershipMember)
class PartnershipMemberAdmin(admin.ModelAdmin):
    form = PartnershipMemberForm
    list_display = ("partnership", "place", "organization")
    list_select_related = ("partnership", "place", "organization")
    search_fields = ("partnership__name", "place__name", "organization__name")
    autocomplete_fields = ("partnership", "place", "organization")
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.partnership.refresh_member_key()

    def delete_model(self, request, obj):
        partnership = obj.partnership
        super().delete_model(request, obj)
        partnership.refresh_member_key()

    def delete_queryset(self, request, queryset):
        partnerships = list(Partnership.objects.filter(members__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for partnership in partnerships:
            partnership.refresh_member_key()


@admin.register(PartnershipStage)
class PartnershipStageAdmin(admin.ModelAdmin):
    list_display = ("partnership", "kind", "began_on")
    list_filter = ("kind",)
    list_select_related = ("partnership",)
    search_fields = ("partnership__name",)
    autocomplete_fields = ("partnership",)
