"""Solving: one CP-SAT model per jurisdiction, priority levels in turn, then verification.

Soft rules carry a priority: level 0 (fallback placements) is minimised first and fixed
at its optimum, then level 1 (distance and the other preferences), and so on. Every level
is solved by CP-SAT with a single search worker and LP-heavy linearisation (measured
fastest and deterministic on this problem); the previous level's solution is the hint.
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.context
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from datetime import date

from .cpsat import cp_model

from ..charter import Charter, Rule
from ..model import Roster
from ..plan import shown_jurisdiction, whole_name
from ..rules import KINDS, structure
from . import interrupt, live
from . import race as races
from .build import Encoding
from .continuity import Continuity
from .part import Part, all_pairs, build_part
from .options import PartResult, SolveOptions, policy_for

#: Under a time limit, each part gets at least a + b * (small firms) seconds to find a plan.
GRACE = (0.5, 1 / 1000)
#: CP-SAT stopping this close to the deadline (seconds) was stopped by the clock.
CLOCK_SLACK = 0.05
#: An objective level may not exceed this (1/1000 points): well inside CP-SAT's int64.
MAX_OBJECTIVE = 2 ** 53
#: the longest a timer waits (seconds, about 30 years): longer would overflow the platform's time_t
FAR_FUTURE = 1e9


def make_parts(roster: Roster, charter: Charter, opts: SolveOptions) -> list[Part]:
    own_min, sfb, hfb = structure(charter)
    by_j: dict[str, tuple[list, list]] = {}
    split = bool(charter.of_kind("jurisdiction"))
    whole = None if split else whole_name(roster)   # without a jurisdiction rule: one part
    for f in roster.firms:
        j = roster.firm_jurisdiction(f) if split else whole
        by_j.setdefault(j, ([], []))[0].append(f)
    for h in roster.hosts:
        j = roster.firm_jurisdiction(h) if split else whole
        by_j.setdefault(j, ([], []))[1].append(h)
    parts = []
    for j in sorted(by_j):
        firms, hosts = by_j[j]
        n_small = sum(1 for f in firms if f.size and (own_min is None or f.full < own_min))
        parts.append(build_part(j, firms, hosts, own_min, policy_for(n_small, opts), sfb, hfb))
    return parts


def encode(part: Part, rules: tuple[Rule, ...], as_of: date) -> Encoding:
    enc = Encoding(part, as_of)
    if part.current is not None:
        enc.current = Continuity(enc, part.current)
        enc.current.hint()
    for rule in rules:
        KINDS[rule.kind].encode(rule, enc)
    if enc.current is not None:
        enc.current.post_caps()      # the charter's caps on the continuations (valid rows)
        enc.current.post_requests()  # pins and --max-moves: hard, on top of the charter
    return enc


def part_deadline(deadline: float | None, share: float, n_small: int) -> float | None:
    """This part's own deadline under a time limit for all parts.

    A part gets ``share`` of the time left (its size over the size of the parts not yet
    started, times the workers), so that the first parts cannot use up the whole limit;
    and at least a short grace to find a first plan, even once the limit has passed: a
    plan for every jurisdiction, a little late, serves better than no plan at all.
    """
    if deadline is None:
        return None
    now = time.monotonic()
    grace = GRACE[0] + GRACE[1] * n_small
    return now + max(grace, (deadline - now) * min(1.0, share))


def solve_part(part: Part, rules: tuple[Rule, ...], as_of: date, opts: SolveOptions,
               deadline: float | None, share: float = 1.0) -> PartResult:
    """Solve one part: by the exact path (solver/exact.py) where it applies, else with
    every candidate the policy gives (and a note when that leaves pairs out).

    ``deadline``: when the time limit of the whole solve runs out; ``share``: this part's
    share of the time left (see :func:`part_deadline`)."""
    start = time.monotonic()
    deadline = part_deadline(deadline, share, len(part.small))
    live.begin(part.jurisdiction)
    try:
        res = _solve_part(part, rules, as_of, opts, deadline)
    finally:
        live.end()
    res.seconds = time.monotonic() - start
    return res


def _solve_part(part: Part, rules: tuple[Rule, ...], as_of: date, opts: SolveOptions,
                deadline: float | None) -> PartResult:
    from .exact import solve_exact
    from .unchanged import kept_as_is

    res = None
    facts: dict = {}
    if part.current is None and not interrupt.requested() and not _past(deadline):
        res = solve_exact(part, rules, as_of, opts, deadline, facts)
    elif part.current is not None and (res := kept_as_is(part, rules, as_of)) is not None:
        return res
    if res is None:
        known = _without_fallbacks(part, rules, as_of, opts, deadline)
        live.begin(part.jurisdiction)       # (what the exact path saw was of its sub-problem)
        modelled, every = _pair_counts(part)
        # proven that so many small firms cannot be grouped among themselves: a valid row, and
        # a short first search before the branch model's bound; not where a time limit leaves
        # too little for both (the search would be cut by the clock and run again from nothing)
        roomy = deadline is None or deadline - time.monotonic() > 2 * FALLBACK_FIRST_WORK
        extra = _fallbacks_at_least(facts["fallbacks"]) if facts.get("fallbacks") and roomy else None
        res = solve_levels(part, rules, as_of, opts, deadline, live_plans=True,
                           live_bounds="all" if modelled >= every else None, first_plan=True, known=known,
                           extra=extra, work_limit=FALLBACK_FIRST_WORK if extra else None)
        if extra and res.stopped != "interrupted" and (
                res.status == "unknown" or (res.status == "feasible" and res.stopped is None)):
            # not proven within the first work: the branch model bounds the fallback placements
            # (a packing argument CP-SAT's search may never make), and the search starts again
            # (past a time limit too where it has no plan yet: the first plan is always sought)
            from .grouping import least_fallbacks

            sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
            least = least_fallbacks(sub, rules, as_of, facts["level"], opts.seed, deadline)
            extra = _fallbacks_at_least(max(facts["fallbacks"], least))
            res = solve_levels(part, rules, as_of, opts, deadline, live_plans=True,
                               live_bounds="all" if modelled >= every else None, first_plan=True, known=known,
                               extra=extra)
        res.pairs, res.pairs_total = modelled, every
        if res.status == "infeasible" and res.pairs < res.pairs_total and not lonely_firms(part, rules):
            # no plan among the nearest candidates is no proof that there is none: a hard
            # limit (max_distance, a full branch) can leave a firm only a farther lead
            wide = all_pairs(part)
            res = solve_levels(wide, rules, as_of, opts, deadline, live_plans=True, live_bounds="all",
                               first_plan=True, extra=extra)
            res.pairs, res.pairs_total = _pair_counts(wide)
            res.widened = True
        res.proof = "all pairs"  # (or "restricted" below)
        if (res.pairs < res.pairs_total and res.status in ("optimal", "feasible") and getattr(opts, "prove", False)
                and not res.stopped):
            # --prove: the bound's path did not apply (a re-plan, fallbacks needed): model every
            # pair, starting from the plan found on the candidates
            wide = all_pairs(part)
            # (a re-plan's model is hinted with the current plan already)
            full = solve_levels(wide, rules, as_of, opts, deadline,
                                hint=None if part.current is not None else dict(res.lead_of),
                                live_plans=True, live_bounds="all", extra=extra)
            if full.status in ("optimal", "feasible"):  # (else, stopped early: the plan in hand stays)
                res = full
                res.pairs, res.pairs_total = _pair_counts(wide)
                res.proof = "all pairs"
        if res.pairs < res.pairs_total and res.status in ("optimal", "feasible"):
            # CP-SAT's bound holds for the pairs modelled only: the plan is not proven
            # optimal, and no bound over all pairs is known
            among = "optimal among them" if res.status == "optimal" else "the best found among them"
            res.proof, res.status, res.bounds = "restricted", "feasible", {}
            res.note = (f"candidate leads limited to the nearest ones ({res.pairs:,} of "
                        f"{res.pairs_total:,} pairs); {among}, not proven for all pairs (no bound over all pairs)")
    return res


#: CP-SAT's deterministic time for a small part's fallback model, once its small firms are
#: proven unable to be grouped among themselves, before the branch model is asked how many
#: must fall back at least (solver/grouping.py).
FALLBACK_FIRST_WORK = 2.0


def _fallbacks_at_least(k: int):
    """``extra`` for solve_levels: at least k small firms are placed with a standalone firm
    or a host (valid where that many are proven unable to be grouped among themselves:
    solver/grouping.py). It gives CP-SAT the fallback level's bound at once, which its
    search on the pairs took seconds to reach, or never did (a packing argument)."""
    from .grouping import post_floor

    return lambda enc: post_floor(enc, k)


def _without_fallbacks(part: Part, rules: tuple[Rule, ...], as_of: date, opts: SolveOptions,
                       deadline: float | None) -> dict[int, int]:
    """A re-plan's fallback level, known to be 0 where the part's small firms can be grouped
    among themselves ({level: 0}; else {}). The re-plan's search of that level looked for
    such a plan from the current one (city-300 after 10 changes: 3.3 s of 9.5 s); the
    bound's path (solver/exact.py), solving the roster afresh, finds one in a fraction of
    that, and any plan it returns has no fallback placement. Not with pins or a cap (they
    may need fallback placements), nor where the fallback rule is not minimised first."""
    from ..rules import KINDS
    from .exact import first_level, solve_exact

    if part.current is None or part.current.requests or _past(deadline) or interrupt.requested():
        return {}
    fallback = [r for r in rules if r.kind == "fallback"]
    fresh = tuple(r for r in rules if not getattr(KINDS[r.kind], "NEEDS_CURRENT", False))
    if len(fallback) != 1 or first_level(rules) is None or first_level(fresh) is None:
        return {}
    found = solve_exact(replace(part, current=None), fresh, as_of, opts, deadline)
    if found is None or found.status not in ("optimal", "feasible"):
        return {}
    return {fallback[0].priority: 0}


def lonely_firms(part: Part, rules: tuple[Rule, ...]) -> list[tuple[Rule, list[tuple[str, str, float]]]]:
    """Hard rules that leave some small firm of the part no unit to share a branch with
    (max_distance: nothing within the limit), with those firms: no plan exists, whatever
    pairs are modelled."""
    from ..rules import KINDS

    out = []
    for rule in rules:
        fn = getattr(KINDS[rule.kind], "lonely", None)
        if fn is not None and rule.is_hard:
            found = fn(rule, part)
            if found:
                out.append((rule, found))
    return out


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _pair_counts(part: Part) -> tuple[int, int]:
    """(pairs modelled, pairs a full model would have) for the part's small firms."""
    modelled = sum(len(c) for c in part.cands.values())
    leads = len(part.small)
    if part.allow_standalone_fallback:
        leads += len(part.big)
    if part.allow_host_fallback:
        leads += len(part.hosts)
    return modelled, len(part.small) * leads


#: the full searches for 2 to 7 CP-SAT workers, in order (max_lp: linearization level 2)
FEW_WORKERS = ("max_lp", "default_lp", "core", "quick_restart", "reduced_costs", "pseudo_costs", "no_lp")


def solve_levels(part: Part, rules: tuple[Rule, ...], as_of: date, opts: SolveOptions,
                 deadline: float | None, hint: dict[str, str] | None = None,
                 extra=None, gap_limit: float | None = None, work_limit: float | None = None,
                 presolve: bool = True, soft_deadline: float | None = None, live_plans: bool = False,
                 live_bounds: int | str | None = None, tuning: dict | None = None,
                 costing: bool = False, meanwhile=None, first_plan: bool = False,
                 known: dict[int, int] | None = None, race: bool = False, twin: bool = False) -> PartResult:
    """Encode the part and minimise its priority levels in turn with CP-SAT.

    ``hint``: small firm id -> lead id of a plan to start from. ``extra(enc)``: posts more
    (valid) rows on the encoding before solving. ``gap_limit``: stop a level once the plan
    is within this relative gap of CP-SAT's bound (the level then counts as feasible, not
    optimal). ``work_limit``: CP-SAT's deterministic time limit per level (reproducible,
    unlike a wall-clock limit). ``presolve``: CP-SAT's presolve (it costs more than it
    saves on small models). ``soft_deadline``: past it, the search stops as soon as it has a
    plan (but goes on until it finds one, within ``work_limit``).

    ``live_plans``: report every plan CP-SAT finds to the progress line (:mod:`.live`; they
    are complete plans of the part). ``live_bounds``: the levels at which CP-SAT's bound is
    a bound over all pairs, reported too: ``"all"`` (every pair is modelled: at each level
    while the earlier ones were proven) or one level (the caller kept every pair a plan at
    least as good as the one in hand could use, at that level). ``costing``: the caller
    gives each firm one lead (a plan to cost, no search): solved even after a stop request,
    so that a stopped solve can still cost the plan it keeps. ``meanwhile``: work for this
    thread while CP-SAT searches the first level (:func:`.interrupt.solve`; it may not run).

    ``known``: levels whose optimum is known already (level -> value): the level is held to
    it and not searched.
    ``race``: a search with neither a gap nor a work limit may have a second search beside
    it (:mod:`.race`): the same plans and results, sooner.
    ``twin``: HiGHS searches each level's model too (:func:`.race.solve_twin`, with the node
    limit of :func:`.mip.nodes_for` under a work limit, else none), where the model is
    linear and CP-SAT runs one worker with no gap limit.
    ``first_plan``: the clock (``deadline``) does not stop the search before it has a plan
    (a re-plan's, or a part the exact path does not take): until then it is bounded by the
    work CP-SAT needs to find one, and past the deadline it stops at the first plan found,
    as the exact path's first plan does. Only a stop request ends it without one.
    """
    start = time.monotonic()
    if interrupt.requested() and not costing:  # asked to stop before this part began
        return PartResult(part.jurisdiction, "unknown", stopped="interrupted")
    if deadline is not None and time.monotonic() >= deadline and not first_plan:  # no time left to even encode it
        return PartResult(part.jurisdiction, "unknown", stopped="time limit")
    enc = encode(part, rules, as_of)
    if extra is not None:
        extra(enc)
    res = PartResult(part.jurisdiction, "optimal", variables=len(enc.x))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, opts.search_workers)
    solver.parameters.linearization_level = 2
    if 1 < opts.search_workers < 8:
        # few workers run few full searches, the first of the list; CP-SAT's own list starts
        # with default_lp, which drops linearization level 2: its bound stalled (city-3000's
        # kept pairs: 947k after 120 s against 980k proven in 19 s by one max_lp worker)
        solver.parameters.subsolvers.extend(FEW_WORKERS)
    solver.parameters.random_seed = opts.seed
    solver.parameters.log_search_progress = opts.log
    if opts.log:  # the search log goes to stderr: stdout is for the plan
        solver.parameters.log_to_stdout = False
        solver.log_callback = _log_line
    if gap_limit:
        solver.parameters.relative_gap_limit = gap_limit
    if work_limit:
        solver.parameters.max_deterministic_time = work_limit
    if not presolve:
        solver.parameters.cp_model_presolve = False
    for name, value in (tuning or {}).items():    # (CP-SAT parameters for one kind of search)
        setattr(solver.parameters, name, value)
    if part.current is not None:
        # re-planning models hold every pair of a jurisdiction: CP-SAT's symmetry detection
        # and probing in presolve took most of their time (city-300: 17 s of a 17 s re-plan)
        # and bought nothing measurable in the search (benchmarks/README.md, re-planning)
        solver.parameters.symmetry_level = 0
        solver.parameters.cp_model_probing_level = 0
    model = enc.model
    if hint:
        for (i, u), v in enc.x.items():
            model.add_hint(v, 1 if hint.get(part.firms[i].id) == part.unit_id(u) else 0)
    objectives = {lvl: sum(e for _, e in terms) for lvl, terms in sorted(enc.penalties.items())}
    levels = list(objectives) or [None]
    res.bounds = {lvl: 0 for lvl in objectives}
    have_solution = False
    watching = live.enabled() and (live_plans or live_bounds is not None)
    proven_so_far = True    # every earlier level ended proven optimal
    for level in levels:
        if interrupt.requested() and not costing:
            res.status = "feasible" if have_solution else "unknown"
            res.stopped = "interrupted"
            break
        # the search for the first plan runs on past the deadline (it stops at its first plan)
        anyway = first_plan and not have_solution and deadline is not None
        if deadline is not None and not anyway:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                res.status = "feasible" if have_solution else "unknown"
                res.stopped = "time limit"
                break
            solver.parameters.max_time_in_seconds = remaining
        obj = objectives[level] if level is not None else None
        if obj is not None and known and level in known and level != levels[-1]:
            model.add(obj <= known[level])        # (its value comes with the next level's plan)
            res.bounds[level] = known[level]
            continue
        if obj is not None:
            model.minimize(obj)
            _check_magnitude(model, part, level, rules)
        bounds_here = obj is not None and (live_bounds == level or (live_bounds == "all" and proven_so_far))
        earlier = {lvl: v for lvl, v in res.values.items() if lvl < level} if watching else {}
        when = min(t for t in (soft_deadline, deadline) if t is not None) if anyway else soft_deadline
        watch = _Watch(solver, when, level if watching and obj is not None else None, bounds_here, earlier)
        reader, extra_bound = solver, None
        mip = None
        if twin and obj is not None and not gap_limit and opts.search_workers == 1 and not costing:
            from . import mip as mips

            mip = mips.convert(model)
        try:
            if costing:     # (no search to stop: the plan is given)
                solver.parameters.catch_sigint_signal = False
                status = solver.solve(model, watch if watch.needed else None)
            elif mip is not None:
                status, reader, extra_bound = races.solve_twin(
                    solver, model, watch, meanwhile, mip, mips.nodes_for(model) if work_limit else None,
                    deadline, bool(work_limit))
                meanwhile = None
            elif race and obj is not None and not gap_limit and not work_limit and opts.search_workers == 1:
                status, _ = races.solve(solver, model, watch, meanwhile)   # (a won race: OPTIMAL)
                meanwhile = None
            else:
                status = interrupt.solve(solver, model, watch if watch.needed else None, meanwhile)
                meanwhile = None
        finally:
            watch.cancel()
            solver.best_bound_callback = None
        if watch.stopped and status == cp_model.FEASIBLE:
            have_solution = True
            _take(enc, reader, res)
            res.values = {lvl: int(reader.value(e)) for lvl, e in objectives.items()}
            if obj is not None:
                res.bounds[level] = max(0, min(_bound_of(solver, extra_bound), res.values[level]))
            res.status, res.stopped = "feasible", "time limit"
            break
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            have_solution = True
            _take(enc, reader, res)
            res.values = {lvl: int(reader.value(e)) for lvl, e in objectives.items()}
            if obj is not None:
                value = res.values[level]
                bound = _bound_of(solver, extra_bound)
                if status == cp_model.OPTIMAL and not gap_limit and not work_limit:
                    bound = value
                res.bounds[level] = max(0, min(bound, value))
                proven_so_far = proven_so_far and res.bounds[level] >= value
                if watching:
                    live.plan(level, value, earlier)
                    if bounds_here:
                        live.bound(level, res.bounds[level])
                model.add(obj <= value)
                if res.bounds[level] < value:   # stopped by a gap or work limit
                    res.status = "feasible"
            if status == cp_model.FEASIBLE:
                res.status = "feasible"
                res.stopped = _stop_reason(deadline, work_limit)
            if level != levels[-1]:
                model.clear_hints()
                for v in enc.x.values():
                    model.add_hint(v, reader.value(v))
        elif status == cp_model.INFEASIBLE:
            res.status = "infeasible" if not have_solution else "feasible"
            break
        elif status == cp_model.MODEL_INVALID:  # pragma: no cover - a defect, reported as such
            from ..errors import InternalError

            raise InternalError(f"CP-SAT rejected the model of {shown_jurisdiction(part.jurisdiction)}: "
                                f"{model.validate()}")
        else:  # UNKNOWN: the time limit ran out (or a stop came) before any solution of this level
            reached = _reached_bound(solver) if obj is not None else None
            if extra_bound is not None:
                reached = extra_bound if reached is None else max(reached, extra_bound)
            if reached is not None:
                # what CP-SAT proved before it stopped (a caller may know it holds more widely)
                proved = max(0, int(math.ceil(reached - 1e-6)))
                if level in res.values:
                    proved = min(proved, res.values[level])
                res.bounds[level] = max(res.bounds.get(level, 0), proved)
            res.status = "feasible" if have_solution else "unknown"
            res.stopped = _stop_reason(deadline, work_limit)
            break
    if have_solution and res.stopped == "time limit" and enc.current is not None and not interrupt.requested():
        _settle(enc, objectives, levels, res, opts)
    res.seconds = time.monotonic() - start
    return res


def _bound_of(solver: cp_model.CpSolver, extra: int | None) -> int:
    """CP-SAT's bound after its search (rounded up; 0 where it has none), or ``extra`` (one
    HiGHS proved) if higher."""
    reached = _reached_bound(solver)
    bound = int(math.ceil(reached - 1e-6)) if reached is not None else 0
    return bound if extra is None else max(bound, extra)


def _settle(enc: Encoding, objectives: dict, levels: list, res: PartResult, opts: SolveOptions) -> None:
    """A re-plan's search was stopped by the clock: keep the groupings of the plan in hand
    and choose for them the continuations (branch ids) that ``levels`` prefer, in turn. A
    plan stopped before the stability level (or before it was searched) may name every
    branch anew, moving every member, although its groupings are the current plan's; with
    the groupings fixed the choice is a small model, solved to the end (not by the clock).
    A level already at its optimum keeps its value. ``res`` keeps its status, stop reason
    and bounds; its plan and values can only improve."""
    model = enc.model
    for (i, u), v in enc.x.items():
        model.add(v == int(res.lead_of.get(enc.part.firms[i].id) == enc.part.unit_id(u)))
    model.clear_hints()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = opts.seed
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    for level in levels:
        if level is None or interrupt.requested():
            return
        obj = objectives[level]
        model.minimize(obj)
        status = interrupt.solve(solver, model, None)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return
        _take(enc, solver, res)
        res.values = {lvl: int(solver.value(e)) for lvl, e in objectives.items()}
        model.add(obj <= res.values[level])


class _Watch(cp_model.CpSolverSolutionCallback):
    """Watches one CP-SAT search (only observing it, so the search is the same without it).

    ``when``: stops the search once it has passed and a solution is in hand: at ``when`` if
    one was found before, else at the first one found after it. ``level``: reports each
    solution's objective to the progress line (:mod:`.live`) as that level's plan cost, and
    with ``bounds`` CP-SAT's bound too."""

    def __init__(self, solver: cp_model.CpSolver, when: float | None, level: int | None = None,
                 bounds: bool = False, earlier: dict[int, int] | None = None) -> None:
        super().__init__()
        self.when = when
        self.level = level
        self.earlier = earlier
        self.found = False
        self.stopped = False
        self._solver = solver
        #: the race this search is in (:mod:`.race`), told of every plan
        self.race = None
        self._lock = threading.Lock()
        self._timer = None
        if when is not None:
            # (a limit of centuries is no limit: a wait past the platform's time_t would raise
            # in the timer's thread)
            self._timer = threading.Timer(min(max(0.0, when - time.monotonic()), FAR_FUTURE), self._ring)
            self._timer.daemon = True
            self._timer.start()
        if level is not None and bounds:
            solver.best_bound_callback = self._bound

    @property
    def needed(self) -> bool:
        return self.when is not None or self.level is not None

    def on_solution_callback(self) -> None:
        if self.race is not None:
            self.race.found(self.objective_value, self.stop_search)
        if self.level is not None:
            live.plan(self.level, self.objective_value, self.earlier)
        if self.when is None:
            return
        with self._lock:
            self.found = True
            if time.monotonic() >= self.when and not self.stopped:
                self.stopped = True
                self.stop_search()

    def _bound(self, value: float) -> None:
        live.bound(self.level, math.ceil(value - 1e-6))

    def _ring(self) -> None:
        with self._lock:
            if self.found and not self.stopped:
                self.stopped = True
                self._solver.stop_search()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _reached_bound(solver: cp_model.CpSolver) -> float | None:
    """CP-SAT's bound when its search stopped without a solution, or None (no search ran:
    a stop came before it started)."""
    try:
        bound = solver.best_objective_bound
    except RuntimeError:
        return None
    return bound if math.isfinite(bound) else None


def _stop_reason(deadline: float | None, work_limit: float | None) -> str | None:
    """Why CP-SAT stopped before the end: "interrupted", "time limit" (the caller's clock),
    or None when it was the deterministic work limit the caller set (not a time limit)."""
    if interrupt.requested():
        return "interrupted"
    if work_limit and (deadline is None or time.monotonic() < deadline - CLOCK_SLACK):
        return None
    return "time limit"


def _log_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _check_magnitude(model: cp_model.CpModel, part: Part, level: int, rules: tuple[Rule, ...]) -> None:
    """Refuse objectives that 64-bit integers cannot hold (absurd weights or coordinates):
    CP-SAT would reject the model, which is the input's fault, not a defect."""
    proto = model.proto
    # big coefficients turn the objective into a floating-point one
    obj = proto.floating_point_objective if proto.has_floating_point_objective() else proto.objective
    span = 0
    for ref, c in zip(obj.vars, obj.coeffs):
        dom = proto.variables[ref if ref >= 0 else -ref - 1].domain
        span += abs(c) * max(abs(dom[0]), abs(dom[len(dom) - 1]))  # (no negative indices here)
    if span > MAX_OBJECTIVE:
        from ..errors import UsageError
        from ..errtext import say

        heaviest = max((r for r in rules if not r.is_hard and r.priority == level), key=lambda r: r.weight,
                       default=None)
        what = f"the priority {level} objective of {shown_jurisdiction(part.jurisdiction)}"
        what_zh = f"{shown_jurisdiction(part.jurisdiction, 'zh')}优先级 {level} 的目标值"
        if heaviest is None:
            raise UsageError(say("usage.objective_too_large", what=what, what_zh=what_zh))
        too_large(part, heaviest)


def too_large(part: Part, rule: Rule) -> None:
    """Refuse a soft rule whose weight makes its priority level's objective too large for
    64-bit integers (raised while the model is built, where one cost alone is: OR-Tools
    would not take it)."""
    from ..errors import UsageError
    from ..errtext import say

    what = f"the priority {rule.priority} objective of {shown_jurisdiction(part.jurisdiction)}"
    what_zh = f"{shown_jurisdiction(part.jurisdiction, 'zh')}优先级 {rule.priority} 的目标值"
    raise UsageError(say("usage.weight_too_large", origin=rule.origin, code=rule.code,
                         weight=rule.weight, what=what, what_zh=what_zh))


def _take(enc: Encoding, solver: cp_model.CpSolver, res: PartResult) -> None:
    p = enc.part
    res.lead_of = {p.firms[i].id: p.unit_id(u) for (i, u), v in enc.x.items() if solver.boolean_value(v)}
    if enc.current is not None and enc.current.s:
        res.successors = enc.current.successors(solver)


#: the worker pools' context: the default one, or a fork server once start_worker_server() ran
_context: multiprocessing.context.BaseContext | None = None
_PRELOAD = ("branchplan.solver.solve", "branchplan.solver.exact")


def start_worker_server() -> None:
    """Have worker pools (``workers`` > 1) start their workers from a small server process,
    started now: it imports the solver (about a second) while the caller loads its input.

    Forked workers start as copies of this process, with whatever it holds: after loading
    a national roster with member lists, several hundred megabytes that each worker counted
    again. Workers forked from the server hold only the solver's modules and the
    jurisdictions sent to them. As with multiprocessing's spawn, the main module is
    imported again in the server: call this from a program whose main module is guarded
    by ``if __name__ == "__main__"`` (the command line does). No-op where the platform has
    no fork server.
    """
    global _context
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from multiprocessing import forkserver, resource_tracker

    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(_PRELOAD))
    # (the resource tracker first: starting it unblocks SIGINT and SIGTERM in this thread)
    resource_tracker.ensure_running()
    with interrupt.held_for_children():
        forkserver.ensure_running()
    _context = ctx


def _solve_star(args):
    races.alone = False     # (a worker process: the other cores are the other workers')
    return solve_part(*args)


def _size(part: Part) -> int:
    return len(part.small)


def solve_parts(parts: list[Part], charter: Charter, as_of: date, opts: SolveOptions,
                progress=None, started: float | None = None) -> list[PartResult]:
    """Solve every part, in parallel processes when ``workers`` > 1; results in part order.

    ``started``: the monotonic time the time limit counts from (default: now)."""
    deadline = (started or time.monotonic()) + opts.time_limit if opts.time_limit else None
    workers = max(1, min(opts.workers, len(parts), os.cpu_count() or 1))
    # largest jurisdictions first (so that no worker is left with a big one at the end);
    # under a time limit each gets its share of the time left when it starts
    order = sorted(range(len(parts)), key=lambda k: (-_size(parts[k]), k))
    shares = [1.0] * len(parts)
    left = sum(_size(p) + 1 for p in parts)
    for k in order:
        shares[k] = workers * (_size(parts[k]) + 1) / left
        left -= _size(parts[k]) + 1
    # each jurisdiction gets the rules that apply in it (a rule's jurisdictions: filter)
    jobs = [(p, charter.in_jurisdiction(p.jurisdiction).rules, as_of, opts, deadline, shares[k])
            for k, p in enumerate(parts)]
    results: list[PartResult | None] = [None] * len(jobs)
    if progress:
        progress(0, len(jobs))
    if workers == 1:
        for done, k in enumerate(order, start=1):
            results[k] = solve_part(*jobs[k])
            if progress:
                progress(done, len(jobs))
        return _first_plans(results, jobs, order)
    # results come back in part order whatever the order of solving
    done = 0
    with ProcessPoolExecutor(max_workers=workers, **interrupt.pool_arguments(interrupt.active(), _context)) as pool:
        futures = {pool.submit(_solve_star, jobs[k]): k for k in order}
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            done += 1
            if progress:
                progress(done, len(jobs))
    return _first_plans(results, jobs, order)


def _first_plans(results: list, jobs: list, order: list[int]) -> list:
    """After a stop request (a first Ctrl-C or SIGTERM) that came once some jurisdiction had
    a plan, those without one (not reached yet, or being solved) get a first plan each, as
    under a time limit that has run out (a plan a little late rather than none: a province's
    cities are solved in turn, and a plan needs every one); a second request stops that at
    once (KeyboardInterrupt). Their results say they were interrupted. Elsewhere (no
    request, no plan missing, or no plan at all yet) the results as they are."""
    from .exact import TIME_LIMIT_NOTE

    watch = interrupt.active()
    missing = [k for k in order if results[k] is not None and results[k].status == "unknown"
               and results[k].stopped == "interrupted"]
    if watch is None or not watch.requested or not missing or len(missing) == len(results):
        return results      # (a request before any plan at all stops there, as for one city)
    interrupt.say_first_plans(len(missing))
    with interrupt.quick():
        for k in missing:
            part, rules, as_of, opts, _, share = jobs[k]
            res = solve_part(part, rules, as_of, opts, time.monotonic(), share)
            if res.status in ("optimal", "feasible"):
                res.stopped = "interrupted"     # (not the time limit: its note says nothing of one)
                if res.note and res.note.endswith(TIME_LIMIT_NOTE):
                    res.note = res.note[:-len(TIME_LIMIT_NOTE)]
                results[k] = res
    return results
