"""explain on last year's plan with this year's roster: a branch whose every firm closed is
gone (no alternative, nowhere a dissolved branch's firms go), and no distance is measured to
a lead the roster no longer has."""

import json

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app
from test_closed_firms_check import _files

runner = CliRunner()


def test_explain_offers_no_gone_branch_and_no_distance_to_a_closed_lead(tmp_path):
    plan, firms = _files(tmp_path)
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "E", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["considered"] == 2      # B001 and B002: B004 and B005 are gone
    assert {m["branch"] for m in data["alternatives"]} == {"B001", "B002"}
    assert all(m["km_to_lead"] > 40 for m in data["alternatives"])
    assert "Branch B003's lead D is not in the roster any more (closed or given a new id?)." in data["reasons"]
    assert not any("not one of its units" in r for r in data["reasons"])
    if "regroup" in data:
        assert {s["branch"] for s in data["regroup"]["moves"]} <= {"B001", "B002"}
    text = runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "E", "--lang", "zh"]).stdout
    assert "支部 B003 的牵头单位 D 已不在名册中（已注销或更换编号？）。" in text
    assert "B004" not in text and "B005" not in text and "0.000 公里" not in text


def test_explain_measures_nothing_to_a_closed_lead(tmp_path):
    """A firm of another branch weighing a move into B003, whose lead closed: no "0 km"."""
    plan, firms = _files(tmp_path)
    data = json.loads(runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "C", "--alternatives", "5",
                                          "--format", "json"]).stdout)
    into = [m for m in data["alternatives"] if m["branch"] == "B003"]
    assert into and "km_to_lead" not in into[0] and "distance_to_lead" not in into[0]


def test_explain_branch_says_a_branch_whose_firms_all_left_as_check_does(tmp_path):
    """B005 (I and J, both closed): no kind or size, no minimum of full members or secretary
    found broken, as check leaves it out of those rules."""
    plan, firms = _files(tmp_path)
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "--branch", "B005", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == ("Branch B005, led by I: every firm it lists has left the roster (closed or "
                                          "given a new id?); dissolve the branch or re-plan")
    assert "standalone" not in res.stdout and "secretary (支部书记)" not in res.stdout
    lines = {line.split()[0]: line for line in res.stdout.splitlines()[4:] if line.startswith("  BP-")}
    assert "broken" not in lines["BP-MIN-FULL"] and "broken" not in lines["BP-SECRETARY"]
    assert "n/a" in lines["BP-MIN-FULL"] and "n/a" in lines["BP-SECRETARY"]
    assert "broken" in lines["BP-ONE-BRANCH"]
    zh = runner.invoke(app, ["explain", plan, "--firms", firms, "--branch", "B005", "--lang", "zh"]).stdout
    assert zh.splitlines()[0] == "支部 B005（牵头单位 I）已无在册单位（已注销或更换编号？），请撤销该支部或重新编排"
    assert "设支部书记" not in zh
    data = json.loads(runner.invoke(app, ["explain", plan, "--firms", firms, "--branch", "B005",
                                          "--format", "json"]).stdout)
    assert data["gone"] is True and data["kind"] is None and "leadership" not in data
    status = {r["code"]: r["status"] for r in data["rules"]}
    assert status["BP-MIN-FULL"] == status["BP-SECRETARY"] == "n/a"
    check = json.loads(runner.invoke(app, ["check", plan, "--firms", firms, "--format", "json"]).stdout)
    said = [f["message"] for f in check["findings"] if f["branch"] == "B005"]
    assert next(r for r in data["rules"] if r["code"] == "BP-ONE-BRANCH")["findings"] == said


def test_explain_branch_reads_a_mistyped_firm_as_check_does(tmp_path):
    """B004 lists Ｅ and K: K closed, and Ｅ is E written full-width (E in no other branch): not
    'every firm left', but what to write, as check says it."""
    plan, firms = _files(tmp_path)
    Path(plan).write_text(PLAN_TYPO, encoding="utf-8")
    check = json.loads(runner.invoke(app, ["check", plan, "--firms", firms, "--format", "json"]).stdout)
    said = [f["message"] for f in check["findings"] if f["branch"] == "B004"]
    assert any("write it as E" in m for m in said) and not any("has left the roster" in m for m in said)
    data = json.loads(runner.invoke(app, ["explain", plan, "--firms", firms, "--branch", "B004",
                                          "--format", "json"]).stdout)
    assert next(r for r in data["rules"] if r["code"] == "BP-ONE-BRANCH")["findings"] == said
    text = runner.invoke(app, ["explain", plan, "--firms", firms, "--branch", "B004", "--lang", "en"]).stdout
    assert text.splitlines()[0] == ("Branch B004, led by K: none of the firms it lists is in the roster as written "
                                    "(the findings below say what to write)")
    assert "has left the roster" not in text


PLAN_TYPO = """\
branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: B, firms: [B, C]}
  - {id: B003, lead: F, firms: [F]}
  - {id: B004, lead: K, firms: [Ｅ, K]}
"""
