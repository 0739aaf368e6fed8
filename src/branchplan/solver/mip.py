"""CP-SAT's model handed to HiGHS as a MIP: a second engine for the counted path's proof.

On capacity-tight p-median models (pmedcap1) the proof on the kept pairs is where the time
goes, and there HiGHS's branch and cut (knapsack cover and flow cover cuts on the capacity
rows) often proves what CP-SAT's search takes much longer to: problem 8's kept pairs are
proven by HiGHS in about 20 s, where CP-SAT had not closed a 5% gap after 68 s. On the
cities' models it is much slower (city-3000's kept pairs: 20-30 s against 2 s), so only the
counted path asks for it (see :func:`.race.solve_twin` for how the two engines' results
are combined without making the plan depend on the machine).

The model must be linear: linear rows, exactly-one, at-most-one, clauses and conjunctions
over 0/1 and integer variables, no enforcement literals (branchplan's encoding is); any
other constraint makes :func:`convert` return None and CP-SAT searches alone. HiGHS runs on
one thread with a fixed seed and stops on a node count, never on the clock (except the
user's time limit), so its result is the same from run to run.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from . import interrupt

#: HiGHS's work limit where the caller gives CP-SAT one: branch-and-bound nodes times the
#: model's variables (nodes cost about in proportion to the model's size: pmedcap1 problem
#: 8's 1,668 variables 12-19 ms a node, problem 20's 5,638 about 60 ms). Problem 8 is proven
#: in 1,200-2,000 nodes, within 4e6 / 1,668 = 2,398.
WORK = 4e6
#: ... at least this many nodes
MIN_NODES = 100
BIG = 2 ** 62


@dataclass
class Outcome:
    """What HiGHS ended with. ``status``: "optimal" (proven, the objective being integer),
    "feasible" (a plan, not proven), "unknown" (no plan) or "infeasible"; ``value``: the
    plan's objective; ``bound``: a lower bound on the objective (integer, rounded up);
    ``values``: the plan's variable values (rounded, in the model's variable order)."""

    status: str
    value: int | None = None
    bound: int | None = None
    values: list[int] | None = None


class Mip:
    """One CP-SAT model as a HiGHS MIP, ready to run once."""

    def __init__(self, highs, n: int, offset: float, integral: bool) -> None:
        self.h = highs
        self.n = n
        self.offset = offset
        self.integral = integral
        self.stop = threading.Event()

    def run(self, nodes: int | None, deadline: float | None = None) -> Outcome:
        """Solve (``nodes``: HiGHS's node limit, None: no limit; ``deadline``: the user's
        time limit, a ``time.monotonic()`` value). :meth:`cancel` (from another thread) or a
        stop request (Ctrl-C; run in the caller's context, see :func:`.race.solve_twin`)
        ends it at HiGHS's next check, which during parts of its root node can be seconds
        away on a large model."""
        import time

        import highspy
        from highspy._core import cb

        from .rowcuts import run_highs

        h = self.h
        if nodes is not None:
            h.setOptionValue("mip_max_nodes", int(nodes))
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return Outcome("unknown")
            h.setOptionValue("time_limit", float(left))
        stop = self.stop

        def check(kind, message, out, into, data) -> None:
            if into is not None and (stop.is_set() or interrupt.requested()):
                into.user_interrupt = True

        M = highspy.HighsModelStatus
        h.setCallback(check, None)
        try:
            for kind in (cb.HighsCallbackType.kCallbackMipInterrupt, cb.HighsCallbackType.kCallbackSimplexInterrupt):
                h.startCallback(kind)
            if stop.is_set():
                return Outcome("unknown")
            ran = run_highs(h)
        finally:
            h.setCallback(None, None)   # (the callback would keep this object alive)
        status = h.getModelStatus()
        if ran == highspy.HighsStatus.kError or status in (M.kNotset, M.kLoadError, M.kModelError,
                                                            M.kPresolveError, M.kSolveError,
                                                            M.kPostsolveError, M.kMemoryLimit):
            return Outcome("unknown")
        info = h.getInfo()
        if status == M.kInfeasible:
            return Outcome("infeasible")
        bound = info.mip_dual_bound + self.offset
        # (rounded up past what floating point could blur: a relative slack)
        bound = int(math.ceil(bound - max(1e-6, 1e-9 * abs(bound)))) if math.isfinite(bound) else None
        if info.primal_solution_status < 2:     # no plan
            return Outcome("unknown", bound=bound)
        values = [int(round(v)) for v in h.getSolution().col_value[: self.n]]
        value = int(round(info.objective_function_value + self.offset))
        if status == M.kOptimal and self.integral:
            return Outcome("optimal", value, value, values)
        return Outcome("feasible", value, None if bound is None else min(bound, value), values)

    def cancel(self) -> None:
        self.stop.set()


def convert(model) -> Mip | None:
    """The CP-SAT model (its objective, and its hint as HiGHS's starting plan) as a HiGHS
    MIP; None where a constraint has no linear form here or highspy lacks what is needed."""
    try:
        import highspy
        from highspy._core import cb
    except ImportError:     # pragma: no cover - (a highspy without them)
        return None
    from .rowcuts import _quiet_highs

    if not hasattr(cb, "HighsCallbackType"):     # pragma: no cover - (an older highspy)
        return None
    proto = model.proto
    inf = highspy.kHighsInf
    n = len(proto.variables)
    if n == 0 or not len(proto.objective.vars):
        return None
    lo = np.empty(n)
    hi = np.empty(n)
    for k, v in enumerate(proto.variables):
        dom = list(v.domain)
        if len(dom) != 2:       # (a domain with holes)
            return None
        lo[k], hi[k] = dom[0], dom[-1]
    cost = np.zeros(n)
    obj = proto.objective
    for v, c in zip(obj.vars, obj.coeffs):
        if v < 0:
            return None
        cost[v] += c
    if getattr(obj, "scaling_factor", 0) not in (0, 1):
        return None
    rl, ru, starts, idx, val = [], [], [], [], []

    def row(vs, cs, lower, upper) -> None:
        merged: dict[int, float] = {}      # (HiGHS refuses a row naming a variable twice)
        for v, c in zip(vs, cs):
            merged[v] = merged.get(v, 0.0) + c
        starts.append(len(idx))
        for v in sorted(merged):
            if merged[v] != 0:
                idx.append(v)
                val.append(merged[v])
        rl.append(lower)
        ru.append(upper)

    for ct in proto.constraints:
        if len(ct.enforcement_literal):
            return None
        if ct.has_linear():
            d = list(ct.linear.domain)
            if len(d) != 2 or any(v < 0 for v in ct.linear.vars):
                return None
            row(list(ct.linear.vars), [float(c) for c in ct.linear.coeffs],
                -inf if d[0] <= -BIG else float(d[0]), inf if d[-1] >= BIG else float(d[-1]))
        elif ct.has_exactly_one() or ct.has_at_most_one() or ct.has_bool_or():
            lits = (ct.exactly_one if ct.has_exactly_one() else ct.at_most_one if ct.has_at_most_one()
                    else ct.bool_or).literals
            vs, cs, k = _lits(lits)
            if ct.has_exactly_one():
                row(vs, cs, 1 - k, 1 - k)
            elif ct.has_at_most_one():
                row(vs, cs, -inf, 1 - k)
            else:
                row(vs, cs, 1 - k, inf)
        elif ct.has_bool_and():
            for lit in ct.bool_and.literals:
                vs, cs, k = _lits([lit])
                row(vs, cs, 1 - k, 1 - k)
        else:
            return None
    h = _quiet_highs()
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.0)
    integral = bool(np.all(cost == np.round(cost))) and float(obj.offset) == round(float(obj.offset))
    # an integer objective is proven once the gap is below 1
    h.setOptionValue("mip_abs_gap", 0.999 if integral else 1e-6)
    everything = np.arange(n, dtype=np.int32)
    ok = highspy.HighsStatus.kOk
    done = [h.addVars(n, lo, hi), h.changeColsCost(n, everything, cost),
            h.changeColsIntegrality(n, everything, np.array([highspy.HighsVarType.kInteger] * n))]
    if rl:
        done.append(h.addRows(len(rl), np.array(rl), np.array(ru), len(idx), np.array(starts, np.int32),
                              np.array(idx, np.int32), np.array(val)))
    if any(d != ok for d in done) or h.getNumRow() != len(rl) or h.getNumCol() != n:
        return None     # (not the model: better no HiGHS than a wrong proof)
    hint = proto.solution_hint
    if len(hint.vars):
        # the search's plan as HiGHS's start; variables without a hint (a soft rule's
        # slacks) HiGHS completes itself
        try:
            h.setSolution(len(hint.vars), np.array(list(hint.vars), dtype=np.int32),
                          np.array(list(hint.values), dtype=float))
        except TypeError:   # pragma: no cover - (a highspy without the sparse form: whole plans only)
            if len(hint.vars) == n:
                sol = highspy.HighsSolution()
                start = np.zeros(n)
                start[np.array(list(hint.vars), dtype=np.int64)] = list(hint.values)
                sol.col_value = list(start)
                sol.value_valid = True
                h.setSolution(sol)
    return Mip(h, n, float(obj.offset), integral)


def _lits(lits) -> tuple[list[int], list[float], int]:
    """A clause's literals as (variables, coefficients, negations): not x is 1 - x."""
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


def nodes_for(model) -> int:
    """HiGHS's node limit beside a CP-SAT work limit (:data:`WORK`)."""
    return max(MIN_NODES, int(WORK / max(1, len(model.proto.variables))))
