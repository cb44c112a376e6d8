"""Timeline, network and statistics pages: the agreement filters, drawn as pictures."""

from collections import Counter
from itertools import combinations

from django.utils.translation import gettext as _

from agreements.filters import AgreementFilter, agreement_facets
from agreements.models import Agreement, AgreementParty, AgreementRelation
from partnerships.filters import partnership_facets
from partnerships.graphics.charts import Bar, bar_chart, column_chart
from partnerships.graphics.network import Edge, Node, render_network
from partnerships.graphics.timeline import TimelineItem, render_timeline
from partnerships.listing import FilteredListView
from partnerships.models import Partnership, PartnershipMember

TIMELINE_LIMIT = 200
NETWORK_AGREEMENT_LIMIT = 300
NETWORK_NODE_LIMIT = 120


class AgreementPictureView(FilteredListView):
    """An agreement list page whose results are drawn instead of listed."""

    model = Agreement
    filterset_class = AgreementFilter
    paginate_by = None

    def get_base_queryset(self):
        return Agreement.objects.published().with_validity()

    def get_facets(self, queryset):
        return agreement_facets(self.request, queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.filterset.errors:
            context.update(self.get_picture_context(self.object_list))
        return context

    def get_picture_context(self, queryset) -> dict:
        raise NotImplementedError


class TimelineView(AgreementPictureView):
    template_name = "agreements/timeline.html"

    def get_picture_context(self, queryset):
        agreements = list(
            queryset.order_by("signed_on", "pk").only(
                "slug",
                "title",
                "publication_status",
                "signed_on",
                "signed_on_precision",
                "valid_from",
                "valid_from_precision",
                "valid_until",
                "valid_until_precision",
            )[: TIMELINE_LIMIT + 1]
        )
        shown = agreements[:TIMELINE_LIMIT]
        ids = [agreement.pk for agreement in shown]
        related: dict[int, list] = {pk: [] for pk in ids}
        for relation in AgreementRelation.objects.filter(
            from_agreement__in=ids, to_agreement__in=ids
        ):
            related[relation.from_agreement_id].append(
                (f"a{relation.to_agreement_id}", relation.get_kind_display())
            )
        items = [
            TimelineItem(
                key=f"a{agreement.pk}",
                label=agreement.title,
                url=agreement.get_absolute_url(),
                signed=agreement.signed,
                valid_from=agreement.valid_from_date,
                valid_until=agreement.valid_until_date,
                related_to=tuple(related[agreement.pk]),
            )
            for agreement in shown
        ]
        return {
            "timeline_svg": render_timeline(
                items,
                dom_id="timeline",
                title=_("Timeline of agreements"),
                description=_(
                    "Each row is an agreement: a dot for a signing day, a block for a "
                    "signing month or year, a bar for the time it is valid."
                ),
            ),
            "timeline_items": shown,
            "truncated": len(agreements) > TIMELINE_LIMIT,
            "limit": TIMELINE_LIMIT,
        }


def _party_node(party) -> Node | None:
    record = party.place or party.organization
    if record is None:
        return None
    place = party.place or party.organization.place
    return Node(
        key=f"{'p' if party.place_id else 'o'}{record.pk}",
        label=record.name,
        group=place.country if place else "",
        url=record.get_absolute_url() if record.is_published else "",
        kind="place" if party.place_id else "organization",
    )


class NetworkView(AgreementPictureView):
    template_name = "agreements/network.html"

    def get_picture_context(self, queryset):
        agreement_ids = list(
            queryset.order_by().values_list("pk", flat=True)[:NETWORK_AGREEMENT_LIMIT]
        )
        parties = AgreementParty.objects.filter(agreement__in=agreement_ids).select_related(
            "agreement", "place", "organization__place"
        )
        by_agreement: dict[int, list[Node]] = {}
        titles: dict[int, str] = {}
        for party in parties:
            node = _party_node(party)
            if node:
                by_agreement.setdefault(party.agreement_id, []).append(node)
                titles[party.agreement_id] = party.agreement.title
        degree: Counter = Counter()
        edges: dict[tuple, Edge] = {}
        members_by_partnership: dict = {}
        nodes: dict[str, Node] = {}
        for agreement_id, members in by_agreement.items():
            for node in members:
                nodes[node.key] = node
            for a, b in combinations(sorted({node.key for node in members}), 2):
                if (a, b) not in edges:
                    edges[(a, b)] = Edge(a=a, b=b, label=titles[agreement_id])
                    degree[a] += 1
                    degree[b] += 1
        kept = {key for key, _ in degree.most_common(NETWORK_NODE_LIMIT)}
        # Partnerships between the places shown are edges too.
        place_ids = {int(key[1:]) for key in kept if key.startswith("p")}
        for member in PartnershipMember.objects.filter(
            partnership__publication_status="published",
            partnership__members__place__in=place_ids,
            place__in=place_ids,
        ).select_related("partnership"):
            members_by_partnership.setdefault(member.partnership, set()).add(f"p{member.place_id}")
        for partnership, keys in members_by_partnership.items():
            for a, b in combinations(sorted(keys), 2):
                edges.setdefault((a, b, "partnership"), Edge(a, b, partnership.name, "partnership"))
        shown_nodes = [node for key, node in nodes.items() if key in kept]
        shown_edges = [edge for edge in edges.values() if edge.a in kept and edge.b in kept]
        return {
            "network_svg": render_network(
                shown_nodes,
                shown_edges,
                dom_id="network",
                title=_("Network of agreement parties"),
                description=_(
                    "Places and organizations around a circle, grouped by country; a line "
                    "joins two that are parties to the same agreement."
                ),
            ),
            "network_links": [
                (nodes[edge.a].label, nodes[edge.b].label, edge.label) for edge in shown_edges
            ],
            "truncated": len(nodes) > len(kept) or len(agreement_ids) >= NETWORK_AGREEMENT_LIMIT,
        }


def _bars(facet, limit=None) -> list[Bar]:
    options = facet.options[:limit] if limit else facet.options
    return [Bar(option.label, option.count, option.url) for option in options]


def _year_bars(facet) -> list[Bar]:
    """Every year from the first to the last, empty years included, so time reads evenly."""
    counted = {int(option.label): option for option in facet.options}
    if not counted:
        return []
    return [
        Bar(str(year), counted[year].count, counted[year].url)
        if year in counted
        else Bar(str(year), 0)
        for year in range(min(counted), max(counted) + 1)
    ]


class StatisticsView(AgreementPictureView):
    template_name = "agreements/statistics.html"

    def get_picture_context(self, queryset):
        agreements = {facet.key: facet for facet in agreement_facets(self.request, queryset)}
        # Partnerships are counted over the whole directory: the agreement filters
        # on this page do not apply to them.
        partnerships = {
            facet.key: facet
            for facet in partnership_facets(self.request, Partnership.objects.published())
        }
        charts = []
        for dom_id, facet, render, limit, title in (
            ("by-country", agreements["country"], bar_chart, 20, _("Agreements by country")),
            ("by-year", agreements["year"], column_chart, None, _("Agreements by year signed")),
            ("by-kind", agreements["kind"], bar_chart, None, _("Agreements by kind")),
            ("by-focus", agreements["focus"], bar_chart, None, _("Agreements by focus area")),
            (
                "partnerships-by-country",
                partnerships["country"],
                bar_chart,
                20,
                _("All partnerships by country"),
            ),
            (
                "partnerships-by-kind",
                partnerships["kind"],
                bar_chart,
                None,
                _("All partnerships by kind"),
            ),
        ):
            bars = _year_bars(facet) if dom_id == "by-year" else _bars(facet, limit)
            charts.append(
                {
                    "title": title,
                    "bars": bars,
                    "svg": render(
                        bars,
                        dom_id=dom_id,
                        title=title,
                        description=_("Bar lengths are counts; each bar links to its filter."),
                    ),
                }
            )
        return {"charts": charts}
