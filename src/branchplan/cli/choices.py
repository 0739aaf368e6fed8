"""Options and arguments that take one of an enum's values, or a number in a range.

Declare them with :func:`choice_option` / :func:`choice_argument` / :func:`number_option`
rather than a bare ``typer.Option``: typer checks such values with pydantic, which words a
bad one as ``Value error, 'xml' is not one of ...`` or ``Input should be greater than or
equal to 1``. Here the value is checked by a parser of our own whose error is a
``PydanticCustomError``, which pydantic passes through word for word, so a bad value reads
like click's own:

    Error: Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'.
    Error: Invalid value for '--workers': 0 is not in the range 1<=x<=64.

The annotation stays the enum, so ``--help`` still lists the choices (``<text|json>``) and
shell completion still offers them; the command receives the enum member, as before. A
number option shows its range in ``--help`` (``[1<=x<=64]``) next to its placeholder.
"""

from __future__ import annotations

import math
from enum import Enum
from typing import Any, Callable, TypeVar

import typer
from pydantic_core import PydanticCustomError

from ..optioncheck import describe_range

E = TypeVar("E", bound=Enum)


def choice_parser(enum: type[E], case_sensitive: bool = True) -> Callable[[Any], E]:
    """A typer ``parser``: a value of ``enum`` -> its member; anything else -> a usage error."""
    members = list(enum)

    def fold(text: str) -> str:
        return text if case_sensitive else text.casefold()

    def parse(value: Any) -> E:
        if isinstance(value, enum):
            return value
        wanted = fold(str(value))
        for member in members:
            if fold(str(member.value)) == wanted:
                return member
        allowed = ", ".join(repr(fold(str(m.value))) for m in members)
        raise _refused(f"{str(value)!r} is not one of {allowed}.")

    return parse


def _refused(message: str) -> PydanticCustomError:
    # one context key, so nothing in the user's value is taken for a placeholder
    return PydanticCustomError("usage", "{message}", {"message": message})


def number_parser(kind: type[int] | type[float], min: float | None = None,
                  max: float | None = None) -> Callable[[Any], Any]:
    """A typer ``parser``: a whole number (``int``) or a finite number (``float``) within
    ``min <= x <= max``; anything else -> a usage error."""

    def parse(value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number, shown = kind(value), str(value)
        else:
            shown = str(value).strip()
            try:
                number = kind(shown)
            except ValueError:
                number = None
            if number is None or not math.isfinite(number):
                what = "integer" if kind is int else "number"
                raise _refused(f"{str(value)!r} is not a valid {what}.")
        if (min is not None and number < min) or (max is not None and number > max):
            raise _refused(f"{shown} is not in the range {describe_range(min, max)}.")
        return number

    return parse


def number_option(kind: type[int] | type[float], default: Any, *param_decls: str, min: float | None = None,
                  max: float | None = None, **kwargs: Any) -> Any:
    """``workers: int = number_option(int, 1, "--workers", min=1, max=64, metavar="N", help=...)``."""
    return typer.Option(default, *param_decls, parser=number_parser(kind, min, max), min=min, max=max, **kwargs)


def choice_option(enum: type[Enum], default: Any, *param_decls: str, case_sensitive: bool = True,
                  **kwargs: Any) -> Any:
    """``fmt: Format = choice_option(Format, Format.text, "--format", "-f", help=...)``."""
    return typer.Option(default, *param_decls, parser=choice_parser(enum, case_sensitive),
                        case_sensitive=case_sensitive, **kwargs)


def choice_argument(enum: type[Enum], default: Any = ..., *, case_sensitive: bool = True, **kwargs: Any) -> Any:
    """``kind: Kind = choice_argument(Kind, help=...)``."""
    return typer.Argument(default, parser=choice_parser(enum, case_sensitive),
                          case_sensitive=case_sensitive, **kwargs)
