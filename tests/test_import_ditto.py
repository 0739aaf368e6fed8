"""A ditto mark (同上, 同前, 仝上, 〃, a lone quote, '', ditto, do.) in a firm's cells (firm, firm id,
district, city, 主任是否党员) is never a value: it was a firm named "同上" pooling the members of
every firm it stood for. The cell is rejected at file:row:col, once, and the import fails
(exit 2, nothing written), as for every rejected row."""

from __future__ import annotations

from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

BY_NAME = ("律所名称,区县,所属城市,主任是否党员,姓名,党员类别,入党时间\n"
           "广西柳江律师事务所,城中区,柳州市,是,张伟,正式,2005-07-01\n"
           "同上,城中区,柳州市,是,李娜,正式,2010-07-01\n"
           "〃,城中区,柳州市,是,王芳,正式,2015-03-01\n"
           "广西柳江律师事务所,同 上,柳州市,是,刘洋,正式,2018-06-15\n"
           "广西柳江律师事务所,城中区,Ditto,是,陈静,预备,2026-03-01\n"
           "广西柳江律师事务所,城中区,柳州市,”,赵磊,正式,2001-07-01\n"
           "'',鱼峰区,柳州市,否,孙丽,正式,2012-07-01\n"
           "广西鱼峰律师事务所,鱼峰区,柳州市,同前,黄强,正式,2009-12-26\n")


def _import(src, out, lang):
    return runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", lang, "-q"])


def _lines(res, src):
    return [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]


def test_ditto_marks_in_a_firms_cells_are_rejected(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(BY_NAME, encoding="utf-8")
    res = _import(src, out, "en")
    assert res.exit_code == 2
    assert not out.exists()
    merged = "on every row (or leave the cells merged in Excel)"
    assert _lines(res, src) == [
        f"{src}:3:1: 律所名称: '同上' (ditto) is not a firm name: write the firm's name {merged}",
        f"{src}:4:1: 律所名称: '〃' (ditto) is not a firm name: write the firm's name {merged}",
        f"{src}:5:2: 区县: '同 上' (ditto) is not a district: write the district {merged}",
        f"{src}:6:3: 所属城市: 'Ditto' (ditto) is not a city: write the city {merged}",
        f"{src}:7:4: 主任是否党员: '”' (ditto) is not yes or no: write 是 or 否 {merged}",
        f"{src}:8:1: 律所名称: \"''\" (ditto) is not a firm name: write the firm's name {merged}",
        f"{src}:9:4: 主任是否党员: '同前' (ditto) is not yes or no: write 是 or 否 {merged}",
    ]
    assert "7 rows rejected; nothing written" in res.stderr


def test_in_chinese(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(BY_NAME, encoding="utf-8")
    res = _import(src, out, "zh")
    assert res.exit_code == 2
    merged = "（或在 Excel 中保留合并单元格）"
    assert _lines(res, src)[:5] == [
        f"{src}:3:1: 律所名称: “同上”不是单位名称：请在每一行写出单位名称{merged}",
        f"{src}:4:1: 律所名称: “〃”不是单位名称：请在每一行写出单位名称{merged}",
        f"{src}:5:2: 区县: “同 上”不是区县：请在每一行写出区县{merged}",
        f"{src}:6:3: 所属城市: “Ditto”不是所属城市：请在每一行写出所属城市{merged}",
        f"{src}:7:4: 主任是否党员: “””不是“是”或“否”：请在每一行写出“是”或“否”{merged}",
    ]


def test_in_a_firm_id_column_and_a_workbook(tmp_path):
    """The firm-id column too, and the firm's name beside it; a lone '"' in an Excel cell."""
    src, out = tmp_path / "r.xlsx", tmp_path / "firms.yaml"
    wb = Workbook()
    ws = wb.active
    ws.append(["律所编号", "律所名称", "所属城市", "姓名", "党员类别"])
    ws.append(["F01", "甲所", "贵港市", "张一", "正式"])
    ws.append(["仝上", "甲所", "贵港市", "李二", "正式"])
    ws.append(["F01", "DO.", "贵港市", "王三", "正式"])
    ws.append(["\"", "\"", "贵港市", "赵四", "正式"])
    wb.save(src)
    res = _import(src, out, "en")
    assert res.exit_code == 2
    assert not out.exists()
    merged = "on every row (or leave the cells merged in Excel)"
    assert _lines(res, src) == [
        f"{src}:3:1: 律所编号: '仝上' (ditto) is not a firm id: write the firm's id {merged}",
        f"{src}:4:2: 律所名称: 'DO.' (ditto) is not a firm name: write the firm's name {merged}",
        f"{src}:5:1: 律所编号: '\"' (ditto) is not a firm id: write the firm's id {merged}",
        f"{src}:5:2: 律所名称: '\"' (ditto) is not a firm name: write the firm's name {merged}",
    ]
    res = _import(src, out, "zh")
    assert f"{src}:3:1: 律所编号: “仝上”不是单位编号：请在每一行写出单位编号（或在 Excel 中保留合并单元格）" in res.stderr


def test_a_firm_name_holding_ditto_words_is_a_name(tmp_path):
    """Only a cell that is a ditto mark, whole: 同上律师事务所 or "Ditto & Co." is a firm."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,姓名,党员类别\n同上律师事务所,贵港市,张一,正式\nDitto & Co.,贵港市,李二,正式\n",
                   encoding="utf-8")
    res = _import(src, out, "en")
    assert res.exit_code == 0, res.output
    assert "同上律师事务所" in out.read_text(encoding="utf-8")
