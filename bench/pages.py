"""The fixed set of URLs the benchmark measures, and Datasette's equivalent of each.

Edit this file to change what is measured. ``{agreement}`` and ``{place}`` are filled
with the slugs of a published agreement and one of its places, picked from the database.
"""

from dataclasses import dataclass

# Datasette serves bench/var/bench.db, so its database is "bench".
DATASETTE_TABLE = "/bench/agreements"

# The facets /agreements/ shows, one for one. Where an agreement has several countries,
# focus areas, organization kinds or source languages, the facet counts its first one:
# Datasette facets a plain column in one indexed GROUP BY, while its JSON-array facets
# (_facet_array, the exact equivalent) were about 15 times slower on this data, so the
# plain columns make the stronger reference. The arrays are in the table too.
DATASETTE_FACETS = "&".join(
    f"_facet={column}"
    for column in (
        "kind",
        "country",
        "focus_area",
        "status",
        "decade",
        "year",
        "organization_kind",
        "language",
    )
)
# The site lists the newest agreements first.
NEWEST_FIRST = "_sort_desc=signed_on"


def datasette_table(*query: str) -> str:
    return f"{DATASETTE_TABLE}?{'&'.join((DATASETTE_FACETS, *query))}"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # List, filter and search pages are the ones the latency targets are stated for.
    latency_target: bool = False
    # Downloads stream and are never page-cached, so the cache target leaves them out.
    cache_target: bool = True
    datasette_path: str = ""


PAGES = (
    Page("home", "/"),
    Page(
        "agreement list",
        "/agreements/",
        latency_target=True,
        datasette_path=datasette_table(NEWEST_FIRST),
    ),
    Page(
        "filtered list",
        "/agreements/?kind=memorandum_of_understanding&country=JP",
        latency_target=True,
        datasette_path=datasette_table(
            NEWEST_FIRST, "kind=memorandum_of_understanding", "country=JP"
        ),
    ),
    Page(
        "filtered list, sorted",
        "/agreements/?focus=healthcare&sort=-signed",
        latency_target=True,
        datasette_path=datasette_table(NEWEST_FIRST, "focus_area=healthcare"),
    ),
    Page(
        "site search",
        "/search/?q=osaka",
        latency_target=True,
        datasette_path=datasette_table("_search=osaka"),
    ),
    Page(
        "list search",
        "/agreements/?q=robotics",
        latency_target=True,
        datasette_path=datasette_table("_search=robotics"),
    ),
    Page("partnership list", "/partnerships/", latency_target=True),
    Page("place list", "/places/", latency_target=True),
    Page("agreement detail", "/agreements/{agreement}/"),
    Page("place detail", "/places/{place}/"),
    Page("CSV export", "/agreements/?download=csv&country=FI", cache_target=False),
)

# The page whose size the static file copies and whose weight is checked.
LIST_PAGE = "/agreements/"
# Written into STATIC_ROOT before gunicorn starts: whitenoise indexes files at startup.
STATIC_COPY = "bench/list-page.html"
