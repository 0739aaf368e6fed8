"""import: a cell formatted as a date whose number is no date (1e10 in a yyyy-mm-dd cell) is
said as the number it holds, as the same number in a General-format cell is, and openpyxl's
warning of it (which names a file of its own, in site-packages) is not printed."""

from __future__ import annotations

import subprocess
import sys
import warnings

from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def workbook(path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间"])
    ws.append(["甲律所", "M1", "张一", "正式", 1e10])
    ws["E2"].number_format = "yyyy-mm-dd"
    ws.append(["甲律所", "M2", "张二", "正式", 1e10])          # (General format)
    ws.append(["甲律所", "M3", "张三", "正式", 40000])
    ws["E4"].number_format = "yyyy-mm-dd"
    wb.save(path)


def test_a_date_cell_out_of_range_is_said_as_its_number(tmp_path):
    src = tmp_path / "bigserial.xlsx"
    workbook(src)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--as-of", "2026-11-01", "--lang", "en"])
    assert res.exit_code == 2
    assert f"{src}:2:5: 入党时间: 10000000000 is not an Excel date number\n" in res.stderr
    assert f"{src}:3:5: 入党时间: 10000000000 is not an Excel date number\n" in res.stderr
    assert "#VALUE!" not in res.stderr
    assert "  rows: 3 data rows (0 blank skipped); taken 1, rejected 2\n" in res.stderr
    assert [str(w.message) for w in caught if "openpyxl" in w.filename] == []
    zh = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--as-of", "2026-11-01", "--lang", "zh"])
    assert f"{src}:2:5: 入党时间: 10000000000 不是 Excel 日期序号\n" in zh.stderr


def test_no_third_party_warning_reaches_stderr(tmp_path):
    src = tmp_path / "bigserial.xlsx"
    workbook(src)
    run = subprocess.run([sys.executable, "-m", "branchplan", "import", str(src), "--jurisdiction", "X", "--as-of",
                          "2026-11-01", "--lang", "en"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert "Warning" not in run.stderr and "site-packages" not in run.stderr and "warn(" not in run.stderr
    assert run.stderr.startswith(f"{src}:2:5: 入党时间: 10000000000 is not an Excel date number\n")


def test_a_date_cell_holding_a_number_under_one_is_said_as_its_number(tmp_path):
    """(openpyxl reads it as a time of day, 00:00:00, which the sheet never showed as a date)"""
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "党员编号", "姓名", "党员类别", "入党时间"])
    for k, number in enumerate((0, 0.5), start=2):
        ws.append(["甲律所", f"M{k}", f"张{k}", "正式", number])
        ws[f"E{k}"].number_format = "yyyy-mm-dd"
    src = tmp_path / "zero.xlsx"
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--as-of", "2026-11-01", "--lang", "en"])
    assert res.exit_code == 2
    assert f"{src}:2:5: 入党时间: 0 is not an Excel date number\n" in res.stderr
    assert f"{src}:3:5: 入党时间: 0.5 is not an Excel date number\n" in res.stderr
    assert "00:00:00" not in res.stderr
