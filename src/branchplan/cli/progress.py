"""A progress line on stderr for long runs: shown on a terminal only, never in a pipe or log.

``with Progress(label, unit, language=...) as p: solve(..., progress=p.update)``: the line
shows the jurisdictions solved so far, of all, and the seconds elapsed, redrawn twice a
second by a background thread so a long single solve still shows that it is alive. While a
jurisdiction is solved in this process it also shows what the solver knows of it
(:mod:`branchplan.solver.live`): the best plan's cost so far, the best lower bound proven
over all pairs and the gap between them, for instance

    solving… 68 s · plan 981.302, bound 977.004 (gap 0.33%)

so that during a long ``--prove`` the user sees how close the proof is (Ctrl-C keeps the
plan in hand). The line is cut to the terminal's width (counted in display columns: a
Chinese character takes two) and erased when the run ends, so what remains on the terminal
is the result alone.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import TextIO

from ..i18n import text
from ..solver import live
from .widthwrap import cell_width
from ..textwidth import clipped as fit   # (a line cut to the terminal's width, "…" where cut)

BAR = 24


class Progress:
    def __init__(self, label: str, unit: str, enabled: bool = True, stream: TextIO | None = None,
                 interval: float = 0.5, language: str = "en") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _isatty(self.stream)
        self.label, self.unit, self.interval, self.language = label, unit, interval, language
        self.done, self.total = 0, None
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._width = 0

    def __enter__(self) -> "Progress":
        if self.enabled:
            self._start = time.monotonic()
            live.enable(True)
            self._thread = threading.Thread(target=self._run, name="branchplan-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            live.enable(False)
            with self._lock:
                if self.enabled:
                    self._write("\r" + " " * self._width + "\r")

    def update(self, done: int, total: int) -> None:
        """The solver's callback: ``done`` of ``total`` parts finished."""
        self.done, self.total = done, total
        if self.enabled:
            self.draw()

    def line(self, room: int | None = None) -> str:
        """The line, within ``room`` display columns if given: when the whole does not fit,
        the jurisdiction's name is shortened, then the bar dropped, then the name; the
        figures go last (cut, with the gap first)."""
        seconds = int(time.monotonic() - self._start)
        several = bool(self.total and self.total > 1)
        now = live.get()
        name = now.part if now is not None and several else None
        figures = now_text(now, self.language) if now is not None else ""
        count = f"{self.done}/{self.total} {self.unit}" if several else ""
        filled = BAR * self.done // self.total if several else 0
        bar = f"[{'#' * filled}{'.' * (BAR - filled)}] " if several else ""
        short = None if name is None else middle(name, 12)

        def build(bar: str, name: str | None, figures: str) -> str:
            head = f"{self.label} {bar}{count} · {seconds} s" if several else f"{self.label}… {seconds} s"
            about = (f"{name}: " if name else "") + figures if figures else ""
            return head + (" · " + about if about else "")

        shorter = None if name is None else middle(name, 8)
        tries = [build(bar, name, figures), build(bar, short, figures), build("", short, figures),
                 build("", shorter, figures), build("", None, figures)]
        if room is None:
            return tries[0]
        for line in tries:
            if cell_width(line) <= room:
                return line
        gap_first = now_text(now, self.language, gap_first=True) if now is not None else ""
        return fit(build("", None, gap_first), room)

    def draw(self) -> None:
        with self._lock:
            if not self.enabled:
                return
            room = max(10, shutil.get_terminal_size((80, 24)).columns - 1)
            shown = self.line(room)
            width = cell_width(shown)
            self._write("\r" + shown + " " * max(0, self._width - width))
            self._width = width

    def _write(self, text: str) -> None:
        """Write to the terminal; one that went away (a closed window or SSH session: an
        I/O error) switches the line off: the run goes on to its plan and exit code."""
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.draw()


def now_text(now: live.Now, language: str, gap_first: bool = False) -> str:
    """What the solver knows of the part it is solving, for the progress line ("" while
    nothing is known). ``gap_first``: the gap before the figures (a short line keeps it)."""
    plan, bound = now.plan, now.bound
    if plan is None and bound is None:
        return ""
    if plan is not None and bound is not None:
        gap = f"{100 * now.gap:.2f}%"
        if gap_first:
            about = text("progress.gap_plan_bound", language, plan=_points(plan), bound=_points(bound), gap=gap)
        else:
            about = text("progress.plan_bound", language, plan=_points(plan), bound=_points(bound), gap=gap)
    elif plan is not None:
        about = text("progress.plan", language, plan=_points(plan))
    else:
        about = text("progress.bound", language, bound=_points(bound))
    if len(set(now.plans) | set(now.bounds)) > 1:
        about = text("progress.level", language, level=now.level) + about
    return about


def middle(name: str, room: int) -> str:
    """``name`` shortened to ``room`` display columns by leaving out its middle, keeping
    more of its end (which often tells jurisdictions apart: ...第12辖区)."""
    if cell_width(name) <= room:
        return name
    head, tail, used = "", "", 0
    for ch in name if room >= 10 else ():       # a third of the room for the start (if roomy)
        if used + cell_width(ch) > (room - 1) // 3:
            break
        head += ch
        used += cell_width(ch)
    for ch in reversed(name[len(head):]):        # the rest for the end
        if used + cell_width(ch) > room - 1:
            break
        tail = ch + tail
        used += cell_width(ch)
    return head + "…" + tail


def _points(milli: int) -> str:
    return f"{milli / 1000:.3f}"


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
