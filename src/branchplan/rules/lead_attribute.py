"""lead_director: a branch is best led from a firm whose director is a Party member.

The founding report: small firms' directors are often not members, and a capable
secretary, preferably a firm director, keeps a branch running. Cost: ``weight`` for every
branch (of the kinds in ``applies_to``) whose lead firm's director is known not to be a
Party member (``director_is_member: false``). Unknown counts as fine.

Parameters
    applies_to: default [joint] (a standalone firm has no choice of lead).

Always soft.

Example: joint branch led by F12 (director_is_member: false) costs 1 x weight; led by
F15 (true) costs nothing.
"""

from __future__ import annotations

from pydantic import Field

from .aggregate import applicability
from .base import Composition, Finding, Params as _Params, PlanView, Result

KIND = "lead_director"
SEVERITIES = ("soft",)
SINGLETON = True


class Params(_Params):
    applies_to: list[Composition] = Field(default_factory=lambda: ["joint"], min_length=1)


_KINDS = {"standalone": ("standalone", "单独"), "joint": ("joint", "联合"), "host": ("host", "托管")}


def words(p: Params) -> dict[str, tuple[str, str]]:
    """Placeholders for a title or description (English, Chinese): ``{branches}`` (and
    ``{Branches}``, capitalised), the branches of the kinds in ``applies_to``: "joint
    branch", "standalone or joint branch", "branch" for all of them."""
    kinds = [k for k in _KINDS if k in p.applies_to]
    if len(kinds) == len(_KINDS):
        en, zh = "branch", "支部"
    else:
        en = " or ".join(_KINDS[k][0] for k in kinds) + " branch"
        zh = "或".join(_KINDS[k][1] for k in kinds) + "支部"
    return {"branches": (en, zh), "Branches": (en[0].upper() + en[1:], zh)}


def encode(rule, enc) -> None:
    # cost = w * sum over firms u whose director is not a member of [u leads a branch of the kinds]
    p = enc.part
    terms = []
    for u in enc.leads(include_hosts=False):
        if p.firms[u].director_is_member is False:
            on = applicability(enc, u, list(rule.params.applies_to))
            if on is not None:
                terms.append(rule.milli_weight * on)
    if terms:
        enc.penalize(rule.code, rule.priority, sum(terms))


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    for b in view.branches:
        lead = b.lead_firm or b.lead_elsewhere     # (a lead outside the branch leads it all the same)
        if b.composition not in rule.params.applies_to or lead is None or lead.director_is_member is not False:
            continue
        res.measure += 1
        res.cost_milli += rule.milli_weight
        res.findings.append(Finding(
            rule.code, "soft",
            f"branch {b.id} is led by {lead.id}, whose director is not a Party member",
            f"支部 {b.id} 的牵头单位 {lead.id} 主任不是党员",
            b.id, (lead.id,), cost=rule.weight, source=rule.source.article if rule.source else None,
            branch_index=b.index))
    return res
