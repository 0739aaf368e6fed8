"""The library's front: solve a roster under a charter, check a plan. IO stays at the edges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .charter import Charter, load_charter
from .check import CheckResult, evaluate, make_view
from .errors import InternalError
from .model import Roster
from .plan import JurisdictionResult, Objective, Plan, RuleCost, describe_branch, summarise
from .rules.base import BranchView
from .solver.part import Part
from .solver.solve import PartResult, SolveOptions, make_parts, solve_parts


@dataclass
class SolveResult:
    plan: Plan
    check: CheckResult | None
    parts: list[PartResult]
    #: plain-language reasons, one per infeasible or unsolved jurisdiction
    problems: list[str]
    #: the minimal conflict of every infeasible jurisdiction (branchplan.infeasible)
    conflicts: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan.status in ("optimal", "feasible")


def resolve_as_of(roster: Roster, as_of: date | None) -> date:
    """The date standing is measured on: the option, else the roster's, else today."""
    return as_of or roster.as_of or date.today()


def solve(roster: Roster, charter: Charter | None = None, options: SolveOptions | None = None,
          as_of: date | None = None, progress=None) -> SolveResult:
    """Group the roster's firms into branches under the charter (default: the shipped one)."""
    charter = charter or load_charter()
    options = options or SolveOptions()
    day = resolve_as_of(roster, as_of)
    parts = make_parts(roster, charter, options)
    results = solve_parts(parts, charter, day, options, progress)
    statuses = {r.status for r in results}
    if "infeasible" in statuses or "unknown" in statuses:
        from .infeasible import explain_part

        problems, conflicts = [], []
        for part, r in zip(parts, results):
            if r.status == "infeasible":
                conflicts.append(explain_part(part, charter, day, options))
                problems.append(conflicts[-1].text().rstrip("\n"))
            elif r.status == "unknown":
                problems.append(_unsolved(part, r))
        status = "infeasible" if "infeasible" in statuses else "unknown"
        plan = Plan(status=status, charter=charter.name, as_of=day,
                    jurisdictions=[_jres(p, r, []) for p, r in zip(parts, results)])
        return SolveResult(plan, None, results, problems, conflicts)
    plan = _assemble(roster, charter, day, parts, results)
    check = evaluate(plan, roster, charter, day)
    _verify(plan, check, results)
    rules = {o.code: RuleCost(priority=o.priority, measure=round(o.measure, 3), cost=o.cost_milli / 1000)
             for o in check.outcomes if o.severity == "soft"}
    total = check.cost_milli / 1000
    bound = sum(sum(r.bounds.values()) for r in results) / 1000
    plan.objective = Objective(total=total, rules=rules)
    plan.bound = bound
    plan.gap = round((total - bound) / total, 6) if total > 0 else 0.0
    return SolveResult(plan, check, results, [])


def _assemble(roster: Roster, charter: Charter, day: date, parts: list[Part],
              results: list[PartResult]) -> Plan:
    views: list[BranchView] = []
    branch_res = []
    for part, res in zip(parts, results):
        groups: dict[str, list[str]] = {part.firms[u].id: [] for u in part.big}
        for firm_id, lead in res.lead_of.items():
            groups.setdefault(lead, [])
            if firm_id != lead:
                groups[lead].append(firm_id)
        mine = []
        for lead in sorted(groups):
            host = roster.host_by_id.get(lead)
            firm_ids = ([] if host else [lead]) + sorted(groups[lead])
            mine.append(BranchView("", 0, part.jurisdiction, lead,
                                   tuple(roster.firm_by_id[i] for i in firm_ids), host))
        views.extend(mine)
        branch_res.append((part, res, len(mine)))
    width = max(3, len(str(len(views))))
    branches = []
    for k, v in enumerate(views):
        v = BranchView(f"B{k + 1:0{width}d}", k, v.jurisdiction, v.lead, v.firms, v.host)
        branches.append(describe_branch(v, day))
    status = "optimal" if all(r.status == "optimal" for r in results) else "feasible"
    plan = Plan(status=status, charter=charter.name, as_of=day, branches=branches,
                unassigned_firms=sorted(f.id for f in roster.firms if f.size == 0))
    plan.summary = summarise(roster, branches)
    plan.jurisdictions = []
    start = 0
    for part, res, n in branch_res:
        plan.jurisdictions.append(_jres(part, res, branches[start:start + n]))
        start += n
    return plan


def _jres(part: Part, res: PartResult, branches) -> JurisdictionResult:
    value = sum(res.values.values()) / 1000 if res.values else None
    bound = sum(res.bounds.values()) / 1000 if res.values else None
    return JurisdictionResult(name=part.jurisdiction, status=res.status, firms=len(part.firms),
                              members=sum(f.size for f in part.firms), branches=len(branches),
                              objective=value, bound=bound)


def _verify(plan: Plan, check: CheckResult, results: list[PartResult]) -> None:
    """Defence in depth: the plain-Python evaluators must pass the solver's plan and charge
    exactly what the CP-SAT objective charged."""
    if check.hard:
        raise InternalError("the solver's plan breaks hard rules: "
                            + "; ".join(f"{f.code} {f.message}" for f in check.hard[:5]))
    solver_cost: dict[int, int] = {}
    for r in results:
        for lvl, v in r.values.items():
            solver_cost[lvl] = solver_cost.get(lvl, 0) + v
    evaluated = {k: v for k, v in check.cost_by_priority().items() if v or k in solver_cost}
    solver_cost = {k: v for k, v in solver_cost.items() if v or k in evaluated}
    if evaluated != solver_cost:
        raise InternalError(f"solver and evaluators disagree on the plan's cost: solver {solver_cost}, "
                            f"evaluators {evaluated}")


def _unsolved(part: Part, res: PartResult) -> str:
    """A jurisdiction the time limit stopped before any plan (nothing proven)."""
    return (f"{part.jurisdiction}: no plan was found within the time limit; try a longer --time-limit "
            f"({len(part.small)} small firms, {res.variables} assignment variables)")
