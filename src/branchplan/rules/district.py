"""district: firms of a branch should be in the same district as its lead (便于管理).

Cost: ``weight`` for every firm (or every member, ``per: member``) placed in a branch
whose lead is in another district. Firms or leads with no district cost nothing.

Parameters
    per: ``firm`` (default) or ``member``.

Always soft.

Example: lead F1 in 港北区; F2 in 港南区 joins: cost 1 x weight.
"""

from __future__ import annotations

from typing import Literal

from ..model import Firm
from .base import Finding, Params as _Params, PlanView, Result

KIND = "district"
SEVERITIES = ("soft",)
SINGLETON = True


class Params(_Params):
    per: Literal["firm", "member"] = "firm"


def words(p: Params) -> dict[str, tuple[str, str]]:
    """Placeholders for a title or description (English, Chinese): ``{each}``, what one
    ``weight`` is counted for."""
    return {"each": {"firm": ("firm", "每个单位"), "member": ("Party member of a firm", "单位每名党员")}[p.per]}


def mismatch(firm: Firm, lead) -> bool:
    return bool(firm.district and lead is not None and lead.district and firm.district != lead.district)


def unit_cost(rule, firm: Firm) -> int:
    n = firm.size if rule.params.per == "member" else 1
    return rule.milli_weight * n


def encode(rule, enc) -> None:
    # cost = sum over i != u with district(i) != district(u) of w * x[i, u]
    from ..solver.cpsat import cp_model

    p = enc.part
    pairs = [(v, unit_cost(rule, p.firms[i])) for i, u, v in enc.assignments()
             if u != i and mismatch(p.firms[i], p.unit(u))]
    if pairs:
        vs, cs = zip(*pairs)
        enc.penalize(rule.code, rule.priority, cp_model.LinearExpr.weighted_sum(vs, cs))


def pair_cost_bounds(rule, joiners: list[Firm], leads: list) -> "np.ndarray":
    """unit_cost(rule, i) * mismatch(i, u) for all i in joiners, u in leads, vectorised."""
    import numpy as np

    codes: dict[str, int] = {}
    a = np.array([codes.setdefault(f.district, len(codes)) if f.district else -1 for f in joiners])
    b = np.array([codes.setdefault(u.district, len(codes)) if u.district else -1 for u in leads])
    differ = (a[:, None] != b[None, :]) & (a[:, None] >= 0) & (b[None, :] >= 0)
    cost = np.array([unit_cost(rule, f) for f in joiners], float)
    return differ * cost[:, None]


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    for b in view.branches:
        lead = b.lead_unit     # (a lead outside the branch too: its firms are measured from it)
        for f in b.firms:
            if f.id == b.lead or not mismatch(f, lead):
                continue
            cost = unit_cost(rule, f)
            res.measure += f.size if rule.params.per == "member" else 1     # (in the unit the cost is per)
            res.cost_milli += cost
            res.findings.append(Finding(
                rule.code, "soft",
                f"firm {f.id} ({f.district}) is in branch {b.id} led from {lead.district}",
                f"单位 {f.id}（{f.district}）编入在{lead.district}活动的支部 {b.id}",
                b.id, (f.id,), cost=cost / 1000, source=rule.source.article if rule.source else None,
                branch_index=b.index, firm_entry=f.id))
    return res
