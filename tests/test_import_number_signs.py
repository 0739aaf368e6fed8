"""import: a number written with a superscript, circled or other number sign (a footnote
mark after a count, ``3²``) is refused at its cell, not read as the digits the sign stands
for (``3²`` was 32 full members, ``109.6²`` a longitude of 109.62). Full-width digits (``３``)
are digits and are read."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.importer.values import Bad, parse_count, parse_date, parse_float

runner = CliRunner()


@pytest.mark.parametrize("cell", ["3²", "2①", "⑶", "½", "3₂", "1⁰", "¹"])
def test_counts_with_number_signs_are_refused(cell):
    with pytest.raises(Bad) as err:
        parse_count(cell, "full members", "正式党员人数")
    assert f"full members {cell!r} is not a number" in err.value.args[0]


@pytest.mark.parametrize("cell,value", [("３", 3), ("１２", 12), ("3", 3), (3.0, 3), ("1,200", 1200)])
def test_digits_full_width_or_not_are_read(cell, value):
    assert parse_count(cell, "full members", "正式党员人数") == value


def test_coordinates_and_dates():
    with pytest.raises(Bad):
        parse_float("109.6²", "lon", "经度")
    assert parse_float("１０９.６", "lon", "经度") == 109.6
    with pytest.raises(Bad) as err:
        parse_date("2010-07-01²")
    assert err.value.args[0].startswith("'2010-07-01²' is not a date: '²' is a superscript")
    assert str(parse_date("２０１０-０７-０１")[0]) == "2010-07-01"


def test_through_the_command_line_nothing_is_written(tmp_path):
    src = tmp_path / "counts.csv"
    src.write_text("律所名称,所属城市,正式党员人数,预备党员人数\n甲所,贵港市,3²,0\n乙所,贵港市,2①,1\n丙所,贵港市,３,０\n",
                   encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert f"{src}:2:3: 正式党员人数: full members '3²' is not a number: '²' is a superscript" in res.stderr
    assert f"{src}:3:3: 正式党员人数: full members '2①' is not a number" in res.stderr
    assert not out.exists()
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "zh"])
    assert "“3²”不是数字：“²”是上标、带圈数字等符号" in res.stderr
