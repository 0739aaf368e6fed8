"""A stop request during a multi-city solve: the cities not yet solved get a first plan each,
so the plan is written (exit 130) instead of nothing; a second request stops at once."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.loader import dump_yaml
from branchplan.solver import solve as solver

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()


def _firms(tmp_path) -> Path:
    path = tmp_path / "firms.yaml"
    path.write_text(dump_yaml(synth.generate(n_firms=400, n_cities=5, seed=2)), encoding="utf-8")
    return path


def _signal_after(monkeypatch, parts: int, second_at: int | None = None):
    """SIGINT to this process after ``parts`` jurisdictions were solved, and again as call
    ``second_at`` to solve a jurisdiction begins (the first plans come after all 5 calls)."""
    real = solver.solve_part
    calls = []

    def part(*args, **kwargs):
        calls.append(args[0].jurisdiction)
        if len(calls) == second_at:
            os.kill(os.getpid(), signal.SIGINT)     # (a second Ctrl-C, during the first plans)
        out = real(*args, **kwargs)
        if len(calls) == parts:
            os.kill(os.getpid(), signal.SIGINT)
        return out

    monkeypatch.setattr(solver, "solve_part", part)
    return calls


def test_the_cities_not_yet_solved_get_a_first_plan_and_the_plan_is_written(tmp_path, monkeypatch):
    firms, out = _firms(tmp_path), tmp_path / "plan.yaml"
    calls = _signal_after(monkeypatch, 1)
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "--workers", "1"])
    assert res.exit_code == 130, res.output
    assert "stopping: a first plan for each of the 4 jurisdictions not yet solved" in res.stderr
    assert "interrupted: this is the best plan found so far (status " in res.stderr
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(plan["jurisdictions"]) == 5 and len(calls) == 9      # (4 of them twice: stopped, then first plans)
    assert all(j["status"] in ("optimal", "feasible") for j in plan["jurisdictions"])
    assert not any("time limit" in (j.get("note") or "") for j in plan["jurisdictions"])
    assert runner.invoke(app, ["check", str(out), "--firms", str(firms)]).exit_code == 0


def test_a_second_request_during_the_first_plans_stops_at_once(tmp_path, monkeypatch):
    firms, out = _firms(tmp_path), tmp_path / "plan.yaml"
    _signal_after(monkeypatch, 1, second_at=6)
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "--workers", "1"])
    assert res.exit_code == 130
    assert "stopping: a first plan" in res.stderr and "interrupted; no output written" in res.stderr
    assert not out.exists()
