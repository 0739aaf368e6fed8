"""Re-planning with minimal disruption: this year's roster, last year's plan, a new plan.

    current plan file ─▶ read against the roster (current.from_plan: closed firms dropped)
                     ─▶ pins and cap resolved (CurrentPlan.with_requests)
    roster + charter + current ─▶ api.solve (stability rule, pins, cap in the model)
    new plan ─▶ members moved (rules.stability.stays) and the change list (diff.compare_plans)

The library entry is :func:`replan`; ``branchplan solve FIRMS --current PLAN`` is its
command line (cli/replan.py renders the result).
"""

from __future__ import annotations

import os

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .api import SolveResult, resolve_as_of, solve
from .arguments import as_date, as_options, charter_or_shipped, expect, expect_path, expect_roster
from .charter import Charter
from .check import evaluate, handovers_in, make_view
from .current import CurrentPlan, document_problems, from_plan
from .diff import PlanDiff, compare_plans, gone_unit_findings, issue
from .errors import Problem
from .model import Roster
from .plan import Plan, load_plan, plan_from_data, source_of
from .rules.base import Finding
from .rules.stability import moved
from .solver.options import SolveOptions


@dataclass(frozen=True)
class Move:
    """Members who change branch because of the re-plan: a firm that leaves its branch, or
    (``changed_firm``) members who joined ``firm`` from ``from_branch`` since the current
    plan and are not in its continuation (followed with the old firms file)."""

    firm: str
    members: int
    from_branch: str
    to_branch: str | None
    changed_firm: bool = False


@dataclass(frozen=True)
class Outgrown:
    """The lead ``firm`` of joint branch ``branch`` of the current plan now has ``full``
    full members, enough for a branch of its own (the own-branch rule ``code``): its other
    small firms (``others``) cannot stay with it but as fallback placements (the current
    plan's ``findings`` of the fallback rule about them)."""

    firm: str
    branch: str
    full: int
    code: str
    others: tuple[str, ...]
    findings: tuple[Finding, ...]

    def sentence(self, lang: str = "en") -> str:
        n = len(self.others)
        if lang == "zh":
            # (which side leaves the branch, the lead or the others, is the new plan's choice)
            return (f"单位 {self.firm} 现有 {self.full} 名正式党员，应单独建立党支部，"
                    f"不能再与支部 {self.branch} 的其余 {n} 个单位同在一个支部")
        return (f"firm {self.firm} now has {self.full} full members and must form its own branch: it and the "
                f"{n} other firm{'s' if n != 1 else ''} of {self.branch} cannot stay together")


@dataclass
class Replan:
    """What :func:`replan` returns: ``plan`` (the new plan; check ``ok`` first), the solve
    ``result`` it comes from, the ``current`` plan it started from, the ``moves`` (members
    who change branch), the current plan's findings that made it change (``reasons``) and
    the change list (``diff``)."""

    result: SolveResult
    current: CurrentPlan
    #: the current plan's findings under this roster that outrank stability: why it changes
    reasons: list[Finding] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    diff: PlanDiff | None = None
    #: those of ``reasons`` the new plan still has (same rule, same firms): fallback
    #: placements that the pins or the moves cap leave in place, or that no plan avoids
    kept: list[Finding] = field(default_factory=list)
    #: leads the new plan hands over within their branches (nobody moves), what the
    #: stability rule charges for them (1/1000 points) and its code
    #: (:func:`branchplan.check.handover_cost`)
    handovers: tuple[int, int, str | None] = (0, 0, None)
    #: joint branches of the current plan whose lead now has the full members for a branch
    #: of its own: told in one sentence each, in place of its fallback ``reasons``
    outgrown: list[Outgrown] = field(default_factory=list)
    #: warnings about the inputs (allowed, but likely not meant), as ``solve --current``
    #: prints them: an old firms file that is not the one the current plan was made for
    #: (another year's), a current plan that records another charter when none was given.
    #: Issued too, as InputWarning / CharterWarning (:func:`replan` only)
    warnings: list[Problem] = field(default_factory=list)
    #: the charter has a stability rule (else the reasons outrank nothing: it keeps no one)
    stability: bool = True

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def plan(self) -> Plan:
        """The new plan (``result.plan``)."""
        return self.result.plan

    @property
    def members_moved(self) -> int:
        """Every member who changes branch (what ``--max-moves`` caps)."""
        return sum(m.members for m in self.moves)

    @property
    def firm_moves(self) -> list[Move]:
        return [m for m in self.moves if not m.changed_firm]

    def summary(self) -> dict:
        out: dict = {"members_moved": self.members_moved, "firms_moved": len(self.firm_moves)}
        pins = [r.label for r in self.current.requests if r.cap is None]
        if pins:
            out["pins"] = pins
        if self.current.max_moves is not None:
            out["max_moves"] = self.current.max_moves
        return out

    def to_dict(self) -> dict:
        """The change list as data (the plan itself is written separately)."""
        data = {"replan": self.summary(),
                "moves": [{"firm": m.firm, "members": m.members, "from": m.from_branch, "to": m.to_branch,
                           "changed_firm": m.changed_firm} for m in self.moves],
                "notes": list(self.current.notes),
                "current_plan_findings": [{"code": f.code, "message": f.message, "message_zh": f.message_zh,
                                           "in_new_plan": any(f is k for k in self.kept)}
                                          for f in self.reasons]}
        if self.outgrown:
            data["leads_now_standalone"] = [{"firm": o.firm, "branch": o.branch, "full_members": o.full,
                                             "others": list(o.others), "message": o.sentence("en"),
                                             "message_zh": o.sentence("zh")} for o in self.outgrown]
        if self.diff is not None:
            data["changes"] = self.diff.to_dict()
        return data


def load_current(source: str | Path | Plan | Mapping[str, Any], roster: Roster, name: str | None = None,
                 old_roster: Roster | None = None) -> CurrentPlan:
    """The current plan read against the roster, what :func:`replan` (and ``solve(current=...)``)
    start from. ``source``: a plan file (problems at file:line:col), a :class:`Plan` (such as
    last year's ``result.plan``), or a plan document in memory (checked as
    :func:`branchplan.plan_from_data` checks it). ``name`` names an in-memory plan in
    problems (default: the ``source`` a Plan was read from by ``plan_from_data`` or the
    file ``load_plan`` read it from, else "current plan"). Firms no longer in the roster are
    dropped with a note; a firm in two branches, or a lead outside its branch, is an InputError.
    ``old_roster``: the roster the plan was made for, followed at once (members who changed
    firm, renamed firms in their places), so that pins may name a renamed firm by its old id;
    :func:`replan` follows it too when given it there instead."""
    from .names import reading, roster_names

    expect_roster(roster)
    if old_roster is not None:
        expect_roster(old_roster, "old_roster")
    if not isinstance(source, (Plan, Mapping, str, os.PathLike)):
        raise TypeError(f"source: expected a plan file's path (str or os.PathLike), a Plan or a plan document "
                        f"(dict), got {type(source).__name__}")
    if not isinstance(source, (Plan, Mapping)):
        expect_path(source, "source")
    with reading(roster_names(roster)):   # (a branch id or message holds none of the roster's names)
        cur = _load_current(source, roster, name)
        return cur.following(roster, old_roster) if old_roster is not None else cur


def _load_current(source: str | Path | Plan | Mapping[str, Any], roster: Roster, name: str | None) -> CurrentPlan:
    if isinstance(source, Plan):
        return from_plan(source, roster, name or source_of(source) or "current plan")
    if isinstance(source, Mapping):
        label = name or "current plan"
        return from_plan(plan_from_data(source, label), roster, label)
    plan, text = load_plan(source, also=lambda data, text, refused: document_problems(
        data, refused, roster, str(source), text))
    return from_plan(plan, roster, str(source), text)


def replan(roster: Roster, current: CurrentPlan, charter: Charter | None = None,
           options: SolveOptions | dict | None = None, as_of: date | str | None = None,
           old_roster: Roster | None = None, progress=None) -> Replan:
    """Solve the roster starting from ``current`` (with its pins and cap, if any).

    ``old_roster``: the roster the current plan was made for: members who changed firm are
    followed (they move unless their new firm joins their old branch; the stability rule and
    the cap count them, as the change list does); ``progress(done, total)`` as in
    :func:`branchplan.solve`.

    ``warnings`` holds what ``solve --current`` warns of, each also issued (before the
    solve) as an InputWarning or CharterWarning: an old firms file (``old_roster``, here or
    given to :func:`load_current`) that is not the one the current plan was made for, and,
    with ``charter`` None (the shipped one, as without ``--rules``), a current plan that
    records another charter.
    """
    expect_roster(roster)
    expect(current, CurrentPlan, "current", "branchplan.load_current")
    if old_roster is not None:
        expect_roster(old_roster, "old_roster")
    shipped = charter_or_shipped(None) if charter is None else None
    charter = shipped or charter_or_shipped(charter)
    options, as_of = as_options(options, SolveOptions), as_date(as_of)
    if old_roster is not None and current.followed is not old_roster:
        current = current.following(roster, old_roster)
    mismatched, recorded = replan_warnings(current, roster, shipped)
    issue(mismatched, recorded)
    out = _replan(roster, current, charter, options, as_of, progress)
    out.warnings = mismatched + recorded
    return out


def replan_warnings(current: CurrentPlan, roster: Roster, shipped: Charter | None) -> tuple[list[Problem], list[Problem]]:
    """What ``solve --current`` warns of, for a current plan given to the library (named by
    the file or ``source`` it was read from, the old firms file likewise, else by the
    parameter ``old_roster``): the old firms file it follows, when it does not fit the plan
    as given; and (``shipped``: the charter used because none was given) a plan that
    records another one."""
    from .charter import other_charter
    from .names import reading, roster_names
    from .origins import plan_roster_mismatch
    from .roster import roster_source

    plan = current.as_read or current.source
    if plan is None:
        return [], []
    name = source_of(plan) or "current plan"
    with reading(roster_names(roster)):   # (a warning quotes no value that holds a member's name)
        unfit = (plan_roster_mismatch(plan, current.followed, name, roster_source(current.followed, "old_roster"))
                 if current.followed is not None else None)
        other = other_charter(plan.charter, shipped, name, "replan") if shipped is not None else None
    return [unfit] if unfit else [], [other] if other else []


def _replan(roster: Roster, current: CurrentPlan, charter: Charter, options: SolveOptions | None,
            as_of: date | None, progress=None) -> Replan:
    """:func:`replan` of arguments already checked, without its warnings about the inputs
    (the command line gives them at the plan's lines)."""
    old_roster = current.old_roster
    day = resolve_as_of(roster, as_of)
    result = solve(roster, charter, options, day, progress, current=current)
    found = evaluate(current.source, roster, charter, day).findings if current.source is not None else []
    out = Replan(result, current, _reasons(current, roster, charter, day, found),
                 stability=bool(charter.of_kind("stability")))
    out.outgrown = _outgrown(current, roster, charter, out.reasons)
    if not result.ok:
        return out
    view = make_view(result.plan, roster, charter, day)
    view.current = current
    out.handovers = handovers_in(view, charter)
    out.moves = [Move(m.firm, m.members, m.from_branch, m.to_branch.id if m.to_branch is not None else None,
                      m.changed_firm) for m in moved(view)]
    if current.source is not None:
        out.diff = compare_plans(current.source, result.plan, roster, charter, day, old_roster)
        out.diff.renamed = list(current.renamed)   # (the current plan names them by their new ids)
    now = {(f.code, frozenset(f.firms)) for f in result.check.findings}
    out.kept = [f for f in out.reasons if f.firms and (f.code, frozenset(f.firms)) in now]
    # a lead that outgrew its joint branch: told for the firms that leave it; those the new
    # plan keeps with it (nowhere else to go) are its fallback placements, still so
    kept = {id(f) for f in out.kept}
    out.outgrown = [replace(o, others=tuple(f.firm_entry for f in left), findings=left) for o in out.outgrown
                    if (left := tuple(f for f in o.findings if id(f) not in kept))]
    _check_requests(out)
    return out


def _reasons(current: CurrentPlan, roster: Roster, charter: Charter, day: date,
             found: list[Finding] | None = None) -> list[Finding]:
    """The current plan's findings that the charter ranks above stability: hard ones, and
    soft ones of a lower priority level than the stability rule (fallback placements). A
    finding about a unit the plan lists but reading it dropped (a closed firm) is left out:
    the current plan's notes say so once; so is the finding that a branch whose lead closed
    is led by a unit it no longer holds (the notes say that the branch lost its lead). A firm
    new to the roster since the old firms file is said to need a branch (:func:`_new_firm`).
    ``found``: the current plan's findings under this roster, when evaluated already."""
    plan = current.source
    if plan is None:
        return []
    if found is None:
        found = evaluate(plan, roster, charter, day).findings
    stab = charter.of_kind("stability")
    above = {r.code for r in charter.rules if r.is_hard or (stab and r.priority < stab[0].priority)}
    gone = set(map(id, _gone_unit_findings(current, roster, charter, found)))
    one = {r.code for r in charter.of_kind("assignment")}
    return [_new_firm(f, current, roster) if f.code in one else f
            for f in found if f.code in above and id(f) not in gone]


def _new_firm(f: Finding, current: CurrentPlan, roster: Roster) -> Finding:
    """A finding that a firm is in no branch of the current plan, where the firm is new to the
    roster (not in the old firms file, ``--old-firms``): a new firm to place, its members still
    in their old branches until they transfer, not members left unmanaged. Worded so, naming
    where its members were; any other finding as it is."""
    old = current.old_roster
    if old is None or f.branch is not None or len(f.firms) != 1:
        return f
    fid = f.firms[0]
    firm = roster.firm_by_id.get(fid)
    if firm is None or fid in old.firm_by_id or not firm.size:
        return f
    if any(fid in b.firms or fid == b.lead for b in current.source.branches):
        return f
    was = sorted(current.counted.get(fid, {}).items())
    newcomers = firm.size - sum(n for _, n in was)
    if len(was) == 1 and not newcomers:
        at_en, at_zh = f", formerly in {was[0][0]}", f"，原在 {was[0][0]}"
    elif not was:
        at_en = ", new to the roster" if firm.size == 1 else ", all new to the roster"
        at_zh = "，为新列入名册的党员" if firm.size == 1 else "，均为新列入名册的党员"
    else:
        parts_en = [f"{n} formerly in {b}" for b, n in was] + ([f"{newcomers} new to the roster"] if newcomers else [])
        parts_zh = [f"{n} 名原在 {b}" for b, n in was] + ([f"{newcomers} 名新列入名册"] if newcomers else [])
        at_en, at_zh = ": " + ", ".join(parts_en), "：" + "、".join(parts_zh)
    members = f"{firm.size} member{'s' if firm.size != 1 else ''}"
    return replace(f, message=f"new firm {fid} ({members}{at_en}) needs a branch",
                   message_zh=f"新设单位 {fid}（{firm.size} 名党员{at_zh}）需编入支部")


def _outgrown(current: CurrentPlan, roster: Roster, charter: Charter, reasons: list[Finding]) -> list[Outgrown]:
    """The current plan's joint branches (so recorded in the plan file, or, recorded without
    a kind, led by a firm that had fewer full members in the old firms file) whose lead firm
    now has the full members for a branch of its own, so that the fallback rule finds its
    other small firms placed with a standalone firm: the reasons' fallback findings about
    them, per branch."""
    plan = current.source
    own = charter.of_kind("own_branch")
    fallback = {r.code for r in charter.of_kind("fallback")}
    if plan is None or not own or not fallback:
        return []
    least = own[0].params.min_full
    before = current.old_roster
    out: list[Outgrown] = []
    for b in plan.branches:
        lead = roster.firm_by_id.get(b.lead)
        if lead is None or lead.full < least:
            continue
        was = before.firm_by_id.get(b.lead) if before is not None else None
        if not (b.kind == "joint" or (b.kind is None and was is not None and was.full < least)):
            continue
        found = tuple(f for f in reasons if f.code in fallback and f.branch == b.id and f.firm_entry in b.firms
                      and f.firm_entry != b.lead)
        if found:
            out.append(Outgrown(b.lead, b.id, lead.full, own[0].code, tuple(f.firm_entry for f in found), found))
    return out


def _gone_unit_findings(current: CurrentPlan, roster: Roster, charter: Charter,
                        found: list[Finding]) -> list[Finding]:
    """Those of the current plan's findings under this roster that only say a unit it lists
    is gone (:func:`branchplan.diff.gone_unit_findings`)."""
    return gone_unit_findings(current.source, roster, charter, found) if current.source is not None else []


def _check_requests(out: Replan) -> None:
    """Defence in depth: the plan keeps every pin and the cap (else an internal error); a
    pinned host leads its branch (by its id) with some of that branch's own firms."""
    from .errors import InternalError

    moved = {m.firm for m in out.firm_moves}
    branches = {b.id: b for b in out.result.plan.branches}
    was = {u: b for b in out.current.branches for u in b.units}
    for r in out.current.requests:
        broken = moved & set(r.firms)
        kept = branches.get(r.seal) if r.seal else None
        for h in (u for u in r.firms if u in out.current.hosts and u in was):
            now = branches.get(was[h].id)
            if now is None or now.lead != h or not set(now.firms) & (set(was[h].units) - {h}):
                broken = {h}
        if broken or (r.seal and (kept is None or set(kept.firms) != set(r.firms))):
            raise InternalError(f"the re-plan does not keep the pin {r.label}")
    cap = out.current.max_moves
    if cap is not None:
        by_j: dict[str, int] = {}
        juris = {b.id: b.jurisdiction or "" for b in out.result.plan.branches}
        for m in out.moves:
            j = juris.get(m.to_branch or "", "")
            by_j[j] = by_j.get(j, 0) + m.members
        if any(v > cap for v in by_j.values()):
            raise InternalError(f"the re-plan moves {max(by_j.values())} members in one jurisdiction; "
                                f"--max-moves is {cap}")
    if out.diff is not None and out.diff.members_moved != out.members_moved:
        raise InternalError(f"the re-plan counts {out.members_moved} members moved, its change list "
                            f"{out.diff.members_moved}")
