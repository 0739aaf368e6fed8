"""End to end through the CLI: the bundled example, exit codes, files written."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


def test_solve_example_prints_summary_and_writes_plan(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "贵港市" in res.stdout
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal"
    listed = [f for b in plan["branches"] for f in b["firms"]]
    assert len(listed) == len(set(listed))
    assert sum(b["members"] for b in plan["branches"]) == 78
    assert all(b["full_members"] >= 3 for b in plan["branches"])
