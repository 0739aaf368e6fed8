"""Import without member ids (R + row number): a row given twice in one firm is rejected like a
repeated ID number; the same name and joining date in another firm, or with another status,
or the same name and status in one firm without joining dates, is a warning naming both
rows; namesakes with other joining dates are no message."""

from __future__ import annotations

from datetime import date, datetime

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

HEAD = "律所名称,姓名,党员类别,入党时间\n"
REPRO = HEAD + "甲所,张三,正式,2010-07-01\n甲所,张三,正式,2010-07-01\n乙所,张三,正式,2010-07-01\n"


def run(tmp_path, text: str, *args: str, lang: str = "en", name: str = "dn.csv"):
    src, out = tmp_path / name, tmp_path / "dn.yaml"
    if text:
        src.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X", "--lang", lang, *args])
    return src, out, res


def located(src, res) -> list[str]:
    return [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]


def members(out) -> dict[str, list[str]]:
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    return {f["id"]: [m["id"] for m in f["members"]] for f in doc["firms"]}


def test_the_reproduction_a_row_given_twice_is_rejected_naming_the_first(tmp_path):
    src, out, res = run(tmp_path, REPRO)
    assert res.exit_code == 2 and not out.exists()
    assert located(src, res) == [
        f"{src}:3:2: 姓名: the same member as row 2 of the same firm (name, status and joining date alike): a row "
        "given twice? Delete one (if they are two people, tell them apart with a 党员编号 column)",
        f"{src}:4:2: 姓名: warning: the same name and joining date as row 2 (firm 甲所), but in firm 乙所: one person "
        "in two firms, or two people? If one, keep only the row of the firm they belong to (a member is in one "
        "branch); if two, nothing to change",
    ]
    assert "taken 2, rejected 1" in res.stderr
    assert "1 row rejected; nothing written (fix it, or write the rest with --allow-rejects)" in res.stderr
    assert "1 row has the name of an earlier row and nothing that tells them apart" in res.stderr
    assert "firm cell" not in res.stderr   # not counted as a differing firm cell
    assert "张三" not in res.stderr         # a name is personal data: never quoted


def test_the_reproduction_in_chinese_and_with_allow_rejects(tmp_path):
    src, out, res = run(tmp_path, REPRO, "--allow-rejects", lang="zh")
    assert res.exit_code == 0, res.output
    assert located(src, res) == [
        f"{src}:3:2: 姓名: 与同一单位第 2 行为同一党员（姓名、党员类别、入党时间均相同）：是否重复录入？请删去一行"
        "（如确为两人，请增加“党员编号”列加以区分）",
        f"{src}:4:2: 姓名: 提醒：姓名和入党时间与第 2 行（甲所）相同，本行单位为乙所：是同一人登记在两个单位，还是两人？"
        "若是同一人，只保留其所在单位的一行（每名党员只编入一个支部）；若是两人，无需修改",
    ]
    assert "1 行的姓名与前面某行相同且无法确定是否同一人" in res.stderr
    assert members(out) == {"甲所": ["R2"], "乙所": ["R4"]}


def test_a_pasted_row_does_not_make_a_firm_big(tmp_path):
    """Two members and one of them pasted again: still two full members (no own branch)."""
    text = HEAD + "甲所,李四,正式,2011-07-01\n甲所,王五,正式,2012-07-01\n甲所,李 四,正式,2011/7/1\n"
    src, out, res = run(tmp_path, text, "--allow-rejects")
    assert res.exit_code == 0, res.output
    # names compared without spaces, dates as read (2011/7/1 is 2011-07-01)
    assert [ln.split(": ", 2)[:2] for ln in located(src, res)] == [[f"{src}:4:2", "姓名"]]
    assert "the same member as row 2 of the same firm" in res.stderr
    assert members(out) == {"甲所": ["R2", "R3"]}
    assert "members 2 (2 full, 0 probationary)" in res.stderr


def test_the_same_name_and_date_in_two_firms_or_with_another_status_is_a_warning(tmp_path):
    text = (HEAD + "甲所,Zhang San,正式,2010-07-01\n乙所,zhang  san,预备,2010-07-01\n"
            "甲所,ZHANG SAN,预备,2010-07-01\n丙所,王五,正式,2015-07-01\n")
    src, out, res = run(tmp_path, text, "--as-of", "2026-11-01")
    assert res.exit_code == 0, res.output
    probationary_since_2010 = (
        "党员类别: warning: probationary member (预备) who joined on 2010-07-01, more than two years before the "
        "--as-of date 2026-11-01: probation lasts a year, two at most when extended; full (正式) by now? Check the "
        "status and the joining date (the row is taken as probationary)")
    assert located(src, res) == [
        f"{src}:3:2: 姓名: warning: the same name and joining date as row 2 (firm 甲所), but in firm 乙所: one person "
        "in two firms, or two people? If one, keep only the row of the firm they belong to (a member is in one "
        "branch); if two, nothing to change",
        f"{src}:3:3: {probationary_since_2010}",
        f"{src}:4:2: 姓名: warning: the same name and joining date as row 2 of the same firm, with another status: "
        "one member entered twice? Check both rows and keep the right one",
        f"{src}:4:3: {probationary_since_2010}",
    ]
    assert members(out) == {"甲所": ["R2", "R4"], "乙所": ["R3"], "丙所": ["R5"]}
    assert "2 rows have the name of an earlier row" in res.stderr
    assert "zhang" not in res.stderr.casefold()
    quiet = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--lang", "zh", "--quiet"])
    assert quiet.exit_code == 0 and "姓名和入党时间与同一单位第 2 行相同，但党员类别不同" in quiet.stderr


def test_namesakes_with_other_dates_or_without_dates_are_no_message(tmp_path):
    text = ("律所名称,姓名,党员类别,入党时间\n甲所,张三,正式,2010-07-01\n乙所,张三,正式,2012-07-01\n"
            "甲所,张三,预备,2013-07-01\n乙所,李四,正式,\n丙所,李四,正式,\n")
    src, out, res = run(tmp_path, text, "--as-of", "2014-01-01")   # (预备 since 2013: on probation)
    assert res.exit_code == 0, res.output
    assert located(src, res) == []
    assert "earlier row" not in res.stderr
    assert members(out) == {"甲所": ["R2", "R4"], "乙所": ["R3", "R5"], "丙所": ["R6"]}


def test_rows_alike_without_a_joining_date_are_taken_with_a_warning(tmp_path):
    """Nothing tells a row given twice from two namesakes of one firm: both are kept, and
    the clerk is told which rows to look at."""
    src, out, res = run(tmp_path, "律所名称,姓名,党员类别\n甲所,张三,正式\n乙所,张三,正式\n甲所,张三,正式\n")
    assert res.exit_code == 0, res.output
    assert [ln.split(": ", 2)[:2] for ln in located(src, res)] == [[f"{src}:4:2", "姓名"]]
    assert "the same name and status as row 2 of the same firm, and no joining date" in res.stderr
    assert members(out) == {"甲所": ["R2", "R4"], "乙所": ["R3"]}
    assert "1 row has the name of an earlier row" in res.stderr


def test_member_ids_decide_when_there_is_a_member_id_column(tmp_path):
    """Two ids are two members (nothing rejected); the same name and joining date under two ids
    is a warning naming both rows and ids, in one firm or two; other dates are no message."""
    text = ("律所名称,党员编号,姓名,党员类别,入党时间\n甲所,M1,张三,正式,2010-07-01\n甲所,M2,张三,正式,2010-07-01\n"
            "乙所,M3,张三,正式,2010-07-01\n乙所,M4,张三,正式,2011-07-01\n")
    src, out, res = run(tmp_path, text)
    assert res.exit_code == 0, res.output
    assert members(out) == {"甲所": ["M1", "M2"], "乙所": ["M3", "M4"]}
    assert located(src, res) == [
        f"{src}:3:3: 姓名: warning: the same name and joining date as row 2 (member id M1, firm 甲所), under member "
        "id M2 in firm 甲所: one person under two member ids, or two people? If one, keep only the row of the firm "
        "they belong to, with their old member id (a member is in one branch, and a new id reads as one member "
        "leaving and another joining); if two, nothing to change",
        f"{src}:4:3: 姓名: warning: the same name and joining date as row 2 (member id M1, firm 甲所), under member "
        "id M3 in firm 乙所: one person under two member ids, or two people? If one, keep only the row of the firm "
        "they belong to, with their old member id (a member is in one branch, and a new id reads as one member "
        "leaving and another joining); if two, nothing to change"]
    assert "张三" not in res.stderr
    src, out, res = run(tmp_path, text, lang="zh")
    assert "是同一人有两个党员编号，还是两人" in res.stderr


def test_a_yaml_roster_with_one_person_under_two_ids_is_warned_of_by_solve_and_check(tmp_path):
    """The firms file read by solve and check: the same name and joining date under two member
    ids is a warning at the later member's id, naming both ids and firms, never the name."""
    text = ("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
            "  - id: A\n    members:\n"
            "      - {id: M1, name: 张三, status: full, joined: 2010-07-01}\n"
            "      - {id: M2, name: 李四, status: full, joined: 2010-07-01}\n"
            "      - {id: M5, name: 王五, status: full, joined: 2012-07-01}\n"
            "  - id: B\n    members:\n"
            "      - {id: M3, name: 张 三, status: full, joined: 2010-07-01}\n"
            "      - {id: M4, name: 李四, status: full, joined: 2011-07-01}\n")
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(text, encoding="utf-8")
    said = (f"{firms}:11:14: firms[1].members[0].id: warning: member M3 (firm B) has the same name and joining date "
            "as member M1 (firm A): one person under two member ids, or two people? If one, keep only the entry of "
            "the firm they belong to, under their old id (a member is in one branch, and a new id reads as one "
            "member leaving and another joining); if two, give member M3 `distinct_from: [M1]` to say so")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms)])
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]
    assert "张" not in res.stderr
    # two people after all: said so, the warning is not given again (either way round)
    for fix in (("{id: M3, name: 张 三,", "{id: M3, distinct_from: [M1], name: 张 三,"),
                ("{id: M1, name: 张三,", "{id: M1, distinct_from: [M3], name: 张三,")):
        firms.write_text(text.replace(*fix), encoding="utf-8")
        res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
        assert res.exit_code == 0 and "same name" not in res.stderr, res.output
    # a third entry of the same name and date is still compared with the others
    firms.write_text(text.replace("{id: M3, name: 张 三,", "{id: M3, distinct_from: [M1], name: 张 三,")
                     + "      - {id: M9, name: 张三, status: full, joined: 2010-07-01}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert [ln.split(": warning: ")[1][:60] for ln in res.stderr.splitlines() if "same name" in ln] == [
        "member M9 (firm B) has the same name and joining date as mem"]


def test_a_firm_cell_that_is_a_member_name_is_not_quoted(tmp_path):
    """A shifted column: the firm cell holds a member's name; the warning does not show it."""
    text = HEAD + "甲所,张三,正式,2010-07-01\n王五,张三,正式,2010-07-01\n乙所,王五,正式,2011-07-01\n"
    src, out, res = run(tmp_path, text)
    assert res.exit_code == 0, res.output
    said = [ln for ln in located(src, res) if ":3:2:" in ln]
    assert said == [f"{src}:3:2: 姓名: warning: the same name and joining date as row 2 (firm 甲所), but in firm "
                    "(value not shown): one person in two firms, or two people? If one, keep only the row of the "
                    "firm they belong to (a member is in one branch); if two, nothing to change"]


def test_xlsx_a_date_cell_and_the_same_date_typed_as_text_are_one_row_given_twice(tmp_path):
    src = tmp_path / "名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "姓名", "党员类别", "入党时间"])
    ws.append(["甲所", "张三", "正式", datetime(2010, 7, 1)])
    ws.append(["甲所", "张三 ", "正式党员", "2010年7月1日"])
    ws.append(["甲所", "李四", "正式", date(2011, 7, 1)])
    wb.save(src)
    _, out, res = run(tmp_path, "", name="名册.xlsx")
    assert res.exit_code == 2 and not out.exists()
    assert located(src, res) == [
        f"{src}:3:2: 姓名: the same member as row 2 of the same firm (name, status and joining date alike): a row "
        "given twice? Delete one (if they are two people, tell them apart with a 党员编号 column)"]


def test_the_library_gives_the_firms_file_import_writes(tmp_path):
    """ImportResult.text: byte for byte the firms file `import -o` writes, YAML or JSON."""
    import json

    from branchplan import import_roster

    src = tmp_path / "r.csv"
    src.write_text("律所名称,党员编号,姓名,党员类别,入党时间\n甲所,M1,张三,正式,2010-07-01\n", encoding="utf-8")
    result = import_roster(src, jurisdiction="X")
    for name, fmt in (("firms.yaml", "yaml"), ("firms.json", "json")):
        out = tmp_path / name
        assert runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X"]).exit_code == 0
        assert out.read_text(encoding="utf-8") == result.text(fmt)
    assert json.loads(result.text("json"))["firms"][0]["members"][0]["joined"] == "2010-07-01"


def test_masked_names_say_nothing_of_one_person(tmp_path):
    """Names masked for review (张*, 王×) are alike by design: no warning."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
                     "  - id: A\n    members:\n      - {id: M1, name: 张*, status: full, joined: 2010-07-01}\n"
                     "  - id: B\n    members:\n      - {id: M2, name: 张*, status: full, joined: 2010-07-01}\n"
                     "      - {id: M3, name: 王×, status: full, joined: 2010-07-01}\n"
                     "  - id: C\n    members:\n      - {id: M4, name: 王×, status: full, joined: 2010-07-01}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 0, res.output
    assert "same name" not in res.stderr
    src = tmp_path / "r.csv"
    src.write_text("律所名称,党员编号,姓名,党员类别,入党时间\n甲所,M1,张*,正式,2010-07-01\n乙所,M2,张*,正式,2010-07-01\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "o.yaml"), "--jurisdiction", "X"])
    assert res.exit_code == 0 and "same name" not in res.stderr


def test_what_is_a_masked_name():
    from branchplan.names import masked

    assert all(masked(n) for n in ("张*", "张**", "张*伟", "李×", "张Ｘ", "欧阳**", "张某", "李某某", "***", " 张 * "))
    assert not any(masked(n) for n in ("阿依古丽·X", "徐明 Xu Ming", "张伟*", "张伟", "Xu Ming", "Alex 王"))


def test_masked_names_without_member_ids_are_not_rows_given_twice(tmp_path):
    src = tmp_path / "r.csv"
    src.write_text("律所名称,姓名,党员类别,入党时间\n甲所,张*,正式,2010-07-01\n甲所,张*,正式,2010-07-01\n"
                   "乙所,张*,正式,2010-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "o.yaml"), "--jurisdiction", "X"])
    assert res.exit_code == 0, res.output
    assert "same member" not in res.stderr and "same name" not in res.stderr


def test_real_names_with_a_latin_letter_are_compared(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
                     "  - id: A\n    members:\n      - {id: M1, name: 阿依古丽·X, status: full, joined: 2010-07-01}\n"
                     "  - id: B\n    members:\n      - {id: M2, name: 阿依古丽·X, status: full, joined: 2010-07-01}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "plan.yaml")])
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] != []


def test_id_key_s_fast_path_for_chinese_text_reads_as_the_full_one():
    """model.id_key skips the per-character filter for text of the ranges in model._PLAIN: the
    same key as the full path gives, character by character and in names."""
    import unicodedata

    from branchplan import model

    def slow(text: str) -> str:
        text = "".join(c for c in unicodedata.normalize("NFKC", text) if not model.invisible(c))
        return unicodedata.normalize("NFKC", text.casefold()).strip()

    sample = [chr(c) for r in ((0x20, 0x7F), (0x3000, 0x3040), (0x4E00, 0x4E80), (0x9F80, 0xA000), (0xFF01, 0xFF5F))
              for c in range(*r)]
    for c in sample:
        for text in (c, f"甲{c}所", f"　{c}Ａ"):
            assert model._PLAIN.fullmatch(text) and model.id_key(text) == slow(text), repr(text)
    assert not model._PLAIN.fullmatch("甲\u200b所") and model.id_key("甲\u200b所") == "甲所"
