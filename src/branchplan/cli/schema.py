"""branchplan schema firms|plan|rules: print the JSON Schema of a file kind."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..i18n import pick, t
from ..loader import atomic_write
from ..schemas import schema_text
from .app import app, guarded
from .choices import choice_argument
from .localise import LangChoice, chosen, lang_option


class Kind(str, Enum):
    firms = "firms"
    plan = "plan"
    rules = "rules"


@app.command(help=t(
    "Print the JSON Schema of a firms, plan or rules file (for editors and other tools).",
    "输出单位名册、方案或规则文件的 JSON Schema（供编辑器和其他工具使用）。"))
@guarded
def schema(
    kind: Kind = choice_argument(Kind, metavar="KIND", help=t("Which file: firms, plan or rules.", "哪种文件：firms、plan 或 rules。")),
    output: Optional[Path] = typer.Option(None, "--output", "-o", readable=False, metavar="FILE", help=t(
        "Write the schema to this file instead of printing it.", "将 Schema 写入此文件而不是输出到屏幕。")),
    lang: Optional[LangChoice] = lang_option(),
) -> None:
    """Print the JSON Schema of a file kind."""
    text = schema_text(kind.value)
    if output is None:
        typer.echo(text, nl=False)
        return
    atomic_write(output, text)
    typer.echo(pick(f"schema written to {output}", f"Schema 已写入 {output}", chosen(lang)), err=True)
