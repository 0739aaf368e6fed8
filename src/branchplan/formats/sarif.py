"""The check report as SARIF 2.1.0 (code-scanning tools read it).

One run; the tool's rules are the charter's (metadata: name, title, description, source
article, default level) plus the gate's own checks that were asked for. Each finding is
a result with its rule, level (``error`` for findings that fail the gate and for waived
hard findings, ``warning`` otherwise), message, and a physical location: the plan file and the line and column
(Unicode code points, 1-based). The figures the plan file records that no longer match
its branches are results of level ``note`` (rule ``STALE-FIGURES``): notes, not findings. Waived findings carry an external suppression with the
waiver's reason. With a base plan each finding has a ``baselineState``: ``new`` (this
plan introduced it) or ``unchanged`` (the base plan has it too). Warnings about the rules
file, and waivers that match no finding, are the invocation's ``toolConfigurationNotifications``.

A file given by an absolute path is a ``file://`` URI; one given by a relative path is a
relative URI (percent-encoded) with ``uriBaseId`` ``%SRCROOT%``, which the run's
``originalUriBaseIds`` gives as the working directory (a ``file://`` URI ending in ``/``).
No timestamps: the same input, run from the same directory, gives the same file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..loader import dump_json

if TYPE_CHECKING:
    from ..charter import Rule
    from ..errors import Problem
    from ..gate import GateReport, Located
    from ..waivers import Waiver

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: the base a relative path is given against: the working directory (``originalUriBaseIds``)
SRCROOT = "%SRCROOT%"


def rule_descriptor(rule: "Rule") -> dict:
    src = rule.source
    text = rule.description.en or rule.title.en or rule.name
    help_text = text + (f"\nSource: {src.article}" if src else "") + (f"\n{src.text_en}" if src and src.text_en else "")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title.en or rule.name},
        "fullDescription": {"text": text},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": "error" if rule.is_hard else "warning"},
        "properties": {"kind": rule.kind, "severity": rule.severity, "priority": rule.priority if rule.severity == "soft" else None,
                       "weight": rule.weight, "source": src.article if src else None,
                       "title_zh": rule.title.zh or None},
    }


def gate_descriptor(code: str, text: str) -> dict:
    return {"id": code, "name": code.lower(), "shortDescription": {"text": text},
            "fullDescription": {"text": text}, "defaultConfiguration": {"level": "error"},
            "properties": {"kind": "gate", "severity": "hard"}}


def gate_codes(r: "GateReport") -> list[str]:
    """The gate checks in force for this run, in a fixed order."""
    out = []
    if r.options.max_gap is not None:
        out.append("GATE-GAP")
    if r.options.max_moves is not None:
        out.append("GATE-MOVES")
    if r.waivers:
        out.append("GATE-WAIVER-EXPIRED")
    return out


STALE = "STALE-FIGURES"


def location(x: "Located") -> dict:
    return place(x.path, x.line, x.column)


def artifact(path: str) -> dict:
    """The file as an artifactLocation (SARIF 3.4.3, 3.10): an absolute path as a ``file://``
    URI, a relative one as a relative URI against :data:`SRCROOT` (the working directory);
    both percent-encoded (spaces, Chinese, ``%``, ``:``, ``,``)."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # (the name's bytes as the system has them: a name that is not UTF-8 comes as surrogates)
    return {"uri": quote(os.fsencode(path.replace("\\", "/"))), "uriBaseId": SRCROOT}


def uri_base_ids(doc: dict) -> dict | None:
    """``originalUriBaseIds`` for a run whose locations use :data:`SRCROOT` (None when none
    does): the working directory as a ``file://`` URI ending in ``/`` (SARIF 3.14.14)."""
    if f'"uriBaseId": "{SRCROOT}"' not in dump_json(doc):
        return None
    root = Path.cwd().as_uri()
    return {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}}


def place(path: str, line: int | None, column: int | None) -> dict:
    """A physical location: the file, and the line and column where known (else the file's
    first line: code scanning needs a line to show a result on)."""
    phys: dict = {"artifactLocation": artifact(path),
                  "region": {"startLine": line if line is not None else 1, "startColumn": column or 1}}
    return {"physicalLocation": phys}


def stale_results(r: "GateReport", index: dict[str, int]) -> list[dict]:
    """The stale-figure notes (:mod:`branchplan.stale`) as results of level ``note``."""
    from .. import stale

    return [{"ruleId": STALE, "ruleIndex": index[STALE], "level": "note",
             "message": {"text": f"{st.message('en')}. {stale.note('en')}"},
             "locations": [place(r.plan_path, st.line, st.column)],
             "properties": {"part": st.part, "branch": st.branch, "message_zh": st.message("zh")}}
            for st in r.stale]


def notification(w: "Problem", en: str, zh: str, rules: bool = True) -> dict:
    """A warning about the rules file as a SARIF notification (id ``RULES-FILE``; about
    another input file, a plan or firms file: ``INPUT-FILE``)."""
    return {"descriptor": {"id": "RULES-FILE" if rules else "INPUT-FILE"}, "level": "warning",
            "message": {"text": (f"{w.field}: " if w.field else "") + en},
            "locations": [place(w.path, w.line, w.column)],
            "properties": {"field": w.field, "message_zh": zh}}


def waiver_notification(w: "Waiver") -> dict:
    """A waiver in force that matches no finding as a SARIF notification (id ``UNUSED-WAIVER``),
    at its entry in the waivers file."""
    from .checkwords import unused_waiver

    return {"descriptor": {"id": "UNUSED-WAIVER"}, "level": "warning",
            "message": {"text": unused_waiver(w)},
            "locations": [place(w.path, w.line, w.column)],
            "properties": {"code": w.code, "subject": w.subject, "message_zh": unused_waiver(w, "zh")}}


def result(x: "Located", index: dict[str, int], failing: bool) -> dict:
    f = x.finding
    text = f.message + (f" ({f.source})" if f.source else "")
    out = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": "error" if failing else "warning",
        "message": {"text": text},
        "locations": [location(x)],
        "properties": {"severity": f.severity, "message_zh": f.message_zh, "branch": f.branch,
                       "firms": list(f.firms), "members": list(f.members), "cost": f.cost},
    }
    if x.new is not None:   # with --base: against the base plan's findings
        out["baselineState"] = "new" if x.new else "unchanged"
    if x.waiver is not None:
        w = x.waiver
        out["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": f"{w.reason} (until {w.expires}; {w.where()})"}]
    return out


def render(r: "GateReport") -> str:
    from .. import __version__
    from ..gate import GATE_RULES

    rules = [rule_descriptor(rule) for rule in r.charter.rules]
    rules += [gate_descriptor(c, GATE_RULES[c]) for c in gate_codes(r)]
    if r.stale:
        rules.append({"id": STALE, "name": "stale-figures",
                      "shortDescription": {"text": "The figures the plan file records match its branches"},
                      "fullDescription": {"text": "Kinds, counts, summary and objective recorded in the plan file "
                                                  "are informational: check recomputes them and judges the plan "
                                                  "by its leads and firms alone."},
                      "defaultConfiguration": {"level": "note"}, "properties": {"kind": "note", "severity": None}})
    index = {d["id"]: i for i, d in enumerate(rules)}
    failing = {id(x) for x in r.failing}
    results = [result(x, index, id(x) in failing) for x in r.findings]
    # a waived finding keeps its rule's level (a hard one is an error), with the suppression
    results += [result(x, index, x.finding.severity == "hard") for x in r.waived]
    results += stale_results(r, index)
    run = {
        "tool": {"driver": {"name": "branchplan", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"charter": r.charter.name, "as_of": r.as_of.isoformat(),
                       "verdict": "pass" if r.passed else "fail"},
    }
    # about the rules file (allowed, likely not meant), and waivers that waive nothing: configuration notifications
    notes = [notification(*t, rules=r.about_the_rules(t[0])) for t in r.warning_texts()] \
        + [waiver_notification(w) for w in r.unused_waivers]
    if notes:
        run["invocations"] = [{"executionSuccessful": True, "toolConfigurationNotifications": notes}]
    bases = uri_base_ids(run)
    if bases is not None:
        run["originalUriBaseIds"] = bases
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    }
    return dump_json(doc)
