"""Where a re-plan under check moves more members than the best re-plan (the stability
rule's level decides the gap), the gap says so in members, not only in points."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


def test_a_replan_that_moves_more_members_says_how_many(tmp_path):
    plan = yaml.safe_load((EX / "plan-2027.yaml").read_text(encoding="utf-8"))
    for b in plan["branches"]:      # F018 (2 members) moved from B005 to B007 by hand
        if "F018" in b["firms"]:
            b["firms"].remove("F018")
        if b["id"] == "B007":
            b["firms"].append("F018")
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ["check", str(edited), "--firms", str(EX / "firms-2027.yaml"), "--base", str(EX / "plan-current.yaml"),
            "--base-firms", str(EX / "firms.yaml"), "--max-gap", "10"]
    en = runner.invoke(app, args)
    assert en.exit_code == 1, en.output
    assert ("the plan is worse at priority 1: 6.002 points against the best re-plan's 4.001 (it moves 6 members, "
            "the best re-plan 4); priority 1 is minimised before any later level") in " ".join(en.stdout.split())
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert "最优调整方案为4.001分（本方案调动6名党员，最优调整方案4名）；优先级1先于其后各级求最小" in "".join(zh.stdout.split())
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert data["gap"]["members_moved"] == {"plan": 6, "best": 4}
