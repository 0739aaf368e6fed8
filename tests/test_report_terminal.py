"""report without -o: on a terminal it refuses (exit 2, a hint to write a file), nothing of
the HTML shown; piped, the page goes to standard output as before. Run as a user runs it,
in a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
ARGS = [sys.executable, "-m", "branchplan", "report", str(GUIGANG / "plan-current.yaml"), "--firms",
        str(GUIGANG / "firms.yaml")]


def _on_terminal(args: list[str]) -> tuple[int, str]:
    """(exit code, what the terminal showed: standard output and error both)."""
    main, side = pty.openpty()
    try:
        proc = subprocess.Popen(args, stdin=side, stdout=side, stderr=side, env={**os.environ, "LANG": "C.UTF-8",
                                                                                "BRANCHPLAN_LANG": "en"})
        os.close(side)
        side = None
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:          # (the other end closed: Linux says EIO)
                break
            if not chunk:
                break
            shown += chunk
        return proc.wait(timeout=120), shown.decode("utf-8", "replace")
    finally:
        os.close(main)
        if side is not None:
            os.close(side)


def test_on_a_terminal_the_report_is_refused_with_a_hint():
    code, shown = _on_terminal(ARGS)
    assert code == 2
    assert "the report is a page of HTML: write it to a file with -o report.html" in shown
    assert "<html" not in shown.lower() and "Traceback" not in shown


def test_piped_the_page_goes_to_standard_output(tmp_path):
    res = subprocess.run(ARGS, capture_output=True, timeout=120)
    assert res.returncode == 0
    assert res.stdout.lower().startswith(b"<!doctype html>") and res.stdout.rstrip().endswith(b"</html>")
    # and with -o on a terminal the file is written, nothing of it shown
    out = tmp_path / "report.html"
    code, shown = _on_terminal(ARGS + ["-o", str(out)])
    assert code == 0 and out.read_bytes() == res.stdout and "<html" not in shown.lower()
