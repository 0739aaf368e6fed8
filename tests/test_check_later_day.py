"""A plan solved with a later ``--as-of`` than the firms file's records that day; ``check``
without ``--as-of`` measures standing on the firms file's day, when members had less of it,
and may fail the plan solve just wrote. It now says so, naming the plan's day and the
option; with ``--as-of`` that day the plan passes. A plan of an earlier day (last year's,
checked against this year's firms file) gets no such warning."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FIRMS = """jurisdiction: 新城市
as_of: 2026-11-01
firms:
  - id: Y1
    location: {x: 0, y: 0}
    members:
      - {id: A1, status: full, joined: 2025-03-01}
      - {id: A2, status: full, joined: 2025-03-01}
      - {id: A3, status: full, joined: 2025-03-01}
  - id: Y2
    location: {x: 1, y: 0}
    members:
      - {id: B1, status: full, joined: 2010-03-01}
      - {id: B2, status: full, joined: 2010-03-01}
      - {id: B3, status: full, joined: 2010-03-01}
"""
RULES = "extends: cpc-branch-2018\nrules:\n  - code: BP-SECRETARY\n    severity: hard\n"


def _files(tmp_path):
    (tmp_path / "firms.yaml").write_text(FIRMS, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    return str(tmp_path / "firms.yaml"), str(tmp_path / "rules.yaml"), str(tmp_path / "plan.yaml")


def test_a_plan_of_a_later_day_is_named_with_the_option(tmp_path):
    firms, rules, plan = _files(tmp_path)
    res = runner.invoke(app, ["solve", firms, "-r", rules, "--as-of", "2027-04-01", "-o", plan])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["check", plan, "--firms", firms, "-r", rules])
    assert res.exit_code == 1
    assert res.stderr.startswith(
        f"{plan}:3:1: warning: the plan records as_of 2027-04-01 (it was solved for that day), later than "
        "2026-11-01, the firms file's as_of, which this check measures standing on: give --as-of 2027-04-01 to "
        "check it on its own day")
    res = runner.invoke(app, ["check", plan, "--firms", firms, "-r", rules, "--as-of", "2027-04-01"])
    assert res.exit_code == 0, res.output
    assert "warning" not in res.stderr


def test_in_chinese_and_in_the_ci_formats(tmp_path):
    firms, rules, plan = _files(tmp_path)
    assert runner.invoke(app, ["solve", firms, "-r", rules, "--as-of", "2027-04-01", "-o", plan]).exit_code == 0
    res = runner.invoke(app, ["check", plan, "--firms", firms, "-r", rules, "--lang", "zh"])
    assert "警告：方案记录的 as_of 为 2027-04-01（按该日求解），晚于本次检查计算党龄所用的 2026-11-01（名册的 as_of）" in res.stderr
    res = runner.invoke(app, ["check", plan, "--firms", firms, "-r", rules, "-f", "github"])
    assert "2027-04-01" in res.stdout and "::warning" in res.stdout


def test_a_plan_of_an_earlier_day_gets_no_warning(tmp_path):
    firms, rules, plan = _files(tmp_path)
    old = FIRMS.replace("2025-03-01", "2020-03-01")
    (tmp_path / "firms.yaml").write_text(old, encoding="utf-8")
    assert runner.invoke(app, ["solve", firms, "-r", rules, "-o", plan]).exit_code == 0
    later = tmp_path / "later.yaml"
    later.write_text(old.replace("as_of: 2026-11-01", "as_of: 2027-11-01"), encoding="utf-8")
    res = runner.invoke(app, ["check", plan, "--firms", str(later), "-r", rules])
    assert res.exit_code == 0, res.output
    assert "as_of" not in res.stderr
