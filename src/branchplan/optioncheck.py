"""Checking option values (:class:`SolveOptions`, :class:`GateOptions`) as the commands check them.

Each options dataclass checks its own fields in ``__post_init__`` with these helpers, so an
object built in code and one built from a dict (:func:`branchplan.arguments.as_options`)
are held to the same ranges as ``branchplan solve`` / ``check`` hold their command-line
options:

- a value of the wrong type (text for a number, a float for an integer, 1 for a bool) is a
  :class:`OptionTypeError` (a ``TypeError``) built in code; ``as_options`` turns it into a
  :class:`UsageError` for a dict, whose values are the caller's input;
- a value out of range is a :class:`UsageError`: ``options.workers: 0 is not in the range
  1<=x<=64`` (the command line's words).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from .errors import Msg, UsageError

#: what a value of each kind is called in a message
_KINDS = {"int": ("an integer", "整数"), "real": ("a number", "数字"), "bool": ("True or False", "True 或 False")}


class OptionTypeError(TypeError):
    """A value of the wrong type for an option field (``field``: its name)."""

    def __init__(self, owner: str, field: str, kind: str, value: Any) -> None:
        en, zh = _KINDS[kind]
        got = "None" if value is None else type(value).__name__
        super().__init__(f"{owner}.{field}: expected {en}, got {got}")
        self.field, self.kind, self.value = field, kind, value

    def usage(self, name: str) -> UsageError:
        """The same problem as a UsageError for a value given in a dict (``name``: the parameter)."""
        en, zh = _KINDS[self.kind]
        return UsageError(Msg(f"{name}.{self.field}: expected {en}, got {self.value!r}",
                              f"{name}.{self.field}：应为{' ' if zh[0].isascii() else ''}{zh}，现为 {self.value!r}"))


def describe_range(lo: float | None, hi: float | None) -> str:
    """'1<=x<=64', 'x>=0.01', 'x<=9' (click's way of writing a range, as the commands print it)."""
    if lo is None:
        return f"x<={hi}"
    if hi is None:
        return f"x>={lo}"
    return f"{lo}<=x<={hi}"


def out_of_range(field: str, value: Any, lo: float | None, hi: float | None, also: Msg | None = None,
                 where: str = "options.") -> UsageError:
    """``options.workers: 0 is not in the range 1<=x<=64`` (and the Chinese); ``where``: what
    the field's name is put after (a function's parameter: nothing)."""
    shown = describe_range(lo, hi)
    extra = also or Msg("", "")
    return UsageError(Msg(f"{where}{field}: {value} is not in the range {shown}{extra.en}",
                          f"{where}{field}：{value} 不在允许的范围（{shown}）内{extra.zh}"))


def integer(owner: str, field: str, value: Any, lo: int | None = None, hi: int | None = None,
            also: Msg | None = None, where: str = "options.") -> int:
    """A whole number (any ``numbers.Integral``, such as numpy's, but not a bool) in lo..hi, as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise OptionTypeError(owner, field, "int", value)
    number = int(value)
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise out_of_range(field, number, lo, hi, also, where)
    return number


def real(owner: str, field: str, value: Any, lo: float | None = None) -> float:
    """A finite number (any ``numbers.Real`` but a bool) of at least ``lo``, as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise OptionTypeError(owner, field, "real", value)
    number = float(value)
    if not math.isfinite(number) or (lo is not None and number < lo):
        raise out_of_range(field, value, lo, None)  # as given: -1, not -1.0
    return number


def flag(owner: str, field: str, value: Any) -> bool:
    """True or False, nothing else ("no" and 1 are refused, not taken as true)."""
    if not isinstance(value, bool):
        raise OptionTypeError(owner, field, "bool", value)
    return value


def setter(obj: Any):
    """Set a field of a frozen dataclass (for normalised values in ``__post_init__``)."""
    return lambda name, value: object.__setattr__(obj, name, value)
