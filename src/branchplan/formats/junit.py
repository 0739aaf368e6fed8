"""The check report as JUnit XML: one test case per rule of the charter (and per gate
check asked for). A rule's case fails when it has findings that fail the gate (hard
findings; soft ones too with ``--strict``); soft findings that do not fail the gate and
waived findings are listed in the case's ``system-out``; warnings about the rules file, and
waivers that match no finding, in the suite's ``system-err`` (no case fails for them)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..gate import GateReport, Located


def _line(x: "Located") -> str:
    f = x.finding
    return f"{x.where()}: {f.code} [{f.severity}] {f.message}" + (f" ({f.source})" if f.source else "")


def render(r: "GateReport") -> str:
    from ..gate import GATE_RULES
    from .checkwords import unused_waiver
    from .sarif import gate_codes

    cases: list[tuple[str, str]] = [(rule.code, rule.title.en or rule.name) for rule in r.charter.rules]
    cases += [(c, GATE_RULES[c]) for c in gate_codes(r)]
    failing = {id(x) for x in r.failing}
    suite = ET.Element("testsuite", name=r.plan_path)
    n_fail = 0
    for code, title in cases:
        case = ET.SubElement(suite, "testcase", classname=f"branchplan.{r.charter.name}", name=f"{code}: {title}",
                             file=r.plan_path)
        bad = [x for x in r.findings if x.finding.code == code and id(x) in failing]
        other = [x for x in r.findings if x.finding.code == code and id(x) not in failing]
        waived = [x for x in r.waived if x.finding.code == code]
        if bad:
            n_fail += 1
            kind = "hard" if any(x.finding.severity == "hard" for x in bad) else "soft"
            fail = ET.SubElement(case, "failure", type=kind,
                                 message=f"{len(bad)} finding{'s' if len(bad) != 1 else ''}: {bad[0].finding.message}")
            fail.text = "\n".join(_line(x) for x in bad)
        notes = [f"allowed: {_line(x)}" for x in other]
        notes += [f"waived until {x.waiver.expires} ({x.waiver.reason}): {_line(x)}" for x in waived]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    # about the rules file, and waivers that waive nothing: the suite's own stderr (no case fails for them)
    err = [f"{w.where()}: {w.field + ': ' if w.field else ''}{en} / {zh}" for w, en, zh in r.warning_texts()]
    err += [f"{w.where()}: {unused_waiver(w)} / {unused_waiver(w, 'zh')}" for w in r.unused_waivers]
    if err:
        ET.SubElement(suite, "system-err").text = "\n".join(err)
    for key, value in (("tests", str(len(cases))), ("failures", str(n_fail)), ("errors", "0"), ("skipped", "0")):
        suite.set(key, value)
    root = ET.Element("testsuites", name="branchplan check", tests=str(len(cases)), failures=str(n_fail), errors="0")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _xml_chars(ET.tostring(root, encoding="unicode")) + "\n"


#: characters XML 1.0 cannot carry, even escaped (C0 controls but tab, LF and CR; U+FFFE/F;
#: lone surrogates): a waiver's reason or a rule's title pasted from a word processor holds them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_chars(text: str) -> str:
    """``text`` with each character XML cannot carry replaced by a space (the report stays
    well-formed for every JUnit reader)."""
    return _NOT_XML.sub(" ", text)
