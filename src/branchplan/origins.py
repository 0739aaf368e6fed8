"""Which branch each member of this roster was in: the one definition of "members moved".

A member *moves* when the branch they are in changes. Their branch before is the old
plan's branch of the firm they were in then; their branch now is their firm's branch in
the new plan. Every count of moved members uses this module, so they agree:

- ``branchplan diff`` and ``check --base`` (the change list, ``--max-moves``);
- ``solve --current`` (the stability rule's charge and the ``--max-moves`` cap in the
  CP-SAT model, :mod:`branchplan.solver.continuity`, and its evaluator).

The firm a member was in is taken from the old plan's firms file when it is given
(``--old-firms`` / ``--base-firms``): a member who changed firm since is then followed,
and moves unless the new firm is in the branch the member was in (a decision of the
re-plan). Without it every member is taken to have been in the firm they are in now.
Members new to the roster (or whose firm was in no branch) had no branch and never move.
A counts-form firm's members (no ids) are counted with the firm: its old-plan branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .model import Roster
    from .plan import Plan


def natural(s: str | None) -> tuple:
    """Sort key: digit runs compare as numbers (B2 < B10); None sorts first."""
    if s is None:
        return ()
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", s))


@dataclass(frozen=True)
class Origin:
    """Members of ``firm`` (this roster) who were in old branch ``branch``."""

    firm: str
    branch: str
    count: int
    #: their ids (empty for a counts-form firm)
    members: tuple[str, ...] = ()


def plan_hosts(old: Plan, roster: Roster, old_roster: Roster | None = None) -> set[str]:
    """Host organisations: of either roster, or (a host that left the roster, no old roster
    given) the lead of a branch the old plan itself records as placed with a host."""
    before = old_roster or roster
    return (set(roster.host_by_id) | set(before.host_by_id)
            | {b.lead for b in old.branches if b.kind == "host" and b.lead not in roster.firm_by_id})


def places(plan: Plan, skip: set[str]) -> dict[str, str]:
    """Firm id -> id of the first branch listing it (a firm listed twice is the check's
    business, not the diff's)."""
    out: dict[str, str] = {}
    for b in plan.branches:
        for f in b.firms:
            if f not in skip:
                out.setdefault(f, b.id)
    return out


def origins(old: Plan, roster: Roster, old_roster: Roster | None = None) -> dict[str, list[Origin]]:
    """Firm id of this roster -> where its members were in ``old``, one entry per old branch
    (in the old branches' natural order). Firms none of whose members had a branch are left out."""
    was = places(old, plan_hosts(old, roster, old_roster))
    old_firm_of = {m.id: f.id for f in (old_roster or roster).firms for m in (f.member_list or ())}
    out: dict[str, list[Origin]] = {}
    for f in sorted(roster.firms, key=lambda f: natural(f.id)):
        if f.member_list is None:
            if f.id in was and f.size:
                out[f.id] = [Origin(f.id, was[f.id], f.size)]
            continue
        by_branch: dict[str, list[str]] = {}
        for m in f.member_list:
            old_firm = old_firm_of.get(m.id)
            frm = was.get(old_firm) if old_firm is not None else None
            if frm is not None:
                by_branch.setdefault(frm, []).append(m.id)
        if by_branch:
            out[f.id] = [Origin(f.id, b, len(ms), tuple(ms)) for b, ms in sorted(by_branch.items(),
                                                                                 key=lambda kv: natural(kv[0]))]
    return out


def counted(old: Plan, roster: Roster, old_roster: Roster | None = None) -> dict[str, dict[str, int]]:
    """Firm id -> {old branch id: members}: what the stability rule and the cap count."""
    return {fid: {o.branch: o.count for o in os} for fid, os in origins(old, roster, old_roster).items()}
