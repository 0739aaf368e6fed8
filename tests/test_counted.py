"""The exact path for a bounded number of branches (solver/counted.py): on random capacitated
p-median rosters it finds the optimum of the full CP-SAT model, never fixes away a lead or
a pair of an optimal plan, and runs end to end through the CLI with byte-identical output."""

from __future__ import annotations

import json
import math
import random
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from branchplan.api import solve
from branchplan.charter import load_charter
from branchplan.cli import app
from branchplan.model import Roster
from branchplan.solver import counted, exact
from branchplan.solver.bound import Lagrangian
from branchplan.solver.relax import branch_model, pair_costs
from branchplan.solver.solve import SolveOptions, make_parts, solve_levels

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import pmedcap  # noqa: E402

AS_OF = date(2026, 11, 1)
N = 30  # above exact.DIRECT_UP_TO: the bound and the counted path are used


def instance(seed: int) -> dict:
    """Random points in a 100 x 100 square, demand 1-10, p = 3 or 4, capacity 10-25% slack."""
    rng = random.Random(seed)
    pts = [(k + 1, rng.randint(0, 100), rng.randint(0, 100), rng.randint(1, 10)) for k in range(N)]
    p = rng.choice([3, 4])
    q = math.ceil(sum(d for *_, d in pts) / p * rng.uniform(1.1, 1.25))
    return {"prob": seed, "optimum": 0, "n": N, "p": p, "Q": q, "points": pts}


def setup(tmp_path: Path, seed: int):
    firms, rules = pmedcap.convert(instance(seed), tmp_path, f"cpmp{seed}")
    doc = json.loads(firms.read_text(encoding="utf-8"))
    return firms, rules, Roster.model_validate(doc | {"as_of": AS_OF}), load_charter(rules)


def full_optimum(roster: Roster, charter) -> tuple[int, dict[str, str]]:
    """Every pair modelled, no bound, no fixing: the plain CP-SAT model's optimum."""
    part = make_parts(roster, charter, SolveOptions(nearest=None))[0]
    whole = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
    whole.cands = {i: [i] + [u for u in whole.small if u != i] for i in whole.small}
    res = solve_levels(whole, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal"
    return res.values[1], res.lead_of


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_counted_path_finds_the_full_optimum(tmp_path, seed, monkeypatch):
    _, _, roster, charter = setup(tmp_path, seed)
    calls = []
    real = counted.solve_counted
    monkeypatch.setattr(counted, "solve_counted", lambda *a, **k: calls.append(1) or real(*a, **k))
    res = solve(roster, charter, SolveOptions(), AS_OF)
    assert calls, "the counted path was not taken"
    assert res.plan.status == "optimal"
    part = res.parts[0]
    assert part.proof == "bound" and "heuristic" in part.phases
    value, _ = full_optimum(roster, charter)
    assert part.values[1] == value
    assert len(res.plan.branches) == instance(seed)["p"]


@pytest.mark.parametrize("seed", [5, 6])
def test_fixing_keeps_an_optimal_plan(tmp_path, seed):
    """With the optimum as the plan in hand, every lead and pair of another optimal plan
    (the full model's) survives the fixing."""
    _, _, roster, charter = setup(tmp_path, seed)
    value, lead_of = full_optimum(roster, charter)
    part = make_parts(roster, charter, SolveOptions())[0]
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
    level = exact.first_level(charter.rules)
    bm = branch_model(sub, charter.rules, level, AS_OF, pair_costs(sub, charter.rules, level, sub.small, sub.small))
    lag = Lagrangian(bm)
    lag.run(100)
    bound = lag.run(200, value)
    assert bound.value <= value + 1e-6
    kept, closed, opened = counted._kept(bm, bound, value, sub, {})
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    leads = {pos[lead] for lead in lead_of.values()}
    assert not any(closed[a] for a in leads)
    assert all(a in leads for a in np.nonzero(opened)[0])
    for fid, lead in lead_of.items():
        if fid != lead:
            assert kept[pos[fid], pos[lead]], (fid, lead)
    assert kept.sum() < N * (N - 1)        # and something was pruned


def test_without_matches_brute_force():
    """The best choice of leads with u forced out, under exact and bounded counts."""
    rng = np.random.default_rng(7)
    b = rng.normal(size=9)
    for lo, hi in [(3, 3), (0, 4), (2, None)]:
        bm = type("BM", (), {"n": 9, "leads_lo": lo, "leads_hi": hi})()
        got = counted._without(bm, b)
        for u in range(9):
            rest = np.sort(np.delete(b, u))
            top = 8 if hi is None else min(8, hi)
            best = min(rest[:t].sum() for t in range(lo, top + 1))
            assert got[u] == pytest.approx(best)


def test_cli_end_to_end_is_optimal_and_reproducible(tmp_path):
    firms, rules, roster, charter = setup(tmp_path, 8)
    value, _ = full_optimum(roster, charter)
    outs = []
    for k in range(2):
        out = tmp_path / f"plan{k}.json"
        res = CliRunner().invoke(app, ["solve", str(firms), "--rules", str(rules), "-o", str(out)])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    plan = json.loads(outs[0])
    assert plan["status"] == "optimal"
    assert plan["objective"]["total"] * 1000 == value
    assert outs[0] == outs[1]
