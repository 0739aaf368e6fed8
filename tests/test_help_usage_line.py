"""The usage line names positional arguments as usual (``FIRMS``, ``OLD NEW``), not in the
braces that read as a set of choices, in English and Chinese help and in the command
line's own errors."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}


@pytest.mark.parametrize("args,usage", [
    (["solve"], "branchplan solve [OPTIONS] FIRMS"),
    (["check"], "branchplan check [OPTIONS] PLAN"),
    (["diff"], "branchplan diff [OPTIONS] OLD NEW"),
    (["schema"], "branchplan schema [OPTIONS] KIND"),
    (["import"], "branchplan import [OPTIONS] ROSTER"),
    (["rules", "show"], "branchplan rules show [OPTIONS] CODE"),
])
def test_positional_arguments_are_not_in_braces(args, usage):
    res = runner.invoke(app, args + ["--help"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == f"Usage: {usage}"
    zh = runner.invoke(app, args + ["--help"], env=ZH)
    assert zh.exit_code == 0
    assert zh.stdout.splitlines()[0] == "用法：" + usage.replace("[OPTIONS]", "[选项]")
    missing = runner.invoke(app, args)
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[0] == f"Usage: {usage}"
    assert not re.search(r"\{[A-Z_]+\}", res.stdout + zh.stdout + missing.stderr)
