"""import: a control character in a cell (U+0001, U+007F, a tab inside the text) is a rejected
cell at its row and column, under the sheet's header, which --allow-rejects leaves out like any
rejected row (it used to fail the whole import with the firms file's field path, on the firm's
first row); a DOS end-of-file mark (Ctrl-Z, 0x1A) ending a CSV file is no row."""

from __future__ import annotations

import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

HEADER = "律所名称,党员编号,姓名,党员类别,入党时间\r\n"
ROWS = "甲律所,M1,张一,正式,2010-07-01\r\n甲律所,M2,张二,正式,2011-07-01\r\n"


def _import(src, out, *more):
    return runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X", "--as-of", "2026-11-01",
                               *more])


@pytest.mark.parametrize("end", ["\x1a", "\x1a\r\n", "\x1a\n"])
def test_a_dos_end_of_file_mark_is_no_row(tmp_path, end):
    plain, src = tmp_path / "plain.csv", tmp_path / "eof.csv"
    plain.write_bytes((HEADER + ROWS).encode("utf-8"))
    src.write_bytes((HEADER + ROWS + end).encode("utf-8"))
    out, expected = tmp_path / "eof.yaml", tmp_path / "plain.yaml"
    assert _import(plain, expected).exit_code == 0
    res = _import(src, out, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == expected.read_bytes()
    assert "  rows: 2 data rows (0 blank skipped); taken 2, rejected 0\n" in res.stderr
    # (after the last cell, without a line break: the last row read as it is)
    src.write_bytes((HEADER + ROWS.rstrip("\r\n") + "\x1a").encode("utf-8"))
    assert _import(src, out).exit_code == 0 and out.read_bytes() == expected.read_bytes()


def test_a_control_character_in_a_cell_is_a_rejected_cell(tmp_path):
    src, out = tmp_path / "ctl.csv", tmp_path / "firms.yaml"
    src.write_bytes("律所名称,党员编号,姓名,党员类别,入党时间\n甲律所,M1,张\x01一,正式,2010-07-01\n"
                    "甲律所,M2\x7f,张二,正式,2011-07-01\n甲律所,M3,张三,正式,2012-07-01\n"
                    "乙\u0085律所,M4,张四,正式,2012-07-01\n甲律所,M5,张五,正式,2012-07-01\x02\n".encode("utf-8"))
    res = _import(src, out, "--lang", "en")
    assert res.exit_code == 2 and not out.exists()
    said = ", which a firms file does not take (value not shown): delete it from the cell (Excel may not show it)\n"
    lines = [line for line in res.stderr.splitlines(keepends=True) if line.startswith(str(src) + ":")]
    assert lines == [f"{src}:2:3: 姓名: the cell holds a control character (U+0001){said}",
                     f"{src}:3:2: 党员编号: the cell holds a control character (U+007F){said}",
                     f"{src}:5:1: 律所名称: the cell holds a control character (U+0085){said}",
                     f"{src}:6:5: 入党时间: the cell holds a control character (U+0002){said}"]
    assert "  rows: 5 data rows (0 blank skipped); taken 1, rejected 4\n" in res.stderr
    assert "firms." not in res.stderr
    zh = _import(src, out, "--lang", "zh")
    assert zh.exit_code == 2
    assert (f"{src}:3:2: 党员编号: 该单元格含控制字符（U+007F），名册文件不接受（值不予显示）：请从单元格中删去该字符"
            "（Excel 中可能看不到）\n") in zh.stderr
    # --allow-rejects leaves the rows out, and writes the rest
    res = _import(src, out, "--lang", "en", "--allow-rejects")
    assert res.exit_code == 0, res.output
    assert [m["id"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"] for m in f["members"]] == ["M3"]
    assert f"{src}:3:2: 党员编号: the cell holds a control character (U+007F)" in res.stderr


def test_a_tab_inside_a_workbook_cell_is_a_rejected_cell(tmp_path):
    src, out = tmp_path / "tab.xlsx", tmp_path / "firms.yaml"
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间", "备注"])
    ws.append(["甲律所", "M1", "张\t一", "正式", "2010-07-01", "\x7f"])      # (备注 is not read)
    ws.append(["甲律所", "M2\x7f", "张二", "正式", "2011-07-01"])
    ws.append(["甲律所", "M3", " 张三\t", "正式", "2011-07-01"])            # (a tab at an end: stripped)
    wb.save(src)
    res = _import(src, out, "--lang", "en", "--allow-rejects")
    assert res.exit_code == 0, res.output
    assert (f"{src}:2:3: 姓名: the cell holds a control character (U+0009, a tab), which a firms file does not "
            "take (value not shown)") in res.stderr
    assert f"{src}:3:2: 党员编号: the cell holds a control character (U+007F)" in res.stderr
    members = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]
    assert [(m["id"], m["name"]) for m in members] == [("M3", "张三")]
