"""A current plan whose highest branch id is as long as a plan takes (200 characters): the
next new branch's id would have been longer, and the re-plan ended in an internal error.
New ids are then the free ones from B001."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.current import MAX_BRANCH_ID, fresh_ids

runner = CliRunner()


def test_fresh_ids_stay_within_the_limit():
    top = "B" + "9" * (MAX_BRANCH_ID - 1)
    assert fresh_ids({top, "B001", "B002"}, 2) == ["B003", "B004"]
    assert all(len(i) <= MAX_BRANCH_ID for i in fresh_ids({top}, 3))


def test_a_re_plan_beside_the_longest_id(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 贵港市\nas_of: 2026-11-01\nfirms:\n"
                     "  - {id: F001, location: {lat: 23.10, lon: 109.60}, members: {full: 3}}\n"
                     "  - {id: F002, location: {lat: 23.11, lon: 109.61}, members: {full: 3}}\n", encoding="utf-8")
    current = tmp_path / "current.yaml"
    current.write_text("branches:\n- {id: B" + "9" * (MAX_BRANCH_ID - 1) + ", lead: F001, firms: [F001]}\n",
                       encoding="utf-8")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "- id: B001\n" in out.read_text(encoding="utf-8")
    res = runner.invoke(app, ["check", str(out), "--firms", str(firms)])
    assert res.exit_code == 0, res.output
