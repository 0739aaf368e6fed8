"""The exact path: solve a part on few candidate pairs, and prove the rest cannot help.

When the charter's fallback rule is minimised first (priority below every other soft rule)
and the small firms can be grouped among themselves, no optimal plan places a small firm
with a standalone firm or a host: level 0 is 0, so those pairs are left out altogether.
The next level (distance, district, ...) is then solved on a few candidate leads per small
firm, chosen by the Lagrangian relaxation of :mod:`.bound`, and every pair left out is
checked against the relaxation's lower bound: pairs that cannot be part of a plan as good as
the one found are dropped, and any that could are added and the part solved again. The
result is optimal over *all* pairs, not just the modelled ones.

Small parts skip the bound: every pair is modelled. Parts whose bound leaves too many pairs
open keep the plan found, with the bound as a proven lower bound (the gap is reported).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from ..charter import Rule
from . import counted, grouping, interrupt, live, rowcuts
from .bound import Bound, BranchModel, Lagrangian, LeadRows, cheap_matrix, pair_bounds
from .part import Part
from .cpsat import cp_model
from .pool import best_partition, branch_cost, branch_costs, search_partition
from .relax import branch_model, pair_costs

#: Up to this many small firms every pair is modelled (no bound needed).
DIRECT_UP_TO = 24
#: CP-SAT's deterministic time for the direct model before, where it has found no plan,
#: the branch model is asked whether the small firms can be grouped at all (solver/grouping.py).
DIRECT_FIRST_WORK = 1.0
#: Candidate leads per small firm chosen from the relaxation (besides itself).
GUIDED = 6
#: The part is solved again on the pairs the bound keeps when they are at most this many
#: per small firm on average (else the gap is reported); without limit with ``prove``.
KEPT_PER_FIRM = 20
KEPT_ANYWAY = 8000
#: The first plan (on the guided candidates) only needs to be good: CP-SAT stops within
#: this relative gap of its bound on them.
FIRST_GAP = 0.002
#: ... or after this much of CP-SAT's deterministic time (a + b * small firms).
FIRST_WORK = (1.0, 1 / 2000)
#: Subgradient iterations: first pass (to choose candidates), then per round towards the
#: plan's cost until the pairs left out are ruled out (at most ROUNDS rounds). Parts of up
#: to ITERATIONS_SMALL_UP_TO small firms need fewer: their proof rarely needs the extra
#: precision (measured on the national roster: the same 157 cities proven, 17% faster).
ITERATIONS = (60, 30)
ITERATIONS_SMALL = (30, 15)
ITERATIONS_SMALL_UP_TO = 500
ROUNDS = 8
#: Subgradient steps of the first pass even when the time limit has run out.
EARLY_STEPS = 10
#: CP-SAT's parameters for the search on the kept pairs (the proof) when they are at least
#: PROOF_TUNING_FROM: one presolve round and light probing. Presolve took 5-7 s of the 19 s
#: CP-SAT needs on city-3000's 41,000 kept pairs; with these, --prove 25.4 / 26.6 s ->
#: 20.6 / 18.5 s (alternating, in-process), and CP-SAT alone on that model over four seeds
#: 0.75x on average (faster on three). From 5,000 pairs on: city-3000's largest group of
#: kept pairs (9,939, see _solve_kept) 8.5 / 9.4 -> 7.3 / 8.4 s for the whole solve,
#: the province the same (21.0 / 21.7 s against 21.2 / 20.9 s). Smaller models (pmedcap1's
#: 1,000-3,000 pairs) gained nothing measurable over seeds, and keep CP-SAT's defaults.
PROOF_TUNING: dict = {"max_presolve_iterations": 1, "cp_model_probing_level": 1}
PROOF_TUNING_FROM = 5_000
#: From this many small firms, a part whose bound keeps more than CUTS_PER_FIRM pairs per
#: small firm gets the subset-row cuts of :mod:`.rowcuts` (and always one whose bound keeps
#: more pairs than the proof may search: KEPT_PER_FIRM, KEPT_ANYWAY). Where the bound kept
#: more pairs than the proof may search, the search on the pairs the cuts keep then has
#: CUTS_WORK of CP-SAT's deterministic time (a + b * small firms; without limit with
#: ``prove``); where it kept few enough, that search has no limit, as without the cuts.
#: From 5 pairs per firm on, the search on the pairs took long enough to prove, even on
#: few of them, for the cuts and the partition to be sooner (a 204-firm city of a generated
#: province, 2,910 pairs: 14.1 -> 2.7 s; a 401-firm one, 2,770 pairs: 8.0 -> 1.6 s; city-3000
#: seed 4 6.0 -> 4.4 s); with fewer, the cuts cost more than they saved (0.1-0.5 s). With
#: preference levels after this one (where the partition does not run and the cuts can
#: only rule pairs out) only parts past the proof's limit get them, as before.
CUTS_FROM = 200
CUTS_PER_FIRM = 5
CUTS_WORK = (1.0, 1 / 500)
#: CP-SAT's parameters for the set partitioning over the branches within the gap after the
#: cuts (:func:`_partition_search`): city-3000 seed 2's 61,700 columns proven in 1.9
#: deterministic seconds (4.3-4.5 s) instead of 10.7 (10.5 s) with the full presolve and
#: 2.3 (4.9-5.1 s) with the cuts' rows added to the LP as they are violated.
PARTITION_TUNING: dict = {"max_presolve_iterations": 1, "symmetry_level": 0, "cp_model_probing_level": 0,
                          "add_lp_constraints_lazily": False}
#: The set partitioning over the branches within the gap starts from the best partition over
#: those whose reduced cost is at most this share of their part's gap (searched within
#: NEAR_WORK deterministic seconds; :func:`_near_partition`): the 586-firm city of the
#: province (41,235 branches, 3,900 of these) then proves in 6.9 s instead of 24 s, its
#: optimum found at once instead of after 22 s (city-3000 seeds 2 and 6 and a 1,500-firm
#: city: found at once by both, and as fast).
NEAR_SHARE = 0.25
NEAR_WORK = 0.5
#: The partition has this much deterministic time in all (a + b * small firms): the work the
#: search on the pairs after the cuts had (CUTS_WORK) and as much again.
PARTITION_WORK = (2 * CUTS_WORK[0], 2 * CUTS_WORK[1])
#: CP-SAT's deterministic time for the set partitioning over the relaxation's branches
#: (a + b * small firms): city-3000's 4,100 columns take well under a second.
POOL_WORK = (0.5, 1 / 1000)


def first_level(rules: tuple[Rule, ...]) -> int | None:
    """The level to prove when the exact path applies, else None.

    It applies when fallback placements (if the charter allows any) are minimised strictly
    before every other soft rule at a positive weight, and some soft rule is left to minimise.
    """
    soft = [r for r in rules if not r.is_hard and r.kind != "fallback"]
    fallback = [r for r in rules if r.kind == "fallback"]
    if not soft:
        return None
    if fallback:
        f = fallback[0]
        if f.milli_weight <= 0 or any(r.priority <= f.priority for r in soft):
            return None
    return min(r.priority for r in soft)


def solve_exact(part: Part, rules: tuple[Rule, ...], as_of: date, opts, deadline: float | None,
                facts: dict | None = None):
    """PartResult of the exact path, or None when it does not apply (or cannot group the
    small firms among themselves: then fallback placements are needed). ``facts`` gets
    ``fallbacks: 1`` (and the first level, ``level``) where None means it is proven that
    every plan of the part has a fallback placement."""
    from .solve import solve_levels

    level = first_level(rules)
    prove = getattr(opts, "prove", False)
    if level is None or len(part.small) < 2:
        return None
    live.tentative()    # bounds of the part without fallbacks: they hold once it has a plan
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
    n = len(sub.small)
    total = n * n
    if n <= DIRECT_UP_TO:
        sub.cands = {i: [i] + [j for j in sub.small if j != i] for i in sub.small}
        res = solve_levels(sub, rules, as_of, opts, deadline, presolve=False, live_plans=True, live_bounds="all",
                           work_limit=DIRECT_FIRST_WORK)
        if res.stopped is None and res.status in ("unknown", "feasible"):
            # not decided within the first work: where no plan was found, ask the branch model
            # whether any grouping exists (a packing argument the direct model is slow to see)
            if res.status == "unknown" and grouping.impossible(sub, rules, as_of, level, opts.seed, deadline):
                res.status = "infeasible"
            else:
                # where the first search found a plan, presolve pays for the proof (a 24-firm city
                # whose joint branches may hold at most 2 firms whose director is not a member:
                # unproven after minutes without it, 2.6 s with it); where it found none, it
                # does not (cities needing fallback placements: 3-5 s -> unproven at 10 s)
                res = solve_levels(sub, rules, as_of, opts, deadline, presolve=res.status == "feasible",
                                   live_plans=True, live_bounds="all")
        if res.status == "infeasible" and facts is not None:
            # proven: some small firm falls back (the fallback model may ask the branch model
            # how many at least: grouping.least_fallbacks)
            facts["fallbacks"] = 1
            facts["level"] = level
        if res.status not in ("optimal", "feasible"):
            return None
        res.pairs, res.pairs_total, res.proof = total, total, "all pairs"
        return res
    if counted.applies(part, rules) and (res := counted.solve_counted(part, rules, as_of, opts, deadline, level)):
        return res
    clock = _Clock()
    cost = pair_costs(sub, rules, level, sub.small, sub.small)
    bm = branch_model(sub, rules, level, as_of, cost)
    clock.tick("relaxation")
    lag = Lagrangian(bm)
    iterations = ITERATIONS_SMALL if n <= ITERATIONS_SMALL_UP_TO else ITERATIONS
    # under a time limit the first pass may stop early: the candidates are then rougher;
    # the branches the relaxation chooses are kept as columns for a better plan (solver/pool.py)
    lag.pool = set()
    bound = lag.run(iterations[0], deadline=deadline, at_least=EARLY_STEPS)
    live.bound(level, bound.value)
    pool, lag.pool = lag.pool, None
    guided = opts.nearest if opts.nearest not in (-1, None) else GUIDED
    res = side = None
    for k in (guided, 4 * guided):        # too few candidates may leave no valid grouping
        chosen = _guided(bm, bound, k)
        clock.tick("bound")
        if side is None and n >= SIDE_FROM:
            side = _Side(sub, bm, lag, pool, chosen, rules, as_of, opts, level, clock, deadline, iterations[1],
                         cuts=n >= CUTS_FROM and rowcuts.applies(bm))
        # the first plan is bounded by CP-SAT's deterministic work, not by the clock: past
        # the deadline the search stops as soon as it has a plan, but never without one
        res = _solve_on(sub, chosen, rules, as_of, opts, None, None, gap_limit=FIRST_GAP,
                        work_limit=FIRST_WORK[0] + FIRST_WORK[1] * n, soft_deadline=deadline, meanwhile=side)
        clock.tick("cp-sat")
        if side is not None:
            side()        # (if the search did not run it)
            bound = side.bound
            if side.plan is not None and (res is None or side.plan.values.get(level, 0) < res.values.get(level, 0)):
                if res is not None:     # (its branches: columns for the pool below)
                    pool = pool | set(_columns(sub, res.lead_of) or ())
                side.plan.stopped = res.stopped if res is not None else None
                res, chosen = side.plan, chosen | side.mask
        if res is not None:
            break
    if res is None:
        return None
    ub = res.values.get(level, 0)
    if res.stopped:                   # interrupted, or out of time: report what there is
        return _unproven(res, chosen, total, level, _floor(bound, side), clock, prove)
    if side is None or side.target is None or side.target > ub * (1 + SIDE_NEAR):
        bound = _tighten(bm, lag, chosen, ub, clock, deadline, iterations[1])
    live.bound(level, bound.value)
    # later preference levels were solved on the chosen pairs only: their optimum over all
    # pairs needs every pair the bound keeps to be among them (checked below)
    later = any(not r.is_hard and r.priority > level for r in rules)
    if ub - bound.value < 1 - 1e-6 and res.status == "optimal" and not later:
        return _proven(res, chosen, total, level, ub, "bound", clock)
    if why := _stop(deadline):          # the plan in hand, with the bound so far
        res.stopped = why
        return _unproven(res, chosen, total, level, _floor(bound, side), clock, prove)
    # every pair of a plan at least as good as this one: the pairs the bound keeps
    many = max(KEPT_PER_FIRM * n, KEPT_ANYWAY)
    # large parts go to the pool below at once (their first plans keep too many pairs anyway:
    # city-3000's 66,000 for 22,000 allowed)
    early = side is not None and not later
    if not early:
        kept, no_lead, whole = _kept(bm, bound, ub, sub, res.lead_of, rules)
        clock.tick("prune")
    # (only where this level is the last: the partition is not searched around at later ones)
    if early or (whole > many and not later):
        # too many pairs to prove this plan on: the plan's branches and the relaxation's may
        # make a better partition, and a cheaper plan keeps fewer pairs (city-3000: 981.302
        # -> 980.240 points, and --prove 290 s -> 30 s)
        # (large parts: the bound is raised beside the partition's search, towards the plan in hand)
        raise_ = _Once(lambda: _tighten(bm, lag, chosen, ub, clock, deadline, iterations[1])) if early else None
        better, more = _from_pool(sub, bm, pool, res, chosen, rules, as_of, opts, level, deadline, clock, raise_)
        if raise_ is not None:
            bound = raise_()
            live.bound(level, bound.value)
        if better is not res:
            res, chosen, ub = better, more, better.values.get(level, 0)
            if raise_ is None:
                bound = _tighten(bm, lag, chosen, ub, clock, deadline, iterations[1])   # towards the new cost
                live.bound(level, bound.value)
            if ub - bound.value < 1 - 1e-6:     # the bound over all pairs meets it: optimal
                res.status = "optimal"
                return _proven(res, chosen, total, level, ub, "bound", clock)
        if better is not res or early:
            kept, no_lead, _ = _kept(bm, bound, ub, sub, res.lead_of, rules)
            clock.tick("prune")
    if not (kept & ~chosen).any() and res.status == "optimal":
        return _proven(res, chosen, total, level, ub, "bound", clock)
    valid = int(math.floor(bound.value + 1e-6))       # a bound over all pairs
    limit = many if not prove else total
    work = room = None
    within = kept.sum() <= many
    # (with later levels the cuts could only rule pairs out: only past the proof's limit)
    cuts_above = many if later else min(CUTS_PER_FIRM * n, many)
    # (the side's cuts, worked out before the time ran out, still raise the bound after it)
    # (a smaller part too where the bound keeps more pairs than the proof may search: its
    # plan would be restricted otherwise)
    if kept.sum() > cuts_above and (n >= CUTS_FROM or kept.sum() > many) and rowcuts.applies(bm) and (
            not _stop(deadline) or (side is not None and side.cut is not None)):
        # too many pairs for a quick proof: subset-row cuts raise the bound and rule most of them out
        # (large parts: done beside the first search, from the relaxation's and the side's branches)
        cut = side.cut if side is not None and side.cut is not None else \
            rowcuts.strengthen(bm, set(pool) | set(_columns(sub, res.lead_of) or ()), deadline=deadline, lag=lag)
        clock.tick("cuts")
        if cut is not None and cut.value > bound.value:
            valid = max(valid, int(math.floor(cut.value + 1e-6)))
            live.bound(level, cut.value)
            if ub - cut.value < 1 - 1e-6 and not later:
                res.status = "optimal"
                return _proven(res, chosen, total, level, ub, "bound", clock)
            if side is None and not within and not _past(deadline) and not interrupt.requested():
                # (only where the plan would be restricted otherwise: elsewhere the proof follows,
                # and a plan swapped in here changes the course of the searches after it, for
                # the worse as often as not: a 364-firm city 1.8 -> 6.3 s, the same plan; large
                # parts have the side's partition of the relaxation's branches, and the pool's)
                better, more = _from_support(sub, bm, cut, res, chosen, rules, as_of, opts, level, clock)
                if better is not res:
                    res, chosen, ub = better, more, better.values.get(level, 0)
                    if ub - cut.value < 1 - 1e-6 and not later:
                        res.status = "optimal"
                        return _proven(res, chosen, total, level, ub, "bound", clock)
            if not _past(deadline) and not interrupt.requested():
                kept, no_lead, room = _kept_cut(bm, cut, ub, sub, res.lead_of, kept, no_lead, rules)
                clock.tick("prune")
            if not prove and not within:
                work = CUTS_WORK[0] + CUTS_WORK[1] * n

    ended = True
    if room is not None and not later and not _past(deadline) and not interrupt.requested():
        # few enough branches within the gap: the set partitioning over exactly those (with
        # the cuts as rows) has the cuts' LP bound, and proves where the search on the kept
        # pairs takes long (city-3000 seed 2: 3 s against 20-26 s with --prove, and unproven
        # within the default work; the 586-firm city of the province and a 1,500-firm city
        # alike). Where the cuts keep few pairs the search on them would prove sooner (city-3000
        # seed 6: 0.6 s against 1.2-1.9 s), but a short search on them first cost the others
        # more than it saved (the province 14.0 -> 14.7 s). By default, where the partition
        # does not prove within its work, its plan and bound stand if the bound kept more
        # pairs than the search on them may take (else that search follows without limit, as
        # it would have without the cuts); with --prove it follows without limit either way.
        columns = rowcuts.columns_within(bm, cut, room, kept, no_lead, lag)
        clock.tick("columns")
        start = plan = None
        if columns is not None and (near := _near_partition(sub, bm, cut, columns, room, res, rules, as_of, opts,
                                                            deadline, clock)) is not None:
            start, plan = near
            if plan is not None and plan.values.get(level, 0) < ub:
                # a cheaper plan: a narrower gap, fewer pairs and branches within it
                # (city-3000 seed 6: 30,288 branches -> 16,289; the 586-firm city: 41,235 -> 17,271)
                res, ub = plan, plan.values.get(level, 0)
                if ub - cut.value < 1 - 1e-6:
                    res.status = "optimal"
                    return _proven(res, kept, total, level, ub, "bound", clock)
                if not (interrupt.requested() or _past(deadline)):
                    kept, no_lead, room = _kept_cut(bm, cut, ub, sub, res.lead_of, kept, no_lead, rules)
                    clock.tick("prune")
                    columns = rowcuts.columns_within(bm, cut, room, kept, no_lead, lag) if room is not None else None
                    clock.tick("columns")
        if columns is not None and (why := _stop(deadline)):
            res.stopped = res.stopped or why
            return _unproven(res, kept, total, level, valid, clock, prove)
        if columns is not None:
            found = _partition_search(sub, bm, cut, columns, res, rules, as_of, opts, level, deadline,
                                      PARTITION_WORK[0] + PARTITION_WORK[1] * n, clock, start, plan)
            if found is not None:
                chosen = kept       # (the plan now is the best found over every branch they allow)
                plan, lower, ended = found
                if plan is not None and plan.values.get(level, 0) < ub:
                    res, ub = plan, plan.values.get(level, 0)
                valid = max(valid, min(ub, lower))
                live.bound(level, valid)
                if ub <= valid:
                    res.status = "optimal"
                    return _proven(res, kept, total, level, ub, "bound", clock)
                if why := _stop(deadline):
                    res.stopped = res.stopped or why
                    return _unproven(res, kept, total, level, valid, clock, prove)
            # not proven: its optimum (at the relaxation's costs) may not be the charter's, or
            # it stopped at its work
    if kept.sum() <= limit and not _past(deadline) and (prove or ended or within):
        again = _solve_kept(sub, bm, bound, kept, rules, as_of, opts, deadline, res, no_lead, level, work)
        clock.tick("cp-sat")
        if again is not None and again.status == "optimal":
            return _proven(again, kept, total, level, again.values.get(level, 0), "bound", clock)
        if again is not None:
            # a bound on the kept pairs holds for all pairs: every optimal plan uses kept
            # pairs only (kept too when the search stopped before a plan of its own)
            valid = max(valid, min(ub, again.bounds.get(level, 0)))
            chosen = kept
            if again.status == "feasible" and again.values.get(level, 0) <= ub:
                res = again
            res.stopped = res.stopped or again.stopped      # (the search's stop is the plan's)
    # (out of time during the cuts or the listing: the searches were skipped)
    res.stopped = res.stopped or _stop(deadline)
    return _unproven(res, chosen, total, level, valid, clock, prove)


#: From this many small firms, the relaxation's own plan is worked out beside the first
#: search, on the other core (:class:`_Side`).
SIDE_FROM = 600
#: ... and the bound is not raised again towards the first search's plan when that costs
#: at most this much (relative) less than the side's plan.
SIDE_NEAR = 0.001


class _Side:
    """Work for the main thread while CP-SAT runs the first search (on another core): the
    cheapest partition of the small firms into the relaxation's own branches, costed on
    the model (``plan``, its pairs ``mask``; None if they cover none), the bound raised
    towards its cost, and (``cuts``) the subset-row cuts of :mod:`.rowcuts`, which the part
    needs next (city-3000, alternating, in-process: seeds 1, 2, 4, 6 4.14 / 10.68 / 3.84 /
    5.25 s -> 4.05 / 10.25 / 3.63 / 4.98 s, the same plans and proofs; seed 5 15.7 -> 14.2 s;
    the nation and the province the same within noise). The same work whether it runs beside
    the search or after it (where the search cannot run in a helper thread), so the result
    does not depend on it."""

    def __init__(self, sub, bm, lag, pool, chosen, rules, as_of, opts, level, clock, deadline, iterations,
                 cuts: bool = False):
        self.args = (sub, bm, lag, pool, chosen, rules, as_of, opts, level, clock, deadline, iterations)
        self.done = False
        self.cuts = cuts
        #: the subset-row cuts' bound (``cuts``), for the part's search after the first plan
        self.cut = None
        self.plan = self.mask = None
        self.bound = lag.best
        #: the cost the bound was raised towards (None: not raised)
        self.target = None

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        sub, bm, lag, pool, chosen, rules, as_of, opts, level, clock, deadline, iterations = self.args
        found, self.plan, self.mask = _costed_partition(sub, bm, pool, rules, as_of, opts, clock)
        if found is None:   # (the relaxation's branches cover no partition: nothing to start from)
            return
        self.target = self.plan.values.get(level, 0) if self.plan is not None else found
        self.bound = _tighten(bm, lag, chosen, self.target, clock, deadline, iterations)
        if self.cuts and not interrupt.requested() and not _past(deadline):
            # the cuts' LP does not depend on the plan in hand (its branches only start the
            # column generation): from the relaxation's and this plan's branches
            hand = _columns(sub, self.plan.lead_of) if self.plan is not None else None
            self.cut = rowcuts.strengthen(bm, set(pool) | set(hand or ()), deadline=deadline, lag=lag)
            clock.tick("cuts")


def _costed_partition(sub: Part, bm: BranchModel, columns: set, rules, as_of, opts, clock: "_Clock",
                      worse_than: float = np.inf, meanwhile=None):
    """(the relaxation's cost of the cheapest partition of the small firms into ``columns``
    and single firms, that partition costed on the real model (status ``feasible``: it is
    not searched around; None if the model refuses it), its pairs): (None, None, None)
    when the columns cover no partition; the partition is not costed (None) when the
    relaxation's cost is not below ``worse_than``."""
    alone = {(u, ()) for u in range(bm.n) if np.isfinite(bm.alone[u])}
    found = best_partition(bm, sorted(columns | alone), POOL_WORK[0] + POOL_WORK[1] * bm.n, opts.seed, meanwhile)
    clock.tick("pool")
    if found is None:
        return None, None, None
    if found[0] >= worse_than:
        return found[0], None, None
    plan, mask = _costed(sub, bm, found[1], rules, as_of, opts, clock)
    return found[0], plan, mask


def _near_partition(sub: Part, bm: BranchModel, cut: "rowcuts.CutBound", columns: dict, room: np.ndarray, res,
                    rules, as_of, opts, deadline: float | None, clock: "_Clock"):
    """The cheapest partition (at the relaxation's costs, rounded down) over the plan in hand's
    branches and those of ``columns`` (with their reduced costs: :func:`.rowcuts.columns_within`,
    ``room`` the gaps it was given) whose reduced cost is at most NEAR_SHARE of what their
    lead's branches were listed within (``room`` + 0.5 + min(0, the lead's bound)), within
    NEAR_WORK: (its branches, the plan they make costed on the model or None), or None where
    there are no fewer branches than all, or it found nothing. The optimum is usually found
    late in the search over all branches, and once found the proof closes soon: this tenth of
    them, searched in a fraction of a second, often holds it."""
    hand = set(_columns(sub, res.lead_of) or ())
    top = rowcuts.listed_within(cut, room)
    near = sorted(hand | {col for col, rc in columns.items() if rc <= NEAR_SHARE * top[col[0]]})
    if len(near) >= len(hand | set(columns)):
        return None
    keep = _floor_costs(bm, near)
    found = search_partition(bm, [col for col, _ in keep], [c for _, c in keep], NEAR_WORK, opts.seed,
                             triples=cut.triples, hint=hand, tuning=PARTITION_TUNING, deadline=deadline)
    clock.tick("partition")
    if found is None or not found[2]:
        return None
    return set(found[2]), _costed(sub, bm, found[2], rules, as_of, opts, clock)[0]


def _floor_costs(bm: BranchModel, columns: list) -> list:
    """(column, its relaxation cost rounded down) of the columns with a finite cost."""
    return [(col, math.floor(c + 1e-6)) for col, c in zip(columns, branch_costs(bm, columns).tolist())
            if math.isfinite(c)]


def _costed(sub: Part, bm: BranchModel, chosen: list, rules, as_of, opts, clock: "_Clock"):
    """(the plan of these branches costed on the real model, one lead per small firm and no
    search (status feasible: optimal on its own pairs only; None if the model refuses it),
    its pairs)."""
    mask = np.zeros((bm.n, bm.n), bool)
    for u, js in chosen:
        mask[list(js), u] = True
    plan = _solve_on(sub, mask, rules, as_of, opts, None, None, presolve=False, costing=True)
    clock.tick("cp-sat")
    if plan is not None:
        plan.status = "feasible"
    return plan, mask


def _partition_search(sub: Part, bm: BranchModel, cut: "rowcuts.CutBound", columns, res, rules, as_of, opts,
                      level: int, deadline: float | None, work: float | None, clock: "_Clock", start=None,
                      known=None):
    """CP-SAT's set partitioning over ``columns`` (every branch an optimal plan can use:
    :func:`.rowcuts.columns_within`) and the plan in hand's branches, with the subset-row
    cuts as rows (at most one branch holds two firms of a triple), at the relaxation's costs
    (lower bounds of the charter's, rounded down). Its optimum is then a lower bound over all
    plans (every optimal plan is among its choices and costs at least as much), and its
    choice, costed on the real model, a plan: where the two meet, that plan is optimal.
    ``start``: branches to start from (:func:`_near_partition`; else the plan in hand's), and
    ``known`` their plan costed on the model, if it was (not costed again where the search
    ends on those branches: the same plan).

    (plan costed on the model or None, a lower bound at the level over all plans (-inf where
    the search found no plan: stopped before it began), whether the search ended proven) or
    None where the branches cover no partition (or CP-SAT calls the model infeasible or
    invalid, which the plan in hand's branches rule out: the search on the pairs then
    decides). ``work``: CP-SAT's deterministic seconds (None: no limit)."""
    hand = set(_columns(sub, res.lead_of) or ())
    keep = _floor_costs(bm, sorted(set(columns) | hand))
    # (tens of thousands of columns: the full presolve takes three times the search)
    found = search_partition(bm, [col for col, _ in keep], [c for _, c in keep], work, opts.seed,
                             triples=cut.triples, hint=start or hand, tuning=PARTITION_TUNING, deadline=deadline)
    clock.tick("partition")
    if found is None or found[0] not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        return None
    status, solver, chosen = found
    if status == cp_model.UNKNOWN:
        # (with the plan in hand as a complete hint, only a search stopped before it began
        # has no plan: no bound from it, CP-SAT's would be a placeholder)
        return None, -math.inf, False
    lower = int(math.floor(solver.best_objective_bound + bm.const + 1e-6))
    plan = known if known is not None and set(chosen) == start else _costed(sub, bm, chosen, rules, as_of, opts,
                                                                              clock)[0]
    return plan, lower, status == cp_model.OPTIMAL


class _Once:
    """``fn()`` run once, by whoever calls first (work offered to run beside a search, run
    by the caller afterwards if the search did not); every call returns its value."""

    def __init__(self, fn) -> None:
        self.fn, self.done, self.value = fn, False, None

    def __call__(self):
        if not self.done:
            self.done = True
            self.value = self.fn()
        return self.value


#: Connected components of the kept pairs with at least this many small firms are searched
#: on their own (the others together, with the big firms): CP-SAT proves the parts of a
#: model that falls apart faster one by one (city-3000's 894-firm component alone 4.2 s, its
#: whole kept-pair model 9.2 s).
SPLIT_FROM = 40


@dataclass
class _Piece:
    part: Part
    kept: np.ndarray
    no_lead: np.ndarray
    #: a lower bound on the piece's cost at the level (before it is searched)
    floor: float


def _solve_kept(sub: Part, bm: BranchModel, bound: Bound, kept: np.ndarray, rules, as_of, opts,
                deadline: float | None, res, no_lead: np.ndarray, level: int, work: float | None = None):
    """The search on the kept pairs: the plan in hand ``res`` as the hint; CP-SAT's bound
    holds over all pairs. One search, or one per piece of :func:`_split`, put together (a
    piece stopped, or without any result, ends the pieces there). ``work``: CP-SAT's
    deterministic time for each search (None: no limit)."""
    pieces = _split(sub, bm, bound, kept, no_lead) if separable(bm, rules) else []
    if len(pieces) <= 1:
        return _solve_on(sub, kept, rules, as_of, opts, deadline, res.lead_of, no_lead, live_bound=level,
                         keep_bound=True, work_limit=work, race=True)
    def search(piece: _Piece, meanwhile=None):
        # (the largest piece may have a second search beside it: the others run meanwhile)
        return _solve_on(piece.part, piece.kept, rules, as_of, opts, deadline, res.lead_of, piece.no_lead,
                         keep_bound=True, live_plans=False, meanwhile=meanwhile,   # (a piece's plans are not the part's)
                         work_limit=work, race=meanwhile is not None)

    def report(first) -> None:
        """The progress line: the pieces searched so far at their bound, the others at their floor."""
        live.bound(level, (first.bounds.get(level, 0) if first is not None else pieces[0].floor)
                   + sum(r.bounds.get(level, 0) for r in others) + sum(p.floor for p in pieces[1 + len(others):]))

    others: list = []
    ran = []

    def the_others() -> None:
        """The other pieces in turn (one stopped, or without any result, ends them)."""
        ran.append(True)
        for piece in pieces[1:]:
            found = search(piece)
            if found is None:
                break
            others.append(found)
            report(None)
            if found.status != "optimal":
                break

    # the largest piece in CP-SAT's helper thread while this one searches the others (where
    # the search runs in this thread, the others after it, unless it stopped)
    first = search(pieces[0], meanwhile=the_others)
    if not ran and first is not None and first.status == "optimal":
        the_others()
    if first is not None:
        report(first)
    done = [first] + others if first is not None else []
    return _put_together(sub, pieces, done, rules, as_of, opts, res, level)


def _split(sub: Part, bm: BranchModel, bound: Bound, kept: np.ndarray, no_lead: np.ndarray) -> list[_Piece]:
    """The kept pairs' independent pieces: each connected component of at least
    :data:`SPLIT_FROM` small firms on its own, the other firms (and the big firms) together."""
    count, comp = components(kept)
    sizes = np.bincount(comp, minlength=count)
    large = [c for c in sorted(range(count), key=lambda c: (-sizes[c], c)) if sizes[c] >= SPLIT_FROM]
    own = bound.lam + np.minimum(0.0, bound.b)          # each firm's share of the bound
    groups = [np.nonzero(comp == c)[0] for c in large]
    rest = np.nonzero(~np.isin(comp, large))[0]
    if len(rest):
        groups.append(rest)
    pieces = []
    for k, idx in enumerate(groups):
        last = k == len(groups) - 1
        part = replace(sub, small=[sub.small[a] for a in idx], big=sub.big if last else [])
        floor = float(own[idx].sum()) + (bm.const if last else 0.0)
        pieces.append(_Piece(part, kept[np.ix_(idx, idx)], no_lead[idx], floor))
    return pieces


def _plan_costs(bm: BranchModel, branches: dict[int, list[int]], ub: float):
    """(what each small lead's branch of the plan in hand (:func:`_branches`) costs by the
    relaxation's reckoning (0 where it leads none), what the plan costs beyond them and the
    big firms): (None, 0) when the relaxation finds a branch of the plan not allowed."""
    ub_lead = np.zeros(bm.n)
    for u, js in branches.items():
        ub_lead[u] = branch_cost(bm, u, tuple(js))
    if not np.isfinite(ub_lead).all():
        return None, 0.0
    return ub_lead, max(0.0, ub - bm.const - float(ub_lead.sum()))


def _branches(sub: Part, lead_of: dict[str, str]) -> dict[int, list[int]]:
    """The plan's branches led by small firms of ``sub``: lead -> joiners (positions)."""
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    branches: dict[int, list[int]] = {}
    for fid, lead in lead_of.items():
        a, u = pos.get(fid), pos.get(lead)
        if a is not None and u is not None:
            branches.setdefault(u, [])
            if a != u:
                branches[u].append(a)
    return branches


def _put_together(sub: Part, pieces: list[_Piece], done: list, rules, as_of, opts, res, level: int):
    """One result of the pieces' searches (``done``: those searched, in order): their plans
    (the plan in hand where a piece has none) and the sum of their bounds (a piece not
    searched at its floor)."""
    from .solve import PartResult

    # a piece at the better of its search's bound and its floor (both hold for its kept pairs)
    bound = sum(max(r.bounds.get(level, 0), int(math.floor(p.floor + 1e-6))) for r, p in zip(done, pieces)) + sum(
        int(math.floor(p.floor + 1e-6)) for p in pieces[len(done):])
    lead_of = dict(res.lead_of)
    for r in done:
        lead_of.update(r.lead_of)
    if len(done) == len(pieces) and all(r.status in ("optimal", "feasible") for r in done):
        out = PartResult(sub.jurisdiction, "optimal" if all(r.status == "optimal" for r in done) else "feasible",
                         lead_of=lead_of, variables=sum(r.variables for r in done))
        for r in done:
            for lvl, v in r.values.items():
                out.values[lvl] = out.values.get(lvl, 0) + v
            for lvl, v in r.bounds.items():
                out.bounds[lvl] = out.bounds.get(lvl, 0) + v
        out.bounds[level] = min(bound, out.values.get(level, 0))
        out.stopped = next((r.stopped for r in done if r.stopped), None)
        live.plan(level, out.values.get(level, 0), {k: v for k, v in out.values.items() if k < level})
        return out
    stopped = next((r.stopped for r in done if r.stopped), None) or ("interrupted" if interrupt.requested() else None)
    if all(r.lead_of.get(f) == lead for r in done for f, lead in res.lead_of.items() if f in r.lead_of):
        # (no piece changed the plan in hand: only the bound is new)
        return PartResult(sub.jurisdiction, "unknown", bounds={level: min(bound, res.values.get(level, bound))},
                          stopped=stopped)
    # a piece stopped: the plans found and the plan in hand elsewhere, costed on the model
    mask = np.zeros((len(sub.small), len(sub.small)), bool)
    for u, js in _branches(sub, lead_of).items():
        mask[js, u] = True
    costed = _solve_on(sub, mask, rules, as_of, opts, None, None, presolve=False, costing=True)
    out = costed if costed is not None else PartResult(sub.jurisdiction, "unknown")
    out.status = "feasible" if costed is not None else "unknown"
    out.bounds[level] = min(bound, out.values.get(level, bound))
    out.stopped = stopped
    return out


def _from_pool(sub: Part, bm: BranchModel, pool: set, res, chosen: np.ndarray, rules, as_of, opts, level: int,
               deadline: float | None, clock: "_Clock", meanwhile=None):
    """(plan, chosen pairs): the plan in hand, or a better one: the best partition of the
    small firms into the relaxation's branches and the plan's own (:mod:`.pool`), costed by
    CP-SAT on the real model (status ``feasible``: it is not searched around). On city-3000
    the relaxation's 4,100 branches alone give 981.283 points, the plan alone 981.302,
    together 980.240. ``meanwhile``: work beside the partition's search (it may not run)."""
    return _cheaper_partition(sub, bm, pool, res, chosen, rules, as_of, opts, level, clock, meanwhile)


def _cheaper_partition(sub: Part, bm: BranchModel, columns: set, res, chosen: np.ndarray, rules, as_of, opts,
                       level: int, clock: "_Clock", meanwhile=None):
    """(plan, chosen pairs): the plan in hand, or the cheapest partition of the small firms
    into ``columns`` and the plan's own branches, costed on the real model, where it costs
    less (:func:`_from_pool`, :func:`_from_support`)."""
    own = _columns(sub, res.lead_of)
    if own is None:
        return res, chosen
    found, again, mask = _costed_partition(sub, bm, columns | set(own), rules, as_of, opts, clock,
                                           worse_than=sum(branch_cost(bm, u, js) for u, js in own) - 0.5,
                                           meanwhile=meanwhile)
    if again is None or again.values.get(level, 0) >= res.values.get(level, 0):
        return res, chosen
    return again, chosen | mask


def _from_support(sub: Part, bm: BranchModel, cut: "rowcuts.CutBound", res, chosen: np.ndarray, rules, as_of,
                  opts, level: int, clock: "_Clock"):
    """(plan, chosen pairs): the plan in hand, or the cheapest partition of the small firms
    into the branches the cuts' LP uses (``cut.support``) and the plan's own, costed on the
    real model (:func:`_cheaper_partition`). Where the LP is tight it is the optimum's own
    partition: a city of 164
    small firms whose first plan was 6% dear (a county far from the rest, whose branch the
    candidates missed) gets its optimum here, proven by the cuts' bound at once (0.4 s,
    where the search on all pairs takes 6.5 s); on city-3000 seed 6 it is the optimum too."""
    if not cut.support:
        return res, chosen
    return _cheaper_partition(sub, bm, set(cut.support), res, chosen, rules, as_of, opts, level, clock)


def _columns(sub: Part, lead_of: dict[str, str]) -> list | None:
    """The plan's branches as pool columns (lead, sorted joiners); None if it places a small
    firm with a big firm or a host (not a partition of the small firms)."""
    small = {sub.firms[i].id for i in sub.small}
    if any(fid not in small or lead not in small for fid, lead in lead_of.items()):
        return None
    return [(u, tuple(sorted(js))) for u, js in _branches(sub, lead_of).items()]   # (alone: no joiners)


#: the end of a restricted plan's note where the time limit stopped its search
TIME_LIMIT_NOTE = " (the time limit stopped the search: a longer one, or solve --prove, may close it)"


def _unproven(res, chosen: np.ndarray, total: int, level: int, valid: int, clock: _Clock, prove: bool = False):
    """The plan in hand, with ``valid`` (a lower bound over all pairs) as its bound."""
    res.phases = clock.phases
    value = res.values.get(level, 0)
    res.pairs, res.pairs_total, res.proof = int(chosen.sum()) + chosen.shape[0], total, "restricted"
    res.bounds[level] = min(value, valid)
    for later in res.bounds:      # CP-SAT's bounds there hold for the pairs modelled only
        if later > level:
            res.bounds[later] = 0
    if res.status == "optimal":
        res.status = "feasible"
    gap = (value - res.bounds[level]) / max(1, value)
    res.note = (f"best plan found among {res.pairs:,} of {total:,} candidate pairs; a lower bound over "
                f"all pairs leaves a gap of {100 * gap:.2f}% at priority {level}"
                + (TIME_LIMIT_NOTE if res.stopped == "time limit" else "" if prove or res.stopped
                   else " (solve --prove to close it)"))
    return res


class _Clock:
    """Seconds per phase of the main thread (benchmarks/phases.py): work done beside a
    search counts under its own phase, the wait for the search beyond it as cp-sat."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.last = time.monotonic()

    def tick(self, name: str) -> None:
        now = time.monotonic()
        self.phases[name] = self.phases.get(name, 0.0) + now - self.last
        self.last = now


def _tighten(bm: BranchModel, lag: Lagrangian, chosen: np.ndarray, ub: float, clock: _Clock,
             deadline: float | None = None, iterations: int = ITERATIONS[1]) -> Bound:
    """Raise the bound towards ub until the quick test rules out every pair not modelled,
    the bound meets ub, it stops improving, or the deadline passes."""
    missing = ~chosen
    np.fill_diagonal(missing, False)
    bound = lag.best
    before = None
    for _ in range(ROUNDS):
        if ub - bound.value < 1 - 1e-6 or _past(deadline) or interrupt.requested():
            break
        still = int(((cheap_matrix(bm, bound) <= ub + 0.5) & missing).sum())
        clock.tick("prune")
        if still == 0 or lag.converged or (before is not None and still > 0.95 * before):
            break
        before = still
        bound = lag.run(iterations, ub, deadline=deadline)
        clock.tick("bound")
    return bound


def _kept(bm: BranchModel, bound: Bound, ub: float, sub: Part, lead_of: dict[str, str], rules: tuple[Rule, ...]):
    """(kept[i, u]: the pair may be in a plan costing at most ub; no_lead[u]: u cannot lead
    such a plan; how many pairs the bound over the whole part keeps, before
    :func:`by_component`). The pairs of the plan in hand are always kept."""
    kept, used, _, lb = kept_pairs(bm, bound, ub, sub, lead_of, with_bounds=True)
    gap = ub - bound.value
    no_lead = (bound.b - np.minimum(0.0, bound.b) > gap + 0.5) & ~used
    kept[:, no_lead] = False
    whole = int(kept.sum())
    if separable(bm, rules):
        kept, no_lead, _ = by_component(bm, bound, ub, sub, lead_of, kept, no_lead, lb, used)
    return kept, no_lead, whole


def _kept_cut(bm: BranchModel, cut: "rowcuts.CutBound", ub: float, sub: Part, lead_of: dict[str, str],
              kept: np.ndarray, no_lead: np.ndarray, rules: tuple[Rule, ...]):
    """The kept pairs and closed leads again at the cuts' prices (both tests hold, so a pair
    stays only where both keep it), then each connected part of them against its own share
    of the gap (:func:`by_component`, whose gaps per firm come third: None where the parts
    are not independent); the plan in hand's pairs are always kept."""
    ii, uu = np.nonzero(kept)
    lb = rowcuts.pair_bounds_cut(bm, cut, ii, uu, ub)
    out = np.zeros_like(kept)
    sel = lb <= ub + 0.5
    out[ii[sel], uu[sel]] = True
    branches = _branches(sub, lead_of)
    closed = rowcuts.lead_bounds_cut(bm, cut) > ub + 0.5
    used = np.zeros(bm.n, bool)
    for u, js in branches.items():
        out[js, u] = True
        closed[u] = False
        used[u] = True
    out[:, closed] = False
    no_lead = no_lead | closed
    if separable(bm, rules) and cut.sig is not None:
        return by_component(bm, None, ub, sub, lead_of, out, no_lead, (ii[sel], uu[sel], lb[sel]), used, cut)
    return out, no_lead, None


def separable(bm: BranchModel, rules: tuple[Rule, ...]) -> bool:
    """Whether groupings of disjoint sets of small firms are independent: no rule counts the
    branches of the whole part (a branch_count rule, or bounds on the number of leads)."""
    return bm.leads_lo <= 0 and bm.leads_hi is None and not any(r.kind == "branch_count" for r in rules)


def by_component(bm: BranchModel, bound: Bound, ub: float, sub: Part, lead_of: dict[str, str],
                 kept: np.ndarray, no_lead: np.ndarray, lb: tuple[np.ndarray, np.ndarray, np.ndarray],
                 used: np.ndarray, cut: "rowcuts.CutBound | None" = None):
    """The kept pairs and closed leads again, each connected part of the kept pairs against
    its own share of the gap (parts of a city that share no kept pair are independent).

    Why it holds: an optimal plan uses kept pairs only, so its branches fall apart along the
    connected components K of the kept pairs, and its restriction to K is optimal there: it
    costs at most what the plan in hand costs on K (``ub_K``). The relaxation's value splits
    the same way: ``L_K`` = the prices of K's firms plus the negative lead values of K's
    firms is a lower bound on every grouping of K. A pair (i, u) of K then needs
    ``L_K + (LB[i, u] - L) <= ub_K``: the part of the pair's bound beyond L is u's own.
    The plan's costs per branch are the relaxation's (``branch_cost``); whatever the level
    costs beyond them (rules the relaxation leaves out) is added to every ``ub_K``.

    ``cut``: the bound is the subset-row cuts' (``bound`` is then not used): ``L_K`` also
    has the prices of the cuts with two or three firms in K (only K's branches can hold two
    of them); a cut with its three firms in three components is held by no branch of a plan
    on the kept pairs, and its price (<= 0) drops out of every ``L_K``.

    ``lb``: (i, u, bound) of the pairs the bound over the whole part keeps (kept_pairs, or
    :func:`.rowcuts.pair_bounds_cut`). Only without bounds on the number of leads (they would
    tie the components together). Repeated while components split.

    Returns the kept pairs, the closed leads and each firm's part's gap (``ub_K - L_K``;
    None where the relaxation does not allow a branch of the plan in hand)."""
    branches = _branches(sub, lead_of)
    ub_lead, slack = _plan_costs(bm, branches, ub)
    if ub_lead is None:
        return kept, no_lead, None
    lam, b = (cut.lam, cut.b) if cut is not None else (bound.lam, bound.b)
    own = lam + np.minimum(0.0, b)                            # each firm's share of L
    whole = float(own.sum()) + bm.const                       # L, as the pair bounds add it up
    if cut is not None:
        whole += cut.offset
        priced = [(np.array(sorted(t)), float(s)) for t, s in zip(cut.triples, cut.sig) if s < 0]
    pi, pu, pb = lb
    extra = pb - whole                                        # each pair's part beyond L
    lead_extra = b - np.minimum(0.0, b)
    kept = kept.copy()
    for _ in range(20):
        count, comp = components(kept)
        gap_k = np.bincount(comp, ub_lead, count) - np.bincount(comp, own, count) + slack
        if cut is not None:
            for firms, s in priced:
                c = comp[firms]
                if c[0] == c[1] or c[0] == c[2]:
                    gap_k[c[0]] -= s
                elif c[1] == c[2]:
                    gap_k[c[1]] -= s
        closed = (lead_extra > gap_k[comp] + 0.5) & ~used
        over = kept[pi, pu] & (extra > gap_k[comp[pu]] + 0.5)
        drop = np.zeros_like(kept)
        drop[pi[over], pu[over]] = True
        drop[:, closed] = kept[:, closed]
        for u, js in branches.items():
            drop[js, u] = False
        no_lead = no_lead | closed
        if not drop.any():
            break
        kept &= ~drop
    return kept, no_lead, gap_k[comp]


def components(adj: np.ndarray) -> tuple[int, np.ndarray]:
    """(count, label of each node 0..count-1): the connected components of the undirected
    graph with an edge wherever adj[i, u] (n x n bool). Least labels spread along the edges,
    with pointer jumping; a few passes on a city's kept pairs."""
    a, b = np.nonzero(adj)
    a, b = np.concatenate([a, b]), np.concatenate([b, a])
    label = np.arange(adj.shape[0])
    while True:
        new = label.copy()
        np.minimum.at(new, a, label[b])
        new = new[new]
        if np.array_equal(new, label):
            break
        label = new
    roots, comp = np.unique(label, return_inverse=True)
    return len(roots), comp


def kept_pairs(bm: BranchModel, bound: Bound, ub: float, sub: Part, lead_of: dict[str, str],
               leads_out: np.ndarray | None = None, with_bounds: bool = False):
    """(kept[i, u]: the bound lets pair (i joins u) be in a plan costing at most ub, or the
    plan in hand uses it; used[u]: u leads in the plan in hand; joins[i]: i joins another
    firm's branch in it), and with ``with_bounds`` the pairs the bound keeps with their lower
    bounds: (i, u, bound) arrays. Leads in ``leads_out`` are not tested (none of their pairs
    kept unless the plan uses them)."""
    n = bm.n
    ii, uu = np.nonzero(~np.eye(n, dtype=bool))
    if leads_out is not None:
        keep = ~leads_out[uu]
        ii, uu = ii[keep], uu[keep]
    lb = pair_bounds(bm, bound, ii, uu, ub)
    kept = np.zeros((n, n), bool)
    sel = lb <= ub + 0.5
    kept[ii[sel], uu[sel]] = True
    pos = {sub.firms[i].id: a for a, i in enumerate(sub.small)}
    used = np.zeros(n, bool)
    joins = np.zeros(n, bool)
    for fid, lead in lead_of.items():
        a, b = pos.get(fid), pos.get(lead)
        if a is not None and b is not None:
            used[b] = True
            if a != b:
                kept[a, b] = True
                joins[a] = True
    if not with_bounds:
        return kept, used, joins
    return kept, used, joins, (ii[sel], uu[sel], lb[sel])


def _floor(bound: Bound, side: "_Side | None") -> int:
    """The bound over all pairs, rounded down: the relaxation's, or the side's cuts' where
    higher (worked out beside the first search, they hold whether or not the time ran out)."""
    value = bound.value
    if side is not None and side.cut is not None:
        value = max(value, side.cut.value)
    return int(math.floor(value + 1e-6))


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _stop(deadline: float | None) -> str | None:
    """Why the solve must end now: "interrupted" (Ctrl-C, a signal), "time limit", or None."""
    return "interrupted" if interrupt.requested() else "time limit" if _past(deadline) else None


def _proven(res, chosen: np.ndarray, total: int, level: int, ub: int, how: str, clock: _Clock):
    """The plan, proven optimal at the level: its bound there is its cost (a search that did
    not prove it, such as the first one, may have left a lower bound on the result)."""
    res.pairs, res.pairs_total, res.proof = int(chosen.sum()) + chosen.shape[0], total, how
    res.bounds[level] = ub
    res.phases = clock.phases
    return res


def _guided(bm: BranchModel, bound: Bound, k: int) -> np.ndarray:
    """chosen[i, u]: model the pair (i joins u). Per joiner, the k leads the relaxation rates
    best, and every pair of the relaxation's own branches."""
    n = bm.n
    score = cheap_matrix(bm, bound)
    np.fill_diagonal(score, np.inf)
    k = min(k, n - 1)
    best = np.argpartition(score, k - 1, axis=1)[:, :k] if k > 0 else np.zeros((n, 0), int)
    if k > 0:
        # leads tied at the cut (firms at one address, all alike) are chosen by their place
        # after the joiner, not all the same few: else every firm may get the same k leads,
        # too few branches for a plan (300 alike firms at one address had none)
        picked = np.take_along_axis(score, best, axis=1)
        cut = picked.max(axis=1)
        tied = np.nonzero(np.isfinite(cut) & ((score == cut[:, None]).sum(axis=1)
                                              > (picked == cut[:, None]).sum(axis=1)))[0]
        if len(tied):
            sub = score[tied]
            turn = (np.arange(n)[None, :] - tied[:, None]) % n
            key = np.where(sub < cut[tied, None], -1, np.where(sub == cut[tied, None], turn, n + 1))
            best[tied] = np.argpartition(key, k - 1, axis=1)[:, :k]
    chosen = np.zeros((n, n), bool)
    chosen[np.repeat(np.arange(n), best.shape[1]), best.ravel()] = True
    chosen &= np.isfinite(score)
    if bound.members is not None:
        leads, joiners = bound.members
        chosen[joiners, leads] = True
    np.fill_diagonal(chosen, False)
    return chosen


def _solve_on(sub: Part, chosen: np.ndarray, rules, as_of, opts, deadline, hint, no_lead=None,
              gap_limit: float | None = None, work_limit: float | None = None, must_lead=None,
              soft_deadline: float | None = None, rows: LeadRows | None = None, presolve: bool = True,
              live_bound: int | None = None, keep_bound: bool = False, live_plans: bool = True,
              costing: bool = False, meanwhile=None, race: bool = False, twin: bool = False):
    """Solve the part on the chosen pairs; None if that fails. ``no_lead[a]`` / ``must_lead[a]``:
    small firm a may not / must lead a branch; ``soft_deadline``: see ``solve_levels``;
    ``rows``: the relaxation's valid rows per lead, posted on the model; ``live_bound``:
    the level at which CP-SAT's bound holds over all pairs (the pairs are the kept ones),
    for the progress line (:mod:`.live`); ``keep_bound``: a search stopped before any plan
    still returns its result (status ``unknown``) for the bound CP-SAT proved; ``race``: a
    proof (no gap or work limit) may have a second search beside it (:mod:`.race`); ``twin``:
    HiGHS searches the model too (:func:`.race.solve_twin`)."""
    from .solve import solve_levels

    small = sub.small
    part = replace(sub, cands={})
    for a, i in enumerate(small):
        part.cands[i] = [i] + [small[b] for b in np.nonzero(chosen[a])[0]]
    fixed = [(mask, value) for mask, value in ((no_lead, 0), (must_lead, 1)) if mask is not None and mask.any()]

    def fix(enc) -> None:
        for mask, value in fixed:
            for a in np.nonzero(mask)[0]:
                enc.model.add(enc.x[small[a], small[a]] == value)
        if rows is not None:
            post_lead_rows(enc, small, rows)

    res = solve_levels(part, rules, as_of, opts, deadline, hint=hint,
                       extra=fix if fixed or rows is not None else None,
                       gap_limit=gap_limit, work_limit=work_limit, soft_deadline=soft_deadline, presolve=presolve,
                       live_plans=live_plans, live_bounds=live_bound,
                       tuning=PROOF_TUNING if keep_bound and chosen.sum() >= PROOF_TUNING_FROM else None,
                       costing=costing, meanwhile=meanwhile, race=race, twin=twin)
    if res.status not in ("optimal", "feasible") and not (keep_bound and res.status == "unknown"):
        return None
    return res


def post_lead_rows(enc, small: list[int], rows: LeadRows) -> int:
    """Post the relaxation's row of every small lead whose joiners are all small firms with a
    finite pair cost (else the row would not be valid as written); returns how many."""
    pos = {i: a for a, i in enumerate(small)}
    posted = 0
    for a, u in enumerate(small):
        if not rows.ok[a] or (u, u) not in enc.x:
            continue
        terms = []
        for i, var in enc.joiners.get(u, []):
            b = pos.get(i)
            if b is None or not rows.finite[b, a]:
                break
            terms.append((int(rows.coef[b, a]), var))
        else:
            enc.model.add(sum(c * v for c, v in terms) >= int(rows.rhs[a]) * enc.x[u, u])
            posted += 1
    return posted
