"""A network of places and organizations: nodes on a circle grouped by country, edges as chords."""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partnerships.graphics.svg import element, svg_root, title_and_description, titled

SIZE, RADIUS, MARGIN = 760, 270, 170  # the margin leaves room for labels


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    group: str  # country code: nodes of one country sit together
    url: str = ""
    kind: str = "place"  # or "organization"


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    label: str
    kind: str = "agreement"  # or "partnership"


def render_network(
    nodes: list[Node], edges: list[Edge], *, dom_id: str, title: str, description: str
) -> SafeString:
    """Deterministic circular layout: the same data always draws the same picture."""
    ordered = sorted(nodes, key=lambda node: (node.group, node.label))
    centre = SIZE / 2
    positions = {}
    for index, node in enumerate(ordered):
        angle = 2 * math.pi * index / max(len(ordered), 1) - math.pi / 2
        positions[node.key] = (
            centre + RADIUS * math.cos(angle),
            centre + RADIUS * math.sin(angle),
            angle,
        )
    parts = [
        svg_root(f"{-MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE}", dom_id, "network"),
        title_and_description(dom_id, title, description),
    ]
    for edge in edges:
        if edge.a not in positions or edge.b not in positions:
            continue
        (x1, y1, _), (x2, y2, _) = positions[edge.a], positions[edge.b]
        parts.append(
            element(
                "path",
                titled(edge.label),
                d=f"M{x1:.1f},{y1:.1f} Q{centre},{centre} {x2:.1f},{y2:.1f}",
                class_=f"edge edge-{edge.kind}",
            )
        )
    for node in ordered:
        x, y, angle = positions[node.key]
        outside = 12
        lx, ly = x + outside * math.cos(angle), y + outside * math.sin(angle)
        anchor = "start" if math.cos(angle) >= 0 else "end"
        label = node.label if len(node.label) <= 28 else node.label[:27] + "…"
        content = element(
            "circle",
            titled(f"{node.label} ({node.group})"),
            cx=f"{x:.1f}",
            cy=f"{y:.1f}",
            r="6",
            class_=f"node node-{node.kind}",
        ) + element(
            "text",
            escape(label),
            x=f"{lx:.1f}",
            y=f"{ly + 4:.1f}",
            text_anchor=anchor,
            class_="label",
        )
        group = element("g", content, class_="network-node")
        parts.append(element("a", group, href=node.url) if node.url else group)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through element(), which escapes
