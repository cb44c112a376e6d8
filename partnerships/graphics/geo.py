"""The world base map: Natural Earth countries (TopoJSON) in the Natural Earth projection."""

import itertools
import json
import math
from functools import cache

import pycountry
from django.conf import settings

WIDTH, HEIGHT = 960, 500
ANTARCTICA = "010"
TOPOLOGY_PATH = settings.BASE_DIR / "static" / "vendor" / "world-atlas" / "countries-110m.json"

# Natural Earth projection (Šavrič et al. 2011): polynomial, no trigonometric inverse.
_X_MAX = math.pi * 0.8707
_Y_MAX = (math.pi / 2) * (1.007226 + 0.015085 * (math.pi / 2) ** 2)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the SVG coordinates of a point on the WIDTH x HEIGHT map."""
    phi = math.radians(max(-89.9, min(89.9, latitude)))
    lam = math.radians(max(-180.0, min(180.0, longitude)))
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.870700 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return (
        round((x / _X_MAX + 1) * WIDTH / 2, 1),
        round((1 - y / _Y_MAX) * HEIGHT / 2, 1),
    )


def _decode_arcs(topology) -> list[list[tuple[float, float]]]:
    """Turn quantized, delta-encoded TopoJSON arcs into (longitude, latitude) lists."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def _unwrap(ring) -> tuple[list[tuple[float, float]], bool]:
    """Make longitudes continuous across the antimeridian; say whether it was crossed."""
    points, offset, crossed = [ring[0]], 0.0, False
    for (lon0, _), (lon1, lat1) in itertools.pairwise(ring):
        if lon1 - lon0 > 180:
            offset -= 360
            crossed = True
        elif lon0 - lon1 > 180:
            offset += 360
            crossed = True
        points.append((lon1 + offset, lat1))
    return points, crossed


def _path(rings) -> str:
    parts = []
    for ring in rings:
        ring, crossed = _unwrap(ring)
        # A ring over the antimeridian (Russia, Fiji) is drawn twice, once shifted
        # by a full turn; project() clamps each copy's far side onto the map's edge.
        copies = [ring]
        if crossed:
            shift = 360 if min(lon for lon, _ in ring) < -180 else -360
            copies.append([(lon + shift, lat) for lon, lat in ring])
        for copy in copies:
            projected = [project(lat, lon) for lon, lat in copy]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
    return "".join(parts)


def _alpha2(numeric_id: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric_id) if numeric_id else None
    return country.alpha_2 if country else ""


@cache
def country_shapes() -> list[tuple[str, str, str]]:
    """Return (ISO alpha-2 or "", English name, SVG path) for every country."""
    topology = json.loads(TOPOLOGY_PATH.read_text())
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue  # no partnerships there; it would take a fifth of the map
        if geometry["type"] == "Polygon":
            rings = [_ring(arcs, ring) for ring in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            rings = [_ring(arcs, ring) for polygon in geometry["arcs"] for ring in polygon]
        else:
            continue
        shapes.append((_alpha2(geometry.get("id")), geometry["properties"]["name"], _path(rings)))
    return shapes


@cache
def basemap_svg() -> str:
    """The whole world as one standalone SVG document (served as a cached file)."""
    paths = "".join(
        f'<path class="country" data-country="{code}" d="{path}"/>'
        for code, _, path in country_shapes()
    )
    # Presentation attributes, not a <style> element: the site's Content-Security-Policy
    # (style-src 'self') applies to this file too.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">'
        f'<g fill="#dfe4ec" stroke="#fff" stroke-width=".5">{paths}</g></svg>'
    )
