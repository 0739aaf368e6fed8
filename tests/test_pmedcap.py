"""The capacitated p-median benchmark: the converter and rules/cpmp.yaml, end to end through
the CLI on a tiny instance whose optimum is found here by brute force."""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import pmedcap  # noqa: E402

# prob_no optimum / n p Q / id x y demand  (the optimum line is filled in by the test)
POINTS = [(1, 0, 0, 4), (2, 3, 4, 5), (3, 10, 0, 6), (4, 11, 3, 2), (5, 20, 20, 7), (6, 23, 24, 3), (7, 5, 17, 4)]
P, Q = 3, 12


def brute_force() -> int:
    n = len(POINTS)
    dist = [[math.floor(math.hypot(a[1] - b[1], a[2] - b[2])) for b in POINTS] for a in POINTS]
    best = math.inf
    for medians in itertools.combinations(range(n), P):
        for choice in itertools.product(medians, repeat=n):
            if any(choice[m] != m for m in medians):
                continue
            load = {m: 0 for m in medians}
            for i, m in enumerate(choice):
                load[m] += POINTS[i][3]
            if all(v <= Q for v in load.values()):
                best = min(best, sum(dist[i][m] for i, m in enumerate(choice)))
    return best


def write_instance(tmp_path: Path, optimum: int) -> Path:
    folder = tmp_path / "bench" / "pmedcap1"
    folder.mkdir(parents=True)
    lines = [f" 1 {optimum}", f" {len(POINTS)} {P} {Q}"] + [" " + " ".join(map(str, pt)) for pt in POINTS]
    path = folder / "pmedcap1_01.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_read_and_convert(tmp_path):
    inst = pmedcap.read_instance(write_instance(tmp_path, 99))
    assert (inst["optimum"], inst["n"], inst["p"], inst["Q"]) == (99, 7, 3, 12)
    firms, rules = pmedcap.convert(inst, tmp_path, "tiny")
    doc = json.loads(firms.read_text(encoding="utf-8"))
    assert doc["firms"][1] == {"id": "P2", "location": {"x": 3, "y": 4}, "members": {"full": 5}}
    text = rules.read_text()
    assert "extends: cpmp" in text and "{min: 3, max: 3}" in text and "{max: 12}" in text


def test_solve_reproduces_the_optimum(tmp_path):
    optimum = brute_force()
    inst = pmedcap.read_instance(write_instance(tmp_path, optimum))
    firms, rules = pmedcap.convert(inst, tmp_path, "tiny")
    out = tmp_path / "plan.json"
    res = CliRunner().invoke(app, ["solve", str(firms), "--rules", str(rules), "-o", str(out)])
    assert res.exit_code == 0, res.output
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["status"] == "optimal"
    assert plan["objective"]["total"] == optimum
    assert len(plan["branches"]) == P
    assert all(b["members"] <= Q for b in plan["branches"])


def test_bench_dir_option(tmp_path):
    write_instance(tmp_path, brute_force())
    assert pmedcap.main(["--bench-dir", str(tmp_path / "bench"), "--convert-only", "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "pmedcap1_01.json").exists()


def test_orlib_file_as_downloaded(tmp_path):
    """OR-Library's own pmedcap1.txt: the number of problems, then each problem in turn."""
    body = [f" {len(POINTS)} {P} {Q}"] + [" " + " ".join(map(str, pt)) for pt in POINTS]
    whole = tmp_path / "pmedcap1.txt"
    whole.write_text("\n".join([" 2", " 1 99"] + body + [" 2 77"] + body) + "\n")
    got = pmedcap.read_orlib(whole)
    assert [(i["prob"], i["optimum"], i["n"], i["p"], i["Q"]) for i in got] == [(1, 99, 7, 3, 12), (2, 77, 7, 3, 12)]
    assert got[1]["points"] == [list(pt) for pt in POINTS]
    assert pmedcap.main(["--orlib", str(whole), "--only", "2", "--convert-only", "--out", str(tmp_path / "o")]) == 0
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["pmedcap1_02.json", "pmedcap1_02.rules.yaml"]
