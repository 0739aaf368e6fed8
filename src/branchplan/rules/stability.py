"""stability: re-plan with the fewest members changing branch (minimal disruption).

Branches are approved bodies with elected secretaries and three-year terms; regrouping
needs the superior's approval (不再符合设立条件的党支部…应当及时予以调整或者撤销, adjust only
what no longer qualifies). When a current plan is given (``solve --current``), every Party
member whose branch changes costs ``weight``. Without a current plan the rule is inert.

What "changes branch" means: a current branch continues as the branch led by its lead or
by another of its remaining units (the lead left it: closed, lost its members, graduated
to its own branch, went elsewhere; or the lead is handed over within the branch); the
continuing branch keeps the id, and in a plan read from a file it is the branch with
that id, if one of the current branch's units leads it. A firm's
members stay when the firm is in its branch's continuation, and move otherwise. Firms new
to the roster do not move; members who left the roster are not counted. Members are
counted through their firm (this year's roster), so rosters in the counts form work alike.
With the old plan's firms file (``--old-firms``) a member who changed firm was in their old
firm's branch, and stays only if their new firm joins that branch's continuation;
``check --base --base-firms`` and ``branchplan diff --old-firms`` count members the same way.

Parameters
    per: ``member`` (default: members moved) or ``firm`` (firms moved).
    firm_weight: points added for every firm moved (default 0.001): among plans moving
        equally many members, the one moving fewer firms wins (a graduating lead leaves
        its joint branch rather than taking the branch's id with it). With the default
        weights this never outweighs one member unless 1,000 firms or more of a city move.
    lead_weight: points added for every branch whose lead is handed over to another of its
        units while the old lead stays in it (default 0.001): nobody moves, but a valid
        current plan keeps its leads unless a handover saves moves (a firm that grew to 3
        full members may take over its branch, the others staying as fallbacks).

Always soft. The shipped charter gives it its own priority level 1, after the fallback
rule (0) and before the preferences (2: distance, district, secretary, lead director):
among the plans with the fewest fallback placements the solver keeps the most members in
place, and only then minimises member-km. So a valid current plan is kept as it is, and a
plan changes only where the charter forces it. To trade moves against kilometres instead,
give the rule priority 2 and a weight in member-km per member moved.

Passing (cost 0): B005 = [F006, F018, F028] led by F028, unchanged. Costing 2 x weight +
firm_weight (2.001 points): F006 (2 members) moved from B005 to B011.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from ..i18n import plural
from ..origins import natural
from .base import BranchView, Finding, Params as _Params, PlanView, Result

KIND = "stability"
SEVERITIES = ("soft",)
#: Inert without a current plan: Charter.active() leaves it out then.
NEEDS_CURRENT = True
SINGLETON = True


class Params(_Params):
    per: Literal["member", "firm"] = "member"
    firm_weight: float = Field(0.001, ge=0, le=1e6)
    lead_weight: float = Field(0.001, ge=0, le=1e6)


def words(p: Params) -> dict[str, tuple[str, str]]:
    """Placeholders for a title or description (English, Chinese): ``{moved}``, what one
    ``weight`` is counted for, and ``{ties}``, what ``firm_weight`` is for."""
    if p.per == "member":
        return {"moved": ("Party member", "一名党员"), "ties": ("fewer firms moved breaks ties", "党员变动相同时少动单位")}
    return {"moved": ("firm", "一个单位"), "ties": ("on top of the above", "与上项相加")}


#: Placeholders that depend on the other rules of the charter (see :func:`charter_words`).
CHARTER_WORDS = ("keeps",)


def charter_words(rule, rules) -> dict[str, tuple[str, str]]:
    """``{keeps}``: what the rule's place among the soft rules means for a valid current
    plan: kept, when every preference (a soft rule other than fallback) comes later;
    otherwise the preferences at its priority or before it may still change it."""
    earlier = [r.code for r in rules if r.code != rule.code and not r.is_hard and r.milli_weight > 0
               and r.kind not in ("fallback", KIND) and r.priority <= rule.priority]
    if not earlier:
        return {"keeps": ("a valid current plan is kept, and only what the charter forces changes",
                          "现行方案合规则保持不变，只调整章程要求调整的部分")}
    return {"keeps": (f"{', '.join(earlier)} {'comes' if len(earlier) == 1 else 'come'} no later, so members of a "
                      "valid current plan may still move to suit "
                      f"{'it' if len(earlier) == 1 else 'them'}",
                      f"{'、'.join(earlier)}不晚于本规则，现行方案即使合规，党员也可能为此调整")}


def firm_milli(rule) -> int:
    return int(round(rule.params.firm_weight * 1000))


def lead_milli(rule) -> int:
    return int(round(rule.params.lead_weight * 1000))


def encode(rule, enc) -> None:
    # cost = w * sum_i c_i * (1 - stay[i]) + w_f * sum_i (1 - stay[i])   (stay: solver/continuity.py)
    if enc.current is None:
        return
    cost = rule.milli_weight * enc.current.moved(rule.params.per)
    if firm_milli(rule):
        cost = cost + firm_milli(rule) * enc.current.moved("firm")
    if lead_milli(rule):
        cost = cost + lead_milli(rule) * enc.current.handovers()
    enc.penalize(rule.code, rule.priority, cost)


def continuations(view: PlanView) -> dict[str, BranchView]:
    """Current branch id -> the new plan's branch that continues it: it keeps the id and is
    led by one of the current branch's units (its lead, or another of them: see
    branchplan.current), in the jurisdiction the branch continues in."""
    cur = view.current
    out: dict[str, BranchView] = {}
    if cur is None:
        return out
    from ..current import home_jurisdiction

    by_id = {b.id: b for b in view.branches}
    for cb in cur.branches:
        nb = by_id.get(cb.id)
        if nb is None or nb.lead not in cb.units:
            continue
        # a branch now across jurisdictions continues in the one holding most of its members
        if view.split and nb.jurisdiction != home_jurisdiction(cb.units, cb.lead, view.roster):
            continue
        out[cb.id] = nb
    return out


def handovers(view: PlanView) -> list[tuple[str, str, str]]:
    """(branch id, old lead, new lead) of every current branch that continues under another
    of its units while its lead stays in it."""
    cur = view.current
    if cur is None:
        return []
    cont = continuations(view)
    return [(cb.id, cb.lead, cont[cb.id].lead) for cb in cur.branches
            if cb.id in cont and cb.lead is not None and cont[cb.id].lead != cb.lead
            and cb.lead in cont[cb.id].firm_ids]


def _where(view: PlanView) -> dict[str, BranchView]:
    where: dict[str, BranchView] = {}
    for b in view.branches:
        for u in b.firm_ids + ((b.host.id,) if b.host is not None else ()):
            where.setdefault(u, b)
    return where


def stays(view: PlanView) -> dict[str, tuple[str, str | None]]:
    """Firm id -> (current branch id, new branch id if the firm stays in it else None).

    Only firms of this roster that were in the current plan."""
    cur = view.current
    out: dict[str, tuple[str, str | None]] = {}
    if cur is None:
        return out
    cont = continuations(view)
    for cb in cur.branches:
        nb = cont.get(cb.id)
        for u in cb.units:
            if u in view.roster.firm_by_id:   # (a plan listing the firm twice: in one of them)
                out[u] = (cb.id, nb.id if nb is not None and u in nb.firm_ids else None)
    return out


@dataclass(frozen=True)
class Moved:
    """Members of ``firm`` who were in current branch ``from_branch`` and are not in its
    continuation now. ``changed_firm``: they joined the firm from that branch since (else
    the firm itself left its branch, with ``members`` of its members)."""

    firm: str
    members: int
    from_branch: str
    to_branch: BranchView | None
    changed_firm: bool = False


def moved(view: PlanView) -> list[Moved]:
    """Every move the rule charges: firms that leave their branch (with the members counted
    in it), then members who changed firm and are not in their old branch's continuation;
    sorted by firm, then branch."""
    cur = view.current
    if cur is None:
        return []
    where, cont = _where(view), continuations(view)
    out: list[Moved] = []
    for fid, (old, kept) in stays(view).items():
        if kept is None:
            out.append(Moved(fid, cur.counted.get(fid, {}).get(old, 0), old, where.get(fid)))
    home = cur.branch_of
    for fid, froms in cur.counted.items():
        nb = where.get(fid)
        for bid, n in froms.items():
            if fid in home and home[fid].id == bid:
                continue  # counted with the firm above
            if nb is None or bid not in cont or fid not in cont[bid].firm_ids:
                out.append(Moved(fid, n, bid, nb, True))
    return sorted(out, key=lambda m: (natural(m.firm), m.changed_firm, natural(m.from_branch)))


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    if view.current is None:
        return res
    src = rule.source.article if rule.source else None
    per_member = rule.params.per == "member"
    for m in moved(view):
        if m.changed_firm and not per_member:
            continue  # the firm did not move: nothing to charge per firm
        c = m.members if per_member else 1
        cost = rule.milli_weight * c + (0 if m.changed_firm else firm_milli(rule))
        res.measure += c
        res.cost_milli += cost
        nb = m.to_branch
        to_en = f"branch {nb.id}" if nb is not None else "no branch"
        to_zh = f"支部 {nb.id}" if nb is not None else "（未编入）"
        if m.changed_firm:
            en = (f"{plural(m.members, 'member')} who joined firm {m.firm} from branch "
                  f"{m.from_branch} move{'s' if m.members == 1 else ''} to {to_en}")
            zh = f"由支部 {m.from_branch} 调入单位 {m.firm} 的 {m.members} 名党员编入{to_zh}"
        else:
            en = f"firm {m.firm} ({plural(m.members, 'member')}) moves from branch {m.from_branch} to {to_en}"
            zh = f"单位 {m.firm}（{m.members} 名党员）由支部 {m.from_branch} 调整至{to_zh}"
        res.findings.append(Finding(
            rule.code, "soft", en, zh, nb.id if nb is not None else None, (m.firm,), cost=cost / 1000, source=src,
            branch_index=nb.index if nb is not None else None, firm_entry=m.firm))
    if lead_milli(rule):
        cont = continuations(view)
        for bid, old, new in handovers(view):
            res.cost_milli += lead_milli(rule)
            res.findings.append(Finding(
                rule.code, "soft", f"branch {bid} is led by {new} now; its lead {old} stays in it",
                f"支部 {bid} 改由 {new} 牵头，原牵头单位 {old} 仍在本支部", bid, (new, old),
                cost=lead_milli(rule) / 1000, source=src, branch_index=cont[bid].index))
    return res
