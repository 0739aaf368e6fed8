"""Number options read like the other usage errors (the option, the value, the range, in
click's words, not pydantic's), and every help page names what an option or argument takes
with an upper-case placeholder (FILE, PLAN, N, SECONDS, DATE...) or the list of its values;
in Chinese, the help page's own words are Chinese too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIRMS = str(ROOT / "examples" / "guigang" / "firms.yaml")
PLAN = str(ROOT / "examples" / "guigang" / "plan-current.yaml")
ZH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
runner = CliRunner()

#: (arguments, the option, the value given, what is wrong with it)
BAD_NUMBERS = [
    (["solve", FIRMS], "--workers", "0", "0 is not in the range 1<=x<=64."),
    (["solve", FIRMS], "--workers", "65", "65 is not in the range 1<=x<=64."),
    (["solve", FIRMS], "--workers", "two", "'two' is not a valid integer."),
    (["solve", FIRMS], "--time-limit", "0", "0 is not in the range x>=0.01."),
    (["solve", FIRMS], "--time-limit", "nan", "'nan' is not a valid number."),
    (["solve", FIRMS], "--seed", "1.5", "'1.5' is not a valid integer."),
    (["solve", FIRMS], "--nearest", "0", "0 is not in the range x>=1."),
    (["solve", FIRMS], "--max-moves", "-1", "-1 is not in the range x>=0."),
    (["check", PLAN, "--firms", FIRMS], "--max-gap", "-5", "-5 is not in the range x>=0."),
    (["check", PLAN, "--firms", FIRMS], "--gap-time-limit", "0", "0 is not in the range x>=0.01."),
    (["check", PLAN, "--firms", FIRMS], "--max-moves", "lots", "'lots' is not a valid integer."),
    (["explain", PLAN, "--firms", FIRMS], "--alternatives", "21", "21 is not in the range 0<=x<=20."),
]


@pytest.mark.parametrize("args, option, value, why", BAD_NUMBERS,
                         ids=[f"{a[0]} {o} {v}" for a, o, v, _ in BAD_NUMBERS])
def test_a_bad_number_is_a_usage_error_in_clicks_words(args, option, value, why):
    res = runner.invoke(app, [*args, option, value])
    assert res.exit_code == 2, res.output
    assert res.stderr.endswith(f"Error: Invalid value for '{option}': {why}\n")
    assert "Input should" not in res.stderr and "Traceback" not in res.output
    assert res.stdout == ""


def test_a_bad_number_in_chinese():
    res = runner.invoke(app, ["solve", FIRMS, "--workers", "0"], env=ZH)
    assert res.exit_code == 2
    assert res.stderr.endswith("错误：“--workers”的值无效：0 不在允许的范围（1<=x<=64）内。\n")
    res = runner.invoke(app, ["check", PLAN, "--firms", FIRMS, "--max-moves", "lots", "--lang", "zh"])
    assert res.stderr.endswith("错误：“--max-moves”的值无效：“lots”不是整数。\n")


def test_good_numbers_still_work(tmp_path):
    res = runner.invoke(app, ["solve", FIRMS, "--workers", "2", "--time-limit", "20", "--seed", "3",
                              "--nearest", "4", "-q", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert '"status": "optimal"' in res.stdout
    res = runner.invoke(app, ["explain", PLAN, "--firms", FIRMS, "--firm", "F006", "--alternatives", "0"])
    assert res.exit_code == 0, res.output


def _help(words: list[str], env: dict | None = None) -> str:
    res = runner.invoke(app, [*words, "--help"], env=env)
    assert res.exit_code == 0, res.output
    return res.stdout


def _pages() -> list[list[str]]:
    """Every command's words: [], [solve], ..., [rules], [rules, show]."""
    out, todo = [], [[]]
    while todo:
        words = todo.pop()
        out.append(words)
        text = _help(words)
        if "Commands:" in text:
            todo += [[*words, w] for w in re.findall(r"^  (\w+)\s", text.split("Commands:")[1], re.M)]
    return out


PLACEHOLDER = re.compile(r"[A-Z][A-Z_]*|<\w+(\|\w+)+>")


def test_every_option_and_argument_has_an_upper_case_placeholder():
    pages = _pages()
    assert len(pages) >= 10
    seen = set()
    for words in pages:
        text = _help(words)
        assert not re.search(r"<(path|str|int|float|int range|float range|bool)>", text), words
        usage = text.splitlines()[0]
        for arg in re.findall(r"\{(\S+?)\}", usage):
            assert PLACEHOLDER.fullmatch(arg), (words, arg)
        options = text.split("Options:")[1].split("Commands:")[0]
        for m in re.finditer(r"^  (?:-\w, )?(--[\w-]+)(?: (\S+))?", options, re.M):
            option, shown = m.groups()
            if shown is not None:
                assert PLACEHOLDER.fullmatch(shown), (words, option, shown)
                seen.add(shown)
    assert {"FILE", "FIRMS", "OLD_PLAN", "OLD_FIRMS", "PLAN", "N", "SECONDS", "PCT", "DATE", "KEY", "SIZE"} <= seen


def test_chinese_help_has_no_english_of_its_own():
    """The words click and typer put on a help page (Usage, Options, COMMAND, [env var: ...],
    [default: ...], [required]) are Chinese on a Chinese help page, even where a line wraps."""
    for words in _pages():
        text = _help(words, env=ZH)
        for english in ("Usage", "Options", "Arguments", "Commands", "COMMAND", "env var", "default:", "required]"):
            assert english not in text, (words, english)
        assert text.startswith("用法：branchplan")
    assert "[环境变量：BRANCHPLAN_MAX_INPUT_BYTES]" in _help([], env=ZH)
    assert "用法：branchplan [选项] 命令 [参数]..." in _help([], env=ZH)
    assert "[环境变量：BRANCHPLAN_PSEUDONYM_KEY]" in _help(["check"], env=ZH)
    # the brackets of extras punctuate in Chinese throughout (and English stays English)
    assert "[默认：30.0；x>=0.01]" in _help(["check"], env=ZH)
    assert "[default: 30.0; x>=0.01]" in _help(["check"])
    assert "用法： " not in _help(["check"], env=ZH)
    assert re.search(r"\n  show +输出规则说明", _help(["rules"], env=ZH))
