"""A 转正时间 column (the day a member was made full) is imported as ``full_since``, from
which Party standing counts; a cell that cannot be (a probationary member's, before the
joining date, after the roster's date) is a rejected cell."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

HEAD = "律所名称,所属城市,姓名,党员类别,入党时间,转正时间\n"


def _import(tmp_path, rows: str, *more):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(HEAD + rows, encoding="utf-8")
    return runner.invoke(app, ["import", str(src), "-o", str(out), "--as-of", "2027-11-01", *more]), src, out


def test_full_since_is_imported_and_counts_standing(tmp_path):
    res, _, out = _import(tmp_path, "甲所,柳州市,张一,正式,2020-03-01,2021-03-01\n"
                                    "甲所,柳州市,李二,正式,2025-06-01,2027-06-01\n"    # probation extended
                                    "甲所,柳州市,王三,正式,2010-07-01,\n"
                                    "甲所,柳州市,赵四,预备,2027-03-01,\n")
    assert res.exit_code == 0, res.output
    members = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]
    assert [str(m["full_since"]) if "full_since" in m else None for m in members] == \
        ["2021-03-01", "2027-06-01", None, None]
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(out), "-o", str(plan)]).exit_code == 0
    # 李二 made full 5 months before: no secretary candidate; 张一 and 王三 are
    assert yaml.safe_load(plan.read_text(encoding="utf-8"))["branches"][0]["secretary_candidates"] == 2


def test_impossible_full_since_cells_are_rejected(tmp_path):
    res, src, out = _import(tmp_path, "甲所,柳州市,张一,预备,2027-03-01,2027-06-01\n"
                                      "甲所,柳州市,李二,正式,2020-06-01,2019-06-01\n"
                                      "甲所,柳州市,王三,正式,2020-06-01,2028-01-01\n")
    assert res.exit_code == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:") and ":6:" in ln]
    assert lines == [
        f"{src}:2:6: 转正时间: made full (转正) on 2027-06-01, but the status is probationary (预备): a probationary "
        "member has no 转正时间; check the two cells",
        f"{src}:3:6: 转正时间: made full (转正) on 2019-06-01, before joining on 2020-06-01: check the two dates",
        f"{src}:4:6: 转正时间: made full (转正) on 2028-01-01, after the --as-of date 2027-11-01",
    ]
    assert not out.exists()


def test_a_probation_of_under_a_year_or_over_two_is_warned_about(tmp_path):
    res, src, out = _import(tmp_path, "甲所,柳州市,张一,正式,2026-06-01,2026-07-01\n"
                                      "甲所,柳州市,张二,正式,2010-06-01,2016-07-01\n"
                                      "甲所,柳州市,张三,正式,2010-06-01,2011-06-01\n"
                                      "甲所,柳州市,张四,正式,2010-06-01,2012-06-01\n")
    assert res.exit_code == 0, res.output
    warned = [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")]
    assert warned == [
        f"{src}:2:6: 转正时间: warning: made full (转正) on 2026-07-01, after joining on 2026-06-01: probation lasts a "
        "year, two at most when extended; check the two dates (the row is taken as written)",
        f"{src}:3:6: 转正时间: warning: made full (转正) on 2016-07-01, after joining on 2010-06-01: probation lasts a "
        "year, two at most when extended; check the two dates (the row is taken as written)",
    ]
    # counted as what they are, not as a status that does not fit the joining date
    assert "  2 members made full (转正时间) less than a year or more than two years after joining" in res.stderr
    assert "status or the date" not in res.stderr


def test_the_summary_counts_status_and_probation_warnings_apart(tmp_path):
    res, _, _ = _import(tmp_path, "甲所,柳州市,张一,正式,2026-06-01,2026-07-01\n"
                                  "甲所,柳州市,张二,正式,2027-06-01,\n"          # full 5 months after joining
                                  "甲所,柳州市,张三,预备,2020-06-01,\n", "--lang", "zh")    # probationary for 7 years
    assert res.exit_code == 0, res.output
    assert "  2 名党员的党员类别与入党时间不符" in res.stderr
    assert "  1 名党员的转正时间与入党时间相距不足 1 年或超过 2 年：请核对这两个日期" in res.stderr


def test_the_chinese_summary_names_every_column_it_used(tmp_path):
    """The summary in Chinese lists the 转正时间 column as any other (it was a KeyError, exit 3,
    whenever a Chinese import had it), and every field the importer knows has a Chinese name."""
    from branchplan.importer.columns import ALIASES
    from branchplan.importer.summary import _FIELD_ZH

    assert set(ALIASES) <= set(_FIELD_ZH)
    res, _, out = _import(tmp_path, "甲所,柳州市,张一,正式,2020-03-01,2021-03-01\n", "--lang", "zh")
    assert res.exit_code == 0, res.output
    assert "采用的列：" in res.output and "、转正时间" in res.output and out.exists()
