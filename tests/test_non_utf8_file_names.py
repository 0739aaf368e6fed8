"""A file name that is not UTF-8 (GBK bytes: what unzipping a Chinese Windows archive on
Linux leaves, 花名册 as ``\\xbb\\xa8\\xc3\\xfb\\xb2\\xe1``) ended ``report``, ``check -f
json|sarif|github`` and ``solve --current --changes`` with an internal error (exit 3): the
name could not be written in UTF-8. It is shown as its bytes read as GB18030, and SARIF's
URI percent-encodes the bytes themselves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
GBK = "花名册".encode("gbk")          # b"\xbb\xa8\xc3\xfb\xb2\xe1"


@pytest.fixture
def named(tmp_path):
    try:
        firms = Path(os.fsdecode(GBK + b".yaml"))
        shutil.copy(G / "firms.yaml", tmp_path / firms)
    except (UnicodeError, OSError):     # (a file system that takes UTF-8 names only)
        pytest.skip("the file system refuses a name that is not UTF-8")
    plan = Path(os.fsdecode(b"p" + GBK + b".yaml"))
    new = Path(os.fsdecode(b"n" + GBK + b".yaml"))
    shutil.copy(G / "plan-current.yaml", tmp_path / plan)
    shutil.copy(G / "firms-2027.yaml", tmp_path / new)
    return tmp_path, str(firms), str(plan), str(new)


def _run(args, cwd):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", BRANCHPLAN_LANG="en")
    res = subprocess.run([sys.executable, "-m", "branchplan", *args], capture_output=True, cwd=cwd, env=env,
                         timeout=180)
    assert res.returncode == 0, (args, res.stderr.decode("utf-8", "replace"))
    assert b"internal error" not in res.stderr
    return res


def test_outputs_naming_a_gbk_file_name(named):
    cwd, firms, plan, new = named
    _run(["report", plan, "--firms", firms, "-o", "r.html"], cwd)
    assert "p花名册.yaml" in (cwd / "r.html").read_text(encoding="utf-8")
    for fmt in ("json", "sarif", "github"):
        _run(["check", plan, "--firms", firms, "-f", fmt, "-o", f"c.{fmt}"], cwd)
        (cwd / f"c.{fmt}").read_text(encoding="utf-8")      # UTF-8 throughout
    assert json.loads((cwd / "c.json").read_text(encoding="utf-8"))["plan"] == "p花名册.yaml"
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for run in json.loads((cwd / "c.sarif").read_text(encoding="utf-8"))["runs"]
            for result in run["results"] for loc in result.get("locations", [])}
    assert uris and all(u.startswith("p%BB%A8%C3%FB%B2%E1.yaml") or u.startswith("%BB%A8%C3%FB%B2%E1.yaml")
                        for u in uris), uris
    out = _run(["check", plan, "--firms", firms, "-f", "json"], cwd)
    assert json.loads(out.stdout.decode("utf-8"))["plan"] == "p花名册.yaml"    # stdout: UTF-8 too
    _run(["solve", new, "--current", plan, "--old-firms", firms, "--changes", "ch.md", "-o", "np.yaml"], cwd)
    assert "p花名册.yaml" in (cwd / "ch.md").read_text(encoding="utf-8")
