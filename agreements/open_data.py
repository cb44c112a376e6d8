"""robots.txt and the download of the latest full data dump."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

LATEST_DUMP_NAME = "latest.json"


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("open-data:sitemap"))
    lines = [
        "User-agent: *",
        # Only the well-known path: a custom ADMIN_URL is meant to stay unpublished.
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /*/search/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def latest_dump(request):
    """Serve the file `manage.py dump_directory` wrote last (see docs/data-dump.md)."""
    path = settings.DUMP_DIR / LATEST_DUMP_NAME
    if not path.is_file():
        raise Http404("No data dump has been made yet: run manage.py dump_directory.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename="partnership-directory.json",
        content_type="application/json",
    )
