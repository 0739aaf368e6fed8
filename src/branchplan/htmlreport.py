"""One self-contained HTML report of a plan: figures, map, branches, findings, changes.

No script, no stylesheet or font from the network: the page is one file a committee can
mail, open offline and print (print CSS keeps each branch's table on one page). The same
inputs give the same bytes (no timestamps). See :func:`build_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from . import svgmap
from .api import standing_day
from .arguments import as_date
from .charter import Charter, charter_shown
from .render import branch_kind
from .check import CheckResult, evaluate, make_view
from .geo import distance
from .formats import checkwords  # noqa: F401  (check's words, said the same way here)
from .i18n import pick, text
from .jstatus import StatusRow, status_rows
from .model import Firm, Host, Roster, unit_label
from .plan import Branch, Plan, describe_branch, summarise
from .stale import Stale, status_text
from .staleproof import (jurisdiction_figures, jurisdiction_standings, plan_standing, priced_moves, recomputable,
                         status_figures, unpriced_from)


@dataclass
class UnitRow:
    id: str
    name: str
    district: str
    full: int
    probationary: int
    director: str
    km: str
    lead: bool


@dataclass
class BranchBlock:
    branch: Branch
    colour: str
    kind: str
    lead_name: str
    lead_label: str   # the lead as its header names it (:meth:`Roster.unit_label`)
    leadership: str
    units: list[UnitRow] = field(default_factory=list)


def build_report(plan: Plan, roster: Roster, charter: Charter | None = None, as_of: date | str | None = None,
                 base: Plan | None = None, lang: str = "en", files: tuple[str, ...] = (),
                 changes: Any = None, base_roster: Roster | None = None) -> str:
    """The report as an HTML string.

    ``base``: an earlier plan; its changes are shown when ``changes`` (the result of
    :func:`branchplan.diff.diff_plans`) is given or can be computed. ``files``: the input
    names printed in the footer. ``base_roster``: the earlier plan's firms file (members who
    changed firm are followed, as in ``branchplan diff --old-firms``).
    """
    from . import __version__
    from .arguments import report_arguments
    from .i18n import as_lang

    lang = as_lang(lang)
    charter = report_arguments(plan, roster, charter, base, base_roster)
    day = standing_day(roster, as_date(as_of), plan, plan_first=True)   # (as explain reads it)
    check = evaluate(plan, roster, charter, day)
    view = make_view(plan, roster, charter, day)
    branches = [describe_branch(v, day) for v in view.branches]
    summary = summarise(roster, branches)
    blocks = [_block(b, v.host, roster, k, lang) for k, (b, v) in enumerate(zip(branches, view.branches))]
    if changes is None and base is not None:
        changes = _diff(base, plan, roster, charter, day, base_roster)
    moves = full = None
    if base is not None:  # what a re-plan's objective adds for the moves (check gates them)
        from .check import handovers_in, moves_in, priced_view, with_current
        from .current import from_plan

        base_read = from_plan(base, roster, "base plan", "", base_roster)
        with_base = priced_view(plan, roster, charter, day, base_read)
        # (as check --base: the stability rules evaluated beside the base, the others kept)
        beside = with_current(check, with_base, charter)
        priced = moves_in(with_base, charter, beside)
        if priced is not None:
            from .gate import recorded_moves

            cost, rules = priced   # (as check says it: without --base-firms, what the file records when more)
            handed, handed_cost, _ = handovers_in(with_base, charter)
            moves = _Moves(cost, rules, recorded=recorded_moves(plan, rules, cost) if base_roster is None else None,
                           handovers=handed, handovers_cost=handed_cost)
            if not recomputable(plan, charter, check):   # a re-plan's figures, judged with its moves
                full = priced_moves(plan, roster, charter, day, base_read, base_roster is not None, beside)
    meta_figures, jurisdictions, stale_notes = _standing(plan, view, charter, check, lang, full)
    if moves is None and not recomputable(plan, charter, check):
        moves = _recorded_moves(plan, check)
    cities = sorted({b.jurisdiction or "" for b in branches} | {roster.firm_jurisdiction(f) for f in roster.firms})
    unassigned = [f for f in roster.firms if f.size == 0]
    ctx = {
        "lang": "zh-CN" if lang == "zh" else "en",
        "t": lambda key, **kw: text(key, lang, **kw),
        "title": text("report.title", lang) + (" · " + "、".join(c for c in cities if c) if cities else ""),
        "meta": text("report.meta", lang, charter=charter.name, as_of=day, status=meta_figures[0])
        + meta_figures[1],
        # (a plan made under another charter: the tables are this one's)
        "charter_note": text("report.charter_other", lang, recorded=charter_shown(plan.charter), charter=charter.name)
        if plan.charter not in (None, charter.name) else "",
        "stale": stale_notes,
        "jurisdictions": jurisdictions,
        "figures": _figures(summary, check, lang, moves),
        "maps": _maps(blocks, view, roster, lang),
        "blocks": blocks,
        "findings": [_finding_row(f, charter, lang) for f in check.findings],
        "rules": _rule_rows(check, charter, lang),
        "changes": changes,
        "change_figures": _change_figures(changes, lang) if changes is not None else [],
        "change_lines": _change_lines(changes, lang) if changes is not None else [],
        "change_notes": _change_notes(changes, lang) if changes is not None else [],
        "move_rows": _move_rows(changes) if changes is not None else [],
        "firm_names": {f.id: f.name or "" for f in roster.firms},
        "base_given": base is not None,
        "unassigned": unassigned[:UNASSIGNED_SHOWN],
        "unassigned_count": len(unassigned),
        # each jurisdiction's units and members as its branches hold them (not as recorded)
        "counts": _counts(view),
        # (km for lat/lon locations; planar x/y ones are in the roster's own units)
        "distance_col": "col.distance" if any(u.location is not None and u.location.is_geo
                                              for u in (*roster.firms, *roster.hosts)) else "col.distance_planar",
        "sep": "、" if lang == "zh" else ", ",
        "colon": "：" if lang == "zh" else ": ",
        "footer": text("report.generated", lang, version=__version__, files=("、" if lang == "zh" else ", ").join(files) or "-"),
    }
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    template = (resources.files("branchplan") / "templates" / "report.html.j2").read_text(encoding="utf-8")
    return env.from_string(template).render(**ctx)


def _standing(plan: Plan, view, charter: Charter, check: CheckResult, lang: str,
              priced: CheckResult | None = None) -> tuple[tuple[str, str], list[StatusRow], list[str]]:
    """The plan's status and its bound and gap for the header, the rows of the jurisdictions
    table and the notes on recorded figures that no longer hold, all as ``check`` computes
    them from the branches (see :mod:`branchplan.staleproof`). A re-plan's figures are judged
    with its moves priced (``priced``: against the base plan), else at the priority levels
    before stability only. When they cannot be judged (another charter), the recorded figures."""
    rows = status_rows(plan, lang)
    before = None
    if not recomputable(plan, charter, check):
        if priced is not None and recomputable(plan, charter, priced):
            check = priced
        else:
            before = unpriced_from(plan, charter, check)
    if not recomputable(plan, charter, check) and before is None:
        bound = text("report.meta_bound", lang, bound=f"{plan.bound:,.3f}", gap=f"{100 * plan.gap:.2f}") \
            if plan.bound is not None and plan.gap is not None else ""
        return (text(f"status.{plan.status}", lang), bound), rows, []
    now = plan_standing(plan, check, len(view.branches), before)
    if now.bound is not None and now.gap is not None:
        bound = text("report.meta_bound", lang, bound=f"{now.bound:,.3f}", gap=f"{100 * now.gap:.2f}")
    elif now.bound is not None and now.broken:
        bound = text("report.meta_bound_only", lang, bound=f"{now.bound:,.3f}")
    elif plan.bound is not None and now.bound is None:
        bound = text("report.meta_no_bound", lang)
    else:
        bound = ""
    standings = jurisdiction_standings(plan, view, charter, check, before, priced=check is priced)
    for i, j, s in standings:
        rows[i] = replace(rows[i], branches=s.branches, status=s.status, status_text=status_text(s.status, lang),
                          objective=f"{s.objective:,.3f}", bound="-" if s.bound is None else f"{s.bound:,.3f}",
                          gap="-" if s.gap is None else f"{100 * s.gap:.2f}%",
                          proven=rows[i].proven and s.status == "optimal")
    found = (status_figures(plan, check, len(view.branches), before)
             + jurisdiction_figures(plan, view, charter, check, standings))
    notes = [Stale(part, who, diff, None, None, why).message(lang) for part, who, diff, _, why in found]
    return (status_text(now.status, lang), bound), rows, notes


#: firms without members named in the overview (then a count: they are in the workbook)
UNASSIGNED_SHOWN = 30


def _counts(view) -> dict[str, dict[str, int]]:
    """Per jurisdiction (as the branches give it): the firms placed, their members, full and
    probationary, counted from the branches as they stand."""
    out: dict[str, dict[str, int]] = {}
    for b in view.branches:
        c = out.setdefault(b.jurisdiction or "", {"firms": 0, "members": 0, "full": 0, "probationary": 0})
        c["firms"] += len(b.firms)
        c["members"] += sum(f.size for f in b.firms)
        c["full"] += sum(f.full for f in b.firms)
        c["probationary"] += sum(f.probationary for f in b.firms)
    return out


@dataclass(frozen=True)
class _Moves:
    """What the rules that charge moves (stability) add to a re-plan's objective, 1/1000
    points: priced against the base plan given, or as the plan file records them
    (``from_file``, no base plan given); ``recorded``: what the file records instead, where
    that is more and no base firms file was given."""

    cost: int
    rules: tuple[str, ...]
    from_file: bool = False
    recorded: int | None = None
    #: leads handed over within their branches against the base, and what that costs (part of ``cost``)
    handovers: int = 0
    handovers_cost: int = 0


def _recorded_moves(plan: Plan, check: CheckResult) -> _Moves | None:
    """A re-plan shown without its base: what the plan file records for the rules check
    cannot price without the plan re-planned from (stability)."""
    if plan.objective is None:
        return None
    priced = {o.code for o in check.outcomes if o.severity == "soft"}
    rules = tuple(code for code in plan.objective.rules if code not in priced)
    cost = round(sum(plan.objective.rules[code].cost for code in rules) * 1000)
    return _Moves(cost, rules, from_file=True) if rules else None


def _figures(s: dict[str, int], check: CheckResult, lang: str,
             moves: _Moves | None = None) -> list[tuple[str, str, str]]:
    """(value, label, detail) cards; ``moves``: beside the objective, which leaves them out
    (as check does)."""
    moved = "" if moves is None or not moves.cost else text(
        "fig.moves_recorded" if moves.from_file else "fig.moves_cost", lang,
        rules=" ".join(moves.rules), cost=f"{moves.cost / 1000:,.3f}",
        total=f"{(check.cost_milli + moves.cost) / 1000:,.3f}")
    if moved and moves.handovers and moves.handovers_cost:
        moved += pick("; ", "；", lang) + text("check.moves_handovers", lang, n=moves.handovers,
                                               cost=f"{moves.handovers_cost / 1000:,.3f}")
    if moved and moves.recorded is not None:
        moved += pick("; ", "；", lang) + text("check.moves_recorded", lang, cost=f"{moves.recorded / 1000:,.3f}")
    def label(key: str, n: int) -> str:  # the card's noun, in the singular under a 1
        return text(f"{key}.one" if n == 1 else key, lang)

    return [
        (str(s["firms"]), label("fig.firms", s["firms"]), text("fig.with_members", lang, n=s["firms_with_members"])),
        (str(s["members"]), label("fig.members", s["members"]),
         text("fig.member_split", lang, full=s["full_members"], probationary=s["probationary_members"])),
        (str(s["branches"]), label("fig.branches", s["branches"]),
         text("fig.branch_split", lang, standalone=s["standalone"], joint=s["joint"])
         + (text("fig.host_split", lang, host=s["host"]) if s["host"] else "")),
        (str(len(check.hard)), label("fig.hard", len(check.hard)), text("fig.soft_n", lang, n=len(check.soft))),
        (f"{check.cost_milli / 1000:,.3f}", text("fig.objective_net" if moved else "fig.objective", lang), moved),
    ]


def _block(b: Branch, host: Host | None, roster: Roster, k: int, lang: str) -> BranchBlock:
    lead_unit = roster.firm_by_id.get(b.lead) or roster.host_by_id.get(b.lead)
    block = BranchBlock(b, svgmap.colour(k), branch_kind(b, lang, words=True),
                        (lead_unit.name or "") if lead_unit else "", roster.unit_label(b.lead),
                        text(f"leadership.{b.level or b.leadership}", lang))
    lead_loc = lead_unit.location if lead_unit else None
    for fid in b.firms:
        unit = roster.firm_by_id.get(fid) or roster.host_by_id.get(fid)
        if unit is None:
            block.units.append(UnitRow(fid, "", "", 0, 0, "", "", fid == b.lead))
            continue
        firm = unit if isinstance(unit, Firm) else None
        km = distance(unit.location, lead_loc) if unit.location and lead_loc else None
        director = "" if firm is None or firm.director_is_member is None else text(
            "yes" if firm.director_is_member else "no", lang)
        block.units.append(UnitRow(
            fid, unit.name or "", unit.district or "", firm.full if firm else 0, firm.probationary if firm else 0,
            director, "" if km is None or fid == b.lead else f"{km:,.3f}", fid == b.lead))
    return block


def _maps(blocks: list[BranchBlock], view, roster: Roster, lang: str) -> list[dict[str, str]]:
    """One map per jurisdiction with located units."""
    where: dict[str, tuple[str, str, str]] = {}
    for block in blocks:
        for u in block.branch.firms:
            where[u] = (block.branch.id, block.branch.lead, block.colour)
    by_city: dict[str, list[svgmap.Point]] = {}
    missing: dict[str, int] = {}
    for unit in list(roster.firms) + list(roster.hosts):
        city = roster.firm_jurisdiction(unit)
        if unit.location is None:
            missing[city] = missing.get(city, 0) + (1 if isinstance(unit, Host) or unit.size else 0)
            continue
        bid, lead, col = where.get(unit.id, (None, None, "#bbbbbb"))
        size = unit.size if isinstance(unit, Firm) else 0
        label = unit_label(unit.id, unit.name) + (f" — {bid}" if bid else "") + (
            f" ({size})" if size else "")
        by_city.setdefault(city, []).append(svgmap.Point(unit.id, label, unit.location, bid, lead, col, size,
                                                         host=isinstance(unit, Host)))
    out = []
    for city in sorted(set(by_city) | set(missing)):
        pts = by_city.get(city, [])
        out.append({"city": city, "caption": city, "svg": svgmap.render(pts, city, lang) if pts else "",
                    "missing": missing.get(city, 0), "detail": False})
        core = svgmap.dense_core(pts)
        if core:
            caption = text("report.map_detail", lang, city=city)
            out.append({"city": city, "caption": caption, "svg": svgmap.render(core, caption, lang),
                        "missing": 0, "detail": True})
    return out


def _finding_row(f, charter: Charter, lang: str) -> dict[str, str]:
    rule = charter.get(f.code)
    return {"severity": f.severity, "severity_text": text(f"severity.{f.severity}", lang), "code": f.code,
            "title": pick(rule.title.en, rule.title.zh, lang) if rule else "",
            "message": pick(f.message, f.message_zh, lang), "branch": f.branch or "",
            "firms": " ".join(f.firms), "cost": f"{f.cost:,.3f}" if f.cost else ""}


def _rule_rows(check: CheckResult, charter: Charter, lang: str) -> list[dict[str, str]]:
    rows = []
    for o in check.outcomes:
        rule = charter.get(o.code)
        rows.append({"code": o.code, "title": pick(rule.title.en, rule.title.zh, lang) if rule else "",
                     "severity": text(f"severity.{o.severity}", lang), "priority": str(o.priority) if o.severity == "soft" else "-",
                     "findings": str(len(o.findings)), "measure": f"{o.measure:,.3f}",
                     "cost": f"{o.cost_milli / 1000:,.3f}"})
    return rows


#: the counts that say "of which": each shown right after the count it is part of
_OF_WHICH = {"firms_removed": ("firms_emptied", "firms_unassigned")}


def _change_figures(d, lang: str) -> list[tuple[str, str, str]]:
    """(text before the count, the count, text after it): the count is shown in bold."""
    s = d.summary()
    parts = {k for ks in _OF_WHICH.values() for k in ks}
    keys = []
    for k in s:
        if k not in parts:
            keys += [k, *_OF_WHICH.get(k, ())]
    return [text(f"chg.{k}", lang, n=s[k]).partition(str(s[k])) for k in keys if s[k]]


def _move_rows(d) -> list[dict]:
    """The table of moves: the diff's member moves (:mod:`branchplan.origins`, as ``diff`` and
    the memo count them) per firm and branches, so the rows add up to the members moved;
    ``joined``: members who changed firm since the base plan (not moving with their old firm).
    A firm that moves without any member of its old branch is a row of 0."""
    from .origins import natural

    groups: dict[tuple[str, str, str], int] = {}
    for m in d.member_moves:
        groups[m.firm, m.from_branch, m.to_branch] = groups.get((m.firm, m.from_branch, m.to_branch), 0) + 1
    for c in d.count_moves:
        groups[c.firm, c.from_branch, c.to_branch] = groups.get((c.firm, c.from_branch, c.to_branch), 0) + c.count
    with_firm = {(f.firm, f.from_branch, f.to_branch) for f in d.firm_moves}
    for f in d.firm_moves:
        groups.setdefault((f.firm, f.from_branch, f.to_branch), 0)
    return [{"firm": k[0], "from_branch": k[1], "to_branch": k[2], "members": n, "joined": k not in with_firm}
            for k, n in sorted(groups.items(), key=lambda kv: (natural(kv[0][0]), natural(kv[0][1])))]


def _change_lines(d, lang: str) -> list[str]:
    sep = "、" if lang == "zh" else ", "
    out = [text("chg.created", lang, branch=b.branch, lead=b.lead, firms=sep.join(b.firms)) for b in d.created]
    out += [text("chg.dissolved", lang, branch=b.branch, lead=b.lead, firms=sep.join(b.firms)) for b in d.dissolved]
    out += [text("chg.merged", lang, branch=r.branch, others=sep.join(r.others)) for r in d.merged]
    out += [text("chg.split", lang, branch=r.branch, others=sep.join(r.others)) for r in d.split]
    out += [text("chg." + g.sentence, lang, firm=g.firm,
                 from_branch=g.from_branch, to_branch=g.to_branch, host=g.host) for g in d.graduations]
    out += [text("chg.host_" + ("joins" if h.from_branch is None else "leaves" if h.to_branch is None else "moves"),
                 lang, host=h.host, from_branch=h.from_branch, to_branch=h.to_branch) for h in d.host_changes]
    out += [text("chg.lead_outside" if c.outside else "chg.lead", lang, branch=c.branch, old=c.old_lead, new=c.new_lead)
            for c in d.lead_changes]
    out += [text("chg.renamed", lang, old=r.old, new=r.new, branch=r.branch) for r in d.renamed]
    out += [text("chg.added", lang, firm=f.firm, branch=f.branch) for f in d.firms_added]
    from .formats.diff import went

    out += [text("chg." + ("duplicated" if x.duplicated else "no_longer_duplicated"), lang, firm=x.firm, n=len(x.new),
                 branches=sep.join(x.new) or "-", before=sep.join(x.old) or "-") for x in d.listings]
    out += [text("chg.emptied" if f.emptied else "chg.unassigned" if f.unassigned else "chg.removed", lang, firm=f.firm, branch=f.branch) + (("：" if lang == "zh" else ": ") + went(f, lang)
                                                                       if f.went else "") for f in d.firms_removed]
    return out


def _change_notes(d, lang: str) -> list[str]:
    """The notes ``diff`` prints under its change list (branches renumbered, members not
    followed, the old plan's findings about units gone from the roster not counted)."""
    from .formats.diff import notes

    return notes(d, lang)


def _diff(base: Plan, plan: Plan, roster: Roster, charter: Charter, day: date, base_roster: Roster | None = None):
    from .diff import compare_plans

    d = compare_plans(base, plan, roster, charter=charter, as_of=day, old_roster=base_roster)
    d.old_firms_option = "--base-firms"    # (named in the diff's notes: the report's option)
    return d


def write_report(path: str | Path, html: str, inputs: list[Path]) -> None:
    from .loader import atomic_write

    atomic_write(path, html, protect=inputs, mode_from=inputs)
