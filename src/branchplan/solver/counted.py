"""The exact path for parts whose number of branches is bounded by hard branch_count rules.

With the number of leads bounded (the p-median case: exactly p branches), the Lagrangian
relaxation of :mod:`.bound` chooses its leads under the same bounds, which makes it strong,
but the first plan matters more than elsewhere: a plan found on a few candidate leads per
firm is often poor (capacity-tight instances leave the candidates no good grouping), and a
poor plan leaves most pairs unpruned. So:

1. the relaxation is run to near convergence;
2. a plan is built around its leads: every small firm assigned to one of those leads by
   CP-SAT (all rules of the charter apply), then each branch's lead moved to the member
   that serves the branch at least cost, and the firms assigned again, while that helps
   (the alternating heuristic of the p-median literature);
3. the bound is raised towards that plan's cost; leads whose forced opening (or closing)
   lifts the bound above it are fixed closed (open), pairs whose forced use does are left
   out; CP-SAT then solves the part on the pairs kept, from the plan as a hint, with HiGHS
   searching the same model as a MIP (:mod:`.mip`, :func:`.race.solve_twin`: its cuts on the
   capacity rows prove some of these models much sooner; the outcome does not depend on
   which ends first).

Every CP-SAT model here carries the relaxation's valid row per lead (:class:`.bound.LeadRows`)
at its best prices so far, which strengthens CP-SAT's own linear relaxation.

A plan proven optimal on the kept pairs is optimal over all pairs: every pair left out
belongs only to plans costing more than one already in hand. Every search whose result is
returned stops on CP-SAT's deterministic time (HiGHS's on a node count), never on the wall
clock (except the user's own time limit), so the same input gives the same plan.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np

from ..charter import Rule
from . import interrupt, live
from .bound import Bound, BranchModel, Lagrangian, _base, lead_rows
from .part import Part
from .relax import _lead_bounds, branch_model, pair_costs

#: Subgradient iterations: before the first plan, then towards its cost.
ITERATIONS = (150, 250)
#: Leads CP-SAT may choose among in the neighbourhood search (times the most leads), and
#: its deterministic time (a + b * small firms).
NEAR_LEADS = 2.5
NEAR_WORK = (2.0, 1 / 25)
#: Rounds of the alternating heuristic (assign, move the leads) at most.
ROUNDS = 6
#: CP-SAT's deterministic time for one assignment to fixed leads (a + b * small firms).
ASSIGN_WORK = (1.0, 1 / 50)
#: ... and for the final solve on the kept pairs, unless ``prove`` asks for no limit.
FINAL_WORK = (30.0, 1 / 2)


def applies(part: Part, rules: tuple[Rule, ...]) -> bool:
    """True when hard branch_count rules bound the number of branches from above."""
    return _lead_bounds(rules, len(part.big), len(part.small))[1] is not None


def solve_counted(part: Part, rules: tuple[Rule, ...], as_of: date, opts, deadline: float | None,
                  level: int):
    """PartResult of the counted path, or None when it finds no plan (the caller then
    solves the part with every candidate)."""
    from .exact import _Clock, _past, _proven, _unproven

    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
    prove = getattr(opts, "prove", False)
    n = len(sub.small)
    total = n * n
    clock = _Clock()
    cost = pair_costs(sub, rules, level, sub.small, sub.small)
    bm = branch_model(sub, rules, level, as_of, cost)
    clock.tick("relaxation")
    lag = Lagrangian(bm)
    bound = lag.run(ITERATIONS[0])
    live.bound(level, bound.value)
    clock.tick("bound")
    if interrupt.requested():
        return None
    best = _alternate(sub, lag, bound, rules, as_of, opts, deadline, level, clock)
    if best is None:
        return None
    res, chosen = best
    ub = res.values.get(level, 0)
    if res.stopped:
        return _unproven(res, chosen, total, level, int(math.floor(bound.value + 1e-6)), clock, prove)
    bound = lag.run(ITERATIONS[1], ub)
    live.bound(level, bound.value)
    clock.tick("bound")
    if interrupt.requested():
        res.stopped = "interrupted"
        return _unproven(res, chosen, total, level, int(math.floor(bound.value + 1e-6)), clock, prove)
    # a second plan from the tightened relaxation's leads, if they differ
    again = _alternate(sub, lag, bound, rules, as_of, opts, deadline, level, clock, skip=res)
    if again is not None and again[0].values.get(level, 0) < ub and not again[0].stopped:
        res, chosen = again
        ub = res.values.get(level, 0)
        bound = lag.run(ITERATIONS[1] // 2, ub)
        live.bound(level, bound.value)
        clock.tick("bound")
    # CP-SAT chooses the leads among the likeliest few, every firm free to join any of them
    near = _near_leads(bm, bound, sub, res.lead_of)
    got = _solve_on(sub, near, rules, as_of, opts, deadline, res.lead_of, np.zeros(bm.n, bool),
                    np.zeros(bm.n, bool), NEAR_WORK[0] + NEAR_WORK[1] * n, lag)
    clock.tick("heuristic")
    if got is not None and got.values.get(level, ub + 1) < ub and not got.stopped:
        res, chosen, ub = got, near, got.values.get(level, 0)
        bound = lag.run(ITERATIONS[1] // 2, ub)
        live.bound(level, bound.value)
        clock.tick("bound")
    valid = int(math.floor(bound.value + 1e-6))   # a bound over all pairs
    if ub - bound.value < 1 - 1e-6:
        return _proven(res, chosen, total, level, ub, "bound", clock)
    # the search on the kept pairs (once: a short search first, to prune with a better plan
    # before the long one, found none in its 6 deterministic seconds on pmedcap1 problems 15,
    # 17 and 18, and the long one, on the same pairs, repeated them: 6 of 18-25)
    kept, closed, opened = _kept(bm, bound, ub, sub, res.lead_of)
    clock.tick("prune")
    final = None
    if _past(deadline) or interrupt.requested():
        res.stopped = res.stopped or ("interrupted" if interrupt.requested() else "time limit")
    else:
        final = _solve_on(sub, kept, rules, as_of, opts, deadline, res.lead_of, closed, opened,
                          None if prove else FINAL_WORK[0] + FINAL_WORK[1] * n, lag, live_bound=level, keep_bound=True)
        clock.tick("cp-sat")
    if final is not None:
        if final.status == "optimal":
            return _proven(final, kept, total, level, final.values.get(level, 0), "bound", clock)
        # a bound on the kept pairs holds for all pairs: a better plan uses kept pairs only
        # (kept too when the search stopped before a plan of its own)
        valid = max(valid, min(ub, final.bounds.get(level, 0)))
        chosen = kept
        if final.status != "unknown" and final.values.get(level, ub + 1) < ub:
            res, ub = final, final.values.get(level, 0)
            bound = lag.run(ITERATIONS[1] // 2, ub)
            live.bound(level, bound.value)
            valid = max(valid, int(math.floor(bound.value + 1e-6)))
            clock.tick("bound")
    if interrupt.requested():
        res.stopped = res.stopped or "interrupted"
    return _unproven(res, chosen, total, level, min(valid, ub), clock, prove)


# ------------------------------------------------------------------ the first plan

def _leads(bm: BranchModel, bound: Bound) -> np.ndarray:
    """The relaxation's leads at its best prices (small-firm positions, sorted)."""
    order = np.argsort(bound.b, kind="stable")
    hi = bm.n if bm.leads_hi is None else min(bm.n, bm.leads_hi)
    t = min(max(int((bound.b < 0).sum()), bm.leads_lo), hi)
    return np.sort(order[:t])


def _alternate(sub: Part, lag: Lagrangian, bound: Bound, rules, as_of, opts, deadline, level: int,
               clock, skip=None):
    """The alternating heuristic from the relaxation's leads: (PartResult, pairs modelled)
    of the best plan found, or None."""
    bm = lag.bm
    leads = _leads(bm, bound)
    if len(leads) == 0:
        return None
    if skip is not None and set(sub.small[a] for a in leads) == set(skip.lead_of.values()):
        return None
    best = None
    tried: set[tuple[int, ...]] = set()
    for _ in range(ROUNDS):
        key = tuple(int(a) for a in leads)
        if key in tried:
            break
        tried.add(key)
        got = _assign(sub, lag, leads, rules, as_of, opts, deadline)
        clock.tick("heuristic")
        if got is None:
            break
        res, chosen = got
        if best is not None and res.values.get(level, 0) >= best[0].values.get(level, 0):
            break
        best = got
        if res.stopped:
            break
        leads = _relocate(sub, bm, res.lead_of)
    return best


def _near_leads(bm: BranchModel, bound: Bound, sub: Part, lead_of: dict[str, str]) -> np.ndarray:
    """chosen[i, u] for u among the leads the relaxation rates best when forced open (and
    the plan's own leads): every small firm may join any of them."""
    n = bm.n
    hi = bm.n if bm.leads_hi is None else min(bm.n, bm.leads_hi)
    open_lb = _base(bm, bound.b) + bound.b
    k = min(n, max(hi, int(math.ceil(NEAR_LEADS * max(1, hi)))))
    leads = np.zeros(n, bool)
    leads[np.argsort(open_lb, kind="stable")[:k]] = True
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    for lead in lead_of.values():
        if lead in pos:
            leads[pos[lead]] = True
    chosen = np.zeros((n, n), bool)
    chosen[:, leads] = np.isfinite(bm.cost[:, leads])
    np.fill_diagonal(chosen, False)
    return chosen


def _assign(sub: Part, lag: Lagrangian, leads: np.ndarray, rules, as_of, opts, deadline):
    """Every small firm placed with one of ``leads`` (the best such plan CP-SAT finds
    within its work limit), or None."""
    bm = lag.bm
    n = bm.n
    chosen = np.zeros((n, n), bool)
    chosen[:, leads] = np.isfinite(bm.cost[:, leads])
    np.fill_diagonal(chosen, False)
    is_lead = np.zeros(n, bool)
    is_lead[leads] = True
    res = _solve_on(sub, chosen, rules, as_of, opts, deadline, None, ~is_lead, is_lead,
                    ASSIGN_WORK[0] + ASSIGN_WORK[1] * n, lag)
    return None if res is None else (res, chosen)


def _relocate(sub: Part, bm: BranchModel, lead_of: dict[str, str]) -> np.ndarray:
    """Each branch's new lead: the member with the least total pair cost to the others
    (ties: the current lead, then the first in id order)."""
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    groups: dict[int, list[int]] = {}
    for fid, lead in lead_of.items():
        if fid in pos and lead in pos:
            groups.setdefault(pos[lead], []).append(pos[fid])
    out = []
    for lead, members in sorted(groups.items()):
        m = np.array(sorted(members))
        c = bm.cost[np.ix_(m, m)].copy()
        np.fill_diagonal(c, 0.0)
        total = c.sum(axis=0)
        best = total.min()
        out.append(lead if total[np.searchsorted(m, lead)] <= best else int(m[np.argmin(total)]))
    return np.array(sorted(out), dtype=np.int64)


# ------------------------------------------------------------------ pruning

def _kept(bm: BranchModel, bound: Bound, ub: float, sub: Part, lead_of: dict[str, str]):
    """(kept[i, u]: the pair may be in a plan costing at most ub; closed[u] / opened[u]:
    u cannot lead / must lead such a plan). The plan in hand always stays possible."""
    from .exact import kept_pairs

    base = bound.lam.sum() + bm.const
    # forced open: the others chosen under the count bounds with u in
    open_lb = base + _base(bm, bound.b) + bound.b
    close_lb = base + _without(bm, bound.b)
    closed = open_lb > ub + 0.5
    opened = close_lb > ub + 0.5
    kept, used, joins = kept_pairs(bm, bound, ub, sub, lead_of, leads_out=closed)
    closed &= ~used          # the plan in hand stays possible
    opened &= ~joins
    return kept, closed, opened


def _without(bm: BranchModel, b: np.ndarray) -> np.ndarray:
    """Best value of the leads' choice with u forced out (per u), under the count bounds."""
    n = bm.n
    out = np.empty(n)
    order = np.argsort(b, kind="stable")
    hi = n - 1 if bm.leads_hi is None else min(n - 1, bm.leads_hi)
    if bm.leads_lo > hi:
        return np.full(n, np.inf)
    for u in range(n):
        sb = b[order[order != u]]
        t = min(max(int((sb < 0).sum()), bm.leads_lo), hi)
        out[u] = sb[:t].sum()
    return out


def _solve_on(sub: Part, chosen: np.ndarray, rules, as_of, opts, deadline, hint, closed, opened,
              work_limit: float | None, lag: Lagrangian, live_bound: int | None = None, keep_bound: bool = False):
    """Solve the part on the chosen pairs, small firm a barred from leading (closed[a]) or
    made to lead (opened[a]), with the relaxation's rows per lead at its best multipliers so
    far (see :class:`.bound.LeadRows`); None if that finds no plan. ``live_bound``: the
    level at which CP-SAT's bound holds over all pairs (the kept ones), for the progress line;
    ``keep_bound``: see :func:`.exact._solve_on`."""
    from .exact import _solve_on as solve_on

    return solve_on(sub, chosen, rules, as_of, opts, deadline, hint, closed, work_limit=work_limit,
                    must_lead=opened, rows=lead_rows(lag, lag.best.lam), live_bound=live_bound,
                    keep_bound=keep_bound, race=keep_bound, twin=keep_bound)
