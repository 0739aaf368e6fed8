"""Finding members' names inside other text, so that a message does not quote a value that
holds one ('2010-01-01 张三', 'full Zhang San', a director's name typed as true/false).

A firms file and a spreadsheet use the same matcher (:class:`Names`):

- a Latin name matches only as whole words, in any case, with or without the spaces between
  its words: 'Zhang San' matches 'full zhang san' and 'ZhangSan', 'Ma' does not match 'formal';
- a name with Chinese characters (Chinese has no spaces between words), or one that does not
  begin and end with a letter, matches anywhere in the text, spaces left out;
- a name of fewer than two characters matches nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Mapping
from typing import Any, Iterable

#: a Chinese character
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


#: a name masked where a roster is shared for review: its surname (one character, or two
#: before two or more marks), then marks standing for the given name, perhaps its last
#: character (张*, 张**, 张*伟, 李×, 张Ｘ, 欧阳**), or 某 for it (张某, 李某某), or marks alone
_MASKED = re.compile(r"[\u3400-\u9fff][*＊×✕xXＸｘ○〇●□■?？]+[\u3400-\u9fff]?"
                     r"|[\u3400-\u9fff]{2}[*＊×✕xXＸｘ○〇●□■?？]{2,}"
                     r"|[\u3400-\u9fff]某{1,2}|[*＊×✕○〇●□■?？]+")


def masked(name: str) -> bool:
    """Whether a name is written masked (张*, 王×, 张某): two such names say nothing of one
    person. A name with a Latin initial (阿依古丽·X) or its pinyin (徐明 Xu Ming) is a name."""
    return _MASKED.fullmatch("".join(name.split())) is not None


def folded(text: str) -> str:
    """Text compared for a name: case folded, without white space ('Zhang  San' ~ 'zhangsan')."""
    return "".join(text.split()).casefold()


def _latin_letter(c: str) -> bool:
    return c.isalpha() and HAN.match(c) is None


class Names:
    """A set of names to look for (build it once: :func:`folded_names`)."""

    __slots__ = ("words", "anywhere", "_all", "_word_lengths", "_lengths")

    def __init__(self, names: Iterable[str]) -> None:
        words, anywhere, short = set(), set(), set()
        for f in names:
            if len(f) < 2:      # (too short to look for inside text; still one of the names)
                short.add(f)
                continue
            latin = HAN.search(f) is None and _latin_letter(f[0]) and _latin_letter(f[-1])
            (words if latin else anywhere).add(f)
        self.words, self.anywhere = frozenset(words), frozenset(anywhere)
        self._all = self.words | self.anywhere | short
        self._word_lengths = sorted({len(w) for w in words})
        self._lengths = sorted({len(a) for a in anywhere})

    def __bool__(self) -> bool:
        return bool(self.words or self.anywhere)

    def __contains__(self, text: object) -> bool:
        """Whether ``text`` is one of the names (folded alike)."""
        return isinstance(text, str) and folded(text) in self._all

    def union(self, other: "Names") -> "Names":
        """The names of both."""
        return Names(self._all | other._all)

    def __repr__(self) -> str:   # (names are personal data: a count only)
        return f"Names({len(self._all)})"

    def in_text(self, text: str) -> bool:
        """Whether ``text`` holds one of the names."""
        if self.anywhere:
            flat = folded(text)
            for n in self._lengths:
                if any(flat[i:i + n] in self.anywhere for i in range(len(flat) - n + 1)):
                    return True
        if not self.words:
            return False
        out: list[str] = []
        size, starts, ends, prev = 0, [], set(), False
        for c in text:
            letter = _latin_letter(c)
            if letter and not prev:
                starts.append(size)
            elif prev and not letter:
                ends.add(size)
            if not c.isspace():
                piece = c.casefold()
                out.append(piece)
                size += len(piece)
            prev = letter
        if prev:
            ends.add(size)
        flat = "".join(out)
        return any(s + n in ends and flat[s:s + n] in self.words for s in starts for n in self._word_lengths)


#: the members' names of the firms files read so far in this run (:func:`reading`): other
#: inputs read with them (a plan, a rules file) quote none of them in a message either;
#: None outside a run: a library call that reads one document keeps no names after it
_read: contextvars.ContextVar[Names | None] = contextvars.ContextVar("branchplan_names_read", default=None)


def names_read() -> Names:
    """The members' names of the firms files read so far in this run (:func:`note_names`)."""
    return _read.get() or Names(())


def note_names(names: Names) -> None:
    """Remember a firms file's members' names for the inputs read after it in this run (outside
    a run, :func:`reading`, nothing is kept)."""
    before = _read.get()
    if before is not None:
        _read.set(before.union(names))


@contextlib.contextmanager
def reading(names: Names | None = None):
    """A run that reads several inputs (a command, a library call that reads a firms file and
    a plan): the names of the firms files read in it, and ``names`` (those of a roster given),
    are screened in the inputs read after them, until it ends. Inside another run, it is part
    of that run: the names are added to that run's, and kept in it."""
    before = _read.get()
    if before is not None:
        if names:
            _read.set(before.union(names))
        yield
        return
    token = _read.set(names or Names(()))
    try:
        yield
    finally:
        _read.reset(token)


def roster_names(roster) -> Names:
    """The members' names of a roster (:class:`~branchplan.model.Roster`) already read."""
    return folded_names(m.name for f in roster.firms for m in (f.member_list or ()))


def folded_names(names: Iterable[Any]) -> Names:
    """The texts among ``names`` (other values are left out) as :func:`holds_a_name` looks for them."""
    return Names(folded(n) for n in names if isinstance(n, str))


def holds_a_name(value, names: Names | Iterable[str]) -> bool:
    """Whether ``value`` (text, or a date or number as written out) holds one of ``names``:
    '2010-01-01 张三' holds 张三, 'full Zhang San' holds Zhang San, 'formal' does not hold Ma."""
    if not names or value is None or isinstance(value, (bool, list, tuple, dict, set)):
        return False
    if not isinstance(names, Names):
        names = folded_names(names)
    return names.in_text(str(value))


#: the keys of a member entry that hold the member's name (folded by :func:`word_of`):
#: ``name``, and what a firms file typed by hand may call it instead
NAME_KEYS = frozenset({"name", "姓名", "党员姓名", "名字", "membername", "fullname"})
#: the fields of a member entry: an entry with no other key holds no other name field
_PLAIN_KEYS = frozenset({"id", "name", "status", "joined", "full_since"})


@functools.lru_cache(maxsize=256)
def word_of(text: str) -> str:
    """A key or a status word as written, compared with a list of words: lower case, without
    spaces, underscores or dashes ('Full_Member' ~ 'fullmember')."""
    return re.sub(r"[\s_\-]", "", text.lower())


def _name_values(entry: Mapping) -> list[str]:
    """The texts a member entry gives in its name fields."""
    name = entry.get("name")
    found = [name] if isinstance(name, str) else []
    if entry.keys() <= _PLAIN_KEYS:          # (the usual entry: nothing else to look at)
        return found
    return found + [v for k, v in entry.items()
                    if k != "name" and isinstance(k, str) and word_of(k) in NAME_KEYS and isinstance(v, str)]


def document_names(data) -> Names:
    """The names of every member entry of a firms document as read (``firms[*].members[*]``),
    whether or not it validates."""
    found: list[str] = []
    firms = data.get("firms") if isinstance(data, Mapping) else None
    for firm in firms if isinstance(firms, list) else ():
        members = firm.get("members") if isinstance(firm, Mapping) else None
        for entry in members if isinstance(members, list) else ():
            if isinstance(entry, Mapping):
                found += _name_values(entry)
    return folded_names(found)
