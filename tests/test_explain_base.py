"""explain --base OLD_PLAN [--base-firms OLD_FIRMS]: a re-plan explained beside the plan it was
re-planned from, on the Guigang example (plan-2027.yaml, re-planned from plan-current.yaml with
firms-2027.yaml, the old firms file firms.yaml): where a firm was, whether it moved and why, and
every alternative priced with BP-STABILITY as the re-plan prices it."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import branchplan
from branchplan.check import moves_cost
from branchplan.cli import app
from branchplan.explain_text import _levels, verdict

ROOT = Path(__file__).resolve().parents[1]
G = ROOT / "examples" / "guigang"
PLAN, FIRMS = G / "plan-2027.yaml", G / "firms-2027.yaml"
BASE, BASE_FIRMS = G / "plan-current.yaml", G / "firms.yaml"
runner = CliRunner()


def explain(*args, base=True, base_firms=True, fmt="json"):
    cmd = ["explain", str(PLAN), "--firms", str(FIRMS)]
    if base:
        cmd += ["--base", str(BASE)]
    if base_firms:
        cmd += ["--base-firms", str(BASE_FIRMS)]
    cmd += [*args, "--format", fmt]
    res = runner.invoke(app, cmd)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout) if fmt == "json" else res.stdout


def test_a_firm_that_graduated_moved_with_its_members_and_says_why():
    data = explain("--firm", "F028")
    b = data["base"]
    assert b["plan"] == str(BASE) and b["branch_before"] == "B005" and b["branch"] == "B008"
    assert b["moved"] is True and b["members_moved"] == 3 and b["cost"] == 3.001
    assert b["moves"] == [{"firm": "F028", "members": 3, "from": "B005", "to": "B008", "changed_firm": False}]
    assert b["reasons"] == ["BP-OWN-BRANCH: firm F028 now has 3 full members and must form its own branch: "
                            "it and the 4 other firms of B005 cannot stay together"]
    assert b["reasons_zh"] == ["单位 F028 现有 3 名正式党员，应单独建立党支部，不能再与支部 B005 的其余 4 个单位"
                               "同在一个支部（BP-OWN-BRANCH）"]
    assert b["back"] == "B005" and "replan" not in data
    # (its own costs are those of leading B008: the move is told with the move)
    assert "BP-STABILITY" not in data["lead_cost"]
    # going back to B005 saves its 3 members' move (and the firm's 0.001), less the 0.001 of
    # handing B005's lead back over within the branch
    back = [a for a in data["alternatives"] if a.get("back")]
    assert [a["branch"] for a in back] == ["B005"]
    assert back[0]["delta_by_rule"]["BP-STABILITY"] == -3.0 and back[0]["delta_by_priority"]["1"] == -3.0

    text = explain("--firm", "F028", fmt="text")
    assert f"Since {BASE}\n" in text
    assert f"  - F028 was in B005 in {BASE}; it moved to B008 with its 3 members.\n" in text
    assert "  - The re-plan charges 3.001 points for this (BP-STABILITY).\n" in text
    assert f"  - Why it left B005 ({BASE} read with this firms file):\n      BP-OWN-BRANCH: firm F028 now" in text
    assert f"back to B005, where it was in {BASE}, led by F033" in text
    assert text.strip().splitlines()[-1].startswith("No other branch is better for F028")


def test_a_member_who_changed_firm_moved_with_the_new_firm_only_when_the_old_firms_file_is_given():
    data = explain("--firm", "F036")
    b = data["base"]
    assert b["branch_before"] == "B006" and b["branch"] == "B006" and b["moved"] is False
    assert b["members_moved"] == 1 and b["cost"] == 1.0
    assert b["moves"] == [{"firm": "F036", "members": 1, "from": "B001", "to": "B006", "changed_firm": True,
                           "member_ids": ["M0012"]}]
    text = explain("--firm", "F036", fmt="text")
    assert f"  - F036 was in B006 in {BASE}; it stays in B006.\n" in text
    assert "  - 1 member who joined F036 since (M0012) moved from B001 to B006 with it" in text
    zh = explain("--firm", "F036", "--lang", "zh", fmt="text")
    assert "  - 此后调入 F036 的 1 名党员（M0012）由 B001 调整至 B006（调换单位的党员随新单位编入支部）。\n" in zh

    # without the old firms file M0012 is taken to have been in F036: nobody moved
    b = explain("--firm", "F036", base_firms=False)["base"]
    assert b["members_moved"] == 0 and b["moves"] == [] and b["cost"] == 0.0
    assert "M0012" not in explain("--firm", "F036", base_firms=False, fmt="text")


def test_a_firm_that_stayed_says_so_and_the_lead_its_branch_has_now():
    b = explain("--firm", "F033")["base"]
    assert (b["branch_before"], b["branch"], b["moved"], b["members_moved"]) == ("B005", "B005", False, 0)
    assert (b["lead_before"], b["lead_now"]) == ("F028", "F033")
    assert b["reasons"] == [] and b["target_reasons"] == []
    text = explain("--firm", "F033", fmt="text")
    assert f"  - F033 was in B005 in {BASE}; it stays in B005.\n" in text
    assert f"  - B005 is led by F033 now; F028 led it in {BASE}.\n" in text
    b = explain("--firm", "F002")["base"]
    assert (b["branch_before"], b["moved"], b["members_moved"], b["cost"]) == ("B002", False, 0, 0.0)
    assert "lead_before" not in b
    text = explain("--firm", "F002", fmt="text")
    assert f"  - F002 was in B002 in {BASE}; it stays in B002.\n\nWhy\n" in text


def test_a_firm_new_to_the_roster_moves_no_one_and_needs_a_branch():
    data = explain("--firm", "F037")
    b = data["base"]
    assert b["branch_before"] is None and b["branch"] == "B005" and b["new_to_roster"] is True
    assert b["moved"] is False and b["members_moved"] == 0 and "back" not in b
    assert b["reasons"] == ["BP-ONE-BRANCH: new firm F037 (2 members, all new to the roster) needs a branch"]
    text = explain("--firm", "F037", fmt="text")
    assert f"  - F037 is new to the roster since {BASE}: a firm new to the plan does not move.\n" in text
    # without the old firms file: the base plan does not place it, as check words it
    b = explain("--firm", "F037", base_firms=False)["base"]
    assert b["new_to_roster"] is None and b["reasons"][0].startswith("BP-ONE-BRANCH: firm F037 (2 members) is in no")
    assert f"  - F037 was in no branch of {BASE}: a firm new to the plan does not move.\n" in \
        explain("--firm", "F037", base_firms=False, fmt="text")


def _moved(plan: dict, firm: str, target: str) -> dict:
    out = copy.deepcopy(plan)
    for b in out["branches"]:
        if firm in b["firms"]:
            assert b["lead"] != firm
            b["firms"].remove(firm)
        if b["id"] == target:
            b["firms"].append(firm)
    return out


@pytest.mark.parametrize("firm", ["F036", "F006", "F021", "F037"])
def test_each_alternatives_stability_delta_is_what_the_moved_plan_costs_beside_the_base(firm):
    """Against the whole moved plan priced beside the base (check --base's moves' cost)."""
    roster, old = branchplan.load_roster(FIRMS), branchplan.load_roster(BASE_FIRMS)
    plan_doc = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    current = branchplan.load_current(BASE, roster, old_roster=old)
    charter = branchplan.load_charter()
    here = moves_cost(branchplan.plan_from_data(plan_doc), roster, charter, "2027-11-01", current)[0]
    data = explain("--firm", firm, "--alternatives", "20")
    assert len(data["alternatives"]) == data["considered"] > 0
    for a in data["alternatives"]:
        moved = branchplan.plan_from_data(_moved(plan_doc, firm, a["branch"]))
        there = moves_cost(moved, roster, charter, "2027-11-01", current)[0]
        assert a["delta_by_rule"].get("BP-STABILITY", 0) == round((there - here) / 1000, 3), a["branch"]
        assert a["delta_by_priority"].get("1", 0) == a["delta_by_rule"].get("BP-STABILITY", 0)
    # by hand: F036 to B001 moves its one member of B006 (1.001) and brings M0012 back to B001 (-1)
    if firm == "F036":
        by = {a["branch"]: a["delta_by_rule"] for a in data["alternatives"]}
        assert by["B001"]["BP-STABILITY"] == 0.001 and by["B007"]["BP-STABILITY"] == 1.001


def test_on_the_re_plan_solve_proved_optimal_no_move_is_an_improvement_with_the_base():
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and "BP-STABILITY" in plan["objective"]["rules"]
    roster = yaml.safe_load(FIRMS.read_text(encoding="utf-8"))
    for f in roster["firms"]:
        data = explain("--firm", f["id"], "--alternatives", "20")
        if "considered" not in data:     # (a firm without Party members: in no branch)
            assert not f.get("members") and data["branch"] is None
            continue
        assert "replan" not in data
        for a in data["alternatives"]:
            levels = _levels(a)
            better = (len(a["breaks"]) < len(a["mends"])
                      or (len(a["breaks"]) == len(a["mends"]) and levels and levels[0][1] < 0))
            assert not better, (f["id"], a)
        assert "improve" not in verdict(data) and "cost less" not in verdict(data), f["id"]


def test_the_whole_plan_with_the_base_costs_what_the_re_plan_records():
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data = explain()
    assert data["cost"] == plan["objective"]["total"] == 186.568
    assert data["base"] == {"plan": str(BASE), "members_moved": 4, "firms_moved": 1, "handovers": 0,
                            "rules": ["BP-STABILITY"], "cost": 4.001}
    rows = {r["branch"]: r for r in data["branches"]}
    assert rows["B008"]["cost_by_rule"] == {"BP-STABILITY": 3.001} and rows["B008"]["cost"] == 3.001
    assert rows["B006"]["cost_by_rule"]["BP-STABILITY"] == 1.0
    assert "BP-STABILITY" not in rows["B005"]["cost_by_rule"]
    assert "BP-STABILITY" in data["rules"]
    text = explain(fmt="text")
    assert "BP-STABILITY" in text.splitlines()[3]
    assert f"Moves from {BASE}: 4 members (BP-STABILITY 4.001 points, in the cost above" in text
    # without the old firms file M0012 is not followed (as check --base says: 3.001)
    assert explain(base_firms=False)["base"]["cost"] == 3.001
    # without the base nothing changes: no stability rule, the charter's other rules only
    plain = explain(base=False, base_firms=False)
    assert plain["cost"] == 182.567 and "base" not in plain and "BP-STABILITY" not in plain["rules"]


def test_a_branch_with_the_base_says_what_it_continues_and_charges_the_members_moved_into_it():
    data = explain("--branch", "B008")
    assert data["base"]["continues"] is None and data["base"]["members_moved"] == 3
    assert data["cost"] == 3.001
    line = next(r for r in data["rules"] if r["code"] == "BP-STABILITY")
    assert line["cost"] == 3.001 and line["status"] == "costs"
    assert line["findings"] == ["firm F028 (3 members) moves from branch B005 to branch B008"]
    assert data["firms"][0]["cost"] == {"BP-STABILITY": 3.001}
    data = explain("--branch", "B005")
    assert (data["base"]["continues"], data["base"]["lead_before"], data["base"]["members_moved"]) == \
        ("B005", "F028", 0)
    b006 = explain("--branch", "B006")
    assert b006["base"]["members_moved"] == 1
    assert next(f for f in b006["firms"] if f["id"] == "F036")["cost"]["BP-STABILITY"] == 1.0
    text = explain("--branch", "B008", fmt="text")
    assert f"B008 is new since {BASE}. 3 members moved into it (BP-STABILITY 3.001 points).\n" in text
    text = explain("--branch", "B005", fmt="text")
    assert f"B005 continues B005 of {BASE} (led by F028 there). No member moved into it.\n" in text
    zh = explain("--branch", "B006", "--lang", "zh", fmt="text")
    assert f"B006 延续 {BASE} 中的 B006。调入党员 1 名（BP-STABILITY 1.000 分）。\n" in zh
    # without the base: no stability rule in the branch's rules
    plain = explain("--branch", "B008", base=False, base_firms=False)
    assert "base" not in plain and all(r["code"] != "BP-STABILITY" for r in plain["rules"])


def test_chinese_text_of_a_moved_firm():
    zh = explain("--firm", "F028", "--lang", "zh", fmt="text")
    assert f"与 {BASE} 相比\n" in zh
    assert f"  - F028 在 {BASE} 中属 B005；现调整至 B008，其 3 名党员随之变动。\n" in zh
    assert "  - 调整方案对此计 3.001 分（BP-STABILITY）。\n" in zh
    assert f"  - 离开 B005 的原因（以本名册衡量 {BASE}）：\n      单位 F028 现有 3 名正式党员，应单独建立党支部" in zh
    assert f"回到原支部 B005（{BASE}），牵头单位 F033" in zh
    assert f"计入相对于 {BASE} 调动的党员" in zh
    assert zh.strip().splitlines()[-1].startswith("没有比现在更适合 F028 的支部")


def _replan_files(tmp_path):
    """A small re-plan: A grows to 3 full members and must stand alone; D (of B2) closes, so
    B2 keeps 2 full members: X must leave A's branch, and joins B2."""
    def firm(fid, full, lon):
        return {"id": fid, "name": f"{fid} 律师事务所", "district": "甲区", "location": {"lat": 23.0, "lon": lon},
                "members": [{"id": f"{fid}-{k}", "status": "full", "joined": "2010-01-01"} for k in range(full)]}

    old = {"jurisdiction": "甲市", "as_of": "2026-11-01",
           "firms": [firm("A", 2, 109.00), firm("X", 1, 109.05), firm("C", 2, 109.10), firm("D", 1, 109.11)]}
    new = copy.deepcopy(old)
    new["as_of"] = "2027-11-01"
    new["firms"][0]["members"].append({"id": "A-9", "status": "full", "joined": "2010-01-01"})
    del new["firms"][3]
    base = {"branches": [{"id": "B1", "kind": "joint", "lead": "A", "firms": ["A", "X"]},
                         {"id": "B2", "kind": "joint", "lead": "C", "firms": ["C", "D"]}]}
    for name, doc in (("old.yaml", old), ("new.yaml", new), ("base.yaml", base)):
        (tmp_path / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    r = runner.invoke(app, ["solve", str(tmp_path / "new.yaml"), "--current", str(tmp_path / "base.yaml"),
                            "--old-firms", str(tmp_path / "old.yaml"), "-o", str(plan)])
    assert r.exit_code == 0, r.output
    return tmp_path / "new.yaml", tmp_path / "old.yaml", tmp_path / "base.yaml", plan


def test_why_a_firm_left_its_branch_and_what_the_branch_it_went_to_lacked(tmp_path):
    new, old, base, plan = _replan_files(tmp_path)
    r = runner.invoke(app, ["explain", str(plan), "--firms", str(new), "--base", str(base), "--base-firms", str(old),
                            "--firm", "X", "--format", "json"])
    assert r.exit_code == 0, r.output
    b = json.loads(r.stdout)["base"]
    assert (b["branch_before"], b["branch"], b["moved"], b["members_moved"]) == ("B1", "B2", True, 1)
    assert b["reasons"] == ["BP-OWN-BRANCH: firm A now has 3 full members and must form its own branch: it and "
                            "the 1 other firm of B1 cannot stay together"]
    assert b["target_branch_before"] == "B2"
    assert "BP-MIN-FULL: branch B2 has 2 full members; at least 3 required" in b["target_reasons"]
    assert "D (branch B2) is not in the roster (closed or renamed): dropped" in b["target_reasons"]
    r = runner.invoke(app, ["explain", str(plan), "--firms", str(new), "--base", str(base), "--base-firms", str(old),
                            "--firm", "X", "--lang", "zh"])
    assert r.exit_code == 0, r.output
    assert f"  - 其调入的 B2（以本名册衡量 {base}）：\n" in r.stdout
    assert "      支部 B2 只有 2 名正式党员，至少应有 3 名正式党员（BP-MIN-FULL）\n" in r.stdout


def test_the_verdict_with_the_base_weighs_the_moves_and_has_no_re_plan_caveat(tmp_path):
    # E sits beside C; the current plan has it with A, far away: the re-plan keeps it there
    def firm(fid, full, lon):
        return {"id": fid, "name": f"{fid} 律师事务所", "district": "甲区", "location": {"lat": 23.0, "lon": lon},
                "members": [{"id": f"{fid}-{k}", "status": "full", "joined": "2010-01-01"} for k in range(full)]}

    roster = {"jurisdiction": "甲市", "as_of": "2026-11-01",
              "firms": [firm("A", 2, 109.00), firm("B", 1, 109.01), firm("C", 2, 109.50), firm("D", 1, 109.51),
                        firm("E", 1, 109.52)]}
    current = {"branches": [{"id": "B1", "kind": "joint", "lead": "A", "firms": ["A", "B", "E"]},
                            {"id": "B2", "kind": "joint", "lead": "C", "firms": ["C", "D"]}]}
    (tmp_path / "firms.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    (tmp_path / "current.yaml").write_text(yaml.safe_dump(current), encoding="utf-8")
    replan = tmp_path / "replan.yaml"
    args = ["--firms", str(tmp_path / "firms.yaml")]
    assert runner.invoke(app, ["solve", str(tmp_path / "firms.yaml"), "--current", str(tmp_path / "current.yaml"),
                               "-o", str(replan)]).exit_code == 0
    r = runner.invoke(app, ["explain", str(replan), *args, "--firm", "E"])
    assert "but this plan is a re-plan" in r.stdout          # (without the base: the caveat)
    r = runner.invoke(app, ["explain", str(replan), *args, "--firm", "E", "--base", str(tmp_path / "current.yaml")])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().splitlines()[-1].startswith("No other branch is better for E")
    assert "re-plan" not in r.stdout.strip().splitlines()[-1]
    r = runner.invoke(app, ["explain", str(replan), *args, "--firm", "E", "--base", str(tmp_path / "current.yaml"),
                            "--format", "json"])
    data = json.loads(r.stdout)
    assert "replan" not in data
    b2 = next(a for a in data["alternatives"] if a["branch"] == "B2")
    assert b2["delta_by_priority"]["1"] == 1.001 and b2["delta_by_priority"]["2"] < 0   # moves first
    # the same plan as its own base: nothing moved, every move charged
    assert data["base"]["members_moved"] == 0 and data["base"]["branch_before"] == "B1"


def test_bad_base_input_is_refused_as_check_refuses_it(tmp_path):
    args = ["explain", str(PLAN), "--firms", str(FIRMS), "--firm", "F028"]
    missing = tmp_path / "nope.yaml"
    for cmd in (args, ["check", str(PLAN), "--firms", str(FIRMS)]):
        r = runner.invoke(app, [*cmd, "--base", str(missing)])
        assert r.exit_code == 2 and f"{missing}: no such file" in r.output
    text = BASE.read_text(encoding="utf-8").replace("firms: [F006, F018, ", "firms: [F006, F001, F018, ", 1)
    assert text != BASE.read_text(encoding="utf-8")
    twice = tmp_path / "twice.yaml"
    twice.write_text(text, encoding="utf-8")
    line = next(k for k, x in enumerate(text.splitlines(), 1) if "[F006, F001, " in x)
    col = text.splitlines()[line - 1].index("F001") + 1
    r = runner.invoke(app, [*args, "--base", str(twice)])
    assert r.exit_code == 2
    assert f"{twice}:{line}:{col}: " in r.output and "F001 is in branch B001 and again in branch B005" in r.output
    check = runner.invoke(app, ["check", str(PLAN), "--firms", str(FIRMS), "--base", str(twice)])
    assert check.exit_code == 2 and f"{twice}:{line}:{col}: " in check.output
    r = runner.invoke(app, [*args, "--base-firms", str(BASE_FIRMS)])
    assert r.exit_code == 2 and "--base-firms needs --base" in r.output


def test_the_library_takes_a_plan_or_a_current_plan_as_the_base():
    roster, old = branchplan.load_roster(FIRMS), branchplan.load_roster(BASE_FIRMS)
    plan, _ = branchplan.load_plan(PLAN)
    base, _ = branchplan.load_plan(BASE)
    cli = explain("--firm", "F036")
    with warnings.catch_warnings():
        warnings.simplefilter("error")    # (the base plan's own firms file: nothing to warn of)
        by_plan = branchplan.explain_firm(plan, roster, None, None, "F036", base=base, base_roster=old)
    assert by_plan == cli
    current = branchplan.load_current(BASE, roster, old_roster=old)
    assert branchplan.explain_firm(plan, roster, None, None, "F036", base=current) == cli
    assert branchplan.explain_firm(plan, roster, None, None, "F036",
                                   base=branchplan.load_current(BASE, roster), base_roster=old) == cli
    assert branchplan.explain_plan(plan, roster, None, None, base=current) == explain()
    assert branchplan.explain_branch(plan, roster, None, None, "B008", base=current) == explain("--branch", "B008")
    # without a base: as before
    assert "base" not in branchplan.explain_firm(plan, roster, None, None, "F036")
    with pytest.raises(branchplan.UsageError, match="base_roster needs base"):
        branchplan.explain_plan(plan, roster, None, None, base_roster=old)
    with pytest.raises(TypeError, match="base: expected a Plan"):
        branchplan.explain_firm(plan, roster, None, None, "F036", base=str(BASE))
    with pytest.raises(branchplan.UsageError, match="another roster"):
        branchplan.explain_firm(plan, roster, None, None, "F036", base=branchplan.load_current(BASE, old))
    doc = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    doc["branches"][4]["firms"].append("F001")
    with pytest.raises(branchplan.InputError, match="F001 is in branch B001 and again in branch B005"):
        branchplan.explain_firm(plan, roster, None, None, "F036", base=branchplan.plan_from_data(doc))


def test_with_a_charter_that_charges_no_moves_the_base_still_says_where_the_firm_was(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("charter: no-stability\nextends: cpc-branch-2018\nrules:\n"
                     "  - {code: BP-STABILITY, enabled: false}\n", encoding="utf-8")
    data = explain("--firm", "F028", "-r", str(rules))
    assert data["base"]["moved"] is True and data["base"]["rules"] == [] and data["base"]["cost"] == 0.0
    assert all("BP-STABILITY" not in a["delta_by_rule"] for a in data["alternatives"])
    text = explain("--firm", "F028", "-r", str(rules), fmt="text")
    assert "it moved to B008 with its 3 members." in text and "charges" not in text
    assert "Best alternatives (of 7 branches considered; the firm moved, everything else unchanged)\n" in text
    assert f"Moves from {BASE}: 4 members (the charter charges no moves).\n" in explain("-r", str(rules), fmt="text")
    assert "3 members moved into it (the charter charges no moves)." in explain("-b", "B008", "-r", str(rules), fmt="text")


def test_a_base_firms_file_of_another_year_is_warned_of_as_check_warns():
    cmd = ["--firms", str(FIRMS), "--base", str(BASE), "--base-firms", str(FIRMS)]
    r = runner.invoke(app, ["explain", str(PLAN), *cmd, "--firm", "F028"])
    c = runner.invoke(app, ["check", str(PLAN), *cmd])
    assert r.exit_code == 0, r.output
    warning = f"{BASE}: warning: {BASE} does not place 1 firm with members of {FIRMS} (F037)"
    assert warning in r.stderr and warning in c.stderr
