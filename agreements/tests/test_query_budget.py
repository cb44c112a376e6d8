"""The query budget of every public page holds on a generated directory, not just on a
handful of hand-made rows: the count must not move when the tables grow tenfold."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from partnerships.models import Organization, Partnership, Person, Place

pytestmark = pytest.mark.django_db

# No public page may cost more queries than this, however large the directory.
QUERY_BUDGET = 20

LIST_PAGES = [
    "/",
    "/agreements/",
    "/agreements/?country=JP&sort=-signed",
    "/agreements/?kind=memorandum_of_understanding&focus=healthcare",
    "/agreements/?q=memorandum",
    "/partnerships/",
    "/partnerships/?country=DE",
    "/places/",
    "/places/?q=osaka",
    "/organizations/",
    "/people/",
    "/sources/",
    "/focus-areas/",
    "/countries/",
    "/countries/JP/",
    "/search/?q=osaka",
    "/timeline/",
    "/network/",
    "/statistics/",
]


def detail_pages() -> list[str]:
    """Seed records' pages: the same records with either generated directory around them."""
    return [
        model.objects.published().exclude(slug__startswith="syn-").first().get_absolute_url()
        for model in (Agreement, Partnership, Place, Organization, Person)
    ]


def query_counts(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(context)
    return counts


class _RollBack(Exception):
    """Raised to undo a generated directory once its pages are counted."""


def query_counts_on_generated(client, urls, size: int) -> dict[str, int]:
    """Counts with a directory of ``size`` synthetic agreements (and the rest in step)."""
    try:
        with transaction.atomic():
            call_command(
                "generate_directory",
                verbosity=0,
                places=size * 2 // 3,
                organizations=size // 4,
                people=size // 3,
                agreements=size,
                seed=7,
            )
            counts = query_counts(client, urls)
            raise _RollBack
    except _RollBack:
        return counts


def test_pages_cost_the_same_queries_on_a_small_and_a_ten_times_larger_directory(client):
    call_command("load_directory", verbosity=0)
    urls = LIST_PAGES + detail_pages()

    small = query_counts_on_generated(client, urls, 60)
    large = query_counts_on_generated(client, urls, 600)

    changed = {url: (small[url], n) for url, n in large.items() if n != small[url]}
    assert changed == {}, "queries with 60 agreements, then with 600"
    assert {url: n for url, n in large.items() if n > QUERY_BUDGET} == {}
