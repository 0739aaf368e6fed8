"""explain on a re-plan: a move that costs less at the distance's priority is not called an
improvement where the re-plan charges moving members first (which explain cannot weigh)."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _firm(fid: str, full: int, lon: float) -> dict:
    return {"id": fid, "name": f"{fid} 律师事务所", "district": "甲区", "location": {"lat": 23.0, "lon": lon},
            "members": [{"id": f"{fid}-{k}", "status": "full", "joined": "2010-01-01"} for k in range(full)]}


def _files(tmp_path):
    # E sits beside C; the current plan has it with A, far away
    roster = {"jurisdiction": "甲市", "as_of": "2026-11-01",
              "firms": [_firm("A", 2, 109.00), _firm("B", 1, 109.01), _firm("C", 2, 109.50),
                        _firm("D", 1, 109.51), _firm("E", 1, 109.52)]}
    current = {"branches": [{"id": "B1", "kind": "joint", "lead": "A", "firms": ["A", "B", "E"]},
                            {"id": "B2", "kind": "joint", "lead": "C", "firms": ["C", "D"]}]}
    (tmp_path / "firms.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    (tmp_path / "current.yaml").write_text(yaml.safe_dump(current), encoding="utf-8")
    return tmp_path / "firms.yaml", tmp_path / "current.yaml"


def test_a_replan_keeps_a_firm_and_explain_says_why_it_cannot_call_the_move_better(tmp_path):
    firms, current = _files(tmp_path)
    replan = tmp_path / "replan.yaml"
    r = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(replan)])
    assert r.exit_code == 0, r.output
    plan = yaml.safe_load(replan.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and "BP-STABILITY" in plan["objective"]["rules"]
    assert any(b["firms"] == ["A", "B", "E"] for b in plan["branches"])     # nobody moved
    r = runner.invoke(app, ["explain", str(replan), "--firms", str(firms), "--firm", "E"])
    assert r.exit_code == 0, r.output
    last = r.output.strip().splitlines()[-1]
    assert last.startswith("Moving E to B2 would cost less at priority 2, but this plan is a re-plan")
    assert "BP-STABILITY, priority 1" in last and "would improve the plan" not in r.output
    r = runner.invoke(app, ["explain", str(replan), "--firms", str(firms), "--firm", "E", "--format", "json"])
    assert json.loads(r.output)["replan"] == {"rule": "BP-STABILITY", "priority": 1}
    r = runner.invoke(app, ["explain", str(replan), "--firms", str(firms), "--firm", "E", "--lang", "zh"])
    assert "本方案是调整方案" in r.output

    # a fresh solve of the same roster puts E with C, and there no move of E is better
    fresh = tmp_path / "fresh.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(fresh)]).exit_code == 0
    r = runner.invoke(app, ["explain", str(fresh), "--firms", str(firms), "--firm", "E"])
    assert r.output.strip().splitlines()[-1].startswith("No other branch is better for E")
    r = runner.invoke(app, ["explain", str(fresh), "--firms", str(firms), "--firm", "E", "--format", "json"])
    assert "replan" not in json.loads(r.output)


def test_the_same_move_on_a_hand_made_plan_is_an_improvement(tmp_path):
    # the current plan itself records no objective: nothing charges moves there
    firms, current = _files(tmp_path)
    r = runner.invoke(app, ["explain", str(current), "--firms", str(firms), "--firm", "E"])
    assert r.exit_code == 0, r.output
    assert r.output.strip().splitlines()[-1] == "Moving E to B2 would improve the plan."


def test_a_move_cheaper_before_the_moves_priority_is_still_an_improvement():
    """On a re-plan, a move cheaper at a priority before the moves' (a fallback mended, priority
    0) is an improvement whatever the moves cost; one cheaper only after them is not called so."""
    from branchplan.explain_text import verdict

    def data(deltas):
        return {"firm": "E", "replan": {"rule": "BP-STABILITY", "priority": 1}, "considered": 1,
                "alternatives": [{"branch": "B2", "breaks": [], "mends": [], "delta_by_priority": deltas}]}

    assert verdict(data({"0": -1.0, "2": 5.0})) == "Moving E to B2 would improve the plan."
    assert verdict(data({"2": -5.0})).startswith("Moving E to B2 would cost less at priority 2, but this plan is")
    assert verdict(data({"1": -1.0})).startswith("Moving E to B2 would cost less at priority 1, but this plan is")
    assert verdict(data({"2": 5.0})).startswith("No other branch is better for E")
