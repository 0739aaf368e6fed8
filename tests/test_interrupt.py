"""Ctrl-C and SIGTERM during a solve: the best plan found so far is written (status feasible,
with its gap), or nothing is; never half a file, never a traceback.

In-process tests raise the signal at a chosen point of the search (deterministic). The
subprocess tests send real signals to a running ``branchplan solve`` of 60 synthetic cities
(one worker, and a process pool) as soon as the first search has begun, so that the solve
is always cut short however fast the solver gets; they accept both outcomes (a plan, or
nothing) and check each fully.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan import load_charter, load_roster
from branchplan.check import evaluate
from branchplan.cli import app
from branchplan.plan import load_plan
from branchplan.solver import interrupt

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()


@pytest.fixture(autouse=True)
def python_ctrl_c():
    """Each test starts with Python's own Ctrl-C handler, as a program started from a
    terminal has. (A test run started in the background by a shell script starts with
    SIGINT ignored, which its child processes inherit; branchplan leaves an ignored signal
    ignored: see test_an_ignored_signal_stays_ignored.)"""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def assert_complete_plan(path: Path, roster_path: Path) -> dict:
    """The file is a whole plan: it parses, every firm with members is in exactly one
    branch, and it passes check (no hard finding)."""
    plan, _ = load_plan(path)
    roster = load_roster(roster_path)
    listed = [f for b in plan.branches for f in b.firms if f in roster.firm_by_id]
    assert sorted(listed) == sorted(f.id for f in roster.firms if f.size)
    assert sorted(plan.unassigned_firms) == sorted(f.id for f in roster.firms if not f.size)
    assert not evaluate(plan, roster, load_charter(), plan.as_of).hard
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _signal_after_first_level(monkeypatch, signum: int) -> list[int]:
    """Raise the signal right after the first CP-SAT solve returns (level 0 solved)."""
    calls: list[int] = []
    real = interrupt.solve

    def solve(solver, model, callback=None, meanwhile=None):
        status = real(solver, model, callback, meanwhile)
        calls.append(status)
        if len(calls) == 1:
            signal.raise_signal(signum)
        return status

    monkeypatch.setattr(interrupt, "solve", solve)
    return calls


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_after_a_first_solution_writes_the_best_plan_so_far(tmp_path, monkeypatch, signum):
    from branchplan.solver import exact

    monkeypatch.setattr(exact, "first_level", lambda rules: None)  # two levels: fallback, then the rest
    calls = _signal_after_first_level(monkeypatch, signum)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out)])
    assert calls == [4]  # level 0 solved to optimality, level 1 never started
    assert res.exit_code == 128 + signum
    data = assert_complete_plan(out, GUIGANG)
    assert data["status"] == "feasible"
    assert data["jurisdictions"][0]["status"] == "feasible"
    assert data["gap"] > 0 and data["bound"] < data["objective"]["total"]
    assert res.stderr.endswith(f"plan written to {out}\ninterrupted: this is the best plan found so far "
                               f"(status feasible, gap {100 * data['gap']:.2f}%)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_a_signal_before_any_solution_writes_nothing(tmp_path, monkeypatch):
    real = interrupt.solve

    def solve(solver, model, callback=None, meanwhile=None):
        signal.raise_signal(signal.SIGINT)  # arrives while the first solve is starting
        return real(solver, model, callback, meanwhile)

    monkeypatch.setattr(interrupt, "solve", solve)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out)])
    assert res.exit_code == 130
    assert res.stderr == "贵港市: interrupted before a plan was found\ninterrupted before a plan was found; nothing written\n"
    assert res.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_handlers_are_restored_after_a_solve():
    before = {s: signal.getsignal(s) for s in interrupt.SIGNALS}
    res = runner.invoke(app, ["solve", str(GUIGANG), "-f", "yaml"])
    assert res.exit_code == 0
    assert {s: signal.getsignal(s) for s in interrupt.SIGNALS} == before
    assert interrupt.active() is None


def test_a_stop_from_another_thread_ends_a_running_search():
    """What the handler does, done from a timer: stop_search() reaches the running solver,
    which returns at once with what it has."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    model.minimize(golomb(model)[-1])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 600
    watch = interrupt.StopWatch(threaded=True)
    timer = threading.Timer(0.5, watch.request, args=(signal.SIGTERM,))
    start = time.monotonic()
    timer.start()
    status = watch.solve(solver, model)
    assert status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
    assert watch.signum == signal.SIGTERM
    assert time.monotonic() - start < 60
    assert watch.solve(solver, model) == cp_model.UNKNOWN  # once asked, no new search starts


# ---------------------------------------------------------------- real signals, real processes

def _roster(tmp_path: Path, n_firms: int, n_cities: int) -> Path:
    path = tmp_path / "firms.json"
    doc = synth.generate(n_firms=n_firms, n_cities=n_cities, seed=5)
    path.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def _start(args: list[str], new_session: bool = False) -> tuple[subprocess.Popen, threading.Event, list[str]]:
    """Start `branchplan solve ... --verbose`; an event fires once CP-SAT has started searching."""
    proc = subprocess.Popen([sys.executable, "-m", "branchplan", "solve", *args, "--verbose"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=new_session)
    searching = threading.Event()
    err: list[str] = []

    def drain_stderr():  # the search log is on stderr
        for line in proc.stderr:
            err.append(line)
            if line.startswith("Starting CP-SAT"):
                searching.set()
        searching.set()

    threading.Thread(target=drain_stderr, daemon=True).start()
    threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
    return proc, searching, err


def _session_processes(sid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                out.append(int(d.name))
    return out


def _check_outcome(proc, err, roster: Path, out: Path, signum: int) -> str:
    code = proc.wait(timeout=120)
    time.sleep(0.2)  # let the stderr reader finish
    stderr = "".join(err)
    assert "Traceback" not in stderr
    assert code == 128 + signum, stderr
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    if out.exists():
        data = assert_complete_plan(out, roster)
        assert data["status"] in ("feasible", "optimal")
        assert "interrupted: this is the best plan found so far" in stderr
        return "written"
    assert stderr.endswith("interrupted before a plan was found; nothing written\n")
    return "nothing"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_real_signal_during_a_solve(tmp_path, signum):
    roster = _roster(tmp_path, 900, 60)
    out = tmp_path / "plan.yaml"
    proc, searching, err = _start([str(roster), "-o", str(out)])
    assert searching.wait(timeout=120)
    sent = time.monotonic()
    proc.send_signal(signum)
    _check_outcome(proc, err, roster, out, signum)
    assert time.monotonic() - sent < 60  # generous: CP-SAT stops within moments


@pytest.mark.parametrize("to_group", [True, False])
def test_real_signal_with_a_process_pool(tmp_path, to_group):
    """Ctrl-C reaches the whole process group (the workers ignore it; the parent decides);
    SIGTERM to the parent alone reaches the workers through the parent. No worker survives."""
    roster = _roster(tmp_path, 900, 60)
    out = tmp_path / "plan.yaml"
    proc, searching, err = _start([str(roster), "-o", str(out), "--workers", "2"], new_session=True)
    assert searching.wait(timeout=120)
    if to_group:
        os.killpg(proc.pid, signal.SIGINT)
        signum = signal.SIGINT
    else:
        proc.send_signal(signal.SIGTERM)
        signum = signal.SIGTERM
    _check_outcome(proc, err, roster, out, signum)
    deadline = time.monotonic() + 30
    while _session_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _session_processes(proc.pid) == []


_EARLY_SIGNAL = """
import os, signal, sys
from concurrent.futures import ProcessPoolExecutor
from branchplan.solver import interrupt, solve

def init(event, parent):
    # a Ctrl-C to the process group (and a SIGTERM) just after the worker's fork, before its
    # initializer has set the signals aside
    os.kill(os.getpid(), signal.SIGINT)
    os.kill(os.getpid(), signal.SIGTERM)
    interrupt._worker_init(event, parent)

def job(x):
    return x * 2

if __name__ == "__main__":
    solve.start_worker_server()
    args = interrupt.pool_arguments(interrupt.StopWatch(threaded=False), solve._context)
    args["initializer"] = init
    with ProcessPoolExecutor(max_workers=2, **args) as pool:
        print(sum(pool.map(job, range(10))))
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask") or sys.platform != "linux", reason="POSIX fork server")
def test_a_signal_between_a_workers_fork_and_its_initializer_does_not_break_the_pool(tmp_path):
    """Workers forked by the fork server start with the terminal signals held: one that
    comes before the initializer sets them aside waits, and is then ignored (it broke the
    pool with "Exception in initializer" when a Ctrl-C met a worker just started)."""
    script = tmp_path / "early.py"
    script.write_text(_EARLY_SIGNAL, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert (proc.returncode, proc.stdout.strip()) == (0, "90"), proc.stderr
    assert "Exception in initializer" not in proc.stderr


_THREAD_SIGNAL = """
import os, signal, sys, threading
from ortools.sat.python import cp_model
from branchplan.solver import interrupt

sys.path.insert(0, sys.argv[1])
from test_interrupt import golomb

model = cp_model.CpModel()
model.minimize(golomb(model)[-1])      # (a proof that takes minutes)
solver = cp_model.CpSolver()
solver.parameters.max_time_in_seconds = 3.0
solver.parameters.num_workers = 1
out = {}
started, done = threading.Event(), threading.Event()

def work():
    started.set()
    out["status"] = interrupt.solve(solver, model)
    done.set()

th = threading.Thread(target=work)
th.start()
started.wait()
threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    while th.is_alive():
        th.join(0.1)
    print("no KeyboardInterrupt")
except KeyboardInterrupt:
    done.wait(60)      # (not th.join(): an interrupted join may not wait again)
    print("KeyboardInterrupt in the main thread; the thread's search ended:", out["status"] in (2, 4))
"""


def test_ctrl_c_while_another_thread_solves_is_the_main_threads_keyboard_interrupt(tmp_path):
    """A library solve in a worker thread (a web service's): Ctrl-C reaches the main thread
    as KeyboardInterrupt, and the thread's search goes on to its end (CP-SAT's own SIGINT
    catching, set up from that thread, aborted the whole process: std::bad_function_call)."""
    script = tmp_path / "thread_signal.py"
    script.write_text(_THREAD_SIGNAL, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), str(Path(__file__).parent)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "KeyboardInterrupt in the main thread; the thread's search ended: True"


# ---------------------------------------------------------------- without a stop watch

def golomb(model, n: int = 12, top: int = 200) -> None:
    """Add an n-mark Golomb ruler: solutions come at once, proofs take minutes."""
    marks = [model.new_int_var(0, top, f"golomb{i}") for i in range(n)]
    model.add(marks[0] == 0)
    for i in range(n - 1):
        model.add(marks[i] < marks[i + 1])
    model.add_all_different([marks[j] - marks[i] for i in range(n) for j in range(i + 1, n)])
    return marks


def _signal_while_searching(monkeypatch, signum: int) -> list[str]:
    """Make the first search long (a near-optimal Golomb ruler rides along: hard to find) and
    raise the signal from the waiting main thread once it is under way. Returns a log of
    what happened, for the failure message."""
    real = interrupt._threaded
    log: list[str] = [f"handler at start: {signal.getsignal(signum)!r}, active watch: {interrupt.active()!r}"]

    def threaded(solver, model, poll, callback=None, meanwhile=None):
        if getattr(threaded, "done", False):
            log.append("a later search")
            return real(solver, model, poll, callback, meanwhile)
        threaded.done = True
        marks = golomb(model, n=11)
        model.add(marks[-1] <= 72)  # the optimum: finding it is the long search

        def send() -> None:
            log.append(f"signal sent, handler {signal.getsignal(signum)!r}")
            signal.raise_signal(signum)

        status = real(solver, model, send, callback, meanwhile)
        log.append(f"first search ended without an exception: {status}")
        return status

    monkeypatch.setattr(interrupt, "_threaded", threaded)
    return log


def _roster_300() -> "Roster":
    from branchplan.model import Roster

    return Roster.model_validate(synth.generate(n_firms=300, n_cities=1, seed=5))


def test_ctrl_c_in_the_library_is_a_keyboard_interrupt_not_a_half_result(monkeypatch):
    """CP-SAT would catch Ctrl-C itself and hand back a half-finished search as a result."""
    from branchplan import api

    log = _signal_while_searching(monkeypatch, signal.SIGINT)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        api.solve(_roster_300())
        pytest.fail("no KeyboardInterrupt: " + "; ".join(log))
    assert time.monotonic() - start < 60
    # the thread list, not is_alive(): a join() that Ctrl-C interrupted marks the thread
    # stopped on Python 3.11 while it still runs (then the search ran on after the exception)
    for _ in range(20):
        if not [t for t in threading.enumerate() if t.name == "cp-sat"]:
            break
        time.sleep(0.05)
    assert not [t for t in threading.enumerate() if t.name == "cp-sat"]


def test_the_library_keeps_the_best_plan_inside_stop_on_signals(monkeypatch):
    """What the command line does, for library callers: a Ctrl-C stops the search and the
    best plan found so far comes back, verified, with its gap."""
    import branchplan

    real = interrupt._threaded
    sent = []

    def once():
        if not sent:
            sent.append(True)
            signal.raise_signal(signal.SIGINT)

    calls = []

    def threaded(solver, model, poll, callback=None, meanwhile=None):
        calls.append(model)
        if sent or len(calls) < 2:              # the first search finds a plan
            return real(solver, model, poll, callback, meanwhile)
        model.add(golomb(model, n=11)[-1] <= 72)   # a long second search, interrupted
        return real(solver, model, lambda: (once(), poll()), callback, meanwhile)

    monkeypatch.setattr(interrupt, "_threaded", threaded)
    with branchplan.stop_on_signals() as watch:
        result = branchplan.solve(_roster_300())
    assert watch is not None and watch.signum == signal.SIGINT
    assert result.ok and result.plan.status == "feasible"
    assert [p.stopped for p in result.parts] == ["interrupted"]
    assert result.check.hard == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # handlers put back


_CTRL_C_BEFORE_THE_SEARCH = """
import os, signal, sys
import branchplan
from ortools.sat.python import cp_model
real = cp_model.CpSolver.solve
def solve(self, model, callback=None):
    os.kill(os.getpid(), signal.SIGINT)        # Ctrl-C just before CP-SAT begins
    return real(self, model, callback)
cp_model.CpSolver.solve = solve
roster = branchplan.load_roster(sys.argv[1])
try:
    branchplan.solve(roster)
except KeyboardInterrupt:
    print("caught", flush=True)
"""

_CTRL_C_DURING_THE_SEARCH = """
import os, signal, sys, threading
import branchplan
from branchplan.solver import interrupt
real = interrupt._threaded
def threaded(solver, model, poll, callback=None, meanwhile=None):
    xs = [model.new_int_var(0, 200, f"g{i}") for i in range(11)]   # a long search: a Golomb ruler
    model.add(xs[0] == 0)
    for a, b in zip(xs, xs[1:]):
        model.add(a < b)
    model.add_all_different([xs[j] - xs[i] for i in range(11) for j in range(i + 1, 11)])
    model.add(xs[-1] <= 72)
    threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
    return real(solver, model, poll, callback, meanwhile)
interrupt._threaded = threaded
roster = branchplan.load_roster(sys.argv[1])
try:
    branchplan.solve(roster)
except KeyboardInterrupt:
    print("caught", [t.name for t in threading.enumerate() if t.name == "cp-sat"], flush=True)
"""


def test_a_caught_ctrl_c_in_the_library_leaves_a_process_that_exits_cleanly():
    """A stop sent before CP-SAT has begun its search used to be lost, and the search thread
    was left running; the interpreter then killed it at exit and the process aborted
    ("terminate called without an active exception", status 134)."""
    example = ROOT / "examples" / "guigang" / "firms.yaml"
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", _CTRL_C_BEFORE_THE_SEARCH, str(example)],
                              capture_output=True, text=True, timeout=120)
        assert (proc.returncode, proc.stdout) == (0, "caught\n"), proc.stderr[-2000:]
        assert "terminate called" not in proc.stderr
    # during the search: the search has ended when the exception arrives (on Python 3.11 an
    # interrupted Thread.join() made the thread look finished while it searched on)
    proc = subprocess.run([sys.executable, "-c", _CTRL_C_DURING_THE_SEARCH, str(example)],
                          capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "caught []\n"), proc.stderr[-2000:]


def test_check_interrupted_while_finding_the_best_plan(tmp_path, monkeypatch):
    """`check --max-gap` solves too: interrupted, it reports nothing rather than a wrong gap."""
    roster_path = tmp_path / "firms.json"
    roster_path.write_text(json.dumps(synth.generate(n_firms=300, n_cities=1, seed=5), ensure_ascii=False,
                                      default=str), encoding="utf-8")
    plan_path = tmp_path / "plan.yaml"
    plan_path.write_text("branches: []\n")
    _signal_while_searching(monkeypatch, signal.SIGINT)
    out = tmp_path / "report.txt"
    res = runner.invoke(app, ["check", str(plan_path), "--firms", str(roster_path), "--max-gap", "5",
                              "--gap-time-limit", "600", "-o", str(out)])
    assert res.exit_code == 130
    assert res.stderr == "interrupted; no output written\n"
    assert not out.exists()


def test_a_signal_during_the_bound_stops_it_at_the_next_step(tmp_path, monkeypatch):
    """The Lagrangian bound runs in Python between CP-SAT searches: a stop request ends it at
    the next subgradient step, not after all of them (nothing to write: no plan yet)."""
    from branchplan.solver import bound

    roster_path = tmp_path / "firms.json"
    roster_path.write_text(json.dumps(synth.generate(n_firms=300, n_cities=1, seed=5), ensure_ascii=False,
                                      default=str), encoding="utf-8")
    calls: list[int] = []
    real = bound.joint_values

    def joint_values(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            signal.raise_signal(signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(bound, "joint_values", joint_values)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(roster_path), "-o", str(out)])
    assert res.exit_code == 130
    assert len(calls) == 2          # the step under way finished; no further step began
    assert not out.exists()


def test_explaining_an_infeasible_roster_leaves_ctrl_c_working(tmp_path):
    """CP-SAT's own SIGINT catching reset the process's handler to the default: a later
    Ctrl-C killed the process outright instead of raising KeyboardInterrupt."""
    script = (
        "import signal, time\n"
        "from branchplan import api, load_roster\n"
        f"api.solve(load_roster({str(ROOT / 'examples' / 'infeasible' / 'firms.yaml')!r}))\n"
        "try:\n"
        "    signal.raise_signal(signal.SIGINT)\n"
        "    time.sleep(0.5)\n"
        "except KeyboardInterrupt:\n"
        "    print('still a KeyboardInterrupt')\n")
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "still a KeyboardInterrupt\n"


def test_an_ignored_signal_stays_ignored():
    """A process started with SIGINT ignored (a shell script's background job, nohup) was
    shielded from it by its parent: stop_on_signals leaves it ignored, and handles SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with interrupt.stop_on_signals() as watch:
        assert watch is not None
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_the_command_starts_is_no_traceback(tmp_path, signum):
    """The command's entry point (branchplan_start) catches a signal during the second the
    package takes to import: exit 130 / 143, a sentence, never a traceback or exit 1."""
    out = tmp_path / "plan.yaml"
    roster = _roster(tmp_path, 900, 60)  # seconds of solving: the signal comes before any plan
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys, branchplan_start; sys.argv[0] = 'branchplan'; branchplan_start.main()",
         "solve", str(roster), "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "LANG": "C"})
    time.sleep(0.3)  # past the interpreter's own start, within the imports (or, on a fast machine, just after)
    proc.send_signal(signum)
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and "interrupted" in err, err
    assert not out.exists()


def test_a_stop_requested_in_a_stop_on_signals_block_stops_only_the_solves_of_its_thread():
    import branchplan

    roster = load_roster(Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml")
    other = {}

    def elsewhere():   # another request, on a worker thread, while the block is open
        other["status"] = branchplan.solve(roster).plan.status

    with branchplan.stop_on_signals() as watch:
        watch.request(signal.SIGINT)             # as the handler does on Ctrl-C
        t = threading.Thread(target=elsewhere)
        t.start()
        t.join()
        here = branchplan.solve(roster)
    assert other == {"status": "optimal"}
    assert here.plan.status == "unknown" and [p.stopped for p in here.parts] == ["interrupted"]
