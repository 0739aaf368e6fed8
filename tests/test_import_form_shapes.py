"""import: how Chinese forms are laid out. A two-row header (党员人数 merged over 正式 / 预备) is
read as one row; a form's own lines (以下空白, the sign-off line 填表人：… 审核人：…) and a totals
row whose 合计 stands under 序号 are skipped, not rejected or read as firms; the summary names
the firms without members, with their rows."""

from __future__ import annotations

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _counts_two_rows(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["柳州市律师事务所党员情况统计表"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "律所名称", "所在区县", "党员人数", None, "主任是否党员"])
    ws.append([None, None, None, "正式", "预备", None])
    for c in "ABCF":
        ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("D2:E2")
    ws.append([1, "广西甲律师事务所", "城中区", 3, 1, "是"])
    ws.append([2, "广西乙律师事务所", "城中区", 0, 0, "否"])
    ws.append([3, "广西丙律师事务所", "鱼峰区", 2, 0, "是"])
    ws.append(["合计", None, None, 5, 2, None])          # (合计 under 序号; the counts disagree)
    ws.append([None, "以下空白"])
    ws.append(["填表人：李明", None, "审核人：王芳", "联系电话：13800138000"])
    wb.save(path)


def test_a_two_row_header_of_counts_is_read_as_one(tmp_path):
    src, out = tmp_path / "counts.xlsx", tmp_path / "firms.yaml"
    _counts_two_rows(src)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
    assert res.exit_code == 0, res.output
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], f["members"]) for f in firms] == [
        ("广西甲律师事务所", {"full": 3, "probationary": 1}), ("广西乙律师事务所", {"full": 0, "probationary": 0}),
        ("广西丙律师事务所", {"full": 2, "probationary": 0})]
    lines = res.output.splitlines()
    assert ("  columns used: 律所名称 → firm, 所在区县 → district, 党员人数 正式 → full, 党员人数 预备 → probationary, "
            "主任是否党员 → director_is_member") in lines
    assert "  rows 2 and 3 read as one header row" in lines
    assert ("  1 firm has no members (listed in the firms file, reported by solve, in no branch): 广西乙律师事务所 "
            "(row 5)") in lines
    assert any(s.startswith("  1 totals row (合计, 小计, total ...) skipped: not a firm; 1 disagrees") for s in lines)
    assert "  2 lines of the form itself (以下空白, 填表人：/审核人：...) skipped: not a firm" in lines
    assert "13800138000" not in res.output and "李明" not in res.output
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert zh.exit_code == 0 and "  第 2、3 行按一行表头读取" in zh.output.splitlines()
    assert "  2 行表格自身的文字（以下空白、填表人：/审核人：等）已跳过：不是单位" in zh.output.splitlines()


def test_a_two_row_header_in_csv_and_a_second_row_of_data_is_not_a_header(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,党员人数,,律师人数\n,正式党员,预备党员,\n甲所,3,0,10\n乙所,1,2,4\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市"])
    assert res.exit_code == 0, res.output
    assert [f["members"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]] == [
        {"full": 3, "probationary": 0}, {"full": 1, "probationary": 2}]
    # a members sheet: its first data row (a status 正式 under 党员类别) is data, not a second header
    src.write_text("律所名称,姓名,党员类别,入党时间\n甲所,张一,正式,2001-07-01\n甲所,李二,正式,2003-07-01\n"
                   "甲所,王三,正式,2005-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市"])
    assert res.exit_code == 0 and "read as one header row" not in res.output
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]) == 3


def test_a_members_sheet_ending_in_form_lines(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("序号,律所名称,姓名,党员类别,入党时间\n1,甲所,张一,正式,2001-07-01\n2,甲所,李二,正式,2003-07-01\n"
                   "3,甲所,王三,预备,2026-03-01\n合计,,3人,,\n,以下空白,,,\n填表人：李明,,审核人：王芳,,填表日期：2026年11月1日\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市"])
    assert res.exit_code == 0, res.output
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [f["id"] for f in firms] == ["甲所"] and len(firms[0]["members"]) == 3
    assert "no members" not in res.output and "rejected 0" in res.output


def test_a_total_column_with_one_of_its_parts_gives_the_other(tmp_path):
    """党员人数 (or 合计 under it) beside 其中预备党员 gives the full members as the difference (they
    were dropped: 8 members became 1, exit 0), and beside 正式 the probationary ones; with both
    the three must add up; alone it is refused (it cannot tell them apart)."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"

    def run(text):
        src.write_text(text, encoding="utf-8")
        return runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])

    def counts():
        return [f["members"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]]

    for text in ("律所名称,党员人数,,律师人数\n,合计,其中预备党员,\n甲所,5,1,10\n乙所,3,0,4\n",
                 "律所名称,党员人数,预备党员人数\n甲所,5,1\n乙所,3,0\n"):
        res = run(text)
        assert res.exit_code == 0 and counts() == [{"full": 4, "probationary": 1}, {"full": 3, "probationary": 0}], \
            res.output
    res = run("律所名称,党员人数,,\n,合计,其中正式党员,\n甲所,5,3,\n")
    assert res.exit_code == 0 and counts() == [{"full": 3, "probationary": 2}]
    res = run("律所名称,党员人数,正式党员人数,预备党员人数\n甲所,5,3,1\n乙所,3,1,2\n")
    assert res.exit_code == 2 and not (tmp_path / "x").exists()
    assert f"{src}:2:2: 党员人数: 5 Party members in all, but 3 full and 1 probationary add up to 4" in res.output
    res = run("律所名称,党员人数,预备党员人数\n甲所,1,2\n")
    assert res.exit_code == 2 and f"{src}:2:2: 党员人数: 1 Party members in all, fewer than the 2 probationary" in \
        res.output
    res = run("律所名称,党员人数\n甲所,5\n")
    assert res.exit_code == 2 and res.output.startswith(
        f"{src}:1:2: 党员人数: the Party members in all do not tell full from probationary members")
    # a roster of members with its firm's count on each row: the count is not used
    res = run("律所名称,姓名,党员类别,入党时间,党员人数\n甲所,张一,正式,2001-07-01,1\n")
    assert res.exit_code == 0 and "  not copied (not used): 党员人数" in res.output.splitlines()


def test_a_stray_status_under_the_header_is_a_row_not_a_second_header(tmp_path):
    """A row under the header holding only 正式 under 党员类别 (the parent a known column, not
    党员人数) is a data row without its firm, not the second row of the header."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,姓名,党员类别,入党时间\n,,正式,\n甲所,张一,正式,2001-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
    assert res.exit_code == 2 and "read as one header row" not in res.output
    assert f"{src}:2:1: 律所名称: no firm on this row" in res.output


def test_sign_off_lines_in_their_common_forms_are_skipped(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    rows = "律所名称,姓名,党员类别,入党时间\n甲所,张一,正式,2001-07-01\n甲所,李二,正式,2003-07-01\n甲所,王三,正式,2005-07-01\n"
    for footer in ("制表：李明,,,", ",制表：李明,审核：王芳,", ",填表人 李明,审核人 王芳,", "填表人：李明,,审核人：王芳,2026年11月1日",
                   "经办人：李明,联系电话：13800138000,,", "报送单位（盖章）,,,填报日期：2026-11-01"):
        src.write_text(rows + footer + "\n", encoding="utf-8")
        res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
        assert res.exit_code == 0, (footer, res.output)
        assert "  1 line of the form itself (以下空白, 填表人：/审核人：...) skipped: not a firm" in res.output.splitlines(), \
            (footer, res.output)
        assert "李明" not in res.output and "13800138000" not in res.output
        assert [f["id"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]] == ["甲所"]


def test_a_row_of_only_a_date_is_not_a_form_line(tmp_path):
    """A sign-off line needs a sign-off entry: a row holding only a date is a row without its
    firm (rejected, said), not skipped."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,姓名,党员类别,入党时间\n甲所,张一,正式,2001-07-01\n甲所,李二,正式,2003-07-01\n"
                   "甲所,王三,正式,2005-07-01\n,,,2026年11月1日\n联系电话：,13800138000,制表人：,李明\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
    assert res.exit_code == 2 and f"{src}:5:1: 律所名称: no firm on this row" in res.output
    assert f"{src}:6:" not in res.output and "13800138000" not in res.output and "李明" not in res.output
    assert "  1 line of the form itself (以下空白, 填表人：/审核人：...) skipped: not a firm" in res.output.splitlines()


def test_a_total_beside_a_blank_count_is_not_guessed(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    for text, said in (("律所名称,党员人数,正式党员人数\n甲所,5,\n", "2:3: 正式党员人数: the number of full members is empty"),
                       ("律所名称,党员人数,预备党员人数\n甲所,,1\n", "2:2: 党员人数: the number of Party members in all is empty")):
        src.write_text(text, encoding="utf-8")
        res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
        assert res.exit_code == 2 and f"{src}:{said}" in res.output and not out.exists(), res.output
