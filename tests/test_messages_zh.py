"""Input and usage errors in Chinese: under ``--lang zh`` or a Chinese locale, what is wrong
with a file (or with the command line) is said in Chinese, at the same ``file:line:col:
field:`` position as in English; English output is unchanged.

The whole bad-input corpus (tests/corpus/bad) in Chinese is pinned in
tests/golden/errors-zh.txt. Regenerate after a deliberate change:
BRANCHPLAN_UPDATE_GOLDEN=1 python -m pytest tests/test_messages_zh.py
"""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errtext import PROBLEMS, usage_zh
from test_bad_corpus import CORPUS, CURRENT, GUIGANG, SOLVE_ONLY, cases, expected

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "errors-zh.txt"
ZH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
CJK = re.compile(r"[\u4e00-\u9fff]")
runner = CliRunner()


def refused(args: list[str], env: dict | None = None) -> str:
    res = runner.invoke(app, args, env=env)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert "Traceback" not in res.output
    return res.stderr


def corpus_args(kind: str, name: str) -> list[str]:
    if kind == "plans":
        return ["check", f"plans/{name}", "--firms", str(GUIGANG)]
    if kind == "rules":
        return ["solve", str(GUIGANG), "--rules", f"rules/{name}"]
    return ["solve", f"firms/{name}"]


def corpus_in_chinese() -> str:
    out = []
    for kind in ("firms", "rules", "plans"):
        for name in cases(kind):
            out.append(f"## {kind}/{name}\n" + refused(corpus_args(kind, name) + ["--lang", "zh"]))
    return "\n".join(out)


def test_the_bad_input_corpus_in_chinese(monkeypatch):
    monkeypatch.chdir(CORPUS)
    text = corpus_in_chinese()
    if os.environ.get("BRANCHPLAN_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind,name", [(k, n) for k in ("firms", "rules", "plans") for n in cases(k)])
def test_each_chinese_message_keeps_its_place_and_reads_chinese(kind, name, monkeypatch):
    """Same lines as the English, each at the same file:line:col, each with Chinese in it."""
    monkeypatch.chdir(CORPUS)
    english = expected(kind, name).splitlines()
    chinese = refused(corpus_args(kind, name) + ["--lang", "zh"]).splitlines()
    assert len(chinese) == len(english)
    for en, zh in zip(english, chinese):
        where = re.match(r"[^:]+(:\d+)?(:\d+)?: ", en).group(0)
        assert zh.startswith(where), (en, zh)
        assert CJK.search(zh[len(where):]), zh


@pytest.mark.parametrize("kind,name", [("firms", "unknown-firm-key.yaml"), ("rules", "unknown-kind.yaml"),
                                       ("plans", "duplicate-branch-id.yaml")])
def test_english_stays_english_under_any_locale(kind, name, monkeypatch):
    monkeypatch.chdir(CORPUS)
    assert refused(corpus_args(kind, name)) == expected(kind, name)
    assert refused(corpus_args(kind, name) + ["--lang", "en"], env=ZH) == expected(kind, name)


def test_a_chinese_locale_is_enough(monkeypatch):
    monkeypatch.chdir(CORPUS)
    args = corpus_args("firms", "unknown-firm-key.yaml")
    assert refused(args, env=ZH) == refused(args + ["--lang", "zh"])
    assert refused(["check", str(CURRENT), "--firms", "firms/unknown-firm-key.yaml"], env=ZH) == \
        refused(args + ["--lang", "zh"])


ROSTER = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - id: F001
    locaton: {lat: 23.11, lon: 109.60}
    members:
      - {id: M1, status: ful, joined: 2010-07-01}
      - {id: M2, status: full, joined: 2010-07-01}
  - id: F002
    members: {full: 2, probationary: -1}
"""


def test_representative_problems_in_both_languages(tmp_path):
    f = tmp_path / "firms.yaml"
    f.write_text(ROSTER, encoding="utf-8")
    assert refused(["solve", str(f)]).splitlines() == [
        f"{f}:5:5: firms[0]: unknown key 'locaton' (did you mean 'location'?)",
        f"{f}:7:26: firms[0].members[0].status: Input should be 'full' or 'probationary', got 'ful' (did you mean 'full'?)",
        f"{f}:10:38: firms[1].members.probationary: Input should be greater than or equal to 0, got -1",
    ]
    assert refused(["solve", str(f), "--lang", "zh"]).splitlines() == [
        f"{f}:5:5: firms[0]: 未知的键名“locaton”（是否应为“location”？）",
        f"{f}:7:26: firms[0].members[0].status: 应为“full”或“probationary”，现为“ful”（是否应为“full”？）",
        f"{f}:10:38: firms[1].members.probationary: 应大于或等于 0，现为 -1",
    ]


def test_files_that_cannot_be_read(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    assert refused(["solve", str(missing)]) == f"{missing}: no such file\n"
    assert refused(["solve", str(missing), "--lang", "zh"]) == f"{missing}: 文件不存在\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("firms: [a, b\n", encoding="utf-8")
    assert refused(["solve", str(bad), "--lang", "zh"]) == (f"{bad}:1:8: YAML 格式错误：解析方括号列表 [...] 时：缺少“,”或“]”"
                                                            "；此处的“[”没有闭合（解析在第 2 行第 1 列处停止）\n")
    assert refused(["solve", str(bad)]) == (f"{bad}:1:8: invalid YAML: while parsing a flow sequence: did not find "
                                            "expected ',' or ']'; the '[' opened here is not closed (the parser "
                                            "stopped at line 2, column 1)\n")
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("jurisdiction: 贵港市\n".encode("gbk"))
    assert refused(["solve", str(gbk), "--lang", "zh"]) == (f"{gbk}:1:15: 不是 UTF-8 文本（字节 0xb9）；请将文件另存为 UTF-8"
                                                               "（看来是 GBK/ANSI 编码：在记事本中点“另存为”，“编码”选“UTF-8”）\n")


def test_the_plan_cross_checks_in_chinese(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: F001, firms: [F001]}\n  - {id: B2, lead: F009, firms: [F002]}\n",
                    encoding="utf-8")
    args = ["solve", str(GUIGANG), "--current", str(plan)]
    assert refused(args) == f"{plan}:3:20: branches[1].lead: branch B2 is led by F009, which is not one of its firms\n"
    assert refused(args + ["--lang", "zh"]) == f"{plan}:3:20: branches[1].lead: 支部 B2 的牵头单位 F009 不是该支部的单位\n"


def test_usage_errors_of_the_commands(tmp_path):
    args = ["solve", str(GUIGANG), "--as-of", "bad"]
    assert refused(args) == "--as-of: 'bad' is not a date like 2026-11-01\n"
    assert refused(args + ["--lang", "zh"]) == "--as-of：“bad”不是日期，应写作 2026-11-01 这样\n"
    assert refused(["solve", str(GUIGANG), "--max-moves", "3"], env=ZH) == \
        "--max-moves 只能配合 --current 现行方案使用（以现行方案为基础调整）\n"
    args = ["check", str(CURRENT), "--firms", str(GUIGANG), "--base-firms", str(GUIGANG)]
    assert refused(args) == "--base-firms needs --base\n"
    assert refused(args, env=ZH) == "--base-firms 需要配合 --base 使用\n"
    # a command without --lang follows the locale
    assert refused(["rules", "show", "BP-MIN-FUL"], env=ZH).startswith(
        "未知的规则编码“BP-MIN-FUL”（是否应为“BP-MIN-FULL”？）；当前规则集（cpc-branch-2018）中有：")


def test_the_command_lines_own_errors():
    res = runner.invoke(app, ["solve", "--lang", "zh"])
    assert res.exit_code == 2
    assert res.stderr == ("用法：branchplan solve [选项] FIRMS\n请用“branchplan solve --help”查看帮助。\n\n"
                          "错误：缺少参数“FIRMS”。\n")
    res = runner.invoke(app, ["solve", "x.yaml", "-f", "xml"], env=ZH)
    assert res.exit_code == 2
    assert res.stderr.endswith("错误：“--format”/“-f”的值无效：“xml”不是可选值（“text”、“yaml”、“json”、“markdown”）之一。\n")
    res = runner.invoke(app, ["solve", "x.yaml", "--wrkers", "2"], env=ZH)
    assert res.stderr.endswith("错误：没有选项 --wrkers（相近的选项：--rules, --workers）\n")
    res = runner.invoke(app, ["solv"], env=ZH)
    assert res.stderr.endswith("错误：没有命令“solv”。是否应为“solve”？\n")
    res = runner.invoke(app, ["solve", "x.yaml", "-f", "xml", "--lang", "en"], env=ZH)
    assert res.stderr.endswith("Error: Invalid value for '--format' / '-f': 'xml' is not one of "
                               "'text', 'yaml', 'json', 'markdown'.\n")


def test_an_unknown_parser_message_stays_english():
    assert usage_zh("Something new happened.") == "Something new happened."


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_catalogue_entry_says_the_same_things_in_both_languages():
    """A value in the English and not in the Chinese (or the reverse) is a translation that
    dropped or invented something; the few listed are grammar (plural, verb) or Chinese wording."""
    english_only = {"verb", "verb2", "units", "s", "kind", "what"}
    chinese_only = {"n", "kind_zh", "what_zh"}
    for key, (en, zh) in PROBLEMS.items():
        assert _fields(en) - _fields(zh) <= english_only, key
        assert _fields(zh) - _fields(en) <= chinese_only, key
        assert CJK.search(zh), key


def test_chinese_messages_quote_values_one_way():
    """A value named in a Chinese message is put in “…”, as the hint (“是否应为“x”？”) and the
    schema's messages do; Python's repr quotes ('x') next to them read as two styles."""
    for key, (en, zh) in PROBLEMS.items():
        assert not any(conv == "r" for _, _, _, conv in string.Formatter().parse(zh)), key
