"""report -o plan.xlsx: a column of text wider than the widest column (a joint branch's
units named by long Chinese ids, a long Chinese finding) is as wide as that column, counted
in display width (a Chinese character counts two), and its cells wrap their text, so every
cell reads whole; short columns fit their text and do not wrap."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.textwidth import cell_width
from branchplan.xlsxreport import MAX_WIDTH

runner = CliRunner()

NAMES = ["广西东信律师事务所柳州分所", "广西南信律师事务所柳北分所", "广西西信律师事务所鱼峰分所",
         "广西北信律师事务所柳南分所"]


def _firms() -> str:
    out = ["jurisdiction: 柳州市", "as_of: 2026-11-01", "firms:"]
    for k, fid in enumerate(NAMES):
        out += [f"  - id: {fid}", "    district: 城中区", f"    location: {{lat: 24.3{k}, lon: 109.4{k}}}",
                "    members:", f"      - {{id: M{k}, status: full, joined: 2010-07-01}}"]
    return "\n".join(out) + "\n"


def _sheet(tmp_path: Path, plan_text: str | None = None):
    firms = tmp_path / "firms.yaml"
    firms.write_text(_firms(), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    if plan_text is None:
        res = runner.invoke(app, ["solve", str(firms), "-o", str(plan), "--quiet"])
    else:
        plan.write_text(plan_text, encoding="utf-8")
        res = None
    assert res is None or res.exit_code == 0, res.output
    out = tmp_path / "plan.xlsx"
    res = runner.invoke(app, ["report", str(plan), "--firms", str(firms), "--lang", "zh", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return openpyxl.load_workbook(out)


def _column(ws, header: str) -> tuple[str, list]:
    k = [c.value for c in ws[1]].index(header)
    letter = ws.cell(row=1, column=k + 1).column_letter
    return letter, [row[k] for row in ws.iter_rows(min_row=2)]


def test_long_unit_list_wraps_in_a_capped_column(tmp_path):
    ws = _sheet(tmp_path)["支部"]
    letter, cells = _column(ws, "所含单位")
    assert cells and max(cell_width(c.value) for c in cells) > MAX_WIDTH   # (the joint branch's four units)
    assert ws.column_dimensions[letter].width == MAX_WIDTH
    assert all(c.alignment.wrap_text for c in cells), [c.alignment for c in cells]
    letter, cells = _column(ws, "支部")          # a short column: as wide as its text, not wrapped
    assert ws.column_dimensions[letter].width < MAX_WIDTH
    assert not any(c.alignment.wrap_text for c in cells)


def test_long_finding_wraps(tmp_path):
    # a hand-made plan leaving a firm out: its finding names the firm and its members at length
    plan = ("branches:\n  - {id: B001, kind: joint, lead: " + NAMES[0] + ", firms: ["
            + ", ".join(NAMES[:3]) + "]}\n")
    ws = _sheet(tmp_path, plan)["检查结果"]
    letter, cells = _column(ws, "问题")
    long = [c for c in cells if cell_width(c.value) > MAX_WIDTH]
    assert long, [c.value for c in cells]
    assert ws.column_dimensions[letter].width == MAX_WIDTH
    assert all(c.alignment.wrap_text for c in cells)
