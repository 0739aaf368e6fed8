"""A very long firm name is cut (ending in "…") in solve's table of branches and explain's
table of a branch's firms, so that one name does not widen every row of the table; the plan
file and the other outputs keep it whole."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.textwidth import cell_width, clipped

LONG = "广西壮族自治区贵港市港北区金港大道与中山路交叉口东南角金港国际大厦第二十八层金港律师事务所（特殊的普通合伙）分所"
runner = CliRunner()


def test_clipped_keeps_within_its_width_in_columns():
    assert clipped("short") == "short"
    cut = clipped(LONG)
    assert cut.endswith("…") and cell_width(cut) <= 36 and LONG.startswith(cut[:-1])
    assert clipped("A" * 40, 10) == "A" * 9 + "…"


def test_solve_and_explain_tables_cut_a_long_name(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text(f"jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
                     f"  - {{id: F1, name: '{LONG}', location: {{x: 0, y: 0}}, members: {{full: 4}}}}\n"
                     "  - {id: F2, name: 短名律师事务所, location: {x: 1, y: 0}, members: {full: 3}}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    rows = [ln for ln in res.stdout.splitlines() if ln.startswith("B00")]
    assert len(rows) == 2 and LONG not in res.stdout and clipped("F1 " + LONG) in rows[0]   # (id and name)
    assert max(cell_width(r) for r in rows) < 90
    assert yaml.safe_load(plan.read_text(encoding="utf-8"))  # (the plan file holds ids)
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), "-b", "B001"])
    assert res.exit_code == 0, res.output
    assert LONG not in res.stdout and clipped(LONG) in res.stdout
