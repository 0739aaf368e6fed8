"""A host's branch is led by its host organisation and names one host, and a host is in one
branch: check found nothing wrong with a plan in which each small firm "led" its own branch by
listing a host beside it (one host in several branches), so branches of 1 full member passed
with no finding and no fallback cost, "better than the best plan"."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - {id: F1, location: {lat: 23.10, lon: 109.60}, members: {full: 1}}
  - {id: F2, location: {lat: 23.11, lon: 109.60}, members: {full: 1}}
  - {id: F3, jurisdiction: 南宁市, location: {lat: 22.8, lon: 108.3}, members: {full: 2}}
hosts:
  - {id: H1, name: 律协党支部, location: {lat: 23.1, lon: 109.6}}
  - {id: H2, name: 南宁律协, jurisdiction: 南宁市, location: {lat: 22.8, lon: 108.3}}
  - {id: H3, name: 另一托管组织, location: {lat: 23.1, lon: 109.6}}
"""


def _check(tmp_path, plan: str, *more):
    (tmp_path / "firms.yaml").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    return runner.invoke(app, ["check", str(tmp_path / "plan.yaml"), "--firms", str(tmp_path / "firms.yaml"), *more])


def test_the_solvers_plan_passes(tmp_path):
    (tmp_path / "firms.yaml").write_text(ROSTER, encoding="utf-8")
    res = runner.invoke(app, ["solve", str(tmp_path / "firms.yaml"), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["check", str(tmp_path / "plan.yaml"), "--firms", str(tmp_path / "firms.yaml")])
    assert res.exit_code == 0, res.output
    assert "0 hard" in res.stdout


def test_firms_leading_a_shared_host_fail(tmp_path):
    res = _check(tmp_path, "branches:\n- {id: B001, lead: F1, firms: [F1, H1]}\n- {id: B002, lead: F2, firms: [F2, H1]}\n"
                           "- {id: B003, lead: F3, firms: [F3, H2]}\n", "--max-gap", "0", "--strict")
    assert res.exit_code == 1, res.output
    out = res.stdout
    assert ("plan.yaml:2:3: BP-ONE-BRANCH [hard] branch B001 holds host H1 but is led by F1: a host's branch is led "
            "by its host, the firms placed with it are its members") in out
    assert "branch B003 holds host H2 but is led by F3" in out
    assert ("plan.yaml:3:36: BP-ONE-BRANCH [hard] host H1 is in 2 branches (B001, B002): a host organisation takes "
            "the firms placed with it in one branch") in out
    assert "托管组织 H1 出现在 2 个支部（B001、B002）" in out
    assert "FAILED: 4 hard" in out


def test_a_host_in_two_branches_each_led_by_it(tmp_path):
    res = _check(tmp_path, "branches:\n- {id: B001, lead: H1, firms: [H1, F1]}\n- {id: B002, lead: H1, firms: [H1, F2]}\n"
                           "- {id: B003, lead: F3, firms: [F3]}\n")
    assert res.exit_code == 1, res.output
    assert "host H1 is in 2 branches (B001, B002)" in res.stdout
    assert "holds host" not in res.stdout


def test_two_hosts_in_one_branch(tmp_path):
    res = _check(tmp_path, "branches:\n- {id: B001, lead: H1, firms: [H1, H3, F1, F2]}\n- {id: B003, lead: F3, firms: [F3]}\n")
    assert res.exit_code == 1, res.output
    assert "branch B001 names 2 host organisations (H1, H3): a host's branch has one host" in res.stdout


@pytest.mark.parametrize("plan", [
    "branches:\n- {id: B001, lead: H1, firms: [H1, F1, F2]}\n- {id: B003, lead: F3, firms: [F3]}\n",
    "branches:\n- {id: B001, lead: H1, firms: [F1, F2]}\n- {id: B003, lead: F3, firms: [F3]}\n",
])
def test_a_host_branch_led_by_its_host_has_no_such_finding(tmp_path, plan):
    res = _check(tmp_path, plan)
    assert "B001" not in "\n".join(line for line in res.stdout.splitlines() if "[hard]" in line), res.stdout
    assert "firm F1 is placed with host H1 in branch B001 (fallback)" in res.stdout
