"""Server-rendered SVG pictures: the world map, timelines, networks and bar charts.

Pure functions from plain data to SVG markup; the views gather the data. Nothing
here fetches anything at run time: the base map comes from the vendored Natural
Earth data in static/vendor/world-atlas.
"""
