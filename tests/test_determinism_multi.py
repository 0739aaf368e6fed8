"""One question, one answer, on rosters of several cities: the same roster and options give
the same plan, byte for byte, run after run, whatever the order of firms, members, hosts and
keys in the file, and whether jurisdictions are solved one at a time or in parallel processes
(tests/test_determinism.py does the same for the bundled example)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from branchplan import api, load_charter
from branchplan.cli import app
from branchplan.model import Roster
from rosters import rosters

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()
CHARTER = load_charter()


def multi_city() -> dict:
    """60 firms in 3 cities, with a host in one of them (members as lists, with dates)."""
    doc = synth.generate(n_firms=60, n_cities=3, seed=2)
    first = doc["firms"][0]
    doc["hosts"] = [{"id": "H1", "name": "律师协会党支部", "jurisdiction": first["jurisdiction"],
                     "location": first["location"]}]
    return doc


def shuffled(doc: dict, seed: int) -> dict:
    """The same roster written differently: firms, members, hosts and mapping keys reordered."""
    rng = random.Random(seed)

    def keys(d: dict) -> dict:
        items = list(d.items())
        rng.shuffle(items)
        return {k: keys(v) if isinstance(v, dict) else v for k, v in items}

    out = keys(doc)
    firms = []
    for f in doc["firms"]:
        f = keys(f)
        if isinstance(f["members"], list):
            f["members"] = [keys(m) for m in rng.sample(f["members"], len(f["members"]))]
        firms.append(f)
    rng.shuffle(firms)
    out["firms"] = firms
    if "hosts" in doc:
        out["hosts"] = rng.sample(doc["hosts"], len(doc["hosts"]))
    return out


def write(doc: dict, path: Path) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def solve_to_bytes(firms: Path, out: Path, *options: str) -> bytes:
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out), *options])
    assert res.exit_code == 0, res.output
    return out.read_bytes()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_same_input_same_bytes(tmp_path, suffix):
    firms = write(multi_city(), tmp_path / f"firms{suffix}")
    first = solve_to_bytes(firms, tmp_path / f"a{suffix}")
    assert solve_to_bytes(firms, tmp_path / f"b{suffix}") == first
    assert yaml.safe_load(first)["status"] == "optimal"


def test_shuffled_roster_same_bytes(tmp_path):
    doc = multi_city()
    reference = solve_to_bytes(write(doc, tmp_path / "firms.yaml"), tmp_path / "plan.yaml")
    for seed in range(3):
        again = write(shuffled(doc, seed), tmp_path / f"shuffled{seed}.yaml")
        assert again.read_bytes() != (tmp_path / "firms.yaml").read_bytes()
        assert solve_to_bytes(again, tmp_path / f"plan{seed}.yaml") == reference


def test_yaml_and_json_of_one_roster_give_one_plan(tmp_path):
    doc = multi_city()
    from_yaml = solve_to_bytes(write(doc, tmp_path / "firms.yaml"), tmp_path / "a.json")
    assert solve_to_bytes(write(doc, tmp_path / "firms.json"), tmp_path / "b.json") == from_yaml


def test_one_worker_or_two_same_bytes(tmp_path):
    doc = multi_city()
    firms = write(doc, tmp_path / "firms.yaml")
    one = solve_to_bytes(firms, tmp_path / "one.yaml", "--workers", "1")
    two = solve_to_bytes(firms, tmp_path / "two.yaml", "--workers", "2")
    assert one == two
    assert len(yaml.safe_load(one)["jurisdictions"]) == 3
    shuffled_two = solve_to_bytes(write(shuffled(doc, 7), tmp_path / "s.yaml"), tmp_path / "s2.yaml", "--workers", "2")
    assert shuffled_two == one


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=rosters(max_firms=7, max_cities=3), seed=st.integers(0, 2**16))
def test_random_rosters_in_any_order_give_one_plan(doc, seed):
    plan = api.solve(Roster.model_validate(doc), CHARTER).plan.to_dict()
    again = api.solve(Roster.model_validate(shuffled(doc, seed)), CHARTER).plan.to_dict()
    assert again == plan
