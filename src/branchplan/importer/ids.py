"""Member ids when a roster has no member-id column.

If the only identifier is the citizen ID number (身份证号), it is never copied: the member
id is ``P`` followed by the first 16 hex digits of HMAC-SHA256(key, ID number). The same
ID number and key give the same id every year; without the key the id cannot be traced
back to the person (the key is the user's, given with ``--id-key`` or the
``BRANCHPLAN_ID_KEY`` environment variable, and is written nowhere).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

from ..errors import UsageError
from ..errtext import say
from .values import Bad, clean

ENV_KEY = "BRANCHPLAN_ID_KEY"
#: Shorter keys are refused: a short key could be guessed and the ids reversed.
MIN_KEY_CHARS = 16

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_key(option: str | None) -> bytes | None:
    """The key from ``--id-key`` or the environment; None when neither gives one."""
    value = option if option is not None else os.environ.get(ENV_KEY)
    if value is None or value == "":
        return None
    if len(value) < MIN_KEY_CHARS:
        raise UsageError(say("usage.id_key_short", env=ENV_KEY, n=MIN_KEY_CHARS))
    return value.encode("utf-8")


def key_bytes(key: str | bytes | bytearray | None) -> bytes | None:
    """A key given to the library (``import_roster(id_key=...)``): str or bytes, held to the
    same minimum length as ``--id-key`` (characters; undecodable bytes count one each)."""
    if key is None:
        return None
    if isinstance(key, str):
        text, raw = key, key.encode("utf-8")
    elif isinstance(key, (bytes, bytearray)):
        raw = bytes(key)
        text = raw.decode("utf-8", "surrogateescape")
    else:   # (a value of the wrong type in code: a TypeError, as elsewhere in the library)
        raise TypeError(f"id_key: expected str or bytes, got {type(key).__name__}")
    if len(text) < MIN_KEY_CHARS:
        raise UsageError(say("usage.id_key_short_library", n=MIN_KEY_CHARS))
    return raw


def normalise_id_number(cell) -> str:
    """The ID number in one canonical form; raises Bad (never showing the value)."""
    s = re.sub(r"\s+", "", clean(cell)).upper()
    if not s:
        raise Bad("the ID number is empty", "身份证号为空")
    if re.fullmatch(r"\d{17}[\dX]", s):
        total = sum(int(c) * w for c, w in zip(s[:17], _WEIGHTS))
        if _CHECK[total % 11] != s[17]:
            raise Bad("the ID number fails its check digit (value not shown)", "身份证号校验位不符（不显示号码）")
        return s
    if re.fullmatch(r"\d{15}", s):
        return s
    raise Bad("the ID number is not 18 (or 15) characters of the citizen form (value not shown)",
              "身份证号不是 18 位（或 15 位）公民身份号码格式（不显示号码）")


def pseudonym(key: bytes, id_number: str) -> str:
    """Stable, keyed, one-way member id for an ID number."""
    digest = hmac.new(key, id_number.encode("utf-8"), hashlib.sha256).hexdigest()
    return "P" + digest[:16]
