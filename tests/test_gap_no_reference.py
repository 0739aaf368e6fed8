"""When no re-plan meets the cap, the gap says so in plain words, names the solve command
that reproduces the reference it sought (old firms and rules included), and the JSON
shows no reference cost."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
RULES = ROOT / "rules" / "cpc-branch-2018.yaml"
runner = CliRunner()


def _move2(tmp_path) -> tuple[Path, Path]:
    """M0004 changes firm from F001 to F033; the uncapped re-plan of that roster."""
    data = yaml.safe_load((EX / "firms.yaml").read_text(encoding="utf-8"))
    firms = {f["id"]: f for f in data["firms"]}
    member = next(m for m in firms["F001"]["members"] if m["id"] == "M0004")
    firms["F001"]["members"].remove(member)
    firms["F033"]["members"].append(member)
    roster = tmp_path / "move2.yaml"
    roster.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = tmp_path / "new-move2.yaml"
    res = runner.invoke(app, ["solve", str(roster), "--current", str(EX / "plan-current.yaml"),
                              "--old-firms", str(EX / "firms.yaml"), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    return roster, plan


def test_an_impossible_cap_names_the_full_solve_command_and_no_reference_cost(tmp_path):
    roster, plan = _move2(tmp_path)
    args = ["check", str(plan), "--firms", str(roster), "--base", str(EX / "plan-current.yaml"),
            "--base-firms", str(EX / "firms.yaml"), "--rules", str(RULES), "--max-moves", "0", "--max-gap", "10"]
    res = runner.invoke(app, args + ["--format", "json"])
    assert res.exit_code == 1, res.output
    gap = json.loads(res.stdout)["gap"]
    assert gap["reference_status"] == "infeasible" and gap["exceeded"]
    assert gap["best_cost"] is None and gap["plan_cost"]["1"] > 0
    sentence = gap["sentence"]
    # (M0004 moves whatever happens: F033, with 3 full members now, leads its own branch)
    assert "moving at most 0 members keeps" in sentence
    command = re.search(r"\((branchplan solve .*) explains why\)", sentence).group(1)
    words = shlex.split(command)
    assert words[:3] == ["branchplan", "solve", str(roster)]
    assert " --old-firms " + str(EX / "firms.yaml") in command and " --rules " + str(RULES) in command
    # the command the sentence gives reproduces the missing reference: exit 1, the cap too small
    again = runner.invoke(app, words[1:])
    assert again.exit_code == 1 and "--max-moves 0 is too small" in again.stderr
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert zh.exit_code == 1
    assert "在调整支部党员不超过 0 名的前提下" in zh.stdout and f"{command} 可说明原因" in zh.stdout


def test_a_found_reference_still_reports_its_cost(tmp_path):
    roster, plan = _move2(tmp_path)
    res = runner.invoke(app, ["check", str(plan), "--firms", str(roster), "--base", str(EX / "plan-current.yaml"),
                              "--base-firms", str(EX / "firms.yaml"), "--max-gap", "10", "--format", "json"])
    assert res.exit_code == 0, res.output
    gap = json.loads(res.stdout)["gap"]
    assert gap["reference_status"] in ("optimal", "feasible") and gap["gap_pct"] == 0
    assert gap["best_cost"] == gap["plan_cost"] and set(gap["best_cost"]) == {"0", "1", "2"}
