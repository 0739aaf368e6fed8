"""A file name holding a line break was printed raw by check's text format: in a CI log the
part after it starts a line of its own, which GitHub Actions reads as a workflow command
(`::error ...`). Paths are shown with their control characters escaped, as ids are."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


@pytest.mark.skipif(os.name == "nt", reason="a line break is no part of a file name on Windows")
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_no_line_of_output_starts_inside_the_path(tmp_path, fmt):
    plan = tmp_path / "nl\n::error file=x::pwned.yaml"
    shutil.copy(G / "plan-current.yaml", plan)
    out = tmp_path / ("report.md" if fmt == "markdown" else "report.txt")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(G / "firms.yaml"), "-f", fmt, "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    for where in (res.stdout, res.stderr, out.read_text(encoding="utf-8")):
        assert not any(line.startswith("::") for line in where.splitlines()), where
    assert "nl\\n::error file=x::pwned.yaml" in out.read_text(encoding="utf-8")
