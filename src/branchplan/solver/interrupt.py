"""Stopping a solve on Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal or SSH session closed)
while keeping the best plan found so far.

CP-SAT searches in C++ and only looks at its own stop flag; a Python signal handler runs on
the main thread, and only once that thread is back in the interpreter. So while a
``StopWatch`` is active (the command line activates one around a solve):

- each CP-SAT solve runs in a helper thread while the main thread waits, free to run the
  handler; the handler calls ``stop_search()`` on the running solver, which then returns
  its best solution so far (FEASIBLE) or none (UNKNOWN); ``solve_part`` stops there and
  marks its part as interrupted, and parts not yet started are not started;
- CP-SAT's own SIGINT catching is switched off, so both signals take the same path;
- worker processes (``--workers`` > 1) ignore these signals themselves (a terminal
  sends Ctrl-C to the whole process group; the parent decides): the parent sets a shared
  event, and a watcher thread in each worker stops that worker's solver.

A second signal while the solver winds down stops waiting at once (KeyboardInterrupt).
"""

from __future__ import annotations

import contextlib
import contextvars
import multiprocessing
import os
import signal
import threading
import time
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:   # (OR-Tools loads when a search begins: ``stop_on_signals`` does not need it)
    from .cpsat import cp_model

SIGNALS = (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())
#: How often (seconds) the waiting main thread wakes up to re-send a pending stop request.
POLL = 0.2

class StopWatch:
    """Stop requests of one process, and the solvers they must reach."""

    def __init__(self, threaded: bool) -> None:
        #: the signal that asked to stop (None: not asked)
        self.signum: int | None = None
        #: run solves in a helper thread (the main process, where handlers must run)
        self.threaded = threaded
        self._solvers: set[cp_model.CpSolver] = set()
        #: re-entrant: the signal handler (request) runs in the main thread, which may be
        #: inside a ``with self._lock`` block itself when the signal arrives
        self._lock = threading.RLock()
        #: shared with worker processes, set when this process is asked to stop
        self.event = None

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def request(self, signum: int) -> None:
        if self.signum is None:
            self.signum = signum
        if self.event is not None:
            self.event.set()
        with self._lock:
            solvers = list(self._solvers)
        for s in solvers:
            s.stop_search()

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel, callback=None, meanwhile=None) -> int:
        """solver.solve(model, callback), stoppable by this watch (``meanwhile``: see
        :func:`solve`)."""
        solver.parameters.catch_sigint_signal = False
        with self._lock:
            self._solvers.add(solver)
        try:
            if self.requested:
                from .cpsat import cp_model

                return cp_model.UNKNOWN
            if not self.threaded:
                return solver.solve(model, callback)
            # re-sending the stop also covers a request that came before the search began
            return _threaded(solver, model, lambda: self.requested and solver.stop_search(), callback, meanwhile)
        finally:
            with self._lock:
                self._solvers.discard(solver)


#: the watch of the ``stop_on_signals`` block this thread (context) is in: a solve run by
#: another thread at the same time is not stopped by its signals
_active: contextvars.ContextVar[StopWatch | None] = contextvars.ContextVar("branchplan_stop_watch", default=None)


def active() -> StopWatch | None:
    return _active.get()


#: what a command does when a stop request leaves jurisdictions to be given a first plan
#: (``callable(n)``; the command line prints a line); none in the library
first_plans_notice: contextvars.ContextVar = contextvars.ContextVar("branchplan_first_plans_notice", default=None)


def say_first_plans(n: int) -> None:
    notice = first_plans_notice.get()
    if notice is not None:
        notice(n)


@contextlib.contextmanager
def quick() -> Iterator[None]:
    """Within the block, solves answer to a watch of their own, not to the request already
    made (the signal handler still holds the block's watch: a second signal raises
    KeyboardInterrupt at once); in the main thread only, as :func:`stop_on_signals`."""
    outer = _active.get()
    token = _active.set(StopWatch(threaded=outer.threaded if outer is not None else True))
    try:
        yield
    finally:
        _active.reset(token)


def requested() -> bool:
    watch = _active.get()
    return watch is not None and watch.requested


def solve(solver: cp_model.CpSolver, model: cp_model.CpModel, callback=None, meanwhile=None) -> int:
    """Solve (``callback``: a CP-SAT solution callback), stoppable by the active watch if
    there is one.

    Without one (the library, ``check``), Ctrl-C behaves as everywhere in Python: a
    KeyboardInterrupt, once the search has been stopped (CP-SAT would otherwise catch the
    signal itself and return a half-finished search as if it were a result).

    ``meanwhile``: work for the calling thread while CP-SAT searches (on another core);
    where the search runs in the calling thread (a worker process, a thread other than the
    main one) it is not run here: the caller runs it when it finds it has not run.
    """
    watch = _active.get()
    if watch is not None:
        return watch.solve(solver, model, callback, meanwhile)
    # (in every thread: CP-SAT's own catching installs a process-wide SIGINT handler, which,
    # from a thread other than the main one, aborts the process on Ctrl-C)
    solver.parameters.catch_sigint_signal = False
    if threading.current_thread() is not threading.main_thread():
        return solver.solve(model, callback)
    return _threaded(solver, model, lambda: None, callback, meanwhile)


def _threaded(solver: cp_model.CpSolver, model: cp_model.CpModel, poll, callback=None, meanwhile=None) -> int:
    """solver.solve(model) in a helper thread; the calling (main) thread first runs
    ``meanwhile()`` if given, then waits, calling ``poll()`` every POLL seconds and running
    signal handlers. An exception raised meanwhile or while waiting (KeyboardInterrupt)
    stops the search, and waits for it to end, before it propagates."""
    box: list = []
    done = threading.Event()

    def run() -> None:
        try:
            box.append(solver.solve(model, callback))
        except BaseException as exc:  # handed to the waiting thread
            box.append(exc)
        finally:
            done.set()

    # the thread's end is told by ``done``, not by Thread.is_alive(): on Python 3.11 a
    # join() interrupted by Ctrl-C marks the thread stopped while it still runs
    worker = threading.Thread(target=run, name="cp-sat", daemon=True)
    try:
        worker.start()
        if meanwhile is not None:
            meanwhile()
        while not done.is_set():
            done.wait(POLL)
            poll()
    except BaseException:
        wind_down(solver, done)
        raise
    if box and isinstance(box[0], BaseException):
        raise box[0]
    if not box:
        from .cpsat import cp_model

        return cp_model.UNKNOWN
    return box[0]


def wind_down(solver: cp_model.CpSolver, done: threading.Event, poll: float = POLL) -> None:
    """Stop the search and wait until it has ended (``done``). The stop is repeated (every
    ``poll`` seconds): one sent before CP-SAT has begun is lost. A thread left searching
    would be killed mid-call at interpreter exit, which aborts the process; so further
    Ctrl-Cs wait too (CP-SAT stops within a fraction of a second of the request)."""
    while not done.is_set():
        try:
            solver.stop_search()
            done.wait(poll)
        except KeyboardInterrupt:
            continue


@contextlib.contextmanager
def stop_on_signals() -> Iterator[StopWatch | None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP stop the search instead of the process: the
    searches of the solves the main thread runs in the block (a solve another thread runs
    meanwhile is not stopped by them).

    Yields the watch (``watch.signum`` tells whether and how the solve was interrupted),
    or None where signal handlers cannot be installed (not the main thread).
    """
    if threading.current_thread() is not threading.main_thread():
        yield None
        return
    watch = StopWatch(threaded=True)

    def handler(signum, frame):
        if watch.requested:  # the second signal: stop waiting for the solver to wind down
            watch.request(signum)
            raise KeyboardInterrupt
        watch.request(signum)

    # a signal the caller ignores stays ignored (a background job of a shell script, nohup):
    # the parent meant to shield the process from it
    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS if signal.getsignal(sig) is not signal.SIG_IGN}
    token = _active.set(watch)
    try:
        yield watch
    finally:
        _active.reset(token)
        for sig, h in previous.items():
            signal.signal(sig, h)


def pool_arguments(watch: StopWatch | None, ctx=None) -> dict:
    """Keyword arguments for a ProcessPoolExecutor whose workers the watch can stop
    (``ctx``: the multiprocessing context the pool uses; default: the default one)."""
    ctx = ctx or multiprocessing.get_context()
    parent = (os.getpid(), _started(os.getpid()))
    if watch is None:
        return {"mp_context": ctx, "initializer": _orphan_guard, "initargs": (parent,)}
    watch.event = ctx.Event()
    if watch.requested:
        watch.event.set()
    return {"mp_context": ctx, "initializer": _worker_init, "initargs": (watch.event, parent)}


#: how often a worker looks whether the process that started the pool is still there (s)
ORPHAN_POLL = 1.0


def _started(pid: int) -> str | None:
    """When process ``pid`` started (Linux: /proc/PID/stat's start time, which a reused pid
    does not share); None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return fields[19].decode() if fields[0] != b"Z" else "zombie"
    except (OSError, IndexError):
        return None


def _gone(parent: tuple[int, str | None]) -> bool:
    """Whether the process that started the pool has ended (killed with SIGKILL, which it
    cannot pass on): no such pid, a zombie, or another process under its pid."""
    pid, started = parent
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:     # (not ours to signal: another process under the pid)
        return True
    return started is not None and _started(pid) != started


@contextlib.contextmanager
def held_for_children() -> Iterator[None]:
    """Block the terminal signals in this thread while a server process that forks the
    workers is started (multiprocessing's fork server): the server and every worker it forks
    start with them blocked, so a Ctrl-C to the process group in the moment between a
    worker's fork and its initializer waits there (pending) instead of breaking the worker's
    start ("Exception in initializer"); the initializer then ignores or takes it. The
    caller's own signals are held only for these moments, and then delivered."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _release() -> None:
    """In a worker process: take the terminal signals again (see :func:`held_for_children`);
    one that came while they were held is delivered now."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def _orphan_guard(parent: tuple[int, str | None]) -> None:
    """In a worker process: exit once the process that started the pool is gone, rather
    than live on beside the fork server with nobody to serve (a solve killed by ``kill -9``,
    a CI runner's hard timeout or the OOM killer)."""
    _release()      # (before the thread: threads start with their creator's signal mask)

    def watch() -> None:
        while not _gone(parent):
            time.sleep(ORPHAN_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-guard", daemon=True).start()


def _worker_init(event, parent: tuple[int, str | None]) -> None:
    """In a worker process: ignore terminal signals, stop when the parent says so, exit when
    it is gone."""
    for sig in SIGNALS:    # (first: a Ctrl-C to the process group may come at once)
        signal.signal(sig, signal.SIG_IGN)
    _orphan_guard(parent)   # (which releases them: one held since the fork is ignored now)
    watch = StopWatch(threaded=False)
    _active.set(watch)   # (the worker's tasks run in this thread, after its initializer)

    def wait() -> None:
        event.wait()
        while True:  # keep stopping: a solve may begin just after the first request
            watch.request(signal.SIGINT)
            time.sleep(POLL)

    threading.Thread(target=wait, name="stop-watch", daemon=True).start()
