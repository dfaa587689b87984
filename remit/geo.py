"""The map geometry the app ships (static/topojson/, see its README) and the views the map offers.

plotly.js would fetch its world geometry from a CDN at run time; remit serves a copy itself so that
maps draw offline. Economies without a shape in that geometry are drawn as dots at POINTS.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from remit.store import project_root

GEOMETRY = "world_50m"  # plotly's name for the world at 1:50m: static/topojson/world_50m.json
TOPOJSON_URL = "app/static/topojson/"  # where Streamlit serves static/topojson/ (relative to the page)

# Economies in the store that the geometry has no shape for: (name, latitude, longitude).
POINTS: dict[str, tuple[str, float, float]] = {
    "XKX": ("Kosovo", 42.60, 20.90),
    "TUV": ("Tuvalu", -8.52, 179.20),
    "ANT": ("Netherlands Antilles", 12.17, -68.99),
}

# Map views: longitude and latitude ranges. The focus region first: it is the default.
VIEWS: dict[str, dict[str, list[float]]] = {
    "Focus region": {"lon": [12.0, 80.0], "lat": [33.0, 62.0]},
    "World": {"lon": [-180.0, 180.0], "lat": [-58.0, 84.0]},
    "Europe & Central Asia": {"lon": [-25.0, 95.0], "lat": [30.0, 72.0]},
    "East Asia & Pacific": {"lon": [70.0, 180.0], "lat": [-48.0, 55.0]},
    "South Asia": {"lon": [58.0, 100.0], "lat": [4.0, 40.0]},
    "Middle East & North Africa": {"lon": [-18.0, 75.0], "lat": [10.0, 42.0]},
    "Sub-Saharan Africa": {"lon": [-20.0, 55.0], "lat": [-36.0, 25.0]},
    "Latin America & Caribbean": {"lon": [-120.0, -30.0], "lat": [-56.0, 33.0]},
    "North America": {"lon": [-170.0, -50.0], "lat": [15.0, 75.0]},
}
# Views that differ when the map shows the cost of sending FROM each country: the focus region's money is
# sent from Western Europe too (Germany, Switzerland, Austria, Italy...), so its view reaches west to Portugal.
SENDER_VIEWS: dict[str, dict[str, list[float]]] = {
    "Focus region": {"lon": [-12.0, 80.0], "lat": [33.0, 64.0]},
}
# The World Bank region each view stands for (the focus region is the store's focus_subregion).
VIEW_REGIONS: dict[str, str] = {
    "Europe & Central Asia": "Europe & Central Asia",
    "East Asia & Pacific": "East Asia & Pacific",
    "South Asia": "South Asia",
    "Middle East & North Africa": "Middle East, North Africa, Afghanistan & Pakistan",
    "Sub-Saharan Africa": "Sub-Saharan Africa",
    "Latin America & Caribbean": "Latin America & Caribbean",
    "North America": "North America",
}


def topojson_path() -> Path:
    return project_root() / "static" / "topojson" / f"{GEOMETRY}.json"


@functools.cache
def geometry_ids() -> frozenset[str]:
    """ISO3 codes of the countries the shipped geometry has a shape for."""
    topo = json.loads(topojson_path().read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topo["objects"]["countries"]["geometries"] if g.get("id"))


def view_box(view: str, side: str = "receiving") -> dict[str, list[float]]:
    """The longitude and latitude ranges of a view; side 'sending' widens the ones in SENDER_VIEWS."""
    return SENDER_VIEWS[view] if side == "sending" and view in SENDER_VIEWS else VIEWS[view]


def _natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection (plotly's 'natural earth', d3's geoNaturalEarth1), in radians."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def view_aspect(box: dict[str, list[float]]) -> float:
    """Width / height of a view as the map draws it: plotly centres the projection on the middle of the
    longitude range and fits the projected box into the figure, keeping this aspect (the rest stays blank)."""
    (lon0, lon1), (lat0, lat1) = box["lon"], box["lat"]
    mid = (lon0 + lon1) / 2
    steps = [i / 40 for i in range(41)]
    edge = [(lon0 + (lon1 - lon0) * t, lat) for t in steps for lat in (lat0, lat1)]
    edge += [(lon, lat0 + (lat1 - lat0) * t) for t in steps for lon in (lon0, lon1)]
    xy = [_natural_earth(lon - mid, lat) for lon, lat in edge]
    xs, ys = [x for x, _ in xy], [y for _, y in xy]
    return (max(xs) - min(xs)) / (max(ys) - min(ys))
