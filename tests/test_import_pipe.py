"""``import`` of a pipe (``<(cat roster.csv)``, ``/dev/stdin``, a named pipe) reads it once,
whole, and gives the firms file the file gives: nothing is lost to a first look at its
bytes, and a named pipe is not waited on a second time."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="bash process substitution and named pipes")

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "examples" / "guigang" / "roster.csv"
BRANCHPLAN = f"{shlex.quote(sys.executable)} -m branchplan"


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("LC_ALL", None)
    return subprocess.run(["bash", "--noprofile", "--norc", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


@pytest.fixture(scope="module")
def from_the_file(tmp_path_factory) -> str:
    here = tmp_path_factory.mktemp("file")
    res = bash(f"{BRANCHPLAN} import {shlex.quote(str(ROSTER))} -q -o firms.yaml", here)
    assert res.returncode == 0, res.stderr
    text = (here / "firms.yaml").read_text(encoding="utf-8")
    assert "F001" in text and "广西郁江律师事务所" in text
    return text


def test_process_substitution(tmp_path, from_the_file):
    res = bash(f"{BRANCHPLAN} import <(cat {shlex.quote(str(ROSTER))}) -q -o firms.yaml", tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "firms.yaml").read_text(encoding="utf-8") == from_the_file
    assert (tmp_path / "firms.yaml").stat().st_mode & 0o777 == 0o666 & ~_umask()   # (not the pipe's 0600)


def test_standard_input(tmp_path, from_the_file):
    res = bash(f"cat {shlex.quote(str(ROSTER))} | {BRANCHPLAN} import /dev/stdin -q", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == from_the_file


def test_the_summary_names_what_was_read(tmp_path):
    res = bash(f"cat {shlex.quote(str(ROSTER))} | {BRANCHPLAN} import /dev/stdin --lang en", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr.startswith("read /dev/stdin: CSV, UTF-8 (BOM), comma-separated; header on row 2\n")


def test_a_named_pipe_with_a_writer(tmp_path, from_the_file):
    os.mkfifo(tmp_path / "roster.csv")
    res = bash(f"(cat {shlex.quote(str(ROSTER))} > roster.csv &); {BRANCHPLAN} import roster.csv -q", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == from_the_file


def test_a_gbk_roster_through_a_pipe(tmp_path, from_the_file):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(ROSTER.read_text(encoding="utf-8-sig").encode("gbk"))
    res = bash(f"{BRANCHPLAN} import <(cat gbk.csv) -q", tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == from_the_file


def test_a_pipe_over_the_limit_is_refused(tmp_path):
    res = bash(f"cat {shlex.quote(str(ROSTER))} | {BRANCHPLAN} --max-input-bytes 1000 import /dev/stdin --lang en",
               tmp_path)
    assert res.returncode == 2
    assert res.stderr == "/dev/stdin: file is more than the limit of 1,000 bytes (raise it with --max-input-bytes)\n"


def test_a_workbook_through_a_pipe_is_refused_asking_for_a_file(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["律所名称", "姓名", "党员类别", "入党时间"])
    wb.active.append(["广西郁江律师事务所", "张三", "正式", "2001-07-01"])
    wb.save(tmp_path / "roster.xlsx")
    res = bash(f"cat roster.xlsx | {BRANCHPLAN} import /dev/stdin --jurisdiction 贵港市 --lang en", tmp_path)
    assert res.returncode == 2
    assert res.stderr == ("/dev/stdin: holds an Excel workbook (or another zip file), which is read from a file "
                          "only, not from a pipe: save it to a file (roster.xlsx) and import that\n")
    res = bash(f"cat roster.xlsx | {BRANCHPLAN} import /dev/stdin --jurisdiction 贵港市 --lang zh", tmp_path)
    assert res.stderr == ("/dev/stdin: 内容是 Excel 工作簿（或其他 zip 文件），只能从文件读取，不能从管道读取："
                          "请先保存为文件（如 名册.xlsx），再导入该文件\n")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
