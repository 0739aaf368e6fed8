"""Chinese help pages wrap by display width (a Chinese character takes two columns), never
inside an option, environment variable or other Latin word, and by the basic Chinese
line-breaking rule (no line starts with closing punctuation or ends with opening)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
ZH_ENV = {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}
WITH_LANG = ["solve", "check", "diff", "import", "report", "explain", "schema"]
COMMANDS = [[]] + [[c] for c in WITH_LANG] + [["rules"], ["rules", "show"]]
WIDTHS = [50, 60, 80, 100]
CJK = re.compile(r"[\u4e00-\u9fff]")
CLOSING = "、，。；：！？）」』》】〕〉”"
OPENING = "（「『《【〔〈“"
#: A line that may be wider than the page: one Latin run (with punctuation glued to it) ...
UNBREAKABLE = re.compile(rf"[{OPENING}\[(]*[!-~]+[{CLOSING}\]).]*")
#: ... or an option list of a definition list, which click never wraps.
OPTION_TERM = re.compile(r"-[!-~ ]+")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def help_zh(args: list[str], **kw) -> str:
    extra = ["--lang", "zh"] if args and args[0] in WITH_LANG else []
    res = runner.invoke(app, args + ["--help"] + extra, env=ZH_ENV, **kw)
    assert res.exit_code == 0, res.output
    assert CJK.search(res.stdout), res.stdout
    return res.stdout


def command_of(args: list[str]):
    import typer.main

    cmd = typer.main.get_command(app)
    for part in args:
        cmd = cmd.commands[part]
    return cmd


@pytest.fixture(scope="module")
def unwrapped():
    return {tuple(a): help_zh(a, terminal_width=1000) for a in COMMANDS}


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "branchplan")
def test_chinese_help_fits_the_width_and_breaks_lines_properly(args, cols, unwrapped):
    text = help_zh(args, terminal_width=cols)
    lines = text.splitlines()
    for line in lines:
        body = line.strip()
        if width(line) > cols:
            assert UNBREAKABLE.fullmatch(body) or OPTION_TERM.fullmatch(body), (cols, line)
        if body:
            assert body[0] not in CLOSING + ")]}", (cols, line)
            assert body[-1] not in OPENING + "([", (cols, line)
    # no text lost or added: the same characters as the page at an unlimited width
    full = unwrapped[tuple(args)]
    assert "".join(text.split()) == "".join(full.split())
    # no Latin word (option, environment variable, YYYY-MM-DD, k/M/G...) broken
    assert re.findall(r"[!-~]+", text) == re.findall(r"[!-~]+", full)
    cmd = command_of(args)
    options = [p for p in cmd.params if p.param_type_name == "option"]
    names = [n for p in options for n in (*p.opts, *p.secondary_opts)]
    names += [p.envvar for p in options if isinstance(p.envvar, str)]
    tokens = set(re.findall(r"[A-Za-z0-9_-]+", text))
    assert names and all(n in tokens for n in names), (cols, [n for n in names if n not in tokens])


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "branchplan")
def test_the_second_column_is_aligned(args, cols):
    """In each section of a definition list, every line of help starts at the same column."""
    text = help_zh(args, terminal_width=cols)
    for section in re.split(r"\n\n", text):
        head, *rows = section.splitlines()
        if not head.endswith("：") or head.startswith("用法"):
            continue
        starts = set()
        for row in rows:
            m = re.match(r"( +)(\S+(?: \S+)*?)( {2,})(\S)", row)
            if m and not row.startswith("    "):
                starts.add(width(m.group(1) + m.group(2) + m.group(3)))
            elif row.startswith("    "):
                starts.add(len(row) - len(row.lstrip(" ")))
        assert len(starts) == 1, (args, cols, section)


def test_columns_from_the_environment():
    """``COLUMNS=60 branchplan solve --help --lang zh`` in a terminal (click fixes the width
    at 80 under CliRunner, so this runs the program)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    res = subprocess.run([sys.executable, "-m", "branchplan", "solve", "--help", "--lang", "zh"],
                         env={**env, "COLUMNS": "60"}, capture_output=True, text=True,
                         encoding="utf-8", check=True)
    assert CJK.search(res.stdout)
    long = [ln for ln in res.stdout.splitlines() if width(ln) > 60]
    assert all(OPTION_TERM.fullmatch(ln.strip()) for ln in long), long
    assert re.search(r"\[环境变量：\s*BRANCHPLAN_PSEUDONYM_KEY\]", res.stdout)
    assert "[默认：1；1<=x<=64]" in res.stdout  # a bracket that fits on a line stays whole
    assert not re.search(r"^\s*[、，。；：）]", res.stdout, re.M)


def test_the_command_list_shows_each_first_sentence_whole():
    """click shortens a command's help in the list by character count; in Chinese the list
    shows the first sentence, wrapped."""
    text = help_zh([], terminal_width=50)
    assert "..." not in text.split("命令：")[1]
    assert "solve将各单位编入党支部：正式党员3人以上的单位单独建支部，其余单位联合组建支部。diff" in "".join(text.split())


def test_the_line_breaking_rule_on_its_own():
    from branchplan.cli.widthwrap import cell_width, fill

    assert cell_width("用法：ab") == 8 and cell_width("e\u0301") == 1
    # greedy by width, "。" would start the second line and "（" end the first
    assert fill("一二三四。五六", 8).splitlines() == ["一二三", "四。五六"]
    assert fill("一二三（四五）", 8).splitlines() == ["一二三", "（四五）"]
    # a Latin word is never broken, and may run past the width when alone on its line
    assert fill("设置 BRANCHPLAN_ID_KEY；至少", 10, "", "  ").splitlines() == [
        "设置", "  BRANCHPLAN_ID_KEY；", "  至少"]
    # a bracket stays whole when it fits, else breaks only where Chinese may
    assert fill("共计。  [默认：30.0；x>=1]", 24).splitlines() == ["共计。", "[默认：30.0；x>=1]"]
    assert fill("[默认：30.0；x>=1]", 12).splitlines() == ["[默认：", "30.0；x>=1]"]
