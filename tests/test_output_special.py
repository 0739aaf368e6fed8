"""-o naming (or linking to) something that is not a file: a device, a named pipe. The
output is written to a temporary file renamed over the target, so such a target would be
replaced itself (run as root, `-o plan.yaml` linking to /dev/null turned /dev/null into a
file holding the plan). Every command refuses it with exit code 2, before any work, and
leaves it as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errors import InputError
from branchplan.writing import atomic_write, atomic_write_all

ROOT = Path(__file__).resolve().parents[1]
G = ROOT / "examples" / "guigang"
runner = CliRunner()

COMMANDS = [
    ["solve", str(G / "firms.yaml")],
    ["solve", str(G / "firms-2027.yaml"), "--current", str(G / "plan-current.yaml")],
    ["check", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")],
    ["diff", str(G / "plan-current.yaml"), str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")],
    ["report", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")],
    ["import", "ROSTER", "--jurisdiction", "贵港市"],
    ["schema", "firms"],
]
SUFFIX = {"check": ".json", "diff": ".json", "report": ".html", "import": ".yaml", "schema": ".json"}


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _link_to_null(path: Path) -> Path:
    path.symlink_to(os.devnull)
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("make", [_fifo, _link_to_null], ids=["fifo", "link-to-dev-null"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:1] + (["current"] if "--current" in a else [])))
def test_every_command_refuses_an_output_that_is_not_a_file(tmp_path, args, make):
    roster = tmp_path / "roster.csv"
    roster.write_text("律所名称,姓名,党员类别,入党时间\n甲所,张三,正式,2010-07-01\n", encoding="utf-8")
    args = [str(roster) if a == "ROSTER" else a for a in args]
    target = make(tmp_path / ("out" + SUFFIX.get(args[0], ".yaml")))
    before = os.stat(target).st_mode
    res = runner.invoke(app, args + ["-o", str(target)])
    assert res.exit_code == 2, res.output
    assert res.stderr == (f"{target}: is not a file (a device, a pipe or a socket, or a link to one); give a file "
                          "name for the output (without -o the output goes to standard output)\n")
    assert res.stdout == ""
    assert os.stat(target).st_mode == before and not stat.S_ISREG(before)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, "roster.csv"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_the_change_list_of_a_re_plan_is_refused_too_and_nothing_is_written(tmp_path):
    out = tmp_path / "plan.yaml"
    changes = _fifo(tmp_path / "changes.md")
    res = runner.invoke(app, ["solve", str(G / "firms-2027.yaml"), "--current", str(G / "plan-current.yaml"),
                              "-o", str(out), "--changes", str(changes)])
    assert res.exit_code == 2, res.output
    assert "changes.md: is not a file" in res.stderr
    assert not out.exists()


def test_chinese_message(tmp_path):
    target = _link_to_null(tmp_path / "out.yaml")
    res = runner.invoke(app, ["solve", str(G / "firms.yaml"), "-o", str(target), "--lang", "zh"])
    assert res.exit_code == 2, res.output
    assert "不是普通文件" in res.stderr and "Traceback" not in res.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_the_library_writer_refuses_it_and_a_regular_file_through_a_link_is_still_written(tmp_path):
    pipe = _fifo(tmp_path / "pipe.yaml")
    with pytest.raises(InputError) as err:
        atomic_write(pipe, "x: 1\n")
    assert "is not a file" in str(err.value)
    with pytest.raises(InputError):
        atomic_write_all([(tmp_path / "a.yaml", "a: 1\n"), (pipe, "b: 1\n")])
    assert not (tmp_path / "a.yaml").exists()
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"
