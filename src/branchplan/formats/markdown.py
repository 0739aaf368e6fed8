"""The check report as a pull-request comment: verdict, table of findings, the diff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import md_cell

if TYPE_CHECKING:
    from ..gate import GateReport, Located


def _row(x: "Located", mark: str) -> str:
    f = x.finding
    msg = md_cell(f.message) + (f"<br>{md_cell(f.message_zh)}" if f.message_zh else "")
    return f"| {mark} | `{f.code}` | {f.severity} | `{md_cell(x.where())}` | {msg} | {md_cell(f.source or '')} |"


def render(r: "GateReport") -> str:
    head = "✅ passed" if r.passed else "❌ failed"
    out = [f"### branchplan check: {head}", ""]
    out.append(f"`{md_cell(r.plan_path)}` against charter **{md_cell(r.charter.name)}**, standing as of "
               f"{r.as_of}: **{len(r.hard)} hard**, {len(r.soft)} soft"
               + (f", {len(r.waived)} waived" if r.waivers or r.waived else "")
               + (f"; gate: {', '.join(x.finding.code for x in r.gate)}" if r.gate else "") + ".")
    out.append("")
    failing = {id(x) for x in r.failing}
    if r.findings:
        out += ["| | code | severity | where | finding | source |", "|---|---|---|---|---|---|"]
        out += [_row(x, "❌" if id(x) in failing else "⚠️") for x in r.findings]
        out.append("")
    else:
        out += ["No findings.", ""]
    if r.waived:
        out += [f"<details><summary>Waived findings ({len(r.waived)})</summary>", "",
                "| code | where | finding | waiver |", "|---|---|---|---|"]
        for x in r.waived:
            w = x.waiver
            out.append(f"| `{x.finding.code}` | `{md_cell(x.where())}` | {md_cell(x.finding.message)} | "
                       f"until {w.expires}: {md_cell(w.reason)} |")
        out += ["", "</details>", ""]
    if r.unused_waivers:
        out.append("Waivers matching no finding: " + ", ".join(
            f"`{md_cell(w.code)}` for `{md_cell(w.subject)}` ({md_cell(w.where())})" for w in r.unused_waivers))
        out.append("")
    if r.gap is not None:
        out += [f"**Gap:** {md_cell(r.gap.sentence())}", ""]
    if r.diff is not None:
        moves = f" (limit {r.options.max_moves})" if r.options.max_moves is not None else ""
        out += [f"#### Changes against `{md_cell(r.base_path)}`{moves}", "", r.diff.markdown()]
    return "\n".join(out).rstrip("\n") + "\n"
