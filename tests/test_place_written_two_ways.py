"""Jurisdictions of one firms file that are one place written two ways (贵港 and 贵港市, a
space, case or width) are warned about: branches never cross a jurisdiction, so a city
typed two ways was silently planned as two cities (exit 0, a different plan)."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.localrules import place_warnings
from branchplan.roster import roster_from_data

runner = CliRunner()

ROSTER = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - {id: F1, members: {full: 3}}
  - {id: F2, jurisdiction: 贵港, members: {full: 3}}
  - {id: F3, jurisdiction: ＧＵＩＧＡＮＧ, members: {full: 3}}
  - {id: F4, jurisdiction: guigang, members: {full: 3}}
  - {id: F5, jurisdiction: 长沙县, members: {full: 3}}
  - {id: F6, jurisdiction: 长沙市, members: {full: 3}}
"""


def test_the_command_line_warns_of_each_pair_once(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text(ROSTER, encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 0, res.output
    warned = [line for line in res.stderr.splitlines() if "one place written two ways" in line]
    assert warned == [
        f"{firms}: warning: jurisdictions 'guigang' (firm F4) and 'ＧＵＩＧＡＮＧ' (firm F3): one place written two "
        "ways? Branches never cross a jurisdiction, so the two are planned apart; write one name for both if they "
        "are one city",
        f"{firms}: warning: jurisdictions '贵港' (firm F2) and '贵港市' (firm F1): one place written two ways? Branches "
        "never cross a jurisdiction, so the two are planned apart; write one name for both if they are one city",
    ]
    res = runner.invoke(app, ["check", str(tmp_path / "plan.yaml"), "--firms", str(firms), "--lang", "zh"])
    assert "警告：辖区“贵港”（单位 F2）与“贵港市”（单位 F1）是否为同一地方的两种写法？" in res.stderr


def test_distinct_places_are_not_warned_about():
    roster = roster_from_data({"jurisdiction": "长沙市", "firms": [
        {"id": "F1", "members": {"full": 3}}, {"id": "F2", "jurisdiction": "长沙县", "members": {"full": 3}},
        {"id": "F3", "jurisdiction": "桂林市", "members": {"full": 3}},
        {"id": "F4", "jurisdiction": "玉林市", "members": {"full": 3}}]})
    assert place_warnings(roster) == []
