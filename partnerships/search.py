"""Ranked search over names, native names, alternate names, titles and summaries.

PostgreSQL uses full-text search for titles and summaries, unaccent so "Dusseldorf"
finds "Düsseldorf", and trigram similarity for typos. SQLite, the embedded default,
falls back to case-insensitive substring matching with the same ranking tiers.

On PostgreSQL each way of matching is a separate branch that an index answers (a
trigram GIN index on directory_unaccent(name) per name field, a GIN index on the
full-text document), and the branches are joined with UNION: an OR across them
would make PostgreSQL read every row instead (partnerships migration 0008).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, F, FloatField, Lookup, Q, TextField, Value, When
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


# Typos: a query word this close to a word of the name (0.5 finds "Colgne" for
# "Cologne"). Set per connection in apps.py, because the indexable operator <% reads it.
WORD_SIMILARITY_THRESHOLD = 0.5


@CharField.register_lookup
@TextField.register_lookup
class UnaccentedContains(Lookup):
    """``name__unaccented_contains="dusseldorf"``: a case- and accent-blind substring match
    that the trigram index on directory_unaccent(name) answers (PostgreSQL only)."""

    lookup_name = "unaccented_contains"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"directory_unaccent({lhs}) ILIKE directory_unaccent({rhs})", [
            *lhs_params,
            *rhs_params,
        ]

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(value)}%"]


@CharField.register_lookup
@TextField.register_lookup
class UnaccentedIExact(Lookup):
    """``name__unaccented_iexact="Dusseldorf"`` finds "Düsseldorf": the whole name, case-
    and accent-blind. PostgreSQL answers it from the trigram index; on SQLite,
    directory_unaccent is a Python function registered per connection (apps.py)."""

    lookup_name = "unaccented_iexact"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
        escape = "" if connection.vendor == "postgresql" else " ESCAPE '\\'"
        return f"directory_unaccent({lhs}) {operator} directory_unaccent({rhs}){escape}", [
            *lhs_params,
            *rhs_params,
        ]

    def get_db_prep_lookup(self, value, connection):
        return "%s", [connection.ops.prep_for_like_query(value)]


def strip_accents(text: str | None) -> str | None:
    """What directory_unaccent() does on PostgreSQL, for SQLite connections."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@CharField.register_lookup
@TextField.register_lookup
class UnaccentedWordSimilar(Lookup):
    """``name__unaccented_word_similar="colgne"``: some word of the name is within
    WORD_SIMILARITY_THRESHOLD of the text; answered by the same trigram index."""

    lookup_name = "unaccented_word_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"directory_unaccent({rhs}) <%% directory_unaccent({lhs})", [
            *rhs_params,
            *lhs_params,
        ]


def _prefix_query(words: list[str]) -> str:
    """A to_tsquery text in which every word must start some word of the document."""
    # Only letters and digits: anything else is tsquery syntax ("&", "!", ":"...).
    terms = [term for word in words for term in re.findall(r"\w+", word)]
    return " & ".join(f"{term}:*" for term in terms)


def _postgresql_matches(model, spec: SearchSpec, text: str, words: list[str]):
    """The ids of every record matching ``text``, one index-backed branch per way."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    records = model._default_manager.order_by()  # no sorting inside the UNION
    branches = [
        records.filter(**{f"{field}__unaccented_contains": text}).values("pk")
        for field in spec.names
    ]
    if spec.alternate_names:
        related = model._meta.get_field(spec.alternate_names).related_model
        owner = model._meta.get_field(spec.alternate_names).field.name
        branches.append(related.objects.filter(name__unaccented_contains=text).values(owner))
    branches.append(
        records.filter(**{f"{spec.names[0]}__unaccented_word_similar": text}).values("pk")
    )
    if spec.texts and (prefixes := _prefix_query(words)):
        # The same document expression as the GIN index (agreements migration 0009).
        document = SearchVector(*spec.names, *spec.texts, config="simple")
        query = SearchQuery(prefixes, search_type="raw", config="simple")
        branches.append(records.annotate(document=document).filter(document=query).values("pk"))
    first, *others = branches
    return first.union(*others)


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

        # The text rank reads the names only: a summary's vector, rebuilt for each of
        # thousands of matches of a common word, cost five times the matching itself.
        vector = SearchVector(*spec.names, config="simple")
        query = SearchQuery(text, search_type="websearch", config="simple")
        queryset = queryset.filter(pk__in=_postgresql_matches(model, spec, text, words))
        queryset = queryset.annotate(
            search_similarity=TrigramWordSimilarity(text, primary),
            search_text_rank=SearchRank(vector, query),
        )
        rank = rank + Greatest(F("search_text_rank"), Value(0.0)) * 10 + F("search_similarity") * 20
    else:
        queryset = queryset.filter(name_match | text_match)
    return queryset.annotate(search_rank=rank)
