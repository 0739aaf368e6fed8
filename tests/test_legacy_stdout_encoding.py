"""Standard output in a legacy code page (what Python takes on Windows when output is
redirected: GBK on Chinese Windows, cp1252 on western ones) ended commands with an internal
error (exit 3) at the first character it could not encode, even after the plan was written.
Redirected, output is written in UTF-8, as every file branchplan writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"


def _run(args, encoding, cwd):
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "branchplan", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=120)


@pytest.mark.parametrize("encoding", ["gbk", "cp1252", "latin-1"])
def test_a_plan_with_names_no_legacy_code_page_has(tmp_path, encoding):
    firms = tmp_path / "firms.yaml"
    firms.write_text((G / "firms.yaml").read_text(encoding="utf-8").replace(
        "name: 广西郁江律师事务所", "name: 阿依古丽•买买提律师事务所 😀", 1), encoding="utf-8")
    assert "阿依古丽" in firms.read_text(encoding="utf-8")
    res = _run(["solve", str(firms), "-o", str(tmp_path / "plan.yaml")], encoding, tmp_path)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    assert (tmp_path / "plan.yaml").exists()
    assert "阿依古丽•买买提律师事务所 😀" in res.stdout.decode("utf-8")
    res = _run(["check", str(tmp_path / "plan.yaml"), "--firms", str(firms), "--lang", "zh"], encoding, tmp_path)
    assert res.returncode in (0, 1), res.stderr.decode("utf-8", "replace")
    assert "检查" in res.stdout.decode("utf-8") or "Checking" in res.stdout.decode("utf-8")


@pytest.mark.parametrize("encoding", ["gbk", "cp1252"])
def test_errors_on_stderr_are_utf8_too(tmp_path, encoding):
    bad = tmp_path / "firms.yaml"
    bad.write_text("jurisdiction: 贵港市\nfirms:\n  - {id: F1, name: 甲•所, members: {full: 一}}\n", encoding="utf-8")
    res = _run(["solve", str(bad)], encoding, tmp_path)
    assert res.returncode == 2
    assert "firms[0].members.full" in res.stderr.decode("utf-8")
    assert "internal error" not in res.stderr.decode("utf-8")
