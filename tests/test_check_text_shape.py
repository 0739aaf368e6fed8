"""The text report's shape as the README describes it (Formats): each finding's first line
is `file:line:col: CODE [severity] message (source)`, or `file: CODE [severity] message` for
a plan-wide gate finding; indented lines follow (the Chinese sentence in English); the
README's two patterns match the first line of every finding not waived and no other line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
D = "tests/data/check"
ARGS = ["check", f"{D}/plan-bad.yaml", "--firms", f"{D}/firms.yaml", "--base", f"{D}/plan-good.yaml",
        "--max-moves", "3", "--max-gap", "10", "--waivers", f"{D}/waivers.yaml", "--as-of", "2026-11-01"]
runner = CliRunner()


def readme_patterns() -> list[re.Pattern]:
    """The two patterns the README's Formats section gives for the text report, in its order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("  `text` is a heading line")
    section = readme[start:readme.index("\n  In `sarif`", start)]
    found = re.findall(r"`(\^[^`]+\$)`", section)
    assert len(found) == 2, found
    return [re.compile(p) for p in found]


def test_the_readme_describes_the_text_report(monkeypatch):
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "one line per finding" not in readme
    located, plan_wide = readme_patterns()
    text = runner.invoke(app, ARGS + ["--lang", "en"])
    assert text.exit_code == 1, text.output
    data = json.loads(runner.invoke(app, ARGS + ["--format", "json"]).stdout)
    lines = text.stdout.splitlines()
    matched = []
    for k, s in enumerate(lines):
        m = located.match(s)
        if m is not None:
            matched.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
        elif (m := plan_wide.match(s)) is not None:
            matched.append((m.group(1), None, None, m.group(2), m.group(3)))
        else:
            continue
        assert lines[k + 1].startswith("    ") and lines[k + 1].strip(), lines[k:k + 2]   # its Chinese sentence
    assert matched == [(f["file"], f["line"], f["column"], f["code"], f["severity"]) for f in data["findings"]]
    assert any(line is None for _, line, _, _, _ in matched)                  # GATE-GAP: no line:col
    assert f"{D}/plan-bad.yaml: GATE-GAP [hard] " in text.stdout
