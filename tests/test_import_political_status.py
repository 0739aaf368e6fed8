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


def test_a_status_with_a_remark_is_refused_with_advice_quoted_only_where_no_name_can_hide(tmp_path):
    """A status word with more after it: quoted where the remark is of known words, digits and
    marks (正式党员（已转出）, 预备 转正中, 正式党员；); withheld where a name may be in it (预备 王六,
    正式 张一, whoever they are), with the same advice; a word that merely begins like a status
    (正式员工, 预备役) is no status, withheld as before; a member who has left is said to have
    no row only where the remark says so."""
    src = tmp_path / "r.csv"
    src.write_text("律所名称,所属城市,姓名,党员类别\n甲所,柳州市,张一,正式党员（已转出）\n甲所,柳州市,张二,预备 转正中\n"
                   "甲所,柳州市,,预备 王六\n甲所,柳州市,李三,正式 张一\n甲所,柳州市,李四,正式员工\n甲所,柳州市,李五,预备役\n"
                   "甲所,柳州市,李六,正式党员；\n甲所,柳州市,李七,正式\n", encoding="utf-8")
    out = tmp_path / "f.yaml"
    out.write_text("kept\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2
    lines = [line[len(str(src)):] for line in res.stderr.splitlines() if line.startswith(str(src))]
    assert lines == [
        ":2:4: 党员类别: '正式党员(已转出)' is a member status with more written after it: write 正式 (full) or 预备 "
        "(probationary) alone; a member who has left has no row in the roster",
        ":3:4: 党员类别: '预备 转正中' is a member status with more written after it: write 正式 (full) or 预备 "
        "(probationary) alone (a remark belongs in a column of its own)",
        ":4:4: 党员类别: (value not shown) is a member status with more written after it: write 正式 (full) or 预备 "
        "(probationary) alone (a remark belongs in a column of its own)",
        ":5:4: 党员类别: (value not shown) is a member status with more written after it: write 正式 (full) or 预备 "
        "(probationary) alone (a remark belongs in a column of its own)",
        ":6:4: 党员类别: (value not shown) is not a member status (正式/full or 预备/probationary)",
        ":7:4: 党员类别: (value not shown) is not a member status (正式/full or 预备/probationary)",
        ":8:4: 党员类别: '正式党员;' is a member status with more written after it: write 正式 (full) or 预备 "
        "(probationary) alone (a remark belongs in a column of its own)"]
    assert "王六" not in res.stderr and "张一" not in res.stderr and "员工" not in res.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh"])
    assert f"{src}:2:4: 党员类别: “正式党员(已转出)”是党员类别后另加了内容：请只写“正式”或“预备”；已转出的党员不列入名册" in zh.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_a_firms_file_quotes_a_status_with_a_plain_remark_and_withholds_one_with_a_name(tmp_path):
    """The same matcher as import: in a firms file's member status, 正式党员（已转出） is quoted,
    预备 王六 is not."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("as_of: 2026-11-01\njurisdiction: 甲市\nfirms:\n  - id: F1\n    members:\n"
                     "      - {id: m1, name: 张一, status: 正式党员（已转出）, joined: 2010-01-01}\n"
                     "      - {id: m2, name: 张二, status: 预备 王六, joined: 2010-01-01}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--lang", "en"])
    assert res.exit_code == 2
    assert "正式党员（已转出）" in res.stderr and "王六" not in res.stderr and "(value not shown)" in res.stderr
