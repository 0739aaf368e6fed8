"""A weight within the documented range whose single cost is beyond 64-bit integers (planar
coordinates 1e9 apart, or a firm of 100,000 members across the globe, at weight 1e9) ended
`solve` in an internal error (exit 3) while the model was built: OR-Tools refuses such a
coefficient before the objective's size is checked. It is named with its rule and line
(exit 2), as a weight whose sum is too large is."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

PLANAR = """jurisdiction: x
as_of: 2026-11-01
firms:
  - {id: F1, location: {x: 0, y: 0}, members: {full: 3}}
  - {id: F2, location: {x: 1000000000, y: 0}, members: {full: 1}}
"""
GLOBE = """jurisdiction: x
as_of: 2026-11-01
firms:
  - {id: F1, location: {lat: 0, lon: 0}, members: {full: 3}}
  - {id: F2, location: {lat: 0, lon: 179.9}, members: {full: 2, probationary: 100000}}
"""


@pytest.mark.parametrize("roster,extra", [(PLANAR, ""), (GLOBE, "  - {code: BP-JOINT-MAX-MEMBERS, severity: soft, weight: 1}\n")])
def test_named_with_its_rule(tmp_path, roster, extra):
    (tmp_path / "firms.yaml").write_text(roster, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("extends: cpc-branch-2018\nrules:\n  - {code: BP-DISTANCE, weight: 1000000000}\n"
                                         + extra, encoding="utf-8")
    res = runner.invoke(app, ["solve", str(tmp_path / "firms.yaml"), "-r", str(tmp_path / "rules.yaml"),
                              "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 2, res.output
    assert res.stderr == (f"{tmp_path / 'rules.yaml'}:3: BP-DISTANCE: weight 1e+09 makes the priority 2 objective of x "
                          "too large for the solver's integers; lower it (or use smaller planar coordinates)\n")
    assert not (tmp_path / "plan.yaml").exists()
