"""Import of roster sheets shaped as Chinese 花名册 often are: a firm name merged down over its
members' rows, headers with a line break typed inside the cell, title rows above the header."""

from __future__ import annotations

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

HEADER = ["党员\n编号", "律所名称", "姓名", "党员类别", "入党\n时间"]
ROWS = [["M1", "广西甲律师事务所", "甲一", "正式", "2010-07-01"],
        ["M2", None, "甲二", "正式", "2011-07-01"],
        ["M3", None, "甲三", "正式", "2012-07-01"],
        ["M4", "广西乙律师事务所", "乙一", "正式", "2013-07-01"],
        ["M5", None, "乙二", "预备", "2026-07-01"]]


def merged_workbook(path, title: bool = True) -> None:
    """A title row merged across, a 填报日期 row, the header, then the firm name merged down
    over each firm's rows (B.. for 甲, B.. for 乙), as a clerk lays out a 花名册."""
    wb = Workbook()
    ws = wb.active
    top = 0
    if title:
        ws.append(["柳州市律师行业党员花名册"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
        ws.append(["填报日期：2026年11月1日"])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADER))
        top = 2
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    first = top + 2
    ws.merge_cells(start_row=first, start_column=2, end_row=first + 2, end_column=2)
    ws.merge_cells(start_row=first + 3, start_column=2, end_row=first + 4, end_column=2)
    wb.save(path)


def test_a_firm_name_merged_down_belongs_to_every_row_it_spans(tmp_path):
    src, out = tmp_path / "m.xlsx", tmp_path / "firms.yaml"
    merged_workbook(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(f["id"], [m["id"] for m in f["members"]]) for f in doc["firms"]] == [
        ("广西甲律师事务所", ["M1", "M2", "M3"]), ("广西乙律师事务所", ["M4", "M5"])]
    err = res.stderr
    assert "表头在第 3 行" in err and "表头上方 2 行标题已跳过" in err      # title rows still skipped
    assert "采用 5 行，拒收 0 行" in err
    assert "2 处跨行合并单元格已按 Excel 显示的值填入所跨各行" in err
    en = runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "2 merged cell ranges spanning rows: each row given the range's value, as Excel shows it" in en.stderr
    assert "2 title rows above the header skipped" in en.stderr


def test_a_header_with_a_line_break_inside_is_shown_on_one_line(tmp_path):
    src = tmp_path / "m.xlsx"
    merged_workbook(src, title=False)
    zh = runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "  采用的列：党员编号、律所名称 → 单位名称、姓名、党员类别、入党时间\n" in zh.stderr
    assert "  党员编号：取自“党员编号”列\n" in zh.stderr
    assert "表头上方" not in zh.stderr and "合并单元格" in zh.stderr
    en = runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", "en"])
    assert "  columns used: 党员编号 → member_id, 律所名称 → firm, 姓名 → name, 党员类别 → status, 入党时间 → joined\n" in en.stderr
    # in a CSV, a quoted header with a line break; and a problem names the header on one line
    csv = tmp_path / "r.csv"
    csv.write_text('"Member\nID",Firm,"入党\r\n时间",Status\nM1,Alpha,2010-07-01,full\nM2,Alpha,2010-13-01,full\n',
                   encoding="utf-8")
    bad = runner.invoke(app, ["import", str(csv), "--jurisdiction", "X", "--lang", "en"])
    assert bad.exit_code == 2
    assert f"{csv}:5:3: 入党时间: '2010-13-01' is not a date of the calendar" in bad.stderr
    assert "  columns used: Member ID → member_id, Firm → firm, 入党时间 → joined, Status → status\n" in bad.stderr


def test_merged_ranges_without_openpyxls_private_reader_come_from_the_loaded_workbook(tmp_path, monkeypatch):
    """The read-only sheet's merged ranges are read through a private openpyxl method; without
    it the workbook is loaded in full: the same ranges either way."""
    from openpyxl import load_workbook

    from branchplan.importer.table import sheet_parts

    src = tmp_path / "m.xlsx"
    merged_workbook(src)
    wb = load_workbook(src, read_only=True)
    try:
        ws = wb[wb.sheetnames[0]]
        fast = sheet_parts(ws, src)
        monkeypatch.setattr(type(ws), "_get_source", None, raising=False)
        slow = sheet_parts(ws, src)
        assert sorted(slow[0]) == sorted(fast[0]) == [(1, 1, 1, 5), (2, 1, 2, 5), (4, 2, 6, 2), (7, 2, 8, 2)]
        assert slow[1] == fast[1] == []
    finally:
        wb.close()


def test_a_name_merged_across_a_row_is_not_copied_into_the_member_columns(tmp_path):
    """A firm with no members written as its name merged across the row (B..E): a firm-only
    row, as without the merge, not a member named after the firm with a bad status."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["M1", "广西甲律师事务所", "甲一", "正式", "2010-07-01"])
    ws.append([None, "广西丙律师事务所", None, None, None])
    ws.merge_cells(start_row=3, start_column=2, end_row=3, end_column=5)
    src, out = tmp_path / "m.xlsx", tmp_path / "firms.yaml"
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(f["id"], len(f["members"])) for f in doc["firms"]] == [("广西甲律师事务所", 1), ("广西丙律师事务所", 0)]


def test_a_line_break_typed_inside_a_data_cell_is_joined(tmp_path):
    """Alt+Enter inside a firm name or a member's name: the firm is one firm, the name one
    line (a break between Chinese characters dropped, between Latin words a space)."""
    src, out = tmp_path / "m.xlsx", tmp_path / "firms.yaml"
    wb = Workbook()
    ws = wb.active
    ws.append(["党员编号", "律所名称", "姓名", "党员类别", "入党时间"])
    ws.append(["M1", "广西甲\n律师事务所", "阿依古丽·\n买买提", "正式", "2010-07-01"])
    ws.append(["M2", "广西甲律师事务所", "John\nSmith", "正式", "2011-07-01"])
    ws.append(["M3", "广西甲律师事务所 ", "甲三", "正式", "2012-\n07-01"])
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [(f["id"], f.get("name", f["id"])) for f in doc["firms"]] == [("广西甲律师事务所", "广西甲律师事务所")]
    members = doc["firms"][0]["members"]
    assert [m["name"] for m in members] == ["阿依古丽·买买提", "John Smith", "甲三"]
    assert str(members[2]["joined"]) == "2012-07-01"
    assert "differ" not in res.stderr  # the firm's rows agree once the break is joined


def test_a_line_break_between_latin_words_or_signs_is_a_space(tmp_path):
    """'Smith &⏎Jones LLP' is the firm 'Smith & Jones LLP' of the next row, not a second firm."""
    src = tmp_path / "r.csv"
    src.write_text('党员编号,律所名称,姓名,党员类别\nM1,"Smith &\nJones LLP",A,正式\nM2,Smith & Jones LLP,B,正式\n'
                   'M3,"Beijing\n(Guangzhou)",C,正式\n', encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X", "--lang", "en"])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert sorted(f.get("name", f["id"]) for f in doc["firms"]) == ["Beijing (Guangzhou)", "Smith & Jones LLP"]


def test_a_utf16_csv_without_a_byte_order_mark_is_read(tmp_path):
    src = tmp_path / "u16.csv"
    src.write_bytes("党员编号,律所名称,姓名,党员类别\nM1,Alpha,A,full\n".encode("utf-16-le"))
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "UTF-16 (no byte-order mark)" in res.stderr and "M1" in res.stdout
