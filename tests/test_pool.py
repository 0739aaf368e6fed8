"""The set partitioning over the relaxation's branches (solver/pool.py): its costs are the
relaxation's, its answer is a partition and the cheapest one among its columns, and the
exact path's plan is never worse for it."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from branchplan.charter import load_charter
from branchplan.solver import exact
from branchplan.solver.bound import Lagrangian
from branchplan.solver.pool import best_partition, branch_cost
from branchplan.solver.solve import SolveOptions, make_parts, solve_levels, solve_part

from test_bound import AS_OF, full_optimum, groups, roster, small_model


def cheapest_cover(n: int, columns: list, costs: list) -> float:
    """Exact cover by depth-first search: the cheapest set of columns covering 0..n-1 once."""
    by_firm: list[list[int]] = [[] for _ in range(n)]
    for k, (u, js) in enumerate(columns):
        for f in (u,) + js:
            by_firm[f].append(k)
    best = [np.inf]

    def go(covered: frozenset, cost: float) -> None:
        if cost >= best[0]:
            return
        if len(covered) == n:
            best[0] = cost
            return
        f = min(i for i in range(n) if i not in covered)
        for k in by_firm[f]:
            u, js = columns[k]
            members = {u, *js}
            if np.isfinite(costs[k]) and not members & covered:
                go(covered | members, cost + costs[k])

    go(frozenset(), 0.0)
    return best[0]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_partition_is_the_cheapest_among_the_columns(seed):
    r = roster(18, seed, spread_km=4)
    _, _, _, bm, _ = small_model(r)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(30)
    columns = sorted(lag.pool)
    # and every single-joiner branch, so that a partition surely exists among the columns
    columns += sorted({(u, (i,)) for u in range(bm.n) for i in range(bm.n) if i != u} - set(columns))
    costs = [branch_cost(bm, u, js) for u, js in columns]
    found = best_partition(bm, columns)
    want = cheapest_cover(bm.n, columns, costs)
    if not np.isfinite(want):
        assert found is None
        return
    value, chosen = found
    assert value == pytest.approx(want)
    members = sorted(f for u, js in chosen for f in (u,) + js)
    assert members == list(range(bm.n))                       # every small firm exactly once
    assert value == pytest.approx(sum(branch_cost(bm, u, js) for u, js in chosen))


def test_branch_cost_is_what_the_relaxation_charges():
    """branch_cost of a group equals the DP's price of that group at zero prices (the
    brute-force enumeration of test_bound)."""
    r = roster(9, 7, spread_km=3)
    _, _, _, bm, _ = small_model(r)
    for u in range(bm.n):
        for group, state in groups(bm, u, [i for i in range(bm.n) if i != u]):
            want = sum(d.final[u, s] for d, s in zip(bm.dims, state)) + bm.joint_pen[u] + bm.cost[list(group), u].sum()
            got = branch_cost(bm, u, tuple(sorted(group)))
            if bm.kmax is not None and len(group) > bm.kmax:
                assert np.isinf(got)
            else:
                assert got == pytest.approx(want) or (np.isinf(want) and np.isinf(got))


@pytest.mark.parametrize("seed", [4, 5])
def test_branch_cost_never_exceeds_the_plans_own_cost(seed):
    """The relaxation's price of each branch of an optimal plan is at most what the plan
    costs at that level: the pool compares plans by a lower bound of their cost."""
    r = roster(30, seed)
    charter, part, sub, bm, level = small_model(r)
    whole = replace(sub, cands={i: [i] + [j for j in sub.small if j != i] for i in sub.small})
    opt = solve_levels(whole, charter.rules, AS_OF, SolveOptions(), None)
    pos = {part.firms[u].id: a for a, u in enumerate(sub.small)}
    branches: dict[int, list[int]] = {}
    for f, lead in opt.lead_of.items():
        if f != lead:
            branches.setdefault(pos[lead], []).append(pos[f])
    total = sum(branch_cost(bm, u, tuple(sorted(js))) for u, js in branches.items())
    assert total <= opt.values[level] + 1e-6


@pytest.mark.parametrize("seed, improves", [(1, False), (2, True)])
def test_the_exact_path_with_the_pool_still_finds_the_full_optimum(seed, improves, monkeypatch):
    """With a first search cut short (so that its plan is poor and the pool has something
    to improve) and every city taken for one with too many pairs, the exact path with
    ``prove`` still ends at the full optimum, proven."""
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 1)
    monkeypatch.setattr(exact, "FIRST_GAP", 0.5)
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)      # every city counts as one with too many pairs
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    calls = []
    real = exact._from_pool

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        calls.append(out[0] is not args[3])          # did the pool give a better plan?
        return out

    monkeypatch.setattr(exact, "_from_pool", spy)
    r = roster(70, seed)
    charter = load_charter().active(False)
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert res.status == "optimal" and res.proof in ("bound", "all pairs")
    want = full_optimum(part, charter.rules)
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.items() if v}
    assert calls == [improves]          # reached; on seed 2 its partition replaced the plan


def test_the_phases_benchmark_runs_on_a_small_roster(tmp_path, capsys):
    """benchmarks/phases.py (the README's in-process figures) solves and reports."""
    import sys
    from pathlib import Path

    from branchplan.loader import dump_yaml

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import phases
    import synth

    f = tmp_path / "city.yaml"
    f.write_text(dump_yaml(synth.generate(n_firms=120, n_cities=1, seed=2)), encoding="utf-8")
    assert phases.main([str(f), "--reps", "2", "--top", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    runs = [ln for ln in out if ln.startswith("rep ")]

    costs = [re.search(r"cost (\d+\.\d+)", ln).group(1) for ln in runs]
    assert len(runs) == 2 and costs[0] == costs[1] and float(costs[0]) > 0   # the same plan twice
    assert "1 of 1 proven optimal" in runs[0]
    assert out[-1].startswith("median ") and out[-1].endswith("over 2 runs")


def test_the_phases_benchmark_solves_only_the_jurisdictions_named(tmp_path, capsys):
    import sys
    from pathlib import Path

    from branchplan.loader import dump_yaml

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import phases
    import synth

    f = tmp_path / "cities.yaml"
    f.write_text(dump_yaml(synth.generate(n_firms=90, n_cities=3, seed=2)), encoding="utf-8")
    assert phases.main([str(f), "--reps", "1"]) == 0
    every = capsys.readouterr().out
    names = sorted(set(re.findall(r"  (城市\d+): ", every)))
    assert len(names) == 3 and "3 of 3 proven optimal" in every
    assert phases.main([str(f), "--reps", "1", "--only", f"{names[0]},{names[2]}"]) == 0
    out = capsys.readouterr().out
    assert "2 of 2 proven optimal" in out
    assert set(re.findall(r"  (城市\d+): ", out)) == {names[0], names[2]}
    with pytest.raises(SystemExit) as stop:
        phases.main([str(f), "--reps", "1", "--only", f"{names[1]},城市999"])
    assert stop.value.code == 2
    assert "no jurisdiction 城市999" in capsys.readouterr().err


def test_a_firm_alone_is_a_column_priced_as_the_relaxation_prices_it():
    r = roster(12, 3)
    _, _, _, bm, _ = small_model(r)
    for u in range(bm.n):
        assert branch_cost(bm, u, ()) == bm.alone[u]
    # under the shipped charter a small firm may not stand alone (fewer than 3 full members)
    assert all(np.isinf(branch_cost(bm, u, ())) for u in range(bm.n))


def test_charters_with_later_levels_keep_the_plan_and_claim_no_bound_there(monkeypatch, tmp_path):
    """With a preference level after the proved one, the partition (optimised for the first
    level only) is not used, and an unproven city claims no bound at the later level."""
    from branchplan.charter import load_charter as load

    rules = tmp_path / "levels.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-DISTRICT\n    priority: 3\n", encoding="utf-8")
    charter = load(rules).active(False)
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 1)
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    monkeypatch.setattr(exact, "ITERATIONS", (5, 5))
    monkeypatch.setattr(exact, "_from_pool", lambda *a, **k: pytest.fail("the pool was used"))
    r = roster(60, 12)
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.proof == "restricted"           # (no kept pairs may be solved again: unproven)
    assert res.bounds.get(3, 0) == 0 and res.values.get(3, 0) > 0
    want = full_optimum(part, charter.rules)
    assert res.bounds.get(2, 0) <= want[2] <= res.values[2]
