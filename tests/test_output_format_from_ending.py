"""check -o and diff -o: without --format the report takes the format its file's ending
names (a SARIF file holds SARIF, a .json file JSON), other endings text; a --format that
contradicts the ending is refused (exit 2) before anything is read or written."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
D = ROOT / "tests" / "data" / "check"
runner = CliRunner()


@pytest.fixture()
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("firms.yaml", "plan-good.yaml", "plan-bad.yaml"):
        shutil.copy(D / name, tmp_path / name)
    return tmp_path


def check(*args: str):
    return runner.invoke(app, ["check", "plan-bad.yaml", "--firms", "firms.yaml", *args])


def diff(*args: str):
    return runner.invoke(app, ["diff", "plan-good.yaml", "plan-bad.yaml", "--firms", "firms.yaml", *args])


@pytest.mark.parametrize("name,fmt", [("out.sarif", "sarif"), ("out.sarif.json", "sarif"), ("OUT.JSON", "json"),
                                      ("junit.xml", "junit"), ("comment.md", "markdown"), ("out.txt", "text"),
                                      ("out", "text")])
def test_check_writes_the_format_the_file_s_ending_names(here, name, fmt):
    res = check("-o", name)
    assert res.exit_code == 1 and res.stdout == ""            # (the bad plan fails the gate)
    text = (here / name).read_text(encoding="utf-8")
    # the same bytes as with the format given
    again = check("-o", "again" + name, "--format", fmt) if fmt != "text" else check("-o", "again" + name)
    assert again.exit_code == 1 and (here / ("again" + name)).read_text(encoding="utf-8") == text
    if fmt == "sarif":
        assert json.loads(text)["runs"][0]["tool"]["driver"]["name"] == "branchplan"
    elif fmt == "json":
        assert json.loads(text)["verdict"] == "fail"
    elif fmt == "junit":
        assert ET.fromstring(text).get("failures") not in (None, "0")
    elif fmt == "markdown":
        assert text.startswith("### branchplan check")
    else:
        assert text.startswith("Checking plan-bad.yaml against charter")


@pytest.mark.parametrize("name,fmt", [("d.json", "json"), ("d.yaml", "yaml"), ("d.YML", "yaml"), ("d.md", "markdown"),
                                      ("d.txt", "text")])
def test_diff_writes_the_format_the_file_s_ending_names(here, name, fmt):
    res = diff("-o", name)
    assert res.exit_code == 0 and res.stderr.endswith(f"diff written to {name}\n")
    text = (here / name).read_text(encoding="utf-8")
    again = diff("-o", "again" + name, "--format", fmt)
    assert again.exit_code == 0 and (here / ("again" + name)).read_text(encoding="utf-8") == text
    if fmt == "json":
        assert json.loads(text)["old"] == "plan-good.yaml"
    elif fmt == "yaml":
        assert yaml.safe_load(text)["new"] == "plan-bad.yaml"
    elif fmt == "markdown":
        assert text.startswith("#")
    else:
        assert text.startswith("plan-good.yaml -> plan-bad.yaml")


@pytest.mark.parametrize("command,args,words", [
    (check, ("--format", "text", "-o", "x.sarif"), "x.sarif: a .sarif file is sarif, but --format is text"),
    (check, ("--format", "json", "-o", "x.sarif.json"), "x.sarif.json: a .sarif.json file is sarif, but --format is json"),
    (check, ("-f", "github", "-o", "x.md"), "x.md: a .md file is markdown, but --format is github"),
    (diff, ("--format", "text", "-o", "x.json"), "x.json: a .json file is json, but --format is text"),
    (diff, ("-f", "json", "-o", "x.yaml"), "x.yaml: a .yaml file is yaml, but --format is json"),
])
def test_a_format_the_ending_contradicts_is_refused_and_nothing_is_written(here, command, args, words):
    out = here / args[-1]
    out.write_text("kept\n", encoding="utf-8")
    res = command(*args)
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr.startswith(words) and "leave out --format" in res.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_other_endings_and_no_output_keep_the_format_given(here):
    res = check("--format", "github", "-o", "annotations.txt")
    assert res.exit_code == 1 and (here / "annotations.txt").read_text(encoding="utf-8").startswith("::")
    assert check("--format", "json").stdout.startswith("{")
    assert check().stdout.startswith("Checking plan-bad.yaml")
    assert diff("--format", "yaml").stdout.startswith("old: plan-good.yaml")


@pytest.mark.parametrize("name,fmt", [("bad.sarif", "sarif"), ("bad.json", "json"), ("bad.xml", "junit"),
                                      ("bad.md", "markdown")])
def test_bad_input_reaches_the_file_in_the_format_of_its_ending(here, name, fmt):
    """A typo in the plan: the problems are written in the ending's format, the same bytes as
    with that --format (exit 2)."""
    text = (here / "plan-good.yaml").read_text(encoding="utf-8")
    (here / "typo.yaml").write_text(text.replace("    lead: S04\n", "    laed: S04\n", 1), encoding="utf-8")
    res = runner.invoke(app, ["check", "typo.yaml", "--firms", "firms.yaml", "-o", name])
    assert res.exit_code == 2 and "unknown key 'laed'" in res.stderr
    again = runner.invoke(app, ["check", "typo.yaml", "--firms", "firms.yaml", "-o", "again" + name, "--format", fmt])
    assert again.exit_code == 2
    written = (here / name).read_text(encoding="utf-8")
    assert written == (here / ("again" + name)).read_text(encoding="utf-8") and "laed" in written
