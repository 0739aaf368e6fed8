"""The recorded figures of a plan that claim optimality, against the plan as it stands
(for :mod:`branchplan.stale`, which places and words them).

A plan ``solve`` proved optimal records ``status: optimal``, its ``objective``, the ``bound``
the solver proved and the ``gap`` between them, and the same per jurisdiction. After a hand
edit:

- ``status: optimal`` still holds only if the plan costs what the proven optimum costs:
  for the plan, the recorded cost at every priority level (priorities are minimised in
  turn, so a plan that costs more at one level and less at a later one is not optimal); for
  a jurisdiction (whose file records a total only), its recorded objective. Otherwise the
  plan is ``feasible``: it satisfies the charter, but nothing proves it best.
- ``bound`` is a lower bound on every plan of the roster under the charter, so it stays
  true; it is stale only when the plan now costs less than it (it was proven for another
  roster or charter) -- then "no valid bound".
- ``gap`` is recomputed from the plan's cost and the recorded bound, as ``solve`` computes it.
- a jurisdiction's ``objective`` and ``branches`` are recomputed from its branches.
"""

from __future__ import annotations

from dataclasses import replace

from .charter import Charter
from .check import CheckResult, evaluate_view
from .i18n import text
from .plan import WHOLE_ROSTER, Plan
from .rules import PlanView


def _r(v: float) -> float:
    return round(v, 3)


def _why(key: str, **kw) -> tuple[str, str]:
    return text(key, "en", **kw), text(key, "zh", **kw)


def _money(v: float) -> str:
    return f"{v:,.3f}"


def status_figures(plan: Plan, result: CheckResult) -> list[tuple]:
    """The plan's own ``status`` / ``gap`` / ``bound`` that no longer hold: at most one
    note (part "status", placed at ``status``)."""
    total = _r(result.cost_milli / 1000)
    diff: dict[str, tuple] = {}
    why = None
    if plan.status == "optimal" and (plan.objective is not None or plan.bound is not None):
        if plan.objective is not None:
            recorded: dict[int, float] = {}
            for rc in plan.objective.rules.values():
                recorded[rc.priority] = recorded.get(rc.priority, 0.0) + rc.cost
            now = {p: v / 1000 for p, v in result.cost_by_priority().items()}
            levels = set(recorded) | set(now)
            still = all(_r(recorded.get(p, 0.0)) == _r(now.get(p, 0.0)) for p in levels)
            best = _r(plan.objective.total)
        else:
            best = _r(plan.bound)
            still = total == best
        if not still:
            diff["status"] = ("optimal", "feasible")
            key = ("stale.not_proven" if total > best else "stale.not_proven_levels" if total == best
                   else "stale.below_optimum")
            why = _why(key, cost=_money(total), best=_money(best))
    if plan.bound is not None:
        if plan.gap is not None:
            gap = round((total - plan.bound) / total, 6) if total > 0 else 0.0
            if total >= _r(plan.bound) and round(plan.gap, 6) != gap:
                diff["gap"] = (plan.gap, gap)
        if total < _r(plan.bound):
            diff["bound"] = (plan.bound, None)
            why = _why("stale.below_bound", cost=_money(total), bound=_money(plan.bound))
    if not diff:
        return []
    return [("status", None, diff, ("status",) if "status" in plan.model_fields_set else ("bound",), why)]


def jurisdiction_figures(plan: Plan, view: PlanView, charter: Charter, result: CheckResult) -> list[tuple]:
    """Each ``jurisdictions[]`` entry whose objective, branches, status or bound no longer
    holds (part "jurisdiction", placed at the entry)."""
    out = []
    entries = plan.jurisdictions or []
    for i, j in enumerate(entries):
        if j.status not in ("optimal", "feasible"):
            continue   # no plan there: nothing recorded to compare
        if j.name == WHOLE_ROSTER or len(entries) == 1:
            branches, cost = len(view.branches), _r(result.cost_milli / 1000)
        else:
            roster = view.roster
            here = roster.model_copy(update={
                "firms": [f for f in roster.firms if roster.firm_jurisdiction(f) == j.name],
                "hosts": [h for h in roster.hosts if roster.firm_jurisdiction(h) == j.name]})
            part = replace(view, roster=here, branches=[b for b in view.branches if b.jurisdiction == j.name])
            branches, cost = len(part.branches), _r(evaluate_view(part, charter.active(False)).cost_milli / 1000)
        diff: dict[str, tuple] = {}
        why = None
        if j.objective is not None and _r(j.objective) != cost:
            diff["objective"] = (j.objective, cost)
        if j.branches != branches:
            diff["branches"] = (j.branches, branches)
        best = j.objective if j.objective is not None else j.bound
        if j.status == "optimal" and best is not None and cost != _r(best):
            diff["status"] = ("optimal", "feasible")
            why = _why("stale.not_proven", cost=_money(cost), best=_money(best))
        if j.bound is not None and cost < _r(j.bound):
            diff["bound"] = (j.bound, None)
            why = _why("stale.below_bound", cost=_money(cost), bound=_money(j.bound))
        if diff:
            out.append(("jurisdiction", j.name, diff, ("jurisdictions", i), why))
    return out
