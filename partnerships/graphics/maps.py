"""A world map of places with lines between partners, as inline SVG over the base map."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from partnerships.graphics.geo import HEIGHT, WIDTH, country_shapes, project
from partnerships.graphics.svg import element, svg_root, title_and_description, titled

# Crop the empty polar rows: from the Arctic islands to Tierra del Fuego.
TOP = project(84, 0)[1]
BOTTOM = project(-58, 0)[1]


@dataclass(frozen=True)
class MapPoint:
    key: str
    label: str
    latitude: float
    longitude: float
    url: str = ""
    emphasis: bool = False


@dataclass(frozen=True)
class MapLink:
    a: str  # MapPoint keys
    b: str
    label: str = ""


def render_map(
    points: list[MapPoint],
    links: list[MapLink],
    *,
    dom_id: str,
    title: str,
    description: str,
    basemap_url: str,
    highlight_country: str = "",
) -> SafeString:
    """Return the map as inline SVG; the caller lists the same data as text beside it."""
    positions = {point.key: project(point.latitude, point.longitude) for point in points}
    parts = [
        svg_root(f"0 {TOP} {WIDTH} {BOTTOM - TOP}", dom_id, "map"),
        title_and_description(dom_id, title, description),
        element("image", href=basemap_url, x="0", y="0", width=str(WIDTH), height=str(HEIGHT)),
    ]
    if highlight_country:
        for code, _, path in country_shapes():
            if code == highlight_country:
                parts.append(element("path", class_="map-highlight", d=path))
    for link in links:
        if link.a not in positions or link.b not in positions:
            continue
        (x1, y1), (x2, y2) = positions[link.a], positions[link.b]
        # Bow each line so partners on one parallel do not hide each other.
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2 - abs(x2 - x1) * 0.15
        path = f"M{x1:g},{y1:g} Q{cx:.1f},{cy:.1f} {x2:g},{y2:g}"
        parts.append(element("path", titled(link.label), class_="map-link", d=path))
    for point in points:
        x, y = positions[point.key]
        circle = element(
            "circle",
            titled(point.label),
            class_="map-point map-point-emphasis" if point.emphasis else "map-point",
            cx=f"{x:g}",
            cy=f"{y:g}",
            r="6" if point.emphasis else "4",
        )
        if point.url:
            circle = element("a", circle, href=point.url, aria_label=point.label)
        parts.append(circle)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through element(), which escapes
