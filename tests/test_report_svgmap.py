"""svgmap: label placement through the grid of placed boxes decides exactly as testing
every placed box does, and the map's coordinates are those of the plain formula."""

from __future__ import annotations

import math
import random
import re

import pytest

from branchplan import svgmap
from branchplan.model import Location


def _place_label_every_box(x: float, y: float, w: float, placed: list) -> tuple[float, float] | None:
    """The reference: each candidate spot tested against every box placed so far."""
    h = 12.0
    spots = [(x + 8, y - 6), (x + 8, y + 14), (x - 8 - w, y - 6), (x - 8 - w, y + 14), (x - w / 2, y - 12),
             (x - w / 2, y + 22), (x + 12, y + 4), (x - 12 - w, y + 4)]
    for lx, ly in spots:
        box = (lx, ly - h + 2, w, h)
        if not any(svgmap._overlap(box, other) for other in placed):
            placed.append(box)
            return round(lx, 1), round(ly, 1)
    return None


@pytest.mark.parametrize("seed", range(12))
def test_label_placement_with_the_grid_equals_testing_every_box(seed):
    rng = random.Random(seed)
    n = rng.choice([5, 40, 300, 1500])
    spread = rng.choice([20.0, 200.0, 900.0])  # crowded to sparse
    # coordinates on the map's 0.1 px grid, as xy() gives them, plus some off it and on cell edges
    pts = [(round(rng.uniform(0, spread), 1), round(rng.uniform(0, spread), 1)) for _ in range(n)]
    pts += [(32.0 * rng.randrange(-2, 30), 32.0 * rng.randrange(-2, 30)) for _ in range(n // 10)]
    pts += [(rng.uniform(-50, spread), rng.uniform(-50, spread)) for _ in range(n // 10)]
    reference = [(x - 6, y - 6, 12, 12) for x, y in pts]
    grid = svgmap._Boxes()
    for box in reference:
        grid.add(box)
    leads = rng.sample(pts, max(1, len(pts) // 3))
    spots = []
    for x, y in leads:
        w = 7.0 * rng.randint(1, 9)
        want = _place_label_every_box(x, y, w, reference)
        assert svgmap._place_label(x, y, w, grid) == want
        spots.append(want)
    assert any(s is not None for s in spots)
    if n >= 300 and spread == 20.0:
        assert any(s is None for s in spots)  # a crowded map leaves some labels out


def test_boxes_touching_at_an_edge_do_not_overlap_and_boxes_across_cells_do():
    grid = svgmap._Boxes()
    grid.add((0.0, 0.0, 32.0, 32.0))
    assert not grid.overlaps((32.0, 0.0, 5.0, 5.0))
    assert not grid.overlaps((0.0, 32.0, 5.0, 5.0))
    assert grid.overlaps((31.9, 31.9, 5.0, 5.0))
    grid.add((100.0, 100.0, 200.0, 12.0))  # a long label across several cells
    assert grid.overlaps((250.0, 105.0, 7.0, 12.0))
    assert not grid.overlaps((250.0, 112.0, 7.0, 12.0))


def test_map_coordinates_are_the_projection_scaled_into_the_frame():
    rng = random.Random(7)
    pts = [svgmap.Point(f"F{i:03d}", f"firm {i}", Location(lat=23.0 + rng.uniform(0, 0.3), lon=109.5 + rng.uniform(0, 0.4)),
                        f"B{i % 5}", f"F{i % 5:03d}", svgmap.colour(i % 5), rng.randint(0, 9))
           for i in range(60)]
    svg = svgmap.render(pts, "city")
    lat0 = sum(p.location.lat for p in pts) / len(pts)
    raw = {p.id: (p.location.lon * math.cos(math.radians(lat0)), -p.location.lat) for p in pts}
    xs, ys = [x for x, _ in raw.values()], [y for _, y in raw.values()]
    scale = min((svgmap.WIDTH - 2 * svgmap.MARGIN) / max(max(xs) - min(xs), 0.01),
                (svgmap.MAX_HEIGHT - 2 * svgmap.MARGIN - 30) / max(max(ys) - min(ys), 0.01))
    height = int(max(320, (max(ys) - min(ys)) * scale + 2 * svgmap.MARGIN + 30))
    pad_x = (svgmap.WIDTH - 2 * svgmap.MARGIN - (max(xs) - min(xs)) * scale) / 2
    pad_y = (height - 30 - 2 * svgmap.MARGIN - (max(ys) - min(ys)) * scale) / 2
    circles = dict((m[2], (float(m[0]), float(m[1])))
                   for m in re.findall(r'<circle class="[^"]*" cx="([^"]+)" cy="([^"]+)" r="[^"]+" fill="[^"]+" '
                                       r'data-firm="([^"]+)"', svg))
    assert len(circles) == len(pts)
    for pid, (x, y) in raw.items():
        assert circles[pid] == (round(svgmap.MARGIN + pad_x + (x - min(xs)) * scale, 1),
                                round(svgmap.MARGIN + pad_y + (y - min(ys)) * scale, 1))
