"""Building plain data from a YAML node tree in one pass, for the common case.

PyYAML's constructor is general: every node goes through ``construct_object`` with its
bookkeeping for recursive structures, mappings through merge-key flattening, and parsing.py
first walks the whole tree once more to refuse deep nesting and alias bombs. A roster of
the whole country has about a million nodes, so all that costs several seconds.

Most files are plain: no anchors or aliases, no merge keys, no tags beyond the standard
scalars, no duplicate keys, no deep nesting. :func:`build` builds such a document directly
(scalars other than strings through PyYAML's own constructors, so every value is exactly
what PyYAML gives) and raises :class:`NotPlain` for anything else; the caller then takes
the general path, which also gives the exact error for bad input. Aliases are recognised
by position: walked in document order, node positions never go back, except where a node
is met again through an alias.
"""

from __future__ import annotations

from typing import Any

import yaml

_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _T + "str", _T + "map", _T + "seq"
#: scalar tags built by PyYAML's constructors (anything else: the general path)
_SCALARS = frozenset(_T + t for t in ("int", "float", "bool", "null", "timestamp"))


class NotPlain(Exception):
    """The document needs the general path (aliases, merge keys, other tags, too deep,
    duplicate keys, or any value PyYAML's constructors refuse)."""


def build(loader: yaml.BaseLoader, root: yaml.Node, max_depth: int, max_nodes: int) -> Any:
    """The plain data of ``root`` (composed by ``loader``), or NotPlain."""
    constructors = loader.yaml_constructors
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    last = [-1, None, 1]  # start index and node last visited, nodes counted

    def scalar(node):
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag in _SCALARS:
            try:
                return constructors[tag](loader, node)
            except Exception:  # noqa: BLE001 - refused (an impossible date...): said by the general path
                raise NotPlain from None
        raise NotPlain

    def visit(node):
        index = node.start_mark.index
        if index < last[0] or node is last[1]:  # met again: an alias
            raise NotPlain
        last[0], last[1] = index, node

    def walk(node, depth):
        if depth > max_depth:
            raise NotPlain
        visit(node)
        kind = node.__class__
        if kind is scalar_node:
            return scalar(node)
        if kind is mapping_node:
            if node.tag != _MAP:
                raise NotPlain
            out = {}
            last[2] += 2 * len(node.value)
            for key_node, value_node in node.value:
                if key_node.__class__ is not scalar_node:
                    raise NotPlain  # complex keys (and merge keys' tags below)
                visit(key_node)
                key = scalar(key_node)
                if key in out:
                    raise NotPlain  # duplicate: the general path says where
                out[key] = walk(value_node, depth + 1)
            return out
        if kind is sequence_node:
            if node.tag != _SEQ:
                raise NotPlain
            last[2] += len(node.value)
            return [walk(item, depth + 1) for item in node.value]
        raise NotPlain  # pragma: no cover - no other node kinds

    data = walk(root, 1)
    if last[2] > max_nodes:
        raise NotPlain
    return data
