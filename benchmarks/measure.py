"""Run a command in a subprocess and measure it: wall time, CPU time, peak memory.

Peak memory is reported two ways: the largest resident set of any one process of the run
(``ru_maxrss`` from ``wait4``, which covers the process and the children it waited for),
and the largest total resident set of the whole process tree, sampled from /proc every
50 ms (so that parallel workers are counted together). CPU time likewise: what ``wait4``
reports, or the CPU of every process seen in the tree added up when that is more (workers
started by a fork server are not children the command waits for).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    returncode: int
    wall: float
    cpu: float
    max_rss_mb: float
    tree_rss_mb: float
    stdout: str
    stderr: str


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                text = Path(f"/proc/{p}/task/{task}/children").read_text()
                todo += [int(c) for c in text.split()]
        except OSError:
            pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of one process so far (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return None


def run(cmd: list[str], cwd: str | None = None, env: dict | None = None, timeout: float | None = None) -> Run:
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+") as fo, open(f"{out_path}.err", "w+") as fe:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fo, stderr=fe)
        peak = [0]
        stop = threading.Event()

        cpu_by_pid: dict[int, float] = {}

        def sample() -> None:
            while not stop.is_set():
                pids = _tree(proc.pid)
                total = sum(_rss_kb(p) for p in pids)
                peak[0] = max(peak[0], total)
                for p in pids:
                    c = _cpu_s(p)
                    if c is not None:
                        cpu_by_pid[p] = c
                stop.wait(0.05)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        deadline = start + timeout if timeout else None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.01)
        wall = time.monotonic() - start
        stop.set()
        th.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        stdout, stderr = fo.read(), fe.read()
    for suffix in (".out", ".err"):
        try:
            os.unlink(f"{out_path}{suffix}")
        except OSError:
            pass
    # wait4 counts the children the command waited for; workers of a fork server are not
    # among them, so the CPU of every process seen in the tree is added up too
    cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu_by_pid.values()))
    return Run(proc.returncode, wall, cpu, usage.ru_maxrss / 1024,
               peak[0] / 1024, stdout, stderr)
