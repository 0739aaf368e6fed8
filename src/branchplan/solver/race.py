"""A second search beside a proof, on the other core.

How long CP-SAT takes to prove a model's optimum varies with its random seed, even on one
model: on city-3000's largest group of kept pairs, 0.42 to 0.99 deterministic seconds over
six seeds. So where the search on the kept pairs (the proof of solver/exact.py and
solver/counted.py) has neither a gap nor a work limit, has run for :data:`AFTER` seconds, the
work beside it is done, no other search is racing and a core was idle just before (another
program may hold it: :func:`idle_cores`), a second CP-SAT search (:data:`SECOND`: the next
seed) runs beside it on the same model. It saves time only where the first search finds
the optimum before it could prove it.

Only there: two searches at once slow each other (the caches and memory they share), by 5%
on city-3000's kept pairs and by 18% on a re-plan's model of city-300 (20,000 variables),
whose second level the second search proved no sooner than the first would have: the
re-plan took 4.22 -> 4.41 s (medians of 4) with a second search.

The plan is always the first search's, and so is the outcome: CP-SAT reports only strictly
better solutions, so the first search's first plan at the optimum is its last, the plan it
would end with alone. When the second search proves an optimum and the first has a plan at
that value (at once, or as soon as it finds one), the first search stops there with that
plan, proven optimal. When the first search proves the optimum itself, the second stops. A
stop by the clock or by a signal stops both, with the first search's plan. So the plan, its
cost and its status do not depend on whether the second search ran, nor on which search
ended first: only the time does. (Under a work limit the first search's outcome would
depend on the second's proof, so there is no second search.)
"""

from __future__ import annotations

import os
import threading

from . import interrupt

#: the second search: CP-SAT's parameters as the first search has them, but these (a seed
#: offset for ``random_seed``; the others as they are)
SECOND: dict = {"random_seed": 1}

#: the second search begins once the first has run this long (seconds) without ending:
#: most proofs end sooner, and need no second search
AFTER = 0.1
#: ... and only if at least this many cores were idle over IDLE_WINDOW seconds then
IDLE_AT_LEAST = 0.6
IDLE_WINDOW = 0.05

#: races running (one at a time: a search run while another is under way gets no second)
_running = threading.Semaphore(1)
#: False in a process that shares the machine's cores with others (a worker of a pool)
alone = True


def cores() -> int:
    """The cores this process may run on: those it may be scheduled on, and no more than
    its control group's CPU quota (a container run with ``--cpus 1``: a second search would
    take half of the first one's time)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):     # (not Linux)
        return os.cpu_count() or 1
    quota = _cgroup_quota()
    return n if quota is None else max(1, min(n, int(quota)))


#: where the control group's CPU quota is read (cgroup v2; v1 folders)
CGROUP_V2 = "/sys/fs/cgroup/cpu.max"
CGROUP_V1 = ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct")


def _cgroup_quota() -> float | None:
    """The CPU quota of this process's control group in cores (cgroup v2 ``cpu.max``, else
    v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``), or None: no quota, or none found."""
    try:
        with open(CGROUP_V2, encoding="ascii") as f:
            quota, period = f.read().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    for folder in CGROUP_V1:
        try:
            with open(f"{folder}/cpu.cfs_quota_us", encoding="ascii") as f:
                quota = int(f.read())
            with open(f"{folder}/cpu.cfs_period_us", encoding="ascii") as f:
                period = int(f.read())
        except (OSError, ValueError):
            continue
        return None if quota <= 0 or period <= 0 else quota / period
    return None


def available() -> bool:
    """Whether a second search may run now: a process of its own, two cores or more, no
    other race under way (this is only a hint: :func:`solve` takes the slot itself)."""
    return alone and cores() >= 2


class _Race:
    """The state shared by the two searches."""

    def __init__(self, first) -> None:
        self.first = first          # the first search's solver
        self.lock = threading.Lock()
        self.best: int | None = None        # the first search's best plan so far (its objective)
        self.proven: int | None = None      # the optimum the second search proved
        self.won = False                    # the first search was stopped at that optimum
        self.started = False                # the second search began

    # Only a plan at exactly the proven optimum ends the first search: a second CP-SAT
    # search's proof is exact, so none is ever below it; one below HiGHS's would show
    # HiGHS's proof wrong (solve_twin then sets HiGHS's result aside).

    def found(self, value: float, stop) -> None:
        """The first search found a plan of cost ``value`` (``stop``: stops it)."""
        with self.lock:
            self.best = int(round(value))
            if self.proven is not None and self.best == self.proven and not self.won:
                self.won = True
                stop()

    def proved(self, value: float) -> None:
        """The second search proved ``value`` the optimum."""
        with self.lock:
            self.proven = int(round(value))
            if self.best is not None and self.best == self.proven and not self.won:
                self.won = True
                self.first.stop_search()


def second_solver(solver):
    """A CP-SAT solver with ``solver``'s parameters but :data:`SECOND`'s, logging nothing."""
    from .cpsat import cp_model
    from .options import SEED_RANGE

    other = cp_model.CpSolver()
    other.parameters.copy_from(solver.parameters)
    for name, value in SECOND.items():
        if name == "random_seed":
            seed = solver.parameters.random_seed + value
            value = seed if seed <= SEED_RANGE[1] else seed - value - 1
        setattr(other.parameters, name, value)
    other.parameters.log_search_progress = False
    other.parameters.catch_sigint_signal = False
    return other


def idle_cores(over: threading.Event, window: float = IDLE_WINDOW) -> float | None:
    """How many of the machine's cores were idle over the next ``window`` seconds (from
    /proc/stat), or None where that cannot be read (not Linux) or ``over`` was set meanwhile."""
    def sample():
        with open("/proc/stat", encoding="ascii") as f:
            lines = f.read().splitlines()
        fields = [int(x) for x in lines[0].split()[1:9]]   # user nice system idle iowait irq softirq steal
        return sum(1 for line in lines if line[:3] == "cpu" and line[3:4].isdigit()), fields[3] + fields[4], sum(fields)

    try:
        ncpu, idle0, total0 = sample()
        if over.wait(window):
            return None
        _, idle1, total1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return ncpu * (idle1 - idle0) / max(1, total1 - total0)


def solve(solver, model, watch, meanwhile=None) -> tuple[int, bool]:
    """``interrupt.solve(solver, model, watch, meanwhile)`` with a second search beside it
    where one may run; (status, won): ``won`` when the first search was stopped at the
    optimum the second proved (its status is then OPTIMAL, its plan the one it found at that
    value). ``watch``: the solve's solution callback, which must call :meth:`_Race.found`
    through its ``race`` attribute for every plan (``solve.py``'s ``_Watch`` does).

    The second search begins once the first has run :data:`AFTER` seconds, the work
    ``meanwhile`` is done, and a core was idle over :data:`IDLE_WINDOW` seconds (another
    program may hold it): else it does not run."""
    from .cpsat import cp_model

    if not available() or not _running.acquire(blocking=False):
        return interrupt.solve(solver, model, watch if watch.needed else None, meanwhile), False
    try:
        race = _Race(solver)
        other = second_solver(solver)
        done, over, calm = threading.Event(), threading.Event(), threading.Event()

        def run() -> None:
            try:
                if over.wait(AFTER):
                    return
                calm.wait()     # (the work beside the search, on its core; set at the end too)
                idle = idle_cores(over)
                if over.is_set() or (idle is not None and idle < IDLE_AT_LEAST):
                    return
                race.started = True
                if other.solve(model) == cp_model.OPTIMAL:
                    race.proved(other.objective_value)
            except BaseException:     # (the second search is only ever a help)
                pass
            finally:
                done.set()

        helper = threading.Thread(target=run, name="cp-sat-second", daemon=True)
        helper.start()      # (if it cannot start, there is nothing to wait for)
        try:
            watch.race = race
            status = interrupt.solve(solver, model, watch, _then(meanwhile, calm))
        finally:
            try:
                over.set()
                calm.set()      # (the second search may be waiting for it: it then sees over)
                watch.race = None
            finally:
                interrupt.wind_down(other, done, 0.01)     # (a stop sent before it began is lost: sent again)
    finally:
        _running.release()
    if race.won and status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
        return cp_model.OPTIMAL, True
    return status, False


def _then(meanwhile, calm: threading.Event):
    """``meanwhile`` (work beside the search, or None) that sets ``calm`` when it is done
    (at once where there is none)."""
    if meanwhile is None:
        calm.set()
        return None

    def beside():
        try:
            return meanwhile()
        finally:
            calm.set()

    return beside


# ------------------------------------------------------------------ HiGHS beside CP-SAT

class _Twin(_Race):
    """The state shared by CP-SAT's search and HiGHS's (:func:`solve_twin`): a race whose
    second search is HiGHS, and what HiGHS ended with."""

    def __init__(self, first) -> None:
        super().__init__(first)
        self.outcome = None                 # HiGHS's mip.Outcome, once it has ended

    def ended(self, outcome) -> None:
        with self.lock:
            self.outcome = outcome
        if outcome.status == "optimal":
            self.proved(outcome.value)


def solve_twin(solver, model, watch, meanwhile, twin, nodes: int | None, deadline: float | None,
               work_limited: bool):
    """CP-SAT's search (``interrupt.solve(solver, model, watch, meanwhile)``) with HiGHS
    (``twin``: a :class:`.mip.Mip` of the same model, ``nodes`` its node limit) on the same
    model. Returns (status, reader, bound): ``reader`` is the solver whose values are the
    plan (``solver``, or a CP-SAT solver that only reads HiGHS's plan back), ``bound`` a
    lower bound HiGHS proved (None: none; the caller takes the better of it and CP-SAT's).

    The outcome is a function of the two searches' own results, never of which ended first,
    so the plan is the same on one core or two: CP-SAT's search runs to its end (its proof or
    its work limit) and HiGHS's to its own (its proof or its node limit; both are counted,
    not timed). Then: CP-SAT proved the optimum: its plan. Else HiGHS proved an optimum V:
    CP-SAT's plan if it costs V, else HiGHS's plan, proven. Else the cheaper plan (CP-SAT's
    on a tie) with the better of the two bounds. On two cores HiGHS runs beside CP-SAT from
    the start, and either search stops as soon as the outcome no longer depends on it:
    CP-SAT's proof stops HiGHS; HiGHS's proof of V stops CP-SAT once it holds a plan at V
    (CP-SAT reports only strictly better plans, so that plan is its last). On one core HiGHS
    runs after CP-SAT, and only if CP-SAT did not prove the optimum. Under no work limit
    (``work_limited`` False) CP-SAT's search only ends with a proof, so HiGHS's proof only
    ever ends it sooner.

    The user's time limit (``deadline``) and stop requests bring in time, as everywhere: a
    stop request, or CP-SAT stopped by the clock, stops HiGHS and the plan is CP-SAT's; a
    clock that stops HiGHS's run after CP-SAT's leaves the rule above with what HiGHS had
    then. An exception (a second Ctrl-C, or a first one in a library call) stops HiGHS and
    waits for it before it goes on up.
    """
    import contextvars

    from .cpsat import cp_model
    from .exact import _past

    state = _Twin(solver)
    done = threading.Event()
    helper: list[threading.Thread] = []
    context = contextvars.copy_context()    # (the stop requests this solve answers to)

    def run() -> None:
        try:
            state.ended(context.run(twin.run, nodes, deadline))
        except BaseException:     # (HiGHS is only ever a help)
            pass
        finally:
            done.set()

    def start() -> None:
        thread = threading.Thread(target=run, name="highs", daemon=True)
        thread.start()
        helper.append(thread)

    def settle() -> None:
        """Stop HiGHS, if it runs, and wait until it has ended."""
        twin.cancel()
        if helper:
            _wait(done)

    beside = available() and _running.acquire(blocking=False)
    try:
        try:
            if beside:
                start()
            try:
                watch.race = state
                status = interrupt.solve(solver, model, watch, meanwhile)
            finally:
                watch.race = None
            stopped = interrupt.requested() or watch.stopped or _past(deadline)
            if state.won and status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
                settle()
                return cp_model.OPTIMAL, solver, state.best
            if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID) or stopped \
                    or not work_limited:
                # (without a work limit CP-SAT ends without a proof only when stopped)
                settle()
                return status, solver, None
            if not helper:
                start()
            _wait(done, twin)
        except BaseException:
            try:
                settle()
            finally:
                raise
    finally:
        if beside:
            _running.release()
    out = state.outcome
    have = status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
    mine = int(round(solver.objective_value)) if have else None
    if interrupt.requested() or out is None or out.status in ("unknown", "infeasible"):
        bound = out.bound if out is not None and not interrupt.requested() else None
        return status, solver, bound
    best = out.value if out.status == "optimal" else out.bound
    if mine is not None and best is not None and mine < best:
        return status, solver, None         # (CP-SAT's plan shows HiGHS's bound wrong: ignored)
    if out.status == "optimal" and mine == out.value:
        return cp_model.OPTIMAL, solver, out.value
    if mine is None or out.value < mine:
        reader = _read_back(model, out.values)
        if reader is not None:
            return (cp_model.OPTIMAL if out.status == "optimal" else cp_model.FEASIBLE), reader, best
    return status, solver, best


def _wait(done: threading.Event, twin=None) -> None:
    """Wait for HiGHS's thread to end (``done``). With ``twin``, a stop request cancels it
    first and the wait goes on until it has ended; a Ctrl-C (KeyboardInterrupt) cancels it,
    the wait goes on, and the KeyboardInterrupt is raised once it has ended: a thread left
    running would be killed mid-call at interpreter exit, which aborts the process."""
    caught = None
    while not done.is_set():
        try:
            if twin is not None and interrupt.requested():
                twin.cancel()
            done.wait(0.05)
        except KeyboardInterrupt as exc:
            caught = caught or exc
            if twin is not None:
                twin.cancel()
    if caught is not None:
        raise caught


def _read_back(model, values):
    """A CP-SAT solver holding HiGHS's plan as its solution (the model solved with every
    variable fixed to it), or None if CP-SAT does not accept it."""
    from .cpsat import cp_model

    pinned = model.clone()
    pinned.clear_hints()
    for k, v in enumerate(values):
        pinned.add_hint(pinned.get_int_var_from_proto_index(k), v)
    reader = cp_model.CpSolver()
    reader.parameters.num_workers = 1
    reader.parameters.fix_variables_to_their_hinted_value = True
    reader.parameters.catch_sigint_signal = False
    status = reader.solve(pinned)
    return reader if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
