"""A roster with ID numbers, phone numbers, addresses and birth dates, end to end:
import -> solve -> check (every format) -> diff -> report. No output byte (files, stdout, stderr) may carry them."""

from __future__ import annotations

from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

from test_import import address, id_number, phone

runner = CliRunner()
KEY = "pipeline-key-0123456789"
#: firm -> (district, lon, lat, members as (name, status, joined))
FIRMS = {
    "东湖律师事务所": ("港北区", 109.60, 23.10, [("甲一", "正式", "2001-07-01"), ("甲二", "正式", "2003年7月1日"),
                                               ("甲三", "正式", "2005/7/1"), ("甲四", "预备", "2026-01-05")]),
    "西山律师事务所": ("港北区", 109.61, 23.11, [("乙一", "正式", "2010-07-01"), ("乙二", "正式", "2011-07-01")]),
    "南岸律师事务所": ("港南区", 109.62, 23.09, [("丙一", "正式", "2012-07-01")]),
    "北门律师事务所": ("港南区", 109.63, 23.08, [("丁一", "正式", "2013.07.01"), ("丁二", "正式", "2014-07-01")]),
    "中和律师事务所": ("港南区", 109.64, 23.08, [("戊一", "正式", "2015-07-01")]),
}


def roster_xlsx(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "单位名称", "姓名", "公民身份号码", "出生年月", "手机号码", "家庭住址", "党员类别", "入党时间",
               "所在区县", "经度", "纬度"])
    n = 0
    for firm, (district, lon, lat, members) in FIRMS.items():
        for name, status, joined in members:
            n += 1
            ws.append([n, firm, name, id_number(n), f"1980年{n}月", phone(n), address(n), status, joined,
                       district, lon, lat])
    wb.save(path)
    return n


def test_no_personal_data_in_any_output(tmp_path, monkeypatch):
    monkeypatch.setenv("BRANCHPLAN_ID_KEY", KEY)
    n = roster_xlsx(tmp_path / "roster.xlsx")
    secrets = [KEY] + [v for i in range(1, n + 1) for v in (id_number(i), phone(i), address(i), f"1980年{i}月")]
    outputs: list[str] = []

    def run(args):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        outputs.extend([res.stdout, res.stderr])

    firms, plan, old = tmp_path / "firms.yaml", tmp_path / "plan.yaml", tmp_path / "old.yaml"
    run(["import", str(tmp_path / "roster.xlsx"), "-o", str(firms), "--jurisdiction", "贵港市"])
    run(["solve", str(firms), "-o", str(plan)])
    run(["solve", str(firms), "-f", "json", "--lang", "zh"])
    old.write_text("branches:\n  - {id: B001, lead: 东湖律师事务所, firms: [东湖律师事务所, 南岸律师事务所]}\n"
                   "  - {id: B002, lead: 北门律师事务所, firms: [北门律师事务所, 西山律师事务所, 中和律师事务所]}\n",
                   encoding="utf-8")
    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        run(["check", str(plan), "--firms", str(firms), "--base", str(old), "-f", fmt])
        run(["check", str(plan), "--firms", str(firms), "--base", str(old), "-f", fmt, "--show-names"])
    for fmt in ("text", "json", "yaml", "markdown"):
        run(["diff", str(old), str(plan), "--firms", str(firms), "-f", fmt])
    run(["report", str(plan), "--firms", str(firms), "--base", str(old), "-o", str(tmp_path / "r.html")])
    run(["report", str(plan), "--firms", str(firms), "--lang", "zh"])
    files = [p.read_bytes().decode("utf-8") for p in (firms, plan, tmp_path / "r.html")]
    assert "甲一" in files[0] and "B001" in files[2]  # the outputs are real, not empty
    leaked = [s for s in secrets for text in outputs + files if s in text]
    assert not leaked
