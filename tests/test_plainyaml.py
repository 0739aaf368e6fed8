"""The one-pass builder of plain YAML documents gives exactly PyYAML's data, and leaves
every document it cannot vouch for (aliases, merge keys, tags, duplicates, depth) to the
general path."""

from __future__ import annotations

import pytest

from branchplan.errors import InputError
from branchplan.parsing import MAX_DEPTH, MAX_NODES, StrictLoader, parse_text
from branchplan.plainyaml import NotPlain, build


def _fast(text: str, max_nodes: int = MAX_NODES):
    loader = StrictLoader(text)
    try:
        return build(loader, MAX_DEPTH, max_nodes)
    finally:
        loader.dispose()


def _both(text: str):
    try:
        fast = _fast(text)
    except NotPlain:
        fast = NotPlain
    loader = StrictLoader(text)
    try:
        general = loader.construct_document(loader.get_single_node())
    finally:
        loader.dispose()
    return fast, general


PLAIN = [
    "a: 1\nb: [1, 2.5, -3, +4, 0, 0o17, .inf]\n",
    "firms:\n- id: F1\n  location: {lat: 26.3687, lon: 115.06748}\n  members: {full: 3, probationary: 0}\n",
    "- {id: M1, status: full, joined: 1982-10-03}\n- {id: M2, status: probationary, joined: 2026-01-02}\n",
    "flags: [true, False, TRUE, ~, null, '', 'yes', \"no\"]\n",
    "a:\nb:\n  c:\n  d:\ne: 2\n",
    "x: '1:30'\ny: '007'\nz: \"quoted: yes\"\nw: 律所C001\n",
    "empty_map: {}\nempty_seq: []\nnested: [[1, [2, [3]]], {k: {k: {}}}]\n",
    "1: one\n2.5: two\nfalse: three\n2026-01-01: four\n",
    "multi: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "when: 2026-11-01 10:00:00\n",
    "just a scalar\n",
    "- !!str 12\n- !!int '7'\n",
    "%YAML 1.1\n---\na: 1\n...\n",
    "a: 2026-02-30\n",  # an impossible date: its text, for validation to report (parsing.BadDate)
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_documents_are_built_in_one_pass_with_pyyaml_values(text):
    fast, general = _both(text)
    assert fast is not NotPlain
    assert fast == general
    assert repr(fast) == repr(general)  # same types too (1 vs 1.0 vs True)


NOT_PLAIN = [
    "a: &x 1\nb: *x\n",                      # scalar alias
    "- &x [1, 2]\n- *x\n",                   # collection alias
    "[&a x, *a]\n",                          # alias right after its anchor
    "{&a k: *a}\n",                          # alias of the key just read
    "base: &b {a: 1}\nmine:\n  <<: *b\n  c: 2\n",   # merge key
    "a: 1\na: 2\n",                          # duplicate key
    "a: !!binary aGk=\n",                    # refused tag
    "a: !custom x\n",                        # unknown tag
    "? [1, 2]\n: complex key\n",             # complex key
    "v: =\n",                                # the 'value' tag
    "a: 1\n---\nb: 2\n",                      # two documents
    "a: [1, 2\n",                             # a syntax error
    "a: &x 1\n",                             # an anchor without alias
    "--- !!map\na: 1\n",                     # an explicit collection tag
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
]


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_other_documents_go_the_general_way(text):
    try:
        fast, general = _both(text)
    except Exception:  # noqa: BLE001 - the general path refuses it: the fast one must have declined
        with pytest.raises(NotPlain):
            _fast(text)
        return
    assert fast is NotPlain
    assert general is not None


@pytest.mark.parametrize("text", ["b: [1, 0x1f]\n", "b: 1_000\n", "x: 1:30\n", "n: 010\n", "f: 1_0.5\n",
                                  "f: 1:30.5\n", "n: 0b11\n"])
def test_integers_in_yaml_11_s_other_forms_are_refused_on_both_paths(text):
    with pytest.raises(NotPlain):
        _fast(text)
    with pytest.raises(InputError, match="is not a plain decimal number: YAML reads it as"):
        parse_text(text, "f.yaml", False)


def test_an_impossible_date_is_kept_as_text_that_knows_why():
    from branchplan.parsing import BadDate

    data = parse_text("a: 2026-02-30\nb: 2026-13-01\n", "f.yaml", False)
    assert data == {"a": "2026-02-30", "b": "2026-13-01"}
    assert isinstance(data["a"], BadDate) and data["a"].reason == "day is out of range for month"
    assert data["b"].reason == "month must be in 1..12"


def test_refusals_keep_their_positions_through_parse_text():
    with pytest.raises(InputError) as exc:
        parse_text("a: 1\nb:\n  c: 2\n  c: 3\n", "f.yaml", False)
    p = exc.value.problems[0]
    assert (p.line, p.column) == (4, 3)
    assert "duplicate key 'c' (first at line 3)" in p.message
    # aliases are fine below the budget: the general path builds the shared lists
    assert parse_text("x: &a [1, 2]\ny: [*a, *a]\n", "f.yaml", False) == {"x": [1, 2], "y": [[1, 2], [1, 2]]}


def test_node_budget_counts_as_before():
    text = "[" + ", ".join(["1"] * 50) + "]\n"
    with pytest.raises(NotPlain):
        _fast(text, 50)  # 51 nodes
    assert _fast(text, 51) == [1] * 50


def _nested(depth: int, leaf: str) -> str:
    """A JSON (and YAML) text whose innermost value ``leaf`` sits at ``depth`` (document: 1)."""
    text = leaf
    for k in range(depth - 1):
        text = f"[{text}]" if k % 2 else f'{{"a": {text}}}'
    return text


@pytest.mark.parametrize("as_json", [True, False])
@pytest.mark.parametrize("leaf", ["1", "[]", "{}", '"s"'])
def test_depth_limit_is_exact_for_json_and_yaml(as_json, leaf):
    assert parse_text(_nested(MAX_DEPTH, leaf), "f", as_json) is not None
    with pytest.raises(InputError, match=f"nested more than {MAX_DEPTH} levels"):
        parse_text(_nested(MAX_DEPTH + 1, leaf), "f", as_json)


@pytest.mark.parametrize("text, said", [
    ("firms:\n  - {id: 0101}\n", "firms[0].id: 0101 is read by YAML as the number 65 (octal), not as text: "
                                 "quote it ('0101') to keep it as written"),
    ("firms:\n  - {location: {lat: 23:06:00}}\n", "write the latitude in decimal degrees (e.g. 23.1)"),
    ("firms:\n  - {location: {lon: 109:30:36}}\n", "write the longitude in decimal degrees (e.g. 109.51)"),
    ("firms:\n  - {members: {full: 010}}\n", "write the number you mean in plain digits (e.g. 10)"),
    ("rules:\n  - {params: {id_len: 1_0}}\n", "write the number you mean in plain digits (e.g. 10)"),
    # a key of no known kind: both ways
    ("phone: 010\n", "write 10 as a plain number, or quote it ('010') to keep it as text"),
])
def test_a_number_form_is_answered_as_its_field_wants(text, said):
    with pytest.raises(InputError) as info:
        parse_text(text, "f.yaml", False)
    assert said in str(info.value)
    if "quote" in said:
        assert "as a plain number" in said or "e.g." not in str(info.value)
    else:
        assert "quote" not in str(info.value)


@pytest.mark.parametrize("text, said", [
    ("firms:\n  - {id: F1, director_is_member: yes}\n",
     "firms[0].director_is_member: yes is YAML 1.1's way of writing true, which other readers (YAML 1.2, an editor "
     "checking the file against the schema) take as text: write true"),
    ("firms:\n  - {id: F1, director_is_member: Off}\n", "Off is YAML 1.1's way of writing false"),
    ("firms:\n  - {id: F1, district: no}\n",
     "firms[0].district: no is read by YAML as the boolean false, not as text: quote it ('no') to keep it as written"),
    ("firms:\n  - {id: F1, members: {full: no}}\n",
     "firms[0].members.full: no is read by YAML as the boolean false, not as a number: write the number you mean"),
    ("firms:\n  - {id: F1, location: {lat: on}}\n", "not as a number: write the number you mean in plain digits"),
])
def test_yaml_11_booleans_are_refused_with_what_to_write(text, said):
    """yes / no / on / off: YAML 1.1 reads them as booleans, YAML 1.2 (the schema's editors) as
    text; a boolean was taken without a word, a district `no` told to quote a number."""
    with pytest.raises(InputError) as info:
        parse_text(text, "f.yaml", False)
    assert said in str(info.value)
    assert parse_text("a: true\nb: False\nc: 'yes'\n", "f.yaml", False) == {"a": True, "b": False, "c": "yes"}


def test_a_yaml_11_boolean_in_a_firms_file_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from branchplan.cli import app

    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: T\nfirms:\n  - id: F1\n    director_is_member: yes\n    members: {full: 3}\n",
                     encoding="utf-8")
    res = CliRunner().invoke(app, ["solve", str(firms), "--lang", "zh"])
    assert res.exit_code == 2
    assert (f"{firms}:4:25: firms[0].director_is_member: yes 是 YAML 1.1 对 true 的写法，其他读取方式（YAML 1.2、"
            "按模式检查文件的编辑器）会当作文本：请写作 true") in res.output
