"""solve -o: the file holds every branch, so the table on the terminal stops after
render.BRANCH_ROWS rows with a line saying where the rest are; without -o it lists them all."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan import render
from branchplan.cli import app
from branchplan.loader import dump_yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()


def test_the_table_stops_where_the_file_holds_the_rest(tmp_path, monkeypatch):
    firms, out = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(dump_yaml(synth.generate(n_firms=120, n_cities=1, seed=3)), encoding="utf-8")
    monkeypatch.setattr(render, "BRANCH_ROWS", 10)
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "--format", "text"])
    assert res.exit_code == 0, res.output
    n = len(yaml.safe_load(out.read_text(encoding="utf-8"))["branches"])
    assert n > 10
    ids = [ln.split()[0] for ln in res.stdout.splitlines() if ln.startswith("B")]
    assert len(ids) == 10
    assert (f"... and {n - 10} more branches: every branch is in {out} (branchplan report makes a workbook or web "
            "page of them)") in res.stdout
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "--format", "text", "--lang", "zh"])
    assert f"……另有 {n - 10} 个支部：全部支部见 {out}" in res.stdout
    res = runner.invoke(app, ["solve", str(firms), "--format", "text"])     # (no file: every branch)
    assert len([ln for ln in res.stdout.splitlines() if ln.startswith("B")]) == n and "more branches" not in res.stdout


def test_the_report_names_a_few_firms_without_members_and_counts_the_rest(tmp_path, monkeypatch):
    import html
    import re

    from branchplan import htmlreport

    firms, out, page = tmp_path / "firms.yaml", tmp_path / "plan.yaml", tmp_path / "r.html"
    doc = synth.generate(n_firms=120, n_cities=1, seed=3)
    empty = [f["id"] for f in doc["firms"] if not f.get("members")]
    assert len(empty) > 3
    firms.write_text(dump_yaml(doc), encoding="utf-8")
    assert runner.invoke(app, ["solve", str(firms), "-o", str(out)]).exit_code == 0
    monkeypatch.setattr(htmlreport, "UNASSIGNED_SHOWN", 2)
    res = runner.invoke(app, ["report", str(out), "--firms", str(firms), "-o", str(page)])
    assert res.exit_code == 0, res.output
    text = html.unescape(page.read_text(encoding="utf-8"))
    line = re.search(r"\d+ units without Party members, not assigned: [^<]*", text).group(0)
    assert line == (f"{len(empty)} units without Party members, not assigned: {empty[0]}, {empty[1]} and "
                    f"{len(empty) - 2} more (all in the workbook: branchplan report -o report.xlsx)")


def test_a_re_plan_written_to_a_file_stops_its_table_too(tmp_path, monkeypatch):
    firms, first, out = tmp_path / "firms.yaml", tmp_path / "first.yaml", tmp_path / "plan.yaml"
    firms.write_text(dump_yaml(synth.generate(n_firms=120, n_cities=1, seed=3)), encoding="utf-8")
    assert runner.invoke(app, ["solve", str(firms), "-o", str(first)]).exit_code == 0
    monkeypatch.setattr(render, "BRANCH_ROWS", 10)
    res = runner.invoke(app, ["solve", str(firms), "--current", str(first), "-o", str(out), "--format", "text"])
    assert res.exit_code == 0, res.output
    n = len(yaml.safe_load(out.read_text(encoding="utf-8"))["branches"])
    assert f"... and {n - 10} more branches: every branch is in {out}" in res.stdout
