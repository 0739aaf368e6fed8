"""A firm's own cells (name, district, city, coordinates, director flag, lawyer count) repeated
on each of its members' rows.

When a row gives a firm cell that an earlier row of the same firm gave differently, the
earlier row's value is kept, the member is still taken, and a warning names both rows and
both values as they were typed (``是``/``否``, ``24.32``): a member is never lost over a firm
attribute. Coordinates that differ by at most :data:`COORD_SLACK` degrees (about 100 m) are
the same place written to a different precision: no warning.
"""

from __future__ import annotations

from typing import Any

from ..errors import Msg
from .values import clean

#: Latitudes/longitudes this close (in degrees; 0.001° is about 110 m north-south, 100 m
#: east-west in southern China) are taken as equal: far below what districts and distances
#: between firms decide.
COORD_SLACK = 0.001

_COORDS = ("lat", "lon", "x", "y")
_FIELDS = ("firm", "district", "jurisdiction", "director_is_member", "lawyers") + _COORDS


def typed(cell: Any) -> str:
    """A cell as the user sees it in the sheet: Excel's TRUE/FALSE, numbers without '.0'."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    return clean(cell)


def cells_of(r, firm_id_column: bool) -> dict[str, tuple[int, str]]:
    """field -> (row, cell as typed) for the firm cells this row fills (the firm's name only
    when firms are keyed by an id column: otherwise the name is the key)."""
    out = {}
    for f in _FIELDS:
        if f == "firm" and not firm_id_column:
            continue
        if f in r.cols.fields and (cell := typed(r.raw(f))):
            out[f] = (r.number, cell)
    return out


def reconcile(r, firm: dict[str, Any], seen: dict[str, tuple[int, str]], here: dict[str, tuple[int, str]],
              attrs: dict[str, Any], fields: tuple[str, ...]) -> tuple[dict[str, Any], list[tuple[str, int, str, str]]]:
    """Compare this row's firm values (``attrs``; its cells as typed, ``here``, as
    :func:`cells_of` gives them) with the firm so far. Returns the fields this row gives for
    the first time, and (field, first row, typed there, typed here) for each cell that
    differs (the firm keeps the first row's value)."""
    completes: dict[str, Any] = {}
    differs: list[tuple[str, int, str, str]] = []
    if "firm" in here and "firm" in seen and clean(attrs["name"]) != clean(firm.get("name", firm["id"])):
        differs.append(("firm",) + seen["firm"] + (here["firm"][1],))
    for f in fields:
        new, old = attrs.get(f), firm.get(f)
        if new is None:
            continue
        if old is None:
            completes[f] = new  # a later row completes the firm
        elif f == "location":
            for c in _COORDS:
                if c in new and not _same(c, new.get(c), old.get(c)):
                    first, was = seen.get(c, (None, ""))
                    differs.append((c, first, was, here[c][1]))
        elif new != old:
            differs.append((f,) + seen[f] + (here[f][1],))
    return completes, differs


def _same(c: str, a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    if c in ("lat", "lon"):
        return abs(a - b) <= COORD_SLACK + 1e-9
    return a == b


def warning(first: int | None, was: str | Msg, now: str | Msg) -> tuple[str, str]:
    """The English and Chinese of one differing cell (a value given as a Msg, such as
    loader.NOT_SHOWN, is put in as it stands, not quoted)."""
    if first is None:  # coordinates of another kind (x/y against lat/lon) on the first row
        return ("warning: the firm's earlier rows give its location in other columns; theirs is used",
                "提醒：该单位前面的行在其他列给出了坐标；采用前面的值")
    en = [v.en if isinstance(v, Msg) else f"'{v}'" for v in (was, now)]
    zh = [v.zh if isinstance(v, Msg) else f"“{v}”" for v in (was, now)]
    return (f"warning: row {first} of the same firm has {en[0]}, this row {en[1]}; row {first}'s value is used",
            f"提醒：同一单位的第 {first} 行为{zh[0]}，本行为{zh[1]}；采用第 {first} 行的值")
