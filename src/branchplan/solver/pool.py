"""A plan from the relaxation's own branches: set partitioning over them.

At every subgradient step the relaxation of :mod:`.bound` picks each chosen lead's cheapest
joint branch under the current prices. Those branches, with the branches of a plan in
hand, are the columns of a small set-partitioning problem: choose branches so that every
small firm is in exactly one, within the bounds on the number of leads, at least cost.
CP-SAT solves it in a fraction of a second (a few thousand columns), and its optimum is at
least as good as the plan in hand under the relaxation's costs, often better: the prices
have already steered the relaxation's branches towards a good partition (city-3000:
981.302 -> 980.240 points, see the Performance section of README.md). The caller has
CP-SAT cost the result on the real model (the relaxation's costs are lower bounds of the
charter's).
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
from .cpsat import Model, cp_model

from . import interrupt
from .bound import BranchModel

Column = tuple[int, tuple[int, ...]]   # (lead, sorted joiners), small-firm positions; () alone


def branch_cost(bm: BranchModel, lead: int, joiners: tuple[int, ...]) -> float:
    """What the relaxation charges for one branch: a joint one, or the lead alone (no
    joiners); inf where a hard rule forbids it."""
    return float(branch_costs(bm, [(lead, tuple(joiners))])[0])


def branch_costs(bm: BranchModel, columns: list[Column]) -> np.ndarray:
    """:func:`branch_cost` of every column, worked out for all columns of one size at once."""
    out = np.empty(len(columns))
    by_size: dict[int, list[int]] = {}
    for k, (_, js) in enumerate(columns):
        by_size.setdefault(len(js), []).append(k)
    for size, idx in by_size.items():
        at = np.array(idx)
        leads = np.array([columns[k][0] for k in idx], dtype=np.intp)
        if size == 0:
            out[at] = bm.alone[leads]
            continue
        if bm.kmax is not None and size > bm.kmax:
            out[at] = np.inf
            continue
        js = np.array([columns[k][1] for k in idx], dtype=np.intp)
        cost = bm.cost[js, leads[:, None]].sum(axis=1) + bm.joint_pen[leads]
        for d in bm.dims:
            s = d.q[js].sum(axis=1)
            over = s > d.top
            s = np.minimum(s, d.top)
            cost = cost + d.final[leads, s]
            if not d.saturate:
                cost[over] = np.inf
        out[at] = cost
    return out


def choices(model: cp_model.CpModel, n: int, sets) -> tuple[list, list[list]]:
    """A Boolean per set of ``sets`` (small firms' positions, one branch each: chosen or not)
    and, for each of the ``n`` small firms, the Booleans of the sets holding it."""
    z = [model.new_bool_var(f"z{k}") for k in range(len(sets))]
    cover: list[list] = [[] for _ in range(n)]
    for var, firms in zip(z, sets):
        for f in firms:
            cover[f].append(var)
    return z, cover


def partition_model(bm: BranchModel, sets) -> tuple[cp_model.CpModel, list] | None:
    """A model choosing some of ``sets`` (small firms' positions, one branch each) so that
    every small firm is in exactly one, within the bounds on the number of leads, and its
    choice variables; None where some firm is in no set."""
    model = Model()
    z, cover = choices(model, bm.n, sets)
    if any(not c for c in cover):
        return None
    for c in cover:
        model.add_exactly_one(c)
    if bm.leads_lo > 0:
        model.add(sum(z) >= bm.leads_lo)
    if bm.leads_hi is not None:
        model.add(sum(z) <= bm.leads_hi)
    return model, z


def best_partition(bm: BranchModel, columns: list[Column], work_limit: float = 2.0,
                   seed: int = 0, meanwhile=None) -> tuple[float, list[Column]] | None:
    """The cheapest set of ``columns`` covering every small firm exactly once (and within
    the lead-count bounds), with its cost; None when they cover no partition (or CP-SAT
    finds none within ``work_limit`` deterministic seconds). Deterministic. ``meanwhile``:
    see :func:`.interrupt.solve` (it may not run)."""
    costs = branch_costs(bm, columns).tolist()
    keep = {col: c for col, c in zip(columns, costs) if np.isfinite(c)}
    if not keep:
        return None
    found = search_partition(bm, list(keep), [int(round(c)) for c in keep.values()], work_limit, seed,
                             meanwhile=meanwhile)
    if found is None or found[0] not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = found[2]
    return sum(keep[col] for col in chosen), chosen


def search_partition(bm: BranchModel, columns: list[Column], costs: list[int], work_limit: float | None, seed: int,
                     meanwhile=None, triples=(), hint=(), tuning: dict | None = None,
                     deadline: float | None = None):
    """CP-SAT's search for the cheapest set of ``columns`` (at the integer ``costs``) covering
    every small firm exactly once, within the lead-count bounds: (status, solver, the columns
    chosen: none unless a plan was found), or None where the columns cover no partition.
    ``triples``: sets of firms at most one chosen column may hold two of (subset-row cuts);
    ``hint``: columns to start from; ``tuning``: more CP-SAT parameters; ``work_limit``:
    deterministic seconds (None: no limit); ``deadline``: the user's time limit."""
    built = partition_model(bm, [(u,) + js for u, js in columns])
    if built is None:
        return None
    model, z = built
    if triples:
        holding: dict = {}
        for k, (u, js) in enumerate(columns):
            for f in (u,) + js:
                holding.setdefault(f, []).append(k)
        for triple in triples:
            hit = Counter(k for f in triple for k in holding.get(f, ()))
            two = sorted(k for k, m in hit.items() if m >= 2)
            if len(two) > 1:
                model.add_at_most_one(z[k] for k in two)
    model.minimize(sum(c * var for var, c in zip(z, costs)))
    if hint:
        start = set(hint)
        for var, col in zip(z, columns):
            model.add_hint(var, col in start)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.random_seed = seed
    for name, value in (tuning or {}).items():
        setattr(solver.parameters, name, value)
    if work_limit is not None:
        solver.parameters.max_deterministic_time = work_limit
    if deadline is not None:
        solver.parameters.max_time_in_seconds = max(0.0, deadline - time.monotonic())
    status = interrupt.solve(solver, model, meanwhile=meanwhile)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return status, solver, [col for var, col in zip(z, columns) if found and solver.boolean_value(var)]
