"""A "?" in Chinese text (or U+FFFD anywhere) is a character the file could not hold when it was
saved: Chinese Excel's "CSV" is GBK, which has no 䶮, 𬌗 and other rare characters, and writes
"?" for each. In a firm's name or id it could make two firms one (广西䶮德 and 广西𬌗德 both
广西?德), so the cell is rejected, as it is in the district and city columns; in a member's
name it is a warning at the cell (the name not shown) and the row is taken. A "?" among Latin
text, or a full-width "？", is a question mark."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

# as Chinese Excel saves it: every character outside GBK becomes "?"
GBK = ("律所名称,区县,所属城市,姓名,党员类别,入党时间\n"
       "广西䶮德律师事务所,城中区,柳州市,甲一,正式,2001-07-01\n"
       "广西𬌗德律师事务所,柳南区,柳州市,乙一,正式,2003-07-01\n"
       "广西丙律师事务所,柳北区,柳州市,王䶮,正式,2004-07-01\n"
       "广西丙律师事务所,柳北区,柳州市,丙二,正式,2005-07-01\n"
       "Who? Law Firm,柳北区,柳州市,丁一,正式,2006-07-01\n").encode("cp936", errors="replace")

LOST_EN = ("holds '?' in Chinese text: a character the file could not hold when it was saved (Excel's 'CSV' is GBK, "
           "without 䶮 and other rare characters, and writes '?' for them)")
SAVE_EN = "save the sheet as 'CSV UTF-8' or .xlsx and import that, or type the character in"


def _import(tmp_path, data: bytes, lang: str, *more: str):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_bytes(data)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", lang, *more])
    return src, out, res


def _lines(res, src):
    return [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]


def test_a_lost_character_in_a_firm_name_is_refused_and_in_a_member_name_warned(tmp_path):
    src, out, res = _import(tmp_path, GBK, "en")
    assert res.exit_code == 2
    assert not out.exists()
    assert _lines(res, src) == [
        f"{src}:2:1: 律所名称: '广西?德律师事务所' {LOST_EN}, and two firms could read as one: {SAVE_EN}",
        f"{src}:3:1: 律所名称: '广西?德律师事务所' {LOST_EN}, and two firms could read as one: {SAVE_EN}",
        f"{src}:4:4: 姓名: warning: the name (value not shown) {LOST_EN}; the row is taken as it reads: to keep the "
        f"name whole, {SAVE_EN}",
    ]
    assert ("  1 name holds '?' in Chinese text (or '\ufffd'): characters lost when the file was saved? Save it as "
            "'CSV UTF-8' or .xlsx (warnings above)") in res.stderr
    assert "firm cell" not in res.stderr
    src, out, res = _import(tmp_path, GBK, "en", "--allow-rejects", "-q")
    assert res.exit_code == 0, res.output
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], [m["name"] for m in f["members"]]) for f in firms] == [
        ("广西丙律师事务所", ["王?", "丙二"]), ("Who? Law Firm", ["丁一"])]
    assert "王" not in res.stderr.replace(str(src), "")


def test_in_chinese(tmp_path):
    src, out, res = _import(tmp_path, GBK, "zh", "-q")
    assert res.exit_code == 2
    lost = "中的“?”是保存文件时无法保存的字（Excel 的“CSV”为 GBK 编码，没有䶮等生僻字，会写成“?”）"
    assert _lines(res, src) == [
        f"{src}:2:1: 律所名称: “广西?德律师事务所”{lost}，可能使两个单位读作同一个：请另存为“CSV UTF-8”或 .xlsx 后重新导入，"
        "或补写该字",
        f"{src}:3:1: 律所名称: “广西?德律师事务所”{lost}，可能使两个单位读作同一个：请另存为“CSV UTF-8”或 .xlsx 后重新导入，"
        "或补写该字",
        f"{src}:4:4: 姓名: 提醒：姓名（值不予显示）{lost}；本行已按原样导入，如需保留完整姓名，请另存为“CSV UTF-8”或 .xlsx "
        "后重新导入，或补写该字",
    ]


def test_a_replacement_character_anywhere_and_a_firm_id_and_city(tmp_path):
    """U+FFFD in a city cell; "?" in a firm id beside Chinese; a full-width "？" and a "?" in
    Latin text are taken."""
    data = ("律所编号,律所名称,所属城市,姓名,党员类别\n"
            "桂?01,广西甲律师事务所,柳州市,甲一,正式\n"
            "F02,广西乙律师事务所,柳\ufffd市,乙一,正式\n"
            "F03,广西丙？律师事务所,柳州市,丙一,正式\n"
            "F?4,Who? Law Firm,柳州市,丁一,正式\n").encode("utf-8")
    src, out, res = _import(tmp_path, data, "en", "-q")
    assert res.exit_code == 2
    assert _lines(res, src) == [
        f"{src}:2:1: 律所编号: '桂?01' {LOST_EN}, and two firms could read as one: {SAVE_EN}",
        f"{src}:3:3: 所属城市: '柳\ufffd市' holds '\ufffd': a character lost when the file was saved or converted: "
        f"{SAVE_EN}",
    ]
    src, out, res = _import(tmp_path, data, "zh", "-q", "--allow-rejects")
    assert res.exit_code == 0, res.output
    assert (f"{src}:3:3: 所属城市: “柳\ufffd市”中的“\ufffd”是保存或转换文件时丢失的字：请另存为“CSV UTF-8”或 .xlsx 后重新导入，"
            "或补写该字") in res.stderr
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], f["name"]) for f in firms] == [("F03", "广西丙？律师事务所"), ("F?4", "Who? Law Firm")]
