"""``check --as-of`` before a member joined is refused (exit 2), as solve, explain, report
and diff refuse it: standing cannot be measured before joining."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
FIRMS, PLAN = str(EX / "firms.yaml"), str(EX / "plan-current.yaml")
REFUSED = ("--as-of (2000-01-01) is before member M0078 of firm LA01 joined (2026-09-26); standing is "
           "measured on a date on or after the latest joining date\n")


def test_check_refuses_a_date_before_a_member_joined_like_solve():
    for fmt in ("text", "json"):
        res = runner.invoke(app, ["check", PLAN, "--firms", FIRMS, "--as-of", "2000-01-01", "-f", fmt])
        assert res.exit_code == 2, res.output
        assert res.stderr.endswith(REFUSED) and res.stdout == ""
    solve = runner.invoke(app, ["solve", FIRMS, "--as-of", "2000-01-01"])
    assert solve.exit_code == 2 and solve.stderr.endswith(REFUSED)


def test_check_on_the_latest_joining_date_still_runs():
    res = runner.invoke(app, ["check", PLAN, "--firms", FIRMS, "--as-of", "2026-09-26"])
    assert res.exit_code in (0, 1), res.output
    assert "before member" not in res.stderr


def test_every_command_names_its_option_for_a_date_before_a_member_joined():
    for args in (["diff", PLAN, PLAN, "--firms", FIRMS, "--as-of", "2000-01-01"],
                 ["report", PLAN, "--firms", FIRMS, "--as-of", "2000-01-01"],
                 ["explain", PLAN, "--firms", FIRMS, "--as-of", "2000-01-01"],
                 ["solve", FIRMS, "--current", PLAN, "--as-of", "2000-01-01"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        assert res.stderr.endswith(REFUSED), (args, res.stderr)
