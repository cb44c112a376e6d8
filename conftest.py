"""Project-wide pytest fixtures."""

import tempfile

import pytest
from django.conf import settings
from django.core.cache import cache


def pytest_configure(config):
    # Whitenoise warns about a missing STATIC_ROOT; tests never collect into it.
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="static-root-")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Render every page afresh; tests of the page cache turn it on themselves."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FACET_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Serve static files without the collectstatic manifest in tests.

    Production uses hashed names from the manifest; tests render templates without
    running collectstatic first. The gunicorn smoke test covers the manifest path.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
