"""explain books what a branch pays for its lead (BP-LEAD-DIRECTOR: the lead's director is
not a member) on the lead, not on the other firm of a two-firm joint branch (without which
the branch would not be joint and would not pay it)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FIRMS = ("jurisdiction: 甲市\nas_of: 2026-11-01\nfirms:\n"
         "  - {id: L, district: 一区, location: {x: 0, y: 0}, director_is_member: false, members: {full: 2}}\n"
         "  - {id: J, district: 一区, location: {x: 1, y: 0}, director_is_member: true, members: {full: 1}}\n")
PLAN = "branches:\n  - {id: B001, lead: L, firms: [L, J]}\n"


@pytest.fixture
def files(tmp_path):
    f, p = tmp_path / "f.yaml", tmp_path / "p.yaml"
    f.write_text(FIRMS, encoding="utf-8")
    p.write_text(PLAN, encoding="utf-8")
    return str(p), str(f)


def _explain(files, *args):
    plan, firms = files
    res = runner.invoke(app, ["explain", plan, "--firms", firms, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_the_other_firm_is_not_charged_for_the_leads_director(files):
    en = _explain(files, "--firm", "J", "--lang", "en")
    assert "  - Its placement costs 1.000 points: BP-DISTANCE 1.000.\n" in en and "BP-LEAD-DIRECTOR" not in en
    zh = _explain(files, "--firm", "J", "--lang", "zh")
    assert "  - 该单位的编入代价为 1.000 分：BP-DISTANCE 1.000。\n" in zh and "BP-LEAD-DIRECTOR" not in zh
    data = json.loads(_explain(files, "--firm", "J", "--format", "json"))
    assert data["placement_cost"] == {"BP-DISTANCE": 1.0} and "lead_cost" not in data


def test_the_lead_is_told_what_its_leading_costs(files):
    en = _explain(files, "--firm", "L", "--lang", "en")
    assert "  - As the lead of B001, it costs 5.000 points: BP-LEAD-DIRECTOR 5.000.\n" in en
    zh = _explain(files, "--firm", "L", "--lang", "zh")
    assert "  - 由该单位牵头 B001 的代价为 5.000 分：BP-LEAD-DIRECTOR 5.000。\n" in zh
    data = json.loads(_explain(files, "--firm", "L", "--format", "json"))
    assert data["lead_cost"] == {"BP-LEAD-DIRECTOR": 5.0} and "placement_cost" not in data


def test_the_branchs_firm_table_adds_up_to_its_cost(files):
    data = json.loads(_explain(files, "-b", "B001", "--format", "json"))
    firms = {f["id"]: f["cost"] for f in data["firms"]}
    assert firms == {"L": {"BP-LEAD-DIRECTOR": 5.0}, "J": {"BP-DISTANCE": 1.0}}
    assert sum(v for c in firms.values() for v in c.values()) == data["cost"] == 6.0
    text = _explain(files, "-b", "B001", "--lang", "en")
    assert "  L (lead)  " in text and text.rstrip().endswith("BP-DISTANCE 1.000")
    assert next(line for line in text.splitlines() if line.startswith("  L (lead)")).endswith("BP-LEAD-DIRECTOR 5.000")
