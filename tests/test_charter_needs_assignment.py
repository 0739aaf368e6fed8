"""A charter must place every member in exactly one branch: a rules file that switches off
a rule that can only be hard, or that has no rule of kind assignment at all (no
``extends:``, ``rules: []``), is refused at the line (exit 2), never solved with members
left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan import api
from branchplan.charter import Charter, load_charter
from branchplan.cli import app
from branchplan.errors import UsageError
from branchplan.roster import load_roster

runner = CliRunner()
FIRMS = str(Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml")


def _rules(tmp_path, text, name="rules.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("code,kind,col", [("BP-ONE-BRANCH", "assignment", 36), ("BP-OWN-BRANCH", "own_branch", 36),
                                           ("BP-JURISDICTION", "jurisdiction", 38)])
def test_switching_off_a_rule_that_can_only_be_hard_is_refused(tmp_path, code, kind, col):
    p = _rules(tmp_path, f"extends: cpc-branch-2018\nrules:\n  - {{code: {code}, enabled: false}}\n")
    res = runner.invoke(app, ["solve", FIRMS, "--rules", str(p), "-f", "yaml"])
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert res.stderr == (f"{p}:3:{col}: rules[{code}].enabled: rule {code} (kind {kind}) is not negotiable "
                          "(always hard) and cannot be switched off; remove 'enabled: false'\n")
    # rules show calls exactly these "not negotiable"
    shown = runner.invoke(app, ["rules", "show", code])
    assert shown.exit_code == 0 and "not negotiable (always hard)" in shown.stdout


def test_a_negotiable_rule_can_still_be_switched_off(tmp_path):
    p = _rules(tmp_path, "extends: cpc-branch-2018\nrules:\n  - {code: BP-MIN-FULL, enabled: false}\n")
    res = runner.invoke(app, ["rules", "--rules", str(p)])
    assert res.exit_code == 0, res.output
    assert "switched off: BP-MIN-FULL" in res.stdout


NO_ASSIGNMENT = ("the charter has no rule of kind assignment (every member in exactly one branch), so a plan "
                 "could leave members in no branch; add `extends: cpc-branch-2018` to build on the shipped "
                 "charter, or a rule with `kind: assignment`\n")


@pytest.mark.parametrize("text,where", [
    ("rules: []\n", "1:1: rules: "),
    ("# a rule of our own, the rest forgotten\nrules:\n  - code: LOCAL-TWO-SECRETARIES\n"
     "    kind: branch_aggregate\n    severity: soft\n    weight: 20\n"
     "    params: {applies_to: [joint], count: members, status: full, min_standing_years: 3, min: 2}\n",
     "2:1: rules: "),
])
def test_a_charter_without_an_assignment_rule_is_refused(tmp_path, text, where, monkeypatch):
    p = _rules(tmp_path, text)
    for args in (["solve", FIRMS], ["rules"], ["check", FIRMS.replace("firms.yaml", "plan-current.yaml"),
                                               "--firms", FIRMS]):
        res = runner.invoke(app, args + ["--rules", str(p)])
        assert res.exit_code == 2, (args, res.output)
        assert res.stderr.endswith(f"{p}:{where}{NO_ASSIGNMENT}"), res.stderr
        assert "Plan" not in res.stdout and "Traceback" not in res.output
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    zh = runner.invoke(app, ["solve", FIRMS, "--rules", str(p)])
    assert zh.exit_code == 2
    assert "规则集中没有 assignment 类型的规则" in zh.stderr and "extends: cpc-branch-2018" in zh.stderr


def test_extending_a_file_without_one_is_reported_at_extends(tmp_path):
    _rules(tmp_path, "rules: []\n", "base.yaml")
    p = _rules(tmp_path, "# ours\nextends: base.yaml\nrules: []\n")
    res = runner.invoke(app, ["solve", FIRMS, "--rules", str(p)])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{p}:2:1: extends: the charter has no rule of kind assignment")


def test_a_charter_built_in_code_without_one_is_refused_by_solve():
    base = load_charter()
    charter = Charter(base.name, base.title, tuple(r for r in base.rules if r.kind != "assignment"))
    with pytest.raises(UsageError, match="no rule of kind assignment"):
        api.solve(load_roster(FIRMS), charter)


def test_a_plan_with_a_firm_left_out_is_never_returned_as_a_solution():
    """The check after solving does not depend on the charter's own assignment rule."""
    from branchplan.api import _verify_placed
    from branchplan.errors import InternalError

    roster = load_roster(FIRMS)
    plan = api.solve(roster).plan
    _verify_placed(plan, roster)   # the solver's plan places every member once
    dropped = plan.model_copy(update={"branches": plan.branches[1:]})
    with pytest.raises(InternalError, match="does not place every member in exactly one branch: "
                                            + plan.branches[0].firms[0]):
        _verify_placed(dropped, roster)
