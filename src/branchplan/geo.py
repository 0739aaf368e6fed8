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


def coordinates(locations) -> tuple["np.ndarray", "np.ndarray", bool]:
    """(first, second, geographic) coordinate arrays of locations: (lat, lon) for geographic,
    (x, y) for planar; NaN where a location is unknown."""
    import numpy as np

    geo = any(loc is not None and loc.is_geo for loc in locations)
    a = np.array([np.nan if loc is None else (loc.lat if loc.is_geo else loc.x) for loc in locations], float)
    b = np.array([np.nan if loc is None else (loc.lon if loc.is_geo else loc.y) for loc in locations], float)
    return a, b, geo


def distance_matrix(rows, cols, metric: Metric = "auto") -> "np.ndarray":
    """distance(rows[k], cols[l]) for all k, l, vectorised (0 where a location is unknown).

    Agrees with :func:`distance` up to the last bits of floating point; callers that need
    a guaranteed lower bound round with :func:`milli_lower`.
    """
    import numpy as np

    a1, b1, geo1 = coordinates(rows)
    a2, b2, geo2 = coordinates(cols)
    geo = geo1 or geo2
    if metric == "auto":
        metric = "haversine" if geo else "euclidean"
    if metric == "haversine" and geo:
        lat1, lon1 = np.radians(a1)[:, None], np.radians(b1)[:, None]
        lat2, lon2 = np.radians(a2)[None, :], np.radians(b2)[None, :]
        h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        d = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    else:  # planar, or lon/lat used as planar coordinates (as distance() does)
        x1, y1 = (b1, a1) if geo else (a1, b1)
        x2, y2 = (b2, a2) if geo else (a2, b2)
        dx, dy = x2[None, :] - x1[:, None], y2[None, :] - y1[:, None]
        d = np.hypot(dx, dy)
        if metric == "floor_euclidean":
            d = _floor_sqrt(dx * dx + dy * dy, np.all(np.isnan(a1) | (a1 == np.round(a1)))
                            and np.all(np.isnan(b1) | (b1 == np.round(b1))))
    d[np.isnan(d)] = 0.0
    return d


def _floor_sqrt(s, integral: bool):
    """floor(sqrt(s)) exactly for integer s; for other s never above the true value."""
    import numpy as np

    root = np.sqrt(s)
    k = np.floor(root)
    k = np.where((k + 1) ** 2 <= s, k + 1, k)
    k = np.where(k ** 2 > s, k - 1, k)
    if not integral:
        k = np.where(np.abs(root - np.round(root)) < 1e-9 * np.maximum(1.0, root), k - 1, k)
    return np.maximum(k, 0.0)


def milli_lower(values: "np.ndarray") -> "np.ndarray":
    """int(round(v * 1000)) as a lower bound robust to last-bit differences in v."""
    import numpy as np

    return np.floor(values * 1000.0 + 0.5 - 1e-6)
