"""A re-plan lists a continuing branch's firms as the current plan did (the lead first, the
firms that stay in their order, newcomers after): an unchanged branch's line is unchanged."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _firm(fid: str, full: int, lon: float) -> dict:
    return {"id": fid, "location": {"lat": 23.0, "lon": lon},
            "members": [{"id": f"{fid}-{k}", "status": "full", "joined": "2010-01-01"} for k in range(full)]}


def test_a_continuing_branch_keeps_the_order_of_its_firms(tmp_path):
    roster = {"jurisdiction": "X", "as_of": "2026-11-01",
              "firms": [_firm("F1", 2, 109.0), _firm("F2", 1, 109.01), _firm("F3", 1, 109.02),
                        _firm("F4", 2, 109.5), _firm("F5", 1, 109.51), _firm("F6", 1, 109.52)]}
    current = {"branches": [{"id": "B1", "lead": "F1", "firms": ["F3", "F1", "F2"]},
                            {"id": "B2", "lead": "F4", "firms": ["F4", "F5"]}]}
    firms, cur, out = tmp_path / "firms.yaml", tmp_path / "current.yaml", tmp_path / "plan.yaml"
    firms.write_text(yaml.safe_dump(roster), encoding="utf-8")
    cur.write_text(yaml.safe_dump(current), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-o", str(out)])
    assert res.exit_code == 0, res.output
    got = {b["id"]: b["firms"] for b in yaml.safe_load(out.read_text(encoding="utf-8"))["branches"]}
    # the lead first, then F3 before F2 as the current plan had them; F6 (new) joins B2 last
    assert got == {"B1": ["F1", "F3", "F2"], "B2": ["F4", "F5", "F6"]}
    fresh = tmp_path / "fresh.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(fresh)]).exit_code == 0
    assert sorted(b["firms"] for b in yaml.safe_load(fresh.read_text(encoding="utf-8"))["branches"]) == \
        [["F1", "F2", "F3"], ["F4", "F5", "F6"]]
