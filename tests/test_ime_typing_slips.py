"""What a Chinese input method types in place of YAML's colon and spaces (a full-width colon
``：``, a full-width space U+3000, a no-break space U+00A0) is said at the line where it was
typed, with what to write, in English and Chinese; a GBK ("ANSI") file is told as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FIRMS = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - id: F001
    name: 广西郁江律师事务所
    district: 港北区
    lawyers: 5
    members:
      - {id: M1, name: 张三, status: full, joined: 2001-01-01}
      - {id: M2, name: 李四, status: full, joined: 2002-01-01}
      - {id: M3, name: 王五, status: full, joined: 2003-01-01}
"""

COLON_EN = " (a full-width colon '：': write ': ', an ASCII colon and a space)"
COLON_ZH = "（全角冒号“：”：请改用半角冒号加空格“: ”）"
INDENT_EN, INDENT_ZH = " (a full-width space, U+3000: indent with ordinary spaces)", "（全角空格：请用半角空格缩进）"
SPACE_EN, SPACE_ZH = " (a full-width space, U+3000: use an ordinary space)", "（全角空格：请改用半角空格）"
NBSP_EN, NBSP_ZH = " (a no-break space, U+00A0: use an ordinary space)", "（不间断空格 U+00A0：请改用普通半角空格）"
NO_COLON_EN = "invalid YAML: while scanning a simple key: could not find expected ':'"
NO_COLON_ZH = "YAML 格式错误：读取键名时：缺少“:”"
NOT_HERE_EN = "invalid YAML: mapping values are not allowed in this context"
NOT_HERE_ZH = "YAML 格式错误：此处不能出现“键：值”（冒号后可能缺空格，或缩进不对）"
NO_DASH_EN = "invalid YAML: while parsing a block collection: did not find expected '-' indicator"
NO_DASH_ZH = "YAML 格式错误：解析列表或映射时：缺少列表项标记“-”（缩进可能不对）"


def refused(path, lang: str) -> str:
    res = runner.invoke(app, ["solve", str(path), "-q", "--lang", lang])
    assert res.exit_code == 2, res.output
    return res.stderr


CASES = {   # (the text typed in place of the text of FIRMS, the position, English, Chinese)
    "a full-width colon after a key: said at the key's line, not the next one":
        (("    name: 广西", "    name：广西"), "5:5", NO_COLON_EN + COLON_EN, NO_COLON_ZH + COLON_ZH),
    "a full-width colon and a space after it":
        (("    district: 港北区", "    district： 港北区"), "6:5", NO_COLON_EN + COLON_EN, NO_COLON_ZH + COLON_ZH),
    "a full-width colon on the last key of a mapping":
        (("    lawyers: 5", "    lawyers：5"), "7:5", NO_COLON_EN + COLON_EN, NO_COLON_ZH + COLON_ZH),
    "a full-width colon on the first line, read with the next one as one text":
        (("jurisdiction: ", "jurisdiction："), "1:1", NOT_HERE_EN + COLON_EN, NOT_HERE_ZH + COLON_ZH),
    "a full-width colon on a mapping's first key, read with the next line as the value above":
        (("    members:\n", "    members:\n      x：1\n"), "9:7", NOT_HERE_EN + COLON_EN, NOT_HERE_ZH + COLON_ZH),
    "a full-width space in an indentation":
        (("    name: 广西", "  \u3000name: 广西"), "5:3", NO_DASH_EN + INDENT_EN, NO_DASH_ZH + INDENT_ZH),
    "a full-width space after a colon":
        (("    name: 广西", "    name:\u3000广西"), "5:5", NO_COLON_EN + SPACE_EN, NO_COLON_ZH + SPACE_ZH),
    "a no-break space after a colon":
        (("    name: 广西", "    name:\u00a0广西"), "5:5", NO_COLON_EN + NBSP_EN, NO_COLON_ZH + NBSP_ZH),
    "a no-break space in an indentation":
        (("    district:", "   \u00a0district:"), "6:4", NO_DASH_EN + NBSP_EN, NO_DASH_ZH + NBSP_ZH),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_typing_slip_is_said_at_its_line(tmp_path, case):
    (old, new), at, en, zh = CASES[case]
    assert FIRMS.count(old) == 1
    f = tmp_path / "firms.yaml"
    f.write_text(FIRMS.replace(old, new), encoding="utf-8")
    assert refused(f, "en") == f"{f}:{at}: {en}\n"
    assert refused(f, "zh") == f"{f}:{at}: {zh}\n"


def test_a_full_width_colon_in_an_entry_in_braces(tmp_path):
    """``{id: M1, name：张三}`` is valid YAML (a key ``name：张三`` without a value): the
    unknown key, a member's name not shown, gets the hint."""
    f = tmp_path / "firms.yaml"
    f.write_text(FIRMS.replace("{id: M1, name: 张三", "{id: M1, name：张三"), encoding="utf-8")
    assert refused(f, "en") == f"{f}:9:18: firms[0].members[0]: unknown key (value not shown){COLON_EN}\n"
    assert refused(f, "zh") == f"{f}:9:18: firms[0].members[0]: 未知的键名（值不予显示）{COLON_ZH}\n"
    f.write_text(FIRMS.replace("{id: M1", "{id：M1"), encoding="utf-8")
    assert refused(f, "en").endswith(f"{f}:9:10: firms[0].members[0]: unknown key 'id：M1'{COLON_EN}\n")


def test_a_full_width_colon_in_a_rules_file(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code：BP-DISTRICT\n    enabled: false\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(rules)], env={"LANG": "en_US.UTF-8", "LC_ALL": None})
    assert res.exit_code == 2
    assert res.stderr == f"{rules}:3:5: {NOT_HERE_EN}{COLON_EN}\n"
    res = runner.invoke(app, ["rules", "-r", str(rules)], env={"LANG": "zh_CN.UTF-8", "LC_ALL": None})
    assert res.stderr == f"{rules}:3:5: {NOT_HERE_ZH}{COLON_ZH}\n"


def test_a_full_width_colon_or_space_in_chinese_text_gets_no_hint(tmp_path):
    """A syntax error on a line whose text holds a full-width colon or space (Chinese prose)
    is not blamed on it."""
    f = tmp_path / "firms.yaml"
    f.write_text(FIRMS.replace("    name: 广西郁江律师事务所", "    name: 广西：郁江\u3000律师事务所")
                 .replace("    lawyers: 5", "   lawyers: 5"), encoding="utf-8")
    assert refused(f, "en") == f"{f}:7:4: {NO_DASH_EN}\n"


def test_a_gbk_file_is_told_as_one(tmp_path):
    f = tmp_path / "firms.yaml"
    f.write_bytes(FIRMS.encode("gbk"))
    assert refused(f, "en") == (f"{f}:1:15: not UTF-8 text (byte 0xb9); save the file as UTF-8 "
                                "(it looks like GBK/ANSI: in Notepad, Save As, Encoding: UTF-8)\n")
    assert refused(f, "zh") == (f"{f}:1:15: 不是 UTF-8 文本（字节 0xb9）；请将文件另存为 UTF-8"
                                "（看来是 GBK/ANSI 编码：在记事本中点“另存为”，“编码”选“UTF-8”）\n")


def test_other_bytes_that_are_not_utf8_are_not_called_gbk(tmp_path):
    f = tmp_path / "firms.yaml"
    f.write_bytes(b"jurisdiction: \x80\n")
    assert refused(f, "en") == f"{f}:1:15: not UTF-8 text (byte 0x80); save the file as UTF-8\n"


G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
WAIVERS = """waivers:
  - code: BP-LEAD-DIRECTOR
    subject: B005
    reason: 豁免 BP-DISTANCE：两所相距较远
    expires: 2027-06-30
"""

VALUES = {   # (the file, the text typed in place of its text, the command): a full-width colon
    # (or space) in a value, and a syntax error there or below it
    "in a firm's name, a line break missing below it":
        (FIRMS, (("    name: 广西郁江律师事务所\n    district: 港北区\n    lawyers: 5",
                  "    name: 广西 ABC：律师事务所\n    district: 港北区 lawyers: 5"),), "solve"),
    "in a firm's name in quotes, the closing quote missing":
        (FIRMS, (("    name: 广西郁江律师事务所", '    name: "广西 ABC：律师事务所'),), "solve"),
    "in a waiver's reason, a line break missing below it":
        (WAIVERS, (("2027-06-30", "2027-06-30 note: x"),), "check"),
    "in a waiver's reason, in braces without the closing one":
        (WAIVERS, (("  - code: BP-LEAD-DIRECTOR\n    subject: B005\n    reason: 豁免 BP-DISTANCE：两所相距较远\n"
                    "    expires: 2027-06-30",
                    "  - {code: BP-LEAD-DIRECTOR, subject: B005, reason: 豁免 BP-DISTANCE：两所相距较远, "
                    "expires: 2027-06-30"),), "check"),
    "a full-width space after a colon in a quoted value, the closing quote missing":
        (FIRMS, (("    name: 广西郁江律师事务所", '    name: "广西 ABC:\u3000律师事务所'),), "solve"),
}


@pytest.mark.parametrize("case", list(VALUES))
def test_a_full_width_colon_or_space_in_a_value_gets_no_hint(tmp_path, case):
    """Said at the syntax error, as in the same file without the full-width colon (or space),
    and without a hint about it: neither on the line of the value, nor moved there."""
    text, edits, command = VALUES[case]
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    f = tmp_path / ("w.yaml" if command == "check" else "firms.yaml")
    args = (["check", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml"), "--waivers", str(f)]
            if command == "check" else ["solve", str(f), "-q"])

    def said(written: str, lang: str) -> str:
        f.write_text(written, encoding="utf-8")
        res = runner.invoke(app, args + ["--lang", lang])
        assert res.exit_code == 2, res.output
        return res.stderr

    control = text.replace("：", "，").replace("\u3000", "，")   # (the same columns)
    assert "：" in text or "\u3000" in text
    for lang in ("en", "zh"):
        message = said(text, lang)
        assert message == said(control, lang)
        assert message.startswith(f"{f}:") and ("invalid YAML" in message or "YAML 格式错误" in message)
        assert "full-width" not in message and "全角" not in message


def test_a_long_line_above_an_error_is_not_searched_for_slips():
    """A key may begin after every comma of a flow list: searched for slips, a long one-line
    list above an error cost its length squared (a 110 KB line: 17 s). Lines longer than
    SLIP_LINE are not searched: no hint from them, and a line with a key of its own is
    assumed (the search above an error stops there)."""
    from branchplan import parsing

    long = "  - [" + ", ".join(str(i) for i in range(parsing.SLIP_LINE)) + "]"
    assert len(long) > parsing.SLIP_LINE
    assert parsing._slips_in(long + " name：张三") == []
    assert parsing._own_key(long)
    short = "  - [" + ", ".join(str(i) for i in range(50)) + "]"
    assert not parsing._own_key(short) and parsing._slips_in("name：张三") == ["yaml.fullwidth_colon"]


def test_the_error_under_a_long_flow_list(tmp_path):
    src = tmp_path / "big.yaml"
    src.write_text("jurisdiction: 贵港市\ncoords:\n  - [" + ", ".join(str(i) for i in range(20000)) + "]\n"
                   "firms: a: b\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(src), "--lang", "en"])
    assert res.exit_code == 2
    assert res.stderr == f"{src}:4:9: invalid YAML: mapping values are not allowed in this context\n"
