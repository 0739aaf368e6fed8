"""Figures a plan file states that no longer match its branches (``branchplan check``).

A plan written by ``solve`` records, besides each branch's lead and firms, figures derived
from them: the branch's kind, level, member counts, leadership, secretary candidates and
jurisdiction, the plan's summary and its objective. ``check`` never reads them: it
recomputes everything from the lead, the firms and the firms file. A plan edited by hand
(a firm moved from one branch to another) keeps the old figures, and a reviewer reading the
file would see numbers that are no longer true. This module lists, for each branch and for
the summary and objective, the recorded fields that differ from what ``check`` computes:
notes for the reader, never findings (they do not change the verdict).

Only fields present in the file are compared; the objective only when the plan was solved
under the charter it is checked against (another charter prices the rules differently),
and only for the rules ``check`` evaluates (stability needs the plan in force: a plan that
records its cost gets no total compared).

The figures that claim optimality (see :mod:`branchplan.staleproof`) under the same
conditions: ``status: optimal`` (the plan or a jurisdiction) holds while the plan costs what
the proven optimum cost, priority by priority; ``gap`` is recomputed from the cost and the
recorded ``bound``; a ``bound`` stays true (it bounds every plan of the roster that keeps
the hard rules) unless such a plan now costs less than it; a plan that breaks a hard rule is
``infeasible``, named by the rules it breaks; each jurisdiction's ``objective`` and ``branches`` are
recomputed from its branches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .charter import Charter
from .check import CheckResult, make_view
from .i18n import MESSAGES, pick, text
from .loader import Locator
from .model import Roster
from .plan import Plan, describe_branch, summarise
from .staleproof import jurisdiction_figures, jurisdiction_standings, recomputable, status_figures, unpriced_from

MESSAGES.update({
    "stale.says": ("{who} says {said}; now: {now}", "{who}记载：{said}；现为：{now}"),
    "stale.branch": ("branch {branch}", "支部 {branch} "),
    "stale.summary": ("the plan's summary", "方案摘要"),
    "stale.objective": ("the plan's objective", "方案目标值"),
    "stale.status": ("the plan's status", "方案状态"),
    "stale.jurisdiction_part": ("jurisdiction {branch}", "辖区 {branch} "),
    "stale.status_value": ("status {value}", "状态：{value}"),
    "stale.gap": ("gap {value}", "差距 {value}"),
    "stale.bound": ("bound {value}", "下界 {value} 分"),
    "stale.no_bound": ("no valid bound", "无有效下界"),
    "stale.objective_value": ("objective {value}", "目标值 {value} 分"),
    "stale.branches": ("{n:@branch/branches}", "支部 {n} 个"),
    "stale.listed_twice": ("{who} is listed twice in jurisdictions", "{who}在 jurisdictions 中重复列出"),
    "stale.no_such_jurisdiction": ("{who}: the firms file has no jurisdiction of that name (it has {have})",
                                   "{who}：名册中没有该辖区（名册中的辖区：{have}）"),
    "stale.keeps_rules": ("it keeps every hard rule: it is a plan (feasible), though not one proven optimal",
                          "它符合全部硬性规则：是可行方案，但未经证明为最优"),
    "stale.not_proven": ("it now costs {cost} points, more than the optimum of {best} proven when it was solved "
                         "(for the firms file and charter of then), so it is no longer proven optimal",
                         "现代价 {cost} 分，高于求解时（按当时的名册与规则集）已证明的最优值 {best} 分，不再是已证明的最优方案"),
    "stale.not_proven_levels": ("it now costs {cost} points in all, as the proven optimum did, but differently "
                                "priority by priority, so it is no longer proven optimal",
                                "现代价合计 {cost} 分，与已证明的最优值相同，但各优先级的代价不同，不再是已证明的最优方案"),
    "stale.below_optimum": ("it now costs {cost} points, less than the recorded optimum of {best}: that optimum was "
                            "proven for another roster or charter",
                            "现代价 {cost} 分，低于记载的最优值 {best} 分：该最优值是针对其他名册或规则集证明的"),
    "stale.not_proven_at": ("it now costs {cost} points at priority {priority}, more than the optimum proven when "
                            "it was solved cost there ({best}), so it is no longer proven optimal",
                            "优先级 {priority} 现代价 {cost} 分，高于求解时已证明的最优方案在该级的 {best} 分，不再是已证明的最优方案"),
    "stale.below_optimum_at": ("it now costs {cost} points at priority {priority}, less than the recorded "
                               "optimum's {best} there: that optimum was proven for another roster or charter",
                               "优先级 {priority} 现代价 {cost} 分，低于记载的最优方案在该级的 {best} 分："
                               "该最优值是针对其他名册或规则集证明的"),
    "stale.below_bound": ("it now costs {cost} points, less than the recorded bound {bound}: that bound was "
                          "proven for another roster or charter",
                          "现代价 {cost} 分，低于记载的下界 {bound} 分：该下界是针对其他名册或规则集证明的"),
    "stale.breaks": ("it breaks {n:@hard rule}: {rules}", "违反硬性规则 {n} 条：{rules}"),
    "stale.breaks_below": ("it breaks {n:@hard rule}: {rules}, which is why it costs {cost} points, less than "
                           "the recorded bound {bound}: that bound holds for plans that keep every hard rule",
                           "违反硬性规则 {n} 条：{rules}，因此现代价 {cost} 分低于记载的下界 {bound} 分：该下界只适用于符合全部硬性规则的方案"),
    "stale.infeasible": ("infeasible", "不可行"),
    "stale.no_gap": ("no gap", "无差距"),
    "stale.total": ("total {points}", "合计 {points} 分"),
    "stale.leadership": ("leadership: {what}", "设{what}"),
    "stale.jurisdiction": ("jurisdiction {name}", "所属城市 {name}"),
    "stale.members": ("{n:@member}", "党员 {n} 名"),
    "stale.full_members": ("{n} full", "正式党员 {n} 名"),
    "stale.probationary_members": ("{n} probationary", "预备党员 {n} 名"),
    "stale.secretary_candidates": ("{n:@secretary candidate}", "书记人选 {n} 名"),
    "stale.none": ("no {field}", "无 {field}"),
    "stale.points": ("{code} {points}", "{code} {points} 分"),
    "stale.heading": ("Figures the plan file records that no longer match its branches ({n}):",
                      "方案文件中与各支部现状不符的记载（{n} 处）："),
    "stale.note": ("These fields are informational: check recomputes them from each branch's lead and "
                   "firms and the firms file, and judges the plan by those alone.",
                   "这些字段仅供参考：检查时依据各支部的牵头单位、所含单位和名册重新计算，只据此评判方案。"),
})

#: the plan summary's keys in Chinese (in English the keys are named as the file writes them)
SUMMARY_ZH = {"firms": "单位", "firms_with_members": "有党员的单位", "members": "党员", "full_members": "正式党员",
              "probationary_members": "预备党员", "branches": "支部", "standalone": "单独组建支部",
              "joint": "联合支部", "host": "编入托管组织的支部", "general_branches": "党总支",
              "primary_committees": "基层党委"}

#: the derived fields of a branch, in the order a plan file gives them
BRANCH_FIELDS = ("jurisdiction", "kind", "level", "members", "full_members", "probationary_members",
                 "leadership", "secretary_candidates")
#: those a branch none of whose firms is left in the roster is not said to have changed (what
#: it would be made up of, it is not made up of at all)
GONE_UNSAID = ("kind", "level", "leadership", "secretary_candidates")


@dataclass(frozen=True)
class Stale:
    """Recorded fields of one branch (``branch``), or of the plan's ``summary`` or
    ``objective`` (``branch`` None, ``part`` says which), that differ from the computed ones:
    ``fields`` maps a field name to (recorded, computed)."""

    part: str                       # "branch", "summary", "objective", "status" or "jurisdiction"
    branch: str | None              # the branch's id, or the jurisdiction's name
    fields: dict[str, tuple] = field(default_factory=dict)
    line: int | None = None
    column: int | None = None
    #: why the recorded status no longer holds, in English and in Chinese (status notes only)
    why: tuple[str, str] | None = None

    def message(self, lang: str = "en") -> str:
        zh = lang == "zh"
        if self.part == "jurisdiction" and set(self.fields) & {"name", "listed"} and self.why:
            # (not a recorded figure: an entry of no jurisdiction of the firms file, or given twice)
            return self.why[1] if zh else self.why[0]
        said = ("、" if zh else ", ").join(_phrase(self.part, k, v[0], lang) for k, v in self.fields.items())
        now = ("、" if zh else ", ").join(_phrase(self.part, k, v[1], lang) for k, v in self.fields.items())
        key = "stale.jurisdiction_part" if self.part == "jurisdiction" else f"stale.{self.part}"
        who = text(key, lang, branch=self.branch)
        out = text("stale.says", lang, who=who, said=said, now=now)
        if self.why:
            out += f"（{self.why[1]}）" if zh else f" ({self.why[0]})"
        return out

    def to_dict(self) -> dict:
        return {"part": self.part, "branch": self.branch,
                "fields": {k: {"recorded": v[0], "computed": v[1]} for k, v in self.fields.items()},
                "message": self.message("en"), "message_zh": self.message("zh"),
                "line": self.line, "column": self.column}


def stale_fields(plan: Plan, plan_text: str, roster: Roster, charter: Charter, as_of: date,
                 result: CheckResult, priced: CheckResult | None = None) -> list[Stale]:
    """Every recorded figure of the plan that differs from the one computed now.
    ``priced``: ``result`` with a re-plan's moves priced (:func:`.staleproof.priced_moves`)."""
    view = make_view(plan, roster, charter, as_of)
    computed = [describe_branch(b, as_of) for b in view.branches]
    found: list[tuple] = []
    for i, (stated, now, b) in enumerate(zip(plan.branches, computed, view.branches)):
        # (a branch none of whose firms is left in the roster has no kind, level or leadership
        # now: check says it once, BP-ONE-BRANCH; its member counts, 0 now, are compared)
        fields = [k for k in BRANCH_FIELDS if k not in GONE_UNSAID] if b.gone else BRANCH_FIELDS
        diff = {k: (_shown(getattr(stated, k)), getattr(now, k)) for k in fields
                if getattr(stated, k) is not None and getattr(stated, k) != getattr(now, k)}
        if diff:
            found.append(("branch", stated.id, diff, ("branches", i)))
    if plan.summary:
        now_summary = summarise(roster, computed)
        diff = {k: (v, now_summary.get(k, 0)) for k, v in plan.summary.items() if now_summary.get(k, 0) != v}
        if diff:
            found.append(("summary", None, diff, ("summary",)))
    if plan.objective is not None and plan.charter in (None, charter.name):
        diff = _objective(plan, result)
        if diff:
            found.append(("objective", None, diff, ("objective",)))
    if recomputable(plan, charter, result):
        found += status_figures(plan, result, len(view.branches))
        found += jurisdiction_figures(plan, view, charter, result)
    elif priced is not None and recomputable(plan, charter, priced):   # a re-plan, its moves priced
        found += status_figures(plan, priced, len(view.branches))
        found += jurisdiction_figures(plan, view, charter, priced,
                                      jurisdiction_standings(plan, view, charter, priced, priced=True))
    elif (before := unpriced_from(plan, charter, result)) is not None:   # a re-plan: the levels before stability
        found += status_figures(plan, result, len(view.branches), before)
        found += jurisdiction_figures(plan, view, charter, result,
                                      jurisdiction_standings(plan, view, charter, result, before=before))
    if not found:
        return []
    where = Locator(plan_text)   # parsed only when there is something to place
    notes = [Stale(part, branch, diff, *where.at(loc), *why) for part, branch, diff, loc, *why in found]
    # in the order of the file (a plan written by solve has objective and summary first)
    return sorted(notes, key=lambda n: (n.line is None, n.line or 0, n.column or 0))


def _objective(plan: Plan, result: CheckResult) -> dict[str, tuple]:
    costs = {o.code: round(o.cost_milli / 1000, 3) for o in result.outcomes if o.severity == "soft"}
    recorded = {code: round(rc.cost, 3) for code, rc in plan.objective.rules.items()}
    diff = {code: (cost, costs[code]) for code, cost in recorded.items() if code in costs and costs[code] != cost}
    diff |= {code: (None, cost) for code, cost in costs.items() if code not in recorded and cost}
    if set(recorded) <= set(costs):   # a total with a rule check cannot price (stability) is left alone
        total_now = round(sum(costs.values()), 3)
        if round(plan.objective.total, 3) != total_now:
            diff["total"] = (round(plan.objective.total, 3), total_now)
    return diff


def _phrase(part: str, key: str, value, lang: str) -> str:
    """One recorded or computed value, as a reader of the plan file would name it."""
    if part in ("status", "jurisdiction"):
        if key == "status":
            shown = status_text(value, lang)
            return shown if part == "status" else text("stale.status_value", lang, value=shown)
        if key == "gap":
            return text("stale.no_gap", lang) if value is None else text("stale.gap", lang, value=f"{100 * value:.2f}%")
        if key == "bound":
            return text("stale.no_bound", lang) if value is None else text("stale.bound", lang, value=f"{value:,.3f}")
        if key == "objective":
            return text("stale.objective_value", lang, value=f"{value:,.3f}")
        return text("stale.branches", lang, n=value)
    if part == "objective":
        shown = "-" if value is None else f"{value:,.3f}"
        return text("stale.total" if key == "total" else "stale.points", lang, code=key, points=shown)
    if part == "summary":
        return f"{key}: {value}" if lang != "zh" else f"{SUMMARY_ZH.get(key, key)} {value}"
    if value is None:
        return text("stale.none", lang, field=key)
    if key == "kind":
        return pick(f"kind {value}", text(f"kind.{value}", "zh"), lang)   # in English as the file writes it
    if key == "level":
        return text(f"level.{value}", lang)
    if key == "leadership":
        return text("stale.leadership", lang, what=text(f"leadership.{value}", lang))
    if key == "jurisdiction":
        return text("stale.jurisdiction", lang, name=value)
    return text(f"stale.{key}", lang, n=value)


def status_text(value: str, lang: str = "en") -> str:
    """A plan's status as check words it: ``infeasible`` for a plan that breaks a hard rule
    (not "no plan found", as solve's status means it)."""
    return text("stale.infeasible" if value == "infeasible" else f"status.{value}", lang)


def _shown(value):
    """A value written in the plan (text: see :func:`branchplan.loader.unquoted_value`)."""
    from .loader import unquoted_value

    return unquoted_value(value).en if isinstance(value, str) else value


def heading(n: int, lang: str = "en") -> str:
    return text("stale.heading", lang, n=n)


def note(lang: str = "en") -> str:
    """What the reader should make of these fields."""
    return text("stale.note", lang)
