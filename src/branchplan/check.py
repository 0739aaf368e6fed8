"""Evaluate a plan against a charter in plain Python: no solver involved.

The same evaluators verify every plan ``solve`` writes, so a solved plan never has a hard
finding (and if it ever had, that is an internal error, not a plan).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from typing import TYPE_CHECKING

from .arguments import as_date
from .charter import Charter, Rule
from .model import Roster
from .plan import Plan, view_of
from .rules import KINDS, Finding, PlanView, structure

if TYPE_CHECKING:  # pragma: no cover
    from .current import CurrentPlan


@dataclass
class RuleOutcome:
    code: str
    severity: str
    priority: int
    measure: float
    cost_milli: int
    findings: list[Finding]
    #: the rule's cost per firm where it has one (Result.by_firm)
    by_firm: dict[str, int] = field(default_factory=dict)
    #: the same per entry of a firm in the plan (Result.by_entry)
    by_entry: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass
class CheckResult:
    """Every rule's outcome on a plan: ``findings`` (sorted, hard first), ``hard``,
    ``soft`` and the plan's total soft cost ``cost_milli`` (1/1000 points)."""

    outcomes: list[RuleOutcome] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        out = [f for o in self.outcomes for f in o.findings]
        return sorted(out, key=Finding.sort_key)

    @property
    def hard(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "hard"]

    @property
    def soft(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "soft"]

    @property
    def cost_milli(self) -> int:
        return sum(o.cost_milli for o in self.outcomes)

    def cost_by_priority(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for o in self.outcomes:
            if o.severity == "soft" or o.cost_milli:
                out[o.priority] = out.get(o.priority, 0) + o.cost_milli
        return out


def make_view(plan: Plan, roster: Roster, charter: Charter, as_of: date) -> PlanView:
    own_min, sfb, hfb = structure(charter)
    view = view_of(plan, roster, as_of, own_min, sfb, hfb)
    view.split = bool(charter.of_kind("jurisdiction"))
    view.fallback_rule = bool(charter.of_kind("fallback"))
    return view


def evaluate(plan: Plan, roster: Roster, charter: Charter, as_of: date | str,
             current: "CurrentPlan | None" = None) -> CheckResult:
    """Every rule of the charter, evaluated on the plan in plain Python (no solver).

    The plan may be hand-made (ids, leads and firms only); ids the roster does not know are
    reported as findings, not raised. ``as_of`` is the date standing is measured on (a date
    or ISO text such as ``"2026-11-01"``).
    ``current``: the plan it replaces (read by :mod:`branchplan.current`), for the
    stability rule; without it that rule is inert.
    """
    from .names import reading, roster_names

    as_of = as_date(as_of)
    charter = charter.active(current is not None)
    view = make_view(plan, roster, charter, as_of)
    view.current = current
    with reading(roster_names(roster)):   # (no finding quotes a plan's value that holds a member's name)
        return evaluate_view(view, charter)


def check(plan: Plan, roster: Roster, charter: Charter | None = None, as_of: date | str | None = None) -> CheckResult:
    """Every rule of the charter on the plan in plain Python (no solver), as ``branchplan check``
    evaluates them: ``as_of`` is the date standing is measured on (a date or ISO text such as
    ``"2026-11-01"``; None: the roster's date, else the plan's, else today in Beijing time). A date before
    some member joined is a UsageError, as in :func:`branchplan.solve`. ``charter`` None: the
    shipped charter. Ids the roster does
    not know are reported as findings, not raised."""
    from .api import standing_day
    from .arguments import charter_or_shipped, expect_plan, expect_roster

    expect_plan(plan)
    expect_roster(roster)
    charter = charter_or_shipped(charter)
    return evaluate(plan, roster, charter, standing_day(roster, as_date(as_of), plan))


def evaluate_view(view: PlanView, charter: Charter, known: CheckResult | None = None) -> CheckResult:
    """Every rule of the charter on the view. ``known``: the plan's result without a current
    plan, on the same roster and day (:func:`with_current`): its outcomes are kept, and only
    the rules that compare against the current plan are evaluated."""
    result = CheckResult()
    local: dict[tuple, PlanView] = {}
    kept = iter(known.outcomes) if known is not None else None
    for rule in charter.rules:
        if kept is not None and not getattr(KINDS[rule.kind], "NEEDS_CURRENT", False):
            # (in the charter's order: the same rules, in turn)
            outcome = next(kept, None)
            if outcome is None or outcome.code != rule.code:
                raise ValueError(f"known: not this charter's result without a current plan (at {rule.code})")
            result.outcomes.append(outcome)
            continue
        seen = view
        if rule.is_local:  # evaluated on the branches and units of its jurisdictions only
            key = (rule.jurisdictions, rule.except_jurisdictions)
            seen = local.get(key) or local.setdefault(key, local_view(view, rule))
        r = KINDS[rule.kind].evaluate(rule, seen)
        result.outcomes.append(RuleOutcome(rule.code, rule.severity, rule.priority, r.measure,
                                           r.cost_milli, r.findings, r.by_firm, r.by_entry))
    return result


def with_current(known: CheckResult, view: PlanView, charter: Charter) -> CheckResult:
    """What :func:`evaluate` gives with a current plan, for the plan of ``view`` (a
    :func:`priced_view`) whose result without one is ``known`` (the same charter, roster
    and day): the rules that compare against the current plan (stability) are evaluated on
    the view, the others, which do not read it, keep their outcomes."""
    from .names import reading, roster_names

    with reading(roster_names(view.roster)):   # (as evaluate screens its findings)
        return evaluate_view(view, charter.active(True), known)


def local_view(view: PlanView, rule: Rule) -> PlanView:
    """The part of a plan a rule with a ``jurisdictions`` / ``except_jurisdictions`` filter
    sees: the branches of the jurisdictions it applies in, and the roster's firms and hosts
    there (kinds such as branch_count go over the roster's jurisdictions)."""
    roster = view.roster
    here = roster.model_copy(update={
        "firms": [f for f in roster.firms if rule.applies_in(roster.firm_jurisdiction(f))],
        "hosts": [h for h in roster.hosts if rule.applies_in(roster.firm_jurisdiction(h))]})
    return replace(view, roster=here, branches=[b for b in view.branches if rule.applies_in(b.jurisdiction)])


def priced_view(plan: Plan, roster: Roster, charter: Charter, as_of: date | str, current: "CurrentPlan") -> PlanView:
    """The plan's view with ``current`` beside it: what the rules that charge moves read."""
    view = make_view(plan, roster, charter, as_date(as_of))
    view.current = current
    return view


def moves_cost(plan: Plan, roster: Roster, charter: Charter, as_of: date | str,
               current: "CurrentPlan") -> tuple[int, tuple[str, ...]] | None:
    """What the charter's rules that charge moves (kind stability) charge for the plan's
    moves from ``current`` (1/1000 points), and their codes: the part of a re-plan's
    objective that ``check`` gates (``--max-moves``) instead of charging. None when the
    charter charges no moves."""
    return moves_in(priced_view(plan, roster, charter, as_of, current), charter)


def moves_in(view: PlanView, charter: Charter, full: CheckResult | None = None) -> tuple[int, tuple[str, ...]] | None:
    """:func:`moves_cost` of a :func:`priced_view`; ``full``: the view's result with its
    current plan already (:func:`with_current`), whose outcomes give the charges."""
    rules = [r for r in charter.active(True).rules if r.kind == "stability"]
    if not rules:
        return None
    if full is not None and not any(r.is_local for r in rules):
        # (a stability rule of some jurisdictions only is charged here over the whole plan,
        # as before; the result has it on its own jurisdictions)
        cost = {o.code: o.cost_milli for o in full.outcomes}
        return sum(cost[r.code] for r in rules), tuple(r.code for r in rules)
    return sum(KINDS[r.kind].evaluate(r, view).cost_milli for r in rules), tuple(r.code for r in rules)


def handover_cost(plan: Plan, roster: Roster, charter: Charter, as_of: date | str,
                  current: "CurrentPlan") -> tuple[int, int, str | None]:
    """How many leads the plan hands over within their branches (the old lead staying in
    it: nobody moves) against ``current``, what the stability rule charges for them (its
    ``lead_weight``, 1/1000 points) and that rule's code: (0, 0, None) without such a rule."""
    return handovers_in(priced_view(plan, roster, charter, as_of, current), charter)


def handovers_in(view: PlanView, charter: Charter) -> tuple[int, int, str | None]:
    """:func:`handover_cost` of a :func:`priced_view`."""
    from .rules import stability

    rule = next((r for r in charter.active(True).rules if r.kind == stability.KIND), None)
    if rule is None:
        return 0, 0, None
    n = len(stability.handovers(view))
    return n, n * stability.lead_milli(rule), rule.code
