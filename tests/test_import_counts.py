"""Import: a count cell that is no count says why (negative, over the firms file's limit of
100,000 per firm, not whole), and a count with Excel's thousands commas is read as it shows."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

CSV = ('律所名称,所属城市,正式党员人数,律师人数\n甲所,X市,3,5\n丁所,X市,-1,5\n己所,X市,100001,5\n'
       '戊所,X市,1.5,5\n庚所,X市,"1,000","12,345"\n辛所,X市,"1,00",5\n壬所,X市,100000,-2\n')


def test_a_count_says_negative_over_the_limit_or_not_whole_in_both_languages(tmp_path):
    src = tmp_path / "c.csv"
    src.write_text(CSV, encoding="utf-8")
    en = runner.invoke(app, ["import", str(src), "--lang", "en"])
    assert en.exit_code == 2, en.output
    assert [ln for ln in en.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:3:3: 正式党员人数: full members '-1' is negative (a count of people cannot be below 0)",
        f"{src}:4:3: 正式党员人数: full members '100001' is over the limit of 100,000 per firm",
        f"{src}:5:3: 正式党员人数: full members '1.5' is not a whole number of people",
        f"{src}:7:3: 正式党员人数: full members '1,00' is not a number",
        f"{src}:8:4: 律师人数: lawyers '-2' is negative (a count of people cannot be below 0)",
    ]
    zh = runner.invoke(app, ["import", str(src), "--lang", "zh"])
    assert zh.exit_code == 2
    assert [ln for ln in zh.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:3:3: 正式党员人数: 正式党员人数“-1”为负数（人数不能小于 0）",
        f"{src}:4:3: 正式党员人数: 正式党员人数“100001”超过每个单位 100000 人的上限",
        f"{src}:5:3: 正式党员人数: 正式党员人数“1.5”不是有效人数",
        f"{src}:7:3: 正式党员人数: 正式党员人数“1,00”不是数字",
        f"{src}:8:4: 律师人数: 律师人数“-2”为负数（人数不能小于 0）",
    ]


def test_thousands_commas_are_read_as_excel_shows_them(tmp_path):
    src, out = tmp_path / "c.csv", tmp_path / "firms.yaml"
    src.write_text(CSV, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--allow-rejects", "--lang", "en"])
    assert res.exit_code == 0, res.output
    firms = {f["id"]: f for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]}
    assert sorted(firms) == ["庚所", "甲所"]
    assert (firms["庚所"]["members"], firms["庚所"]["lawyers"]) == ({"full": 1000, "probationary": 0}, 12345)
