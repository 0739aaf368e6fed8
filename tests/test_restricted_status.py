"""A jurisdiction solved on restricted candidate pairs (a re-plan with a small --nearest) is
not proven optimal: its status is feasible, it has no bound over all pairs, and neither has
the plan (no claimed gap of 0%); the text says so, in Chinese too."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
ARGS = ["solve", str(EX / "firms-2027.yaml"), "--current", str(EX / "plan-current.yaml")]
runner = CliRunner()


def test_a_restricted_re_plan_claims_no_proof(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ARGS + ["--nearest", "2", "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["status"] == "feasible"
    assert "bound" not in plan and "gap" not in plan
    (j,) = plan["jurisdictions"]
    assert j["status"] == "feasible" and j["proof"] == "restricted" and "bound" not in j
    assert j["note"].endswith("optimal among them, not proven for all pairs (no bound over all pairs)")
    assert "Plan (feasible)" in res.stdout
    assert "points (no bound over all pairs: see the note)" in res.stdout
    zh = runner.invoke(app, ARGS + ["--nearest", "2", "-o", str(tmp_path / "zh.yaml"), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "（无覆盖全部组合的下界：见说明）" in zh.stdout
    assert "说明：贵港市：候选牵头单位限于最近的若干家（247 个组合中的 144 个）；在其中最优，未对全部组合证明" in zh.stdout


def test_the_same_re_plan_on_every_pair_is_proven(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ARGS + ["-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["gap"] == 0.0 and plan["bound"] == plan["objective"]["total"]
    assert plan["jurisdictions"][0]["proof"] == "all pairs"


def test_prove_models_every_pair_where_the_bound_does_not_apply(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ARGS + ["--nearest", "2", "--prove", "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["gap"] == 0.0
    assert plan["jurisdictions"][0]["proof"] == "all pairs" and "note" not in plan["jurisdictions"][0]
