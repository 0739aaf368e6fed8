"""How many small firms of a small part cannot be grouped among themselves?

The direct model of a small part (every pair, :data:`.exact.DIRECT_UP_TO` small firms at
most) answers whether its small firms can all be grouped, but where they cannot, a
counting argument proves it (too few full members for the joint branches that caps on
firms or members allow), and CP-SAT's search on that model can take many seconds to see
it: 17 s on a 16-firm city whose joint branches may hold at most 8 members. The fallback
model (small firms may join a standalone firm or a host) then has the same argument to
make for its first level, the number of fallback placements, and on some cities never
did (an 18-firm city needing 3: a bound of 1 after 60 s).

Here the question is asked of the relaxation's branch model (:mod:`.relax`): every set of
small firms it allows as one branch is listed (under some lead of the set, within its
caps), and CP-SAT finds the fewest small firms that no choice of disjoint sets holds. That
model's linear relaxation sees the packing at once (the two cities above: 4 s and a
fraction of a second). The branch model allows every branch a plan may use (it is the
relaxation the exact path's bound rests on: a hard rule it does not model only allows
more), so that number is a lower bound on the fallback placements of every plan.
"""

from __future__ import annotations

import math
import time
from datetime import date

import numpy as np
from .cpsat import Model, cp_model

from ..charter import Rule
from . import interrupt
from .bound import BranchModel
from .build import Encoding
from .pool import choices, partition_model
from .part import Part
from .relax import branch_model, pair_costs

#: More branches than this: not listed (the direct model decides alone).
MAX_BRANCHES = 20_000
#: CP-SAT's deterministic time for the cover.
COVER_WORK = 10.0
#: Sets visited by one listing (:func:`branches`) before it gives up (None, as for too many
#: branches): a count, so the answer is the same on any machine. Where few of the sets visited
#: can end a branch (a capacity that most sets exceed only in the end), the walk is exponential
#: long before MAX_BRANCHES are found.
MAX_NODES = 2_000_000


def branches(bm: BranchModel, limit: int = MAX_BRANCHES, leads=None, nodes: int = MAX_NODES,
             visited: list[int] | None = None, stop=None) -> list[tuple[int, ...]] | None:
    """Every set of small firms the model allows as one branch (under at least one of its
    firms as lead; of ``leads`` only, where given), each sorted, in order; None when there
    are more than ``limit``, or the listing visits more than ``nodes`` sets (``visited[0]``
    counts them, where given), or is interrupted (Ctrl-C, or ``stop()`` true: both asked
    every 65,536 sets). Sums that only grow (caps that do not saturate, the number of
    joiners) prune the listing."""
    found: set[tuple[int, ...]] = set()
    visited = [0] if visited is None else visited
    nodes += visited[0]
    n = bm.n
    dims = bm.dims
    # (plain lists: the listing visits up to millions of sets, numpy scalars are slow there)
    per_dim = [([int(x) for x in d.q], int(d.top), bool(d.saturate)) for d in dims]
    kmax = bm.kmax

    def grow(u: int, others: list[int], start: int, chosen: tuple[int, ...], sums: list[int],
             fins: list[list[bool]]) -> bool:
        for k in range(start, len(others)):
            visited[0] += 1
            if visited[0] > nodes or (not visited[0] & 0xFFFF and (interrupt.requested()
                                                                   or (stop is not None and stop()))):
                return False
            i = others[k]
            nxt = []
            for (q, top, saturate), s in zip(per_dim, sums):
                t = s + q[i]
                if t > top:
                    if not saturate:
                        break
                    t = top
                nxt.append(t)
            else:
                ch = chosen + (i,)
                if all(fin[s] for fin, s in zip(fins, nxt)):
                    found.add(tuple(sorted((u,) + ch)))
                    if len(found) > limit:
                        return False
                if (kmax is None or len(ch) < kmax) and not grow(u, others, k + 1, ch, nxt, fins):
                    return False
        return True

    for u in (range(n) if leads is None else leads):
        if np.isfinite(bm.alone[u]):
            found.add((u,))
        if not np.isfinite(bm.joint_pen[u]) or bm.kmax == 0:
            continue
        others = [i for i in range(n) if i != u and np.isfinite(bm.cost[i, u])]
        fins = [np.isfinite(d.final[u]).tolist() for d in dims]     # u's branch may end in state s
        if not grow(u, others, 0, (), [0] * len(dims), fins):
            return None
    return sorted(found) if len(found) <= limit else None


def _solver(work: float, seed: int, deadline: float | None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = work
    if deadline is not None:    # the user's time limit
        solver.parameters.max_time_in_seconds = max(1e-3, deadline - time.monotonic())
    return solver


def cover_exists(bm: BranchModel, columns, work: float = COVER_WORK, seed: int = 0,
                 deadline: float | None = None) -> bool | None:
    """Whether some of ``columns`` (sets of small firms) cover every small firm exactly once
    within the bounds on the number of leads: True, False, or None when CP-SAT did not
    decide within ``work``."""
    built = partition_model(bm, columns)
    if built is None:
        return False
    model, _ = built
    solver = _solver(work, seed, deadline)
    status = interrupt.solve(solver, model)
    if status == cp_model.INFEASIBLE:
        return False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return None


def least_uncovered(bm: BranchModel, columns, work: float = COVER_WORK, seed: int = 0,
                    deadline: float | None = None) -> int:
    """A lower bound on the number of small firms left out of any choice of disjoint
    ``columns`` (the fewest, where CP-SAT proves it within ``work``; the number of leads
    is not bounded here)."""
    model = Model()
    _, cover = choices(model, bm.n, columns)
    out = [model.new_bool_var(f"s{f}") for f in range(bm.n)]
    for o, c in zip(out, cover):
        model.add_exactly_one([o] + c)
    model.minimize(sum(out))
    solver = _solver(work, seed, deadline)
    status = interrupt.solve(solver, model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        return 0
    return max(0, int(math.ceil(solver.best_objective_bound - 1e-6)))


def post_floor(enc: Encoding, k: int) -> None:
    """Post on ``enc`` that at least ``k`` small firms are placed with a standalone firm or a
    host (valid where that many are proven unable to be grouped among themselves)."""
    if k <= 0:
        return
    p = enc.part
    terms = [v for i, u, v in enc.assignments() if u != i and (p.is_host(u) or p.is_big(u))]
    enc.model.add(sum(terms) >= k if terms else False)


def _model(sub: Part, rules: tuple[Rule, ...], as_of: date, level: int) -> BranchModel:
    cost = pair_costs(sub, rules, level, sub.small, sub.small)
    return branch_model(sub, rules, level, as_of, cost)


def least_fallbacks(sub: Part, rules: tuple[Rule, ...], as_of: date, level: int, seed: int = 0,
                    deadline: float | None = None) -> int:
    """A lower bound on the fallback placements of any plan of the part whose small firms
    ``sub`` holds (with no fallback placement allowed): every small firm not in a branch
    the branch model allows must fall back, and where the number of leads is bounded and
    no cover exists, at least one. 0 where the branches are too many to list."""
    if not sub.small or (deadline is not None and time.monotonic() >= deadline) or interrupt.requested():
        return 0
    bm = _model(sub, rules, as_of, level)
    columns = branches(bm)
    if columns is None:
        return 0
    least = least_uncovered(bm, columns, seed=seed, deadline=deadline)
    if least == 0 and (bm.leads_lo > 0 or bm.leads_hi is not None) and \
            cover_exists(bm, columns, seed=seed, deadline=deadline) is False:
        least = 1
    return least


def impossible(sub: Part, rules: tuple[Rule, ...], as_of: date, level: int, seed: int = 0,
               deadline: float | None = None) -> bool:
    """True when ``sub``'s small firms (no fallback placements) are proven unable to be
    grouped among themselves: no cover of them by the branches the branch model allows."""
    if not sub.small or (deadline is not None and time.monotonic() >= deadline) or interrupt.requested():
        return False
    bm = _model(sub, rules, as_of, level)
    columns = branches(bm)
    return columns is not None and cover_exists(bm, columns, seed=seed, deadline=deadline) is False
