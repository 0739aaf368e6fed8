"""Firms that are all alike (one address, the same counts) tie everywhere in the relaxation:
the candidate leads chosen for them must still leave room for a plan, so the bound's path
(solver/exact.py) plans them instead of giving up to the slow path that models every pair."""

from __future__ import annotations

from branchplan.api import resolve_as_of, solve
from branchplan.charter import load_charter
from branchplan.model import Firm, Location, MemberCounts, Roster
from branchplan.solver.exact import solve_exact
from branchplan.solver.solve import SolveOptions, make_parts


def alike(n: int) -> Roster:
    return Roster(jurisdiction="贵港市", firms=[
        Firm(id=f"F{k:04d}", location=Location(lat=23.1, lon=109.6), members=MemberCounts(full=1 + k % 2))
        for k in range(n)])


def test_alike_firms_at_one_address_are_planned_on_the_bounds_path():
    r = alike(150)
    charter = load_charter()
    (part,) = make_parts(r, charter.active(False), SolveOptions())
    res = solve_exact(part, charter.active(False).rules, resolve_as_of(r, None), SolveOptions(), None)
    assert res is not None and res.status == "optimal" and res.values.get(2, 0) == 0
    assert res.pairs < res.pairs_total         # (not every pair modelled)
    plan = solve(r, charter).plan
    assert plan.status == "optimal" and plan.objective.total == 0
    assert sorted(f for b in plan.branches for f in b.firms) == [f.id for f in r.firms]
