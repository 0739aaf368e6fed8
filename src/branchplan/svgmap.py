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

#: Tableau 10 and a few darker colours, well apart from the grey of firms without members;
#: repeats past its length.
PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#59A14F", "#B07AA1", "#EDC948", "#76B7B2", "#9C755F",
           "#FF9DA7", "#2F4B7C", "#1B9E77", "#7570B3", "#E7298A", "#66A61E", "#A6761D", "#17BECF")
WIDTH, MAX_HEIGHT, MARGIN = 960, 640, 36


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
    least = 0.01 if geo else 1.0
    span_x, span_y = max(max(xs) - min(xs), least), max(max(ys) - min(ys), least)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (MAX_HEIGHT - 2 * MARGIN - 30) / span_y)
    height = int(max(320, (max(ys) - min(ys)) * scale + 2 * MARGIN + 30))
    pad_x = (WIDTH - 2 * MARGIN - (max(xs) - min(xs)) * scale) / 2
    pad_y = (height - 30 - 2 * MARGIN - (max(ys) - min(ys)) * scale) / 2

    min_x, min_y = min(xs), min(ys)  # once per map: xy() is called for every unit and link

    def xy(pid: str) -> tuple[float, float]:
        x, y = raw[pid]
        return (round(MARGIN + pad_x + (x - min_x) * scale, 1), round(MARGIN + pad_y + (y - min_y) * scale, 1))

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
    placed = _Boxes()
    for x, y in map(xy, raw):
        placed.add((x - 6, y - 6, 12, 12))
    for p in points:
        if p.lead == p.id and p.branch:
            x, y = xy(p.id)
            spot = _place_label(x, y, 7.0 * len(p.branch), placed)
            if spot is not None:  # no free spot: the ringed lead and its tooltip still show it
                out.append(f'<text x="{spot[0]}" y="{spot[1]}" data-branch="{escape(p.branch)}">'
                           f'{escape(p.branch)}</text>')
    out.append("</g>")
    if geo:
        out.append(_scale_bar(points, lat0, scale, height, lang))
    out.append("</svg>")
    return "\n".join(out)


def _place_label(x: float, y: float, w: float, placed: _Boxes) -> tuple[float, float] | None:
    """The first spot around (x, y) where a label of width w overlaps no earlier label
    or unit; None when every spot is taken."""
    h = 12.0
    spots = [(x + 8, y - 6), (x + 8, y + 14), (x - 8 - w, y - 6), (x - 8 - w, y + 14), (x - w / 2, y - 12),
             (x - w / 2, y + 22), (x + 12, y + 4), (x - 12 - w, y + 4)]
    for lx, ly in spots:
        box = (lx, ly - h + 2, w, h)
        if not placed.overlaps(box):
            placed.add(box)
            return round(lx, 1), round(ly, 1)
    return None


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class _Boxes:
    """The boxes (x, y, w, h) placed on a map so far, bucketed by the cells of a coarse grid
    they touch, so that a new box is tested only against the boxes sharing a cell with it
    rather than against every unit and label of the map.

    A box touches every cell from that of its top-left corner to that of its bottom-right
    one, edges included (a coordinate v is in cell floor(v / CELL), which never decreases
    as v grows). Two boxes that overlap both hold the point made of the larger of their
    left edges and the larger of their top edges, so they share that point's cell: a box in
    no shared cell cannot overlap, and ``overlaps`` answers exactly as testing every placed
    box would.
    """

    CELL = 32.0  # px: a few units or one label wide

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box: tuple[float, float, float, float]):
        c = self.CELL
        x0, y0 = math.floor(box[0] / c), math.floor(box[1] / c)
        x1, y1 = math.floor((box[0] + box[2]) / c), math.floor((box[1] + box[3]) / c)
        return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]

    def add(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def overlaps(self, box: tuple[float, float, float, float]) -> bool:
        """Whether box overlaps any placed box."""
        cells = self._cells
        return any(_overlap(box, other) for key in self._keys(box) for other in cells.get(key, ()))


def dense_core(points: list[Point]) -> list[Point] | None:
    """The points of a crowded centre worth a second, enlarged map: the units within twice
    the radius holding 60% of them around the median (else 40%: a city whose outlying towns
    hold many of its firms), when that area is less than a fifth of the map's extent. None
    when the map is legible as it is."""
    if len(points) < 8:
        return None
    lat0 = sum(p.location.lat for p in points) / len(points) if points[0].location.is_geo else 0.0
    raw = [(_project(p.location, lat0), p) for p in points]
    xs = sorted(x for (x, _), _ in raw)
    ys = sorted(y for (_, y), _ in raw)
    mx, my = xs[len(xs) // 2], ys[len(ys) // 2]
    dist = sorted(math.hypot(x - mx, y - my) for (x, y), _ in raw)
    extent = max(xs[-1] - xs[0], ys[-1] - ys[0])
    if extent <= 0:
        return None
    for share in (0.6, 0.4):
        r = dist[int(share * (len(dist) - 1))]
        if 4 * r < extent / 5:
            core = [p for (x, y), p in raw if math.hypot(x - mx, y - my) <= 2 * r]
            return core if 4 <= len(core) < len(points) else None
    return None


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
