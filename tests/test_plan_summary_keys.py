"""A plan's summary: holds the figures solve records and no others, none below 0: a key
misspelt (or a made-up one) was read as a stale count of nothing (`bogus: 3; now: 0`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan import InputError
from branchplan.cli import app
from branchplan.plan import SUMMARY_KEYS, summarise

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


def test_every_key_solve_writes_is_known():
    roster = branchplan.load_roster(G / "firms.yaml")
    plan = branchplan.solve(roster).plan
    assert set(plan.summary) <= set(SUMMARY_KEYS)
    assert set(summarise(roster, plan.branches)) <= set(SUMMARY_KEYS)


@pytest.mark.parametrize("summary,message", [
    ("{firm: 37}", "unknown key 'firm' in the summary (did you mean 'firms'?)"),
    ("{bogus: 3}", "unknown key 'bogus' in the summary; the summary records firms, "),
    ("{firms: -1}", "summary firms is -1: a count cannot be below 0"),
])
def test_refused_at_the_summary(tmp_path, summary, message):
    text = (G / "plan-current.yaml").read_text(encoding="utf-8").replace("branches:\n", f"summary: {summary}\nbranches:\n", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(G / "firms.yaml")])
    assert res.exit_code == 2, res.output
    assert f"{plan}:4:10: summary: {message}" in res.stderr
    with pytest.raises(InputError):
        branchplan.load_plan(plan)
