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
- a plan (or jurisdiction) that breaks a hard rule is ``infeasible``, whatever its cost;
  the note names the hard rules it breaks. It has no gap.
- ``bound`` is a lower bound on every plan of the roster that keeps the charter's hard
  rules, so it stays true; it is stale only when a plan that keeps them now costs less than
  it (it was proven for another roster or charter) -- then "no valid bound". A plan that
  breaks a hard rule may cost less than the bound: the broken rules explain it, and the
  bound stands.
- ``gap`` is recomputed from the plan's cost and the recorded bound, as ``solve`` computes it.

A re-plan's figures include what the stability rule charged for its moves, which ``check``
prices only against the plan re-planned from. Given that plan (``check --base``,
``report --base``; see :func:`priced_moves`), the figures are judged as above, the moves
included. Without it, the priority levels before stability are judged still: a plan that
costs there other than its proven optimum did is no longer proven optimal (nothing later
can make up for it), and its recorded bound and gap no longer hold either.

:func:`plan_standing` and :func:`jurisdiction_standings` say what holds now (the HTML
report shows it); :func:`status_figures` and :func:`jurisdiction_figures` what differs from
the file (``check`` lists it).
- a jurisdiction's ``objective`` and ``branches`` are recomputed from its branches.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .charter import Charter
from .check import CheckResult, evaluate_view
from .i18n import text
from .plan import WHOLE_ROSTER, JurisdictionResult, Plan
from .rules import PlanView


def _r(v: float) -> float:
    return round(v, 3)


def _why(key: str, **kw) -> tuple[str, str]:
    return text(key, "en", **kw), text(key, "zh", **kw)


def _money(v: float) -> str:
    return f"{v:,.3f}"


@dataclass(frozen=True)
class Standing:
    """What holds now of the figures a plan (or one jurisdiction) records: ``status`` (the
    recorded one while it holds, ``feasible`` once no longer proven, ``infeasible`` when
    ``broken`` names hard rules the branches break), the ``objective`` it costs now, the
    recorded ``bound`` while it holds (else None), the ``gap`` to it (None without a valid
    bound or for a plan that breaks a hard rule), the ``branches`` and ``why`` the status
    or bound changed (English, Chinese)."""

    status: str | None
    objective: float
    bound: float | None
    gap: float | None
    branches: int
    broken: tuple[str, ...] = ()
    why: tuple[str, str] | None = None


def recomputable(plan: Plan, charter: Charter, result: CheckResult) -> bool:
    """Whether the figures claiming optimality can be judged now: the plan was solved under
    this charter (another prices the rules differently) and check prices every rule its
    recorded costs include (not a re-plan's stability, which needs the plan in force)."""
    soft = {o.code for o in result.outcomes if o.severity == "soft"}
    return plan.charter in (None, charter.name) and (plan.objective is None or set(plan.objective.rules) <= soft)


def unpriced_from(plan: Plan, charter: Charter, result: CheckResult) -> int | None:
    """For a re-plan under this charter whose recorded costs include rules ``result`` does
    not price (stability, without the plan re-planned from): the first priority level of
    those rules; the levels before it can still be judged. None otherwise."""
    if plan.charter not in (None, charter.name) or plan.objective is None or recomputable(plan, charter, result):
        return None
    soft = {o.code for o in result.outcomes if o.severity == "soft"}
    return min(rc.priority for code, rc in plan.objective.rules.items() if code not in soft)


def priced_moves(plan: Plan, roster, charter: Charter, as_of, current, followed: bool,
                 full: CheckResult | None = None) -> CheckResult | None:
    """``check``'s result with the rules that charge moves (stability) priced against
    ``current``, the plan re-planned from (:mod:`branchplan.current`), as a re-plan's
    objective prices them; None when that cannot stand for the file's figures: without the
    old firms file (``followed`` False) members who changed firm are not followed, so a cost
    other than the recorded one proves nothing; nor where the plan records the base plan's own
    figures (:func:`base_figures`), counted from the plan the base was re-planned from.
    ``full``: that result, already made (:func:`branchplan.check.with_current`)."""
    from .check import evaluate

    if full is None:
        full = evaluate(plan, roster, charter, as_of, current)
    if (not followed or base_figures(plan, current)) and plan.objective is not None:
        codes = {r.code for r in charter.active(True).rules if r.kind == "stability"}
        now = sum(o.cost_milli for o in full.outcomes if o.code in codes)
        recorded = round(sum(rc.cost for code, rc in plan.objective.rules.items() if code in codes) * 1000)
        if now != recorded:
            return None
    return full


def base_figures(plan: Plan, current) -> bool:
    """Whether ``plan`` records the very objective the plan it is compared with (``current``,
    as read) records: a hand edit of the base that kept its figures. A re-plan's figures
    count its moves from the plan it was re-planned from, which is not that base."""
    base = getattr(current, "as_read", None)
    return (base is not None and base.objective is not None and plan.objective is not None
            and plan.objective == base.objective)


def broken_rules(result: CheckResult) -> tuple[str, ...]:
    """The hard rules with a finding, in the charter's order."""
    return tuple(o.code for o in result.outcomes if o.severity == "hard" and o.findings)


def _broken_where(result: CheckResult, view: PlanView) -> dict[str | None, set[str]]:
    """Per jurisdiction, the hard rules with a finding of the whole plan about it: about it,
    about one of its branches, or naming one of its firms; under None those placed nowhere
    (every jurisdiction's)."""
    roster = view.roster
    label = {b.id: b.jurisdiction for b in view.branches}
    out: dict[str | None, set[str]] = {}
    for o in result.outcomes:
        if o.severity != "hard":
            continue
        for f in o.findings:
            if f.jurisdiction is not None:
                places = {f.jurisdiction}
            else:
                places = {label[f.branch]} if f.branch in label else set()
                for fid in f.firms:
                    unit = roster.firm_by_id.get(fid) or roster.host_by_id.get(fid)
                    if unit is not None:
                        places.add(roster.firm_jurisdiction(unit))
            for place in places or {None}:
                out.setdefault(place, set()).add(o.code)
    return out


def _broken_in(result: CheckResult, where: dict[str | None, set[str]], name: str) -> tuple[str, ...]:
    """The hard rules broken in jurisdiction ``name`` (:func:`_broken_where`), in the charter's order."""
    codes = where.get(name, set()) | where.get(None, set())
    return tuple(o.code for o in result.outcomes if o.severity == "hard" and o.code in codes)


def _gap(cost: float, bound: float) -> float:
    return round((cost - bound) / cost, 6) if cost > 0 else 0.0


def _breaks(broken: tuple[str, ...], cost: float, bound: float | None) -> tuple[str, str]:
    rules = " ".join(broken)
    if bound is not None and cost < _r(bound):
        return _why("stale.breaks_below", n=len(broken), rules=rules, cost=_money(cost), bound=_money(bound))
    return _why("stale.breaks", n=len(broken), rules=rules)


#: the statuses a solve records where it found no plan (a plan made by hand is "proposed")
NO_PLAN = ("infeasible", "unknown")


def plan_standing(plan: Plan, result: CheckResult, branches: int, before: int | None = None) -> Standing:
    """The plan's status, bound and gap as its branches stand (``result``: check's result).
    ``before``: the recorded costs can be judged at the priority levels before this one only
    (:func:`unpriced_from`)."""
    total = _r(result.cost_milli / 1000)
    broken = broken_rules(result)
    if before is not None:
        return _standing_before(plan, result, branches, before, total, broken)
    status, why = plan.status, None
    worse_before = False     # worse than the optimum at a priority level before the last one
    if broken and plan.status in ("optimal", "feasible"):
        status, why = "infeasible", _breaks(broken, total, plan.bound)
    elif not broken and plan.status in NO_PLAN:
        # (recorded as no plan, infeasible or unknown: branches made by hand since, or the
        # record edited; they keep every hard rule)
        status, why = "feasible", _why("stale.keeps_rules")
    elif plan.status == "optimal" and (plan.objective is not None or plan.bound is not None):
        first = None     # the first level that differs: (level, cost now, recorded cost)
        if plan.objective is not None:
            recorded: dict[int, float] = {}
            for rc in plan.objective.rules.values():
                recorded[rc.priority] = recorded.get(rc.priority, 0.0) + rc.cost
            now = {p: v / 1000 for p, v in result.cost_by_priority().items()}
            levels = sorted(set(recorded) | set(now))
            first = next(((p, _r(now.get(p, 0.0)), _r(recorded.get(p, 0.0))) for p in levels
                          if _r(recorded.get(p, 0.0)) != _r(now.get(p, 0.0))), None)
            still = first is None
            best = _r(plan.objective.total)
        else:
            best = _r(plan.bound)
            still = total == best
        if not still:
            status = "feasible"
            key = ("stale.not_proven" if total > best else "stale.not_proven_levels" if total == best
                   else "stale.below_optimum")
            why = _why(key, cost=_money(total), best=_money(best))
            if first is not None and total != best and (first[1] > first[2]) != (total > best):
                # priorities are minimised in turn: the first level that differs decides, and
                # the total here says the opposite
                p, cost, was = first
                worse_before = cost > was
                why = _why("stale.not_proven_at" if worse_before else "stale.below_optimum_at",
                           cost=_money(cost), best=_money(was), priority=p)
    if worse_before and plan.bound is not None and total < _r(plan.bound):
        # dearer at an earlier priority, cheaper in all: the recorded bound (the sum of the
        # optimum's levels) does not bound such a plan, and the status note says why
        return Standing(status, total, None, None, branches, broken, why)
    bound, gap, why = _bound_and_gap(total, plan.bound, broken, why)
    return Standing(status, total, bound, gap, branches, broken, why)


def _standing_before(plan: Plan, result: CheckResult, branches: int, before: int, total: float,
                     broken: tuple[str, ...]) -> Standing:
    """:func:`plan_standing` of a re-plan whose moves are not priced: its costs at the levels
    before ``before`` against the recorded ones. While they hold, so do the recorded bound
    and gap (nothing here disproves them); once not, neither does."""
    status, why = plan.status, None
    if broken and plan.status in ("optimal", "feasible"):
        status, why = "infeasible", _breaks(broken, total, None)
    elif plan.status == "optimal" and plan.objective is not None:
        recorded: dict[int, float] = {}
        for rc in plan.objective.rules.values():
            if rc.priority < before:
                recorded[rc.priority] = recorded.get(rc.priority, 0.0) + rc.cost
        now = {p: v / 1000 for p, v in result.cost_by_priority().items() if p < before}
        for p in sorted(set(recorded) | set(now)):
            was, cost = _r(recorded.get(p, 0.0)), _r(now.get(p, 0.0))
            if was != cost:
                status = "feasible"
                why = _why("stale.not_proven_at" if cost > was else "stale.below_optimum_at",
                           cost=_money(cost), best=_money(was), priority=p)
                break
    if status == plan.status:
        return Standing(status, total, plan.bound, plan.gap, branches, broken, why)
    # not the optimum the bound was proven with: a plan dearer at an earlier level may cost
    # less in all than the bound (the sum of the optimum's levels), which does not bound it
    return Standing(status, total, None, None, branches, broken, why)


def _bound_and_gap(cost, recorded, broken, why):
    """(the recorded bound where it still holds (None where a plan that keeps every hard rule
    costs less), the gap to it (None for a plan that breaks one), the note why)."""
    if recorded is None or broken:
        return recorded, None, why
    if cost < _r(recorded):
        return None, None, _why("stale.below_bound", cost=_money(cost), bound=_money(recorded))
    return recorded, _gap(cost, recorded), why


def status_figures(plan: Plan, result: CheckResult, branches: int = 0, before: int | None = None) -> list[tuple]:
    """The plan's own ``status`` / ``gap`` / ``bound`` that no longer hold: at most one
    note (part "status", placed at ``status``). ``before``: see :func:`plan_standing`."""
    now = plan_standing(plan, result, branches, before)
    diff: dict[str, tuple] = {}
    if now.status != plan.status:
        diff["status"] = (plan.status, now.status)
    if plan.bound is not None and plan.gap is not None and now.bound is not None and (
            now.gap is None or round(plan.gap, 6) != now.gap):
        diff["gap"] = (plan.gap, now.gap)
    if plan.bound is not None and now.bound is None:
        diff["bound"] = (plan.bound, None)
    if not diff:
        return []
    return [("status", None, diff, ("status",) if "status" in plan.model_fields_set else ("bound",), now.why)]


def _as_judged(j: JurisdictionResult, whole: Standing) -> tuple:
    """(status, why) of a re-plan's one jurisdiction entry, given the plan's own standing:
    what it records, unless the plan now breaks a hard rule or is no longer optimal."""
    if whole.status == "infeasible" or (j.status == "optimal" and whole.status != "optimal"):
        return whole.status, whole.why
    return j.status, None


def jurisdiction_standings(plan: Plan, view: PlanView, charter: Charter, result: CheckResult,
                           before: int | None = None,
                           priced: bool = False) -> list[tuple[int, JurisdictionResult, Standing]]:
    """Each ``jurisdictions[]`` entry with a plan (status optimal or feasible) and what holds
    of it now: its branches and cost recomputed from its branches. A re-plan's entries
    (``priced``: ``result`` prices its moves; ``before``: see :func:`plan_standing`) are
    judged only where there is one: the moves are not priced jurisdiction by jurisdiction."""
    out = []
    entries = plan.jurisdictions or []
    if (before is not None or priced) and len(entries) != 1:
        return []
    if priced:   # one jurisdiction: the plan's own standing, level by level
        whole = plan_standing(plan, result, len(view.branches))
        for i, j in enumerate(entries):
            if j.status not in ("optimal", "feasible"):
                continue
            status, why = _as_judged(j, whole)
            bound, gap = (whole.bound, whole.gap) if j.bound == plan.bound else (j.bound, None)
            if j.bound is not None and j.bound != plan.bound:
                bound, gap, why = _bound_and_gap(whole.objective, j.bound, whole.broken, why)
            out.append((i, j, Standing(status, whole.objective, bound, gap, whole.branches, whole.broken, why)))
        return out
    if before is not None:
        whole = plan_standing(plan, result, len(view.branches), before)
        for i, j in enumerate(entries):
            if j.status not in ("optimal", "feasible"):
                continue
            status, why = _as_judged(j, whole)
            same = status == j.status
            gap = _gap(j.objective, j.bound) if same and j.objective is not None and j.bound is not None else None
            out.append((i, j, Standing(status, j.objective if j.objective is not None else whole.objective,
                                       j.bound if same else None, gap, len(view.branches), whole.broken, why)))
        return out
    by_j: dict[str, tuple[list, list, list]] = {}     # jurisdiction -> (firms, hosts, branches), in order
    where = None      # (the whole plan's hard findings by jurisdiction, once, where needed)
    if len(entries) > 1:
        roster = view.roster
        for slot, units in ((0, roster.firms), (1, roster.hosts)):
            for x in units:
                by_j.setdefault(roster.firm_jurisdiction(x), ([], [], []))[slot].append(x)
        for b in view.branches:
            by_j.setdefault(b.jurisdiction, ([], [], []))[2].append(b)
    listed: set[str] = set()
    for i, j in enumerate(entries):
        if len(entries) > 1 and (j.name in listed or (j.name != WHOLE_ROSTER and j.name not in by_j)):
            continue    # (an entry given twice, or of no jurisdiction of the firms file: jurisdiction_figures says so)
        listed.add(j.name)
        if j.status not in ("optimal", "feasible", *NO_PLAN):
            continue   # (nothing recorded to compare)
        if j.name == WHOLE_ROSTER or len(entries) == 1:
            branches, here_result = len(view.branches), result
        else:
            firms, hosts, its_branches = by_j.get(j.name, ([], [], []))
            here = view.roster.model_copy(update={"firms": firms, "hosts": hosts})
            part = replace(view, roster=here, branches=its_branches)
            branches, here_result = len(part.branches), evaluate_view(part, charter.active(False))
        cost = _r(here_result.cost_milli / 1000)
        # (the hard rules the whole plan breaks here: a branch across jurisdictions would
        # otherwise leave its firm of this one "in no branch" on this one's branches alone)
        if here_result is result:
            broken = broken_rules(result)
        else:
            where = where if where is not None else _broken_where(result, view)
            broken = _broken_in(result, where, j.name)
        status, why = j.status, None
        best = j.objective if j.objective is not None else j.bound
        if broken:
            status, why = (j.status, None) if j.status in NO_PLAN else \
                ("infeasible", _breaks(broken, cost, j.bound))   # (recorded as no plan: it has none still)
        elif j.status in NO_PLAN:
            status, why = "feasible", _why("stale.keeps_rules")
        elif j.status == "optimal" and best is not None and cost != _r(best):
            status = "feasible"
            why = _why("stale.not_proven", cost=_money(cost), best=_money(best))
        bound, gap, why = _bound_and_gap(cost, j.bound, broken, why)
        out.append((i, j, Standing(status, cost, bound, gap, branches, broken, why)))
    return out


def jurisdiction_figures(plan: Plan, view: PlanView, charter: Charter, result: CheckResult,
                         standings: list | None = None) -> list[tuple]:
    """Each ``jurisdictions[]`` entry whose objective, branches, status or bound no longer
    holds (part "jurisdiction", placed at the entry); ``standings``: those of
    :func:`jurisdiction_standings`, where the caller has them already (each evaluates the
    charter on the jurisdiction's branches)."""
    out = []
    roster = view.roster
    have = list(dict.fromkeys(roster.firm_jurisdiction(u) for u in (*roster.firms, *roster.hosts)))
    seen: set[str] = set()
    for i, j in enumerate(plan.jurisdictions or []):
        # (an entry the firms file has no jurisdiction for, or one given twice: its row of
        # the report counts nothing of the roster)
        who = {lang: text("stale.jurisdiction_part", lang, branch=j.name).rstrip() for lang in ("en", "zh")}
        if j.name in seen:
            out.append(("jurisdiction", j.name, {"listed": (j.name, None)}, ("jurisdictions", i, "name"),
                        tuple(text("stale.listed_twice", lang, who=who[lang]) for lang in ("en", "zh"))))
        elif j.name != WHOLE_ROSTER and have and j.name not in have:
            shown = {lang: ("、" if lang == "zh" else ", ").join(have[:5]) + ("…" if len(have) > 5 else "")
                     for lang in ("en", "zh")}
            out.append(("jurisdiction", j.name, {"name": (j.name, None)}, ("jurisdictions", i, "name"),
                        tuple(text("stale.no_such_jurisdiction", lang, who=who[lang], have=shown[lang])
                              for lang in ("en", "zh"))))
        seen.add(j.name)
    if standings is None:
        standings = jurisdiction_standings(plan, view, charter, result)
    for i, j, now in standings:
        diff: dict[str, tuple] = {}
        if j.objective is not None and _r(j.objective) != _r(now.objective):
            diff["objective"] = (j.objective, now.objective)
        if j.branches != now.branches:
            diff["branches"] = (j.branches, now.branches)
        if now.status != j.status:
            diff["status"] = (j.status, now.status)
        if j.bound is not None and now.bound is None:
            diff["bound"] = (j.bound, None)
        if diff:
            out.append(("jurisdiction", j.name, diff, ("jurisdictions", i), now.why))
    return out
