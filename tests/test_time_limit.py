"""--time-limit: whatever the limit, the status is honest. "optimal" only when every level
of every jurisdiction was proved; "feasible" with the gap to the proven bound when the
search was cut short; no plan (exit 1, nothing written) when a jurisdiction had none yet.
How closely the limit is kept is measured by benchmarks/reliability.py, not asserted here."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan import api, load_charter
from branchplan.check import evaluate
from branchplan.cli import app
from branchplan.model import Roster
from branchplan.solver.solve import SolveOptions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()
ROSTER = Roster.model_validate(synth.generate(n_firms=240, n_cities=3, seed=3))


@pytest.mark.parametrize("limit", [0.01, 0.3, 600])
def test_a_time_limit_gives_an_honest_status(limit):
    start = time.monotonic()
    result = api.solve(ROSTER, options=SolveOptions(time_limit=limit))
    assert time.monotonic() - start < limit + 120  # generous: the limit holds, give or take preparation
    plan = result.plan
    parts = result.parts
    if plan.status == "optimal":
        assert all(p.status == "optimal" and p.stopped is None for p in parts)
        assert plan.gap == 0 and plan.bound == plan.objective.total
    elif plan.status == "feasible":
        # cut short by the limit, or optimal over the candidate pairs without the all-pairs proof
        assert any(p.status == "feasible" and (p.stopped == "time limit" or p.proof == "restricted")
                   for p in parts)
        assert 0 <= plan.gap <= 1 and plan.bound <= plan.objective.total
        assert all(j.status in ("optimal", "feasible") for j in plan.jurisdictions)
    else:
        assert plan.status == "unknown" and plan.branches == []
        assert all("within the time limit" in p for p in result.problems)
        assert any(p.stopped == "time limit" for p in parts)
    if result.ok:
        assert not evaluate(plan, ROSTER, load_charter(), plan.as_of).hard
    if limit == 600:
        assert plan.status == "optimal"
    if limit == 0.01:  # no time to prepare even one jurisdiction's model
        assert plan.status == "unknown"


def test_cli_time_limit_too_short_writes_nothing(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(synth.generate(n_firms=240, n_cities=3, seed=3), allow_unicode=True),
                     encoding="utf-8")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--time-limit", "0.01", "-o", str(out)])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-1] == "no plan found; nothing written"
    assert "no plan was found within the time limit; try a longer --time-limit" in res.stderr
    assert not out.exists()
