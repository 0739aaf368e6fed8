"""The library warns of what the commands warn of: ``replan`` of an old firms file that is not
the one the current plan was made for, and of a current plan that records another charter
when none is given; ``diff`` / ``diff_plans`` of a plan and its firms file that do not fit,
either plan, and of either plan recording another charter when none is given. Each warning
is in the result's ``warnings`` (a Problem, both languages) and issued as an InputWarning /
CharterWarning, worded as the command line prints it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan.charter import CharterWarning
from branchplan.cli import app
from branchplan.errors import InputWarning

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
runner = CliRunner()
EN = {"LANG": "en_US.UTF-8", "LC_ALL": ""}


@pytest.fixture(scope="module")
def rosters():
    return branchplan.load_roster(EX / "firms.yaml"), branchplan.load_roster(EX / "firms-2027.yaml")


def _stderr_warnings(args: list[str]) -> list[str]:
    res = runner.invoke(app, args, env=EN)
    assert res.exit_code == 0, res.output
    return [ln for ln in res.stderr.splitlines() if "warning:" in ln]


def _caught(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = call()
    return out, [(w.category, str(w.message)) for w in caught if issubclass(w.category, InputWarning)]


def _other_charter(tmp_path: Path) -> Path:
    plan = tmp_path / "plan-2027.yaml"
    plan.write_text((EX / "plan-2027.yaml").read_text(encoding="utf-8").replace("charter: cpc-branch-2018",
                                                                               "charter: guigang-2029"), encoding="utf-8")
    return plan


def test_replan_warns_of_an_old_firms_file_of_another_year(rosters, monkeypatch):
    monkeypatch.chdir(EX)
    before, now = rosters
    wrong = branchplan.load_roster("firms-2027.yaml")
    cur = branchplan.load_current("plan-current.yaml", now)
    rp, issued = _caught(lambda: branchplan.replan(now, cur, old_roster=wrong))
    assert rp.ok
    [w] = rp.warnings
    said = _stderr_warnings(["solve", "firms-2027.yaml", "--current", "plan-current.yaml",
                             "--old-firms", "firms-2027.yaml"])
    assert said == [w.text("en")]
    assert w.path == "plan-current.yaml" and "is firms-2027.yaml the firms file plan-current.yaml was made for?" in w.message
    assert w.message_zh.startswith("警告：plan-current.yaml 未安排 firms-2027.yaml 中 1 个有党员的单位（F037）")
    assert issued == [(InputWarning, w.text("en"))]
    # given to load_current instead, the same
    followed = branchplan.load_current("plan-current.yaml", now, old_roster=wrong)
    again, issued = _caught(lambda: branchplan.replan(now, followed))
    assert again.warnings == rp.warnings and len(issued) == 1
    # the firms file the plan was made for: nothing to say
    right, issued = _caught(lambda: branchplan.replan(now, cur, old_roster=before))
    assert right.warnings == [] and issued == []


def test_replan_warns_of_a_current_plan_under_another_charter_when_none_is_given(rosters, tmp_path):
    _, now = rosters
    plan = _other_charter(tmp_path)
    cur = branchplan.load_current(plan, now)
    rp, issued = _caught(lambda: branchplan.replan(now, cur))
    [w] = rp.warnings
    assert w.path == str(plan) and w.line is None
    assert w.message == (f"warning: {plan} records charter guigang-2029; re-planning under cpc-branch-2018 "
                         "(give --rules FILE for that charter)")
    assert issued == [(CharterWarning, w.text("en"))]
    # the command says the same, at the plan's charter: line
    said = _stderr_warnings(["solve", str(EX / "firms-2027.yaml"), "--current", str(plan),
                             "-o", str(tmp_path / "p.yaml")])
    assert said == [f"{plan}:5:1: {w.message}"]
    # a charter given is the charter meant
    given, issued = _caught(lambda: branchplan.replan(now, cur, branchplan.load_charter()))
    assert given.warnings == [] and issued == []


def test_a_plan_in_memory_is_named_by_its_source_or_the_parameter(rosters):
    before, now = rosters
    data = branchplan.load_plan(EX / "plan-current.yaml")[0].to_dict()
    data["charter"] = "guigang-2029"
    cur = branchplan.load_current(branchplan.plan_from_data(data, source="stored plan"), now)
    rp, _ = _caught(lambda: branchplan.replan(now, cur))
    assert [w.path for w in rp.warnings] == ["stored plan"]
    old, new = branchplan.plan_from_data(data), branchplan.load_plan(EX / "plan-2027.yaml")[0]
    made = now.model_copy(update={"firms": list(now.firms)})     # (a roster built in code: no file)
    d, _ = _caught(lambda: branchplan.diff(old, new, now, old_roster=made))
    assert [w.path for w in d.warnings] == ["<memory>", "<memory>"]
    assert "is old_roster the firms file <memory> was made for?" in d.warnings[0].message
    assert "<memory> records charter guigang-2029; comparing under cpc-branch-2018" in d.warnings[1].message


def test_diff_warns_of_either_plans_firms_file_as_the_command_does(rosters, monkeypatch):
    monkeypatch.chdir(EX)
    before, now = rosters
    old, _ = branchplan.load_plan("plan-current.yaml")
    new, _ = branchplan.load_plan("plan-2027.yaml")
    wrong_old = branchplan.load_roster("firms-2027.yaml")
    d, issued = _caught(lambda: branchplan.diff(old, new, now, old_roster=wrong_old))
    said = _stderr_warnings(["diff", "plan-current.yaml", "plan-2027.yaml", "--firms", "firms-2027.yaml",
                             "--old-firms", "firms-2027.yaml"])
    assert len(said) == 1 and [w.text("en") for w in d.warnings] == said
    assert issued == [(InputWarning, said[0])]
    wrong_new = branchplan.load_roster("firms.yaml")
    d, issued = _caught(lambda: branchplan.diff_plans(old, new, wrong_new))
    said = _stderr_warnings(["diff", "plan-current.yaml", "plan-2027.yaml", "--firms", "firms.yaml"])
    assert len(said) == 1 and [w.text("en") for w in d.warnings] == said and d.warnings[0].path == "plan-2027.yaml"
    assert issued == [(InputWarning, said[0])]
    d, issued = _caught(lambda: branchplan.diff(old, new, now, old_roster=before))
    assert d.warnings == [] and issued == []


def test_diff_warns_of_a_plan_under_another_charter_only_when_none_is_given(rosters, tmp_path):
    before, now = rosters
    path = _other_charter(tmp_path)
    old, _ = branchplan.load_plan(EX / "plan-current.yaml")
    new, _ = branchplan.load_plan(path)
    d, issued = _caught(lambda: branchplan.diff(old, new, now, old_roster=before))
    [w] = d.warnings
    assert w.message == (f"warning: {path} records charter guigang-2029; comparing under cpc-branch-2018 "
                         "(give --rules FILE for that charter)")
    assert issued == [(CharterWarning, w.text("en"))]
    d, issued = _caught(lambda: branchplan.diff(old, new, now, branchplan.load_charter(), old_roster=before))
    assert d.warnings == [] and issued == []


def test_the_commands_say_each_warning_once(tmp_path):
    """The commands give the warnings at the plans' lines; the library's are not said again."""
    plan = _other_charter(tmp_path)
    said = _stderr_warnings(["diff", str(EX / "plan-current.yaml"), str(plan), "--firms", str(EX / "firms.yaml")])
    assert len(said) == 2 and said[1].startswith(f"{plan}:5:1: warning: {plan} records charter guigang-2029")
    said = _stderr_warnings(["solve", str(EX / "firms-2027.yaml"), "--current", str(plan),
                             "--old-firms", str(EX / "firms.yaml"), "-o", str(tmp_path / "p.yaml")])
    assert len(said) == 2 and said[1].startswith(f"{plan}:5:1: warning: {plan} records charter guigang-2029")
