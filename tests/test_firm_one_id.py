"""One firm, one id: an import with a firm-id column refuses a row giving a firm's name (in
its city) another id than an earlier row does (a mistyped id would make a second firm and
put the member in another branch); solve and check warn of two firms of one jurisdiction
with one name in a firms file."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

HEAD = "律所编号,律所名称,所属城市,党员编号,姓名,党员类别\n"


def _import(tmp_path, text: str, *args: str):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text(text, encoding="utf-8")
    return src, out, runner.invoke(app, ["import", str(src), "-o", str(out), *args])


def test_a_mistyped_firm_id_is_refused_at_its_row(tmp_path):
    text = HEAD + ("F0012,广西甲律师事务所,柳州市,M1,张一,正式\nF0012,广西甲律师事务所,柳州市,M2,李二,正式\n"
                   "FOO12,广西甲律师事务所（普通合伙）,柳州市,M3,王三,正式\n")
    src, out, res = _import(tmp_path, text)
    assert res.exit_code == 2 and not out.exists()
    assert f"{src}:4:1: 律所编号: firm 广西甲律师事务所(普通合伙) has firm id F0012 on row 2; this row gives it FOO12: " \
           "a mistyped id? one firm, one id" in res.stderr
    src, out, res = _import(tmp_path, text, "--allow-rejects")
    assert res.exit_code == 0 and "FOO12" not in out.read_text(encoding="utf-8")
    src, out, res = _import(tmp_path, text, "--lang", "zh")
    assert "是否编号录错了？一个单位只有一个编号" in res.stderr


def test_the_same_name_in_another_city_or_a_branch_office_is_another_firm(tmp_path):
    text = HEAD + ("F1,广西甲律师事务所,柳州市,M1,张一,正式\nF2,广西甲律师事务所,桂林市,M2,李二,正式\n"
                   "F3,广西甲律师事务所（柳州分所）,柳州市,M3,王三,正式\n")
    src, out, res = _import(tmp_path, text)
    assert res.exit_code == 0, res.output
    assert "one firm, one id" not in res.stderr


def test_solve_and_check_warn_of_two_firms_with_one_name(tmp_path):
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text("jurisdiction: 柳州市\nas_of: 2026-11-01\nfirms:\n"
                     "  - id: F0012\n    name: 广西甲律师事务所\n    members:\n"
                     "      - {id: M1, status: full, joined: 2010-01-01}\n"
                     "  - id: FOO12\n    name: 广西甲律所\n    members:\n"
                     "      - {id: M2, status: full, joined: 2010-01-01}\n"
                     "      - {id: M3, status: full, joined: 2010-01-01}\n", encoding="utf-8")
    said = (f"{firms}:8:9: firms[1].id: warning: firm FOO12 has the same name as firm F0012 (in 柳州市): one firm "
            "under two ids (a mistyped id)? They are read as two firms, which may go to two branches; if one, give it "
            "one id (two firms cannot share a name in one city)")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms)])
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]


def test_two_units_of_one_short_name_in_two_districts_are_two_units(tmp_path):
    """Two counties' 法律援助中心 under their own ids: two units, no refusal and no warning."""
    text = ("律所编号,律所名称,所属城市,区县,党员编号,姓名,党员类别\nLA01,法律援助中心,贵港市,港北区,M1,张一,正式\n"
            "LA02,法律援助中心,贵港市,桂平市,M2,李二,正式\nLA03,法律援助中心,贵港市,港北区,M3,王三,正式\n")
    src, out, res = _import(tmp_path, text)
    assert res.exit_code == 2       # (LA03 in 港北区 as LA01: one unit under two ids)
    assert f"{src}:4:1: 律所编号: firm 法律援助中心 has firm id LA01 on row 2; this row gives it LA03" in res.stderr
    assert ":3:1:" not in res.stderr
    src, out, res = _import(tmp_path, text.rsplit("LA03", 1)[0])
    assert res.exit_code == 0, res.output
    plan = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(out), "-o", str(plan)])
    assert res.exit_code == 1 and "same name" not in res.stderr     # (2 full members: no plan, and no warning)


def test_ids_that_are_names_are_not_quoted_in_the_same_person_warnings(tmp_path):
    """Member ids that are the members' names (a shifted column): the warnings withhold them."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
                     "  - id: A\n    members:\n      - {id: 张伟, name: 张伟, status: full, joined: 2010-01-01}\n"
                     "  - id: B\n    members:\n      - {id: 张伟2, name: 张伟, status: full, joined: 2010-01-01}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "plan.yaml")])
    said = [ln for ln in res.stderr.splitlines() if "same name" in ln]
    assert len(said) == 1 and "member (value not shown) (firm B)" in said[0] and "张" not in said[0]
    src = tmp_path / "r.csv"
    src.write_text("律所名称,党员编号,姓名,党员类别,入党时间\n甲律师事务所,张伟,张伟,正式,2010-07-01\n"
                   "乙律师事务所,张伟2,张伟,正式,2010-07-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "o.yaml"), "--jurisdiction", "X"])
    said = [ln for ln in res.stderr.splitlines() if "same name" in ln]
    assert len(said) == 1 and "member id (value not shown)" in said[0] and "张伟" not in said[0]


def test_a_second_id_in_a_later_district_is_found_too(tmp_path):
    """Three rows of one short name: LA01 in 港北区, LA02 and LA03 in 桂平市: LA03 is a second id
    for LA02 (refused at import, warned of by solve), whatever came first."""
    text = ("律所编号,律所名称,所属城市,区县,党员编号,姓名,党员类别\nLA01,法律援助中心,贵港市,港北区,M1,张一,正式\n"
            "LA02,法律援助中心,贵港市,桂平市,M2,李二,正式\nLA03,法律援助中心,贵港市,桂平市,M3,王三,正式\n")
    src, out, res = _import(tmp_path, text)
    assert res.exit_code == 2
    assert f"{src}:4:1: 律所编号: firm 法律援助中心 has firm id LA02 on row 3; this row gives it LA03" in res.stderr
    firms = tmp_path / "f.yaml"
    firms.write_text("jurisdiction: 贵港市\nas_of: 2026-11-01\nfirms:\n"
                     + "".join(f"  - id: {i}\n    name: 法律援助中心\n    district: {d}\n    members:\n"
                               f"      - {{id: {i}-1, status: full, joined: 2010-01-01}}\n"
                               for i, d in (("LA01", "港北区"), ("LA02", "桂平市"), ("LA03", "桂平市"))),
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "p.yaml")])
    said = [ln for ln in res.stderr.splitlines() if "same name" in ln]
    assert len(said) == 1 and "firm LA03 has the same name as firm LA02" in said[0]
