"""check --base of a re-plan edited by hand that kept the base's recorded figures: those figures
count the moves from the plan the base was re-planned from, so check says so and does not
call the edited plan cheaper than the recorded optimum (as if proven for another roster)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
GUIGANG = Path(__file__).resolve().parents[1] / "examples" / "guigang"
FIRMS = GUIGANG / "firms-2027.yaml"
BASE = GUIGANG / "plan-2027.yaml"


def _edited(tmp_path) -> Path:
    # F035 moved by hand from B005 to B007; the header (status, objective, bound) kept
    text = BASE.read_text(encoding="utf-8")
    for old, new in (("firms: [F033, F006, F018, F035, F037]", "firms: [F033, F006, F018, F037]"),
                     ("firms: [F015, F013, F024]", "firms: [F015, F013, F024, F035]")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edited_re_plan_is_not_judged_by_moves_from_another_plan(tmp_path):
    edited = _edited(tmp_path)
    args = ["check", str(edited), "--firms", str(FIRMS), "--base", str(BASE), "--base-firms", str(FIRMS)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    out = res.output
    assert ("the plan records 4.001 points for them, the base plan's own figures (kept through the edit), which count "
            "its moves from the plan the base was re-planned from") in out
    assert "another roster or charter" not in out and "less than the recorded" not in out
    assert "the plan's objective says BP-DISTANCE 157.567, BP-DISTRICT 20.000; now: BP-DISTANCE 272.367" in out
    moves = json.loads(runner.invoke(app, args + ["-f", "json"]).output)["moves"]
    assert moves["cost"] == 2.001 and moves["cost_recorded"] == 4.001 and moves["recorded_by_base"] is True


def test_the_base_against_itself_and_a_re_plan_against_its_own_current_plan_are_as_before(tmp_path):
    res = runner.invoke(app, ["check", str(BASE), "--firms", str(FIRMS), "--base", str(GUIGANG / "plan-current.yaml"),
                              "--base-firms", str(GUIGANG / "firms.yaml"), "-f", "json"])
    data = json.loads(res.output)
    assert data["moves"]["cost"] == 4.001 and data["moves"]["cost_recorded"] is None
    assert data["moves"]["recorded_by_base"] is False and data["stale_fields"] == []


def test_without_the_base_firms_file_too_the_base_s_own_figures_are_named(tmp_path):
    edited = _edited(tmp_path)
    args = ["check", str(edited), "--firms", str(FIRMS), "--base", str(BASE)]
    res = runner.invoke(app, args)
    assert "the base plan's own figures (kept through the edit)" in res.output
    assert "members who changed firm are followed only with" not in res.output
    assert json.loads(runner.invoke(app, args + ["-f", "json"]).output)["moves"]["recorded_by_base"] is True
