"""solve --current end to end through the CLI: the Guigang years, outputs, pins, the cap,
and bad input (exit codes, messages, nothing written)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
GOLDEN = ROOT / "tests" / "golden" / "replan"
runner = CliRunner()
YEAR2 = ["solve", str(EX / "firms-2027.yaml"), "--current", str(EX / "plan-current.yaml"),
         "--old-firms", str(EX / "firms.yaml")]


def firm_sets(plan: dict) -> dict[str, tuple[str, frozenset]]:
    return {b["id"]: (b["lead"], frozenset(b["firms"])) for b in plan["branches"]}


def test_the_current_guigang_plan_is_valid_and_kept(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(EX / "firms.yaml"), "--current", str(EX / "plan-current.yaml"),
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Re-planned from plan-current.yaml: no member changes branch" in res.stdout
    assert "Why:" not in res.stdout  # nothing in the current plan outranks stability
    current = yaml.safe_load((EX / "plan-current.yaml").read_text(encoding="utf-8"))
    assert firm_sets(yaml.safe_load(out.read_text(encoding="utf-8"))) == firm_sets(current)


def test_guigang_2027_memo_and_plan_are_the_committed_ones(tmp_path):
    memo, out = tmp_path / "changes-2027.md", tmp_path / "plan-2027.yaml"
    res = runner.invoke(app, YEAR2 + ["--changes", str(memo), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert memo.read_text(encoding="utf-8") == (EX / "changes-2027.md").read_text(encoding="utf-8")
    committed = (EX / "plan-2027.yaml").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "".join(
        line for line in committed.splitlines(keepends=True) if not line.startswith("#"))
    assert "4 members change branch: 3 in 1 firm, 1 who changed firm" in res.stdout
    assert "  1 member who changed firm to F036: B001 -> B006" in res.stdout
    assert "firm F028 graduates from joint branch B005 to its own branch B008" in res.stdout
    assert "member M0012 (now F036) moves B001 -> B006" in res.stdout
    assert "change list written to" in res.stderr


def test_guigang_2027_data_output():
    res = runner.invoke(app, YEAR2 + ["--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["replan"] == {"members_moved": 4, "firms_moved": 1}
    assert data["moves"] == [{"firm": "F028", "members": 3, "from": "B005", "to": "B008", "changed_firm": False},
                             {"firm": "F036", "members": 1, "from": "B001", "to": "B006", "changed_firm": True}]
    assert data["changes"]["summary"]["members_moved"] == data["replan"]["members_moved"]
    assert data["changes"]["graduations"] == [{"firm": "F028", "from": "B005", "to": "B008", "host": None}]
    assert data["changes"]["branches_created"][0]["branch"] == "B008"
    assert data["changes"]["firms_removed"][0]["firm"] == "F026"
    assert any("F026" in n for n in data["notes"])
    plan = firm_sets(data["plan"])
    # every branch but B005 (lost F028, gained the new firm F037) keeps its lead and firms
    before = firm_sets(yaml.safe_load((EX / "plan-current.yaml").read_text(encoding="utf-8")))
    assert plan["B005"] == ("F033", frozenset({"F006", "F018", "F033", "F035", "F037"}))
    assert plan["B007"] == ("F015", before["B007"][1] - {"F026"})
    assert all(plan[b] == before[b] for b in ("B001", "B002", "B003", "B004", "B006"))
    again = runner.invoke(app, YEAR2 + ["--format", "yaml"])
    assert yaml.safe_load(again.stdout) == data


@pytest.mark.parametrize("suffix, check", [
    (".yaml", lambda t: yaml.safe_load(t)["replan"]["members_moved"] == 4),
    (".json", lambda t: json.loads(t)["changes"]["summary"]["graduations"] == 1),
    (".txt", lambda t: t.startswith("Re-planned from plan-current.yaml: 4 members change branch")),
])
def test_change_list_formats(tmp_path, suffix, check):
    path = tmp_path / f"changes{suffix}"
    res = runner.invoke(app, YEAR2 + ["--changes", str(path), "--format", "yaml"])
    assert res.exit_code == 0, res.output
    assert check(path.read_text(encoding="utf-8"))


def test_markdown_is_deterministic():
    a = runner.invoke(app, YEAR2 + ["--format", "markdown"])
    b = runner.invoke(app, YEAR2 + ["--format", "markdown"])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout and a.stdout.startswith("# 党支部设置调整方案")


def test_a_pinned_branch_keeps_its_firms_even_at_a_fallback_cost():
    res = runner.invoke(app, YEAR2 + ["--pin", "B005", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    # M0012, who changed firm from F001 (B001) to F036, moves: F036 joining B001 would be a fallback
    assert data["replan"]["members_moved"] == 1 and data["replan"]["pins"] == ["branch B005"]
    assert [(m["firm"], m["changed_firm"]) for m in data["moves"]] == [("F036", True)]
    assert firm_sets(data["plan"])["B005"] == ("F028", frozenset({"F006", "F018", "F028", "F033", "F035"}))
    assert data["plan"]["objective"]["rules"]["BP-FALLBACK"]["measure"] == 4
    # the current plan's four fallback placements are still there, and the data says which
    kept = [(f["code"], f["in_new_plan"]) for f in data["current_plan_findings"]]
    assert kept == [("BP-ONE-BRANCH", False)] + [("BP-FALLBACK", True)] * 4


def test_findings_a_cap_keeps_are_marked_with_the_cap(tmp_path):
    memo = tmp_path / "m.md"
    res = runner.invoke(app, YEAR2 + ["--max-moves", "3", "--changes", str(memo), "--format", "text"])
    assert res.exit_code == 0, res.output
    marked = [ln for ln in res.stdout.splitlines() if ln.endswith("(still so in the new plan)")]
    # F006 (2 members) leaves B005 with F037; F018, F033, F035 stay with F028 as fallbacks
    assert [ln.split()[2] for ln in marked] == ["F018", "F033", "F035"]
    assert ("3 of these are still so in the new plan, which keeps --max-moves 3 per jurisdiction: "
            "a larger cap may resolve them.") in res.stdout
    text = memo.read_text(encoding="utf-8")
    assert text.count("（新方案中仍存在） (still so in the new plan)") == 3
    assert "其中 3 项在新方案中仍存在：新方案须满足 --max-moves 3（每个辖区至多 3 名党员变动支部），放宽上限可能消除它们。" in text
    zh = runner.invoke(app, YEAR2 + ["--max-moves", "3", "--lang", "zh", "--format", "text"])
    assert zh.stdout.count("（新方案中仍存在）") == 3
    both = runner.invoke(app, YEAR2 + ["--max-moves", "5", "--pin", "B005", "--pin", "F013", "--format", "text"])
    assert ("4 of these are still so in the new plan, which keeps the pins (branch B005, firm F013) and "
            "--max-moves 5 per jurisdiction: a larger cap or fewer pins may resolve them.") in both.stdout
    # the cost table says the old plan is costed on the old firms file (where it had no fallback)
    assert "Rule costs (the old plan on the old firms file -> the new plan):" in both.stdout
    # uncapped: every finding of the current plan is resolved, nothing is marked
    free = runner.invoke(app, YEAR2 + ["--format", "text"])
    assert free.exit_code == 0 and "Why:" in free.stdout
    assert "still so in the new plan" not in free.stdout


DATA = Path(__file__).resolve().parent / "data" / "replan"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")
SMALL_PLAN = (DATA / "small-plan.yaml").read_text(encoding="utf-8")


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


#: seven firms in two districts; CITY_PLAN is the plan `solve` gives them
CITY = """\
jurisdiction: 甲市
as_of: 2026-11-01
firms:
  - {id: A, location: {x: 0, y: 0}, district: 东区, members: {full: 4}}
  - {id: B, location: {x: 1, y: 0}, district: 东区, members: [{id: b1, status: full, joined: 2010-01-01}, {id: b2, status: full, joined: 2010-01-01}]}
  - {id: C, location: {x: 2, y: 0}, district: 东区, members: [{id: c1, status: full, joined: 2010-01-01}]}
  - {id: D, location: {x: 10, y: 0}, district: 西区, members: [{id: d1, status: full, joined: 2010-01-01}, {id: d2, status: full, joined: 2010-01-01}, {id: d3, status: probationary, joined: 2026-03-01}]}
  - {id: E, location: {x: 11, y: 0}, district: 西区, members: [{id: e1, status: full, joined: 2010-01-01}]}
  - {id: F, location: {x: 12, y: 0}, district: 西区, members: [{id: f1, status: full, joined: 2010-01-01}, {id: f2, status: full, joined: 2010-01-01}]}
  - {id: G, location: {x: 3, y: 0}, district: 东区, members: [{id: g1, status: full, joined: 2010-01-01}]}
"""
CITY_PLAN = """\
branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: B, firms: [B, C, G]}
  - {id: B003, lead: D, firms: [D, E, F]}
"""


def test_a_closed_lead_is_a_note_not_a_finding_against_the_current_plan(tmp_path):
    """Lead firm D closes; E and F keep branch B003 valid: the notes say D closed and B003
    lost its lead, and nothing says the current plan broke a hard rule."""
    firms = write(tmp_path, "firms.yaml", "\n".join(line for line in CITY.splitlines() if "id: D," not in line))
    cur, memo = write(tmp_path, "plan.yaml", CITY_PLAN), tmp_path / "changes.md"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-f", "text", "--changes", str(memo)])
    assert res.exit_code == 0, res.output
    assert "branch B003 lost its lead D" in res.stdout and "Why:" not in res.stdout
    assert "not one of its units" not in res.stdout
    written = memo.read_text(encoding="utf-8")
    assert "支部 B003 的牵头单位 D 已不在" in written
    assert "不在本支部" not in written and "not one of its units" not in written
    data = json.loads(runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-f", "json"]).stdout)
    assert data["current_plan_findings"] == []


def test_a_closed_lead_is_not_counted_against_the_current_plan_in_the_rule_table(tmp_path):
    """Lead firm D closes: the old plan, costed on this roster, lists a unit that is gone and
    is led from outside its branch; the rule table leaves those findings out (as the Why
    lines do) and a note under it says so, in both languages."""
    firms = write(tmp_path, "firms.yaml", "\n".join(line for line in CITY.splitlines() if "id: D," not in line))
    cur, memo = write(tmp_path, "plan.yaml", CITY_PLAN), tmp_path / "changes.md"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-f", "text", "--changes", str(memo)])
    assert res.exit_code == 0, res.output
    assert "  BP-ONE-BRANCH          hard" not in res.stdout      # (was "2 -> 0 findings")
    note = ("Note: the old plan's 1 BP-ONE-BRANCH finding that only says that D (lead of branch B003) is gone "
            "from the firms file (closed or renamed) is not counted")
    assert note in res.stdout
    written = memo.read_text(encoding="utf-8")
    assert "| BP-ONE-BRANCH" not in written
    assert "注：原方案的 1 项 BP-ONE-BRANCH 问题不计入：它们只是说明 D（支部 B003 的牵头单位）已不在名册中（已注销或更名）" in written
    assert note in written
    zh = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-f", "text", "--lang", "zh"])
    assert "1 项 BP-ONE-BRANCH 问题不计入" in zh.stdout and "  BP-ONE-BRANCH          硬性" not in zh.stdout
    data = json.loads(runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-f", "json"]).stdout)
    one = next(r for r in data["changes"]["rules"] if r["code"] == "BP-ONE-BRANCH")
    assert (one["old_findings"], one["new_findings"], one["old_findings_not_counted"]) == (0, 0, 1)
    # costed on the old firms file, where D is, the old plan has no such findings to leave out
    old = write(tmp_path, "old.yaml", CITY)
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "--old-firms", str(old), "-f", "text"])
    assert res.exit_code == 0 and "not counted" not in res.stdout and "  BP-ONE-BRANCH   " not in res.stdout


def test_infeasible_pins_and_cap_exit_1_name_them_and_write_nothing(tmp_path):
    firms, cur = write(tmp_path, "firms.yaml", SMALL), write(tmp_path, "plan.yaml", SMALL_PLAN)
    out, memo = tmp_path / "new.yaml", tmp_path / "memo.md"
    base = ["solve", str(firms), "--current", str(cur), "-o", str(out), "--changes", str(memo)]
    res = runner.invoke(app, base + ["--pin", "J1", "--pin", "E"])
    assert res.exit_code == 1
    assert "小城: the pin branch J1 cannot hold" in res.stderr and "firm E" not in res.stderr
    assert "nothing written" in res.stderr
    strict = ["-r", str(DATA / "no-fallback.yaml")]     # (with fallbacks any cap has a plan)
    res = runner.invoke(app, base + strict + ["--max-moves", "2"])
    assert res.exit_code == 1
    assert "--max-moves 2 is too small" in res.stderr and "at least 3 members" in res.stderr
    assert not out.exists() and not memo.exists()
    res = runner.invoke(app, base + strict + ["--max-moves", "3"])
    assert res.exit_code == 0 and out.exists() and memo.exists()


def test_bad_input_exits_2_with_a_position_or_a_clear_sentence(tmp_path):
    firms = write(tmp_path, "firms.yaml", SMALL)
    twice = write(tmp_path, "twice.yaml", SMALL_PLAN.replace("[D, E]", "[D, E, C]"))
    cur = write(tmp_path, "plan.yaml", SMALL_PLAN)
    out = tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(twice), "-o", str(out)])
    assert res.exit_code == 2 and f"{twice}:4:" in res.stderr and "C is in branch J1 and again in branch J2" in res.stderr
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "--pin", "J11", "-o", str(out)])
    assert res.exit_code == 2 and "did you mean 'J1'" in res.stderr
    for extra in (["--pin", "J1"], ["--max-moves", "2"], ["--format", "markdown"], ["--changes", "x.md"]):
        res = runner.invoke(app, ["solve", str(firms)] + extra)
        assert res.exit_code == 2 and "only make" in res.stderr and "--current" in res.stderr, extra
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "--changes", str(tmp_path / "c.csv")])
    assert res.exit_code == 2 and "--changes" in res.stderr
    res = runner.invoke(app, ["solve", str(firms), "--current", str(tmp_path / "missing.yaml")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert not out.exists()


def test_readme_replanning_example_runs(monkeypatch, capsys):
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split("## Re-planning\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", body, re.S)
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "('F028', 'B005', 'B008')" in out and "1 graduation" in out
    (command,) = re.findall(r"^branchplan solve examples/.*?(?<!\\)$", body, re.S | re.M)
    args = command.replace("\\\n", " ").split()[1:]
    kept = [a for a in args if a not in ("--changes", "changes.md", "-o", "plan-2027.yaml")]
    res = runner.invoke(app, kept + ["--format", "markdown"])
    assert res.exit_code == 0 and res.stdout == (EX / "changes-2027.md").read_text(encoding="utf-8")


def test_replan_and_diff_text_in_chinese():
    zh = runner.invoke(app, YEAR2 + ["--format", "text", "--lang", "zh"])
    en = runner.invoke(app, YEAR2 + ["--format", "text", "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0, zh.output
    assert "以 plan-current.yaml 为基础调整：4 名党员变动支部：3 名随所在的 1 个单位变动，1 名因调换单位而变动" in zh.stdout
    assert "  调入单位 F036 的 1 名党员：B001 -> B006" in zh.stdout
    assert "  单位 F028（3 名党员）：B005 -> B008" in zh.stdout
    assert "F026（支部 B007）不在名册中（已注销或更名）：移出" in zh.stdout
    assert "单位 F028 由联合支部 B005 转为单独组建支部 B008" in zh.stdout
    assert "Re-planned from" not in zh.stdout and "Changes:" not in zh.stdout
    assert "Re-planned from plan-current.yaml: 4 members change branch: 3 in 1 firm, 1 who changed firm" in en.stdout
    d = runner.invoke(app, ["diff", str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml"),
                            "--firms", str(EX / "firms-2027.yaml"), "--old-firms", str(EX / "firms.yaml"),
                            "--lang", "zh"])
    assert d.exit_code == 0, d.output
    assert "变动：4 名党员、1 个单位变动" in d.stdout and "新增单位 F037，编入 B005（2 名党员）" in d.stdout


def test_headline_counts_members_who_changed_firm_too():
    """The change list counts M0012 (now in F036) among the members who move: the headline says so."""
    res = runner.invoke(app, YEAR2 + ["--lang", "zh", "--format", "text"])
    assert res.exit_code == 0, res.output
    assert "4 名党员变动支部：3 名随所在的 1 个单位变动，1 名因调换单位而变动" in res.stdout
    # without the old firms file M0012 is taken to have been in F036 already: 3 members move
    res = runner.invoke(app, YEAR2[:-2] + ["--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["replan"] == {"members_moved": 3, "firms_moved": 1}


def test_a_pin_of_the_wrong_kind_says_which_kind_the_id_is():
    res = runner.invoke(app, YEAR2 + ["--pin", "firm:B006"])
    assert res.exit_code == 2
    assert "--pin firm:B006: B006 is a branch, not a firm; write branch:B006 (or B006)" in res.stderr
    res = runner.invoke(app, YEAR2 + ["--pin", "branch:F028"])
    assert res.exit_code == 2 and "F028 is a firm, not a branch" in res.stderr


def _english_left(text: str) -> list[str]:
    """Latin words left once ids, rule codes, file names and the charter's name are taken out."""
    import re

    text = re.sub(r"`[^`]*`|[\w.-]+\.(?:yaml|json)\b|\b(?:BP-[A-Z-]+|cpc-branch-\d+|[A-Z]{1,2}\d+)\b", "", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def test_change_memo_in_chinese(tmp_path):
    memo, txt = tmp_path / "zh.md", tmp_path / "zh.txt"
    res = runner.invoke(app, YEAR2 + ["--changes", str(memo), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    md = memo.read_text(encoding="utf-8")
    assert md.startswith("# 贵港市党支部设置调整方案\n")
    assert "- 结果：4 名党员变动支部：3 名随所在的 1 个单位变动，1 名因调换单位而变动；调整后党支部 8 个（原 7 个）" in md
    assert "| F036 广西荷美律师事务所（调入该单位的党员） | 1 | B001 | B006 |" in md
    assert "- 新设单位 F037（2 名党员，均为新列入名册的党员）需编入支部（BP-ONE-BRANCH）" in md
    assert "- F026（支部 B007）不在名册中（已注销或更名）：移出" in md
    assert "| F028 广西贵城律师事务所 | 3 | B005 | B008 |" in md
    assert "| 单位 F028（3 名党员：M0055、M0056、M0057） | B005 | B008 |" in md
    assert "| B008 | 单独组建 | F028 广西贵城律师事务所 | F028 | 3 | 3 |" in md
    assert "| B005 | 联合组建 | F033 广西金港律师事务所 | F033 F006 F018 F035 F037 | 10 | 9 |" in md
    assert _english_left(md) == []
    shown = runner.invoke(app, YEAR2 + ["--format", "markdown", "--lang", "zh"])
    assert shown.exit_code == 0 and shown.stdout == md
    res = runner.invoke(app, YEAR2 + ["--changes", str(txt), "--lang", "zh", "--format", "yaml"])
    assert res.exit_code == 0, res.output
    body = txt.read_text(encoding="utf-8")
    assert body.startswith("以 plan-current.yaml 为基础调整：4 名党员变动支部")
    assert "  单位 F028 由联合支部 B005 转为单独组建支部 B008" in body
    assert _english_left(body) == []
    pinned = runner.invoke(app, YEAR2 + ["--format", "markdown", "--lang", "zh", "--pin", "B006", "--pin", "F013"])
    assert pinned.exit_code == 0 and "（固定：支部 B006、单位 F013）；调整后党支部 8 个" in pinned.stdout
    en = runner.invoke(app, YEAR2 + ["--format", "markdown", "--lang", "en"])
    assert en.exit_code == 0 and en.stdout == (GOLDEN / "changes-2027-en.md").read_text(encoding="utf-8")
    assert _english_left(en.stdout)  # the helper does see English
    assert md == (GOLDEN / "changes-2027-zh.md").read_text(encoding="utf-8")


def test_the_default_memo_is_bilingual_throughout(tmp_path):
    """Without --lang (and not in a Chinese locale) the memo gives every line, note, table
    header and branch kind in Chinese and English; --lang en keeps its English memo."""
    memo = tmp_path / "changes.md"
    res = runner.invoke(app, YEAR2 + ["--changes", str(memo)], env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert res.exit_code == 0, res.output
    md = memo.read_text(encoding="utf-8")
    assert md == (EX / "changes-2027.md").read_text(encoding="utf-8")
    assert ("- F026（支部 B007）不在名册中（已注销或更名）：移出 "
            "(F026 (branch B007) is not in the roster (closed or renamed): dropped)") in md
    assert "| 单位 · firm | 党员 · members | 原支部 · from | 新支部 · to |" in md
    assert "| 变动 · change | 原 · from | 新 · to |" in md
    assert "| 规则 · rule | 原（按原名册） · old (old firms file) | 新 · new | 变化 · change |" in md
    assert "| 支部 · branch | 类型 · kind | 牵头单位 · lead | 所含单位 · firms | 党员 · members | 正式党员 · full |" in md
    assert "| B008 | 单独组建 · standalone | F028 广西贵城律师事务所 | F028 | 3 | 3 |" in md
    assert "| 单位 F028（3 名党员：M0055、M0056、M0057） · firm F028 (3 members: M0055, M0056, M0057) | B005 | B008 |" in md
    assert ("- 结果：4 名党员变动支部：3 名随所在的 1 个单位变动，1 名因调换单位而变动" in md
            and " · Result: 4 members change branch: 3 in 1 firm, 1 who changed firm" in md)
    assert "| F036 广西荷美律师事务所（调入该单位的党员） (members who changed firm to it) | 1 | B001 | B006 |" in md
    # no line of prose and no table header in one language only
    lines = md.splitlines()
    for line, after in zip(lines, lines[1:] + [""]):
        if line and (not line.startswith("|") or after.startswith("|---")):
            assert re.search(r"[\u4e00-\u9fff]", line) and re.search(r"[A-Za-z]{3,}", line), line
    en = runner.invoke(app, YEAR2 + ["--format", "markdown", "--lang", "en"])
    assert en.exit_code == 0 and en.stdout != md and "| firm | members | from | to |" in en.stdout
    zh = runner.invoke(app, YEAR2 + ["--format", "markdown"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert zh.exit_code == 0 and zh.stdout == (GOLDEN / "changes-2027-zh.md").read_text(encoding="utf-8")


def _readme_replanning() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return " ".join(text.split("## Re-planning\n", 1)[1].split("\n## ", 1)[0].split())


def test_readme_closed_firm_member_example_holds(tmp_path):
    """The README's line for a closed firm whose member is in another firm now: M0054 of
    F026 (closed) had moved to F013."""
    body = _readme_replanning()
    (quoted,) = re.findall(r"`(firm F026 removed \(was in B007; 1 member; member M0054 moved to firm F013, [^`]*\))`",
                           body)
    lines = (EX / "firms-2027.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(k for k, line in enumerate(lines) if "id: M0045," in line)   # F013's last member
    lines.insert(at + 1, "      - {id: M0054, name: 覃丽, status: full, joined: 2012-11-01}\n")
    firms = write(tmp_path, "firms.yaml", "".join(lines))
    res = runner.invoke(app, ["solve", str(firms), "--current", str(EX / "plan-current.yaml"),
                              "--old-firms", str(EX / "firms.yaml"), "-f", "text"])
    assert res.exit_code == 0, res.output
    assert quoted in res.stdout


def test_readme_says_which_current_plans_are_kept_exactly(tmp_path):
    """A plan that check passes with a fallback placement is changed on an unchanged roster
    (fallback outranks stability); one without hard findings or fallbacks is kept."""
    assert "a current plan without hard findings or fallback placements is kept exactly" in _readme_replanning()
    assert "a valid current plan is kept exactly" not in _readme_replanning()
    firms = write(tmp_path, "firms.yaml", CITY)
    fallback = write(tmp_path, "fallback.yaml", CITY_PLAN.replace("firms: [A]", "firms: [A, C]")
                     .replace("firms: [B, C, G]", "firms: [B, G]"))
    checked = runner.invoke(app, ["check", str(fallback), "--firms", str(firms)])
    assert checked.exit_code == 0 and "BP-FALLBACK" in checked.stdout
    res = runner.invoke(app, ["solve", str(firms), "--current", str(fallback), "-f", "text"])
    assert res.exit_code == 0 and "firm C (1 member): B001 -> B002" in res.stdout
    kept = runner.invoke(app, ["solve", str(firms), "--current", str(write(tmp_path, "plan.yaml", CITY_PLAN)),
                               "-f", "text"])
    assert kept.exit_code == 0 and "no member changes branch" in kept.stdout


def test_a_charter_without_a_stability_rule_is_said_to_keep_no_one_in_place(tmp_path):
    """A charter that switched BP-STABILITY off: --current then gives branch ids only, and
    the re-plan regroups freely; the command says so (once, at the rules file)."""
    rules = tmp_path / "r.yaml"
    rules.write_text("charter: nostab\nextends: cpc-branch-2018\nrules:\n  - code: BP-STABILITY\n    enabled: false\n",
                     encoding="utf-8")
    env = {"LANG": "en_US.UTF-8", "LC_ALL": ""}
    res = runner.invoke(app, YEAR2 + ["--rules", str(rules), "-o", str(tmp_path / "p.yaml")], env=env)
    assert res.exit_code == 0, res.output
    said = [ln for ln in res.stderr.splitlines() if "stability rule" in ln]
    assert said == [f"{rules}: warning: the charter has no stability rule switched on (kind stability, as "
                    "BP-STABILITY): the re-plan keeps no member in their branch for its own sake; the current plan "
                    "gives it branch ids, and --pin and --max-moves still bind; give the rule `enabled: true` to keep "
                    "moves few"]
    assert "Why: under this roster the current plan has these findings:" in res.stdout
    assert "outrank stability" not in res.stdout
    res = runner.invoke(app, YEAR2 + ["-o", str(tmp_path / "q.yaml")], env=env)
    assert res.exit_code == 0 and "stability rule" not in res.stderr
    assert "(they outrank stability)" in res.stdout


def test_the_memos_appendix_lists_a_firm_without_a_name_too(tmp_path):
    firms = tmp_path / "firms-2027.yaml"
    firms.write_text((EX / "firms-2027.yaml").read_text(encoding="utf-8").replace(
        "    name: 广西港北新城律师事务所\n", "", 1), encoding="utf-8")
    memo = tmp_path / "changes.md"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(EX / "plan-current.yaml"), "--old-firms",
                              str(EX / "firms.yaml"), "--changes", str(memo), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    appendix = memo.read_text(encoding="utf-8").split("## 附：单位名称\n")[1]
    assert "| F037 |  | 港北区 | B005 |" in appendix and "| F033 | 广西金港律师事务所 | 港北区 | B005 |" in appendix
