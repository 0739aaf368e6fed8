"""A firm's move counts the members who move with it: those who were in its old branch.

M0040 changes firm from F006 (branch B005) to F010 (branch B006), and the re-plan moves
F010 to a branch of its own. F010's line counts its two members from B006; M0040 moves on
a line of their own, and the headline total is the sum of the lines, in every format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """The edited firms file and the re-plan of it (plan, memo, JSON change list)."""
    tmp = tmp_path_factory.mktemp("m0040")
    data = yaml.safe_load((EX / "firms.yaml").read_text(encoding="utf-8"))
    firms = {f["id"]: f for f in data["firms"]}
    member = next(m for m in firms["F006"]["members"] if m["id"] == "M0040")
    firms["F006"]["members"].remove(member)
    firms["F010"]["members"].append(member)
    roster = tmp / "move.yaml"
    roster.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan, memo = tmp / "new.yaml", tmp / "memo.md"
    res = runner.invoke(app, ["solve", str(roster), "--current", str(EX / "plan-current.yaml"),
                              "--old-firms", str(EX / "firms.yaml"), "-o", str(plan), "--changes", str(memo),
                              "--lang", "en", "--format", "json"])
    assert res.exit_code == 0, res.output
    return roster, plan, memo, json.loads(res.stdout)


def _diff(moved, *extra):
    roster, plan, _, _ = moved
    res = runner.invoke(app, ["diff", str(EX / "plan-current.yaml"), str(plan), "--firms", str(roster),
                              "--old-firms", str(EX / "firms.yaml"), *extra])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_the_firm_line_counts_only_the_members_from_its_old_branch(moved):
    out = _diff(moved, "--lang", "en")
    assert "  firm F010 moves B006 -> B008 (2 members: M0042, M0043)\n" in out
    assert "  member M0040 (now F010) moves B005 -> B008\n" in out
    total = int(re.search(r"Changes: (\d+) members? and", out).group(1))
    firm_lines = [int(n) for n in re.findall(r"  firm F\d+ moves \S+ -> \S+ \((\d+) members?", out)]
    member_lines = re.findall(r"  member M\d+ \(now", out)
    assert total == sum(firm_lines) + len(member_lines) == 3
    zh = _diff(moved, "--lang", "zh")
    assert "单位 F010 由 B006 调整到 B008（2 名党员：M0042、M0043）" in zh
    assert "党员 M0040（现属 F010）由 B005 调整到 B008" in zh


def test_json_markdown_and_the_memo_agree_with_the_stability_count(moved):
    _, _, memo, replan = moved
    data = json.loads(_diff(moved, "--format", "json"))
    assert data["firm_moves"] == [{"firm": "F010", "from": "B006", "to": "B008", "members": 2}]
    assert data["summary"]["members_moved"] == len(data["member_moves"]) == 3
    assert {m["member"] for m in data["member_moves"]} == {"M0040", "M0042", "M0043"}
    # the re-plan's own count of the firm's move (the stability rule's) and its change list
    assert {"firm": "F010", "members": 2, "from": "B006", "to": "B008", "changed_firm": False} in replan["moves"]
    assert replan["changes"]["firm_moves"] == data["firm_moves"]
    assert replan["replan"]["members_moved"] == data["summary"]["members_moved"] == 3
    md = _diff(moved, "--format", "markdown", "--lang", "en")
    assert "| firm F010 (2 members: M0042, M0043) | B006 | B008 |" in md
    text = memo.read_text(encoding="utf-8")
    assert "| firm F010 (2 members: M0042, M0043) | B006 | B008 |" in text
    assert "(3 members" not in text
