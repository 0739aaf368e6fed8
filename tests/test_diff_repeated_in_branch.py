"""A new plan that lists a firm twice in one branch was "Changes: none" in the change list
(only the rule table's BP-ONE-BRANCH 0 -> 1 told it): the change list now says it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
runner = CliRunner()
EN = {"BRANCHPLAN_LANG": "en"}


def test_a_firm_listed_twice_in_one_branch(tmp_path):
    old = EX / "plan-current.yaml"
    text = old.read_text(encoding="utf-8")
    assert "firms: [F010, F021, F029, F030, F036]" in text
    new = tmp_path / "new.yaml"
    new.write_text(text.replace("firms: [F010, F021, F029, F030, F036]", "firms: [F010, F021, F029, F030, F036, F021]"),
                   encoding="utf-8")
    args = ["diff", str(old), str(new), "--firms", str(EX / "firms.yaml")]
    res = runner.invoke(app, args, env=EN)
    assert res.exit_code == 0, res.output
    assert "Changes: none" not in res.stdout
    assert "1 firm listed twice in one branch" in res.stdout
    assert "  firm F021 is listed twice in branch B006 (BP-ONE-BRANCH: a branch lists a firm once)" in res.stdout
    zh = runner.invoke(app, args + ["--lang", "zh"], env=EN).stdout
    assert "  单位 F021 在支部 B006 中重复列出（BP-ONE-BRANCH：一个支部只列出一个单位一次）" in zh
    data = json.loads(runner.invoke(app, args + ["--format", "json"], env=EN).stdout)
    assert data["firms_repeated"] == [{"firm": "F021", "branch": "B006"}]
    assert data["summary"]["firms_repeated"] == 1 and data["summary"]["members_moved"] == 0
