"""Peer (b): HiGHS (highspy) on branchplan's own linear model.

Every part is encoded exactly as branchplan's general model encodes it (same rows, same
candidate leads: every pair in small cities, the nearest ones in large), the CP-SAT model
is handed to HiGHS as a MIP, and the priority levels are minimised in turn (level 0, then
level 1 with level 0 fixed at its optimum), as branchplan does. Relative gap tolerance 0:
"optimal" means proven. The bound HiGHS proves holds for that model (its candidate pairs).
"""

from __future__ import annotations

import time
from datetime import date

import highspy
import numpy as np

from branchplan.charter import Charter
from branchplan.model import Roster
from branchplan.solver.solve import encode

from .common import Outcome, run_parts

INF = highspy.kHighsInf
BIG = 2 ** 62


def run(roster: Roster, charter: Charter, as_of: date, time_limit: float | None = None) -> Outcome:
    return run_parts("highs", roster, charter, as_of, time_limit, _solve_part,
                     extra=lambda bound: {"bound_by_level": bound})


def _solve_part(part, charter, as_of, deadline):
    enc = encode(part, charter.rules, as_of)
    model = enc.model
    objectives = {lvl: sum(e for _, e in terms) for lvl, terms in sorted(enc.penalties.items())}
    solution = None
    bounds: dict[int, float] = {}
    proven = True
    for lvl, expr in objectives.items():
        model.minimize(expr)
        h, cols = _to_highs(model)
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            h.setOptionValue("time_limit", float(left))
        if solution is not None:
            h.setSolution(_solution(h, solution))
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        if info.primal_solution_status < 2:   # no feasible solution
            return None
        solution = np.array(h.getSolution().col_value)
        value = int(round(info.objective_function_value))
        bounds[lvl] = max(0.0, float(info.mip_dual_bound)) / 1000
        if status != highspy.HighsModelStatus.kOptimal:
            proven = False
        else:
            bounds[lvl] = value / 1000
        model.add(expr <= value)
    lead = {part.firms[i].id: part.unit_id(u) for (i, u), v in enc.x.items() if solution[v.index] > 0.5}
    return lead, bounds, proven


def _solution(h, values):
    sol = highspy.HighsSolution()
    n = h.getNumCol()
    sol.col_value = list(values[:n]) + [0.0] * max(0, n - len(values))
    sol.value_valid = True
    return sol


def _lits(lits):
    vs, cs, k = [], [], 0
    for lit in lits:
        if lit >= 0:
            vs.append(lit)
            cs.append(1.0)
        else:
            vs.append(-lit - 1)
            cs.append(-1.0)
            k += 1
    return vs, cs, k


def _to_highs(model):
    """The CP-SAT model (linear rows, exactly-one, clauses) as a HiGHS MIP."""
    proto = model.proto
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    n = len(proto.variables)
    lo = np.array([list(v.domain)[0] for v in proto.variables], float)
    hi = np.array([list(v.domain)[-1] for v in proto.variables], float)
    cost = np.zeros(n)
    for v, c in zip(proto.objective.vars, proto.objective.coeffs):
        cost[v] += c
    h.addVars(n, lo, hi)
    idx_all = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, idx_all, cost)
    h.changeColsIntegrality(n, idx_all, np.array([highspy.HighsVarType.kInteger] * n))
    rl, ru, starts, idx, val = [], [], [], [], []

    def row(vs, cs, lower, upper):
        starts.append(len(idx))
        idx.extend(vs)
        val.extend(cs)
        rl.append(lower)
        ru.append(upper)

    for ct in proto.constraints:
        if len(ct.enforcement_literal):
            raise ValueError("branchplan's model has no enforcement literals")
        if ct.has_linear():
            d = list(ct.linear.domain)
            row(list(ct.linear.vars), [float(c) for c in ct.linear.coeffs],
                -INF if d[0] <= -BIG else float(d[0]), INF if d[-1] >= BIG else float(d[-1]))
        elif ct.has_exactly_one():
            vs, cs, k = _lits(ct.exactly_one.literals)
            row(vs, cs, 1 - k, 1 - k)
        elif ct.has_at_most_one():
            vs, cs, k = _lits(ct.at_most_one.literals)
            row(vs, cs, -INF, 1 - k)
        elif ct.has_bool_or():
            vs, cs, k = _lits(ct.bool_or.literals)
            row(vs, cs, 1 - k, INF)
        elif ct.has_bool_and():
            for lit in ct.bool_and.literals:
                vs, cs, k = _lits([lit])
                row(vs, cs, 1 - k, 1 - k)
        else:
            raise ValueError(f"constraint not handled: {ct}")
    if rl:
        h.addRows(len(rl), np.array(rl), np.array(ru), len(idx), np.array(starts, np.int32),
                  np.array(idx, np.int32), np.array(val))
    return h, n
