"""branch_aggregate: for each branch of some kind, a count over its firms or members is at least / at most N.

The common shape of charter constraints, expressible in YAML alone:

    - code: BP-MIN-FULL
      kind: branch_aggregate
      severity: hard
      params: {count: members, status: full, min: 3}          # every branch: >= 3 full members

    - code: BP-JOINT-MAX-FIRMS
      kind: branch_aggregate
      params: {applies_to: [joint], count: firms, max: 5}     # a joint branch: <= 5 units

Parameters
    applies_to: which branches: ``standalone`` (one firm), ``joint`` (two or more units),
        ``host`` (a host organisation's branch). Default: [standalone, joint].
    count: ``members`` (Party members) or ``firms`` (units; a host does not count itself).
    status: only members of this status (``full`` or ``probationary``).
    min_standing_years: only members with at least this many years of Party standing (党龄)
        on the plan's date. Standing counts from the day a member was made full: the
        member's ``full_since``, else one year after ``joined``; a probationary member has
        none. Full members without dates, and members of counts-form firms, are counted.
    director_is_member: with ``count: firms``, only firms whose director is (true) or is not
        (false) a Party member.
    min / max: the bound (give one or both).

Hard: no plan may break it. Soft: every unit short of ``min`` or over ``max`` costs
``weight`` points.

Passing (min 3 full): a joint branch of F1 (2 full) and F2 (1 full). Failing: F1 alone.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..model import Firm
from .base import BoundParams, BranchView, Composition, Finding, PlanView, Result

KIND = "branch_aggregate"
SEVERITIES = ("hard", "soft")

STANDING_OF_PROBATIONARY = ("probationary members have no standing, so none would be counted; "
                            "min_standing_years counts full members: use status: full, or leave "
                            "min_standing_years out")


class Params(BoundParams):
    applies_to: list[Composition] = Field(default_factory=lambda: ["standalone", "joint"], min_length=1)
    count: Literal["members", "firms"] = "members"
    status: Literal["full", "probationary"] | None = None
    min_standing_years: float | None = Field(None, ge=0, le=100)
    director_is_member: bool | None = None

    @field_validator("min_standing_years")
    @classmethod
    def _standing_of_full(cls, value: float | None, info: ValidationInfo) -> float | None:
        # (a probationary member has no standing: such a count is 0 in every branch)
        if value is not None and info.data.get("status") == "probationary":
            raise ValueError(STANDING_OF_PROBATIONARY)
        return value

    @model_validator(mode="after")
    def _filters(self) -> "Params":
        if self.count == "firms" and (self.status or self.min_standing_years is not None):
            raise ValueError("'status' and 'min_standing_years' filter members; use count: members")
        if self.count == "members" and self.director_is_member is not None:
            raise ValueError("'director_is_member' filters firms; use count: firms")
        return self


def quantity(p: Params, firm: Firm, as_of: date) -> int:
    """What one firm contributes to its branch's count."""
    if p.count == "firms":
        if p.director_is_member is not None and firm.director_is_member is not p.director_is_member:
            return 0
        return 1
    return firm.count_members(p.status, p.min_standing_years, as_of)


def noun(p: Params, n: int | None = None) -> tuple[str, str]:
    """What is counted, in English and Chinese (with its measure word: 名 / 个); the English
    is singular when ``n`` is 1 ("1 full member"), plural otherwise."""
    s = "" if n == 1 else "s"
    if p.count == "firms":
        if p.director_is_member is True:
            return f"firm{s} whose director is a Party member", "个主任为党员的单位"
        if p.director_is_member is False:
            return f"firm{s} whose director is not a Party member", "个主任非党员的单位"
        return f"firm{s}", "个单位"
    en = {"full": "full member", "probationary": "probationary member", None: "member"}[p.status] + s
    zh = {"full": "名正式党员", "probationary": "名预备党员", None: "名党员"}[p.status]
    if p.min_standing_years is not None:
        y = f"{p.min_standing_years:g}"
        en += f" with at least {y} year{'s' if y != '1' else ''} of standing"
        zh = f"名党龄{y}年以上的" + zh[1:]
    return en, zh


def applicability(enc, u: int, applies_to: list[str]):
    """1 when unit u leads a branch of a kind in applies_to; None if it never can.

    Linear in lead(u) and joint(u): both standalone and joint -> lead(u); joint only ->
    J(u); standalone only -> lead(u) - J(u); hosts -> h(u) when 'host' is listed.
    """
    if enc.part.is_host(u):
        return enc.lead(u) if "host" in applies_to else None
    std, jnt = "standalone" in applies_to, "joint" in applies_to
    if std and jnt:
        return enc.lead(u)
    if jnt:
        return enc.joint(u)
    if std:
        return enc.lead(u) - enc.joint(u)
    return None


def encode(rule, enc) -> None:
    p: Params = rule.params
    soft = not rule.is_hard
    applies = list(p.applies_to)
    amounts: dict[int, int] = {}  # unit -> what it contributes (a firm is asked once per candidate lead)

    def a(i: int) -> int:
        q = amounts.get(i)
        if q is None:
            q = amounts[i] = quantity(p, enc.part.firms[i], enc.as_of) if not enc.part.is_host(i) else 0
        return q

    for u in enc.leads():
        on = applicability(enc, u, applies)
        if on is None or (isinstance(on, int) and on == 0):
            continue
        s, lo, hi = enc.branch_sum(u, a)
        uid = enc.part.unit_id(u)
        if p.min is not None:
            # sum_i a_i x[i, u] (+ v) >= min * on
            if soft:
                v = enc.violation(f"{rule.code}.short[{uid}]", p.min)
                enc.model.add(s + v >= p.min * on)
                enc.penalize(rule.code, rule.priority, rule.milli_weight * v)
            else:
                enc.require(rule.code, uid, s >= p.min * on)
        if p.max is not None:
            rhs = _max_rhs(enc, u, applies, p.max, on, a, hi)
            if soft:
                v = enc.violation(f"{rule.code}.over[{uid}]", hi)
                enc.model.add(s - v <= rhs)
                enc.penalize(rule.code, rule.priority, rule.milli_weight * v)
            else:
                enc.require(rule.code, uid, s <= rhs)
                if enc.current is not None and ("joint" in applies or enc.part.is_host(u)):
                    # the same cap on a current branch's continuation under u (solver/continuity.py);
                    # a joint-only cap leaves u alone with its own count
                    host_or_all = enc.part.is_host(u) or "standalone" in applies
                    enc.current.cap(u, a, p.max if host_or_all else max(p.max, a(u)))


def _max_rhs(enc, u, applies, bound, on, a, hi):
    """Right-hand side of s <= rhs that is exact whatever the branch's kind.

    When the rule is off for u's branch the sum must stay free: for 'lead' applicability
    the sum is 0 anyway; for joint-only it is u's own contribution when alone; otherwise
    the sum's upper bound relaxes it.
    """
    p = enc.part
    if p.is_host(u) or ("standalone" in applies and "joint" in applies):
        return bound * on
    if "joint" in applies:
        return bound * on + a(u) * (enc.lead(u) - on)
    return bound * on + max(hi, bound) * enc.joint(u)


def evaluate(rule, view: PlanView) -> Result:
    p: Params = rule.params
    res = Result()
    what_zh = noun(p)[1]
    for b in view.branches:
        if b.composition not in p.applies_to or b.gone:   # (a branch whose firms all left: assignment says so)
            continue
        total = sum(quantity(p, f, view.as_of) for f in b.firms)
        short = max(0, p.min - total) if p.min is not None else 0
        over = max(0, total - p.max) if p.max is not None else 0
        gap = short + over
        if not gap:
            continue
        res.measure += gap
        cost = 0 if rule.is_hard else rule.milli_weight * gap
        res.cost_milli += cost
        if short:
            en = f"branch {b.id} has {total} {noun(p, total)[0]}; at least {p.min} required"
            zh = f"支部 {b.id} 只有 {total} {what_zh}，至少应有 {p.min} {what_zh}"
        else:
            en = f"branch {b.id} has {total} {noun(p, total)[0]}; at most {p.max} allowed"
            zh = f"支部 {b.id} 有 {total} {what_zh}，一般不超过 {p.max} {what_zh}"
        res.findings.append(_finding(rule, b, en, zh, cost))
    return res


def _finding(rule, b: BranchView, en: str, zh: str, cost_milli: int) -> Finding:
    return Finding(code=rule.code, severity=rule.severity, message=en, message_zh=zh,
                   branch=b.id, firms=b.firm_ids, cost=cost_milli / 1000,
                   source=rule.source.article if rule.source else None, branch_index=b.index)
