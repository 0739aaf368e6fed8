"""import: a workbook whose rows or cells are numbered beyond Excel's limits (1,048,576 rows,
16,384 columns: A to XFD) is refused as a damaged workbook before its rows are read (a file of
a few kilobytes numbering one row 10,000,000 took seconds and gigabytes, 100,000,000 minutes);
a sheet with a cell at row 1,048,576 or in column XFD is read."""

from __future__ import annotations

import time
import zipfile

import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.importer import table

runner = CliRunner()

DAMAGED = "not a readable .xlsx workbook (damaged, or not an Excel file): open it in Excel and save it again as .xlsx"
SHEET = "xl/worksheets/sheet1.xml"


def good_workbook(path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间"])
    ws.append(["甲律所", "M1", "张一", "正式", "2010-07-01"])
    ws.append(["甲律所", "M2", "张二", "正式", "2011-07-01"])
    wb.save(path)


def rewrite(src, dst, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == SHEET:
                changed = change(data.decode())
                assert changed != data.decode()
                data = changed.encode()
            zout.writestr(item, data)


def renumber(row: str):
    """Row 3 renumbered ``row`` (``10000000``; ``1e8``, as openpyxl reads a row's number), and
    its cells' references with it where ``row`` is digits."""
    def change(s: str) -> str:
        s = s.replace('<row r="3"', f'<row r="{row}"')
        if row.isdigit():
            for c in "ABCDE":
                s = s.replace(f'r="{c}3"', f'r="{c}{row}"')
        return s
    return change


CASES = {
    "row 1,048,577": renumber("1048577"),
    "row 10,000,000": renumber("10000000"),
    "row 100,000,000": renumber("100000000"),
    "row 1e8": renumber("1e8"),
    "row 0": renumber("0"),
    "column XFE": lambda s: s.replace('r="E3"', 'r="XFE3"'),
    "column ZZZ": lambda s: s.replace('r="E3"', 'r="ZZZ3"'),
    "a merged range past the last row": lambda s: s.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A2:A99999999999"/></mergeCells>'),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_row_or_column_beyond_excels_limits_is_refused_at_once(tmp_path, case):
    good, bad, out = tmp_path / "good.xlsx", tmp_path / "bad.xlsx", tmp_path / "firms.yaml"
    good_workbook(good)
    rewrite(good, bad, CASES[case])
    start = time.monotonic()
    res = runner.invoke(app, ["import", str(bad), "--jurisdiction", "X", "--as-of", "2026-11-01", "-o", str(out),
                              "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{bad}: {DAMAGED}\n"
    assert not out.exists()
    assert time.monotonic() - start < 10      # (not a million empty rows read first)


def test_a_cell_at_the_last_row_and_column_is_read(tmp_path):
    src, out = tmp_path / "edge.xlsx", tmp_path / "firms.yaml"
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间"])
    ws.append(["甲律所", "M1", "张一", "正式", "2010-07-01"])
    for c, v in enumerate(["甲律所", "M2", "张二", "正式", "2011-07-01"], start=1):
        ws.cell(1_048_576, c, v)
    ws.cell(2, 16_384, "备注")        # (column XFD: not a used column)
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--as-of", "2026-11-01", "-o", str(out),
                              "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert [m["id"] for m in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]] == ["M1", "M2"]
    assert "  rows: 2 data rows (1048573 blank skipped); taken 2, rejected 0\n" in res.stderr


@pytest.mark.parametrize("chunk", [7, 64, 257])
def test_the_scan_does_not_misread_a_reference_cut_by_a_chunk_boundary(tmp_path, monkeypatch, chunk):
    """A reference cut at the end of a chunk (``<c r="A1`` | ``2">``) is read whole in the
    next chunk, not refused as the part before the cut."""
    src = tmp_path / "good.xlsx"
    wb = Workbook()
    ws = wb.active
    for r in range(1, 120):
        ws.append([f"甲律所{r}", f"M{r}", "张一", "正式", "2010-07-01"])
    ws.cell(1_048_576, 1, "x")
    wb.save(src)
    monkeypatch.setattr(table, "SCAN_CHUNK", chunk)
    from openpyxl import load_workbook

    wb = load_workbook(src, read_only=True)
    try:
        table._check_extent(wb.active, src)      # (no refusal)
    finally:
        wb.close()
    bad = tmp_path / "bad.xlsx"
    rewrite(src, bad, lambda s: s.replace('r="A1048576"', 'r="A1048577"'))
    wb = load_workbook(bad, read_only=True)
    try:
        with pytest.raises(table.InputError):
            table._check_extent(wb.active, bad)
    finally:
        wb.close()


def test_without_the_scan_the_rows_read_stop_at_excels_limit(tmp_path, monkeypatch):
    """Where the sheet's XML cannot be scanned first (openpyxl without the private reader the
    scan uses), reading stops at the limit (here made 4 rows)."""
    src = tmp_path / "r.xlsx"
    good_workbook(src)
    rewrite(src, src.with_name("far.xlsx"), renumber("9"))
    monkeypatch.setattr(table, "_check_extent", lambda ws, p: None)
    monkeypatch.setattr(table, "MAX_ROWS", 4)
    assert len(table.read_table(src).rows) == 3
    with pytest.raises(table.InputError, match="not a readable .xlsx workbook"):
        table.read_table(src.with_name("far.xlsx"))
