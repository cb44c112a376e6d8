"""Whole-page caching for anonymous visitors, invalidated whenever the directory changes.

Every cached page is stored with the directory's version it was rendered at; any
save or delete of a directory record (signals, wired in agreements.apps) or a bulk
load (commands call bump_directory_version) sets a new version, so every page is
rendered afresh on its next request, on every server sharing the cache.
"""

import hashlib
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import get_language_from_path

VERSION_KEY = "directory-version"
# Paths that are never cached besides the admin: the API (own paging), health, dumps.
UNCACHED_PREFIXES = ("/api/", "/healthz", "/data/", "/static/")


def directory_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


_bulk = threading.local()


def bump_directory_version(**_signal_kwargs) -> None:
    """Invalidate every cached page (a new, never-seen version number)."""
    if getattr(_bulk, "depth", 0):
        _bulk.pending = True
        return
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


@contextmanager
def bulk_changes():
    """Bump the version once for a whole load instead of once per saved row."""
    _bulk.depth = getattr(_bulk, "depth", 0) + 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        if _bulk.depth == 0:
            _bulk.pending = False
            bump_directory_version()


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; store fresh 200 responses.

    It sits early in MIDDLEWARE, before sessions, locale, CSRF and authentication, so
    a hit costs little more than the cache read: a request without a session cookie
    cannot be signed in, and a page's language follows from its path alone
    (i18n_patterns without a prefix for English). The ETag is computed once, before
    the page is stored, not on every hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.cache_key(request)
        if key is None:
            return self.get_response(request)
        # One round trip for both the directory's version and the page, stored with the
        # version it was rendered at: a page from an older version is a miss.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or directory_version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return stored[1]
        response = self.get_response(request)
        if self.cacheable(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if not response.has_header("ETag"):
                set_response_etag(response)
            cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def cache_key(request) -> str | None:
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return None
        if request.path.startswith((f"/{settings.ADMIN_URL}", *UNCACHED_PREFIXES)):
            return None
        # Staff see drafts: whoever may be signed in never shares cached pages.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        # get_host() refuses a Host outside ALLOWED_HOSTS (400), which CommonMiddleware,
        # further down, would otherwise be the first to check; pages hold absolute links,
        # so each allowed host has its own entries.
        url = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        return f"page:{language}:{request.method}:{url}"

    @staticmethod
    def cacheable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )
