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
