"""What the solve in this process knows while it runs, for the progress line.

A long solve (``--prove`` on a 3,000-firm city) can run for many minutes; the progress line
then shows, besides the seconds, the jurisdiction being solved, the cost of the best plan
found so far and the best lower bound proven for it, at the priority level being
minimised, and the gap between the two, so that the user can judge whether to wait or to
stop (Ctrl-C keeps the best plan, with its gap).

The board is per process and off until :func:`enable` (the command line turns it on when
it draws a progress line): off, the solver reports nothing and CP-SAT gets no callback. A
worker process (``--workers`` > 1) has its own board, which stays off: the line then counts
jurisdictions only.

What the solver reports (all costs in 1/1000 points, as the solver's objective):

- :func:`plan`: the cost of a complete plan of the part at a level (any plan CP-SAT finds
  is complete, even on restricted candidate pairs);
- :func:`bound`: a lower bound *over all pairs* at a level: the Lagrangian bound, or
  CP-SAT's bound on a model that holds every pair, or every pair a plan at least as good as
  the one in hand could use. CP-SAT's bound on restricted candidates is never reported.

Reporting never changes the search: CP-SAT's callbacks only observe it.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

_lock = threading.Lock()
_enabled = False
_now: "Now | None" = None


@dataclass
class Now:
    """The part being solved and, per priority level, the best plan and bound so far."""

    part: str
    #: the level last reported (the one being worked on)
    level: int | None = None
    plans: dict[int, int] = field(default_factory=dict)
    bounds: dict[int, int] = field(default_factory=dict)

    @property
    def plan(self) -> int | None:
        return self.plans.get(self.level) if self.level is not None else None

    @property
    def bound(self) -> int | None:
        """The level's bound, never above its plan (a bound may arrive before a plan)."""
        if self.level is None or self.level not in self.bounds:
            return None
        b = self.bounds[self.level]
        plan = self.plan
        return b if plan is None else min(b, plan)

    @property
    def gap(self) -> float | None:
        """(plan - bound) / plan, or None while either is unknown."""
        plan, bound = self.plan, self.bound
        if plan is None or bound is None:
            return None
        return (plan - bound) / plan if plan > 0 else 0.0


def enable(on: bool = True) -> None:
    """Turn this process's board on (or off, clearing it)."""
    global _enabled, _now
    with _lock:
        _enabled = on
        if not on:
            _now = None


def enabled() -> bool:
    return _enabled


def begin(part: str) -> None:
    """A part's solve starts: the board shows it, with nothing known yet."""
    global _now
    if _enabled:
        with _lock:
            _now = Now(part)


def end() -> None:
    global _now
    if _enabled:
        with _lock:
            _now = None


def plan(level: int, value: float) -> None:
    """A complete plan of the part costs ``value`` at ``level``."""
    if not _enabled or _now is None:
        return
    v = int(round(value))
    with _lock:
        if _now is not None:
            _now.level = level
            if level not in _now.plans or v < _now.plans[level]:
                _now.plans[level] = v


def bound(level: int, value: float) -> None:
    """No plan of the part costs less than ``value`` at ``level`` (over all pairs)."""
    if not _enabled or _now is None:
        return
    with _lock:
        if _now is not None:
            _now.level = level
            if level not in _now.bounds or math.floor(value + 1e-6) > _now.bounds[level]:
                _now.bounds[level] = max(0, math.floor(value + 1e-6))


def get() -> Now | None:
    """A copy of what is known now (None when off or between parts)."""
    with _lock:
        if _now is None:
            return None
        return Now(_now.part, _now.level, dict(_now.plans), dict(_now.bounds))
