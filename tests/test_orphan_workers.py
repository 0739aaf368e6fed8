"""Worker processes of `solve --workers 2` end when the solve is killed with SIGKILL (which it
cannot pass on): they, and with them the fork server, do not live on with nobody to serve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from branchplan.solver import interrupt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

LINUX = sys.platform.startswith("linux")


def test_a_process_that_ended_is_gone_zombie_or_reaped():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    parent = (child.pid, interrupt._started(child.pid))
    assert not interrupt._gone(parent)
    child.kill()
    deadline = time.monotonic() + 10
    while not interrupt._gone(parent) and time.monotonic() < deadline:     # (a zombie until reaped)
        time.sleep(0.05)
    assert interrupt._gone(parent)
    child.wait()
    assert interrupt._gone(parent)
    if LINUX:   # another process under the pid (its start time differs) is not the parent
        assert interrupt._gone((os.getpid(), "0"))
        assert not interrupt._gone((os.getpid(), interrupt._started(os.getpid())))


def _session(sid: int) -> list[int]:
    out = subprocess.run(["ps", "-eo", "pid=,sid="], capture_output=True, text=True).stdout
    return [int(p) for p, s in (line.split() for line in out.splitlines()) if int(s) == sid]


@pytest.mark.skipif(not LINUX, reason="process sessions as ps shows them")
def test_workers_end_when_the_solve_is_killed(tmp_path):
    firms = tmp_path / "province.json"
    firms.write_text(json.dumps(synth.generate(n_firms=12000, n_cities=15, seed=1), default=str), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "branchplan", "solve", str(firms), "--workers", "2", "-q",
                             "-o", str(tmp_path / "plan.yaml")], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_session(proc.pid)) < 4 and time.monotonic() < deadline:   # the solve, the fork server, workers
        time.sleep(0.2)
    assert len(_session(proc.pid)) >= 4
    time.sleep(1.0)     # (the workers at work)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while _session(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _session(proc.pid)
    for pid in left:    # (not to leave them behind if the test fails)
        os.kill(pid, signal.SIGKILL)
    assert left == []
