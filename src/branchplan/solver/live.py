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
  Bounds of the part without fallback placements (the exact and counted paths) hold only
  if that sub-problem has a plan: they are held back (:func:`tentative`) until one is found.

Levels are minimised in turn: a plan's cost at a level counts only if the plan is as good as
the best known at every earlier level.

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
    #: bounds of a sub-problem not yet known to have a plan (:func:`tentative`), per level
    held: dict[int, int] | None = None

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

    def _drop_after(self, level: int) -> None:
        """Forget the figures of the levels after ``level``: they belonged to plans that are
        worse at ``level`` than the best now known."""
        for d in (self.plans, self.bounds):
            for later in [k for k in d if k > level]:
                del d[later]


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


def tentative() -> None:
    """Bounds reported from now on are of a sub-problem that may have no plan (the part
    without fallback placements): held back until a plan of it is reported (which proves
    the sub-problem's bounds hold for the part), dropped by :func:`begin` (the part solved
    again, by another path)."""
    if _enabled and _now is not None:
        with _lock:
            if _now is not None:
                _now.held = {}


def plan(level: int, value: float, earlier: dict[int, int] | None = None) -> None:
    """A complete plan of the part costs ``value`` at ``level`` (and ``earlier[k]`` at the
    levels k before it). Levels are minimised in turn, so a plan counts at ``level`` only
    if it is as good as the best known at every earlier level; a plan better at an earlier
    level makes the later levels' figures void."""
    if not _enabled or _now is None:
        return
    v = int(round(value))
    with _lock:
        now = _now
        if now is None:
            return
        if now.held is not None:        # a plan of the sub-problem: its bounds hold
            for k, b in now.held.items():
                if k not in now.bounds or b > now.bounds[k]:
                    now.bounds[k] = b
            now.held = None
        for k, ev in sorted((earlier or {}).items()):
            if k in now.plans and ev > now.plans[k]:
                return                  # worse at an earlier level: not among the best plans
        for k, ev in sorted((earlier or {}).items()):
            if k not in now.plans or ev < now.plans[k]:
                now.plans[k] = ev
                now._drop_after(k)
        now.level = level
        if level not in now.plans or v < now.plans[level]:
            now.plans[level] = v
            now._drop_after(level)


def bound(level: int, value: float) -> None:
    """No plan of the part costs less than ``value`` at ``level`` (over all pairs; with
    the levels before it at their optimum)."""
    if not _enabled or _now is None:
        return
    b = max(0, math.floor(value + 1e-6))
    with _lock:
        now = _now
        if now is None:
            return
        into = now.held if now.held is not None else now.bounds
        if level not in into or b > into[level]:
            into[level] = b
        if now.held is None:
            now.level = level


def get() -> Now | None:
    """A copy of what is known now (None when off or between parts)."""
    with _lock:
        if _now is None:
            return None
        return Now(_now.part, _now.level, dict(_now.plans), dict(_now.bounds),
                   None if _now.held is None else dict(_now.held))
