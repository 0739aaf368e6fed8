"""More usage and input errors in Chinese, through the CLI: the output path (`-o`), `--pin`,
and `import`'s file-level errors (no header row, `--sheet` on a CSV, .xls, an encoding that is
neither UTF-8 nor GBK, NUL bytes, a missing sheet, a short `--id-key`). Each is exit 2 with
the Chinese under ``--lang zh`` (or a Chinese locale) and the English unchanged under ``--lang en``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.current import from_plan
from branchplan.errors import UsageError
from branchplan.plan import load_plan
from branchplan.roster import load_roster
from test_messages_zh import ZH

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
FIRMS, FIRMS_2027, CURRENT = GUIGANG / "firms.yaml", GUIGANG / "firms-2027.yaml", GUIGANG / "plan-current.yaml"
runner = CliRunner()


def both(args: list[str]) -> tuple[str, str]:
    """(English, Chinese) stderr of a refused command: exit 2, nothing on stdout, no traceback."""
    out = []
    for lang in ("en", "zh"):
        res = runner.invoke(app, args + ["--lang", lang], env=ZH)
        assert res.exit_code == 2, res.output
        assert res.stdout == "" and "Traceback" not in res.output
        out.append(res.stderr)
    return out[0], out[1]


def test_output_paths(tmp_path):
    bad = tmp_path / "p.txt"
    assert both(["solve", str(FIRMS), "-o", str(bad)]) == (
        f"{bad}: output file must end in .yaml, .yml or .json\n", f"{bad}：输出文件名应以 .yaml、.yml 或 .json 结尾\n")
    nowhere = tmp_path / "nowhere" / "p.yaml"
    assert both(["solve", str(FIRMS), "-o", str(nowhere)]) == (
        f"{nowhere}: output folder '{nowhere.parent}' does not exist\n",
        f"{nowhere}: 输出文件夹“{nowhere.parent}”不存在\n")
    assert not nowhere.parent.exists()


def test_an_output_name_the_system_refuses_is_bad_input_not_a_defect(tmp_path):
    """A file name longer than the system allows: exit 2 with the system's reason, not exit 3."""
    roster = tmp_path / "r.csv"
    roster.write_text("律所名称,姓名,党员类别\n甲所,张三,正式\n", encoding="utf-8")
    long = tmp_path / ("a" * 300 + ".yaml")
    en, zh = both(["import", str(roster), "-o", str(long), "--jurisdiction", "贵港市", "-q"])
    assert en == f"{long}: cannot write the output: File name too long\n"
    assert zh == f"{long}: 无法写出输出文件：文件名太长\n"
    assert list(tmp_path.iterdir()) == [roster]


PIN = ["solve", str(FIRMS_2027), "--current", str(CURRENT)]


@pytest.mark.parametrize("pin,english,chinese", [
    ("F999", "--pin F999: no branch or firm of the current plan is called 'F999'; pins keep something of "
     "the current plan", "--pin F999：现行方案中没有名为“F999”的支部或单位；--pin 用于固定现行方案中的支部或单位"),
    ("B007x", "--pin B007x: no branch or firm of the current plan is called 'B007x' (did you mean 'B007'?); "
     "pins keep something of the current plan",
     "--pin B007x：现行方案中没有名为“B007x”的支部或单位（是否应为“B007”？）；--pin 用于固定现行方案中的支部或单位"),
    ("firm:B001", "--pin firm:B001: B001 is a branch, not a firm; write branch:B001 (or B001)",
     "--pin firm:B001：B001 是支部，不是单位；请写 branch:B001（或 B001）"),
    ("branch:F001", "--pin branch:F001: F001 is a firm, not a branch; write firm:F001 (or F001)",
     "--pin branch:F001：F001 是单位，不是支部；请写 firm:F001（或 F001）"),
])
def test_pins_that_name_nothing_to_keep(pin, english, chinese):
    assert both(PIN + ["--pin", pin]) == (english + "\n", chinese + "\n")


def _plan(tmp_path, text: str) -> Path:
    p = tmp_path / "current.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_pins_on_what_the_roster_no_longer_has(tmp_path):
    """A branch whose firms all left, a firm that left, and an id that is both a branch and a firm."""
    plan = _plan(tmp_path, "branches:\n  - {id: B1, lead: F001, firms: [F001, F002, F003]}\n"
                           "  - {id: BX, lead: F998, firms: [F998]}\n  - {id: F001, lead: F006, firms: [F006]}\n")
    args = ["solve", str(FIRMS), "--current", str(plan), "--pin"]
    assert both(args + ["BX"]) == (
        "--pin BX: branch BX has no units left in the roster and cannot be kept\n",
        "--pin BX：支部 BX 在名册中已无单位，无法保留\n")
    assert both(args + ["firm:F998"]) == (
        "--pin firm:F998: firm F998 is no longer in the roster or has no Party members; there is nothing to keep\n",
        "--pin firm:F998：单位 F998 已不在名册中或没有党员；没有可保留的内容\n")
    assert both(args + ["F001"]) == (
        "--pin F001: F001 names both a branch and a firm; write branch:F001 or firm:F001\n",
        "--pin F001：F001 既是支部编号又是单位编号；请写 branch:F001 或 firm:F001\n")


def test_a_negative_moves_cap_given_to_the_library():
    """The CLI refuses --max-moves -1 in click's words (in Chinese too); the library says it itself,
    naming its parameter."""
    roster = load_roster(FIRMS)
    plan, text = load_plan(CURRENT)
    cur = from_plan(plan, roster, str(CURRENT), text)
    with pytest.raises(UsageError) as exc:
        cur.with_requests((), -1)
    assert str(exc.value) == "max_moves: -1 is not in the range x>=0"
    assert exc.value.text("zh") == "max_moves：-1 不在允许的范围（x>=0）内"
    assert both(PIN + ["--max-moves", "-1"])[1].endswith("错误：“--max-moves”的值无效：-1 不在允许的范围（x>=0）内。\n")


def _write(tmp_path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_import_files_that_are_not_a_roster(tmp_path):
    f = _write(tmp_path, "bad.csv", "a,b\n1,2\n")
    assert both(["import", str(f)]) == (
        f"{f}:1: no header row found: the first rows must name the firm column (律所名称/单位名称/律师事务所/firm) and "
        "at least one other known column (姓名/name, 党员类别/status, 入党时间/joined ...)\n",
        f"{f}:1: 没有找到表头行：开头几行中须有单位列（律所名称/单位名称/律师事务所/firm）和至少一个其他可识别的列"
        "（姓名/name、党员类别/status、入党时间/joined 等）\n")
    f = _write(tmp_path, "r.csv", "律所名称,姓名,党员类别\n甲所,张三,正式\n")
    assert both(["import", str(f), "--sheet", "X"]) == (
        f"{f}: --sheet applies to Excel files only\n", f"{f}: --sheet 只适用于 Excel 文件\n")
    f = _write(tmp_path, "old.xls", b"\xd0\xcf\x11\xe0")
    assert both(["import", str(f)]) == (
        f"{f}: old Excel .xls files are not read; save the sheet as .xlsx or CSV (另存为 .xlsx 或 CSV)\n",
        f"{f}: 不能读取旧版 Excel .xls 文件；请将工作表另存为 .xlsx 或 CSV\n")
    f = _write(tmp_path, "enc.csv", "律所名称,姓名\n".encode("utf-8") + b"\x81\x20\xff\n")
    assert both(["import", str(f)]) == (
        f"{f}:2: neither UTF-8 nor GBK text; save the file as CSV UTF-8 (保存为 CSV UTF-8 格式)\n",
        f"{f}:2: 既不是 UTF-8 也不是 GBK 文本；请将文件另存为“CSV UTF-8”格式\n")
    f = _write(tmp_path, "nul.csv", "律所名称,姓名\n甲所,\x00\n")
    assert both(["import", str(f)]) == (
        f"{f}: the file holds NUL bytes: not a text (CSV) file\n", f"{f}: 文件中含有 NUL 字节：不是文本（CSV）文件\n")


def test_import_a_sheet_that_is_not_there(tmp_path):
    wb = Workbook()
    wb.active.title = "名册"
    wb.create_sheet("说明")
    f = tmp_path / "r.xlsx"
    wb.save(f)
    assert both(["import", str(f), "--sheet", "Sheet1"]) == (
        f"{f}: no sheet named 'Sheet1'; the sheets are: 名册, 说明\n",
        f"{f}: 没有名为“Sheet1”的工作表；现有工作表：名册、说明\n")


def test_import_header_problems(tmp_path):
    f = _write(tmp_path, "r.csv", "律所名称,单位名称,姓名,党员人数,正式党员\n甲所,甲所,张三,3,3\n")
    en, zh = both(["import", str(f), "--jurisdiction", "贵港市"])
    assert en.splitlines()[0] == f"{f}:1:2: columns A (律所名称) and B (单位名称) both give the firm; keep one"
    assert zh.splitlines()[0] == f"{f}:1:2: A 列（律所名称）和 B 列（单位名称）都给出了律所名称；请只保留一列"
    assert zh.count("\n") == en.count("\n")


def test_import_key_problems(tmp_path):
    f = _write(tmp_path, "r.csv", "律所名称,身份证号,党员类别\n甲所,11010519491231002X,正式\n")
    en, zh = both(["import", str(f), "--jurisdiction", "贵港市", "--id-key", "short"])
    assert en == "--id-key / BRANCHPLAN_ID_KEY: the key must be at least 16 characters (密钥至少 16 个字符)\n"
    assert zh == "--id-key / BRANCHPLAN_ID_KEY：密钥至少应有 16 个字符\n"
    en, zh = both(["import", str(f), "--jurisdiction", "贵港市"])
    assert en.startswith(f"{f}: members are identified only by ID number (身份证号); ID numbers are never copied.")
    assert zh == (f"{f}：党员仅以身份证号（身份证号）标识；身份证号不会被复制。请用 --id-key 或环境变量 "
                  "BRANCHPLAN_ID_KEY 提供密钥，以派生稳定的化名党员编号\n")


def test_import_a_sheet_without_status_or_city(tmp_path):
    f = _write(tmp_path, "r.csv", "律所名称,姓名\n甲所,张三\n")
    assert both(["import", str(f)]) == (
        f"{f}:1: no member status column (党员类别: 正式/预备, or status: full/probationary)\n"
        f"{f}:1: no city column (所属城市/jurisdiction): give the city with --jurisdiction\n",
        f"{f}:1: 没有党员类别列（党员类别：正式/预备，或 status: full/probationary）\n"
        f"{f}:1: 没有所属城市列（所属城市/jurisdiction）：请用 --jurisdiction 给出城市\n")


def test_a_roster_built_in_code_with_an_id_used_twice():
    from branchplan import api
    from branchplan.errors import InputError

    roster = load_roster(FIRMS)
    once = roster.model_copy(update={"firms": list(roster.firms) + [roster.firms[2]]})
    with pytest.raises(InputError) as exc:
        api.solve(once)
    assert str(exc.value) == "roster: unit id 'F003' is used twice (firms and hosts need unique ids)"
    assert exc.value.text("zh") == "roster: 单位编号“F003”重复使用（单位和托管组织的编号须各不相同）"
    thrice = roster.model_copy(update={"firms": list(roster.firms) + list(roster.firms[1:4])})
    with pytest.raises(InputError) as exc:
        api.solve(thrice)
    assert str(exc.value) == ("roster: unit id 'F002' is used twice (firms and hosts need unique ids; "
                              "also 'F003', 'F004')")
    assert exc.value.text("zh") == "roster: 单位编号“F002”重复使用（单位和托管组织的编号须各不相同；另有“F003”、“F004”）"


def test_import_a_value_the_firms_schema_refuses(tmp_path):
    f = _write(tmp_path, "r.csv", "律所名称,姓名,党员类别,入党时间\n甲所,张三,正式,2010-01-01\n")
    assert both(["import", str(f), "--jurisdiction", "市" * 201, "-q"]) == (
        f"{f}:1: jurisdiction: String should have at most 200 characters\n",
        f"{f}:1: jurisdiction: 最多 200 个字符\n")
    # a cell that long is a rejected cell, at its row and column
    f = _write(tmp_path, "r.csv", "律所名称,姓名,党员类别,入党时间\n甲所," + "张" * 201 + ",正式,2010-01-01\n")
    en, zh = both(["import", str(f), "--jurisdiction", "贵港市", "-q"])
    assert en.startswith(f"{f}:2:2: 姓名: the cell holds 201 characters, more than the 200 a firms file takes "
                         "(value not shown): shorten it\n")
    assert zh.startswith(f"{f}:2:2: 姓名: 该单元格有 201 个字符，超过名册文件允许的 200 个（值不予显示）：请缩短\n")


def test_import_a_csv_whose_byte_order_mark_lies(tmp_path):
    """A byte-order mark followed by bytes of another encoding is a clear exit 2, not an
    internal error; a real UTF-32 file is read."""
    for name, data, mark in [("u32.csv", b"\xff\xfe\x00\x00garbage", "UTF-32"),
                             ("u16.csv", b"\xfe\xff\x00a\x00", "UTF-16"),
                             ("u8.csv", b"\xef\xbb\xbf\xff\xfe", "UTF-8")]:
        f = _write(tmp_path, name, data)
        en, zh = both(["import", str(f)])
        assert en.startswith(f"{f}: begins with a {mark} byte-order mark but is not {mark} text (at byte "), en
        assert en.endswith("); save the file as CSV UTF-8\n")
        assert zh.startswith(f"{f}: 文件开头是 {mark} 字节顺序标记，但内容不是 {mark} 文本"), zh
    f = _write(tmp_path, "ok.csv", "律所名称,姓名,党员类别\n甲所,张三,正式\n".encode("utf-32"))
    res = runner.invoke(app, ["import", str(f), "--jurisdiction", "X"])
    assert res.exit_code == 0, res.output
    assert "张三" in res.stdout


def test_the_parsers_path_messages_in_chinese():
    from branchplan.errtext import usage_zh

    assert usage_zh("Invalid value for 'FIRMS': Path 'x.yaml' is not readable.") == "“FIRMS”的值无效：“x.yaml”不可读（没有读取权限）。"
    assert usage_zh("Invalid value for '-o': File 'out' is a directory.") == "“-o”的值无效：“out”是文件夹，应为文件。"
