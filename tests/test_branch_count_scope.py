"""A branch_count rule counts what check counts: the jurisdictions with members to place
(not one of memberless firms or a lone host), and, in a charter without a jurisdiction rule,
the roster as one whole (the solver plans it as one part). solve and check agree on both."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

MEMBERLESS = """jurisdiction: J1
as_of: 2026-11-01
firms:
  - {id: F1, jurisdiction: J1, location: {x: 0, y: 0}, members: {full: 3}}
  - {id: F2, jurisdiction: J2, location: {x: 5, y: 5}, members: {full: 0}}
"""
HOST_ONLY = """jurisdiction: J1
as_of: 2026-11-01
firms:
  - {id: F1, jurisdiction: J1, location: {x: 0, y: 0}, members: {full: 3}}
hosts:
  - {id: H1, jurisdiction: J2, location: {x: 5, y: 6}}
"""
COUNT = """extends: cpc-branch-2018
rules:
  - code: X-MIN-BRANCHES
    kind: branch_count
    params: {min: 1}
"""
TWO_CITIES = """as_of: 2026-11-01
firms:
  - {id: F1, jurisdiction: J1, location: {x: 0, y: 0}, members: {full: 3}}
  - {id: F2, jurisdiction: J1, location: {x: 1, y: 0}, members: {full: 3}}
  - {id: F3, jurisdiction: J2, location: {x: 50, y: 0}, members: {full: 3}}
"""
NO_JURISDICTION_RULE = """charter: nojur
rules:
  - {code: XA-ASSIGN, kind: assignment}
  - {code: XA-MIN, kind: branch_aggregate, params: {count: members, status: full, min: 3}}
  - {code: XA-DIST, kind: distance}
  - {code: XA-CNT, kind: branch_count, %s params: {max: 1}}
"""


def _files(tmp_path, firms: str, rules: str):
    f, r = tmp_path / "firms.yaml", tmp_path / "rules.yaml"
    f.write_text(firms, encoding="utf-8")
    r.write_text(rules, encoding="utf-8")
    return str(f), str(r)


def _solve_and_check(tmp_path, firms: str, rules: str) -> dict:
    f, r = _files(tmp_path, firms, rules)
    out = tmp_path / "plan.json"
    res = runner.invoke(app, ["solve", f, "-r", r, "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    checked = runner.invoke(app, ["check", str(out), "--firms", f, "-r", r, "--format", "json"])
    assert checked.exit_code == 0, checked.output
    plan, report = json.loads(out.read_text(encoding="utf-8")), json.loads(checked.stdout)
    assert plan["objective"]["total"] == pytest.approx(report["costs"]["total"])
    return plan


@pytest.mark.parametrize("firms", [MEMBERLESS, HOST_ONLY], ids=["memberless firms", "a lone host"])
@pytest.mark.parametrize("severity", ["", "    severity: soft\n    weight: 10\n"], ids=["hard", "soft"])
def test_a_jurisdiction_with_no_member_to_place_is_not_counted(tmp_path, firms, severity):
    plan = _solve_and_check(tmp_path, firms, COUNT.replace("    params:", severity + "    params:"))
    assert [b["firms"] for b in plan["branches"]] == [["F1"]]
    assert plan["objective"]["total"] == 0


def test_without_a_jurisdiction_rule_the_roster_is_counted_as_one_whole(tmp_path):
    plan = _solve_and_check(tmp_path, TWO_CITIES, NO_JURISDICTION_RULE % "")
    assert len(plan["branches"]) == 1
    # two branches are one too many for the roster as a whole, in check too
    f, r = _files(tmp_path, TWO_CITIES, NO_JURISDICTION_RULE % "")
    two = tmp_path / "two.yaml"
    two.write_text(yaml.safe_dump({"branches": [{"id": "B001", "lead": "F1", "firms": ["F1", "F2"]},
                                                {"id": "B002", "lead": "F3", "firms": ["F3"]}]}), encoding="utf-8")
    res = runner.invoke(app, ["check", str(two), "--firms", f, "-r", r])
    assert res.exit_code == 1
    assert "XA-CNT [hard] The whole roster has 2 branches; at most 1 required" in res.stdout
    zh = runner.invoke(app, ["check", str(two), "--firms", f, "-r", r, "--lang", "zh"])
    assert "全部名册共有 2 个支部，应至多 1 个" in zh.stdout
    # and its cost below the best plan's is no gain: the gap line says why
    res = runner.invoke(app, ["check", str(two), "--firms", f, "-r", r, "--max-gap", "0"])
    assert ("the plan costs less than the best plan at priority 1: 3.000 points against the best plan's 150.000, "
            "only because it breaks 1 hard rule (XA-CNT): gap 0%") in res.stdout
    # soft: the solver's cost and check's are the same (the extra branch costs its weight)
    plan = _solve_and_check(tmp_path, TWO_CITIES, NO_JURISDICTION_RULE % "severity: soft, weight: 100,")
    assert plan["objective"]["rules"]["XA-CNT"]["cost"] == (100.0 if len(plan["branches"]) == 2 else 0.0)
