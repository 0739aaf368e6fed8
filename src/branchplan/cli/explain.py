"""branchplan explain PLAN --firms FIRMS [--branch ID | --firm ID] [--base OLD_PLAN [--base-firms OLD_FIRMS]]:
why this plan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..api import standing_day
from ..current import from_plan, load_reference
from ..names import reading, roster_names
from ..origins import require_same_ids, warn_plan_roster
from ..charter import load_charter, warn_other_charter
from ..localrules import warn_roster
from ..errors import UsageError
from ..errtext import say
from ..explain import ALTERNATIVES_RANGE, explain_branch, explain_firm, explain_plan, find_firm, no_branch
from ..explain_text import branch_text, firm_text, plan_text
from ..loader import dump_json
from ..plan import load_plan
from ..roster import load_roster
from .app import app, guarded, parse_date
from .choices import choice_option, number_option
from ..i18n import t
from .localise import LangChoice, chosen, lang_option


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command()
@guarded
def explain(
    plan_path: Path = typer.Argument(..., readable=False, metavar="PLAN", help="Plan file (from solve, or hand-made)."),
    firms: Path = typer.Option(..., "--firms", readable=False, metavar="FIRMS", help="Firms file the plan is about."),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", readable=False, metavar="FILE", help="Rules file (default: the shipped charter)."),
    branch: Optional[str] = typer.Option(None, "--branch", "-b", metavar="ID", help="Explain this branch."),
    firm: Optional[str] = typer.Option(None, "--firm", metavar="ID", help="Explain this firm's placement."),
    base: Optional[Path] = typer.Option(None, "--base", readable=False, metavar="OLD_PLAN",
                                        help=t("The plan re-planned from: say where a firm was and why it moved, and "
                                               "weigh the members moved from it (BP-STABILITY) as the re-plan does.",
                                               "调整前的方案：说明单位原在哪个支部、为何调整，并按调整方案的计法计入相对于它"
                                               "调动的党员（BP-STABILITY）。")),
    base_firms: Optional[Path] = typer.Option(None, "--base-firms", readable=False, metavar="OLD_FIRMS",
                                              help=t("Firms file of the base plan, when the roster changed too.",
                                                     "名册也有变化时，原方案对应的单位名册文件。")),
    alternatives: Optional[int] = number_option(int, None, "--alternatives", min=ALTERNATIVES_RANGE[0],
                                                max=ALTERNATIVES_RANGE[1], metavar="N",
                                                help="Alternatives shown for --firm (default 3)."),
    fmt: Format = choice_option(Format, Format.text, "--format", "-f", help="text or json."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Date standing is measured on (YYYY-MM-DD)."),
    lang_opt: Optional[LangChoice] = lang_option(),
) -> None:
    """Explain a plan: each branch's cost per rule; a branch's binding rules; a firm's placement and alternatives."""
    lang = chosen(lang_opt)  # the text's language; the JSON carries both (message / message_zh ...)
    if branch is not None and firm is not None:
        raise UsageError("give --branch or --firm, not both")
    if alternatives is not None and firm is None:
        raise UsageError(say("usage.alternatives_firm"))
    if base_firms is not None and base is None:
        raise UsageError("--base-firms needs --base")
    roster = load_roster(firms)
    base_roster = load_roster(base_firms) if base_firms is not None else None
    if base_roster is not None:
        require_same_ids(roster, base_roster, str(firms), str(base_firms))
    charter = load_charter(rules)
    warn_roster(charter, roster, str(firms))
    plan, written = load_plan(plan_path)
    if rules is None:   # (a plan made under another charter: --rules left out)
        warn_other_charter(plan.charter, charter, str(plan_path), "explain", written)
    current = None
    if base is not None:   # read as check --base reads it: a firm in two branches is refused at its line
        base_plan, base_text = load_reference(str(base), roster, base_roster)
        if base_roster is not None:
            warn_plan_roster(base_plan, base_roster, str(base), str(base_firms))
        with reading(roster_names(roster)):
            current = from_plan(base_plan, roster, str(base), base_text, base_roster)
    day = standing_day(roster, parse_date(as_of), plan, plan_first=True, name="--as-of")
    if branch is not None:
        if branch not in {b.id for b in plan.branches}:
            raise no_branch(branch, [b.id for b in plan.branches], "--branch")
        data = explain_branch(plan, roster, charter, day, branch, base=current)
        text = branch_text(data, charter, lang)
    elif firm is not None:
        firm = find_firm(roster, firm, plan, "--firm").id
        data = explain_firm(plan, roster, charter, day, firm, 3 if alternatives is None else alternatives,
                            base=current)
        text = firm_text(data, charter, lang)
    else:
        data = explain_plan(plan, roster, charter, day, base=current)
        text = plan_text(data, lang)
    typer.echo(dump_json(data) if fmt == Format.json else text, nl=False)
