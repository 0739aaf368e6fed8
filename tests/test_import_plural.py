"""The import summary counts in English read "1 title row" / "2 title rows" (no "(s)"), and
its Chinese column list is separated by "、"."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
HEADER = "单位名称,党员姓名,党员类别,入党时间,所属城市\n"
#: one title row, two year-month dates, two members without a joining date
MANY = "名册\n" + HEADER + "甲所,张三,正式,2010-01,某市\n甲所,王五,正式,2011-02,某市\n甲所,李四,正式,,某市\n甲所,赵六,正式,,某市\n"
#: two title rows, one year-month date, one member without a joining date
ONE = "名册\n说明\n" + HEADER + "甲所,张三,正式,2010-01,某市\n甲所,李四,正式,,某市\n"


def summary(tmp_path, text, lang):
    src = tmp_path / "r.csv"
    src.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--lang", lang, "-o", str(tmp_path / "firms.yaml")])
    assert res.exit_code == 0, res.output
    return res.stderr


@pytest.mark.parametrize("text, expected", [
    (MANY, ["2 joining dates gave only year and month", "2 members have no joining date (standing rules take them",
            "1 title row above the header skipped", "rows: 4 data rows"]),
    (ONE, ["1 joining date gave only year and month", "1 member has no joining date (standing rules take it",
           "2 title rows above the header skipped", "rows: 2 data rows"]),
])
def test_english_counts_are_singular_for_one_and_plural_otherwise(tmp_path, text, expected):
    err = summary(tmp_path, text, "en")
    for phrase in expected:
        assert phrase in err
    assert "(s)" not in err and "1 members" not in err and "1 joining dates" not in err


def test_chinese_column_list_uses_the_enumeration_comma(tmp_path):
    err = summary(tmp_path, ONE, "zh")
    line = next(ln for ln in err.splitlines() if "采用的列" in ln)
    assert line.strip() == "采用的列：单位名称、党员姓名 → 姓名、党员类别、入党时间、所属城市"
    assert "表头上方 2 行标题已跳过" in err and "1 个入党时间只有年月" in err and "1 名党员没有入党时间" in err
    en = summary(tmp_path, ONE, "en")
    assert "columns used: 单位名称 → firm, 党员姓名 → name, 党员类别 → status, 入党时间 → joined" in en
