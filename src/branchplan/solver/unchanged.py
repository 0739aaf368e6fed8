"""A re-plan whose answer is the current plan itself, known without a search.

The levels are minimised in turn (solver/solve.py). Where the current plan, read against
this year's roster, breaks no hard rule and costs nothing at every priority before the
stability rule's, it is optimal at those levels (no cost is below 0); at the stability
level (the rule's own: no preference shares it) it moves nobody and hands no lead over,
so it costs 0 there too. And it is the only
plan that does: every firm of the jurisdiction is in a current branch and stays in it,
under its lead (a handover costs ``lead_weight`` > 0), no branch is led by a host (a host
is no firm that stays, so its branch could continue under a firm without it), and no
member came from another branch (the old firms file). Pins and the cap hold for it, unless
a pinned branch spans jurisdictions (then no plan keeps it: the search says why). So the later levels have nothing
left to choose, and the current plan is the re-plan, proven optimal over every pair.

In a large roster re-planned after a year, most jurisdictions have not changed: each of
them is answered here in the time the evaluators take (city-300: 7.5 s of CP-SAT's three
levels before).
"""

from __future__ import annotations

from datetime import date

from ..charter import Charter, Rule, Text
from .options import PartResult
from .part import Part


def kept_as_is(part: Part, rules: tuple[Rule, ...], as_of: date) -> PartResult | None:
    """The current plan as the part's proven optimal re-plan, or None where the argument
    above does not hold (then the part is solved)."""
    from ..check import evaluate
    from ..model import Roster
    from ..plan import Branch, Plan
    from ..rules.stability import lead_milli

    cur = part.current
    stab = [r for r in rules if r.kind == "stability"]
    if cur is None or len(stab) != 1 or stab[0].milli_weight <= 0 or lead_milli(stab[0]) <= 0:
        return None
    if any(r is not stab[0] and not r.is_hard and r.milli_weight > 0 and r.priority == stab[0].priority
           for r in rules):
        return None               # moves traded against preferences at one level: a search decides
    if cur.foreign or cur.changed_firm or not cur.branches:
        return None
    here = {f.id for f in part.firms}
    if any(r.seal and not set(r.firms) <= here for r in cur.requests):
        return None               # a pinned branch that spans jurisdictions cannot be kept
    placed: set[str] = set()
    branches = []
    for b in cur.branches:
        if b.lead is None or b.lead not in here or any(u not in here for u in b.units):
            return None           # its lead left, or a host is in it
        placed.update(b.units)
        branches.append(Branch(id=b.id, lead=b.lead, firms=list(b.units)))
    members = {part.firms[u].id for u in part.small + part.big}
    if placed != members:         # a new firm, or a firm without members kept in a branch
        return None
    plan = Plan(branches=branches)
    roster = Roster(jurisdiction=part.jurisdiction, firms=list(part.firms), hosts=list(part.hosts))
    checked = evaluate(plan, roster, Charter("", Text(), rules), as_of)
    if checked.hard:
        return None
    cost = checked.cost_by_priority()
    if any(v for lvl, v in cost.items() if lvl < stab[0].priority):
        return None
    lead = {u: b.lead for b in cur.branches for u in b.units}
    res = PartResult(part.jurisdiction, "optimal",
                     lead_of={part.firms[i].id: lead[part.firms[i].id] for i in part.small},
                     values={stab[0].priority: 0, **cost}, successors={b.id: b.lead for b in cur.branches})
    res.bounds = dict(res.values)
    res.proof = "all pairs"
    return res
