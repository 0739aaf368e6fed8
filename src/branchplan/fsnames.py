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
#: registered components and their readings, and the pattern that finds them
_READING: dict[str, str] = {}
_PATTERN: re.Pattern | None = None


def reading(component: str) -> str:
    """The component's bytes (as the system has them) read as GB18030 where that reads as
    Chinese text; else each run of non-ASCII bytes read on its own, as UTF-8 where it is
    (a GBK name renamed with a UTF-8 suffix, ``花名册-修订``), else as GB18030; else as UTF-8
    with U+FFFD where nothing reads."""
    raw = component.encode("utf-8", "surrogateescape")
    whole = _gb(raw)
    if whole is not None and _chinese(whole):
        return whole
    parts = []
    for run in re.split(rb"([\x00-\x7f]+)", raw):
        if not run or run[0] < 0x80:
            parts.append(run.decode("ascii"))
            continue
        try:
            utf8 = run.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        gb = _gb(run)
        if utf8 is not None and (_chinese(utf8) or gb is None or not _chinese(gb)):
            parts.append(utf8)
        elif gb is not None:
            parts.append(gb)
        else:
            parts.append(run.decode("utf-8", "replace"))
    return "".join(parts)


def _gb(raw: bytes) -> str | None:
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


#: what a Chinese file name holds: CJK ideographs, radicals and symbols, kana, full-width
#: forms, general punctuation (“”…), and ASCII
_CHINESE = re.compile("[\x00-\x7f\u2000-\u206f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
                      "\U00020000-\U0003134f]*")


def _chinese(text: str) -> bool:
    """Whether ``text`` reads as Chinese (see :data:`_CHINESE`): a GBK name read as UTF-8, or
    a UTF-8 name read as GB18030, gives letters of other scripts or private-use characters."""
    return _CHINESE.fullmatch(text) is not None


def register(texts) -> None:
    """Register every path component of ``texts`` that is not UTF-8, and its stem (a rules
    file's name without ``.yaml`` is its charter's name), see the module. Components are
    split at ``/`` only: where names come as bytes (POSIX), ``\\`` is a byte of a name
    (the second byte of 誠 in GBK)."""
    global _PATTERN
    for text in texts:
        if not isinstance(text, str) or not _SURROGATES.search(text):
            continue
        for part in text.split("/"):
            stem = part.rsplit(".", 1)[0]
            for name in {part, stem}:
                if _SURROGATES.search(name):
                    _READING[name] = reading(name)
    if _READING:
        # longest first; never inside a longer run of such bytes (an unregistered name)
        _PATTERN = re.compile("(?<![\udc80-\udcff])(?:" + "|".join(
            re.escape(k) for k in sorted(_READING, key=len, reverse=True)) + ")(?![\udc80-\udcff])")


def readable(text: str) -> str:
    """``text`` with every registered component replaced by its reading."""
    if _PATTERN is None or not _SURROGATES.search(text):
        return text
    return _PATTERN.sub(lambda m: _READING[m.group()], text)


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
