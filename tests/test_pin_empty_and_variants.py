"""--pin: an empty pin is refused (it kept nothing, silently); a pin that differs from a
branch or firm id only in case or width is told the id it means, not the id difflib finds
nearest (b001 got "did you mean 'F001'?")."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errtext import closest

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
BASE = ["solve", str(G / "firms.yaml"), "--current", str(G / "plan-current.yaml")]


@pytest.mark.parametrize("pin", ["", " ", "  "])
def test_an_empty_pin_is_refused(tmp_path, pin):
    res = runner.invoke(app, BASE + ["--pin", pin, "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 2, res.output
    assert res.stderr == "--pin: an empty pin keeps nothing; give a branch or firm id of the current plan\n"
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("pin,what", [("branch:", "branch"), ("firm: ", "firm")])
def test_a_prefix_without_an_id_is_refused_saying_so(tmp_path, pin, what):
    res = runner.invoke(app, BASE + ["--pin", pin, "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"--pin '{pin.strip()}': give a {what} id after '{pin.strip()}'\n"
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("pin,meant", [("b005", "B005"), ("Ｂ００５", "B005"), ("f028", "F028")])
def test_a_pin_typed_in_another_case_or_width_is_told_the_id_it_means(tmp_path, pin, meant):
    res = runner.invoke(app, BASE + ["--pin", pin, "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 2, res.output
    assert f"is called {pin!r} (did you mean {meant!r}?)" in res.stderr


def test_closest_prefers_the_same_id_read_as_one():
    assert closest("b001", ["F001", "B001", "B002"]) == "B001"
    assert closest("Ｂ００２", ["B001", "B002"]) == "B002"
    assert closest("firmz", ["firms", "hosts"]) == "firms"
    assert closest("zzz", ["firms", "hosts"]) is None


@pytest.mark.parametrize("pin", ["F037", "firm:F037"])
def test_a_firm_of_the_roster_in_no_branch_of_the_current_plan_is_said_to_be_so(tmp_path, pin):
    """F037 is new in the 2027 firms file: a pin on it is told it has no branch to keep, not
    offered another firm as the one meant."""
    res = runner.invoke(app, ["solve", str(G / "firms-2027.yaml"), "--current", str(G / "plan-current.yaml"),
                              "--pin", pin, "-o", str(tmp_path / "p.yaml"), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert res.stderr == (f"--pin {pin}: F037 is in the firms file but in no branch of the current plan (new to the "
                          "roster, or left out of the plan): it has no branch to keep\n")
    assert not (tmp_path / "p.yaml").exists()
