"""max_distance: no firm farther than a limit from the lead of its branch (地域相邻, 条例第五条).

A stricter form of "neighbouring firms together" than the ``distance`` weight: every unit
placed in a branch other than the branch's lead (joiners of a joint branch, and small firms
placed with a standalone firm or a host as a fallback) must be at most ``max`` from the
lead (the firm or host where the branch meets). The lead itself is never measured.

Parameters
    max: the limit, in the metric's unit (km for lat/lon; > 0).
    metric: ``auto`` (great-circle km for lat/lon, Euclidean for planar x/y),
        ``haversine``, ``euclidean`` or ``floor_euclidean``, as for ``distance``.

Distances are rounded to 1/1000 of the unit, identically in the solver and in ``check``
(as ``distance`` does); a firm is over the limit when its rounded distance exceeds the
limit rounded the same way. A firm or lead with no known location is never over it.

Hard by default: no plan places a firm over the limit. Soft: ``weight`` points for every
firm over the limit (per firm, whatever its members). The rule may be given more than once
(say a hard limit of 30 km and a soft one of 10 km).

Example: ``max: 15``; F2 is 18.2 km from lead F1: hard, the plan is refused; soft with
weight 20, it costs 20.
"""

from __future__ import annotations

from pydantic import Field

from ..geo import Metric, distance
from ..model import Firm, Location
from .base import Finding, Params as _Params, PlanView, Result

KIND = "max_distance"
SEVERITIES = ("hard", "soft")
SINGLETON = False


class Params(_Params):
    max: float = Field(gt=0)
    metric: Metric = "auto"


def _milli(value: float) -> int:
    return int(round(value * 1000))


def limit_milli(p: Params) -> int:
    return _milli(p.max)


def milli_distance(p: Params, a: Location | None, b: Location | None) -> int:
    """Distance in 1/1000 of the metric's unit (metres for km), as ``distance`` rounds it."""
    return _milli(distance(a, b, p.metric))


def over(p: Params, firm: Firm, lead_loc: Location | None) -> bool:
    """True when ``firm`` is farther than the limit from a lead at ``lead_loc``."""
    return milli_distance(p, firm.location, lead_loc) > limit_milli(p)


def encode(rule, enc) -> None:
    # hard: x[i, u] = 0 for every pair over the limit (the instance: the branch led by u)
    # soft: cost = sum over pairs over the limit of w * x[i, u]
    p = enc.part
    terms = []
    for i, u, v in enc.assignments():
        if u == i or not over(rule.params, p.firms[i], p.location(u)):
            continue
        if rule.is_hard:
            enc.require(rule.code, p.unit_id(u), v == 0)
        elif rule.milli_weight:
            terms.append(rule.milli_weight * v)
    if terms:
        enc.penalize(rule.code, rule.priority, sum(terms))


def forbidden_pairs(rule, joiners: list[Firm], leads: list) -> "np.ndarray":
    """over[i, u] for i in joiners, u in leads, vectorised for the solver's relaxation.

    Only pairs certainly over the limit are marked (the vectorised distance is rounded
    down, see :func:`branchplan.geo.milli_lower`): a pair left unmarked is merely allowed
    in the relaxation, which keeps its bound a bound."""
    from ..geo import distance_matrix, milli_lower

    p: Params = rule.params
    d = milli_lower(distance_matrix([f.location for f in joiners], [u.location for u in leads], p.metric))
    return d > limit_milli(p)


def pair_cost_bounds(rule, joiners: list[Firm], leads: list) -> "np.ndarray":
    """Lower bounds on the soft rule's cost of i joining u (1/1000 points), vectorised."""
    return forbidden_pairs(rule, joiners, leads) * float(rule.milli_weight)


def _km(rule, firm: Firm, lead) -> tuple[str, str, str, str]:
    p: Params = rule.params
    d = distance(firm.location, lead.location, p.metric)
    geo = firm.location is not None and firm.location.is_geo and p.metric in ("auto", "haversine")
    unit_en, unit_zh = (" km", " 公里") if geo else ("", "")
    lim = f"{p.max:g}"
    return f"{d:.1f}{unit_en}", f"{d:.1f}{unit_zh}", f"{lim}{unit_en}", f"{lim}{unit_zh}"


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    sev = "hard" if rule.is_hard else "soft"
    for b in view.branches:
        lead = b.host if b.host is not None else b.lead_firm
        if lead is None:
            continue
        for f in b.firms:
            if f.id == b.lead or not over(rule.params, f, lead.location):
                continue
            cost = 0 if rule.is_hard else rule.milli_weight
            res.measure += 1
            res.cost_milli += cost
            d_en, d_zh, lim_en, lim_zh = _km(rule, f, lead)
            res.findings.append(Finding(
                rule.code, sev,
                f"firm {f.id} is {d_en} from lead {lead.id} of branch {b.id}, over the limit of {lim_en}",
                f"单位 {f.id} 距支部 {b.id} 的牵头单位 {lead.id} {d_zh}，超过上限 {lim_zh}",
                b.id, (f.id,), cost=cost / 1000,
                source=rule.source.article if rule.source else None,
                branch_index=b.index, firm_entry=f.id))
    return res
