"""Property: a reported conflict is infeasible on its own, and dropping any one of its rule
instances makes the rest satisfiable. Checked against every plan of tiny random rosters,
judged by the plain-Python evaluators (tests/bruteforce.py), not by the solver."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, event, given, note, settings, strategies as st

from branchplan.api import solve
from branchplan.charter import load_charter
from branchplan.model import Roster
from branchplan.rules import KINDS

from bruteforce import all_broken

CHARTER = load_charter()


def with_params(charter, code, **update):
    rule = charter.get(code)
    return charter.replace_rule(dataclasses.replace(rule, params=rule.params.model_copy(update=update)))


@st.composite
def cases(draw):
    n_small = draw(st.integers(2, 4))
    firms = []
    for i in range(n_small):
        full = draw(st.integers(0, 2))
        prob = draw(st.integers(0 if full else 1, 2))
        firms.append({"id": f"F{i + 1}", "location": {"x": draw(st.integers(0, 9)), "y": 0},
                      "members": {"full": full, "probationary": prob}})
    if draw(st.booleans()):
        firms.append({"id": "F9", "location": {"x": 5, "y": 5}, "members": {"full": draw(st.integers(3, 4))}})
    hosts = [{"id": "H1", "location": {"x": 0, "y": 5}}] if draw(st.integers(0, 3)) == 0 else []
    roster = Roster.model_validate({"jurisdiction": "J", "as_of": date(2026, 1, 1), "firms": firms, "hosts": hosts})
    charter = with_params(CHARTER, "BP-FALLBACK", allow_standalone=draw(st.booleans()),
                          allow_hosts=draw(st.booleans()))
    charter = with_params(charter, "BP-JOINT-MAX-FIRMS", max=draw(st.integers(2, 5)))
    charter = with_params(charter, "BP-JOINT-MAX-MEMBERS", max=draw(st.sampled_from([3, 4, 5, 50])))
    charter = with_params(charter, "BP-MIN-FULL", min=draw(st.sampled_from([3, 3, 4])))
    cap = draw(st.sampled_from([None, None, None, 1, 2]))
    if cap is not None:  # a jurisdiction-wide instance too
        template = charter.get("BP-MIN-FULL")
        charter = charter.replace_rule(dataclasses.replace(
            template, code="LOCAL-MAX-BRANCHES", name="max-branches", kind="branch_count",
            params=KINDS["branch_count"].Params(max=cap)))
    reach = draw(st.sampled_from([None, None, 2, 4, 6]))
    if reach is not None:  # no unit farther than `reach` from its branch's lead
        template = charter.get("BP-MIN-FULL")
        charter = charter.replace_rule(dataclasses.replace(
            template, code="LOCAL-MAX-KM", name="max-km", kind="max_distance",
            params=KINDS["max_distance"].Params(max=reach)))
    return roster, charter


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          print_blob=True)
@given(cases())
def test_reported_conflict_is_minimal_and_infeasible(case):
    roster, charter = case
    note([(f.id, f.full, f.probationary) for f in roster.firms] + [h.id for h in roster.hosts])
    note({c: charter.get(c).params for c in ("BP-FALLBACK", "BP-JOINT-MAX-FIRMS", "BP-JOINT-MAX-MEMBERS", "BP-MIN-FULL")})
    broken = all_broken(roster, charter)
    result = solve(roster, charter)
    if any(not b for b in broken):  # some plan breaks nothing: the solver must find one
        assert result.ok, result.problems
        event("feasible")
        return
    assert not result.ok and len(result.conflicts) == 1
    conflict = result.conflicts[0]
    event(f"conflict found by {conflict.method}")
    assert conflict.minimal
    core = {(k.code, k.subject) for k in conflict.instances}
    assert core
    if any(s == "J" for _, s in core):
        event("conflict with a jurisdiction-wide instance")
    if any(c == "LOCAL-MAX-KM" for c, _ in core):
        event("conflict with a max_distance instance")
    # infeasible on its own: every plan breaks at least one reported instance
    assert all(b & core for b in broken)
    # minimal: for each instance, some plan breaks it and no other reported instance
    for k in core:
        assert any(b & core == {k} for b in broken), f"{k} is not needed in {sorted(core)}"
    # the firms named are the ones the instances are about
    assert set(conflict.firms) <= {f.id for f in roster.firms}
    assert {s for _, s in core if s.startswith("F")} <= set(conflict.firms)
