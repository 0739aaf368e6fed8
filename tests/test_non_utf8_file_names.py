"""A file name that is not UTF-8 (GBK bytes: what unzipping a Chinese Windows archive on
Linux leaves, 花名册 as ``\\xbb\\xa8\\xc3\\xfb\\xb2\\xe1``) ended ``report``, ``check -f
json|sarif|github`` and ``solve --current --changes`` with an internal error (exit 3): the
name could not be written in UTF-8. It is shown as its bytes read as GB18030, the whole
name at once (a GBK pair that happens to be valid UTF-8, 员 ``D4 B1`` or 师 ``CA A6``, must not
stay 'Ա' or 'ʦ'), in files, on standard output and in messages; SARIF's URI percent-encodes
the bytes themselves."""

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


@pytest.fixture
def lawyers(tmp_path):
    """Names whose GBK bytes hold accidental UTF-8 (员, 师)."""
    names = {}
    for key, text in (("firms", "党员名单.yaml"), ("plan", "律师事务所方案.yaml")):
        raw = text.encode("gbk")
        with pytest.raises(UnicodeDecodeError):     # (else it would not exercise anything)
            raw.decode("utf-8")
        try:
            name = os.fsdecode(raw)
            shutil.copy(G / ("firms.yaml" if key == "firms" else "plan-current.yaml"), tmp_path / name)
        except (UnicodeError, OSError):
            pytest.skip("the file system refuses a name that is not UTF-8")
        names[key] = name
    assert any("\udc80" > c or c > "\udcff" for c in names["firms"] if ord(c) > 127)   # (some read as UTF-8)
    return tmp_path, names["firms"], names["plan"]


def test_whole_names_are_read_in_every_output(lawyers):
    cwd, firms, plan = lawyers
    _run(["report", plan, "--firms", firms, "-o", "r.html"], cwd)
    page = (cwd / "r.html").read_text(encoding="utf-8")
    assert "律师事务所方案.yaml" in page and "党员名单.yaml" in page
    for fmt in ("text", "markdown", "json"):
        out = _run(["check", plan, "--firms", firms, "-f", fmt], cwd).stdout.decode("utf-8")
        assert "律师事务所方案.yaml" in out and "\\udc" not in out and "ʦ" not in out, (fmt, out[:300])
    bad = os.fsdecode("党员名单坏.yaml".encode("gbk"))
    (cwd / bad).write_text("firms: [\n", encoding="utf-8")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", BRANCHPLAN_LANG="en")
    res = subprocess.run([sys.executable, "-m", "branchplan", "solve", bad], capture_output=True, cwd=cwd, env=env,
                         timeout=180)
    assert res.returncode == 2
    assert res.stderr.decode("utf-8").startswith("党员名单坏.yaml:2:1: "), res.stderr.decode("utf-8", "replace")


def _as_system_gives(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("name,raw", [
    ("律师事务所方案.yaml", "律师事务所方案.yaml".encode("gbk")),
    ("誠信律師.yaml", "誠信律師.yaml".encode("gbk")),                 # (誠's second byte is '\')
    ("花名册-修订.yaml", "花名册".encode("gbk") + "-修订.yaml".encode("utf-8")),   # (renamed on Linux)
    ("第一党支部.yaml", "第一党支部.yaml".encode("gbk")),
])
def test_a_name_reads_whole(name, raw):
    from branchplan import fsnames

    assert fsnames.reading(_as_system_gives(raw)) == name


def test_registered_names_and_stems_and_nothing_else(monkeypatch):
    """A rules file's stem (its charter's name) reads as the name does; a registered folder
    name is not replaced inside another name's bytes (律's two GBK bytes sit across two
    characters of 下设支部规则)."""
    from branchplan import fsnames

    monkeypatch.setattr(fsnames, "_READING", {})
    monkeypatch.setattr(fsnames, "_PATTERN", None)
    folder = _as_system_gives("律".encode("gbk"))
    rules = _as_system_gives("下设支部规则".encode("gbk"))
    assert folder in rules
    fsnames.register([f"/srv/{folder}/x.yaml"])
    assert fsnames.readable(f"charter {rules}") == f"charter {rules}"     # (not 律 inside it)
    assert fsnames.readable(f"/srv/{folder}/x.yaml") == "/srv/律/x.yaml"
    fsnames.register([f"{folder}/{rules}.yaml"])
    assert fsnames.readable(f"charter {rules}, file {folder}/{rules}.yaml") == "charter 下设支部规则, file 律/下设支部规则.yaml"


def test_a_name_whose_gbk_bytes_hold_a_backslash_is_one_component(monkeypatch):
    """誠 is D5 5C in GBK: its second byte is '\\'. On a system that gives names as bytes that
    byte is part of the name, not a folder separator."""
    from branchplan import fsnames

    monkeypatch.setattr(fsnames, "_READING", {})
    monkeypatch.setattr(fsnames, "_PATTERN", None)
    name = _as_system_gives("誠信律師.yaml".encode("gbk"))
    assert "\\" in name
    fsnames.register([f"docs/{name}"])
    assert fsnames.readable(f"docs/{name}: no such file") == "docs/誠信律師.yaml: no such file"
