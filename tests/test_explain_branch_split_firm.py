"""explain -b of a branch holding a firm that is split across branches: BP-ONE-BRANCH is
broken there, as check and the plan's own explanation say (the branch alone cannot show a
finding of the whole plan, and the branch view said "holds")."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan.cli import app

runner = CliRunner()

ROSTER = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - {id: F001, location: {lat: 23.10, lon: 109.60}, members: {full: 3}}
  - {id: F002, location: {lat: 23.11, lon: 109.61}, members: {full: 2}}
  - {id: F003, location: {lat: 23.12, lon: 109.62}, members: {full: 2}}
  - {id: F004, location: {lat: 23.13, lon: 109.63}, members: {full: 1}}
"""
SPLIT = "branches:\n- {id: B001, lead: F001, firms: [F001, F002]}\n- {id: B002, lead: F003, firms: [F003, F002, F004]}\n"


@pytest.mark.parametrize("branch", ["B001", "B002"])
def test_both_branches_say_broken(tmp_path, branch):
    (tmp_path / "firms.yaml").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(SPLIT, encoding="utf-8")
    roster = branchplan.load_roster(tmp_path / "firms.yaml")
    plan, _ = branchplan.load_plan(tmp_path / "plan.yaml")
    out = branchplan.explain_branch(plan, roster, None, None, branch)
    line = next(r for r in out["rules"] if r["code"] == "BP-ONE-BRANCH")
    assert line["status"] == "broken"
    res = runner.invoke(app, ["explain", str(tmp_path / "plan.yaml"), "--firms", str(tmp_path / "firms.yaml"),
                              "-b", branch])
    assert "firm F002 is split across 2 branches (B001, B002)" in res.stdout


def test_a_branch_without_the_firm_holds(tmp_path):
    (tmp_path / "firms.yaml").write_text(ROSTER, encoding="utf-8")
    plan = branchplan.plan_from_data({"branches": [
        {"id": "B001", "lead": "F001", "firms": ["F001", "F002"]},
        {"id": "B002", "lead": "F003", "firms": ["F003", "F002"]},
        {"id": "B003", "lead": "F004", "firms": ["F004"]}]})
    roster = branchplan.load_roster(tmp_path / "firms.yaml")
    out = branchplan.explain_branch(plan, roster, None, None, "B003")
    assert next(r for r in out["rules"] if r["code"] == "BP-ONE-BRANCH")["status"] == "holds"
