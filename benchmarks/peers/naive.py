"""Peer (c): CP-SAT with default parameters on the naive model.

The model a newcomer to CP-SAT writes first: the same candidate leads as branchplan's
general model, but every branch rule as a conditional row (``only_enforce_if`` the lead
leads, or the branch is joint), "joint" as a max-equality over the joiners, and CP-SAT's
default parameters (every core as a search worker). Priority levels in turn, like
branchplan. The rule kinds of the shipped charter and of rules/cpmp.yaml are modelled.
"""

from __future__ import annotations

import time
from datetime import date

from ortools.sat.python import cp_model

from branchplan.charter import Charter
from branchplan.model import Roster
from branchplan.rules import distance as distance_rule
from branchplan.rules import district as district_rule
from branchplan.rules.aggregate import quantity

from .common import Outcome, run_parts


def run(roster: Roster, charter: Charter, as_of: date, time_limit: float | None = None) -> Outcome:
    return run_parts("cpsat-naive", roster, charter, as_of, time_limit, _solve_part)


def _solve_part(part, charter, as_of, deadline):
    m = cp_model.CpModel()
    x = {(i, u): m.new_bool_var("") for i in part.small for u in part.cands[i]}
    for i in part.small:
        m.add_exactly_one(x[i, u] for u in part.cands[i])
    joiners: dict[int, list] = {}
    for (i, u), v in x.items():
        if i != u:
            joiners.setdefault(u, []).append((i, v))
            if (u, u) in x:
                m.add_implication(v, x[u, u])     # a small firm takes joiners only if it leads
    leads = sorted(part.small + part.big) + [h for h in part.host_units if h in joiners]
    lead_var, joint = {}, {}
    for u in leads:
        js = [v for _, v in joiners.get(u, [])]
        if part.is_host(u):
            lead_var[u] = m.new_bool_var("")
            m.add_max_equality(lead_var[u], js)
        else:
            lead_var[u] = x[u, u] if (u, u) in x else 1
        j = m.new_bool_var("")
        if js:
            m.add_max_equality(j, js)
        else:
            m.add(j == 0)
        joint[u] = j
    costs: dict[int, list] = {}
    for rule in charter.rules:
        _post(rule, part, m, x, joiners, leads, lead_var, joint, costs, as_of)
    solver = cp_model.CpSolver()
    bounds, proven = {}, True
    for lvl in sorted(costs):
        expr = sum(costs[lvl])
        m.minimize(expr)
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            solver.parameters.max_time_in_seconds = left
        status = solver.solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        value = int(round(solver.objective_value))
        bounds[lvl] = (value if status == cp_model.OPTIMAL else max(0.0, solver.best_objective_bound)) / 1000
        proven &= status == cp_model.OPTIMAL
        m.add(expr <= value)
        m.clear_hints()
        for v in x.values():
            m.add_hint(v, solver.value(v))
    if not costs:
        if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
    lead = {part.firms[i].id: part.unit_id(u) for (i, u), v in x.items() if solver.boolean_value(v)}
    return lead, bounds, proven


def _on(m, u, applies, lead_var, joint, part):
    """Enforcement literals for 'u's branch is of a kind in applies'; None: never."""
    lead, j = lead_var[u], joint[u]
    if part.is_host(u):
        return [lead] if "host" in applies else None
    std, jnt = "standalone" in applies, "joint" in applies
    base = [] if isinstance(lead, int) else [lead]
    if std and jnt:
        return base
    if jnt:
        return [j]
    if std:
        return base + [j.Not()]
    return None


def _post(rule, part, m, x, joiners, leads, lead_var, joint, costs, as_of):
    kind, p = rule.kind, rule.params
    add = costs.setdefault(rule.priority, []).append if not rule.is_hard else None
    if kind == "branch_aggregate":
        for u in leads:
            lits = _on(m, u, p.applies_to, lead_var, joint, part)
            if lits is None:
                continue
            a = lambda i: 0 if part.is_host(i) else quantity(p, part.firms[i], as_of)  # noqa: E731
            s = sum(a(i) * v for i, v in joiners.get(u, [])) + (0 if part.is_host(u) else a(u))
            for bound, sense in ((p.min, 1), (p.max, -1)):
                if bound is None:
                    continue
                if rule.is_hard:
                    ct = m.add(s >= bound) if sense == 1 else m.add(s <= bound)
                else:
                    v = m.new_int_var(0, 10**6, "")
                    ct = m.add(s + v >= bound) if sense == 1 else m.add(s - v <= bound)
                    add(rule.milli_weight * v)
                if lits:
                    ct.only_enforce_if(lits)
    elif kind == "fallback":
        add(rule.milli_weight * sum(v for (i, u), v in x.items()
                                    if u != i and (part.is_host(u) or part.is_big(u))))
    elif kind == "distance":
        add(sum(distance_rule.pair_cost(rule, part.firms[i], part.location(u))[1] * v
                for (i, u), v in x.items() if u != i))
    elif kind == "district":
        add(sum(district_rule.unit_cost(rule, part.firms[i]) * v for (i, u), v in x.items()
                if u != i and district_rule.mismatch(part.firms[i], part.unit(u))))
    elif kind == "lead_director":
        terms = []
        for u in leads:
            if not part.is_host(u) and part.firms[u].director_is_member is False:
                lits = _on(m, u, p.applies_to, lead_var, joint, part)
                if lits is None:
                    continue
                b = m.new_bool_var("")
                m.add_bool_and(lits).only_enforce_if(b) if lits else None
                if lits:
                    m.add_bool_or([b] + [lit.Not() if hasattr(lit, "Not") else lit for lit in lits])
                else:
                    m.add(b == 1)
                terms.append(rule.milli_weight * b)
        if terms:
            add(sum(terms))
    elif kind == "branch_count":
        n = sum(lead_var[u] for u in leads if not isinstance(lead_var[u], int)) + sum(
            1 for u in leads if isinstance(lead_var[u], int))
        if rule.is_hard:
            if p.min is not None:
                m.add(n >= p.min)
            if p.max is not None:
                m.add(n <= p.max)
    # assignment, own_branch, jurisdiction: by construction of x
