"""One root exception type; every message names the file, line and field at fault."""

from __future__ import annotations

from dataclasses import dataclass, field


class BranchplanError(Exception):
    """Root of every error branchplan raises on purpose (exit code 2 unless stated)."""

    exit_code = 2


@dataclass
class Problem:
    """One thing wrong with an input file, at a position (1-based line and column)."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = f"{self.field}: " if self.field else ""
        return one_line(f"{where}: {subject}{self.message}")


def one_line(text: str) -> str:
    """Control characters (newlines from a document's keys, say) shown escaped: one problem,
    one line, and no line of input can pass itself off as a message."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


@dataclass
class InputError(BranchplanError):
    """Bad input: one or more problems, each with file:line:col."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(cls, path: str, message: str, line: int | None = None,
               column: int | None = None, field: str | None = None) -> "InputError":
        return cls([Problem(path, message, line, column, field)])


class UsageError(BranchplanError):
    """Options that contradict each other or name something that does not exist."""


class InternalError(BranchplanError):
    """A defect in branchplan itself (for example a solved plan that fails verification)."""

    exit_code = 3
