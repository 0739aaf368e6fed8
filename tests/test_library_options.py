"""Option values checked the same way typed and as a dict, with the command line's ranges;
documents in memory keep the date messages and the names their files get."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import branchplan
from branchplan import (GateOptions, InputError, SolveOptions, UsageError, check_files, load_current, load_plan,
                        load_roster, plan_from_data, roster_from_data)
from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
FIRMS, CURRENT = EX / "firms.yaml", EX / "plan-current.yaml"
SMALL = {"jurisdiction": "Testville", "as_of": "2026-11-01", "firms": [
    {"id": "F1", "location": {"x": 0, "y": 0}, "members": {"full": 4}},
    {"id": "F2", "location": {"x": 1, "y": 0}, "members": {"full": 1}},
    {"id": "F3", "location": {"x": 0, "y": 1}, "members": {"full": 2}}]}


@pytest.fixture(scope="module")
def small():
    return roster_from_data(SMALL, source="request")


# ------------------------------------------------------------- SolveOptions: the CLI's ranges

OUT_OF_RANGE = [
    ({"time_limit": -1}, "options.time_limit: -1 is not in the range x>=0.01",
     "options.time_limit：-1 不在允许的范围（x>=0.01）内"),
    ({"time_limit": 0}, "options.time_limit: 0 is not in the range x>=0.01", None),
    ({"time_limit": float("nan")}, "options.time_limit: nan is not in the range x>=0.01", None),
    ({"time_limit": float("inf")}, "options.time_limit: inf is not in the range x>=0.01", None),
    ({"workers": 0}, "options.workers: 0 is not in the range 1<=x<=64",
     "options.workers：0 不在允许的范围（1<=x<=64）内"),
    ({"workers": -3}, "options.workers: -3 is not in the range 1<=x<=64", None),
    ({"workers": 65}, "options.workers: 65 is not in the range 1<=x<=64", None),
    ({"search_workers": 0}, "options.search_workers: 0 is not in the range 1<=x<=64", None),
    ({"seed": 2 ** 31}, "options.seed: 2147483648 is not in the range -2147483648<=x<=2147483647", None),
    ({"nearest": 0}, "options.nearest: 0 is not in the range x>=1, or -1 (automatic) or None (all)",
     "options.nearest：0 不在允许的范围（x>=1）内；或为 -1（自动）、None（全部）"),
    ({"nearest": -2}, "options.nearest: -2 is not in the range x>=1, or -1 (automatic) or None (all)", None),
    ({"nearest_fallback": 0},
     "options.nearest_fallback: 0 is not in the range x>=1, or -1 (automatic) or None (all)", None),
]


@pytest.mark.parametrize("given, en, zh", OUT_OF_RANGE)
def test_solve_options_out_of_range_are_usage_errors_typed_and_as_a_dict(small, given, en, zh):
    with pytest.raises(UsageError) as typed:
        SolveOptions(**given)
    with pytest.raises(UsageError) as as_dict:
        branchplan.solve(small, options=given)
    assert str(typed.value) == str(as_dict.value) == en
    if zh is not None:
        assert typed.value.message_zh == zh


WRONG_TYPE = [
    ({"time_limit": True}, "SolveOptions.time_limit: expected a number, got bool",
     "options.time_limit: expected a number, got True", "options.time_limit：应为数字，现为 True"),
    ({"time_limit": "soon"}, "SolveOptions.time_limit: expected a number, got str",
     "options.time_limit: expected a number, got 'soon'", None),
    ({"workers": 2.0}, "SolveOptions.workers: expected an integer, got float",
     "options.workers: expected an integer, got 2.0", "options.workers：应为整数，现为 2.0"),
    ({"seed": "1"}, "SolveOptions.seed: expected an integer, got str", "options.seed: expected an integer, got '1'",
     None),
    ({"nearest": True}, "SolveOptions.nearest: expected an integer, got bool",
     "options.nearest: expected an integer, got True", None),
    ({"prove": 1}, "SolveOptions.prove: expected True or False, got int",
     "options.prove: expected True or False, got 1", "options.prove：应为 True 或 False，现为 1"),
    ({"log": "no"}, "SolveOptions.log: expected True or False, got str",
     "options.log: expected True or False, got 'no'", None),
]


@pytest.mark.parametrize("given, typed_en, dict_en, dict_zh", WRONG_TYPE)
def test_solve_options_of_the_wrong_type(small, given, typed_en, dict_en, dict_zh):
    with pytest.raises(TypeError) as typed:  # in code: a programming error
        SolveOptions(**given)
    assert str(typed.value) == typed_en and not isinstance(typed.value, UsageError)
    with pytest.raises(UsageError) as as_dict:  # in a request: the caller's input
        branchplan.solve(small, options=given)
    assert str(as_dict.value) == dict_en
    if dict_zh is not None:
        assert as_dict.value.message_zh == dict_zh


def test_solve_options_in_range_are_kept_and_numpy_numbers_are_plain(small):
    opts = SolveOptions(time_limit=np.float32(2), seed=np.int64(-7), workers=np.int32(64), nearest=np.int64(-1),
                        nearest_fallback=None)
    assert opts == SolveOptions(time_limit=2.0, seed=-7, workers=64, nearest=-1, nearest_fallback=None)
    assert [type(v) for v in (opts.time_limit, opts.seed, opts.workers, opts.nearest)] == [float, int, int, int]
    assert SolveOptions(time_limit=0.01, nearest=1, nearest_fallback=1).time_limit == 0.01
    assert SolveOptions(nearest=None).nearest is None and SolveOptions().nearest == -1  # automatic by default
    result = branchplan.solve(small, options={"time_limit": 30, "seed": 3, "nearest": 1, "prove": True})
    assert result.ok and result.plan.status == "optimal"


def test_the_cli_refuses_what_the_library_refuses(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text(FIRMS.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    for flag, value, option in (("--workers", "0", "workers"), ("--time-limit", "-1", "time_limit"),
                                ("--seed", str(2 ** 31), "seed")):
        out = runner.invoke(app, ["solve", str(firms), flag, value])
        assert out.exit_code == 2
        with pytest.raises(UsageError) as lib:
            SolveOptions(**{option: int(value)})
        said = str(lib.value).split(": ", 1)[1]  # "0 is not in the range 1<=x<=64"
        assert f"Invalid value for '{flag}': {said}." in " ".join(out.output.split())


# ------------------------------------------------------------- GateOptions

@pytest.mark.parametrize("given, typed_en, dict_en", [
    ({"strict": "no"}, "GateOptions.strict: expected True or False, got str",
     "options.strict: expected True or False, got 'no'"),
    ({"strict": 0}, "GateOptions.strict: expected True or False, got int", "options.strict: expected True or False, got 0"),
    ({"max_moves": 3.0}, "GateOptions.max_moves: expected an integer, got float",
     "options.max_moves: expected an integer, got 3.0"),
    ({"max_moves": "3"}, "GateOptions.max_moves: expected an integer, got str",
     "options.max_moves: expected an integer, got '3'"),
    ({"max_gap": "5"}, "GateOptions.max_gap: expected a number, got str", "options.max_gap: expected a number, got '5'"),
    ({"gap_time_limit": None}, "GateOptions.gap_time_limit: expected a number, got None",
     "options.gap_time_limit: expected a number, got None"),
])
def test_gate_options_of_the_wrong_type(given, typed_en, dict_en):
    with pytest.raises(TypeError) as typed:
        GateOptions(**given)
    assert str(typed.value) == typed_en
    with pytest.raises(UsageError) as as_dict:
        check_files(CURRENT, FIRMS, options=given)
    assert str(as_dict.value) == dict_en


@pytest.mark.parametrize("given, en", [
    ({"max_moves": -1}, "options.max_moves: -1 is not in the range x>=0"),
    ({"max_gap": -5}, "options.max_gap: -5 is not in the range x>=0"),
    ({"max_gap": float("nan")}, "options.max_gap: nan is not in the range x>=0"),
    ({"gap_time_limit": 0}, "options.gap_time_limit: 0 is not in the range x>=0.01"),
    ({"today": "2026-02-30"}, "options.today: '2026-02-30' is not a date like 2026-11-01"),
])
def test_gate_options_out_of_range_typed_and_as_a_dict(given, en):
    with pytest.raises(UsageError) as typed:
        GateOptions(**given)
    with pytest.raises(UsageError) as as_dict:
        check_files(CURRENT, FIRMS, options=given)
    assert str(typed.value) == str(as_dict.value) == en


def test_a_number_for_today_is_a_type_error_either_way():
    for call in (lambda: GateOptions(today=20270101), lambda: check_files(CURRENT, FIRMS, options={"today": 5})):
        with pytest.raises(TypeError) as err:
            call()
        assert not isinstance(err.value, UsageError)
        assert str(err.value) == "options.today: expected a date or text like '2026-11-01', got int"
    with pytest.raises(UsageError) as as_of:  # the same words as as_of's
        branchplan.solve(load_roster(FIRMS), as_of="2026-02-30")
    assert str(as_of.value) == "as_of: '2026-02-30' is not a date like 2026-11-01"


def test_gate_options_accept_numpy_integers_and_real_bools():
    opts = GateOptions(max_moves=np.int64(3), max_gap=np.float64(1.5), strict=True, gap_time_limit=5)
    assert opts == GateOptions(max_moves=3, max_gap=1.5, strict=True, gap_time_limit=5.0)
    assert type(opts.max_moves) is int and GateOptions(today="2026-11-01").today == date(2026, 11, 1)
    rep = check_files(CURRENT, FIRMS, base_path=CURRENT, options={"max_moves": np.int64(0), "strict": False})
    assert rep.options == GateOptions(max_moves=0) and rep.passed


# ------------------------------------------------------------- documents in memory: dates and names

def test_a_plan_in_memory_gets_the_files_date_message(tmp_path):
    as_json = tmp_path / "p.json"
    as_json.write_text('{"as_of": "2026-13-01", "branches": []}', encoding="utf-8")
    as_yaml = tmp_path / "p.yaml"
    as_yaml.write_text("as_of: 2026-13-01\nbranches: []\n", encoding="utf-8")
    said = "as_of: 2026-13-01 is not a valid date (month must be in 1..12)"
    for path, where in ((as_yaml, "p.yaml:1:8"), (as_json, "p.json:1:11")):
        with pytest.raises(InputError) as err:
            load_plan(path)
        assert str(err.value) == f"{tmp_path / where}: {said}"
    with pytest.raises(InputError) as err:
        plan_from_data({"as_of": "2026-02-30", "branches": []}, source="stored plan")
    problem = err.value.problems[0]
    assert str(err.value) == "stored plan: as_of: 2026-02-30 is not a valid date (day is out of range for month)"
    assert problem.message_zh == "2026-02-30 不是有效日期（该月没有这一天）"
    with pytest.raises(InputError) as err:  # not date-shaped: pydantic's message, as before
        plan_from_data({"as_of": "soon", "branches": []}, source="stored plan")
    assert "soon" in str(err.value) and "not a valid date" not in str(err.value)


def test_a_roster_in_memory_gets_the_files_date_message():
    doc = {"firms": [{"id": "F1", "location": {"x": 0, "y": 0},
                      "members": [{"id": "M1", "name": "甲", "status": "full", "joined": "2010-13-01"},
                                  {"id": "M2", "name": "乙", "status": "full", "joined": "2011-02-29"}]}]}
    with pytest.raises(InputError) as err:
        roster_from_data(doc, source="request")
    assert [p.text() for p in err.value.problems] == [
        "request: firms[0].members[0].joined: 2010-13-01 is not a valid date (month must be in 1..12)",
        "request: firms[0].members[1].joined: 2011-02-29 is not a valid date (day is out of range for month)"]


def _firm_twice() -> dict:
    doc = load_plan(CURRENT)[0].to_dict()
    doc["branches"][1]["firms"].append(doc["branches"][0]["firms"][0])
    return doc


def test_load_current_names_a_plan_after_its_source():
    roster, doc = load_roster(FIRMS), _firm_twice()
    problem = ("branches[1].firms[{n}]: {f} is in branch {b0} and again in branch {b1}; a plan to re-plan from "
               "or compare with must put every firm in one branch")
    b = doc["branches"]
    said = problem.format(n=len(b[1]["firms"]) - 1, f=b[0]["firms"][0], b0=b[0]["id"], b1=b[1]["id"])
    cases = [((plan_from_data(doc, source="req"),), "req"), ((plan_from_data(doc, source="req"), "mine"), "mine"),
             ((branchplan.Plan.model_validate(doc),), "current plan"), ((doc,), "current plan"),
             ((doc, "mine"), "mine")]
    for args, name in cases:
        with pytest.raises(InputError) as err:
            load_current(args[0], roster, *args[1:])
        assert str(err.value) == f"{name}: {said}", args[1:]
    # where a plan came from is not part of it: equal documents give equal plans
    assert plan_from_data(doc, source="a") == plan_from_data(doc, source="b") == branchplan.Plan.model_validate(doc)


def test_every_library_function_taking_a_date_takes_it_as_text(tmp_path, monkeypatch):
    roster = branchplan.load_roster(EX / "firms.yaml")
    plan, _ = load_plan(EX / "plan-current.yaml")
    charter = branchplan.load_charter()
    day = date(2026, 11, 1)
    assert branchplan.explain_plan(plan, roster, charter, "2026-11-01") == branchplan.explain_plan(plan, roster, charter, day)
    assert (branchplan.explain_branch(plan, roster, charter, "2026-11-01", "B005")
            == branchplan.explain_branch(plan, roster, charter, day, "B005"))
    assert (branchplan.explain_firm(plan, roster, charter, "2026-11-01", "F006")
            == branchplan.explain_firm(plan, roster, charter, day, "F006"))
    assert (branchplan.build_report(plan, roster, charter, as_of="2026-11-01")
            == branchplan.build_report(plan, roster, charter, as_of=day))
    for bad in ("2026-13-01",):
        with pytest.raises(UsageError, match="is not a date like 2026-11-01"):
            branchplan.explain_plan(plan, roster, charter, bad)
        with pytest.raises(UsageError, match="is not a date like 2026-11-01"):
            branchplan.build_report(plan, roster, charter, as_of=bad)
    sheet = tmp_path / "roster.csv"
    sheet.write_text("律所名称,姓名,身份证号,党员类别,入党时间\n甲所,张一,11010119900307803X,正式,2010-07-01\n",
                     encoding="utf-8")
    with pytest.raises(UsageError, match="is not a date like 2026-11-01"):
        branchplan.import_roster(sheet, jurisdiction="X", as_of="2026-13-01", id_key="k" * 16)
    res = branchplan.import_roster(sheet, jurisdiction="X", as_of="2026-11-01", id_key="k" * 16)
    assert res.document["as_of"] == day
    # the key may come from the environment, as the message and the command say
    monkeypatch.setenv("BRANCHPLAN_ID_KEY", "k" * 16)
    assert branchplan.import_roster(sheet, jurisdiction="X").document["firms"] == res.document["firms"]
    monkeypatch.delenv("BRANCHPLAN_ID_KEY")
    with pytest.raises(UsageError, match="BRANCHPLAN_ID_KEY"):
        branchplan.import_roster(sheet, jurisdiction="X")
