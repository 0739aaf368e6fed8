"""Last year's plan with this year's roster: a lead firm closed (still listed in its branch),
and branches whose every firm closed. check says each closed firm once, in the committee's
terms (no "not one of its units", no "no firms", no minimum of full members broken)."""

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = """\
jurisdiction: 甲市
as_of: 2027-11-01
firms:
  - {id: A, location: {lat: 24.30, lon: 109.40}, district: 东区, members: {full: 4}}
  - {id: B, location: {lat: 24.31, lon: 109.41}, district: 东区, members: {full: 2}}
  - {id: C, location: {lat: 24.32, lon: 109.42}, district: 东区, members: {full: 1}}
  - {id: E, location: {lat: 24.80, lon: 109.20}, district: 西区, members: {full: 1}}
  - {id: F, location: {lat: 24.81, lon: 109.21}, district: 西区, members: {full: 2}}
"""
# D (lead of B003), H (alone in B004), I and J (all of B005) have closed
PLAN = """\
branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: B, firms: [B, C]}
  - {id: B003, lead: D, firms: [D, E, F]}
  - {id: B004, lead: H, firms: [H]}
  - {id: B005, lead: I, firms: [I, J]}
"""


def _files(tmp_path: Path) -> tuple[str, str]:
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(ROSTER, encoding="utf-8")
    plan.write_text(PLAN, encoding="utf-8")
    return str(plan), str(firms)


def _findings(text: str) -> list[str]:
    return [line.split("/")[-1] for line in text.splitlines() if "plan.yaml:" in line and "[" in line]


def test_check_says_a_closed_lead_once_and_plainly(tmp_path):
    plan, firms = _files(tmp_path)
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "en"])
    assert res.exit_code == 1, res.output      # (a hard finding: the gate fails)
    b003 = [line for line in _findings(res.stdout) if "B003" in line]
    assert len(b003) == 1, b003
    assert ("plan.yaml:4:5: BP-ONE-BRANCH [hard] branch B003's lead D is not in the roster (closed or given a new "
            "id?): hand the lead to one of its other firms (E, F) or re-plan") in b003[0]
    assert "not one of its units" not in res.stdout
    zh = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "zh"])
    assert "支部 B003 的牵头单位 D 已不在名册中（已注销或更换编号？）：请由 E 或 F 接任牵头，或重新编排" in zh.stdout
    assert "不在本支部" not in zh.stdout


def test_check_says_once_that_every_firm_of_a_branch_left(tmp_path):
    plan, firms = _files(tmp_path)
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "en"])
    found = _findings(res.stdout)
    b004 = [line for line in found if "B004" in line]
    assert b004 == ["plan.yaml:5:33: BP-ONE-BRANCH [hard] branch B004 lists H, which is not a firm or host of the "
                    "roster: every firm B004 lists has left the roster (closed or given a new id?); dissolve the "
                    "branch or re-plan (党章第八条)"], b004
    b005 = [line for line in found if "B005" in line]
    assert len(b005) == 2 and sum("every firm B005 lists has left the roster" in line for line in b005) == 1, b005
    assert "has no firms" not in res.stdout
    assert not any(code in line for line in found for code in ("BP-MIN-FULL", "BP-SECRETARY"))
    zh = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "zh"])
    assert "支部 B004 列出的 H 不在名册中；支部 B004 已无在册单位（已注销或更换编号？），请撤销该支部或重新编排" in zh.stdout
    assert "没有任何单位" not in zh.stdout
    data = json.loads(runner.invoke(app, ["check", plan, "--firms", firms, "--format", "json"]).stdout)
    assert data["verdict"] == "fail"
    assert sorted((f["code"], f["branch"]) for f in data["findings"] if f["severity"] == "hard") == [
        ("BP-ONE-BRANCH", "B003"), ("BP-ONE-BRANCH", "B004"), ("BP-ONE-BRANCH", "B005"), ("BP-ONE-BRANCH", "B005")]


def test_no_stale_kind_or_level_for_a_branch_whose_firms_all_left(tmp_path):
    """B005 records kind joint (and a secretary): with I and J closed it is made up of no firm
    of the roster, not 'now: kind standalone'."""
    plan, firms = _files(tmp_path)
    Path(plan).write_text(PLAN.replace("{id: B005, lead: I, firms: [I, J]}",
                                       "{id: B005, kind: joint, lead: I, firms: [I, J], leadership: secretary, "
                                       "secretary_candidates: 2}"), encoding="utf-8")
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "en"])
    assert "every firm B005 lists has left the roster" in res.stdout, res.output
    assert "B005 says" not in res.stdout, res.stdout
    data = json.loads(runner.invoke(app, ["check", plan, "--firms", firms, "--format", "json"]).stdout)
    assert "stale_fields" in data
    assert not [s for s in data["stale_fields"] if s["branch"] == "B005"], data["stale_fields"]
