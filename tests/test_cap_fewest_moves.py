"""--max-moves too small: the fewest members a plan moves is given ("at least K") when it is
proven, also when the search for it stops with a plan that moves one member more than
the cap (the cap itself proven too small); otherwise "more than N"."""

from __future__ import annotations

import time
import types
from pathlib import Path

import pytest
from ortools.sat.python import cp_model
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.solver import continuity, interrupt

DATA = Path(__file__).resolve().parent / "data" / "replan"
runner = CliRunner()


def _stop_fewest_moves_search_at(monkeypatch, moves: int) -> None:
    """The search for the fewest moves stops at its first plan moving at most ``moves``
    members, not proven (as a time limit leaves a large city's)."""
    real = interrupt.solve

    def solve(solver, model, callback=None, meanwhile=None):
        if not model.has_objective():      # (the feasibility checks of the explanation)
            return real(solver, model, callback, meanwhile)

        class Stop(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self):
                if self.objective_value <= moves:
                    self.stop_search()

        solver.parameters.linearization_level = 0    # no bound that proves it at once
        solver.parameters.cp_model_presolve = False
        return solver.solve(model, Stop())

    monkeypatch.setattr(continuity, "interrupt", types.SimpleNamespace(solve=solve))


def _solve(tmp_path, cap: int, *extra: str):
    out = tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", str(DATA / "small.yaml"), "--current", str(DATA / "small-plan.yaml"),
                              "-r", str(DATA / "no-fallback.yaml"), "--max-moves", str(cap), "-o", str(out), *extra])
    assert res.exit_code == 1 and not out.exists(), res.output
    return res.stderr


@pytest.mark.parametrize("cap", [0, 2])
def test_the_fewest_moves_proven_is_given(tmp_path, cap):
    assert f"--max-moves {cap} is too small: satisfying the charter moves at least 3 members" in _solve(tmp_path, cap)


def test_a_stopped_search_with_one_more_than_the_cap_gives_the_fewest(tmp_path, monkeypatch):
    _stop_fewest_moves_search_at(monkeypatch, 3)
    err = _solve(tmp_path, 2)
    assert "--max-moves 2 is too small: satisfying the charter moves at least 3 members" in err
    assert "调整至少 3 名党员的支部" in _solve(tmp_path, 2, "--lang", "zh")


def test_a_stopped_search_further_off_says_more_than_the_cap(tmp_path, monkeypatch):
    _stop_fewest_moves_search_at(monkeypatch, 100)
    err = _solve(tmp_path, 2)
    assert "--max-moves 2 is too small: satisfying the charter moves more than 2 members" in err
    assert "调整超过 2 名党员的支部" in _solve(tmp_path, 2, "--lang", "zh")


def test_readme_quotes_the_message_as_printed(tmp_path):
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    quoted = "--max-moves 1 is too small: satisfying the charter moves at least 3 members"
    assert f"`{quoted}`" in readme
    assert quoted in _solve(tmp_path, 1)


def _limits_seen(monkeypatch) -> list[tuple[float, float]]:
    """(deterministic time, wall-clock time) limits of every search of the explanation."""
    real = interrupt.solve
    seen: list[tuple[float, float]] = []

    def solve(solver, model, callback=None, meanwhile=None):
        seen.append((solver.parameters.max_deterministic_time, solver.parameters.max_time_in_seconds))
        return real(solver, model, callback, meanwhile)

    monkeypatch.setattr(continuity, "interrupt", types.SimpleNamespace(solve=solve))
    return seen


def test_the_explanation_searches_by_deterministic_work_not_the_clock(tmp_path, monkeypatch):
    """The sentence must not depend on how busy the machine is: without a time limit every
    search of the explanation stops on CP-SAT's deterministic time alone; a --time-limit
    also bounds it on the clock."""
    seen = _limits_seen(monkeypatch)
    assert "at least 3 members" in _solve(tmp_path, 1)
    assert seen and all(det == continuity.EXPLAIN_WORK and wall > 1e9 for det, wall in seen)
    seen.clear()
    _solve(tmp_path, 1, "--time-limit", "7")
    assert seen and all(det == continuity.EXPLAIN_WORK and 0 < wall <= 7 for det, wall in seen)


GUIGANG = Path(__file__).resolve().parents[1] / "examples" / "guigang"


def _guigang_c3(tmp_path, *extra: str) -> str:
    """Guigang's 2027 roster re-planned from the current plan under joint branches of at most
    3 firms, with ``extra`` (pins, a cap, ...): no plan (exit 1), nothing written; stderr."""
    rules = tmp_path / "c3.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    params: {max: 3}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(GUIGANG / "firms-2027.yaml"), "--current", str(GUIGANG / "plan-current.yaml"),
                              "--old-firms", str(GUIGANG / "firms.yaml"), "-r", str(rules), "-o", str(tmp_path / "new.yaml"),
                              *extra])
    assert res.exit_code == 1 and not (tmp_path / "new.yaml").exists(), res.output
    return res.stderr


def test_a_pin_and_a_cap_that_both_fail_are_both_named(tmp_path):
    """Joint branches of at most 3 firms: B006 (5 firms) cannot be pinned, and 4 moves are
    too few; each fails alone. Both are named, and neither is said to leave a plan without
    it (dropping the cap alone still fails on the pin)."""
    def run(*extra):
        return _guigang_c3(tmp_path, *extra)

    both = run("--pin", "B006", "--max-moves", "4")
    assert "--max-moves 4 is too small: satisfying the charter moves at least 6 members." in both
    assert "the pin branch B006 cannot hold" in both
    assert "a plan exists" not in both
    zh = run("--pin", "B006", "--max-moves", "4", "--lang", "zh")
    assert "--max-moves 4 过小" in zh and "固定的支部 B006 无法保持" in zh and "则有方案" not in zh
    # each alone: the claim is made, and true
    assert "(without it a plan exists)" in run("--pin", "B006")
    assert "(without --max-moves 4 a plan exists)" in run("--max-moves", "4")


def test_a_time_limit_bounds_all_the_explanation_s_searches_together(tmp_path, monkeypatch):
    """Each search of the explanation gets what is left of the time limit (not the whole
    limit each): once it has passed, no more searches are made, the requests not decided
    stay named, and the explanation says it stopped at the limit."""
    from branchplan import api

    real = interrupt.solve
    searches: list[float] = []

    def slow(solver, model, callback=None, meanwhile=None):      # each search takes 0.7 s
        searches.append(solver.parameters.max_time_in_seconds)
        status = real(solver, model, callback, meanwhile)
        time.sleep(0.7)
        return status

    monkeypatch.setattr(continuity, "interrupt", types.SimpleNamespace(solve=slow))
    monkeypatch.setattr(api, "EXPLAIN_GRACE", 1.0)

    def run(*extra):
        return _guigang_c3(tmp_path, "--pin", "B006", "--max-moves", "4", *extra)

    cut = run("--time-limit", "0.5")
    assert "The explanation stopped at the time limit (--time-limit)" in cut
    assert "--max-moves 4 is too small" in cut
    assert "a plan exists" not in cut        # (the pin was not decided: no claim that the cap alone fails)
    assert 1 <= len(searches) <= 2 and all(0 < t <= 1.0 for t in searches), searches
    assert "解释在时间限制（--time-limit）处停止" in run("--time-limit", "0.5", "--lang", "zh")
    searches.clear()
    full = run()
    assert "time limit" not in full and len(searches) > 2


def test_a_time_limit_before_the_charter_alone_is_decided_names_the_requests(tmp_path, monkeypatch):
    """The explanation's first search asks whether the charter has a plan without the pins
    and the cap; where the time limit stops it undecided, the explanation says so, naming
    the requests: not the charter's own explanation (which cannot see them, and would find
    the charter satisfiable: an internal error)."""
    from branchplan import api

    real = interrupt.solve

    def slow(solver, model, callback=None, meanwhile=None):     # a search longer than the time left
        t = solver.parameters.max_time_in_seconds
        time.sleep(min(t, 1.0))
        solver.parameters.max_time_in_seconds = max(1e-9, t - 1.0)
        return real(solver, model, callback, meanwhile)

    monkeypatch.setattr(continuity, "interrupt", types.SimpleNamespace(solve=slow))
    monkeypatch.setattr(api, "EXPLAIN_GRACE", 0.3)
    for lang, said in (("en", "贵港市: no plan satisfies the charter's hard rules and keeps branch B006; the explanation "
                              "stopped at the time limit (--time-limit) before it could tell whether the charter has "
                              "a plan without them."),
                       ("zh", "贵港市：没有既满足规则集硬性规则又保持支部 B006的方案；解释在时间限制（--time-limit）处停止")):
        err = _guigang_c3(tmp_path, "--pin", "B006", "--time-limit", "0.3", "--lang", lang)
        assert said in err and "internal" not in err.lower() and "内部错误" not in err


def test_searches_stopped_by_the_effort_are_said_so(tmp_path, monkeypatch):
    """Without a time limit, a search the explanation's effort stops undecided leaves its
    request named, and the explanation says the set may not be the fewest; where it is the
    first search (the charter without the requests), the explanation says that it was not
    decided, naming the requests."""
    real = interrupt.solve
    decided: list[int] = [1]

    def spent(solver, model, callback=None, meanwhile=None):   # the effort runs out after so many searches
        if model.has_objective() or decided[0] > 0:
            decided[0] -= not model.has_objective()
            return real(solver, model, callback, meanwhile)
        solver.parameters.max_deterministic_time = 1e-9      # (run, so that its statistics exist)
        real(solver, model, callback, meanwhile)
        return cp_model.UNKNOWN

    monkeypatch.setattr(continuity, "interrupt", types.SimpleNamespace(solve=spent))

    def run(*extra):
        return _guigang_c3(tmp_path, "--pin", "B006", "--max-moves", "4", *extra)

    err = run()
    assert "The explanation's effort ran out before every request was decided" in err
    assert "a plan exists" not in err and "time limit" not in err
    decided[0] = 1
    assert "解释所用的计算量已尽" in run("--lang", "zh")
    decided[0] = 0
    assert ("no plan satisfies the charter's hard rules and keeps branch B006, --max-moves 4; whether the charter "
            "has a plan without them was not decided within the explanation's effort.") in run()
