"""File names that are not UTF-8, shown as their readers know them.

A zip made on Chinese Windows stores its file names in GBK; unzipped on Linux without
``-O GBK`` they stay GBK bytes, which Python hands over as text with lone surrogates
(``\\udcbb\\udca8...``), and which UTF-8 cannot encode. The command line registers each such
name it is given (each path component, and the current folder's), with its reading: the
whole component's bytes read as GB18030 (a superset of GBK), else as UTF-8 with U+FFFD for
what does not read. Everything branchplan writes (files, standard output and error, messages)
replaces a registered component by its reading (:func:`readable`). The whole component is
read at once: read piece by piece (as an encoding error handler sees it), a GBK pair that
happens to be valid UTF-8 (员 ``D4 B1`` reads as 'Ա') would stay wrong. A name that was not
registered (read from a folder, or in the library) meets the error handler :data:`NAMES`
instead, which reads its surrogate runs alone: never an error, if not always the reading."""

from __future__ import annotations

import codecs
import re

_SURROGATES = re.compile("[\udc80-\udcff]")
#: registered components, longest first when replaced (one may hold another)
_READING: dict[str, str] = {}


def reading(component: str) -> str:
    """The component's bytes (as the system has them) read as GB18030, else as UTF-8 with
    U+FFFD where they do not read."""
    raw = component.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def register(texts) -> None:
    """Register every path component of ``texts`` that is not UTF-8 (see the module)."""
    for text in texts:
        if not isinstance(text, str) or not _SURROGATES.search(text):
            continue
        for part in re.split(r"[/\\]", text):
            if _SURROGATES.search(part):
                _READING[part] = reading(part)


def readable(text: str) -> str:
    """``text`` with every registered component replaced by its reading."""
    if not _READING or not _SURROGATES.search(text):
        return text
    for raw in sorted(_READING, key=len, reverse=True):
        if raw in text:
            text = text.replace(raw, _READING[raw])
    return text


def _runs(exc: UnicodeError):
    """The error handler: a run of surrogates read as GB18030 alone (else U+FFFD); anything
    else that cannot be encoded, ``?``."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    run = exc.object[exc.start:exc.end]
    if all("\udc80" <= c <= "\udcff" for c in run):
        raw = bytes(ord(c) - 0xDC00 for c in run)
        try:
            shown = raw.decode("gb18030")
        except UnicodeDecodeError:
            shown = "\ufffd" * len(run)
        # (as bytes: the UTF-8 encoder takes only ASCII text from a handler)
        return shown.encode("utf-8"), exc.end
    return "?" * len(run), exc.end


#: the error handler for text written in UTF-8 (files, standard output and error; UTF-8 only)
NAMES = "branchplan.names"
codecs.register_error(NAMES, _runs)
