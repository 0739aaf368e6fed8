"""branchplan check PLAN --firms FIRMS: the CI gate for a proposed plan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError, UsageError
from ..formats import render_report
from ..gate import GateOptions, check_files, require_base
from ..i18n import t, text as message
from ..loader import atomic_write
from ..writing import check_target
from ..privacy import names_to_show, resolve_key
from ..formats.checkwords import verdict
from .app import (app, guarded, key_needs_pseudonymise, parse_date, protected, pseudonym_key_option,
                  pseudonymise_option, report_format)
from .choices import choice_option, number_option
from .localise import LangChoice, chosen, lang_option


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"


#: the format a report written with -o takes from the file's ending (without --format)
ENDINGS = {".sarif.json": "sarif", ".sarif": "sarif", ".json": "json", ".xml": "junit", ".md": "markdown",
           ".markdown": "markdown"}


@app.command(help=t("Check a plan against the charter: exit 0 passes, 1 fails the gate, 2 bad input.",
                   "按规则集检查方案：退出码 0 通过，1 未通过，2 输入有误。"))
@guarded
def check(
    plan: Path = typer.Argument(..., readable=False, metavar="PLAN", help=t("The plan to check (YAML or JSON).",
                                                            "要检查的方案（YAML 或 JSON）。")),
    firms: Path = typer.Option(..., "--firms", readable=False, metavar="FIRMS", help=t("Firms file the plan is about.",
                                                                       "方案对应的单位名册文件。")),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", readable=False, metavar="FILE",
                                         help="Rules file (default: the shipped charter)."),
    base: Optional[Path] = typer.Option(None, "--base", readable=False, metavar="OLD_PLAN",
                                        help=t("The plan before the change: report the diff.", "调整前的方案：报告调整内容。")),
    base_label: Optional[str] = typer.Option(
        None, "--base-label", metavar="TEXT",
        help=t("How the report names the base plan instead of its path (e.g. \"plan.yaml at abc1234\" for a file "
               "taken from a commit).", "报告中代替原方案文件路径的名称（例如从某次提交取出的文件写作 \"plan.yaml at abc1234\"）。")),
    only_new: bool = typer.Option(
        False, "--only-new", help=t("With --base and --format github: annotate only the findings the plan introduced "
                                    "(the verdict still counts every finding).",
                                    "配合 --base 和 --format github：只标注本方案新增的问题（是否通过仍按全部问题判断）。")),
    base_firms: Optional[Path] = typer.Option(None, "--base-firms", readable=False, metavar="OLD_FIRMS",
                                              help=t("Firms file of the base plan, when the roster changed too.",
                                                     "名册也有变化时，原方案对应的单位名册文件。")),
    fmt: Optional[CheckFormat] = choice_option(
        CheckFormat, None, "--format", "-f",
        help=t("text, json, github, sarif, junit or markdown (default: text; with -o, from the file's ending: "
               ".json, .sarif, .xml for junit, .md).",
               "text、json、github、sarif、junit 或 markdown（默认 text；指定 -o 时按文件扩展名：.json、.sarif、"
               ".xml 为 junit、.md）。")),
    max_gap: Optional[float] = number_option(float, None, "--max-gap", min=0, metavar="PCT",
                                            help=t("Fail if the plan costs more than PCT percent over the best plan "
                                                   "(with --base: the best re-plan from the base, moves charged).",
                                                   "方案代价超过最优方案 PCT% 以上时不通过（指定 --base 时与以原方案为基础的"
                                                   "最优调整方案比较，计入调整支部的代价）。")),
    gap_time_limit: float = number_option(float, 30.0, "--gap-time-limit", min=0.01, metavar="SECONDS",
                                         help=t("Seconds for finding the best plan (with --max-gap).",
                                                "求最优方案的时限（秒，配合 --max-gap）。")),
    max_moves: Optional[int] = number_option(int, None, "--max-moves", min=0, metavar="N",
                                            help=t("Fail if more than N members change branch against --base, in "
                                                   "any jurisdiction (with --base-firms, members who changed firm "
                                                   "count too, as in solve --current --old-firms).",
                                                   "相对 --base 调整支部的党员在任一辖区超过 N 名时不通过（指定 --base-firms "
                                                   "时，调换单位的党员也计入，与 solve --current --old-firms 的计数相同）。")),
    waivers: Optional[Path] = typer.Option(None, "--waivers", readable=False, metavar="FILE",
                                           help=t("Waivers file (YAML).", "豁免清单文件（YAML）。")),
    strict: bool = typer.Option(False, "--strict", help=t("Soft findings fail the gate too.", "软性问题也视为不通过。")),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE",
                                        help=t("Date rules and waivers are checked on (YYYY-MM-DD; default: the roster's "
                                                 "date for rules, today in Beijing time for waivers).",
                                                 "检查规则和豁免的日期（YYYY-MM-DD；规则默认用名册日期，豁免默认用北京时间的今天）。")),
    output: Optional[Path] = typer.Option(None, "--output", "-o", readable=False, metavar="FILE",
                                          help=t("Write the report here instead of printing it (in the format "
                                                 "its ending names, unless --format is given).",
                                                 "将报告写入此文件而不是输出到屏幕（未指定 --format 时，格式随文件扩展名而定）。")),
    show_names: bool = typer.Option(False, "--show-names",
                                    help=t("Show member names next to ids in text, markdown and json (github, sarif "
                                           "and junit always name members by id only).",
                                           "在 text、markdown 和 json 报告中于编号旁显示党员姓名（github、sarif、junit "
                                           "始终只显示编号）。")),
    pseudonymise: bool = pseudonymise_option(),
    pseudonym_key: Optional[str] = pseudonym_key_option(),
    lang: Optional[LangChoice] = lang_option(help=t(
        "Language of the text and markdown reports: en or zh (default: from BRANCHPLAN_LANG or LANG/LC_ALL, "
        "else the system locale); json, github, sarif and junit are read by tools and do not change with it.",
        "text 和 markdown 报告的语言：en 或 zh（默认取自 BRANCHPLAN_LANG 或 LANG/LC_ALL，均未设置时取系统区域设置）；"
        "json、github、sarif、junit 供工具读取，不随语言改变。")),
) -> None:
    """Check a plan against the charter: exit 0 passes, 1 fails the gate, 2 bad input."""

    fmt = CheckFormat(report_format(fmt.value if fmt else None, output, ENDINGS))
    day = parse_date(as_of)
    opts = GateOptions(strict=strict, max_moves=max_moves, max_gap=max_gap, gap_time_limit=gap_time_limit,
                       today=day)
    require_base(opts, base is not None, base_firms is not None)
    if base_label is not None and base is None:
        raise UsageError("--base-label needs --base")
    if only_new and (base is None or fmt is not CheckFormat.github):
        raise UsageError("--only-new needs --base and --format github (with --base, json, markdown and sarif mark "
                         "each finding new or not; text and junit do not)")
    inputs = [p for p in (plan, firms, rules, base, base_firms, waivers) if p is not None]
    kept = protected(inputs, rules)   # (the rules file's extends chain, the shipped charters too)
    if output is not None:  # refused before the checks (and any reference solve) run
        check_target(output, kept)
    try:
        report = check_files(plan, firms, rules, base_path=base, base_firms_path=base_firms, waivers_path=waivers,
                             as_of=day, options=opts, base_label=base_label)
    except InputError as exc:  # still exit 2 with the message on stderr; CI formats carry the problems too
        report_problems(exc, fmt.value, output, inputs, chosen(lang), kept)
        raise
    key_needs_pseudonymise(pseudonymise, pseudonym_key)
    if pseudonymise:
        resolve_key(pseudonym_key)  # a missing key is a usage error even without --show-names
        from ..privacy import warn_named_ids

        warn_named_ids(report.roster, str(firms))
    if show_names:
        from ..privacy import name_report

        rosters = [report.base_roster, report.roster]
        report = name_report(report, names_to_show(rosters, pseudonymise, pseudonym_key))
    language = chosen(lang)
    text = render_report(report, fmt.value, language, only_new=only_new)
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text, protect=kept, mode_from=inputs)
        typer.echo(message("check.written", language, verdict=verdict(report, language), path=output), err=True)
    raise typer.Exit(report.exit_code)


def report_problems(exc: InputError, fmt: str, output: Optional[Path], inputs: list[Path],
                    lang: str = "en", kept: Optional[list[Path]] = None) -> None:
    """Bad input in a format tools read (github, sarif, junit, json) or the pull-request
    comment (markdown, in ``lang``): the problems where the
    report would have gone (stdout, or the ``-o`` file, written whole), so that annotations,
    code scanning and test reports show why nothing was checked."""
    from ..formats.problems import FORMATS, render_problems

    if fmt not in FORMATS or not exc.problems:
        return
    text = render_problems(exc.problems, fmt, lang)
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text, protect=inputs if kept is None else kept, mode_from=inputs)
