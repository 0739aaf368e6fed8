"""A 政治面貌 word in the status column (中共党员, 党员, 群众, 团员) is quoted in its rejection
with what to write instead: it was withheld as a name ("(value not shown) is not a member
status"), so the clerk could not see which value was refused."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def test_political_status_words_are_quoted_with_advice(tmp_path):
    src = tmp_path / "r.csv"
    src.write_text("律所名称,所属城市,姓名,党员类别\n甲所,柳州市,张一,中共党员\n甲所,柳州市,张二,群众\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "f.yaml"), "--lang", "en"])
    assert res.exit_code == 2
    assert (f"{src}:2:4: 党员类别: '中共党员' is a political status (政治面貌), not a member status: write 正式 (full) "
            "or 预备 (probationary); a non-member (群众, 团员) has no row in the roster") in res.stderr
    assert f"{src}:3:4: 党员类别: '群众' is a political status (政治面貌)" in res.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "f.yaml"), "--lang", "zh"])
    assert f"{src}:2:4: 党员类别: “中共党员”是政治面貌，不是党员类别：请写“正式”或“预备”；非党员（群众、团员）不列入名册" in zh.stderr
    assert not (tmp_path / "f.yaml").exists()


def test_a_status_with_a_remark_is_quoted_with_advice_and_a_name_beside_it_is_not(tmp_path):
    """正式党员（已转出）: a status word, then a remark; quoted (no name in it), with what to
    write. A status word followed by a member's name of the sheet stays withheld."""
    src = tmp_path / "r.csv"
    src.write_text("律所名称,所属城市,姓名,党员类别\n甲所,柳州市,张一,正式党员（已转出）\n甲所,柳州市,张二,预备 转正中\n"
                   "甲所,柳州市,李三,正式 张一\n甲所,柳州市,李四,正式\n", encoding="utf-8")
    out = tmp_path / "f.yaml"
    out.write_text("kept\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2
    assert (f"{src}:2:4: 党员类别: '正式党员(已转出)' is a member status with a remark after it: write 正式 (full) "
            "or 预备 (probationary) alone; a member who has left (转出) has no row in the roster") in res.stderr
    assert f"{src}:3:4: 党员类别: '预备 转正中' is a member status with a remark after it" in res.stderr
    assert "张一" not in res.stderr.replace(f"{src}", "") and f"{src}:4:4: 党员类别: (value not shown)" in res.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh"])
    assert f"{src}:2:4: 党员类别: “正式党员(已转出)”是党员类别后加了备注：请只写“正式”或“预备”；已转出的党员不列入名册" in zh.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"
