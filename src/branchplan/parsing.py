"""Parsing YAML and JSON text safely: plain data only, with positions for every refusal.

PyYAML's safe loader (the C one where available) builds only plain data: no tag can run
code or build an object. On top of it: duplicate keys, impossible dates and non-data tags
are refused; deep nesting and alias bombs are refused before anything is constructed, in
time linear in the text.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from pathlib import Path
from collections.abc import Collection, Mapping
from typing import Any

import yaml

from . import plainyaml
from .errors import InputError, Msg
from .errtext import say, syntax_zh

try:  # the C parser is several times faster on large rosters
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

#: Nesting deeper than this is never a roster; refusing it bounds recursion.
MAX_DEPTH = 64
#: A document never expands (through aliases) into more nodes than this...
MAX_NODES = 20_000_000
#: ...nor into more than ALIAS_FACTOR times the nodes it writes out, beyond ALIAS_ALLOWANCE:
#: shared anchors (a common location, ``<<: *defaults``) stay far below; alias bombs do not.
ALIAS_FACTOR, ALIAS_ALLOWANCE = 10, 100_000
_YAML_TAG = "tag:yaml.org,2002:"


def _duplicate(key, first: int, names=()) -> Msg:
    """The message of a key written twice (first at line ``first``)."""
    return say("doc.duplicate_key_at", key=_shown(key, names), line=first)


def _shown(key, names=()) -> Msg:
    """A duplicate key as its message quotes it: not quoted when it holds a name (no key of
    these files is Chinese text: it is data typed as a key), or one of ``names`` (the
    document's members')."""
    from .loader import shown_value    # (the loader imports this module)

    return shown_value(key, names)


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that branchplan refuses (duplicate keys, tags); ``duplicate``: the
    key written twice, with the line it was first seen on."""

    def __init__(self, message: Msg, mark, duplicate: tuple[Any, int] | None = None,
                 number: tuple[str, int | float] | None = None, boolean: tuple[str, bool] | None = None) -> None:
        super().__init__(None, None, message.en, mark)
        self.message = message
        self.duplicate = duplicate
        #: a number in another of YAML 1.1's forms: its text and the value YAML read
        self.number = number
        #: a yes / no / on / off YAML 1.1 reads as a boolean: its text and the value read
        self.boolean = boolean
        #: refused as a mapping's key (set by the loader)
        self.key = False


def _names_in(node: yaml.Node | None) -> Any:
    """The member names of a composed document (its nodes, as plain text: no tag is
    constructed and no key refused), for a refusal's message not to quote one."""
    from .names import document_names

    done: dict[int, Any] = {}

    def plain(n, depth: int) -> Any:
        if id(n) in done or depth > MAX_DEPTH:     # (an alias: built once; a cycle: nothing)
            return done.get(id(n))
        done[id(n)] = None
        if isinstance(n, yaml.ScalarNode):
            out: Any = n.value
        elif isinstance(n, yaml.SequenceNode):
            out = [plain(c, depth + 1) for c in n.value]
        elif isinstance(n, yaml.MappingNode):
            out = {k.value: plain(v, depth + 1) for k, v in n.value if isinstance(k, yaml.ScalarNode)}
        else:
            out = None
        done[id(n)] = out
        return out

    return document_names(plain(node, 1)) if node is not None else ()


def _unnamed(field: str | None, names) -> str | None:
    """A field path cut before its first part that holds a name (a member's name written as
    a key: ``firms[0].members[1].Zhang Wei`` -> ``firms[0].members[1]``)."""
    from .loader import NOT_SHOWN, shown_value

    if not field:
        return field
    parts = field.split(".")
    for k, part in enumerate(parts):
        if shown_value(part.split("[")[0], names) is NOT_SHOWN or shown_value(part, names) is NOT_SHOWN:
            return ".".join(parts[:k]) or None
    return field


class BadDate(str):
    """A scalar written as a date that the calendar does not have (2026-02-30), kept as its
    text so that the rest of the file is still read and checked: a field that refuses it
    reports it as a bad date (loader.problems_from_validation)."""

    reason: str = ""

    def __new__(cls, text: str, reason: str) -> "BadDate":
        out = super().__new__(cls, text)
        out.reason = reason
        return out

    def __getnewargs__(self) -> tuple[str, str]:  # (pickling: process pools)
        return str(self), self.reason


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def impossible_date(text: str) -> BadDate | None:
    """Text written as a date (YAML's shape, 2026-02-30) that the calendar does not have, as
    the YAML loader keeps it: JSON and documents in memory get the same message as YAML."""
    if not _DATE_SHAPE.fullmatch(text.strip()):
        return None
    year, month, day = (int(p) for p in text.strip().split("-"))
    try:
        date(year, month, day)
    except ValueError as exc:
        return BadDate(text.strip(), str(exc))
    return None


#: an integer in plain decimal: YAML 1.1 also reads 010 (octal: 8), 0o10, 0x1F, 0b11, 1:30
#: (base 60: 90) and 3_0 (30), each unlike what a person typing a count or a weight means
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FORMS = {"octal": "八进制", "hexadecimal": "十六进制", "binary": "二进制", "base 60": "六十进制",
          "digits grouped by _": "以 _ 分组的数字"}


def _number_form(text: str, value: int | float, field: str | None = None) -> Msg:
    """Why a number YAML 1.1 reads in another base (or with ``_``, ``:``) is refused, and what
    to write, as fits the field (``field``: its path, as validation names it): for a text
    field (an id, a name, a district), quotes; for a latitude or longitude, decimal degrees
    (23:06:00 -> 23.1); for another number, the digits as typed (010 -> 10, 3_0 -> 30) or,
    for base 60, hexadecimal and binary, the number YAML read (1:30 -> 90, 0x1F -> 31). A
    field of no known kind gets both ways."""
    bare = text.lstrip("+-").lower()
    sign = "-" if text.startswith("-") else ""
    if ":" in bare:
        how, meant = "base 60", str(value)
    elif bare.startswith(("0x", "0b")):
        how, meant = ("hexadecimal" if bare.startswith("0x") else "binary"), str(value)
    elif "_" in bare and not bare.startswith("0o"):
        how, meant = "digits grouped by _", sign + bare.replace("_", "")
    else:
        how = "octal"
        digits = bare.removeprefix("0o").replace("_", "").lstrip("0") or "0"
        meant = sign + digits if digits != "0" else "0"
    if "." in meant:
        meant = meant.rstrip("0").rstrip(".") if "e" not in meant else meant
    kind = field_kind(field)
    values = {"text": text, "value": value, "how": Msg(how, _FORMS[how])}
    if kind == "text":
        return say("doc.number_form_text", **values)
    if kind in _DEGREES:
        if how == "base 60":
            meant = _degrees(bare, sign)
        return say("doc.number_form_degrees", meant=meant, coordinate=Msg(*_DEGREES[kind]), **values)
    if kind == "number":
        return say("doc.number_form_number", meant=meant, **values)
    return say("doc.number_form", meant=meant, **values)


def _bool_form(text: str, value: bool, field: str | None = None) -> Msg:
    """Why yes / no / on / off are refused: YAML 1.1 reads them as true / false, YAML 1.2 (an
    editor checking the file against the shipped schema, JSON) as text; what to write, as
    fits the field: in a text field quotes, in a number field the number meant, else true or
    false."""
    values = {"text": text, "value": str(value).lower()}
    kind = field_kind(field)
    if kind == "text":
        return say("doc.bool_form_text", **values)
    if kind == "number" or kind in _DEGREES:
        return say("doc.bool_form_number", **values)
    return say("doc.bool_form", **values)


#: fields of the input files that hold text (a number typed there must be quoted) and
#: lists whose items do (a plan's firm ids, a rule's jurisdictions), by key
_TEXT_FIELDS = frozenset({"id", "name", "address", "district", "jurisdiction", "lead", "host", "status", "level",
                          "leadership", "proof", "note", "charter", "extends", "code", "kind", "severity",
                          "article", "text_en", "text_zh", "en", "zh"})
_TEXT_ITEMS = frozenset({"firms", "unassigned_firms", "jurisdictions", "except_jurisdictions"})
#: fields that hold numbers (and every rule's params, a plan's objective and summary)
_NUMBER_FIELDS = frozenset({"x", "y", "full", "probationary", "lawyers", "members", "full_members",
                            "probationary_members", "secretary_candidates", "weight", "priority", "total",
                            "measure", "cost", "bound", "gap", "firms", "branches"})
_NUMBER_PARTS = ("params", "objective", "summary")
_DEGREES = {"lat": ("latitude", "纬度"), "lon": ("longitude", "经度")}
_FIELD_END = re.compile(r"(?:^|\.)([^.\[\]]+)((?:\[[0-9]+\])*)$")


def field_kind(field: str | None) -> str | None:
    """What a field of an input file holds, by its path (``firms[0].location.lat``): "text",
    "lat" or "lon" (degrees), "number", or None (a field of no known kind)."""
    if not field:
        return None
    end = _FIELD_END.search(field)
    if end is None:
        return None
    key, items = end.groups()
    if items:
        return "text" if key in _TEXT_ITEMS else None
    if key in _DEGREES:
        return key
    parts = set(re.split(r"[.\[]", field))
    if key in _TEXT_FIELDS and not parts & set(_NUMBER_PARTS):
        return "text"
    if key in _NUMBER_FIELDS or parts & set(_NUMBER_PARTS):
        return "number"
    return None


def _degrees(bare: str, sign: str) -> str:
    """Degrees, minutes (and seconds) written with colons, in decimal degrees: 23:06:00 -> 23.1."""
    total = sum(float(part) / 60 ** i for i, part in enumerate(bare.split(":")))
    out = f"{total:.6f}".rstrip("0").rstrip(".")
    return sign + out if out != "0" else "0"


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader for plain data: refuses duplicate mapping keys (instead of keeping the
    last one) and every tag that is not plain data (binary, sets, python objects, custom
    tags); keeps an impossible date as :class:`BadDate` text, for validation to report with
    the file's other problems. Merge keys (``<<: *defaults``) are allowed."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == _YAML_TAG + "merge":
                continue
            before = len(self.refusals) if self.refusals is not None else 0
            key = self.construct_object(key_node, deep=True)
            if self.refusals is not None and len(self.refusals) > before:
                for refused in self.refusals[before:]:
                    refused.key = True
                continue    # (a refused key: said once, not again as a duplicate of what it was read as)
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                first = seen[key].line + 1
                self._refuse(_Refused(_duplicate(key, first), key_node.start_mark, (key, first)))
                continue
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            return BadDate(node.value, str(exc))

    def construct_yaml_int(self, node):
        try:
            value = super().construct_yaml_int(node)
        except ValueError:   # more digits than Python converts (sys.get_int_max_str_digits)
            self._refuse(_Refused(say("doc.number_too_large", digits=_digits(node.value)), node.start_mark))
            return 0
        if not _PLAIN_INT.fullmatch(node.value):
            self._refuse(_Refused(_number_form(node.value, value), node.start_mark, number=(node.value, value)))
        return value

    def construct_yaml_bool(self, node):
        value = super().construct_yaml_bool(node)
        if node.value.lower() not in ("true", "false"):   # (yes, no, on, off: YAML 1.1's only)
            self._refuse(_Refused(_bool_form(node.value, value), node.start_mark, boolean=(node.value, value)))
        return value

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if ":" in node.value or "_" in node.value:   # (base 60, digits grouped: 1:30.5, 1_000.5)
            self._refuse(_Refused(_number_form(node.value, value), node.start_mark, number=(node.value, value)))
        return value

    def refuse_tag(self, node):
        tag = node.tag.replace(_YAML_TAG, "!!")
        self._refuse(_Refused(say("doc.tag", tag=tag), node.start_mark))

    #: where refusals are gathered (a list: the document is read on, so that its independent
    #: refusals come in one run), else each is raised at once
    refusals: list | None = None

    def _refuse(self, exc: "_Refused") -> None:
        if self.refusals is None:
            raise exc
        self.refusals.append(exc)   # (all of them: the first ones by place are reported, then a count)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)
StrictLoader.add_constructor(_YAML_TAG + "timestamp", StrictLoader.construct_yaml_timestamp)
StrictLoader.add_constructor(_YAML_TAG + "int", StrictLoader.construct_yaml_int)
StrictLoader.add_constructor(_YAML_TAG + "float", StrictLoader.construct_yaml_float)
StrictLoader.add_constructor(_YAML_TAG + "bool", StrictLoader.construct_yaml_bool)
for _tag in ("binary", "set", "omap", "pairs"):
    StrictLoader.add_constructor(_YAML_TAG + _tag, StrictLoader.refuse_tag)
StrictLoader.add_constructor(None, StrictLoader.refuse_tag)


def _refusal_problems(refused: list, text: str, path: str) -> list:
    """The refusals as problems at their places, naming their fields (the text composes:
    only construction refused them), in the order of the file: the first MAX_PROBLEMS, then
    a count."""
    from .errors import Problem
    from .loader import MAX_PROBLEMS, Locator, more_problems  # (loader imports this module)

    where = Locator(text)
    names = _names_in(where.root)   # a key that is a member's name of the file: not quoted
    ordered = sorted(refused, key=lambda e: (e.problem_mark.line, e.problem_mark.column))
    out = []
    for exc in ordered[:MAX_PROBLEMS]:
        mark = exc.problem_mark
        message = exc.message
        field = where.field_at(mark.line, mark.column)
        if exc.duplicate is not None:
            message = _duplicate(*exc.duplicate, names)
        if exc.number is not None:   # (what to write depends on the field)
            message = _number_form(*exc.number, field)
        if exc.boolean is not None:
            message = _bool_form(*exc.boolean, field)
        out.append(Problem(path, message, mark.line + 1, mark.column + 1, _unnamed(field, names)))
    return out + more_problems(path, len(ordered))


def is_json(path: str | Path) -> bool:
    return str(path).lower().endswith(".json")


def parse_text(text: str, path: str, as_json: bool) -> Any:
    """Parse a document; syntax errors become InputError with line and column."""
    if not text.strip():
        raise InputError.single(path, "file is empty", 1, 1)
    if as_json:
        return _parse_json(text, path)
    loader = StrictLoader(text)
    try:  # plain documents (nearly all) straight from the parser's events
        return plainyaml.build(loader, MAX_DEPTH, MAX_NODES)
    except plainyaml.NotPlain:
        pass  # anything else, and every refusal, the general way
    finally:
        loader.dispose()
    try:
        loader = StrictLoader(text)
        loader.refusals = []
        try:
            node = loader.get_single_node()
            if node is None:
                raise InputError.single(path, "file holds no document", 1, 1)
            _check_node_shape(node, path)
            data = loader.construct_document(node)
            refused = loader.refusals
        finally:
            loader.dispose()
        if refused:
            err = InputError(_refusal_problems(refused, text, path))
            # the document as YAML read it (each refused value read as YAML 1.1 reads it):
            # what the refusals are named by, and, where every refusal is a value read
            # (``read_whole``), what the loaders validate too, so that the file's other
            # problems come in this run; not where a value was not read at all (a tag), where
            # a key was refused (a key of another type), nor where a key is given twice (the
            # value kept is the second, its problems placed at the first): what the file says
            # then only follows from the refusal
            err.document, err.document_text = data, text
            err.read_whole = all((e.number or e.boolean) and not e.key for e in refused)
            raise err
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == "could not find expected ':'" and exc.context_mark is not None:
            mark = exc.context_mark   # the key's line (the problem is found on the line after it)
        unclosed = []
        if (exc.problem in ("did not find expected ',' or '}'", "did not find expected ',' or ']'")
                and exc.context_mark is not None and exc.problem_mark is not None
                and exc.context_mark.line < exc.problem_mark.line and not _closed(text, exc.context_mark.index)):
            # a { or [ left open: the parser finds it out lines later; point at the opening
            # (one closed further on lacks a comma where the parser stopped: said there)
            unclosed = [say("yaml.unclosed", bracket={"}": "{", "]": "["}[exc.problem[-2]],
                            line=exc.problem_mark.line + 1, col=exc.problem_mark.column + 1)]
            mark = exc.context_mark
        msg = exc.problem or str(exc)
        if exc.context and exc.problem:
            msg = f"{exc.context}: {exc.problem}"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            msg += " (a tab: indent with spaces)"
        line, col = (mark.line, mark.column) if mark else (None, None)
        rows = text.split("\n")
        slips = _typing_slips(rows, [m.line for m in (mark, exc.context_mark, exc.problem_mark) if m])
        if not slips and line and msg.startswith("mapping values are not allowed"):
            # ("key：value" read as text, with the lines after it, up to the next colon)
            line, col, slips = _slip_above(rows, line, col)
        detail = Msg(msg, syntax_zh(msg))
        for slip in unclosed + slips:
            detail = Msg(detail.en + slip.en, detail.zh + slip.zh)
        raise InputError.single(path, say("yaml.invalid", detail=detail),
                                line + 1 if line is not None else None, col + 1 if col is not None else None) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError.single(path, say("yaml.character", char=char, reason=Msg(exc.reason, syntax_zh(exc.reason))),
                                line, col) from None
    except yaml.YAMLError as exc:
        raise InputError.single(path, say("yaml.invalid", detail=Msg(str(exc), syntax_zh(str(exc))))) from None
    except RecursionError:
        raise InputError.single(path, say("doc.too_deep", depth=MAX_DEPTH)) from None
    return data


#: the spaces YAML reads (a tab, a space) and those a Chinese input method types for them
_SPACES = " \t\u3000\u00a0"
#: an ASCII key (as every key of these files is) where a key begins: written with a full-width
#: colon (``name：``), or with its colon and the spaces after it (``name:\u3000``)
_FULLWIDTH_COLON_KEY = re.compile(r"[ \t\u3000\u00a0]*[A-Za-z_][A-Za-z0-9_-]*[ \u3000\u00a0]*：")
_KEY_COLON = re.compile(r"[ \t\u3000\u00a0]*[A-Za-z_][A-Za-z0-9_-]*:([ \t\u3000\u00a0]+)")
#: an indentation (with a list's dashes)
_INDENT = re.compile(r"^[ \t\u3000\u00a0-]+")


def _typing_slips(rows: list[str], lines: list[int]) -> list[Msg]:
    """What a Chinese input method typed in place of YAML's colon or spaces on ``lines`` of
    the text (0-based: those a syntax error marks), each said once: a full-width colon after
    a key, a full-width space (U+3000) or a no-break space (U+00A0) in an indentation or
    after a key's colon. A full-width colon or space in a value (Chinese text, quoted or
    not, after the key's own colon) is not one."""
    found: dict[str, None] = {}
    for n in dict.fromkeys(lines):
        found.update(dict.fromkeys(_slips_in(rows[n] if n < len(rows) else "")))
    return [say(key) for key in found]


def _key_starts(line: str) -> list[int]:
    """Where a key may begin on one line of YAML: after its indentation and a list's dashes,
    and in braces or brackets (flow style) after ``{``, ``[`` or ``,``; never in a value,
    quoted or not, nor in a comment."""
    starts = [re.match(r"[ \t\u3000\u00a0]*(?:-[ \t\u3000\u00a0]+)*", line).end()]
    depth, quote, value = 0, "", True   # (value: a value may begin here, after a key's colon)
    i = starts[0]
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch == "#" and (i == 0 or line[i - 1] in _SPACES):
            break   # a comment
        elif ch in _SPACES:
            pass
        elif value and ch in "\"'":
            quote, value = ch, False
        elif ch == ":" and (i + 1 == len(line) or line[i + 1] in _SPACES or (depth and line[i + 1] in ",]}")):
            value = True
        elif depth and ch in ",{[" or value and ch in "{[":
            if ch != ",":
                depth += 1
            starts.append(i + 1)
            value = True
        elif depth and ch in "]}":
            depth -= 1
            value = False
        else:
            value = False
        i += 1
    return starts


#: lines longer than this are not searched for typing slips (a long flow list has a key start
#: at every comma: the search would cost its length squared)
SLIP_LINE = 2000


def _slips_in(line: str) -> list[str]:
    """The catalogue keys of the typing slips on one line (see :func:`_typing_slips`)."""
    if len(line) > SLIP_LINE:
        return []
    found = []
    spaces = [(m.group(), True)] if (m := _INDENT.match(line)) else []
    for i in _key_starts(line):
        if _FULLWIDTH_COLON_KEY.match(line, i):
            found.append("yaml.fullwidth_colon")
        elif m := _KEY_COLON.match(line, i):
            spaces.append((m.group(1), False))
    for typed, indenting in spaces:
        if "\u3000" in typed:
            found.append("yaml.fullwidth_space_indent" if indenting else "yaml.fullwidth_space")
        if "\u00a0" in typed:
            found.append("yaml.nbsp")
    return list(dict.fromkeys(found))


_PLAIN_KEY = re.compile(r"[ \t]*[^\s:#,\[\]{}][^:#,\[\]{}]*?:(?:[ \t]|$)")
_QUOTED_KEY = re.compile(r"[ \t]*(?:\"[^\"]*\"|'[^']*')[ \t]*:(?:[ \t]|$)")


def _own_key(line: str) -> bool:
    """Whether one line of YAML holds a key with YAML's own colon (``key: ...``); a line too
    long to search (:data:`SLIP_LINE`) is taken to have one."""
    if len(line) > SLIP_LINE:
        return True
    return any(_PLAIN_KEY.match(line, i) or _QUOTED_KEY.match(line, i) for i in _key_starts(line))


def key_slips(key: Any) -> Msg:
    """For a key YAML read whole where a Chinese input method typed its colon or a space
    (``{id: M1, name：张三}`` gives the key ``name：张三``; ``\\u3000as_of``, a full-width space
    before it): what to write instead, as after a syntax error; else nothing."""
    slips = [say(k) for k in _slips_in(key)] if isinstance(key, str) else []
    return Msg("".join(m.en for m in slips), "".join(m.zh for m in slips))


def _slip_above(rows: list[str], line: int, column: int) -> tuple[int, int, list[Msg]]:
    """For a colon YAML refuses at (``line``, ``column``) (0-based) because the text before it
    began on an earlier line (``jurisdiction：贵港市`` then ``as_of: ...`` reads as one text):
    the nearest line of that text holding a typing slip, with its first character's column,
    and the slips; else the position given and none. A line with a key of its own (``name:
    广西 ABC：律师事务所``) is not part of that text: the search ends there, unblamed."""
    for n in range(line - 1, max(line - 50, 0) - 1, -1):
        row = rows[n]
        if not row.strip() or row.lstrip().startswith("#"):
            break
        if _own_key(row):
            break   # (a line with a key of its own is not part of the text)
        slips = _typing_slips(rows, [n])
        if slips:
            return n, len(row) - len(row.lstrip(" \t\u3000\u00a0-")), slips
    return line, column, []


def _closed(text: str, start: int) -> bool:
    """Whether the flow collection ({ or [) opened at character ``start`` is closed further
    on (its tokens read from there, nested ones counted); False where they cannot be read."""
    depth = 0
    try:
        for token in yaml.scan(text[start:]):
            if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
                depth -= 1
                if depth == 0:
                    return True
    except yaml.YAMLError:
        return False
    return False


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column:column + 1] if line < len(lines) else ""


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _DuplicateJsonKey(Exception):
    pass


class _LongJsonNumber(Exception):
    pass


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _json_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:   # more digits than Python converts (sys.get_int_max_str_digits)
        raise _LongJsonNumber(text) from None


def _json_number_at(text: str, number: str) -> tuple[int | None, int | None]:
    """Position of a number token (outside strings) in JSON text."""
    for i, _ in _outside_strings(text):
        if text.startswith(number, i) and not (i and (text[i - 1].isdigit() or text[i - 1] == "-")):
            return _line_col(text, i)
    return None, None


def _outside_strings(text: str):
    """(offset, character) of JSON text outside string literals (their quotes included)."""
    in_str, esc = False, False
    for i, ch in enumerate(text):
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        else:
            yield i, ch


def _json_object(pairs: list[tuple[str, Any]]) -> dict:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateJsonKey(k)
        out[k] = v
    return out


def _parse_json(text: str, path: str) -> Any:
    data, deep = None, False
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError.single(path, say("json.invalid", detail=Msg(exc.msg, syntax_zh(exc.msg))),
                                exc.lineno, exc.colno) from None
    except _DuplicateJsonKey as exc:
        from .loader import Locator

        where = Locator(text)     # (the text composed once: for the position, the names, the field)
        line, col = _json_duplicate_at(text, str(exc), where.root)
        names = _names_in(where.root)
        field = _unnamed(where.field_at(line - 1, col - 1), names) if line is not None else None
        raise InputError.single(path, say("doc.duplicate_key", key=_shown(str(exc), names)), line, col, field) from None
    except _LongJsonNumber as exc:
        from .loader import Locator

        line, col = _json_number_at(text, str(exc))
        field = Locator(text).field_at(line - 1, col - 1) if line is not None else None
        raise InputError.single(path, say("doc.number_too_large", digits=_digits(str(exc))), line, col, field) from None
    except RecursionError:
        deep = True
    if deep or _too_deep(data):
        offset = _json_too_deep_at(text)
        line, col = _line_col(text, offset) if offset is not None else (None, None)
        raise InputError.single(path, say("doc.too_deep", depth=MAX_DEPTH), line, col)
    # (pairs are one character, as emoji and rare characters are escaped by json.dump: only a
    # lone escape in the text sends the document to the walk, which confirms it)
    if _SURROGATE_ESCAPE.search(text) and _LONE.search(text) and _holds_surrogate(data):
        _refuse_surrogate(text, path)
    return data


#: a \u escape of a UTF-16 surrogate (a pair of them is one character; one alone is none)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE = re.compile(r"(?<!\\)((?:\\\\)*)(\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                   r"|(?<![dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})")


def _holds_surrogate(data: Any) -> bool:
    """Whether a key or text of the document holds a lone surrogate (JSON reads a pair as one
    character: what is left is an escape of half a character)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _refuse_surrogate(text: str, path: str) -> None:
    """Refuse JSON text with an escape of half a UTF-16 pair (``"F\\ud800"``), at the escape."""
    from .loader import Locator

    line = col = field = None
    for m in _LONE.finditer(text):
        line, col = _line_col(text, m.start(2))
        try:
            field = Locator(text).field_at(line - 1, col - 1)
        except Exception:  # noqa: BLE001 - (text YAML cannot compose: no field, the position still)
            field = None
        escape = m.group(2)
        break
    else:
        escape = "\\ud800"
    raise InputError.single(path, say("json.surrogate", escape=escape), line, col, field)


def _too_deep(data: Any) -> bool:
    """Whether any value sits deeper than MAX_DEPTH (the document is depth 1). Only
    collections are walked: a value below one at MAX_DEPTH is too deep."""
    if not _nests(data):
        return False
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, Mapping) else value
        if depth >= MAX_DEPTH:
            if len(children):
                return True
            continue
        stack.extend((v, depth + 1) for v in children if _nests(v))
    return False


def _nests(value: Any) -> bool:
    """Whether a value holds others (a mapping, a list, a tuple, a set, a deque ...; text does not)."""
    return isinstance(value, Collection) and not isinstance(value, (str, bytes, bytearray, memoryview))


def _json_too_deep_at(text: str) -> int | None:
    """Offset of the first bracket nested deeper than MAX_DEPTH (strings skipped), or None."""
    depth = 0
    for i, ch in _outside_strings(text):
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return i
        elif ch in "]}":
            depth -= 1
    return None


def _json_duplicate_at(text: str, key: str, root: yaml.Node | None) -> tuple[int | None, int | None]:
    """Position of the second occurrence of a key in one JSON object, in its composed nodes
    (JSON is YAML too; JSON that YAML cannot read, ``root`` None, such as a minified file's
    line of over 1,024 characters, is scanned as JSON)."""
    if root is None:
        return _json_duplicate_scan(text, key)
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key and key in seen:
                    return k.start_mark.line + 1, k.start_mark.column + 1
                seen.add(getattr(k, "value", None))
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None, None


def _json_duplicate_scan(text: str, key: str) -> tuple[int | None, int | None]:
    """The same, by scanning JSON text: the keys of each open object, strings read as JSON
    reads them."""
    from json.decoder import scanstring

    objects: list[set | None] = []   # per open bracket: its keys ({), None ([)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            try:
                value, end = scanstring(text, i + 1)
            except ValueError:
                return None, None
            j = end
            while j < n and text[j] in " \t\r\n":
                j += 1
            if objects and objects[-1] is not None and j < n and text[j] == ":":
                if value == key and value in objects[-1]:
                    return _line_col(text, i)
                objects[-1].add(value)
            i = end
            continue
        if ch == "{":
            objects.append(set())
        elif ch == "[":
            objects.append(None)
        elif ch in "}]" and objects:
            objects.pop()
        i += 1
    return None, None


def _check_node_shape(root: yaml.Node, path: str) -> None:
    """Refuse deep nesting and alias bombs before anything is constructed.

    Counts nodes as they would be expanded (an alias counts its whole target again),
    memoising each node's expanded size, so a billion-laughs document is refused in
    time linear in its text. The budget is relative to the nodes the text itself holds.
    """
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise InputError.single(path, say("doc.too_deep", depth=MAX_DEPTH), m.line + 1, m.column + 1)
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = ([n for pair in node.value for n in pair]
                    if isinstance(node, yaml.MappingNode) else list(node.value))
        if done:
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            sizes[id(node)] = total
            order.append(node)
            if total > MAX_NODES:
                break
            continue
        stack.append((node, depth, True))
        for c in children:
            if id(c) not in sizes:
                stack.append((c, depth + 1, False))
    budget = min(MAX_NODES, ALIAS_ALLOWANCE + ALIAS_FACTOR * len(sizes))
    for node in order:  # the smallest collection that goes over: where the bomb is
        if sizes[id(node)] > budget:
            m = node.start_mark
            raise InputError.single(path, say("doc.alias_bomb", budget=budget, nodes=len(sizes)),
                                    m.line + 1, m.column + 1)


@functools.lru_cache(maxsize=2)
def compose(text: str) -> yaml.Node | None:
    """The document's node tree (JSON is YAML too), composed once per text: callers locate
    one finding after another in the same text."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
