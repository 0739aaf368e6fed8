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


#: the widest a firm's name is shown in a text table's column (the id beside it is the key;
#: one long name would widen every row past a terminal's width)
NAME_CELL = 36


def clipped(text: str, width: int = NAME_CELL) -> str:
    """``text`` cut to ``width`` columns, ending in "…" where it was cut."""
    if cell_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
