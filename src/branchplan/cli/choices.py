"""Options and arguments that take one of an enum's values.

Declare them with :func:`choice_option` / :func:`choice_argument` rather than a bare
``typer.Option``: typer coerces an enum-typed value with a pydantic validator that raises a
plain ``ValueError``, and pydantic words that as ``Value error, 'xml' is not one of ...``.
Here the value is matched by a parser of our own whose error is a ``PydanticCustomError``,
which pydantic passes through word for word, so a bad value reads like click's own:

    Error: Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json'.

The annotation stays the enum, so ``--help`` still lists the choices (``<text|json>``) and
shell completion still offers them; the command receives the enum member, as before.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable, TypeVar

import typer
from pydantic_core import PydanticCustomError

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
        # one context key, so nothing in the user's value is taken for a placeholder
        raise PydanticCustomError("choice", "{message}",
                                  {"message": f"{str(value)!r} is not one of {allowed}."})

    return parse


def choice_option(enum: type[Enum], default: Any, *param_decls: str, case_sensitive: bool = True,
                  **kwargs: Any) -> Any:
    """``fmt: Format = choice_option(Format, Format.text, "--format", "-f", help=...)``."""
    return typer.Option(default, *param_decls, parser=choice_parser(enum, case_sensitive),
                        case_sensitive=case_sensitive, **kwargs)


def choice_argument(enum: type[Enum], default: Any = ..., *, case_sensitive: bool = True, **kwargs: Any) -> Any:
    """``kind: Kind = choice_argument(Kind, help=...)``."""
    return typer.Argument(default, parser=choice_parser(enum, case_sensitive),
                          case_sensitive=case_sensitive, **kwargs)
