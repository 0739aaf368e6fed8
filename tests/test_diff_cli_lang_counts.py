"""`branchplan diff` through the CLI: Markdown in Chinese, member counts that are not known
without the old firms file, and branches that are only renumbered."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
CURRENT, PLAN_2027 = str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml")
FIRMS, FIRMS_2027 = str(EX / "firms.yaml"), str(EX / "firms-2027.yaml")
runner = CliRunner()


def diff(*args: str) -> str:
    res = runner.invoke(app, ["diff", *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def plan_file(tmp_path: Path, name: str, edit) -> str:
    """plan-current.yaml with ``edit(branches)`` applied, written to ``tmp_path/name``."""
    data = yaml.safe_load((EX / "plan-current.yaml").read_text(encoding="utf-8"))
    edit(data["branches"])
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_markdown_follows_lang():
    args = [CURRENT, PLAN_2027, "--firms", FIRMS_2027, "--format", "markdown"]
    en, zh = diff(*args, "--lang", "en"), diff(*args, "--lang", "zh")
    assert en != zh
    assert "| change | from | to |" in en and "| firm F028 (3 members: M0055, M0056, M0057) | B005 | B008 |" in en
    assert zh.startswith("### 方案对比：")
    assert "**变动**：3 名党员、1 个单位变动" in zh
    assert "| 变动 | 原 | 新 |" in zh and "| 单位 F028（3 名党员：M0055、M0056、M0057） | B005 | B008 |" in zh
    assert "合并 0 个、拆分 0 个；转为单独组建支部的单位 1 个" in zh  # a graduation, not a split
    # (F026 is gone from the firms file: the old plan's finding that says so is not counted)
    assert "| 规则 | 原 | 新 | 变化 |" in zh and "| BP-ONE-BRANCH（硬性，项数） | 1 | 0 | -1 |" in zh
    assert "注：原方案的 1 项 BP-ONE-BRANCH 问题不计入：它们只是说明 F026（原在支部 B007）已不在名册中" in zh
    assert "Changes" not in zh and "member" not in zh.replace("--old-firms", "")


def test_json_and_yaml_do_not_change_with_lang_and_help_says_so():
    for fmt in ("json", "yaml"):
        args = [CURRENT, PLAN_2027, "--firms", FIRMS_2027, "--format", fmt]
        assert diff(*args, "--lang", "en") == diff(*args, "--lang", "zh")
    res = runner.invoke(app, ["diff", "--help"], terminal_width=200)
    assert res.exit_code == 0 and "json and yaml are data" in " ".join(res.stdout.split())


def test_removed_firm_count_is_unknown_without_old_firms():
    args = [CURRENT, PLAN_2027, "--firms", FIRMS_2027]
    en = diff(*args)
    assert ("  firm F026 removed (was in B007; member count unknown: give --old-firms, "
            "the firms file of the old plan)") in en
    assert "0 member" not in en
    assert "Note: the old plan lists firms the firms file no longer has; without --old-firms" in en
    zh = diff(*args, "--lang", "zh")
    assert "  减少单位 F026（原在 B007；党员人数不详：请用 --old-firms 指定原方案所依据的名册）" in zh
    assert "0 名党员" not in zh and "注：原方案中有名册已没有的单位" in zh
    md = diff(*args, "--format", "markdown")
    assert "| firm F026 removed (member count unknown: give --old-firms, the firms file of the old plan) | B007 |  |" in md
    data = json.loads(diff(*args, "--format", "json"))
    assert data["firms_removed"] == [{"firm": "F026", "branch": "B007", "members": None, "counted": "unknown"}]
    # with the old firms file: the count, the member who changed firm, and no note
    full = diff(*args, "--old-firms", FIRMS)
    assert "  firm F026 removed (was in B007; 1 member)" in full
    assert "  member M0012 (now F036) moves B001 -> B006" in full and "Note:" not in full
    assert json.loads(diff(*args, "--old-firms", FIRMS, "--format", "json"))["firms_removed"][0]["members"] == 1


def test_removed_firm_count_is_taken_from_the_old_plan_when_recorded(tmp_path):
    def alone(branches):  # F026 on its own in B009, its member count recorded
        branches[6]["firms"].remove("F026")
        branches.append({"id": "B009", "kind": "joint", "lead": "F026", "firms": ["F026"], "members": 1})

    old = plan_file(tmp_path, "old.yaml", alone)
    en = diff(old, PLAN_2027, "--firms", FIRMS_2027)
    assert "  firm F026 removed (was in B009; 1 member, as recorded in the old plan)" in en
    zh = diff(old, PLAN_2027, "--firms", FIRMS_2027, "--lang", "zh")
    assert "  减少单位 F026（原在 B009；原方案记载 1 名党员）" in zh
    data = json.loads(diff(old, PLAN_2027, "--firms", FIRMS_2027, "--format", "json"))
    assert data["firms_removed"] == [{"firm": "F026", "branch": "B009", "members": 1, "counted": "old_plan"}]


def test_added_firm_missing_from_the_firms_file_has_no_count(tmp_path):
    new = plan_file(tmp_path, "new.yaml", lambda b: b[6]["firms"].append("F099"))
    out = diff(CURRENT, new, "--firms", FIRMS)
    assert "  firm F099 added in B007 (member count unknown: not in the firms file)" in out


def test_renumbered_branch_points_to_solve_current(tmp_path):
    def renumber(branches):
        branches[3]["id"] = "B010"  # LA01's standalone branch, same firms

    new = plan_file(tmp_path, "new.yaml", renumber)
    en = diff(CURRENT, new, "--firms", FIRMS)
    assert "  firm LA01 moves B004 -> B010 (13 members" in en
    assert ("Note: renumbered only (same firms, new branch id): B004 -> B010 (13 members); "
            "`branchplan solve FIRMS --current OLD_PLAN` re-plans keeping branch ids") in en
    zh = diff(CURRENT, new, "--firms", FIRMS, "--lang", "zh")
    assert "注：仅支部编号改变（所含单位未变）：B004 -> B010（13 名党员）" in zh and "--current" in zh
    md = diff(CURRENT, new, "--firms", FIRMS, "--format", "markdown")
    assert "Note: renumbered only (same firms, new branch id): B004 -> B010" in md
    data = json.loads(diff(CURRENT, new, "--firms", FIRMS, "--format", "json"))
    assert data["branches_renumbered"] == [{"from": "B004", "to": "B010", "firms": ["LA01"], "members": 13}]
    # a real regrouping is no renumbering
    assert "renumbered" not in diff(CURRENT, PLAN_2027, "--firms", FIRMS_2027, "--old-firms", FIRMS)


def test_check_base_names_its_own_option_for_the_old_firms_file():
    res = runner.invoke(app, ["check", PLAN_2027, "--firms", FIRMS_2027, "--base", CURRENT])
    assert res.exit_code == 0, res.output
    assert "firm F026 removed (was in B007; member count unknown: give --base-firms" in res.stdout
    assert "without --base-firms, members who changed firm are not followed" in res.stdout
    # (graduations in place need the lead's old size: the note says they are not counted)
    assert ("a joint branch whose lead has grown to a branch of its own in place is not counted as a graduation "
            "(its lead's old size is unknown)") in res.stdout
    assert "--old-firms" not in res.stdout


def test_a_joint_branch_whose_lead_now_has_three_full_members_becomes_its_own(tmp_path):
    """B006 is led by F010 (2 full members) with four other small firms; a year later F010 has a
    third full member, keeps B006 on its own, and the others form B009: B006 is now F010's
    own branch, which the firms must be told (en and zh, text and markdown). While the others
    stay in B006 it is still joint: no such line."""
    firms = Path(FIRMS).read_text(encoding="utf-8")
    grown = firms.replace("      - {id: M0043, name: 郭丽, status: full, joined: 1999-10-12}\n",
                          "      - {id: M0043, name: 郭丽, status: full, joined: 1999-10-12}\n"
                          "      - {id: M9001, name: 韦新, status: full, joined: 2020-07-01}\n")
    assert grown != firms
    (tmp_path / "firms-next.yaml").write_text(grown, encoding="utf-8")
    text = Path(CURRENT).read_text(encoding="utf-8")
    split = text.replace("firms: [F010, F021, F029, F030, F036]", "firms: [F010]")
    assert split != text
    split = split.rstrip("\n") + "\n  - id: B009\n    lead: F021\n    firms: [F021, F029, F030, F036]\n"
    (tmp_path / "next.yaml").write_text(split, encoding="utf-8")
    args = [CURRENT, str(tmp_path / "next.yaml"), "--firms", str(tmp_path / "firms-next.yaml"), "--old-firms", FIRMS]
    en = diff(*args, "--lang", "en")
    assert "  firm F010 now has the full members for its own branch: B006 is no longer joint" in en
    assert "1 graduation" in en
    zh = diff(*args, "--lang", "zh")
    assert "  单位 F010 正式党员已达单独组建支部的人数：支部 B006 由联合组建改为单独组建" in zh
    md = diff(*args, "--lang", "zh", "--format", "markdown")
    assert "| 单位 F010 的支部 B006 由联合组建改为单独组建 | B006 | B006 |" in md
    # the same plan as before: B006 still holds the other firms, so it is still joint
    same = diff(CURRENT, CURRENT, "--firms", str(tmp_path / "firms-next.yaml"), "--old-firms", FIRMS, "--lang", "en")
    assert "no longer joint" not in same and "Changes: 0 members and 0 firms move" in same
    assert "member" in same and "is new to the roster (firm F010, branch B006)" in same
