"""Reading YAML/JSON documents safely, locating fields for error messages, writing atomically.

Documents are parsed with PyYAML's safe loader (the C one where available): no tag can
execute code. Positions are only computed when something is wrong: the text is composed
again into YAML nodes (JSON is YAML too) and the pydantic error path is walked to a node.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import InputError, Problem

try:  # the C parser is several times faster on large rosters
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader

#: Refuse input files larger than this many bytes unless told otherwise.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
#: Nesting deeper than this is never a roster; refusing it bounds recursion.
MAX_DEPTH = 64
#: At most this many problems are reported for one file.
MAX_PROBLEMS = 50
#: A document that expands aliases into more nodes than this is refused (alias bombs).
MAX_NODES = 20_000_000


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate mapping keys instead of keeping the last one."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                raise _DuplicateKey(
                    None, None, f"duplicate key {key!r} (first at line {seen[key].line + 1})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with clear errors."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError.single(
                str(p), f"file is {size:,} bytes, more than the limit of {max_bytes:,} "
                "(raise it with --max-input-bytes)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError.single(str(p), "no such file") from None
    except IsADirectoryError:
        raise InputError.single(str(p), "is a directory, expected a file") from None
    except PermissionError:
        raise InputError.single(str(p), "permission denied") from None
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
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError.single(path, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        except RecursionError:
            raise InputError.single(path, "document is nested too deeply") from None
        _check_depth(data, path)
        return data
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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = exc.problem or str(exc)
        if exc.context and exc.problem:
            msg = f"{exc.context}: {exc.problem}"
        raise InputError.single(
            path, f"invalid YAML: {msg}",
            mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError.single(path, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError.single(path, "document is nested too deeply") from None
    return data


def _check_node_shape(root: yaml.Node, path: str) -> None:
    """Refuse deep nesting and alias bombs before anything is constructed.

    Counts nodes as they would be expanded (an alias counts its whole target again),
    memoising each node's expanded size, so a billion-laughs document is refused in
    time linear in its text.
    """
    sizes: dict[int, int] = {}
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
            if total > MAX_NODES:
                m = node.start_mark
                raise InputError.single(
                    path, "document expands to too many nodes (alias bomb?)", m.line + 1, m.column + 1)
            sizes[id(node)] = total
            continue
        stack.append((node, depth, True))
        for c in children:
            if id(c) not in sizes:
                stack.append((c, depth + 1, False))


def _check_depth(data: Any, path: str) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError.single(path, f"document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def load_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Any, str]:
    """Load a YAML or JSON file; returns (data, text) so errors can be located later."""
    text = read_text(path, max_bytes)
    return parse_text(text, str(path), is_json(path)), text


# ---------------------------------------------------------------- positions

@functools.lru_cache(maxsize=2)
def _compose(text: str) -> yaml.Node | None:
    """The document's node tree (JSON is YAML too), composed once per text."""
    try:
        return yaml.compose(text, Loader=StrictLoader)
    except yaml.YAMLError:
        return None


def locate(text: str, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """1-based (line, column) of the node reached by a pydantic-style error path.

    Path elements that do not match the document (union tags, model names) are skipped;
    the deepest node reached is returned.
    """
    node = _compose(text)
    if node is None:
        return None, None
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
        if nxt is not None:
            node = nxt
    return node.start_mark.line + 1, node.start_mark.column + 1


def locate_key(text: str, loc: Iterable[Any]) -> tuple[int | None, int | None]:
    """Position of the key itself (for unknown keys) rather than its value."""
    loc = list(loc)
    if not loc:
        return locate(text, loc)
    parent_line = locate(text, loc[:-1])
    node = _compose(text)
    if node is None:
        return parent_line
    for part in loc[:-1]:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
        if nxt is not None:
            node = nxt
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == str(loc[-1]):
                return k.start_mark.line + 1, k.start_mark.column + 1
    return parent_line


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or ''."""
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def problems_from_validation(exc, path: str, text: str, fields_at=None, prefix: tuple = ()) -> list[Problem]:
    """Turn a pydantic ValidationError into positioned problems.

    ``fields_at(loc)`` returns the allowed field names of the model at ``loc`` so unknown
    keys can get a suggestion. ``prefix``: where the validated value sits in the document.
    """
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    for err in errors[:MAX_PROBLEMS]:
        loc = tuple(err.get("loc", ()))
        clean = tuple(p for p in loc if not (isinstance(p, str) and p in _TAGS))
        field_path = dotted(clean)
        etype = err.get("type", "")
        if etype == "extra_forbidden":
            line, col = locate_key(text, prefix + clean)
            hint = suggest(clean[-1], fields_at(clean[:-1]) if fields_at else [])
            out.append(Problem(path, f"unknown key '{clean[-1]}'{hint}", line, col, dotted(clean[:-1]) or None))
            continue
        line, col = locate(text, prefix + clean)
        msg = err.get("msg", "invalid value")
        if etype == "missing":
            msg = f"required key '{clean[-1]}' is missing"
            field_path = dotted(clean[:-1]) or None
        elif etype == "string_type" and isinstance(err.get("input"), (int, float)):
            msg += " (quote it, e.g. '007', so YAML keeps it as text)"
        elif "input" in err and etype not in ("model_type", "list_type", "dict_type"):
            shown = repr(err["input"])
            if len(shown) <= 60:
                msg += f", got {shown}"
        out.append(Problem(path, msg, line, col, field_path))
    if len(errors) > MAX_PROBLEMS:
        out.append(Problem(path, f"... and {len(errors) - MAX_PROBLEMS} more problems"))
    return out


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
    mode = 0o666 & ~_umask()
    for p in mode_from:
        try:
            mode &= os.stat(p).st_mode & 0o666
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
