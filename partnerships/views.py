from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from partnerships.exports import Column, member_countries, member_refs, ref
from partnerships.filters import (
    OrganizationFilter,
    PartnershipFilter,
    PersonFilter,
    PlaceFilter,
    organization_facets,
    partnership_facets,
    place_facets,
)
from partnerships.graphics.geo import basemap_svg
from partnerships.graphics.grouping import map_data
from partnerships.graphics.maps import render_map
from partnerships.listing import FilteredListView
from partnerships.localization import localized_name
from partnerships.models import (
    Organization,
    Partnership,
    PartnershipMember,
    Person,
    Place,
    country_choices,
    country_name,
)

MAP_LIMIT = 500


def map_context(
    groups, *, dom_id, title, caption, truncated, emphasis=(), country="", limit=MAP_LIMIT
):
    """The context the includes/map.html fragment needs, from (label, places) groups."""
    points, links = map_data(groups, emphasis_keys=frozenset(emphasis))
    return {
        "map_svg": render_map(
            points,
            links,
            dom_id=dom_id,
            title=title,
            description=caption,
            basemap_url=reverse("world-basemap"),
            highlight_country=country,
        ),
        "map_caption": caption,
        "map_groups": groups,
        "map_truncated": truncated,
        "map_limit": limit,
    }


def place_groups(owners, label_field: str, rows, owner_field: str, limit: int = MAP_LIMIT):
    """(label, places) for up to ``limit`` owners, in two queries, and whether more exist.

    ``rows`` are the owners' place-or-organization rows (partnership members,
    agreement parties); an organization stands at the place it is based in.
    """
    chosen = list(owners.order_by(label_field, "pk").values_list("pk", label_field)[: limit + 1])
    labels = dict(chosen[:limit])
    places: dict[int, list] = {pk: [] for pk in labels}
    for row in rows.filter(**{f"{owner_field}__in": labels}).select_related(
        "place", "organization__place"
    ):
        places[getattr(row, f"{owner_field}_id")].append(
            row.place or (row.organization.place if row.organization else None)
        )
    return [(labels[pk], places[pk]) for pk in labels], len(chosen) > limit


def partnership_groups(partnerships, limit: int = MAP_LIMIT):
    return place_groups(partnerships, "name", PartnershipMember.objects, "partnership", limit)


class ListMapMixin:
    """Draw the rows of a list page on a map above them.

    A paged list maps the rows of its page, so the map and the list agree and the page
    stays light; an unpaged one (the map pages) maps up to MAP_LIMIT results.
    """

    map_dom_id = map_title = map_caption = ""

    def map_groups(self, queryset):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.filterset.errors:
            owners = self.object_list
            if page := context.get("page_obj"):
                owners = self.model.objects.filter(pk__in=[row.pk for row in page.object_list])
                context["map_of_page"] = page.paginator.num_pages > 1
            groups, truncated = self.map_groups(owners)
            context.update(
                map_context(
                    groups,
                    dom_id=self.map_dom_id,
                    title=self.map_title,
                    caption=self.map_caption,
                    truncated=truncated,
                )
            )
        return context


@require_safe
def world_basemap(request):
    """The countries of the world as SVG, drawn from the vendored Natural Earth data."""
    response = HttpResponse(basemap_svg(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


class VisibleRecordMixin:
    """Show published records to everybody and drafts to signed-in staff."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).for_detail()


class PartnershipListView(ListMapMixin, FilteredListView):
    model = Partnership
    filterset_class = PartnershipFilter
    export_name = "partnerships"
    export_columns = (
        Column("name"),
        Column("kind"),
        Column("status"),
        Column("established"),
        Column("members", lambda partnership: member_refs(partnership.members.all())),
        Column("countries", lambda partnership: member_countries(partnership.members.all())),
    )

    def get_base_queryset(self):
        return Partnership.objects.published().for_directory()

    def get_facets(self, queryset):
        return partnership_facets(self.request, queryset)

    map_dom_id = "partnership-map"
    map_title = gettext_lazy("Map of these partnerships")
    map_caption = gettext_lazy("Partner places joined by a line for each partnership.")

    def map_groups(self, queryset):
        return partnership_groups(queryset)


class PartnershipMapView(PartnershipListView):
    """The same filters as the partnership list, drawn as a world map."""

    template_name = "partnerships/partnership_map.html"
    paginate_by = None


class PlaceListView(FilteredListView):
    model = Place
    filterset_class = PlaceFilter
    paginate_by = 50
    export_name = "places"
    export_columns = (
        Column("name"),
        Column("native_name"),
        Column("kind"),
        Column("country"),
        Column("parent", lambda place: ref(place.parent)),
        Column("latitude"),
        Column("longitude"),
    )

    def get_base_queryset(self):
        return Place.objects.published().for_directory()

    def get_facets(self, queryset):
        return place_facets(self.request, queryset)


class OrganizationListView(FilteredListView):
    model = Organization
    filterset_class = OrganizationFilter
    export_name = "organizations"
    export_columns = (
        Column("name"),
        Column("abbreviation"),
        Column("kind"),
        Column("place", lambda organization: ref(organization.place)),
        Column("country", lambda organization: organization.place and organization.place.country),
    )

    def get_base_queryset(self):
        return Organization.objects.published().for_directory()

    def get_facets(self, queryset):
        return organization_facets(self.request, queryset)


class PersonListView(FilteredListView):
    model = Person
    filterset_class = PersonFilter
    paginate_by = 50
    export_name = "people"
    export_columns = (
        Column("name"),
        Column("honorific", "honorific_prefix"),
        Column("native_name"),
        Column("positions", lambda person: [str(position) for position in person.positions.all()]),
    )

    def get_base_queryset(self):
        return Person.objects.published().for_directory()


class PlaceDetailView(VisibleRecordMixin, DetailView):
    model = Place

    def get_context_data(self, **kwargs):
        # The place's agreements come from the agreements app's template tag: this
        # app does not import agreements.
        place = self.object
        context = super().get_context_data(**kwargs)
        partnerships = list(
            Partnership.objects.published().involving(pk=place.pk).for_directory()[: MAP_LIMIT + 1]
        )
        context["partnerships"] = partnerships[:MAP_LIMIT]
        groups = [
            (
                partnership.name,
                [
                    m.place or (m.organization and m.organization.place)
                    for m in partnership.members.all()
                ],
            )
            for partnership in partnerships[:MAP_LIMIT]
        ]
        if not groups and place.latitude is not None:
            groups = [(place.name, [place])]
        context.update(
            map_context(
                groups,
                dom_id="place-map",
                title=_("Map of %(place)s and its partners") % {"place": localized_name(place)},
                caption=_("%(place)s (in blue) and its partner places.")
                % {"place": localized_name(place)},
                truncated=len(partnerships) > MAP_LIMIT,
                emphasis={place.pk},
            )
        )
        context["children"] = place.children.published().order_by("name")
        context["organizations"] = place.organizations.published().order_by("name")
        return context


class OrganizationDetailView(VisibleRecordMixin, DetailView):
    model = Organization

    def get_context_data(self, **kwargs):
        organization = self.object
        context = super().get_context_data(**kwargs)
        context["units"] = organization.units.published().order_by("name")
        context["parties"] = (
            organization.agreement_parties.filter(agreement__publication_status="published")
            .select_related("agreement")
            .order_by("-agreement__signed_on")
        )
        context["positions"] = organization.positions.filter(
            person__publication_status="published"
        ).select_related("person")
        return context


class PersonDetailView(VisibleRecordMixin, DetailView):
    model = Person

    def get_context_data(self, **kwargs):
        person = self.object
        context = super().get_context_data(**kwargs)
        context["signatures"] = (
            person.signatures.filter(agreement__publication_status="published")
            .select_related("agreement", "party__place", "party__organization")
            .order_by("-agreement__signed_on")
        )
        context["participations"] = (
            person.participations.filter(agreement__publication_status="published")
            .select_related("agreement")
            .order_by("-agreement__signed_on")
        )
        return context


class PartnershipDetailView(VisibleRecordMixin, DetailView):
    model = Partnership

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = self.object.agreements.published().for_directory()
        return context


def country_rows():
    """Countries with published places, with how many places and partnerships each has."""
    places = dict(
        Place.objects.published().values_list("country").annotate(n=Count("pk")).order_by()
    )
    partnerships = dict(
        PartnershipMember.objects.filter(
            partnership__publication_status="published", place__isnull=False
        )
        .values_list("place__country")
        .annotate(n=Count("partnership", distinct=True))
        .order_by()
    )
    return sorted(
        (
            {
                "code": code,
                "name": country_name(code),
                "places": count,
                "partnerships": partnerships.get(code, 0),
            }
            for code, count in places.items()
        ),
        key=lambda row: row["name"],
    )


@require_safe
def country_list(request):
    return render(request, "partnerships/country_list.html", {"countries": country_rows()})


@require_safe
def country_detail(request, code):
    code = code.upper()
    if code not in dict(country_choices()):
        raise Http404(f"There is no country with the code {code}.")
    places = Place.objects.published().filter(country=code)
    if not places.exists():
        raise Http404(f"The directory has no published places in {country_name(code)} yet.")
    groups, truncated = partnership_groups(
        PartnershipFilter({"country": code}, queryset=Partnership.objects.published()).qs
    )
    context = {
        **map_context(
            groups,
            dom_id="country-map",
            title=_("Partnerships of places in %(country)s") % {"country": country_name(code)},
            caption=_("Places in %(country)s and their partners.")
            % {"country": country_name(code)},
            truncated=truncated,
            country=code,
        ),
        "code": code,
        "name": country_name(code),
        "places": places.for_directory()[:100],
        "place_count": places.count(),
        "partnership_count": PartnershipFilter(
            {"country": code}, queryset=Partnership.objects.published()
        ).qs.count(),
    }
    return render(request, "partnerships/country_detail.html", context)
