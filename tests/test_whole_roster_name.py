"""A charter without a jurisdiction rule plans the whole roster as one part: the text names
it (the roster's one jurisdiction, or "the whole roster"), never "*", and the plan passes
check without stale figures."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

RULES = """\
rules:
  - {code: ONE, kind: assignment}
  - {code: OWN, kind: own_branch, params: {min_full: 3}}
  - {code: MINF, kind: branch_aggregate, params: {count: members, status: full, min: 3}}
"""

TWO_CITIES = """\
as_of: 2026-11-01
firms:
  - {id: A1, jurisdiction: 甲市, location: {x: 0, y: 0}, members: {full: 1}}
  - {id: A2, jurisdiction: 甲市, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: A3, jurisdiction: 甲市, location: {x: 0, y: 1}, members: {full: 1}}
  - {id: B1, jurisdiction: 乙市, location: {x: 0, y: 0}, members: {full: 3}}
"""

ONE_COUNTY = """\
jurisdiction: 某县
as_of: 2026-11-01
firms:
  - {id: A1, location: {x: 0, y: 0}, members: {full: 1}}
  - {id: A2, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: A3, location: {x: 0, y: 1}, members: {full: 1}}
"""


def _solve(d: Path, firms: str, *args: str):
    (d / "firms.yaml").write_text(firms, encoding="utf-8")
    (d / "rules.yaml").write_text(RULES, encoding="utf-8")
    res = runner.invoke(app, ["solve", str(d / "firms.yaml"), "--rules", str(d / "rules.yaml"),
                              "-o", str(d / "plan.yaml"), *args])
    assert res.exit_code == 0, res.output
    check = runner.invoke(app, ["check", str(d / "plan.yaml"), "--firms", str(d / "firms.yaml"),
                                "--rules", str(d / "rules.yaml"), "--lang", "en"])
    assert check.exit_code == 0, check.output
    assert "no longer match" not in check.output, check.output
    return res.output, yaml.safe_load((d / "plan.yaml").read_text(encoding="utf-8"))


def test_units_in_several_jurisdictions_are_the_whole_roster(tmp_path):
    out, plan = _solve(tmp_path, TWO_CITIES, "--lang", "en")
    assert "Plan (optimal) for the whole roster," in out and " for *" not in out
    assert [j["name"] for j in plan["jurisdictions"]] == ["*"]   # the file's name for the whole roster
    assert {b["jurisdiction"] for b in plan["branches"]} == {"甲市", "乙市"}   # each branch its lead's
    out, _ = _solve(tmp_path, TWO_CITIES, "--lang", "zh")
    assert "全部名册" in out and "*" not in out.splitlines()[0]


def test_one_jurisdiction_is_named(tmp_path):
    out, plan = _solve(tmp_path, ONE_COUNTY, "--lang", "en")
    assert "Plan (optimal) for 某县," in out
    assert [j["name"] for j in plan["jurisdictions"]] == ["某县"]
    assert {b["jurisdiction"] for b in plan["branches"]} == {"某县"}
