"""Nobody lost, nobody counted twice: thousands of random rosters, solved.

For every roster: either a plan, in which every firm with members is in exactly one branch
(so every member is, counted through the firms), the firms without members are listed as
unassigned, the members add up, and ``check`` finds no hard rule broken; or "infeasible"
with a reason, which never happens when every jurisdiction has a host to fall back on.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, event, given, settings

from branchplan import api, load_charter
from branchplan.check import evaluate
from branchplan.model import Roster
from branchplan.roster import cross_check
from rosters import rosters

CHARTER = load_charter()
#: How many random rosters the conservation property is checked on (see the README).
EXAMPLES = 2000


def solve(doc: dict) -> tuple[Roster, api.SolveResult]:
    roster = Roster.model_validate(doc)
    assert cross_check(roster) == []  # the strategy only makes valid rosters
    return roster, api.solve(roster, CHARTER)


def assert_conserved(roster: Roster, result: api.SolveResult) -> None:
    plan = result.plan
    firms = Counter(f for b in plan.branches for f in b.firms if f in roster.firm_by_id)
    with_members = {f.id for f in roster.firms if f.size}
    assert set(firms) == with_members
    assert all(n == 1 for n in firms.values()), [f for f, n in firms.items() if n > 1]
    assert sorted(plan.unassigned_firms) == sorted(f.id for f in roster.firms if not f.size)
    assert len(plan.unassigned_firms) + len(firms) == len(roster.firms)
    # members, counted through the firms of each branch and through the branch figures
    counted = sum(roster.firm_by_id[f].size for f in firms)
    assert counted == roster.member_count == sum(b.members for b in plan.branches)
    assert sum(b.full_members for b in plan.branches) == sum(f.full for f in roster.firms)
    named = [m.id for f in firms for m in (roster.firm_by_id[f].member_list or ())]
    assert len(named) == len(set(named))
    # every branch's lead is one of its units, and its units share a jurisdiction
    for b in plan.branches:
        assert b.lead in b.firms
        assert len({roster.firm_jurisdiction(roster.firm_by_id.get(u) or roster.host_by_id[u])
                     for u in b.firms}) == 1
    assert not evaluate(plan, roster, CHARTER, plan.as_of).hard


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
def test_every_member_is_in_exactly_one_branch(doc):
    roster, result = solve(doc)
    event(f"status {result.plan.status}")
    if result.ok:
        assert_conserved(roster, result)
    else:
        assert result.plan.status == "infeasible"
        assert result.plan.branches == []
        assert result.problems and all("no plan satisfies the hard rules" in p for p in result.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(hosts=True))
def test_with_a_host_to_fall_back_on_there_is_always_a_plan(doc):
    roster, result = solve(doc)
    assert result.ok, result.problems
    assert_conserved(roster, result)
