"""report -o plan.xlsx: the write-only workbook holds exactly what a workbook built cell by
cell on a full worksheet holds (the reference below: rows appended, then typed and styled
in a second pass, widths (and wrapping of the columns of longer text) in a third), read back
with openpyxl: sheets and their order, every cell's value, type, number format, font, fill and
alignment, column widths, frozen panes, autofilter and the sheet's dimension."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branchplan import load_plan, load_roster, xlsxreport

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"

# names a sheet must keep as text: formula-like, an error code, a character XML cannot hold
TRICKY = """\
jurisdiction: 测试市
as_of: 2026-11-01
firms:
  - id: A1
    name: '=HYPERLINK("http://x.invalid","甲")'
    district: '='
    members:
      - {id: P1, name: 欧阳春花, status: full, joined: 2001-05-01}
      - {id: P2, name: Zhang Weiming, status: full, joined: 2010-07-01}
      - {id: P3, name: 司马秋月, status: probationary, joined: 2026-01-10}
  - id: A2
    name: '#N/A'
    district: "东区\\uFFFE"
    members:
      - {id: P5, name: 慕容雪晴, status: full, joined: 2012-01-01}
  - id: A3
    name: "=乙\\uFFFE律师事务所"
    district: 西区
    members: {full: 2, probationary: 1}
  - id: A4
    name: 丁律师事务所
    members: {full: 0, probationary: 0}
"""
TRICKY_PLAN = """\
branches:
  - {id: S1, lead: A1, firms: [A1, A2]}
"""


def _reference_sheet(wb, title, head, rows):
    """The sheet as a full worksheet builds it: append, then type and style every cell, then widths."""
    ws = wb.create_sheet(title)
    ws.append(head)
    for row in rows:
        ws.append(row)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="center")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                if xlsxreport._NOT_XML.search(cell.value):
                    cell.value = xlsxreport._NOT_XML.sub("\ufffd", cell.value)
                if cell.value.startswith("="):
                    cell.data_type = "s"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"
    for k, column in enumerate(zip(head, *rows), start=1):
        width = max(xlsxreport._width(v) for v in column) + 2
        ws.column_dimensions[get_column_letter(k)].width = max(xlsxreport.MIN_WIDTH, min(xlsxreport.MAX_WIDTH, width))
        if width > xlsxreport.MAX_WIDTH:    # longer text wraps within its cells
            for (cell,) in ws.iter_rows(min_row=2, min_col=k, max_col=k):
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _full_workbook(write_only: bool = False):  # the reference ignores write_only
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    return wb


def reading(data: bytes) -> dict:
    """Everything a reader sees in the workbook, sheet by sheet."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {"sheets": wb.sheetnames, "names": sorted(wb.defined_names), "active": wb.active.title}
    for ws in wb.worksheets:
        cells = [(c.coordinate, c.value, c.data_type, c.number_format, c.font.b, c.font.name, c.font.sz,
                  c.fill.fill_type, c.alignment.horizontal, c.alignment.vertical, c.alignment.wrap_text, c.hyperlink,
                  c.comment)
                 for row in ws.iter_rows() for c in row]
        widths = sorted((k, d.width) for k, d in ws.column_dimensions.items())
        out[ws.title] = (ws.freeze_panes, ws.auto_filter.ref, ws.dimensions, widths, cells)
    wb_ro = openpyxl.load_workbook(io.BytesIO(data), read_only=True)  # sized by each sheet's <dimension>
    out["read-only sizes"] = [(ws.max_row, ws.max_column) for ws in wb_ro.worksheets]
    wb_ro.close()
    return out


CASES = {
    "tricky names": (lambda tmp: (tmp / "plan.yaml", tmp / "firms.yaml", None, None), "en"),
    "guigang, zh": (lambda tmp: (GUIGANG / "plan-current.yaml", GUIGANG / "firms.yaml", None, None), "zh"),
    "guigang re-plan with its base": (lambda tmp: (GUIGANG / "plan-2027.yaml", GUIGANG / "firms-2027.yaml",
                                                   GUIGANG / "plan-current.yaml", GUIGANG / "firms.yaml"), "en"),
    "no changes, zh": (lambda tmp: (GUIGANG / "plan-current.yaml", GUIGANG / "firms.yaml",
                                    GUIGANG / "plan-current.yaml", None), "zh"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_workbook_reads_as_the_full_worksheet_reference(case, tmp_path, monkeypatch):
    (tmp_path / "firms.yaml").write_text(TRICKY, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(TRICKY_PLAN, encoding="utf-8")
    files, lang = CASES[case]
    plan, firms, base, base_firms = files(tmp_path)

    def build() -> bytes:
        return xlsxreport.build_workbook(load_plan(plan)[0], load_roster(firms), base=base and load_plan(base)[0], lang=lang,
                                         base_roster=base_firms and load_roster(base_firms))

    got = build()
    assert build() == got  # the same inputs, the same bytes
    with monkeypatch.context() as m:
        m.setattr(xlsxreport, "Workbook", _full_workbook)
        m.setattr(xlsxreport, "_sheet", _reference_sheet)
        want = build()
    assert reading(got) == reading(want)
    if case == "tricky names":
        firms_sheet = openpyxl.load_workbook(io.BytesIO(got))["Firms"]
        texts = {c.value: c.data_type for row in firms_sheet.iter_rows(min_row=2) for c in row}
        assert texts['=HYPERLINK("http://x.invalid","甲")'] == "s" and texts["=乙\ufffd律师事务所"] == "s"
        assert texts["="] == "s" and texts["东区\ufffd"] == "s"
