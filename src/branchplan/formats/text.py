"""The check report as plain text, each finding starting a line in the style of linters
(``file:line:col: CODE [severity] message``; ``file: CODE [severity] message`` for the
gate's findings about the plan as a whole), then what the gate adds.

In English each finding's Chinese message follows on its own line, indented (a reviewer
reading either language finds it); with ``lang="zh"`` every line is Chinese and each finding
shows its Chinese message only (see :mod:`branchplan.formats.checkwords`). With
``--show-names`` a finding about members names them on an indented line of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .checkwords import COMMA, finding_head, gap_sentence, named_members, punct, verdict
from .. import stale
from ..errors import one_line
from ..i18n import text

if TYPE_CHECKING:
    from ..gate import GateReport, Located


def finding_lines(x: "Located", lang: str = "en", names: dict[str, str] | None = None) -> list[str]:
    """The finding's line; in English its Chinese sentence below it, indented; with
    ``names`` (``--show-names``) its members with their names on an indented line too."""
    out = [finding_head(x, lang)]
    if lang != "zh" and x.finding.message_zh:
        out.append(f"    {x.finding.message_zh}")
    named = named_members(x, names or {}, lang)
    if named is not None:
        out.append(f"    {named}")
    return out


def render(r: "GateReport", lang: str = "en") -> str:
    lines = [text("check.heading", lang, plan=r.plan_path, charter=r.charter.name, as_of=r.as_of)]
    for x in r.findings:
        lines += finding_lines(x, lang, r.names)
    if r.waived:
        lines.append(text("check.waived", lang, n=len(r.waived)))
        for x in r.waived:
            w = x.waiver
            lines += ["  " + s for s in finding_lines(x, lang, r.names)]
            lines.append("      " + text("check.waived_until", lang, expires=w.expires, where=w.where(), reason=w.reason))
    for w in r.unused_waivers:
        lines.append(text("check.unused", lang, where=w.where(), code=w.code, subject=w.subject))
    if r.diff is not None:
        lines.append(text("check.against", lang, base=r.base_path))
        lines += ["  " + s for s in r.diff.text_lines(lang, raised=False)]
        if r.options.max_moves is not None and len(r.moves_by_jurisdiction) > 1:
            lines += ["  " + text("check.moves_in", lang, j=j, n=n, limit=r.options.max_moves)
                      for j, n in r.moves_by_jurisdiction.items()]
        elif r.options.max_moves is not None:
            lines.append("  " + text("check.moves", lang, n=r.diff.members_moved, limit=r.options.max_moves))
        left = sum(f.members or 0 for f in r.diff.firms_removed if f.unassigned)
        if r.options.max_moves is not None and left:
            lines.append("  " + text("check.moves_left", lang, n=left))
    if r.gap is not None:
        lines.append(text("check.gap", lang, reference=r.gap.reference_label(lang), sentence=gap_sentence(r.gap, lang)))
    if r.stale:
        lines.append(stale.heading(len(r.stale), lang))
        for s in r.stale:
            shown = one_line(str(r.plan_path))
            where = shown if s.line is None else f"{shown}:{s.line}:{s.column}"
            lines.append(f"  {where}: {s.message(lang)}")
            if lang != "zh":
                lines.append(f"    {s.message('zh')}")
        lines.append("  " + stale.note(lang))
    res = r.check
    costs = punct(COMMA, lang).join(text("check.cost_level", lang, level=k, cost=f"{v / 1000:,.3f}")
                                    for k, v in sorted(res.cost_by_priority().items()))
    lines.append(text("check.cost", lang, total=f"{res.cost_milli / 1000:,.3f}", costs=costs) if costs
                 else text("check.cost_zero", lang))
    if r.moves_cost_milli:
        lines.append(text("check.moves_cost", lang, rules=" ".join(r.moves_rules), cost=f"{r.moves_cost_milli / 1000:,.3f}",
                          total=f"{(res.cost_milli + r.moves_cost_milli) / 1000:,.3f}"))
        if r.handovers and r.handovers_milli:
            lines.append("  " + text("check.moves_handovers", lang, n=r.handovers,
                                     cost=f"{r.handovers_milli / 1000:,.3f}"))
        if r.moves_recorded_milli is not None:
            lines.append("  " + text("check.moves_recorded_base" if r.moves_recorded_base else "check.moves_recorded",
                                     lang, cost=f"{r.moves_recorded_milli / 1000:,.3f}"))
    lines.append(verdict(r, lang))
    return "\n".join(lines) + "\n"
