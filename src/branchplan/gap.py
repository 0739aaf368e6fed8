"""How far a plan is from the best plan under the same charter (``check --max-gap``).

Soft rules carry priorities, and the solver minimises level 0 first, fixes it, then level
1, and so on. Costs are therefore compared lexicographically, level by level:

- the *deciding level* is the first priority at which the plan's cost differs from the
  best plan's; if there is none, the gap is 0;
- if the plan is cheaper there, the gap is 0 when the plan breaks hard rules that the
  reference keeps; otherwise the reference was not proven optimal, and the gap is *not
  established* (``established`` is False, ``gap_pct`` None): the best plan costs no more
  than either, and how much less is not known (the gate warns instead of passing
  silently, and fails with ``--strict``);
- if the plan is dearer at a level that is not the last one, it is worse at something the
  charter ranks above every later preference: the gap is unbounded, beyond any percentage;
- at the last level the gap is ``100 * (plan - best) / best`` percent (unbounded when the
  best costs 0 there and the plan does not).

The best plan is found by :func:`branchplan.api.solve` within a time limit; when it is
not proven optimal the report says so (the true gap can only be larger; and when the plan
costs less than such a reference, the gap is not established).

The reference depends on whether there is a base plan (``check --base``):

- without one, the best plan *from scratch* (the roster solved afresh);
- with one, the best *re-plan from the base*: what ``solve FIRMS --current BASE`` gives
  (with ``--base-firms`` as its old firms and the same ``--max-moves``). Its cost includes
  the stability rule's charge for the members it moves, and the plan's cost is measured the
  same way (its moves against the base counted as the re-planning rule counts them), so
  the plan ``solve --current`` recommends has a gap of 0 and a plan that moves members the
  re-plan keeps in place is worse at the stability level.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .charter import Charter
from .check import CheckResult
from .i18n import plural
from .model import Roster
from .plan import Plan

if TYPE_CHECKING:  # pragma: no cover
    from .current import CurrentPlan


@dataclass
class GapReport:
    max_pct: float
    #: the reference solve's status: optimal, feasible (not proven), infeasible, unknown
    reference_status: str
    time_limit: float
    levels: list[int] = field(default_factory=list)
    #: cost at each priority level, 1/1000 points
    plan_cost: dict[int, int] = field(default_factory=dict)
    best_cost: dict[int, int] = field(default_factory=dict)
    deciding_level: int | None = None
    #: the gap in percent; None when unbounded or when there is no reference plan
    gap_pct: float | None = None
    #: jurisdictions whose hard rules admit no plan (reference status infeasible)
    no_plan: list[str] = field(default_factory=list)
    #: "scratch" (the best plan) or "replan" (the best re-plan from the base plan ``base``)
    reference: str = "scratch"
    base: str | None = None
    #: the re-plan's cap on members moved (``--max-moves``), if any
    max_moves: int | None = None
    #: (a re-plan) the stability rule's level, and the leads the plan hands over within their
    #: branch (what that rule charges its ``lead_weight`` for)
    stability_level: int | None = None
    handovers: int = 0
    #: (a re-plan) the members the plan moves and those the reference moves, where the
    #: stability rule's level decides: the gap said in members
    moved: tuple[int, int] | None = None
    #: the files the reference was solved from, for the command that explains a missing
    #: reference (None: not known, a placeholder is shown)
    firms: str | None = None
    base_firms: str | None = None
    rules: str | None = None
    #: the hard rules the plan breaks (codes): a plan that breaks one may cost less than the
    #: best plan that keeps them all, which is no gain
    broken: tuple[str, ...] = ()
    #: False when the reference is not proven optimal and the plan costs less than it (at the
    #: deciding level, keeping every hard rule): how far the plan is from the best plan is not
    #: known then (``gap_pct`` is None, and the gap is neither unbounded nor exceeded)
    established: bool = True
    #: the reference solve's proven lower bound at each priority level, 1/1000 points (None:
    #: no reference, or one without a bound over every pair); equal to ``best_cost`` where
    #: the reference is proven optimal
    best_bound: dict[int, int] | None = None

    def solve_command(self) -> str:
        """The ``branchplan solve`` command that makes (or explains the lack of) the reference."""
        words = ["branchplan", "solve", shlex.quote(self.firms) if self.firms else "FIRMS"]
        if self.reference == "replan":
            words += ["--current", shlex.quote(self.base) if self.base else "BASE"]
            if self.base_firms:
                words += ["--old-firms", shlex.quote(self.base_firms)]
        if self.rules:
            words += ["--rules", shlex.quote(self.rules)]
        if self.reference == "replan" and self.max_moves is not None:
            words += ["--max-moves", str(self.max_moves)]
        return " ".join(words)

    def reference_label(self, lang: str = "en") -> str:
        """Which plan the gap is measured against."""
        if self.reference == "replan":
            return (f"以 {self.base or '原方案'} 为基础的最优调整方案" if lang == "zh"
                    else f"the best re-plan from {self.base or 'the base plan'}")
        return "从头求解的最优方案" if lang == "zh" else "the best plan from scratch"

    @property
    def _best(self) -> str:
        return "the best re-plan" if self.reference == "replan" else "the best plan"

    @property
    def _best_zh(self) -> str:
        return "最优调整方案" if self.reference == "replan" else "最优方案"

    @property
    def has_reference(self) -> bool:
        return self.reference_status in ("optimal", "feasible")

    @property
    def unbounded(self) -> bool:
        return self.has_reference and self.established and self.gap_pct is None

    @property
    def exceeded(self) -> bool:
        if not self.has_reference:
            return True
        return self.established and (self.gap_pct is None or self.gap_pct > self.max_pct)

    @property
    def unknown(self) -> bool:
        """A reference plan was found but the gap is not established (see ``established``)."""
        return self.has_reference and not self.established

    @property
    def unproven_level(self) -> int | None:
        """The first priority level at which the reference's cost is above its proven bound
        (None: no bound, or none such)."""
        if self.best_bound is None:
            return None
        return next((lvl for lvl in self.levels if self.best_bound.get(lvl, 0) < self.best_cost.get(lvl, 0)), None)

    @property
    def at_most(self) -> float | None:
        """The most the gap can be, from the reference's proven bound (percent): known when
        the plan costs no more than that bound at every level before the last (so nothing
        beats it there) and the bound at the last level is above 0, or the plan is within it
        there; else None."""
        if not self.has_reference or self.best_bound is None or not self.levels:
            return None
        *earlier, last = self.levels
        if any(self.plan_cost.get(lvl, 0) > self.best_bound.get(lvl, 0) for lvl in earlier):
            return None
        mine, bound = self.plan_cost.get(last, 0), self.best_bound.get(last, 0)
        if mine <= bound:
            return 0.0
        return round(100.0 * (mine - bound) / bound, 4) if bound > 0 else None

    def _unproven_tie(self, lang: str) -> str:
        """The plan costs what a reference that is not proven optimal costs, at every level:
        no cheaper plan was found in the time limit, which is all that is known (with the
        reference's proven bound where it has one)."""
        k = self.unproven_level
        found = "调整方案" if self.reference == "replan" else "方案"
        if self.best_bound is not None and k is None:   # (its bound meets its cost at every level: proven)
            if lang == "zh":
                return f"方案在各优先级上的代价都与{self._best_zh}相同（参照{found}已证明的下界在各优先级上都等于其代价）：差距 0%"
            return (f"the plan costs the same as {self._best} at every priority level (the reference's proven bound "
                    "equals its cost at each): gap 0%")
        if lang == "zh":
            if self.best_bound is None:
                bound = "，且没有已证明的下界"
            else:
                bound = (f"（其在优先级 {k} 上已证明的下界为 {self.best_bound.get(k, 0) / 1000:,.3f} 分，代价为 "
                         f"{self.best_cost.get(k, 0) / 1000:,.3f} 分"
                         + (f"，差距至多 {self.at_most:.2f}%" if self.at_most is not None else "") + "）")
            return (f"在 {self.time_limit:g} 秒内未找到代价更低的{found}：作为参照找到的{found}在各优先级上的代价都与本方案相同，"
                    f"但未证明最优{bound}；{self._best_zh}的代价仍可能低于本方案（可加长 --gap-time-limit；上限 "
                    f"{self.max_pct:g}%）")
        if self.best_bound is None:
            bound = " and has no proven bound"
        else:
            bound = (f" (its proven bound at priority {k} is {self.best_bound.get(k, 0) / 1000:,.3f} points, against "
                     f"{self.best_cost.get(k, 0) / 1000:,.3f}"
                     + (f", so the gap is at most {self.at_most:.2f}%" if self.at_most is not None else "") + ")")
        return (f"no cheaper {'re-plan' if self.reference == 'replan' else 'plan'} was found within "
                f"{self.time_limit:g} s: {self._reference_found} found as the reference costs the same as this plan "
                f"at every priority level, but it is not proven optimal{bound}; {self._best} may still cost less "
                f"than this plan (raise --gap-time-limit; limit {self.max_pct:g}%)")

    @property
    def _reference_found(self) -> str:
        return "the re-plan" if self.reference == "replan" else "the plan"

    def sentence(self, lang: str = "en") -> str:
        """How far the plan is from the best plan (in Chinese with ``lang="zh"``)."""
        if lang == "zh":
            return self._sentence_zh()
        if self.reference_status == "infeasible" and self.reference == "replan":
            within = f" moving at most {plural(self.max_moves, 'member')}" if self.max_moves is not None else ""
            return (f"no re-plan from {self.base or 'the base plan'}{within} keeps the charter's hard rules for "
                    f"{', '.join(self.no_plan) or 'the roster'}, so there is no best re-plan to measure the gap "
                    f"against ({self.solve_command()} explains why)")
        if self.reference_status == "infeasible":
            return (f"the charter's hard rules admit no plan for {', '.join(self.no_plan) or 'the roster'}, so there "
                    f"is no best plan to measure the gap against ({self.solve_command()} explains why)")
        if not self.has_reference:
            return (f"no reference plan was found within {self.time_limit:g} s (status {self.reference_status}); "
                    "the gap cannot be shown (raise --gap-time-limit)")
        proven = "" if self.reference_status == "optimal" else " (best found in the time limit, not proven optimal)"
        lvl = self.deciding_level
        if lvl is None:
            if self.reference_status != "optimal":
                return self._unproven_tie("en")
            return f"the plan costs the same as {self._best} at every priority level: gap 0%"
        mine, best = self.plan_cost.get(lvl, 0) / 1000, self.best_cost.get(lvl, 0) / 1000
        if not self.established:
            return (f"the gap could not be established: {self._reference_found} found as the reference within "
                    f"{self.time_limit:g} s is not proven optimal and costs more than this plan at priority {lvl} "
                    f"({best:,.3f} points against {mine:,.3f}); {self._best} may still cost less than this plan "
                    f"(raise --gap-time-limit; limit {self.max_pct:g}%)")
        where = f"at priority {lvl}: {mine:,.3f} points against {self._best}'s {best:,.3f}{proven}"
        if self.gap_pct is None:
            if lvl != self.levels[-1]:
                handed = (f" (the plan hands {plural(self.handovers, 'lead')} over within "
                          f"{'its branch' if self.handovers == 1 else 'their branches'}, which the stability rule "
                          "charges; lead_weight: 0 lets leads change freely)"
                          if self.handovers and lvl == self.stability_level else "")
                if self.moved is not None and self.moved[0] != self.moved[1]:
                    handed += (f" (it moves {plural(self.moved[0], 'member')}, the best re-plan "
                               f"{self.moved[1]:,})")
                return (f"the plan is worse {where}{handed}; priority {lvl} is minimised before any later level, "
                        f"so the gap is beyond any percentage (limit {self.max_pct:g}%)")
            return f"the plan is worse {where}; the gap over a zero-cost optimum is unbounded (limit {self.max_pct:g}%)"
        if mine < best and self.broken:
            return (f"the plan costs less than {self._best} {where}, only because it breaks "
                    f"{plural(len(self.broken), 'hard rule')} ({', '.join(self.broken)}): gap 0%")
        if mine < best:
            return f"the plan is better than the reference {where}: gap 0%"
        least = "" if self.reference_status == "optimal" else "at least "   # (the best may cost less still)
        most = ""
        if least and self.at_most is not None and self.best_bound is not None and self.at_most > self.gap_pct:
            most = (f"; by the reference's proven bound ({self.best_bound.get(lvl, 0) / 1000:,.3f}), "
                    f"at most {self.at_most:.2f}% more")
        return f"the plan costs {least}{self.gap_pct:.2f}% more {where}{most} (limit {self.max_pct:g}%)"

    def _sentence_zh(self) -> str:
        from .i18n import MESSAGES, text

        if self.reference_status == "infeasible":
            return self.finding_zh()
        if not self.has_reference:
            key = f"status.{self.reference_status}"
            status = text(key, "zh") if key in MESSAGES else self.reference_status
            return f"在 {self.time_limit:g} 秒内未找到参照方案（状态：{status}），无法计算差距（可加长 --gap-time-limit）"
        proven = "" if self.reference_status == "optimal" else "（参照方案为时限内找到的最好方案，未证明最优）"
        lvl = self.deciding_level
        if lvl is None:
            if self.reference_status != "optimal":
                return self._unproven_tie("zh")
            return f"方案在各优先级上的代价都与{self._best_zh}相同：差距 0%"
        mine, best = self.plan_cost.get(lvl, 0) / 1000, self.best_cost.get(lvl, 0) / 1000
        if not self.established:
            found = "调整方案" if self.reference == "replan" else "方案"
            return (f"无法确定差距：在 {self.time_limit:g} 秒内找到的参照{found}未证明最优，且在优先级 {lvl} 上代价高于本方案"
                    f"（参照{found} {best:,.3f} 分，本方案 {mine:,.3f} 分），{self._best_zh}的代价仍可能低于本方案"
                    f"（可加长 --gap-time-limit；上限 {self.max_pct:g}%）")
        other = "参照方案" if mine < best else self._best_zh
        where = f"{mine:,.3f} 分，{other}为 {best:,.3f} 分{proven}"
        if self.gap_pct is None:
            if lvl != self.levels[-1]:
                handed = (f"（方案在支部内更换牵头单位 {self.handovers} 处，稳定性规则对此计分；"
                          "lead_weight 设为 0 则可自由更换）" if self.handovers and lvl == self.stability_level else "")
                if self.moved is not None and self.moved[0] != self.moved[1]:
                    handed += f"（本方案调动 {self.moved[0]:,} 名党员，最优调整方案 {self.moved[1]:,} 名）"
                return (f"方案在优先级 {lvl} 上更差：{where}{handed}；优先级 {lvl} 先于其后各级求最小，"
                        f"差距无法用百分比衡量（上限 {self.max_pct:g}%）")
            return f"方案在优先级 {lvl} 上更差：{where}；{self._best_zh}在此级的代价为零，差距无上界（上限 {self.max_pct:g}%）"
        if mine < best and self.broken:
            return (f"方案在优先级 {lvl} 上代价低于{self._best_zh}：{where}，只因违反硬性规则 {len(self.broken)} 条"
                    f"（{'、'.join(self.broken)}）：差距 0%")
        if mine < best:
            return f"方案在优先级 {lvl} 上优于参照方案：{where}：差距 0%"
        least = "" if self.reference_status == "optimal" else "至少"
        most = ""
        if least and self.at_most is not None and self.best_bound is not None and self.at_most > self.gap_pct:
            most = f"；按参照方案已证明的下界（{self.best_bound.get(lvl, 0) / 1000:,.3f} 分），至多多出 {self.at_most:.2f}%"
        return f"方案在优先级 {lvl} 上{least}多出 {self.gap_pct:.2f}%：{where}{most}（上限 {self.max_pct:g}%）"

    def finding_zh(self) -> str:
        """The gap finding's Chinese message: why the gate fails (the reason when there is no
        reference plan; the detail is in :meth:`sentence` with ``lang="zh"``)."""
        if self.reference_status == "infeasible" and self.reference == "replan":
            within = f"在调整支部党员不超过 {self.max_moves} 名的前提下，" if self.max_moves is not None else ""
            return (f"{within}以 {self.base or '原方案'} 为基础，{'、'.join(self.no_plan) or '该名册'}无法编排出符合硬性规则的"
                    f"调整方案，因此没有可比较的最优调整方案（{self.solve_command()} "
                    "可说明原因）")
        if self.reference_status == "infeasible":
            return (f"按规则集的硬性规则，{'、'.join(self.no_plan) or '该名册'}无法编排出任何方案，因此没有可比较的最优方案"
                    f"（{self.solve_command()} 可说明原因）")
        if not self.has_reference:
            return (f"在 {self.time_limit:g} 秒内未找到参照方案（状态：{self.reference_status}），无法计算差距"
                    "（可加长 --gap-time-limit）")
        if not self.established:
            return self._sentence_zh()
        return f"方案与{self._best_zh}的差距超过上限"

    def to_dict(self) -> dict:
        return {
            "max_pct": self.max_pct,
            "reference": self.reference,
            "base": self.base,
            "reference_status": self.reference_status,
            "time_limit": self.time_limit,
            "deciding_priority": self.deciding_level,
            "gap_pct": self.gap_pct,
            "established": self.established,
            "unbounded": self.unbounded,
            "exceeded": self.exceeded,
            "plan_cost": {str(k): self.plan_cost.get(k, 0) / 1000 for k in self.levels},
            # no reference plan, no cost to show (not a reference that costs nothing)
            "best_cost": ({str(k): self.best_cost.get(k, 0) / 1000 for k in self.levels}
                          if self.has_reference else None),
            # the reference's proven lower bound per level, and the most the gap can be by it
            "best_bound": ({str(k): self.best_bound.get(k, 0) / 1000 for k in self.levels}
                           if self.has_reference and self.best_bound is not None else None),
            "gap_pct_at_most": self.at_most,
            # (a re-plan worse where moves are charged) the members it and the best re-plan move
            **({"members_moved": {"plan": self.moved[0], "best": self.moved[1]}} if self.moved is not None else {}),
            "sentence": self.sentence(),
        }


def compare(plan_cost: dict[int, int], best_cost: dict[int, int], levels: list[int]) -> tuple[int | None, float | None]:
    """(deciding level, gap in percent or None when unbounded), as defined above."""
    for lvl in levels:
        mine, best = plan_cost.get(lvl, 0), best_cost.get(lvl, 0)
        if mine == best:
            continue
        if mine < best:
            return lvl, 0.0
        if lvl != levels[-1] or best == 0:
            return lvl, None
        return lvl, round(100.0 * (mine - best) / best, 4)
    return None, 0.0


def optimality_gap(result: CheckResult, roster: Roster, charter: Charter, as_of: date,
                   max_pct: float, time_limit: float, firms_path: str | None = None,
                   rules_path: str | None = None) -> GapReport:
    """Solve the roster under the charter (within ``time_limit`` seconds) and compare
    (``firms_path``, ``rules_path``: the files, named in the command a missing reference suggests)."""
    from .api import solve
    from .solver.options import SolveOptions

    # rules that need a current plan (stability) are inert here: their level is not compared
    levels = sorted({r.priority for r in charter.active(False).rules if not r.is_hard})
    ref = solve(roster, charter, SolveOptions(time_limit=time_limit), as_of=as_of)
    rep = GapReport(max_pct, ref.plan.status, time_limit, levels, _by_level(result, levels),
                    firms=firms_path, rules=rules_path, broken=_broken(result))
    return _against(rep, ref, levels)


def replan_gap(plan: Plan, roster: Roster, charter: Charter, as_of: date, max_pct: float, time_limit: float,
               base: CurrentPlan, max_moves: int | None = None, base_path: str | None = None,
               firms_path: str | None = None, base_firms_path: str | None = None,
               rules_path: str | None = None) -> GapReport:
    """The gap to the best re-plan from ``base`` (the base plan read against the roster, as
    ``solve --current BASE`` reads it; ``max_moves`` as its cap), the plan's moves charged by
    the same rule (the paths: named in the command a missing reference suggests)."""
    from .api import solve
    from .check import evaluate
    from .solver.options import SolveOptions

    cur = base.with_requests((), max_moves)
    levels = sorted({r.priority for r in charter.active(True).rules if not r.is_hard})
    mine = evaluate(plan, roster, charter, as_of, cur)
    ref = solve(roster, charter, SolveOptions(time_limit=time_limit), as_of=as_of, current=cur)
    rep = GapReport(max_pct, ref.plan.status, time_limit, levels, _by_level(mine, levels),
                    reference="replan", base=base_path, max_moves=max_moves, firms=firms_path,
                    base_firms=base_firms_path, rules=rules_path, broken=_broken(mine))
    rep.stability_level, rep.handovers = _handovers(plan, roster, charter, as_of, cur)
    rep = _against(rep, ref, levels)
    level = next((r.priority for r in charter.active(True).rules if r.kind == "stability"), None)
    if rep.deciding_level is not None and rep.deciding_level == level and ref.ok:
        rep.moved = (_members_moved(plan, roster, charter, as_of, cur),
                     _members_moved(ref.plan, roster, charter, as_of, cur))
    return rep


def _members_moved(plan: Plan, roster: Roster, charter: Charter, as_of: date, cur) -> int:
    """The members a plan moves from the base plan (as the stability rule counts them)."""
    from .check import priced_view
    from .rules import stability

    return sum(m.members for m in stability.moved(priced_view(plan, roster, charter, as_of, cur)))


def _handovers(plan: Plan, roster: Roster, charter: Charter, as_of: date, cur) -> tuple[int | None, int]:
    """(the stability rule's level, how many leads the plan hands over within their branch);
    (None, 0) without that rule or its lead_weight."""
    from .check import handover_cost

    n, milli, code = handover_cost(plan, roster, charter, as_of, cur)
    if not milli:
        return None, 0
    return next(r.priority for r in charter.rules if r.code == code), n


def _broken(result: CheckResult) -> tuple[str, ...]:
    """The codes of the hard rules a checked plan breaks, in the charter's order."""
    return tuple(o.code for o in result.outcomes if o.severity == "hard" and o.findings)


def _against(rep: GapReport, ref, levels: list[int]) -> GapReport:
    """Fill ``rep`` with the reference solve ``ref`` (an api.SolveResult): its cost per level
    and the gap, or the jurisdictions it found no plan for."""
    if not ref.ok or ref.check is None:
        rep.no_plan = [j.name for j in ref.plan.jurisdictions or [] if j.status == "infeasible"]
        return rep
    rep.best_cost = _by_level(ref.check, levels)
    if all(r.bounds or not r.values for r in ref.parts):   # (as the plan's bound: over every pair)
        rep.best_bound = {lvl: sum(r.bounds.get(lvl, 0) for r in ref.parts) for lvl in levels}
    rep.deciding_level, rep.gap_pct = compare(rep.plan_cost, rep.best_cost, levels)
    lvl = rep.deciding_level
    if (rep.reference_status != "optimal" and lvl is not None and not rep.broken
            and rep.plan_cost.get(lvl, 0) < rep.best_cost.get(lvl, 0)):
        rep.established, rep.gap_pct = False, None   # beats a reference that is not the best plan
    return rep


def _by_level(result: CheckResult, levels: list[int]) -> dict[int, int]:
    costs = result.cost_by_priority()
    return {lvl: costs.get(lvl, 0) for lvl in levels}
