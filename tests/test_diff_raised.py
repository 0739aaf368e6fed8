"""Where a rule costs more in the new plan, the change list says which findings raised it
(text, Markdown, JSON, the re-plan memo); `check --base` lists its findings already, so its
change list does not repeat them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
CURRENT, PLAN_2027 = str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml")
FIRMS, FIRMS_2027 = str(EX / "firms.yaml"), str(EX / "firms-2027.yaml")
runner = CliRunner()
# back from 2027 to the current plan: BP-DISTRICT and BP-LEAD-DIRECTOR cost 5 points more each
BACK = [PLAN_2027, CURRENT, "--firms", FIRMS, "--old-firms", FIRMS_2027]


def run(*args: str, code: int = 0) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == code, res.output
    return res.stdout


def test_text_names_the_findings_under_each_rule_that_rose():
    lines = run("diff", *BACK, "--lang", "en").splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("BP-DISTRICT"))
    assert "(+5.000)" in lines[at]
    assert lines[at + 1].strip() == "+5.000 firm F026 (平南县) is in branch B007 led from 桂平市"
    lead = next(i for i, line in enumerate(lines) if line.lstrip().startswith("BP-LEAD-DIRECTOR"))
    assert lines[lead + 1].strip() == "+5.000 branch B005 is led by F028, whose director is not a Party member"
    # a rule whose cost fell, or stayed, gets no such line
    fb = next(i for i, line in enumerate(lines) if line.lstrip().startswith("BP-FALLBACK"))
    assert lines[fb + 1].lstrip().startswith("BP-DISTANCE")
    dist = next(i for i, line in enumerate(lines) if line.lstrip().startswith("BP-DISTANCE"))
    assert lines[dist + 1].strip() == "+36.589 firm F026 (1 member) is 36.6 km from lead F015 of branch B007"
    zh = run("diff", *BACK, "--lang", "zh")
    assert "+5.000 单位 F026（平南县）编入在桂平市活动的支部 B007" in zh


def test_markdown_and_json_carry_them_and_the_forward_diff_has_none():
    md = run("diff", *BACK, "--format", "markdown", "--lang", "en")
    # (with the old firms file the old plan is costed on it, and the heading says so)
    assert "Where the new plan costs more than the old one on the old firms file:" in md
    assert "- BP-DISTRICT +5.000: firm F026 (平南县) is in branch B007 led from 桂平市" in md
    data = json.loads(run("diff", *BACK, "--format", "json"))
    rules = {r["code"]: r for r in data["rules"]}
    assert [f["firms"] for f in rules["BP-DISTRICT"]["raised"]] == [["F026"]]
    assert rules["BP-DISTRICT"]["raised"][0]["cost"] == 5.0
    # distance has no findings: the firms that cost more are named, and add up to the rise
    # less what the others saved
    dist = rules["BP-DISTANCE"]
    assert dist["delta"] > 0 and dist["raised"][0]["firms"] == ["F026"]
    assert dist["raised"][0]["message"] == "firm F026 (1 member) is 36.6 km from lead F015 of branch B007"
    assert dist["raised"][0]["message_zh"] == "单位 F026（1 名党员）与支部 B007 的牵头单位 F015 相距 36.6 公里"
    assert sum(f["cost"] for f in dist["raised"]) >= dist["delta"]
    assert [f["cost"] for f in dist["raised"]] == sorted((f["cost"] for f in dist["raised"]), reverse=True)
    forward = json.loads(run("diff", CURRENT, PLAN_2027, "--firms", FIRMS_2027, "--old-firms", FIRMS, "--format", "json"))
    assert all(r["raised"] == [] for r in forward["rules"])
    assert "Where the new plan costs more" not in run("diff", CURRENT, PLAN_2027, "--firms", FIRMS_2027,
                                                       "--old-firms", FIRMS, "--format", "markdown")


def test_check_base_does_not_repeat_its_findings():
    out = run("check", CURRENT, "--firms", FIRMS, "--base", PLAN_2027, "--base-firms", FIRMS_2027,
              "--lang", "en", "--format", "text", code=0)
    assert out.count("firm F026 (平南县) is in branch B007 led from 桂平市") == 1
    md = run("check", CURRENT, "--firms", FIRMS, "--base", PLAN_2027, "--base-firms", FIRMS_2027,
             "--lang", "en", "--format", "markdown", code=0)
    assert "Where the new plan costs more" not in md


def test_rule_costs_are_listed_level_by_level_as_solve_lists_them(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-DISTRICT\n    priority: 3\n", encoding="utf-8")
    data = json.loads(run("diff", *BACK, "--rules", str(rules), "--format", "json"))
    soft = [r["code"] for r in data["rules"] if r["severity"] == "soft"]
    assert soft[-1] == "BP-DISTRICT" and soft[0] == "BP-FALLBACK"
    hard = [r["severity"] for r in data["rules"]]
    assert hard == sorted(hard)  # hard first
    out = tmp_path / "plan.json"
    run("solve", FIRMS, "--rules", str(rules), "-o", str(out))
    assert list(json.loads(out.read_text(encoding="utf-8"))["objective"]["rules"])[-1] == "BP-DISTRICT"
