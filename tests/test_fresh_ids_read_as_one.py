"""New branch ids of a re-plan skip every id that reads as one already in use: a current plan
may name a branch Ｂ002 or b002 (a legal id), and a new branch B002 beside it made a plan that
`check` and the next `--current` refuse (two branch ids that differ only in case, width or
accents)."""

from __future__ import annotations


import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.current import fresh_ids

runner = CliRunner()

ROSTER = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - {id: F001, district: 港北区, location: {lat: 23.10, lon: 109.60}, members: {full: 3}}
  - {id: F002, district: 港北区, location: {lat: 23.11, lon: 109.61}, members: {full: 1}}
  - {id: F003, district: 港北区, location: {lat: 23.12, lon: 109.62}, members: {full: 1}}
  - {id: F004, district: 港北区, location: {lat: 23.13, lon: 109.63}, members: {full: 1}}
  - {id: F005, district: 港北区, location: {lat: 23.14, lon: 109.64}, members: {full: 3}}
"""


@pytest.mark.parametrize("taken,want", [
    ({"B001", "Ｂ002"}, ["B003", "B004"]),
    ({"B001", "b002"}, ["B003", "B004"]),
    ({"b007"}, ["B008", "B009"]),
    ({"B001", "B002"}, ["B003", "B004"]),
    (set(), ["B001", "B002"]),
    ({"B0010"}, ["B0011", "B0012"]),
])
def test_fresh_ids(taken, want):
    assert fresh_ids(taken, 2) == want


@pytest.mark.parametrize("kept", ["Ｂ002", "b002"])
def test_a_re_plan_beside_such_an_id_writes_a_plan_check_reads(tmp_path, kept):
    firms = tmp_path / "firms.yaml"
    firms.write_text(ROSTER, encoding="utf-8")
    current = tmp_path / "current.yaml"
    current.write_text("branches:\n- {id: B001, lead: F001, firms: [F001]}\n"
                       f"- {{id: {kept}, lead: F003, firms: [F003, F002, F004]}}\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert f"- id: {kept}\n" in text and "- id: B003\n" in text and "- id: B002\n" not in text
    res = runner.invoke(app, ["check", str(out), "--firms", str(firms)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["solve", str(firms), "--current", str(out), "-o", str(tmp_path / "again.yaml")])
    assert res.exit_code == 0, res.output
