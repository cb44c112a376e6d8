"""Bad input on every public URL answers 200, 400 or 404, never 500 (issue #9).

Hypothesis throws huge and negative numbers, unicode, NUL bytes, SQL and HTML
injection strings, malformed dates, page numbers past the end and repeated
parameters at the query string of every page, and odd segments at every path
with a slug or a country code. The URLs, and each list page's parameters, are
read from the URL conf and the FilterSets, so a new page or filter is fuzzed
without touching this file.

The runs are derandomized: CI sees the same examples every time and never flakes.
A server error raises in the test client, so Hypothesis shows the failing URL.
"""

import functools
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from agreements.api.urls import router
from agreements.models import FocusArea
from partnerships.listing import FilteredListView
from partnerships.models import Place, PublicationStatus
from partnerships.tests.factory import make_place

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HTML_PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
)
NASTY = (
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1e10",
    "1.5",
    "NaN",
    "-inf",
    "0x1F",
    "٣",  # an Arabic-Indic digit: int() reads it
    "2147483648",
    "-9223372036854775809",
    "9" * 5000,  # past Python's limit for int() of a string
    "2024-13-45",
    "0000-00-00",
    "2024-02-30",
    "99999-01-01",
    "' OR '1'='1",
    "1; DROP TABLE partnerships_place; --",
    "' UNION SELECT NULL, NULL --",
    "%",
    "_",
    "\\",
    "a & b | !c:* <-> (",  # tsquery syntax
    *HTML_PAYLOADS,
    "javascript:alert(1)",
    "{{ request }}{% debug %}",
    "\x00",
    "a\x00b",
    "\x1b[31m\r\n",
    "\u202eevil",
    "مدينة",
    "東京",
    "🤝🏽",
    "e\u0301\u0301\u0301",
    "\ufeff\u200b",
    "ﬁ",  # upper-cases to two letters, "FI"
    "A" * 10_000,
    "last",
    "../../etc/passwd",
    "%00",
)
values = st.one_of(
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.floats().map(str),
    st.text(max_size=40),
    st.binary(max_size=12),  # raw bytes: a query string need not be UTF-8
)
# Appended to the query string as they are, not percent-encoded.
RAW_QUERY_TAILS = ("", "&", "&&=&", "%", "%ZZ", "page", "=x", ";page=1", "%C0%80")
PAGE_NUMBERS = ["1", "2", "3", "last", "0", "-1", "1.0", "999999999999999999999"]
LANGUAGE_PREFIXES = ("", "/de", "/ja")


def public_routes():
    """(route, view, translated) for every URL outside the admin and the API.

    Everything under ADMIN_URL is for signed-in staff (a redirect to the sign-in
    page for anyone else); the API is fuzzed separately below.
    """
    found = []

    def walk(patterns, prefix, translated):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                route = prefix + str(entry.pattern)
                if entry.app_name == "api" or route.startswith(django_settings.ADMIN_URL):
                    continue
                if isinstance(entry.pattern, LocalePrefixPattern):
                    walk(entry.url_patterns, prefix, True)
                else:
                    walk(entry.url_patterns, route, translated)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                if not route.startswith(django_settings.ADMIN_URL):
                    found.append(("/" + route, entry.callback, translated))

    walk(get_resolver().url_patterns, "", False)
    return found


def filterset_of(view):
    view_class = getattr(view, "view_class", None)
    if view_class and issubclass(view_class, FilteredListView):
        return view_class.filterset_class
    return None


ROUTES = public_routes()
LIST_PAGES = {route: filterset_of(view) for route, view, _ in ROUTES if filterset_of(view)}
OTHER_PAGES = [
    (route, translated)
    for route, view, translated in ROUTES
    if "<" not in route and not filterset_of(view)
]
DETAIL_ROUTES = [(route, translated) for route, _view, translated in ROUTES if "<" in route]
DETAIL_VIEWS = {route: view for route, view, _translated in ROUTES if "<" in route}
API_LISTS = {
    f"/api/v1/{prefix}/": getattr(viewset, "filterset_class", None)
    for prefix, viewset, _basename in router.registry
}


def test_the_fuzzed_urls_cover_the_site():
    """Guard the discovery itself: the main pages and every detail page are fuzzed."""
    assert {
        "/agreements/",
        "/places/",
        "/partnerships/",
        "/organizations/",
        "/people/",
        "/sources/",
        "/map/",
        "/timeline/",
        "/network/",
        "/statistics/",
    } <= set(LIST_PAGES)
    assert {("/", True), ("/search/", True), ("/sitemap.xml", False)} <= set(OTHER_PAGES)
    assert {
        ("/places/<slug:slug>/", True),
        ("/countries/<str:code>/", True),
        ("/missions/<slug:slug>/", True),
        ("/feeds/agreements/country/<str:code>/", False),
    } <= set(DETAIL_ROUTES)


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    """The seed directory, loaded once for the module and rolled back at its end.

    Examples only read, and each runs in a savepoint of its own besides. A draft
    place is there so that its slug, fuzzed, must answer 404.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_directory", verbosity=0)
        make_place(
            "Unpublished", slug="unpublished-draft", publication_status=PublicationStatus.DRAFT
        )
        yield
        transaction.set_rollback(True)


# Cached: the module's directory does not change between examples.
@functools.cache
def known_values(filterset_class) -> dict[str, tuple[str, ...]]:
    """Valid values of each filter, so that good and bad values meet in one query."""
    form = filterset_class(queryset=filterset_class._meta.model.objects.none()).form
    known = {}
    for name, field in form.fields.items():
        if choices := list(getattr(field, "choices", ())):
            known[name] = tuple(str(value) for value, _label in choices if value != "")[:60]
    return known


@functools.cache
def real_segments(route: str) -> tuple[str, ...]:
    """The slugs a detail route serves (drafts included), or the directory's countries."""
    if "<str:code>" in route:
        return tuple(sorted(set(Place.objects.values_list("country", flat=True))))
    model = getattr(getattr(DETAIL_VIEWS[route], "view_class", None), "model", FocusArea)
    return tuple(model.objects.order_by("slug").values_list("slug", flat=True))


def query_strategy(keys, known):
    """A query string: known and unknown keys, any of them repeated, with nasty values."""

    def pair_for(key):
        choices = [values]
        if known.get(key):
            choices.append(st.sampled_from(known[key]))
        return st.tuples(st.just(key), st.one_of(*choices))

    pair = st.sampled_from(keys).flatmap(pair_for)
    stranger = st.tuples(st.text(max_size=10), values)
    pairs = st.lists(st.one_of(pair, pair, stranger), max_size=6)
    return st.tuples(pairs, st.sampled_from(RAW_QUERY_TAILS)).map(
        lambda parts: urlencode(parts[0]) + parts[1]
    )


def fetch(path: str):
    """GET a path in a savepoint of its own and read the whole body; a 500 raises here."""
    with transaction.atomic():
        response = Client().get(path)
        # A streamed download fails, if it fails, while its body is read.
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def assert_answers_cleanly(path: str, allowed=(200, 400, 404)):
    """Answer an allowed status and echo no injected HTML, unless the body is data."""
    response, body = fetch(path)
    assert response.status_code in allowed, (path, response.status_code)
    if currently_in_test_context():
        event(f"status {response.status_code}")
    if not response.get("Content-Type", "").startswith(("application/json", "text/csv")):
        text = body.decode("utf-8", errors="replace")
        for payload in HTML_PAYLOADS:
            assert payload not in text, (path, payload)
    return response


@pytest.mark.parametrize("route", sorted(LIST_PAGES))
@FUZZ
@given(data=st.data(), language=st.sampled_from(LANGUAGE_PREFIXES))
def test_list_page_query_parameters(directory, route, data, language):
    """Every list page, its FilterSet's parameters and page/download, answers 200, 400 or 404."""
    filterset_class = LIST_PAGES[route]
    keys = [*filterset_class.base_filters, "page", "download"]
    known = {
        **known_values(filterset_class),
        "page": PAGE_NUMBERS,
        "download": ["csv", "json", "xml", "CSV"],
    }
    query = data.draw(query_strategy(keys, known), label="query")
    assert_answers_cleanly(f"{language}{route}?{query}")


@FUZZ
@given(
    page=st.sampled_from(OTHER_PAGES),
    query=query_strategy(
        ["q", "page", "p", "sort", "download"], {"page": PAGE_NUMBERS, "p": PAGE_NUMBERS}
    ),
    language=st.sampled_from(LANGUAGE_PREFIXES),
)
@example(page=("/sitemap.xml", False), query="p=99", language="")
@example(page=("/search/", True), query="q=%00", language="/ja")
def test_other_page_query_parameters(directory, page, query, language):
    """Pages without a FilterSet (home, search, feeds, sitemap...) shrug off any query."""
    route, translated = page
    assert_answers_cleanly(f"{language if translated else ''}{route}?{query}")


@pytest.mark.parametrize("path", ["/agreements/", "/de/search/", "/api/v1/places/"])
def test_more_repeated_parameters_than_django_reads(directory, path):
    """Past DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, Django's own 400 answers."""
    count = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    assert_answers_cleanly(f"{path}?" + "&".join(["q=x"] * count), allowed=(400,))


@FUZZ
@given(
    q=st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=250),
        st.text(alphabet="&|!():*<->'\"\\%_ aé", max_size=20),  # tsquery and LIKE syntax
    ),
    language=st.sampled_from(LANGUAGE_PREFIXES),
)
def test_search_text(directory, q, language):
    """The ranked search (full text and trigrams on PostgreSQL) takes any text."""
    assert_answers_cleanly(f"{language}/search/?{urlencode({'q': q})}", allowed=(200,))


def segments(route: str):
    real = st.sampled_from(real_segments(route))
    return st.one_of(
        real,
        real,
        real.map(str.upper),
        st.tuples(real, st.sampled_from(NASTY)).map("".join),
        st.sampled_from(NASTY),
        st.sampled_from(["..", ".", "%2e%2e", "XX", "EU", "UK", "de-DE", "ja-JP"]),
        st.text(min_size=1, max_size=40),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_0123456789", min_size=1, max_size=80),
        st.integers().map(str),
        st.binary(min_size=1, max_size=12),  # percent-encoded bytes that need not be UTF-8
    )


@FUZZ
@given(
    route=st.sampled_from(DETAIL_ROUTES),
    data=st.data(),
    language=st.sampled_from(LANGUAGE_PREFIXES),
)
def test_detail_path_segments(directory, route, data, language):
    """A slug or country code that names nothing published is a 404; one that does, a 200."""
    template, translated = route
    segment = data.draw(segments(template), label="segment")
    start, _converter, end = template.partition("<")
    path = start + quote(segment, safe="") + end.partition(">")[2]
    assert_answers_cleanly(f"{language if translated else ''}{path}", allowed=(200, 404))


@FUZZ
@given(path=st.text(max_size=60), language=st.sampled_from(LANGUAGE_PREFIXES))
@example(path="places", language="/de")
@example(path="..%2f..%2fetc%2fpasswd", language="")
def test_unknown_paths(directory, path, language):
    """Any path at all is a page, a 404, or a redirect that adds the missing trailing slash."""
    response = assert_answers_cleanly(f"{language}/{quote(path)}", allowed=(200, 301, 404))
    if response.status_code == 301:
        assert response["Location"] == f"{language}/{quote(path)}/"


@FUZZ
@given(data=st.data())
def test_api_list_query_parameters(directory, data):
    """The API's lists (fuzzed against their schema in agreements/tests) take the same input."""
    url = data.draw(st.sampled_from(sorted(API_LISTS)), label="endpoint")
    filterset_class = API_LISTS[url]
    keys = [*(filterset_class.base_filters if filterset_class else ()), "page", "format"]
    known = {**(known_values(filterset_class) if filterset_class else {}), "page": PAGE_NUMBERS}
    query = data.draw(query_strategy(keys, known), label="query")
    assert_answers_cleanly(f"{url}?{query}")
