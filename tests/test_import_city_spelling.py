"""import: a city written two ways in the city column (柳州, 柳州市) is warned of at the row of
the later spelling, where the clerk can fix it (it was said only by solve, without a row)."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def test_a_city_written_two_ways_is_warned_of_at_its_row(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,姓名,党员类别,入党时间\n甲所,柳州市,张一,正式,2001-07-01\n"
                   "乙所,柳州,李二,正式,2002-07-01\n丙所, 柳州市,王三,正式,2003-07-01\n"
                   "丁所,南宁市,赵四,正式,2004-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    warned = [s for s in res.output.splitlines() if "one place written two ways" in s]
    assert warned == [f"{src}:3:2: 所属城市: warning: jurisdictions '柳州' (firm 乙所) and '柳州市' (firm 甲所): one "
                      "place written two ways? Branches never cross a jurisdiction, so the two are planned apart; "
                      "write one name for both if they are one city"]
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh"])
    assert f"{src}:3:2: 所属城市: 警告：辖区“柳州”（单位 乙所）与“柳州市”（单位 甲所）是否为同一地方的两种写法？" in zh.output
    src.write_text("律所名称,所属城市,姓名,党员类别,入党时间\n甲所,柳州市,张一,正式,2001-07-01\n"
                   "丁所,南宁市,赵四,正式,2004-07-01\n", encoding="utf-8")
    assert "two ways" not in runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"]).output
