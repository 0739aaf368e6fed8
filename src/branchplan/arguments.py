"""The library's arguments as a web service receives them: dates as ISO text, options as dicts.

``solve(roster, as_of="2026-11-01", options={"time_limit": 5})`` works as the typed call
does. A value that is the right kind but wrong (a date that is no day of the calendar, an
option that does not exist, a time limit that is not a number) is a :class:`UsageError`
(exit code 2, caught with every other :class:`BranchplanError`); a value of the wrong kind
altogether (a number for a date) is a programming error, a :class:`TypeError`. Both name
the parameter.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from .errors import Msg, UsageError
from .errtext import hint, say
from .model import iso_date
from .optioncheck import OptionTypeError


def as_date(value: date | str | None, name: str = "as_of") -> date | None:
    """A date, or ISO text such as ``"2026-11-01"`` (a datetime at midnight counts as its day)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time() or value.tzinfo is not None:
            raise UsageError(say("usage.date", option=name, value=value.isoformat()))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return iso_date(value)
        except ValueError:
            raise UsageError(say("usage.date", option=name, value=value)) from None
    raise TypeError(f"{name}: expected a date or text like '2026-11-01', got {type(value).__name__}")


def as_options(value: Any, kind: type, name: str = "options") -> Any:
    """``kind`` (a dataclass such as SolveOptions) as given, or built from a mapping of its
    fields, checked by the dataclass as a typed value is (an unknown field, a value of the
    wrong type or out of range: UsageError naming it; a number for a date: TypeError)."""
    if value is None or isinstance(value, kind):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected {kind.__name__} or a dict of its fields, got {type(value).__name__}")
    fields = [f.name for f in dataclasses.fields(kind)]
    unknown = [k for k in value if k not in fields]
    if unknown:
        k = str(unknown[0])
        tip = hint(k, fields)
        raise UsageError(Msg(f"{name}: no option {k!r}{tip.en}; the options are {', '.join(fields)}",
                             f"{name}：没有选项 {k!r}{tip.zh}；可用的选项为 {'、'.join(fields)}"))
    try:
        return kind(**value)  # checked by the dataclass itself, as a typed value is
    except OptionTypeError as exc:  # a value of the wrong type, as a request gives it
        raise exc.usage(name) from None


def expect_path(value: Any, name: str = "path") -> Any:
    """``value`` when it is a file path (text or an ``os.PathLike``); else a TypeError naming
    the parameter."""
    if isinstance(value, (str, os.PathLike)):
        if isinstance(value, str) and not value.strip():   # (Path("") is the current folder)
            raise UsageError(f"{name}: an empty path names no file")
        if isinstance(value, str) and "\n" in value.strip() and not os.path.lexists(value):
            raise UsageError(f"{name}: this is a document's text (it has line breaks), not a file's path: "
                             "a firms file's or a plan's text is read with branchplan.roster_from_data or "
                             "plan_from_data; write a rules or waivers file's text to a file")
        return value
    raise TypeError(f"{name}: expected a file path (str or os.PathLike), got {type(value).__name__}")


def expect_optional(value: Any, kind: type, name: str, made_by: str) -> Any:
    """:func:`expect`, None allowed."""
    return None if value is None else expect(value, kind, name, made_by)


def expect_plan(value: Any, name: str = "plan") -> Any:
    """A :class:`~branchplan.plan.Plan` (a plan document in memory is read with plan_from_data)."""
    from .plan import Plan

    if isinstance(value, Mapping):
        raise TypeError(f"{name}: expected a Plan (from branchplan.load_plan), got {type(value).__name__}; "
                        "read a plan document with branchplan.plan_from_data(data)")
    return expect(value, Plan, name, "branchplan.load_plan")


def expect_roster(value: Any, name: str = "roster") -> Any:
    """A :class:`~branchplan.model.Roster`."""
    from .model import Roster

    if isinstance(value, Mapping):
        raise TypeError(f"{name}: expected a Roster (from branchplan.load_roster), got {type(value).__name__}; "
                        "read a firms document with branchplan.roster_from_data(data)")
    expect(value, Roster, name, "branchplan.load_roster")
    unique_ids(value, name)
    return value


def unique_ids(roster: Any, name: str = "roster") -> None:
    """A roster built or changed in code (``Roster(...)``, ``model_copy(update=...)``) skips
    the checks of :func:`~branchplan.load_roster`: its unit ids and member ids must still be
    unique (a member listed in two firms was counted twice, a firm listed twice passed
    ``check``). Rosters read by the loader were checked there."""
    from .errors import InputError
    from .loader import source_of

    if source_of(roster) is not None:
        return
    ids = [u.id for u in (*roster.firms, *roster.hosts)]
    if len(set(ids)) != len(ids):
        from collections import Counter

        twice = sorted(i for i, n in Counter(ids).items() if n > 1)
        also = Msg(", ".join(map(repr, twice[1:4])), "、".join(f"“{i}”" for i in twice[1:4]))
        raise InputError.single(name, say("api.unit_twice" if len(twice) == 1 else "api.units_twice",
                                          id=twice[0], also=also))
    members: dict[str, str] = {}
    for f in roster.firms:
        for m in f.member_list or ():
            if m.id in members:
                raise InputError.single(name, say("api.member_twice", id=m.id, first=members[m.id], firm=f.id))
            members[m.id] = f.id


def charter_or_shipped(charter: Any) -> Any:
    """The charter given, or the shipped one for None (as a command without ``--rules``)."""
    from .charter import Charter, load_charter

    if charter is None:
        return load_charter()
    return expect(charter, Charter, "charter", "branchplan.load_charter")


def report_arguments(plan: Any, roster: Any, charter: Any, base: Any = None, base_roster: Any = None) -> Any:
    """A report's plan, roster and optional base plan and roster checked for what they are;
    the charter, the shipped one for None."""
    expect_plan(plan)
    expect_roster(roster)
    if base is not None:
        expect_plan(base, "base")
    if base_roster is not None:
        expect_roster(base_roster, "base_roster")
    return charter_or_shipped(charter)


def expect(value: Any, kind: type, name: str, made_by: str) -> Any:
    """``value`` when it is a ``kind``; else a TypeError naming the parameter and what makes
    one (``made_by``: ``branchplan.load_roster``), a path given for it included."""
    if isinstance(value, kind):
        return value
    got = type(value).__name__
    tip = f"; read a file with {made_by}(path)" if isinstance(value, (str, PurePath)) else ""
    raise TypeError(f"{name}: expected a {kind.__name__} (from {made_by}), got {got}{tip}")
