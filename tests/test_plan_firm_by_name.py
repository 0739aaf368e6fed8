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


# the lead written by its firm's name: F003 leads B002 (F002 and F003), and F001 (4 full
# members: a firm of its own branch) is named as the lead of B003
ROSTER_LEADS = ROSTER.replace("{id: F003, name: 广西明安律师事务所, location: {x: 2, y: 0}, members: {full: 1}}",
                              "{id: F003, name: 广西明安律师事务所, location: {x: 2, y: 0}, members: {full: 2}}\n"
                              "  - {id: F004, name: 广西丁律师事务所, location: {x: 0, y: 5}, members: {full: 2}}\n"
                              "  - {id: F005, name: 广西戊律师事务所, location: {x: 0, y: 6}, members: {full: 1}}")
PLAN_LEAD = """\
branches:
  - {id: B001, lead: 广西甲律师事务所, firms: [F001]}
  - {id: B002, lead: 广西明安律师事务所, firms: [F002, F003]}
  - {id: B003, lead: F004, firms: [F004, F005]}
"""
PLAN_LEAD_BY_ID = PLAN_LEAD.replace("广西甲律师事务所", "F001").replace("lead: 广西明安律师事务所", "lead: F003")


def _lead_files(tmp_path: Path, plan: str = PLAN_LEAD) -> tuple[str, str]:
    firms, path = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(ROSTER_LEADS, encoding="utf-8")
    path.write_text(plan, encoding="utf-8")
    return str(path), str(firms)


def test_check_names_the_firm_whose_name_a_lead_is_written_as_and_costs_its_branch_from_it(tmp_path):
    plan, firms = _lead_files(tmp_path)
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert ("plan.yaml:3:5: BP-ONE-BRANCH [hard] branch B002 is led by 广西明安律师事务所, the roster's name of its "
            "firm F003: write the lead's id, F003 (its firms' distances and districts are still measured from "
            "F003)") in res.stdout
    assert "the roster's name of its firm F001: write the lead's id, F001" in res.stdout
    assert "not one of its units" not in res.stdout
    # F001 leads its branch, written by its name: not also "must lead its own branch"
    assert "BP-OWN-BRANCH" not in res.stdout
    zh = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "zh"])
    assert ("支部 B002 的牵头单位写作 广西明安律师事务所，这是本支部单位 F003 在名册中的名称：请写其编号 F003"
            "（本支部各单位的距离、区县仍按 F003 计算）") in zh.stdout
    # the cost is the plan's with the ids written: F002 measured from F003
    data = json.loads(runner.invoke(app, ["check", plan, "--firms", firms, "--format", "json"]).stdout)
    (tmp_path / "ids").mkdir()
    by_id_plan, _ = _lead_files(tmp_path / "ids", PLAN_LEAD_BY_ID)
    by_id = json.loads(runner.invoke(app, ["check", by_id_plan, "--firms", firms, "--format", "json"]).stdout)
    assert by_id["verdict"] == "pass"
    assert data["costs"]["total"] == by_id["costs"]["total"] > 0
    assert sorted(f["code"] for f in data["findings"] if f["severity"] == "hard") == ["BP-ONE-BRANCH"] * 2


def test_a_lead_written_by_a_name_outside_its_branch_says_both(tmp_path):
    """F004's name as the lead of B002 (F004 is in B003): whose name it is, and measured from it."""
    plan, firms = _lead_files(tmp_path, PLAN_LEAD.replace("lead: 广西明安律师事务所", "lead: 广西丁律师事务所"))
    res = runner.invoke(app, ["check", plan, "--firms", firms, "--lang", "en"])
    assert ("branch B002 is led by 广西丁律师事务所, which is not one of its units (the roster's name of firm F004: "
            "write its id; its firms' distances and districts are still measured from F004)") in res.stdout


def test_a_lead_written_by_its_name_is_refused_once_where_a_plan_is_started_from_or_compared_with(tmp_path):
    plan, firms = _lead_files(tmp_path)
    said = ("plan.yaml:3:22: branches[1].lead: 广西明安律师事务所 is not an id of the firms file: it is the name "
            "of firm F003 there, and a plan lists units by their ids; write it as F003")
    for args in (["solve", firms, "--current", plan, "-o", str(tmp_path / "new.yaml")],
                 ["check", plan, "--firms", firms, "--base", plan],
                 ["diff", plan, plan, "--firms", firms]):
        res = runner.invoke(app, args + ["--lang", "en"])
        assert res.exit_code == 2, (args, res.output)
        assert said in res.stderr, (args, res.stderr)
        assert "which is not one of its firms" not in res.stderr, (args, res.stderr)
        assert res.stderr.count("branches[1].lead") == 1 and res.stderr.count("branches[0].lead") == 1


def test_a_host_branch_led_by_its_hosts_name_says_whose_name_it_is(tmp_path):
    roster = ROSTER + "hosts:\n  - {id: H1, name: 甲市律协党支部, location: {x: 3, y: 0}}\n"
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(roster, encoding="utf-8")
    plan.write_text("branches:\n  - {id: B001, lead: F001, firms: [F001]}\n"
                    "  - {id: B002, lead: 甲市律协党支部, firms: [H1, F002, F003]}\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--lang", "en"])
    assert ("branch B002 is led by 甲市律协党支部, the roster's name of its host H1: write the lead's id, H1"
            in res.stdout), res.output
    assert "but is led by" not in res.stdout
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--base", str(plan), "--lang", "en"])
    assert res.exit_code == 2 and res.stderr.count("branches[1].lead") == 1, res.output
    assert "it is the name of host H1 there" in res.stderr
