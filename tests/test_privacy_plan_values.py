"""A member's name typed into a plan or rules file (a secretary's name under leadership:, a
name listed as a firm, a name as a branch's jurisdiction, a name as a rule's parameter) is
not quoted back by check, in any format: the names of the firms file read with them count."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
FIRMS = str(EX / "firms.yaml")
NAME = "赵小燕"          # a member of the example's firms file


def plan_with(tmp_path, old: str, new: str) -> str:
    text = (EX / "plan-current.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_the_name_is_a_member_of_the_example():
    assert NAME in (EX / "firms.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("old,new,code", [
    ("kind: joint\n    lead: F028", f"kind: joint\n    leadership: {NAME}\n    lead: F028", 2),
    ("F033, F035]", f"F033, F035, {NAME}]", 1),
    ("kind: joint\n    lead: F028", f"kind: joint\n    jurisdiction: {NAME}\n    lead: F028", 0),
])
@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "markdown"])
def test_a_name_in_the_plan_is_not_quoted(tmp_path, old, new, code, fmt):
    res = runner.invoke(app, ["check", plan_with(tmp_path, old, new), "--firms", FIRMS, "--format", fmt])
    assert res.exit_code == code, res.output
    assert NAME not in res.output
    assert "(value not shown)" in res.output or fmt == "junit"


def test_a_name_as_a_rule_parameter_is_not_quoted(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    params: {{max: {NAME}}}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["check", str(EX / "plan-current.yaml"), "--firms", FIRMS, "--rules", str(rules),
                              "--format", "github"])
    assert res.exit_code == 2, res.output
    assert NAME not in res.output and "params.max: Input should be a valid integer (value not shown)" in res.output


def test_other_values_are_still_quoted(tmp_path):
    res = runner.invoke(app, ["check", plan_with(tmp_path, "kind: joint\n    lead: F028",
                                                  "kind: joint\n    leadership: boss\n    lead: F028"),
                              "--firms", FIRMS])
    assert res.exit_code == 2
    assert "got 'boss'" in res.output


@pytest.mark.parametrize("fmt", ["text", "json", "yaml", "markdown"])
def test_diff_does_not_quote_a_name_listed_as_a_firm(tmp_path, fmt):
    new = plan_with(tmp_path, "F033, F035]", f"F033, F035, {NAME}]")
    res = runner.invoke(app, ["diff", str(EX / "plan-current.yaml"), new, "--firms", FIRMS, "-f", fmt])
    assert res.exit_code == 0, res.output
    assert NAME not in res.output and "(value not shown)" in res.output


PLAN = str(EX / "plan-current.yaml")


@pytest.mark.parametrize("args", [
    ["solve", FIRMS], ["check", PLAN, "--firms", FIRMS], ["diff", PLAN, PLAN, "--firms", FIRMS],
    ["report", PLAN, "--firms", FIRMS, "-o", "OUT"],
])
def test_a_pseudonym_key_typed_without_pseudonymise_is_a_usage_error(tmp_path, args, monkeypatch):
    """Whoever types the key expects pseudonyms: without --pseudonymise the output would show
    real names, so it is refused (exit 2, nothing written); the key from the environment,
    which a CI may set for every command, is not."""
    out = tmp_path / "r.html"
    args = [str(out) if a == "OUT" else a for a in args]
    res = runner.invoke(app, [*args, "--pseudonym-key", "longenoughkey-123456"])
    assert res.exit_code == 2, res.output
    assert "--pseudonym-key was given without --pseudonymise" in res.stderr
    assert not out.exists()
    monkeypatch.setenv("BRANCHPLAN_PSEUDONYM_KEY", "longenoughkey-123456")
    res = runner.invoke(app, args)
    assert res.exit_code in (0, 1), res.output
