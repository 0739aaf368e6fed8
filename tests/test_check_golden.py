"""Golden files: `branchplan check` in every format on a plan with known violations.

The plan (tests/data/check/plan-bad.yaml) breaks BP-MIN-FULL and BP-ONE-BRANCH three ways
(a firm in no branch, an unknown firm, a firm split across two branches) and has soft
findings; one is waived, one waiver matches nothing; against the valid base plan five
members move (limit 3), and the plan is worse than the best at priority 0.

Regenerate after a deliberate change: BRANCHPLAN_UPDATE_GOLDEN=1 python -m pytest tests/test_check_golden.py
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "check"
D = "tests/data/check"
ARGS = ["check", f"{D}/plan-bad.yaml", "--firms", f"{D}/firms.yaml", "--base", f"{D}/plan-good.yaml",
        "--max-moves", "3", "--max-gap", "10", "--waivers", f"{D}/waivers.yaml", "--as-of", "2026-11-01"]
SUFFIX = {"text": "txt", "json": "json", "github": "github.txt", "sarif": "sarif", "junit": "junit.xml",
          "markdown": "md"}
runner = CliRunner()
#: an English locale: text and markdown follow LANG / LC_ALL (see tests/test_check_zh.py)
ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"}


def as_golden(out: str) -> str:
    """A report as the golden files hold it: the working directory (ROOT), which SARIF gives as
    the base of relative paths (``originalUriBaseIds``), is the checkout's own; there it reads
    ``file:///CHECKOUT/``."""
    return out.replace(json.dumps(ROOT.as_uri() + "/"), json.dumps("file:///CHECKOUT/"))


def run(fmt: str) -> str:
    res = runner.invoke(app, ARGS + ["--format", fmt], env=ENGLISH)
    assert res.exit_code == 1, res.output
    return res.stdout


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_golden(fmt, monkeypatch):
    monkeypatch.chdir(ROOT)  # relative paths in the report, as in a CI checkout
    out = as_golden(run(fmt))
    path = GOLDEN / f"plan-bad.{SUFFIX[fmt]}"
    if os.environ.get("BRANCHPLAN_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
    assert str(ROOT) not in out  # no absolute paths


def test_golden_json_content(monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(run("json"))
    assert data["verdict"] == "fail" and data["exit_code"] == 1
    assert data["counts"] == {"hard": 4, "soft": 4, "gate": 2, "waived": 1}
    assert [(f["code"], f["line"], f["column"]) for f in data["findings"] if f["severity"] == "hard"] == [
        ("BP-ONE-BRANCH", 2, 1), ("BP-ONE-BRANCH", 16, 9), ("BP-ONE-BRANCH", 20, 23), ("BP-MIN-FULL", 21, 5),
        ("GATE-MOVES", 8, 18), ("GATE-GAP", None, None)]     # in the order of the file, then the gate's
    assert [(f["line"], f["column"]) for f in data["findings"][:-2]] == sorted(
        (f["line"], f["column"]) for f in data["findings"][:-2])
    assert data["waived"][0]["code"] == "BP-LEAD-DIRECTOR" and data["waived"][0]["waiver"]["line"] == 3
    assert [w["subject"] for w in data["waivers"]["unused"]] == ["S07"]
    assert data["moves"] == {"moved": 5, "max": 3, "by_jurisdiction": {"测试市": 5}, "cost": 6.005,
                             "cost_rules": ["BP-STABILITY"], "handovers": 1, "handovers_cost": 0.001,
                             "cost_recorded": None, "recorded_by_base": False}
    assert data["gap"]["unbounded"] is True and data["gap"]["deciding_priority"] == 0
    # with --base the gap is measured against the best re-plan from the base plan
    assert data["gap"]["reference"] == "replan" and data["gap"]["base"] == f"{D}/plan-good.yaml"


def test_golden_sarif_and_junit_structure(monkeypatch):
    monkeypatch.chdir(ROOT)
    sarif = json.loads(run("sarif"))
    assert sarif["version"] == "2.1.0"
    run0 = sarif["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    for r in run0["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    min_full = next(r for r in run0["results"] if r["ruleId"] == "BP-MIN-FULL")
    assert min_full["locations"][0]["physicalLocation"]["region"] == {"startLine": 21, "startColumn": 5}
    assert min_full["level"] == "error"
    assert sum(1 for r in run0["results"] if "suppressions" in r) == 1
    root = ET.fromstring(run("junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 12 + 3  # every rule of the charter, and the three gate checks asked for
    failed = [c.get("name").split(":")[0] for c in cases if c.find("failure") is not None]
    assert failed == ["BP-ONE-BRANCH", "BP-MIN-FULL", "GATE-GAP", "GATE-MOVES"]
