"""benchmarks/commands.py: the hand-edited copy of a plan it diffs and checks against its
base, and one run of every command on the Guigang example beside the same source tree."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from branchplan.roster import load_roster

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import commands  # noqa: E402


def _plan(jurisdictions: dict[str, list[int]]) -> dict:
    """Branches of the given sizes per jurisdiction, firms F<n> in order, each led by its first."""
    branches, n = [], 0
    for j, sizes in jurisdictions.items():
        for size in sizes:
            firms = [f"F{n + k}" for k in range(size)]
            n += size
            branches.append({"id": f"B{len(branches) + 1}", "jurisdiction": j, "lead": firms[0], "firms": firms})
    return {"status": "optimal", "branches": branches}


def test_edited_moves_firms_within_a_jurisdiction():
    plan = _plan({"甲市": [3, 1, 4, 3, 2], "乙市": [5, 3]})
    out = commands.edited(plan, moves=3)
    assert plan == _plan({"甲市": [3, 1, 4, 3, 2], "乙市": [5, 3]})        # (a copy is edited)
    before = {b["id"]: b for b in plan["branches"]}
    after = {b["id"]: b for b in out["branches"]}
    assert sorted(f for b in out["branches"] for f in b["firms"]) == sorted(f for b in plan["branches"]
                                                                          for f in b["firms"])
    assert all(after[i]["lead"] == b["lead"] and b["lead"] in after[i]["firms"] for i, b in before.items())
    moved = {f: (i, j) for i, b in before.items() for f in b["firms"] for j, a in after.items() if f in a["firms"] and i != j}
    assert len(moved) == 3
    assert all(before[i]["jurisdiction"] == after[j]["jurisdiction"] for i, j in moved.values())
    assert all(len(before[i]["firms"]) >= 3 for i, _ in moved.values())
    assert set(commands.edited(plan, moves=100)["branches"][0]["firms"]) != set(before["B1"]["firms"])


def test_every_command_beside_the_same_tree(tmp_path, capsys):
    roster = tmp_path / "firms.json"
    roster.write_text(json.dumps(load_roster(ROOT / "examples" / "guigang" / "firms.yaml")
                                 .model_dump(mode="json", exclude_none=True), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "rows.json"
    assert commands.main([str(roster), "--reps", "1", "--peer-src", str(ROOT / "src"), "--out", str(out)]) == 0
    rows = {r["command"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert {"solve", "check", "explain", "explain --firm", "report html", "diff", "check --base",
            "import csv"} <= set(rows)
    assert all(r["same_output"] for r in rows.values()), rows     # (the same tree: the same bytes)
    table = capsys.readouterr().out
    assert "check --base" in table and "diff" in table
