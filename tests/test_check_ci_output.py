"""check in CI: bad input still reaches the CI formats (annotations, SARIF, JUnit, JSON),
the base plan named by a label, gate findings placed, findings in the order of the file."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
D = ROOT / "tests" / "data" / "check"
runner = CliRunner()


@pytest.fixture()
def typo(tmp_path, monkeypatch) -> Path:
    """A plan with a typo in a key (``laed`` for ``lead``), in a folder of its own (relative paths)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(D / "firms.yaml", tmp_path / "firms.yaml")
    text = (D / "plan-good.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(text.replace("    lead: S04\n", "    laed: S04\n", 1), encoding="utf-8")
    return tmp_path


STDERR = ("plan.yaml:12:5: branches[3]: required key 'lead' is missing\n"
          "plan.yaml:13:5: branches[3]: unknown key 'laed' (did you mean 'lead'?)\n")


def check(*args: str):
    return runner.invoke(app, ["check", "plan.yaml", "--firms", "firms.yaml", *args])


def test_bad_input_in_github_format_is_annotated_on_its_line(typo):
    res = check("--format", "github")
    assert res.exit_code == 2
    assert res.stdout == (
        "::error file=plan.yaml,line=12,col=5,title=bad input::branches[3]: required key 'lead' is missing\n"
        "::error file=plan.yaml,line=13,col=5,title=bad input::branches[3]: unknown key 'laed' (did you mean 'lead'?)\n")
    assert res.stderr == STDERR                      # the message is the one every format prints


def test_bad_input_is_written_to_the_sarif_junit_and_json_files(typo):
    res = check("--format", "sarif", "-o", "out.sarif")
    assert res.exit_code == 2 and res.stderr == STDERR and res.stdout == ""
    run = json.loads((typo / "out.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": False, "exitCode": 2}]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["INPUT-ERROR"]
    assert [(r["ruleId"], r["level"], r["message"]["text"], r["locations"][0]["physicalLocation"]["region"])
            for r in run["results"]] == [
        ("INPUT-ERROR", "error", "branches[3]: required key 'lead' is missing", {"startLine": 12, "startColumn": 5}),
        ("INPUT-ERROR", "error", "branches[3]: unknown key 'laed' (did you mean 'lead'?)",
         {"startLine": 13, "startColumn": 5})]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {"plan.yaml"}

    res = check("--format", "junit", "-o", "out.xml")
    assert res.exit_code == 2 and res.stderr == STDERR
    root = ET.fromstring((typo / "out.xml").read_text(encoding="utf-8"))
    assert root.get("tests") == "2" and root.get("failures") == "2"
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["INPUT-ERROR: plan.yaml:12:5", "INPUT-ERROR: plan.yaml:13:5"]
    assert cases[1].find("failure").text == "plan.yaml:13:5: branches[3]: unknown key 'laed' (did you mean 'lead'?)"

    res = check("--format", "json", "-o", "out.json")
    assert res.exit_code == 2 and res.stderr == STDERR
    doc = json.loads((typo / "out.json").read_text(encoding="utf-8"))
    assert doc["verdict"] == "error" and doc["exit_code"] == 2
    assert [(p["file"], p["line"], p["column"], p["field"], p["message"]) for p in doc["problems"]] == [
        ("plan.yaml", 12, 5, "branches[3]", "required key 'lead' is missing"),
        ("plan.yaml", 13, 5, "branches[3]", "unknown key 'laed' (did you mean 'lead'?)")]
    assert doc["problems"][1]["message_zh"].startswith("未知的键名")


def test_a_missing_or_empty_file_has_its_chinese_in_json_and_sarif(typo):
    shutil.copy(D / "plan-good.yaml", typo / "plan.yaml")
    res = runner.invoke(app, ["check", "plan.yaml", "--firms", "nofirms.yaml", "--format", "json"])
    assert res.exit_code == 2 and res.stderr == "nofirms.yaml: no such file\n"
    assert [(p["message"], p["message_zh"]) for p in json.loads(res.stdout)["problems"]] == [("no such file", "文件不存在")]
    (typo / "waivers.yaml").write_text("", encoding="utf-8")
    res = check("--waivers", "waivers.yaml", "--format", "sarif")
    assert res.exit_code == 2 and res.stderr == "waivers.yaml:1:1: file is empty\n"
    [result] = json.loads(res.stdout)["runs"][0]["results"]
    assert result["message"]["text"] == "file is empty" and result["properties"]["message_zh"] == "文件为空"


def test_bad_input_in_another_file_names_that_file(typo):
    shutil.copy(D / "plan-good.yaml", typo / "plan.yaml")
    (typo / "waivers.yaml").write_text("waivers:\n  - {code: BP-NOPE, subject: B001, reason: x, expires: 2027-01-01}\n",
                                       encoding="utf-8")
    res = check("--format", "github", "--waivers", "waivers.yaml")
    assert res.exit_code == 2
    assert res.stdout.startswith("::error file=waivers.yaml,line=2,col=") and "title=bad input::" in res.stdout
    assert "BP-NOPE" in res.stdout and res.stdout.count("\n") == res.stderr.count("\n") == 1


MARKDOWN = ("### branchplan check: ❌ bad input\n\n"
            "The input has problems (below): nothing was checked (exit 2).\n\n"
            "| file:line:col | field | message |\n|---|---|---|\n"
            "| `plan.yaml:12:5` | `branches[3]` | required key 'lead' is missing<br>缺少必填的键名“lead” |\n"
            "| `plan.yaml:13:5` | `branches[3]` | unknown key 'laed' (did you mean 'lead'?)"
            "<br>未知的键名“laed”（是否应为“lead”？） |\n")


def test_bad_input_in_markdown_is_a_short_report_on_stdout_or_in_the_file(typo):
    res = check("--format", "markdown", "--lang", "en")
    assert res.exit_code == 2 and res.stderr == STDERR and res.stdout == MARKDOWN
    res = check("--format", "markdown", "-o", "out.md", "--lang", "en")
    assert res.exit_code == 2 and res.stderr == STDERR and res.stdout == ""
    assert (typo / "out.md").read_text(encoding="utf-8") == MARKDOWN
    res = check("--format", "markdown", "-o", "out.md", "--lang", "zh")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr == ("plan.yaml:12:5: branches[3]: 缺少必填的键名“lead”\n"
                          "plan.yaml:13:5: branches[3]: 未知的键名“laed”（是否应为“lead”？）\n")
    assert (typo / "out.md").read_text(encoding="utf-8") == (
        "### branchplan check：❌ 输入有误\n\n输入有误（见下），未作任何检查（退出码 2）。\n\n"
        "| 位置 | 字段 | 说明 |\n|---|---|---|\n"
        "| `plan.yaml:12:5` | `branches[3]` | 缺少必填的键名“lead” |\n"
        "| `plan.yaml:13:5` | `branches[3]` | 未知的键名“laed”（是否应为“lead”？） |\n")


def test_text_bad_input_and_usage_errors_write_no_file(typo):
    res = check("--format", "text", "-o", "out.txt")
    assert res.exit_code == 2 and res.stderr == STDERR and res.stdout == ""
    assert not (typo / "out.txt").exists()
    shutil.copy(D / "plan-good.yaml", typo / "plan.yaml")
    res = check("--format", "sarif", "-o", "out.sarif", "--max-moves", "2")       # no --base: a usage error
    assert res.exit_code == 2 and "--max-moves" in res.stderr
    assert not (typo / "out.sarif").exists()
    res = check("--format", "github", "--base-label", "plan.yaml at abc1234")       # no --base either
    assert res.exit_code == 2 and res.stderr == "--base-label needs --base\n" and res.stdout == ""


def test_the_base_plan_is_named_by_its_label_and_the_moves_gate_by_its_first_moved_firm(typo):
    shutil.copy(D / "plan-bad.yaml", typo / "plan.yaml")
    shutil.copy(D / "plan-good.yaml", typo / "base.yaml")
    label = "plan.yaml at abc1234"
    res = check("--base", "base.yaml", "--base-label", label, "--max-moves", "3", "--max-gap", "10",
                "--format", "github")
    assert res.exit_code == 1, res.output
    assert ("::error file=plan.yaml,line=8,col=18,title=GATE-MOVES::5 members change branch against "
            "plan.yaml at abc1234; at most 3 allowed (--max-moves)%0A相对原方案有 5 名党员调整支部，超过上限 3 名\n") in res.stdout
    assert "::error file=plan.yaml,title=GATE-GAP::" in res.stdout               # the plan as a whole
    assert "Gap (against the best re-plan from plan.yaml at abc1234): " in res.stdout
    assert "base.yaml" not in res.stdout
    text = check("--base", "base.yaml", "--base-label", label, "--lang", "en")
    assert text.exit_code == 1 and "\nAgainst plan.yaml at abc1234:\n" in text.stdout
    md = check("--base", "base.yaml", "--base-label", label, "--format", "markdown", "--lang", "en")
    assert "#### Changes against `plan.yaml at abc1234`" in md.stdout
    doc = json.loads(check("--base", "base.yaml", "--base-label", label, "--format", "json").stdout)
    assert doc["base"] == label
    # problems in the base plan still name its file (the position is in that file)
    (typo / "base.yaml").write_text("branches:\n  - {id: B001, lead: A01, firms: [A01], kidn: joint}\n",
                                    encoding="utf-8")
    bad = check("--base", "base.yaml", "--base-label", label, "--format", "github")
    assert bad.exit_code == 2 and bad.stdout.startswith("::error file=base.yaml,line=2,")


def positions(lines: list[str], pattern: str) -> list[tuple[int, int]]:
    return [(int(m[1]), int(m[2])) for m in (re.search(pattern, s) for s in lines) if m]


def test_findings_are_in_the_order_of_the_file_in_every_format(typo):
    shutil.copy(D / "plan-bad.yaml", typo / "plan.yaml")
    text = check("--lang", "en").stdout.splitlines()
    seen = positions(text, r"^plan\.yaml:(\d+):(\d+): ")
    assert seen == sorted(seen) and (20, 18) in seen and (20, 23) in seen
    github = check("--format", "github").stdout.splitlines()
    assert positions(github, r"^::(?:error|warning) file=plan\.yaml,line=(\d+),col=(\d+),") == seen
    md = check("--format", "markdown", "--lang", "en").stdout.splitlines()
    assert positions(md, r"^\| [❌⚠️]+ \| .*`plan\.yaml:(\d+):(\d+)`") == seen
    doc = json.loads(check("--format", "json").stdout)
    assert [(f["line"], f["column"]) for f in doc["findings"]] == seen
    run = json.loads(check("--format", "sarif").stdout)["runs"][0]
    regions = [r["locations"][0]["physicalLocation"].get("region") for r in run["results"] if "suppressions" not in r]
    assert [(g["startLine"], g["startColumn"]) for g in regions] == seen
    # one line, two firms: S03 (column 18) before S01 (column 23), whatever their ids
    district = [s for s in text if " BP-DISTRICT " in s]
    assert district[0].startswith("plan.yaml:20:18: ") and district[1].startswith("plan.yaml:20:23: ")


EX = ROOT / "examples" / "guigang"


@pytest.fixture()
def proposal(tmp_path, monkeypatch) -> Path:
    """The bundled hand-made plan with firm F035 moved from B005 to B006 by hand."""
    monkeypatch.chdir(tmp_path)
    text = (EX / "plan-current.yaml").read_text(encoding="utf-8")
    text = text.replace("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F018, F028, F033]").replace(
        "firms: [F010, F021, F029, F030, F036]", "firms: [F010, F021, F029, F030, F035, F036]")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    shutil.copy(EX / "plan-current.yaml", tmp_path / "base.yaml")
    shutil.copy(EX / "firms.yaml", tmp_path / "firms.yaml")
    return tmp_path


def test_findings_are_marked_new_or_already_in_the_base_plan(proposal):
    doc = json.loads(check("--base", "base.yaml", "--format", "json").stdout)
    got = [(f["code"], f["line"], f["column"], f["new"]) for f in doc["findings"]]
    assert got == [("BP-LEAD-DIRECTOR", 21, 5, False), ("BP-DISTRICT", 24, 13, False),
                   ("BP-JOINT-MAX-FIRMS", 25, 5, True), ("BP-DISTRICT", 28, 19, False),
                   ("BP-DISTRICT", 28, 37, True), ("BP-DISTRICT", 28, 43, False),
                   ("BP-LEAD-DIRECTOR", 29, 5, False), ("BP-DISTRICT", 32, 13, False),
                   ("BP-DISTRICT", 32, 31, False)]
    assert doc["findings"][4]["firms"] == ["F035"]
    assert all(f["new"] is None for f in json.loads(check("--format", "json").stdout)["findings"])   # no base
    md = check("--base", "base.yaml", "--format", "markdown", "--lang", "en").stdout
    assert "| | code | severity | where | finding | source | since |\n|---|---|---|---|---|---|---|\n" in md
    rows = [s for s in md.splitlines() if s.startswith(("| ❌", "| ⚠️"))]
    assert [s.rsplit("|", 2)[1].strip() for s in rows] == ["in base", "in base", "**new**", "in base", "**new**",
                                                          "in base", "in base", "in base", "in base"]
    zh = check("--base", "base.yaml", "--format", "markdown", "--lang", "zh").stdout
    assert "| 新增或原有 |" in zh and "| **新增** |" in zh and "| 原有 |" in zh
    assert "since" not in check("--format", "markdown", "--lang", "en").stdout        # no base: no column
    run = json.loads(check("--base", "base.yaml", "--format", "sarif").stdout)["runs"][0]
    assert [r["baselineState"] for r in run["results"]].count("new") == 2
    assert {r["baselineState"] for r in run["results"]} == {"new", "unchanged"}


def test_only_new_annotates_the_findings_the_plan_introduced(proposal):
    res = check("--base", "base.yaml", "--base-label", "plan.yaml at abc1234", "--format", "github", "--only-new")
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert [s for s in lines if s.startswith("::")] == [
        "::error file=plan.yaml,line=25,col=5,title=BP-JOINT-MAX-FIRMS::branch B006 has 6 firms; at most 5 allowed "
        "(支部工作条例第五条)%0A支部 B006 有 6 个单位，一般不超过 5 个单位",
        "::warning file=plan.yaml,line=28,col=37,title=BP-DISTRICT::firm F035 (港北区) is in branch B006 led from "
        "港南区 (支部工作条例第五条)%0A单位 F035（港北区）编入在港南区活动的支部 B006"]
    assert "7 findings already in the base plan not annotated (--only-new)" in lines
    assert lines[-1] == "branchplan check FAILED: 1 hard, 8 soft"       # the verdict counts every finding
    full = check("--base", "base.yaml", "--format", "github")
    assert sum(s.startswith("::") for s in full.stdout.splitlines()) == 9 and "--only-new" not in full.stdout
    for args in (["--format", "github"], ["--base", "base.yaml", "--format", "json"]):
        bad = check(*args, "--only-new")
        assert bad.exit_code == 2 and bad.stdout == ""
        assert bad.stderr.startswith("--only-new needs --base and --format github")


def test_a_finding_is_not_new_because_its_branch_lists_the_firms_in_another_order(proposal):
    """The proposal's B006 has 6 firms (BP-JOINT-MAX-FIRMS, naming them all); the same plan
    with B006's firms listed in another order has the same finding, not a new one."""
    text = (proposal / "plan.yaml").read_text(encoding="utf-8")
    (proposal / "base.yaml").write_text(text, encoding="utf-8")
    reordered = text.replace("firms: [F010, F021, F029, F030, F035, F036]", "firms: [F036, F035, F030, F029, F021, F010]")
    assert reordered != text
    (proposal / "plan.yaml").write_text(reordered, encoding="utf-8")
    doc = json.loads(check("--base", "base.yaml", "--format", "json").stdout)
    assert "BP-JOINT-MAX-FIRMS" in [f["code"] for f in doc["findings"]]
    assert [f["new"] for f in doc["findings"]] == [False] * len(doc["findings"])


def test_a_waived_hard_finding_stays_an_error_in_sarif_with_its_suppression(tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - {code: BP-MIN-FULL, subject: B006, reason: 年底前补足, expires: 2099-12-31}\n",
                       encoding="utf-8")
    res = runner.invoke(app, ["check", str(D / "plan-bad.yaml"), "--firms", str(D / "firms.yaml"),
                              "--waivers", str(waivers), "--format", "sarif"])
    results = json.loads(res.stdout)["runs"][0]["results"]
    (waived,) = [x for x in results if x["ruleId"] == "BP-MIN-FULL"]
    assert waived["level"] == "error" and waived["suppressions"][0]["status"] == "accepted"
