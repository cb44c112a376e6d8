"""What every list page shares: a FilterSet bound to the URL, facet counts, paging, downloads."""

import hashlib
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, QuerySet
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext
from django.views.generic import ListView

from partnerships.caching import directory_version
from partnerships.exports import FORMATS, Column, export_response


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class Facet:
    title: str
    options: list[FacetOption] = field(default_factory=list)
    key: str = ""  # stable name for code that picks one facet out, e.g. "country"


def counted(rows) -> list:
    """The rows of a facet query, computed once per directory version.

    The SQL text is the key: it holds every filter value, and no label or language,
    so page 2, another sort order or another language reuse the counts. Any change
    to the directory sets a new version (partnerships.caching), which retires them.
    """
    if not isinstance(rows, QuerySet) or settings.FACET_CACHE_SECONDS <= 0:
        return list(rows)
    sql, params = rows.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    key = f"facet:{directory_version()}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = list(rows)
        cache.set(key, cached, settings.FACET_CACHE_SECONDS)
    return cached


def facet(request, title: str, rows, key: str = "") -> Facet:
    """Build a facet from (params, label, count) rows; each option links to its filter.

    ``params`` maps query parameters to values: {"kind": "renewal"}, or two for a
    range such as a decade. Following a selected option's link removes it again;
    every other filter stays, and paging restarts.
    """
    options = []
    for params, label, count in rows:
        query = request.GET.copy()
        query.pop("page", None)
        selected = all(request.GET.get(name) == str(value) for name, value in params.items())
        for name, value in params.items():
            if selected:
                query.pop(name, None)
            else:
                query[name] = str(value)
        options.append(FacetOption(str(label), count, f"?{query.urlencode()}", selected))
    return Facet(title, options, key)


def choice_facet(request, title: str, param: str, rows, labels=None) -> Facet:
    """A facet over one parameter from (value, count) rows.

    ``labels`` is a choices list or a function from value to label.
    """
    label_of = labels if callable(labels) else dict(labels or {}).get
    return facet(
        request,
        title,
        [
            ({param: value}, label_of(value) or value, count)
            for value, count in counted(rows)
            if value
        ],
        key=param,
    )


def decade_facet(request, title: str, params: tuple[str, str], year_counts) -> Facet:
    """Fold (year, count) rows into decades: 1970s, 1980s... linked as year ranges."""
    decades: dict[int, int] = {}
    for year, count in counted(year_counts):
        decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + count
    low, high = params
    return facet(
        request,
        title,
        [
            ({low: decade, high: decade + 9}, gettext("%(decade)ss") % {"decade": decade}, count)
            for decade, count in sorted(decades.items())
        ],
        key="decade",
    )


class YearFilter(django_filters.NumberFilter):
    """A whole year between 1 and 9999; anything else is a form error, not a crash."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class SortFilter(django_filters.OrderingFilter):
    """Ordering with empty dates last in either direction and a stable tie-breaker."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        if value.startswith("-"):
            return F(name).desc(nulls_last=True)
        return F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        # "?sort=name," splits into an empty item; ordering by "" would be a 500.
        value = [param for param in value or () if param]
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


class FilteredListView(ListView):
    """List page: base queryset, FilterSet bound to request.GET, facets, paginator.

    Invalid filter values answer 400 with the form's errors; a page number past the
    end is a 404 (ListView's paginator). ``?download=csv`` or ``?download=json``
    answers every matching row instead of a page, through the same FilterSet.
    """

    filterset_class: type[django_filters.FilterSet]
    paginate_by = 25
    export_columns: tuple[Column, ...] = ()  # besides slug and url, which every export has
    export_name = ""  # the download's file name before the date, e.g. "agreements"
    export_chunk_size = 500

    def get_base_queryset(self):
        return self.model.objects.published()

    def get_facets(self, queryset) -> list[Facet]:
        return []

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET or None, queryset=self.get_base_queryset(), request=request
        )
        if download := request.GET.get("download"):
            return self.download(download)
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.object_list = self.model.objects.none()
            return self.render_to_response(self.get_context_data(), status=400)
        self.object_list = self.filterset.qs
        return self.render_to_response(self.get_context_data())

    def download(self, file_format: str):
        """Stream every row the filters match, or say in plain words why not (400)."""
        if file_format not in FORMATS or not self.export_columns:
            return HttpResponseBadRequest(
                gettext("Downloads come as csv or json, e.g. ?download=csv."),
                content_type="text/plain; charset=utf-8",
            )
        if not self.filterset.is_valid():
            errors = self.filterset.errors
            if file_format == "json":
                return JsonResponse({"errors": errors.get_json_data()}, status=400)
            return HttpResponseBadRequest(
                errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        return export_response(
            self.request,
            self.filterset.qs,
            self.export_columns,
            file_format=file_format,
            name=self.export_name or self.model._meta.model_name,
            chunk_size=self.export_chunk_size,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = not self.filterset.is_bound or self.filterset.is_valid()
        context["filterset"] = self.filterset
        context["facets"] = self.get_facets(self.object_list) if valid else []
        context["is_filtered"] = any(
            value not in ("", None) for key, value in self.request.GET.items() if key != "page"
        )
        return context
