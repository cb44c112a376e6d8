"""Turn groups of places (a partnership's members, an agreement's parties) into map data."""

from itertools import combinations

from partnerships.graphics.maps import MapLink, MapPoint
from partnerships.localization import localized_name


def map_data(groups, emphasis_keys=frozenset()):
    """Build map points and links from (label, [place, ...]) groups.

    Places without coordinates are left off the map (the text alternative still
    lists the group); every pair of places within a group is linked once.
    """
    points: dict[str, MapPoint] = {}
    links: dict[tuple[str, str], MapLink] = {}
    for label, places in groups:
        located = []
        for place in places:
            if place is None or place.latitude is None:
                continue
            key = f"place-{place.pk}"
            located.append(key)
            points.setdefault(
                key,
                MapPoint(
                    key=key,
                    label=localized_name(place),
                    latitude=float(place.latitude),
                    longitude=float(place.longitude),
                    url=place.get_absolute_url() if place.is_published else "",
                    emphasis=place.pk in emphasis_keys,
                ),
            )
        for a, b in combinations(sorted(set(located)), 2):
            links.setdefault((a, b), MapLink(a=a, b=b, label=label))
    return list(points.values()), list(links.values())
