"""fallback: a small firm placed in a standalone firm's branch or with a host organisation.

Where the small firms of a jurisdiction cannot all be grouped into valid joint branches
among themselves, a small firm may join a standalone firm's branch or a declared host (the
bar association's or justice bureau's Party organisation: 就近联合组建，否则转入司法局或律师
协会党组织). Every such placement costs ``weight``; with the default priority 0 their number
is minimised before anything else.

Parameters
    allow_standalone: small firms may join a standalone firm's branch (default true).
    allow_hosts: small firms may join a host's branch (default true).

A branch whose lead is a standalone-sized firm listed in another branch (a hand edit) has its
small firms placed with that firm all the same: each is a fallback placement.

Always soft. A placement the parameters do not allow is a hard finding of this rule (a plan
made by hand; the solver makes none). Without this rule in the charter no fallback placement
is allowed at all (the assignment and own-branch rules say so).

Passing (cost 0): small firms F4, F5, F6 in a joint branch. Costing 1: F4 in F1's branch.
"""

from __future__ import annotations

from .base import Finding, Params as _Params, PlanView, Result

KIND = "fallback"
SEVERITIES = ("soft",)
SINGLETON = True


class Params(_Params):
    allow_standalone: bool = True
    allow_hosts: bool = True


CHARTER_WORDS = ("may_join",)


def charter_words(rule, rules) -> dict[str, tuple[str, str]]:
    """Placeholders for a title or description (English, Chinese): ``{may_join}``, where a
    small firm may fall back to, and when, as a clause: only where valid joint branches
    cannot take it while the rule's level comes before every other soft rule's; else a
    placement is weighed against the soft rules at its level or before it."""
    p = rule.params
    where = {(True, True): ("a standalone firm's branch or a declared host", "单独支部或托管组织"),
             (True, False): ("a standalone firm's branch", "单独支部"),
             (False, True): ("a declared host", "托管组织")}.get((p.allow_standalone, p.allow_hosts))
    if where is None:
        return {"may_join": ("No small firm may fall back to a standalone firm's branch or a host: each must be "
                             "in a valid joint branch",
                             "不具备单独建支部条件的律所不得兜底编入单独支部或托管组织，须编入合格的联合支部")}
    rivals = [r.code for r in rules if r.code != rule.code and not r.is_hard and r.milli_weight > 0
              and r.kind != "stability" and r.priority <= rule.priority]
    if rivals:
        return {"may_join": (f"A small firm may join {where[0]}, each such placement weighed against "
                             f"{', '.join(rivals)} (no later than this rule), so also where a valid joint branch "
                             "could take it",
                             f"不具备单独建支部条件的律所可兜底编入{where[1]}，每次兜底编入与{'、'.join(rivals)}"
                             "（不晚于本规则）权衡，因此即使能组成合格联合支部也可能兜底编入")}
    return {"may_join": (f"A small firm may join {where[0]} only where valid joint branches cannot take it",
                         f"不具备单独建支部条件的律所仅在无法组成合格联合支部时才兜底编入{where[1]}")}


def encode(rule, enc) -> None:
    # cost = w * sum of x[i, u] over small i and u a big firm or a host
    p = enc.part
    terms = [v for i, u, v in enc.assignments() if u != i and (p.is_host(u) or p.is_big(u))]
    if terms:
        enc.penalize(rule.code, rule.priority, rule.milli_weight * sum(terms))


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    for b in view.branches:
        # (a roster firm named as lead outside the branch too: its firms are placed with it, as
        # distance and district measure them from it)
        lead = b.lead_firm or b.lead_elsewhere
        by_host = b.host is not None
        if not by_host and not (lead is not None and view.is_big(lead)):
            continue
        for f in b.firms:
            if f.id == b.lead or view.is_big(f):
                continue
            where_en = f"host {b.host.id}" if by_host else f"standalone firm {b.lead}"
            where_zh = f"托管组织 {b.host.id}" if by_host else f"单独建支部单位 {b.lead}"
            if not (rule.params.allow_hosts if by_host else rule.params.allow_standalone):
                # a placement this rule does not allow: a hard finding of its own (not a cost)
                param = "allow_hosts" if by_host else "allow_standalone"
                res.findings.append(Finding(
                    rule.code, "hard",
                    f"firm {f.id} is placed with {where_en} in branch {b.id}, which {rule.code} does not allow "
                    f"({param}: false)",
                    f"单位 {f.id} 编入{where_zh} 的支部 {b.id}，{rule.code} 不允许此种兜底编入（{param}: false）",
                    b.id, (f.id,), source=rule.source.article if rule.source else None,
                    branch_index=b.index, firm_entry=f.id))
                continue
            res.measure += 1
            cost = rule.milli_weight
            res.cost_milli += cost
            res.findings.append(Finding(
                rule.code, "soft",
                f"firm {f.id} is placed with {where_en} in branch {b.id} (fallback)",
                f"单位 {f.id} 兜底编入{where_zh} 的支部 {b.id}",
                b.id, (f.id,), cost=cost / 1000, source=rule.source.article if rule.source else None,
                branch_index=b.index, firm_entry=f.id))
    return res
