"""With the old firms file the change list names the members who left the roster and those
new to it, with their firm and branch, so that the two rosters' headcounts reconcile with it
(a member who left a continuing firm, 转出, and a new member of one were in no line)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
OLD, NEW = str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml")
FIRMS, FIRMS_2027 = str(EX / "firms.yaml"), str(EX / "firms-2027.yaml")
runner = CliRunner()
EN = {"BRANCHPLAN_LANG": "en"}


def _diff(*more):
    res = runner.invoke(app, ["diff", OLD, NEW, "--firms", FIRMS_2027, *more], env=EN)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_the_data_lists_them_and_the_headcounts_reconcile():
    from branchplan import load_roster

    data = json.loads(_diff("--old-firms", FIRMS, "--format", "json"))
    assert data["members_left"] == [{"member": "M0054", "firm": "F026", "branch": "B007"},
                                    {"member": "M0060", "firm": "F030", "branch": "B006"}]
    assert data["members_new"] == [{"member": "M0079", "firm": "F037", "branch": "B005"},
                                   {"member": "M0080", "firm": "F037", "branch": "B005"}]
    assert data["summary"]["members_left"] == 2 and data["summary"]["members_new"] == 2
    before = sum(f.size for f in load_roster(FIRMS).firms)
    after = sum(f.size for f in load_roster(FIRMS_2027).firms)
    assert before - data["summary"]["members_left"] + data["summary"]["members_new"] == after


def test_text_in_both_languages_and_with_names():
    text = _diff("--old-firms", FIRMS)
    assert "2 members left the roster; 2 members new to it" in text
    assert "  member M0060 left the roster (was in firm F030, branch B006)" in text
    assert "  member M0079 is new to the roster (firm F037, branch B005)" in text
    zh = _diff("--old-firms", FIRMS, "--lang", "zh")
    assert "离开名册的党员 2 名；新列入名册的党员 2 名" in zh
    assert "  党员 M0054 已不在名册中（原在单位 F026，支部 B007）" in zh
    named = _diff("--old-firms", FIRMS, "--show-names")
    assert "  member M0079 覃志远 is new to the roster (firm F037, branch B005)" in named
    md = _diff("--old-firms", FIRMS, "--format", "markdown")
    assert "| member M0080 is new to the roster (firm F037) |  | B005 |" in md


def test_without_the_old_firms_file_nothing_is_followed():
    data = json.loads(_diff("--format", "json"))
    assert data["members_left"] == data["members_new"] == []


def test_the_html_report_counts_them(tmp_path):
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", NEW, "--firms", FIRMS_2027, "--base", OLD, "--base-firms", FIRMS,
                              "-o", str(out)], env=EN)
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "members left the roster" in html and "members new to the roster" in html
