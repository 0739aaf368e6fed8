"""Bad input (exit 2) in the formats tools read: what ``branchplan check`` writes when it
cannot check the plan at all, so that CI still shows why.

- ``github``: one ``::error file=F,line=L,col=C,title=bad input::field: message`` per problem;
- ``sarif``: one result per problem (rule ``INPUT-ERROR``, level ``error``, the file, line
  and column), and an invocation that did not succeed (exit code 2);
- ``junit``: one failing test case per problem;
- ``json``: ``{"verdict": "error", "exit_code": 2, "problems": [...]}``;
- ``markdown`` (the pull-request comment): a heading saying the input could not be read and
  a table of ``file:line:col | field | message``, in English or Chinese.

The problems are the ones the error message on stderr lists, in the same order.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import md_code, md_text
from ..errors import Problem, one_line
from ..i18n import MESSAGES, text
from ..loader import dump_json
from .github import annotation

#: the formats that can carry input problems (text: the message on stderr says it)
FORMATS = ("github", "sarif", "junit", "json", "markdown")

MESSAGES.update({
    "input.md_heading": ("❌ bad input", "❌ 输入有误"),
    "input.md_summary": ("The input has problems (below): nothing was checked (exit 2).",
                         "输入有误（见下），未作任何检查（退出码 2）。"),
    "input.md_columns": ("| file:line:col | field | message |", "| 位置 | 字段 | 说明 |"),
})

CODE = "INPUT-ERROR"
TITLE = "bad input"
DESCRIPTION = "The input files can be read and checked (exit 2 when not: nothing was checked)"


def _where(p: Problem) -> str:
    """``file:line:col`` (as far as known)."""
    return one_line(":".join([p.path] + [str(n) for n in (p.line, p.column if p.line is not None else None)
                                         if n is not None]))


def _body(p: Problem) -> str:
    """The problem without its position: ``field: message``."""
    return one_line((f"{p.field}: " if p.field else "") + p.message)


def github(problems: list[Problem]) -> str:
    return "".join(annotation("error", p.path, p.line, p.column, TITLE, _body(p)) + "\n" for p in problems)


def problem_dict(p: Problem) -> dict:
    return {"file": p.path, "line": p.line, "column": p.column, "field": p.field,
            "message": one_line(p.message), "message_zh": p.message_zh,
            "text": p.text()}


def json(problems: list[Problem]) -> str:
    return dump_json({"verdict": "error", "exit_code": 2, "problems": [problem_dict(p) for p in problems]})


def sarif(problems: list[Problem]) -> str:
    from .. import __version__
    from .sarif import SCHEMA, place, uri_base_ids

    results = []
    for p in problems:
        results.append({"ruleId": CODE, "ruleIndex": 0, "level": "error", "message": {"text": _body(p)},
                        "locations": [place(p.path, p.line, p.column)],
                        "properties": {"field": p.field, "message_zh": p.message_zh}})
    rule = {"id": CODE, "name": "input-error", "shortDescription": {"text": TITLE},
            "fullDescription": {"text": DESCRIPTION}, "defaultConfiguration": {"level": "error"},
            "properties": {"kind": "input", "severity": "hard"}}
    run = {
        "tool": {"driver": {"name": "branchplan", "version": __version__, "rules": [rule]}},
        "invocations": [{"executionSuccessful": False, "exitCode": 2}],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"verdict": "error"},
    }
    bases = uri_base_ids(run)
    if bases is not None:
        run["originalUriBaseIds"] = bases
    return dump_json({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})


def junit(problems: list[Problem]) -> str:
    suite = ET.Element("testsuite", name="branchplan check: input", tests=str(len(problems)),
                       failures=str(len(problems)), errors="0", skipped="0")
    for p in problems:
        case = ET.SubElement(suite, "testcase", classname="branchplan.input", name=f"{CODE}: {_where(p)}",
                             file=p.path)
        ET.SubElement(case, "failure", type="input", message=_body(p)).text = p.text()
    root = ET.Element("testsuites", name="branchplan check", tests=str(len(problems)),
                      failures=str(len(problems)), errors="0")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def markdown(problems: list[Problem], lang: str = "en") -> str:
    from .checkwords import COLON, punct

    out = [f"### branchplan check{punct(COLON, lang)}{text('input.md_heading', lang)}", "",
           text("input.md_summary", lang), "", text("input.md_columns", lang), "|---|---|---|"]
    for p in problems:
        if lang == "zh":
            msg = md_text(one_line(p.message_zh or p.message))
        else:
            msg = md_text(one_line(p.message)) + (f"<br>{md_text(one_line(p.message_zh))}" if p.message_zh else "")
        field = md_code(one_line(p.field)) if p.field else ""
        out.append(f"| {md_code(_where(p))} | {field} | {msg} |")
    return "\n".join(out) + "\n"


def render_problems(problems: list[Problem], fmt: str, lang: str = "en") -> str:
    """Input problems in one of :data:`FORMATS` (``lang``: markdown's language)."""
    if fmt == "markdown":
        return markdown(problems, lang)
    return {"github": github, "sarif": sarif, "junit": junit, "json": json}[fmt](problems)
