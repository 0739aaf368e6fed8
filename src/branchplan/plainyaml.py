"""Building plain data straight from the YAML parser's events, for the common case.

PyYAML's general path composes the whole document into a node tree (a node and two marks
per scalar, kept until the end), parsing.py walks that tree again to refuse deep nesting
and alias bombs, and the constructor walks it a third time with its bookkeeping for
recursive structures and merge keys. A roster of the whole country has a million nodes or
more: that costs seconds and gigabytes. Measured on such a roster (counts form, 8 MB):
about 7 s of CPU and 600 MB for the general path, under 2 s and 200 MB from events.

Most files are plain: no anchors or aliases, no merge keys, no tags beyond the standard
scalars, no duplicate or complex keys, no deep nesting, one document. :func:`build` builds
such a document from the events of the same (C) parser, resolving scalars with the same
resolver and constructors, so every value is exactly what the general path gives. For
anything else, and for any error, it raises :class:`NotPlain`: the caller then parses the
text again the general way, which gives the exact error message and position.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)

_T = "tag:yaml.org,2002:"
_STR = _T + "str"
#: scalar tags built by PyYAML's constructors (anything else: the general path)
_SCALARS = frozenset(_T + t for t in ("int", "float", "bool", "null", "timestamp"))


class NotPlain(Exception):
    """The document needs the general path (aliases or anchors, merge keys, other tags,
    complex or duplicate keys, too deep or too many nodes, several documents, a value the
    constructors refuse, or a syntax error)."""


def build(loader: yaml.BaseLoader, max_depth: int, max_nodes: int) -> Any:
    """The plain data of the document ``loader`` (a fresh loader on the text) parses,
    or NotPlain. The loader is used up either way."""
    try:
        return _build(loader, max_depth, max_nodes)
    except NotPlain:
        raise
    except Exception:  # noqa: BLE001 - syntax errors and refusals: said by the general path
        raise NotPlain from None


def _build(loader, max_depth: int, max_nodes: int) -> Any:
    get = loader.get_event
    resolve = loader.resolve
    constructors = loader.yaml_constructors
    scalar_node = yaml.ScalarNode
    if get().__class__ is not StreamStartEvent or get().__class__ is not DocumentStartEvent:
        raise NotPlain  # pragma: no cover - the parser always starts so, or raises

    def scalar(ev) -> Any:
        if ev.anchor is not None:
            raise NotPlain
        tag = ev.tag
        if tag is None or tag == "!":
            tag = resolve(scalar_node, ev.value, ev.implicit)
        if tag == _STR:
            return ev.value
        if tag in _SCALARS:
            return constructors[tag](loader, scalar_node(tag, ev.value, ev.start_mark, ev.end_mark, ev.style))
        raise NotPlain

    # stack of open collections: (container, is_mapping, key read and waiting for its value)
    stack: list[list] = []
    nodes = 0
    root: Any = None
    while True:
        ev = get()
        kind = ev.__class__
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()[0]  # (placed in its parent when it opened)
            if not stack:
                root = done
                break
            continue
        nodes += 1
        if len(stack) >= max_depth or nodes > max_nodes:
            raise NotPlain
        if kind is ScalarEvent:
            value = scalar(ev)
            opened = None
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if ev.anchor is not None or ev.tag not in (None, "!"):
                raise NotPlain
            value = {} if kind is MappingStartEvent else []
            opened = [value, kind is MappingStartEvent, None]
        else:
            raise NotPlain  # an alias (or an empty document)
        if not stack:
            if opened is None:  # the whole document is one scalar
                root = value
                break
            stack.append(opened)
            continue
        top = stack[-1]
        if top[1]:  # a mapping: a key, then its value
            if top[2] is None:
                if opened is not None:
                    raise NotPlain  # a complex key
                if value in top[0]:
                    raise NotPlain  # a duplicate: the general path says where
                top[2] = (value,)
                continue
            top[0][top[2][0]] = value
            top[2] = None
        else:
            top[0].append(value)
        if opened is not None:
            stack.append(opened)
    if get().__class__ is not DocumentEndEvent or get().__class__ is not StreamEndEvent:
        raise NotPlain  # more than one document
    return root
