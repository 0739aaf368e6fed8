"""branchplan import: every rejected row is listed even when no row is taken, dates typed into
Excel as 8-digit numbers, and help texts that say what the command accepts."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan import import_roster, load_roster
from branchplan.cli import app
from branchplan.importer import NothingTaken
from branchplan.importer.ids import MIN_KEY_CHARS as ID_KEY_CHARS
from branchplan.importer.values import Bad, parse_date
from branchplan.privacy import MIN_KEY_CHARS as PSEUDONYM_KEY_CHARS

runner = CliRunner()
HEADER = "律所名称,姓名,党员类别,入党时间\n"


def flat(text: str) -> str:
    """Help text with its line wrapping undone."""
    return " ".join(text.split())


@pytest.mark.parametrize("extra", [[], ["--allow-rejects"]])
def test_one_row_all_rejected_is_listed_with_its_reason(tmp_path, extra):
    src = tmp_path / "one.csv"
    src.write_text(HEADER + "甲所,张三,正式,2010-13-01\n", encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "-o", str(out), "--lang", "en"] + extra)
    assert res.exit_code == 2
    assert f"{src}:2:4: 入党时间: '2010-13-01' is not a date of the calendar" in res.stderr
    assert f"{src}: no row could be taken (1 row rejected); nothing written" in res.stderr
    assert "rows: 1 data row (0 blank skipped); taken 0, rejected 1" in res.stderr
    assert "1 rows" not in res.output and "Traceback" not in res.output
    assert not out.exists()


def test_every_row_rejected_lists_every_reason_in_either_language(tmp_path):
    src = tmp_path / "all.csv"
    src.write_text(HEADER + "甲所,张三,在册,2010-07-01\n乙所,李四,正式,2010-13-01\n,王五,正式,2011-07-01\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--quiet", "--lang", "en"])
    assert res.exit_code == 2 and res.stdout == ""
    lines = res.stderr.splitlines()
    assert lines[0].startswith(f"{src}:2:3: 党员类别: (value not shown) is not a member status")
    assert lines[1] == f"{src}:3:4: 入党时间: '2010-13-01' is not a date of the calendar"
    assert lines[2].startswith(f"{src}:4:1: 律所名称: ")
    assert lines[-1] == f"{src}: no row could be taken (3 rows rejected); nothing written"
    assert "rows:" not in res.stderr  # --quiet: no summary, the rows still listed
    zh = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--quiet", "--lang", "zh"])
    assert zh.exit_code == 2
    assert f"{src}:2:3: 党员类别: （值不予显示）不是党员类别" in zh.stderr
    assert f"{src}:3:4: 入党时间: “2010-13-01”不是有效日期" in zh.stderr
    assert zh.stderr.splitlines()[-1] == f"{src}：没有可采用的行（3 行被拒收）；未写出任何文件"
    with pytest.raises(NothingTaken) as caught:  # the library says the same
        import_roster(src, jurisdiction="X")
    text = str(caught.value)
    assert f"{src}:3:4: 入党时间: '2010-13-01' is not a date of the calendar" in text
    assert text.endswith("no row could be taken: nothing to write (3 rows rejected)")


def test_a_header_without_rows_is_still_one_message(tmp_path):
    src = tmp_path / "empty.csv"
    src.write_text(HEADER, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X"])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"{src}: no row could be taken: nothing to write"


def number_workbook(path, joined: list) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间"])
    for n, cell in enumerate(joined, start=1):
        ws.append(["甲所", f"M{n}", f"党员{n}", "正式", cell])
    wb.save(path)
    return str(path)


def test_eight_digit_number_cells_are_yyyymmdd(tmp_path):
    src = number_workbook(tmp_path / "num.xlsx", [20100701, 40360, 19960724.0])
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", src, "--jurisdiction", "X", "-o", str(out)])
    assert res.exit_code == 0, res.output
    members = load_roster(out).firm_by_id["甲所"].member_list
    assert [m.joined for m in members] == [date(2010, 7, 1), date(2010, 7, 1), date(1996, 7, 24)]


def test_bad_number_cells_show_the_number_as_typed(tmp_path):
    src = number_workbook(tmp_path / "num.xlsx", [20100701, 20101301, 3000000.5, 19200701])
    res = runner.invoke(app, ["import", src, "--jurisdiction", "X", "--lang", "en"])
    assert res.exit_code == 2
    err = res.stderr
    assert f"{src}:3:5: 入党时间: '20101301' is not a date of the calendar" in err
    assert f"{src}:4:5: 入党时间: 3000000.5 is not an Excel date number" in err
    assert f"{src}:5:5: 入党时间: 1920-07-01 is before the Party was founded" in err
    assert "e+0" not in err
    assert "3 rows rejected; nothing written (fix them" in err


@pytest.mark.parametrize("cell, expected", [
    (20100701, date(2010, 7, 1)), (20100701.0, date(2010, 7, 1)), (20251231, date(2025, 12, 31)),
    (2958465, date(9999, 12, 31)),
])
def test_number_dates(cell, expected):
    assert parse_date(cell) == (expected, False)


@pytest.mark.parametrize("cell, shown", [
    (20101301, "'20101301' is not a date of the calendar"), (20100230, "'20100230' is not a date"),
    (99999999, "'99999999' is not a date"), (123456789, "123456789 is not an Excel date number"),
    (20100701.5, "20100701.5 is not an Excel date number"), (-3, "-3 is not an Excel date number"),
])
def test_bad_number_dates(cell, shown):
    with pytest.raises(Bad) as caught:
        parse_date(cell)
    assert caught.value.en.startswith(shown) and "e+" not in caught.value.en


def test_utf16_csv_is_read_as_the_help_says(tmp_path):
    en = runner.invoke(app, ["import", "--help"], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    zh = runner.invoke(app, ["import", "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert en.exit_code == zh.exit_code == 0
    assert "UTF-8, UTF-8 with BOM, UTF-16 or GBK" in flat(en.stdout)
    assert "UTF-8、带 BOM 的 UTF-8、UTF-16、GBK" in flat(zh.stdout)
    src = tmp_path / "u16.csv"
    src.write_bytes((HEADER + "甲所,张三,正式,2010-07-01\n").encode("utf-16"))
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X"])
    assert res.exit_code == 0, res.output
    assert "CSV, UTF-16, comma-separated" in res.stderr and "name: 张三" in res.stdout


def test_help_gives_the_key_lengths_that_are_enforced(tmp_path, monkeypatch):
    monkeypatch.delenv("BRANCHPLAN_ID_KEY", raising=False)
    monkeypatch.delenv("BRANCHPLAN_PSEUDONYM_KEY", raising=False)
    assert (ID_KEY_CHARS, PSEUDONYM_KEY_CHARS) == (16, 8)
    en = runner.invoke(app, ["import", "--help"], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    zh = runner.invoke(app, ["import", "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert "(or set BRANCHPLAN_ID_KEY); at least 16 characters" in flat(en.stdout)
    assert "至少 16 个字符" in flat(zh.stdout)
    for command in ("solve", "check", "diff", "report"):
        res = runner.invoke(app, [command, "--help"], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
        assert "Key for --pseudonymise, at least 8 characters" in flat(res.stdout), command
    # the rules the help states: ID-number roster, keys one short and exactly long enough
    src = tmp_path / "ids.csv"
    src.write_text("律所名称,身份证号,党员类别\n" + "".join(f"甲所,{n},正式\n" for n in (
        "11010519491231002X", "110105198001010016", "110105198001010024")), encoding="utf-8")
    firms = tmp_path / "firms.yaml"
    short = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--id-key", "k" * 15])
    assert short.exit_code == 2 and "at least 16 characters" in short.stderr
    ok = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--id-key", "k" * 16, "-o", str(firms)])
    assert ok.exit_code == 0, ok.output
    short = runner.invoke(app, ["solve", str(firms), "--pseudonymise", "--pseudonym-key", "k" * 7])
    assert short.exit_code == 2 and "at least 8 characters" in short.stderr
    ok = runner.invoke(app, ["solve", str(firms), "--pseudonymise", "--pseudonym-key", "k" * 8, "-f", "yaml"])
    assert ok.exit_code == 0, ok.output


def test_a_rejected_row_is_not_counted_and_a_bad_number_is_reported_once(tmp_path):
    src = tmp_path / "loc.csv"
    src.write_text("律所名称,姓名,党员类别,入党时间,纬度,经度\n甲所,张三,正式,2010年7月,23.1,abc\n"
                   "乙所,李四,正式,2011年7月,23.1,109.5\n乙所,王五,正式,2011-07-01,23.1,109.5\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--allow-rejects", "--lang", "en",
                              "-o", str(tmp_path / "firms.yaml")])
    assert res.exit_code == 0, res.output
    assert "loc.csv:2:6: 经度: lon 'abc' is not a number" in res.stderr
    assert "must be given together" not in res.stderr
    assert "1 joining date gave only year and month" in res.stderr     # row 3's, not the rejected row 2's


LOC_HEADER = ["律所名称", "党员编号", "姓名", "党员类别", "入党时间", "经度", "纬度"]
LOC_ROWS = [["甲所", "M1", "张三", "正式", "2010-07-01", 109.60, 23.10],
            ["甲所", "M2", "李四", "正式", "2010-07-01", 109.61, 23.10],   # longitude differs
            ["甲所", "M3", "王五", "正式", "2010-07-01", 109.60, 23.20],   # latitude differs
            ["甲所", "M4", "赵六", "正式", "2010-07-01", 109.62, 23.30],   # both differ
            ["甲所", "M5", "钱七", "正式", "2010-07-01", 109.6004, 23.1009]]  # within 0.001°: the same place


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_a_differing_coordinate_is_a_warning_at_its_own_column(tmp_path, ext):
    src = tmp_path / f"loc.{ext}"
    if ext == "csv":
        src.write_text("\n".join(",".join(map(str, r)) for r in [LOC_HEADER] + LOC_ROWS) + "\n", encoding="utf-8")
    else:
        wb = Workbook()
        for r in [LOC_HEADER] + LOC_ROWS:
            wb.active.append(r)
        wb.save(src)
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--quiet", "--lang", "en", "-o", str(out)])
    assert res.exit_code == 0, res.output
    problems = [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]
    assert problems == [
        f"{src}:3:6: 经度: warning: row 2 of the same firm has '109.6', this row '109.61'; row 2's value is used",
        f"{src}:4:7: 纬度: warning: row 2 of the same firm has '23.1', this row '23.2'; row 2's value is used",
        f"{src}:5:6: 经度: warning: row 2 of the same firm has '109.6', this row '109.62'; row 2's value is used",
        f"{src}:5:7: 纬度: warning: row 2 of the same firm has '23.1', this row '23.3'; row 2's value is used",
    ]
    firm = load_roster(out).firms[0]
    assert (firm.location.lat, firm.location.lon) == (23.1, 109.6)
    assert [m.id for m in firm.member_list] == ["M1", "M2", "M3", "M4", "M5"]
    zh = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--quiet", "--lang", "zh"])
    assert zh.exit_code == 0
    assert f"{src}:3:6: 经度: 提醒：同一单位的第 2 行为“109.6”，本行为“109.61”；采用第 2 行的值" in zh.stderr
