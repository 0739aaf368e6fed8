"""Import: a firm cell that differs between rows of the same firm is a warning (the first
row's value is kept, the member is taken); a row with a firm and no member cells is a firm
with no members."""

from __future__ import annotations

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan import load_roster
from branchplan.cli import app

runner = CliRunner()

INC = """党员编号,姓名,律所名称,所在区县,党员类别,入党时间,主任是否党员,经度,纬度
M1,甲,广西甲律师事务所,城中区,正式,2010-07-01,是,109.41,24.32
M2,乙,广西甲律师事务所,城中区 ,正式,2011-07-01,否,109.41,24.33
M3,丙,广西甲律师事务所,柳南区,正式,2012-07-01,,109.4102,24.3204
"""


def imported(tmp_path, csv_text: str, name: str = "inc.csv"):
    """``branchplan import`` of the CSV text (柳州市, in Chinese): the result and the firms file."""
    src, out = tmp_path / name, tmp_path / "firms.yaml"
    src.write_text(csv_text, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    return res, yaml.safe_load(out.read_text(encoding="utf-8"))


def test_differing_firm_cells_keep_the_member_and_warn_in_both_languages(tmp_path):
    src = tmp_path / "inc.csv"
    zh, doc = imported(tmp_path, INC)
    firm = doc["firms"][0]
    assert [m["id"] for m in firm["members"]] == ["M1", "M2", "M3"]
    assert (firm["district"], firm["director_is_member"], firm["location"]) == (
        "城中区", True, {"lat": 24.32, "lon": 109.41})
    lines = [ln for ln in zh.stderr.splitlines() if ln.startswith(f"{src}:")]
    assert lines == [
        f"{src}:3:7: 主任是否党员: 提醒：同一单位的第 2 行为“是”，本行为“否”；采用第 2 行的值",
        f"{src}:3:9: 纬度: 提醒：同一单位的第 2 行为“24.32”，本行为“24.33”；采用第 2 行的值",
        f"{src}:4:4: 所在区县: 提醒：同一单位的第 2 行为“城中区”，本行为“柳南区”；采用第 2 行的值",
    ]  # row 4's coordinates are within 0.001° of row 2's (the same place): no warning
    assert "采用 3 行，拒收 0 行" in zh.stderr
    assert "  3 个单位信息单元格与同一单位前面的行不一致：采用前面的值（见上方提醒）" in zh.stderr
    en = runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", "en", "--quiet"])
    assert en.exit_code == 0
    assert [ln for ln in en.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:3:7: 主任是否党员: warning: row 2 of the same firm has '是', this row '否'; row 2's value is used",
        f"{src}:3:9: 纬度: warning: row 2 of the same firm has '24.32', this row '24.33'; row 2's value is used",
        f"{src}:4:4: 所在区县: warning: row 2 of the same firm has '城中区', this row '柳南区'; row 2's value is used",
    ]
    assert "firm cells differ" not in en.stderr  # --quiet: no summary, the warnings still listed


def test_a_later_row_completes_the_firm_and_is_compared_from_then_on(tmp_path):
    """The row that first gave a cell is the one named; Excel TRUE/FALSE cells shown as Excel shows them;
    with a firm-id column, a firm name spaced otherwise is a warning too (another name is a rejected
    cell: test_import_firm_id_name)."""
    src, out = tmp_path / "r.xlsx", tmp_path / "firms.yaml"
    wb = Workbook()
    for r in [["律所编号", "律所名称", "党员编号", "党员类别", "主任是否党员"],
              ["F1", "甲所", "M1", "正式", None],
              ["F1", "甲所", "M2", "正式", True],
              ["F1", "甲 所", "M3", "正式", False]]:
        wb.active.append(r)
    wb.save(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:4:2: 律所名称: 提醒：同一单位的第 2 行为“甲所”，本行为“甲 所”；采用第 2 行的值",
        f"{src}:4:5: 主任是否党员: 提醒：同一单位的第 3 行为“TRUE”，本行为“FALSE”；采用第 3 行的值",
    ]
    firm = load_roster(out).firms[0]
    assert (firm.id, firm.name, firm.director_is_member, len(firm.member_list)) == ("F1", "甲所", True, 3)


EMPTY = """姓名,律所名称,所在区县,党员类别,入党时间
甲,广西甲律师事务所,城中区,正式,2010-07-01
乙,广西甲律师事务所,城中区,正式,2011-07-01
丙,广西甲律师事务所,城中区,正式,2012-07-01
,广西鹿寨律师事务所,柳南区,,
"""


def test_a_firm_only_row_is_a_firm_with_no_members(tmp_path):
    zh, doc = imported(tmp_path, EMPTY, "empty.csv")
    src, out = tmp_path / "empty.csv", tmp_path / "firms.yaml"
    assert doc["firms"][1] == {"id": "广西鹿寨律师事务所", "district": "柳南区", "members": []}
    assert "采用 4 行，拒收 0 行" in zh.stderr
    assert ("  单位 2 个，党员 3 名（正式 3、预备 0）\n  1 个单位没有党员（写入名册，solve 会列出，不编入支部）：广西鹿寨律师事务所"
            "（第 5 行）\n") in zh.stderr
    en = runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", "en"])
    assert en.exit_code == 0
    assert ("  firms 2, members 3 (3 full, 0 probationary)\n"
            "  1 firm has no members (listed in the firms file, reported by solve, in no branch): 广西鹿寨律师事务所 "
            "(row 5)\n") in en.stderr
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


def test_a_firm_keeps_its_registered_spelling_and_one_id_however_it_is_typed(tmp_path):
    """广西立信（柳州）律师事务所 with full-width brackets on two rows and half-width on one:
    one firm, its id folded (next year's sheet finds it whichever way it is typed), its
    name as first typed, and no warning for the same name typed the other way."""
    src, out = tmp_path / "lx.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,姓名,党员类别,入党时间\n"
                   "广西立信（柳州）律师事务所,张三,正式,2010-07-01\n"
                   "广西立信(柳州)律师事务所,李四,正式,2011-07-01\n"
                   "广西立信（柳州）律师事务所,王五,正式,2012-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "提醒" not in res.stderr
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], f["name"], len(f["members"])) for f in firms] == [
        ("广西立信(柳州)律师事务所", "广西立信（柳州）律师事务所", 3)]
