"""A hand-edited plan that lists a firm by its name in the roster (as a committee member
writes it) rather than by its id: check says whose name it is, and the commands that start
from or compare with a plan refuse it, naming the id to write, as they do an id typed with
another case or width."""

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = """\
jurisdiction: 甲市
as_of: 2027-11-01
firms:
  - {id: F001, name: 广西甲律师事务所, location: {x: 0, y: 0}, members: {full: 4}}
  - {id: F002, name: 广西乙律师事务所, location: {x: 1, y: 0}, members: {full: 2}}
  - {id: F003, name: 广西明安律师事务所, location: {x: 2, y: 0}, members: {full: 1}}
"""
# F003 written by its name (in the second, with a full-width space inside)
PLAN = """\
branches:
  - {id: B001, lead: F001, firms: [F001]}
  - {id: B002, lead: F002, firms: [F002, 广西明安律师事务所]}
"""
PLAN_SPACED = PLAN.replace("广西明安律师事务所", "广西明安　律师事务所")


def _files(tmp_path: Path, plan: str = PLAN) -> tuple[str, str]:
    firms, path = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(ROSTER, encoding="utf-8")
    path.write_text(plan, encoding="utf-8")
    return str(path), str(firms)


def test_check_says_it_is_the_name_of_a_roster_firm(tmp_path):
    plan, firms = _files(tmp_path)
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert ("plan.yaml:3:42: BP-ONE-BRANCH [hard] branch B002 lists 广西明安律师事务所, which is not a firm or host "
            "of the roster (the roster's name of firm F003: write its id)") in res.stdout
    assert "firm F003 (1 member) is in no branch (branch B002 lists it by its name, 广西明安律师事务所)" in res.stdout
    zh = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "zh"])
    assert "支部 B002 列出的 广西明安律师事务所 不在名册中（这是名册中单位 F003 的名称：请写其编号 F003）" in zh.stdout
    assert "单位 F003（1 名党员）未编入任何支部（支部 B002 以其名称“广西明安律师事务所”列出）" in zh.stdout


def test_check_reads_the_name_up_to_width_and_spaces(tmp_path):
    plan, firms = _files(tmp_path, PLAN_SPACED)
    data = json.loads(runner.invoke(app, ["check", plan, "--firms", firms, "--format", "json"]).stdout)
    assert any("the roster's name of firm F003: write its id" in f["message"] for f in data["findings"])


def test_a_plan_to_start_from_or_compare_with_is_refused_naming_the_id(tmp_path):
    plan, firms = _files(tmp_path)
    said = ("plan.yaml:3:42: branches[1].firms[1]: 广西明安律师事务所 is not an id of the firms file: it is the name "
            "of firm F003 there, and a plan lists units by their ids; write it as F003")
    for args in (["solve", firms, "--current", plan, "-o", str(tmp_path / "new.yaml")],
                 ["check", plan, "--firms", firms, "--base", plan],
                 ["diff", plan, plan, "--firms", firms]):
        res = runner.invoke(app, args + ["--lang", "en"])
        assert res.exit_code == 2, (args, res.output)
        assert said in res.stderr, (args, res.stderr)
    zh = runner.invoke(app, ["solve", firms, "--current", plan, "--lang", "zh", "-o", str(tmp_path / "new.yaml")])
    assert zh.exit_code == 2
    assert "“广西明安律师事务所”不是名册中的编号，而是名册中单位 F003 的名称：方案中的单位应写编号，请写作“F003”" in zh.stderr
    assert not (tmp_path / "new.yaml").exists()
