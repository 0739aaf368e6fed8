"""branchplan check PLAN --firms FIRMS: the CI gate for a proposed plan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import UsageError
from ..formats import render_report
from ..gate import GateOptions, check_files
from ..loader import atomic_write
from .app import app, guarded
from .diff import parse_date


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    markdown = "markdown"


@app.command()
@guarded
def check(
    plan: Path = typer.Argument(..., help="The plan to check (YAML or JSON)."),
    firms: Path = typer.Option(..., "--firms", help="Firms file the plan is about."),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", help="Rules file (default: the shipped charter)."),
    base: Optional[Path] = typer.Option(None, "--base", help="The plan before the change: report the diff."),
    base_firms: Optional[Path] = typer.Option(None, "--base-firms",
                                              help="Firms file of the base plan, when the roster changed too."),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                    help="text, json, github, sarif, junit or markdown."),
    max_gap: Optional[float] = typer.Option(None, "--max-gap", min=0,
                                            help="Fail if the plan costs more than PCT percent over the best plan."),
    gap_time_limit: float = typer.Option(30.0, "--gap-time-limit", min=0.01,
                                         help="Seconds for finding the best plan (with --max-gap)."),
    max_moves: Optional[int] = typer.Option(None, "--max-moves", min=0,
                                            help="Fail if more than N members change branch against --base."),
    waivers: Optional[Path] = typer.Option(None, "--waivers", help="Waivers file (YAML)."),
    strict: bool = typer.Option(False, "--strict", help="Soft findings fail the gate too."),
    as_of: Optional[str] = typer.Option(None, "--as-of",
                                        help="Date rules and waivers are checked on (YYYY-MM-DD; default: the "
                                             "roster's date for rules, today for waivers)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here instead of printing it."),
) -> None:
    """Check a plan against the charter: exit 0 passes, 1 fails the gate, 2 bad input."""
    day = parse_date(as_of)
    if max_moves is not None and base is None:
        raise UsageError("--max-moves counts members moving against a base plan: give --base OLD_PLAN")
    if base_firms is not None and base is None:
        raise UsageError("--base-firms needs --base")
    opts = GateOptions(strict=strict, max_moves=max_moves, max_gap=max_gap, gap_time_limit=gap_time_limit,
                       today=day)
    report = check_files(plan, firms, rules, base_path=base, base_firms_path=base_firms, waivers_path=waivers,
                         as_of=day, options=opts)
    text = render_report(report, fmt.value)
    if output is None:
        typer.echo(text, nl=False)
    else:
        inputs = [p for p in (plan, firms, rules, base, base_firms, waivers) if p is not None]
        atomic_write(output, text, protect=inputs, mode_from=inputs)
        typer.echo(f"{report.verdict()}; report written to {output}", err=True)
    raise typer.Exit(report.exit_code)
