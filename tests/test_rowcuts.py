"""Subset-row cuts (solver/rowcuts.py): the exact pricing agrees with a brute force, the bound
never exceeds an optimum, the pairs it rules out are never in an optimal plan, and the exact
path through them finds the full optimum, the same plan every time."""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.cli import app
from branchplan.solver import exact, rowcuts
from branchplan.solver.bound import Lagrangian
from branchplan.solver.pool import branch_cost
from branchplan.solver.relax import branch_model, pair_costs
from branchplan.solver.solve import SolveOptions, make_parts, solve_part

from conftest import record
from test_bound import AS_OF, full_result as optimum, roster, small_model

runner = CliRunner()


def every_branch(bm, u):
    """Every joint branch of lead u (joiner sets within kmax), with its cost."""
    others = [i for i in range(bm.n) if i != u and np.isfinite(bm.cost[i, u])]
    kmax = bm.kmax if bm.kmax is not None else bm.n
    for k in range(1, kmax + 1):
        for js in itertools.combinations(others, k):
            c = branch_cost(bm, u, js)
            if np.isfinite(c):
                yield js, c


def brute_rc(bm, u, js, c, lam, charge):
    pen = 0.0
    for k, p in charge.items():
        if len(k & set((u,) + js)) >= 2:
            pen += p
    return c - lam[u] - lam[list(js)].sum() + pen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_exact_pricing_finds_every_lead_its_least_branch_with_the_cuts_charges(seed):
    """Random prices and random cuts on a city of 12-16 small firms: the search's least
    branch of every lead equals the least over every joiner set, and every branch it lists
    has the reduced cost it says."""
    rng = random.Random(seed)
    _, _, _, bm, _ = small_model(roster(24, seed))
    assert 8 <= bm.n <= 20
    lag = Lagrangian(bm)
    lam = lag.run(30).lam + np.array([rng.uniform(0, 3000) for _ in range(bm.n)])
    cuts = [frozenset(rng.sample(range(bm.n), 3)) for _ in range(6)]
    prices = {c: rng.uniform(0, 4000) for c in cuts}
    pricer = rowcuts._Pricer(bm)
    charge: dict = {}
    for k, c in enumerate(cuts):
        for f in c:
            charge.setdefault(f, []).append((k, prices[c]))
    seen = 0
    for u in range(bm.n):
        found = pricer.lead(u, lam, charge, cap=10_000)
        want = sorted((brute_rc(bm, u, js, c, lam, prices), js) for js, c in every_branch(bm, u))
        want_neg = [(rc, js) for rc, js in want if rc < -rowcuts.EPS]
        assert len(found) == len(want_neg)
        for (rc, js), (rc2, js2) in zip(found, want_neg):
            assert rc == pytest.approx(rc2, abs=1e-6)
        by_set = {tuple(sorted(js)): rc for rc, js in want}
        for rc, js in found:
            assert by_set[tuple(sorted(js))] == pytest.approx(rc, abs=1e-6)
        # a cap keeps the most negative ones, the least first
        capped = pricer.lead(u, lam, charge, cap=2)
        assert [round(rc, 6) for rc, _ in capped] == [round(rc, 6) for rc, _ in want_neg[:2]]
        seen += len(found)
    assert seen > 0          # the prices made some branches negative: the search was tested


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_cuts_the_search_agrees_with_the_relaxation(seed):
    _, _, _, bm, _ = small_model(roster(80, seed))
    lam = Lagrangian(bm).run(60).lam + 500.0
    pricer = rowcuts._Pricer(bm)
    free = pricer.free(lam)
    for u in range(bm.n):
        found = pricer.lead(u, lam, {}, cap=1)
        if free[u] < -rowcuts.EPS:
            assert found and found[0][0] == pytest.approx(free[u], abs=1e-6)
        else:
            assert not found


@functools.lru_cache(maxsize=None)
def best_of(n: int, seed: int):
    """The full problem's optimum on :func:`setting` (n, seed): every pair modelled
    (test_bound.full_result), solved once per test session (10 s for 150 firms)."""
    charter, part, *_ = setting(n, seed)
    return optimum(part, charter.rules)


def setting(n: int, seed: int):
    charter = load_charter().active(False)
    r = roster(n, seed)
    part = make_parts(r, charter, SolveOptions())[0]
    level = exact.first_level(charter.rules)
    _, _, sub, bm, _ = small_model(r)
    return charter, part, sub, bm, level


@pytest.mark.parametrize("n,seed", [(60, 1), (60, 2), (80, 3)])
def test_the_bound_is_never_above_the_optimum_and_keeps_every_pair_of_an_optimal_plan(n, seed):
    charter, part, sub, bm, level = setting(n, seed)
    lag = Lagrangian(bm)
    lag.pool = set()
    plain = lag.run(300)
    cut = rowcuts.strengthen(bm, lag.pool)
    assert cut is not None
    best = optimum(part, charter.rules)
    opt = best.values[level]
    assert cut.value <= opt + 1e-6
    assert cut.value >= plain.value - 1e-3        # at least the relaxation's bound
    assert cut.lp == pytest.approx(cut.value, abs=1e-3 * max(1.0, abs(cut.value)))
    # every pair and lead of the optimal plan passes the tests at the optimum's cost
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    pairs = [(pos[f], pos[lead]) for f, lead in best.lead_of.items() if f in pos and lead in pos and f != lead]
    leads = sorted({pos[lead] for f, lead in best.lead_of.items() if lead in pos})
    ii = np.array([i for i, _ in pairs])
    uu = np.array([u for _, u in pairs])
    assert (rowcuts.pair_bounds_cut(bm, cut, ii, uu, opt) <= opt + 0.5).all()
    assert (rowcuts.lead_bounds_cut(bm, cut)[leads] <= opt + 0.5).all()


def test_the_cuts_raise_the_bound_where_the_relaxation_leaves_a_gap():
    """On these cities the set partitioning LP is fractional: cuts are found and the bound
    rises above the LP without them."""
    raised = 0
    for seed in (1, 2, 3):
        _, _, _, bm, _ = setting(120, seed)
        lag = Lagrangian(bm)
        lag.pool = set()
        lag.run(200)
        lp = rowcuts.strengthen(bm, lag.pool, rounds=0)
        cut = rowcuts.strengthen(bm, lag.pool)
        assert cut.value >= lp.value - 1e-6
        raised += cut.cuts > 0 and cut.value > lp.value + 1
    assert raised >= 2


@pytest.mark.parametrize("seed", [2, 3])
def test_the_exact_path_through_the_cuts_finds_the_full_optimum(seed, through_cuts):
    charter, part, *_ = setting(90, seed)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    want = best_of(90, seed)
    assert res.status == "optimal"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}
    assert any(c is not None for c in through_cuts) or res.proof == "bound"


def test_the_cuts_run_where_the_bound_keeps_more_pairs_per_small_firm_than_cuts_per_firm(monkeypatch):
    """Below the limit of the search on the pairs, more than CUTS_PER_FIRM kept pairs per
    small firm bring the cuts in, as many or fewer do not; the plan is optimal either way."""
    charter, part, *_ = setting(120, 1)
    n = len(part.small)
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 2)
    monkeypatch.setattr(exact, "CUTS_FROM", 0)
    kept = record(monkeypatch, exact, "_kept")
    cuts = record(monkeypatch, rowcuts, "strengthen")
    want = best_of(120, 1).values[2]

    def cuts_run(per_firm) -> tuple[int, int]:
        """(how many times the cuts ran, the pairs the bound kept)"""
        monkeypatch.setattr(exact, "CUTS_PER_FIRM", per_firm)
        kept.clear()
        cuts.clear()
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
        assert res.status == "optimal" and res.values[2] == want
        return len(cuts), int(kept[-1][0].sum())

    ran, count = cuts_run(float("inf"))
    assert ran == 0 and count > 0
    # (exact fractions: count / n * n in floating point may miss count)
    assert cuts_run(Fraction(count, n)) == (0, count)               # just at the count kept
    assert cuts_run(Fraction(2 * count - 1, 2 * n)) == (1, count)   # just below it


@pytest.mark.parametrize("how", ["default", "--prove", "too many pairs", "--prove, partition stopped"])
def test_solve_through_the_cuts_writes_the_same_optimal_plan_every_time(tmp_path, how, through_cuts, monkeypatch):
    """Through the command line: the set partitioning over the branches within the gap
    (exact._partition_search, after the near partition has narrowed the gap) proves the
    plan, by default, with --prove, and where too many pairs are kept for a search on them;
    with --prove, where it stops at its work, the search on the kept pairs."""
    if how == "too many pairs":
        monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
        monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    if how.endswith("stopped"):      # (without the near partition, which narrows the gap here)
        monkeypatch.setattr(exact, "PARTITION_WORK", (1e-3, 0.0))
        monkeypatch.setattr(exact, "_near_partition", lambda *a, **k: None)
    partitions = record(monkeypatch, exact, "_partition_search")
    kept = record(monkeypatch, exact, "_solve_kept")
    r = roster(150, 7)
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(r.model_dump(mode="json", exclude_none=True), allow_unicode=True),
                     encoding="utf-8")
    texts = []
    for k in range(2):
        out = tmp_path / f"plan{k}.yaml"
        extra = ["--prove"] if how.startswith("--prove") else []
        res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "-q"] + extra)
        assert res.exit_code == 0, res.output
        texts.append(out.read_bytes())
    assert any(c is not None for c in through_cuts)
    assert len(partitions) == 2 and all(p is not None for p in partitions)
    if how.endswith("stopped"):
        assert not any(p[2] for p in partitions) and len(kept) == 2
    else:
        assert all(p[2] for p in partitions) and not kept
    assert texts[0] == texts[1]
    plan = yaml.safe_load(texts[0])
    assert plan["status"] == "optimal"
    check = runner.invoke(app, ["check", str(tmp_path / "plan0.yaml"), "--firms", str(firms)])
    assert check.exit_code == 0, check.output
    # the objective of the full problem, solved directly
    want = best_of(150, 7)
    assert plan["objective"]["total"] == pytest.approx(sum(want.values.values()) / 1000, abs=5e-4)


def test_highs_prints_nothing(capfd):
    """HiGHS's banner would land in the middle of a plan written to standard output."""
    _, _, _, bm, _ = setting(60, 1)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(50)
    assert rowcuts.strengthen(bm, lag.pool) is not None
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_search_out_of_nodes_stops_the_rounds_with_a_valid_bound(monkeypatch, through_cuts):
    """The exact search is exponential in the joiners a branch may take: past its node
    budget the rounds stop with the bound so far, and the exact path still ends optimal."""
    charter, part, sub, bm, level = setting(80, 3)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(200)
    full = rowcuts.strengthen(bm, lag.pool)
    monkeypatch.setattr(rowcuts, "NODES", 20)
    short = rowcuts.strengthen(bm, lag.pool)
    want = optimum(part, charter.rules)
    assert full.rounds > 0
    assert short is None or (short.rounds < full.rounds and short.value <= full.value + 1e-6)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal" and res.values.get(level) == want.values.get(level)


def test_the_lp_solves_where_dear_slack_columns_made_highs_fail(tmp_path):
    """The slack columns that keep the LP feasible were priced far above any branch; HiGHS's
    warm-started dual simplex then failed on these cities ("excessive dual values") and the
    cuts were silently skipped. Priced from the branches (and solved again from scratch
    where a warm start still fails), the LP solves."""
    _, _, _, bm, _ = setting(150, 18)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(60)
    assert rowcuts.strengthen(bm, lag.pool) is not None
    rules = tmp_path / "min2.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    params: {min: 2}\n",
                     encoding="utf-8")
    charter = load_charter(str(rules)).active(False)
    part = make_parts(roster(70, 2), charter, SolveOptions())[0]
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
    level = exact.first_level(charter.rules)
    bm = branch_model(sub, charter.rules, level, AS_OF, pair_costs(sub, charter.rules, level, sub.small, sub.small))
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(60)
    cut = rowcuts.strengthen(bm, lag.pool)
    assert cut is not None and cut.value <= optimum(part, charter.rules).values[level] + 1e-6


def test_an_lp_out_of_work_stops_the_cuts_and_the_exact_path_still_ends_optimal(monkeypatch, through_cuts):
    charter, part, sub, bm, level = setting(80, 3)
    monkeypatch.setattr(rowcuts, "LP_WORK", 1e4)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(200)
    assert rowcuts.strengthen(bm, lag.pool) is None
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal" and res.values.get(level) == optimum(part, charter.rules).values.get(level)


def test_the_cuts_run_after_the_caller_used_highs_with_other_threads():
    """HiGHS makes its thread pool once per process: a caller who ran HiGHS before with its
    default thread count made the cuts' LP (one thread) fail, and the bound fell back to the
    relaxation's without a word. The LP now runs on the pool as it is, and the caller's
    HiGHS still runs after it."""
    from highspy._core import _Highs

    h = _Highs()
    h.resetGlobalScheduler(True)     # (whatever ran before in this process: the pool is the caller's)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 2)
    h.addRow(1.0, 1.0, 0, np.array([], np.int32), np.array([]))
    h.addCol(1.0, 0.0, 10.0, 1, np.array([0], np.int32), np.array([1.0]))
    h.run()
    charter, part, sub, bm, level = setting(60, 1)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(300)
    assert rowcuts.strengthen(bm, lag.pool) is not None
    import highspy

    assert h.run() == highspy.HighsStatus.kOk       # (the caller's pool was left alone)
