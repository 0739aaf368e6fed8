"""An import whose sheet has rejected cells and ids that read as one (found when the firms
file is checked as a whole) says them all in one run, each at its row and column: the id
clash alone was said first (at its row, no column), the rejected cells only after it was fixed."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def test_every_problem_at_its_cell(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n"
                   "甲所,柳州市,LZ0001,张一,正式,2010-03-01\n"
                   "甲所,柳州市,lz0001,李二,正式,2011-03-01\n"
                   "甲所,柳州市,LZ0003,王三,正式,2010.1\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--as-of", "2026-11-01", "--lang", "en"])
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert lines[0] == (f"{src}:3:3: 党员编号: member id 'lz0001' differs from 'LZ0001' (in firm 甲所) only in case, "
                        "width or accents: the two read as one id; give them ids that differ in more")
    assert lines[1].startswith(f"{src}:4:6: 入党时间: '2010.1' may be 2010-01 or 2010-10")
    assert not out.exists()
    zh = runner.invoke(app, ["import", str(src), "-o", str(out), "--as-of", "2026-11-01", "--lang", "zh"])
    assert zh.stderr.splitlines()[1].startswith(f"{src}:4:6: 入党时间: “2010.1”")


def test_the_headers_problems_and_the_missing_id_key_together(tmp_path):
    """No city column and ID numbers as the only identifier without a key: both said in one run
    (the key was asked for only once the city was given), each once at the header's row."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,身份证号,姓名,党员类别,入党时间\n甲所,11010519491231002X,张一,正式,2001-07-01\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"], env={"BRANCHPLAN_ID_KEY": ""})
    assert res.exit_code == 2 and not out.exists()
    lines = res.stderr.splitlines()
    assert f"{src}:1: no city column (所属城市/jurisdiction): give the city with --jurisdiction" in lines
    assert any(s.startswith(f"{src}:1: members are identified only by ID number (身份证号); ID numbers are never "
                            "copied. Give a secret key with --id-key") for s in lines), lines
    assert str(src) not in res.stderr.split(f"{src}:1: members", 1)[1]     # (the file named once)
    alone = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X", "--lang", "en"],
                          env={"BRANCHPLAN_ID_KEY": ""})
    assert alone.exit_code == 2 and alone.stderr.startswith(f"{src}: members are identified only by ID number")
