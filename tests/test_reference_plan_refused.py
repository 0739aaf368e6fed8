"""diff OLD and report --base refuse an old plan as check --base refuses its base plan: a
firm in two branches, a lead outside its branch, with the file's schema problems in one run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

D = Path(__file__).resolve().parent / "data" / "check"
runner = CliRunner()

EN = ("old.yaml:8:5: branches[1]: unknown key 'kidn' (did you mean 'kind'?)\n"
      "old.yaml:10:11: branches[2].lead: branch B004 is led by S01, which is not one of its firms\n"
      "old.yaml:14:28: branches[3].firms[3]: C01 is in branch B004 and again in branch B003; "
      "a plan to re-plan from or compare with must put every firm in one branch\n")
ZH = ("old.yaml:8:5: branches[1]: 未知的键名“kidn”（是否应为“kind”？）\n"
      "old.yaml:10:11: branches[2].lead: 支部 B004 的牵头单位 S01 不是该支部的单位\n"
      "old.yaml:14:28: branches[3].firms[3]: C01 在支部 B004 中，又在支部 B003 中；"
      "作为调整基础或比较对象的方案中，每个单位只能在一个支部\n")


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Path:
    """plan.yaml (valid) and old.yaml: C01 in B004 and again in B003, B004 led by S01, a typo."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(D / "firms.yaml", tmp_path / "firms.yaml")
    shutil.copy(D / "plan-good.yaml", tmp_path / "plan.yaml")
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    return tmp_path


OLD = """branches:
  - id: B001
    lead: A01
    firms: [A01]
  - id: B002
    lead: A02
    firms: [A02]
    kidn: own
  - id: B004
    lead: S01
    firms: [S04, S05, C01]
  - id: B003
    lead: S01
    firms: [S01, S02, S03, C01]
  - id: B005
    lead: S07
    firms: [S07, S06, S08]
"""



def test_check_base_diff_and_report_base_refuse_the_same_old_plan(folder):
    res = runner.invoke(app, ["check", "plan.yaml", "--firms", "firms.yaml", "--base", "old.yaml", "--lang", "en"])
    assert res.exit_code == 2 and res.stderr == EN and res.stdout == ""
    res = runner.invoke(app, ["diff", "old.yaml", "plan.yaml", "--firms", "firms.yaml", "--lang", "en"])
    assert res.exit_code == 2 and res.stderr == EN and res.stdout == ""
    res = runner.invoke(app, ["report", "plan.yaml", "--firms", "firms.yaml", "--base", "old.yaml",
                              "-o", "r.html", "--lang", "en"])
    assert res.exit_code == 2 and res.stderr == EN and not (folder / "r.html").exists()


def test_the_refusal_in_chinese(folder):
    res = runner.invoke(app, ["diff", "old.yaml", "plan.yaml", "--firms", "firms.yaml", "--lang", "zh"])
    assert res.exit_code == 2 and res.stderr == ZH
    res = runner.invoke(app, ["report", "plan.yaml", "--firms", "firms.yaml", "--base", "old.yaml", "--lang", "zh"])
    assert res.exit_code == 2 and res.stderr == ZH and res.stdout == ""


def test_a_new_plan_with_a_firm_in_two_branches_is_compared_as_check_finds_it(folder):
    """In the plan under check a firm in two branches is a BP-ONE-BRANCH finding, not bad
    input; diff takes such a NEW plan too (only the old plan must say where every firm was)."""
    bad = (folder / "plan.yaml").read_text(encoding="utf-8").replace("[S07, S06, S08]", "[S07, S06, S08, C01]")
    (folder / "new.yaml").write_text(bad, encoding="utf-8")
    res = runner.invoke(app, ["check", "new.yaml", "--firms", "firms.yaml", "--lang", "en"])
    assert res.exit_code == 1 and "BP-ONE-BRANCH" in res.stdout
    res = runner.invoke(app, ["diff", "plan.yaml", "new.yaml", "--firms", "firms.yaml", "--lang", "en"])
    assert res.exit_code == 0 and res.stderr == ""
    assert res.stdout.startswith("plan.yaml -> new.yaml\n")


def test_the_plan_and_the_old_plan_have_their_problems_reported_in_one_run(folder):
    """A typo in the plan under check and the old plan's problems: one run shows both files'
    problems, each file in the order of its text (the plan's first: it is read first)."""
    text = (folder / "plan.yaml").read_text(encoding="utf-8").replace("    lead: S01\n", "    laed: S01\n", 1)
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["check", "plan.yaml", "--firms", "firms.yaml", "--base", "old.yaml", "--lang", "en"])
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert [s.split(": ")[0] for s in lines[:-3]] == ["plan.yaml:9:5", "plan.yaml:10:5"]   # missing lead, typo
    assert "unknown key 'laed'" in lines[1]
    assert "\n".join(lines[-3:]) + "\n" == EN
    res = runner.invoke(app, ["diff", "old.yaml", "plan.yaml", "--firms", "firms.yaml", "--lang", "en"])
    assert res.exit_code == 2
    assert res.stderr.startswith(EN) and "unknown key 'laed'" in res.stderr.splitlines()[-1]
    assert len(res.stderr.splitlines()) == 5


def test_a_host_that_left_the_roster_may_still_lead_the_old_plans_branch(tmp_path, monkeypatch):
    """The old plan placed F035 with host H1; H1 is no longer in this year's firms file but is
    in the old one (--old-firms): the old plan is read, not refused as 'led by H1, which is
    not one of its firms', and H1's leaving is in the diff."""
    monkeypatch.chdir(tmp_path)
    ex = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    text = (ex / "plan-current.yaml").read_text(encoding="utf-8")
    old = text.replace("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F018, F028, F033]")
    assert old != text
    (tmp_path / "old.yaml").write_text(old.rstrip("\n") + "\n  - id: B099\n    lead: H1\n    kind: host\n"
                                       "    firms: [F035]\n", encoding="utf-8")
    firms = (ex / "firms.yaml").read_text(encoding="utf-8")
    (tmp_path / "firms.yaml").write_text(firms[:firms.index("hosts:")], encoding="utf-8")
    res = runner.invoke(app, ["diff", "old.yaml", str(ex / "plan-current.yaml"), "--firms", "firms.yaml",
                              "--old-firms", str(ex / "firms.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "  firm F035 moves B099 -> B005 (2 members: M0063, M0064)" in res.stdout
    assert "host organisation H1 leaves branch B099" in res.stdout


def test_a_missing_waivers_file_is_reported_with_a_broken_rules_file(folder):
    res = runner.invoke(app, ["check", "plan.yaml", "--firms", "firms.yaml", "--rules", "nope.yaml",
                              "--waivers", "nowaivers.yaml", "--lang", "en"])
    assert res.exit_code == 2
    assert res.stderr == "nope.yaml: no such file\nnowaivers.yaml: no such file\n"
