"""`branchplan check` end to end: solved plans check clean, positions, gap, moves, waivers,
and every exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.formats.github import escape_data, escape_property
from branchplan.gap import compare
from branchplan.gate import position
from branchplan.loader import locate
from branchplan.plan import load_plan
from branchplan.rules.base import Finding

ROOT = Path(__file__).resolve().parents[1]
D = ROOT / "tests" / "data" / "check"
FIRMS = str(D / "firms.yaml")
GOOD = D / "plan-good.yaml"
GUIGANG = ROOT / "examples" / "guigang"
runner = CliRunner()


def check(*args: str) -> tuple[int, dict | str]:
    res = runner.invoke(app, ["check", *args])
    if "--format" in args and args[args.index("--format") + 1] == "json" and res.exit_code in (0, 1):
        return res.exit_code, json.loads(res.stdout)
    return res.exit_code, res.output


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


@pytest.fixture(scope="module")
def solved_guigang(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("solved") / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG / "firms.yaml"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_solved_plan_checks_clean(solved_guigang):
    code, data = check(str(solved_guigang), "--firms", str(GUIGANG / "firms.yaml"), "--format", "json",
                       "--max-gap", "0")
    assert code == 0
    assert data["counts"]["hard"] == 0 and data["counts"]["gate"] == 0
    assert data["gap"]["gap_pct"] == 0.0 and data["gap"]["reference_status"] == "optimal"
    assert data["costs"]["total"] == 25.825  # what solve wrote as the plan's objective


def test_solved_plan_of_small_roster_passes_even_strict(tmp_path):
    out = tmp_path / "plan.json"
    assert runner.invoke(app, ["solve", FIRMS, "-o", str(out)]).exit_code == 0
    code, data = check(str(out), "--firms", FIRMS, "--strict", "--format", "json")
    assert code == 0 and data["findings"] == []


def test_strict_fails_on_soft_findings(solved_guigang):
    code, out = check(str(solved_guigang), "--firms", str(GUIGANG / "firms.yaml"))
    assert code == 0 and "BP-LEAD-DIRECTOR [soft]" in out
    code, out = check(str(solved_guigang), "--firms", str(GUIGANG / "firms.yaml"), "--strict")
    assert code == 1 and "--strict" in out


def test_moving_one_firm_out_of_a_valid_plan(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    moved = text.replace("firms: [S07, S06, S08]", "firms: [S07, S08]").replace(
        "firms: [S01, S02, S03]", "firms: [S01, S02, S03, S06]")
    path = write(tmp_path, "plan.yaml", moved)
    lines = moved.splitlines()
    b005 = lines.index("  - id: B005") + 1
    b003_firms = next(i for i, s in enumerate(lines) if "S06]" in s) + 1
    code, data = check(path, "--firms", FIRMS, "--format", "json")
    assert code == 1
    got = [(f["code"], f["severity"], f["branch"], f["line"], f["column"]) for f in data["findings"]]
    assert b003_firms < b005                      # in the order of the file, whatever the severity
    assert got == [("BP-DISTRICT", "soft", "B003", b003_firms, lines[b003_firms - 1].index("S06") + 1),
                   ("BP-MIN-FULL", "hard", "B005", b005, 5)]
    assert data["findings"][1]["message"] == "branch B005 has 2 full members; at least 3 required"


def test_positions_of_branches_and_firm_entries():
    plan, text = load_plan(D / "plan-bad.yaml")
    lines = text.splitlines()
    b = Finding("BP-MIN-FULL", "hard", "x", branch="B006", branch_index=5)
    assert position(plan, text, b) == (lines.index("  - id: B006            # 2 full members, neither of a year's "
                                                   "standing; S08 is in no branch") + 1, 5)
    f = Finding("BP-ONE-BRANCH", "hard", "x", branch="B004", firms=("X99",), branch_index=3, firm_entry="X99")
    assert position(plan, text, f) == (lines.index("      - X99") + 1, 9)
    none = Finding("BP-ONE-BRANCH", "hard", "x", firms=("S08",))
    assert position(plan, text, none) == (lines.index("branches:") + 1, 1)
    # a firm listed twice in one branch points at the repeat
    plan2, text2 = load_plan(GOOD)
    f = Finding("BP-ONE-BRANCH", "hard", "x", branch="B003", firms=("S02",), branch_index=2, firm_entry="S02")
    assert position(plan2, text2, f) == locate(text2, ("branches", 2, "firms", 1))


def test_repeated_entry_in_one_branch_is_a_structural_error(tmp_path):
    path = write(tmp_path, "plan.yaml", GOOD.read_text(encoding="utf-8").replace(
        "firms: [S07, S06, S08]", "firms: [S07, S06, S08, S06]"))
    code, data = check(path, "--firms", FIRMS, "--format", "json")
    assert code == 1
    hard = [(f["code"], f["message"], f["column"]) for f in data["findings"] if f["severity"] == "hard"]
    assert hard == [("BP-ONE-BRANCH", "branch B005 lists firm S06 twice", len("    firms: [S07, S06, S08, ") + 1)]


def test_max_gap_fails_on_a_poor_plan_and_passes_with_a_wide_limit():
    code, data = check(str(GOOD), "--firms", FIRMS, "--max-gap", "10", "--format", "json")
    assert code == 1 and data["gap"]["gap_pct"] == pytest.approx(29.14, abs=0.01)
    assert [f["code"] for f in data["findings"]] == ["GATE-GAP"]
    code, data = check(str(GOOD), "--firms", FIRMS, "--max-gap", "30", "--format", "json")
    assert code == 0 and data["gap"]["exceeded"] is False


def test_max_gap_on_the_hand_made_guigang_plan():
    args = [str(GUIGANG / "plan-current.yaml"), "--firms", str(GUIGANG / "firms.yaml")]
    code, out = check(*args)
    assert code == 0 and "0 hard, 7 soft" in out  # valid, but far from the best
    code, out = check(*args, "--max-gap", "10")
    assert code == 1 and ("Gap (against the best plan from scratch): the plan costs 779.85% more at priority 2: "
                          "227.222 points against the best plan's 25.825") in out
    assert "gap 0%" not in out


def test_worse_at_priority_zero_is_beyond_any_gap(tmp_path):
    path = write(tmp_path, "plan.yaml", GOOD.read_text(encoding="utf-8").replace(
        "firms: [A02]", "firms: [A02, S05]").replace("firms: [S04, S05, C01]", "firms: [S04, C01]"))
    code, data = check(path, "--firms", FIRMS, "--max-gap", "1000000", "--format", "json")
    assert code == 1 and data["gap"]["unbounded"] and data["gap"]["deciding_priority"] == 0


def test_gap_compare_is_lexicographic():
    assert compare({0: 0, 1: 150}, {0: 0, 1: 100}, [0, 1]) == (1, 50.0)
    assert compare({0: 1000, 1: 0}, {0: 0, 1: 100}, [0, 1]) == (0, None)
    assert compare({0: 0, 1: 50}, {0: 0, 1: 100}, [0, 1]) == (1, 0.0)
    assert compare({0: 0, 1: 5}, {0: 0, 1: 0}, [0, 1]) == (1, None)
    assert compare({0: 0, 1: 7}, {0: 0, 1: 7}, [0, 1]) == (None, 0.0)


def test_max_moves_against_base(tmp_path):
    new = GOOD.read_text(encoding="utf-8").replace("firms: [S01, S02, S03]", "firms: [S01, S02]").replace(
        "firms: [S04, S05, C01]", "firms: [S04, S05, C01, S03]")
    path = write(tmp_path, "plan.yaml", new)
    code, data = check(path, "--firms", FIRMS, "--base", str(GOOD), "--max-moves", "2", "--format", "json")
    assert code == 0 and data["moves"] == {"moved": 2, "max": 2, "by_jurisdiction": {"测试市": 2},
                                           "cost": 2.001, "cost_rules": ["BP-STABILITY"], "handovers": 0,
                                           "handovers_cost": 0.0, "cost_recorded": None,
                                           "recorded_by_base": False}
    assert data["diff"]["firm_moves"] == [{"firm": "S03", "from": "B003", "to": "B004", "members": 2}]
    code, data = check(path, "--firms", FIRMS, "--base", str(GOOD), "--max-moves", "1", "--format", "json")
    assert code == 1 and [f["code"] for f in data["findings"] if f["severity"] == "hard"] == ["GATE-MOVES"]



def test_a_base_plan_listing_a_firm_twice_is_refused_whatever_the_options(tmp_path):
    """The base plan must say where every firm was: with or without --max-moves or --max-gap
    the same refusal (exit 2, the base file's position), in the base plan's words."""
    base = write(tmp_path, "base.yaml", GOOD.read_text(encoding="utf-8").replace(
        "firms: [S04, S05, C01]", "firms: [S04, S05, C01, S03]"))
    for extra in ([], ["--max-moves", "5"], ["--max-gap", "50"]):
        res = runner.invoke(app, ["check", str(GOOD), "--firms", FIRMS, "--base", base, *extra])
        assert res.exit_code == 2, (extra, res.output)
        assert f"{base}:" in res.stderr and "S03 is in branch B003 and again in branch B004" in res.stderr
        assert "a plan to re-plan from or compare with must put every firm in one branch" in res.stderr
    zh = runner.invoke(app, ["check", str(GOOD), "--firms", FIRMS, "--base", base, "--lang", "zh"])
    assert zh.exit_code == 2 and "作为调整基础或比较对象的方案中，每个单位只能在一个支部" in zh.stderr


WAIVER = """waivers:
  - code: BP-MIN-FULL
    subject: B006
    reason: branch being rebuilt
    expires: {expires}
"""


def test_waiver_in_force_turns_a_failure_into_a_pass(tmp_path):
    plan = write(tmp_path, "plan.yaml", GOOD.read_text(encoding="utf-8").replace(
        "    firms: [S07, S06, S08]", "    firms: [S07, S06]\n  - id: B006\n    lead: S08\n    firms: [S08]"))
    code, _ = check(plan, "--firms", FIRMS)
    assert code == 1
    w = write(tmp_path, "w.yaml", WAIVER.format(expires="2026-12-31"))
    code, data = check(plan, "--firms", FIRMS, "--waivers", w, "--as-of", "2026-11-01", "--format", "json")
    assert code == 0
    assert data["counts"]["waived"] == 1 and data["waived"][0]["code"] == "BP-MIN-FULL"
    assert data["waived"][0]["waiver"]["reason"] == "branch being rebuilt"
    code, out = check(plan, "--firms", FIRMS, "--waivers", w, "--as-of", "2026-12-31")
    assert code == 0 and "Waived (1):" in out  # in force on its expiry date


def test_expired_waiver_fails_the_gate(tmp_path):
    w = write(tmp_path, "w.yaml", WAIVER.format(expires="2026-10-31"))
    code, data = check(str(GOOD), "--firms", FIRMS, "--waivers", w, "--as-of", "2026-11-01", "--format", "json")
    assert code == 1
    (f,) = data["findings"]
    assert (f["code"], f["file"], f["line"], f["column"]) == ("GATE-WAIVER-EXPIRED", w, 2, 5)
    assert "expired on 2026-10-31" in f["message"]


@pytest.mark.parametrize("body, where, words", [
    ("waivers:\n  - code: BP-MIN-FULL\n    subject: B006\n    expires: 2027-01-01\n", ":2:5", "'reason' is missing"),
    ("waivers:\n  - code: BP-MIN-FULL\n    subject: B006\n    reason: x\n    expires: soon\n", ":5:14", "date"),
    ("- code: BP-MIN-FUL\n  subject: B006\n  reason: x\n  expires: 2027-01-01\n", ":1:9", "did you mean 'BP-MIN-FULL'"),
    ("waivers:\n  - code: BP-MIN-FULL\n    subject: B006\n    reason: x\n    expires: 2027-01-01\n    until: 1\n",
     ":6:5", "unknown key 'until'"),
    ("waivers:\n  - {code: BP-MIN-FULL, subject: B6, reason: a, expires: 2027-01-01}\n"
     "  - {code: BP-MIN-FULL, subject: B6, reason: b, expires: 2027-01-01}\n", ":3:5", "already given"),
    ("just text\n", ":1:1", "a waivers file is a list"),
])
def test_malformed_waivers_are_bad_input(tmp_path, body, where, words):
    w = write(tmp_path, "w.yaml", body)
    code, out = check(str(GOOD), "--firms", FIRMS, "--waivers", w)
    assert code == 2
    assert f"{w}{where}" in out and words in out


def test_exit_codes_for_bad_input_and_usage(tmp_path):
    assert check(str(GOOD), "--firms", FIRMS)[0] == 0
    assert check(str(D / "plan-bad.yaml"), "--firms", FIRMS)[0] == 1
    code, out = check(str(tmp_path / "missing.yaml"), "--firms", FIRMS)
    assert code == 2 and "no such file" in out
    bad = write(tmp_path, "bad.yaml", "branches:\n  - id: B1\n    lead: S01\n    firms: S01, S02\n")
    code, out = check(bad, "--firms", FIRMS)
    assert code == 2 and f"{bad}:4:12" in out
    code, out = check(str(GOOD), "--firms", FIRMS, "--max-moves", "3")
    assert code == 2 and "--base" in out
    code, out = check(str(GOOD), "--firms", FIRMS, "--as-of", "31/12/2026")
    assert code == 2 and "--as-of" in out
    assert check(str(GOOD), "--firms", FIRMS, "--format", "html")[0] == 2
    assert check(str(GOOD), "--firms", FIRMS, "--max-gap", "-1")[0] == 2
    assert check(str(GOOD))[0] == 2  # --firms is required
    code, out = check(str(GOOD), "--firms", FIRMS, "--base-firms", FIRMS)
    assert code == 2 and "--base-firms needs --base" in out
    code, out = check(str(GOOD), "--firms", FIRMS, "--base", str(tmp_path / "old.yaml"))
    assert code == 2 and "old.yaml: no such file" in out


def test_output_file_is_written_and_inputs_protected(tmp_path):
    out = tmp_path / "report.sarif"
    res = runner.invoke(app, ["check", str(D / "plan-bad.yaml"), "--firms", FIRMS, "--format", "sarif", "-o", str(out)])
    assert res.exit_code == 1 and "report written" in res.output
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    copy = write(tmp_path, "plan.yaml", GOOD.read_text(encoding="utf-8"))
    res = runner.invoke(app, ["check", copy, "--firms", FIRMS, "-o", copy])
    assert res.exit_code == 2 and "refusing to overwrite" in res.output


def test_github_escaping():
    assert escape_data("50% done\nnext") == "50%25 done%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_a_gate_failing_in_several_jurisdictions_is_named_once():
    from types import SimpleNamespace

    from branchplan.gate import GateReport

    located = lambda code: SimpleNamespace(finding=SimpleNamespace(code=code))  # noqa: E731
    gate = [located("GATE-MOVES"), located("GATE-GAP"), located("GATE-MOVES")]
    report = SimpleNamespace(gate=gate, failing=gate)
    assert GateReport.failed_gates.fget(report) == ["GATE-MOVES", "GATE-GAP"]
    # a gate finding that does not fail (a soft one, without --strict) is not named
    report = SimpleNamespace(gate=gate, failing=[gate[0], gate[2]])
    assert GateReport.failed_gates.fget(report) == ["GATE-MOVES"]


def test_check_with_a_base_says_what_the_moves_cost_in_a_re_plan():
    """check gates moves instead of charging them; with a base plan it says what BP-STABILITY
    charges for them, so its cost and the re-plan's recorded objective add up."""
    ex = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    args = ["check", str(ex / "plan-2027.yaml"), "--firms", str(ex / "firms-2027.yaml"),
            "--base", str(ex / "plan-current.yaml"), "--base-firms", str(ex / "firms.yaml")]
    res = runner.invoke(app, args + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    recorded = yaml.safe_load((ex / "plan-2027.yaml").read_text(encoding="utf-8"))["objective"]["total"]
    assert ("Moves from the base: BP-STABILITY 4.001 points, not in the cost above (check gates moves with "
            f"--max-moves); a re-plan's objective includes them: {recorded:,.3f} points") in res.stdout
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert data["moves"]["cost"] == 4.001 and data["moves"]["cost_rules"] == ["BP-STABILITY"]
    assert round(data["costs"]["total"] + data["moves"]["cost"], 3) == recorded
    plain = json.loads(runner.invoke(app, args[:4] + ["--format", "json"]).stdout)
    assert plain["moves"] is None
