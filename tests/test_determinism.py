"""Same input, same options: the same plan, byte for byte, whatever the input order."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


def _solve(path: Path, out: Path, *extra: str) -> bytes:
    res = runner.invoke(app, ["solve", str(path), "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    return out.read_bytes()


def test_repeated_runs_are_identical(tmp_path):
    a = _solve(GUIGANG, tmp_path / "a.yaml")
    b = _solve(GUIGANG, tmp_path / "b.yaml")
    assert a == b
    j1 = _solve(GUIGANG, tmp_path / "a.json")
    j2 = _solve(GUIGANG, tmp_path / "b.json")
    assert j1 == j2 and j1.startswith(b"{")


def test_shuffled_firms_and_members_give_the_same_plan(tmp_path):
    doc = yaml.safe_load(GUIGANG.read_text(encoding="utf-8"))
    reference = _solve(GUIGANG, tmp_path / "ref.yaml")
    for seed in range(3):
        rng = random.Random(seed)
        shuffled = dict(doc)
        shuffled["firms"] = [dict(f) for f in doc["firms"]]
        rng.shuffle(shuffled["firms"])
        for f in shuffled["firms"]:
            if isinstance(f.get("members"), list):
                f["members"] = list(f["members"])
                rng.shuffle(f["members"])
        src = tmp_path / f"shuffled{seed}.yaml"
        src.write_text(yaml.safe_dump(shuffled, allow_unicode=True), encoding="utf-8")
        assert _solve(src, tmp_path / f"out{seed}.yaml") == reference


def test_json_input_gives_the_same_plan_as_yaml(tmp_path):
    import json

    doc = yaml.safe_load(GUIGANG.read_text(encoding="utf-8"))
    src = tmp_path / "firms.json"
    src.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    assert _solve(src, tmp_path / "j.yaml") == _solve(GUIGANG, tmp_path / "y.yaml")
