"""Reading YAML/JSON documents safely, locating fields for error messages, writing atomically.

Documents are parsed with PyYAML's safe loader (the C one where available): no tag can
execute code. Positions are only computed when something is wrong: the text is composed
again into YAML nodes (JSON is YAML too) and the pydantic error path is walked to a node.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import json
import os
import tempfile
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .errors import InputError, Problem

try:  # the C parser is several times faster on large rosters
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

#: Refuse input files larger than this many bytes unless told otherwise (--max-input-bytes).
#: The largest real roster (a whole country, one entry per member) is about 18 MB.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_limit: ContextVar[int] = ContextVar("max_input_bytes", default=DEFAULT_MAX_BYTES)
#: Nesting deeper than this is never a roster; refusing it bounds recursion.
MAX_DEPTH = 64
#: A document never expands (through aliases) into more nodes than this...
MAX_NODES = 20_000_000
#: ...nor into more than ALIAS_FACTOR times the nodes it writes out, beyond ALIAS_ALLOWANCE:
#: shared anchors (a common location, ``<<: *defaults``) stay far below; alias bombs do not.
ALIAS_FACTOR, ALIAS_ALLOWANCE = 10, 100_000
#: At most this many problems are located and reported for one file.
MAX_PROBLEMS = 50

_YAML_TAG = "tag:yaml.org,2002:"


class _Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that branchplan refuses (duplicate keys, bad dates, tags)."""


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader for plain data: refuses duplicate mapping keys (instead of keeping the
    last one), impossible dates, and every tag that is not plain data (binary, sets,
    python objects, custom tags). Merge keys (``<<: *defaults``) are allowed."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == _YAML_TAG + "merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                raise _Refused(
                    None, None, f"duplicate key {key!r} (first at line {seen[key].line + 1})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise _Refused(None, None, f"{node.value} is not a valid date ({exc})", node.start_mark) from None

    def refuse_tag(self, node):
        tag = node.tag.replace(_YAML_TAG, "!!")
        raise _Refused(None, None, f"tag {tag} is not allowed: branchplan files hold plain data only",
                       node.start_mark)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)
StrictLoader.add_constructor(_YAML_TAG + "timestamp", StrictLoader.construct_yaml_timestamp)
for _tag in ("binary", "set", "omap", "pairs"):
    StrictLoader.add_constructor(_YAML_TAG + _tag, StrictLoader.refuse_tag)
StrictLoader.add_constructor(None, StrictLoader.refuse_tag)


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


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with clear errors."""
    p = Path(path)
    max_bytes = input_limit() if max_bytes is None else max_bytes
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError.single(
                str(p), f"file is {size:,} bytes, more than the limit of {max_bytes:,} "
                "(raise it with --max-input-bytes)")
        with p.open("rb") as fh:  # read at most the limit, even if the file grows meanwhile
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError.single(str(p), "no such file") from None
    except IsADirectoryError:
        raise InputError.single(str(p), "is a directory, expected a file") from None
    except PermissionError:
        raise InputError.single(str(p), "permission denied") from None
    except OSError as exc:
        raise InputError.single(str(p), f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError.single(str(p), f"file is more than the limit of {max_bytes:,} bytes "
                                "(raise it with --max-input-bytes)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(str(p), "file is UTF-16 text; save it as UTF-8", 1, 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.single(
            str(p), f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line, col) from None
    return text


def is_json(path: str | Path) -> bool:
    return str(path).lower().endswith(".json")


def parse_text(text: str, path: str, as_json: bool) -> Any:
    """Parse a document; syntax errors become InputError with line and column."""
    if not text.strip():
        raise InputError.single(path, "file is empty", 1, 1)
    if as_json:
        return _parse_json(text, path)
    try:
        loader = StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise InputError.single(path, "file holds no document", 1, 1)
            _check_node_shape(node, path)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except _Refused as exc:
        mark = exc.problem_mark
        raise InputError.single(path, exc.problem, mark.line + 1, mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = exc.problem or str(exc)
        if exc.context and exc.problem:
            msg = f"{exc.context}: {exc.problem}"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            msg += " (a tab: indent with spaces)"
        raise InputError.single(
            path, f"invalid YAML: {msg}",
            mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError.single(path, f"invalid YAML: character {char} is not allowed ({exc.reason})",
                                line, col) from None
    except yaml.YAMLError as exc:
        raise InputError.single(path, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError.single(path, f"document is nested more than {MAX_DEPTH} levels deep") from None
    return data


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column:column + 1] if line < len(lines) else ""


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _DuplicateJsonKey(Exception):
    pass


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
        data = json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise InputError.single(path, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _DuplicateJsonKey as exc:
        line, col = _json_duplicate_at(text, str(exc))
        raise InputError.single(path, f"duplicate key {str(exc)!r}", line, col) from None
    except RecursionError:
        deep = True
    if deep or _too_deep(data):
        offset = _json_too_deep_at(text)
        line, col = _line_col(text, offset) if offset is not None else (None, None)
        raise InputError.single(path, f"document is nested more than {MAX_DEPTH} levels deep", line, col)
    return data


def _too_deep(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def _json_too_deep_at(text: str) -> int | None:
    """Offset of the first bracket nested deeper than MAX_DEPTH (strings skipped), or None."""
    depth, in_str, esc = 0, False, False
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
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return i
        elif ch in "]}":
            depth -= 1
    return None


def _json_duplicate_at(text: str, key: str) -> tuple[int | None, int | None]:
    """Position of the second occurrence of a key in one JSON object (JSON is YAML too)."""
    root = _compose(text)
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
            raise InputError.single(path, f"document is nested more than {MAX_DEPTH} levels deep",
                                    m.line + 1, m.column + 1)
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
            raise InputError.single(
                path, f"document expands through aliases to more than {budget:,} nodes "
                f"(it writes out {len(sizes):,}); refusing it (alias bomb?)", m.line + 1, m.column + 1)


def load_document(path: str | Path, max_bytes: int | None = None) -> tuple[Any, str]:
    """Load a YAML or JSON file; returns (data, text) so errors can be located later."""
    text = read_text(path, max_bytes)
    return parse_text(text, str(path), is_json(path)), text


# ---------------------------------------------------------------- positions

class Locator:
    """Positions in one document: the text is composed into YAML nodes once (JSON is YAML
    too), then any number of pydantic-style error paths are walked to a node."""

    def __init__(self, text: str) -> None:
        self.root = _compose(text)

    def _walk(self, loc: Iterable[Any]) -> yaml.Node | None:
        node = self.root
        if node is None:
            return None
        for part in loc:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        nxt = v
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    nxt = node.value[part]
            if nxt is not None:  # path elements the document lacks (union tags) are skipped
                node = nxt
        return node

    def at(self, loc: Iterable[Any]) -> tuple[int | None, int | None]:
        """1-based (line, column) of the deepest node the path reaches."""
        node = self._walk(loc)
        if node is None:
            return None, None
        return node.start_mark.line + 1, node.start_mark.column + 1

    def key_at(self, loc: Iterable[Any]) -> tuple[int | None, int | None]:
        """Position of the key itself (for unknown keys) rather than its value."""
        loc = list(loc)
        if not loc:
            return self.at(loc)
        node = self._walk(loc[:-1])
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(loc[-1]):
                    return k.start_mark.line + 1, k.start_mark.column + 1
        return self.at(loc[:-1])


@functools.lru_cache(maxsize=2)
def _compose(text: str) -> yaml.Node | None:
    """The document's node tree (JSON is YAML too), composed once per text: callers locate
    one finding after another in the same text."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None


def locate(text: str, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """1-based (line, column) of the node reached by a pydantic-style error path (one-off;
    use a Locator for many paths in one text)."""
    return Locator(text).at(loc)


def locate_key(text: str, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """Position of the key itself (for unknown keys) rather than its value."""
    return Locator(text).key_at(loc)


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or ''."""
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def problems_from_validation(exc, path: str, text: str, fields_at=None, prefix: tuple = (),
                             locator: Locator | None = None) -> list[Problem]:
    """Turn a pydantic ValidationError into positioned problems (at most MAX_PROBLEMS).

    ``fields_at(loc)`` returns the allowed field names of the model at ``loc`` so unknown
    keys can get a suggestion. ``prefix``: where the validated value sits in the document.
    """
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    where = locator or Locator(text)
    for err in errors[:MAX_PROBLEMS]:
        loc = tuple(err.get("loc", ()))
        clean = tuple(p for p in loc if not (isinstance(p, str) and p in _TAGS))
        field_path = dotted(clean)
        etype = err.get("type", "")
        if etype == "extra_forbidden":
            line, col = where.key_at(prefix + clean)
            hint = suggest(clean[-1], fields_at(clean[:-1]) if fields_at else [])
            out.append(Problem(path, f"unknown key '{clean[-1]}'{hint}", line, col, dotted(clean[:-1]) or None))
            continue
        line, col = where.at(prefix + clean)
        msg = err.get("msg", "invalid value")
        if etype == "value_error":
            msg = msg.removeprefix("Value error, ")
        if etype == "missing":
            msg = f"required key '{clean[-1]}' is missing"
            field_path = dotted(clean[:-1]) or None
        elif etype == "string_type" and isinstance(err.get("input"), (int, float)):
            msg += " (quote it, e.g. '007', so YAML keeps it as text)"
        elif "input" in err and etype not in ("model_type", "list_type", "dict_type"):
            value = err["input"]
            shown = str(value) if isinstance(value, (date, datetime)) else repr(value)
            if len(shown) <= 60:
                msg += f", got {shown}"
            if etype == "literal_error" and isinstance(err["input"], str):
                msg += suggest(err["input"], _literal_choices(err))
        out.append(Problem(path, msg, line, col, field_path))
    return out + more_problems(path, len(errors))


def more_problems(path: str, total: int) -> list[Problem]:
    """The closing line when a file has more problems than are reported."""
    if total <= MAX_PROBLEMS:
        return []
    return [Problem(path, f"... and {total - MAX_PROBLEMS:,} more problems (fix the ones above first)")]


def _literal_choices(err: dict) -> list[str]:
    expected = (err.get("ctx") or {}).get("expected", "")
    return [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",") if c.strip()]


_TAGS = {"list", "counts", "geo", "planar", "function-after", "function-before"}


def dotted(loc: tuple) -> str:
    s = ""
    for p in loc:
        s += f"[{p}]" if isinstance(p, int) else (f".{p}" if s else str(p))
    return s


# ---------------------------------------------------------------- writing

class _Dumper(yaml.SafeDumper):
    """Readable YAML: Chinese kept as is, short scalar lists in flow style."""


def _represent_list(dumper, data):
    flow = len(data) <= 12 and all(isinstance(v, (str, int, float)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def atomic_write(path: str | Path, text: str, protect: Iterable[str | Path] = (),
                 mode_from: Iterable[str | Path] = ()) -> None:
    """Write text to path via a temporary file and rename: never half a file.

    ``protect``: input files that must never be overwritten. ``mode_from``: inputs whose
    permissions bound the output's (an output is never more readable than its inputs).
    """
    target = Path(path)
    for p in protect:
        try:
            if target.exists() and os.path.samefile(target, p):
                raise InputError.single(str(target), "refusing to overwrite an input file; choose another output path")
        except FileNotFoundError:
            pass
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError.single(str(target), f"output folder {str(directory)!r} does not exist")
    if target.is_dir():
        raise InputError.single(str(target), "is a folder; give a file name for the output")
    mode = 0o666 & ~_umask()
    for p in mode_from:
        try:
            mode &= os.stat(p).st_mode & 0o666
        except OSError:
            pass
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(directory)
    except OSError as exc:
        raise InputError.single(str(target), f"cannot write the output: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:  # failed or interrupted before the rename: no trace left
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
