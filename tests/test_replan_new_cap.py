"""A re-plan after the charter's cap on joint branches went down (5 firms -> 4): the current
plan's branches over the new cap must each lose a firm.

- the re-plan is optimal at every priority, against every grouping of the roster (plain
  Python, no solver), and the same with 1 and 2 workers and run after run;
- the model's LP relaxation already bounds the members moved by their fewest: the charter's
  cap is posted on each current branch's continuation (solver/continuity.py), so that a
  branch over the new cap cannot stay whole in the LP by continuing half under each of two
  leads (which left the LP bound at half the fewest moves, and the proof to the search:
  minutes on a 300-firm city).
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from ortools.linear_solver import pywraplp

from branchplan.api import solve
from branchplan.charter import load_charter
from branchplan.check import evaluate
from branchplan.current import attach, from_plan
from branchplan.plan import Branch, Plan
from branchplan.replan import replan
from branchplan.solver.options import SolveOptions
from branchplan.solver.solve import encode, make_parts

from builders import AS_OF, firm, roster
from test_replan_properties import best_labelled, levels

BASE = load_charter()


def capped(n: int):
    rule = BASE.get("BP-JOINT-MAX-FIRMS")
    return BASE.replace_rule(dataclasses.replace(rule, params=rule.params.model_copy(update={"max": n})))


FIVE, FOUR = capped(5), capped(4)


def city():
    """A joint branch of 5 firms (over the new cap), one of 2 and two big firms: the firm that
    leaves the full branch has to find a branch that can take it, and which one leaves
    (and where to) is the preferences' choice among the plans moving fewest members."""
    firms = [
        firm("A0", 2, xy=(0, 0)), firm("A1", 1, xy=(1, 0)), firm("A2", 1, 1, xy=(0, 2)),
        firm("A3", 1, xy=(3, 1)), firm("A4", 0, 1, xy=(2, 2)),
        firm("C0", 2, xy=(5, 6)), firm("C1", 1, xy=(6, 5)),
        firm("G0", 3, xy=(4, 1)), firm("G1", 4, xy=(8, 4)),
    ]
    return roster(firms)


def current_plan() -> Plan:
    return Plan(branches=[
        Branch(id="B001", lead="A0", firms=["A0", "A1", "A2", "A3", "A4"]),
        Branch(id="B003", lead="C0", firms=["C0", "C1"]),
        Branch(id="B004", lead="G0", firms=["G0"]),
        Branch(id="B005", lead="G1", firms=["G1"]),
    ])


def groupings(r):
    """Every plan without fallback placements: the small firms partitioned into branches,
    each led by one of its firms, the big firms on their own."""
    small = [f.id for f in r.firms if f.full < 3]
    big = [f.id for f in r.firms if f.full >= 3]

    def partitions(items):
        if not items:
            yield []
            return
        first, rest = items[0], items[1:]
        for p in partitions(rest):
            yield [[first]] + p
            for k in range(len(p)):
                yield p[:k] + [[first] + p[k]] + p[k + 1:]

    full = {f.id: f.full for f in r.firms}
    for blocks in partitions(small):
        if any(len(b) > 4 or sum(full[i] for i in b) < 3 for b in blocks):
            continue              # (the charter's hard rules: checked again by evaluate below)
        for leads in itertools.product(*blocks):
            branches = [Branch(id=f"N{k}", lead=lead, firms=[lead] + [i for i in b if i != lead])
                        for k, (lead, b) in enumerate(zip(leads, blocks))]
            yield Plan(branches=branches + [Branch(id=f"G-{g}", lead=g, firms=[g]) for g in big])


def _costs(plan, r, cur):
    return levels(best_labelled(plan, r, cur), r, FOUR, cur)


def test_the_current_plan_breaks_the_new_cap_only():
    r = city()
    assert not evaluate(current_plan(), r, FIVE, AS_OF).hard
    hard = evaluate(current_plan(), r, FOUR, AS_OF).hard
    assert [f.code for f in hard] == ["BP-JOINT-MAX-FIRMS"]


def test_the_replan_is_optimal_at_every_priority_against_every_grouping():
    r = city()
    cur = from_plan(current_plan(), r)
    rp = replan(r, cur, FOUR)
    assert rp.ok and rp.result.plan.status == "optimal"
    got = levels(rp.result.plan, r, FOUR, cur)
    assert got["fallback"] == 0 and rp.members_moved == 1
    best = None
    for plan in groupings(r):
        if evaluate(plan, r, FOUR, AS_OF).hard:
            continue
        c = _costs(plan, r, cur)
        key = (c["fallback"], c["stab"], c["pref"])
        best = key if best is None else min(best, key)
    assert (got["fallback"], got["stab"], got["pref"]) == best


def _plan_text(rp) -> list:
    return [(b.id, b.lead, list(b.firms)) for b in rp.result.plan.branches]


@pytest.mark.parametrize("search_workers", [1, 2])
def test_the_replan_is_the_same_with_1_and_2_workers_and_run_after_run(search_workers):
    r = city()
    cur = from_plan(current_plan(), r)
    plans = [_plan_text(replan(r, cur, FOUR, SolveOptions(workers=w, search_workers=search_workers)))
             for w in (1, 2, 1)]
    assert plans[0] == plans[1] == plans[2]


def _lp_bound(model) -> float:
    """The LP relaxation of a CP-SAT model (its linear rows and clauses; every normal
    solve's rows are such) at the model's objective: a lower bound on its optimum."""
    proto = model.proto
    lp = pywraplp.Solver.CreateSolver("GLOP")
    xs = [lp.NumVar(float(list(v.domain)[0]), float(list(v.domain)[-1]), "") for v in proto.variables]

    def term(ref, k=1):                # k * literal or k * variable (a negative ref: its negation)
        return k * xs[ref] if ref >= 0 else k * (1 - xs[-ref - 1])

    for c in proto.constraints:
        kind = next((k for k in ("linear", "bool_or", "exactly_one", "at_most_one") if getattr(c, f"has_{k}")()),
                    None)
        assert not list(c.enforcement_literal), "a normal solve's rows are purely linear"
        if kind == "linear":
            expr = sum(term(v, float(k)) for v, k in zip(c.linear.vars, c.linear.coeffs))
            lo, hi = list(c.linear.domain)[0], list(c.linear.domain)[-1]
            if lo > -2 ** 62:
                lp.Add(expr >= float(lo))
            if hi < 2 ** 62:
                lp.Add(expr <= float(hi))
        elif kind in ("bool_or", "exactly_one", "at_most_one"):
            expr = sum(term(ref) for ref in getattr(c, kind).literals)
            if kind != "at_most_one":
                lp.Add(expr >= 1)
            if kind != "bool_or":
                lp.Add(expr <= 1)
        # (any other row left out only lowers the bound)
    obj = proto.objective
    lp.Minimize(sum(term(v, float(k)) for v, k in zip(obj.vars, obj.coeffs)) + float(obj.offset))
    assert lp.Solve() == pywraplp.Solver.OPTIMAL
    return lp.Objective().Value() * (obj.scaling_factor or 1.0)


def test_the_lp_relaxation_bounds_the_members_moved_by_their_fewest():
    r = city()
    cur = from_plan(current_plan(), r)
    charter = FOUR.active(True)
    parts = make_parts(r, charter, SolveOptions())
    attach(parts, cur)
    (part,) = parts
    enc = encode(part, charter.rules, AS_OF)
    enc.model.minimize(enc.current.moved("member"))
    fewest = replan(r, cur, FOUR).members_moved
    assert fewest == 1
    assert _lp_bound(enc.model) >= fewest - 1e-6
