"""branchplan solve FIRMS --current PLAN: re-plan with minimal disruption (options of solve).

Outputs: ``-o`` writes the new plan alone (next year's ``--current``); ``--changes FILE``
writes the change list (.md memo, .yaml/.json data, .txt text); stdout shows the plan and
the change list as text, the memo (``--format markdown``), or both as one YAML/JSON
document ``{plan, replan, moves, notes, current_plan_findings, changes}``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
import warnings

import typer

from ..charter import Charter, CharterWarning, warn_other_charter
from ..errors import Problem, UsageError
from ..errtext import say
from ..formats.replan import replan_markdown, replan_text
from ..i18n import pick, text
from ..loader import read_text
from ..writing import atomic_write_all
from ..model import Roster
from ..origins import require_same_ids, warn_plan_roster
from ..render import plan_text, problems_text
from ..replan import Replan, _replan, load_current
from ..roster import load_roster
from ..solver.options import SolveOptions
from .app import default_format, format_for_path, protected, serialise

CHANGE_FORMATS = {".md": "markdown", ".markdown": "markdown", ".yaml": "yaml", ".yml": "yaml",
                  ".json": "json", ".txt": "text"}


def run_replan(firms: Path, roster: Roster, charter: Charter, opts: SolveOptions, day: date | None,
               current: Path, pins: list[str], max_moves: int | None, old_firms: Path | None,
               changes: Path | None, rules: Path | None, output: Path | None, fmt: str | None,
               lang: str = "en", quiet: bool = False, progress=None, memo_lang: str | None = None,
               old_roster: Roster | None = None, names: dict[str, str] | None = None) -> None:
    """``memo_lang``: the Markdown memo's language when it differs from ``lang`` ("bi": both,
    when no language was asked for); ``old_roster``: ``old_firms`` already read (and its ids
    checked against the roster); ``names``: member names to show next to ids (--show-names)."""
    if output is not None:
        format_for_path(output)  # refuse a bad suffix before any work
    change_fmt = _change_format(changes, output)
    cur = load_current(current, roster)
    old = old_roster
    if old is None and old_firms is not None:
        old = load_roster(old_firms)
        require_same_ids(roster, old, str(firms), str(old_firms))
    said = []   # (the library's warnings, given here at the plan's lines)
    if old is not None and old_firms is not None and cur.source is not None:
        said += warn_plan_roster(cur.source, old, str(current), str(old_firms))
    if cur.source is not None and rules is None:   # (a plan made under another charter: --rules left out)
        recorded = cur.source.charter
        # (the file read again for the line of its charter: only when there is something to say)
        written = read_text(current) if recorded not in (None, charter.name) else ""
        said += warn_other_charter(recorded, charter, str(current), "replan", written)
    if not charter.of_kind("stability"):   # (a charter that switched it off: nothing keeps members in place)
        found = Problem(str(rules) if rules is not None else "", say("replan.no_stability"))
        warnings.warn(CharterWarning(found), stacklevel=2)
        said.append(found)
    if old is not None:   # (renamed firms in their places before the pins are read)
        cur = cur.following(roster, old)
    cur = cur.requesting(_split(pins), max_moves)
    rp = _replan(roster, cur, charter, opts, day, progress)
    rp.warnings = said
    if not rp.ok:
        from ..solver import interrupt
        from .solve import _no_plan

        typer.echo(problems_text(rp.result, lang), err=True, nl=False)
        if fmt in ("json", "yaml") and not interrupt.requested():  # machine-readable: why, on stdout
            typer.echo(serialise(_no_plan(rp.result), fmt), nl=False)
        # the pins or the moves cap were the cause (the roster itself has a plan)
        by_requests = rp.result.plan.status == "infeasible" and not rp.result.conflicts and cur.requests
        pins = any(r.cap is None for r in cur.requests)
        capped = any(r.cap is not None for r in cur.requests)
        key = ("solve.no_plan_requests" if pins and capped else "solve.no_plan_pins" if pins
               else "solve.no_plan_cap") if by_requests else (
            "solve.no_plan" if rp.result.plan.status == "infeasible" else "solve.not_found")
        typer.echo(text(key, lang), err=True)
        raise typer.Exit(1)
    if names is not None and rp.diff is not None:
        from ..privacy import name_diff

        rp.diff = name_diff(rp.diff, names)
    names = (current.name, firms.name)
    data = rp.result.plan.to_dict()
    inputs = [firms, current] + [p for p in (rules, old_firms) if p is not None]
    # the plan and the change list: both written, or neither
    outputs = []
    if output is not None:
        outputs.append((output, serialise(data, format_for_path(output))))
    if changes is not None:
        outputs.append((changes, render(rp, roster, change_fmt, names, with_plan=False, lang=lang,
                                        memo_lang=memo_lang)))
    if outputs:
        atomic_write_all(outputs, protect=protected(inputs, rules), mode_from=inputs)
    shown = default_format(fmt, output is not None)
    typer.echo(render(rp, roster, shown, names, with_plan=True, lang=lang, memo_lang=memo_lang,
                      written=None if output is None else str(output)), nl=False)
    if not quiet:
        if output is not None:
            typer.echo(text("solve.written", lang, path=output), err=True)
        if changes is not None:
            typer.echo(pick(f"change list written to {changes}", f"变动清单已写入 {changes}", lang), err=True)


def render(rp: Replan, roster: Roster, fmt: str, names: tuple[str, str], with_plan: bool, lang: str = "en",
           memo_lang: str | None = None, written: str | None = None) -> str:
    current_name, firms_name = names
    if fmt == "markdown":
        return replan_markdown(rp, roster, current_name, firms_name, memo_lang or lang)
    if fmt == "text":
        head = plan_text(rp.result.plan, roster, lang, rp.handovers, written=written) if with_plan else ""
        return head + replan_text(rp, current_name, lang).lstrip("\n" if not with_plan else "")
    data = rp.to_dict()
    if with_plan:
        data = {"plan": rp.result.plan.to_dict(), **data}
    return serialise(data, fmt)


def _change_format(changes: Path | None, output: Path | None) -> str | None:
    if changes is None:
        return None
    fmt = CHANGE_FORMATS.get(changes.suffix.lower())
    if fmt is None:
        raise UsageError(say("usage.changes_suffix", path=changes))
    if output is not None and Path(output).resolve() == Path(changes).resolve():
        raise UsageError("--changes and -o name the same file")
    return fmt


def _split(pins: list[str]) -> list[str]:
    """--pin B005 --pin F013, or --pin B005,F013 (an empty pin, --pin '', is refused: it keeps
    nothing, though it reads as if it kept something)."""
    out = [p.strip() for v in pins for p in v.split(",") if p.strip()]
    if any(not v.strip() for v in pins):
        raise UsageError(say("pin.empty"))
    return out
