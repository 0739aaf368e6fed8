"""report without -o: on a terminal it refuses (exit 2, a hint to write a file), nothing of
the HTML shown; piped, the page goes to standard output as before. Run as a user runs it,
in a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
ARGS = [sys.executable, "-m", "branchplan", "report", str(GUIGANG / "plan-current.yaml"), "--firms",
        str(GUIGANG / "firms.yaml")]


def _on_terminal(args: list[str], limit: float = 120.0) -> tuple[int, str]:
    """(exit code, what the terminal showed: standard output and error both); the command is
    killed, and the test fails, past ``limit`` seconds."""
    main, side = pty.openpty()
    proc = None
    try:
        proc = subprocess.Popen(args, stdin=side, stdout=side, stderr=side, env={**os.environ, "LANG": "C.UTF-8",
                                                                                "BRANCHPLAN_LANG": "en"})
        os.close(side)
        side = None
        shown = b""
        deadline = time.monotonic() + limit
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"still running after {limit} s: {shown[-500:]!r}"
            ready, _, _ = select.select([main], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:          # (the other end closed: Linux says EIO)
                break
            if not chunk:
                break
            shown += chunk
        return proc.wait(timeout=max(1.0, deadline - time.monotonic())), shown.decode("utf-8", "replace")
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
        if side is not None:
            os.close(side)


def test_on_a_terminal_the_report_is_refused_with_a_hint():
    code, shown = _on_terminal(ARGS)
    assert code == 2
    assert "the report is a page of HTML: write it to a file with -o report.html" in shown
    assert "<html" not in shown.lower() and "Traceback" not in shown


def test_the_refusal_comes_before_any_file_is_read(tmp_path):
    """A firms file that does not exist: on a terminal the usage refusal still comes first
    (nothing is loaded or evaluated for a page that would not be shown)."""
    code, shown = _on_terminal(ARGS[:-1] + [str(tmp_path / "nowhere.yaml")])
    assert code == 2 and "the report is a page of HTML" in shown and "no such file" not in shown


def test_piped_the_page_goes_to_standard_output(tmp_path):
    res = subprocess.run(ARGS, capture_output=True, timeout=120)
    assert res.returncode == 0
    assert res.stdout.lower().startswith(b"<!doctype html>") and res.stdout.rstrip().endswith(b"</html>")
    # and with -o on a terminal the file is written, nothing of it shown
    out = tmp_path / "report.html"
    code, shown = _on_terminal(ARGS + ["-o", str(out)])
    assert code == 0 and out.read_bytes() == res.stdout and "<html" not in shown.lower()
