"""Distances between units. One function serves the solver and the evaluators, so both agree."""

from __future__ import annotations

import math
from typing import Literal

from .model import Location

Metric = Literal["auto", "haversine", "euclidean", "floor_euclidean"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: Location, b: Location) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance(a: Location | None, b: Location | None, metric: Metric = "auto") -> float:
    """Distance between two locations; 0 when either is unknown.

    ``auto``: great-circle km for lat/lon, Euclidean for planar x/y.
    ``floor_euclidean``: Euclidean truncated to an integer (as in the OR-Library p-median sets).
    """
    if a is None or b is None:
        return 0.0
    if metric == "auto":
        metric = "haversine" if a.is_geo else "euclidean"
    if metric == "haversine":
        if not (a.is_geo and b.is_geo):
            return math.dist(_xy(a), _xy(b))
        return haversine_km(a, b)
    d = math.dist(_xy(a), _xy(b))
    return float(math.floor(d)) if metric == "floor_euclidean" else d


def _xy(loc: Location) -> tuple[float, float]:
    return (loc.lon, loc.lat) if loc.is_geo else (loc.x, loc.y)
