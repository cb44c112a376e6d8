"""The admin's twin-town import: upload a CSV, read the dry-run report, confirm.

Reached from the sources list ("Import twin towns"). The upload is kept in a private
temporary file between the dry run and the confirmation; the options chosen are kept
in the session, so the confirmation imports exactly what the report described.
Staff need to be allowed to add places, partnerships, sources and citations; only
those who may publish all three (Reviewers) can import records as published.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from agreements.importing.twin_towns import FileFormatError, import_twin_towns
from partnerships.models import PublicationStatus

URL_NAME = "agreements_source_import_twin_towns"
TEMPLATE = "admin/import/twin_towns.html"
SESSION_KEY = "twin_town_imports"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_LIFETIME_SECONDS = 24 * 3600

IMPORT_PERMISSIONS = (
    "partnerships.add_place",
    "partnerships.add_partnership",
    "agreements.add_source",
    "agreements.add_citation",
)
PUBLISH_PERMISSIONS = (
    "partnerships.publish_place",
    "partnerships.publish_partnership",
    "agreements.publish_source",
)

FORMAT_LABELS = {
    "auto": _("Detect from the header row"),
    "wikipedia-csv": _("Wikipedia list (city1, country1, lat1, lng1, city2, country2, lat2, lng2)"),
    "generic-csv": _(
        "Generic (place, country, partner_place, partner_country; optionally kind, "
        "established, source_url, lat, lng, partner_lat, partner_lng, wikidata, "
        "partner_wikidata, geonames, partner_geonames)"
    ),
}


def upload_dir() -> Path:
    directory = Path(tempfile.gettempdir()) / "twinning-imports"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def upload_path(token: str) -> Path:
    return upload_dir() / f"{token}.csv"


def forget_old_uploads() -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for stale in upload_dir().glob("*.csv"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)


class TwinTownImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8 text with a header row, comma-separated.")
    )
    format = forms.ChoiceField(label=_("Layout"), choices=list(FORMAT_LABELS.items()))
    source_title = forms.CharField(
        label=_("Source title"),
        required=False,
        max_length=400,
        help_text=_(
            "The source the import is recorded under and cited by. Wikipedia lists default "
            "to “Wikipedia: List of twin towns and sister cities (via Hekman/twincities)”; "
            "other files to their file name."
        ),
    )
    source_url = forms.URLField(
        label=_("Source URL"), required=False, max_length=500, assume_scheme="https"
    )
    status = forms.ChoiceField(
        label=_("Publication status of new records"), choices=PublicationStatus.choices
    )

    def __init__(self, *args, may_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            self.fields["status"].choices = [
                choice
                for choice in PublicationStatus.choices
                if choice[0] != PublicationStatus.PUBLISHED
            ]
        self.fields["status"].initial = (
            PublicationStatus.PUBLISHED if may_publish else PublicationStatus.DRAFT
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; use the command line."))
        return upload


class TwinTownImportView:
    """Upload → dry run report → confirm → import, inside the admin site."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def __call__(self, request):
        user = request.user
        if not user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        may_publish = user.has_perms(PUBLISH_PERMISSIONS)
        if request.method == "POST" and "confirm" in request.POST:
            return self.confirm(request)
        if request.method == "POST" and "cancel" in request.POST:
            self.forget(request, request.POST.get("token", ""))
            return redirect(reverse("admin:agreements_source_changelist"))
        if request.method == "POST":
            form = TwinTownImportForm(request.POST, request.FILES, may_publish=may_publish)
            if form.is_valid():
                return self.dry_run(request, form)
        else:
            form = TwinTownImportForm(may_publish=may_publish)
        return self.render(request, {"form": form})

    def render(self, request, context):
        opts = self.model_admin.model._meta
        return TemplateResponse(
            request,
            TEMPLATE,
            {
                **self.model_admin.admin_site.each_context(request),
                "title": _("Import twin towns"),
                "opts": opts,
                "media": self.model_admin.media,
                **context,
            },
        )

    def dry_run(self, request, form):
        forget_old_uploads()
        token = secrets.token_hex(16)
        upload = form.cleaned_data["file"]
        with upload_path(token).open("wb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
        options = {
            "file_name": Path(upload.name).name[:200],
            "format_name": form.cleaned_data["format"],
            "source_title": form.cleaned_data["source_title"] or None,
            "source_url": form.cleaned_data["source_url"] or None,
            "status": form.cleaned_data["status"],
        }
        try:
            report = import_twin_towns(upload_path(token), dry_run=True, **options)
        except FileFormatError as error:
            upload_path(token).unlink(missing_ok=True)
            form.add_error("file", str(error))
            return self.render(request, {"form": form})
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = options
        request.session[SESSION_KEY] = pending
        return self.render(request, {"report": report, "token": token, "options": options})

    def confirm(self, request):
        token = request.POST.get("token", "")
        options = request.session.get(SESSION_KEY, {}).get(token)
        if options is None or not upload_path(token).exists():
            messages.error(request, _("That upload has expired; please upload the file again."))
            return redirect(reverse(f"admin:{URL_NAME}"))
        if options["status"] == PublicationStatus.PUBLISHED and not request.user.has_perms(
            PUBLISH_PERMISSIONS
        ):
            raise PermissionDenied
        try:
            report = import_twin_towns(upload_path(token), user=request.user, **options)
        except FileFormatError as error:
            messages.error(request, str(error))
            return redirect(reverse(f"admin:{URL_NAME}"))
        finally:
            self.forget(request, token)
        source = self.model_admin.model._default_manager.filter(pk=report.source_pk).first()
        if source is not None:
            self.model_admin.log_change(
                request,
                source,
                f"Imported {options['file_name']}: {report.partnerships_created} partnerships "
                f"and {report.places_created} places created, {report.rows_skipped} rows "
                "skipped.",
            )
        messages.success(
            request,
            _(
                "Imported: %(partnerships)d partnerships and %(places)d places created, "
                "%(skipped)d rows skipped."
            )
            % {
                "partnerships": report.partnerships_created,
                "places": report.places_created,
                "skipped": report.rows_skipped,
            },
        )
        return self.render(request, {"report": report, "done": True, "source": source})

    def forget(self, request, token: str) -> None:
        pending = request.session.get(SESSION_KEY, {})
        if token in pending:
            del pending[token]
            request.session[SESSION_KEY] = pending
        if token and token.isalnum():
            upload_path(token).unlink(missing_ok=True)


def import_urls(model_admin) -> list:
    """The URL SourceAdmin.get_urls() adds: admin/agreements/source/import-twin-towns/."""
    importer = TwinTownImportView(model_admin)

    def import_twin_towns_view(request):
        return importer(request)

    view = model_admin.admin_site.admin_view(import_twin_towns_view)
    return [path("import-twin-towns/", view, name=URL_NAME)]
