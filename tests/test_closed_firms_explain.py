"""explain on last year's plan with this year's roster: a branch whose every firm closed is
gone (no alternative, nowhere a dissolved branch's firms go), and no distance is measured to
a lead the roster no longer has."""

import json

from typer.testing import CliRunner

from branchplan.cli import app
from test_closed_firms_check import _files

runner = CliRunner()


def test_explain_offers_no_gone_branch_and_no_distance_to_a_closed_lead(tmp_path):
    plan, firms = _files(tmp_path)
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "E", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["considered"] == 2      # B001 and B002: B004 and B005 are gone
    assert {m["branch"] for m in data["alternatives"]} == {"B001", "B002"}
    assert all(m["km_to_lead"] > 40 for m in data["alternatives"])
    assert "Branch B003's lead D is not in the roster any more (closed or given a new id?)." in data["reasons"]
    assert not any("not one of its units" in r for r in data["reasons"])
    if "regroup" in data:
        assert {s["branch"] for s in data["regroup"]["moves"]} <= {"B001", "B002"}
    text = runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "E", "--lang", "zh"]).stdout
    assert "支部 B003 的牵头单位 D 已不在名册中（已注销或更换编号？）。" in text
    assert "B004" not in text and "B005" not in text and "0.000 公里" not in text


def test_explain_measures_nothing_to_a_closed_lead(tmp_path):
    """A firm of another branch weighing a move into B003, whose lead closed: no "0 km"."""
    plan, firms = _files(tmp_path)
    data = json.loads(runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "C", "--alternatives", "5",
                                          "--format", "json"]).stdout)
    into = [m for m in data["alternatives"] if m["branch"] == "B003"]
    assert into and "km_to_lead" not in into[0] and "distance_to_lead" not in into[0]
