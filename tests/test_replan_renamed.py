"""A firm whose id changed since the current plan (renamed), followed by member id with the
old firms file: the new firm takes the old one's place (its branch, its lead role) and nobody
moves, for solve --current, check --base --base-firms and diff --old-firms alike. Without the
old firms file nothing can be followed, and the note says what the option would do. A firm
renamed and merged with another is no rename; nor are two firms whose members all went to
one new firm."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EN = {"BRANCHPLAN_LANG": "en"}
DATA = Path(__file__).resolve().parent / "data" / "replan"
OLD, PLAN, NEW = DATA / "renamed-old.yaml", DATA / "renamed-plan.yaml", DATA / "renamed.yaml"
SOLVE = ["solve", str(NEW), "--current", str(PLAN), "--old-firms", str(OLD)]


def _branches(plan: dict) -> dict[str, tuple[str, frozenset]]:
    return {b["id"]: (b["lead"], frozenset(b["firms"])) for b in plan["branches"]}


def test_renamed_firms_keep_their_branch_and_lead_and_nobody_moves():
    res = runner.invoke(app, SOLVE + ["--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["replan"]["members_moved"] == 0 and data["moves"] == []
    # the standalone S-NEW keeps B001; A-NEW still leads B002
    assert _branches(data["plan"]) == {"B001": ("S-NEW", frozenset({"S-NEW"})),
                                       "B002": ("A-NEW", frozenset({"A-NEW", "B", "C"}))}
    changes = data["changes"]
    assert changes["firms_renamed"] == [{"firm": "A", "now": "A-NEW", "branch": "B002"},
                                        {"firm": "S", "now": "S-NEW", "branch": "B001"}]
    assert changes["summary"]["firms_renamed"] == 2
    assert changes["summary"]["members_moved"] == 0
    assert changes["branches_created"] == changes["branches_dissolved"] == changes["lead_changes"] == []
    assert changes["firms_added"] == changes["firms_removed"] == []
    assert any(n.startswith("S (branch B001) is now S-NEW") for n in data["notes"])
    # the cap counts no one
    capped = runner.invoke(app, SOLVE + ["--max-moves", "0", "--format", "json"], env=EN)
    assert capped.exit_code == 0, capped.output
    assert json.loads(capped.stdout)["replan"]["members_moved"] == 0


def test_a_rename_is_said_in_the_text_and_the_memo_in_both_languages(tmp_path):
    en = runner.invoke(app, SOLVE + ["--format", "text", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "Re-planned from renamed-plan.yaml: no member changes branch" in en.stdout
    assert "  firm S is now S-NEW (renamed: all its members are in S-NEW; was in B001)" in en.stdout
    assert "0 firms added, 0 removed; 2 firms renamed" in en.stdout
    zh = runner.invoke(app, SOLVE + ["--format", "text", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "  单位 S 现为 S-NEW（更名：其党员均在 S-NEW；原在 B001）" in zh.stdout
    assert "更名单位 2 个" in zh.stdout
    assert "S（支部 B001）现为 S-NEW" in zh.stdout
    memo = tmp_path / "changes.md"
    res = runner.invoke(app, SOLVE + ["--changes", str(memo)], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert res.exit_code == 0, res.output
    md = memo.read_text(encoding="utf-8")
    assert "| 单位 A 现为 A-NEW（更名，原在支部 B002） · firm A is now A-NEW (renamed, in branch B002) | A | A-NEW |" in md
    assert "无：全体党员均留在原支部。 · None: every member stays in their branch." in md


def test_check_base_and_diff_agree_on_a_rename(tmp_path):
    new_plan = tmp_path / "plan.yaml"
    res = runner.invoke(app, SOLVE + ["-o", str(new_plan)], env=EN)
    assert res.exit_code == 0, res.output
    check = runner.invoke(app, ["check", str(new_plan), "--firms", str(NEW), "--base", str(PLAN),
                                "--base-firms", str(OLD), "--max-moves", "0", "--format", "json"], env=EN)
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["moves"]["moved"] == 0
    diff = runner.invoke(app, ["diff", str(PLAN), str(new_plan), "--firms", str(NEW), "--old-firms", str(OLD),
                               "--format", "json"], env=EN)
    assert diff.exit_code == 0, diff.output
    d = json.loads(diff.stdout)
    assert d["summary"]["members_moved"] == 0 and d["summary"]["firms_renamed"] == 2
    text = runner.invoke(app, ["diff", str(PLAN), str(new_plan), "--firms", str(NEW), "--old-firms", str(OLD),
                               "--lang", "zh"])
    assert "  单位 A 现为 A-NEW（更名：其党员均在 A-NEW；原在 B002）" in text.stdout


def test_without_the_old_firms_file_the_note_names_the_option():
    res = runner.invoke(app, ["solve", str(NEW), "--current", str(PLAN), "--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    notes = json.loads(res.stdout)["notes"]
    assert ("S (branch B001) is not in the roster (closed or renamed): dropped; a renamed firm keeps its "
            "branch when the plan's firms file is given (--old-firms)") in notes
    zh = runner.invoke(app, ["solve", str(NEW), "--current", str(PLAN), "--format", "text", "--lang", "zh"])
    assert "S（支部 B001）不在名册中（已注销或更名）：移出；如系更名，提供原方案所依据的名册（--old-firms）即可保留其支部" in zh.stdout


def _renamed_roster(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(NEW.read_text(encoding="utf-8"))
    edit({f["id"]: f for f in data["firms"]}, data)
    out = tmp_path / "firms.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


def test_a_firm_renamed_and_merged_with_another_is_not_a_rename(tmp_path):
    def merge(by_id, data):   # B's members joined S-NEW: S renamed and merged with B
        by_id["S-NEW"]["members"] += by_id["B"]["members"]
        data["firms"].remove(by_id["B"])

    firms = _renamed_roster(tmp_path, merge)
    res = runner.invoke(app, ["solve", str(firms), "--current", str(PLAN), "--old-firms", str(OLD),
                              "--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    renamed = json.loads(res.stdout)["changes"]["firms_renamed"]
    assert renamed == [{"firm": "A", "now": "A-NEW", "branch": "B002"}]


def test_two_firms_whose_members_went_to_one_new_firm_are_not_renamed(tmp_path):
    def join(by_id, data):    # B and C are now one new firm BC
        data["firms"].remove(by_id["B"])
        data["firms"].remove(by_id["C"])
        data["firms"].append({"id": "BC", "location": {"x": 1, "y": 1},
                              "members": by_id["B"]["members"] + by_id["C"]["members"]})

    firms = _renamed_roster(tmp_path, join)
    res = runner.invoke(app, ["solve", str(firms), "--current", str(PLAN), "--old-firms", str(OLD),
                              "--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    renamed = json.loads(res.stdout)["changes"]["firms_renamed"]
    assert {r["firm"] for r in renamed} == {"A", "S"}


def test_readme_rename_example_holds(tmp_path):
    """The README's line for a renamed firm: F003 of the Guigang example renamed F003R."""
    import re

    root = Path(__file__).resolve().parents[1]
    ex = root / "examples" / "guigang"
    text = (root / "README.md").read_text(encoding="utf-8")
    body = " ".join(text.split("## Re-planning\n", 1)[1].split("\n## ", 1)[0].split())
    (quoted,) = re.findall(r"`(firm F003 is now F003R \([^`]*\))`", body)
    firms = tmp_path / "firms.yaml"
    firms.write_text((ex / "firms-2027.yaml").read_text(encoding="utf-8").replace("  - id: F003\n", "  - id: F003R\n"),
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(ex / "plan-current.yaml"),
                              "--old-firms", str(ex / "firms.yaml"), "-f", "text", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert quoted in res.stdout
    # the same members move as without the rename
    assert "Re-planned from plan-current.yaml: 4 members change branch" in res.stdout


def test_a_renamed_firm_can_be_pinned_by_its_old_id():
    by_new = runner.invoke(app, SOLVE + ["--pin", "S-NEW", "--format", "json"], env=EN)
    by_old = runner.invoke(app, SOLVE + ["--pin", "firm:S", "--format", "json"], env=EN)
    assert by_new.exit_code == 0 and by_old.exit_code == 0, by_old.output
    assert json.loads(by_old.stdout)["replan"] == json.loads(by_new.stdout)["replan"]
    assert "firm S-NEW" in json.dumps(json.loads(by_old.stdout)["replan"])
    # without the old firms file S is simply gone: the pin is refused, naming it
    gone = runner.invoke(app, ["solve", str(NEW), "--current", str(PLAN), "--pin", "S"], env=EN)
    assert gone.exit_code == 2 and "S" in gone.output


def test_the_library_pins_a_renamed_firm_by_its_old_id_once_the_old_firms_are_given():
    import branchplan
    from branchplan.replan import load_current, replan

    roster, old = branchplan.load_roster(NEW), branchplan.load_roster(OLD)
    cur = load_current(PLAN, roster, old_roster=old).with_requests(pins=["S"])
    rp = replan(roster, cur, old_roster=old)
    assert rp.ok and rp.members_moved == 0
    assert [r.label for r in rp.current.requests] == ["firm S-NEW"]


def test_a_member_who_left_the_roster_does_not_veto_a_rename(tmp_path):
    """A renamed A-NEW in the year M05 left the roster (转出): A-NEW is A, its branch and lead
    role kept, nobody moves; with every member of a firm gone, nothing is followed."""
    def left(by_id, data):
        by_id["A-NEW"]["members"] = [m for m in by_id["A-NEW"]["members"] if m["id"] != "M05"]

    firms = _renamed_roster(tmp_path, left)
    res = runner.invoke(app, ["solve", str(firms), "--current", str(PLAN), "--old-firms", str(OLD), "--format",
                              "json"], env=EN)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["changes"]["firms_renamed"] == [{"firm": "A", "now": "A-NEW", "branch": "B002"},
                                                {"firm": "S", "now": "S-NEW", "branch": "B001"}]
    assert data["replan"]["members_moved"] == 0
    assert _branches(data["plan"]) == {"B001": ("S-NEW", frozenset({"S-NEW"})),
                                       "B002": ("A-NEW", frozenset({"A-NEW", "B", "C"}))}
    assert data["changes"]["branches_created"] == data["changes"]["branches_dissolved"] == []
    out = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "--current", str(PLAN), "--old-firms", str(OLD), "-o",
                               str(out)], env=EN).exit_code == 0
    res = runner.invoke(app, ["diff", str(PLAN), str(out), "--firms", str(firms), "--old-firms", str(OLD),
                              "--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    assert {r["firm"] for r in json.loads(res.stdout)["firms_renamed"]} == {"A", "S"}

    def all_left(by_id, data):
        data["firms"].remove(by_id["A-NEW"])

    firms = _renamed_roster(tmp_path, all_left)
    res = runner.invoke(app, ["solve", str(firms), "--current", str(PLAN), "--old-firms", str(OLD),
                              "--format", "json"], env=EN)
    assert res.exit_code == 0, res.output
    assert [r["firm"] for r in json.loads(res.stdout)["changes"]["firms_renamed"]] == ["S"]
