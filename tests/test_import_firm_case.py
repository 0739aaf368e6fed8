"""Without a firm-id column a firm is its name: a name written in another case on a later row
(ABC律所, abc律所) is the same firm, as one typed in full-width characters is, with a warning
at the row (it was refused, exit 2, while the full-width one was taken). With a firm-id
column the ids are the user's own: two that read as one are still refused, naming the
sheet's row of the first (not the firms file's position it would have had)."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

BY_NAME = ("律所名称,所属城市,姓名,党员类别,入党时间\n"
           "ABC律所,贵港市,张一,正式,2010-07-01\n"
           "ＡＢＣ律所,贵港市,李二,正式,2011-07-01\n"
           "abc律所,贵港市,王三,正式,2012-07-01\n"
           "Abc律所,贵港市,赵四,预备,2026-01-01\n")


def test_case_variants_of_a_name_are_one_firm_with_a_warning(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(BY_NAME, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], f.get("name"), [m["name"] for m in f["members"]]) for f in firms] == [
        ("ABC律所", None, ["张一", "李二", "王三", "赵四"])]
    warned = [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]
    assert warned == [
        f"{src}:4:1: 律所名称: warning: row 2 writes this firm 'ABC律所', this row 'abc律所': the two differ only "
        "in case (or width) and are read as one firm",
        f"{src}:5:1: 律所名称: warning: row 2 writes this firm 'ABC律所', this row 'Abc律所': the two differ only "
        "in case (or width) and are read as one firm",
    ]
    res = runner.invoke(app, ["solve", str(out), "-q"])
    assert res.exit_code == 0, res.output


def test_the_warning_in_chinese(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(BY_NAME, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert (f"{src}:4:1: 律所名称: 提醒：第 2 行将该单位写作“ABC律所”，本行写作“abc律所”：两者仅大小写（或全角半角）不同，"
            "按同一单位读取") in res.stderr


def test_firm_ids_that_read_as_one_are_refused_at_the_sheets_rows(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所编号,律所名称,所属城市,姓名,党员类别\n"
                   "F001,甲所,贵港市,张一,正式\nF002,乙所,贵港市,李二,正式\nf001,丙所,贵港市,王三,正式\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{src}:4:1: 律所编号: firm id 'f001' differs from 'F001' (row 2) only in case, "
                                 "width or accents")
    assert "firms[" not in res.stderr
    assert not out.exists()
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh"])
    assert "单位编号“f001”与“F001”（第 2 行）只有大小写" in res.stderr
