"""check --format markdown is a pull-request comment: GitHub refuses comment bodies over
65,536 characters, so a longer report is cut under 60,000, keeping the verdict, the summary,
the findings that fail the gate first and the change list's headline and cost table, and
ending with what it left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan import check_files
from branchplan.cli import app
from branchplan.formats.markdown import render

runner = CliRunner()
LIMIT = 60_000


def reorganisation(where: Path, n: int) -> list[str]:
    """``n`` one-member firms in branches of four (the base plan); the proposal shifts every
    branch by two firms (every firm moves) and leaves every tenth firm in no branch (a hard
    BP-ONE-BRANCH finding each). Returns the check's arguments."""
    firms = ["jurisdiction: 测试市", "as_of: 2026-11-01", "firms:"]
    firms += [f"  - {{id: F{i:04d}, location: {{x: {i % 40}, y: {i // 40}}}, members: {{full: 1}}}}"
              for i in range(1, n + 1)]
    (where / "firms.yaml").write_text("\n".join(firms) + "\n", encoding="utf-8")
    ids = list(range(1, n + 1))

    def plan(groups: list[list[int]], name: str, skip: set[int] = set()) -> None:
        out = ["branches:"]
        for k, group in enumerate(g for g in ([f for f in g if f not in skip] for g in groups) if g):
            out.append(f"  - {{id: B{k + 1:04d}, lead: F{group[0]:04d}, firms: [{', '.join(f'F{f:04d}' for f in group)}]}}")
        (where / name).write_text("\n".join(out) + "\n", encoding="utf-8")

    plan([ids[i:i + 4] for i in range(0, n, 4)], "base.yaml")
    plan([ids[i:i + 4] for i in range(2, n, 4)] + [[1, 2]], "prop.yaml", set(range(5, n, 10)))
    return ["check", "prop.yaml", "--firms", "firms.yaml", "--base", "base.yaml", "--format", "markdown"]


def rows(md: str, first: str) -> list[str]:
    """The rows of the table whose header starts with ``first``."""
    lines = md.splitlines()
    try:
        k = next(i for i, s in enumerate(lines) if s.startswith(first))
    except StopIteration:
        return []
    out = []
    for s in lines[k + 2:]:
        if not s.startswith("|"):
            break
        out.append(s)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_comment_keeps_every_hard_finding_and_cuts_the_changes(tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    args = reorganisation(tmp_path, 1600)
    res = runner.invoke(app, args + ["--lang", lang])
    assert res.exit_code == 1, res.output
    md = res.stdout
    assert len(md) <= LIMIT, len(md)
    whole = render(check_files("prop.yaml", "firms.yaml", base_path="base.yaml"), lang, limit=None)
    assert len(whole) > 65_536          # (what GitHub would refuse)
    head = "### branchplan check: ❌ failed" if lang == "en" else "### branchplan check：❌ 未通过"
    assert md.startswith(head + "\n\n`prop.yaml`")
    assert md.splitlines()[2] == whole.splitlines()[2]                 # the summary
    finding_head = "| | code |" if lang == "en" else "| | 规则 |"
    assert rows(md, finding_head) == rows(whole, finding_head) and len(rows(md, finding_head)) == 162
    changes = "| change |" if lang == "en" else "| 变动 |"
    shown, every = rows(md, changes), rows(whole, changes)
    assert shown and shown == every[:len(shown)] and len(shown) < len(every)   # the first rows, in order
    cost = "| rule |" if lang == "en" else "| 规则 |"
    assert rows(md, cost) == rows(whole, cost) and rows(md, cost)        # the change list's cost table
    headline = next(s for s in whole.splitlines() if s.startswith(("**Changes:**", "**变动**")))
    assert headline in md.splitlines()
    last = md.splitlines()[-1]
    n = len(every) - len(shown)
    if lang == "en":
        assert last == (f"... {n} more changes not shown (this comment is kept under 60,000 characters): "
                        "see the full report (`--format json` or `text`)"), last
    else:
        assert last == (f"……另有 {n} 项调整未列出（评论保持在 60,000 个字符以内）：请查看完整报告（`--format json` 或 `text`）"), last
    assert runner.invoke(app, args + ["--lang", lang]).stdout == md     # the same cut every time


def test_hard_findings_beyond_the_limit_are_cut_too(tmp_path, monkeypatch):
    """400 firms in no branch (and 2 branches short of full members): their rows alone exceed
    the limit; the comment keeps the first that fit and counts the rest, the changes all left out."""
    monkeypatch.chdir(tmp_path)
    args = reorganisation(tmp_path, 4000)
    res = runner.invoke(app, args + ["--lang", "en", "-o", "comment.md"])
    assert res.exit_code == 1, res.output
    md = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert len(md) <= LIMIT
    found = rows(md, "| | code |")
    assert 0 < len(found) < 400 and all("`BP-ONE-BRANCH`" in s for s in found)
    assert [re.search(r"firm (F\d+)", s).group(1) for s in found] == [f"F{i:04d}" for i in range(5, 4000, 10)][:len(found)]
    assert not rows(md, "| change |") and rows(md, "| rule |")
    assert re.fullmatch(rf"\.\.\. {402 - len(found)} more findings and \d+ more changes not shown \(this comment is "
                        r"kept under 60,000 characters\): see the full report \(`--format json` or `text`\)",
                        md.splitlines()[-1]), md.splitlines()[-1]


def test_a_short_comment_is_whole(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = reorganisation(tmp_path, 200)
    md = runner.invoke(app, args + ["--lang", "en"]).stdout
    assert "not shown" not in md and md == render(check_files("prop.yaml", "firms.yaml", base_path="base.yaml"),
                                                  "en", limit=None)
