"""Without a firm-id column a firm is its name: a name typed with a space inside (ASCII,
ideographic, several: pasted from a web page) on a later row is the same firm, with a
warning at the row, as one in another case is; two firms at exactly the same coordinates
whose names are alike (one character in a firm's name mistyped: 律帅 for 律师) are warned
about at the later firm's first row, naming both firms' first rows (they stay two firms)."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = ("律所名称,区县,经度,纬度,姓名,党员类别,入党时间\n"
          "广西柳南律师事务所,柳南区,109.39,24.305,何军,正式,1999-07-01\n"
          "广西柳南 律师事务所,柳南区,109.39,24.305,郭敏,正式,2008-07-01\n"
          "广西柳南\u3000律师事务所,柳南区,109.39,24.305,马超,正式,2020-06-30\n"
          "广西柳南  律师事务所 ,柳南区,109.39,24.305,罗静,预备,2026-03-01\n"
          "广西鱼峰律师事务所,鱼峰区,109.44,24.30,张伟,正式,2012-03-01\n"
          "广西鱼峰律帅事务所,鱼峰区,109.44,24.30,黄强,正式,2009-12-26\n"
          # at the same place too, but another firm: 7 of 9 characters alike is not "alike"
          "广西柳江律师事务所,鱼峰区,109.44,24.30,林芳,正式,2010-07-01\n"
          # the same name as the firm with the typo, elsewhere: not compared
          "广西鱼峰律帅事务所所,柳北区,109.40,24.36,梁斌,正式,2003-07-01\n")


def _import(tmp_path, lang: str):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(ROSTER, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", lang])
    assert res.exit_code == 0, res.output
    return src, res, yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]


def test_a_name_with_spaces_inside_is_the_same_firm_with_a_warning(tmp_path):
    src, res, firms = _import(tmp_path, "en")
    assert [(f["id"], f.get("name"), [m["name"] for m in f["members"]]) for f in firms] == [
        ("广西柳南律师事务所", None, ["何军", "郭敏", "马超", "罗静"]),
        ("广西鱼峰律师事务所", None, ["张伟"]),
        ("广西鱼峰律帅事务所", None, ["黄强"]),
        ("广西柳江律师事务所", None, ["林芳"]),
        ("广西鱼峰律帅事务所所", None, ["梁斌"]),
    ]
    spaced = ("warning: row 2 writes this firm '广西柳南律师事务所', this row '广西柳南 律师事务所': the two differ "
              "only in spacing (or width) and are read as one firm")
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:3:1: 律所名称: {spaced}",
        f"{src}:4:1: 律所名称: {spaced}",
        f"{src}:5:1: 律所名称: {spaced}",
        f"{src}:7:1: 律所名称: warning: firm '广西鱼峰律师事务所' (row 6) and firm '广西鱼峰律帅事务所' (row 7) are at "
        "the same coordinates and their names are alike: one firm typed two ways? They are read as two firms (if "
        "one, write its name the same way on every row)",
    ]
    assert "  firms 5, members 8 (7 full, 1 probationary)" in res.stderr
    assert ("  3 rows write their firm's name in another case or spacing than its first row: read as that firm "
            "(warnings above)") in res.stderr
    assert ("  1 pair of firms at the same coordinates with names alike: one firm typed two ways? (warnings above)"
            in res.stderr)
    assert "differ from an earlier row" not in res.stderr


def test_the_warnings_in_chinese(tmp_path):
    src, res, _ = _import(tmp_path, "zh")
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:{n}:1: 律所名称: 提醒：第 2 行将该单位写作“广西柳南律师事务所”，本行写作“广西柳南 律师事务所”：两者仅空格"
        "（或全角半角）不同，按同一单位读取" for n in (3, 4, 5)] + [
        f"{src}:7:1: 律所名称: 提醒：单位“广西鱼峰律师事务所”（第 6 行）与单位“广西鱼峰律帅事务所”（第 7 行）坐标相同、"
        "名称相近：是否同一单位的两种写法？现按两个单位读取（如为同一单位，请在每一行写成同一名称）",
    ]
    assert "  3 行单位名称的大小写或空格与该单位第一行不同：按同一单位读取（见上方提醒）" in res.stderr
    assert "  1 对单位坐标相同、名称相近：是否同一单位的两种写法？（见上方提醒）" in res.stderr


def test_case_and_spacing_together_and_width_alone(tmp_path):
    """A name in another case and with a space is said as both; an ideographic space where the
    first row has an ASCII one is width alone: no warning."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,姓名,党员类别\nABC 律所,张一,正式\nabc律所,李二,正式\nABC\u3000律所,王三,正式\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en", "-q"])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:3:1: 律所名称: warning: row 2 writes this firm 'ABC 律所', this row 'abc律所': the two differ only "
        "in case and spacing (or width) and are read as one firm"]
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], len(f["members"])) for f in firms] == [("ABC 律所", 3)]


def test_with_a_firm_id_column_the_names_are_compared(tmp_path):
    """Two firm ids at one place with names alike: one firm given two ids? A firm without a name
    cell is not compared."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所编号,律所名称,经度,纬度,姓名,党员类别\n"
                   "F01,广西甲律师事务所,109.41,24.32,张一,正式\n"
                   "F02,广西甲律师事物所,109.41,24.32,李二,正式\n"
                   "F03,,109.41,24.32,王三,正式\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en", "-q"])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:3:2: 律所名称: warning: firm F01 '广西甲律师事务所' (row 2) and firm F02 '广西甲律师事物所' (row 3) are "
        "at the same coordinates and their names are alike: one firm typed two ways? They are read as two firms "
        "(if one, give it one firm id)"]


def test_a_place_given_for_many_firms_is_not_compared(tmp_path):
    """The city's coordinates typed for every firm say nothing of two firms being one."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,经度,纬度,姓名,党员类别\n"
                   + "".join(f"测试律师事务所{k:02d},109.41,24.32,党员{k},正式\n" for k in range(21)),
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en", "-q"])
    assert res.exit_code == 0, res.output
    assert "alike" not in res.stderr
