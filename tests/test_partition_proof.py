"""The proof by set partitioning after the subset-row cuts (exact._partition_search), with
--prove or where too many pairs are kept for a search on them: the branches listed within
the gap are exactly those a brute force finds, every branch of an optimal plan is among
them, and the exact path through them ends at the full optimum, the same plan every time;
stopped early, it gives a valid bound; where the branches are too many, or their optimum is
not the real model's, the search on the kept pairs takes over. (Through the command line,
byte-identical plans that pass check: tests/test_rowcuts.py.)"""

from __future__ import annotations

import random
import signal

import numpy as np
import pytest

from branchplan.solver import exact, interrupt, rowcuts
from branchplan.solver.bound import Lagrangian
from branchplan.solver.solve import SolveOptions, solve_part

from conftest import record
from test_bound import AS_OF, full_result as optimum, roster, small_model
from test_rowcuts import brute_rc, every_branch, setting


def made_up_cut(bm, rng):
    """Prices, cuts and their prices at random; the leads' bounds left at -inf (no lead is
    skipped, the search alone decides)."""
    lam = Lagrangian(bm).run(30).lam + np.array([rng.uniform(0, 3000) for _ in range(bm.n)])
    triples = tuple(frozenset(rng.sample(range(bm.n), 3)) for _ in range(6))
    sig = np.array([-rng.uniform(0, 4000) for _ in triples])
    b = np.array([rng.uniform(-3000, 1000) for _ in range(bm.n)])
    minus = np.full(bm.n, -np.inf)
    return rowcuts.CutBound(0.0, lam, b, minus, float(sig.sum()), 0.0, len(triples), 1, sig, triples)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_branches_within_the_gap_are_those_a_brute_force_lists(seed):
    rng = random.Random(seed)
    _, _, _, bm, _ = small_model(roster(24, seed))
    assert 8 <= bm.n <= 20
    cut = made_up_cut(bm, rng)
    room = np.array([rng.uniform(0, 10000) for _ in range(bm.n)])
    kept = np.array([[rng.random() < 0.7 for _ in range(bm.n)] for _ in range(bm.n)])
    no_lead = np.array([rng.random() < 0.2 for _ in range(bm.n)])
    got = rowcuts.columns_within(bm, cut, room, kept, no_lead)
    assert got is not None and len(got) == len(set(got))
    charge = dict(zip(cut.triples, (-cut.sig).tolist()))
    want, near = set(), set()
    for u in range(bm.n):
        if no_lead[u]:
            continue
        top = room[u] + 0.5 + min(0.0, cut.b[u])
        if bm.alone[u] - cut.lam[u] <= top:
            want.add((u, ()))
        for js, c in every_branch(bm, u):
            if kept[list(js), u].all():
                rc = brute_rc(bm, u, js, c, cut.lam, charge)
                if rc <= top:
                    want.add((u, tuple(sorted(js))))
                if abs(rc - top) < 1e-5:
                    near.add((u, tuple(sorted(js))))
    assert len(want) > 15            # the test lists something
    assert set(got) - near == want - near
    # past the limit: nothing (a count, not a partial list)
    assert rowcuts.columns_within(bm, cut, room, kept, no_lead, limit=len(want) // 2) is None


@pytest.mark.parametrize("n,seed", [(90, 2), (90, 3), (60, 1)])
def test_every_branch_of_an_optimal_plan_is_within_the_gap_from_a_worse_plan(n, seed):
    """A worse plan in hand, the cuts' bound, its kept pairs tested part by part: an optimal
    plan's branches are all listed."""
    charter, part, sub, bm, level = setting(n, seed)
    best = optimum(part, charter.rules)
    lag = Lagrangian(bm)
    lag.pool = set()
    bound = lag.run(60)
    chosen = exact._guided(bm, bound, 2)
    first = exact._solve_on(sub, chosen, charter.rules, AS_OF, SolveOptions(), None, None, gap_limit=0.2)
    ub = first.values[level]
    assert ub >= best.values[level]
    cut = rowcuts.strengthen(bm, lag.pool | set(exact._columns(sub, first.lead_of)))
    kept, no_lead, _ = exact._kept(bm, lag.run(60, ub), ub, sub, first.lead_of, charter.rules)
    kept, no_lead, room = exact._kept_cut(bm, cut, ub, sub, first.lead_of, kept, no_lead, charter.rules)
    assert room is not None and (room >= -0.5).all()
    columns = set(rowcuts.columns_within(bm, cut, room, kept, no_lead, limit=3_000_000))
    for u, js in exact._branches(sub, best.lead_of).items():
        assert (u, tuple(sorted(js))) in columns


@pytest.fixture
def partitions(monkeypatch):
    """What each set partitioning search returned."""
    return record(monkeypatch, exact, "_partition_search")


@pytest.fixture
def too_many_pairs(monkeypatch):
    """No search on the kept pairs: more are kept than it may take on."""
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)


@pytest.mark.parametrize("n,seed,prove", [(90, 2, True), (90, 3, True), (120, 1, True), (90, 3, False),
                                          (120, 1, False)])
def test_the_exact_path_through_the_partition_proves_the_full_optimum(n, seed, prove, through_cuts, partitions,
                                                                       monkeypatch):
    if not prove:
        monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
        monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    charter, part, *_ = setting(n, seed)
    kept = []
    monkeypatch.setattr(exact, "_solve_kept", lambda *a, **k: kept.append(1))
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=prove), None)
    want = optimum(part, charter.rules)
    assert res.status == "optimal" and res.proof == "bound"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}
    assert partitions and not kept          # proven by the partition, no search on the pairs


def test_under_a_work_limit_the_search_on_the_pairs_comes_without_the_partition(through_cuts, partitions):
    charter, part, *_ = setting(90, 2)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    want = optimum(part, charter.rules)
    assert not partitions
    assert res.status == "optimal"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}


def test_too_many_branches_leave_the_proof_to_the_search_on_the_pairs(through_cuts, partitions, monkeypatch):
    monkeypatch.setattr(rowcuts, "COLUMNS", 3)
    charter, part, *_ = setting(90, 2)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    want = optimum(part, charter.rules)
    assert not partitions
    assert res.status == "optimal"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}


def test_a_partition_cheaper_than_the_model_leaves_the_proof_to_the_search_on_the_pairs(
        through_cuts, partitions, monkeypatch):
    """Where the charter costs more than the relaxation says (here: the relaxation made
    cheaper by a point a branch), the partition's optimum is a bound, not a proof."""
    real = exact.branch_costs
    monkeypatch.setattr(exact, "branch_costs", lambda bm, cols: real(bm, cols) - 1000.0)
    charter, part, *_ = setting(90, 2)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    want = optimum(part, charter.rules)
    assert partitions and partitions[0][2]          # the partition search ended ...
    assert partitions[0][1] < want.values[2]        # ... with a bound below the optimum
    assert res.status == "optimal"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}


def test_a_partition_stopped_at_its_work_gives_a_valid_bound(through_cuts, partitions, too_many_pairs,
                                                              monkeypatch):
    monkeypatch.setattr(exact, "CUTS_WORK", (1e-3, 0.0))
    charter, part, *_ = setting(120, 1)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    want = optimum(part, charter.rules).values[2]
    assert partitions and not partitions[0][2]
    assert res.status == "feasible" and res.proof == "restricted"
    assert res.bounds[2] <= want <= res.values[2]


def test_ctrl_c_during_the_partition_keeps_the_plan_in_hand(through_cuts, partitions, monkeypatch):
    charter, part, *_ = setting(120, 1)
    watch = interrupt.StopWatch(threaded=False)
    token = interrupt._active.set(watch)
    real = rowcuts.columns_within

    def ctrl_c(*args, **kwargs):
        out = real(*args, **kwargs)
        watch.request(signal.SIGINT)        # a real stop request, pending from now on
        return out

    monkeypatch.setattr(rowcuts, "columns_within", ctrl_c)
    try:
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    finally:
        interrupt._active.reset(token)
    want = optimum(part, charter.rules).values[2]
    assert partitions
    assert res.stopped == "interrupted" and res.status == "feasible"
    assert res.bounds[2] <= want <= res.values[2]
