"""Record names in the visitor's language: Köln in German, 大阪市 in Japanese."""

from django.utils.translation import get_language

# The site's languages and the countries whose own names are written in them.
LANGUAGE_OF_COUNTRY = {"DE": "de", "AT": "de", "CH": "de", "LI": "de", "JP": "ja"}


def _country_of(record) -> str:
    if getattr(record, "country", None):
        return record.country
    # An organization's country, only if its place is already loaded (no query here).
    place = record._state.fields_cache.get("place") if hasattr(record, "_state") else None
    return place.country if place is not None else ""


def localized_name(record) -> str:
    """The name to show in the active language.

    An alternate name in that language wins (when prefetched as ``alternate_names``,
    so this costs no query); otherwise the native name when the record's country
    writes in that language; otherwise the English name.
    """
    language = get_language() or "en"
    cache = getattr(record, "_prefetched_objects_cache", {})
    for alternate in cache.get("alternate_names", ()):
        if alternate.language == language and not alternate.valid_until:
            return alternate.name
    native = getattr(record, "native_name", "")
    if native and LANGUAGE_OF_COUNTRY.get(_country_of(record)) == language:
        return native
    return getattr(record, "name", "") or getattr(record, "title", "")
