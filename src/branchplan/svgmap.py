"""An inline SVG map of one jurisdiction's units, coloured by branch: no tiles, no network.

Geographic coordinates are projected equirectangularly around the mean latitude (true to
scale at city size); planar x/y are drawn as given. Each firm is a circle (area grows with
its members), each branch's lead has a dark ring and its branch id beside it, a line joins
every firm to its lead, host organisations are squares, firms without members are small
grey dots. Every element carries ``data-`` attributes and a ``<title>`` tooltip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from .geo import haversine_km
from .model import Location

#: Colour-blind-friendly palette (Okabe-Ito, then Tableau); repeats past its length.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C564B", "#7F7F7F",
           "#BCBD22", "#1F77B4", "#9467BD", "#2CA02C", "#E377C2", "#17BECF", "#FF7F0E", "#393B79")
WIDTH, MARGIN = 960, 36


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Point:
    """One unit on the map."""

    id: str
    label: str  # tooltip text
    location: Location
    branch: str | None  # branch id, None for firms without members
    lead: str | None  # id of the unit leading its branch
    colour: str
    members: int
    host: bool = False


def _project(loc: Location, lat0: float) -> tuple[float, float]:
    if loc.is_geo:
        return loc.lon * math.cos(math.radians(lat0)), -loc.lat
    return loc.x, -loc.y


def render(points: list[Point], caption: str, lang: str = "en") -> str:
    """The ``<svg>`` element (with a scale bar when coordinates are geographic)."""
    geo = all(p.location.is_geo for p in points)
    lat0 = sum(p.location.lat for p in points) / len(points) if geo else 0.0
    raw = {p.id: _project(p.location, lat0) for p in points}
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.01 if geo else 1.0)
    scale = (WIDTH - 2 * MARGIN) / span
    height = int(min(WIDTH, max(320, (max(ys) - min(ys)) * scale + 2 * MARGIN + 30)))
    pad_x = (WIDTH - 2 * MARGIN - (max(xs) - min(xs)) * scale) / 2
    pad_y = (height - 30 - 2 * MARGIN - (max(ys) - min(ys)) * scale) / 2

    def xy(pid: str) -> tuple[float, float]:
        x, y = raw[pid]
        return (round(MARGIN + pad_x + (x - min(xs)) * scale, 1), round(MARGIN + pad_y + (y - min(ys)) * scale, 1))

    out = [f'<svg class="map" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
           f'aria-label="{escape(caption)}">',
           f'<rect class="frame" x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}"/>',
           '<g class="links">']
    for p in points:
        if p.lead and p.lead != p.id and p.lead in raw:
            (x1, y1), (x2, y2) = xy(p.id), xy(p.lead)
            out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{p.colour}" '
                       f'data-firm="{escape(p.id)}" data-lead="{escape(p.lead)}"/>')
    out.append('</g><g class="units">')
    for p in sorted(points, key=lambda p: (p.branch is not None, -p.members, p.id)):
        x, y = xy(p.id)
        tip = f"<title>{escape(p.label)}</title>"
        attrs = f'data-firm="{escape(p.id)}"' + (f' data-branch="{escape(p.branch)}"' if p.branch else "")
        cls = "lead" if p.lead == p.id else ("empty" if p.branch is None else "member")
        if p.host:
            s = 7
            out.append(f'<rect class="host {cls}" x="{x - s}" y="{y - s}" width="{2 * s}" height="{2 * s}" '
                       f'fill="{p.colour}" {attrs}>{tip}</rect>')
            continue
        r = 2.5 if p.branch is None else round(3.5 + 1.6 * math.sqrt(p.members), 1)
        fill = "#bbbbbb" if p.branch is None else p.colour
        out.append(f'<circle class="{cls}" cx="{x}" cy="{y}" r="{r}" fill="{fill}" {attrs}>{tip}</circle>')
    out.append('</g><g class="labels">')
    for p in points:
        if p.lead == p.id and p.branch:
            x, y = xy(p.id)
            out.append(f'<text x="{x + 8}" y="{y - 8}" data-branch="{escape(p.branch)}">{escape(p.branch)}</text>')
    out.append("</g>")
    if geo:
        out.append(_scale_bar(points, lat0, scale, height, lang))
    out.append("</svg>")
    return "\n".join(out)


def _scale_bar(points: list[Point], lat0: float, scale: float, height: int, lang: str) -> str:
    """A bar of a round number of km, about a fifth of the map wide."""
    one_deg_km = haversine_km(Location(lat=lat0, lon=0.0), Location(lat=lat0, lon=1.0)) / math.cos(math.radians(lat0))
    px_per_km = scale / one_deg_km
    target = (WIDTH / 5) / px_per_km
    step = 10 ** math.floor(math.log10(target)) if target > 0 else 1
    km = max(n * step for n in (1, 2, 5) if n * step <= target) if target >= step else step
    length = round(km * px_per_km, 1)
    x0, y0 = MARGIN, height - 16
    label = f"{km:g} km" if lang != "zh" else f"{km:g} 公里"
    return (f'<g class="scale"><line x1="{x0}" y1="{y0}" x2="{x0 + length}" y2="{y0}"/>'
            f'<line x1="{x0}" y1="{y0 - 4}" x2="{x0}" y2="{y0 + 4}"/>'
            f'<line x1="{x0 + length}" y1="{y0 - 4}" x2="{x0 + length}" y2="{y0 + 4}"/>'
            f'<text x="{x0 + length + 6}" y="{y0 + 4}">{label}</text></g>')
