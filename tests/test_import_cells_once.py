"""Import: each cell is cleaned once however many checks read it (``clean`` and ``as_typed``
remember recent cells), and what every check says of it stays as it was: Excel's TRUE, 1 and
1.0 are told apart, a firm's repeated cells that disagree are warned about at the right row
and column, and a row's ID-number-like or over-long cell is still refused where it stands."""

from __future__ import annotations

from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.importer import import_roster, values
from branchplan.importer.values import as_typed, clean, is_blank

runner = CliRunner()


def test_equal_cells_of_other_types_are_cleaned_apart():
    """1, 1.0 and True are equal (and hash alike), but a sheet shows True as 'True': whichever
    is read first, each is cleaned as its own type."""
    for order in ([True, 1, 1.0, False, 0, 0.0], [1.0, 0.0, 1, 0, True, False]):
        clean.cache_clear()
        as_typed.cache_clear()
        got = {(type(c), c): (clean(c), as_typed(c)) for c in order}
        assert got == {(bool, True): ("True", "True"), (int, 1): ("1", "1"), (float, 1.0): ("1", "1"),
                       (bool, False): ("False", "False"), (int, 0): ("0", "0"), (float, 0.0): ("0", "0")}


def test_text_cells_read_the_same_the_second_time():
    for cell in ["\u3000广西立信\n律师事务所\u3000", "John\nSmith", "甲\u200b所", "ＡＢ１２", "  ", "", None, "区\x07县"]:
        first = (clean(cell), as_typed(cell), is_blank(cell))
        assert (clean(cell), as_typed(cell), is_blank(cell)) == first
    assert clean("\u3000广西立信\n律师事务所\u3000") == "广西立信律师事务所"
    assert as_typed("ＡＢ１２") == "ＡＢ１２" and clean("ＡＢ１２") == "AB12"
    assert clean("John\nSmith") == "John Smith" and is_blank("\u3000 ")


def test_a_member_per_row_roster_cleans_each_cell_value_once(tmp_path, monkeypatch):
    """A firm's cells repeated on each of its members' rows, read by every check of every row:
    each distinct value is put on one line once (by clean, and once more as typed)."""
    header = ["律所编号", "律所名称", "所属城市", "区县", "律师人数", "主任是否党员", "党员编号", "党员类别", "入党时间"]
    rows = [[f"F{f}", f"广西{f}律师事务所", "柳州市", "城中区", "12", "是", f"M{f}{m}", "正式", f"2010-07-0{m + 1}"]
            for f in range(20) for m in range(5)]
    src = tmp_path / "r.csv"
    src.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    calls = []
    one_line = values.one_line
    monkeypatch.setattr(values, "one_line", lambda text: calls.append(text) or one_line(text))
    clean.cache_clear()
    as_typed.cache_clear()
    res = import_roster(src)
    assert len(res.document["firms"]) == 20 and not res.rejected and not res.warnings
    distinct = {c for r in rows for c in r}
    assert len(calls) <= 2 * len(distinct)   # each cell's value was cleaned some 8 times over


CSV = """律所编号,律所名称,所在区县,律师人数,主任是否党员,党员编号,党员类别,入党时间,纬度,经度
F1,\u3000广西甲律师事务所,城中区,12,是,M1,正式,2010-07-01,24.32,109.41
F1,"广西甲
律师事务所",城中区,12,是,M2,正式,2011-07-01,24.32,109.41
F1,广西甲律师事务所,柳南区,12,否,M3,正式,2012-07-01,24.42,109.41
F1,广西甲律师事务所,450202199001011234,12,是,M4,正式,2012-07-01,24.32,109.41
F1,广西甲律师事务所,{long},12,是,M5,正式,2012-07-01,24.32,109.41
F1,广西甲律师事务所,城中区,13,是,M6,正式,2013-07-01,24.32,109.41
"""


def test_a_repeated_firm_with_disagreeing_cells_warns_and_refuses_where_it_stands(tmp_path):
    src = tmp_path / "r.csv"
    src.write_text(CSV.format(long="区" * 201), encoding="utf-8")
    args = ["import", str(src), "--jurisdiction", "柳州市", "--allow-rejects", "-q"]
    for lang, expected in (("en", [
        "5:3: 所在区县: warning: row 2 of the same firm has '城中区', this row '柳南区'; row 2's value is used",
        "5:5: 主任是否党员: warning: row 2 of the same firm has '是', this row '否'; row 2's value is used",
        "5:9: 纬度: warning: row 2 of the same firm has '24.32', this row '24.42'; row 2's value is used",
        "6:3: 所在区县: this cell looks like an ID number (value not shown); ID numbers are never copied into "
        "the firms file: check the column",
        "7:3: 所在区县: the cell holds 201 characters, more than the 200 a firms file takes (value not shown): "
        "shorten it",
        "8:4: 律师人数: warning: row 2 of the same firm has '12', this row '13'; row 2's value is used",
    ]), ("zh", [
        "5:3: 所在区县: 提醒：同一单位的第 2 行为“城中区”，本行为“柳南区”；采用第 2 行的值",
        "5:5: 主任是否党员: 提醒：同一单位的第 2 行为“是”，本行为“否”；采用第 2 行的值",
        "5:9: 纬度: 提醒：同一单位的第 2 行为“24.32”，本行为“24.42”；采用第 2 行的值",
        "6:3: 所在区县: 该单元格像是身份证号（值不予显示）；身份证号不会写入名册文件，请检查该列",
        "7:3: 所在区县: 该单元格有 201 个字符，超过名册文件允许的 200 个（值不予显示）：请缩短",
        "8:4: 律师人数: 提醒：同一单位的第 2 行为“12”，本行为“13”；采用第 2 行的值",
    ])):
        res = runner.invoke(app, [*args, "--lang", lang])
        assert res.exit_code == 0, res.output
        # the name typed over two lines (the CSV record on lines 3-4) and the one with a full-width
        # space are the same name: no warning
        assert [ln.removeprefix(f"{src}:") for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == expected


def test_excel_true_after_a_number_one_is_still_refused_as_a_count(tmp_path):
    """An xlsx lawyer count of 1 on one row and TRUE on the next: TRUE is not read as the 1
    cleaned just before (equal values, other types)."""
    src = tmp_path / "r.xlsx"
    wb = Workbook()
    for r in [["律所编号", "律所名称", "律师人数", "主任是否党员", "党员编号", "党员类别"],
              ["F1", "甲所", 1, 1, "M1", "正式"],
              ["F2", "乙所", True, True, "M2", "正式"],
              ["F3", "丙所", 1.0, 1.0, "M3", "正式"]]:
        wb.active.append(r)
    wb.save(src)
    res = import_roster(src, jurisdiction="X")
    assert [(r.row, r.column, r.en) for r in res.rejected] == [(3, 3, "lawyers 'True' is not a number")]
    assert [(f["id"], f.get("lawyers"), f.get("director_is_member")) for f in res.document["firms"]] == [
        ("F1", 1, True), ("F3", 1, True)]
