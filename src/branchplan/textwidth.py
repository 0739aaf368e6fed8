"""How wide text is where a column of Chinese and Latin text is lined up: a terminal, a
text table, a spreadsheet's column. An East Asian Wide or Fullwidth character (汉字, ``：``,
``（``) takes two columns, a combining mark none, anything else one."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns ``text`` takes (East Asian Wide/Fullwidth: 2, combining: 0)."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)
