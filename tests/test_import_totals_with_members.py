"""import: a row under a totals word (Total, 小计, 合计 in the firm cell, or 合计 in the 序号 cell
beside an empty firm cell) that holds a member's cells is no totals row: it is rejected at its
row and column, never dropped; a totals row of counts only is skipped, as before."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

HEADER = "律所名称,党员编号,姓名,党员类别,入党时间\n"
MEMBERS = "甲律所,M1,张一,正式,2010-07-01\n甲律所,M2,张二,正式,2011-07-01\n"


def _import(src, out, *more):
    return runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "X", "--as-of", "2026-11-01",
                               *more])


def test_a_member_row_under_a_totals_word_is_rejected_not_dropped(tmp_path):
    src, out = tmp_path / "totals.csv", tmp_path / "firms.yaml"
    src.write_text(HEADER + MEMBERS + "Total,M3,张三,正式,2012-07-01\n小计,M4,张四,正式,2013-07-01\n"
                   "合计,M5,张五,正式,2014-07-01\n", encoding="utf-8")
    res = _import(src, out, "--lang", "en")
    assert res.exit_code == 2 and not out.exists()
    members = "(党员编号, 姓名, 党员类别, 入党时间)"
    for row, word in ((4, "Total"), (5, "小计"), (6, "合计")):
        assert (f"{src}:{row}:1: 律所名称: '{word}' is a totals word (合计, 小计, total), but the row holds a member "
                f"{members}: a totals row holds counts only; write the member's firm, or delete the row\n") in res.stderr
    assert "  rows: 5 data rows (0 blank skipped); taken 2, rejected 3\n" in res.stderr
    assert "totals row" not in res.stderr.split("read ")[1]      # (none counted as skipped)
    zh = _import(src, out, "--lang", "zh")
    assert zh.exit_code == 2 and not out.exists()
    assert (f"{src}:6:1: 律所名称: “合计”是合计行的用词（合计、小计、total），但本行有党员信息（党员编号、姓名、党员类别、"
            "入党时间）：合计行只写人数；请写出该党员的单位，或删除本行\n") in zh.stderr
    # --allow-rejects writes the others, and lists what was left out
    res = _import(src, out, "--lang", "en", "--allow-rejects")
    assert res.exit_code == 0, res.output
    assert [m["id"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"] for m in f["members"]] == [
        "M1", "M2"]
    assert f"{src}:5:1: 律所名称: '小计' is a totals word" in res.stderr


def test_a_member_row_with_合计_under_序号_and_no_firm_is_rejected(tmp_path):
    src, out = tmp_path / "totals2.csv", tmp_path / "firms.yaml"
    src.write_text("序号,律所名称,党员编号,姓名,党员类别,入党时间\n1,甲律所,M1,张一,正式,2010-07-01\n"
                   "合计,,M2,张二,正式,2011-07-01\n", encoding="utf-8")
    res = _import(src, out, "--lang", "en")
    assert res.exit_code == 2 and not out.exists()
    assert f"{src}:3:2: 律所名称: no firm on this row" in res.stderr
    assert "  rows: 2 data rows (0 blank skipped); taken 1, rejected 1\n" in res.stderr


def test_a_totals_row_of_counts_only_is_still_skipped(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("序号,律所名称,党员编号,姓名,党员类别,入党时间\n1,甲律所,M1,张一,正式,2010-07-01\n"
                   "2,甲律所,M2,张二,预备,2026-03-01\n,小计,2,2人,,\n合计,,,共 2 名,正式1人、预备1人,\n"
                   ",Total,,,,\n", encoding="utf-8")
    res = _import(src, out, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert [m["id"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"] for m in f["members"]] == [
        "M1", "M2"]
    assert "  rows: 2 data rows (0 blank skipped); taken 2, rejected 0\n" in res.stderr
    assert "  3 totals rows (合计, 小计, total ...) skipped: not a firm\n" in res.stderr
