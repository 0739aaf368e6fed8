"""diff / check --base / report --base on a plan that lists a firm in two branches: the firm
(and its members) is "listed twice (duplicated)", not moved; a rise in a cost is told at the
entry that costs more (F002's entry in B001, led by F001), not at its entry in its own
branch; a firm the new plan leaves in no branch is "unassigned", not removed; an old plan
listing a firm twice is refused by the CLI and read as "no longer listed twice" by the
library. Every output format, English and Chinese, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import branchplan
from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
CURRENT = GUIGANG / "plan-current.yaml"
FIRMS = str(GUIGANG / "firms.yaml")
F002 = ", ".join(f"M00{n}" for n in range(16, 29))   # F002's 13 members
runner = CliRunner()


def _edit(tmp_path: Path, name: str, *pairs: tuple[str, str]) -> Path:
    text = CURRENT.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _twice(tmp_path: Path) -> Path:
    """F002 added to B001 (led by F001) while it stays in its own branch B002."""
    return _edit(tmp_path, "twice.yaml", ("lead: F001\n    firms: [F001]", "lead: F001\n    firms: [F001, F002]"))


def _diff(old: Path, new: Path, *args: str) -> str:
    res = runner.invoke(app, ["diff", str(old), str(new), "--firms", FIRMS, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_text_says_listed_twice_not_moved(tmp_path):
    out = _diff(CURRENT, _twice(tmp_path), "--lang", "en")
    assert "moves" not in out.split("Rule costs")[0].replace("0 firms move", "")
    assert "Changes: 0 members and 0 firms move;" in out and "; 1 firm listed in more than one branch (duplicated)" in out
    assert (f"  firm F002 is listed twice now (duplicated): added to B001, still in B002 (13 members: {F002})"
            in out.splitlines())
    # the distance rose because F002 also sits in B001, away from F001: that entry is named
    lines = out.splitlines()
    at = lines.index(next(x for x in lines if x.strip().startswith("BP-DISTANCE")))
    assert lines[at].rstrip().endswith("(+6.110)")
    assert lines[at + 1].strip() == "+6.110 firm F002 (13 members) is 0.5 km from lead F001 of branch B001"
    assert "from lead F002" not in out and "0.0 km" not in out


def test_text_in_chinese(tmp_path):
    out = _diff(CURRENT, _twice(tmp_path), "--lang", "zh")
    assert "变动：0 名党员、0 个单位变动；" in out and "；重复编入多个支部的单位 1 个" in out
    assert (f"  单位 F002 重复编入 2 个支部：新编入 B001，仍在 B002（13 名党员：{F002.replace(', ', '、')}）"
            in out.splitlines())
    assert "调整到" not in out
    assert "      +6.110 单位 F002（13 名党员）与支部 B001 的牵头单位 F001 相距 0.5 公里" in out.splitlines()


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_data_formats(fmt, tmp_path):
    out = _diff(CURRENT, _twice(tmp_path), "--format", fmt)
    data = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    s = data["summary"]
    assert (s["members_moved"], s["firms_moved"], s["firms_duplicated"], s["firms_no_longer_duplicated"]) == (0, 0, 1, 0)
    assert data["firm_moves"] == [] and data["member_moves"] == []
    [x] = data["firms_listed_twice"]
    assert (x["firm"], x["from"], x["to"], x["duplicated"]) == ("F002", ["B002"], ["B001", "B002"], True)
    assert (x["added_to"], x["taken_out_of"], x["still_in"], x["members"]) == (["B001"], [], ["B002"], 13)
    assert [m["member"] for m in x["members_listed"]] == F002.split(", ")
    rules = {r["code"]: r for r in data["rules"]}
    [raised] = rules["BP-DISTANCE"]["raised"]
    assert raised["branch"] == "B001" and raised["firms"] == ["F002"]
    assert raised["cost"] == rules["BP-DISTANCE"]["delta"] == 6.11
    assert "lead F001 of branch B001" in raised["message"]
    [district] = rules["BP-DISTRICT"]["raised"]
    assert district["branch"] == "B001" and district["firms"] == ["F002"]


@pytest.mark.parametrize("lang, row", [
    ("en", f"| firm F002 listed twice now (duplicated); 13 members: {F002} | B002 | B001, B002 |"),
    ("zh", f"| 单位 F002 重复编入 2 个支部；13 名党员：{F002.replace(', ', '、')} | B002 | B001、B002 |"),
])
def test_markdown(lang, row, tmp_path):
    out = _diff(CURRENT, _twice(tmp_path), "--format", "markdown", "--lang", lang)
    assert row in out.splitlines()
    assert "- BP-DISTANCE +6.110" in out and "B001" in next(x for x in out.splitlines() if x.startswith("- BP-DISTANCE"))


def test_show_names_names_the_members_listed_twice(tmp_path):
    out = _diff(CURRENT, _twice(tmp_path), "--show-names", "--lang", "en")
    line = next(x for x in out.splitlines() if "listed twice now" in x)
    names = {m.id: m.name for f in branchplan.load_roster(FIRMS).firms if f.id == "F002" for m in f.member_list}
    assert f"M0016 {names['M0016']}" in line and f"M0028 {names['M0028']}" in line


def test_check_base_uses_the_same_change_list(tmp_path):
    new = _twice(tmp_path)
    res = runner.invoke(app, ["check", str(new), "--firms", FIRMS, "--base", str(CURRENT), "--lang", "en"])
    assert res.exit_code == 1, res.output                       # BP-ONE-BRANCH is hard
    assert "    firm F002 is listed twice now (duplicated): added to B001, still in B002" in res.stdout
    assert "F002 moves" not in res.stdout and "Moves from the base" not in res.stdout
    res = runner.invoke(app, ["check", str(new), "--firms", FIRMS, "--base", str(CURRENT), "--max-moves", "0",
                              "-f", "json"])
    data = json.loads(res.stdout)
    assert data["moves"]["moved"] == 0 and data["diff"]["summary"]["firms_duplicated"] == 1
    assert "GATE-MOVES" not in {f["code"] for f in data["findings"]}
    md = runner.invoke(app, ["check", str(new), "--firms", FIRMS, "--base", str(CURRENT), "-f", "markdown",
                             "--lang", "zh"]).stdout
    assert "| 单位 F002 重复编入 2 个支部；13 名党员：" in md


def test_report_base_tells_it_too(tmp_path):
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(_twice(tmp_path)), "--firms", FIRMS, "--base", str(CURRENT),
                              "--lang", "en", "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "F002 is listed in 2 branches at once (duplicated): B001, B002; before: B002" in html
    # the change table counts a hard rule's findings, not its (zero) cost
    assert ('<tr data-code="BP-ONE-BRANCH"><td>BP-ONE-BRANCH (hard: findings)</td><td class="num">0</td>'
            '<td class="num">1</td><td class="num">+1</td></tr>') in html


def test_moved_and_listed_twice(tmp_path):
    """F003 leaves its own branch B003 for B001 and B005: it moves, and is listed twice."""
    new = _edit(tmp_path, "moved.yaml", ("lead: F001\n    firms: [F001]", "lead: F001\n    firms: [F001, F003]"),
                ("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F018, F028, F033, F035, F003]"),
                ("  - id: B003\n    kind: standalone\n    lead: F003\n    firms: [F003]\n", ""))
    data = json.loads(_diff(CURRENT, new, "-f", "json"))
    assert [(m["firm"], m["from"], m["to"]) for m in data["firm_moves"]] == [("F003", "B003", "B001")]
    [x] = data["firms_listed_twice"]
    assert (x["firm"], x["added_to"], x["taken_out_of"], x["still_in"]) == ("F003", ["B001", "B005"], ["B003"], [])
    text = _diff(CURRENT, new, "--lang", "en")
    assert "  firm F003 is listed twice now (duplicated): added to B001, B005, taken out of B003 (" in text


def test_firm_in_no_branch_is_unassigned_not_removed(tmp_path):
    new = _edit(tmp_path, "drop.yaml", ("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F028, F033, F035]"))
    en = _diff(CURRENT, new, "--lang", "en")
    # the members left in no branch are named by id (and by name with --show-names)
    assert ("  firm F018 is in no branch now (dropped, unassigned; was in B005; 2 members: M0048, M0049)"
            in en.splitlines())
    assert "1 removed (1 of them still in the firms file but in no branch)" in en and "F018 removed" not in en
    zh = _diff(CURRENT, new, "--lang", "zh", "--show-names")
    assert "  单位 F018 未编入任何支部（仍在名册中；原在 B005；2 名党员：M0048 邓志勇、M0049 陆宁）" in zh.splitlines()
    assert "减少 1 个（其中 1 个仍在名册中但未编入支部）" in zh
    md = _diff(CURRENT, new, "-f", "markdown", "--lang", "en")
    assert "| firm F018 in no branch now (dropped, unassigned; 2 members: M0048, M0049) | B005 |  |" in md.splitlines()
    hidden = _diff(CURRENT, new, "-f", "markdown", "--show-names", "--pseudonymise", "--pseudonym-key", "k" * 24)
    assert "M0048 党员-" in hidden and "邓志勇" not in hidden
    data = json.loads(_diff(CURRENT, new, "-f", "json"))
    assert data["firms_removed"] == [{"firm": "F018", "branch": "B005", "members": 2, "counted": "roster",
                                      "unassigned": True, "members_left": [{"member": "M0048"}, {"member": "M0049"}]}]
    named = json.loads(_diff(CURRENT, new, "-f", "json", "--show-names"))
    assert named["firms_removed"][0]["members_left"] == [{"member": "M0048", "name": "邓志勇"},
                                                         {"member": "M0049", "name": "陆宁"}]
    assert data["summary"]["firms_unassigned"] == 1 and data["summary"]["firms_removed"] == 1


def test_firm_gone_from_the_roster_is_still_removed(tmp_path):
    firms = tmp_path / "firms.yaml"
    text = Path(FIRMS).read_text(encoding="utf-8")
    start = text.index("  - id: F018\n")
    end = text.index("\n  - id: ", start + 1) + 1
    firms.write_text(text[:start] + text[end:], encoding="utf-8")
    new = _edit(tmp_path, "drop.yaml", ("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F028, F033, F035]"))
    res = runner.invoke(app, ["diff", str(CURRENT), str(new), "--firms", str(firms), "--old-firms", FIRMS,
                              "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "  firm F018 removed (was in B005; 2 members)" in res.stdout.splitlines()
    assert "unassigned" not in res.stdout


def test_old_plan_listing_a_firm_twice(tmp_path):
    twice = _twice(tmp_path)
    # the CLI refuses a plan to compare with that lists a firm twice (exit 2, file:line:col)
    res = runner.invoke(app, ["diff", str(twice), str(CURRENT), "--firms", FIRMS, "--lang", "en"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert f"{twice}:12:13: branches[1].firms[0]: F002 is in branch B001 and again in branch B002" in res.output
    # the library reads it: F002 is no longer listed twice, and neither it nor its members move
    roster = branchplan.load_roster(FIRMS)
    old, new = branchplan.load_plan(twice)[0], branchplan.load_plan(CURRENT)[0]
    d = branchplan.diff_plans(old, new, roster, branchplan.load_charter())
    assert d.firm_moves == [] and d.member_moves == [] and not d.firms_removed
    [x] = d.listings
    assert (x.firm, x.taken_out, x.kept, x.duplicated) == ("F002", ("B001",), ("B002",), False)
    assert "  firm F002 is no longer listed twice: taken out of B001, still in B002 (13 members: " \
        in "\n".join(d.text_lines("en"))
    assert d.summary()["firms_no_longer_duplicated"] == 1
    assert "不再重复编入多个支部：移出 B001，仍在 B002" in "\n".join(d.text_lines("zh"))


def test_a_firm_listed_twice_stays_with_its_renumbered_branch(tmp_path):
    """B005 renumbered B099 (and listed after B006), F006 also added to B006: F006 goes
    with its branch-mates to B099, whichever branch the file lists first."""
    b5 = ("  - id: B005              # 港北区联合支部（含覃塘区 1 家）\n    kind: joint\n    lead: F028\n"
          "    firms: [F006, F018, F028, F033, F035]\n")
    b6 = ("  - id: B006              # 港南区联合支部（含港北区、覃塘区各 1 家）\n    kind: joint\n    lead: F010\n"
          "    firms: [F010, F021, F029, F030, F036]\n")
    new = _edit(tmp_path, "renumbered.yaml",
                (b5 + b6, b6.replace("[F010,", "[F006, F010,") + b5.replace("B005", "B099")))
    data = json.loads(_diff(CURRENT, new, "-f", "json"))
    assert {m["firm"]: m["to"] for m in data["firm_moves"]} == {f: "B099" for f in ("F006", "F018", "F028", "F033",
                                                                                     "F035")}
    assert [(x["firm"], x["added_to"], x["duplicated"]) for x in data["firms_listed_twice"]] == [
        ("F006", ["B006", "B099"], True)]


def test_check_base_says_which_members_the_moves_count_leaves_out(tmp_path):
    """--max-moves counts members who change branch; those of a firm left in no branch are
    said apart (the plan fails on BP-ONE-BRANCH anyway)."""
    new = _edit(tmp_path, "drop.yaml", ("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F028, F033, F035]"))
    for lang, moves, left in (("en", "  0 members change branch (limit 0)",
                               "  not counted: 2 members of firms now in no branch (BP-ONE-BRANCH)"),
                              ("zh", "  调整支部的党员 0 名（上限 0 名）", "  未计入：未编入任何支部的单位的党员 2 名（BP-ONE-BRANCH）")):
        res = runner.invoke(app, ["check", str(new), "--firms", FIRMS, "--base", str(CURRENT), "--max-moves", "0",
                                  "--lang", lang])
        assert res.exit_code == 1
        lines = res.stdout.splitlines()
        assert lines[lines.index(moves) + 1] == left
    res = runner.invoke(app, ["check", str(new), "--firms", FIRMS, "--base", str(CURRENT), "--lang", "en"])
    assert "not counted" not in res.stdout          # (no --max-moves: no count to qualify)
