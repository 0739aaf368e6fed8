"""branchplan import: real-looking rosters (Excel with a title row, GBK CSV with bad rows),
mixed Chinese date forms, personal-data columns that must not reach the output."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan import load_roster
from branchplan.cli import app
from branchplan.importer.values import Bad, parse_date

runner = CliRunner()
KEY = "a-secret-key-of-the-committee-2026"
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(n: int) -> str:
    """A well-formed (fictional) 18-digit citizen ID number with its check digit."""
    body = f"450802{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W)) % 11]


def phone(n: int) -> str:
    return f"139{n:08d}"


def address(n: int) -> str:
    return f"广西贵港市港北区荷城路{100 + n}号"


HEADER = ["序号", "律所名称", "姓名", "性别", "身份证号", "出生日期", "党员类别", "入党时间", "所在区县",
          "所属城市", "经度", "纬度", "主任是否党员", "联系电话", "家庭住址"]
FIRMS = {"广西郁江律师事务所": ("港北区", 109.6074, 23.0966, "是"),
         "广西荷城律师事务所": ("港南区", 109.6031, 23.0951, "否"),
         "广西浔州律师事务所": ("桂平市", 110.0850, 23.3938, "是")}
#: (firm, name, status, joined as the sheet holds it)
MEMBERS = [
    ("广西郁江律师事务所", "赵小燕", "正式", datetime(1996, 9, 1)),      # a date cell
    ("广西郁江律师事务所", "邓宁", "正式党员", 37265),                   # an Excel serial (2002-01-09)
    ("广西郁江律师事务所", "罗雪", "预备", "2025年12月17日"),
    ("广西荷城律师事务所", "孙卫东", "正式", "2001/9/12"),
    ("广西荷城律师事务所", "李佳怡", "正式", "2002.02.25"),
    ("广西荷城律师事务所", "赵志勇", "预备党员", "2025-07-01"),
    ("广西浔州律师事务所", "张杰", "正式", "1996年6月"),                  # year and month only
    ("广西浔州律师事务所", "林少华", "正式", "19960724"),
    ("广西浔州律师事务所", "郭耀华", "正式", date(1997, 11, 1)),
]


def excel_roster(path, members=MEMBERS):
    wb = Workbook()
    ws = wb.active
    ws.title = "党员名册"
    ws.append(["贵港市律师行业党员花名册（2026年）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for n, (firm, name, status, joined) in enumerate(members, start=1):
        district, lon, lat, director = FIRMS[firm]
        ws.append([n, firm, name, "女" if n % 2 else "男", id_number(n), f"{1960 + n}-03-0{n % 9 + 1}", status,
                   joined, district, "贵港市", lon, lat, director, phone(n), address(n)])
    wb.create_sheet("说明").append(["本表由组织部门导出"])
    wb.save(path)
    return path


def personal_values(n_members: int) -> list[str]:
    out = []
    for n in range(1, n_members + 1):
        out += [id_number(n), phone(n), address(n), f"{1960 + n}-03-0{n % 9 + 1}"]
    return out


def test_excel_roster_imports_without_personal_data(tmp_path, monkeypatch):
    src = excel_roster(tmp_path / "名册.xlsx")
    out = tmp_path / "firms.yaml"
    monkeypatch.setenv("BRANCHPLAN_ID_KEY", KEY)
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    roster = load_roster(out)
    assert [f.id for f in roster.firms] == list(FIRMS)
    assert roster.member_count == 9 and sum(f.full for f in roster.firms) == 7
    yujiang = roster.firm_by_id["广西郁江律师事务所"]
    assert yujiang.district == "港北区" and yujiang.director_is_member is True
    assert yujiang.location.lat == pytest.approx(23.0966) and roster.firm_jurisdiction(yujiang) == "贵港市"
    joined = [m.joined for f in roster.firms for m in f.member_list]
    assert joined == [date(1996, 9, 1), date(2002, 1, 9), date(2025, 12, 17), date(2001, 9, 12),
                      date(2002, 2, 25), date(2025, 7, 1), date(1996, 6, 1), date(1996, 7, 24), date(1997, 11, 1)]
    ids = [m.id for f in roster.firms for m in f.member_list]
    assert all(i.startswith("P") and len(i) == 17 for i in ids) and len(set(ids)) == 9
    written = out.read_bytes().decode("utf-8")
    for value in personal_values(9) + ["女", "男"]:
        assert value not in written
    assert KEY not in written and KEY not in res.output
    assert "身份证号" not in written
    err = res.stderr
    assert "not copied (personal data): 性别, 出生日期, 联系电话, 家庭住址" in err.replace("身份证号, ", "")
    assert "身份证号" in err.split("not copied (personal data):")[0]  # used to derive ids, named in the summary
    assert "firms 3, members 9 (7 full, 2 probationary)" in err
    assert "1 joining date gave only year and month" in err and "(s)" not in err
    assert "2 sheets; read the first (党员名册)" in err
    for value in personal_values(9):
        assert value not in res.output


def test_pseudonymous_ids_are_stable_and_keyed(tmp_path, monkeypatch):
    src = excel_roster(tmp_path / "r.xlsx")
    outs = []
    for key, name in ((KEY, "a.yaml"), (KEY, "b.yaml"), (KEY + "-other", "c.yaml")):
        res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / name), "--id-key", key])
        assert res.exit_code == 0, res.output
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    ids_a = [m.id for f in load_roster(tmp_path / "a.yaml").firms for m in f.member_list]
    ids_c = [m.id for f in load_roster(tmp_path / "c.yaml").firms for m in f.member_list]
    assert not set(ids_a) & set(ids_c)


def test_id_numbers_only_and_no_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("BRANCHPLAN_ID_KEY", raising=False)
    src = excel_roster(tmp_path / "r.xlsx")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert "--id-key" in res.stderr and "BRANCHPLAN_ID_KEY" in res.stderr
    assert not out.exists()
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--id-key", "short"])
    assert res.exit_code == 2 and "at least 16 characters" in res.stderr


GBK_ROWS = """序号,单位名称,党员编号,姓名,手机号码,家庭住址,党员类别,入党时间,所在区县,经度,纬度
1,广西南山律师事务所,M001,韦明,13900000001,广西贵港市港北区中山路1号,正式,2008-07-01,港北区,109.61,23.10
2,广西南山律师事务所,M002,黄丽,13900000002,广西贵港市港北区中山路2号,正式,2009年7月1日,港北区,109.61,23.10
3,广西南山律师事务所,M003,梁强,13900000003,广西贵港市港北区中山路3号,正式,2011/7/1,港北区,109.61,23.10
4,广西北岭律师事务所,M004,覃芳,13900000004,广西贵港市港南区江南路4号,正式,2012.07.01,港南区,109.62,23.09
5,广西北岭律师事务所,M005,陆军,13900000005,广西贵港市港南区江南路5号,正式,41091,港南区,109.62,23.09
6,广西北岭律师事务所,M006,蒙静,13900000006,广西贵港市港南区江南路6号,在册,2013-07-01,港南区,109.62,23.09
7,广西北岭律师事务所,M007,欧阳华,13900000007,广西贵港市港南区江南路7号,正式,2013-13-01,港南区,109.62,23.09
8,,M008,甘雨,13900000008,广西贵港市港南区江南路8号,正式,2014-07-01,港南区,109.62,23.09
9,广西北岭律师事务所,M009,潘云,13900000009,广西贵港市港南区江南路9号,预备,2025-09-01,港北区,109.62,23.09
10,广西北岭律师事务所,M001,莫飞,13900000010,广西贵港市港南区江南路10号,正式,2015-07-01,港南区,109.62,23.09
11,广西北岭律师事务所,M011,谭松,13900000011,广西贵港市港南区江南路11号,正式,2016-07-01,港南区,109.62,
12,广西北岭律师事务所,M012,卢雪,13900000012,广西贵港市港南区江南路12号,正式,1920-07-01,港南区,109.62,23.09
"""


def test_gbk_csv_with_bad_rows_fails_and_names_every_row(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_bytes(GBK_ROWS.encode("gbk"))
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--lang", "en"])
    assert res.exit_code == 2
    assert not out.exists()
    err = res.stderr
    expected = {
        7: "党员类别: 'in ranks' is not",
        8: "入党时间: '2013-13-01' is not a date of the calendar",
        9: "单位名称: no firm on this row",
        11: "党员编号: member id M001 already given in row 2",
        12: "lat and lon must be given together",
        13: "入党时间: 1920-07-01 is before the Party was founded",
    }
    for row, text in expected.items():
        line = next((ln for ln in err.splitlines() if ln.startswith(f"{src}:{row}:")), "")
        assert text.split(":")[0] in line, (row, err)
    assert f"{src}:8:8: 入党时间: '2013-13-01' is not a date of the calendar" in err
    # a firm cell that differs from the firm's first row: a warning, the member is taken
    assert (f"{src}:10:9: 所在区县: warning: row 5 of the same firm has '港南区', this row '港北区'; "
            "row 5's value is used") in err
    # (Chinese text without digits in a member's column is not quoted: it may be a name)
    assert "7:7: 党员类别: (value not shown) is not a member status" in err and "在册" not in err
    assert "CSV, GBK/GB18030, comma-separated" in err
    assert "rows: 12 data rows (0 blank skipped); taken 6, rejected 6" in err
    assert "not copied (personal data): 手机号码, 家庭住址" in err
    assert "6 rows rejected; nothing written (fix them" in err
    for n in range(1, 13):
        assert phone(n).replace("139", "1390000") not in err


def test_allow_rejects_writes_the_rest(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_bytes(GBK_ROWS.encode("gbk"))
    out = tmp_path / "firms.json"
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "贵港市", "--allow-rejects",
                              "--lang", "zh"])
    assert res.exit_code == 0, res.output
    roster = load_roster(out)
    assert [m.id for f in roster.firms for m in f.member_list] == ["M001", "M002", "M003", "M004", "M005", "M009"]
    assert roster.firm_by_id["广西北岭律师事务所"].district == "港南区"     # row 5's, not row 10's 港北区
    assert roster.firm_by_id["广西北岭律师事务所"].member_list[1].joined == date(2012, 7, 1)  # serial 41091
    text = out.read_text(encoding="utf-8")
    assert "1390000" not in text and "中山路" not in text and "江南路" not in text
    assert "6 行被拒收，已略去，其余各行已写出" in res.stderr and "（值不予显示）不是党员类别" in res.stderr


def test_utf8_bom_english_headers_and_counts_form(tmp_path):
    src = tmp_path / "counts.csv"
    src.write_bytes("\ufeffFirm ID,Firm name,City,District,Full members,Probationary members,Lawyers\n"
                    "F01,Alpha Law,Guigang,Gangbei,4,1,20\nF02,Beta Law,Guigang,Gangnan,2,0,6\n"
                    "F03,Gamma Law,Guigang,Gangnan,1,1,3\n".encode("utf-8"))
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    roster = load_roster(out)
    assert [(f.id, f.name, f.full, f.probationary, f.lawyers) for f in roster.firms] == [
        ("F01", "Alpha Law", 4, 1, 20), ("F02", "Beta Law", 2, 0, 6), ("F03", "Gamma Law", 1, 1, 3)]
    assert "UTF-8 (BOM)" in res.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["firms"][0]["members"] == {"full": 4, "probationary": 1}


def test_tab_separated_member_rows_get_row_ids_and_solve(tmp_path):
    rows = ["firm\tname\tstatus\tjoined\tcity"]
    for i, firm in enumerate(["A所", "A所", "A所", "B所", "B所", "C所"]):
        rows.append(f"{firm}\t党员{i}\tfull\t2010-0{i + 1}-01\t某市")
    src = tmp_path / "r.tsv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    roster = load_roster(out)
    assert [m.id for m in roster.firm_by_id["A所"].member_list] == ["R2", "R3", "R4"]
    assert "R + row number" in res.stderr
    solved = runner.invoke(app, ["solve", str(out), "-f", "yaml"])
    assert solved.exit_code == 0, solved.output
    assert len(yaml.safe_load(solved.stdout)["branches"]) == 2


def test_no_header_row_and_clashing_columns_are_input_errors(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X"])
    assert res.exit_code == 2 and "no header row found" in res.stderr
    src.write_text("律所名称,单位名称,党员类别\n甲,甲,正式\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X"])
    assert res.exit_code == 2 and f"{src}:1:2: columns A (律所名称) and B (单位名称) both give the firm" in res.stderr
    src.write_text("律所名称,党员类别\n甲,正式\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src)])
    assert res.exit_code == 2 and "give the city with --jurisdiction" in res.stderr
    res = runner.invoke(app, ["import", str(tmp_path / "old.xls")])
    assert res.exit_code == 2


@pytest.mark.parametrize("cell, expected, month_only", [
    ("2010-07-01", date(2010, 7, 1), False), ("2010/7/1", date(2010, 7, 1), False),
    ("2010年7月1日", date(2010, 7, 1), False), ("2010.07.01", date(2010, 7, 1), False),
    ("20100701", date(2010, 7, 1), False), ("２０１０年７月１日", date(2010, 7, 1), False),
    ("2010年7月", date(2010, 7, 1), True), ("2010-07", date(2010, 7, 1), True),
    (40360, date(2010, 7, 1), False), ("40360", date(2010, 7, 1), False), (40360.0, date(2010, 7, 1), False),
    (datetime(2010, 7, 1), date(2010, 7, 1), False), ("2010-07-01 00:00:00", date(2010, 7, 1), False),
])
def test_date_forms(cell, expected, month_only):
    assert parse_date(cell) == (expected, month_only)


@pytest.mark.parametrize("cell", ["2010", "2010-02-30", "七月一日", "10/7/1", True, "1900-01-01"])
def test_bad_dates(cell):
    with pytest.raises(Bad):
        parse_date(cell)


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_reading(tmp_path):
    import zipfile

    src = excel_roster(tmp_path / "名册.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in z.infolist():
            out.writestr(item, z.read(item.filename))
        out.writestr("xl/padding.xml", b" " * 10_000_000)   # compresses to ~10 kB
    assert bomb.stat().st_size < 60_000
    out_file = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["--max-input-bytes", "60k", "import", str(bomb), "-o", str(out_file)])
    assert res.exit_code == 2
    assert "bomb.xlsx" in res.stderr and "unpacks to" in res.stderr and "Traceback" not in res.output
    assert not out_file.exists()
    ok = runner.invoke(app, ["--max-input-bytes", "60k", "import", str(src), "-o", str(out_file)],
                       env={"BRANCHPLAN_ID_KEY": KEY})
    assert ok.exit_code == 0, ok.output           # the genuine workbook is well within the limit
