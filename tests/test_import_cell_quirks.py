"""Import of sheets as other programs and clerks leave them: a stale sheet size recorded in a
workbook, ID numbers typed in the wrong column, totals rows, formulas saved without their
values, dates typed as numbers, a full-width comma inside a CSV cell, overlong cells, rows
holding only a 序号."""

from __future__ import annotations

import re
import zipfile

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _with_dimension(src, dst, ref: str) -> None:
    """Copy workbook ``src`` to ``dst`` with each sheet's recorded size set to ``ref``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, n = re.subn(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>', data.decode())
                assert n == 1
                data = text.encode()
            zout.writestr(item, data)


def test_a_stale_sheet_size_in_a_workbook_loses_no_row_or_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "姓名", "党员类别", "入党时间", "所属城市"])
    for i in range(6):
        ws.append(["甲所" if i < 3 else "乙所", f"人{i}", "正式", "2010-07-01", "贵港市"])
    wb.save(tmp_path / "full.xlsx")
    src, out = tmp_path / "stale.xlsx", tmp_path / "firms.yaml"
    _with_dimension(tmp_path / "full.xlsx", src, "A1:C3")   # says 3 rows, 3 columns
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(f["id"], f["jurisdiction"], len(f["members"])) for f in doc["firms"]] == [
        ("甲所", "贵港市", 3), ("乙所", "贵港市", 3)]
    assert all(str(m["joined"]) == "2010-07-01" for f in doc["firms"] for m in f["members"])
    assert "taken 6, rejected 0" in res.stderr


ID = "110101199003070046"   # a made-up number with a valid check digit


def test_an_id_number_in_a_copied_column_is_rejected_at_its_cell_and_never_shown(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,区县,姓名,党员类别,入党时间,所属城市\n"
                   f"甲所,{ID},张三,正式,2010-07-01,贵港市\n"
                   f"甲所,,{ID},正式,2010-07-01,贵港市\n"
                   f"{ID},,王五,正式,2010-07-01,贵港市\n"
                   f"甲所,,赵六,正式,2010-07-01,{ID[:15]}\n"
                   "甲所,,李四,正式,2010-07-01,贵港市\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    reason = ("this cell looks like an ID number (value not shown); ID numbers are never copied into the firms "
              "file: check the column")
    for where in ("2:2: 区县", "3:3: 姓名", "4:1: 律所名称", "5:6: 所属城市"):
        assert f"{src}:{where}: {reason}\n" in res.stderr
    assert "taken 1, rejected 4" in res.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh", "--allow-rejects"])
    assert zh.exit_code == 0, zh.output
    assert f"{src}:3:3: 姓名: 该单元格像是身份证号（值不予显示）；身份证号不会写入名册文件，请检查该列\n" in zh.stderr
    written = out.read_text(encoding="utf-8")
    doc = yaml.safe_load(written)
    assert [[m["name"] for m in f["members"]] for f in doc["firms"]] == [["李四"]]
    for text in (res.stderr, zh.stderr, written):
        assert ID[:15] not in text


def test_a_totals_row_is_skipped_and_checked_against_the_firms_above(tmp_path):
    src, out = tmp_path / "counts.csv", tmp_path / "firms.yaml"
    src.write_text("序号,律所名称,正式党员人数,预备党员人数\n1,甲所,5,1\n2,乙所,2,0\n,小 计,7,1\n"
                   "3,丙所,1,0\n,小计：,1,0\n,合计,8,1\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(f["id"], f["members"]) for f in doc["firms"]] == [
        ("甲所", {"full": 5, "probationary": 1}), ("乙所", {"full": 2, "probationary": 0}),
        ("丙所", {"full": 1, "probationary": 0})]
    assert "warning" not in res.stderr
    assert "  rows: 3 data rows (0 blank skipped); taken 3, rejected 0\n" in res.stderr
    assert "  firms 3, members 9 (8 full, 1 probationary)\n" in res.stderr
    assert "  3 totals rows (合计, 小计, total ...) skipped: not a firm\n" in res.stderr
    # a total that does not add up: a warning at the row, the import still written
    src.write_text("律所名称,正式党员人数,预备党员人数\n甲所,5,1\n乙所,2,0\nTotal,9,1\n", encoding="utf-8")
    for lang, said in (("en", f"{src}:4:2: 正式党员人数: warning: this totals row gives 9 full and 1 probationary "
                               "members, the firms above add up to 7 full and 1 probationary: check the sheet "
                               "(a totals row is not imported)\n"),
                       ("zh", f"{src}:4:2: 正式党员人数: 提醒：该合计行为正式 9、预备 1 名，上方各单位合计为正式 7、"
                              "预备 1 名：请核对表格（合计行不导入）\n")):
        res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", lang])
        assert res.exit_code == 0, res.output
        assert said in res.stderr
        assert [f["id"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]] == ["甲所", "乙所"]
    assert "1 行合计行（合计、小计、total 等）已跳过：不是单位；其中 1 行与上方各行之和不符（见上方提醒）" in res.stderr
    assert "firm cell" not in res.stderr and "单位信息单元格" not in res.stderr


def _rewrite_sheet(src, dst, old: str, new: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                assert old in data.decode()
                data = data.decode().replace(old, new).encode()
            zout.writestr(item, data)


def test_a_formula_saved_without_its_value_is_a_rejected_cell_not_an_empty_one(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "正式党员人数", "预备党员人数", "备注"])
    ws.append(["甲所", "=1+2", 0, "=1"])      # openpyxl saves formulas without a computed value
    ws.append(["乙所", 2, "=0+1"])
    ws.append(["丙所", 4, 1])
    src, out = tmp_path / "counts.xlsx", tmp_path / "firms.yaml"
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    reason = "a formula without a computed value: open the file in Excel or WPS and save it, then import again"
    assert f"{src}:2:2: 正式党员人数: {reason}\n" in res.stderr
    assert f"{src}:3:3: 预备党员人数: {reason}\n" in res.stderr
    assert ":2:4:" not in res.stderr                       # a column not used is not looked at
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "zh",
                             "--allow-rejects"])
    assert zh.exit_code == 0, zh.output
    assert f"{src}:2:2: 正式党员人数: 公式没有计算结果：请用 Excel 或 WPS 打开文件并保存，然后重新导入\n" in zh.stderr
    assert [f["id"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]] == ["丙所"]
    # the same formulas with their values, as Excel saves them: read as the values
    saved = tmp_path / "saved.xlsx"
    _rewrite_sheet(src, tmp_path / "half.xlsx", "<f>1+2</f><v />", "<f>1+2</f><v>3</v>")
    _rewrite_sheet(tmp_path / "half.xlsx", saved, "<f>0+1</f><v />", "<f>0+1</f><v>1</v>")
    ok = runner.invoke(app, ["import", str(saved), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert [(f["id"], f["members"]) for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]] == [
        ("甲所", {"full": 3, "probationary": 0}), ("乙所", {"full": 2, "probationary": 1}),
        ("丙所", {"full": 4, "probationary": 1})]


def test_a_member_row_with_an_uncomputed_formula_is_said_once_at_that_cell(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "姓名", "党员类别", "入党时间"])
    ws.append(["甲所", "张三", '="正式"', "2010-07-01"])
    ws.append(["甲所", "李四", "正式", "2010-07-01"])
    src = tmp_path / "m.xlsx"
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 2
    assert [line for line in res.stderr.splitlines() if line.startswith(f"{src}:2")] == [
        f"{src}:2:3: 党员类别: a formula without a computed value: open the file in Excel or WPS and save it, "
        "then import again"]


def test_joining_dates_typed_as_numbers_and_dates_after_today(tmp_path):
    from branchplan.model import today as beijing_today

    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "姓名", "党员类别", "入党时间"])
    ws.append(["甲所", "张三", "正式", 201007])        # yyyymm typed as a number
    ws.append(["甲所", "李四", "正式", "2999-01-01"])   # after today, no --as-of
    ws.append(["甲所", "王五", "正式", 2010.07])        # year.month typed as a number
    ws.append(["甲所", "赵六", "正式", 2010.1])         # January, or October kept as 2010.1?
    ws.append(["甲所", "钱七", "正式", 201013])         # no month 13
    ws.append(["甲所", "孙八", "正式", 20100701])
    ws.append(["甲所", "周九", "正式", "201102"])       # yyyymm as text
    src, out = tmp_path / "m.xlsx", tmp_path / "firms.yaml"
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en",
                              "--allow-rejects"])
    assert res.exit_code == 0, res.output
    today = beijing_today()              # (the import's today: Beijing time, UTC+8)
    assert (f"{src}:3:4: 入党时间: joined 2999-01-01 is after today ({today}): a typo? (a roster dated later: "
            "give --as-of)\n") in res.stderr
    assert (f"{src}:5:4: 入党时间: 2010.1 (a number) may be 2010-01 or 2010-10 (Excel keeps 2010.10 as 2010.1): "
            "write the date as text, 2010-01 or 2010-10\n") in res.stderr
    assert (f"{src}:6:4: 入党时间: 201013 is not a date: six digits are read as year and month "
            "(201007 is 2010-07)\n") in res.stderr
    assert "before the Party was founded" not in res.stderr
    assert "taken 4, rejected 3" in res.stderr
    assert "3 joining dates gave only year and month: read as the 1st" in res.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(m["name"], str(m["joined"])) for m in doc["firms"][0]["members"]] == [
        ("张三", "2010-07-01"), ("王五", "2010-07-01"), ("孙八", "2010-07-01"), ("周九", "2011-02-01")]
    solved = runner.invoke(app, ["solve", str(out)])            # the file written is one solve reads
    assert solved.exit_code == 0, solved.output
    zh = runner.invoke(app, ["import", str(src), "--jurisdiction", "贵港市", "--lang", "zh"])
    assert zh.exit_code == 2
    assert f"{src}:3:4: 入党时间: 入党时间 2999-01-01 晚于今天（{today}），是否录入有误？" in zh.stderr
    assert f"{src}:5:4: 入党时间: 2010.1（数字）可能是 2010 年 1 月，也可能是 2010 年 10 月" in zh.stderr
    assert f"{src}:6:4: 入党时间: “201013”不是日期：6 位数字按年月读取（如 201007 即 2010年7月）" in zh.stderr
    # with --as-of, that date is the limit
    later = runner.invoke(app, ["import", str(src), "--jurisdiction", "贵港市", "--lang", "en", "--as-of",
                                "2999-12-31"])
    assert "2999-01-01 is after" not in later.stderr and "rejected 2" in later.stderr


def test_the_separator_is_the_one_that_splits_the_header_row_into_known_columns(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,姓名,党员类别,入党时间,备注\n"
                   "甲所,张三,正式,2010-07-01,已转入，待核对，组织关系，在途，2026年，年底\n"
                   "甲所,李四,正式,2010-07-01,\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert f"read {src}: CSV, UTF-8, comma-separated; header on row 1" in res.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [m["name"] for m in doc["firms"][0]["members"]] == ["张三", "李四"]
    # a file separated by full-width commas, with ASCII commas inside a cell, still reads
    src.write_text("律所名称，姓名，党员类别，入党时间，备注\n甲所，张三，正式，2010-07-01，a,b,c,d,e,f,g\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "全角逗号分隔" in res.stderr
    assert [m["name"] for m in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]] == ["张三"]


def test_a_cell_longer_than_a_firms_file_takes_is_a_rejected_cell(tmp_path):
    long = "长" * 210
    src, out = tmp_path / "long.csv", tmp_path / "firms.yaml"
    src.write_text(f"律所名称,姓名,党员类别,入党时间,区县\n甲所,张三{long},正式,2010-07-01,\n"
                   "甲所,李四,正式,2010-07-01,\n"
                   f"乙所{long},王五,正式,2010-07-01,\n"
                   f"甲所,赵六,正式,2010-07-01,{long}\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert (f"{src}:2:2: 姓名: the cell holds 212 characters, more than the 200 a firms file takes (value not "
            "shown): shorten it\n") in res.stderr
    assert f"{src}:4:1: 律所名称: the cell holds 212 characters, more than the 200" in res.stderr
    assert f"{src}:5:5: 区县: the cell holds 210 characters, more than the 200" in res.stderr
    assert "firms.members" not in res.stderr and long[:50] not in res.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "zh",
                             "--allow-rejects"])
    assert zh.exit_code == 0, zh.output
    assert (f"{src}:2:2: 姓名: 该单元格有 212 个字符，超过名册文件允许的 200 个（值不予显示）：请缩短\n") in zh.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(f["id"], [m["name"] for m in f["members"]]) for f in doc["firms"]] == [("甲所", ["李四"])]


def test_rows_holding_only_a_serial_number_or_a_remark_are_blank_rows(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("序号,律所名称,姓名,党员类别,入党时间,备注\n1,甲所,张三,正式,2010-07-01,\n"
                   "2,甲所,李四,正式,2010-07-01,\n3,,,,,\n4,,,,,空行\n,,,,,\n5,,,,职务,\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    # row 7 has a cell in a used column: still a row without a firm
    assert res.exit_code == 2
    assert (f"{src}:7:2: 律所名称: no firm on this row: write the firm on each of its members' rows (or leave its "
            "cells merged in Excel)\n") in res.stderr
    assert f"{src}:5:" not in res.stderr and f"{src}:4:" not in res.stderr
    assert "  rows: 3 data rows (3 blank skipped); taken 2, rejected 1\n" in res.stderr
    src.write_text("\n".join(src.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8")
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "  数据行 2 行（另有空行 3 行已跳过）；采用 2 行，拒收 0 行\n" in zh.stderr


def test_no_header_on_the_first_of_several_sheets_names_the_sheets_and_points_to_sheet(tmp_path):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["填表说明：每名党员一行"])
    roster = wb.create_sheet("名册")
    roster.append(["律所名称", "姓名", "党员类别", "入党时间"])
    roster.append(["甲所", "张三", "正式", "2010-07-01"])
    wb.create_sheet("Sheet3")
    src, out = tmp_path / "book.xlsx", tmp_path / "firms.yaml"
    wb.save(src)
    en = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert en.exit_code == 2 and not out.exists()
    assert (f"{src}:1: no header row found in sheet '说明', the first of the workbook's sheets ('名册', 'Sheet3' "
            "not read): if the roster is on another sheet, choose it with --sheet NAME;") in en.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "zh"])
    assert zh.exit_code == 2 and not out.exists()
    assert (f"{src}:1: 工作表“说明”（工作簿的第一个工作表；未读取“名册”、“Sheet3”）中没有找到表头行：如名册在其他"
            "工作表，请用 --sheet 工作表名 选择") in zh.stderr
    ok = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--sheet", "名册"])
    assert ok.exit_code == 0, ok.output
    # a workbook of one sheet keeps the plain message
    single = Workbook()
    single.active.append(["填表说明"])
    one = tmp_path / "one.xlsx"
    single.save(one)
    res = runner.invoke(app, ["import", str(one), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 2
    assert f"{one}:1: no header row found: the first rows must name the firm column" in res.stderr
    assert "--sheet" not in res.stderr
