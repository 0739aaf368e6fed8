"""The Lagrangian bound and the pairs it rules out: never above an optimum, never dropping a
pair an optimal plan needs; the exact path finds the optimum of the full model."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from branchplan.charter import load_charter
from branchplan.model import Roster
from branchplan.solver import exact
from branchplan.solver.bound import Lagrangian, _slots, cheap_bounds, joint_values, lead_rows, pair_bounds
from branchplan.solver.relax import branch_model, pair_costs
from branchplan.solver.solve import SolveOptions, make_parts, solve_levels, solve_part

AS_OF = date(2026, 11, 1)


def roster(n_firms: int, seed: int, spread_km: float = 8.0) -> Roster:
    """A random city: firms around two centres, 0-6 full members, a few probationary."""
    rng = random.Random(seed)
    firms = []
    for k in range(n_firms):
        cx, cy = (23.10, 109.60) if rng.random() < 0.7 else (23.30, 109.90)
        full = rng.choice([0, 1, 1, 1, 2, 2, 2, 3, 4, 6])
        prob = 1 if rng.random() < 0.1 else 0
        if full + prob == 0:
            full = 1
        firms.append({
            "id": f"F{k:03d}", "district": rng.choice(["港北区", "港南区"]),
            "location": {"lat": round(cx + rng.gauss(0, spread_km / 111), 5),
                         "lon": round(cy + rng.gauss(0, spread_km / 111), 5)},
            "director_is_member": rng.random() < 0.6,
            "members": {"full": full, "probationary": prob},
        })
    return Roster.model_validate({"jurisdiction": "测试市", "as_of": AS_OF, "firms": firms})


def full_result(part, rules):
    """Every pair of small firms modelled, fallback placements too: the full problem solved."""
    whole = replace(part, cands={})
    leads = part.small + (part.big if part.allow_standalone_fallback else []) + (
        part.host_units if part.allow_host_fallback else [])
    whole.cands = {i: [i] + [u for u in leads if u != i] for i in part.small}
    res = solve_levels(whole, rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal"
    return res


def full_optimum(part, rules) -> dict[int, int]:
    """The full problem's optimum per level (:func:`full_result`)."""
    return full_result(part, rules).values


def small_model(r: Roster):
    charter = load_charter().active(False)
    part = make_parts(r, charter, SolveOptions())[0]
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    level = exact.first_level(charter.rules)
    cost = pair_costs(sub, charter.rules, level, sub.small, sub.small)
    return charter, part, sub, branch_model(sub, charter.rules, level, AS_OF, cost), level


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_path_finds_the_full_optimum(seed, monkeypatch):
    """Candidate restriction never costs optimality: the exact path (few pairs, proven by
    the bound) and the full model agree on every priority level."""
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)          # force the bound even on a small city
    monkeypatch.setattr(exact, "GUIDED", 2)                # and a tight first candidate set
    r = roster(60, seed)
    charter = load_charter().active(False)
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.proof in ("bound", "all pairs")
    assert res.status == "optimal"
    assert res.pairs < res.pairs_total
    want = full_optimum(part, charter.rules)
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.items() if v}


@pytest.mark.parametrize("seed", [4, 5])
def test_bound_never_exceeds_the_optimum_and_keeps_optimal_pairs(seed):
    r = roster(45, seed)
    charter, part, sub, bm, level = small_model(r)
    opt = solve_levels(replace(sub, cands={i: [i] + [j for j in sub.small if j != i] for i in sub.small}),
                       charter.rules, AS_OF, SolveOptions(), None)
    ub = opt.values[level]
    lag = Lagrangian(bm)
    for _ in range(4):
        bound = lag.run(40, ub)
        assert bound.value <= ub + 1e-6
    n = bm.n
    ii, uu = np.nonzero(~np.eye(n, dtype=bool))
    lb = pair_bounds(bm, bound, ii, uu, ub)
    cheap = cheap_bounds(bm, bound, ii, uu)
    assert (cheap <= lb + 1e-6).all()                  # the quick test is weaker than the DP
    pos = {part.firms[u].id: a for a, u in enumerate(sub.small)}
    used = [(pos[f], pos[lead]) for f, lead in opt.lead_of.items() if f != lead]
    assert used
    index = {(i, u): k for k, (i, u) in enumerate(zip(ii, uu))}
    for pair in used:                                  # an optimal plan's pairs are never ruled out
        assert lb[index[pair]] <= ub + 0.5
    assert (lb > ub + 0.5).sum() > len(lb) // 2        # and most other pairs are


def groups(bm, u: int, others: list[int]):
    """Every non-empty group of joiners of lead u among ``others`` the counted quantities
    allow, with the DP state it ends in: (group, state per dimension)."""
    for k in range(1, len(others) + 1):
        for group in itertools.combinations(others, k):
            state = []
            for d in bm.dims:
                v = int(d.q[list(group)].sum())
                if v > d.top and not d.saturate:
                    break
                state.append(min(v, d.top))
            else:
                yield group, state


def test_joint_branch_dp_matches_brute_force():
    r = roster(9, 7, spread_km=3)
    charter, part, sub, bm, _ = small_model(r)
    rng = np.random.default_rng(3)
    lam = rng.uniform(0, 3000, bm.n)
    red = bm.cost - lam[:, None]
    values, _ = joint_values(bm, red, _slots(bm), want_sets=False)
    for u in range(bm.n):
        best = np.inf
        for group, state in groups(bm, u, [i for i in range(bm.n) if i != u]):
            pay = sum(d.final[u, s] for d, s in zip(bm.dims, state)) + bm.joint_pen[u]
            best = min(best, pay + sum(red[i, u] for i in group))
        assert values[u] == pytest.approx(best) or (np.isinf(best) and np.isinf(values[u]))


def test_unproven_city_reports_a_valid_gap(monkeypatch):
    """When the kept pairs are too many to solve again, the plan carries a bound over all
    pairs (at most the optimum) and a note."""
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 1)
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    monkeypatch.setattr(exact, "ITERATIONS", (5, 5))
    r = roster(50, 11)
    charter = load_charter().active(False)
    level = exact.first_level(charter.rules)
    part = make_parts(r, charter, SolveOptions())[0]
    want = full_optimum(part, charter.rules)[level]
    # the subset-row cuts (and the partition into their LP's branches) prove it
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert (res.status, res.proof, res.values[level], res.bounds[level]) == ("optimal", "bound", want, want)
    # without them, the plan is restricted, with a valid gap
    monkeypatch.setattr(exact.rowcuts, "applies", lambda bm: False)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.proof == "restricted"
    assert res.status == "feasible"
    assert res.bounds[level] <= want <= res.values[level]
    assert "gap" in res.note


def test_the_first_search_work_limit_is_not_a_time_limit(monkeypatch):
    """A first search cut short by its own work limit (not the user's time limit) still
    goes on to tighten the bound over all pairs, instead of reporting the first bound."""
    import sys as _sys
    from pathlib import Path as _Path

    _sys.path.insert(0, str(_Path(__file__).resolve().parents[1] / "benchmarks"))
    import synth

    from branchplan import api
    from branchplan.model import Roster
    from branchplan.solver.solve import SolveOptions

    roster = Roster.model_validate(synth.generate(n_firms=1000, n_cities=1, seed=3))
    monkeypatch.setattr(exact, "FIRST_WORK", (0.1, 0.0))   # the first search stops on its work limit
    [part] = api.solve(roster, options=SolveOptions()).parts
    # (optimal since the subset-row cuts: they rule out enough pairs for the proof)
    assert part.stopped is None and part.status in ("feasible", "optimal")
    assert "prune" in part.phases                           # it went on past the first search
    value, bound = part.values[2], part.bounds[2]
    assert bound <= value and (value - bound) / value < 0.01   # the first bound alone left 5%


@pytest.mark.parametrize("seed", [7, 8])
def test_lead_rows_hold_for_every_branch_and_are_tight(seed):
    """The relaxation's rows per lead (bound.LeadRows): for every lead and every group of
    joiners the branch rules allow, the row's left side is at least its right side, and some
    group (or standing alone) meets it exactly; costs beyond the pairs' are left out."""
    r = roster(9, seed, spread_km=3)
    charter, part, sub, bm, _ = small_model(r)
    lag = Lagrangian(bm)
    lag.run(20)
    lam = lag.best.lam + np.random.default_rng(seed).uniform(-500, 500, bm.n)
    rows = lead_rows(lag, lam)
    assert rows is not None
    alone_ok = np.isfinite(bm.alone)
    for u in range(bm.n):
        sums = [0] if alone_ok[u] else []
        others = [i for i in range(bm.n) if i != u and np.isfinite(bm.cost[i, u])]
        for group, state in groups(bm, u, others):
            if all(np.isfinite(d.final[u, s]) for d, s in zip(bm.dims, state)):
                sums.append(int(sum(rows.coef[i, u] for i in group)))
        if not sums:
            assert not rows.ok[u]
            continue
        assert rows.ok[u] and min(sums) == rows.rhs[u]


def test_lead_rows_need_integer_pair_costs():
    r = roster(9, 7, spread_km=3)
    _, _, _, bm, _ = small_model(r)
    lag = Lagrangian(replace(bm, cost=bm.cost + 0.5))
    assert lead_rows(lag, lag.lam) is None
