"""The CI gate: a plan checked against the charter, with positions, waivers, moves and gap.

:func:`check_plan` evaluates every rule of the charter on a plan (the evaluators ``solve``
verifies its own plans with), places each finding at the ``plan.yaml`` line and column of
its branch (or of the firm's entry in that branch's ``firms:`` list), applies waivers, and
adds the gate's own findings:

- ``GATE-GAP``: the plan's cost exceeds the best plan's by more than ``max_gap`` percent
  (see :mod:`branchplan.gap` for how the gap is defined; with a base plan the reference is
  the best re-plan from it); a soft finding (failing only with ``strict``) when the gap is
  not established (the reference, not proven optimal, costs more than the plan);
- ``GATE-MOVES``: more than ``max_moves`` members change branch against the base plan, in
  some jurisdiction (members counted as :mod:`branchplan.origins` says, as ``solve
  --current --max-moves`` caps them: a plan that solve made under a cap passes the same cap);
- ``GATE-WAIVER-EXPIRED``: a waiver is past its expiry date.

It also lists the figures the plan file records (kinds, counts, summary, objective) that no
longer match its branches (:mod:`branchplan.stale`): notes for the reader, not findings.

The verdict: the gate fails on any hard finding not waived, on any gate finding, and, when
``strict``, on any soft finding not waived. Renderers live in :mod:`branchplan.formats`.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import optioncheck
from .arguments import as_date, as_options
from .charter import Charter
from .check import CheckResult, evaluate, handovers_in, moves_in, priced_view, with_current
from .diff import PlanDiff, compare_plans
from .errors import Problem, UsageError
from .gap import GapReport, optimality_gap, replan_gap
from .i18n import plural
from .loader import Locator, locate, locate_key
from .model import Roster, today
from .plan import Plan
from .rules.base import Finding
from .solver.options import MIN_TIME_LIMIT
from .stale import Stale, stale_fields
from .staleproof import base_figures, priced_moves, recomputable
from .waivers import Waiver

GATE_RULES = {
    "GATE-GAP": "The plan's cost is within --max-gap percent of the best plan's",
    "GATE-MOVES": "At most --max-moves members change branch against the base plan (in each jurisdiction)",
    "GATE-WAIVER-EXPIRED": "Every waiver is in force (not past its expiry date)",
}


@dataclass(frozen=True)
class Located:
    """A finding at a position in a file (line and column 1-based; None: the whole file)."""

    finding: Finding
    path: str
    line: int | None = None
    column: int | None = None
    waiver: Waiver | None = None
    #: with a base plan: True for a finding the plan under check introduced, False for one
    #: the base plan has too (same rule, branch and firms); None without a base plan, and
    #: for the gate's own findings
    new: bool | None = None

    @property
    def is_gate(self) -> bool:
        return self.finding.code in GATE_RULES

    def where(self) -> str:
        """``file:line:col`` as far as known, the file's control characters shown escaped
        (a path with a line break would start a line of its own in a report)."""
        from .errors import one_line

        path = one_line(str(self.path))
        if self.line is None:
            return path
        return f"{path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class GateOptions:
    """The gate's options, as ``branchplan check`` takes them: ``strict`` (``--strict``),
    ``max_moves`` (``--max-moves``, needs a base plan), ``max_gap`` (``--max-gap``, percent),
    ``gap_time_limit`` (``--gap-time-limit``, seconds; always a number, None is refused).
    Checked as the command checks them (:mod:`branchplan.optioncheck`): a negative cap or
    gap, or a time limit under 0.01 s, is a UsageError; a value of the wrong type (text or
    a float for ``max_moves``, anything but True or False for ``strict``) a TypeError, and
    so is a number for ``today``."""

    strict: bool = False
    max_moves: int | None = None
    max_gap: float | None = None
    gap_time_limit: float = 30.0
    #: the day waivers are checked on (default: today in Beijing time; a date or ISO text)
    today: date | None = None

    def __post_init__(self) -> None:
        own, put = "GateOptions", optioncheck.setter(self)
        put("strict", optioncheck.flag(own, "strict", self.strict))
        if self.max_moves is not None:
            put("max_moves", optioncheck.integer(own, "max_moves", self.max_moves, 0))
        if self.max_gap is not None:
            put("max_gap", optioncheck.real(own, "max_gap", self.max_gap, 0))
        put("gap_time_limit", optioncheck.real(own, "gap_time_limit", self.gap_time_limit, MIN_TIME_LIMIT))
        put("today", as_date(self.today, "options.today"))


#: the message when a moves cap is given without a base plan to count moves against
MAX_MOVES_NEEDS_BASE = "--max-moves counts members moving against a base plan: give --base OLD_PLAN"


def recorded_moves(plan: Plan, codes: tuple[str, ...], computed: int) -> int | None:
    """What ``plan`` records for the rules that charge moves (1/1000 points), when it records
    them all and that differs from ``computed``; else None."""
    rules = plan.objective.rules if plan.objective is not None else {}
    if not codes or any(c not in rules for c in codes):
        return None
    recorded = round(sum(rules[c].cost for c in codes) * 1000)
    return recorded if recorded != computed else None


def require_base(options: GateOptions | None, base: bool, base_firms: bool = False) -> None:
    """UsageError for options that need a base plan when there is none (``branchplan check``
    and :func:`check_files` / :func:`check_plan` alike)."""
    if options is not None and options.max_moves is not None and not base:
        raise UsageError(MAX_MOVES_NEEDS_BASE)
    if base_firms and not base:
        raise UsageError("--base-firms needs --base")


@dataclass
class GateReport:
    """What the gate found on a plan: ``passed``, ``exit_code`` and ``verdict`` (the one-line
    summary) say how it ended; ``findings`` and ``waived`` hold the located findings.
    Its ``repr`` leaves out the rosters, charter and check (no member names in logs)."""

    plan_path: str
    charter: Charter = field(repr=False)
    as_of: date
    options: GateOptions
    check: CheckResult = field(repr=False)
    #: unwaived findings: the charter's, then the gate's own
    findings: list[Located] = field(default_factory=list)
    waived: list[Located] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    unused_waivers: list[Waiver] = field(default_factory=list)
    waivers_checked_on: date | None = None
    base_path: str | None = None
    diff: PlanDiff | None = None
    gap: GapReport | None = None
    #: the rosters the plan (and the base plan) were checked against
    roster: Roster | None = field(default=None, repr=False)
    base_roster: Roster | None = field(default=None, repr=False)
    #: recorded figures of the plan that differ from the computed ones (notes, not findings)
    stale: list[Stale] = field(default_factory=list)
    #: members who change branch against the base plan, per jurisdiction (of their firm now)
    moves_by_jurisdiction: dict[str, int] = field(default_factory=dict)
    #: with a base plan and a charter that charges moves (kind stability): what those rules
    #: charge for the plan's moves (1/1000 points), as a re-plan's objective counts them;
    #: check gates moves (--max-moves) instead of charging them, so this is not in the cost
    moves_cost_milli: int | None = None
    moves_rules: tuple[str, ...] = ()
    #: leads the plan hands over within their branches against the base (nobody moves) and
    #: what the stability rule charges for them (1/1000 points, part of moves_cost_milli)
    handovers: int = 0
    handovers_milli: int = 0
    #: what the plan records for those rules when it differs and no base firms file was
    #: given (members who changed firm are followed only with one)
    moves_recorded_milli: int | None = None
    #: ... and differs because the plan records the base plan's own figures (a hand edit that
    #: kept them), counted from the plan the base was re-planned from
    moves_recorded_base: bool = False
    #: warnings about the rules file (allowed, but likely not meant: a weight on a hard rule,
    #: a jurisdiction the firms file almost spells...) and about the firms files (an overdue
    #: probation, one person under two ids...), as the command line prints them
    warnings: list[Problem] = field(default_factory=list)
    #: member id -> name, only when names are asked for (``--show-names``): text, markdown
    #: and json show them; github, sarif and junit never do
    names: dict[str, str] = field(default_factory=dict, repr=False)

    def warning_texts(self) -> list[tuple[Problem, str, str]]:
        """Each warning about the rules file with its English and Chinese sentences, without
        the "warning:" the command line prints before them (the formats say it their way)."""
        return [(w, w.message.removeprefix("warning: "),
                 (w.message_zh or w.message).removeprefix("警告：").removeprefix("提醒："))
                for w in self.warnings]

    def about_the_rules(self, warning: Problem) -> bool:
        """Whether a warning is about a rules file of the charter (not a plan or firms file)."""
        return warning.path in self.charter.files

    def about_a_plan(self, warning: Problem) -> bool:
        """Whether a warning is about the plan or the base plan (the charter it records, the
        firms file given for it) rather than about the rules file."""
        return warning.path in (self.plan_path, self.base_path)

    @property
    def hard(self) -> list[Located]:
        """Hard findings of the charter's rules, not waived."""
        return [x for x in self.findings if x.finding.severity == "hard" and not x.is_gate]

    @property
    def soft(self) -> list[Located]:
        return [x for x in self.findings if x.finding.severity == "soft"]

    @property
    def gate(self) -> list[Located]:
        """The gate's own findings: gap, moves, expired waivers."""
        return [x for x in self.findings if x.is_gate]

    @property
    def failing(self) -> list[Located]:
        return [x for x in self.findings if x.finding.severity == "hard" or self.options.strict]

    @property
    def failing_gate(self) -> list[Located]:
        """The gate's own findings that fail it (a soft GATE-GAP, a gap not established,
        fails only with --strict): what ``counts.gate`` of the json report counts."""
        failing = {id(x) for x in self.failing}
        return [x for x in self.gate if id(x) in failing]

    @property
    def failed_gates(self) -> list[str]:
        """The gate checks that failed, each once (GATE-MOVES fails in every jurisdiction
        over the cap, but is one check; a soft GATE-GAP, a gap not established, fails only
        with --strict)."""
        failing = {id(x) for x in self.failing}
        return list(dict.fromkeys(x.finding.code for x in self.gate if id(x) in failing))

    @property
    def passed(self) -> bool:
        return not self.failing

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    @property
    def verdict(self) -> str:
        """The one-line summary: ``branchplan check passed: 0 hard, 7 soft``. (An attribute,
        like ``passed`` and ``exit_code``; calling it, as before, still works.)"""
        return _Verdict(self._verdict())

    def _verdict(self) -> str:
        word = "passed" if self.passed else "FAILED"
        parts = [f"{len(self.hard)} hard", f"{len(self.soft)} soft"]
        if self.waivers or self.waived:
            parts.append(f"{len(self.waived)} waived")
        if self.failed_gates:
            parts.append("gate: " + " ".join(self.failed_gates))
        why = " (--strict: soft findings fail)" if self.options.strict and self.soft and not self.hard else ""
        return f"branchplan check {word}: {', '.join(parts)}{why}"


class _Verdict(str):
    """The verdict text; calling it returns it too (``report.verdict()`` was a method)."""

    def __call__(self) -> str:
        import warnings

        warnings.warn("GateReport.verdict is an attribute now: write report.verdict, not report.verdict()",
                      DeprecationWarning, stacklevel=2)
        return str(self)


def position(plan: Plan, text: str, f: Finding) -> tuple[int | None, int | None]:
    """The branch's entry in the plan; the firm's entry in its ``firms:`` list where a firm
    is the subject (its last listing in that branch: a repeated entry is the repeat); the
    ``branches:`` key for a finding about no branch (a firm in none)."""
    i = f.branch_index
    if i is not None and 0 <= i < len(plan.branches):
        firms = plan.branches[i].firms
        if f.firm_entry is not None and f.firm_entry in firms:
            k = len(firms) - 1 - firms[::-1].index(f.firm_entry)
            return locate(text, ("branches", i, "firms", k))
        return locate(text, ("branches", i))
    for fid in f.firms:
        if fid in plan.unassigned_firms:
            return locate(text, ("unassigned_firms", plan.unassigned_firms.index(fid)))
    if "branches" in plan.model_fields_set:
        return locate_key(text, ("branches",))
    return 1, 1


def check_plan(plan: Plan, plan_text: str | None, roster: Roster, charter: Charter | None, as_of: date | str | None, *,
               plan_path: str = "plan.yaml", options: GateOptions | dict | None = None,
               base: Plan | None = None, base_roster: Roster | None = None, base_path: str | None = None,
               waivers: list[Waiver] | None = None, base_text: str = "", firms_path: str | None = None,
               base_firms_path: str | None = None, rules_path: str | None = None,
               base_label: str | None = None) -> GateReport:
    """Run the gate on a plan already loaded (``plan_text`` gives the positions, None or ""
    for a plan without text, as from :func:`branchplan.plan_from_data`; ``base_text``
    the base plan's, for errors in it when it is re-planned from for the gap; the other paths
    are named in the solve command the gap suggests when it has no reference plan).
    ``base_label`` names the base plan in the report's messages instead of its path (say
    ``plan.yaml at abc1234`` for a file taken from a commit); problems in the base plan's
    file still name the file."""
    from .arguments import charter_or_shipped, expect_optional, expect_plan, expect_roster

    expect_plan(plan)
    expect_roster(roster)
    plan_text, base_text = plan_text or "", base_text or ""
    for name, value in (("plan_text", plan_text), ("base_text", base_text)):
        if not isinstance(value, str):
            raise TypeError(f"{name}: expected the plan file's text (str) or None, got {type(value).__name__}")
    charter = charter_or_shipped(charter)
    if base is not None:
        expect_plan(base, "base")
    expect_optional(base_roster, Roster, "base_roster", "branchplan.load_roster")
    opts = as_options(options, GateOptions) or GateOptions()
    require_base(opts, base is not None, base_roster is not None)
    from .api import standing_day

    as_of = standing_day(roster, as_date(as_of), plan)   # (None: the roster's date, else the plan's, as check says)
    result = evaluate(plan, roster, charter, as_of)
    shown = base_label or base_path
    rep = GateReport(plan_path, charter, as_of, opts, result, base_path=shown, waivers=list(waivers or []),
                     roster=roster, base_roster=base_roster)
    waiver_day = opts.today or today()   # (today in Beijing time, UTC+8)
    in_force = [w for w in rep.waivers if not w.expired(waiver_day)]
    used: set[int] = set()
    known = priced = None
    if base is not None:
        # a base plan must say where every firm was, whatever the options (the gap's re-plan
        # from it reads it the same way); its findings tell which of the plan's are new
        from .current import from_plan

        base_read = from_plan(base, roster, base_path or "base plan", base_text, base_roster)
        # (a firm renamed since, followed with the base firms file, under its new id)
        base_result = evaluate(base_read.source, base_read.old_roster or roster, charter, as_of)
        known = {_same(f) for f in base_result.findings}
        # the plan beside the base: what the stability rules charge for the moves (a
        # re-plan's objective counts it); the other rules' outcomes are the plan's own
        with_base = priced_view(plan, roster, charter, as_of, base_read)
        full = with_current(result, with_base, charter)
        if not recomputable(plan, charter, result):   # a re-plan's figures: its moves priced from the base
            priced = priced_moves(plan, roster, charter, as_of, base_read, base_roster is not None, full)
    rep.stale = stale_fields(plan, plan_text, roster, charter, as_of, result, priced)
    for f in result.findings:
        line, col = position(plan, plan_text, f)
        new = None if known is None else _same(f) not in known
        w = next((k for k, w in enumerate(in_force) if w.matches(f)), None)
        if w is None:
            rep.findings.append(Located(f, plan_path, line, col, new=new))
        else:
            used.add(w)
            rep.waived.append(Located(f, plan_path, line, col, in_force[w], new=new))
    # the order of the file (file:line:col, as linters and input problems go); findings at
    # one position keep the charter's order (hard first, then by code)
    rep.findings.sort(key=_in_file_order)
    rep.waived.sort(key=_in_file_order)
    if rep.waivers:
        rep.waivers_checked_on = waiver_day
        rep.unused_waivers = [w for k, w in enumerate(in_force) if k not in used]
        for w in rep.waivers:
            if w.expired(waiver_day):
                rep.findings.append(Located(_gate(
                    "GATE-WAIVER-EXPIRED",
                    f"the waiver of {w.code} for {w.subject} expired on {w.expires} ({w.reason}); "
                    "renew it or remove it", f"{w.code} 对 {w.subject} 的豁免已于 {w.expires} 到期"),
                    w.path, w.line, w.column))
    if base is not None:
        rep.diff = compare_plans(base, plan, roster, charter, as_of, base_roster, evaluated=(base_result, result))
        rep.diff.old_firms_option = "--base-firms"  # named in the diff's notes
        rep.moves_by_jurisdiction = moves_by_jurisdiction(rep.diff, roster)
        rep.moves_cost_milli, rep.moves_rules = moves_in(with_base, charter, full) or (None, ())
        rep.handovers, rep.handovers_milli, _ = handovers_in(with_base, charter)
        carried = base_figures(plan, base_read)
        if rep.moves_cost_milli is not None and (base_roster is None or carried):
            rep.moves_recorded_milli = recorded_moves(plan, rep.moves_rules, rep.moves_cost_milli)
            # (the base's own figures: the firms file does not explain the difference)
            rep.moves_recorded_base = carried and rep.moves_recorded_milli is not None
        several = len({roster.firm_jurisdiction(f) for f in roster.firms}) > 1
        cap, against = opts.max_moves, shown or "the base plan"
        for j, n in rep.moves_by_jurisdiction.items():
            if cap is None or n <= cap:
                continue
            if several:
                en = (f"{plural(n, 'member changes', 'members change')} branch in {j} against {against}; "
                      f"at most {cap} allowed in each jurisdiction (--max-moves)")
                zh = f"{j}相对原方案有 {n} 名党员调整支部，超过每个辖区的上限 {cap} 名"
            else:
                en = (f"{plural(n, 'member changes', 'members change')} branch against {against}; "
                      f"at most {cap} allowed (--max-moves)")
                zh = f"相对原方案有 {n} 名党员调整支部，超过上限 {cap} 名"
            line, col = first_move(plan, plan_text, rep.diff, roster, j)
            rep.findings.append(Located(_gate("GATE-MOVES", en, zh), plan_path, line, col))
    if opts.max_gap is not None:
        if base is not None:  # the reference: the best re-plan from the base (branchplan.gap)
            rep.gap = replan_gap(plan, roster, charter, as_of, opts.max_gap, opts.gap_time_limit, base_read,
                                 opts.max_moves, shown, firms_path, base_firms_path, rules_path)
        else:
            rep.gap = optimality_gap(result, roster, charter, as_of, opts.max_gap, opts.gap_time_limit,
                                     firms_path, rules_path)
        if rep.gap.exceeded:
            rep.findings.append(Located(_gate("GATE-GAP", rep.gap.sentence(), rep.gap.finding_zh()), plan_path))
        elif rep.gap.unknown:   # not judged: a warning, failing only with --strict
            rep.findings.append(Located(_gate("GATE-GAP", rep.gap.sentence(), rep.gap.finding_zh(), "soft"),
                                        plan_path))
    return rep


def _same(f: Finding) -> tuple:
    """What makes a finding of the plan the same as one of the base plan: its rule, branch
    and firms, in any order (not its message: a count in it may change while the fault stays;
    nor the order a branch lists its firms in)."""
    return (f.code, f.branch, tuple(sorted(f.firms)))


def _in_file_order(x: Located) -> tuple:
    return (x.line is None, x.line or 0, x.column or 0)


def first_move(plan: Plan, text: str, diff: PlanDiff, roster: Roster, jurisdiction: str) -> tuple[int | None, int | None]:
    """Where GATE-MOVES is shown: the first entry (in the file's order) of a firm whose
    members move in ``jurisdiction``, in its new branch's ``firms:`` list (the lines a pull
    request changed); None, None (the whole file) when no such entry is found."""
    firms = roster.firm_by_id
    moved = {m.firm for m in diff.member_moves} | {m.firm for m in diff.count_moves}
    moved = {f for f in moved if f in firms and roster.firm_jurisdiction(firms[f]) == jurisdiction}
    where = Locator(text)
    spots = [where.at(("branches", i, "firms", k)) for i, b in enumerate(plan.branches)
             for k, f in enumerate(b.firms) if f in moved]
    spots = [s for s in spots if s[0] is not None]
    return min(spots) if spots else (None, None)


def moves_by_jurisdiction(diff: PlanDiff, roster: Roster) -> dict[str, int]:
    """Members moved per jurisdiction of the firm they are in now (the cap is per
    jurisdiction in ``solve --current --max-moves`` and here alike), in name order."""
    firms = roster.firm_by_id
    out: dict[str, int] = {}
    for fid, n in [(m.firm, 1) for m in diff.member_moves] + [(m.firm, m.count) for m in diff.count_moves]:
        j = roster.firm_jurisdiction(firms[fid])
        out[j] = out.get(j, 0) + n
    return dict(sorted(out.items()))


def check_date(as_of: date | None, roster: Roster, plan: Plan) -> date:
    """The day rules are evaluated on: the option, else the roster's, else the plan's, else today
    in Beijing time. A day before some member joined is refused, as ``solve`` and ``explain``
    refuse it."""
    from .api import standing_day

    return standing_day(roster, as_of, plan)


def check_files(plan_path: str | Path, firms_path: str | Path, rules_path: str | Path | None = None, *,
                base_path: str | Path | None = None, base_firms_path: str | Path | None = None,
                waivers_path: str | Path | None = None, as_of: date | str | None = None,
                options: GateOptions | dict | None = None, base_label: str | None = None) -> GateReport:
    """Load the files (every input problem is an InputError with file:line:col) and run the gate.

    ``options``: a GateOptions, or a dict of its fields. Options are refused as ``branchplan
    check`` refuses them (UsageError): ``max_moves`` or ``base_firms_path`` without ``base_path``.
    ``base_label``: how the report names the base plan, as :func:`check_plan` says."""
    from .names import reading

    with reading():   # (the firms files' names are screened in the plans and rules read with them)
        return _check_files(plan_path, firms_path, rules_path, base_path, base_firms_path, waivers_path, as_of,
                            options, base_label, sys._getframe(1))


def _check_files(plan_path, firms_path, rules_path, base_path, base_firms_path, waivers_path, as_of, options,
                 base_label, caller) -> GateReport:
    from .charter import CharterWarning, read_charter
    from .current import load_reference
    from .localrules import warn_roster
    from .errors import Gather, InputWarning
    from .loader import load_document
    from .plan import load_plan
    from .roster import load_roster
    from .waivers import load_waivers

    from .arguments import expect_path

    for value, name in ((plan_path, "plan_path"), (firms_path, "firms_path"), (rules_path, "rules_path"),
                        (base_path, "base_path"), (base_firms_path, "base_firms_path"), (waivers_path, "waivers_path")):
        if value is not None or name in ("plan_path", "firms_path"):
            expect_path(value, name)
    options = as_options(options, GateOptions)
    require_base(options, base_path is not None, base_firms_path is not None)
    as_of = as_date(as_of)
    # every file's problems in one run (the base plan's own checks need the roster, the
    # waivers' the charter: those wait for them)
    from .roster import read_for

    g = Gather()
    roster = read_for(caller, g.run, load_roster, firms_path)    # (its warnings at the caller's line)
    charter, notes = g.run(read_charter, rules_path) or (None, [])
    for problem in notes:   # kept for the report, and issued (every time, as the file is read every time)
        warnings.warn_explicit(CharterWarning(problem), CharterWarning, caller.f_code.co_filename, caller.f_lineno,
                               module=caller.f_globals.get("__name__"))
    plan, text = g.run(load_plan, plan_path) or (None, "")
    base_roster = read_for(caller, g.run, load_roster, base_firms_path) if base_firms_path is not None else None
    base, base_text = None, ""
    if base_path is not None:
        if roster is None:
            base, base_text = g.run(load_plan, base_path) or (None, "")
        else:
            base, base_text = g.run(load_reference, str(base_path), roster, base_roster) or (None, "")
    waivers = None
    if waivers_path is not None:   # without the charter, its codes wait; the file is read still
        waivers = g.run(load_waivers, waivers_path, charter) if charter is not None else g.run(load_document, waivers_path)
    g.done()
    from .roster import roster_warnings

    # (the firms files' own warnings, issued as they were read: kept for the report too)
    notes = [*notes, *roster_warnings(roster), *(roster_warnings(base_roster) if base_roster is not None else ())]
    # (one firms file given twice, as --firms and --base-firms: its warnings once)
    notes = list({(w.path, w.line, w.column, str(w.message)): w for w in notes}.values())
    if waivers:
        from .waivers import refuse_lookalike_subjects

        refuse_lookalike_subjects(waivers, [b.id for b in plan.branches] + [u.id for u in (*roster.firms, *roster.hosts)]
                                  + [roster.firm_jurisdiction(u) for u in (*roster.firms, *roster.hosts)])
    if base_roster is not None:
        from .origins import require_same_ids

        require_same_ids(roster, base_roster, str(firms_path), str(base_firms_path))
        from .origins import plan_roster_mismatch

        unfit = plan_roster_mismatch(base, base_roster, base_label or str(base_path), str(base_firms_path))
        if unfit is not None:   # (the base plan and its firms file of different years)
            notes = [*notes, unfit]
            warnings.warn_explicit(InputWarning(unfit), InputWarning, caller.f_code.co_filename, caller.f_lineno,
                                   module=caller.f_globals.get("__name__"))
    notes += warn_roster(charter, roster, str(firms_path))
    from .charter import other_charter

    recorded = other_charter(plan.charter, charter, str(plan_path), "check", text) if rules_path is None else None
    if recorded is not None:   # (a plan made under another charter: --rules left out)
        notes = [*notes, recorded]
        warnings.warn_explicit(CharterWarning(recorded), CharterWarning, caller.f_code.co_filename, caller.f_lineno,
                               module=caller.f_globals.get("__name__"))
    day = check_date(as_of, roster, plan)
    later = _later_day(plan, text, str(plan_path), roster, day) if as_of is None else None
    if later is not None:   # (a plan solved with a later --as-of: standing it counted is not there yet)
        notes = [*notes, later]
        warnings.warn_explicit(InputWarning(later), InputWarning, caller.f_code.co_filename, caller.f_lineno,
                               module=caller.f_globals.get("__name__"))
    report = check_plan(plan, text, roster, charter, day, plan_path=str(plan_path),
                      options=options, base=base, base_roster=base_roster,
                      base_path=str(base_path) if base_path is not None else None, waivers=waivers,
                      base_text=base_text, firms_path=str(firms_path),
                      base_firms_path=str(base_firms_path) if base_firms_path is not None else None,
                      rules_path=str(rules_path) if rules_path is not None else None, base_label=base_label)
    report.warnings = notes
    return report


def _later_day(plan: Plan, text: str, plan_path: str, roster: Roster, day: date) -> Problem | None:
    """A warning when the plan records a later ``as_of`` than the day it is checked on (no
    ``--as-of`` given): it was solved with ``--as-of`` that day, and members' standing, which
    only grows, may meet a rule then that it does not meet now. (An earlier recorded day, a
    plan of a past year checked against this year's firms file, is what CI does.)"""
    from .errtext import say

    if plan.as_of is None or plan.as_of <= day:
        return None
    line, col = Locator(text).key_at(("as_of",)) if text else (None, None)
    what = "roster" if roster.as_of else "today"
    return Problem(plan_path, say("check.later_day", plan_day=plan.as_of, day=day, what=say(f"check.day_{what}")),
                   line, col)


def _gate(code: str, en: str, zh: str, severity: str = "hard") -> Finding:
    return Finding(code, severity, en, zh)
