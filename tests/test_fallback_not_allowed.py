"""A placement the fallback rule's parameters do not allow (``allow_hosts: false``,
``allow_standalone: false``) is a hard finding of that rule, with its source, in a plan made
by hand; the assignment and own-branch rules say it only where the charter has no fallback
rule at all."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EN = {"LANG": "en_US.UTF-8", "LC_ALL": ""}
FIRMS = """jurisdiction: 甲市
as_of: 2026-11-01
hosts:
  - {id: H1, location: {x: 0, y: 1}}
firms:
  - {id: S1, location: {x: 0, y: 0}, director_is_member: true, members: {full: 4}}
  - {id: A1, location: {x: 1, y: 0}, director_is_member: true, members: {full: 1}}
  - {id: A2, location: {x: 2, y: 0}, director_is_member: true, members: {full: 1}}
"""
PLAN = """branches:
  - {id: B001, lead: S1, firms: [S1, A1]}
  - {id: B002, lead: H1, firms: [H1, A2]}
"""


def _check(tmp_path, rules: str | None):
    (tmp_path / "firms.yaml").write_text(FIRMS, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    args = ["check", str(tmp_path / "plan.yaml"), "--firms", str(tmp_path / "firms.yaml"), "--format", "json"]
    if rules is not None:
        (tmp_path / "r.yaml").write_text(rules, encoding="utf-8")
        args += ["--rules", str(tmp_path / "r.yaml")]
    res = runner.invoke(app, args, env=EN)
    out = json.loads(res.stdout)
    return res.exit_code, [(f["code"], f["severity"], f["message"]) for f in out["findings"]]


def test_the_shipped_charter_allows_both_placements(tmp_path):
    code, found = _check(tmp_path, None)
    assert code == 0
    assert [(c, s) for c, s, _ in found] == [("BP-FALLBACK", "soft"), ("BP-FALLBACK", "soft")]


def test_a_host_placement_the_fallback_rule_does_not_allow_is_its_hard_finding(tmp_path):
    code, found = _check(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-FALLBACK\n"
                                   "    params: {allow_hosts: false}\n")
    assert code == 1
    assert ("BP-FALLBACK", "hard", "firm A2 is placed with host H1 in branch B002, which BP-FALLBACK does not allow "
            "(allow_hosts: false)") in found
    assert ("BP-FALLBACK", "soft", "firm A1 is placed with standalone firm S1 in branch B001 (fallback)") in found
    assert not any(c == "BP-ONE-BRANCH" for c, _, _ in found), found


def test_a_standalone_placement_the_fallback_rule_does_not_allow_is_its_hard_finding(tmp_path):
    code, found = _check(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-FALLBACK\n"
                                   "    params: {allow_standalone: false}\n")
    assert code == 1
    assert ("BP-FALLBACK", "hard", "firm A1 is placed with standalone firm S1 in branch B001, which BP-FALLBACK "
            "does not allow (allow_standalone: false)") in found
    assert not any(c == "BP-OWN-BRANCH" for c, _, _ in found), found


def test_without_a_fallback_rule_the_assignment_and_own_branch_rules_say_it(tmp_path):
    code, found = _check(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-FALLBACK\n    enabled: false\n")
    assert code == 1
    assert ("BP-ONE-BRANCH", "hard", "branch B002 is a host branch (H1), but the charter allows no host placement "
            "(it has no fallback rule)") in found
    assert ("BP-OWN-BRANCH", "hard", "branch B001 of firm S1 also takes A1; the charter allows no fallback "
            "placement (it has no fallback rule)") in found
