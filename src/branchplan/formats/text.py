"""The check report as plain text, one finding per line in the style of linters
(``file:line:col: CODE [severity] message``), then what the gate adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import plural

if TYPE_CHECKING:
    from ..gate import GateReport, Located


def finding_lines(x: "Located") -> list[str]:
    f = x.finding
    src = f" ({f.source})" if f.source else ""
    out = [f"{x.where()}: {f.code} [{f.severity}] {f.message}{src}"]
    if f.message_zh:
        out.append(f"    {f.message_zh}")
    return out


def render(r: "GateReport") -> str:
    lines = [f"Checking {r.plan_path} against charter {r.charter.name} (standing as of {r.as_of})"]
    for x in r.findings:
        lines += finding_lines(x)
    if r.waived:
        lines.append(f"Waived ({len(r.waived)}):")
        for x in r.waived:
            w = x.waiver
            lines += ["  " + s for s in finding_lines(x)]
            lines.append(f"      waived until {w.expires} by {w.where()}: {w.reason}")
    for w in r.unused_waivers:
        lines.append(f"{w.where()}: waiver of {w.code} for {w.subject} matches no finding")
    if r.diff is not None:
        lines.append(f"Against {r.base_path}:")
        lines += ["  " + s for s in r.diff.text_lines()]
        if r.options.max_moves is not None:
            lines.append(f"  {plural(r.diff.members_moved, 'member changes', 'members change')} branch "
                         f"(limit {r.options.max_moves})")
    if r.gap is not None:
        lines.append(f"Gap: {r.gap.sentence()}")
    res = r.check
    costs = ", ".join(f"priority {k}: {v / 1000:,.3f}" for k, v in sorted(res.cost_by_priority().items()))
    lines.append(f"Cost: {res.cost_milli / 1000:,.3f} points ({costs})" if costs else "Cost: 0 points")
    lines.append(r.verdict())
    return "\n".join(lines) + "\n"
