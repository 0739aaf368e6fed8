"""A hand edit that moves a branch's lead into another branch but keeps it as the lead: the
branch's other firms are still weighed against that lead (distance, district), so check's
cost is not understated, and the finding says so."""

import json

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = """\
jurisdiction: 甲市
as_of: 2026-11-01
firms:
  - {id: A, location: {x: 0, y: 0}, district: 东区, members: {full: 4}}
  - {id: B, location: {x: 1, y: 0}, district: 东区, members: {full: 2}}
  - {id: C, location: {x: 5, y: 0}, district: 西区, members: {full: 1}}
  - {id: D, location: {x: 9, y: 0}, district: 西区, members: {full: 2}}
  - {id: E, location: {x: 10, y: 0}, district: 西区, members: {full: 1}}
"""
# B, the lead of B002, moved into B001, still named B002's lead
PLAN = """\
branches:
  - {id: B001, lead: A, firms: [A, B]}
  - {id: B002, lead: B, firms: [C, D, E]}
"""


def test_the_branch_of_a_lead_outside_it_is_still_costed(tmp_path):
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(ROSTER, encoding="utf-8")
    plan.write_text(PLAN, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--format", "json"]).stdout)
    assert data["verdict"] == "fail"
    rules = data["costs"]["rules"]
    # B 2 x 1 from A in B001; C 1 x 4, D 2 x 8 and E 1 x 9 from B
    assert rules["BP-DISTANCE"]["cost"] == 31.0
    assert rules["BP-DISTRICT"]["findings"] == 3
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--lang", "en"])
    assert ("BP-ONE-BRANCH [hard] branch B002 is led by B, which is not one of its units (its firms' distances "
            "and districts are still measured from B)") in res.stdout
    assert "firm C (西区) is in branch B002 led from 东区" in res.stdout
    zh = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--lang", "zh"])
    assert "支部 B002 的牵头单位 B 不在本支部（本支部各单位的距离、区县仍按 B 计算）" in zh.stdout


def _files(tmp_path, roster: str, plan: str):
    firms, path = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(roster, encoding="utf-8")
    path.write_text(plan, encoding="utf-8")
    return firms, path


def _check_json(plan, firms, *extra):
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--format", "json", *extra])
    return json.loads(res.stdout)


# A (4 full members: a firm of its own branch) named lead of B002 while listed in B001 alone
PLAN_BIG_LEAD = """\
branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: A, firms: [B, C, D, E]}
"""


def test_small_firms_led_from_a_standalone_firm_outside_their_branch_are_fallback_placements(tmp_path):
    firms, plan = _files(tmp_path, ROSTER, PLAN_BIG_LEAD)
    data = _check_json(plan, firms)
    rules = data["costs"]["rules"]
    # the four small firms placed with standalone firm A, as the solver would charge them
    assert rules["BP-FALLBACK"]["cost"] == 4.0
    assert data["costs"]["by_priority"]["0"] == 4.0
    fallback = [f for f in data["findings"] if f["code"] == "BP-FALLBACK"]
    assert [f["firms"] for f in fallback] == [["B"], ["C"], ["D"], ["E"]]
    assert fallback[0]["message"] == "firm B is placed with standalone firm A in branch B002 (fallback)"
    # explain's figures are check's
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--branch", "B002", "--format", "json"])
    detail = json.loads(res.stdout)
    line = next(r for r in detail["rules"] if r["code"] == "BP-FALLBACK")
    assert line["cost"] == 4.0
    assert len(line["findings"]) == 4
    assert all(f["cost"]["BP-FALLBACK"] == 1.0 for f in detail["firms"])


def test_a_lead_outside_its_branch_whose_director_is_no_member_costs_its_branch(tmp_path):
    roster = ROSTER.replace("{id: B, location: {x: 1, y: 0}, district: 东区,",
                            "{id: B, location: {x: 1, y: 0}, district: 东区, director_is_member: false,")
    assert roster != ROSTER
    firms, plan = _files(tmp_path, roster, PLAN)
    data = _check_json(plan, firms)
    lead = [f for f in data["findings"] if f["code"] == "BP-LEAD-DIRECTOR"]
    assert [(f["branch"], f["firms"]) for f in lead] == [("B002", ["B"])]
    assert lead[0]["message"] == "branch B002 is led by B, whose director is not a Party member"
    assert data["costs"]["rules"]["BP-LEAD-DIRECTOR"]["cost"] == 5.0


MAX_KM = """\
extends: cpc-branch-2018
rules:
  - code: NEAR-HARD
    kind: max_distance
    params: {max: 8.5}
  - code: NEAR-SOFT
    kind: max_distance
    severity: soft
    weight: 20
    params: {max: 6}
"""


def test_a_lead_outside_its_branch_is_where_a_distance_limit_is_measured_from(tmp_path):
    firms, plan = _files(tmp_path, ROSTER, PLAN)
    rules = tmp_path / "rules.yaml"
    rules.write_text(MAX_KM, encoding="utf-8")
    data = _check_json(plan, firms, "--rules", str(rules))
    # from B (x 1): C at 4, D at 8 and E at 9; B itself, in B001, at 1 from A
    hard = [f for f in data["findings"] if f["code"] == "NEAR-HARD"]
    assert [f["firms"] for f in hard] == [["E"]]
    assert hard[0]["message"] == "firm E is 9.0 from lead B of branch B002, over the limit of 8.5"
    soft = [f for f in data["findings"] if f["code"] == "NEAR-SOFT"]
    assert [f["firms"] for f in soft] == [["D"], ["E"]]
    assert data["costs"]["rules"]["NEAR-SOFT"]["cost"] == 40.0
