"""explain --firm of a host organisation says it is a host and names the branch it leads;
a firm whose jurisdiction has no other branch is told there is nothing to compare with;
an unknown --firm or --branch names the option (the library's message does not)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan.cli import app

runner = CliRunner()

FIRMS = ("as_of: 2026-11-01\nfirms:\n"
         "  - {id: A1, jurisdiction: 甲市, location: {x: 0, y: 0}, members: {full: 3}}\n"
         "  - {id: B1, jurisdiction: 乙市, location: {x: 100, y: 0}, members: {full: 1}}\n"
         "  - {id: B2, jurisdiction: 乙市, location: {x: 101, y: 0}, members: {full: 1}}\n"
         "hosts:\n  - {id: H1, name: 乙市律协党支部, jurisdiction: 乙市, location: {x: 100, y: 1}}\n")
PLAN = ("branches:\n  - {id: B001, firms: [H1, B1, B2], lead: H1}\n  - {id: B002, firms: [A1], lead: A1}\n")


@pytest.fixture
def files(tmp_path):
    f, p = tmp_path / "f.yaml", tmp_path / "p.yaml"
    f.write_text(FIRMS, encoding="utf-8")
    p.write_text(PLAN, encoding="utf-8")
    return str(p), str(f)


def _explain(files, *args):
    plan, firms = files
    return runner.invoke(app, ["explain", plan, "--firms", firms, *args])


@pytest.mark.parametrize("given", ["H1", "乙市律协党支部"])
def test_a_host_named_as_a_firm_is_said_to_be_a_host_with_its_branch(files, given):
    en = _explain(files, "--firm", given, "--lang", "en")
    assert en.exit_code == 2, en.output
    assert en.stderr == ("--firm: H1 is a host organisation (乙市律协党支部), not a firm: it has no members of its "
                         "own, so it has no placement to explain; it leads branch B001: --branch B001 explains "
                         "that branch\n")
    zh = _explain(files, "--firm", given, "--lang", "zh")
    assert zh.exit_code == 2
    assert zh.stderr == ("--firm：H1 是托管组织（乙市律协党支部），不是律所：它本身没有党员，无从解释其编入；"
                         "它牵头支部 B001：--branch B001 可解释该支部\n")
    branch = _explain(files, "--branch", "B001", "--lang", "en")
    assert branch.exit_code == 0 and branch.stdout.startswith("Branch B001 (host, 乙市), led by H1")


def test_a_host_in_no_branch_is_said_to_be_in_none(files, tmp_path):
    plan = tmp_path / "p2.yaml"
    plan.write_text("branches:\n  - {id: B001, firms: [B1, B2], lead: B1}\n  - {id: B002, firms: [A1], lead: A1}\n",
                    encoding="utf-8")
    res = _explain((str(plan), files[1]), "--firm", "H1", "--lang", "en")
    assert res.exit_code == 2
    assert res.stderr.endswith("so it has no placement to explain; it is in no branch of the plan\n")


@pytest.mark.parametrize("firm, lang, line", [
    ("B1", "en", "  - There is no other branch in 乙市 to compare with.\n"),
    ("A1", "en", "  - There is no other branch in 甲市 to compare with.\n"),
    ("A1", "zh", "  - 甲市没有其他支部可供比较。\n"),
])
def test_a_firm_alone_in_its_jurisdiction_is_told_there_is_nothing_to_compare(files, firm, lang, line):
    res = _explain(files, "--firm", firm, "--lang", lang)
    assert res.exit_code == 0, res.output
    assert res.stdout.endswith(line)
    assert "Best alternatives" not in res.stdout and "最佳备选" not in res.stdout


def test_a_firm_with_other_branches_around_gets_no_such_line(files, tmp_path):
    plan = tmp_path / "p3.yaml"
    plan.write_text("branches:\n  - {id: B001, firms: [H1, B1], lead: H1}\n  - {id: B003, firms: [B2], lead: B2}\n"
                    "  - {id: B002, firms: [A1], lead: A1}\n", encoding="utf-8")
    res = _explain((str(plan), files[1]), "--firm", "B1", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "to compare with" not in res.stdout and "Best alternatives (of 1 branch considered" in res.stdout


def test_unknown_ids_name_the_option_on_the_command_line_only(files):
    res = _explain(files, "--firm", "F999", "--lang", "en")
    assert res.exit_code == 2 and res.stderr == "--firm: the firms file has no firm 'F999'\n"
    res = _explain(files, "--branch", "B00", "--lang", "zh")
    assert res.exit_code == 2 and res.stderr.startswith("--branch：方案中没有支部“B00”")
    roster, (plan, _) = branchplan.load_roster(files[1]), branchplan.load_plan(files[0])
    charter = branchplan.load_charter()
    with pytest.raises(branchplan.UsageError) as err:
        branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F999")
    assert str(err.value) == "the firms file has no firm 'F999'"
    with pytest.raises(branchplan.UsageError) as err:
        branchplan.explain_branch(plan, roster, charter, "2026-11-01", "B00")
    assert str(err.value).startswith("the plan has no branch 'B00'")
    with pytest.raises(branchplan.UsageError) as err:
        branchplan.explain_firm(plan, roster, charter, "2026-11-01", "H1")
    assert str(err.value).endswith("it leads branch B001: explain_branch(..., 'B001') explains that branch")


def test_a_members_id_given_as_a_firm_names_the_members_firm():
    """A member asking about themselves: the secretary types the member's id."""
    from pathlib import Path

    guigang = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    args = ["explain", str(guigang / "plan-current.yaml"), "--firms", str(guigang / "firms.yaml"), "--firm", "M0012"]
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and res.stderr == (
        "--firm: M0012 is the id of a member of firm F001, not a firm's: --firm F001 explains that firm's placement\n")
    res = runner.invoke(app, args + ["--lang", "zh"])
    assert res.stderr == "--firm：M0012 是单位 F001 一名党员的编号，不是单位编号：--firm F001 可解释该单位的编入\n"
    typed = runner.invoke(app, args[:-1] + ["ｍ0012"])      # (in another case and width)
    assert typed.stderr.startswith("--firm: ｍ0012 is the id of a member of firm F001")
    plan, _ = branchplan.load_plan(guigang / "plan-current.yaml")
    roster = branchplan.load_roster(guigang / "firms.yaml")
    with pytest.raises(branchplan.UsageError, match=r"explain_firm\(\.\.\., 'F001'\) explains"):
        branchplan.explain_firm(plan, roster, None, None, "M0012")
