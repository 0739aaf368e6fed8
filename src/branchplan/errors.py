"""One root exception type; every message names the file, line and field at fault.

A message may be given as a :class:`Msg`, its English and its Chinese (errtext.py is the
catalogue): ``str()`` is always the English, ``text("zh")`` the Chinese where there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Msg(NamedTuple):
    """A message in English and in Chinese."""

    en: str
    zh: str


class BranchplanError(Exception):
    """Root of every error branchplan raises on purpose (exit code 2 unless stated)."""

    exit_code = 2

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (en or zh; English where there is no Chinese)."""
        if lang == "zh":
            from .errtext import chinese

            return chinese(str(self))
        return str(self)


@dataclass
class Problem:
    """One thing wrong with an input file, at a position (1-based line and column).

    ``message`` may be given as a :class:`Msg`: it keeps the English, ``message_zh`` the Chinese."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    message_zh: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.message, Msg):
            self.message, zh = self.message
            self.message_zh = self.message_zh or zh
        if self.message_zh is None:  # a fixed sentence ("no such file") has its Chinese in the catalogue
            from .errtext import FIXED

            self.message_zh = FIXED.get(self.message)

    def where(self) -> str:
        """``file:line:col``, as far as known."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def text(self, lang: str = "en") -> str:
        """``file:line:col: field: message``, the message in ``lang`` (English where there is no Chinese)."""
        where = self.where()
        subject = f"{self.field}: " if self.field else ""
        message = self.message
        if lang == "zh":
            from .errtext import chinese

            message = self.message_zh or chinese(self.message)
        return one_line(f"{where}: {subject}{message}")

    def __str__(self) -> str:
        return self.text("en")

    @property
    def position(self) -> tuple:
        """Sort key: by line, then column; a problem without a position after those with one."""
        return (self.line is None, self.line or 0, self.column is None, self.column or 0)


def one_line(text: str) -> str:
    """Control characters (newlines from a document's keys, say) shown escaped: one problem,
    one line, and no line of input can pass itself off as a message."""
    from .fsnames import readable

    text = readable(text)       # (a file name that is not UTF-8, registered: its reading)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


@dataclass
class InputError(BranchplanError):
    """Bad input: one or more problems, each with file:line:col, in the order of the text."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # the same problem found twice (one file given as two arguments) is said once
        seen: set[tuple] = set()
        self.problems = [p for p in in_text_order(self.problems)
                         if not ((key := (p.path, p.line, p.column, p.field, p.message, p.message_zh)) in seen
                                 or seen.add(key))]
        super().__init__(str(self))

    def __reduce__(self):
        """Pickled with its problems (and any other attribute), so that it crosses a process
        boundary (multiprocessing, a process pool, a task queue) as itself."""
        return type(self), (list(self.problems),), dict(self.__dict__)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        return "\n".join(p.text(lang) for p in self.problems)

    @classmethod
    def single(cls, path: str, message: str | Msg, line: int | None = None,
               column: int | None = None, field: str | None = None) -> "InputError":
        return cls([Problem(path, message, line, column, field)])


def in_text_order(problems: list[Problem]) -> list[Problem]:
    """Each file's problems by line and column (the files in the order they first appear; a
    problem without a position, such as the closing "... and N more", last of its file)."""
    files: dict[str, int] = {}
    for p in problems:
        files.setdefault(p.path, len(files))
    return sorted(problems, key=lambda p: (files[p.path], p.position))


class Gather:
    """Load several input files and report every file's problems in one InputError::

        g = Gather()
        roster = g.run(load_roster, firms_path)      # None when the file has problems
        plan = g.run(load_plan, plan_path)
        g.done()                                      # raises if any file had problems

    (files in the order they were loaded, each file's problems in the order of its text)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def run(self, load, *args, **kwargs):
        try:
            return load(*args, **kwargs)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None

    def done(self) -> None:
        if self.problems:
            raise InputError(self.problems)


class UsageError(BranchplanError):
    """Options that contradict each other or name something that does not exist."""

    def __init__(self, message: str | Msg) -> None:
        en, zh = message if isinstance(message, Msg) else (message, None)
        super().__init__(en)
        self.message_zh = zh

    def text(self, lang: str = "en") -> str:
        if lang == "zh" and self.message_zh:
            return self.message_zh
        return super().text(lang)


class InternalError(BranchplanError):
    """A defect in branchplan itself (for example a solved plan that fails verification)."""

    exit_code = 3


class InputWarning(UserWarning):
    """Something in an input file that is allowed but likely not meant (a weight on a hard
    rule, member ids that look like names). Issued with :func:`warnings.warn`, carrying its
    :class:`Problem` (file, line, field, both languages); the command line prints it on stderr."""

    def __init__(self, problem: "Problem"):
        super().__init__(problem.text("en"))
        self.problem = problem
