"""A branch whose lead is handed over to another of its firms, the old lead staying in it,
continues: nobody moves, for the re-plan, the stability rule, check --base, diff and
--max-moves alike; the handover costs the rule's lead_weight. An old id led by a firm that
was not in that branch names a new branch, for all of them alike too."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EN = {"BRANCHPLAN_LANG": "en"}

BASE = """jurisdiction: 甲市
as_of: 2026-11-01
firms:
  - {id: A, location: {x: 0, y: 0}, district: 东区, members: {full: 4}}
  - {id: B, location: {x: 1, y: 0}, district: 东区, members: [{id: b1, status: full, joined: 2010-01-01}, {id: b2, status: full, joined: 2010-01-01}]}
  - {id: C, location: {x: 2, y: 0}, district: 东区, members: [{id: c1, status: full, joined: 2010-01-01}]}
  - {id: D, location: {x: 10, y: 0}, district: 西区, members: [{id: d1, status: full, joined: 2010-01-01}, {id: d2, status: full, joined: 2010-01-01}, {id: d3, status: probationary, joined: 2026-03-01}]}
  - {id: E, location: {x: 11, y: 0}, district: 西区, members: [{id: e1, status: full, joined: 2010-01-01}]}
  - {id: F, location: {x: 12, y: 0}, district: 西区, members: [{id: f1, status: full, joined: 2010-01-01}, {id: f2, status: full, joined: 2010-01-01}]}
  - {id: G, location: {x: 3, y: 0}, district: 东区, members: [{id: g1, status: full, joined: 2010-01-01}]}
"""
PLAN0 = """branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: B, firms: [B, C, G]}
  - {id: B003, lead: D, firms: [D, E, F]}
"""
# F grows to 3 full members: it must lead its own branch
GROW_F = BASE.replace("{id: f2, status: full, joined: 2010-01-01}]",
                      "{id: f2, status: full, joined: 2010-01-01}, {id: f3, status: full, joined: 2020-01-01}]")
HANDED = PLAN0.replace("{id: B003, lead: D,", "{id: B003, lead: F,")


def files(tmp_path: Path, **texts: str) -> dict[str, str]:
    out = {}
    for name, text in texts.items():
        p = tmp_path / f"{name}.yaml"
        p.write_text(text, encoding="utf-8")
        out[name] = str(p)
    return out


def test_a_handover_moves_nobody_everywhere_and_costs_the_lead_weight(tmp_path):
    f = files(tmp_path, base=BASE, grow=GROW_F, plan0=PLAN0, handed=HANDED)
    res = runner.invoke(app, ["check", f["handed"], "--firms", f["grow"], "--base", f["plan0"],
                              "--base-firms", f["base"], "--max-moves", "0", "--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["moves"]["moved"] == 0 and data["moves"]["cost"] == 0.001
    assert data["diff"]["lead_changes"] == [{"branch": "B003", "from": "D", "to": "F"}]
    # the re-plan may hand the branch over too: a cap of 0 now has a plan (D and E stay in
    # B003 under F, as fallback placements), where before it had none
    out = tmp_path / "capped.yaml"
    res = runner.invoke(app, ["solve", f["grow"], "--current", f["plan0"], "--old-firms", f["base"],
                              "--max-moves", "0", "-o", str(out), "-q"], env=EN)
    assert res.exit_code == 0, res.output
    plan = {b["id"]: b for b in yaml.safe_load(out.read_text("utf-8"))["branches"]}
    assert plan["B003"]["lead"] == "F" and sorted(plan["B003"]["firms"]) == ["D", "E", "F"]
    # its own check agrees: nobody moved, within the cap
    res = runner.invoke(app, ["check", str(out), "--firms", f["grow"], "--base", f["plan0"],
                              "--base-firms", f["base"], "--max-moves", "0"], env=EN)
    assert res.exit_code == 0 and "0 members change branch (limit 0)" in res.stdout


def test_without_a_reason_leads_are_kept(tmp_path):
    # D's director is no Party member any more: handing B003 to F would save the lead-director
    # points, but stability comes first and a handover costs 0.001 there
    no_dir = BASE.replace("{id: D, location: {x: 10, y: 0}, district: 西区,",
                          "{id: D, location: {x: 10, y: 0}, district: 西区, director_is_member: false,")
    f = files(tmp_path, firms=no_dir, plan0=PLAN0, free=("charter: free-leads\nextends: cpc-branch-2018\nrules:\n"
                                                         "  - code: BP-STABILITY\n    params: {lead_weight: 0}\n"))
    res = runner.invoke(app, ["solve", f["firms"], "--current", f["plan0"], "-f", "json"], env=EN)
    assert res.exit_code == 0, res.output
    leads = {b["id"]: b["lead"] for b in json.loads(res.stdout)["plan"]["branches"]}
    assert leads == {"B001": "A", "B002": "B", "B003": "D"}
    # with lead_weight 0 the lead rotates to a firm whose director is a member; nobody moves
    res = runner.invoke(app, ["solve", f["firms"], "--current", f["plan0"], "-r", f["free"], "-f", "json"], env=EN)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert {b["id"]: b["lead"] for b in doc["plan"]["branches"]}["B003"] != "D"
    assert doc["replan"]["members_moved"] == 0


def test_an_old_id_led_by_an_outsider_is_a_new_branch_for_diff_and_stability_alike(tmp_path):
    # B's members b1 and b2 moved to E, which has 3 full members now; B has none
    to_e = BASE.replace(
        "members: [{id: b1, status: full, joined: 2010-01-01}, {id: b2, status: full, joined: 2010-01-01}]",
        "members: []").replace(
        "members: [{id: e1, status: full, joined: 2010-01-01}]",
        "members: [{id: e1, status: full, joined: 2010-01-01}, {id: b1, status: full, joined: 2010-01-01}, "
        "{id: b2, status: full, joined: 2010-01-01}]")
    hand = """branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: E, firms: [E]}
  - {id: B003, lead: D, firms: [D, C, F, G]}
"""
    f = files(tmp_path, base=BASE, firms=to_e, plan0=PLAN0, hand=hand)
    res = runner.invoke(app, ["check", f["hand"], "--firms", f["firms"], "--base", f["plan0"],
                              "--base-firms", f["base"], "--format", "json"], env=EN)
    data = json.loads(res.stdout)
    # c1, g1 and e1 changed branch, and b1, b2 are in a new branch that took B002's id
    assert data["moves"]["moved"] == 5 and data["moves"]["cost"] == 5.003
    assert {"branch": "B002", "from": "B", "to": "E", "new_branch": True} in data["diff"]["lead_changes"]
    res = runner.invoke(app, ["diff", f["plan0"], f["hand"], "--firms", f["firms"], "--old-firms", f["base"]], env=EN)
    assert "  member b1 (now E) moves B002 -> B002 (a new branch under that id)" in res.stdout
    assert "member b1 moved to firm E, now in B002" in res.stdout
    # the re-plan moves as few as the same count allows
    res = runner.invoke(app, ["solve", f["firms"], "--current", f["plan0"], "--old-firms", f["base"],
                              "-f", "json"], env=EN)
    assert res.exit_code == 0 and json.loads(res.stdout)["replan"]["members_moved"] == 5


def test_the_gap_says_when_a_handover_is_what_the_plan_pays_for(tmp_path):
    no_dir = BASE.replace("{id: D, location: {x: 10, y: 0}, district: 西区,",
                          "{id: D, location: {x: 10, y: 0}, district: 西区, director_is_member: false,")
    f = files(tmp_path, firms=no_dir, plan0=PLAN0, handed=HANDED)
    args = ["check", f["handed"], "--firms", f["firms"], "--base", f["plan0"], "--max-moves", "0", "--max-gap", "10"]
    res = runner.invoke(app, args, env=EN)
    assert res.exit_code == 1
    assert ("the plan is worse at priority 1: 0.001 points against the best re-plan's 0.000 (the plan hands 1 lead "
            "over within its branch, which the stability rule charges; lead_weight: 0 lets leads change freely)") \
        in res.stdout
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert "（方案在支部内更换牵头单位 1 处，稳定性规则对此计分；lead_weight 设为 0 则可自由更换）" in zh.stdout
    # a plan that moves members instead says nothing of handovers
    moved = PLAN0.replace("[B, C, G]", "[B, C]").replace("[D, E, F]", "[D, E, F, G]")
    f = files(tmp_path, moved=moved)
    res = runner.invoke(app, ["check", f["moved"], "--firms", str(tmp_path / "firms.yaml"), "--base",
                              str(tmp_path / "plan0.yaml"), "--max-gap", "10"], env=EN)
    assert "priority 1" in res.stdout and "hands" not in res.stdout


def test_a_branch_across_jurisdictions_continues_where_most_of_its_members_are_for_check_and_diff_too(tmp_path):
    firms = """as_of: 2026-11-01
firms:
  - {id: F1, jurisdiction: J1, location: {x: 9, y: 9}, members: {full: 4}}
  - {id: F2, jurisdiction: J2, location: {x: 9, y: 3}, members: {full: 1, probationary: 1}}
  - {id: F3, jurisdiction: J1, location: {x: 4, y: 3}, members: {full: 1}}
  - {id: F4, jurisdiction: J2, location: {x: 6, y: 10}, members: {full: 2}}
  - {id: F5, jurisdiction: J1, location: {x: 2, y: 10}, members: {full: 1}}
  - {id: F6, jurisdiction: J1, location: {x: 6, y: 2}, members: {full: 1}}
"""
    current = """branches:
  - {id: B001, lead: F4, firms: [F3, F4]}
  - {id: B002, lead: F6, firms: [F6, F1]}
  - {id: B003, lead: F2, firms: [F2, F5]}
"""
    # B001 (F3 in J1 with 1 member, F4 in J2 with 2) continues in J2: its id on F3's J1
    # branch names a new branch, and F3 moved
    hand = """branches:
  - {id: B002, lead: F1, firms: [F1]}
  - {id: B003, lead: F2, firms: [F2, F4]}
  - {id: B001, lead: F3, firms: [F3, F5, F6]}
"""
    f = files(tmp_path, firms=firms, current=current, hand=hand)
    res = runner.invoke(app, ["solve", f["firms"], "--current", f["current"], "-f", "json"], env=EN)
    assert json.loads(res.stdout)["replan"]["members_moved"] == 5
    res = runner.invoke(app, ["check", f["hand"], "--firms", f["firms"], "--base", f["current"],
                              "--max-gap", "1", "--format", "json"], env=EN)
    data = json.loads(res.stdout)
    assert data["moves"]["moved"] == 5 and data["moves"]["cost"] == 5.004
    assert data["gap"]["gap_pct"] == 0 and "better than" not in data["gap"]["sentence"]
    assert {"branch": "B001", "from": "F4", "to": "F3", "new_branch": True, "continues_in": "J2"} \
        in data["diff"]["lead_changes"]
    res = runner.invoke(app, ["diff", f["current"], f["hand"], "--firms", f["firms"]], env=EN)
    assert "  branch B001 lead F4 -> F3, outside J2, where the branch continues (most of its members are there)" \
        in res.stdout


def test_the_cost_of_a_handover_is_told_beside_the_stability_cost(tmp_path):
    """A re-plan that only hands B003 over to F costs 0.001 with no member moved: the cost
    table and check --base say the cost is for a lead handover, in both languages."""
    f = files(tmp_path, base=BASE, grow=GROW_F, plan0=PLAN0, handed=HANDED)
    solve = ["solve", f["grow"], "--current", f["plan0"], "--old-firms", f["base"], "--max-moves", "0",
             "-f", "text"]
    res = runner.invoke(app, solve, env=EN)
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("  BP-STABILITY"))
    assert line.split()[3:7] == ["measure", "0.000", "cost", "0.001"]
    assert line.endswith("(0.001 of the cost: 1 lead handover within a branch, which moves nobody)")
    zh = runner.invoke(app, solve + ["--lang", "zh"])
    assert "代价        0.001（其中 0.001 分：支部内更换牵头单位 1 处，不涉及党员变动）" in zh.stdout
    check = ["check", f["handed"], "--firms", f["grow"], "--base", f["plan0"], "--base-firms", f["base"],
             "--max-moves", "0"]
    res = runner.invoke(app, check, env=EN)
    assert res.exit_code == 0, res.output
    assert "Moves from the base: BP-STABILITY 0.001 points" in res.stdout
    assert "  0.001 points of it: 1 lead handover within a branch, which moves nobody\n" in res.stdout
    zh = runner.invoke(app, check + ["--lang", "zh"])
    assert "  其中 0.001 分：支部内更换牵头单位 1 处，不涉及党员变动\n" in zh.stdout
    data = json.loads(runner.invoke(app, check + ["--format", "json"], env=EN).stdout)["moves"]
    assert (data["moved"], data["handovers"], data["handovers_cost"], data["cost"]) == (0, 1, 0.001, 0.001)
    # a re-plan that keeps every lead says nothing of handovers
    res = runner.invoke(app, ["solve", f["base"], "--current", f["plan0"], "-f", "text"], env=EN)
    assert res.exit_code == 0 and "handover" not in res.stdout


def test_the_report_says_what_the_handover_cost_is_for(tmp_path):
    """report --base: the moves' cost beside the objective names the handover, as check does."""
    f = files(tmp_path, base=BASE, grow=GROW_F, plan0=PLAN0, handed=HANDED)
    out = tmp_path / "report.html"
    args = ["report", f["handed"], "--firms", f["grow"], "--base", f["plan0"], "--base-firms", f["base"], "-o", str(out)]
    res = runner.invoke(app, args, env=EN)
    assert res.exit_code == 0, res.output
    assert "0.001 points of it: 1 lead handover within a branch, which moves nobody" in out.read_text(encoding="utf-8")
    res = runner.invoke(app, args + ["--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "其中 0.001 分：支部内更换牵头单位 1 处，不涉及党员变动" in out.read_text(encoding="utf-8")
    # a base plan whose leads are kept: no such words
    res = runner.invoke(app, ["report", f["plan0"], "--firms", f["base"], "--base", f["plan0"], "-o", str(out)], env=EN)
    assert res.exit_code == 0 and "handover" not in out.read_text(encoding="utf-8")
