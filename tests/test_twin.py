"""HiGHS beside CP-SAT on the counted path's proof (solver/mip.py, race.solve_twin): the
model converts exactly, the outcome depends on the two searches' results and never on which
ended first or on the cores, and through the command line it proves what CP-SAT alone could
not within its work limit, with the same plan file on one core or two."""

from __future__ import annotations

import json
import threading
import time

import pytest
from ortools.sat.python import cp_model
from test_counted import AS_OF, full_optimum, setup
from test_race import slow_solver, triangles
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.solver import counted, interrupt, mip, race
from branchplan.solver.solve import SolveOptions, _Watch, make_parts, solve_parts

runner = CliRunner()


def knapsacks(seed: int):
    """A small assignment model with capacities (the shape of the counted path's models)."""
    import random

    rng = random.Random(seed)
    model = cp_model.CpModel()
    items, bins = 12, 3
    x = {(i, b): model.new_bool_var(f"x{i}_{b}") for i in range(items) for b in range(bins)}
    size = [rng.randint(1, 9) for _ in range(items)]
    for i in range(items):
        model.add_exactly_one(x[i, b] for b in range(bins))
    for b in range(bins):
        model.add(sum(size[i] * x[i, b] for i in range(items)) <= sum(size) // bins + 3)
    model.add_bool_or([x[0, 0], x[1, 1].Not()])
    model.minimize(sum(rng.randint(1, 50) * x[i, b] for i in range(items) for b in range(bins)) + 7)
    return model, x


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_mip_has_cp_sat_s_optimum(seed):
    model, _ = knapsacks(seed)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    out = mip.convert(model).run(None)
    assert out.status == "optimal" and out.value == round(solver.objective_value) == out.bound
    # its plan is a plan of the model, at that cost
    reader = race._read_back(model, out.values)
    assert reader is not None and round(reader.objective_value) == out.value


def test_a_model_with_what_the_mip_cannot_say_is_not_converted():
    model, x = knapsacks(1)
    model.add(x[2, 0] + x[3, 1] <= 1).only_enforce_if(x[4, 2])
    assert mip.convert(model) is None
    model, x = knapsacks(1)
    y = model.new_int_var(0, 10, "y")
    model.add_multiplication_equality(y, [x[0, 0], x[1, 0]])
    assert mip.convert(model) is None


class Fake:
    """A stand-in for HiGHS with a given outcome (after ``delay`` seconds, or when cancelled)."""

    def __init__(self, outcome, delay: float = 0.0) -> None:
        self.outcome = outcome
        self.delay = delay
        self.stop = threading.Event()
        self.ran = 0

    def run(self, nodes, deadline=None):
        self.ran += 1
        if self.stop.wait(self.delay):
            return mip.Outcome("unknown")
        return self.outcome

    def cancel(self) -> None:
        self.stop.set()


@pytest.fixture(params=["two cores", "one core"])
def cores(request, monkeypatch):
    monkeypatch.setattr(race, "cores", lambda: 2 if request.param == "two cores" else 1)
    monkeypatch.setattr(race, "alone", True)
    return request.param


def limited(model):
    """CP-SAT stopped at its first plan, the model's hint (every corner: 3k), as by a work
    limit."""
    solver = slow_solver()
    solver.parameters.stop_after_first_solution = True
    return solver


def best_triangles(k: int) -> list[int]:
    """An optimal plan of :func:`.triangles` (two corners of each), as variable values."""
    return [0 if j % 3 == 0 else 1 for j in range(3 * k)]


def test_highs_s_better_proven_plan_is_the_plan(cores):
    model, xs = triangles(10)
    solver = limited(model)
    fake = Fake(mip.Outcome("optimal", 20, 20, best_triangles(10)))
    status, reader, bound = race.solve_twin(solver, model, _Watch(solver, None), None, fake, 5, None, True)
    assert status == cp_model.OPTIMAL and bound == 20 and reader is not solver
    assert [reader.value(x) for x in xs] == best_triangles(10)
    assert round(solver.objective_value) == 30    # CP-SAT itself stopped at the hint
    assert fake.ran == 1


def test_highs_s_proof_at_cp_sat_s_cost_keeps_cp_sat_s_plan(cores):
    model, xs = triangles(10)
    solver = limited(model)
    fake = Fake(mip.Outcome("optimal", 30, 30, best_triangles(10)))    # (a wrong proof, for the test)
    status, reader, bound = race.solve_twin(solver, model, _Watch(solver, None), None, fake, 5, None, True)
    assert (status, reader, bound) == (cp_model.OPTIMAL, solver, 30)
    assert all(solver.value(x) == 1 for x in xs)


@pytest.mark.parametrize("outcome, want", [
    (mip.Outcome("feasible", 21, 18, best_triangles(10)[:-3] + [1, 1, 1]), (cp_model.FEASIBLE, 18, 21)),
    (mip.Outcome("feasible", 31, 18, [1] * 30), (cp_model.FEASIBLE, 18, 30)),
    (mip.Outcome("unknown", bound=17), (cp_model.FEASIBLE, 17, 30)),
    (mip.Outcome("unknown"), (cp_model.FEASIBLE, None, 30)),
    # a tie: CP-SAT's plan
    (mip.Outcome("feasible", 30, 18, [1] * 27 + [0, 1, 1]), (cp_model.FEASIBLE, 18, 30)),
    # HiGHS's plan does not read back (it breaks the model): its bound still holds
    (mip.Outcome("optimal", 20, 20, [0] * 30), (cp_model.FEASIBLE, 20, 30)),
    # CP-SAT's plan costs less than HiGHS's "optimum": HiGHS is wrong and ignored
    (mip.Outcome("optimal", 35, 35, [1] * 30), (cp_model.FEASIBLE, None, 30)),
])
def test_without_a_proof_the_cheaper_plan_and_the_better_bound(cores, outcome, want):
    model, xs = triangles(10)
    solver = limited(model)
    status, reader, bound = race.solve_twin(solver, model, _Watch(solver, None), None, Fake(outcome), 5, None, True)
    assert (status, bound, round(reader.objective_value)) == want


def test_highs_s_proof_stops_cp_sat_at_its_own_plan(monkeypatch):
    """CP-SAT without its LP and without a work limit finds the optimum long before it can
    prove it (tests/test_race.py); HiGHS's proof ends its search at its first plan at that
    cost, the plan it would end with alone."""
    monkeypatch.setattr(race, "cores", lambda: 2)
    monkeypatch.setattr(race, "alone", True)
    model, xs = triangles(100)
    first = slow_solver()
    fake = Fake(mip.Outcome("optimal", 200, 200, [1] * 300))    # (its plan is never taken here)
    status, reader, bound = race.solve_twin(first, model, _Watch(first, None), None, fake, None, None, False)
    assert (status, reader, bound) == (cp_model.OPTIMAL, first, 200)
    assert first.best_objective_bound < 200       # stopped, not proven by itself
    alone = slow_solver()
    assert alone.solve(model) == cp_model.OPTIMAL
    assert [first.value(x) for x in xs] == [alone.value(x) for x in xs]
    assert not [t for t in threading.enumerate() if t.name == "highs" and t.is_alive()]


def test_cp_sat_s_proof_stops_highs(monkeypatch):
    monkeypatch.setattr(race, "cores", lambda: 2)
    monkeypatch.setattr(race, "alone", True)
    model, xs = triangles(10)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    fake = Fake(mip.Outcome("optimal", 20, 20, best_triangles(10)), delay=60)
    start = time.monotonic()
    status, reader, bound = race.solve_twin(solver, model, _Watch(solver, None), None, fake, None, None, False)
    assert (status, reader, bound) == (cp_model.OPTIMAL, solver, None)
    assert fake.stop.is_set() and time.monotonic() - start < 30


def test_a_stop_request_ends_highs_run_after_cp_sat(monkeypatch):
    monkeypatch.setattr(race, "cores", lambda: 1)
    model, xs = triangles(10)
    solver = limited(model)
    fake = Fake(mip.Outcome("optimal", 20, 20, best_triangles(10)), delay=60)
    watch = interrupt.StopWatch(threaded=False)
    token = interrupt._active.set(watch)
    try:
        threading.Timer(0.3, lambda: watch.request(2)).start()
        start = time.monotonic()
        status, reader, bound = race.solve_twin(solver, model, _Watch(solver, None), None, fake, 5, None, True)
    finally:
        interrupt._active.reset(token)
    assert time.monotonic() - start < 30
    assert (status, reader, bound) == (cp_model.FEASIBLE, solver, None)


def market_split(m: int, n: int, seed: int):
    """Cornuejols and Dawande's market split: m equality rows over n 0/1 variables with their
    deviations minimised; hard for branch and bound (HiGHS takes over a minute on 4 x 30)."""
    import random

    rng = random.Random(seed)
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{j}") for j in range(n)]
    slack = []
    for i in range(m):
        a = [rng.randint(0, 99) for _ in range(n)]
        plus, minus = model.new_int_var(0, 10 ** 4, f"p{i}"), model.new_int_var(0, 10 ** 4, f"m{i}")
        model.add(sum(c * v for c, v in zip(a, x)) + plus - minus == sum(a) // 2)
        slack += [plus, minus]
    model.minimize(sum(slack))
    return model


def test_the_real_highs_stops_when_cancelled_mid_run():
    twin = mip.convert(market_split(4, 30, 1))
    box = []
    thread = threading.Thread(target=lambda: box.append(twin.run(None)))
    thread.start()
    time.sleep(0.5)
    assert thread.is_alive()        # (still searching)
    twin.cancel()
    thread.join(60)
    assert not thread.is_alive() and box and box[0].status != "optimal"
    assert twin.run(None).status == "unknown"       # (a cancelled one does not start again)


def test_a_stop_request_reaches_highs_in_its_own_thread():
    """The stop requests live in a context variable, which a new thread does not inherit:
    HiGHS's run gets the solve's context."""
    model = market_split(4, 30, 2)
    solver = limited(model)
    twin = mip.convert(model)
    watch = interrupt.StopWatch(threaded=False)
    token = interrupt._active.set(watch)
    seen = []
    real = twin.run

    def run(nodes, deadline=None):
        seen.append(interrupt.active() is watch)
        return real(nodes, deadline)

    twin.run = run
    try:
        race.solve_twin(solver, model, _Watch(solver, None), None, twin, 5, None, True)
    finally:
        interrupt._active.reset(token)
    assert seen == [True]


@pytest.mark.parametrize("seed", [2, 5])
def test_through_the_command_line_highs_proves_the_same_plan_on_one_core_or_two(tmp_path, monkeypatch, seed):
    """CP-SAT's search on the kept pairs cut short by a tiny work limit: alone it leaves a
    gap; with HiGHS the plan is proven optimal (the full model's optimum), and the plan file
    is the same byte for byte whether HiGHS ran beside CP-SAT or after it."""
    firms, rules, roster, charter = setup(tmp_path, seed)
    value, _ = full_optimum(roster, charter)
    monkeypatch.setattr(counted, "FINAL_WORK", (1e-4, 0.0))
    library = solve_parts(make_parts(roster, charter, SolveOptions()), charter, AS_OF, SolveOptions())
    assert library[0].status == "optimal" and library[0].values[1] == value
    plans = []
    for n in (2, 1, 2):
        monkeypatch.setattr(race, "cores", lambda n=n: n)
        monkeypatch.setattr(race, "alone", True)
        out = tmp_path / f"plan{len(plans)}.json"
        res = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "-o", str(out)])
        assert res.exit_code == 0, res.output
        plans.append(out.read_bytes())
        checked = runner.invoke(app, ["check", str(out), "--firms", str(firms), "--rules", str(rules)])
        assert checked.exit_code == 0, checked.output
    assert plans[0] == plans[1] == plans[2]
    plan = json.loads(plans[0])
    assert plan["status"] == "optimal" and plan["objective"]["total"] * 1000 == value
    # without HiGHS the same cut-short search leaves a gap
    monkeypatch.setattr(mip, "convert", lambda model: None)
    without = solve_parts(make_parts(roster, charter, SolveOptions()), charter, AS_OF, SolveOptions())
    assert without[0].status == "feasible" and without[0].bounds[1] < value


def test_highs_runs_after_the_caller_used_highs_with_other_threads():
    """HiGHS makes its thread pool once per process: a caller who ran HiGHS before with
    another thread count made the one-thread run fail at once (no plan, no bound, without a
    word). It now runs on the pool as it is, and the caller's HiGHS still runs after it."""
    import highspy
    import numpy as np
    from highspy._core import _Highs

    h = _Highs()
    h.resetGlobalScheduler(True)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 2)
    h.addRow(1.0, 1.0, 0, np.array([], np.int32), np.array([]))
    h.addCol(1.0, 0.0, 10.0, 1, np.array([0], np.int32), np.array([1.0]))
    h.run()
    model, _ = knapsacks(1)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    out = mip.convert(model).run(None)
    assert out.status == "optimal" and out.value == round(solver.objective_value)
    assert h.run() == highspy.HighsStatus.kOk


def test_an_exception_during_the_search_stops_highs_before_it_goes_on(monkeypatch):
    """A second Ctrl-C while CP-SAT winds down (or a first in a library call) raised out of
    the solve with HiGHS still running: a core kept busy, and at exit the process aborted."""
    monkeypatch.setattr(race, "cores", lambda: 2)
    monkeypatch.setattr(race, "alone", True)
    model, _ = triangles(10)
    solver = limited(model)
    fake = Fake(mip.Outcome("optimal", 20, 20, best_triangles(10)), delay=60)

    def boom(*args, **kw):
        time.sleep(0.2)
        raise KeyboardInterrupt

    monkeypatch.setattr(race.interrupt, "solve", boom)
    with pytest.raises(KeyboardInterrupt):
        race.solve_twin(solver, model, _Watch(solver, None), None, fake, 5, None, True)
    assert fake.stop.is_set() and fake.ran == 1
    assert not [t for t in threading.enumerate() if t.name == "highs" and t.is_alive()]
    assert race._running.acquire(blocking=False)    # (the slot is free again)
    race._running.release()


_CTRL_C_DURING_HIGHS = """
import signal, sys, threading
sys.path.insert(0, sys.argv[1])
from ortools.sat.python import cp_model
from test_twin import Fake, best_triangles, limited, triangles
from branchplan.solver import mip, race
from branchplan.solver.solve import _Watch
race.cores = lambda: 1
model, _ = triangles(10)
solver = limited(model)
fake = Fake(mip.Outcome("optimal", 20, 20, best_triangles(10)), delay=60)
threading.Timer(0.5, lambda: signal.raise_signal(signal.SIGINT)).start()
try:
    print(race.solve_twin(solver, model, _Watch(solver, None), None, fake, 5, None, True))
except KeyboardInterrupt:
    print("caught", fake.stop.is_set(), [t.name for t in threading.enumerate() if t.name == "highs"])
"""


def test_ctrl_c_in_a_library_call_during_highs_run_is_raised():
    """Without a stop watch (the library), Ctrl-C while HiGHS ran after CP-SAT was swallowed
    and HiGHS's cut-short result taken for its reproducible one. (In a process of its own:
    the signal is the process's.)"""
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    proc = subprocess.run([sys.executable, "-c", _CTRL_C_DURING_HIGHS, str(here)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "caught True []", proc.stdout + proc.stderr


def clauses_and_rows(draw_ints, rng):
    """A random small model of every constraint kind the conversion takes, literals negated
    and repeated (x twice, x with not x) included."""
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(6)]
    ys = [model.new_int_var(-3, 4, f"y{i}") for i in range(2)]

    def lit():
        x = rng.choice(xs)
        return x if rng.random() < 0.6 else x.Not()

    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["or", "amo", "eo", "and", "lin"])
        lits = [lit() for _ in range(rng.randint(1, 4))]
        if kind == "or":
            model.add_bool_or(lits)
        elif kind == "amo":
            model.add_at_most_one(lits)
        elif kind == "eo":
            model.add_exactly_one(lits)
        elif kind == "and":
            model.add_bool_and(lits)
        else:
            vs = [rng.choice(xs + ys) for _ in range(rng.randint(1, 4))]
            model.add(sum(rng.randint(-3, 3) * v for v in vs) <= rng.randint(-2, 4))
    model.minimize(sum(rng.randint(-5, 5) * v for v in xs + ys) + rng.randint(-3, 3))
    return model


def test_the_mip_agrees_with_cp_sat_on_random_models():
    import random

    rng = random.Random(7)
    checked = 0
    for _ in range(300):
        model = clauses_and_rows(None, rng)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        status = solver.solve(model)
        twin = mip.convert(model)
        assert twin is not None
        out = twin.run(None)
        if status == cp_model.INFEASIBLE:
            assert out.status == "infeasible"
        else:
            assert status == cp_model.OPTIMAL
            assert (out.status, out.value, out.bound) == ("optimal", round(solver.objective_value),
                                                          round(solver.objective_value))
            assert race._read_back(model, out.values) is not None
        checked += 1
    assert checked == 300
