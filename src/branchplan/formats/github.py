"""The check report as GitHub Actions workflow commands: one annotation per finding.

``::error file=plan.yaml,line=L,col=C,title=CODE::message`` for findings that fail the
gate, ``::warning`` for soft findings that do not, ``::notice`` for waived findings. Data
and property values are escaped as the Actions runner expects (``%``, CR, LF; and ``:``
and ``,`` inside properties).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..gate import GateReport, Located


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, x: "Located", title: str, message: str) -> str:
    props = [f"file={escape_property(x.path)}"]
    if x.line is not None:
        props.append(f"line={x.line}")
        if x.column is not None:
            props.append(f"col={x.column}")
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def _message(x: "Located") -> str:
    f = x.finding
    text = f.message + (f" ({f.source})" if f.source else "")
    return text + (f"\n{f.message_zh}" if f.message_zh else "")


def render(r: "GateReport") -> str:
    failing = {id(x) for x in r.failing}
    lines = []
    for x in r.findings:
        level = "error" if id(x) in failing else "warning"
        lines.append(command(level, x, x.finding.code, _message(x)))
    for x in r.waived:
        w = x.waiver
        lines.append(command("notice", x, f"{x.finding.code} (waived)",
                             f"{_message(x)}\nwaived until {w.expires}: {w.reason}"))
    if r.gap is not None:
        lines.append(f"Gap (against {r.gap.reference_label()}): {r.gap.sentence()}")
    if r.diff is not None:
        lines += r.diff.text_lines()
    lines.append(r.verdict)
    return "\n".join(lines) + "\n"
