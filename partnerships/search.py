"""Ranked search over names, native names, alternate names, titles and summaries.

PostgreSQL uses full-text search for titles and summaries, unaccent so "Dusseldorf"
finds "Düsseldorf", and trigram similarity for typos. SQLite, the embedded default,
falls back to case-insensitive substring matching with the same ranking tiers.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Greatest

# Longer input is cut: a search box is not a document.
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchSpec:
    """Which fields of a model search looks at."""

    names: tuple[str, ...]
    texts: tuple[str, ...] = ()
    alternate_names: str | None = None  # reverse accessor of an AlternateName model


def clean_query(text: str | None) -> str:
    """Trim, fold white space and drop characters no database should see (NUL)."""
    if not text:
        return ""
    text = text.replace("\x00", " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _contains(field: str, text: str) -> Q:
    lookup = "unaccent__icontains" if is_postgresql() else "icontains"
    return Q(**{f"{field}__{lookup}": text})


def search_queryset(queryset, spec: SearchSpec, text: str):
    """Filter ``queryset`` to records matching ``text`` and annotate ``search_rank``."""
    text = clean_query(text)
    if not text:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    model = queryset.model
    words = text.split()

    name_match = Q()
    for field in spec.names:
        name_match |= _contains(field, text)
    if spec.alternate_names:
        related = model._meta.get_field(spec.alternate_names).related_model
        owner = model._meta.get_field(spec.alternate_names).field.name
        matching_owners = related.objects.filter(_contains("name", text)).values(owner)
        name_match |= Q(pk__in=matching_owners)

    # Every word must appear somewhere in the titles and summaries.
    text_match = Q()
    if spec.texts:
        text_match = Q()
        for word in words:
            any_field = Q()
            for field in (*spec.names, *spec.texts):
                any_field |= _contains(field, word)
            text_match &= any_field

    primary = spec.names[0]
    tiers = [
        When(**{f"{primary}__iexact": text}, then=Value(100.0)),
        When(**{f"{primary}__istartswith": text}, then=Value(60.0)),
        When(_contains(primary, text), then=Value(40.0)),
        When(name_match, then=Value(30.0)),
    ]
    rank = Case(*tiers, default=Value(10.0), output_field=FloatField())

    if is_postgresql():
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchRank,
            SearchVector,
            TrigramWordSimilarity,
        )

        vector = SearchVector(*spec.names, *spec.texts, config="simple")
        query = SearchQuery(text, search_type="websearch", config="simple")
        queryset = queryset.annotate(
            search_document=vector,
            search_similarity=TrigramWordSimilarity(text, primary),
            search_text_rank=SearchRank(vector, query),
        )
        typo_match = Q(search_similarity__gte=0.5)
        # ts_rank is never exactly 0, so match with @@ rather than on the rank.
        fulltext_match = Q(search_document=query)
        queryset = queryset.filter(name_match | text_match | fulltext_match | typo_match)
        rank = rank + Greatest(F("search_text_rank"), Value(0.0)) * 10 + F("search_similarity") * 20
    else:
        queryset = queryset.filter(name_match | text_match)
    return queryset.annotate(search_rank=rank)
