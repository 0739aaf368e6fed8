"""explain --firm of the last firm in a host's branch: moving it ends that branch (the host
holds no firm, as in a solved plan), which breaks no rule, so a cheaper move is one."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from branchplan.check import evaluate
from branchplan.cli import app
from branchplan.explain import move
from branchplan.charter import load_charter
from branchplan.plan import load_plan
from branchplan.roster import load_roster

runner = CliRunner()

FIRMS = ("jurisdiction: 测试市\nas_of: 2026-11-01\nfirms:\n"
         "  - {id: A, district: 一区, location: {lat: 23.10, lon: 109.60}, director_is_member: true,"
         " members: {full: 10, probationary: 0}}\n"
         "  - {id: B, district: 二区, location: {lat: 23.20, lon: 109.70}, director_is_member: false,"
         " members: {full: 1, probationary: 1}}\n"
         "  - {id: C, district: 一区, location: {lat: 23.11, lon: 109.61}, director_is_member: true,"
         " members: {full: 4, probationary: 0}}\n"
         "hosts:\n  - {id: H1, name: 测试市律师协会党支部, location: {lat: 23.40, lon: 109.90}}\n")
PLAN = ("branches:\n  - {id: B001, lead: A, firms: [A]}\n  - {id: B002, lead: C, firms: [C]}\n"
        "  - {id: B003, lead: H1, firms: [H1, B]}\n")
BEST = "branches:\n  - {id: B001, lead: A, firms: [A]}\n  - {id: B002, lead: C, firms: [C, B]}\n"


@pytest.fixture
def files(tmp_path):
    f, p, best = tmp_path / "f.yaml", tmp_path / "p.yaml", tmp_path / "best.yaml"
    f.write_text(FIRMS, encoding="utf-8")
    p.write_text(PLAN, encoding="utf-8")
    best.write_text(BEST, encoding="utf-8")
    return str(p), str(f), str(best)


def _cost(plan, firms):
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)["cost"]


def test_moving_the_last_firm_out_of_a_hosts_branch_ends_it_and_improves_the_plan(files):
    plan, firms, best = files
    res = runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "B", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "BP-ONE-BRANCH" not in res.stdout
    assert ("  1. B002, led by C (13.595 km): -28.200 points at priority 2 (BP-DISTANCE -33.200, BP-DISTRICT +5.000)\n"
            "     B003 would then hold no firm and end (H1 no longer hosts a branch)\n") in res.stdout
    assert res.stdout.endswith("Moving B to B002 would improve the plan.\n")
    zh = runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "B", "--lang", "zh"])
    assert "     届时 B003 不再有任何单位，随之撤销（H1 不再托管支部）\n" in zh.stdout
    assert zh.stdout.endswith("将 B 移入 B002 可改进方案。\n")
    data = json.loads(runner.invoke(app, ["explain", plan, "--firms", firms, "--firm", "B",
                                          "--format", "json"]).stdout)
    top = data["alternatives"][0]
    assert top["breaks"] == [] and top["dissolves"] == {"branch": "B003", "hosts": ["H1"]}
    # the move's change is the difference between the two whole plans' costs
    assert top["delta"] == pytest.approx(_cost(best, firms) - _cost(plan, firms), abs=1e-9)


def test_the_whole_plan_evaluated_agrees_with_the_moves_shortcut(files):
    plan_file, firms, _ = files
    roster, plan = load_roster(firms), load_plan(plan_file)[0]
    charter = load_charter(None)
    before = evaluate(plan, roster, charter, roster.as_of)
    whole = move(plan, roster, charter, roster.as_of, "B", "B002", before)
    assert whole["breaks"] == [] and whole["delta"] == -28.2 and whole["dissolves"]["branch"] == "B003"


def test_a_host_branch_keeping_another_firm_does_not_end(files, tmp_path):
    plan, firms, _ = files
    two = tmp_path / "two.yaml"
    two.write_text("branches:\n  - {id: B001, lead: A, firms: [A]}\n  - {id: B003, lead: H1, firms: [H1, B, C]}\n",
                   encoding="utf-8")
    data = json.loads(runner.invoke(app, ["explain", str(two), "--firms", firms, "--firm", "B",
                                          "--format", "json"]).stdout)
    assert all("dissolves" not in a for a in data["alternatives"])
