"""The capacitated p-median benchmark (OR-Library pmedcap1) through ``branchplan solve``.

    python benchmarks/pmedcap.py [--orlib pmedcap1.txt | --bench-dir DIR] [--only 1,8,20] [--workers 1] [--time-limit S] [--prove]
    python benchmarks/pmedcap.py --convert-only --out DIR

Each instance (``DIR/pmedcap1/pmedcap1_NN.txt``: first line ``prob_no optimum``, then
``n p Q``, then ``id x y demand`` per point) becomes a firms file with one firm per point,
planar ``location: {x, y}`` and ``members: {full: demand}``, and, when p or Q differ from
rules/cpmp.yaml, a small rules file extending it. Then ``branchplan solve FIRMS --rules
RULES -o PLAN.json`` runs in a subprocess and its objective is checked against the
published optimum in the instance's first line. ``--orlib FILE`` reads OR-Library's own
``pmedcap1.txt`` instead (the number of problems, then each problem as above).

The data is third-party and is read where it lies (by default ``../shared/bench`` from the
repository root, or the first ``shared/bench`` found above it); nothing is copied into the
repository. Converted files go to benchmarks/out/pmedcap/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import measure  # noqa: E402

CPMP_P, CPMP_Q = 10, 120   # as in rules/cpmp.yaml


def find_bench_dir() -> Path | None:
    """../shared/bench from the repository root, else the first shared/bench above it."""
    for base in [ROOT.parent] + list(ROOT.parents):
        cand = base / "shared" / "bench"
        if (cand / "pmedcap1").is_dir():
            return cand
    return None


def read_instance(path: Path) -> dict:
    nums = [int(t) for t in path.read_text().split()]
    prob, optimum, n, p, q = nums[:5]
    pts = [nums[5 + 4 * k: 9 + 4 * k] for k in range(n)]
    if len(pts) != n or any(len(pt) != 4 for pt in pts):
        raise ValueError(f"{path}: expected {n} points of 4 numbers")
    return {"prob": prob, "optimum": optimum, "n": n, "p": p, "Q": q, "points": pts}


def read_orlib(path: Path) -> list[dict]:
    """Every instance of OR-Library's own ``pmedcap1.txt`` (the number of problems, then each
    problem as in the split files)."""
    nums = [int(t) for t in path.read_text().split()]
    count, at, out = nums[0], 1, []
    for _ in range(count):
        prob, optimum, n, p, q = nums[at:at + 5]
        pts = [nums[at + 5 + 4 * k: at + 9 + 4 * k] for k in range(n)]
        if any(len(pt) != 4 for pt in pts):
            raise ValueError(f"{path}: problem {prob}: expected {n} points of 4 numbers")
        out.append({"prob": prob, "optimum": optimum, "n": n, "p": p, "Q": q, "points": pts})
        at += 5 + 4 * n
    return out


def convert(inst: dict, out_dir: Path, name: str) -> tuple[Path, Path]:
    """Write the firms file (JSON) and the rules file for one instance."""
    width = len(str(inst["n"]))
    firms = [{"id": f"P{pid:0{width}d}", "location": {"x": x, "y": y}, "members": {"full": dem}}
             for pid, x, y, dem in inst["points"]]
    doc = {"jurisdiction": name, "firms": firms}
    firms_path = out_dir / f"{name}.json"
    firms_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rules_path = out_dir / f"{name}.rules.yaml"
    rules_path.write_text(
        f"# pmedcap1 problem {inst['prob']}: p = {inst['p']}, Q = {inst['Q']}\n"
        "extends: cpmp\n"
        "rules:\n"
        f"  - code: CPMP-MEDIANS\n    params: {{min: {inst['p']}, max: {inst['p']}}}\n"
        f"  - code: CPMP-CAPACITY\n    params: {{max: {inst['Q']}}}\n", encoding="utf-8")
    return firms_path, rules_path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, help="folder holding pmedcap1/ (default: ../shared/bench)")
    ap.add_argument("--orlib", type=Path, metavar="FILE",
                    help="OR-Library's pmedcap1.txt as downloaded (all 20 problems in one file), instead of --bench-dir")
    ap.add_argument("--only", help="problem numbers, e.g. 1,8,20")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "pmedcap",
                    help="folder for the converted firms and rules files and the plans (default: benchmarks/out/pmedcap); "
                         "the run's summary (pmedcap-STAMP.json, pmedcap-latest.json) is written beside it")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--prove", action="store_true", help="solve with --prove (no work limit on the proof)")
    ap.add_argument("--convert-only", action="store_true")
    args = ap.parse_args(argv)
    if args.orlib is not None:
        instances = [(f"pmedcap1_{inst['prob']:02d}", inst) for inst in read_orlib(args.orlib)]
    else:
        bench = args.bench_dir or find_bench_dir()
        if bench is None or not (bench / "pmedcap1").is_dir():
            ap.error("pmedcap1/ not found; pass --bench-dir, or --orlib with OR-Library's pmedcap1.txt")
        instances = [(f.stem, read_instance(f)) for f in sorted((bench / "pmedcap1").glob("pmedcap1_*.txt"))]
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only:
        keep = {int(k) for k in args.only.split(",")}
        instances = [(name, inst) for name, inst in instances if inst["prob"] in keep]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    rows = []
    for stem, inst in instances:
        firms, rules = convert(inst, args.out, stem)
        if args.convert_only:
            print(firms, rules)
            continue
        plan = args.out / f"{stem}.plan.json"
        cmd = [sys.executable, "-m", "branchplan", "solve", str(firms), "--rules", str(rules), "-o", str(plan),
               "--workers", str(args.workers)] + (["--time-limit", str(args.time_limit)] if args.time_limit else []) \
            + (["--prove"] if args.prove else [])
        r = measure.run(cmd, cwd=str(ROOT), env=env)
        row = {"problem": inst["prob"], "n": inst["n"], "p": inst["p"], "Q": inst["Q"], "optimum": inst["optimum"],
               "wall_s": round(r.wall, 3), "cpu_s": round(r.cpu, 3), "max_rss_mb": round(r.max_rss_mb, 1),
               "exit": r.returncode}
        if r.returncode == 0:
            p = json.loads(plan.read_text(encoding="utf-8"))
            row.update(status=p["status"], objective=p["objective"]["total"], bound=p.get("bound"), gap=p.get("gap"))
            row["matches"] = abs(row["objective"] - inst["optimum"]) < 1e-6
        else:
            row.update(status="error", message=r.stderr.strip().splitlines()[-1:] or "")
        rows.append(row)
        print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    if rows:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        total = sum(r["wall_s"] for r in rows)
        summary = {"instances": len(rows), "proven_optimal": sum(1 for r in rows if r.get("status") == "optimal"),
                   "optimum_reproduced": sum(1 for r in rows if r.get("matches")), "total_wall_s": round(total, 2)}
        print(" ".join(f"{k}={v}" for k, v in summary.items()))
        doc = {"summary": summary, "rows": rows, "load_average": os.getloadavg()}
        for name in (f"pmedcap-{stamp}", "pmedcap-latest"):
            (args.out.parent / f"{name}.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
