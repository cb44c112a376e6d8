"""Downloads of a list page's results as CSV or JSON, streamed row by row.

Each list view names its columns once (``export_columns``); both formats write the
same fields. Every export starts with the record's slug and ends with its public
URL, the two ids that stay stable between releases.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from operator import attrgetter
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone, translation

from partnerships.dates import PartialDate

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
MULTIPLE_SEPARATOR = "; "
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported field: its name in the header and how to read it from a record.

    ``get`` is an attribute name or a function of the record; by default the
    attribute called ``name``.
    """

    name: str
    get: str | Callable[[Any], Any] | None = None

    def value(self, record):
        if callable(self.get):
            return self.get(record)
        return attrgetter(self.get or self.name)(record)


@dataclass(frozen=True)
class Ref:
    """Another record a row points to: its name for readers, its slug to join on.

    An unpublished record keeps its name, as on the page, but no slug: it has no
    public page and appears in no other export.
    """

    slug: str | None
    name: str
    role: str = ""

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def as_json(self) -> dict:
        data = {"slug": self.slug, "name": self.name}
        if self.role:
            data["role"] = self.role
        return data


def ref(record, role: str = "") -> Ref | None:
    if record is None:
        return None
    return Ref(record.slug if record.is_published else None, record.name, role)


def member_refs(members) -> list[Ref]:
    """The places and organizations of partnership members or agreement parties."""
    return [
        ref(member.place or member.organization, getattr(member, "role", "")) for member in members
    ]


def member_countries(members) -> list[str]:
    """Country codes of members' places, or of the places their organizations are based in."""
    countries = set()
    for member in members:
        place = member.place or (member.organization.place if member.organization else None)
        if place is not None:
            countries.add(place.country)
    return sorted(countries)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return MULTIPLE_SEPARATOR.join(_text(item) for item in value)
    if isinstance(value, PartialDate | datetime.date):
        return value.isoformat()
    return str(value)


def csv_cell(value) -> str:
    """Write one value for a spreadsheet: lists joined, partial dates as written."""
    text = _text(value)
    if isinstance(value, int | float | Decimal):
        return text  # a negative coordinate is a number, not a formula
    # Names come from outside sources: never let one run as a formula.
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def json_value(value):
    """Write one value as JSON data: lists stay lists, partial dates as written."""
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, PartialDate | datetime.date):
        return value.isoformat()
    if isinstance(value, Ref):
        return value.as_json()
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Line:
    """A file-like object that hands back what csv.writer writes (Django's streaming recipe)."""

    def write(self, text):
        return text


def _csv_chunks(header: list[str], rows: Iterable[list], chunk_size: int) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(header)  # the BOM tells Excel the file is UTF-8
    rows = iter(rows)
    while batch := list(islice(rows, chunk_size)):
        yield "".join(writer.writerow([csv_cell(value) for value in row]) for row in batch)


def _json_chunks(header: list[str], rows: Iterable[list], chunk_size: int) -> Iterator[str]:
    yield "["
    separator = "\n"
    rows = iter(rows)
    while batch := list(islice(rows, chunk_size)):
        text = []
        for row in batch:
            item = dict(zip(header, (json_value(value) for value in row), strict=True))
            text.append(separator + json.dumps(item, ensure_ascii=False))
            separator = ",\n"
        yield "".join(text)
    yield "\n]\n"


def export_response(
    request, queryset, columns: Iterable[Column], *, file_format: str, name: str, chunk_size: int
) -> StreamingHttpResponse:
    """Stream every record of ``queryset`` as a CSV or JSON download.

    The queryset is read in chunks (prefetches run once per chunk), so memory and
    query count grow with the number of chunks, not of rows.
    """
    columns = list(columns)
    header = ["slug", *(column.name for column in columns), "url"]
    origin = f"{request.scheme}://{request.get_host()}"
    # The body is written after the view returns: keep the request's language for URLs.
    language = translation.get_language()

    def rows():
        with translation.override(language):
            for record in queryset.iterator(chunk_size=chunk_size):
                yield [
                    record.slug,
                    *(column.value(record) for column in columns),
                    origin + record.get_absolute_url(),
                ]

    chunks = _csv_chunks if file_format == "csv" else _json_chunks
    response = StreamingHttpResponse(
        chunks(header, rows(), chunk_size), content_type=FORMATS[file_format]
    )
    filename = f"{name}-{timezone.localdate().isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
