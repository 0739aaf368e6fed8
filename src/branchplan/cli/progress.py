"""A progress line on stderr for long runs: shown on a terminal only, never in a pipe or log.

``with Progress(label, enabled) as p: solve(..., progress=p.update)``: the line shows the
jurisdictions solved so far, of all, and the seconds elapsed, redrawn twice a second by a
background thread so a long single solve still shows that it is alive. It is erased when
the run ends, so what remains on the terminal is the result alone.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

BAR = 24


class Progress:
    def __init__(self, label: str, unit: str, enabled: bool = True, stream: TextIO | None = None,
                 interval: float = 0.5) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _isatty(self.stream)
        self.label, self.unit, self.interval = label, unit, interval
        self.done, self.total = 0, None
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._width = 0

    def __enter__(self) -> "Progress":
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._run, name="branchplan-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            with self._lock:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()

    def update(self, done: int, total: int) -> None:
        """The solver's callback: ``done`` of ``total`` parts finished."""
        self.done, self.total = done, total
        if self.enabled:
            self.draw()

    def line(self) -> str:
        seconds = int(time.monotonic() - self._start)
        if not self.total:
            return f"{self.label}… {seconds} s"
        filled = BAR * self.done // self.total
        return f"{self.label} [{'#' * filled}{'.' * (BAR - filled)}] {self.done}/{self.total} {self.unit} · {seconds} s"

    def draw(self) -> None:
        with self._lock:
            text = self.line()
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
            self._width = len(text)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.draw()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
