"""Bad input found by hypothesis: valid firms, rules and plan files, mutated (a key dropped,
a value of the wrong type, an unknown key, random bytes, a truncation), run through the
CLI. Whatever the mutation: exit 0 with a whole plan, 1 with nothing written, or 2 with
``file:line:col`` messages and nothing written; never a traceback, never exit 3."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errors import InputError
from branchplan.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

FIRMS = {
    "jurisdiction": "贵港市",
    "as_of": date(2026, 11, 1),
    "firms": [
        {"id": "F1", "name": "郁江所", "district": "港北区", "location": {"lat": 23.10, "lon": 109.60},
         "director_is_member": True, "lawyers": 12,
         "members": [{"id": "M1", "name": "张三", "status": "full", "joined": date(2010, 7, 1)},
                     {"id": "M2", "status": "full", "joined": date(2015, 3, 1)},
                     {"id": "M3", "status": "full"}, {"id": "M4", "status": "probationary"}]},
        {"id": "F2", "district": "港南区", "location": {"lat": 23.09, "lon": 109.61}, "members": {"full": 2}},
        {"id": "F3", "district": "港南区", "location": {"lat": 23.08, "lon": 109.62},
         "members": {"full": 1, "probationary": 1}},
        {"id": "F4", "jurisdiction": "桂平市", "location": {"lat": 23.39, "lon": 110.08}, "members": {"full": 1}},
        {"id": "F5", "location": {"lat": 23.11, "lon": 109.58}, "members": []},
    ],
    "hosts": [{"id": "H1", "jurisdiction": "桂平市", "name": "桂平市律师协会党支部",
               "location": {"lat": 23.40, "lon": 110.07}}],
}
RULES = {
    "extends": "cpc-branch-2018",
    "rules": [
        {"code": "BP-JOINT-MAX-FIRMS", "params": {"max": 6}},
        {"code": "BP-DISTRICT", "enabled": False},
        {"code": "LOCAL-TWO", "kind": "branch_aggregate", "severity": "soft", "weight": 20,
         "params": {"applies_to": ["joint"], "count": "members", "status": "full", "min_standing_years": 3, "min": 2}},
    ],
}
PLAN = {
    "status": "proposed", "as_of": date(2026, 11, 1),
    "branches": [{"id": "B001", "lead": "F1", "firms": ["F1"], "kind": "standalone", "members": 4},
                 {"id": "B002", "lead": "F2", "firms": ["F2", "F3"]}],
}

ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), st.just(""), st.just("2026-02-30"), st.dates().map(str),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def paths(doc, prefix=()):
    """Every (path to a container, key or index) in a document."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield prefix, k
            yield from paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield prefix, i
            yield from paths(v, prefix + (i,))


def at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


@st.composite
def mutated(draw, base: dict) -> dict:
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        spots = list(paths(doc))
        if not spots:
            break
        where, key = draw(st.sampled_from(spots))
        parent = at(doc, where)
        how = draw(st.sampled_from(["drop", "retype", "unknown", "duplicate"]))
        event(how)
        if how == "drop":
            del parent[key]
        elif how == "retype":
            parent[key] = draw(ODD)
        elif how == "unknown" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["nmae", "member", "id ", "x", "firms", "lon", "extra"]))] = draw(ODD)
        elif how == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return doc


def dump(doc: dict, as_json: bool) -> str:
    if as_json:
        return json.dumps(doc, ensure_ascii=False, default=str, allow_nan=True)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@st.composite
def garbled(draw, text: str) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        event(how)
        pos = draw(st.integers(0, len(data)))
        if how == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=6))
        elif how == "delete":
            del data[pos:pos + draw(st.integers(1, 20))]
        elif how == "replace" and pos < len(data):
            data[pos] = draw(st.integers(0, 255))
        else:
            del data[pos:]
    return bytes(data)


def run_solve(args: list[str], out: Path, path: Path) -> None:
    res = runner.invoke(app, args + ["-o", str(out)])
    assert "Traceback" not in res.output and "internal error" not in res.output, res.output
    assert res.exit_code in (0, 1, 2), (res.exit_code, res.output)
    event(f"exit {res.exit_code}")
    if res.exit_code == 0:
        plan, _ = load_plan(out)
        assert plan.status in ("optimal", "feasible")
        out.unlink()
        return
    assert not out.exists()
    assert res.stdout == ""
    if res.exit_code == 2:  # every message names the file at fault
        lines = res.stderr.splitlines()
        assert lines and all(line.startswith(f"{path}:") for line in lines), res.stderr
        event("positioned" if re.match(rf"{re.escape(str(path))}:\d+", lines[0]) else "file-level")
    else:
        assert res.stderr.endswith("nothing written\n")


@SETTINGS
@given(doc=mutated(FIRMS), as_json=st.booleans())
def test_mutated_firms_files(tmp_path_factory, doc, as_json):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / ("firms.json" if as_json else "firms.yaml")
    path.write_text(dump(doc, as_json), encoding="utf-8")
    run_solve(["solve", str(path)], folder / "plan.yaml", path)


@SETTINGS
@given(data=garbled(dump(FIRMS, False)))
def test_garbled_firms_files(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "firms.yaml"
    path.write_bytes(data)
    run_solve(["solve", str(path)], folder / "plan.yaml", path)


@SETTINGS
@given(doc=mutated(RULES))
def test_mutated_rules_files(tmp_path_factory, doc):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "rules.yaml"
    path.write_text(dump(doc, False), encoding="utf-8")
    run_solve(["solve", str(GUIGANG), "--rules", str(path)], folder / "plan.yaml", path)


@SETTINGS
@given(data=garbled(dump(RULES, False)))
def test_garbled_rules_files(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "rules.yaml"
    path.write_bytes(data)
    run_solve(["solve", str(GUIGANG), "--rules", str(path)], folder / "plan.yaml", path)


@SETTINGS
@given(doc=mutated(PLAN), as_json=st.booleans())
def test_mutated_plan_files(tmp_path_factory, doc, as_json):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / ("plan.json" if as_json else "plan.yaml")
    path.write_text(dump(doc, as_json), encoding="utf-8")
    try:
        load_plan(path)
        event("loaded")
    except InputError as exc:
        assert exc.exit_code == 2
        assert all(str(p).startswith(f"{path}:") for p in exc.problems)
        event("refused")


def test_the_unmutated_documents_are_valid(tmp_path):
    """The fuzzers start from valid files (else every mutation would be refused anyway)."""
    firms, rules, plan = tmp_path / "firms.yaml", tmp_path / "rules.yaml", tmp_path / "plan.yaml"
    firms.write_text(dump(FIRMS, False), encoding="utf-8")
    rules.write_text(dump(RULES, False), encoding="utf-8")
    plan.write_text(dump(PLAN, False), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "-f", "yaml"])
    assert res.exit_code == 0, res.output
    assert yaml.safe_load(res.stdout)["status"] == "optimal"
    assert len(load_plan(plan)[0].branches) == 2
