"""branchplan diff OLD NEW --firms FIRMS: what a reorganisation changes."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..charter import load_charter, warn_other_charter
from ..localrules import warn_roster
from ..current import load_reference
from ..diff import compare_plans
from ..origins import require_same_ids, warn_plan_roster
from ..errors import Gather
from ..formats.diff import markdown_title
from ..loader import atomic_write, dump_json, dump_yaml
from ..plan import load_plan
from ..roster import load_roster
from ..i18n import t
from ..privacy import names_to_show, resolve_key
from ..writing import check_target
from .app import (app, guarded, key_needs_pseudonymise, parse_date, protected, pseudonym_key_option,
                  pseudonymise_option, report_format)
from .choices import choice_option
from .localise import LangChoice, chosen, lang_option


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"



#: the format a diff written with -o takes from the file's ending (without --format)
ENDINGS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".markdown": "markdown"}


@app.command()
@guarded
def diff(
    old: Path = typer.Argument(..., readable=False, metavar="OLD", help="The plan before (YAML or JSON)."),
    new: Path = typer.Argument(..., readable=False, metavar="NEW", help="The plan after (YAML or JSON)."),
    firms: Path = typer.Option(..., "--firms", readable=False, metavar="FIRMS", help="Firms file both plans are about."),
    old_firms: Optional[Path] = typer.Option(None, "--old-firms", readable=False, metavar="OLD_FIRMS",
                                             help="Firms file of the old plan, when the roster changed too."),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", readable=False, metavar="FILE", help="Rules file (default: the shipped charter)."),
    fmt: Optional[DiffFormat] = choice_option(
        DiffFormat, None, "--format", "-f",
        help="text, json, yaml or markdown (default: text; with -o, from the file's ending: .json, .yaml, .md)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Date standing is measured on (YYYY-MM-DD)."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", readable=False, metavar="FILE",
        help="Write the diff here instead of printing it (in the format its ending names, unless --format is given)."),
    show_names: bool = typer.Option(False, "--show-names",
                                    help=t("Show member names next to ids (by default members are named by id only).",
                                           "在编号旁显示党员姓名（默认只显示编号）。")),
    pseudonymise: bool = pseudonymise_option(),
    pseudonym_key: Optional[str] = pseudonym_key_option(),
    lang: Optional[LangChoice] = lang_option(help=t(
        "Language of the text and markdown output: en or zh (default: from BRANCHPLAN_LANG or LANG/LC_ALL, "
        "else the system locale); json and yaml are data and do not change with it.",
        "text 和 markdown 输出的语言：en 或 zh（默认取自 BRANCHPLAN_LANG 或 LANG/LC_ALL，均未设置时取系统区域设置）；"
        "json 和 yaml 为数据，不随语言改变。")),
) -> None:
    """List the members and firms that move, branches created, dissolved, merged or split, and rule costs."""
    fmt = DiffFormat(report_format(fmt.value if fmt else None, output, ENDINGS))
    day = parse_date(as_of)
    inputs = [old, new, firms] + [p for p in (old_firms, rules) if p is not None]
    if output is not None:  # refused before any file is read
        check_target(output, protected(inputs, rules))
    g = Gather()                                  # every file's problems in one run
    roster = g.run(load_roster, firms)
    before = g.run(load_roster, old_firms) if old_firms is not None else None
    charter = g.run(load_charter, rules)
    # refused as check --base refuses its base plan (those checks need the roster)
    old_plan, old_text = (g.run(load_reference, old, roster, before) if roster is not None
                          else g.run(load_plan, old)) or (None, "")
    new_plan, new_text = g.run(load_plan, new) or (None, "")
    g.done()
    warn_roster(charter, roster, str(firms))
    said = []   # (the library's warnings, given here at the plans' lines)
    if before is not None:
        require_same_ids(roster, before, str(firms), str(old_firms))
        said += warn_plan_roster(old_plan, before, str(old), str(old_firms))
    said += warn_plan_roster(new_plan, roster, str(new), str(firms))   # (the new plan is for --firms)
    if rules is None:   # (a plan made under another charter: --rules left out)
        for plan, path, plan_text in ((old_plan, old, old_text), (new_plan, new, new_text)):
            said += warn_other_charter(plan.charter, charter, str(path), "diff", plan_text)
    d = compare_plans(old_plan, new_plan, roster, charter, day, before)
    d.warnings = said
    key_needs_pseudonymise(pseudonymise, pseudonym_key)
    if pseudonymise:
        resolve_key(pseudonym_key)  # a missing key is a usage error even without --show-names
        from ..privacy import warn_named_ids

        warn_named_ids(roster, str(firms))
    if show_names:
        from ..privacy import name_diff

        d = name_diff(d, names_to_show([before, roster], pseudonymise, pseudonym_key))
    if fmt is DiffFormat.text:
        text = "\n".join([f"{old} -> {new}"] + d.text_lines(chosen(lang))) + "\n"
    elif fmt is DiffFormat.markdown:
        text = markdown_title(old, new, chosen(lang)) + "\n\n" + d.markdown(chosen(lang))
    else:
        data = {"old": str(old), "new": str(new), "charter": charter.name, **d.to_dict()}
        text = dump_json(data) if fmt is DiffFormat.json else dump_yaml(data)
    if output is None:
        typer.echo(text, nl=False)
        return
    atomic_write(output, text, protect=protected(inputs, rules), mode_from=inputs)
    typer.echo(f"diff written to {output}", err=True)
