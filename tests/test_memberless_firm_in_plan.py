"""A firm without Party members is in no branch: solve places none, ``--current`` drops one
from its branch with a note, and ``explain --firm`` says so. ``check`` now says it too, for a
plan that lists such a firm (as a joint branch's lead its distances were measured from an
office with no Party members, and the plan passed)."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - {id: F001, location: {lat: 23.10, lon: 109.60}, members: {full: 4}}
  - {id: F002, location: {lat: 23.11, lon: 109.60}, members: {full: 1}}
  - {id: F003, location: {lat: 23.12, lon: 109.61}, members: {full: 1}}
  - {id: F004, location: {lat: 23.13, lon: 109.62}, members: {full: 1}}
  - {id: F005, location: {lat: 23.30, lon: 109.80}, members: {full: 0}}
"""

LED = "branches:\n- {id: B001, lead: F001, firms: [F001]}\n- {id: B002, lead: F005, firms: [F005, F003, F002, F004]}\n"
LISTED = "branches:\n- {id: B001, lead: F001, firms: [F001, F005]}\n- {id: B002, lead: F002, firms: [F002, F003, F004]}\n"


def _files(tmp_path, plan: str):
    (tmp_path / "firms.yaml").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    return str(tmp_path / "plan.yaml"), str(tmp_path / "firms.yaml")


def test_a_memberless_lead_fails_check(tmp_path):
    plan, firms = _files(tmp_path, LED)
    res = runner.invoke(app, ["check", plan, "--firms", firms])
    assert res.exit_code == 1, res.output
    assert ("plan.yaml:3:34: BP-ONE-BRANCH [hard] branch B002 lists firm F005 and leads it, which has no Party "
            "members: a firm without members is in no branch") in res.stdout
    assert "FAILED: 1 hard" in res.stdout


def test_a_memberless_firm_listed_fails_check_in_chinese_too(tmp_path):
    plan, firms = _files(tmp_path, LISTED)
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "zh"])
    assert res.exit_code == 1, res.output
    assert "支部 B001 列出单位 F005，但该单位没有党员：没有党员的单位不编入支部" in res.stdout


def test_explain_branch_agrees(tmp_path):
    plan, firms = _files(tmp_path, LED)
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "-b", "B002"])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stdout.splitlines() if ln.strip().startswith("BP-ONE-BRANCH"))
    assert line.split()[-1] == "broken"
    assert "branch B002 lists firm F005 and leads it, which has no Party members" in res.stdout
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "-b", "B002", "--lang", "zh"])
    assert "支部 B002 列出单位 F005 并由其牵头，但该单位没有党员" in res.stdout


def test_solve_places_it_nowhere_and_its_plan_passes(tmp_path):
    plan, firms = _files(tmp_path, LED)
    out = tmp_path / "solved.yaml"
    res = runner.invoke(app, ["solve", firms, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "F005" not in [f for b in __import__("yaml").safe_load(out.read_text(encoding="utf-8"))["branches"]
                          for f in b["firms"]]
    res = runner.invoke(app, ["check", str(out), "--firms", firms])
    assert res.exit_code == 0, res.output


def test_current_drops_it_and_the_replan_passes(tmp_path):
    plan, firms = _files(tmp_path, LED)
    out = tmp_path / "next.yaml"
    res = runner.invoke(app, ["solve", firms, "--current", plan, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "F005" in res.output and "no Party members" in res.output
    res = runner.invoke(app, ["check", str(out), "--firms", firms])
    assert res.exit_code == 0, res.output
