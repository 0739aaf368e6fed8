"""Inputs that once ended in "internal error" (exit 3) where the contract is a finding
(exit 1) or a bad-input / usage message (exit 2): each through the CLI, end to end."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FIRMS_ONE = """jurisdiction: X
as_of: 2026-11-01
firms:
  - {id: F1, location: {x: 0, y: 0}, members: {full: 3}}
"""

#: B2's only firm, F9, closed and left the roster; the plan was not yet updated
PLAN_CLOSED = """branches:
  - {id: B1, lead: F1, firms: [F1]}
  - {id: B2, lead: F9, firms: [F9], members: 3, full_members: 3}
"""


def _write(tmp_path: Path, **files: str) -> dict[str, str]:
    out = {}
    for name, body in files.items():
        p = tmp_path / name.replace("_", ".")
        p.write_text(body, encoding="utf-8")
        out[name] = str(p)
    return out


def _no_crash(res) -> None:
    assert "internal error" not in res.output and "内部错误" not in res.output, res.output
    assert "Traceback" not in res.output


def test_check_a_branch_whose_firms_all_left_the_roster(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml=PLAN_CLOSED)
    for lang in ("en", "zh"):
        res = runner.invoke(app, ["check", f["plan_yaml"], "--firms", f["firms_yaml"], "--lang", lang])
        _no_crash(res)
        assert res.exit_code == 1, res.output
    res = runner.invoke(app, ["check", f["plan_yaml"], "--firms", f["firms_yaml"], "--lang", "en"])
    assert f"{f['plan_yaml']}:3:32: BP-ONE-BRANCH [hard] branch B2 lists F9, which is not a firm or host" in res.stdout
    # the stale-figures pass notes the recorded figures rather than failing on the branch
    assert f"{f['plan_yaml']}:3:5: branch B2 says 3 members, 3 full; now: 0 members, 0 full" in res.stdout


def test_report_a_branch_whose_firms_all_left_the_roster(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml=PLAN_CLOSED)
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", f["plan_yaml"], "--firms", f["firms_yaml"], "-o", str(out)])
    _no_crash(res)
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "B2" in html and "F9" in html
