"""import --no-names: a firms file without members' names (one kept in a repository for CI),
its members identified by ids that carry over; refused where the ids would be row numbers."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan import import_roster
from branchplan.cli import app

runner = CliRunner()
ROWS = ("甲所,柳州市,M1,张一,正式,2001-07-01\n甲所,柳州市,M2,李二,正式,2005-07-01\n"
        "乙所,柳州市,M3,王三,预备,2026-03-01\n乙所,柳州市,M4,赵四,正式,2010-07-01\n")


def test_no_names_writes_ids_statuses_and_dates_only(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n" + ROWS, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names", "--lang", "en"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert not any(n in text for n in ("张一", "李二", "王三", "赵四")) and "name:" not in text
    firms = yaml.safe_load(text)["firms"]
    assert [[(m["id"], m["status"]) for m in f["members"]] for f in firms] == [[("M1", "full"), ("M2", "full")],
                                                                              [("M3", "probationary"), ("M4", "full")]]
    lines = res.output.splitlines()
    assert "  not copied (personal data): 姓名" in lines
    assert not any(s.startswith("  columns used:") and "姓名" in s for s in lines)
    # the plan and the gate work from it as from the named file
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(out), "-o", str(plan), "--as-of", "2026-11-01"]).exit_code == 0
    assert runner.invoke(app, ["check", str(plan), "--firms", str(out), "--as-of", "2026-11-01"]).exit_code == 0
    # the library alike
    assert all(m.name is None for f in import_roster(src, names=False).roster.firms for m in f.members)
    assert import_roster(src).roster.firms[0].members[0].name == "张一"


def test_no_names_with_ids_from_id_numbers_is_taken(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,身份证号,姓名,党员类别,入党时间\n"
                   "甲所,柳州市,11010519491231002X,张一,正式,2001-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names"],
                        env={"BRANCHPLAN_ID_KEY": "k" * 16})
    assert res.exit_code == 0, res.output
    assert "张一" not in out.read_text(encoding="utf-8")


def test_no_names_without_ids_that_carry_over_is_refused(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,姓名,党员类别,入党时间\n甲所,柳州市,张一,正式,2001-07-01\n", encoding="utf-8")
    for lang, said in (("en", f"{src}:1: --no-names needs member ids that carry over from year to year"),
                       ("zh", f"{src}:1: --no-names 需要跨年份不变的党员编号")):
        res = runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names", "--lang", lang])
        assert res.exit_code == 2 and res.output.startswith(said) and not out.exists(), res.output
    # without --no-names the same sheet is taken (ids R + row number, names kept)
    assert runner.invoke(app, ["import", str(src), "-o", str(out)]).exit_code == 0


def test_no_names_refuses_ids_that_are_names_or_a_row_count(tmp_path):
    """Ids that are the names would write them all the same; ids 1..N are a row count that
    changes when a member leaves, and without names nothing would catch it next year."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n甲所,柳州市,张一,张一,正式,2001-07-01\n"
                   "甲所,柳州市,李二,李二,正式,2005-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names", "--lang", "en"])
    assert res.exit_code == 2 and not out.exists() and "张一" not in res.output
    assert (f"{src}:1: --no-names: 2 member ids look like names (above): written as ids, the names would be in the "
            "firms file all the same") in res.output
    src.write_text("律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n甲所,柳州市,1,张一,正式,2001-07-01\n"
                   "甲所,柳州市,2,李二,正式,2005-07-01\n乙所,柳州市,3,王三,正式,2006-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names", "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert res.output.startswith(f"{src}:1:3: --no-names: the member ids of 党员编号 are the numbers 1 to N")
    assert runner.invoke(app, ["import", str(src), "-o", str(out)]).exit_code == 0    # (with names: taken)
    src.write_text(src.read_text(encoding="utf-8").replace(",3,", ",7,"), encoding="utf-8")   # (not 1..N)
    assert runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names"]).exit_code == 0


def test_a_firm_cell_holding_a_members_name_is_withheld_in_the_summary_with_or_without_names(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n甲所,柳州市,M1,张一,正式,2001-07-01\n"
                   "甲所,柳州市,M2,李二,正式,2005-07-01\n甲所,柳州市,M3,王三,正式,2006-07-01\n李二,柳州市,,,,\n",
                   encoding="utf-8")
    for extra in ([], ["--no-names"]):
        res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en", *extra])
        assert res.exit_code == 0, res.output
        line = next(s for s in res.output.splitlines() if s.startswith("  1 firm has no members"))
        assert line.endswith(": (value not shown) (row 5)") and "李二" not in res.output.replace("李二,", ""), line


def test_no_names_refuses_ids_from_0_and_says_the_rejected_rows_too(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n甲所,柳州市,0,张一,正式,2001-07-01\n"
                   "甲所,柳州市,1,李二,正式,2005-07-01\n乙所,柳州市,2,王三,正式,2006-07-01\n"
                   "乙所,柳州市,1,赵四,正式,2007-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--no-names", "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert f"{src}:1:3: --no-names: the member ids of 党员编号 are the numbers 1 to N" in res.output
    assert f"{src}:5:3: 党员编号: member id 1 already given in row 3" in res.output      # (in the same run)
