"""Without a firm-id column a firm is its name: a later row that writes it with or without its
form of organisation in brackets (``（普通合伙）``) or with 律所 for 律师事务所 is the same firm, with a
warning at the row (read as two firms, a firm with 3 full members lost its own branch, and
every command exited 0). A branch office's remark, brackets inside a name and a bare name are
other units."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ROSTER = ("律所名称,区县,姓名,党员类别,入党时间\n"
          "广西甲律师事务所,城中区,张一,正式,2001-07-01\n"
          "广西甲律师事务所,城中区,李二,正式,2005-07-01\n"
          "广西甲律师事务所（普通合伙）,城中区,王三,正式,2010-07-01\n"
          "广西乙律所,城中区,赵四,正式,2011-07-01\n"
          "广西乙律师事务所 (特殊普通合伙),城中区,钱五,预备,2026-03-01\n"
          "广西丙律师事务所,城中区,孙六,正式,2013-07-01\n"
          # other units: a branch office (in brackets or not), a name with brackets inside, a bare name
          "广西丙律师事务所（柳州分所）,城中区,周七,正式,2014-07-01\n"
          "广西丙律师事务所柳州分所,城中区,吴八,正式,2015-07-01\n"
          "北京丁（柳州）律师事务所,城中区,郑九,正式,2016-07-01\n"
          "北京丁律师事务所,城中区,冯十,正式,2017-07-01\n"
          "广西丙,城中区,陈一,正式,2018-07-01\n")


def _import(tmp_path, lang: str):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(ROSTER, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", lang])
    assert res.exit_code == 0, res.output
    return src, res, out


def test_a_firm_written_with_its_form_or_short_is_one_firm_with_a_warning(tmp_path):
    src, res, out = _import(tmp_path, "en")
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    assert [(f["id"], [m["name"] for m in f["members"]]) for f in firms] == [
        ("广西甲律师事务所", ["张一", "李二", "王三"]),
        ("广西乙律所", ["赵四", "钱五"]),
        ("广西丙律师事务所", ["孙六"]),
        ("广西丙律师事务所(柳州分所)", ["周七"]),
        ("广西丙律师事务所柳州分所", ["吴八"]),
        ("北京丁(柳州)律师事务所", ["郑九"]),
        ("北京丁律师事务所", ["冯十"]),
        ("广西丙", ["陈一"]),
    ]
    lines = res.output.splitlines()
    assert (f"{src}:4:1: 律所名称: warning: row 2 writes this firm '广西甲律师事务所', this row '广西甲律师事务所（普通合伙）': "
            "the two differ only in its form of organisation in brackets ((普通合伙)) or in 律所 for 律师事务所 and "
            "are read as one firm") in lines
    assert any(s.startswith(f"{src}:6:1: 律所名称: warning: row 5 writes this firm '广西乙律所'") for s in lines)
    assert sum("warning:" in s for s in lines) == 2
    assert ("  2 rows write their firm's name with or without its form of organisation in brackets, or with 律所 "
            "for 律师事务所, unlike its first row: read as that firm (warnings above)") in lines
    # the firm with 3 full members now has its own branch
    plan = tmp_path / "plan.yaml"
    solved = runner.invoke(app, ["solve", str(out), "-o", str(plan), "--as-of", "2026-11-01"])
    assert solved.exit_code == 0, solved.output
    branches = yaml.safe_load(plan.read_text(encoding="utf-8"))["branches"]
    assert ["广西甲律师事务所"] in [b["firms"] for b in branches]


def test_the_warning_in_chinese(tmp_path):
    src, res, _ = _import(tmp_path, "zh")
    assert (f"{src}:4:1: 律所名称: 提醒：第 2 行将该单位写作“广西甲律师事务所”，本行写作“广西甲律师事务所（普通合伙）”："
            "两者仅括号中的组织形式（（普通合伙））或“律所”“律师事务所”的写法不同，按同一单位读取") in res.output.splitlines()
    assert "  2 行单位名称与该单位第一行相比，括号中的组织形式或“律所”“律师事务所”的写法不同：按同一单位读取（见上方提醒）" \
        in res.output.splitlines()


def _cities(tmp_path, sheet: str, member_key: str) -> list:
    """(firm id, city, its members' ``member_key``) of each firm the sheet imports as."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(sheet, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    firms = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]
    return [(f["id"], f["jurisdiction"], [m[member_key] for m in f["members"]]) for f in firms]


def test_a_firm_written_short_in_another_city_is_another_unit(tmp_path):
    """The same name written alike in two cities was one firm before and stays so (its city cell
    warned of); one written short or with its form in another city is another unit there."""
    assert _cities(tmp_path, "律所名称,所属城市,姓名,党员类别,入党时间\n广西甲律师事务所,柳州市,张一,正式,2001-07-01\n"
                   "广西甲律所,南宁市,李二,正式,2005-07-01\n广西甲律师事务所（普通合伙）,柳州市,王三,正式,2006-07-01\n",
                   "name") == [("广西甲律师事务所", "柳州市", ["张一", "王三"]), ("广西甲律所", "南宁市", ["李二"])]


def test_the_same_spelling_in_two_cities_follows_the_city_first(tmp_path):
    """A row's city decides before its spelling: 广西甲律师事务所 in 柳州 joins 柳州's 广西甲律所 (the same
    firm written short), not the 南宁 firm of that exact spelling met on an earlier row."""
    assert _cities(tmp_path, "律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n广西甲律所,柳州市,M1,张一,正式,2001-07-01\n"
                   "广西甲律师事务所,南宁市,M2,李二,正式,2003-07-01\n广西甲律师事务所,柳州市,M3,王三,正式,2005-07-01\n",
                   "id") == [("广西甲律所", "柳州市", ["M1", "M3"]), ("广西甲律师事务所", "南宁市", ["M2"])]


def test_a_firm_met_by_its_name_in_another_city_is_refused(tmp_path):
    """Without a firm-id column, rows naming a firm of another city (its head office's name
    written for a branch office, or a mistyped city) are rejected, not put into that city's
    firm with a warning: their members would be organised in a city their rows do not name."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("所属城市,律所名称,姓名,党员类别,入党时间\n甲市,金桥律师事务所,张一,正式,2001-07-01\n"
                   "甲市,金桥律师事务所,张二,正式,2002-07-01\n乙市,金桥律师事务所,李一,正式,2003-07-01\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert (f"{src}:4:1: 所属城市: firm 金桥律师事务所 is in 甲市 on row 2, this row puts it in 乙市: two firms of one "
            "name in two cities, or a mistyped city?") in res.stderr
    assert "李一" not in res.stderr
    # with a firm-id column the id decides (a differing city cell is a warning, as any firm cell)
    src.write_text("律所编号,所属城市,律所名称,姓名,党员类别,入党时间\nF1,甲市,金桥律师事务所,张一,正式,2001-07-01\n"
                   "F2,乙市,金桥律师事务所,李一,正式,2003-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert [f["jurisdiction"] for f in yaml.safe_load(out.read_text(encoding="utf-8"))["firms"]] == ["甲市", "乙市"]
