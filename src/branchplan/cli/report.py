"""branchplan report PLAN --firms FIRMS: one self-contained HTML page for the committee."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..charter import load_charter, warn_other_charter
from ..localrules import warn_roster
from ..current import load_reference
from ..origins import require_same_ids, warn_plan_roster
from ..i18n import text, t
from ..loader import atomic_write
from ..writing import check_target, refuse_folder
from ..plan import load_plan
from ..privacy import pseudonymise_roster, resolve_key, warn_named_ids
from ..roster import load_roster
from .app import (app, guarded, key_needs_pseudonymise, parse_date, protected, pseudonym_key_option,
                  pseudonymise_option)
from .localise import LangChoice, chosen, lang_option
from .progress import _isatty


@app.command(help=t(
    "Write a plan as one self-contained HTML page (figures, map, a table per branch, findings, changes); "
    "it needs no network and prints well.",
    "将方案写成一个独立的 HTML 页面（概况、分布图、各支部表格、检查结果、变化），无需联网，适合打印。"))
@guarded
def report(
    plan: Path = typer.Argument(..., readable=False, metavar="PLAN", help=t("Plan file (YAML or JSON), solved or hand-made.",
                                            "方案文件（YAML 或 JSON），求解所得或手工编排均可。")),
    firms: Path = typer.Option(..., "--firms", readable=False, metavar="FIRMS", help=t("Firms file the plan is about.", "方案对应的单位名册文件。")),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", readable=False, metavar="FILE", help=t(
        "Rules file (default: the shipped charter).", "规则文件（默认使用内置规则集）。")),
    base: Optional[Path] = typer.Option(None, "--base", readable=False, metavar="OLD_PLAN", help=t(
        "An earlier plan: show what changes from it.", "原有方案：列出相对于它的变化。")),
    base_firms: Optional[Path] = typer.Option(None, "--base-firms", readable=False, metavar="OLD_FIRMS", help=t(
        "The firms file of the earlier plan: members who changed firm are followed, and the earlier "
        "plan's costs are measured on its own roster.",
        "原有方案所依据的单位名册：跟踪调换单位的党员，原方案的代价按其自身名册计算。")),
    output: Optional[Path] = typer.Option(None, "--output", "-o", readable=False, metavar="FILE", help=t(
        "Write the HTML here (default: to standard output, if that is not a terminal); a name ending in .xlsx "
        "writes an Excel workbook instead.",
        "将 HTML 写入此文件（默认写到标准输出，但标准输出为终端时不写）；文件名以 .xlsx 结尾时改为写出 Excel 工作簿。")),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help=t(
        "Date standing is measured on (YYYY-MM-DD).", "党龄计算日（YYYY-MM-DD）。")),
    pseudonymise: bool = pseudonymise_option(),
    pseudonym_key: Optional[str] = pseudonym_key_option(),
    lang: Optional[LangChoice] = lang_option(),
) -> None:
    """Write a plan as one self-contained HTML page."""
    language = chosen(lang)
    if output is None and _isatty(sys.stdout):     # (a page of HTML on a terminal is of no use to anyone)
        from ..errors import UsageError
        from ..errtext import say

        raise UsageError(say("usage.html_terminal"))
    if output is not None:
        refuse_folder(output)
    if output is not None and output.suffix.lower() not in (".html", ".htm", ".xlsx"):
        from ..errors import UsageError
        from ..errtext import say

        raise UsageError(say("usage.html", path=output))
    if output is not None:
        check_target(output, protected([p for p in (plan, firms, rules, base, base_firms) if p is not None], rules))
    if base_firms is not None and base is None:
        from ..errors import UsageError

        raise UsageError("--base-firms needs --base")
    day = parse_date(as_of)
    roster = load_roster(firms)
    base_roster = load_roster(base_firms) if base_firms is not None else None
    if base_roster is not None:
        require_same_ids(roster, base_roster, str(firms), str(base_firms))
    key_needs_pseudonymise(pseudonymise, pseudonym_key)
    if pseudonymise:
        key = resolve_key(pseudonym_key)
        warn_named_ids(roster, str(firms))
        roster = pseudonymise_roster(roster, key)
    charter = load_charter(rules)
    warn_roster(charter, roster, str(firms))
    the_plan, plan_text = load_plan(plan)
    if rules is None:   # (a plan made under another charter: --rules left out)
        warn_other_charter(the_plan.charter, charter, str(plan), "report", plan_text)
    base_plan = load_reference(base, roster)[0] if base is not None else None  # as check --base
    if base_roster is not None:
        warn_plan_roster(base_plan, base_roster, str(base), str(base_firms))
    if base_roster is not None and pseudonymise:
        base_roster = pseudonymise_roster(base_roster, resolve_key(pseudonym_key))
    given = [p for p in (plan, firms, rules, base, base_firms) if p is not None]
    # by name; by the path as given where two files share a name (province.yaml twice)
    names = [p.name for p in given]
    files = tuple(p.name if names.count(p.name) == 1 else str(p) for p in given)
    inputs = [p for p in (plan, firms, rules, base, base_firms) if p is not None]
    if output is not None and output.suffix.lower() == ".xlsx":
        from ..xlsxreport import build_workbook

        book = build_workbook(the_plan, roster, charter, day, base_plan, language, base_roster=base_roster)
        atomic_write(output, book, protect=protected(inputs, rules), mode_from=inputs)
        typer.echo(text("report.written", language, path=output), err=True)
        return
    from ..htmlreport import build_report   # (jinja2 loads only for a report)

    html = build_report(the_plan, roster, charter, day, base_plan, language, files, base_roster=base_roster)
    if output is None:
        typer.echo(html, nl=False)
        return
    atomic_write(output, html, protect=protected(inputs, rules), mode_from=inputs)
    typer.echo(text("report.written", language, path=output), err=True)
