"""The check report as GitHub Actions workflow commands: one annotation per finding.

``::error file=plan.yaml,line=L,col=C,title=CODE::message`` for findings that fail the
gate, ``::warning`` for soft findings that do not, ``::notice`` for waived findings and
for the figures the plan file records that no longer match its branches (title ``stale
figures``; notes that never change the verdict); ``::warning`` (title ``rules file``) for
the warnings about the rules file that the command also prints on stderr, and (title
``waivers``) at each waiver that matches no finding. With ``only_new`` and a base plan, the
findings the base plan has too are not annotated (a line counts them). Data
and property values are escaped as the Actions runner expects (``%``, CR, LF; and ``:``
and ``,`` inside properties).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import stale
from .checkwords import unused_waiver

if TYPE_CHECKING:
    from ..gate import GateReport, Located


STALE_TITLE = "stale figures"
RULES_TITLE = "rules file"
PLAN_TITLE = "plan"
FIRMS_TITLE = "firms file"
WAIVERS_TITLE = "waivers"


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, line: int | None, column: int | None, title: str, message: str) -> str:
    """One workflow command: ``::level file=F,line=L,col=C,title=T::message`` (line and
    column as far as known)."""
    props = [f"file={escape_property(path)}"]
    if line is not None:
        props.append(f"line={line}")
        if column is not None:
            props.append(f"col={column}")
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def command(level: str, x: "Located", title: str, message: str) -> str:
    return annotation(level, x.path, x.line, x.column, title, message)


def _message(x: "Located") -> str:
    f = x.finding
    text = f.message + (f" ({f.source})" if f.source else "")
    return text + (f"\n{f.message_zh}" if f.message_zh else "")


def render(r: "GateReport", only_new: bool = False) -> str:
    """``only_new`` (with a base plan): annotate only the findings this plan introduced
    (and the gate's own); the verdict still counts every finding."""
    failing = {id(x) for x in r.failing}
    lines = []
    old = [x for x in r.findings + r.waived if x.new is False] if only_new else []
    for x in r.findings:
        if only_new and x.new is False:
            continue
        level = "error" if id(x) in failing else "warning"
        lines.append(command(level, x, x.finding.code, _message(x)))
    for x in r.waived:
        if only_new and x.new is False:
            continue
        w = x.waiver
        lines.append(command("notice", x, f"{x.finding.code} (waived)",
                             f"{_message(x)}\nwaived until {w.expires}: {w.reason}"))
    for w, en, zh in r.warning_texts():   # about the rules file or a plan: never change the verdict
        lines.append(annotation("warning", w.path, w.line, w.column, PLAN_TITLE if r.about_a_plan(w) else
                                  RULES_TITLE if r.about_the_rules(w) else FIRMS_TITLE,
                                (f"{w.field}: " if w.field else "") + en + f"\n{zh}"))
    for w in r.unused_waivers:   # (a typo in its subject waives nothing: never changes the verdict)
        lines.append(annotation("warning", w.path, w.line, w.column, WAIVERS_TITLE,
                                f"{unused_waiver(w)}\n{unused_waiver(w, 'zh')}"))
    for st in r.stale:
        lines.append(annotation("notice", r.plan_path, st.line, st.column, STALE_TITLE,
                                f"{st.message('en')}\n{st.message('zh')}\n{stale.note('en')}"))
    if old:
        lines.append(f"{len(old)} finding{'s' if len(old) != 1 else ''} already in the base plan "
                     f"not annotated (--only-new)")
    if r.gap is not None:
        lines.append(f"Gap (against {r.gap.reference_label()}): {r.gap.sentence()}")
    if r.diff is not None:
        lines += r.diff.text_lines(raised=False)
    lines.append(r.verdict)
    return "\n".join(lines) + "\n"
