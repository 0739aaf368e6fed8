"""jurisdiction: a branch never crosses a jurisdiction (city).

律师事务所党组织一般应直接隶属于市级律师行业党委 (律所规则第四条): grouping stays inside one
city. Each firm's jurisdiction is its own ``jurisdiction`` or the roster's default.

No parameters; always hard. The solver enforces it by construction: each jurisdiction is
solved as an independent part.

Passing: B003 = [F1 (贵港市), F2 (贵港市)]. Failing: B003 = [F1 (贵港市), F9 (玉林市)].
"""

from __future__ import annotations

from .base import Finding, Params as _Params, PlanView, Result

KIND = "jurisdiction"
SEVERITIES = ("hard",)
SINGLETON = True


class Params(_Params):
    pass


def encode(rule, enc) -> None:
    # By construction: the solver builds one part per jurisdiction, so no variable can
    # put units of two jurisdictions in one branch. Nothing to post.
    return None


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    roster = view.roster
    for b in view.branches:
        units = list(b.firms) + ([b.host] if b.host is not None else [])
        cities = sorted({roster.firm_jurisdiction(u) for u in units})
        if len(cities) > 1:
            res.measure += 1
            by_city = "; ".join(
                f"{c}: " + ", ".join(u.id for u in units if roster.firm_jurisdiction(u) == c) for c in cities)
            res.findings.append(Finding(
                rule.code, "hard",
                f"branch {b.id} crosses jurisdictions ({by_city})",
                f"支部 {b.id} 跨越了辖区（{by_city}）",
                b.id, b.firm_ids, source=rule.source.article if rule.source else None,
                branch_index=b.index))
    return res
