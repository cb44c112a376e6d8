"""The SVG pictures: projection, base map, and what each picture draws."""

import re
from types import SimpleNamespace

import pytest

from partnerships.dates import PartialDate
from partnerships.graphics.charts import Bar, bar_chart, column_chart
from partnerships.graphics.geo import HEIGHT, WIDTH, basemap_svg, country_shapes, project
from partnerships.graphics.grouping import map_data
from partnerships.graphics.maps import MapLink, MapPoint, render_map
from partnerships.graphics.network import Edge, Node, render_network
from partnerships.graphics.timeline import TimelineItem, render_timeline


def count(svg: str, pattern: str) -> int:
    return len(re.findall(pattern, str(svg)))


def test_projection_puts_known_places_where_they_belong():
    assert project(0, 0) == (WIDTH / 2, HEIGHT / 2)
    osaka_x, osaka_y = project(34.69, 135.5)
    chicago_x, chicago_y = project(41.88, -87.63)
    assert chicago_x < WIDTH / 2 < osaka_x  # west and east of Greenwich
    assert osaka_y < HEIGHT / 2 and chicago_y < osaka_y  # both north; Chicago further
    left, _ = project(0, -180)
    right, _ = project(0, 180)
    assert (left, right) == (0.0, float(WIDTH))


def test_base_map_has_the_world_without_antarctica():
    codes = {code for code, _, _ in country_shapes()}
    assert {"JP", "DE", "US", "FI", "RU", "FJ"} <= codes
    assert "AQ" not in codes
    assert len(country_shapes()) > 170
    svg = basemap_svg()
    assert svg.startswith("<svg") and svg.count("<path") == len(country_shapes())
    # Antimeridian rings are clamped to the map, never drawn across it.
    for x in re.findall(r"[ML](-?[\d.]+),", svg):
        assert 0 <= float(x) <= WIDTH


def place(pk, name, latitude=None, longitude=None):
    return SimpleNamespace(
        pk=pk,
        name=name,
        native_name="",
        country="",
        latitude=latitude,
        longitude=longitude,
        is_published=True,
        get_absolute_url=lambda: f"/places/{name.lower()}/",
        _prefetched_objects_cache={},
    )


def test_map_data_links_every_pair_once_and_skips_places_without_coordinates():
    chicago, osaka, nowhere = (
        place(1, "Chicago", 41.9, -87.6),
        place(2, "Osaka", 34.7, 135.5),
        place(3, "Nowhere"),
    )
    hamburg = place(4, "Hamburg", 53.6, 10.0)
    points, links = map_data(
        [
            ("Chicago–Osaka", [chicago, osaka]),
            ("again", [osaka, chicago, nowhere]),
            ("trio", [chicago, osaka, hamburg]),
        ],
        emphasis_keys={1},
    )
    assert sorted(point.label for point in points) == ["Chicago", "Hamburg", "Osaka"]
    assert len(links) == 3  # Chicago–Osaka once, plus Hamburg to each
    assert next(point for point in points if point.label == "Chicago").emphasis


def test_map_draws_a_circle_per_place_and_a_line_per_link_with_accessible_names():
    points = [
        MapPoint("a", "Aachen <&>", 50.8, 6.1, "/places/aachen/"),
        MapPoint("b", "Oulu", 65.0, 25.5),
    ]
    svg = render_map(
        points,
        [MapLink("a", "b", "Aachen–Oulu"), MapLink("a", "missing", "dropped")],
        dom_id="m",
        title="Map",
        description="Two places",
        basemap_url="/map/world.svg",
        highlight_country="FI",
    )
    assert count(svg, "<circle") == 2
    assert count(svg, 'class="map-link"') == 1
    assert count(svg, 'class="map-highlight"') == 1
    assert 'aria-labelledby="m-title m-desc"' in svg
    assert "Aachen &lt;&amp;&gt;" in svg and "<&>" not in svg


def test_timeline_draws_signing_at_its_precision_and_validity_bars():
    items = [
        TimelineItem("a", "Affiliation", "/a/", PartialDate.parse("1973")),
        TimelineItem(
            "b",
            "Renewal",
            "/b/",
            PartialDate.parse("2025-01-14"),
            valid_until=PartialDate.parse("2030"),
            related_to=(("a", "renews"),),
        ),
        TimelineItem("c", "Undated", "/c/", None),
    ]
    svg = render_timeline(items, dom_id="t", title="Timeline", description="d")
    assert count(svg, 'class="timeline-row"') == 2  # the undated one is listed, not drawn
    assert count(svg, 'class="signed signed-year"') == 1
    assert count(svg, '<circle[^>]*class="signed"') == 1
    assert count(svg, 'class="validity"') == 1
    assert count(svg, 'class="relation"') == 1


def test_network_and_charts_draw_one_shape_per_item():
    nodes = [
        Node("p1", "Essen", "DE"),
        Node("p2", "Tokyo", "JP"),
        Node("o1", "EWG", "DE", kind="organization"),
    ]
    svg = render_network(
        nodes,
        [Edge("p1", "p2", "LoI"), Edge("o1", "p2", "LoI")],
        dom_id="n",
        title="t",
        description="d",
    )
    assert count(svg, "<circle") == 3 and count(svg, 'class="edge') == 2
    bars = [Bar("Japan", 9, "?country=JP"), Bar("Finland", 3)]
    assert count(bar_chart(bars, dom_id="c", title="t", description="d"), 'class="bar"') == 2
    years = [Bar("2020", 2), Bar("2021", 0), Bar("2022", 1)]
    assert count(column_chart(years, dom_id="y", title="t", description="d"), 'class="bar"') == 2


@pytest.mark.parametrize("latitude", [-95, 95])
def test_projection_clamps_out_of_range_input(latitude):
    _, y = project(latitude, 0)
    assert 0 <= y <= HEIGHT
