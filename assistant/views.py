"""The admin page of the assistant: paste a release, review the proposal, create drafts."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from assistant.drafts import create_drafts
from assistant.extraction import extract
from assistant.forms import ReleaseContextForm, ReleaseForm, proposal_from_forms, review_formsets
from assistant.matching import match_proposal

TEMPLATE = "admin/assistant/release_import.html"
# Draft creation adds these; Editors hold them all.
REQUIRED_PERMISSIONS = (
    "partnerships.add_place",
    "partnerships.add_organization",
    "partnerships.add_person",
    "partnerships.add_position",
    "agreements.add_agreement",
    "agreements.add_source",
    "agreements.add_citation",
)


def release_import(request):
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    if request.method == "POST" and "create" in request.POST:
        return create(request)
    release_form = ReleaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and release_form.is_valid():
        return review(request, release_form.cleaned_data)
    return render(request, release_form=release_form)


def review(request, release: dict):
    proposal = match_proposal(extract(release["text"], reference_date=release["published_on"]))
    context_form = ReleaseContextForm(
        initial={
            "text": release["text"],
            "file_name": release["file_name"],
            "title": proposal.title or release["text"].strip().splitlines()[0][:400],
            "language": proposal.language,
            "published_on": proposal.published_on or "",
        }
    )
    return render(request, context_form=context_form, formsets=review_formsets(proposal))


def create(request):
    context_form = ReleaseContextForm(request.POST)
    formsets = review_formsets(data=request.POST)
    if not (context_form.is_valid() and all(f.is_valid() for f in formsets.values())):
        return render(request, context_form=context_form, formsets=formsets, status=400)
    result = create_drafts(
        proposal_from_forms(context_form, formsets),
        text=context_form.cleaned_data["text"],
        file_name=context_form.cleaned_data["file_name"],
    )
    messages.success(request, result.summary())
    return redirect(reverse("admin:agreements_source_change", args=[result.source.pk]))


def render(request, *, status=200, **context):
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **admin.site.each_context(request),
            "title": _("Import a press release"),
            **context,
        },
        status=status,
    )
