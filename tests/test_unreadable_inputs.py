"""An input file that cannot be read (permission denied) gets branchplan's own message and
exit 2, and ``check -f json|github|sarif|junit`` the same machine-readable error report a
missing file gets: the command line does not turn it away first with a usage error.

The file is made unreadable by refusing to open it (and by ``os.access`` denying it, as the
command line's own check would see it for a user other than root), so that the test means
the same when run as root."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
FIRMS, PLAN, CSV = str(EX / "firms.yaml"), str(EX / "plan-current.yaml"), str(EX / "roster.csv")


@pytest.fixture
def unreadable(tmp_path, monkeypatch):
    """A copy of an example file that nobody may read."""
    made: set[str] = set()

    def make(src: str) -> str:
        p = tmp_path / ("noread" + Path(src).suffix)
        shutil.copy(src, p)
        made.add(os.path.realpath(p))
        return str(p)

    real_open, real_access = pathlib.Path.open, os.access

    def open_(self, *a, **k):
        if os.path.realpath(self) in made:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **k)

    def access(path, mode, *a, **k):
        if os.path.realpath(path) in made and mode & os.R_OK:
            return False
        return real_access(path, mode, *a, **k)

    monkeypatch.setattr(pathlib.Path, "open", open_)
    monkeypatch.setattr(os, "access", access)
    return make


RULES = str(EX.parents[1] / "rules" / "cpmp.yaml")


@pytest.mark.parametrize("args,src", [
    (lambda p: ["solve", p], FIRMS),
    (lambda p: ["solve", FIRMS, "--rules", p], RULES),
    (lambda p: ["check", p, "--firms", FIRMS], PLAN),
    (lambda p: ["check", PLAN, "--firms", p], FIRMS),
    (lambda p: ["explain", p, "--firms", FIRMS], PLAN),
    (lambda p: ["diff", p, PLAN, "--firms", FIRMS], PLAN),
    (lambda p: ["report", p, "--firms", FIRMS], PLAN),
    (lambda p: ["rules", "--rules", p], RULES),
])
def test_an_unreadable_input_gets_the_products_message(unreadable, args, src):
    p = unreadable(src)
    res = runner.invoke(app, args(p))
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{p}: permission denied\n"
    assert "Usage" not in res.output and "not readable" not in res.output


def test_import_of_an_unreadable_table_says_so(unreadable):
    p = unreadable(CSV)
    res = runner.invoke(app, ["import", p, "--jurisdiction", "X"])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{p}: permission denied\n"


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "junit"])
def test_check_reports_an_unreadable_plan_as_it_reports_a_missing_one(unreadable, tmp_path, fmt):
    p = unreadable(PLAN)
    res = runner.invoke(app, ["check", p, "--firms", FIRMS, "-f", fmt])
    assert res.exit_code == 2, res.output
    missing = runner.invoke(app, ["check", str(tmp_path / "missing.yaml"), "--firms", FIRMS, "-f", fmt])
    assert missing.exit_code == 2
    assert res.stdout and res.stdout == missing.stdout.replace(str(tmp_path / "missing.yaml"), p).replace(
        "no such file", "permission denied").replace("文件不存在", "没有读取权限")
    if fmt == "json":
        report = json.loads(res.stdout)
        assert report["verdict"] == "error" and report["problems"][0]["message"] == "permission denied"


def test_chinese_message(unreadable, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    p = unreadable(FIRMS)
    res = runner.invoke(app, ["solve", p])
    assert res.exit_code == 2 and res.stderr == f"{p}: 没有读取权限\n"


def test_one_unreadable_file_given_twice_is_said_once(unreadable):
    p = unreadable(PLAN)
    res = runner.invoke(app, ["diff", p, p, "--firms", FIRMS])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{p}: permission denied\n"
