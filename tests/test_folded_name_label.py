"""A firm whose id is only its name folded (the importer's id of ``龙城律师事务所（普通合伙）``
is ``龙城律师事务所(普通合伙)``) is shown by its name alone where text names a unit by id and
name: solve's table, explain --firm, the re-planning memo and the HTML report's branch header.
A firm whose name differs from its id keeps "id name"."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

ID = "龙城律师事务所(普通合伙)"
NAME = "龙城律师事务所（普通合伙）"
BOTH = f"{ID} {NAME}"

FIRMS = f"""\
jurisdiction: 柳州市
as_of: 2026-11-01
firms:
  - id: {ID}
    name: {NAME}
    district: 鱼峰区
    location: {{lat: 24.31, lon: 109.433}}
    members:
      - {{id: R01, status: full, joined: 2001-07-01}}
      - {{id: R02, status: full, joined: 2012-07-01}}
      - {{id: R03, status: full, joined: 2016-07-01}}
  - id: F2
    name: 柳江律师事务所
    district: 城中区
    location: {{lat: 24.326, lon: 109.412}}
    members:
      - {{id: R04, status: full, joined: 2005-07-01}}
      - {{id: R05, status: full, joined: 2010-07-01}}
      - {{id: R06, status: full, joined: 2015-03-01}}
"""

CURRENT = f"""\
branches:
  - {{id: B001, kind: joint, lead: "{ID}", firms: ["{ID}", F2]}}
"""


def _files(tmp_path: Path) -> tuple[str, str]:
    firms = tmp_path / "firms.yaml"
    firms.write_text(FIRMS, encoding="utf-8")
    current = tmp_path / "current.yaml"
    current.write_text(CURRENT, encoding="utf-8")
    return str(firms), str(current)


def _ok(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_solve_table_names_the_firm_once(tmp_path):
    firms, _ = _files(tmp_path)
    out = _ok(["solve", firms, "--format", "text", "--lang", "zh"])
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("B00")}
    lead = next(r for r in rows.values() if NAME in r)
    assert BOTH not in out and lead.split()[2] == NAME, out
    assert any("F2 柳江律师事务所" in r for r in rows.values()), out   # a name not folding to its id: both


def test_explain_firm_names_the_firm_once(tmp_path):
    firms, _ = _files(tmp_path)
    plan = tmp_path / "plan.yaml"
    _ok(["solve", firms, "-o", str(plan), "--quiet"])
    head = _ok(["explain", str(plan), "--firms", firms, "--firm", ID, "--lang", "zh"]).splitlines()[0]
    assert head.startswith(f"单位 {NAME}（鱼峰区；"), head
    head = _ok(["explain", str(plan), "--firms", firms, "--firm", "F2", "--lang", "en"]).splitlines()[0]
    assert head.startswith("Firm F2 柳江律师事务所 ("), head


def test_memo_names_the_firm_once(tmp_path):
    firms, current = _files(tmp_path)
    memo = _ok(["solve", firms, "--current", current, "--format", "markdown", "--lang", "zh"])
    assert BOTH not in memo, memo
    assert f"| {NAME} |" in memo, memo


def test_report_branch_header_names_the_firm_once(tmp_path):
    firms, _ = _files(tmp_path)
    plan = tmp_path / "plan.yaml"
    _ok(["solve", firms, "-o", str(plan), "--quiet"])
    html = tmp_path / "report.html"
    _ok(["report", str(plan), "--firms", firms, "--lang", "zh", "-o", str(html)])
    page = html.read_text(encoding="utf-8")
    assert BOTH not in page
    assert f"牵头单位：{NAME} · 柳州市" in page
    assert "牵头单位：F2 柳江律师事务所 · 柳州市" in page
