"""Library calls given the wrong thing raise the documented errors: UsageError for a value of
the right kind that names nothing (a schema, a firm), TypeError for a value of the wrong
kind (a path for a Roster), with the command's ranges (explain_firm's alternatives)."""

from __future__ import annotations

from pathlib import Path

import pytest

import branchplan
from branchplan import UsageError

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"


@pytest.fixture(scope="module")
def guigang():
    plan, _ = branchplan.load_plan(EX / "plan-current.yaml")
    return plan, branchplan.load_roster(EX / "firms.yaml"), branchplan.load_charter()


def test_json_schema_of_an_unknown_name_is_a_usage_error_naming_the_schemas():
    with pytest.raises(UsageError) as err:
        branchplan.json_schema("frims")
    assert str(err.value) == "json_schema: no schema 'frims' (did you mean 'firms'?); the schemas are firms, plan, rules"
    assert err.value.text("zh") == "json_schema：没有名为“frims”的 Schema（是否应为“firms”？）；可用的为 firms、plan、rules"
    with pytest.raises(UsageError, match="no schema 'xyz'; the schemas are firms, plan, rules"):
        branchplan.json_schema("xyz")
    with pytest.raises(TypeError, match="name: expected text"):
        branchplan.json_schema(None)
    assert branchplan.json_schema("firms")["title"].startswith("branchplan firms file")


@pytest.mark.parametrize("given", [str(EX / "firms.yaml"), EX / "firms.yaml", {"firms": []}])
def test_solve_of_something_not_a_roster_is_a_type_error_saying_what_is_expected(given):
    with pytest.raises(TypeError) as err:
        branchplan.solve(given)
    said = str(err.value)
    assert said.startswith(f"roster: expected a Roster (from branchplan.load_roster), got {type(given).__name__}")
    assert said.endswith("read a file with branchplan.load_roster(path)") == (not isinstance(given, dict))


def test_solve_with_a_charter_name_for_a_charter_is_a_type_error(guigang):
    with pytest.raises(TypeError, match=r"^charter: expected a Charter \(from branchplan.load_charter\), got str"):
        branchplan.solve(guigang[1], "cpc-branch-2018")


@pytest.mark.parametrize("bad", [-1, 21])
def test_explain_firm_alternatives_outside_0_to_20_is_a_usage_error(guigang, bad):
    plan, roster, charter = guigang
    with pytest.raises(UsageError) as err:
        branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F006", alternatives=bad)
    assert str(err.value) == f"alternatives: {bad} is not in the range 0<=x<=20"
    assert err.value.text("zh") == f"alternatives：{bad} 不在允许的范围（0<=x<=20）内"


@pytest.mark.parametrize("bad", ["3", 2.0, True, None])
def test_explain_firm_alternatives_of_another_type_is_a_type_error(guigang, bad):
    plan, roster, charter = guigang
    with pytest.raises(TypeError, match="^explain_firm.alternatives: expected an integer"):
        branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F006", alternatives=bad)


def test_explain_firm_alternatives_at_the_ends_of_the_range(guigang):
    plan, roster, charter = guigang
    assert branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F006", alternatives=0)["alternatives"] == []
    data = branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F006", alternatives=20)
    assert len(data["alternatives"]) == data["considered"] >= 1


def test_explain_firm_of_an_unknown_firm_names_no_option(guigang):
    plan, roster, charter = guigang
    with pytest.raises(UsageError) as err:
        branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F999")
    assert str(err.value).startswith("the firms file has no firm 'F999'")
    assert err.value.text("zh").startswith("名册中没有单位“F999”")
