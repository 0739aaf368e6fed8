"""Under --lang en the re-planning memo gives its reasons in English (the headings stay
bilingual); under --lang zh in Chinese; without --lang in both."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
YEAR2 = ["solve", str(EX / "firms-2027.yaml"), "--current", str(EX / "plan-current.yaml"), "--format", "markdown"]
CJK = re.compile(r"[\u4e00-\u9fff]")
runner = CliRunner()


def _why(memo: str) -> list[str]:
    """The lines under the memo's "why" heading."""
    block = memo.split("## 调整原因", 1)[1].split("\n## ", 1)[0]
    return [line for line in block.splitlines() if line.startswith("- ")]


def test_english_memo_gives_english_reasons():
    res = runner.invoke(app, YEAR2 + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    why = _why(res.stdout)
    assert "- BP-ONE-BRANCH: firm F037 (2 members) is in no branch: its members M0079, M0080 would be left unmanaged" in why
    assert why and [line for line in why if CJK.search(line)] == []
    assert "## 调整原因 · Why the plan changes" in res.stdout     # the headings stay bilingual


def test_chinese_and_bilingual_memos_keep_their_reasons():
    zh = runner.invoke(app, YEAR2 + ["--lang", "zh"])
    assert "- 单位 F037（2 名党员）未编入任何支部，党员脱管（BP-ONE-BRANCH）" in _why(zh.stdout)
    both = runner.invoke(app, YEAR2, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert both.exit_code == 0, both.output
    assert any(line.startswith("- 单位 F037（2 名党员）未编入任何支部，党员脱管 (BP-ONE-BRANCH: firm F037 ")
               for line in _why(both.stdout))
