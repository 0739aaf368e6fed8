"""explain --firm where no single move keeps the plan valid (the firm's branch would fall
below its minimum without it): what dissolving that branch would take, each of its firms to
its best other branch in turn, and whether that would improve the plan."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EN = {"LANG": "en_US.UTF-8", "LC_ALL": ""}


def _unit(fid: str, x: float, full: int) -> str:
    return f"  - {{id: {fid}, location: {{x: {x}, y: 0}}, director_is_member: true, members: {{full: {full}}}}}\n"


def _files(tmp_path, r_at: float):
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n" + _unit("A", 0, 1) + _unit("R", r_at, 2)
                     + _unit("C", 2, 1) + _unit("D", 3, 2) + _unit("E", 48, 1) + _unit("F", 49, 2),
                     encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: R, firms: [R, A]}\n  - {id: B2, lead: D, firms: [D, C]}\n"
                    "  - {id: B3, lead: F, firms: [F, E]}\n", encoding="utf-8")
    return firms, plan


def test_a_branch_kept_only_by_its_minimum_is_shown_dissolved_and_found_dearer_or_cheaper(tmp_path):
    firms, plan = _files(tmp_path, 50)     # A 50 from its lead R, whose own partners are 1 away
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A"], env=EN)
    assert res.exit_code == 0, res.output
    assert ("No single move keeps the plan valid; dissolving B1 instead, each of its firms to its best other branch "
            "in turn (A to B2, R to B3): -") in res.stdout
    assert res.stdout.rstrip().endswith("Dissolving B1 as above would improve the plan.")
    data = json.loads(runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A",
                                          "--format", "json"], env=EN).stdout)
    assert data["regroup"]["moves"] == [{"firm": "A", "branch": "B2"}, {"firm": "R", "branch": "B3"}]
    assert data["regroup"]["breaks"] == [] and data["regroup"]["delta"] < 0
    zh = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A", "--lang", "zh"], env=EN)
    assert "若改为撤销 B1，其各单位依次移入各自最合适的其他支部（A 移入 B2、R 移入 B3）" in zh.stdout


def test_where_the_branch_is_worth_keeping_the_regrouping_costs_more(tmp_path):
    firms, plan = _files(tmp_path, 1)      # R beside A: dissolving B1 only lengthens distances
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A"], env=EN)
    assert "dissolving B1 instead" in res.stdout and "points at priority 2." in res.stdout
    assert "would improve the plan" not in res.stdout
    assert res.stdout.rstrip().endswith("or breaks a hard rule.")


def test_no_regrouping_where_a_single_move_is_valid_or_the_branch_is_a_standalone_firms(tmp_path):
    firms, plan = _files(tmp_path, 50)
    # a third firm in B1 (R, A, G): A may leave it (2 + 2 full members stay), so no regrouping
    firms.write_text(firms.read_text(encoding="utf-8") + _unit("G", 51, 2), encoding="utf-8")
    plan.write_text(plan.read_text(encoding="utf-8").replace("firms: [R, A]", "firms: [R, A, G]"), encoding="utf-8")
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A"], env=EN)
    assert res.exit_code == 0 and "dissolving" not in res.stdout, res.output
    # a standalone firm's branch (S, 3 full, with a small firm placed with it) is never dissolved,
    # and a move that fails for the target's sake (B2 full at 5 firms) is no reason to regroup
    units = [_unit("S", 0, 3), _unit("A", 1, 1)] + [_unit(f"D{k}", 40 + k, 1) for k in range(1, 6)]
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n" + "".join(units), encoding="utf-8")
    plan.write_text("branches:\n  - {id: B1, lead: S, firms: [S, A]}\n"
                    "  - {id: B2, lead: D1, firms: [D1, D2, D3, D4, D5]}\n", encoding="utf-8")
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A"], env=EN)
    assert res.exit_code == 0 and "breaks BP-JOINT-MAX-FIRMS" in res.stdout, res.output
    assert "dissolving" not in res.stdout


def test_on_a_re_plan_a_cheaper_regrouping_is_not_called_an_improvement(tmp_path):
    firms, plan = _files(tmp_path, 50)
    plan.write_text("charter: cpc-branch-2018\nobjective:\n  total: 100.0\n  rules:\n"
                    "    BP-STABILITY: {priority: 1, measure: 0.0, cost: 0.0}\n"
                    "    BP-DISTANCE: {priority: 2, measure: 100.0, cost: 100.0}\n"
                    + plan.read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A"], env=EN)
    assert res.exit_code == 0, res.output
    assert res.stdout.rstrip().endswith("which explain cannot weigh without that plan, and dissolving a branch moves "
                                        "its members.")
    assert "would improve the plan" not in res.stdout


def test_each_condition_of_the_regrouping_on_its_own(tmp_path):
    firms, plan = _files(tmp_path, 50)
    # (a) every move fails for the target's sake only (both other branches at a cap of 3
    # firms), while B1 (R, A, G) keeps its minimum without A: no regrouping
    firms.write_text(firms.read_text(encoding="utf-8") + _unit("G", 51, 2) + _unit("C2", 2.5, 1)
                     + _unit("E2", 48.5, 1), encoding="utf-8")
    plan.write_text(plan.read_text(encoding="utf-8").replace("firms: [R, A]", "firms: [R, A, G]")
                    .replace("firms: [D, C]", "firms: [D, C, C2]").replace("firms: [F, E]", "firms: [F, E, E2]"),
                    encoding="utf-8")
    rules = tmp_path / "r.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - {code: BP-JOINT-MAX-FIRMS, params: {max: 3}}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A", "--rules", str(rules)],
                        env=EN)
    assert res.exit_code == 0 and res.stdout.count("breaks BP-JOINT-MAX-FIRMS") == 2, res.output
    assert "dissolving" not in res.stdout
    # (b) a standalone firm's branch (S, 3 full, with A) that falls below a minimum of 4
    # without A: still never dissolved
    units = [_unit("S", 0, 3), _unit("A", 1, 1), _unit("P", 40, 2), _unit("Q", 41, 2)]
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n" + "".join(units), encoding="utf-8")
    plan.write_text("branches:\n  - {id: B1, lead: S, firms: [S, A]}\n  - {id: B2, lead: P, firms: [P, Q]}\n",
                    encoding="utf-8")
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - {code: BP-MIN-FULL, params: {min: 4}}\n", encoding="utf-8")
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "--firm", "A", "--rules", str(rules)],
                        env=EN)
    assert res.exit_code == 0 and "breaks BP-MIN-FULL: branch B1" in res.stdout, res.output
    assert "dissolving" not in res.stdout
