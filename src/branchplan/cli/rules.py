"""branchplan rules [show CODE | kinds | kind NAME]: the active charter's catalogue, each rule's manual,
and the rule kinds a rules file can use."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..charter import load_charter
from ..loader import dump_json
from ..localrules import warn_narrowed
from ..manual import catalogue, catalogue_text, find_rule, manual
from .app import app, guarded
from .choices import choice_option
from .localise import LangChoice, LocalisedGroup, chosen, lang_option

rules_app = typer.Typer(help="The rules of the active charter, and each rule's manual.",
                        no_args_is_help=False, rich_markup_mode=None, cls=LocalisedGroup)
app.add_typer(rules_app, name="rules")

RULES_OPTION = typer.Option(None, "--rules", "-r", readable=False, metavar="FILE", help="Rules file (default: the shipped charter).")


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
    warn_narrowed(charter)
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
    charter = load_charter(rules)
    warn_narrowed(charter)
    typer.echo(manual(find_rule(charter, code)), nl=False)


@rules_app.command("kinds")
@guarded
def kinds(
    fmt: Format = choice_option(Format, Format.text, "--format", "-f", help="text (a table) or json."),
    lang: Optional[LangChoice] = lang_option("Language of the table's headings and one-line summaries."),
) -> None:
    """List every rule kind a rules file can use: severities allowed, whether it may be repeated, summary."""
    from .. import kinds as k

    language = chosen(lang)
    if fmt == Format.json:
        typer.echo(dump_json({"kinds": k.catalogue(language)}), nl=False)
    else:
        typer.echo(k.catalogue_text(language), nl=False)


@rules_app.command("kind")
@guarded
def kind(
    name: str = typer.Argument(..., metavar="NAME", help="Rule kind (e.g. branch_count); see branchplan rules kinds."),
    lang: Optional[LangChoice] = lang_option("Language of the headings and summary (the kind's manual itself is in English)."),
) -> None:
    """Print a rule kind's manual: severities, whether repeatable, parameters with types and defaults, an example entry."""
    from .. import kinds as k

    typer.echo(k.manual(name, chosen(lang)), nl=False)
