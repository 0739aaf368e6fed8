"""A branch of a host alone (no firm placed with it) has no Party members: check says so."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FIRMS = """as_of: 2026-11-01
firms:
  - {id: A1, jurisdiction: 甲市, location: {x: 0, y: 0}, members: {full: 3}}
  - {id: B1, jurisdiction: 乙市, location: {x: 100, y: 0}, members: {full: 2}}
  - {id: B2, jurisdiction: 乙市, location: {x: 101, y: 0}, members: {full: 1}}
hosts:
  - {id: H1, name: 乙市律协党支部, jurisdiction: 乙市, location: {x: 100, y: 1}}
"""


def _check(tmp_path, branches: str, *args: str):
    (tmp_path / "firms.yaml").write_text(FIRMS, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("branches:\n" + branches, encoding="utf-8")
    return runner.invoke(app, ["check", str(tmp_path / "plan.yaml"), "--firms", str(tmp_path / "firms.yaml"), *args])


def test_a_host_alone_is_not_a_branch(tmp_path):
    alone = ("  - {id: J1, lead: A1, firms: [A1]}\n  - {id: J2, lead: H1, firms: [H1]}\n"
             "  - {id: J3, lead: B1, firms: [B1, B2]}\n")
    res = _check(tmp_path, alone)
    assert res.exit_code == 1
    assert "plan.yaml:3:5: BP-ONE-BRANCH [hard] branch J2 holds host H1 and no firm: it has no Party members" in res.stdout
    zh = _check(tmp_path, alone, "--lang", "zh")
    assert "支部 J2 只有托管组织 H1，没有任何单位：支部没有党员" in zh.stdout
    # the same host with the firms placed with it is a branch like any other
    hosted = "  - {id: J1, lead: A1, firms: [A1]}\n  - {id: J2, lead: H1, firms: [H1, B1, B2]}\n"
    res = _check(tmp_path, hosted)
    assert res.exit_code == 0, res.stdout
    assert "BP-ONE-BRANCH" not in res.stdout
