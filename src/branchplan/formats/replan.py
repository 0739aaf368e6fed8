"""A re-plan as text (after the plan's own text) and as a Markdown memo for the committee.

Deterministic: no run dates or folders, only the file names given and the plan's data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import md_code, md_text
from ..i18n import text
from ..plan import shown_jurisdiction
from ..i18n import plural
from .diff import both, both_row

if TYPE_CHECKING:
    from ..model import Roster
    from ..replan import Replan


def _requests(rp: "Replan", lang: str = "en") -> str:
    bits = _request_bits(rp, lang)
    if not bits:
        return ""
    return f"（{'；'.join(bits)}）" if lang == "zh" else f" ({'; '.join(bits)})"


def kept_sentence(rp: "Replan", lang: str = "en") -> str:
    """How many of the current plan's findings the new plan still has, and under which pins
    or cap (which may be what keeps them)."""
    n, s = len(rp.kept), rp.summary()
    pins = [r for r in rp.current.requests if r.cap is None]
    if lang == "zh":
        from ..solver.continuity import _names

        cap = f"--max-moves {s['max_moves']}（每个辖区至多 {s['max_moves']} 名党员变动支部）" if "max_moves" in s else ""
        need = (f"固定要求（{_names(pins, lang)}）" + (f"和 {cap}" if cap else "")) if pins else f" {cap}"
        out = f"其中 {n} 项在新方案中仍存在"
        relax = "放宽上限或减少固定要求" if pins and cap else "减少固定要求" if pins else "放宽上限"
        return out + (f"：新方案须满足{need}，{relax}可能消除它们。" if pins or cap else "。")
    bits = ([f"the pins ({', '.join(s['pins'])})"] if pins else []) + (
        [f"--max-moves {s['max_moves']} per jurisdiction"] if "max_moves" in s else [])
    out = f"{n} of these {'is' if n == 1 else 'are'} still so in the new plan"
    if not bits:
        return out + "."
    relax = ("a larger cap or fewer pins" if pins and "max_moves" in s else "fewer pins" if pins
             else "a larger cap")
    return out + f", which keeps {' and '.join(bits)}: {relax} may resolve {'it' if n == 1 else 'them'}."


KEPT_MARK = {"en": " (still so in the new plan)", "zh": "（新方案中仍存在）"}


def _request_bits(rp: "Replan", lang: str = "en") -> list[str]:
    s = rp.summary()
    bits = []
    if s.get("pins"):
        if lang == "zh":
            from ..solver.continuity import _names

            bits.append("固定：" + _names([r for r in rp.current.requests if r.cap is None], lang))
        else:
            bits.append("pins: " + ", ".join(s["pins"]))
    if "max_moves" in s:
        n = s["max_moves"]
        bits.append(f"--max-moves {n}：每个辖区至多 {n} 名党员变动支部" if lang == "zh"
                    else f"--max-moves {n} per jurisdiction")
    return bits


def headline(rp: "Replan", lang: str = "en") -> str:
    """How many members change branch (what --max-moves caps): in firms that move, and
    members who changed firm and are not in their old branch (followed with --old-firms)."""
    firms = rp.firm_moves
    n, f = sum(m.members for m in firms), len(firms)
    other = rp.members_moved - n
    if lang == "zh":
        if not other:
            if not f:
                return "没有党员变动支部"
            return f"{f} 个单位变动支部，没有党员随之变动" if not n else f"{n} 名党员随所在的 {f} 个单位变动支部"
        if not f:
            return f"{other} 名党员因调换单位而变动支部"
        with_firm = f"{n} 名随所在的 {f} 个单位变动" if n else f"{f} 个单位变动（没有党员随之变动）"
        return f"{rp.members_moved} 名党员变动支部：{with_firm}，{other} 名因调换单位而变动"
    if not other:
        if not n and not f:
            return "no member changes branch"
        return f"{plural(n, 'member')} in {plural(f, 'firm')} change{'s' if n == 1 else ''} branch"
    if not f:
        return f"{plural(other, 'member')} who changed firm change{'s' if other == 1 else ''} branch"
    verb = "changes" if rp.members_moved == 1 else "change"
    return f"{plural(rp.members_moved, 'member')} {verb} branch: {n} in {plural(f, 'firm')}, {other} who changed firm"


def replan_text(rp: "Replan", current_name: str, lang: str = "en") -> str:
    """The re-plan's own lines (after the plan's text), in English or Chinese (``lang``)."""
    zh = lang == "zh"
    lines = ["", (f"以 {current_name} 为基础调整：" if zh else f"Re-planned from {current_name}: ")
             + headline(rp, lang) + _requests(rp, lang)]
    for m in rp.moves:
        if zh and m.changed_firm:
            lines.append(f"  调入单位 {m.firm} 的 {m.members} 名党员：{m.from_branch} -> {m.to_branch or '-'}")
        elif zh:
            lines.append(f"  单位 {m.firm}（{m.members} 名党员）：{m.from_branch} -> {m.to_branch or '-'}")
        elif m.changed_firm:
            lines.append(f"  {plural(m.members, 'member')} who changed firm to {m.firm}: "
                         f"{m.from_branch} -> {m.to_branch or '-'}")
        else:
            lines.append(f"  firm {m.firm} ({plural(m.members, 'member')}): {m.from_branch} -> {m.to_branch or '-'}")
    if rp.reasons:
        if rp.stability:
            lines.append("原因：按本名册，现行方案存在以下问题（优先于保持稳定）：" if zh else
                         "Why: under this roster the current plan has these findings (they outrank stability):")
        else:   # (a charter without a stability rule)
            lines.append("原因：按本名册，现行方案存在以下问题：" if zh else
                         "Why: under this roster the current plan has these findings:")
        kept = {id(f) for f in rp.kept}
        lines += [f"  {o.code}  {o.sentence(lang)}" for o in rp.outgrown]
        told = _told(rp)
        lines += [f"  {f.code}  {(f.message_zh or f.message) if zh else f.message}"
                  f"{KEPT_MARK[lang] if id(f) in kept else ''}" for f in rp.reasons if id(f) not in told]
        if rp.kept:
            lines.append(kept_sentence(rp, lang))
    if rp.current.notes:
        lines.append("现行方案说明：" if zh else "Notes on the current plan:")
        lines += [f"  {n}" for n in (rp.current.notes_zh if zh and rp.current.notes_zh else rp.current.notes)]
    if rp.diff is not None:
        lines += rp.diff.text_lines(lang)
    return "\n".join(lines) + "\n"


#: The memo's headings and labels, per language (English keeps the bilingual headings).
_MD = {
    "en": {
        "title": "# 党支部设置调整方案 · Branch plan changes: {cities}", "cities_sep": ", ",
        "more_cities": " and others ({n} jurisdictions)",
        "changed_cities": " ({k} of {n} jurisdictions change · 共 {n} 个辖区，{k} 个有调整)",
        "inputs": "- Roster: {firms} (standing as of {as_of}); current plan: {current}; charter: {charter}",
        "result": "- Result: {headline}{requests}; {branches} (was {was})",
        "why": "## 调整原因 · Why the plan changes",
        "reason": "- {code}: {en}",
        "reason_bi": "- {zh} ({code}: {en})",
        "moves": "## 党员组织关系变动 · Members who change branch",
        "moves_head": "| firm | members | from | to |",
        "no_moves": "None: every member stays in their branch.",
        "changed_firm": " (members who changed firm to it)",
        "changes": "## 变动清单 · Change list",
        "plan": "## 调整后的支部 · The new plan",
        "plan_head": "| branch | kind | lead | firms | members | full |",
        "legend": "## 附：单位名称 · Appendix: the firms by name",
        "legend_head": "| firm | name | district | branch |",
    },
    "zh": {
        "title": "# {cities}党支部设置调整方案", "cities_sep": "、", "more_cities": "等 {n} 个辖区",
        "changed_cities": "（共 {n} 个辖区，{k} 个有调整）",
        "inputs": "- 名册：{firms}（党龄计算日 {as_of}）；现行方案：{current}；规则集：{charter}",
        "result": "- 结果：{headline}{requests}；调整后党支部 {n} 个（原 {was} 个）",
        "why": "## 调整原因",
        "reason": "- {zh}（{code}）",
        "moves": "## 党员组织关系变动",
        "moves_head": "| 单位 | 党员 | 原支部 | 新支部 |",
        "no_moves": "无：全体党员均留在原支部。",
        "changed_firm": "（调入该单位的党员）",
        "changes": "## 变动清单",
        "plan": "## 调整后的支部",
        "plan_head": "| 支部 | 类型 | 牵头单位 | 所含单位 | 党员 | 正式党员 |",
        "legend": "## 附：单位名称",
        "legend_head": "| 单位 | 名称 | 所在区县 | 支部 |",
    },
}


def replan_markdown(rp: "Replan", roster: "Roster", current_name: str, firms_name: str, lang: str = "en") -> str:
    """The committee's memo: in English with bilingual headings (``lang="en"``), in Chinese
    (``"zh"``), or in both throughout, Chinese first (``"bi"``: the memo when no language is
    asked for)."""
    if lang == "bi":
        return _bilingual(rp, roster, current_name, firms_name)
    lang = "zh" if lang == "zh" else "en"
    tx = _MD[lang]
    plan = rp.result.plan
    notes = rp.current.notes_zh if lang == "zh" and rp.current.notes_zh else rp.current.notes
    changed = changed_jurisdictions(rp, roster)
    out = [_title(rp, tx, changed, lang), "", _inputs(rp, firms_name, current_name, lang), _result(rp, lang), ""]
    if rp.reasons or notes:
        out += [tx["why"], ""] + _reasons(rp, lang) + [f"- {md_text(n)}" for n in notes] + [""]
    out += [tx["moves"], ""] + (_moves(rp, roster, tx["moves_head"], tx["changed_firm"]) or [tx["no_moves"]]) + [""]
    if rp.diff is not None:
        out += [tx["changes"], "", rp.diff.markdown(lang, titles=True).rstrip("\n"), ""]
    kinds = {b.kind: text(f"kind.{b.kind}", lang) if b.kind and lang == "zh" else (b.kind or "")
             for b in plan.branches}
    out += [tx["plan"], ""] + _branches(rp, roster, tx["plan_head"], kinds, lang, changed)
    if legend := _legend(rp, roster, tx["legend_head"], changed):
        out += ["", tx["legend"], ""] + legend
    return "\n".join(out).rstrip("\n") + "\n"


def _bilingual(rp: "Replan", roster: "Roster", current_name: str, firms_name: str) -> str:
    """The memo in both languages: the bilingual headings of the English memo, every line and
    table header in Chinese then English (``中文 · English``; a note: ``中文 (English)``)."""
    zh, en = _MD["zh"], _MD["en"]
    plan = rp.result.plan
    en_notes = rp.current.notes
    zh_notes = rp.current.notes_zh if len(rp.current.notes_zh) == len(en_notes) else en_notes
    notes = [n if z == n else f"{z} ({n})" for z, n in zip(zh_notes, en_notes)]
    changed = changed_jurisdictions(rp, roster)
    out = [_title(rp, en, changed, "bi"), "",
           both(_inputs(rp, firms_name, current_name, "zh"), _inputs(rp, firms_name, current_name, "en")[2:]),
           both(_result(rp, "zh"), _result(rp, "en")[2:]), ""]
    if rp.reasons or notes:
        out += [en["why"], ""] + _reasons(rp, "bi") + [f"- {md_text(n)}" for n in notes] + [""]
    moves = _moves(rp, roster, both_row(zh["moves_head"], en["moves_head"]),
                   f"{zh['changed_firm']}{en['changed_firm']}")
    out += [en["moves"], ""] + (moves or [both(zh["no_moves"], en["no_moves"])]) + [""]
    if rp.diff is not None:
        out += [en["changes"], "", rp.diff.markdown("bi", titles=True).rstrip("\n"), ""]
    kinds = {b.kind: both(text(f"kind.{b.kind}", "zh"), b.kind) if b.kind else "" for b in plan.branches}
    out += [en["plan"], ""] + _branches(rp, roster, both_row(zh["plan_head"], en["plan_head"]), kinds, "bi", changed)
    if legend := _legend(rp, roster, both_row(zh["legend_head"], en["legend_head"]), changed):
        out += ["", en["legend"], ""] + legend
    return "\n".join(out).rstrip("\n") + "\n"


def _title(rp: "Replan", tx: dict, changed: set[str] | None, lang: str = "en") -> str:
    """``changed``: the jurisdictions that changed (None: one jurisdiction); the whole roster
    solved as one part is named in ``lang`` (en, zh, or bi: both), not ``*``."""
    names = [j.name for j in rp.result.plan.jurisdictions or []]
    if changed is not None and len(names) > TITLE_CITIES:  # a province: the cities that changed
        shown = [_shown(n, lang) for n in names if n in changed]
        cities = tx["cities_sep"].join(shown[:TITLE_CITIES]) + tx["changed_cities"].format(
            k=len(shown), n=len(names))
    else:
        cities = tx["cities_sep"].join(_shown(n, lang) for n in names[:TITLE_CITIES])
        if len(names) > TITLE_CITIES:
            cities += tx["more_cities"].format(n=len(names))
    return tx["title"].format(cities=md_text(cities))


def _shown(name: str, lang: str) -> str:
    if lang == "bi":
        return both(shown_jurisdiction(name, "zh"), shown_jurisdiction(name, "en"))
    return shown_jurisdiction(name, lang)


#: jurisdictions named in the memo's title (a province's memo counts the rest)
TITLE_CITIES = 3


def _inputs(rp: "Replan", firms_name: str, current_name: str, lang: str) -> str:
    plan = rp.result.plan
    return _MD[lang]["inputs"].format(firms=md_code(firms_name, table=False), as_of=plan.as_of,
                                      current=md_code(current_name, table=False),
                                      charter=md_text(plan.charter))


def _result(rp: "Replan", lang: str) -> str:
    was = len(rp.current.source.branches) if rp.current.source else "?"
    return _MD[lang]["result"].format(headline=headline(rp, lang), requests=md_text(_requests(rp, lang)),
                                      n=len(rp.result.plan.branches), was=was,
                                      branches=plural(len(rp.result.plan.branches), "branch", "branches"))


def _reasons(rp: "Replan", lang: str) -> list[str]:
    """The findings that call for the change: in English (``"en"``), in Chinese (``"zh"``) or
    Chinese then English (``"bi"``)."""
    kept = {id(f) for f in rp.kept}
    bi = lang == "bi"
    form = _MD["en"]["reason_bi"] if bi else _MD[lang]["reason"]
    mark = (KEPT_MARK["zh"] + KEPT_MARK["en"]) if bi else KEPT_MARK[lang]
    told = _told(rp)
    out = [form.format(zh=md_text(o.sentence("zh")), code=md_text(o.code), en=md_text(o.sentence("en")))
           for o in rp.outgrown]
    out += [form.format(zh=md_text(f.message_zh or f.message), code=md_text(f.code), en=md_text(f.message))
            + (mark if id(f) in kept else "") for f in rp.reasons if id(f) not in told]
    if rp.kept:
        out.append("- " + md_text(both(kept_sentence(rp, "zh"), kept_sentence(rp, "en")) if bi
                                  else kept_sentence(rp, lang)))
    return out


def _told(rp: "Replan") -> set[int]:
    """The reasons (by id) that a sentence of :attr:`Replan.outgrown` tells: the fallback
    placements with a lead that now has its own branch, unless the new plan keeps them."""
    kept = {id(f) for f in rp.kept}
    return {id(f) for o in rp.outgrown for f in o.findings if id(f) not in kept}


def _moves(rp: "Replan", roster: "Roster", head: str, changed_firm: str) -> list[str]:
    """The table of members who change branch (``changed_firm``: what follows a firm whose
    moving members are those who changed firm to it)."""
    if not rp.moves:
        return []
    return [head, "|---|---:|---|---|"] + [
        f"| {md_text(roster.unit_label(m.firm))}{changed_firm if m.changed_firm else ''} | {m.members} | "
        f"{md_text(m.from_branch)} | {md_text(m.to_branch) if m.to_branch else '-'} |" for m in rp.moves]


def _branches(rp: "Replan", roster: "Roster", head: str, kinds: dict, lang: str,
              changed: set[str] | None) -> list[str]:
    """The new plan's branches; with several jurisdictions, those of the jurisdictions that
    changed, then a line counting the others (the plan file has them all)."""
    shown = [b for b in rp.result.plan.branches if changed is None or b.jurisdiction in changed]
    out = [head, "|---|---|---|---|---:|---:|"] + [
        f"| {md_text(b.id)} | {kinds[b.kind]} | {md_text(roster.unit_label(b.lead))} | "
        f"{md_text(' '.join(b.firms))} | {b.members} | {b.full_members} |" for b in shown]
    if changed is not None:
        others = len(rp.result.plan.jurisdictions or []) - len(changed)
        if others:
            zh = f"其余 {others} 个辖区的 {len(rp.result.plan.branches) - len(shown)} 个支部未变，见方案文件。"
            en = (f"The {len(rp.result.plan.branches) - len(shown)} branches of the other {others} "
                  f"jurisdiction{'s' if others != 1 else ''} are unchanged: see the plan file.")
            out += ["", both(zh, en) if lang == "bi" else zh if lang == "zh" else en]
    return out


def _legend(rp: "Replan", roster: "Roster", head: str, changed: set[str] | None) -> list[str]:
    """The units of the branches shown (those of the jurisdictions that changed), by id, with
    their names, districts and branches: the memo's other lines name a unit by its id alone.
    Nothing where no unit has a name (a unit without one: its district and branch)."""
    from ..origins import natural

    units = {u: b.id for b in rp.result.plan.branches if changed is None or b.jurisdiction in changed
             for u in b.firms}
    found = {u: roster.firm_by_id.get(u) or roster.host_by_id.get(u) for u in units}
    if not any(unit is not None and unit.name for unit in found.values()):
        return []
    return [head, "|---|---|---|---|"] + [
        f"| {md_text(u)} | {md_text(unit.name or '') if unit is not None else ''} | "
        f"{md_text(unit.district or '') if unit is not None else ''} | {md_text(units[u])} |"
        for u, unit in sorted(found.items(), key=lambda kv: natural(kv[0]))]


def changed_jurisdictions(rp: "Replan", roster: "Roster") -> set[str] | None:
    """The jurisdictions whose branches differ from the current plan's (any branch with
    another id, lead or firms), or None when the plan has one jurisdiction."""
    plan = rp.result.plan
    if len(plan.jurisdictions or []) <= 1:
        return None
    old = {(b.id, b.lead, frozenset(b.firms)) for b in (rp.current.source.branches if rp.current.source else ())}
    new = {(b.id, b.lead, frozenset(b.firms)) for b in plan.branches}
    out: set[str] = set()
    for _, lead, firms in old ^ new:
        for u in (lead, *firms):
            unit = roster.firm_by_id.get(u) or roster.host_by_id.get(u)
            if unit is not None:
                out.add(roster.firm_jurisdiction(unit))
    return out
