"""Invariants of the gate on random rosters: a solved plan, written to YAML and read back,
passes `check` with no hard finding and a gap of 0 to a fresh solve; its diff to itself
is empty; moving one small firm is counted as exactly its members."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

import branchplan
from branchplan.charter import load_charter
from branchplan.gate import GateOptions, check_plan
from branchplan.loader import dump_yaml
from branchplan.plan import Plan

from builders import AS_OF
from test_properties import rosters

CHARTER = load_charter()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
def test_solved_plan_passes_the_gate(r):
    res = branchplan.solve(r, CHARTER, as_of=AS_OF)
    if not res.ok:
        return
    text = dump_yaml(res.plan.to_dict())
    plan = Plan.model_validate(branchplan.loader.parse_text(text, "plan.yaml", False))
    rep = check_plan(plan, text, r, CHARTER, AS_OF, options=GateOptions(max_gap=0, gap_time_limit=30), base=plan)
    assert rep.passed and rep.exit_code == 0 and not rep.hard and not rep.gate
    assert rep.gap.gap_pct == 0.0 and rep.gap.deciding_level is None
    assert rep.diff.is_empty and rep.diff.members_moved == 0
    assert all(x.line is not None for x in rep.soft if x.finding.branch_index is not None)
    joint = [b for b in plan.branches if len(b.firms) > 1]
    if joint:
        b = joint[0]
        mover = next(f for f in b.firms if f != b.lead)
        moved = plan.model_copy(deep=True)
        src = next(x for x in moved.branches if x.id == b.id)
        src.firms.remove(mover)
        moved.branches.append(type(src)(id="NEW", lead=mover, firms=[mover]))
        d = branchplan.diff_plans(plan, moved, r)
        assert d.members_moved == r.firm_by_id[mover].size
        assert [(m.firm, m.from_branch, m.to_branch) for m in d.firm_moves] == [(mover, b.id, "NEW")]
        assert [g.firm for g in d.graduations] == [mover]
