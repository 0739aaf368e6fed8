"""explain's moves evaluated incrementally (``explain.Moves``) when the moved firm hands its
lead over to a firm without Party members: BP-ONE-BRANCH then finds that firm listed "and
leads it", as the whole moved plan evaluated again does."""

from __future__ import annotations

from branchplan.charter import load_charter
from branchplan.check import evaluate, make_view
from branchplan.explain import Moves, _moved
from branchplan.plan import plan_from_data
from branchplan.roster import roster_from_data

ROSTER = {"jurisdiction": "贵港市", "as_of": "2026-11-01", "firms": [
    {"id": "F1", "members": {"full": 4}},
    {"id": "F2", "members": {"full": 0}},
    {"id": "F3", "members": {"full": 3}}]}
PLAN = {"branches": [{"id": "B1", "lead": "F1", "firms": ["F1", "F2"]}, {"id": "B2", "lead": "F3", "firms": ["F3"]}]}


def _one_branch(res) -> list[str]:
    return sorted(f.message for f in res.findings if f.code == "BP-ONE-BRANCH")


def test_heir_without_members_is_found_leading():
    roster, plan = roster_from_data(ROSTER), plan_from_data(PLAN)
    charter = load_charter().active(False)
    day = roster.as_of
    before = evaluate(plan, roster, charter, day)
    moves = Moves(plan, roster, charter, make_view(plan, roster, charter, day), before)
    got = moves.after("F1", "B2", "F2")
    whole = evaluate(_moved(plan, "F1", "B2", "F2", roster.host_by_id.keys()), roster, charter, day)
    assert got is not None
    assert _one_branch(whole) == ["branch B1 lists firm F2 and leads it, which has no Party members: a firm "
                                  "without members is in no branch"]
    assert _one_branch(got) == _one_branch(whole)
    assert got.cost_milli == whole.cost_milli
