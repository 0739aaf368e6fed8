"""A firms file or a plan given as the waivers file is told as such, at its key (it was three
"unknown key" errors), and a waivers file given where a firms file or a plan goes is too."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
CURRENT = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()

WAIVERS = "waivers:\n  - {code: BP-DISTRICT, subject: B001, reason: x, expires: 2027-01-01}\n"


def test_a_firms_file_as_the_waivers(tmp_path):
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(GUIGANG),
                              "--as-of", "2026-11-01"])
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert lines == [f"{GUIGANG}:6:1: this file is a firms file (it has firms:), not a waivers file: give a waivers "
                     "file here (a firms file goes first in solve, or with --firms or --old-firms)"]


def test_a_plan_as_the_waivers_in_chinese(tmp_path):
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(CURRENT),
                              "--as-of", "2026-11-01", "--lang", "zh"])
    assert res.exit_code == 2
    assert "此文件是方案文件（有 branches:），不是豁免文件" in res.stderr


def test_a_waivers_file_as_the_firms_file_or_the_plan(tmp_path):
    w = tmp_path / "waivers.yaml"
    w.write_text(WAIVERS, encoding="utf-8")
    res = runner.invoke(app, ["solve", str(w)])
    assert res.exit_code == 2
    assert res.stderr.strip() == (f"{w}:1:1: this file is a waivers file (it has waivers:), not a firms file: give a "
                                  "firms file here (a waivers file goes with check --waivers)")
    res = runner.invoke(app, ["check", str(w), "--firms", str(GUIGANG)])
    assert res.exit_code == 2
    assert "this file is a waivers file (it has waivers:), not a plan" in res.stderr


def test_the_waivers_file_itself_is_read(tmp_path):
    w = tmp_path / "waivers.yaml"
    w.write_text(WAIVERS, encoding="utf-8")
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(w),
                              "--as-of", "2026-11-01"])
    assert res.exit_code in (0, 1), res.output
    assert "this file is" not in res.output
