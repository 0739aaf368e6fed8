"""Human-readable text for plans and findings."""

from __future__ import annotations

from .api import SolveResult
from .i18n import default_lang, note_zh, pick, plural, text
from .jstatus import status_lines
from .model import Roster
from .plan import Plan, shown_jurisdiction
from .textwidth import clipped


def branch_kind(b, lang: str, words: bool = False) -> str:
    """A branch's kind as shown: "joint", "standalone (general branch)", "单独组建（党总支）"
    (``words``: in English too, "with a host organisation" rather than "host")."""
    kind = text(f"kind.{b.kind}", lang) if (b.kind and (lang == "zh" or words)) else (b.kind or "")
    if b.level:
        level = text(f"level.{b.level}", lang)
        kind = f"{kind}（{level}）" if lang == "zh" else f"{kind} ({level})"
    return kind


def plan_text(plan: Plan, roster: Roster, lang: str = "en",
              handovers: tuple[int, int, str | None] = (0, 0, None), written: str | None = None) -> str:
    """A summary in the style of the founding report, then a table of branches, in English
    (``lang="en"``) or Chinese (``"zh"``). ``handovers``: a re-plan's leads handed over within
    their branches, what they cost and the rule that charges them (:func:`branchplan.check.handover_cost`),
    told beside that rule's cost. ``written``: the file the plan was written to, which holds
    every branch: past :data:`BRANCH_ROWS` the table ends with a line saying so."""
    s = plan.summary or {}
    lines = []
    sep = "、" if lang == "zh" else ", "
    names = [shown_jurisdiction(j.name, lang) for j in plan.jurisdictions or []]
    cities = sep.join(names) if len(names) <= HEADLINE_CITIES else (
        sep.join(names[:HEADLINE_CITIES]) + pick(f" and {len(names) - HEADLINE_CITIES} other jurisdictions",
                                                 f"等 {len(names)} 个辖区", lang))
    lines.append(text("solve.plan", lang, status=text(f"status.{plan.status}", lang), cities=cities, charter=plan.charter, as_of=plan.as_of))
    lines.append(text("solve.units", lang, firms=s.get("firms", 0), with_members=s.get("firms_with_members", 0),
                      members=s.get("members", 0), full=s.get("full_members", 0),
                      probationary=s.get("probationary_members", 0)))
    levels = ("、" if lang == "zh" else " and ").join(
        pick(f"{plural(s[key], text(f'level.{lv}', 'en'), many)} ({text(f'level.{lv}', 'zh')})",
             f"{text(f'level.{lv}', 'zh')} {s[key]} 个", lang)
        for lv, key, many in (("general_branch", "general_branches", "general branches"),
                              ("primary_committee", "primary_committees", None)) if s.get(key))
    branches = text("solve.branches", lang, branches=s.get("branches", 0), standalone=s.get("standalone", 0),
                    joint=s.get("joint", 0))
    if levels and lang == "zh":  # 党总支 and 基层党委 are not 党支部: count them all as 基层党组织
        branches = branches.replace("党支部", "基层党组织", 1)
    lines.append(branches + (text("solve.hosts", lang, host=s["host"]) if s.get("host") else "")
                 + (text("solve.levels", lang, levels=levels) if levels else ""))
    if plan.unassigned_firms:
        lines.append(text("solve.unassigned", lang, n=len(plan.unassigned_firms)))
    status = status_lines(plan, lang)
    if status:
        lines += [""] + status
    lines.append("")
    rows = [tuple(text("solve.header", lang).split("|"))]
    shown = plan.branches if written is None or len(plan.branches) <= BRANCH_ROWS else plan.branches[:BRANCH_ROWS]
    for b in shown:
        kind = branch_kind(b, lang)
        rows.append((b.id, kind, clipped(roster.unit_label(b.lead)), str(b.members), str(b.full_members),
                     " ".join(b.firms)))
    lines += _table(rows)
    if len(shown) < len(plan.branches):
        lines.append(text("solve.more_branches", lang, n=len(plan.branches) - len(shown), path=written))
    if plan.objective:
        lines.append("")
        if plan.bound is None:  # a jurisdiction solved on restricted pairs has no bound over all pairs
            lines.append(text("solve.objective_unbounded", lang, total=f"{plan.objective.total:,.3f}"))
        else:
            lines.append(text("solve.objective", lang, total=f"{plan.objective.total:,.3f}",
                              bound=f"{plan.bound:,.3f}", gap=f"{100 * (plan.gap or 0):.2f}"))
        # in the order the solver minimises: priority level by level, charter order within one
        for code, rc in sorted(plan.objective.rules.items(), key=lambda item: item[1].priority):
            line = text("solve.rule_cost", lang, code=code, priority=rc.priority, measure=f"{rc.measure:,.3f}",
                        cost=f"{rc.cost:,.3f}")
            n, milli, charged = handovers
            if code == charged and n and milli:   # (a cost for no member moved, else)
                line += text("solve.handovers", lang, n=n, cost=f"{milli / 1000:,.3f}")
            lines.append(line)
    notes = [j for j in plan.jurisdictions or [] if j.note]
    if notes:
        lines.append("")
        for j in notes:
            lines.append(text("solve.note", lang, name=j.name, note=note_zh(j.note) if lang == "zh" else j.note))
    return "\n".join(lines) + "\n"


#: branches in solve's table when the plan was written to a file (which holds them all)
BRANCH_ROWS = 100

#: jurisdictions named in solve's first line (the table below lists them)
HEADLINE_CITIES = 3


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    from .textwidth import cell_width as width

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [c + " " * (w - width(c)) for c, w in zip(r, widths)]
        out.append("  ".join(cells).rstrip())
    return out


def problems_text(result: SolveResult, lang: str | None = None) -> str:
    """Why no plan was found, per jurisdiction, in ``lang`` (default: the locale's language)."""
    return "".join(f"{p}\n" for p in result.reasons(lang or default_lang()))
