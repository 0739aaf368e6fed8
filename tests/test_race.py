"""A second search beside a proof (solver/race.py): the first search's plan, status and
bound whether the second search ran or not, and whichever ended first; a stop ends both."""

from __future__ import annotations

import signal
import threading
import time

import pytest
from ortools.sat.python import cp_model
from test_components import AS_OF, every_pair, roster
from test_interrupt import golomb
from test_side_search import same_full_optimum
from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.cli import app
from branchplan.loader import dump_yaml
from branchplan.solver import exact, interrupt, race, solve as solve_module
from branchplan.solver.solve import SolveOptions, _Watch, make_parts, solve_levels, solve_part

runner = CliRunner()


@pytest.fixture
def two_cores(monkeypatch):
    """A second search that may run at once: two cores, one idle (whatever this machine's
    load), no delay. Yields the races run (their ``started``: the second search began)."""
    monkeypatch.setattr(race, "cores", lambda: 2)
    monkeypatch.setattr(race, "alone", True)
    monkeypatch.setattr(race, "AFTER", 0.0)
    monkeypatch.setattr(race, "idle_cores", lambda over, window=0.0: 2.0)
    runs = []

    class Race(race._Race):
        def __init__(self, first) -> None:
            super().__init__(first)
            runs.append(self)

    monkeypatch.setattr(race, "_Race", Race)
    return runs


def slow_proofs(monkeypatch) -> None:
    """The exact path's searches on the kept pairs without CP-SAT's LP, the second search
    with it."""
    monkeypatch.setattr(exact, "PROOF_TUNING_FROM", 0)
    monkeypatch.setattr(exact, "PROOF_TUNING", {"linearization_level": 0})
    monkeypatch.setattr(race, "SECOND", {"random_seed": 1, "linearization_level": 2, "cp_model_presolve": True})


def won_races(monkeypatch) -> list[bool]:
    """Whether each race the solver runs from now on ends with the second search's proof."""
    won = []
    real = race.solve

    def solve(*args, **kw):
        status, w = real(*args, **kw)
        won.append(w)
        return status, w

    monkeypatch.setattr(solve_module.races, "solve", solve)
    return won


def triangles(k: int):
    """k disjoint triangles, every edge covered, as few corners as possible (2k), from the
    hint of every corner: the LP's clique cuts prove it at once, a search without the LP
    (linearization level 0, no presolve) takes a while."""
    model = cp_model.CpModel()
    xs = [model.new_bool_var(f"x{i}") for i in range(3 * k)]
    for t in range(k):
        a, b, c = xs[3 * t:3 * t + 3]
        model.add_bool_or([a, b])
        model.add_bool_or([b, c])
        model.add_bool_or([a, c])
    model.minimize(sum(xs))
    for x in xs:
        model.add_hint(x, 1)
    return model, xs


def slow_solver():
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 0
    solver.parameters.cp_model_presolve = False
    return solver


def second_threads() -> list:
    return [t for t in threading.enumerate() if t.name == "cp-sat-second" and t.is_alive()]


def test_the_second_search_s_proof_stops_the_first_at_its_own_plan(two_cores, monkeypatch):
    model, xs = triangles(100)
    alone = slow_solver()
    assert alone.solve(model) == cp_model.OPTIMAL and alone.objective_value == 200
    # the second search with the LP: proves 200 long before the first search would
    monkeypatch.setattr(race, "SECOND", {"random_seed": 1, "linearization_level": 2, "cp_model_presolve": True})
    first = slow_solver()
    watch = _Watch(first, None)
    status, won = race.solve(first, model, watch)
    assert (status, won) == (cp_model.OPTIMAL, True)
    assert first.objective_value == 200
    # stopped, not proven by itself: its own bound is below its plan
    assert first.best_objective_bound < 200
    # the plan it stopped at is the plan it would have ended with alone
    assert [first.boolean_value(x) for x in xs] == [alone.boolean_value(x) for x in xs]
    assert watch.race is None and not second_threads()


def test_no_second_search_without_a_second_core_or_in_a_worker(monkeypatch):
    model, _ = triangles(20)
    made = []
    real = race.second_solver
    monkeypatch.setattr(race, "second_solver", lambda s: made.append(1) or real(s))
    for cores, alone in ((1, True), (2, False)):
        monkeypatch.setattr(race, "cores", lambda: cores)
        monkeypatch.setattr(race, "alone", alone)
        first = slow_solver()
        assert race.solve(first, model, _Watch(first, None)) == (cp_model.OPTIMAL, False)
    assert made == []
    # a worker process of a pool says so as it takes its first part
    monkeypatch.setattr(race, "alone", True)
    charter = load_charter().active(False)
    part = make_parts(roster(8, 1), charter, SolveOptions())[0]
    solve_module._solve_star((part, charter.rules, AS_OF, SolveOptions(), None, 1.0))
    assert race.alone is False and not race.available()


def test_a_stop_ends_both_searches(two_cores):
    model = cp_model.CpModel()
    marks = golomb(model, n=12)
    model.minimize(marks[-1])           # minutes to prove, for either search
    first = cp_model.CpSolver()
    first.parameters.num_workers = 1
    with interrupt.stop_on_signals() as watch:
        def stop_once_both_search() -> None:
            while not (two_cores and two_cores[0].started and second_threads()):
                time.sleep(0.01)
            time.sleep(0.2)
            watch.request(signal.SIGINT)

        stopper = threading.Thread(target=stop_once_both_search, daemon=True)
        stopper.start()
        status, won = race.solve(first, model, _Watch(first, None))
        stopper.join()
    assert two_cores[0].started and (status, won) == (cp_model.FEASIBLE, False)
    assert not second_threads()
    assert race._running.acquire(blocking=False)      # (the slot is free again)
    race._running.release()


def test_work_beside_the_search_comes_before_the_second_search(two_cores):
    """The second search waits for the work beside the first (its core); an exception there
    stops both and frees the slot."""
    model = cp_model.CpModel()
    marks = golomb(model, n=12)
    model.minimize(marks[-1])
    first = cp_model.CpSolver()
    first.parameters.num_workers = 1

    def meanwhile():
        time.sleep(0.3)
        assert second_threads() and not two_cores[0].started
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        race.solve(first, model, _Watch(first, None), meanwhile)
    assert not second_threads()
    assert race._running.acquire(blocking=False)
    race._running.release()


def test_a_helper_that_cannot_start_leaves_nothing_behind(two_cores, monkeypatch):
    class Refused(threading.Thread):
        def start(self):
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(race.threading, "Thread", Refused)
    model, _ = triangles(20)
    first = slow_solver()
    with pytest.raises(RuntimeError):
        race.solve(first, model, _Watch(first, None))
    assert race._running.acquire(blocking=False)
    race._running.release()


def test_a_first_search_that_proves_first_stops_the_second(two_cores, monkeypatch):
    model, _ = triangles(100)
    # now the second search is the slow one
    monkeypatch.setattr(race, "SECOND", {"random_seed": 1, "linearization_level": 0, "cp_model_presolve": False})
    first = cp_model.CpSolver()
    first.parameters.num_workers = 1
    status, won = race.solve(first, model, _Watch(first, None))
    assert (status, won) == (cp_model.OPTIMAL, False) and first.objective_value == 200
    assert two_cores[0].started and not second_threads()


@pytest.mark.parametrize("seed", [1, 5])
def test_the_same_results_with_or_without_the_second_search(beside, two_cores, monkeypatch, seed):
    """The exact path's searches on the kept pairs, with the second search and without (the
    first without CP-SAT's LP, so that it is still searching when the others are done)."""
    slow_proofs(monkeypatch)
    charter = load_charter().active(False)
    part = make_parts(roster(40, seed), charter, SolveOptions())[0]
    results = []
    for alone in (True, False):
        monkeypatch.setattr(race, "alone", alone)
        results.append(solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None))
    assert any(r.started for r in two_cores)     # (the second search ran, the first time)
    same_full_optimum(part, charter, *results)


def test_no_second_search_under_a_work_limit(two_cores, monkeypatch):
    """Under a work limit the first search's outcome is its own (a proof the second search
    found would make it depend on the machine): no second search."""
    charter = load_charter().active(False)
    part = make_parts(roster(22, 1), charter, SolveOptions())[0]
    made = []
    monkeypatch.setattr(race, "second_solver", lambda s: made.append(1))
    res = solve_levels(part, charter.rules, AS_OF, SolveOptions(), None, work_limit=5.0, race=True)
    assert res.status in ("optimal", "feasible") and made == []


def test_the_command_line_writes_the_same_plan_with_or_without_the_second_search(beside, two_cores, monkeypatch,
                                                                                   tmp_path):
    slow_proofs(monkeypatch)
    firms = tmp_path / "firms.yaml"
    firms.write_text(dump_yaml(roster(40, 1).model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    outs = []
    for alone in (True, False):
        monkeypatch.setattr(race, "alone", alone)
        out = tmp_path / f"plan-{alone}.yaml"
        res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "--prove"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert any(r.started for r in two_cores) and outs[0] == outs[1]
    res = runner.invoke(app, ["check", str(tmp_path / "plan-True.yaml"), "--firms", str(firms)])
    assert res.exit_code == 0, res.output


def test_the_same_results_where_the_second_search_wins(two_cores, monkeypatch):
    """Every pair of a small city, the first search without CP-SAT's LP, the second with it
    (it proves at once): the first stops at its own plan, the second's proof holding it;
    plans, values, bounds and status as with the first search alone."""
    monkeypatch.setattr(race, "SECOND", {"random_seed": 1, "linearization_level": 2, "cp_model_presolve": True})
    won = won_races(monkeypatch)
    charter = load_charter().active(False)
    for seed in (1, 2, 3, 4, 5):
        sub = every_pair(make_parts(roster(8, seed), charter, SolveOptions())[0])
        results = []
        for alone in (True, False):
            monkeypatch.setattr(race, "alone", alone)
            r = solve_levels(sub, charter.rules, AS_OF, SolveOptions(), None, race=True,
                             tuning={"linearization_level": 0})
            results.append((r.lead_of, r.values, r.bounds, r.status, r.stopped))
        assert results[0] == results[1] and results[0][3] == "optimal"
    assert any(won)


@pytest.mark.parametrize("v2, v1, want", [
    ("max 100000\n", None, None),
    ("100000 100000\n", None, 1.0),
    ("250000 100000\n", None, 2.5),
    (None, ("-1\n", "100000\n"), None),
    (None, ("50000\n", "100000\n"), 0.5),
    (None, None, None),
])
def test_a_cpu_quota_of_the_control_group_counts_as_cores(tmp_path, monkeypatch, v2, v1, want):
    """A container limited to one CPU gets no second search, whatever cores it sees."""
    v2_file, v1_folder = tmp_path / "cpu.max", tmp_path / "cpu"
    if v2 is not None:
        v2_file.write_text(v2, encoding="ascii")
    if v1 is not None:
        v1_folder.mkdir()
        (v1_folder / "cpu.cfs_quota_us").write_text(v1[0], encoding="ascii")
        (v1_folder / "cpu.cfs_period_us").write_text(v1[1], encoding="ascii")
    monkeypatch.setattr(race, "CGROUP_V2", str(v2_file))
    monkeypatch.setattr(race, "CGROUP_V1", (str(v1_folder),))
    assert race._cgroup_quota() == want
    monkeypatch.setattr(race.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert race.cores() == (4 if want is None else max(1, min(4, int(want))))
    monkeypatch.setattr(race, "alone", True)
    assert race.available() is (want is None or want >= 2)
