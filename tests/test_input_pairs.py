"""Inputs that do not belong together, said on stderr (the exit code unchanged):

- a plan and the firms file given for it (``solve --current --old-firms``, ``check --base
  --base-firms``, ``diff --old-firms``, and diff's new plan with ``--firms``) of different
  years: the plan places none of some firms with members, or lists firms it lacks;
- a plan that records (``charter:``) another charter than the one in use (``--rules``
  left out);
- a file of another kind where a firms file, plan or rules file is wanted (exit 2, one line).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
FIRMS, FIRMS_2027 = str(EX / "firms.yaml"), str(EX / "firms-2027.yaml")
CURRENT, PLAN_2027 = str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml")
EN = {"LANG": "en_US.UTF-8", "LC_ALL": ""}
runner = CliRunner()

#: plan-current.yaml was made for firms.yaml; firms-2027.yaml closed F026 and opened F037
WRONG_YEAR = ("does not place 1 firm with members of firms-2027.yaml (F037) and lists 1 firm firms-2027.yaml "
              "does not have (F026): is firms-2027.yaml the firms file")


def run(args: list[str], env: dict | None = None):
    return runner.invoke(app, args, env=env or EN)


def warnings_of(res) -> list[str]:
    return [ln for ln in res.stderr.splitlines() if "warning:" in ln or "警告：" in ln]


def test_solve_current_with_the_old_firms_file_of_another_year_warns(tmp_path):
    res = run(["solve", FIRMS_2027, "--current", CURRENT, "--old-firms", FIRMS_2027, "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    [line] = warnings_of(res)
    assert line.startswith(f"{CURRENT}: warning: {CURRENT} ") and WRONG_YEAR.replace("firms-2027.yaml", FIRMS_2027) in line
    assert line.endswith(f"plan-current.yaml was made for?")


def test_solve_current_with_its_own_old_firms_file_says_nothing(tmp_path):
    res = run(["solve", FIRMS_2027, "--current", CURRENT, "--old-firms", FIRMS, "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    assert warnings_of(res) == []


def test_check_base_firms_of_another_year_warns_in_every_place(monkeypatch):
    monkeypatch.chdir(EX)
    args = ["check", "plan-2027.yaml", "--firms", "firms-2027.yaml", "--base", "plan-current.yaml"]
    right = run(args + ["--base-firms", "firms.yaml"])
    wrong = run(args + ["--base-firms", "firms-2027.yaml"])
    assert wrong.exit_code == right.exit_code == 0
    assert warnings_of(right) == []
    assert warnings_of(wrong) == [f"plan-current.yaml: warning: plan-current.yaml {WRONG_YEAR} plan-current.yaml "
                                  "was made for?"]
    github = run(args + ["--base-firms", "firms-2027.yaml", "-f", "github"])
    assert f"::warning file=plan-current.yaml,title=plan::plan-current.yaml {WRONG_YEAR}" in github.stdout
    markdown = run(args + ["--base-firms", "firms-2027.yaml", "-f", "markdown"])
    assert "**Warnings about the input files (1)**" in markdown.stdout
    doc = json.loads(run(args + ["--base-firms", "firms-2027.yaml", "-f", "json"]).stdout)
    assert [w["file"] for w in doc["warnings"]] == ["plan-current.yaml"]
    with_label = run(args + ["--base-firms", "firms-2027.yaml", "--base-label", "plan.yaml at abc1234"])
    assert warnings_of(with_label)[0].startswith("plan.yaml at abc1234: warning: plan.yaml at abc1234 does not place")


def test_report_base_firms_of_another_year_warns(tmp_path, monkeypatch):
    monkeypatch.chdir(EX)
    args = ["report", "plan-2027.yaml", "--firms", "firms-2027.yaml", "--base", "plan-current.yaml",
            "-o", str(tmp_path / "r.html")]
    right, wrong = run(args + ["--base-firms", "firms.yaml"]), run(args + ["--base-firms", "firms-2027.yaml"])
    assert right.exit_code == wrong.exit_code == 0
    assert warnings_of(right) == []
    assert warnings_of(wrong) == [f"plan-current.yaml: warning: plan-current.yaml {WRONG_YEAR} plan-current.yaml "
                                  "was made for?"]


def test_diff_warns_of_a_firms_file_of_another_year_for_either_plan(monkeypatch):
    monkeypatch.chdir(EX)
    right = run(["diff", "plan-current.yaml", "plan-2027.yaml", "--firms", "firms-2027.yaml", "--old-firms", "firms.yaml"])
    assert right.exit_code == 0 and warnings_of(right) == []
    old = run(["diff", "plan-current.yaml", "plan-2027.yaml", "--firms", "firms-2027.yaml",
               "--old-firms", "firms-2027.yaml"])
    assert old.exit_code == 0
    assert warnings_of(old) == [f"plan-current.yaml: warning: plan-current.yaml {WRONG_YEAR} plan-current.yaml "
                                "was made for?"]
    new = run(["diff", "plan-current.yaml", "plan-2027.yaml", "--firms", "firms.yaml", "--lang", "zh"])
    assert new.exit_code == 0
    assert warnings_of(new) == [
        "plan-2027.yaml: 警告：plan-2027.yaml 未安排 firms.yaml 中 1 个有党员的单位（F026），并且列有 firms.yaml 中没有的 "
        "1 个单位（F037）：firms.yaml 是否就是 plan-2027.yaml 所依据的单位名册文件？（方案日期为 2027-11-01，"
        "firms.yaml 的日期为 2026-11-01）"]


def test_a_plan_made_on_another_date_for_the_same_firms_file_is_no_mismatch(tmp_path, monkeypatch):
    """The plan's as_of (solve --as-of) may differ from the firms file's: not a sign."""
    moved = tmp_path / "plan-2027.yaml"
    moved.write_text((EX / "plan-2027.yaml").read_text(encoding="utf-8").replace("as_of: '2027-11-01'",
                                                                                "as_of: '2027-06-30'"), encoding="utf-8")
    res = run(["diff", CURRENT, str(moved), "--firms", FIRMS_2027, "--old-firms", FIRMS])
    assert res.exit_code == 0 and warnings_of(res) == []
    res = run(["check", str(moved), "--firms", FIRMS_2027, "--base", CURRENT, "--base-firms", FIRMS])
    assert res.exit_code == 0 and warnings_of(res) == []


def _other_charter(tmp_path: Path) -> Path:
    plan = tmp_path / "plan-2027.yaml"
    plan.write_text((EX / "plan-2027.yaml").read_text(encoding="utf-8").replace("charter: cpc-branch-2018",
                                                                               "charter: guigang-2029"), encoding="utf-8")
    return plan


def test_check_says_the_plan_records_another_charter(tmp_path, monkeypatch):
    _other_charter(tmp_path)
    (tmp_path / "guigang-2029.yaml").write_text("charter: guigang-2029\nextends: cpc-branch-2018\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    plain = ["check", "plan-2027.yaml", "--firms", FIRMS_2027]
    res = run(plain)
    assert res.exit_code == 0
    assert warnings_of(res) == ["plan-2027.yaml:5:1: warning: plan-2027.yaml records charter guigang-2029; checking "
                                "against cpc-branch-2018 (give --rules FILE for that charter)"]
    assert run(plain + ["--strict"]).exit_code == run([*plain[:1], PLAN_2027, *plain[2:], "--strict"]).exit_code
    zh = run(plain + ["--lang", "zh"])
    assert warnings_of(zh) == ["plan-2027.yaml:5:1: 警告：plan-2027.yaml 记录的规则集为 guigang-2029；现按 "
                               "cpc-branch-2018 检查（如应按该规则集，请用 --rules 给出其规则文件）"]
    github = run(plain + ["-f", "github"]).stdout
    assert ("::warning file=plan-2027.yaml,line=5,col=1,title=plan::plan-2027.yaml records charter guigang-2029; "
            "checking against cpc-branch-2018") in github
    assert "**Warnings about the input files (1)**" in run(plain + ["-f", "markdown"]).stdout
    under = run(plain + ["--rules", "guigang-2029.yaml"])
    assert under.exit_code == 0 and warnings_of(under) == []
    assert warnings_of(run(["check", PLAN_2027, "--firms", FIRMS_2027])) == []


def test_solve_current_and_diff_say_the_plan_records_another_charter(tmp_path):
    plan = str(_other_charter(tmp_path))
    res = run(["solve", FIRMS_2027, "--current", plan, "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    assert warnings_of(res) == [f"{plan}:5:1: warning: {plan} records charter guigang-2029; re-planning under "
                                "cpc-branch-2018 (give --rules FILE for that charter)"]
    res = run(["diff", CURRENT, plan, "--firms", FIRMS_2027, "--old-firms", FIRMS])
    assert res.exit_code == 0
    assert warnings_of(res) == [f"{plan}:5:1: warning: {plan} records charter guigang-2029; comparing under "
                                "cpc-branch-2018 (give --rules FILE for that charter)"]


def test_explain_and_report_say_the_plan_records_another_charter(tmp_path, monkeypatch):
    """As check does: on stderr, and in the report's header, which names the charter its
    tables are under."""
    _other_charter(tmp_path)
    (tmp_path / "guigang-2029.yaml").write_text("charter: guigang-2029\nextends: cpc-branch-2018\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run(["explain", "plan-2027.yaml", "--firms", FIRMS_2027, "--firm", "F028"])
    assert res.exit_code == 0, res.output
    assert warnings_of(res) == ["plan-2027.yaml:5:1: warning: plan-2027.yaml records charter guigang-2029; explaining "
                                "under cpc-branch-2018 (give --rules FILE for that charter)"]
    res = run(["report", "plan-2027.yaml", "--firms", FIRMS_2027, "-o", "r.html"])
    assert res.exit_code == 0, res.output
    assert warnings_of(res) == ["plan-2027.yaml:5:1: warning: plan-2027.yaml records charter guigang-2029; reporting "
                                "under cpc-branch-2018 (give --rules FILE for that charter)"]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<p class="meta">Charter cpc-branch-2018 ·' in html
    assert ("The plan records charter guigang-2029; this report judges it under cpc-branch-2018: its costs, limits "
            "and findings are cpc-branch-2018&#39;s.") in html
    zh = run(["report", "plan-2027.yaml", "--firms", FIRMS_2027, "--lang", "zh"])
    assert "方案文件记录的规则集为 guigang-2029；本报告按 cpc-branch-2018 评估" in zh.stdout
    assert warnings_of(zh) == ["plan-2027.yaml:5:1: 警告：plan-2027.yaml 记录的规则集为 guigang-2029；现按 "
                               "cpc-branch-2018 生成报告（如应按该规则集，请用 --rules 给出其规则文件）"]
    # under the charter it records: nothing to say
    for args in (["explain", "plan-2027.yaml", "--firms", FIRMS_2027, "--rules", "guigang-2029.yaml"],
                 ["report", "plan-2027.yaml", "--firms", FIRMS_2027, "--rules", "guigang-2029.yaml"]):
        res = run(args)
        assert res.exit_code == 0 and warnings_of(res) == [] and "The plan records charter" not in res.stdout
    res = run(["report", PLAN_2027, "--firms", FIRMS_2027])
    assert warnings_of(res) == [] and "The plan records charter" not in res.stdout


def test_a_file_of_the_other_kind_is_named_for_what_it_is(tmp_path):
    """One line, at the key that tells the kind, exit 2; nothing written."""
    out = tmp_path / "p.yaml"
    res = run(["solve", PLAN_2027, "-o", str(out)])
    assert res.exit_code == 2 and res.stdout == "" and not out.exists()
    assert res.stderr == (f"{PLAN_2027}:75:1: this file is a plan (it has branches:), not a firms file: give a firms "
                          "file here (a plan goes first in check and diff, or with solve --current)\n")
    res = run(["solve", FIRMS_2027, "--current", FIRMS, "-o", str(out)])
    assert res.exit_code == 2 and not out.exists()
    assert res.stderr == (f"{FIRMS}:6:1: this file is a firms file (it has firms:), not a plan: give a plan here "
                          "(a firms file goes first in solve, or with --firms or --old-firms)\n")
    res = run(["check", FIRMS_2027, "--firms", PLAN_2027])   # swapped: both files said, once each
    assert res.exit_code == 2
    assert res.stderr == (f"{PLAN_2027}:75:1: this file is a plan (it has branches:), not a firms file: give a firms "
                          "file here (a plan goes first in check and diff, or with solve --current)\n"
                          f"{FIRMS_2027}:12:1: this file is a firms file (it has firms:), not a plan: give a plan here "
                          "(a firms file goes first in solve, or with --firms or --old-firms)\n")
