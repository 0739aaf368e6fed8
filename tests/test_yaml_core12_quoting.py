"""Ids a YAML 1.2 reader (an editor's YAML language server, yq, js-yaml) would read as a
number, boolean or null are quoted in the YAML branchplan writes, as PyYAML quotes the YAML
1.1 forms: ``1e3`` was written bare (a string to YAML 1.1, the float 1000.0 to YAML 1.2)."""

from __future__ import annotations

import re

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.writing import dump_yaml

runner = CliRunner()

FIRMS = """jurisdiction: "NO"
as_of: 2026-11-01
firms:
  - {id: "ON", location: {x: 0, y: 0}, members: {full: 3}}
  - {id: "no", location: {x: 1, y: 0}, members: {full: 1}}
  - {id: "1:30", location: {x: 1, y: 1}, members: {full: 1}}
  - {id: "1e3", location: {x: 2, y: 1}, members: {full: 2}}
"""


def test_the_plan_quotes_1e3_and_passes_check(tmp_path):
    (tmp_path / "firms.yaml").write_text(FIRMS, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(tmp_path / "firms.yaml"), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    text = plan.read_text(encoding="utf-8")
    assert "lead: '1e3'" in text and "'1e3'," in text
    assert not re.search(r"[\[ ]1e3[,\]\n]", text)
    res = runner.invoke(app, ["check", str(plan), "--firms", str(tmp_path / "firms.yaml")])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("value", ["1e3", "1E-3", "-2.5e+10", "0o17", "0x1F", ".5", "+.inf", ".NaN", "null", "~",
                                   "True", "FALSE", "y", "Y", "n", "N"])
def test_core_schema_forms_are_quoted_and_read_back_as_text(value):
    out = dump_yaml({"id": value})
    assert out in (f"id: '{value}'\n", f'id: "{value}"\n')
    assert yaml.safe_load(out) == {"id": value}


@pytest.mark.parametrize("value", ["F001", "e3", "1e", "1.2.3", "0o8", "贵港市", "B-1", "yy", "x"])
def test_other_text_stays_bare(value):
    assert dump_yaml({"id": value}) == f"id: {value}\n"
