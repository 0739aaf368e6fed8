"""Positions in a JSON document, found without composing it into YAML nodes.

:class:`branchplan.loader.Locator` places findings and errors at a line and column by
walking a path (``branches[3].firms[1]``) through the document's YAML nodes (JSON is YAML
too). Composing a whole document costs seconds for a nation's plan (5 MB of JSON, about 2.5
s), where ``check`` places a finding on each of thousands of branches. Here a JSON text is
walked instead: each object or array on a path is scanned once for where its members start
(Python's own JSON decoder skips each value), so a path costs the containers it passes
through. The positions are the YAML nodes' own: the first character of a value (a string's
opening quote), of a key for :meth:`JsonPositions.key_at`, with lines counted at the line
breaks YAML counts (CR LF, CR, LF, NEL, LS, PS) and columns in characters.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from json.decoder import scanstring
from typing import Any, Iterable

_WS = re.compile(r"[ \t\n\r]*")
#: YAML's line breaks (a CR LF pair is one)
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class JsonPositions:
    """Positions in one JSON text (see the module's docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._decoder = json.JSONDecoder()
        #: container start -> its members: {key: (key start, value start)} or [value starts]
        self._members: dict[int, dict[str, tuple[int, int]] | list[int] | None] = {}
        self._lines: list[int] | None = None
        self.root = self._ws(0)

    def _ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def _skip(self, i: int) -> int:
        """Where the value starting at i ends."""
        return self._decoder.raw_decode(self.text, i)[1]

    def members(self, start: int):
        """The members of the object or array starting at ``start`` (None for a scalar)."""
        if start not in self._members:
            self._members[start] = self._scan(start)
        return self._members[start]

    def _scan(self, start: int):
        t, ws = self.text, self._ws
        if t[start] == "{":
            keys: dict[str, tuple[int, int]] = {}
            i = ws(start + 1)
            while t[i] != "}":
                key, j = scanstring(t, i + 1)
                value = ws(ws(j) + 1)            # (past the colon)
                keys.setdefault(key, (i, value))   # (the first of equal keys, as YAML's walk)
                i = ws(self._skip(value))
                if t[i] == ",":
                    i = ws(i + 1)
            return keys
        if t[start] == "[":
            items: list[int] = []
            i = ws(start + 1)
            while t[i] != "]":
                items.append(i)
                i = ws(self._skip(i))
                if t[i] == ",":
                    i = ws(i + 1)
            return items
        return None

    def _walk(self, loc: Iterable[Any]) -> int:
        node = self.root
        for part in loc:
            found = self.members(node)
            nxt = None
            if isinstance(found, dict):
                hit = found.get(str(part))
                nxt = hit[1] if hit is not None else None
            elif isinstance(found, list) and isinstance(part, int) and 0 <= part < len(found):
                nxt = found[part]
            if nxt is not None:   # path elements the document lacks (union tags) are skipped
                node = nxt
        return node

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        if self._lines is None:
            self._lines = [0] + [m.end() for m in _BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._lines, offset) - 1
        return line + 1, offset - self._lines[line] + 1

    def at(self, loc: Iterable[Any]) -> tuple[int, int]:
        """1-based (line, column) of the deepest value the path reaches."""
        return self.position(self._walk(loc))

    def key_at(self, loc: Iterable[Any]) -> tuple[int, int]:
        """Position of the key itself (for unknown keys) rather than its value."""
        loc = list(loc)
        if not loc:
            return self.at(loc)
        found = self.members(self._walk(loc[:-1]))
        if isinstance(found, dict) and str(loc[-1]) in found:
            return self.position(found[str(loc[-1])][0])
        return self.at(loc[:-1])


@functools.lru_cache(maxsize=2)
def json_positions(text: str) -> JsonPositions | None:
    """The positions of a JSON document (an object or an array, parsed by Python's decoder
    as it stands), once per text; None for any other text (YAML, malformed JSON, a byte-order
    mark), which is composed into YAML nodes instead."""
    start = _WS.match(text).end()
    if text[start:start + 1] not in ("{", "["):
        return None
    try:
        json.loads(text)
    except ValueError:
        return None
    return JsonPositions(text)
