"""branchplan import: a quote left open in a CSV (the reader would take the following rows
into one cell) is refused with the row where it opens; nothing of the swallowed text (names,
phone and ID numbers) is shown, and --allow-rejects does not leave those members out."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
HEADER = "律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间,身份证号,联系电话\n"
ROWS = ("F001,甲所,贵港市,M01,张一,正式,2010-07-01,11010519491231002X,13800138000\n"
        'F001,甲所,贵港市,M02,李二,正式,"2011-07-01,110105194912310029,13800138001\n'
        "F001,甲所,贵港市,M03,王三,正式,2012-07-01,11010519491231002X,13900139000\n"
        "F002,乙所,贵港市,M04,赵四,正式,2012-07-01,110105194912310037,13700137000\n")
PERSONAL = ("王三", "赵四", "李二", "13800138001", "13900139000", "13700137000", "110105194912310037")


def run(tmp_path, text: str, *extra: str):
    src = tmp_path / "roster.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en", *extra])
    return src, out, res


@pytest.mark.parametrize("extra", [[], ["--allow-rejects"]])
def test_a_quote_never_closed_is_refused_at_the_row_it_opens(tmp_path, extra):
    src, out, res = run(tmp_path, HEADER + ROWS, *extra)
    assert res.exit_code == 2
    assert res.stderr == (f"{src}:3:7: row 3: the quote that opens cell 7 (入党时间) is never closed: the cell takes "
                          "in lines 3-5, the rest of the file; close the quote, or remove it\n")
    assert not any(p in res.output for p in PERSONAL)
    assert not out.exists() and "Traceback" not in res.output


def test_a_quote_closed_rows_later_is_refused_too(tmp_path):
    text = (HEADER + ROWS.replace("13700137000\n", '13700137000"\n')
            + "F002,乙所,贵港市,M05,钱五,正式,2012-07-01,,\n")
    src, out, res = run(tmp_path, text, "--allow-rejects")
    assert res.exit_code == 2
    assert f"{src}:3:7: row 3: the quoted cell 7 (入党时间) runs over lines 3-5 and takes in what reads as " \
           "2 more rows of the file" in res.stderr
    assert not any(p in res.output for p in PERSONAL)
    assert not out.exists()


def test_a_cell_typed_over_two_lines_is_still_read(tmp_path):
    text = ("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间,备注\n"
            'F001,甲所,贵港市,M01,张一,正式,2010-07-01,"第一行\n第二行, 还有"\n'
            "F002,乙所,贵港市,M04,赵四,正式,2012-07-01,\n")
    _reads(tmp_path, text, members=2)


def test_a_phone_number_in_a_shifted_column_is_not_quoted(tmp_path):
    text = ("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n"
            "F001,甲所,贵港市,M01,张一,正式,13800138000\nF001,甲所,贵港市,M02,李二,正式,2011-07-01\n")
    src, _, res = run(tmp_path, text)
    assert res.exit_code == 2
    assert f"{src}:2:7: 入党时间: (value not shown) is not a date" in res.stderr
    assert "13800138000" not in res.output


def test_cells_over_several_lines_with_commas_are_read(tmp_path):
    # a work history and a bilingual address typed over lines, commas and all
    text = ("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,备注\n"
            'F001,甲所,贵港市,M01,张一,正式,"组织关系转入\n2015-03, 广西A所, 专职律师\n2019-06, 甲所, 合伙人"\n'
            'F001,甲所,贵港市,M02,李二,正式,"中山路88号\nRoom 1203, Tower A, 88 Zhongshan Road, Guigang"\n'
            "F002,乙所,贵港市,M04,赵四,正式,\n")
    _reads(tmp_path, text, members=3)


def _reads(tmp_path, text: str, members: int) -> None:
    """The sheet imports, with ``members`` members (ids M0..)."""
    _, out, res = run(tmp_path, text)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").count("id: M0") == members


def test_the_end_of_the_file_is_looked_at_once_whatever_the_number_of_cells_over_lines(tmp_path, monkeypatch):
    from branchplan.importer import table

    calls = []
    real = table._ends_inside_quotes
    monkeypatch.setattr(table, "_ends_inside_quotes", lambda *a: calls.append(a) or real(*a))
    text = "律所编号,律所名称,所属城市,党员编号,姓名,党员类别,备注\n" + "".join(
        f'F{k:03d},甲{k}所,贵港市,M{k:03d},张{k},正式,"2019年转入\n2020年转正"\n' for k in range(200))
    _, out, res = run(tmp_path, text)
    assert res.exit_code == 0, res.output
    assert len(calls) <= 1


def test_variation_selectors_and_fillers_pasted_into_cells_are_dropped(tmp_path):
    text = ("律所编号,律所名称,所属城市,党员编号,姓名,党员类别\n"
            "F001,甲所,贵港市,M01,张一,正式\nF001,甲所,贵港市,M02,李二,正式\n"
            "F001,甲所,贵\u3164港市,M03\ufe0f,王三,正式\n")
    _, out, res = run(tmp_path, text)
    assert res.exit_code == 0, res.output
    written = out.read_text(encoding="utf-8")
    assert "id: M03\n" in written and "\ufe0f" not in written and "\u3164" not in written
