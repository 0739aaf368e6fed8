"""The scan that spares an xlsx sheet's second, element-by-element parse where it holds no
formula and no merged cell (importer/table.py ``_may_hold_parts``): it must never miss one."""

from __future__ import annotations

import contextlib
import io

import openpyxl
import pytest

from branchplan.importer import table


def _source(data: bytes):
    return lambda: contextlib.closing(io.BytesIO(data))


SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         b'<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c>%s</row></sheetData>%s</worksheet>')


@pytest.mark.parametrize("cell, tail, holds", [
    (b"", b"", False),
    (b'<c r="B1"><f>1+2</f><v/></c>', b"", True),
    (b'<c r="B1"><f t="shared" ref="B1:B3" si="0">A1</f></c>', b"", True),
    (b'<c r="B1"><x:f>1+2</x:f></c>', b"", True),                   # a namespace prefix
    (b"", b'<mergeCells count="1"><mergeCell ref="A1:A3"/></mergeCells>', True),
    (b"", b'<x:mergeCell ref="A1:A3" />', True),
    (b'<c r="B1" t="inlineStr"><is><t>&lt;f&gt; and &lt;mergeCell&gt; as text</t></is></c>', b"", False),
    (b"", b"<fonts><font/></fonts><filters/><formula1/>", False),     # other names starting with f
])
def test_the_scan_finds_every_formula_and_merged_range(cell, tail, holds):
    data = SHEET % (b"x", cell, tail)
    assert table._may_hold_parts(_source(data)) is holds


@pytest.mark.parametrize("chunk", [7, 16, 33, 64])
def test_a_tag_cut_by_a_chunk_boundary_is_found(monkeypatch, chunk):
    monkeypatch.setattr(table, "SCAN_CHUNK", chunk)
    for pad in range(chunk + 1):
        data = SHEET % (b"y" * pad, b'<c r="B1"><f>1</f></c>', b"")
        assert table._may_hold_parts(_source(data))
        assert not table._may_hold_parts(_source(SHEET % (b"y" * pad, b"", b"")))


def test_without_formulas_and_merges_the_sheet_parts_are_those_of_the_full_parse(tmp_path, monkeypatch):
    path = tmp_path / "roster.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 200):
        ws.append([f"F{r:03d}", f"律所{r}", r % 7, "正式党员"])
    wb.save(path)
    for merged in (False, True):
        if merged:
            wb = openpyxl.load_workbook(path)
            wb.active.merge_cells("B2:B4")
            wb.active["D5"] = "=1+2"
            wb.save(path)
        ro = openpyxl.load_workbook(path, read_only=True)
        fast = table.sheet_parts(ro.active, path)
        ro.close()
        monkeypatch.setattr(table, "_may_hold_parts", lambda source: True)
        ro = openpyxl.load_workbook(path, read_only=True)
        full = table.sheet_parts(ro.active, path)
        ro.close()
        monkeypatch.undo()
        assert fast == full
        assert bool(fast[0] or fast[1]) is merged
