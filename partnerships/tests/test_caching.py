"""Cached public pages: served without queries, dropped the moment the directory changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.tests.factory import make_agreement
from partnerships.caching import VERSION_KEY, bulk_changes, directory_version
from partnerships.models import PublicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    return response, len(context)


def test_second_visit_is_served_from_the_cache(client, page_cache):
    make_agreement("Kept in the cache")
    first, first_queries = queries(client, "/agreements/")
    second, second_queries = queries(client, "/agreements/")
    assert first_queries > 5
    assert second_queries == 0
    assert second.content == first.content


def test_a_published_change_shows_at_once(client, page_cache):
    draft = make_agreement("Not yet public", publication_status=PublicationStatus.DRAFT)
    assert b"Not yet public" not in client.get("/agreements/").content
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    assert b"Not yet public" in client.get("/agreements/").content


def test_staff_pages_are_never_cached(client, admin_user, page_cache):
    client.force_login(admin_user)
    make_agreement()
    client.get("/agreements/")
    _, second_queries = queries(client, "/agreements/")
    assert second_queries > 0


def test_each_language_and_query_has_its_own_entry(client, page_cache):
    make_agreement()
    english = client.get("/agreements/").content
    german = client.get("/de/agreements/").content
    filtered = client.get("/agreements/?kind=renewal").content
    assert len({english, german, filtered}) == 3


def test_conditional_get_answers_304(client, page_cache):
    make_agreement()
    response = client.get("/agreements/")
    etag = response["ETag"]
    assert client.get("/agreements/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_agreement("A change")  # new content, new ETag
    assert client.get("/agreements/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_bulk_changes_bump_the_version_once(page_cache):
    before = directory_version()
    with bulk_changes():
        for _ in range(3):
            make_agreement()
        assert cache.get(VERSION_KEY) == before
    assert directory_version() != before


def test_admin_publish_action_invalidates(client, admin_user, page_cache):
    draft = make_agreement("Waiting for review", publication_status=PublicationStatus.DRAFT)
    anonymous = client.__class__()
    assert b"Waiting for review" not in anonymous.get("/agreements/").content
    client.force_login(admin_user)
    client.post(
        "/admin/agreements/agreement/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert b"Waiting for review" in anonymous.get("/agreements/").content


@pytest.fixture
def facet_cache(settings):
    settings.FACET_CACHE_SECONDS = 300
    cache.clear()


def facet_counts(response, key) -> dict:
    facet = next(facet for facet in response.context["facets"] if facet.key == key)
    return {option.label: option.count for option in facet.options}


def test_other_pages_and_sort_orders_reuse_the_facet_counts(client, facet_cache):
    for index in range(30):
        make_agreement(f"Agreement {index:02d}", kind="memorandum_of_understanding")
    make_agreement("Letter", kind="letter_of_intent")
    first, first_queries = queries(client, "/agreements/?kind=memorandum_of_understanding")
    again, again_queries = queries(
        client, "/agreements/?kind=memorandum_of_understanding&page=2&sort=title"
    )
    other, other_queries = queries(client, "/agreements/?kind=letter_of_intent")
    assert (
        facet_counts(again, "kind")
        == facet_counts(first, "kind")
        == {"memorandum of understanding": 30}
    )
    assert again_queries <= first_queries - 5  # the facet queries did not run again
    assert other_queries == first_queries  # other filters count afresh
    assert facet_counts(other, "kind") == {"letter of intent": 1}


def test_facet_counts_follow_a_change_at_once(client, facet_cache):
    make_agreement("First", kind="memorandum_of_understanding")
    assert facet_counts(client.get("/agreements/"), "kind") == {"memorandum of understanding": 1}
    make_agreement("Second", kind="memorandum_of_understanding")
    assert facet_counts(client.get("/agreements/"), "kind") == {"memorandum of understanding": 2}


def test_a_cached_page_still_gets_fresh_security_headers_and_request_id(client, page_cache):
    make_agreement("Cached with headers")
    first = client.get("/agreements/")
    second, second_queries = queries(client, "/agreements/")
    assert second_queries == 0
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert second["ETag"] == first["ETag"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_request_with_a_session_cookie_never_shares_the_cache(client, page_cache):
    make_agreement("Shared with nobody signed in")
    client.get("/agreements/")
    client.cookies["sessionid"] = "whatever"
    _response, signed_in_queries = queries(client, "/agreements/")
    assert signed_in_queries > 0


def test_a_forged_host_is_refused_even_when_the_page_is_cached(client, page_cache, settings):
    settings.ALLOWED_HOSTS = ["directory.example.org", "www.directory.example.org"]
    make_agreement("Cached for the right host")
    first = client.get("/agreements/", HTTP_HOST="directory.example.org")
    assert first.status_code == 200
    assert client.get("/agreements/", HTTP_HOST="evil.example").status_code == 400
    # Each allowed host has its own entry: pages carry absolute links.
    other = client.get("/agreements/", HTTP_HOST="www.directory.example.org")
    assert b"www.directory.example.org" in other.content
