"""branchplan explain on the Guigang example, against costs computed here by hand:
haversine distances from the coordinates in the firms file, members counted from it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIRMS = ROOT / "examples" / "guigang" / "firms.yaml"
PLAN = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()
DATA = yaml.safe_load(FIRMS.read_text(encoding="utf-8"))
BY_ID = {f["id"]: f for f in DATA["firms"]}
EARTH_KM = 6371.0088  # mean Earth radius (IUGG)


def km(a: str, b: str) -> float:
    p, q = BY_ID[a]["location"], BY_ID[b]["location"]
    lat1, lat2 = math.radians(p["lat"]), math.radians(q["lat"])
    dlat, dlon = lat2 - lat1, math.radians(q["lon"] - p["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def size(fid: str) -> int:
    return len(BY_ID[fid]["members"])


def full(fid: str) -> int:
    return sum(1 for m in BY_ID[fid]["members"] if m["status"] == "full")


def member_km(fid: str, lead: str) -> float:
    """The charter's distance cost: members x km, the km rounded to metres first."""
    return size(fid) * round(km(fid, lead) * 1000) / 1000


def run(*args) -> dict:
    res = runner.invoke(app, ["explain", str(PLAN), "--firms", str(FIRMS), "--format", "json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_branch_costs_by_hand():
    lead, joiners = "F028", ["F006", "F018", "F033", "F035"]
    data = run("--branch", "B005")
    rules = {r["code"]: r for r in data["rules"]}
    distance = sum(member_km(f, lead) for f in joiners)
    assert math.isclose(rules["BP-DISTANCE"]["cost"], distance, abs_tol=1e-9)
    other_district = [f for f in joiners if BY_ID[f]["district"] != BY_ID[lead]["district"]]
    assert other_district == ["F006"]
    assert rules["BP-DISTRICT"]["cost"] == 5 * len(other_district)
    assert BY_ID[lead]["director_is_member"] is False and rules["BP-LEAD-DIRECTOR"]["cost"] == 5
    assert rules["BP-FALLBACK"]["cost"] == 0
    assert math.isclose(data["cost"], distance + 5 + 5, abs_tol=1e-9)
    # the hard rules that bind it: 5 firms is the limit; full members well above 3
    assert rules["BP-JOINT-MAX-FIRMS"] == {"code": "BP-JOINT-MAX-FIRMS", "severity": "hard", "value": 5,
                                           "min": None, "max": 5, "status": "binding"}
    assert rules["BP-MIN-FULL"]["value"] == sum(full(f) for f in [lead] + joiners) == 9
    assert rules["BP-MIN-FULL"]["status"] == "holds"
    assert rules["BP-JOINT-MAX-MEMBERS"]["value"] == sum(size(f) for f in [lead] + joiners) == 11
    firms = {f["id"]: f for f in data["firms"]}
    assert math.isclose(firms["F006"]["km_to_lead"], round(km("F006", lead), 3), abs_tol=1e-9)
    assert math.isclose(firms["F006"]["cost"]["BP-DISTANCE"], member_km("F006", lead), abs_tol=1e-9)
    assert firms["F006"]["cost"]["BP-DISTRICT"] == 5
    # (the lead's director is not a member: that is the lead's cost, not a joiner's)
    assert firms[lead]["cost"] == {"BP-LEAD-DIRECTOR": 5}


def test_branch_text():
    res = runner.invoke(app, ["explain", str(PLAN), "--firms", str(FIRMS), "--branch", "B005"])
    assert res.exit_code == 0
    assert "BP-JOINT-MAX-FIRMS    hard  binding  5 firms (at most 5): at the limit" in res.stdout
    assert f"BP-DISTANCE           soft  {sum(member_km(f, 'F028') for f in ['F006', 'F018', 'F033', 'F035']):,.3f}" in res.stdout


def test_firm_alternatives_by_hand():
    data = run("--firm", "F006", "--alternatives", "6")
    assert data["branch"] == "B005"
    alts = {a["branch"]: a for a in data["alternatives"]}
    assert set(alts) == {"B001", "B002", "B003", "B004", "B006", "B007"}
    here = member_km("F006", "F028")
    # into joint branch B007 (led by F015, 桂平市): farther, still another district
    b007 = alts["B007"]
    assert math.isclose(b007["delta_by_rule"]["BP-DISTANCE"], member_km("F006", "F015") - here, abs_tol=1e-9)
    assert set(b007["delta_by_rule"]) == {"BP-DISTANCE"} and b007["breaks"] == []
    # into B006, which already has 5 firms: a 6th breaks the "at most 5 units" rule
    b006 = alts["B006"]
    assert [b["code"] for b in b006["breaks"]] == ["BP-JOINT-MAX-FIRMS"]
    assert "branch B006 has 6 firms; at most 5 allowed" in b006["breaks"][0]["message"]
    assert math.isclose(b006["delta_by_rule"]["BP-DISTANCE"], member_km("F006", "F010") - here, abs_tol=1e-9)
    # with standalone firm LA01 (a fallback): +1 at priority 0, then the distance change
    b004 = alts["B004"]
    assert b004["delta_by_priority"]["0"] == 1
    assert math.isclose(b004["delta_by_rule"]["BP-DISTANCE"], member_km("F006", "LA01") - here, abs_tol=1e-9)
    assert "BP-DISTRICT" not in b004["delta_by_rule"]  # LA01 is in 港北区 too: still another district
    # ranking: no broken rule first, then priority 0, then priority 1
    order = [a["branch"] for a in data["alternatives"]]
    assert order[0] == "B007" and order[-1] == "B006"
    assert math.isclose(data["placement_cost"]["BP-DISTANCE"], here, abs_tol=1e-9)


def test_firm_text_and_verdict_on_a_solved_plan(tmp_path):
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(FIRMS), "-o", str(plan)]).exit_code == 0
    solved = yaml.safe_load(plan.read_text(encoding="utf-8"))
    for branch in solved["branches"]:
        for firm in branch["firms"]:
            if BY_ID[firm]["members"] and full(firm) < 3:
                res = runner.invoke(app, ["explain", str(plan), "--firms", str(FIRMS), "--firm", firm])
                assert res.exit_code == 0
                # the plan is optimal: no single move improves it
                assert f"No other branch is better for {firm}" in res.stdout, res.stdout


def test_plan_overview_adds_up():
    data = run()
    assert len(data["branches"]) == 7
    total = sum(b["cost"] for b in data["branches"]) + sum(data["plan_wide"].values())
    assert math.isclose(total, data["cost"], abs_tol=1e-6)
    b007 = next(b for b in data["branches"] if b["branch"] == "B007")
    assert math.isclose(b007["cost_by_rule"]["BP-DISTANCE"],
                        sum(member_km(f, "F015") for f in ["F013", "F024", "F026"]), abs_tol=1e-9)


def test_big_firm_and_memberless_firm():
    big = run("--firm", "F001")
    assert big["reasons"][0] == "F001 has 14 full members (3 or more): BP-OWN-BRANCH requires it to lead a branch of its own; it leads B001."
    assert all(any(b["code"] == "BP-OWN-BRANCH" for b in a["breaks"]) for a in big["alternatives"])
    empty = run("--firm", "F004")
    assert empty["branch"] is None and "no Party members" in empty["reasons"][0]


def test_usage_errors_exit_2(tmp_path):
    base = ["explain", str(PLAN), "--firms", str(FIRMS)]
    res = runner.invoke(app, base + ["--branch", "B05"])
    assert res.exit_code == 2 and "no branch 'B05'" in res.stderr and "did you mean" in res.stderr
    res = runner.invoke(app, base + ["--firm", "F0006"])
    assert res.exit_code == 2 and "did you mean 'F006'" in res.stderr
    res = runner.invoke(app, base + ["--firm", "F006", "--branch", "B005"])
    assert res.exit_code == 2 and "not both" in res.stderr
    res = runner.invoke(app, ["explain", str(PLAN)])
    assert res.exit_code == 2
    bad = tmp_path / "plan.yaml"
    bad.write_text("branches:\n  - id: B1\n    lead: F001\n    firms: [F001]\n    colour: red\n", encoding="utf-8")
    res = runner.invoke(app, ["explain", str(bad), "--firms", str(FIRMS)])
    assert res.exit_code == 2 and f"{bad}:5:" in res.stderr
    assert res.stdout == ""


def test_an_alternative_leads_with_the_priority_that_decides_not_a_sum_across_levels():
    res = runner.invoke(app, ["explain", str(PLAN), "--firms", str(FIRMS), "--firm", "F006"])
    assert res.exit_code == 0, res.output
    assert ("B004, led by LA01 (16.279 km): +1.000 points at priority 0, then +0.978 points at priority 2 "
            "(BP-FALLBACK +1.000, BP-DISTANCE +0.978)") in res.stdout
    assert "+1.978 points" not in res.stdout


PLANAR = """jurisdiction: X
as_of: 2026-11-01
firms:
  - {id: F1, location: {x: 0, y: 0}, members: {full: 3}}
  - {id: F2, location: {x: 5, y: 0}, members: {full: 1}}
  - {id: F3, location: {x: 6, y: 0}, members: {full: 1}}
  - {id: F4, location: {x: 7, y: 0}, members: {full: 1}}
"""
NOWHERE = """jurisdiction: X
as_of: 2026-11-01
firms:
  - {id: F1, members: {full: 3}}
  - {id: F2, members: {full: 1}}
  - {id: F3, members: {full: 2}}
"""


def _explain(tmp_path, firms: str, plan: str, *args: str) -> str:
    (tmp_path / "firms.yaml").write_text(firms, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    res = runner.invoke(app, ["explain", str(tmp_path / "plan.yaml"), "--firms", str(tmp_path / "firms.yaml"), *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_planar_distances_carry_no_unit_and_unknown_ones_are_not_shown_as_zero(tmp_path):
    planar_plan = "branches:\n  - {id: B1, lead: F1, firms: [F1, F2]}\n  - {id: B2, lead: F3, firms: [F3, F4]}\n"
    text = _explain(tmp_path, PLANAR, planar_plan, "--firm", "F2")
    assert "(5.000 away; a fallback, BP-FALLBACK)" in text
    assert "1. B2, led by F3 (1.000):" in text
    assert "km" not in text
    zh = _explain(tmp_path, PLANAR, planar_plan, "--branch", "B1", "--lang", "zh")
    assert "公里" not in zh and "距牵头单位" in zh
    data = json.loads(_explain(tmp_path, PLANAR, planar_plan, "--firm", "F2", "--format", "json"))
    assert data["alternatives"][0]["distance_to_lead"] == 1.0 and "km_to_lead" not in data["alternatives"][0]
    # no locations at all: no distance, rather than 0.000 km
    plan = "branches:\n  - {id: B1, lead: F1, firms: [F1]}\n  - {id: B2, lead: F3, firms: [F3, F2]}\n"
    text = _explain(tmp_path, NOWHERE, plan, "--firm", "F2")
    assert "It is in joint branch B2, led by F3." in text
    assert "1. B1, led by F1:" in text
    assert "0.000" not in text and "km" not in text
    zh = _explain(tmp_path, NOWHERE, plan, "--firm", "F2", "--lang", "zh")
    assert "该单位在联合党支部 B2，由 F3 牵头。" in zh and "公里" not in zh
    data = json.loads(_explain(tmp_path, NOWHERE, plan, "--branch", "B2", "--format", "json"))
    assert not any("km_to_lead" in f or "distance_to_lead" in f for f in data["firms"])


@pytest.mark.parametrize("plan, target", [("plan-2027.yaml", ["--branch", "B008"]),
                                          ("plan-current.yaml", ["--branch", "B005"]),
                                          ("plan-2027.yaml", ["--firm", "F028"]),
                                          ("plan-2027.yaml", [])])
def test_explain_leaves_out_the_rules_that_need_the_plan_replanned_from(plan, target):
    """Stability needs the plan in force, which explain is not given: it is not listed (as
    check and `branchplan rules` leave it out), rather than costed at 0.000; a firm's
    explanation on a re-plan names it only as the rule it cannot weigh (JSON ``replan``, and
    the verdict where a move costs less after it)."""
    guigang = ROOT / "examples" / "guigang"
    firms = guigang / ("firms-2027.yaml" if "2027" in plan else "firms.yaml")
    for fmt in ("text", "json"):
        res = runner.invoke(app, ["explain", str(guigang / plan), "--firms", str(firms), "-f", fmt] + target)
        assert res.exit_code == 0, res.output
        out = res.stdout
        if "--firm" in target and fmt == "json":
            data = json.loads(out)
            assert data.pop("replan") == {"rule": "BP-STABILITY", "priority": 1}
            out = json.dumps(data, ensure_ascii=False)
        elif "--firm" in target:
            out = "\n".join(ln for ln in out.splitlines() if "but this plan is a re-plan" not in ln)
        assert "BP-STABILITY" not in out and "BP-DISTANCE" in out
