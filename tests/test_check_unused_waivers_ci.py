"""A waiver that matches no finding (a typo in its subject waives nothing) is said in the CI
formats too, at the waiver's entry, without changing the verdict: a ``::warning`` in
github, a toolConfigurationNotification in SARIF, the suite's system-err in JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()

EN = "waiver of BP-LEAD-DIRECTOR for B099 matches no finding"
ZH = "BP-LEAD-DIRECTOR 对 B099 的豁免没有匹配任何问题"


@pytest.fixture()
def waivers(tmp_path, monkeypatch) -> list[str]:
    """The check's arguments: the Guigang plan, a waiver in force for B005 (it matches) and
    one for B099 (a typo: no such branch) on the file's second line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.yaml").write_text(
        "waivers:\n"
        "  - {code: BP-LEAD-DIRECTOR, subject: B005, reason: x, expires: 2027-06-30}\n"
        "  - {code: BP-LEAD-DIRECTOR, subject: B099, reason: y, expires: 2027-06-30}\n", encoding="utf-8")
    return ["check", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml"), "--waivers", "w.yaml",
            "--as-of", "2026-11-01"]


def test_text_says_it_as_before(waivers):
    res = runner.invoke(app, waivers + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    assert f"w.yaml:3:5: {EN}" in res.stdout.splitlines()


def test_github_annotates_the_waivers_line(waivers):
    res = runner.invoke(app, waivers + ["--format", "github"])
    assert res.exit_code == 0, res.output
    assert f"::warning file=w.yaml,line=3,col=5,title=waivers::{EN}%0A{ZH}" in res.stdout.splitlines()
    assert "B099" not in res.stdout.replace(f"{EN}%0A{ZH}", "")   # (said once)
    assert res.stdout.splitlines()[-1] == "branchplan check passed: 0 hard, 6 soft, 1 waived"


def test_sarif_gives_a_configuration_notification_at_the_waiver(waivers):
    res = runner.invoke(app, waivers + ["--format", "sarif"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    assert all("B099" not in json.dumps(r) for r in run["results"])   # not a result: no finding
    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is True
    (note,) = inv["toolConfigurationNotifications"]
    assert note["descriptor"] == {"id": "UNUSED-WAIVER"} and note["level"] == "warning"
    assert note["message"] == {"text": EN}
    (loc,) = note["locations"]
    phys = loc["physicalLocation"]
    assert phys["artifactLocation"]["uri"].endswith("w.yaml")
    assert phys["region"] == {"startLine": 3, "startColumn": 5}
    assert note["properties"] == {"code": "BP-LEAD-DIRECTOR", "subject": "B099", "message_zh": ZH}
    assert run["properties"]["verdict"] == "pass"


def test_junit_says_it_in_the_suites_system_err_and_fails_nothing(waivers):
    res = runner.invoke(app, waivers + ["--format", "junit"])
    assert res.exit_code == 0, res.output
    root = ET.fromstring(res.stdout.split("\n", 1)[1])   # well-formed
    assert root.tag == "testsuites" and root.get("failures") == "0"
    (suite,) = root.findall("testsuite")
    assert suite.get("failures") == "0" and not suite.findall(".//failure")
    assert suite.find("system-err").text == f"w.yaml:3:5: {EN} / {ZH}"


def test_every_waiver_used_adds_nothing(waivers, tmp_path):
    (tmp_path / "w.yaml").write_text("- {code: BP-LEAD-DIRECTOR, subject: B005, reason: x, expires: 2027-06-30}\n",
                                     encoding="utf-8")
    assert "title=waivers" not in runner.invoke(app, waivers + ["--format", "github"]).stdout
    assert "invocations" not in json.loads(runner.invoke(app, waivers + ["--format", "sarif"]).stdout)["runs"][0]
    assert "system-err" not in runner.invoke(app, waivers + ["--format", "junit"]).stdout
