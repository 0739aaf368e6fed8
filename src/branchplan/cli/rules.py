"""branchplan rules [show CODE]: the active charter's catalogue and each rule's manual."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..charter import load_charter
from ..loader import dump_json
from ..manual import catalogue, catalogue_text, find_rule, manual
from .app import app, guarded
from .choices import choice_option
from .localise import LocalisedGroup

rules_app = typer.Typer(help="The rules of the active charter, and each rule's manual.",
                        no_args_is_help=False, rich_markup_mode=None, cls=LocalisedGroup)
app.add_typer(rules_app, name="rules")

RULES_OPTION = typer.Option(None, "--rules", "-r", metavar="FILE", help="Rules file (default: the shipped charter).")


class Format(str, Enum):
    text = "text"
    json = "json"


@rules_app.callback(invoke_without_command=True)
@guarded
def rules(
    ctx: typer.Context,
    rules: Optional[Path] = RULES_OPTION,
    fmt: Format = choice_option(Format, Format.text, "--format", "-f", help="text (a table) or json."),
) -> None:
    """List the rules of the active charter: code, name, kind, severity, weight, priority, parameters."""
    ctx.obj = {"rules": rules}
    if ctx.invoked_subcommand is not None:
        return
    charter = load_charter(rules)
    if fmt == Format.json:
        typer.echo(dump_json({"charter": charter.name, "rules": catalogue(charter),
                              "disabled": list(charter.disabled)}), nl=False)
    else:
        typer.echo(catalogue_text(charter), nl=False)


@rules_app.command("show")
@guarded
def show(
    ctx: typer.Context,
    code: str = typer.Argument(..., metavar="CODE", help="Rule code (e.g. BP-MIN-FULL) or name."),
    rules: Optional[Path] = RULES_OPTION,
) -> None:
    """Print a rule's manual: charter wording (Chinese and English), source, parameters, examples."""
    rules = rules or (ctx.obj or {}).get("rules")
    typer.echo(manual(find_rule(load_charter(rules), code)), nl=False)
