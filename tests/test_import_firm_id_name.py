"""With a firm-id column, a later row giving a firm id to another firm name than the id's
first row (beyond width, case and spacing) is rejected at the name cell: a copied id put the
member into another firm (with a warning only, and the firm crossed the own-branch
threshold). A name written otherwise only in width, case or spacing, and other differing
firm cells (district, coordinates ...), stay warnings; member names are never quoted."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = ("序号,律所编号,律所名称,区县,经度,纬度,党员编号,姓名,党员类别,入党时间\n"
          "1,F01,广西甲律师事务所,城中区,109.41,24.32,M01,甲一,正式,2001-07-01\n"
          "2,F01,广西甲律师事务所,城中区,109.41,24.32,M02,甲二,正式,2002-07-01\n"
          "3,F02,广西乙律师事务所,柳南区,109.39,24.30,M03,乙一,正式,2003-07-01\n"
          "4,F02,广西丙律师事务所,柳北区,109.40,24.37,M04,丙一,正式,2004-07-01\n"
          "5,Ｆ02,广西乙 律师事务所,柳南区,109.39,24.30,M05,乙二,正式,2006-07-01\n")


def _import(tmp_path, lang: str, *more: str):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(ROSTER, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", lang, *more])
    return src, out, res


def _lines(res, src):
    return [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]


def test_a_firm_id_given_to_another_name_is_rejected(tmp_path):
    src, out, res = _import(tmp_path, "en", "-q")
    assert res.exit_code == 2
    assert not out.exists()
    assert _lines(res, src) == [
        f"{src}:5:3: 律所名称: firm id F02 is given on row 4 to 广西乙律师事务所; this row gives it to 广西丙律师事务所: "
        "a mistyped id, or a renamed firm? one firm id, one name (a renamed firm: its new name on all its rows)",
        # the same name with a space inside: a warning, as before
        f"{src}:6:3: 律所名称: warning: row 4 of the same firm has '广西乙律师事务所', this row '广西乙 律师事务所'; "
        "row 4's value is used",
    ]
    src, out, res = _import(tmp_path, "zh", "-q")
    assert res.exit_code == 2
    assert _lines(res, src)[0] == (
        f"{src}:5:3: 律所名称: 单位编号 F02 在第 4 行属于广西乙律师事务所，本行却属于广西丙律师事务所：是编号录错了，"
        "还是单位更名了？一个单位编号只对应一个名称（单位更名的，请在其所有行写新名称）")


def test_with_allow_rejects_the_member_is_left_out_not_put_in_the_other_firm(tmp_path):
    src, out, res = _import(tmp_path, "en", "-q", "--allow-rejects")
    assert res.exit_code == 0, res.output
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], f["name"], [m["id"] for m in f["members"]]) for f in firms] == [
        ("F01", "广西甲律师事务所", ["M01", "M02"]), ("F02", "广西乙律师事务所", ["M03", "M05"])]


def test_a_member_name_in_the_firm_column_is_not_quoted(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所编号,律所名称,所属城市,党员编号,姓名,党员类别\n"
                   "F01,甲所,贵港市,M1,张三,正式\nF01,张三,贵港市,M2,李四,正式\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en", "-q"])
    assert res.exit_code == 2
    assert _lines(res, src) == [
        f"{src}:3:2: 律所名称: firm id F01 is given on row 2 to 甲所; this row gives it to (value not shown): a "
        "mistyped id, or a renamed firm? one firm id, one name (a renamed firm: its new name on all its rows)",
        f"{src}:3:2: 律所名称: warning: this firm cell is a member's name (value not shown); it is printed in plans "
        "and reports: check the column"]
    assert "张三" not in res.stderr.replace(str(src), "")


def test_a_name_written_short_under_one_id_is_a_warning_not_a_rejection(tmp_path):
    """广西甲律师事务所 written 甲律师事务所, 广西甲律所 or with its （普通合伙） on later rows is the
    same firm written short: a warning, as for other cells; 乙/丙 under one id stays a rejection."""
    src = tmp_path / "r.csv"
    src.write_text("律所编号,律所名称,所属城市,党员编号,姓名,党员类别\n"
                   "F1,广西甲律师事务所,柳州市,M1,张一,正式\nF1,甲律师事务所,柳州市,M2,李二,正式\n"
                   "F1,广西甲律所,柳州市,M3,王三,正式\nF1,广西甲律师事务所（普通合伙）,柳州市,M4,王四,正式\n",
                   encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert f"{src}:3:2: 律所名称: warning: row 2 of the same firm has '广西甲律师事务所', this row '甲律师事务所'" in res.stderr
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], len(f["members"])) for f in firms] == [("F1", 4)]
