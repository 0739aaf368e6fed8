"""SARIF artifact locations (SARIF 2.1.0, 3.4.3, 3.10, 3.14.14): a file given by an absolute
path is a ``file://`` URI; one given by a relative path a relative URI with ``uriBaseId``
``%SRCROOT%``, which ``originalUriBaseIds`` gives as the working directory (a ``file://``
URI ending in ``/``); both percent-encoded; the same run directory gives the same bytes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
D = Path(__file__).resolve().parents[1] / "tests" / "data" / "check"
runner = CliRunner()


def sarif(*args: str) -> tuple[dict, str]:
    res = runner.invoke(app, ["check", *args, "--format", "sarif"])
    assert res.exit_code in (0, 1, 2), res.output
    return json.loads(res.stdout), res.stdout


def locations(doc: dict) -> list[dict]:
    """Every artifactLocation of the run's results and notifications."""
    (run,) = doc["runs"]
    out = [loc["physicalLocation"]["artifactLocation"] for r in run["results"] for loc in r["locations"]]
    for inv in run.get("invocations", []):
        out += [loc["physicalLocation"]["artifactLocation"] for n in inv.get("toolConfigurationNotifications", [])
                for loc in n["locations"]]
    return out


@pytest.fixture()
def tree(tmp_path, monkeypatch) -> Path:
    """A plan in a folder whose name has a space and Chinese, the run in another folder."""
    where = tmp_path / "sub dir"
    where.mkdir()
    shutil.copy(G / "plan-current.yaml", where / "计划.yaml")
    (tmp_path / "run").mkdir()
    monkeypatch.chdir(tmp_path / "run")
    return tmp_path


def test_an_absolute_path_is_a_file_uri(tree):
    plan = tree / "sub dir" / "计划.yaml"
    doc, _ = sarif(str(plan), "--firms", str(G / "firms.yaml"))
    assert doc["version"] == "2.1.0" and doc["runs"][0]["results"]
    for loc in locations(doc):
        assert loc == {"uri": plan.as_uri()}
        assert loc["uri"].startswith("file:///") and "sub%20dir/%E8%AE%A1%E5%88%92.yaml" in loc["uri"]
    assert "originalUriBaseIds" not in doc["runs"][0]   # (no relative path: the directory is not needed)


def test_a_relative_path_carries_its_base_the_working_directory(tree):
    doc, first = sarif("../sub dir/计划.yaml", "--firms", str(G / "firms.yaml"))
    run = doc["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == (tree / "run").as_uri() + "/" and base.startswith("file:///") and base.endswith("/")
    locs = locations(doc)
    assert locs and all(loc == {"uri": "../sub%20dir/%E8%AE%A1%E5%88%92.yaml", "uriBaseId": "%SRCROOT%"} for loc in locs)
    # resolved against its base, the URI is the file's (RFC 3986)
    assert urljoin(base, locs[0]["uri"]) == (tree / "sub dir" / "计划.yaml").as_uri()
    assert sarif("../sub dir/计划.yaml", "--firms", str(G / "firms.yaml"))[1] == first   # same run, same bytes


def test_notifications_and_bad_input_use_the_same_locations(tree):
    """A waiver matching no finding (relative waivers file) and a plan with a typo (bad
    input, exit 2): the same artifactLocation rules, and the base where one is relative."""
    (tree / "run" / "w.yaml").write_text("- {code: BP-LEAD-DIRECTOR, subject: B099, reason: x, expires: 2027-06-30}\n",
                                         encoding="utf-8")
    plan = tree / "sub dir" / "计划.yaml"
    doc, _ = sarif(str(plan), "--firms", str(G / "firms.yaml"), "--waivers", "w.yaml", "--as-of", "2026-11-01")
    (note,) = doc["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "w.yaml", "uriBaseId": "%SRCROOT%"}
    assert doc["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": (tree / "run").as_uri() + "/"}}
    shutil.copy(D / "firms.yaml", tree / "run" / "firms.yaml")
    text = (D / "plan-good.yaml").read_text(encoding="utf-8")
    (tree / "run" / "typo.yaml").write_text(text.replace("    lead: S04\n", "    laed: S04\n", 1), encoding="utf-8")
    bad, _ = sarif("typo.yaml", "--firms", "firms.yaml")
    run = bad["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": False, "exitCode": 2}]
    assert {json.dumps(loc, sort_keys=True) for loc in locations(bad)} == {
        json.dumps({"uri": "typo.yaml", "uriBaseId": "%SRCROOT%"}, sort_keys=True)}
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": (tree / "run").as_uri() + "/"}}
    bad_abs, _ = sarif(str(tree / "run" / "typo.yaml"), "--firms", "firms.yaml")
    assert {loc["uri"] for loc in locations(bad_abs)} == {(tree / "run" / "typo.yaml").as_uri()}
    assert "originalUriBaseIds" not in bad_abs["runs"][0]
