"""Positions in a JSON document (branchplan/jsonpos.py) are those of its YAML nodes, which
the Locator walks for any other document: for random documents, formatted in random ways,
and random paths (existing, partly missing, keys and values)."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from branchplan.jsonpos import json_positions
from branchplan.loader import Locator

# text YAML reads as JSON does (in the Basic Multilingual Plane: YAML refuses the escaped
# surrogate pairs JSON writes for others; no raw line or paragraph separator, no NEL: YAML refuses
# them in a quoted string, see the last test)
TEXT = st.text(st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs"), max_codepoint=0xFFFF),
               max_size=8) | st.sampled_from(["", "a", "律所", "tab\there", "e\u0301", "\\", '"', "x\u2028y"])
KEYS = st.sampled_from(["id", "firms", "branches", "lead", "a b", "名称", "0", "1"]) | TEXT
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | \
    st.floats(allow_nan=False, allow_infinity=False, width=32) | TEXT
DOCS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                    max_leaves=25)


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


def _yaml_only(text: str) -> Locator:
    loc = Locator(text)
    loc._json = None
    return loc


@settings(max_examples=400, deadline=None)
@given(doc=st.dictionaries(KEYS, DOCS, max_size=5) | st.lists(DOCS, max_size=5),
       indent=st.sampled_from([None, 0, 1, 2, "\t"]), ascii_=st.booleans(), compact=st.booleans(),
       crlf=st.booleans(), lead=st.sampled_from(["", "\n", "  \r\n", "\t"]), junk=st.lists(
           st.sampled_from(["nope", 99, -1, 0, 1, "id", "firms"]), max_size=3), data=st.data())
def test_json_positions_are_those_of_the_yaml_nodes(doc, indent, ascii_, compact, crlf, lead, junk, data):
    seps = (",", ":") if compact else None
    text = lead + json.dumps(doc, indent=indent, ensure_ascii=ascii_, separators=seps)
    if crlf:
        text = text.replace("\n", "\r\n")
    fast, slow = json_positions(text), _yaml_only(text)
    assert fast is not None
    if slow.root is None:      # (YAML refuses a character JSON allows: nothing to compare)
        return
    paths = list(_paths(doc))
    for path in paths[:30]:
        where = data.draw(st.integers(0, len(path)))
        probe = path[:where] + tuple(junk) + path[where:]     # missing elements are skipped
        for p in (path, probe):
            assert Locator(text).at(p) == slow.at(p), (text, p)
            assert Locator(text).key_at(p) == slow.key_at(p), (text, p)


def test_not_json_is_composed():
    assert json_positions("a: 1\nb: [1, 2]\n") is None
    assert json_positions('{"a": 1') is None            # malformed: the YAML path reports it
    assert json_positions("") is None
    text = '{\n  "branches": [\n    {"id": "B1", "firms": ["F1", "F2"]}\n  ]\n}\n'
    assert Locator(text).at(("branches", 0, "firms", 1)) == (3, 34) == _yaml_only(text).at(("branches", 0, "firms", 1))
    assert Locator(text).key_at(("branches", 0, "firms")) == (3, 18) == _yaml_only(text).key_at(("branches", 0, "firms"))
    assert Locator(text).field_at(2, 4) == "branches[0]"     # (the nodes, composed when asked)


def test_a_line_separator_counts_as_a_line_break_as_in_yaml():
    """In a string value YAML counts it as a line break, and so do the JSON positions; in a
    key YAML refuses the document (a key of two lines: no position at all), JSON allows it."""
    text = '{"a": "x\u2028y", "b": [1, 2]}'
    assert Locator(text).at(("b", 1)) == _yaml_only(text).at(("b", 1)) == (2, 14)
    text = '{"x\u2028y": 0, "b": [1, 2]}'
    assert _yaml_only(text).at(("b", 1)) == (None, None)
    assert Locator(text).at(("b", 1)) == (2, 17)
