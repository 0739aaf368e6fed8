"""distance: keep neighbouring firms together (地域相邻, 条例第五条).

Cost: for every unit of a branch other than its lead, its Party members (or full members,
or 1 per firm) times its distance to the branch's lead (the firm or host where the branch
meets), times ``weight``. With the default settings this is the branch plan's total
member-kilometres.

Parameters
    metric: ``auto`` (great-circle km for lat/lon, Euclidean for planar x/y),
        ``haversine``, ``euclidean``, or ``floor_euclidean`` (Euclidean truncated to an
        integer, as in the OR-Library p-median benchmark). ``euclidean`` and
        ``floor_euclidean`` take lon/lat as x/y: on lat/lon locations they measure
        degrees, not km (every command reading the roster warns at the rule).
    per: ``member`` (default), ``full_member`` or ``firm``.

Distances are rounded to 1/1000 of the unit before weighting, identically in the solver
and in ``check``. Always soft.

Example: F2 (2 members) 3.5 km from lead F1 costs 7.0 member-km.
"""

from __future__ import annotations

from typing import Literal

from ..geo import Metric, distance
from ..i18n import plural
from ..model import Firm, Location
from .base import Finding, Params as _Params, PlanView, Result

KIND = "distance"
SEVERITIES = ("soft",)
#: parameters a title or description need not mention (how distance is measured)
TEXT_NEUTRAL = ("metric",)
SINGLETON = True


class Params(_Params):
    metric: Metric = "auto"
    per: Literal["member", "full_member", "firm"] = "member"


def words(p: Params) -> dict[str, tuple[str, str]]:
    """Placeholders for a title or description (English, Chinese): ``{measure}``, what a
    firm's cost multiplies, and ``{unit}``, what one point is for at weight 1."""
    km = p.metric in ("auto", "haversine")
    dist_en, dist_zh = ("distance (km)", "距离（公里）") if km else ("distance", "距离")
    what_en, what_zh, unit_en, unit_zh = {
        "member": ("Party members times its", "党员人数乘以", "member", "人"),
        "full_member": ("full members times its", "正式党员人数乘以", "full member", "名正式党员"),
        "firm": ("", "", "firm", "个单位"),
    }[p.per]
    length_en, length_zh = ("-km", "公里") if km else ("-unit", "单位距离")
    if p.per == "firm":
        measure = (f"Each firm's {dist_en} to the branch's lead firm", f"每个单位到支部牵头单位的{dist_zh}")
    else:
        measure = (f"Each firm's {what_en} {dist_en} to the branch's lead firm",
                   f"每个单位的{what_zh}到支部牵头单位的{dist_zh}")
    return {"measure": measure, "unit": (unit_en + length_en, unit_zh + length_zh)}


def per_unit(p: Params, firm: Firm) -> int:
    return {"member": firm.size, "full_member": firm.full, "firm": 1}[p.per]


def milli_distance(p: Params, a: Location | None, b: Location | None) -> int:
    """Distance in 1/1000 of the metric's unit (metres for km)."""
    return int(round(distance(a, b, p.metric) * 1000))


def pair_cost(rule, firm: Firm, lead_loc: Location | None) -> tuple[int, int]:
    """(raw measure in 1/1000 units, weighted cost in 1/1000 points) of one firm's placement."""
    raw = per_unit(rule.params, firm) * milli_distance(rule.params, firm.location, lead_loc)
    return raw, int(round(rule.weight * raw))


def encode(rule, enc) -> None:
    # cost = sum over i != u of c[i, u] * x[i, u], c[i, u] = round(w * per_i * d_iu)
    from ..solver.cpsat import cp_model
    from ..solver.solve import MAX_OBJECTIVE

    p = enc.part
    vs, cs = [], []
    for i, u, v in enc.assignments():
        if u == i:
            continue
        _, c = pair_cost(rule, p.firms[i], p.location(u))
        if c:
            vs.append(v)
            cs.append(c)
    if cs and max(cs) > MAX_OBJECTIVE:     # (one cost alone beyond what the model can hold)
        from ..solver.solve import too_large

        too_large(p, rule)
    if vs:
        enc.penalize(rule.code, rule.priority, cp_model.LinearExpr.weighted_sum(vs, cs))


def pair_cost_bounds(rule, joiners: list[Firm], leads: list) -> "np.ndarray":
    """Lower bounds on pair_cost(rule, i, lead u) for all i in joiners, u in leads (1/1000
    points), vectorised for the solver's bound on pairs it does not model."""
    import numpy as np

    from ..geo import distance_matrix, milli_lower

    p: Params = rule.params
    d = milli_lower(distance_matrix([f.location for f in joiners], [u.location for u in leads], p.metric))
    per = np.array([per_unit(p, f) for f in joiners], float)
    raw = per[:, None] * d
    return np.maximum(0.0, np.floor(rule.weight * raw * (1 - 1e-12) + 0.5 - 1e-6))


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    raw_total = 0
    for b in view.branches:
        lead = b.lead_unit     # (a lead outside the branch too: its firms are measured from it)
        if lead is None:
            continue
        for f in b.firms:
            if f.id == b.lead:
                continue
            raw, cost = pair_cost(rule, f, lead.location)
            raw_total += raw
            res.cost_milli += cost
            if cost:
                res.by_firm[f.id] = res.by_firm.get(f.id, 0) + cost
                res.by_entry[f.id, b.index] = cost
    res.measure = raw_total / 1000
    return res



def describe(rule, firm: Firm, lead, branch: str) -> tuple[str, str]:
    """What ``firm``'s cost under this rule is, in English and Chinese, where it joins the
    branch ``branch`` led by ``lead`` (a firm or a host)."""
    p: Params = rule.params
    d = distance(firm.location, lead.location, p.metric)
    km = firm.location is not None and firm.location.lat is not None and p.metric in ("auto", "haversine")
    en_d, zh_d = (f"{d:.1f} km", f"{d:.1f} 公里") if km else (f"{d:.1f}", f"{d:.1f}")
    n = per_unit(p, firm)
    en_n = {"member": f" ({plural(n, 'member')})", "full_member": f" ({plural(n, 'full member')})", "firm": ""}[p.per]
    zh_n = {"member": f"（{n} 名党员）", "full_member": f"（{n} 名正式党员）", "firm": ""}[p.per]
    return (f"firm {firm.id}{en_n} is {en_d} from lead {lead.id} of branch {branch}",
            f"单位 {firm.id}{zh_n}与支部 {branch} 的牵头单位 {lead.id} 相距 {zh_d}")
