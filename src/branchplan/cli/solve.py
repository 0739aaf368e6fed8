"""branchplan solve FIRMS: group the firms into branches under the charter."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..api import solve as run_solve
from ..charter import load_charter
from ..privacy import pseudonymise_roster, resolve_key
from ..render import plan_text, problems_text
from ..roster import load_roster
from ..solver.solve import SolveOptions
from .app import app, default_format, guarded, serialise, write_output


class Format(str, Enum):
    text = "text"
    yaml = "yaml"
    json = "json"


@app.command()
@guarded
def solve(
    firms: Path = typer.Argument(..., help="Firms file (YAML or JSON)."),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", help="Rules file (default: the shipped charter)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the plan here (.yaml or .json)."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f",
                                         help="What to print: text (default on a terminal or with -o), yaml, json."),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.01, help="Seconds for the whole solve."),
    seed: int = typer.Option(0, "--seed", help="Solver random seed (same seed, same plan)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Jurisdictions solved in parallel."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date standing is measured on (YYYY-MM-DD)."),
    nearest: Optional[int] = typer.Option(None, "--nearest", min=1,
                                          help="Candidate leads per small firm (default: all in small cities, 15 nearest in large)."),
    verbose: bool = typer.Option(False, "--verbose", help="Print the solver's search log."),
    pseudonymise: bool = typer.Option(False, "--pseudonymise",
                                      help="Replace firm and member names in every output with stable keyed pseudonyms."),
    pseudonym_key: Optional[str] = typer.Option(None, "--pseudonym-key", envvar="BRANCHPLAN_PSEUDONYM_KEY",
                                                show_envvar=True, help="Key for --pseudonymise (never written out)."),
) -> None:
    """Group the firms into branches: own branches for firms with 3+ full members, joint branches for the rest."""
    day = _parse_date(as_of)
    roster = load_roster(firms)
    if pseudonymise:
        roster = pseudonymise_roster(roster, resolve_key(pseudonym_key))
    charter = load_charter(rules)
    opts = SolveOptions(time_limit=time_limit, seed=seed, workers=workers,
                        nearest=nearest if nearest is not None else -1, log=verbose)
    result = run_solve(roster, charter, opts, as_of=day)
    if not result.ok:
        typer.echo(problems_text(result), err=True, nl=False)
        what = "no plan satisfies the charter" if result.plan.status == "infeasible" else "no plan found"
        typer.echo(f"{what}; nothing written", err=True)
        raise typer.Exit(1)
    data = result.plan.to_dict()
    if output is not None:
        inputs = [firms] + ([rules] if rules else [])
        write_output(output, data, inputs)
    shown = default_format(fmt.value if fmt else None, output is not None)
    typer.echo(plan_text(result.plan, roster) if shown == "text" else serialise(data, shown), nl=False)
    if output is not None:
        typer.echo(f"plan written to {output}", err=True)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from ..errors import UsageError

        raise UsageError(f"--as-of: {value!r} is not a date like 2026-11-01") from None
