"""branch_count: the number of branches in each jurisdiction is at least / at most N.

Useful for fixed-size groupings (the p-median benchmark: exactly p branches) or to cap the
number of joint branches a committee can staff.

Parameters
    min / max: bounds on the number of branches per jurisdiction (give one or both).
    applies_to: which branches count (default all: standalone, joint, host).

Hard, or soft with ``weight`` per branch short or over.

Example (max 7): a city with 8 branches fails.
"""

from __future__ import annotations

from pydantic import Field

from ..i18n import plural
from .aggregate import applicability
from .base import BoundParams, Composition, Finding, PlanView, Result

KIND = "branch_count"
SEVERITIES = ("hard", "soft")


class Params(BoundParams):
    applies_to: list[Composition] = Field(default_factory=lambda: ["standalone", "joint", "host"], min_length=1)


def encode(rule, enc) -> None:
    # n = sum over leads u of [u leads a branch of the listed kinds]; min <= n <= max
    p: Params = rule.params
    if not any(f.size for f in enc.part.firms):
        return      # no member to place: no branch, and nothing to count (as check counts)
    ons = [applicability(enc, u, list(p.applies_to)) for u in enc.leads()]
    n = sum(o for o in ons if o is not None)
    hi = len(ons)
    code = rule.code
    if p.min is not None:
        if rule.is_hard:
            enc.require(code, enc.part.jurisdiction, n >= p.min)
        else:
            v = enc.violation(f"{code}.short", p.min)
            enc.model.add(n + v >= p.min)
            enc.penalize(code, rule.priority, rule.milli_weight * v)
    if p.max is not None:
        if rule.is_hard:
            enc.require(code, enc.part.jurisdiction, n <= p.max)
        else:
            v = enc.violation(f"{code}.over", hi)
            enc.model.add(n - v <= p.max)
            enc.penalize(code, rule.priority, rule.milli_weight * v)


def evaluate(rule, view: PlanView) -> Result:
    from ..plan import shown_jurisdiction, whole_name   # (plan.py imports the rule catalogue)

    p: Params = rule.params
    res = Result()
    counts: dict[str, int] = {}
    whole = None if view.split else whole_name(view.roster)   # without a jurisdiction rule: one count
    for b in view.branches:
        if b.composition in p.applies_to and not b.gone:   # (its firms all left the roster: no branch now)
            j = whole if whole is not None else b.jurisdiction
            counts[j] = counts.get(j, 0) + 1
    places = {view.roster.firm_jurisdiction(f) for f in view.roster.firms if f.size}
    for j in sorted(places if whole is None else {whole} if places else set()):
        n = counts.get(j, 0)
        gap = (max(0, p.min - n) if p.min is not None else 0) + (max(0, n - p.max) if p.max is not None else 0)
        if not gap:
            continue
        cost = 0 if rule.is_hard else rule.milli_weight * gap
        res.measure += gap
        res.cost_milli += cost
        bound = f"at least {p.min}" if p.min is not None and n < p.min else f"at most {p.max}"
        bound_zh = f"至少 {p.min}" if p.min is not None and n < p.min else f"至多 {p.max}"
        what, what_zh = counted_kinds(p.applies_to)
        res.findings.append(Finding(
            rule.code, rule.severity,
            f"{shown_jurisdiction(j, start=True)} has {plural(n, f'{what} branch'.lstrip(), f'{what} branches'.lstrip())}; "
            f"{bound} required", f"{shown_jurisdiction(j, 'zh')}共有 {n} 个{what_zh}支部，应{bound_zh} 个", cost=cost / 1000,
            source=rule.source.article if rule.source else None, jurisdiction=j))
    return res


_NAMES = {"standalone": ("standalone", "单独组建"), "joint": ("joint", "联合"), "host": ("host", "托管")}


def counted_kinds(applies_to) -> tuple[str, str]:
    """Which branches a finding counts, as an adjective: ("joint", "联合"); ("", "") for all."""
    kinds = [k for k in _NAMES if k in set(applies_to)]
    if len(kinds) == len(_NAMES):
        return "", ""
    return " or ".join(_NAMES[k][0] for k in kinds), "或".join(_NAMES[k][1] for k in kinds)
