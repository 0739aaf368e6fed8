"""Vectorised distances agree with geo.distance, and the solver's cost bounds never exceed
what the rules charge."""

from __future__ import annotations

import random

import numpy as np
import pytest

from branchplan.charter import load_charter
from branchplan.geo import distance, distance_matrix, milli_lower
from branchplan.model import Firm, Location
from branchplan.rules import distance as distance_rule
from branchplan.rules import district as district_rule


@pytest.mark.parametrize("metric", ["auto", "haversine", "euclidean", "floor_euclidean"])
@pytest.mark.parametrize("geo", [True, False])
def test_matrix_matches_distance(metric, geo):
    rng = random.Random(5)
    if geo:
        locs = [Location(lat=rng.uniform(20, 45), lon=rng.uniform(100, 125)) for _ in range(40)]
    else:
        locs = [Location(x=rng.randint(0, 60), y=rng.randint(0, 60)) for _ in range(40)]
    locs.append(None)
    got = distance_matrix(locs, locs, metric)
    want = np.array([[distance(a, b, metric) for b in locs] for a in locs])
    assert np.allclose(got, want, rtol=1e-12, atol=1e-9)
    exact = np.array([[int(round(distance(a, b, metric) * 1000)) for b in locs] for a in locs])
    assert (milli_lower(got) <= exact).all()
    assert (milli_lower(got) == exact).mean() > 0.99


def test_pair_cost_bounds_never_exceed_the_rules():
    rng = random.Random(9)
    firms = [Firm(id=f"F{k}", district=rng.choice(["甲", "乙", None]),
                  location=Location(lat=23 + rng.random(), lon=109 + rng.random()),
                  members={"full": rng.randint(0, 2), "probationary": rng.randint(0, 1)}) for k in range(30)]
    charter = load_charter()
    dist, dstr = charter.get("BP-DISTANCE"), charter.get("BP-DISTRICT")
    got = distance_rule.pair_cost_bounds(dist, firms, firms) + district_rule.pair_cost_bounds(dstr, firms, firms)
    for i, f in enumerate(firms):
        for u, g in enumerate(firms):
            want = distance_rule.pair_cost(dist, f, g.location)[1]
            if district_rule.mismatch(f, g):
                want += district_rule.unit_cost(dstr, f)
            assert got[i, u] <= want
            assert got[i, u] >= want - 1
