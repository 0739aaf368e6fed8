"""The check report as a pull-request comment: verdict, table of findings, the diff.

In English each finding's Chinese message follows its English one in the same cell; with
``lang="zh"`` the comment is Chinese throughout, each finding with its Chinese message only. With a base plan the table has a column
saying whether each finding is new (this plan introduced it) or already in the base plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import md_code, md_text
from .checkwords import COLON, LIST, SEMI, gap_sentence, message, named_members, punct, severity
from .. import stale
from ..i18n import text

if TYPE_CHECKING:
    from ..gate import GateReport, Located


def _named(x: "Located", names: dict[str, str], lang: str) -> str:
    """With ``--show-names``: a line of the cell naming the finding's members (or nothing)."""
    named = named_members(x, names, lang)
    return f"<br>{md_text(named)}" if named is not None else ""


def _row(x: "Located", mark: str, lang: str, since: bool = False, names: dict[str, str] | None = None) -> str:
    f = x.finding
    if lang == "zh":
        msg = md_text(message(f, lang))
    else:
        msg = md_text(f.message) + (f"<br>{md_text(f.message_zh)}" if f.message_zh else "")
    msg += _named(x, names or {}, lang)
    row = (f"| {mark} | {md_code(f.code)} | {severity(f.severity, lang)} | {md_code(x.where())} | {msg} | "
           f"{md_text(f.source or '')} |")
    if since:   # with a base plan: did this plan introduce the finding? (the gate's own: neither)
        row += {True: f" {text('check.md_new', lang)} |", False: f" {text('check.md_in_base', lang)} |"}.get(x.new, " |")
    return row


def render(r: "GateReport", lang: str = "en") -> str:
    head = text("check.md_passed" if r.passed else "check.md_failed", lang)
    out = [f"### branchplan check{punct(COLON, lang)}{head}", ""]
    codes = punct(LIST, lang).join(md_text(c) for c in r.failed_gates)
    out.append(text("check.md_summary", lang, plan=md_code(r.plan_path, table=False), charter=md_text(r.charter.name),
                    as_of=r.as_of, n_hard=len(r.hard), n_soft=len(r.soft),
                    waived=text("check.md_waived", lang, n=len(r.waived)) if r.waivers or r.waived else "",
                    gate=text("check.md_gate", lang, codes=codes) if r.failed_gates else ""))
    out.append("")
    failing = {id(x) for x in r.failing}
    if r.findings:
        since = r.diff is not None
        out += [text("check.md_header_base" if since else "check.md_header", lang),
                "|---|---|---|---|---|---|" + ("---|" if since else "")]
        out += [_row(x, "❌" if id(x) in failing else "⚠️", lang, since, r.names) for x in r.findings]
        out.append("")
    else:
        out += [text("check.md_none", lang), ""]
    if r.waived:
        out += [text("check.md_waived_title", lang, n=len(r.waived)), "",
                text("check.md_waived_header", lang), "|---|---|---|---|"]
        for x in r.waived:
            w = x.waiver
            until = text("check.md_until", lang, expires=w.expires, reason=md_text(w.reason))
            msg = md_text(message(x.finding, lang)) + _named(x, r.names, lang)
            out.append(f"| {md_code(x.finding.code)} | {md_code(x.where())} | {msg} | {until} |")
        out += ["", "</details>", ""]
    if r.unused_waivers:
        items = punct(SEMI, lang).join(
            text("check.md_unused_item", lang, code=md_code(w.code, table=False), subject=md_code(w.subject, table=False),
                 where=md_text(w.where()))
            for w in r.unused_waivers)
        out.append(text("check.md_unused", lang, items=items))
        out.append("")
    if r.gap is not None:
        out += [text("check.md_gap", lang, reference=md_text(r.gap.reference_label(lang)),
                     sentence=md_text(gap_sentence(r.gap, lang))), ""]
    if r.warnings:
        heading = "check.md_warnings_inputs" if any(r.about_a_plan(w) for w in r.warnings) else "check.md_warnings"
        out += [f"**{text(heading, lang, n=len(r.warnings))}**", ""]
        for w, en, zh in r.warning_texts():
            field = f"{md_code(w.field, table=False)}: " if w.field else ""
            msg = md_text(zh) if lang == "zh" else md_text(en) + f"<br>{md_text(zh)}"
            out.append(f"- {md_code(w.where(), table=False)} {field}{msg}")
        out.append("")
    if r.stale:
        out += [f"**{stale.heading(len(r.stale), lang)}**", ""]
        for s in r.stale:
            where = r.plan_path if s.line is None else f"{r.plan_path}:{s.line}:{s.column}"
            msg = md_text(s.message(lang)) + ("" if lang == "zh" else f"<br>{md_text(s.message('zh'))}")
            out.append(f"- {md_code(where, table=False)} {msg}")
        out += ["", stale.note(lang), ""]
    if r.diff is not None:
        moves = text("check.md_limit", lang, limit=r.options.max_moves) if r.options.max_moves is not None else ""
        out += [text("check.md_changes", lang, base=md_code(r.base_path, table=False), moves=moves), "", r.diff.markdown(lang, raised=False)]
    return "\n".join(out).rstrip("\n") + "\n"
