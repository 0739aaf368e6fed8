"""Property: for random rosters and random small roster changes, re-planning from last
year's plan (R) against re-solving from scratch (S).

What is asserted, with m(P) the members a plan P moves under the best labelling of its
branches (plain-Python matching), and costs in 1/1000 points per priority level:

- R is a plan (S is one too) and the evaluators find no hard finding in it;
- m(R) <= m(S): the re-plan never moves more members than re-solving would;
- the fallback level (priority 0) costs the same in R and S;
- default charter (stability its own level 1, above the preferences at level 2):
  stab(R) <= stab(S), pref(R) >= pref(S), and pref(R) == pref(S) when stab(R) == stab(S):
  the preferences are given up only to move fewer members (firms);
- trade-off charter (stability at level 2 with weight w per member):
  pref(R) - pref(S) <= stab(S) - stab(R): every point of preference given up buys at
  least as much stability.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings, strategies as st

from branchplan.api import solve
from branchplan.charter import Charter, load_charter
from branchplan.check import evaluate, make_view
from branchplan.current import from_plan, match_successors
from branchplan.model import Member
from branchplan.plan import Branch, Plan
from branchplan.replan import replan
from branchplan.rules import stability

from builders import AS_OF, firm, host, roster

BASE = load_charter()
STAB = BASE.get("BP-STABILITY")


def traded(weight: int) -> Charter:
    rule = replace(STAB, priority=2, weight=float(weight))
    return BASE.replace_rule(rule)


@st.composite
def rosters(draw):
    firms = []
    for k in range(draw(st.integers(3, 8))):
        full = draw(st.integers(0, 2))
        firms.append(firm(f"S{k}", full, draw(st.integers(0 if full else 1, 1)),
                          xy=(draw(st.integers(0, 20)), draw(st.integers(0, 20)))))
    for k in range(draw(st.integers(0, 2))):
        firms.append(firm(f"G{k}", draw(st.integers(3, 5)), xy=(draw(st.integers(0, 20)), draw(st.integers(0, 20)))))
    return firms


def _members(f):
    return list(f.members)


def _with_members(f, members):
    """A new firm (not model_copy: that would keep the cached member counts)."""
    return type(f)(**{**{k: getattr(f, k) for k in type(f).model_fields}, "members": members})


@st.composite
def changed(draw, firms):
    """One or two small changes: a member joins, leaves or transfers; a firm opens or closes."""
    firms = list(firms)
    for step in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["join", "leave", "transfer", "open", "close"]))
        k = draw(st.integers(0, len(firms) - 1))
        f = firms[k]
        if kind == "join":
            new = Member(id=f"M-new-{step}", status="full", joined=date(2015, 1, 1))
            firms[k] = _with_members(f, _members(f) + [new])
        elif kind == "leave" and f.size:
            ms = _members(f)
            ms.pop(draw(st.integers(0, len(ms) - 1)))
            firms[k] = _with_members(f, ms)
        elif kind == "transfer" and f.size and len(firms) > 1:
            j = draw(st.integers(0, len(firms) - 1).filter(lambda j: j != k))
            ms = _members(f)
            m = ms.pop(draw(st.integers(0, len(ms) - 1)))
            firms[k] = _with_members(f, ms)
            firms[j] = _with_members(firms[j], _members(firms[j]) + [m])
        elif kind == "open":
            firms.append(firm(f"N{step}", draw(st.integers(0, 2)), 1, xy=(draw(st.integers(0, 20)), 5)))
        elif kind == "close" and len(firms) > 2:
            firms.pop(k)
    return firms


def with_host(firms):
    return roster(firms, [host("H0", xy=(10, 10))])  # a host keeps every roster solvable


def levels(plan: Plan, r, charter: Charter, cur) -> dict[str, int]:
    out = {"fallback": 0, "stab": 0, "pref": 0}
    for o in evaluate(plan, r, charter, AS_OF, cur).outcomes:
        if o.severity != "soft":
            continue
        key = "stab" if o.code == STAB.code else "fallback" if o.priority == 0 else "pref"
        out[key] += o.cost_milli
    return out


def best_labelled(plan: Plan, r, cur) -> Plan:
    """The same branches, labelled to move the fewest members (then firms)."""
    groups = {b.lead: tuple(b.firms) for b in plan.branches}
    succ = match_successors(cur.branches, groups, {f.id: f.size for f in r.firms})
    ids = {lead: bid for bid, lead in succ.items()}
    return Plan(branches=[Branch(id=ids.get(b.lead, f"new-{b.lead}"), lead=b.lead, firms=b.firms)
                          for b in plan.branches])


def moved(plan: Plan, r, charter: Charter, cur) -> int:
    view = make_view(plan, r, charter, AS_OF)
    view.current = cur
    return int(stability.evaluate(charter.get(STAB.code), view).measure)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_replan_is_valid_moves_no_more_than_scratch_and_trades_exactly(data):
    year1 = with_host(data.draw(rosters()))
    last = solve(year1, BASE).plan
    year2 = with_host(data.draw(changed(year1.firms)))
    weight = data.draw(st.sampled_from([None, 1, 30]))
    charter = BASE if weight is None else traded(weight)
    cur = from_plan(last, year2)

    rp = replan(year2, cur, charter)
    scratch = solve(year2, charter).plan
    assert rp.ok and scratch.status == "optimal" and rp.result.plan.status == "optimal"
    new = rp.result.plan
    assert not evaluate(new, year2, charter, AS_OF, cur).hard
    s_best = best_labelled(scratch, year2, cur)
    assert rp.members_moved == moved(new, year2, charter, cur)
    assert rp.members_moved <= moved(s_best, year2, charter, cur)

    r_cost, s_cost = levels(new, year2, charter, cur), levels(s_best, year2, charter, cur)
    assert r_cost["fallback"] == s_cost["fallback"]
    if weight is None:
        assert r_cost["stab"] <= s_cost["stab"]
        assert r_cost["pref"] >= s_cost["pref"]
        if r_cost["stab"] == s_cost["stab"]:
            assert r_cost["pref"] == s_cost["pref"]
    else:
        assert r_cost["pref"] - s_cost["pref"] <= s_cost["stab"] - r_cost["stab"]
        assert r_cost["pref"] >= s_cost["pref"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(firms=rosters())
def test_an_unchanged_roster_keeps_its_solved_plan(firms):
    r = with_host(firms)
    first = solve(r, BASE).plan
    again = replan(r, from_plan(first, r), BASE)
    assert again.members_moved == 0
    assert [(b.id, b.lead, sorted(b.firms)) for b in again.result.plan.branches] == \
        [(b.id, b.lead, sorted(b.firms)) for b in first.branches]
