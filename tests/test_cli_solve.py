"""End to end through the CLI: the bundled example, exit codes, files written."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


def test_solve_example_prints_summary_and_writes_plan(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "贵港市" in res.stdout
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal"
    listed = [f for b in plan["branches"] for f in b["firms"]]
    assert len(listed) == len(set(listed))
    assert sum(b["members"] for b in plan["branches"]) == 78
    assert all(b["full_members"] >= 3 for b in plan["branches"])


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_stdout_formats_are_parseable():
    import json

    res = runner.invoke(app, ["solve", str(GUIGANG), "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["status"] == "optimal" and data["objective"]["total"] == data["bound"]
    res = runner.invoke(app, ["solve", str(GUIGANG), "--format", "yaml"])
    assert yaml.safe_load(res.stdout)["branches"][0]["id"] == "B001"


def test_infeasible_roster_exits_1_explains_and_writes_nothing(tmp_path):
    firms = write(tmp_path, "firms.yaml", """
jurisdiction: 小城
firms:
  - {id: F1, members: {full: 1}}
  - {id: F2, members: {full: 1, probationary: 2}}
""")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out)])
    assert res.exit_code == 1
    assert "In 小城 the 2 small firms F1, F2 have 2 full members in total" in res.stderr
    assert "host" in res.stderr
    assert not out.exists()


def test_a_host_makes_it_feasible(tmp_path):
    firms = write(tmp_path, "firms.yaml", """
jurisdiction: 小城
firms:
  - {id: F1, members: {full: 1}}
  - {id: F2, members: {full: 1, probationary: 2}}
hosts:
  - {id: H1, name: 小城律师协会党支部}
""")
    res = runner.invoke(app, ["solve", str(firms), "--format", "yaml"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(res.stdout)
    assert plan["branches"] == [{
        "id": "B001", "jurisdiction": "小城", "kind": "host", "lead": "H1", "firms": ["H1", "F1", "F2"],
        "members": 4, "full_members": 2, "probationary_members": 2, "leadership": "secretary",
        "secretary_candidates": 2}]
    assert plan["objective"]["rules"]["BP-FALLBACK"]["measure"] == 2


def test_bad_input_exits_2_with_position_and_suggestion(tmp_path):
    firms = write(tmp_path, "firms.yaml", """jurisdiction: 小城
firms:
  - id: F1
    memebers: {full: 3}
""")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out)])
    assert res.exit_code == 2
    assert f"{firms}:4:5: firms[0]: unknown key 'memebers' (did you mean 'members'?)" in res.stderr
    assert "Traceback" not in res.output
    assert not out.exists()


def test_bad_member_status_is_located(tmp_path):
    firms = write(tmp_path, "firms.yaml", """jurisdiction: 小城
firms:
  - id: F1
    members:
      - {id: M1, status: full}
      - {id: M2, status: formal}
""")
    res = runner.invoke(app, ["solve", str(firms)])
    assert res.exit_code == 2
    assert f"{firms}:6:26: firms[0].members[1].status: Input should be 'full' or 'probationary'" in res.stderr


def test_duplicate_member_across_firms(tmp_path):
    firms = write(tmp_path, "firms.json", """{"jurisdiction": "X", "firms": [
  {"id": "F1", "members": [{"id": "M1", "status": "full"}]},
  {"id": "F2", "members": [{"id": "M1", "status": "full"}]}
]}""")
    res = runner.invoke(app, ["solve", str(firms)])
    assert res.exit_code == 2
    assert f"{firms}:3:35: firms[1].members[0].id: member id 'M1' appears also in firm F1" in res.stderr


def test_missing_file_and_bad_options_exit_2(tmp_path):
    res = runner.invoke(app, ["solve", str(tmp_path / "nope.yaml")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    res = runner.invoke(app, ["solve", str(GUIGANG), "--as-of", "yesterday"])
    assert res.exit_code == 2 and "--as-of" in res.stderr
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(tmp_path / "plan.txt")])
    assert res.exit_code == 2 and ".yaml, .yml or .json" in res.stderr
    assert not (tmp_path / "plan.txt").exists()


def test_output_never_overwrites_an_input(tmp_path):
    import shutil

    firms = tmp_path / "firms.yaml"
    shutil.copy(GUIGANG, firms)
    before = firms.read_bytes()
    res = runner.invoke(app, ["solve", str(firms), "-o", str(firms)])
    assert res.exit_code == 2 and "input file" in res.stderr
    assert firms.read_bytes() == before


def test_rules_option_changes_the_plan(tmp_path):
    rules = write(tmp_path, "rules.yaml", """extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-FIRMS
    params: {max: 2}
""")
    res = runner.invoke(app, ["solve", str(GUIGANG), "--rules", str(rules), "--format", "json"])
    assert res.exit_code == 0, res.output
    import json

    plan = json.loads(res.stdout)
    assert max(len(b["firms"]) for b in plan["branches"]) <= 2


INFEASIBLE = ROOT / "examples" / "infeasible" / "firms.yaml"


def test_infeasible_with_format_json_prints_the_reasons_as_json(tmp_path):
    import json

    out = tmp_path / "plan.json"
    res = runner.invoke(app, ["solve", str(INFEASIBLE), "--format", "json", "-o", str(out)])
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert doc["status"] == "infeasible"
    assert {j["name"]: j["status"] for j in doc["jurisdictions"]}["平南县"] == "infeasible"
    [conflict] = doc["conflicts"]
    assert conflict["jurisdiction"] == "平南县" and conflict["minimal"] is True
    assert sorted(conflict["firms"]) == ["PN01", "PN02", "PN03"]
    assert any("BP-MIN-FULL" in p for p in doc["problems"])
    assert not out.exists()                      # no plan, no file
    yml = runner.invoke(app, ["solve", str(INFEASIBLE), "--format", "yaml"])
    assert yml.exit_code == 1 and yaml.safe_load(yml.stdout)["conflicts"][0]["jurisdiction"] == "平南县"


def test_without_a_plan_the_jurisdictions_that_have_one_still_say_what_it_is(tmp_path):
    """桂平市 can be planned, 平南县 cannot: no plan is written, but 桂平市's entry gives its own
    plan's branch count and cost (the same as solving it alone), not zeros."""
    import json

    res = runner.invoke(app, ["solve", str(INFEASIBLE), "--format", "json"])
    assert res.exit_code == 1
    entries = {j["name"]: j for j in json.loads(res.stdout)["jurisdictions"]}
    assert entries["平南县"]["branches"] == 0
    alone = tmp_path / "guiping.yaml"
    doc = yaml.safe_load(INFEASIBLE.read_text(encoding="utf-8"))
    doc["firms"] = [f for f in doc["firms"] if f.get("jurisdiction") == "桂平市"]
    alone.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    solved = runner.invoke(app, ["solve", str(alone), "--format", "json"])
    assert solved.exit_code == 0, solved.output
    [own] = json.loads(solved.stdout)["jurisdictions"]
    assert entries["桂平市"]["branches"] == own["branches"] > 0
    assert entries["桂平市"]["objective"] == own["objective"]


def test_verbose_log_goes_to_stderr_and_keeps_stdout_parseable():
    import json

    res = runner.invoke(app, ["solve", str(GUIGANG), "--format", "json", "--verbose"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["status"] == "optimal"
    assert "CP-SAT" in res.stderr and "CP-SAT" not in res.stdout


def test_prove_option_returns_a_proven_plan():
    res = runner.invoke(app, ["solve", str(GUIGANG), "--format", "yaml", "--prove"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(res.stdout)
    assert plan["status"] == "optimal"
    assert all(j["objective"] == j["bound"] and j["proof"] in ("all pairs", "bound") and "note" not in j
               for j in plan["jurisdictions"])


def test_as_of_before_a_member_joined_is_refused():
    """The same date in the firms file is refused by the roster check; as an option too."""
    res = runner.invoke(app, ["solve", str(GUIGANG), "--as-of", "2009-01-01"])
    assert res.exit_code == 2
    assert "--as-of (2009-01-01) is before member M0078 of firm LA01 joined (2026-09-26)" in res.stderr
    assert "Traceback" not in res.output
    late = runner.invoke(app, ["solve", str(GUIGANG), "--as-of", "2026-11-01", "--format", "yaml"])
    assert late.exit_code == 0, late.output


def test_large_branches_keep_their_kind_and_say_their_level(tmp_path):
    """kind is how a branch is made up; level says when its size calls for a 党总支 (50-99
    members) or a 基层党委 (100+), and the summary line counts them."""
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump({"jurisdiction": "甲市", "firms": [
        {"id": "A", "members": {"full": 60, "probationary": 2}},
        {"id": "B", "members": {"full": 118, "probationary": 2}},
        {"id": "C", "members": {"full": 5, "probationary": 0}},
    ]}, allow_unicode=True), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--format", "yaml"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(res.stdout)
    got = {b["firms"][0]: (b["kind"], b.get("level")) for b in plan["branches"]}
    assert got == {"A": ("standalone", "general_branch"), "B": ("standalone", "primary_committee"), "C": ("standalone", None)}
    assert plan["summary"]["general_branches"] == 1 and plan["summary"]["primary_committees"] == 1
    en = runner.invoke(app, ["solve", str(firms), "--format", "text"])
    assert "3 branches: 3 standalone, 0 joint; of all of them, 1 general branch (党总支) and 1 primary committee (基层党委)" \
        in en.stdout
    assert "standalone (general branch)" in en.stdout
    zh = runner.invoke(app, ["solve", str(firms), "--format", "text", "--lang", "zh"])
    assert "基层党组织 3 个：单独组建 3 个、联合组建 0 个；其中党总支 1 个、基层党委 1 个" in zh.stdout and "单独组建（基层党委）" in zh.stdout
    # the report names who leads each: a 党委, a 党总支委员会, a 支部委员会 (5 full members: a secretary)
    plan_file = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan_file)]).exit_code == 0
    html = runner.invoke(app, ["report", str(plan_file), "--firms", str(firms), "--lang", "zh"]).stdout
    assert "领导形式：党委" in html and "领导形式：党总支委员会" in html and "领导形式：支部书记" in html


def test_a_spreadsheet_given_as_the_firms_file_points_to_import(tmp_path):
    """Not "not UTF-8 text" (an .xlsx) or "a firms file is a mapping" (a CSV): the command that
    converts it, in the user's language; nothing written."""
    sheet = tmp_path / "花名册.csv"
    sheet.write_text("律所名称,姓名,党员类别\n广西甲律师事务所,张三,正式\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(sheet), "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 2 and not out.exists()
    assert res.stderr == (f"{sheet}: 花名册.csv 是表格文件，不是单位名册文件：请先运行 branchplan import 花名册.csv "
                          "-o firms.yaml 转换（表中没有城市列时加 --jurisdiction 城市名）\n")
    xlsx = tmp_path / "roster.xlsx"
    xlsx.write_bytes(b"PK\x03\x04 not really a workbook")
    res = runner.invoke(app, ["check", str(out), "--firms", str(xlsx), "--lang", "en"])
    assert res.exit_code == 2 and "roster.xlsx is a spreadsheet, not a firms file: convert it first with " \
                                  "branchplan import roster.xlsx -o firms.yaml" in res.stderr
