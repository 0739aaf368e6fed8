"""check notes the figures a plan file records (kind, counts, summary, objective) that no
longer match its branches: a hand-edited plan, through the CLI, in every reader's format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
runner = CliRunner()
NOTE = ("These fields are informational: check recomputes them from each branch's lead and firms and "
        "the firms file, and judges the plan by those alone.")


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A solved plan, and a copy with firm F028 moved from its joint branch to another one
    by hand, every recorded figure left as it was."""
    folder = tmp_path_factory.mktemp("stale")
    solved = folder / "plan.json"
    res = runner.invoke(app, ["solve", str(EX / "firms.yaml"), "-o", str(solved), "-q"])
    assert res.exit_code == 0, res.output
    data = json.loads(solved.read_text(encoding="utf-8"))
    old = next(b for b in data["branches"] if "F028" in b["firms"])
    new = next(b for b in data["branches"] if b["kind"] == "joint" and b is not old)
    before = json.loads(json.dumps({"old": old, "new": new}))
    old["firms"].remove("F028")
    old["lead"] = old["firms"][0] if old["lead"] == "F028" else old["lead"]
    new["firms"].append("F028")
    hand = folder / "hand.json"
    hand.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return solved, hand, before


def check(plan: Path, *extra: str):
    return runner.invoke(app, ["check", str(plan), "--firms", str(EX / "firms.yaml"), *extra])


def test_a_solved_plan_has_no_stale_figures(edited):
    solved, _, _ = edited
    res = check(solved, "--format", "text", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "no longer match" not in res.stdout and NOTE not in res.stdout
    data = json.loads(check(solved, "--format", "json").stdout)
    assert data["stale_fields"] == []


def test_a_hand_edited_plan_names_its_stale_figures(edited):
    _, hand, before = edited
    old = before["old"]
    assert old["kind"] == "joint" and len(old["firms"]) == 2   # left standalone by the move
    res = check(hand, "--format", "text", "--lang", "en")
    assert res.exit_code == 1, res.output              # the verdict comes from the findings alone
    lines = res.stdout.splitlines()
    line = next(x for x in lines if f": branch {old['id']} says " in x)
    assert line.startswith(f"  {hand}:")
    assert (f"branch {old['id']} says kind joint, {old['members']} members, {old['full_members']} full"
            in line) and "now: kind standalone, 2 members, 2 full" in line
    assert any("the plan's summary says standalone: " in x for x in lines)
    assert any("the plan's objective says BP-DISTANCE " in x and ", total " in x for x in lines)
    assert "  " + NOTE in lines
    assert "branchplan check FAILED: 1 hard" in res.stdout   # BP-MIN-FULL on the emptied branch, no more

    zh = check(hand, "--format", "text", "--lang", "zh")
    assert zh.exit_code == 1
    assert f"支部 {old['id']} 记载：联合组建、党员 {old['members']} 名" in zh.stdout
    assert "现为：单独组建、党员 2 名、正式党员 2 名" in zh.stdout
    assert "这些字段仅供参考" in zh.stdout and NOTE not in zh.stdout

    md = check(hand, "--format", "markdown")
    assert md.exit_code == 1
    assert "**Figures the plan file records that no longer match its branches (6):**" in md.stdout
    assert f"branch {old['id']} says kind joint" in md.stdout and NOTE in md.stdout

    data = json.loads(check(hand, "--format", "json").stdout)
    stale = {s["branch"] or s["part"]: s for s in data["stale_fields"]}
    # and what claims optimality: the plan's status and gap, its jurisdiction's objective and status
    assert set(stale) == {old["id"], before["new"]["id"], "summary", "objective", "status", "贵港市"}
    assert stale[old["id"]]["fields"]["kind"] == {"recorded": "joint", "computed": "standalone"}
    assert stale[old["id"]]["fields"]["members"] == {"recorded": old["members"], "computed": 2}
    assert stale[old["id"]]["line"] is not None and stale[old["id"]]["message_zh"].startswith("支部 ")
    assert data["exit_code"] == 1 and data["counts"]["hard"] == 1
    places = [(s["line"], s["column"]) for s in data["stale_fields"]]
    assert places == sorted(places)                     # in the order of the file


def test_a_wrong_kind_in_a_hand_made_plan_is_noted_and_the_plan_still_passes(tmp_path):
    plan = tmp_path / "plan.yaml"
    text = (EX / "plan-current.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("  - id: B001\n    kind: standalone\n", "  - id: B001\n    kind: joint\n", 1),
                    encoding="utf-8")
    res = check(plan, "--format", "text", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert f"  {plan}:5:5: branch B001 says kind joint; now: kind standalone\n" in res.stdout
    assert "Figures the plan file records that no longer match its branches (1):" in res.stdout
    assert "branchplan check passed" in res.stdout
    assert "no longer match" not in check(EX / "plan-current.yaml", "--lang", "en").stdout


def test_stale_figures_reach_the_github_and_sarif_formats(tmp_path):
    plan = tmp_path / "plan.yaml"
    text = (EX / "plan-current.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("  - id: B001\n    kind: standalone\n", "  - id: B001\n    kind: joint\n", 1),
                    encoding="utf-8")
    res = check(plan, "--format", "github")
    assert res.exit_code == 0, res.output
    notes = [s for s in res.stdout.splitlines() if s.startswith("::notice ")]
    assert notes == [f"::notice file={plan},line=5,col=5,title=stale figures::branch B001 says kind joint; "
                     f"now: kind standalone%0A支部 B001 记载：联合组建；现为：单独组建%0A{NOTE}"]
    assert res.stdout.endswith("branchplan check passed: 0 hard, 7 soft\n")   # a note, not a finding
    run = json.loads(check(plan, "--format", "sarif").stdout)["runs"][0]
    (note,) = [r for r in run["results"] if r["level"] == "note"]
    assert note["ruleId"] == "STALE-FIGURES"
    assert run["tool"]["driver"]["rules"][note["ruleIndex"]]["defaultConfiguration"] == {"level": "note"}
    assert note["message"]["text"] == f"branch B001 says kind joint; now: kind standalone. {NOTE}"
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 5, "startColumn": 5}
    assert run["properties"]["verdict"] == "pass"
    clean = json.loads(check(EX / "plan-current.yaml", "--format", "sarif").stdout)["runs"][0]
    assert "STALE-FIGURES" not in [r["id"] for r in clean["tool"]["driver"]["rules"]]
    assert "::notice" not in check(EX / "plan-current.yaml", "--format", "github").stdout
