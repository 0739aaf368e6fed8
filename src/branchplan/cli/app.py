"""The typer app and what every command shares: error handling, output writing."""

from __future__ import annotations

import functools
from datetime import date
import os
import sys
from pathlib import Path
from typing import Callable

import typer

from ..errors import BranchplanError, InternalError
from ..loader import atomic_write, dump_json, dump_yaml
from .localise import LocalisedGroup

app = typer.Typer(
    name="branchplan",
    help="Party branch formation and joint-branch assignment for law firms: solve, check, explain.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LocalisedGroup,
)


def main() -> None:  # console-script entry point
    app()


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"branchplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Party branch formation and joint-branch assignment for law firms: solve, check, explain."""


def guarded(fn: Callable) -> Callable:
    """Turn branchplan's errors into a message and an exit code; never a traceback.

    2: bad input or usage; 3: internal error. Set BRANCHPLAN_DEBUG=1 for tracebacks.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except BranchplanError as exc:
            if os.environ.get("BRANCHPLAN_DEBUG"):
                raise
            prefix = "internal error: " if isinstance(exc, InternalError) else ""
            typer.echo(f"{prefix}{exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing written", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:  # a defect: say so plainly
            if os.environ.get("BRANCHPLAN_DEBUG"):
                raise
            typer.echo(f"internal error: {type(exc).__name__}: {exc} "
                       "(please report it; BRANCHPLAN_DEBUG=1 shows the traceback)", err=True)
            raise typer.Exit(3) from None

    return wrapper


def serialise(data: dict, fmt: str) -> str:
    return dump_json(data) if fmt == "json" else dump_yaml(data)


def format_for_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    from ..errors import UsageError

    raise UsageError(f"{path}: output file must end in .yaml, .yml or .json")


def write_output(path: Path, data: dict, inputs: list[Path]) -> None:
    """Write a data file atomically, never over an input, no more readable than the inputs."""
    atomic_write(path, serialise(data, format_for_path(path)), protect=inputs, mode_from=inputs)


def default_format(explicit: str | None, writing_file: bool) -> str:
    if explicit:
        return explicit
    if writing_file or sys.stdout.isatty():
        return "text"
    return "yaml"


def parse_date(value: str | None, option: str = "--as-of") -> date | None:
    """A YYYY-MM-DD option value; a usage error (exit 2) otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from ..errors import UsageError

        raise UsageError(f"{option}: {value!r} is not a date like 2026-11-01") from None
