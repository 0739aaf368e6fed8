"""``report`` and ``explain`` read a plan on its own date, but last year's plan read with this
year's firms file (a member joined since) was refused ("--as-of (2026-11-01) is before member
... joined", no --as-of given): they now measure standing on the firms file's date then, as
``check`` does."""

from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EN = {"BRANCHPLAN_LANG": "en"}

FIRMS = """jurisdiction: 小城
as_of: {day}
firms:
  - id: F1
    location: {{x: 0, y: 0}}
    members:
      - {{id: M1, status: full, joined: 2010-01-01}}
      - {{id: M2, status: full, joined: 2011-01-01}}
      - {{id: M3, status: full, joined: 2012-01-01}}{more}
  - {{id: F2, location: {{x: 1, y: 0}}, members: [{{id: M4, status: full, joined: 2010-01-01}}]}}
"""


@pytest.fixture
def files(tmp_path):
    old = tmp_path / "firms-2026.yaml"
    old.write_text(FIRMS.format(day="2026-11-01", more=""), encoding="utf-8")
    new = tmp_path / "firms-2027.yaml"
    new.write_text(FIRMS.format(day="2027-11-01", more="\n      - {id: M5, status: probationary, joined: 2027-03-01}"),
                   encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(old), "-o", str(plan)], env=EN).exit_code == 0
    return plan, new, tmp_path


def test_html_report(files):
    plan, new, tmp = files
    res = runner.invoke(app, ["report", str(plan), "--firms", str(new), "-o", str(tmp / "r.html")], env=EN)
    assert res.exit_code == 0, res.output
    assert "standing as of 2027-11-01" in (tmp / "r.html").read_text(encoding="utf-8")


def test_xlsx_report(files):
    plan, new, tmp = files
    res = runner.invoke(app, ["report", str(plan), "--firms", str(new), "-o", str(tmp / "r.xlsx")], env=EN)
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(tmp / "r.xlsx")
    # the new member is counted in F1's branch (probationary)
    assert any(row[:1] == ("M5",) for ws in book.worksheets for row in ws.iter_rows(values_only=True))


def test_explain(files):
    plan, new, _ = files
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(new), "-f", "json"], env=EN)
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(new), "-b", "B001"], env=EN)
    assert res.exit_code == 0, res.output
    assert "5 members (4 full)" in res.stdout


def test_a_date_before_a_member_joined_is_still_refused_when_given(files):
    plan, new, _ = files
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(new), "--as-of", "2026-11-01"], env=EN)
    assert res.exit_code == 2
    assert res.stderr.startswith("--as-of (2026-11-01) is before member M5 of firm F1 joined (2027-03-01)")


def test_explain_says_the_day_standing_is_measured_on(files):
    """Every explain output names the day standing was measured on, and the plan's own date
    where that differs (last year's plan, this year's firms file), in text and JSON."""
    import json

    plan, new, tmp = files
    old = tmp / "firms-2026.yaml"
    for args, day in (([], "2027-11-01"), (["--firm", "F2"], "2027-11-01"), (["-b", "B001"], "2027-11-01"),
                      (["--as-of", "2028-01-01"], "2028-01-01")):
        res = runner.invoke(app, ["explain", str(plan), "--firms", str(new), *args], env=EN)
        assert res.exit_code == 0, res.output
        assert f"Standing as of {day} (the plan records 2026-11-01)." in res.stdout.splitlines()[:2]
        data = json.loads(runner.invoke(app, ["explain", str(plan), "--firms", str(new), *args, "-f", "json"],
                                        env=EN).stdout)
        assert (data["as_of"], data["plan_as_of"]) == (day, "2026-11-01")
        zh = runner.invoke(app, ["explain", str(plan), "--firms", str(new), *args, "--lang", "zh"], env=EN)
        assert f"党龄计算日 {day}（方案记录的日期为 2026-11-01）。" in zh.stdout.splitlines()[:2]
    same = runner.invoke(app, ["explain", str(plan), "--firms", str(old), "-f", "json"], env=EN)
    data = json.loads(same.stdout)
    assert data["as_of"] == "2026-11-01" and "plan_as_of" not in data
    text = runner.invoke(app, ["explain", str(plan), "--firms", str(old)], env=EN).stdout
    assert text.splitlines()[1] == "Standing as of 2026-11-01."
