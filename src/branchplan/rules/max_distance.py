"""max_distance: no firm farther than a limit from the lead of its branch (地域相邻, 条例第五条).

A stricter form of "neighbouring firms together" than the ``distance`` weight: every unit
placed in a branch other than the branch's lead (joiners of a joint branch, and small firms
placed with a standalone firm or a host as a fallback) must be at most ``max`` from the
lead (the firm or host where the branch meets). The lead itself is never measured.

Parameters
    max: the limit, in the metric's unit (> 0): km for lat/lon with ``auto`` or
        ``haversine``; degrees of lon/lat with ``euclidean`` or ``floor_euclidean``.
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
from ..i18n import plural
from ..model import Firm, Location
from .base import Finding, Params as _Params, PlanView, Result

KIND = "max_distance"
SEVERITIES = ("hard", "soft")
#: parameters a title or description need not mention (how distance is measured)
TEXT_NEUTRAL = ("metric",)
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
    # as many decimals as it takes to show the distance over the limit (the rule compares
    # to 1/1000 of the unit: 1.504 km is over 1.5 km)
    shown = f"{d:.1f}" if float(f"{d:.1f}") > p.max else f"{d:.3f}"
    return f"{shown}{unit_en}", f"{shown}{unit_zh}", f"{lim}{unit_en}", f"{lim}{unit_zh}"


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    sev = "hard" if rule.is_hard else "soft"
    for b in view.branches:
        lead = b.lead_unit     # (a lead outside the branch too: its firms are measured from it)
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
                f"单位 {f.id} 与支部 {b.id} 的牵头单位 {lead.id} 相距 {d_zh}，超过上限 {lim_zh}",
                b.id, (f.id,), cost=cost / 1000,
                source=rule.source.article if rule.source else None,
                branch_index=b.index, firm_entry=f.id))
    return res


def lonely(rule, part) -> list[tuple[str, str, float]]:
    """Small firms of a solver part with no other unit within a hard limit: no branch can
    take them (a small firm cannot stand alone), whatever the rest of the plan does.
    (firm id, its nearest unit's id, that distance), in the part's order."""
    import numpy as np

    from ..geo import distance_matrix

    if not rule.is_hard or not part.small:
        return []
    p: Params = rule.params
    units = list(range(len(part.firms) + len(part.hosts)))
    d = distance_matrix([part.firms[i].location for i in part.small], [part.location(u) for u in units], p.metric)
    for a, i in enumerate(part.small):
        d[a, i] = np.inf  # not oneself
    out = []
    for a, i in enumerate(part.small):
        u = int(np.argmin(d[a]))
        if np.isfinite(d[a, u]) and _milli(float(d[a, u])) > limit_milli(p) and over(p, part.firms[i], part.location(u)):
            out.append((part.firms[i].id, part.unit_id(u), float(d[a, u])))
    return out


def lonely_text(rule, jurisdiction: str, found: list[tuple[str, str, float]], geo: bool) -> tuple[str, str]:
    """Why no plan exists when :func:`lonely` found firms: (English, Chinese)."""
    import math

    unit_en, unit_zh = (" km", " 公里") if geo else ("", "")
    lim = f"{rule.params.max:g}"
    need = max(math.ceil(d * 100) / 100 for _, _, d in found)
    each_en = "; ".join(f"{f} (nearest: {u}, {d:.2f}{unit_en})" for f, u, d in found[:5])
    each_zh = "；".join(f"{f}（最近的 {u} 相距 {d:.2f}{unit_zh}）" for f, u, d in found[:5])
    more = len(found) - 5
    en = (f"{jurisdiction}: no plan satisfies the hard rules: {plural(len(found), 'small firm')} "
          f"{'has' if len(found) == 1 else 'have'} no other unit within {lim}{unit_en}, so {rule.code} leaves "
          f"{'it' if len(found) == 1 else 'them'} no branch: {each_en}{f'; and {more} more' if more > 0 else ''}. "
          f"Raise {rule.code}'s max to at least {need:g}{unit_en}, or make it soft")
    zh = (f"{jurisdiction}：没有满足硬性规则的方案：{len(found)} 个党员不足的单位在 {lim}{unit_zh}内没有其他单位，"
          f"{rule.code} 使其无支部可编入：{each_zh}{f'；另有 {more} 个' if more > 0 else ''}。"
          f"请将 {rule.code} 的 max 提高到至少 {need:g}{unit_zh}，或改为软性规则")
    return en, zh
