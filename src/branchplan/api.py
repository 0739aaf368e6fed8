"""The library's front: solve a roster under a charter, check a plan. IO stays at the edges."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .arguments import as_date, as_options, expect, expect_optional, expect_roster
from .charter import DEFAULT_CHARTER, Charter, load_charter
from .current import CurrentPlan, attach, match_successors, name_branches
from .check import CheckResult, evaluate
from .errors import InternalError, UsageError
from .localrules import warn_roster
from .model import Roster, today
from .plan import WHOLE_ROSTER, JurisdictionResult, Objective, Plan, RuleCost, describe_branch, summarise
from .rules.base import BranchView
from .solver.options import PartResult, SolveOptions

if TYPE_CHECKING:
    from .solver.part import Part

#: Seconds the explanations of jurisdictions without a plan get past a --time-limit
#: (in all, from the first): enough for the cheap steps and the first searches.
EXPLAIN_GRACE = 2.0

@dataclass
class SolveResult:
    """What :func:`solve` returns: the plan (``plan.status`` says whether one was found),
    the check of every rule on it (None when no plan was found), per-jurisdiction solver
    results, and plain-language reasons for jurisdictions without a plan."""

    plan: Plan
    check: CheckResult | None
    parts: list[PartResult]
    #: plain-language reasons, one per infeasible or unsolved jurisdiction (English)
    problems: list[str]
    #: the minimal conflict of every infeasible jurisdiction (branchplan.infeasible)
    conflicts: list = field(default_factory=list)
    #: the same reasons in Chinese, one per entry of ``problems`` ("" where there is none)
    problems_zh: list[str] = field(default_factory=list)

    def reasons(self, lang: str = "en") -> list[str]:
        """``problems`` in ``lang`` (en or zh; English where a reason has no Chinese)."""
        from .i18n import as_lang

        lang = as_lang(lang)
        zh = self.problems_zh + [""] * (len(self.problems) - len(self.problems_zh))
        return [b if lang == "zh" and b else a for a, b in zip(self.problems, zh)]

    @property
    def ok(self) -> bool:
        return self.plan.status in ("optimal", "feasible")


def resolve_as_of(roster: Roster, as_of: date | None) -> date:
    """The date standing is measured on: the option, else the roster's, else today (in Beijing
    time, UTC+8: :func:`branchplan.model.today`). A date
    before some member joined is refused (standing cannot be measured before joining)."""
    day = as_of or roster.as_of or today()
    check_as_of(roster, day, "as_of" if as_of else ("the roster's as_of" if roster.as_of else "today"))
    return day


def standing_day(roster: Roster, as_of: date | None, plan: Plan | None = None, *, plan_first: bool = False,
                 name: str = "as_of") -> date:
    """The date standing is measured on for a plan: ``as_of``, else the roster's ``as_of``,
    else the plan's (the plan's first with ``plan_first``, as ``explain`` and ``report``
    read them, unless a member of the roster joined after it: then the roster's), else
    today in Beijing time. A date before some member joined is a UsageError naming what gave it (``name``:
    the parameter, or the command's option)."""
    what, day = name, as_of
    if day is None:
        given = [("the roster's as_of", roster.as_of), ("the plan's as_of", plan.as_of if plan is not None else None)]
        dated = [(w, d) for w, d in (given[::-1] if plan_first else given) if d]
        what, day = dated[0] if dated else ("today", today())
        if plan_first and len(dated) > 1 and _too_early(roster, day) is not None:
            # a plan of an earlier year read with this year's firms file (members joined
            # since): the firms file's date, as check measures it
            what, day = dated[1]
    check_as_of(roster, day, what)
    return day


def _check_units(roster: Roster) -> None:
    """A roster built in code skips load_roster's checks: every unit must have a jurisdiction
    (its own or the roster's), as :func:`roster_from_data` requires (its ids were checked by
    ``expect_roster``: :func:`branchplan.arguments.unique_ids`)."""
    from .errors import InputError, Problem
    from .errtext import say

    nowhere = [Problem("roster", say(f"roster.{kind}_no_jurisdiction", id=u.id), field=f"{kind}s[{i}]")
               for kind, units in (("firm", roster.firms), ("host", roster.hosts))
               for i, u in enumerate(units) if not roster.firm_jurisdiction(u)]
    if nowhere:
        raise InputError(nowhere)


class StandingDateError(UsageError):
    """A date standing is measured on that is before a member joined, or before a full
    member was made full (``full``: ``joined`` is then the 转正 date) (``what``: what gave the
    date, such as the parameter ``as_of``; the command line names its option instead)."""

    def __init__(self, what: str, day: date, member: str, firm: str, joined: date, full: bool = False) -> None:
        from .errtext import say

        super().__init__(say("usage.full_after" if full else "usage.joined_after", what=what, day=day, member=member,
                             firm=firm, joined=joined))
        self.what, self.day, self.member, self.firm, self.joined, self.full = what, day, member, firm, joined, full

    def __reduce__(self):
        return type(self), (self.what, self.day, self.member, self.firm, self.joined, self.full)

    def named(self, what: str) -> "StandingDateError":
        """The same error, the date given by ``what`` (``--as-of`` for the parameter ``as_of``)."""
        return type(self)(what, self.day, self.member, self.firm, self.joined, self.full)


def check_as_of(roster: Roster, day: date, what: str = "as_of") -> None:
    """:class:`StandingDateError` (a UsageError) when a member of the roster joined after
    ``day``, or (else) a full member was made full after it (the member was probationary
    then, though the roster counts them full)."""
    early = _too_early(roster, day)
    if early is not None:
        raise StandingDateError(what, day, *early)


def _too_early(roster: Roster, day: date) -> tuple[str, str, date, bool] | None:
    """(member, firm, date, made full) of the latest joining date after ``day``, else of the
    latest date a full member was made full after it; None when ``day`` is after both."""
    latest = latest_full = None
    for f in roster.firms:
        for m in f.member_list or ():
            if m.joined and m.joined > day and (latest is None or m.joined > latest[1].joined):
                latest = (f, m)
            if m.full_since and m.full_since > day and (latest_full is None or m.full_since > latest_full[1].full_since):
                latest_full = (f, m)
    if latest is not None:
        return latest[1].id, latest[0].id, latest[1].joined, False
    if latest_full is not None:
        return latest_full[1].id, latest_full[0].id, latest_full[1].full_since, True
    return None


def solve(roster: Roster, charter: Charter | None = None, options: SolveOptions | dict | None = None,
          as_of: date | str | None = None, progress=None, current: CurrentPlan | None = None) -> SolveResult:
    """Group the roster's firms into branches under the charter (default: the shipped one).

    ``options`` set the time limit, seed and parallelism (a :class:`SolveOptions`, or a dict
    of its fields); ``as_of`` the date Party standing is measured on (a date or ISO text
    such as ``"2026-11-01"``; default: the roster's ``as_of``, else today in Beijing time); ``progress(done, total)``
    is called as each jurisdiction is solved. The plan is verified by the same evaluators
    ``check`` uses before it is returned (a disagreement raises :class:`InternalError`).
    Check ``result.ok`` before using ``result.plan``.

    ``current``: re-plan from this plan (:mod:`branchplan.current`): its pins and cap are
    hard, the charter's stability rule charges every member moved, continuing branches
    keep their ids. See also :func:`branchplan.replan.replan`.
    """
    started = time.monotonic()  # --time-limit counts from here: "seconds for the whole solve"
    expect_roster(roster)
    if charter is not None:
        expect(charter, Charter, "charter", "branchplan.load_charter")
    expect_optional(current, CurrentPlan, "current", "branchplan.load_current")
    options = as_options(options, SolveOptions) or SolveOptions()
    as_of = as_date(as_of)
    charter = (charter or load_charter()).active(current is not None)
    if not charter.of_kind("assignment"):   # (load_charter refuses such a file; a Charter built in code)
        from .errtext import say
        raise UsageError(say("charter.no_assignment", default=DEFAULT_CHARTER))
    _check_units(roster)
    warn_roster(charter, roster)
    day = resolve_as_of(roster, as_of)
    from .solver.solve import make_parts, solve_parts   # (OR-Tools is loaded here, not at import)

    parts = make_parts(roster, charter, options)
    if current is not None:
        attach(parts, current)
    results = solve_parts(parts, charter, day, options, progress, started=started)
    statuses = {r.status for r in results}
    if "infeasible" in statuses or "unknown" in statuses:
        from .infeasible import explain_part
        from .solver.continuity import explain_requests
        from .rules import KINDS
        from .solver.part import all_pairs
        from .solver.solve import lonely_firms

        problems, problems_zh, conflicts = [], [], []
        # under a time limit the explanations stop with it too (after a short grace, so
        # that the first gets a chance even when the solve used the whole limit)
        explain_by = (max(started + options.time_limit, time.monotonic() + EXPLAIN_GRACE)
                      if options.time_limit else None)
        for part, r in zip(parts, results):
            if r.status == "infeasible":
                here = charter.in_jurisdiction(part.jurisdiction)   # the rules that apply in it
                why = (explain_requests(part, here, day, options, deadline=explain_by)  # the pins or the cap, if they cause it
                       if part.current is not None and part.current.requests else None)
                if why:
                    problems.append(why[0])
                    problems_zh.append(why[1])
                    continue
                lonely = lonely_firms(part, here.rules)
                plain = ("", "")
                if lonely:  # a firm with no unit within a hard limit: said plainly first
                    rule, found = lonely[0]
                    geo = any(f.location is not None and f.location.is_geo for f in part.firms)
                    en, zh = KINDS[rule.kind].lonely_text(rule, part.jurisdiction, found, geo)
                    plain = (en + "\n", zh + "\n")
                # over every pair when the candidate pairs alone were not enough to decide
                conflicts.append(explain_part(all_pairs(part) if r.widened else part, here, day, options,
                                              deadline=explain_by))
                problems.append(plain[0] + conflicts[-1].text("en").rstrip("\n"))
                problems_zh.append(plain[1] + conflicts[-1].text("zh").rstrip("\n"))
            elif r.status == "unknown":
                problems.append(_unsolved(part, r, "en"))
                problems_zh.append(_unsolved(part, r, "zh"))
        status = "infeasible" if "infeasible" in statuses else "unknown"
        # the jurisdictions that have a plan say what it is, though no plan is written
        plan = Plan(status=status, charter=charter.name, as_of=day,
                    jurisdictions=[_jres(p, r, _branch_leads(p, r), charter) for p, r in zip(parts, results)])
        return SolveResult(plan, None, results, problems, conflicts, problems_zh)
    plan = _assemble(roster, charter, day, parts, results, current)
    check = evaluate(plan, roster, charter, day, current)
    _verify(plan, check, results)
    _verify_placed(plan, roster)
    # in the order the solver minimises them: priority by priority, charter order within one
    rules = {o.code: RuleCost(priority=o.priority, measure=round(o.measure, 3), cost=o.cost_milli / 1000)
             for o in sorted(check.outcomes, key=lambda o: o.priority) if o.severity == "soft"}
    total = check.cost_milli / 1000
    plan.objective = Objective(total=total, rules=rules)
    # a jurisdiction solved on restricted pairs has no bound over all pairs: nor has the plan
    if all(r.bounds or not r.values for r in results):
        bound = sum(sum(r.bounds.values()) for r in results) / 1000
        plan.bound = bound
        plan.gap = round((total - bound) / total, 6) if total > 0 else 0.0
    return SolveResult(plan, check, results, [])


def _assemble(roster: Roster, charter: Charter, day: date, parts: list[Part],
              results: list[PartResult], current: CurrentPlan | None = None) -> Plan:
    per_part: list[list[BranchView]] = []
    branch_res = []
    for part, res in zip(parts, results):
        mine = []
        for lead, firm_ids in part.branch_firms(res.lead_of).items():
            host = roster.host_by_id.get(lead)
            # a branch of the whole roster (WHOLE_ROSTER) is in its lead's jurisdiction, as check reads it
            where = part.jurisdiction if part.jurisdiction != WHOLE_ROSTER else roster.firm_jurisdiction(
                host or roster.firm_by_id[firm_ids[0]])
            mine.append(BranchView("", 0, where, lead,
                                   tuple(roster.firm_by_id[i] for i in firm_ids), host))
        per_part.append(mine)
        branch_res.append((part, res, len(mine)))
    if current is None:
        width = max(3, len(str(sum(len(m) for m in per_part))))
        named = [(f"B{k + 1:0{width}d}", v) for k, v in enumerate(v for m in per_part for v in m)]
    else:  # continuations keep their ids (the solver's choice), new branches get fresh ones
        named = [t for m in name_branches(current, [(mine, _successors(charter, part, res, mine))
                                                    for mine, (part, res, _) in zip(per_part, branch_res)])
                 for t in m]
    was = {b.id: b.units for b in current.branches} if current is not None else {}
    branches = []
    for k, (bid, v) in enumerate(named):
        firms = v.firms
        if bid in was:
            # a continuation lists its firms as the current plan did (the lead first, the firms
            # that stay in their order there, then the newcomers): an unchanged branch's line
            # stays as it was
            at = {u: i for i, u in enumerate(was[bid])}
            firms = tuple(sorted(firms, key=lambda f: (f.id != v.lead, at.get(f.id, len(at)))))
        v = BranchView(bid, k, v.jurisdiction, v.lead, firms, v.host)
        branches.append(describe_branch(v, day))
    status = "optimal" if all(r.status == "optimal" for r in results) else "feasible"
    plan = Plan(status=status, charter=charter.name, as_of=day, branches=branches,
                unassigned_firms=sorted(f.id for f in roster.firms if f.size == 0))
    plan.summary = summarise(roster, branches)
    plan.jurisdictions = []
    start = 0
    for part, res, n in branch_res:
        plan.jurisdictions.append(_jres(part, res, branches[start:start + n], charter))
        start += n
    return plan


def _successors(charter: Charter, part: Part, res: PartResult, views: list[BranchView]) -> dict[str, str]:
    """Which new branch continues which current one: the solver's choice when the charter
    charges moves, else the matching that keeps the most members in place."""
    cur = part.current
    if cur is None:
        return {}
    if charter.of_kind("stability"):
        return res.successors or {}
    groups = {v.lead: ((v.host.id,) if v.host else ()) + v.firm_ids for v in views}
    return match_successors(cur.branches, groups, {f.id: f.size for f in part.firms}, cur.pinned, cur.sealed,
                            cur.counted)


def _branch_leads(part: Part, res: PartResult) -> set[str]:
    """The leads of a jurisdiction's branches in its own plan (none without one)."""
    if res.status not in ("optimal", "feasible"):
        return set()
    return {part.firms[u].id for u in part.big} | set(res.lead_of.values())


def _jres(part: Part, res: PartResult, branches, charter: Charter) -> JurisdictionResult:
    value = sum(res.values.values()) / 1000 if res.values else None
    bound = sum(res.bounds.values()) / 1000 if res.values and res.bounds else None
    notes = [n for n in (no_locations_note(part, charter.in_jurisdiction(part.jurisdiction).rules), res.note) if n]
    return JurisdictionResult(name=part.jurisdiction, status=res.status, firms=len(part.firms),
                              members=sum(f.size for f in part.firms), branches=len(branches),
                              objective=value, bound=bound,
                              proof=res.proof if res.proof and res.status in ("optimal", "feasible") else None,
                              note="; ".join(notes) or None)


def no_locations_note(part: Part, rules) -> str | None:
    """A jurisdiction's note when none of its units has a location (the usual clerk's sheet
    has no coordinates) and the charter measures distances there: every distance is then 0
    (:func:`branchplan.geo.distance`), so the rules measuring them count nothing and only the
    districts, if anything, group the small firms. None otherwise (a firms file gives every
    unit of a jurisdiction a location or none)."""
    if not part.small or any(u.location is not None for u in (*part.firms, *part.hosts)):
        return None
    codes = [r.code for r in rules if r.kind in ("distance", "max_distance")]
    if not codes:
        return None
    named = codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]
    districts = any(r.kind == "district" for r in rules) and any(f.district for f in part.firms)
    return (f"no firm has coordinates: distances are not counted ({named} {'is' if len(codes) == 1 else 'are'} 0); "
            + ("only the districts group the firms" if districts else "nothing groups the firms by place"))


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


def _verify_placed(plan: Plan, roster: Roster) -> None:
    """Whatever the charter says: no plan is returned with a firm's members in no branch or
    in two (the assignment rule's evaluator says so too; this does not depend on it)."""
    placed: dict[str, int] = {}
    for b in plan.branches:
        for fid in b.firms:
            placed[fid] = placed.get(fid, 0) + 1
    wrong = [f"{f.id} ({placed.get(f.id, 0)} branches)" for f in roster.firms if f.size and placed.get(f.id, 0) != 1]
    if wrong:
        raise InternalError("the solver's plan does not place every member in exactly one branch: "
                            + ", ".join(wrong[:5]))


def _unsolved(part: Part, res: PartResult, lang: str = "en") -> str:
    """A jurisdiction the time limit (or an interrupt) stopped before any plan (nothing proven)."""
    from .i18n import text
    from .phrases import small_firms_zh
    from .plan import shown_jurisdiction

    if res.stopped == "interrupted":
        return text("unsolved.interrupted", lang, jurisdiction=shown_jurisdiction(part.jurisdiction, lang, start=True))
    if lang == "zh":
        size = f"{small_firms_zh(part.big_min)} {len(part.small)} 个" + (
            f"，分配变量 {res.variables:,} 个" if res.variables else "")
    else:
        size = f"{len(part.small)} small firms" + (f", {res.variables:,} assignment variables" if res.variables else "")
    return text("unsolved.time", lang, jurisdiction=shown_jurisdiction(part.jurisdiction, lang, start=True), size=size)
