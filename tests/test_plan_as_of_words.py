"""A plan's as_of is read as a firms file's is: a number or a date with a time of day is
refused in the same words (`expected a date like 2026-11-01`), not in pydantic's."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


@pytest.mark.parametrize("value", ["20261101", "1893456000", "2026/11/01"])
def test_refused_in_the_firms_files_words(tmp_path, value):
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"as_of: {value}\n" + (G / "plan-current.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(G / "firms.yaml")])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith(f"{plan}:1:8: as_of: expected a date like 2026-11-01")


def test_a_date_is_read():
    plan = branchplan.plan_from_data({"as_of": "2026-11-01", "branches": []})
    assert str(plan.as_of) == "2026-11-01"
