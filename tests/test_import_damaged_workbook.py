"""import: a workbook whose sheet is damaged (its XML cut short, a bad number, a shared-string
index out of range, a bad date value, a bad row number), whose parts openpyxl reads only as
the rows are read, is refused as a damaged workbook (exit 2, nothing written; the library
raises InputError), not an internal error."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errors import InputError
from branchplan.importer import import_roster

runner = CliRunner()

DAMAGED = "not a readable .xlsx workbook (damaged, or not an Excel file): open it in Excel and save it again as .xlsx"


def good_workbook(path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间"])
    ws.append(["甲律所", "M1", "张一", "正式", "2010-07-01"])
    ws.append(["甲律所", "M2", "张二", "正式", 40000])
    wb.save(path)


def rewrite(src, dst, part: str, change) -> None:
    """``src`` with its part ``part`` passed through ``change`` (text to text), as ``dst``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                changed = change(data.decode())
                assert changed != data.decode()
                data = changed.encode()
            zout.writestr(item, data)


SHEET = "xl/worksheets/sheet1.xml"
CASES = {
    "cut": (SHEET, lambda s: s[:len(s) // 2]),                                    # the sheet's XML cut short
    "badnum": (SHEET, lambda s: s.replace("<v>40000</v>", "<v>abc</v>")),
    "badsst": (SHEET, lambda s: s.replace('<c r="E3" t="n"><v>40000</v>', '<c r="E3" t="s"><v>99</v>')),
    "baddate": (SHEET, lambda s: s.replace('<c r="E3" t="n"><v>40000</v>', '<c r="E3" t="d"><v>not-a-date</v>')),
    "badrow": (SHEET, lambda s: s.replace('<row r="3"', '<row r="abc"')),
    "badmerge": (SHEET, lambda s: s.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell '
                                                           'ref="A2:A?"/></mergeCells>')),
    # rows or cells out of order or given twice (openpyxl drops such a row, or overwrites such a
    # cell, without a word: a member lost)
    "rows_swapped": (SHEET, lambda s: re.sub(r'(<row r="2".*?</row>)(<row r="3".*?</row>)', r"\2\1", s)),
    "row_twice": (SHEET, lambda s: s.replace('<row r="3"', '<row r="2"')),
    "cell_twice": (SHEET, lambda s: s.replace('<c r="C3"', '<c r="B3"')),
    "nosheets": ("xl/workbook.xml", lambda s: s[:s.index("<sheets>")] + "<sheets/>" + s[s.index("</sheets>") + 9:]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_sheet_is_refused_as_a_damaged_workbook(tmp_path, case):
    good, bad, out = tmp_path / "good.xlsx", tmp_path / f"{case}.xlsx", tmp_path / "firms.yaml"
    good_workbook(good)
    assert runner.invoke(app, ["import", str(good), "--jurisdiction", "X", "-o", str(out)]).exit_code == 0
    out.unlink()
    rewrite(good, bad, *CASES[case])
    res = runner.invoke(app, ["import", str(bad), "--jurisdiction", "X", "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{bad}: {DAMAGED}\n"
    assert not out.exists()
    zh = runner.invoke(app, ["import", str(bad), "--jurisdiction", "X", "--lang", "zh"])
    assert zh.exit_code == 2
    assert zh.stderr == f"{bad}: 不是可读取的 .xlsx 工作簿（文件损坏或不是 Excel 文件）：请用 Excel 打开后重新另存为 .xlsx\n"
    with pytest.raises(InputError) as caught:
        import_roster(bad, jurisdiction="X")
    assert DAMAGED in str(caught.value)
