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
from branchplan.solver import mip
from branchplan.solver.solve import encode

from .common import Outcome, run_parts



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


def _to_highs(model):
    """The CP-SAT model as a HiGHS MIP (branchplan's own conversion, solver/mip.py: linear
    rows, exactly-one, clauses; one thread, relative gap 0, an integer objective proven once
    the gap is below 1)."""
    twin = mip.convert(model)
    if twin is None:
        raise ValueError("branchplan's model has a constraint with no linear form here")
    twin.h.setOptionValue("output_flag", False)
    return twin.h, twin.n
