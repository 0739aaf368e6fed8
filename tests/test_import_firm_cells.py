"""Import: a row with a firm and no member cells is a firm with no members."""

from __future__ import annotations

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

INC = """党员编号,姓名,律所名称,所在区县,党员类别,入党时间,主任是否党员,经度,纬度
M1,甲,广西甲律师事务所,城中区,正式,2010-07-01,是,109.41,24.32
M2,乙,广西甲律师事务所,城中区 ,正式,2011-07-01,否,109.41,24.33
M3,丙,广西甲律师事务所,柳南区,正式,2012-07-01,,109.4102,24.3204
"""


EMPTY = """姓名,律所名称,所在区县,党员类别,入党时间
甲,广西甲律师事务所,城中区,正式,2010-07-01
乙,广西甲律师事务所,城中区,正式,2011-07-01
丙,广西甲律师事务所,城中区,正式,2012-07-01
,广西鹿寨律师事务所,柳南区,,
"""


def test_a_firm_only_row_is_a_firm_with_no_members(tmp_path):
    src, out = tmp_path / "empty.csv", tmp_path / "firms.yaml"
    src.write_text(EMPTY, encoding="utf-8")
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["firms"][1] == {"id": "广西鹿寨律师事务所", "district": "柳南区", "members": []}
    assert "采用 4 行，拒收 0 行" in zh.stderr
    assert "  单位 2 个，党员 3 名（正式 3、预备 0）\n  1 个单位没有党员（写入名册，solve 会列出，不编入支部）\n" in zh.stderr
    en = runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", "en"])
    assert en.exit_code == 0
    assert ("  firms 2, members 3 (3 full, 0 probationary)\n"
            "  1 firm has no members (listed in the firms file, reported by solve, in no branch)\n") in en.stderr
    solved = runner.invoke(app, ["solve", str(out), "--lang", "zh", "-o", str(tmp_path / "plan.yaml")])
    assert solved.exit_code == 0 and "1 个单位没有党员，未编入支部。" in solved.output


def id_number(body: str) -> str:
    """A (fictional) 18-digit ID number: the 17 digits and their check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def test_a_row_with_some_member_cells_missing_is_still_rejected(tmp_path):
    """In an Excel sheet with ID numbers: the firm-only row is taken; a row with a name but no
    status and no ID number is rejected as before."""
    src = tmp_path / "r.xlsx"
    wb = Workbook()
    for r in [["姓名", "律所名称", "身份证号", "党员类别"],
              ["甲", "甲所", id_number("45080219610202001"), "正式"],
              [None, "乙所", None, None],
              ["丙", "丙所", None, None]]:
        wb.active.append(r)
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--lang", "zh",
                              "--id-key", "a-key-of-16-chars-or-more"])
    assert res.exit_code == 2
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:4:3: 身份证号: 身份证号为空",
        f"{src}:4:4: 党员类别: 党员类别为空（应为“正式”或“预备”）",
    ]
    assert "采用 2 行，拒收 1 行" in res.stderr and "1 个单位没有党员" in res.stderr
