"""The proof by set partitioning after the subset-row cuts (exact._partition_search): the
branches listed within the gap are exactly those a brute force finds, with their reduced
costs, every branch of an optimal plan is among them, the search starts from the partition
over those using little of the gap, and the exact path through them ends at the full
optimum, the same plan every time; stopped early, it gives a valid bound (by default its
plan and bound then stand where the bound kept more pairs than the search on them may take,
else that search follows without limit; with --prove it follows either way); where the
branches are too many, or their optimum is not the real model's, the search on the kept
pairs takes over. (Through the command line, byte-identical plans that pass check:
tests/test_rowcuts.py.)"""

from __future__ import annotations

import random
import signal
import time
from dataclasses import replace

import numpy as np
import pytest

from branchplan.solver import exact, interrupt, rowcuts
from branchplan.solver.bound import Lagrangian
from branchplan.solver.solve import SolveOptions, solve_part

from conftest import record
from test_bound import AS_OF, full_result as optimum, roster, small_model
from test_rowcuts import best_of, brute_rc, every_branch, setting


@pytest.fixture(autouse=True)
def no_support_partition(monkeypatch):
    """These tests follow the partition over the branches within the gap: the partition into
    the branches the cuts' LP uses, which comes first (tests/test_support_partition.py),
    would prove most of these small cities before it."""
    monkeypatch.setattr(exact, "_from_support", lambda sub, bm, cut, res, *a: (res, None))


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
@pytest.mark.parametrize("tight", [False, True])
def test_the_branches_within_the_gap_are_those_a_brute_force_lists(seed, tight):
    """Random prices, cuts, gaps, allowed pairs and closed leads; some firms may stand alone
    (the shipped charter allows none). ``tight``: each lead's bound on its joint branches is
    its least reduced cost (leads with none within the gap are skipped at once)."""
    rng = random.Random(seed)
    _, _, _, bm, _ = small_model(roster(24, seed))
    assert 8 <= bm.n <= 20
    cut = made_up_cut(bm, rng)
    bm = replace(bm, alone=np.array([cut.lam[u] + rng.uniform(-2000, 8000) if rng.random() < 0.5 else np.inf
                                     for u in range(bm.n)]))
    room = np.array([rng.uniform(0, 10000) for _ in range(bm.n)])
    kept = np.array([[rng.random() < 0.7 for _ in range(bm.n)] for _ in range(bm.n)])
    no_lead = np.array([rng.random() < 0.2 for _ in range(bm.n)])
    charge = dict(zip(cut.triples, (-cut.sig).tolist()))
    branches = {u: [(brute_rc(bm, u, js, c, cut.lam, charge), js) for js, c in every_branch(bm, u)]
                for u in range(bm.n)}
    if tight:
        least = np.array([min((rc for rc, _ in branches[u]), default=np.inf) for u in range(bm.n)])
        cut = replace(cut, joint=least - 1e-6)
        for u in range(0, bm.n, 3):         # every third lead: nothing of it within its gap
            if np.isfinite(least[u]):
                room[u] = least[u] - 500.0 - 0.5 - min(0.0, cut.b[u])
    want, near, rcs = set(), set(), {}
    for u in range(bm.n):
        if no_lead[u]:
            continue
        top = room[u] + 0.5 + min(0.0, cut.b[u])
        rcs[(u, ())] = bm.alone[u] - cut.lam[u]
        if rcs[(u, ())] <= top:
            want.add((u, ()))
        for rc, js in branches[u]:
            rcs[(u, tuple(sorted(js)))] = rc
            if kept[list(js), u].all():
                if rc <= top:
                    want.add((u, tuple(sorted(js))))
                if abs(rc - top) < 1e-5:
                    near.add((u, tuple(sorted(js))))
    got = rowcuts.columns_within(bm, cut, room, kept, no_lead)
    assert got is not None
    assert len(want) > (5 if tight else 15) and any(not js for _, js in want)     # something, lone too
    assert set(got) - near == want - near
    for col, rc in got.items():             # each with its reduced cost, the charges included
        assert rc == pytest.approx(rcs[col], abs=1e-6)
    # past the limit: nothing (a count, not a partial list)
    assert rowcuts.columns_within(bm, cut, room, kept, no_lead, limit=len(want) // 2) is None


def test_each_part_s_gap_holds_the_cuts_with_two_of_its_firms_and_none_spread_over_three():
    """Three towns no kept pair joins: a cut's price widens the gap of the town holding two of
    its firms (whichever two of the three, by position), and a cut over three towns changes
    no town's gap."""
    from test_components import setting as towns

    charter, part, sub, bm, level = towns(4)
    lag = Lagrangian(bm)
    lag.pool = set()
    lag.run(60)
    cut = rowcuts.strengthen(bm, lag.pool)
    best = optimum(part, charter.rules)
    ub = best.values[level]
    kept, no_lead, _ = exact._kept(bm, lag.run(60, ub), ub, sub, best.lead_of, charter.rules)

    def room_with(extra: list[tuple[tuple[int, int, int], float]]):
        more = replace(cut, sig=np.concatenate([cut.sig, [p for _, p in extra]]),
                       triples=cut.triples + tuple(frozenset(t) for t, _ in extra),
                       value=cut.value + sum(p for _, p in extra), offset=cut.offset + sum(p for _, p in extra))
        got = exact._kept_cut(bm, more, ub, sub, best.lead_of, kept, no_lead, charter.rules)
        return got, more

    (k0, _, base), _ = room_with([])
    count, comp = exact.components(k0)
    assert count >= 3
    a, b, c = (sorted(np.nonzero(comp == k)[0].tolist()) for k in
               sorted(range(count), key=lambda k: -(comp == k).sum())[:3])
    assert min(len(a), len(b)) >= 2
    ub_lead, slack = exact._plan_costs(bm, exact._branches(sub, best.lead_of), ub)
    for extra, two_in in [
        ([((a[0], b[0], c[0]), -700.0)], None),                 # spread over three parts: dropped
        ([((a[0], a[1], b[0]), -700.0)], a),                    # two in one part (first and second)
        ([((a[0], b[0], b[1]), -700.0)], b),                    # (second and third)
        ([((a[0], b[0], a[1]), -700.0)], a),                    # (first and third)
    ]:
        (k1, _, room), more = room_with(extra)
        if two_in is None:
            assert (k1 == k0).all() and room == pytest.approx(base)
        else:
            assert room[two_in[0]] > base[two_in[0]] + 699.0       # that part's gap is wider
        # every part's gap: what the plan costs there beyond the part's share of the bound,
        # the prices of the cuts with two of their firms in it counted in that share
        count1, comp1 = exact.components(k1)
        own = more.lam + np.minimum(0.0, more.b)
        for k in range(count1):
            held = sum(p for tr, p in zip(more.triples, more.sig)
                       if p < 0 and (comp1[sorted(tr)] == k).sum() >= 2)
            part_ = comp1 == k
            assert room[part_] == pytest.approx(ub_lead[part_].sum() + slack - own[part_].sum() - held)


@pytest.mark.parametrize("n,seed", [(90, 2), (90, 3), (60, 1)])
def test_every_branch_of_an_optimal_plan_is_within_the_gap_from_a_worse_plan(n, seed):
    """A worse plan in hand, the cuts' bound, its kept pairs tested part by part: an optimal
    plan's branches are all listed."""
    charter, part, sub, bm, level = setting(n, seed)
    best = best_of(n, seed)
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
def no_near(monkeypatch):
    """No first search over the branches using little of the gap: on the small cities of
    these tests it finds the optimum and the cuts' bound proves it at once."""
    monkeypatch.setattr(exact, "_near_partition", lambda *a, **k: None)


@pytest.fixture
def works(monkeypatch):
    """The work limit of each search on the kept pairs (None: without limit)."""
    seen: list = []
    real = exact._solve_kept
    monkeypatch.setattr(exact, "_solve_kept", lambda *a, **k: seen.append(a[-1]) or real(*a, **k))
    return seen


@pytest.fixture
def too_many_pairs(monkeypatch):
    """No search on the kept pairs: more are kept than it may take on."""
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)


@pytest.mark.parametrize("n,seed,prove,many", [(90, 2, True, False), (90, 3, True, False), (120, 1, True, False),
                                               (90, 2, False, False), (120, 1, False, False),
                                               (90, 3, False, True), (120, 1, False, True)])
def test_the_exact_path_through_the_partition_proves_the_full_optimum(n, seed, prove, many, through_cuts,
                                                                       partitions, no_near, monkeypatch):
    """With --prove and by default, with few kept pairs or more than a search on them may
    take (``many``)."""
    if many:
        monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
        monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    charter, part, *_ = setting(n, seed)
    kept = []
    monkeypatch.setattr(exact, "_solve_kept", lambda *a, **k: kept.append(1))
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=prove), None)
    want = best_of(n, seed)
    assert res.status == "optimal" and res.proof == "bound"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}
    assert partitions and not kept          # proven by the partition, no search on the pairs
    assert all(p[1] <= want.values[2] for p in partitions)     # its bound holds


@pytest.mark.parametrize("prove,many", [(False, True), (True, True), (False, False), (True, False)])
def test_a_partition_stopped_at_its_work_ends_the_default_search_and_not_the_proof(prove, many, through_cuts,
                                                                                   partitions, no_near, works,
                                                                                   monkeypatch):
    """Where the bound kept more pairs than the search on them may take (``many``), the
    partition has that search's work too by default: stopped unproven, its plan and bound
    stand; with --prove the search on the pairs follows and proves. Where the bound kept few
    enough pairs for that search, it follows either way, without a work limit (as it would
    have run without the cuts), and proves."""
    monkeypatch.setattr(exact, "PARTITION_WORK", (1e-3, 0.0))
    if many:
        monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
        monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    charter, part, *_ = setting(120, 1)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=prove), None)
    want = best_of(120, 1).values[2]
    assert partitions and not partitions[0][2] and partitions[0][1] <= want
    if prove or not many:
        assert works == [None] and res.status == "optimal" and res.values[2] == want
    else:
        assert not works
        assert res.status == "feasible" and res.proof == "restricted"
        assert res.bounds[2] <= want <= res.values[2]


@pytest.fixture
def limit_between(monkeypatch):
    """On setting(120, 1) the bound keeps 924 pairs and the cuts 583: a limit of 700 pairs for
    the search on them lies between (the tests check it)."""
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 700)
    return record(monkeypatch, exact, "_kept"), record(monkeypatch, exact, "_kept_cut")


def test_past_the_limit_before_the_cuts_a_stopped_partition_ends_the_default_search(through_cuts, no_near,
                                                                                    limit_between, works,
                                                                                    monkeypatch):
    """More pairs kept by the bound than the search on them may take, few enough after the
    cuts: what counts is the count before them. The partition stopped at its work ends the
    default search (no search on the pairs without limit), its plan and bound stand."""
    monkeypatch.setattr(exact, "PARTITION_WORK", (1e-3, 0.0))
    before, after = limit_between
    charter, part, *_ = setting(120, 1)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    want = best_of(120, 1).values[2]
    assert int(before[-1][0].sum()) > 700 >= int(after[-1][0].sum())      # (the case meant)
    assert not works
    assert res.status == "feasible" and res.proof == "restricted"
    assert res.bounds[2] <= want <= res.values[2]


def test_past_the_limit_before_the_cuts_the_search_after_them_has_the_cuts_work(through_cuts, no_near,
                                                                                limit_between, works, monkeypatch):
    """The same city, no partition: by default the search on the pairs the cuts keep follows
    with CUTS_WORK; with --prove, without limit."""
    monkeypatch.setattr(exact, "_partition_search", lambda *a, **k: None)
    before, after = limit_between
    charter, part, *_ = setting(120, 1)
    n = len(part.small)
    for prove, want_work in ((False, exact.CUTS_WORK[0] + exact.CUTS_WORK[1] * n), (True, None)):
        works.clear()
        solve_part(part, charter.rules, AS_OF, SolveOptions(prove=prove), None)
        assert int(before[-1][0].sum()) > 700 >= int(after[-1][0].sum())
        assert works == [want_work]


def test_out_of_time_during_the_cuts_the_plan_says_so(through_cuts, monkeypatch):
    """The time limit passed while the cuts ran: no search after them, the plan in hand with a
    valid bound, stopped by the time limit (not "solve --prove to close it")."""
    late = {"past": False}
    real = rowcuts.strengthen

    def cuts(*a, **k):
        out = real(*a, **k)
        late["past"] = True         # (the clock, as the cuts end)
        return out

    monkeypatch.setattr(rowcuts, "strengthen", cuts)
    monkeypatch.setattr(exact, "_past", lambda deadline: late["past"])
    searches = record(monkeypatch, exact, "_solve_kept")
    charter, part, *_ = setting(120, 1)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(time_limit=60), time.monotonic() + 60)
    want = best_of(120, 1).values[2]
    assert late["past"] and not searches
    assert res.status == "feasible" and res.stopped == "time limit"
    assert res.bounds[2] <= want <= res.values[2]
    assert res.note.endswith("(the time limit stopped the search: a longer one, or solve --prove, may close it)")
    assert "(solve --prove to close it)" not in res.note


@pytest.mark.parametrize("past_the_limit", [False, True])
def test_with_later_preference_levels_only_parts_past_the_limit_get_the_cuts(past_the_limit, tmp_path, through_cuts,
                                                                             monkeypatch):
    """With a level of preferences after the first (the district rule moved to priority 3)
    the partition does not run, and the cuts could only rule pairs out: a part whose kept
    pairs the search may take on gets no cuts, however many it keeps per small firm; one
    past that limit gets them, as before. Every pair of an optimal plan passes the bound's
    test at each level, so the search on the kept pairs (without limit here) proves the plan."""
    from branchplan.charter import load_charter
    from branchplan.solver.solve import make_parts

    rules = tmp_path / "levels.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-DISTRICT\n    priority: 3\n", encoding="utf-8")
    charter = load_charter(rules).active(False)
    part = make_parts(roster(90, 2), charter, SolveOptions())[0]
    if past_the_limit:
        monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
        monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert len(through_cuts) == int(past_the_limit)
    assert res.status == "optimal"


@pytest.mark.parametrize("n,seed", [(90, 2), (120, 1)])
def test_the_near_partition_s_plan_can_meet_the_cuts_bound(n, seed, through_cuts, partitions, monkeypatch):
    """On these small cities the partition over the branches using little of the gap holds
    the optimum, and the cuts' bound proves it: no other search."""
    near = record(monkeypatch, exact, "_near_partition")
    kept = record(monkeypatch, exact, "_solve_kept")
    charter, part, *_ = setting(n, seed)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    want = best_of(n, seed).values[2]
    assert near and near[0][1].values[2] == want
    assert res.status == "optimal" and res.proof == "bound" and res.values[2] == want
    assert not partitions and not kept
    assert through_cuts[-1].value > want - 1


def test_a_cheaper_plan_from_the_near_partition_narrows_the_gap_and_the_search_starts_from_it(
        through_cuts, monkeypatch):
    """The first search over the plan in hand's branches and those whose reduced cost is at
    most NEAR_SHARE of their lead's gap (by the listing's reduced costs, a strict subset of
    all); its plan is cheaper, so the pairs and branches are listed again against the
    narrower gap (fewer, every branch of an optimal plan among them), and the search over
    them starts from the first search's choice."""
    calls = []
    real = exact.search_partition

    def spy(bm, columns, costs, work, seed, **kw):
        out = real(bm, columns, costs, work, seed, **kw)
        calls.append((list(columns), set(kw["hint"]), out))
        return out

    listed = record(monkeypatch, rowcuts, "columns_within")
    rooms = record(monkeypatch, exact, "_kept_cut")
    monkeypatch.setattr(exact, "search_partition", spy)
    charter, part, sub, *_ = setting(150, 7)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    best = best_of(150, 7)
    assert res.status == "optimal" and res.values[2] == best.values[2]
    assert len(calls) == 2 and len(listed) == 2 and len(rooms) == 2
    (near, hand, found), (every, start, _) = calls
    cut = through_cuts[-1]
    top = rooms[0][2] + 0.5 + np.minimum(0.0, cut.b)
    share = {col for col, rc in listed[0].items() if rc <= exact.NEAR_SHARE * top[col[0]]}
    assert share and set(near) == hand | share and set(near) < hand | set(listed[0])
    assert found[2] and start == set(found[2])
    # narrower: fewer branches, an optimal plan's all among them
    assert (rooms[1][2] < rooms[0][2]).any() and (rooms[1][2] <= rooms[0][2] + 1e-6).all()
    assert set(listed[1]) < set(listed[0])
    for u, js in exact._branches(sub, best.lead_of).items():
        assert (u, tuple(sorted(js))) in listed[1]
    assert set(every) >= set(listed[1])


@pytest.mark.parametrize("prove", [False, True])
def test_a_cheaper_near_plan_that_is_not_optimal_is_not_called_optimal(prove, through_cuts, monkeypatch):
    """With only the plan in hand's branches and those of no reduced cost (NEAR_SHARE 0), the
    near partition's plan is cheaper than the plan in hand but above the optimum: it does
    not meet the cuts' bound, the branches are listed again for its narrower gap (an
    optimal plan's all among them), and the partition over them ends at the optimum."""
    monkeypatch.setattr(exact, "NEAR_SHARE", 0.0)
    near = record(monkeypatch, exact, "_near_partition")
    listed = record(monkeypatch, rowcuts, "columns_within")
    partitions = record(monkeypatch, exact, "_partition_search")
    charter, part, sub, *_ = setting(150, 7)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=prove), None)
    best = best_of(150, 7)
    want = best.values[2]
    assert near and near[0][1] is not None and near[0][1].values[2] > want      # cheaper, not optimal
    assert through_cuts[-1].value < near[0][1].values[2] - 1                    # no proof from it
    assert len(listed) == 2 and set(listed[1]) < set(listed[0])
    for u, js in exact._branches(sub, best.lead_of).items():
        assert (u, tuple(sorted(js))) in listed[1]
    assert partitions and partitions[0][2] and partitions[0][0].values[2] == want     # its own plan, costed
    assert res.status == "optimal" and res.values[2] == want


def test_the_partition_starts_from_the_near_partition_s_choice_where_its_plan_is_not_taken(
        through_cuts, monkeypatch):
    """Where the near partition's plan is not cheaper (here: not costed at all), the plan in
    hand stays and the search over all branches still starts from the near choice."""
    hints = []
    real = exact.search_partition

    def spy(bm, columns, costs, work, seed, **kw):
        out = real(bm, columns, costs, work, seed, **kw)
        hints.append((set(kw["hint"]), out[2]))
        return out

    monkeypatch.setattr(exact, "search_partition", spy)
    real_near = exact._near_partition
    monkeypatch.setattr(exact, "_near_partition", lambda *a, **k: (lambda got: got and (got[0], None))(
        real_near(*a, **k)))
    charter, part, *_ = setting(150, 7)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert res.status == "optimal" and res.values[2] == best_of(150, 7).values[2]
    assert len(hints) == 2
    (hand, first), (start, _) = hints
    assert start == set(first) and start != hand


def test_where_the_partition_ends_on_the_near_choice_its_plan_is_not_costed_again(through_cuts, monkeypatch):
    """The search over all branches ends on the near partition's branches: their plan is the
    near one (costed once), the same as costing them again would give."""
    chosen = []
    real = exact.search_partition

    def spy(bm, columns, costs, work, seed, **kw):
        out = real(bm, columns, costs, work, seed, **kw)
        chosen.append(set(out[2]))
        return out

    monkeypatch.setattr(exact, "search_partition", spy)
    costed = []
    real_costed = exact._costed
    monkeypatch.setattr(exact, "_costed", lambda sub, bm, cols, *a: costed.append((sub, bm, set(cols), a))
                        or real_costed(sub, bm, cols, *a))
    near = record(monkeypatch, exact, "_near_partition")
    found = record(monkeypatch, exact, "_partition_search")
    charter, part, *_ = setting(150, 7)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert res.status == "optimal" and res.values[2] == best_of(150, 7).values[2]
    assert len(chosen) == 2 and chosen[0] == chosen[1]          # (the case under test)
    assert near[0][1] is not None and found[0][0] is near[0][1]
    assert sum(cols == chosen[0] for _, _, cols, _ in costed) == 1
    sub, bm, cols, rest = costed[-1]
    again = real_costed(sub, bm, sorted(cols), *rest)[0]
    assert (again.values, again.lead_of) == (found[0][0].values, found[0][0].lead_of)


def test_the_searches_over_branches_keep_to_the_deadline_and_a_stop_after_the_near_one_ends_there(
        through_cuts, monkeypatch):
    seen = []
    real = exact.search_partition

    def spy(bm, columns, costs, work, seed, **kw):
        seen.append(kw["deadline"])
        return real(bm, columns, costs, work, seed, **kw)

    monkeypatch.setattr(exact, "search_partition", spy)
    charter, part, *_ = setting(150, 7)
    deadline = time.monotonic() + 600
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), deadline)
    assert res.status == "optimal" and len(seen) == 2 and seen == [deadline, deadline]
    # Ctrl-C as the near search ends: its plan (cheaper) is kept, nothing more is searched
    seen.clear()
    watch = interrupt.StopWatch(threaded=False)
    token = interrupt._active.set(watch)
    real_near = exact._near_partition

    def ctrl_c(*args, **kwargs):
        out = real_near(*args, **kwargs)
        watch.request(signal.SIGINT)
        return out

    monkeypatch.setattr(exact, "_near_partition", ctrl_c)
    listed = record(monkeypatch, rowcuts, "columns_within")
    try:
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    finally:
        interrupt._active.reset(token)
    want = best_of(150, 7).values[2]
    assert len(seen) == 1 and len(listed) == 1       # the near search only, no listing again
    assert res.stopped == "interrupted" and res.status == "feasible"
    assert res.bounds[2] <= want <= res.values[2]


def test_too_many_branches_leave_the_proof_to_the_search_on_the_pairs(through_cuts, partitions, monkeypatch):
    monkeypatch.setattr(rowcuts, "COLUMNS", 3)
    charter, part, *_ = setting(90, 2)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    want = best_of(90, 2)
    assert not partitions
    assert res.status == "optimal"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}


@pytest.mark.parametrize("prove", [False, True])
def test_a_partition_cheaper_than_the_model_leaves_the_proof_to_the_search_on_the_pairs(
        prove, through_cuts, partitions, no_near, monkeypatch):
    """Where the charter costs more than the relaxation says (here: the relaxation made
    cheaper by a point a branch), the partition's optimum is a bound, not a proof."""
    real = exact.branch_costs
    monkeypatch.setattr(exact, "branch_costs", lambda bm, cols: real(bm, cols) - 1000.0)
    charter, part, *_ = setting(90, 2)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=prove), None)
    want = best_of(90, 2)
    assert partitions and partitions[0][2]          # the partition search ended ...
    assert partitions[0][1] < want.values[2]        # ... with a bound below the optimum
    assert res.status == "optimal"
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.values.items() if v}


def test_a_partition_stopped_at_its_work_gives_a_valid_bound(through_cuts, partitions, too_many_pairs, no_near,
                                                              monkeypatch):
    monkeypatch.setattr(exact, "PARTITION_WORK", (1e-3, 0.0))
    charter, part, *_ = setting(120, 1)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    want = best_of(120, 1).values[2]
    assert partitions and not partitions[0][2]
    assert partitions[0][1] <= want
    assert res.status == "feasible" and res.proof == "restricted"
    assert res.bounds[2] <= want <= res.values[2]


def test_ctrl_c_during_the_partition_keeps_the_plan_in_hand(through_cuts, partitions, no_near, monkeypatch):
    """A stop requested as the search over all the branches begins: the plan in hand, the
    bound so far."""
    charter, part, *_ = setting(120, 1)
    watch = interrupt.StopWatch(threaded=False)
    token = interrupt._active.set(watch)
    real = exact.search_partition

    def ctrl_c(*args, **kwargs):
        watch.request(signal.SIGINT)        # a real stop request, pending from now on
        return real(*args, **kwargs)

    monkeypatch.setattr(exact, "search_partition", ctrl_c)
    try:
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    finally:
        interrupt._active.reset(token)
    want = best_of(120, 1).values[2]
    assert partitions and partitions[0][0] is None and not partitions[0][2]     # stopped, no plan of its own
    assert res.stopped == "interrupted" and res.status == "feasible"
    assert res.bounds[2] <= want <= res.values[2]
