"""import: a joining date ``2010.1`` typed as text is refused as the same number cell is;
a withheld value is cut out of a message only where the message quotes it; hidden rows and
columns of a workbook are read and said; a workbook named .csv is told as such, one named .xls
is read, an encrypted one is said to be; a status
that the joining date makes unlikely (正式 for less than a year, 预备 for more than two) is
warned about."""

from __future__ import annotations

from datetime import timedelta

import yaml
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.model import today as beijing_today

runner = CliRunner()


def _import(src, *args: str, lang: str = "en"):
    return runner.invoke(app, ["import", str(src), "--jurisdiction", "柳州市", "--lang", lang, *args])


def _csv(tmp_path, text: str, name: str = "roster.csv"):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    return src


# ------------------------------------------------------------ 2010.1 as text


def test_year_dot_one_as_text_is_refused_as_the_number_is(tmp_path):
    """A CSV saved from Excel writes a General-format number 2010.10 (October) as 2010.1: the
    text is as ambiguous as the number cell."""
    src = _csv(tmp_path, "律所名称,姓名,党员类别,入党时间\n"
                         "甲所,张三,正式,2010.1\n"
                         "甲所,李四,正式,2010.01\n"
                         "甲所,王五,正式,2010.10\n"
                         "甲所,赵六,正式,2010.2\n"
                         "甲所,钱七,正式,2010.9\n"
                         "甲所,孙八,正式,2010.11\n"
                         "甲所,周九,正式,2010.12\n")
    out = tmp_path / "firms.yaml"
    res = _import(src, "--as-of", "2026-11-01", "--allow-rejects", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert (f"{src}:2:4: 入党时间: '2010.1' may be 2010-01 or 2010-10 (Excel keeps 2010.10 as 2010.1): "
            "write the date as text, 2010-01 or 2010-10\n") in res.stderr
    assert "taken 6, rejected 1" in res.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [str(m["joined"]) for m in doc["firms"][0]["members"]] == [
        "2010-01-01", "2010-10-01", "2010-02-01", "2010-09-01", "2010-11-01", "2010-12-01"]
    zh = _import(src, "--as-of", "2026-11-01", lang="zh")
    assert zh.exit_code == 2
    assert (f"{src}:2:4: 入党时间: “2010.1”可能是 2010 年 1 月，也可能是 2010 年 10 月（Excel 将 2010.10 存为 "
            "2010.1）：请以文本写出日期，如 2010-01 或 2010-10\n") in zh.stderr


def test_year_dot_one_in_a_text_cell_of_a_workbook(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "姓名", "党员类别", "入党时间"])
    ws.append(["甲所", "张三", "正式", "２０１０．１"])     # full-width, as text
    ws.append(["甲所", "李四", "正式", 2010.1])           # the number cell
    src = tmp_path / "r.xlsx"
    wb.save(src)
    res = _import(src, "--as-of", "2026-11-01")
    assert res.exit_code == 2
    assert (f"{src}:2:4: 入党时间: '2010.1' may be 2010-01 or 2010-10 (Excel keeps 2010.10 as 2010.1): "
            "write the date as text, 2010-01 or 2010-10\n") in res.stderr
    assert (f"{src}:3:4: 入党时间: 2010.1 (a number) may be 2010-01 or 2010-10 (Excel keeps 2010.10 as 2010.1): "
            "write the date as text, 2010-01 or 2010-10\n") in res.stderr


# ------------------------------------------------------------ withheld values


def test_a_withheld_value_is_not_cut_out_of_the_messages_own_words(tmp_path):
    """A status cell 类别 (Chinese text, no status word: withheld as a name would be) is not
    quoted, and the 类别 of 党员类别 stays; nor is a date cell 年 cut out of 2010年7月1日."""
    src = _csv(tmp_path, "律所名称,姓名,党员类别,入党时间\n"
                         "甲所,张三,类别,2010-07-01\n"
                         "甲所,李四,正式,年\n")
    en, zh = _import(src), _import(src, lang="zh")
    assert en.exit_code == zh.exit_code == 2
    assert (f"{src}:2:3: 党员类别: (value not shown) is not a member status (正式/full or 预备/probationary)\n"
            in en.stderr)
    assert (f"{src}:3:4: 入党时间: (value not shown) is not a date (write 2010-07-01, 2010/7/1 or 2010年7月1日)\n"
            in en.stderr)
    assert f"{src}:2:3: 党员类别: （值不予显示）不是党员类别（应为“正式”或“预备”）\n" in zh.stderr
    assert f"{src}:3:4: 入党时间: （值不予显示）不是日期（应写作 2010-07-01、2010/7/1 或 2010年7月1日）\n" in zh.stderr


def test_a_withheld_value_the_message_gives_unquoted_is_still_withheld(tmp_path):
    src = _csv(tmp_path, "律所名称,党员编号,姓名,党员类别,入党时间\n"
                         "甲所,张三,张三,正式,2010-07-01\n"
                         "甲所,张三,李四,正式,2010-07-01\n")
    res = _import(src, "-q")
    assert res.exit_code == 2
    assert f"{src}:3:2: 党员编号: member id (value not shown) already given in row 2\n" in res.stderr
    assert "张三" not in res.stderr.replace(str(src), "")


# ------------------------------------------------------------ a workbook under a text file's name


def _refused(src) -> tuple[str, str]:
    out = []
    for lang in ("en", "zh"):
        res = _import(src, lang=lang)
        assert res.exit_code == 2, res.output
        assert res.stdout == "" and "Traceback" not in res.output
        out.append(res.stderr)
    return out[0], out[1]


def test_an_xlsx_workbook_named_csv_is_told_to_be_renamed(tmp_path):
    """An .xlsx saved (or e-mailed) under a .csv name is a zip file: not "neither UTF-8 nor
    GBK text", which would send the clerk to re-save a good workbook."""
    wb = Workbook()
    wb.active.append(["律所名称", "姓名", "党员类别", "入党时间"])
    wb.active.append(["甲所", "张三", "正式", "2010-07-01"])
    src = tmp_path / "roster.csv"
    wb.save(src)
    assert src.read_bytes().startswith(b"PK\x03\x04")
    assert _refused(src) == (
        f"{src}: is an Excel workbook (.xlsx, a zip file) named .csv: rename it .xlsx and import it again\n",
        f"{src}: 这是 Excel 工作簿（.xlsx，zip 文件），却以 .csv 命名：请将扩展名改为 .xlsx 后重新导入\n")
    renamed = src.rename(tmp_path / "roster.xlsx")
    assert _import(renamed).exit_code == 0


def test_an_old_xls_file_named_csv_is_told_to_be_saved_again(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)
    assert _refused(src) == (
        f"{src}: is an old Excel .xls file named .csv: .xls files are not read; open it in Excel or WPS and save "
        "it as .xlsx or CSV UTF-8\n",
        f"{src}: 这是旧版 Excel .xls 文件，却以 .csv 命名：不能读取 .xls 文件；请用 Excel 或 WPS 打开，另存为 .xlsx 或"
        "“CSV UTF-8”格式\n")


def test_another_zip_file_named_csv(tmp_path):
    import zipfile

    src = tmp_path / "roster.csv"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("roster.csv", "律所名称,姓名,党员类别\n甲所,张三,正式\n")
    assert _refused(src)[0] == (f"{src}: is a zip archive named .csv, not a text (CSV) file: import the roster as "
                                ".xlsx or CSV UTF-8\n")


def test_an_xlsx_workbook_named_xls_is_read_as_xlsx(tmp_path):
    """Saved or renamed as .xls, an .xlsx workbook is still a zip file with an xl/ folder:
    read it as one (the same firms file as under its own name), saying so."""
    wb = Workbook()
    wb.active.append(["律所名称", "姓名", "党员类别", "入党时间"])
    wb.active.append(["甲所", "张三", "正式", "2010-07-01"])
    good = tmp_path / "roster.xlsx"
    wb.save(good)
    named = tmp_path / "roster.xls"
    named.write_bytes(good.read_bytes())
    outs = []
    for src in (good, named):
        out = tmp_path / f"{src.name}.yaml"
        res = _import(src, "--as-of", "2026-11-01", "-o", str(out))
        assert res.exit_code == 0, res.output
        outs.append((res.stderr, out.read_bytes()))
    assert "an .xlsx workbook named .xls: read as .xlsx" in outs[1][0]
    assert "named .xls" not in outs[0][0]
    assert outs[0][1].replace(b"roster.xlsx", b"roster.xls") == outs[1][1]
    zh = _import(named, "--as-of", "2026-11-01", lang="zh")
    assert zh.exit_code == 0 and "这是以 .xls 命名的 .xlsx 工作簿：已按 .xlsx 读取" in zh.stderr


def _encrypted_workbook(path):
    """The shape Excel and WPS give a workbook with a password to open: an OLE compound file
    whose directory names an ``EncryptedPackage`` stream (in UTF-16)."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1016) + "EncryptedPackage".encode("utf-16-le")
                     + bytes(range(256)) * 4)
    return path


def test_a_password_protected_workbook_is_told_as_such(tmp_path):
    """Whatever its name (.xlsx, as saved; .xls or .csv, as renamed), an encrypted workbook is
    said to be one, with how to clear the password, not called damaged or an old .xls."""
    for name in ("roster.xlsx", "roster.xls", "roster.csv"):
        src = _encrypted_workbook(tmp_path / name)
        assert _refused(src) == (
            f"{src}: is a password-protected (encrypted) Excel workbook, which cannot be read: open it in Excel or "
            "WPS, clear the password to open it (File > Info > Protect Workbook > Encrypt with Password), save it "
            "as .xlsx and import it again\n",
            f"{src}: 这是设有打开密码（已加密）的 Excel 工作簿，无法读取：请用 Excel 或 WPS 打开，清除打开密码（文件 > 信息 > "
            "保护工作簿 > 用密码进行加密），另存为 .xlsx 后重新导入\n")


# ------------------------------------------------------------ hidden rows and columns


def _hidden_workbook(path, hidden_rows=(3, 5, 7), members: int = 5):
    """A roster whose rows ``hidden_rows`` are hidden (row 7: a rejected row), as are
    column D (入党时间, used) and column E (备注, not used)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["律所名称", "姓名", "党员类别", "入党时间", "备注"])
    for k in range(members):
        ws.append(["甲所", f"党员{k}", "正式", "2010-07-01", "转出" if k == 1 else None])
    ws.append(["甲所", "王五", "正式", "2010-13-01", None])     # row 2 + members: rejected
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions["D"].hidden = True
    ws.column_dimensions["E"].hidden = True
    wb.save(path)
    return path


def test_hidden_rows_and_columns_are_imported_and_said(tmp_path):
    """Rows hidden by hand or by a filter (a member who left, hidden instead of deleted) are
    imported, nobody dropped out of sight, and the summary says which, so that the clerk's
    count of the rows Excel shows can be reconciled; a hidden column that is read is said too."""
    src = _hidden_workbook(tmp_path / "r.xlsx")
    out = tmp_path / "firms.yaml"
    res = _import(src, "--allow-rejects", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert f"{src}:7:4: 入党时间: '2010-13-01' is not a date of the calendar\n" in res.stderr
    assert "  firms 1, members 5 (5 full, 0 probationary)\n" in res.stderr
    assert ("  2 hidden rows imported (rows 3, 5; a filter or hidden rows in the sheet): count them in\n"
            in res.stderr)
    assert ("  1 hidden column read (D 入党时间): the sheet hides it, the import reads it as any other\n"
            in res.stderr)
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]) == 5
    zh = _import(src, "--allow-rejects", lang="zh")
    assert "  2 行隐藏行已导入（第 3、5 行；表格设有筛选或隐藏了行）：清点人数时请计入\n" in zh.stderr
    assert "  已读取 1 个隐藏列（D 列“入党时间”）：表格隐藏了该列，导入时照常读取\n" in zh.stderr


def test_many_hidden_rows_are_listed_in_part(tmp_path):
    src = _hidden_workbook(tmp_path / "r.xlsx", hidden_rows=range(2, 15), members=14)
    res = _import(src, "--allow-rejects", "-q")
    assert res.exit_code == 0, res.output
    res = _import(src, "--allow-rejects")
    assert ("  13 hidden rows imported (rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...; a filter or hidden rows in "
            "the sheet): count them in\n") in res.stderr
    zh = _import(src, "--allow-rejects", lang="zh")
    assert "  13 行隐藏行已导入（第 2、3、4、5、6、7、8、9、10、11 行等；表格设有筛选或隐藏了行）：清点人数时请计入\n" in zh.stderr


def test_hidden_rows_read_from_the_loaded_workbook_too(tmp_path, monkeypatch):
    """Without openpyxl's private reader of the sheet's part the workbook is loaded in full:
    the same hidden rows and columns."""
    from openpyxl import load_workbook

    from branchplan.importer import table

    src = _hidden_workbook(tmp_path / "r.xlsx")
    wb = load_workbook(src, read_only=True)
    try:
        ws = wb[wb.sheetnames[0]]
        fast = table.sheet_parts(ws, src)
        monkeypatch.setattr(type(ws), "_get_source", None, raising=False)
        slow = table.sheet_parts(ws, src)
    finally:
        wb.close()
    assert fast.hidden_rows == slow.hidden_rows == [3, 5, 7]
    assert fast.hidden_columns == slow.hidden_columns == [(4, 4), (5, 5)]
    assert fast.merged == slow.merged == [] and fast.uncomputed == slow.uncomputed == []


# ------------------------------------------------------------ status against joining date


FULL_TOO_SOON = ("党员类别: warning: full member (正式) who joined on {joined}, less than a year before {on}: "
                 "probation lasts a year; still probationary (预备)? Check the status and the joining date (the row "
                 "is taken as full)")
PROBATION_TOO_LONG = ("党员类别: warning: probationary member (预备) who joined on {joined}, more than two years "
                      "before {on}: probation lasts a year, two at most when extended; full (正式) by now? Check "
                      "the status and the joining date (the row is taken as probationary)")


def test_a_status_the_joining_date_makes_unlikely_is_warned_about(tmp_path):
    """Probation lasts a year, and is extended once at most, to two: 正式 within a year of
    joining, or 预备 more than two years after, is a typo in one of the two cells, and the
    status decides which firms have a branch of their own. The row is taken as written."""
    src = _csv(tmp_path, "律所名称,姓名,党员类别,入党时间\n"
                         "甲所,甲一,正式,2026-06-01\n"      # 5 months: warned
                         "甲所,甲二,正式,2025-11-15\n"      # a year to the day: no
                         "甲所,甲三,正式,2025-11-16\n"      # a day short of a year: warned
                         "乙所,乙一,预备,2019-07-01\n"      # seven years: warned
                         "乙所,乙二,预备,2024-11-15\n"      # two years to the day: no
                         "乙所,乙三,预备,2024-11-14\n"      # a day over two years: warned
                         "乙所,乙四,预备,2024年11月\n"      # the month's 1st is over, its end is not: no
                         "乙所,乙五,预备,2026-01-01\n"
                         "丙所,丙一,正式,\n"
                         "丙所,丙二,正式,2001-07-01\n")
    out = tmp_path / "firms.yaml"
    res = _import(src, "--as-of", "2026-11-15", "-o", str(out))
    assert res.exit_code == 0, res.output
    on = "the --as-of date 2026-11-15"
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:2:3: " + FULL_TOO_SOON.format(joined="2026-06-01", on=on),
        f"{src}:4:3: " + FULL_TOO_SOON.format(joined="2025-11-16", on=on),
        f"{src}:5:3: " + PROBATION_TOO_LONG.format(joined="2019-07-01", on=on),
        f"{src}:7:3: " + PROBATION_TOO_LONG.format(joined="2024-11-14", on=on),
    ]
    assert ("  4 members marked full less than a year after joining, or probationary more than two years after: "
            "check the status or the date (warnings above)\n") in res.stderr
    assert "firm cell" not in res.stderr                 # not counted as differing firm cells
    assert not any(name in res.stderr for name in ("甲一", "甲三", "乙一", "乙三"))
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [m["status"] for f in doc["firms"] for m in f["members"]] == ["full"] * 3 + ["probationary"] * 5 + [
        "full"] * 2
    zh = _import(src, "--as-of", "2026-11-15", lang="zh")
    assert (f"{src}:2:3: 党员类别: 提醒：党员类别为正式，但入党时间 2026-06-01 距 --as-of 日期 2026-11-15 不满 1 年："
            "预备期为 1 年，是否仍为预备党员？请核对党员类别和入党时间（本行按正式党员采用）\n") in zh.stderr
    assert (f"{src}:5:3: 党员类别: 提醒：党员类别为预备，但入党时间 2019-07-01 距 --as-of 日期 2026-11-15 已超过 2 年："
            "预备期为 1 年，延长也不超过 2 年，是否已转为正式党员？请核对党员类别和入党时间（本行按预备党员采用）\n"
            ) in zh.stderr
    assert ("  4 名党员的党员类别与入党时间不符（正式党员入党不满 1 年，或预备党员入党超过 2 年）：请核对党员类别或入党时间"
            "（见上方提醒）\n") in zh.stderr


def test_without_as_of_the_status_is_measured_today(tmp_path):
    today = beijing_today()
    joined = today - timedelta(days=30)
    src = _csv(tmp_path, f"律所名称,姓名,党员类别,入党时间\n甲所,甲一,正式,{joined}\n甲所,甲二,预备,{joined}\n")
    res = _import(src)
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(f"{src}:")] == [
        f"{src}:2:3: " + FULL_TOO_SOON.format(joined=joined, on=f"today ({today})")]
    assert "  1 member marked full less than a year after joining" in res.stderr
    zh = _import(src, lang="zh")
    assert f"{src}:2:3: 党员类别: 提醒：党员类别为正式，但入党时间 {joined} 距今天（{today}）不满 1 年" in zh.stderr
