"""Standard output and error in the states a service, a container or a CI runner leaves them:

- under ``PYTHONUNBUFFERED=1`` (set in many images), a write the system takes only in part
  (a disk or quota that fills during the output) was dropped: a cut plan and exit 0. It is
  exit 2 with the usual message, as without the variable, and a reader that leaves early
  (``| head``) is 141 then too;
- a standard error that cannot be written (a full disk under ``2> log``) made every exit
  code 1 ("no plan", "the gate failed") and lost ``import``'s file: the messages are
  dropped and each command keeps its own code;
- a closed standard output (``>&-``) dropped the plan with exit 0: refused (exit 2) before
  any work unless the command writes a file (``-o``) or is ``check`` (its exit code is its
  verdict).

Each runs the command as a process (``python -m branchplan``), as the shell does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
FULL = "/dev/full"

pytestmark = pytest.mark.skipif(not os.path.exists(FULL), reason="needs /dev/full (Linux)")


def _run(args, cwd, *, stdout=subprocess.PIPE, stderr=subprocess.PIPE, unbuffered=False, preexec=None,
         pass_fds=()):
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", BRANCHPLAN_LANG="en")
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run([sys.executable, "-m", "branchplan", *args], stdout=stdout, stderr=stderr, env=env,
                          cwd=cwd, timeout=180, preexec_fn=preexec, pass_fds=pass_fds)


def _file_size_limit(limit: int):
    def apply():
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # (a write past the limit fails with EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("unbuffered", [False, True])
def test_a_disk_that_fills_during_the_output_is_exit_2(tmp_path, unbuffered):
    out = tmp_path / "plan.json"
    with open(out, "wb") as f:
        res = _run(["solve", str(G / "firms.yaml"), "-f", "json"], tmp_path, stdout=f, unbuffered=unbuffered,
                   preexec=_file_size_limit(4096))
    assert res.returncode == 2, res.stderr.decode()
    assert res.stderr.decode().startswith("cannot write the output: File too large (standard output;")
    assert out.stat().st_size == 4096
    # the same command without the limit writes far more: the cut was real
    whole = _run(["solve", str(G / "firms.yaml"), "-f", "json"], tmp_path, unbuffered=unbuffered)
    assert whole.returncode == 0 and len(whole.stdout) > 4096


def test_a_reader_that_leaves_early_is_141_unbuffered_too(tmp_path):
    """A reader that is gone before the report is written (``| true``: it exits at once,
    long before the command has loaded)."""
    for unbuffered in (False, True):
        env = dict(os.environ, BRANCHPLAN_LANG="en")
        env.pop("PYTHONUNBUFFERED", None)
        if unbuffered:
            env["PYTHONUNBUFFERED"] = "1"
        cmd = (f"{sys.executable} -m branchplan report {G / 'plan-2027.yaml'} --firms {G / 'firms-2027.yaml'} "
               "| true; echo ${PIPESTATUS[0]}")
        res = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
        assert res.stdout.strip() == "141", (unbuffered, res.stdout, res.stderr)
        assert "Traceback" not in res.stderr


def test_a_stderr_that_cannot_be_written_keeps_each_exit_code(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("firms: [\n", encoding="utf-8")
    with open(FULL, "wb") as full:
        ok = _run(["solve", str(G / "firms.yaml"), "-o", str(tmp_path / "plan.yaml")], tmp_path, stderr=full)
        assert ok.returncode == 0 and (tmp_path / "plan.yaml").exists()
        assert _run(["solve", str(bad)], tmp_path, stderr=full).returncode == 2
        assert _run(["solve", "--bogus"], tmp_path, stderr=full).returncode == 2
        assert _run(["check", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")], tmp_path,
                    stderr=full).returncode == 0
        # import says its summary on stderr before it writes the file: the file is written
        imported = _run(["import", str(G / "roster.csv"), "--jurisdiction", "贵港市", "-o", str(tmp_path / "i.yaml")],
                        tmp_path, stderr=full)
        assert imported.returncode == 0 and (tmp_path / "i.yaml").exists()


def test_a_closed_stdout_is_refused_unless_a_file_is_written(tmp_path):
    def closed():
        os.close(1)

    res = _run(["solve", str(G / "firms.yaml"), "-f", "yaml"], tmp_path, stdout=None, preexec=closed)
    assert res.returncode == 2
    assert res.stderr.decode() == ("cannot write the output: standard output is closed; give -o FILE, or run the "
                                   "command with its output redirected to a file\n")
    res = _run(["solve", str(G / "firms.yaml"), "-f", "yaml", "--lang", "zh"], tmp_path, stdout=None, preexec=closed)
    assert res.returncode == 2
    assert res.stderr.decode() == "无法写出输出：标准输出已关闭；请用 -o 文件 指定输出文件，或将命令的输出重定向到文件\n"
    res = _run(["solve", str(G / "firms.yaml"), f"-o{tmp_path / 'attached.yaml'}"], tmp_path, stdout=None,
               preexec=closed)
    assert res.returncode == 0 and (tmp_path / "attached.yaml").exists(), res.stderr.decode()
    # -o as the value of another option is that option's: the product would go to stdout
    res = _run(["import", str(G / "roster.csv"), "--jurisdiction", "-o"], tmp_path, stdout=None, preexec=closed)
    assert res.returncode == 2 and "standard output is closed" in res.stderr.decode(), res.stderr.decode()
    res = _run(["solve", str(G / "firms.yaml"), "-o", str(tmp_path / "plan.yaml")], tmp_path, stdout=None,
               preexec=closed)
    assert res.returncode == 0, res.stderr.decode()
    assert "branches:" in (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    for args in (["check", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")],
                 ["--max-input-bytes", "10M", "check", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")]):
        res = _run(args, tmp_path, stdout=None, preexec=closed)
        assert res.returncode == 0, (args, res.stderr.decode())
    assert _run(["report", str(G / "plan-current.yaml"), "--firms", str(G / "firms.yaml")], tmp_path, stdout=None,
                preexec=closed).returncode == 2


def test_a_current_folder_removed_under_the_shell_is_said(tmp_path):
    """Relative paths and worker processes need the current folder: exit 2 saying so, not an
    internal error (exit 3)."""
    gone = tmp_path / "gone"
    gone.mkdir()

    def leave():
        os.makedirs(gone, exist_ok=True)
        os.chdir(gone)
        os.rmdir(gone)

    res = _run(["rules", "-r", "x.yaml"], tmp_path, preexec=leave)
    assert res.returncode == 2
    assert res.stderr.decode() == ("the current folder no longer exists (it was removed while the shell was in it): "
                                   "change to a folder that exists and run the command again\n")
    zh = _run(["rules", "-r", "x.yaml", "--lang=zh"], tmp_path, preexec=leave)
    assert zh.returncode == 2 and zh.stderr.decode().startswith("当前文件夹已不存在"), zh.stderr.decode()
    version = _run(["--version"], tmp_path, preexec=leave)     # (needs no folder)
    assert version.returncode == 0 and version.stdout.decode().startswith("branchplan ")
