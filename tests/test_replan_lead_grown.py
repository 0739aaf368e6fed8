"""The lead of a joint branch that now has the full members for a branch of its own: the
re-plan's reasons say so in one sentence (English and Chinese), in place of the fallback
placements of the branch's other firms that it implies."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data" / "replan"
SOLVE = ["solve", str(DATA / "lead-grown.yaml"), "--current", str(DATA / "lead-grown-plan.yaml")]
EN_LINE = "firm L now has 3 full members and must form its own branch: it and the 2 other firms of J1 cannot stay together"
ZH_LINE = "单位 L 现有 3 名正式党员，应单独建立党支部，不能再与支部 J1 的其余 2 个单位同在一个支部"


def test_the_memo_says_the_lead_now_has_its_own_branch(tmp_path):
    memo = tmp_path / "changes.md"
    res = runner.invoke(app, SOLVE + ["--changes", str(memo)], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert res.exit_code == 0, res.output
    md = memo.read_text(encoding="utf-8")
    why = md.split("## 调整原因 · Why the plan changes\n", 1)[1].split("\n## ", 1)[0]
    assert f"- {ZH_LINE} (BP-OWN-BRANCH: {EN_LINE})" in why
    assert "fallback" not in why and "兜底" not in why
    en = runner.invoke(app, SOLVE + ["--format", "markdown", "--lang", "en"])
    assert f"- BP-OWN-BRANCH: {EN_LINE}" in en.stdout
    zh = runner.invoke(app, SOLVE + ["--format", "markdown", "--lang", "zh"])
    assert f"- {ZH_LINE}（BP-OWN-BRANCH）" in zh.stdout


def test_the_text_and_the_data_say_it_too():
    text = runner.invoke(app, SOLVE + ["--format", "text", "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert f"  BP-OWN-BRANCH  {EN_LINE}" in text.stdout
    assert "placed with standalone firm L" not in text.stdout
    zh = runner.invoke(app, SOLVE + ["--format", "text", "--lang", "zh"])
    assert f"  BP-OWN-BRANCH  {ZH_LINE}" in zh.stdout
    data = json.loads(runner.invoke(app, SOLVE + ["--format", "json"]).stdout)
    assert data["leads_now_standalone"] == [{"firm": "L", "branch": "J1", "full_members": 3, "others": ["X", "Y"],
                                             "message": EN_LINE, "message_zh": ZH_LINE}]
    # the findings themselves stay in the data
    assert [f["code"] for f in data["current_plan_findings"]].count("BP-FALLBACK") == 2


def test_a_lead_that_outgrew_its_branch_but_keeps_it_is_not_said_to_leave():
    """L now has 3 full members, but X and Y (1 full member each) have nowhere else to go:
    the re-plan keeps the branch as it is, so its reasons give the fallback placements, still
    so, not a sentence that the other firms cannot stay."""
    args = ["solve", str(DATA / "lead-grown-stays.yaml"), "--current", str(DATA / "lead-grown-stays-plan.yaml"),
            "--old-firms", str(DATA / "lead-grown-stays-old.yaml")]
    res = runner.invoke(app, args + ["-f", "text"], env={"BRANCHPLAN_LANG": "en"})
    assert res.exit_code == 0, res.output
    assert "cannot stay" not in res.stdout and "must form its own branch" not in res.stdout
    assert "firm X is placed with standalone firm L in branch B001 (fallback) (still so in the new plan)" in res.stdout
    data = json.loads(runner.invoke(app, args + ["-f", "json"]).stdout)
    assert "leads_now_standalone" not in data
    assert data["replan"]["members_moved"] == 0
