"""Reading input files: size limits, UTF-8, safe parsing (parsing.py), and the positions
(file:line:col) of every problem found later, for error messages.

Positions are only computed when something is wrong: the text is composed again into YAML
nodes (JSON is YAML too, composed once per text) and the pydantic error path is walked to
a node. Writing lives in writing.py; its names are re-exported here.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import threading
import weakref
import math
import re
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import yaml

from .errors import InputError, Msg, Problem
from .errtext import UTF16, bad_date, hint as hint_msg, say, validation_zh
from .jsonpos import json_positions
from .parsing import (MAX_DEPTH, MAX_NODES, BadDate, StrictLoader, compose, impossible_date, is_json,  # noqa: F401
                      key_slips, parse_text)
from .names import (HAN as _HAN, Names, document_names, folded_names, holds_a_name, names_read,  # noqa: F401
                    word_of as status_word)
from .writing import atomic_write, dump_json, dump_yaml  # noqa: F401

#: Refuse input files larger than this many bytes unless told otherwise (--max-input-bytes).
#: The largest real roster (a whole country, one entry per member) is about 18 MB.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_limit: ContextVar[int] = ContextVar("max_input_bytes", default=DEFAULT_MAX_BYTES)
#: At most this many problems are located and reported for one file.
MAX_PROBLEMS = 50


def input_limit() -> int:
    """The size limit for input files in force (``--max-input-bytes``; default 64 MiB)."""
    return _limit.get()


@contextlib.contextmanager
def limit_inputs(max_bytes: int | None) -> Iterator[None]:
    """Within the block, input files larger than ``max_bytes`` are refused (None: unchanged)."""
    if max_bytes is None:
        yield
        return
    token = _limit.set(max_bytes)
    try:
        yield
    finally:
        _limit.reset(token)


def utf16_without_mark(data: bytes) -> bool:
    """UTF-16 text saved without a byte-order mark: its ASCII characters (digits, commas,
    line breaks, keys) put NULs at every other byte, nearly all at one parity (UTF-8 and
    GBK text has no NULs)."""
    head = data[:400]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    return len(head) >= 8 and max(odd, even) >= 3 and max(odd, even) >= 3 * min(odd, even)


def utf32_without_mark(data: bytes) -> bool:
    """UTF-32 text saved without a byte-order mark: nearly every 4-byte unit (every
    character below U+10000, Chinese too) has two NULs at its high end (UTF-8 and GBK text
    has none; UTF-16 has them only for U+0000)."""
    head = data[:400]
    units = [head[i:i + 4] for i in range(0, len(head) - 3, 4)]
    if len(units) < 4:
        return False
    le = sum(u[2:] == b"\0\0" and u[:2] != b"\0\0" for u in units)
    be = sum(u[:2] == b"\0\0" and u[2:] != b"\0\0" for u in units)
    return max(le, be) * 10 >= len(units) * 9


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with clear errors."""
    p = Path(path)
    return decoded(read_bytes(p, max_bytes), str(p))


def decoded(data: bytes, name: str) -> str:
    """A file's bytes as UTF-8 text (a BOM is accepted), with the errors :func:`read_text`
    gives (UTF-16 or UTF-32 text, a GBK file), naming ``name``."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or utf32_without_mark(data):
        raise InputError.single(name, "file is UTF-32 text; save it as UTF-8", 1, 1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_mark(data):
        # (Windows PowerShell 5.1's > writes a command's output as UTF-16: the hint says what to do then)
        raise InputError.single(name, UTF16, 1, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.single(name, say("file.not_utf8", byte=data[exc.start], gbk=_looks_gbk(data)),
                                line, col) from None
    return text


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """A file's bytes, at most ``max_bytes`` (default: the input limit), read once: a pipe
    or a device too (``<(curl ...)``, ``/dev/stdin``), whose size the system does not know
    beforehand; clear errors."""
    p = Path(path)
    max_bytes = input_limit() if max_bytes is None else max_bytes
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError.single(str(p), say("file.too_big", size=size, limit=max_bytes))
        with p.open("rb") as fh:  # read at most the limit, even if the file grows meanwhile
            want = max_bytes + 1   # (read() sets aside what it is asked for: ask for the size first)
            data = fh.read(min(want, size + 1))
            while len(data) < want and (more := fh.read(min(want - len(data), 1 << 24))):
                data += more
    except FileNotFoundError:
        raise InputError.single(str(p), "no such file") from None
    except IsADirectoryError:
        raise InputError.single(str(p), "is a directory, expected a file") from None
    except PermissionError:
        raise InputError.single(str(p), "permission denied") from None
    except OSError as exc:
        raise InputError.single(str(p), say("file.unreadable", reason=exc.strerror or exc)) from None
    if len(data) > max_bytes:
        raise InputError.single(str(p), say("file.over_limit", limit=max_bytes))
    return data


def _looks_gbk(data: bytes) -> Msg:
    """Where text that is not UTF-8 reads as GB18030 (GBK, what Notepad on a Chinese Windows
    saves as "ANSI"), a hint saying how to save it as UTF-8; else nothing."""
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return Msg("", "")
    return say("file.looks_gbk")


#: Set while the command line runs (:func:`keep_what_is_read`): what a loader returns is frozen.
_keep = False
#: Loads in progress in any thread, and whether the collector was on when the first began
#: (it is turned on again when the last one ends): :func:`collector_paused`.
_pause = threading.Lock()
_loads = 0
_resume = False


@contextlib.contextmanager
def keep_what_is_read():
    """For the command line (``cli.app.main``), while a command runs: the rosters and plans
    it reads live as long as the command, so :func:`collector_paused` loaders move them out
    of the cyclic garbage collector's way (``gc.freeze``) once read. Not for a library's
    callers: freezing moves every object of the process, theirs too, out of the collector's
    reach for good."""
    global _keep
    was, _keep = _keep, True
    try:
        yield
    finally:
        _keep = was


def collector_paused(load):
    """A loader of rosters or plans, run with the cyclic garbage collector paused.

    Reading a large file builds hundreds of thousands of objects (the document's dicts and
    lists, then the models), none of them garbage, and CPython's collector, set off by the
    allocations, walks all of them again and again: on the nation's roster (39,000 firms)
    0.68 of the 1.4 s of loading it, on a city of 3,000 firms 0.17 of 0.3 s. Reference
    counting frees everything else as usual (a load leaves next to no cycles: 15 objects
    on that city). The collector is off while any thread loads (there is one collector for
    the whole process) and on again when the last load ends, failed or not, if it was on
    when the first began. On the command line what was read is then frozen
    (:func:`keep_what_is_read`): the later collections of a command (evaluating a plan,
    writing it) no longer walk it either (`check` of the nation's plan: 4.0 -> 2.7 s of CPU)."""

    @functools.wraps(load)
    def read(*args, **kwargs):
        global _loads, _resume
        with _pause:
            if _loads == 0:
                _resume = gc.isenabled()
                gc.disable()
            _loads += 1
        try:
            out = load(*args, **kwargs)
        finally:
            with _pause:
                _loads -= 1
                if _loads == 0 and _resume:
                    gc.enable()
        if _keep:
            gc.freeze()
        return out

    return read


def load_document(path: str | Path, max_bytes: int | None = None) -> tuple[Any, str]:
    """Load a YAML or JSON file; returns (data, text) so errors can be located later."""
    text = read_text(path, max_bytes)
    return parse_text(text, str(path), is_json(path)), text


def given_document(data: Any, source: str, max_bytes: int | None, name: str, load: str) -> tuple[Any, str]:
    """(document, text) of what a ``*_from_data`` function (``name``) was given: a mapping
    as it is (no text), a document's text (str or bytes) read as its file would be; a path
    is a TypeError saying to read the file with ``load``."""
    import os
    from collections.abc import Mapping

    if isinstance(data, os.PathLike):
        raise TypeError(f"data: a path; read the file with branchplan.{load}(path) ({name} takes the document, "
                        "or its text)")
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, (str, bytes)):
        return document_from_text(data, source, max_bytes)
    if isinstance(data, Mapping) and not isinstance(data, dict):
        data = dict(data)
    from .parsing import _too_deep

    if _too_deep(data):     # (as a document's text is refused: before the schema recurses into it)
        raise InputError.single(source, say("doc.too_deep", depth=MAX_DEPTH))
    return data, ""


def document_from_text(content: str | bytes, source: str, max_bytes: int | None = None) -> tuple[Any, str]:
    """A YAML or JSON document held as text or bytes (an upload), read as its file would be
    (the size limit, the encoding, every check of the text, positions): (data, text). Read as
    JSON where ``source`` ends in .json (else as YAML, which reads JSON too)."""
    if not isinstance(source, str):
        raise TypeError(f"source: expected the document's name (str), got {type(source).__name__}")
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int)):
        raise TypeError(f"max_bytes: expected a number of bytes (int) or None, got {type(max_bytes).__name__}")
    limit = input_limit() if max_bytes is None else max_bytes
    if isinstance(content, bytes):
        raw = content
    else:
        try:
            raw = content.encode("utf-8")
        except UnicodeEncodeError as exc:   # (a lone surrogate: no UTF-8 file could hold it)
            line = content.count("\n", 0, exc.start) + 1
            col = exc.start - (content.rfind("\n", 0, exc.start) + 1) + 1
            raise InputError.single(source, say("file.surrogate", code=f"U+{ord(content[exc.start]):04X}"),
                                    line, col) from None
    if len(raw) > limit:    # (a library call: its parameter named, not the command's option)
        raise InputError.single(source, say("text.too_big", size=len(raw), limit=limit))
    text = decoded(raw, source) if isinstance(content, bytes) else content.removeprefix("\ufeff")
    if "\n" not in text.strip() and len(text) < 4096 and _names_a_file(text.strip()):
        raise TypeError(f"{source}: this is a file's path, not a document: read the file with "
                        "branchplan.load_roster / load_plan (from_data takes the document or its text)")
    return parse_text(text, source, is_json(source)), text


def _names_a_file(text: str) -> bool:
    """Whether a one-line text is a path to a YAML or JSON file rather than a document."""
    import os.path

    return text.lower().endswith((".yaml", ".yml", ".json")) and ":" not in text.replace(":\\", "") \
        or (bool(text) and os.path.isfile(text))


# ---------------------------------------------------------------- positions

class Locator:
    """Positions in one document: the text is composed into YAML nodes once (JSON is YAML
    too), then any number of pydantic-style error paths are walked to a node. A JSON
    document's paths are walked in its text instead (:mod:`branchplan.jsonpos`: the same
    positions, without composing a nation's plan); it is composed only for what needs the
    nodes (``root``, :meth:`field_at`)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._json = json_positions(text)

    @functools.cached_property
    def root(self) -> yaml.Node | None:
        return compose(self._text)

    def _walk(self, loc: Iterable[Any]) -> yaml.Node | None:
        node = self.root
        if node is None:
            return None
        for part in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                nxt = _value_of(node, str(part))
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    nxt = node.value[part]
            if nxt is not None:  # path elements the document lacks (union tags) are skipped
                node = nxt
        return node

    def at(self, loc: Iterable[Any]) -> tuple[int | None, int | None]:
        """1-based (line, column) of the deepest node the path reaches."""
        if self._json is not None:
            return self._json.at(loc)
        node = self._walk(loc)
        if node is None:
            return None, None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def key_at(self, loc: Iterable[Any]) -> tuple[int | None, int | None]:
        """Position of the key itself (for unknown keys) rather than its value."""
        if self._json is not None:
            return self._json.key_at(loc)
        loc = list(loc)
        if not loc:
            return self.at(loc)
        node = self._walk(loc[:-1])
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(loc[-1]):
                    return k.start_mark.line + 1, k.start_mark.column + 1
        return self.at(loc[:-1])

    def field_at(self, line: int, column: int) -> str | None:
        """The field path (``firms[3].members[0].joined``, as model errors name it) of the
        node that starts at a 0-based parser mark; for a mapping key, the mapping's path (as
        for unknown keys). None at the top of the document or when nothing starts there."""
        node, loc, target, merging = self.root, [], (line, column), False
        while node is not None:
            if _starts(node, target) and loc:
                return dotted(tuple(loc))
            nxt, merged = None, False
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if _starts(k, target):
                        return dotted(tuple(loc)) or None
                    if _holds(v, target):
                        merged = k.tag == _MERGE  # merged keys belong to the mapping that merges them
                        if not merged:
                            loc.append(k.value if isinstance(k, yaml.ScalarNode) else "?")
                        nxt = v
                        break
            elif isinstance(node, yaml.SequenceNode):
                for i, item in enumerate(node.value):
                    if _holds(item, target):
                        if not merging:  # <<: [*a, *b]
                            loc.append(i)
                        nxt = item
                        break
            node, merging = nxt, merged
        return None


_MERGE = "tag:yaml.org,2002:merge"


def _value_of(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value of a key in a mapping, or in the mappings it merges (``<<: *a``,
    ``<<: [*a, *b]``; the mapping's own keys first, then the merged ones in order)."""
    merged = []
    for k, v in node.value:
        if k.tag == _MERGE:
            merged += v.value if isinstance(v, yaml.SequenceNode) else [v]
        elif isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    for m in merged:
        if isinstance(m, yaml.MappingNode):
            found = _value_of(m, key)
            if found is not None:
                return found
    return None


def _starts(node: yaml.Node, target: tuple[int, int]) -> bool:
    return (node.start_mark.line, node.start_mark.column) == target


def _holds(node: yaml.Node, target: tuple[int, int]) -> bool:
    """Whether a position lies within a node's text (the first node in document order that
    holds it is where an anchored value is written, not an alias to it)."""
    return ((node.start_mark.line, node.start_mark.column) <= target
            < (node.end_mark.line, node.end_mark.column)) or _starts(node, target)


def locate(text: str, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """1-based (line, column) of the node reached by a pydantic-style error path (one-off;
    use a Locator for many paths in one text)."""
    return Locator(text).at(loc)


def locate_key(text: str, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """Position of the key itself (for unknown keys) rather than its value."""
    return Locator(text).key_at(loc)


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or '' (:func:`branchplan.errtext.hint` gives the Chinese too)."""
    return hint_msg(word, choices).en


#: what looks like a Chinese resident ID number (18 characters, or the old 15 digits)
ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


def looks_like_an_id_number(value) -> bool:
    """Whether a value (text, or a number YAML read from unquoted digits) holds something that
    looks like an ID number (spaces left out)."""
    if isinstance(value, int) and value.bit_length() > 128:   # (far longer than an ID number; str() may refuse it)
        return False
    return (isinstance(value, (str, int)) and not isinstance(value, bool)
            and ID_NUMBER.search(str(value).replace(" ", "")) is not None)


def _personal(loc: tuple, value) -> bool:
    """A value an input problem must not quote: anything that looks like an ID number (text,
    or a number YAML read from unquoted digits), a member's name, and in a member's other
    fields (and a firm's director_is_member) Chinese text without digits that is no status
    word: a name in the wrong column (``status: 李四`` after a shifted column). ``正式`` or
    ``2010/07/01`` are still quoted."""
    if looks_like_an_id_number(value):
        return True
    if loc[-1:] == ("director_is_member",):   # the director's name typed instead of true / false
        from .importer.values import YES_NO    # (the importer reads through this module)

        return (isinstance(value, str) and looks_like_a_name(value) and value.strip().lower() not in YES_NO
                and value.strip().lower() not in NOT_KNOWN)
    if not _in_member_entry(loc):
        return False
    if loc[-1] == "name" or isinstance(value, (list, tuple, dict, set)):   # a name, or what may hold one
        return True
    return isinstance(value, str) and looks_like_a_name(value)


#: words a yes / no field may hold for "not known" (no person's name: quoted in messages)
NOT_KNOWN = frozenset({"不详", "未知", "不清楚", "不知道", "不明", "待定", "待查", "不确定", "暂无", "未填",
                       "?", "？", "-", "unknown", "n/a", "na", "not known"})


#: characters typed for those of 正式 / 预备 (same sound, or near on the keyboard or the page)
_STATUS_TYPOS = {"试": "式", "是": "式", "事": "式", "示": "式", "士": "式", "氏": "式", "予": "预", "豫": "预",
                 "与": "预", "顶": "预", "各": "备", "被": "备", "倍": "备", "背": "备"}


def near_status(text: str) -> str | None:
    """The status word a cell means where it is 正式 / 预备 (with or without 党员) with a
    character mistyped (正试党员, 予备, 预各党员), else None. Such a cell is no one's name."""
    t = "".join(text.split())
    core, tail = (t[:-2], "党员") if t.endswith("党员") else (t, "")
    if len(core) != 2:
        return None
    fixed = "".join(_STATUS_TYPOS.get(c, c) for c in core)
    return fixed + tail if fixed in ("正式", "预备") and fixed != core else None


def looks_like_a_name(value: str) -> bool:
    """Chinese text without digits that is no status word (nor a status word with a remark of
    known words: 正式党员（已转出）, nor one with a character mistyped: 正试党员): in a member's fields, a name typed (or shifted) into the
    wrong column, not to be quoted in a message."""
    return (isinstance(value, str) and _HAN.search(value) is not None and not any(c.isdigit() for c in value)
            and status_word(value) not in STATUS_FULL | STATUS_PROBATIONARY and not plain_status_remark(value)
            and near_status(value) is None)


#: a status word at the start of a cell (the longest: 中共正式党员 before 正式)
_STATUS_HEAD = re.compile(r"(中共)?(正式|预备)(党员)?")
#: the words a remark after a status word is made of (正式党员（已转出）, 预备党员 延长预备期)
_REMARK_WORDS = re.compile(r"已转出|转出|调出|迁出|已转正|待转正|转正中|转正|延长预备期|预备期|停止党籍|组织关系|"
                           r"离职|退休|在职|正常|暂缓|已|中|待|未")
#: what may stand between a status word and its remark, or around a remark's words
_REMARK_MARKS = re.compile(r"[\s\d()（）【】\[\]<>《》,，;；:：.。、/\-—_~～年月日]+")


def status_remark(value) -> str | None:
    """The remark after a status word (``正式党员（已转出）`` -> ``（已转出）``, ``预备 转正中``
    -> `` 转正中``): set off by a space, a bracket or a mark, or made of known remark words
    (``正式党员已转出``); None where ``value`` is no status word with a remark (``正式``,
    ``正式员工``, ``预备役``, ``正式张三``)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    head = _STATUS_HEAD.match(text)
    if head is None or status_word(text) in STATUS_FULL | STATUS_PROBATIONARY:
        return None
    rest = text[head.end():]
    if not rest or not (_REMARK_MARKS.match(rest) or _REMARK_WORDS.match(rest)):
        return None
    return rest


def plain_status_remark(value) -> bool:
    """A status word with a remark made of known remark words, digits and marks only (no
    name can hide in it): a message may quote it."""
    rest = status_remark(value)
    return rest is not None and not _REMARK_MARKS.sub("", _REMARK_WORDS.sub("", rest))


def shown_value(value, names: Names | tuple[str, ...] = (), name_like: bool = True) -> Msg:
    """A value as a message quotes it ('M1' / “M1”), or :data:`NOT_SHOWN` when it looks like
    an ID number, or (``name_like``: a member id, a key) a person's name, or holds one of
    ``names`` (the document's members': :func:`document_names`). A firm's id is Chinese
    text often: ``name_like=False``."""
    if (looks_like_an_id_number(value) or holds_a_name(value, names)
            or (name_like and isinstance(value, str) and looks_like_a_name(value))):
        return NOT_SHOWN
    return Msg(repr(value), f"“{value}”")


def id_shown(value: str, names: Names | tuple[str, ...] = (), name_like: bool = True) -> Msg:
    """An id as a message writes it (unquoted), or :data:`NOT_SHOWN` where it holds one of
    ``names`` (members' names) or, ``name_like`` (a member id), looks like a person's name."""
    if holds_a_name(value, names) or (name_like and looks_like_a_name(value)) or looks_like_an_id_number(value):
        return NOT_SHOWN
    return Msg(value, value)


def unquoted_value(value) -> Msg:
    """A value of a plan or rules file as a message shows it unquoted, or :data:`NOT_SHOWN`
    where it holds a member's name of the firms files this command read (a name typed into
    the wrong field is not shown back)."""
    if isinstance(value, str) and holds_a_name(value, names_read()):
        return NOT_SHOWN
    return Msg(value, value)


#: the words a member's status may be written in (a spreadsheet's too)
STATUS_FULL = frozenset({"正式", "正式党员", "中共正式党员", "full", "f", "fullmember", "正"})
STATUS_PROBATIONARY = frozenset({"预备", "预备党员", "中共预备党员", "probationary", "p", "prob", "probationarymember",
                                 "预"})
#: what a message says instead of a value it must not quote
NOT_SHOWN = Msg("(value not shown)", "（值不予显示）")


def _in_member_entry(loc: tuple) -> bool:
    """Whether ``loc`` is inside one member of a member list (``members[k]...``)."""
    return any(p == "members" and isinstance(q, int) for p, q in zip(loc, loc[1:]))


#: the importer's fields (importer.columns.ALIASES) that a member entry names otherwise
_MEMBER_FIELD = {"name": "name", "member_id": "id", "status": "status", "joined": "joined", "full_since": "full_since",
                 "id_number": None}
#: keys a hand-typed member entry may use that a spreadsheet's header does not settle
#: (a sheet's 状态 column may be employment status: 在职, 转出)
_MEMBER_KEYS = {"状态": "status", "编号": "member_id"}


def member_key_alias(key) -> tuple[bool, str | None]:
    """Whether a key of a member entry is a known column word (状态, 入党日期, 姓名, 备注,
    性别: the importer's aliases and the columns it knows), and the member field it stands
    for (None: none)."""
    from .importer.columns import field_of, is_known    # (the importer reads through this module)

    field = field_of(str(key)) or _MEMBER_KEYS.get(status_word(str(key)))
    return field in _MEMBER_FIELD or is_known(str(key)), _MEMBER_FIELD.get(field) if field else None


#: the importer's fields -> the key meant, by where the key is: a firm entry, a host entry,
#: the top of the file, a firm's location, a firm's member counts
_FIRM_FIELD = {"firm": "name", "firm_id": "id", "jurisdiction": "jurisdiction", "district": "district",
               "director_is_member": "director_is_member", "lawyers": "lawyers", "full": "members.full",
               "probationary": "members.probationary", "lon": "location.lon", "lat": "location.lat",
               "x": "location.x", "y": "location.y"}
_HOST_FIELD = {k: v for k, v in _FIRM_FIELD.items()
               if v in ("name", "id", "jurisdiction", "district") or v.startswith("location.")}
_KEY_MEANT = {
    "firm": (_FIRM_FIELD, {"名称": "name", "编号": "id", "坐标": "location", "位置": "location"}),
    "host": (_HOST_FIELD, {"名称": "name", "编号": "id", "坐标": "location", "位置": "location"}),
    "top": ({"jurisdiction": "jurisdiction"}, {"党龄计算日": "as_of", "计算日期": "as_of"}),
    "location": ({"lon": "lon", "lat": "lat", "x": "x", "y": "y"}, {}),
    "counts": ({"full": "full", "probationary": "probationary"}, {"正式": "full", "预备": "probationary"}),
}


def _where(parent: tuple) -> str | None:
    """What kind of mapping a key sits in, by its path (None: no hints there)."""
    if parent == ():
        return "top"
    if len(parent) == 2 and parent[0] in ("firms", "hosts") and isinstance(parent[1], int):
        return parent[0][:-1]
    if len(parent) == 3 and parent[0] in ("firms", "hosts") and parent[2] == "location":
        return "location"
    if len(parent) == 3 and parent[0] == "firms" and parent[2] == "members":
        return "counts"
    return None


def key_meant(key, parent: tuple) -> str | None:
    """The key an unknown key stands for where it is (``parent``: the path of its mapping):
    in a firm entry 城市 and city mean jurisdiction, 律师人数 lawyers, 经度 location.lon; in a
    location 经度 means lon; in member counts 正式党员 means full. By the importer's column
    words; None when it is none of them."""
    from .importer.columns import field_of

    kind = _where(parent)
    if kind is None:
        return None
    fields, words = _KEY_MEANT[kind]
    return fields.get(field_of(str(key)) or "") or words.get(str(key).strip())


def problems_from_validation(exc, path: str, text: str, fields_at=None, prefix: tuple = (),
                             locator: Locator | None = None, data=None, names: Names | None = None) -> list[Problem]:
    """Turn a pydantic ValidationError into positioned problems (at most MAX_PROBLEMS).

    ``fields_at(loc)`` returns the allowed field names of the model at ``loc`` so unknown
    keys can get a suggestion. ``prefix``: where the validated value sits in the document.
    ``data``: the validated value (a firms document), whose members' names no problem quotes
    (a value or key that holds one, wherever it is); ``names``: those names, when known
    already (:func:`document_names`).
    """
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    where = locator or Locator(text)
    doc = (names if names is not None else document_names(data)).union(names_read())
    for err in errors[:MAX_PROBLEMS]:
        loc = tuple(err.get("loc", ()))
        clean = untagged(loc)
        field_path = dotted(clean)
        etype = err.get("type", "")
        if etype == "extra_forbidden":
            line, col = where.key_at(prefix + clean)
            key = clean[-1]
            known, field = member_key_alias(key) if _in_member_entry(clean) else (False, None)
            slip = key_slips(key)   # (name：张三, typed with a Chinese input method's colon)
            if holds_a_name(key, doc) or (_in_member_entry(clean) and not known
                                          and looks_like_a_name(str(key))):   # a name as a key
                hidden = say("schema.unknown_key_hidden")
                out.append(Problem(path, Msg(hidden.en + slip.en, hidden.zh + slip.zh), line, col,
                                   dotted(clean[:-1]) or None))
                continue
            allowed = fields_at(clean[:-1]) if fields_at else []
            meant = None if known else key_meant(key, clean[:-1])
            if meant is not None and meant != str(key) and meant.split(".")[0] in allowed:
                known, field = True, meant  # a column word (城市, city, 律师人数): the key meant where it is
            hint = (say("hint", word=field) if field else Msg("", "")) if known else hint_msg(key, allowed)
            hint = Msg(hint.en + slip.en, hint.zh + slip.zh)
            out.append(Problem(path, say("schema.unknown_key", key=key, hint=hint), line, col,
                               dotted(clean[:-1]) or None))
            continue
        line, col = where.at(prefix + clean)
        value = err.get("input")
        if isinstance(value, str) and not isinstance(value, BadDate) and _about_a_date(etype, err):
            value = impossible_date(value) or value  # (JSON, data in memory: as YAML reads it)
        hidden = holds_a_name(value, doc)   # ('2010-01-01 张三', a name of the document)
        if isinstance(value, BadDate):  # no day of the calendar: said so, whatever the field wanted
            out.append(Problem(path, bad_date(NOT_SHOWN if hidden else value, value.reason), line, col, field_path))
            continue
        msg, zh = err.get("msg", "invalid value"), validation_zh(err)
        if etype == "tuple_type" and clean in (("firms",), ("hosts",)):   # (a roster keeps them as tuples)
            etype, msg = "list_type", "Input should be a valid list"
        if etype == "value_error":
            msg = msg.removeprefix("Value error, ")
        if etype == "missing":
            msg, zh = say("schema.missing", key=clean[-1])
            field_path = dotted(clean[:-1]) or None
        elif etype == "model_type" and fields_at and fields_at(clean):  # not pydantic's class name
            keys = list(fields_at(clean))
            msg, zh = say("schema.not_mapping", keys=Msg(", ".join(keys), "、".join(keys)))
        elif etype == "string_type" and isinstance(value, (int, float)):
            if str(path).lower().endswith(".json"):   # (the YAML advice is no help in a JSON file)
                msg, zh = _add(msg, zh, Msg(' (write it in quotes, e.g. "007": it is text)',
                                            "（请加引号，如 \"007\"：这是文本）"))
            else:
                msg, zh = _add(msg, zh, Msg(" (quote it, e.g. '007', so YAML keeps it as text)",
                                            "（请加引号，如 '007'，让 YAML 把它当作文本）"))
        elif "input" in err and etype not in ("model_type", "list_type", "dict_type"):
            shown = str(value) if isinstance(value, (date, datetime)) else _visible_repr(value)
            if hidden or _personal(clean, value):  # CI logs travel further than rosters
                msg, zh = _add(msg, zh, Msg(" " + NOT_SHOWN.en, NOT_SHOWN.zh))
            elif len(shown) <= 60:
                shown_zh = f"“{shown[1:-1]}”" if isinstance(value, str) and shown[:1] in "'\"" else f" {shown}"
                msg, zh = _add(msg, zh, Msg(f", got {shown}", f"，现为{shown_zh}"))
            if etype == "literal_error" and isinstance(value, str):
                msg, zh = _add(msg, zh, hint_msg(value, _literal_choices(err)))
            if (etype in ("bool_parsing", "bool_type") and isinstance(value, (str, int)) and not isinstance(value, bool)
                    and not (hidden or _personal(clean, value))):
                msg, zh = _add(msg, zh, _yes_no_hint(value, clean[-1] == "director_is_member"))
            if (isinstance(value, str) and not hidden and _YAML11_EXP.match(value.strip())
                    and not str(path).endswith(".json") and etype.startswith("float") and math.isfinite(float(value.strip()))):  # a hint that helps
                mantissa, _, exp = value.strip().lower().partition("e")
                if "." not in mantissa:
                    mantissa += ".0"
                sign = "" if exp[:1] in "+-" else "+"
                written = f"{mantissa}e{sign}{exp}"
                msg, zh = _add(msg, zh, Msg(f" (YAML reads {value.strip()} as text: write {written}, with a dot and a sign)",
                                            f"（YAML 把 {value.strip()} 读作文本：请写作 {written}，带小数点和正负号）"))
        out.append(Problem(path, msg, line, col, field_path, zh))
    return _once(out) + more_problems(path, len(errors))


def _visible_repr(value) -> str:
    """``repr(value)``, with the invisible characters repr leaves as they are (variation
    selectors, fillers) written as escapes: a message shows what is there."""
    from .model import invisible

    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        # (repr of an int of thousands of digits is refused by Python, and says nothing)
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    return "".join(f"\\u{ord(c):04x}" if c.isprintable() and invisible(c) else c for c in repr(value))


def _yes_no_hint(value: str | int, optional: bool) -> Msg:
    """What to write for a yes / no field given in words: 是 -> true, 否 -> false, and for an
    ``optional`` one (director_is_member), a word for "not known" (不详) -> leave the key out."""
    from .importer.values import yes_no

    word = str(value).strip().lower()
    if word == "x":         # (a cross: "no" in a spreadsheet, often "yes" on a paper form)
        return Msg(" (write true or false)", "（请写 true 或 false）")
    if (meant := yes_no(word)) is not None:
        return Msg(" (write true)", "（请写 true）") if meant else Msg(" (write false)", "（请写 false）")
    if optional and word in NOT_KNOWN:
        return Msg(" (leave the key out when not known)", "（不确定时省去此项）")
    return Msg("", "")


def _about_a_date(etype: str, err: dict) -> bool:
    """Whether a validation error is a date field refusing its value."""
    return etype.startswith(("date", "datetime")) or (etype == "value_error" and "date" in err.get("msg", ""))


def _once(problems: list[Problem]) -> list[Problem]:
    """One problem per place in the text: a value written once and used twice (an anchor and
    its alias) fails twice in validation, under two field paths, but is one mistake."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.line, p.column, p.message)
        if p.line is None or key not in seen:
            out.append(p)
        seen.add(key)
    return out


def _add(en: str, zh: str | None, more: Msg) -> tuple[str, str | None]:
    """A message and its Chinese (None: none known), each with ``more`` appended."""
    return en + more.en, (zh + more.zh if zh is not None else None)


def more_problems(path: str, total: int) -> list[Problem]:
    """The closing line when a file has more problems than are reported."""
    if total <= MAX_PROBLEMS:
        return []
    closing = Problem(path, say("schema.more", n=total - MAX_PROBLEMS))
    closing.more = total - MAX_PROBLEMS     # (for refused_with_the_rest: how many it stands for)
    return [closing]


def read_validated(read: Callable[[], tuple[Any, str]], validate: Callable[[Any, str], Any]) -> tuple[Any, str]:
    """``validate(document, text)`` of the document ``read()`` gives (:func:`load_document`,
    :func:`given_document`: the document and its text), and the text. A document whose values
    were refused is raised with what validating it finds elsewhere
    (:func:`refused_with_the_rest`)."""
    try:
        data, text = read()
    except InputError as exc:
        raise refused_with_the_rest(exc, validate) from None
    return validate(data, text), text


def refused_with_the_rest(exc: InputError, validate: Callable[[Any, str], Any]) -> InputError:
    """A document's refused values (``exc``, from :func:`parsing.parse_text`) with the problems
    that ``validate(document, text)`` finds in the document as YAML read it, so that a file's
    mistakes come in one run: a refused value's own line is left to its refusal (read as
    YAML 1.1 would, ``010`` as 8, the schema may say something of it that is beside the
    point). Validation runs with its warnings silenced (the file is refused). The first
    MAX_PROBLEMS by place, then a count (refusals past MAX_PROBLEMS: those alone)."""
    import warnings

    document = getattr(exc, "document", None)
    if not getattr(exc, "read_whole", False) or any(getattr(p, "more", 0) for p in exc.problems):
        return exc      # (past MAX_PROBLEMS refusals: their own count is all there is room for)
    refused = {(p.path, p.line) for p in exc.problems if p.line is not None}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            validate(document, exc.document_text)
    except InputError as found:
        problems = exc.problems + [p for p in found.problems if (p.path, p.line) not in refused]
    else:
        return exc
    counted = sum(getattr(p, "more", 0) for p in problems)
    shown = [p for p in problems if not getattr(p, "more", 0)]
    ordered = InputError(shown).problems
    hidden = len(ordered[MAX_PROBLEMS:]) + counted
    return InputError(ordered[:MAX_PROBLEMS] + more_problems(exc.problems[0].path, MAX_PROBLEMS + hidden))


def _literal_choices(err: dict) -> list[str]:
    expected = (err.get("ctx") or {}).get("expected", "")
    return [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]


#: the names pydantic puts in an error's path for the form a field took (after the field),
#: and for a validator's wrapper (anywhere): not keys of the document
_TAGS = {"members": {"list", "counts"}, "location": {"geo", "planar"}}
_WRAPPERS = {"function-after", "function-before"}


def untagged(loc: tuple) -> tuple:
    """An error's path without those names: a tag only right after its field, so that a key
    of the document that happens to be named like one (``counts:``) stays in its path."""
    out: list = []
    for k, p in enumerate(loc):
        if isinstance(p, str) and (p in _WRAPPERS or (k and p in _TAGS.get(loc[k - 1], ()))):
            continue
        out.append(p)
    return tuple(out)
#: numbers in exponent form that YAML 1.1 (PyYAML) reads as strings: 1e9, 2.5E3, 1e+300
_YAML11_EXP = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")


def dotted(loc: tuple) -> str:
    s = ""
    for p in loc:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


#: where a document's object (a Plan, a Roster) was read from (a file's path, or the
#: ``source`` given with data in memory), by id(obj), to name it in problems found later;
#: kept beside the object, not in it, so equal objects stay equal (an entry goes with its object)
_SOURCES: dict[int, str] = {}


def remember_source(obj, source: str):
    """Record where ``obj`` was read from; returns ``obj``."""
    _SOURCES[id(obj)] = source
    weakref.finalize(obj, _SOURCES.pop, id(obj), None)
    return obj


def source_of(obj) -> str | None:
    """The file or ``source`` ``obj`` was read from (None when it was made otherwise)."""
    return _SOURCES.get(id(obj))


#: The key at the top of each kind of input file that tells it from the others.
KIND_KEYS = {"plan": "branches", "firms": "firms", "rules": "rules", "waivers": "waivers"}
REPORT_KEYS = ("verdict", "replan", "plan")


def other_kind(data: Any, text: str, path: str, wanted: str) -> Problem | None:
    """The one problem of a file of another kind given where a ``wanted`` one ("plan",
    "firms", "rules" or "waivers") is asked for: a plan given as the firms file, a firms file
    as the plan, ... told by its top-level keys (a plan has ``branches:``, a firms file
    ``firms:``, a rules file ``rules:``, a waivers file ``waivers:``), at the line of that key. None when the file has its own
    kind's key, or no other kind's."""
    if not isinstance(data, dict) or KIND_KEYS[wanted] in data:
        return None
    kind = next((k for k, key in KIND_KEYS.items() if k != wanted and key in data), None)
    if kind is None:
        # branchplan's own outputs: check's report (verdict:), a re-plan's data or change list
        # (replan:), solve's json (plan: holding the plan)
        key = next((k for k in REPORT_KEYS if k in data), None)
        if key is None:
            return None
        line, col = Locator(text).key_at((key,)) if text else (None, None)
        return Problem(path, say("kind.report", key=key, wanted=say(f"kind.{wanted}")), line, col)
    line, col = Locator(text).key_at((KIND_KEYS[kind],)) if text else (None, None)
    return Problem(path, say("kind.other", what=say(f"kind.{kind}"), key=KIND_KEYS[kind],
                             wanted=say(f"kind.{wanted}"), goes=say(f"kind.{kind}_goes")), line, col)
