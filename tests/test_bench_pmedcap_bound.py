"""benchmarks/pmedcap_bound.py: on small capacitated p-median problems solved by enumeration,
the LP bound never exceeds the optimum, and the branch and price over the medians proves the
optimum (its tree exhausted with the optimum as the bar) and finds a plan at the optimum when
the bar is set above it."""

from __future__ import annotations

import itertools
import math
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import pmedcap_bound  # noqa: E402


def _instance(seed: int, n: int = 9, p: int = 3) -> dict:
    rng = random.Random(seed)
    points = [[i + 1, rng.randint(0, 60), rng.randint(0, 60), rng.randint(1, 9)] for i in range(n)]
    total = sum(pt[3] for pt in points)
    return {"prob": seed, "n": n, "p": p, "Q": math.ceil(total / p) + rng.randint(0, 6), "points": points}


def _optimum(inst: dict) -> float:
    """Every choice of p medians, every assignment of the others within capacity."""
    n, p, q = inst["n"], inst["p"], inst["Q"]
    xy = [(x, y) for _, x, y, _ in inst["points"]]
    dem = [d for *_, d in inst["points"]]
    dist = [[math.floor(math.dist(a, b)) for b in xy] for a in xy]
    best = math.inf
    for medians in itertools.combinations(range(n), p):
        others = [i for i in range(n) if i not in medians]
        for choice in itertools.product(medians, repeat=len(others)):
            load = {m: dem[m] for m in medians}
            for i, m in zip(others, choice):
                load[m] += dem[i]
            if max(load.values()) <= q:
                best = min(best, sum(dist[i][m] for i, m in zip(others, choice)))
    return best


@pytest.mark.parametrize("seed", [0, 1, 3, 4, 10])     # (4 and 10: the LP bound is under the optimum)
def test_bound_and_proof_on_enumerated_problems(seed):
    inst = _instance(seed)
    opt = _optimum(inst)
    assert opt < math.inf
    inst["optimum"] = opt
    row = pmedcap_bound.run(inst, nodes=500)
    assert row["lp_bound"] <= opt + 1e-6
    assert row["exhausted"] and row["plan_below"] is None, row
    assert row["nodes"] > 0 or row["lp_bound"] > opt - 1, row     # (a gap of a point or more: branched)
    above = pmedcap_bound.run(inst, nodes=500, ub=opt + 1)
    assert above["plan_below"] == opt or (not above["exhausted"] and above["tree_bound"] <= opt), above
