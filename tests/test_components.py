"""The kept pairs' connected components: each tested against its own share of the gap, and
searched on its own. Never a pair an optimal plan needs dropped, the full optimum found, and
a search stopped in one piece still gives a whole plan with a valid bound."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from branchplan.charter import load_charter
from branchplan.model import Roster
from branchplan.solver import exact, live
from branchplan.solver.bound import Lagrangian
from branchplan.solver.relax import branch_model, pair_costs
from branchplan.solver.solve import PartResult, SolveOptions, make_parts, solve_levels, solve_part

AS_OF = date(2026, 11, 1)
#: three towns about 60 km apart: pairs across them are never worth it
TOWNS = [(23.10, 109.60), (23.60, 109.60), (23.10, 110.20)]


def roster(per_town: int, seed: int) -> Roster:
    rng = random.Random(seed)
    firms = []
    for t, (lat, lon) in enumerate(TOWNS):
        for k in range(per_town):
            full = rng.choice([0, 1, 1, 1, 2, 2, 2, 3, 4])
            prob = 1 if rng.random() < 0.1 else 0
            if full + prob == 0:
                full = 1
            firms.append({
                "id": f"T{t}F{k:02d}", "district": f"区{t}{rng.choice('AB')}",
                "location": {"lat": round(lat + rng.gauss(0, 0.04), 5), "lon": round(lon + rng.gauss(0, 0.04), 5)},
                "director_is_member": rng.random() < 0.6,
                "members": {"full": full, "probationary": prob},
            })
    return Roster.model_validate({"jurisdiction": "测试市", "as_of": AS_OF, "firms": firms})


def every_pair(sub):
    return replace(sub, cands={i: [i] + [j for j in sub.small if j != i] for i in sub.small})


def cost_of(sub, charter, lead_of: dict[str, str]) -> dict[int, int]:
    """What the model charges for a plan of the sub-part (each firm's lead its only candidate)."""
    fixed = replace(sub, cands={})
    pos = {sub.firms[i].id: i for i in sub.small}
    for i in sub.small:
        u = pos[lead_of[sub.firms[i].id]]
        fixed.cands[i] = [i] if u == i else [i, u]
    res = solve_levels(fixed, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal"
    return dict(res.values)


def setting(seed: int):
    charter = load_charter().active(False)
    part = make_parts(roster(22, seed), charter, SolveOptions())[0]
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
    level = exact.first_level(charter.rules)
    cost = pair_costs(sub, charter.rules, level, sub.small, sub.small)
    return charter, part, sub, branch_model(sub, charter.rules, level, AS_OF, cost), level


def test_components_match_a_plain_search():
    rng = np.random.default_rng(3)
    for n, p in [(1, 0.0), (7, 0.0), (30, 0.03), (60, 0.02), (80, 0.2)]:
        adj = rng.random((n, n)) < p
        count, label = exact.components(adj)
        # a plain depth-first search over the undirected graph
        sym = adj | adj.T
        seen = -np.ones(n, int)
        c = 0
        for s in range(n):
            if seen[s] >= 0:
                continue
            stack = [s]
            seen[s] = c
            while stack:
                x = stack.pop()
                for y in np.nonzero(sym[x])[0]:
                    if seen[y] < 0:
                        seen[y] = c
                        stack.append(y)
            c += 1
        assert count == c
        # the same partition (labels may differ)
        assert len({(a, b) for a, b in zip(label, seen)}) == c


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_worse_plan_keeps_every_pair_of_an_optimal_one_and_the_parts_keep_fewer(seed):
    charter, part, sub, bm, level = setting(seed)
    best = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    assert best.status == "optimal"
    # a worse plan in hand: the search on two candidate leads per firm, stopped early
    lag = Lagrangian(bm)
    bound = lag.run(60)
    chosen = exact._guided(bm, bound, 2)
    first = exact._solve_on(sub, chosen, charter.rules, AS_OF, SolveOptions(), None, None, gap_limit=0.2)
    ub = first.values[level]
    assert ub > best.values[level]
    bound = lag.run(60, ub)
    kept, no_lead, whole = exact._kept(bm, bound, ub, sub, first.lead_of, charter.rules)
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    for fid, lead in best.lead_of.items():          # an optimal plan's pairs and leads are kept
        a, u = pos[fid], pos[lead]
        assert not no_lead[u]
        if a != u:
            assert kept[a, u]
    assert kept.sum() < whole                        # and the parts' own gaps drop pairs
    assert exact.components(kept)[0] >= 3            # the towns share no kept pair


@pytest.fixture
def in_pieces(monkeypatch):
    """The exact path on a small city, from a rough first plan (a search must follow), with
    groups of 5 small firms or more searched on their own."""
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 2)
    monkeypatch.setattr(exact, "FIRST_GAP", 0.2)
    monkeypatch.setattr(exact, "SPLIT_FROM", 5)


def test_the_parts_searched_one_by_one_give_the_full_optimum(in_pieces, monkeypatch):
    charter = load_charter().active(False)
    part = make_parts(roster(22, 4), charter, SolveOptions())[0]
    sizes = searched_sizes(monkeypatch)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert len(sizes) >= 2 and max(sizes) < len(part.small)      # searched in pieces
    assert res.status == "optimal" and res.proof == "bound"
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    assert res.values == {k: v for k, v in want.values.items() if k in res.values}
    assert cost_of(sub, charter, res.lead_of) == res.values   # the plan returned is the one costed
    assert sorted(res.lead_of) == sorted(part.firms[i].id for i in part.small)


@pytest.mark.parametrize("stop_at", [1, 2])
def test_a_piece_stopped_before_a_plan_leaves_the_plan_in_hand_there_and_a_valid_bound(stop_at, in_pieces,
                                                                                     monkeypatch):
    charter = load_charter().active(False)
    part = make_parts(roster(22, 5), charter, SolveOptions())[0]
    real = exact._solve_on
    pieces = []

    def stop_the_second(sub, chosen, *args, **kw):
        if kw.get("keep_bound") and not kw.get("live_plans", True):
            pieces.append(len(sub.small))
            if len(pieces) == stop_at:
                return PartResult(sub.jurisdiction, "unknown", bounds={2: 0}, stopped="interrupted")
        return real(sub, chosen, *args, **kw)

    monkeypatch.setattr(exact, "_solve_on", stop_the_second)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert len(pieces) == stop_at                        # no piece searched after the stop
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    level = exact.first_level(charter.rules)
    assert res.status == "feasible" and res.stopped == "interrupted"
    small_ids = sorted(part.firms[i].id for i in part.small)
    assert sorted(res.lead_of) == small_ids              # every firm placed
    assert res.bounds[level] <= want.values[level] <= res.values[level]
    assert cost_of(sub, charter, res.lead_of) == res.values   # what the model charges for it


def test_the_progress_line_never_shows_a_piece_as_the_plan(in_pieces, monkeypatch):
    charter = load_charter().active(False)
    part = make_parts(roster(22, 6), charter, SolveOptions())[0]
    plans, bounds = [], []
    real_plan, real_bound = live.plan, live.bound
    monkeypatch.setattr(live, "plan", lambda level, value, earlier=None: (plans.append(value), real_plan(level, value, earlier)))
    monkeypatch.setattr(live, "bound", lambda level, value: (bounds.append(value), real_bound(level, value)))
    live.enable()
    try:
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    finally:
        live.enable(False)
    level = exact.first_level(charter.rules)
    assert res.status == "optimal"
    assert plans and min(plans) == res.values[level]     # never less than the part's optimum
    assert bounds and max(bounds) <= res.values[level] + 1e-6


def charter_from(tmp_path, text: str):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_charter(path).active(False)


def searched_sizes(monkeypatch) -> list[int]:
    """The number of small firms of every search on kept pairs (the whole part or a piece)."""
    sizes: list[int] = []
    real = exact._solve_on

    def spy(sub, chosen, *args, **kw):
        if kw.get("keep_bound"):
            sizes.append(len(sub.small))
        return real(sub, chosen, *args, **kw)

    monkeypatch.setattr(exact, "_solve_on", spy)
    return sizes


def test_a_later_priority_level_is_searched_in_pieces_to_the_full_optimum(in_pieces, monkeypatch, tmp_path):
    charter = charter_from(tmp_path, "extends: cpc-branch-2018\nrules:\n  - {code: BP-LEAD-DIRECTOR, priority: 3}\n")
    part = make_parts(roster(22, 7), charter, SolveOptions())[0]
    sizes = searched_sizes(monkeypatch)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert len(sizes) >= 2 and max(sizes) < len(part.small)
    assert res.status == "optimal"
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    assert set(res.values) >= {2, 3}
    assert res.values == {k: v for k, v in want.values.items() if k in res.values}   # both levels
    assert cost_of(sub, charter, res.lead_of) == res.values


def test_a_branch_count_rule_keeps_the_city_whole(in_pieces, monkeypatch, tmp_path):
    charter = charter_from(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: LOCAL-FEW\n"
                                     "    kind: branch_count\n    severity: soft\n    weight: 1\n"
                                     "    priority: 2\n    params: {max: 3, applies_to: [joint]}\n")
    part = make_parts(roster(22, 4), charter, SolveOptions())[0]
    sizes = searched_sizes(monkeypatch)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert res.status == "optimal"
    assert all(s == len(part.small) for s in sizes)      # never in pieces
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    cost = pair_costs(sub, charter.rules, 2, sub.small, sub.small)
    bm = branch_model(sub, charter.rules, 2, AS_OF, cost)
    assert not exact.separable(bm, charter.rules)


def test_ctrl_c_in_a_later_piece_keeps_the_earlier_pieces_plans(in_pieces, monkeypatch):
    import signal

    from branchplan.solver import interrupt

    charter = load_charter().active(False)
    part = make_parts(roster(22, 5), charter, SolveOptions())[0]
    watch = interrupt.StopWatch(threaded=False)
    token = interrupt._active.set(watch)
    real, in_hand, pieces = exact._solve_on, [], []

    def ctrl_c_after_the_first(sub, chosen, *args, **kw):
        out = real(sub, chosen, *args, **kw)
        if kw.get("keep_bound") and not kw.get("live_plans", True):
            pieces.append(out)
            watch.request(signal.SIGINT)         # a real stop request, pending from now on
        return out

    real_kept = exact._solve_kept

    def remember(sub, bm, bound, kept, rules, as_of, opts, deadline, res, *rest):
        in_hand.append(res.values[2])
        return real_kept(sub, bm, bound, kept, rules, as_of, opts, deadline, res, *rest)

    monkeypatch.setattr(exact, "_solve_on", ctrl_c_after_the_first)
    monkeypatch.setattr(exact, "_solve_kept", remember)
    try:
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    finally:
        interrupt._active.reset(token)
    assert len(pieces) == 2 and pieces[0].status == "optimal" and pieces[1].status == "unknown"
    assert res.status == "feasible" and res.stopped == "interrupted"
    assert res.values[2] < in_hand[0]                 # the first piece's better plan is kept
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    assert cost_of(sub, charter, res.lead_of) == res.values
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    assert res.bounds[2] <= want.values[2] <= res.values[2]


def test_a_piece_stopped_with_a_plan_of_its_own_gives_it_and_its_bound(in_pieces, monkeypatch):
    charter = load_charter().active(False)
    part = make_parts(roster(22, 5), charter, SolveOptions())[0]
    real, pieces, stopped = exact._solve_on, [], []

    def stop_the_second_at_its_plan(sub, chosen, *args, **kw):
        piece = kw.get("keep_bound") and not kw.get("live_plans", True)
        if piece:
            pieces.append(sub)      # (in the order the searches start)
        k = len(pieces)
        out = real(sub, chosen, *args, **kw)
        if piece and k == 2:                      # as a time limit leaves it: a plan, not proven
            out.status, out.stopped = "feasible", "time limit"
            out.bounds[2] = out.values[2] - 1
            stopped.append(out)
        return out

    monkeypatch.setattr(exact, "_solve_on", stop_the_second_at_its_plan)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    assert len(pieces) == 2 and stopped              # no piece searched after the stop
    assert res.status == "feasible" and res.stopped == "time limit"
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    assert cost_of(sub, charter, res.lead_of) == res.values
    for fid in stopped[0].lead_of:                     # the stopped piece's own plan is the one kept
        assert res.lead_of[fid] == stopped[0].lead_of[fid]
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    assert res.bounds[2] <= want.values[2] <= res.values[2]
