"""branchplan import ROSTER: a roster spreadsheet (Excel or CSV) to a firms file.

A rejected row makes the import fail (exit 2, nothing written) unless ``--allow-rejects``
is given: a tool that silently writes a roster missing members would be trusted wrongly.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..i18n import pick, t
from ..importer import NothingTaken, import_roster, rows_rejected
from ..importer.ids import ENV_KEY, MIN_KEY_CHARS, id_key
from ..importer.summary import rejection_problems, summary_text
from ..loader import atomic_write
from ..writing import check_target
from .app import app, format_for_path, guarded, parse_date
from .localise import LangChoice, chosen, lang_option


@app.command("import", help=t(
    "Read a roster spreadsheet (Excel .xlsx or CSV) into a firms file; only the fields branchplan uses are "
    "kept. Any rejected row fails the import unless --allow-rejects is given.",
    "将党员名册表格（Excel .xlsx 或 CSV）导入为单位名册文件，只保留 branchplan 需要的字段。"
    "有任何一行被拒收则导入失败，除非给出 --allow-rejects。"))
@guarded
def import_(
    roster: Path = typer.Argument(..., readable=False, metavar="ROSTER", help=t(
        "Roster spreadsheet: .xlsx, or .csv in UTF-8, UTF-8 with BOM, UTF-16 or GBK; one row per member or per firm.",
        "名册表格：.xlsx，或 UTF-8、带 BOM 的 UTF-8、UTF-16、GBK 编码的 .csv；每行一名党员或一个单位。")),
    output: Optional[Path] = typer.Option(None, "--output", "-o", readable=False, metavar="FILE", help=t(
        "Write the firms file here (.yaml or .json); default: print YAML.",
        "写出单位名册文件（.yaml 或 .json）；默认输出 YAML 到屏幕。")),
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", metavar="CITY", help=t(
        "City of every firm without a city column (e.g. 贵港市).", "没有“所属城市”列时各单位所属城市（如 贵港市）。")),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help=t(
        "Date Party standing is measured on, written into the firms file (YYYY-MM-DD).",
        "党龄计算日，写入名册文件（YYYY-MM-DD）。")),
    sheet: Optional[str] = typer.Option(None, "--sheet", metavar="NAME", help=t(
        "Excel sheet to read (default: the first).", "要读取的 Excel 工作表（默认第一个）。")),
    key: Optional[str] = typer.Option(None, "--id-key", metavar="KEY", help=t(
        f"Secret key for pseudonymous member ids when ID numbers are the only identifier (or set {ENV_KEY}); "
        f"at least {MIN_KEY_CHARS} characters; never written anywhere.",
        f"仅有身份证号可标识党员时，用于派生化名编号的密钥（或设置环境变量 {ENV_KEY}）；至少 {MIN_KEY_CHARS} 个字符；"
        "不会写入任何文件。")),
    no_names: bool = typer.Option(False, "--no-names", help=t(
        "Do not write members' names into the firms file (e.g. one kept in a repository for CI); needs member ids "
        "that carry over: a member-id column, or ID numbers with --id-key.",
        "不把党员姓名写入名册文件（例如要放入代码仓库供 CI 使用的名册）；需要跨年份不变的党员编号："
        "“党员编号”列，或“身份证号”列加 --id-key。")),
    allow_rejects: bool = typer.Option(False, "--allow-rejects", help=t(
        "Write the firms file even if some rows are rejected (they are listed).",
        "即使有行被拒收也写出名册文件（被拒收的行会列出）。")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=t(
        "Print no summary (rejected rows and warnings are still listed).",
        "不输出导入概况（被拒收的行和提醒仍会列出）。")),
    lang: Optional[LangChoice] = lang_option(),
) -> None:
    """Read a roster spreadsheet into a firms file."""
    language = chosen(lang)
    if output is not None:
        format_for_path(output)  # refuse a bad suffix or path before reading anything
        check_target(output, [roster])
    try:
        result = import_roster(roster, jurisdiction=jurisdiction, as_of=parse_date(as_of), id_key=id_key(key),
                               sheet=sheet, names=not no_names)
    except NothingTaken as exc:  # every row rejected: list them all, even with --allow-rejects
        _report(exc.result, quiet, language)
        en, zh = rows_rejected(len(exc.result.rejected_rows))
        typer.echo(pick(f"{exc.result.table.path}: no row could be taken ({en}); nothing written",
                        f"{exc.result.table.path}：没有可采用的行（{zh}）；未写出任何文件", language), err=True)
        raise typer.Exit(2) from None
    _report(result, quiet, language)
    n = len(result.rejected_rows)
    if n and not allow_rejects:
        them = "it" if n == 1 else "them"
        typer.echo(pick(f"{rows_rejected(n)[0]}; nothing written (fix {them}, or write the rest with --allow-rejects)",
                        f"{n} 行被拒收；未写出任何文件（请修正，或用 --allow-rejects 写出其余各行）", language), err=True)
        raise typer.Exit(2)
    if output is None:
        typer.echo(result.text("yaml"), nl=False)
        return
    text = result.text("json" if format_for_path(output) == "json" else "yaml")
    # (no more readable than the roster; a pipe's mode, 0600, says nothing of what went through it)
    atomic_write(output, text, protect=[roster], mode_from=[roster] if roster.is_file() else [])
    if n:
        typer.echo(pick(f"{rows_rejected(n)[0]} and left out (--allow-rejects)",
                        f"{n} 行被拒收，已略去，其余各行已写出（--allow-rejects）", language), err=True)
    typer.echo(pick(f"firms file written to {output}", f"单位名册已写入 {output}", language), err=True)
    sys.stderr.flush()


def _report(result, quiet: bool, language: str) -> None:
    """The rejected rows and the warnings (always), then the summary (unless --quiet), on stderr."""
    for p in rejection_problems(result, language):
        typer.echo(str(p), err=True)
    if not quiet:
        typer.echo(summary_text(result, language), err=True, nl=False)
