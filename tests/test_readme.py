"""The README's Python example runs as written, from the repository root."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", body, re.S)


def test_library_example_runs(monkeypatch, capsys):
    blocks = python_blocks("Library")
    assert len(blocks) == 1
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), scope)
    out = capsys.readouterr().out
    assert out.startswith("optimal ")
    assert "members move" in out
    assert scope["result"].plan.branches and not scope["findings"].hard
    assert 'lang="zh-CN"' in scope["html"]


def test_readme_names_every_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("solve", "import", "report", "schema"):
        assert f"branchplan {command} " in text
