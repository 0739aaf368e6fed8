"""Re-planning scenarios: an unchanged roster, a graduation, a branch falling below 3,
pins and the cap, counts-form rosters, and how the current plan is read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from branchplan.api import solve
from branchplan.charter import load_charter
from branchplan.current import fresh_ids, from_plan
from branchplan.errors import InputError, UsageError
from branchplan.model import Roster
from branchplan.plan import Branch, Plan
from branchplan.replan import replan
from branchplan.rules import fallback

from branchplan.model import Firm, Location

from builders import firm, roster

CHARTER = load_charter()


def plan(*branches) -> Plan:
    return Plan(branches=[Branch(id=i, lead=lead, firms=list(fs)) for i, lead, fs in branches])


def shape(p: Plan) -> dict[str, tuple[str, frozenset]]:
    return {b.id: (b.lead, frozenset(b.firms)) for b in p.branches}


def run(r: Roster, current: Plan, pins=(), max_moves=None, charter=CHARTER):
    cur = from_plan(current, r).with_requests(list(pins), max_moves)
    return replan(r, cur, charter)


# Two neighbourhoods far apart, each with two joint branches.
WEST = [firm("A", 2, xy=(0, 0)), firm("B", 2, xy=(1, 0)), firm("C", 1, xy=(0, 1)),
        firm("D", 2, xy=(3, 0)), firm("E", 2, xy=(3, 1))]
EAST = [firm("F", 1, xy=(100, 0)), firm("G", 1, xy=(101, 0)), firm("H", 1, xy=(100, 1)),
        firm("I", 2, xy=(103, 0)), firm("J", 1, xy=(103, 1))]
CURRENT = plan(("J1", "A", ["A", "B", "C"]), ("J2", "D", ["D", "E"]),
               ("J3", "F", ["F", "G", "H"]), ("J4", "I", ["I", "J"]))


# Below three: J1 has exactly 3 full members; its neighbours J2 and J5 have one to spare.
NEAR = [firm("A", 1, xy=(0, 0)), firm("B", 1, xy=(1, 0)), firm("C", 1, xy=(0, 1)),
        firm("D", 2, xy=(3, 0)), firm("E", 1, xy=(3, 1)), firm("M", 1, xy=(4, 0)),
        firm("K", 1, xy=(0, 3)), firm("L", 1, xy=(1, 3)), firm("N", 1, xy=(0, 4)), firm("P", 1, xy=(1, 4))]
NEAR_PLAN = plan(("J1", "A", ["A", "B", "C"]), ("J2", "D", ["D", "E", "M"]), ("J5", "K", ["K", "L", "N", "P"]),
                 ("J3", "F", ["F", "G", "H"]), ("J4", "I", ["I", "J"]))
C_LEFT = roster(NEAR[:2] + [firm("C", 0, 1, xy=(0, 1))] + NEAR[3:] + EAST)  # C's full member left


def counts_firm(fid, full, prob=0, xy=(0, 0)) -> Firm:
    return Firm(id=fid, location=Location(x=xy[0], y=xy[1]), members={"full": full, "probationary": prob})


def with_firm(firms, new):
    return [new if f.id == new.id else f for f in firms]


def test_unchanged_roster_and_valid_plan_means_zero_moves_and_the_same_plan():
    r = roster(WEST + EAST)
    assert not solve_check(r, CURRENT)
    rp = run(r, CURRENT)
    assert rp.ok and rp.members_moved == 0 and rp.moves == []
    assert shape(rp.result.plan) == shape(CURRENT)
    assert rp.diff is not None and rp.diff.is_empty


def test_a_solved_plan_re_planned_on_the_same_roster_is_kept_exactly():
    r = roster(WEST + EAST)
    first = solve(r, CHARTER).plan
    rp = run(r, first)
    assert rp.members_moved == 0
    assert shape(rp.result.plan) == shape(first)


def solve_check(r, p):
    from branchplan.check import evaluate

    return evaluate(p, r, CHARTER, r.as_of).hard


@pytest.mark.parametrize("lead", ["A", "B"])
def test_graduation_moves_only_the_graduate(lead):
    """B (2 full) gains a full member: it must lead its own branch. Only its 3 members move,
    whether or not it led the joint branch; the rest of J1 keeps the id."""
    current = plan(("J1", lead, ["A", "B", "C"]), ("J2", "D", ["D", "E"]),
                   ("J3", "F", ["F", "G", "H"]), ("J4", "I", ["I", "J"]))
    r = roster(with_firm(WEST, firm("B", 3, xy=(1, 0))) + EAST)
    rp = run(r, current)
    assert rp.ok
    assert [(m.firm, m.members, m.from_branch) for m in rp.moves] == [("B", 3, "J1")]
    new = shape(rp.result.plan)
    assert new["J1"] == ("A", frozenset({"A", "C"}))
    for bid in ("J2", "J3", "J4"):
        assert new[bid] == shape(current)[bid]
    (own,) = [bid for bid in new if bid not in shape(current)]
    assert own == "J5" or own.startswith("B")
    assert new[own] == ("B", frozenset({"B"}))
    assert [g.firm for g in rp.diff.graduations] == ["B"]


def test_a_branch_below_three_changes_only_the_branches_nearby():
    r = C_LEFT
    assert not solve_check(roster(NEAR + EAST), NEAR_PLAN)
    assert [f.branch for f in solve_check(r, NEAR_PLAN)] == ["J1"]  # BP-MIN-FULL: 2 full members
    rp = run(r, NEAR_PLAN)
    # one full member from a neighbour repairs J1; the far branches J3 and J4 are untouched
    assert rp.ok and rp.members_moved == 1
    new, old = shape(rp.result.plan), shape(NEAR_PLAN)
    assert new["J3"] == old["J3"] and new["J4"] == old["J4"]
    assert new["J1"][0] == "A" and old["J1"][1] < new["J1"][1]
    (m,) = rp.moves
    assert m.to_branch == "J1" and m.from_branch in ("J2", "J5")
    # the fewest moves: a plan solved from scratch, its branches matched at best, moves as many or more
    scratch = solve(r, CHARTER).plan
    assert rp.members_moved <= best_moves(scratch, r, NEAR_PLAN)


def best_moves(p: Plan, r: Roster, current: Plan) -> int:
    """Members moved by plan p under the labelling of its branches that moves the fewest."""
    from branchplan.current import match_successors

    cur = from_plan(current, r)
    groups = {b.lead: tuple(b.firms) for b in p.branches}
    succ = match_successors(cur.branches, groups, {f.id: f.size for f in r.firms})
    where = {f: b.lead for b in p.branches for f in b.firms}
    moved = 0
    for cb in cur.branches:
        for u in cb.units:
            if u in r.firm_by_id and (cb.id not in succ or where.get(u) != succ[cb.id]):
                moved += r.firm_by_id[u].size
    return moved


def test_pins_hold_and_change_the_outcome():
    (m,) = run(C_LEFT, NEAR_PLAN).moves
    donor = m.from_branch
    other = ({"J2", "J5"} - {donor}).pop()
    pinned = run(C_LEFT, NEAR_PLAN, pins=[donor])  # the other neighbour gives a member instead
    assert pinned.ok and shape(pinned.result.plan)[donor] == shape(NEAR_PLAN)[donor]
    assert [(x.from_branch, x.to_branch) for x in pinned.moves] == [(other, "J1")]
    # with both neighbours pinned, 3 members move either way: A, B, C out of J1 or I, J of
    # the far branch J4 into it; moving fewer firms breaks the tie
    both = run(C_LEFT, NEAR_PLAN, pins=["J2", "J5", "firm:F"])
    assert both.ok and both.members_moved == 3
    assert sorted(x.firm for x in both.moves) == ["I", "J"] and "J4" not in shape(both.result.plan)
    for b in ("J2", "J5"):
        assert shape(both.result.plan)[b] == shape(NEAR_PLAN)[b]
    assert "F" in shape(both.result.plan)["J3"][1]


def test_infeasible_pins_are_named():
    r = roster(with_firm(WEST, firm("B", 3, xy=(1, 0))) + EAST)
    rp = run(r, CURRENT, pins=["J1", "F"])
    assert not rp.ok
    (why,) = rp.result.problems
    assert "pin branch J1 cannot hold" in why and "firm F" not in why


def test_cap_too_small_says_how_many_moves_are_needed():
    r = roster(with_firm(WEST, firm("B", 3, xy=(1, 0))) + EAST)
    # B graduates: its 3 members move. Under a cap, J1 is handed over to B, which must lead
    # its own branch, with A and C placed in it as fallbacks (0 moves), or C moved to J2
    # (1 move, 1 fallback); fallbacks come first, so without a cap nobody stays behind
    zero = run(r, CURRENT, max_moves=0)
    assert zero.ok and zero.members_moved == 0
    assert shape(zero.result.plan)["J1"] == ("B", frozenset({"A", "B", "C"}))
    assert zero.result.plan.objective.rules["BP-FALLBACK"].measure == 2
    one = run(r, CURRENT, max_moves=1)
    assert one.ok and one.members_moved == 1
    assert one.result.plan.objective.rules["BP-FALLBACK"].measure == 1
    assert run(r, CURRENT).result.plan.objective.rules["BP-FALLBACK"].measure == 0
    # without fallback placements a cap of 2 is impossible: say how many moves are needed
    strict = CHARTER.replace_rule(replace(CHARTER.get("BP-FALLBACK"), params=fallback.Params(
        allow_standalone=False, allow_hosts=False)))
    rp = run(r, CURRENT, max_moves=2, charter=strict)
    assert not rp.ok
    (why,) = rp.result.problems
    assert "--max-moves 2 is too small" in why and "at least 3 members" in why
    assert run(r, CURRENT, max_moves=3, charter=strict).members_moved == 3


def test_pins_and_cap_together_are_named_together():
    rp = run(C_LEFT, NEAR_PLAN, pins=["firm:F", "J2", "J5"], max_moves=2)
    assert not rp.ok
    (why,) = rp.result.problems
    assert "--max-moves 2 is too small" in why and "moves at least 3 members" in why
    assert "while keeping branch J2, branch J5" in why and "firm F" not in why


def test_counts_form_moves_are_counted_per_firm():
    west = [counts_firm("A", 2, xy=(0, 0)), counts_firm("B", 3, xy=(1, 0)), counts_firm("C", 1, xy=(0, 1)),
            counts_firm("D", 2, xy=(3, 0)), counts_firm("E", 2, xy=(3, 1))]
    rp = run(roster(west), plan(("J1", "A", ["A", "B", "C"]), ("J2", "D", ["D", "E"])))
    assert [(m.firm, m.members) for m in rp.moves] == [("B", 3)]
    assert [(m.firm, m.count) for m in rp.diff.count_moves] == [("B", 3)]


def test_closed_firms_are_dropped_with_a_note_and_new_firms_placed():
    r = roster([f for f in WEST if f.id != "E"] + [firm("E2", 1, xy=(3, 1))] + EAST)
    rp = run(r, CURRENT)
    assert rp.ok
    assert any("E (branch J2) is not in the roster" in n for n in rp.current.notes)
    placed = {f for b in rp.result.plan.branches for f in b.firms}
    assert "E2" in placed and "E" not in placed
    assert "E2" not in {m.firm for m in rp.moves}


def test_lost_lead_and_dissolved_branch_are_noted():
    r = roster([f for f in WEST if f.id not in ("D", "E")] + [firm("K", 2, xy=(2, 0))] + EAST)
    cur = from_plan(CURRENT, r)
    assert "branch J2 has no units left in the roster: dissolved" in cur.notes
    rp = replan(r, cur, CHARTER)
    assert rp.ok and "J2" not in shape(rp.result.plan)
    gone = roster([f for f in WEST if f.id != "A"] + EAST)
    assert any("lost its lead A" in n for n in from_plan(CURRENT, gone).notes)


def test_a_current_plan_must_place_each_firm_once():
    bad = plan(("J1", "A", ["A", "B", "C"]), ("J2", "D", ["D", "E", "C"]))
    with pytest.raises(InputError, match="C is in branch J1 and again in branch J2"):
        from_plan(bad, roster(WEST))
    with pytest.raises(InputError, match="led by X"):
        from_plan(plan(("J1", "X", ["A", "B", "C"])), roster(WEST))


def test_pins_name_existing_things():
    cur = from_plan(CURRENT, roster(WEST + EAST))
    with pytest.raises(UsageError, match="did you mean 'J1'"):
        cur.with_requests(["J11"])
    assert cur.with_requests(["firm:A"]).requests[0].firms == ("A",)
    assert cur.with_requests(["branch:J1"]).requests[0].seal == "J1"
    with pytest.raises(UsageError, match="max_moves: -1 is not in the range x>=0"):
        cur.with_requests([], -1)


def test_fresh_ids_continue_the_numbering_and_never_collide():
    assert fresh_ids({"B001", "B007", "X"}, 2) == ["B008", "B009"]
    assert fresh_ids({"J1"}, 1) == ["B001"]
    assert fresh_ids({"B0099"}, 1) == ["B0100"]


def test_a_branch_over_five_firms_is_split_and_the_larger_part_keeps_it():
    six = [firm(k, 1, xy=(i, 0)) for i, k in enumerate("ABCDEF")] + [firm("G", 1, 2, xy=(2, 1))]
    current = plan(("J1", "A", list("ABCDEF")))  # 6 units: over the charter's 5
    rp = run(roster(six), current)
    assert rp.ok
    new = shape(rp.result.plan)
    # the new firm G (1 full) lets only two firms leave: J1 keeps four, A and B join G
    assert len(new) == 2 and len(new["J1"][1]) == 4 and new["J1"][1] < set("ABCDEF")
    assert rp.members_moved == 2 and len(rp.moves) == 2
    (other,) = [v for k, v in new.items() if k != "J1"]
    assert "G" in other[1] and len(other[1]) == 3
    assert [s.branch for s in rp.diff.split] == ["J1"]


def test_each_jurisdiction_is_re_planned_on_its_own_and_the_cap_applies_to_each():
    def city(name, dx):
        return [firm(f"{name}{k}", 2, xy=(dx + k, 0), jurisdiction=name) for k in range(2)] + \
               [firm(f"{name}2", 2, xy=(dx + 2, 0), jurisdiction=name)]
    firms = city("X", 0) + city("Y", 50)
    current = plan(("JX", "X0", ["X0", "X1", "X2"]), ("JY", "Y0", ["Y0", "Y1", "Y2"]))
    grown = [firm("X2", 3, xy=(2, 0), jurisdiction="X"), firm("Y2", 3, xy=(52, 0), jurisdiction="Y")]
    r = roster([f for f in firms if f.id not in ("X2", "Y2")] + grown)
    rp = run(r, current, max_moves=3)  # 3 members move in each city: within the cap of each
    assert rp.ok and rp.members_moved == 6
    assert {(m.firm, m.from_branch) for m in rp.moves} == {("X2", "JX"), ("Y2", "JY")}
    # with 2, each city keeps its branch, handed over to the grown firm (the others fallbacks)
    kept = run(r, current, max_moves=2)
    assert kept.ok and kept.members_moved == 0
    assert shape(kept.result.plan) == {"JX": ("X2", frozenset({"X0", "X1", "X2"})),
                                       "JY": ("Y2", frozenset({"Y0", "Y1", "Y2"}))}


def test_a_current_branch_across_jurisdictions_moves_its_foreign_firms():
    firms = [firm("X0", 2, jurisdiction="X"), firm("X1", 1, xy=(1, 0), jurisdiction="X"),
             firm("Y0", 2, xy=(9, 0), jurisdiction="Y"), firm("Y1", 2, xy=(10, 0), jurisdiction="Y")]
    current = plan(("J1", "X0", ["X0", "X1", "Y1"]), ("J2", "Y0", ["Y0"]))
    rp = run(roster(firms), current)
    assert rp.ok
    assert [(m.firm, m.from_branch) for m in rp.moves] == [("Y1", "J1")]
    assert shape(rp.result.plan)["J1"] == ("X0", frozenset({"X0", "X1"}))


def test_pinning_a_firm_that_left_says_so():
    cur = from_plan(CURRENT, roster([f for f in WEST if f.id != "C"] + EAST))
    with pytest.raises(UsageError, match="firm C is no longer in the roster"):
        cur.with_requests(["C"])
    assert [r.label for r in cur.with_requests(["A", "firm:A", "J2"]).requests] == ["firm A", "branch J2"]
