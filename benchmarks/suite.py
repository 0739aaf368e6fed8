"""The benchmark suite: branchplan and its peers side by side on the same rosters and charter.

    python benchmarks/suite.py                       # every size, JSON and YAML, every peer
    python benchmarks/suite.py --sizes city-300,city-3000 --peers branchplan,highs --reps 5

For every size the seeded roster is generated once (benchmarks/out/rosters/). Then:

- ``branchplan``: the command ``branchplan solve ROSTER -o PLAN.json --workers W``, timed
  from outside (start-up, load, solve, verify, write), on the JSON and the YAML roster;
  plus one run of benchmarks/peer.py for the seconds of each phase;
- ``greedy``, ``highs``, ``cpsat-naive`` (benchmarks/peers/): on the JSON roster.

Every run is its own process: wall time, CPU time and peak memory (largest process and
whole process tree) are measured from outside. Repetitions give medians. Output: a table
on the terminal, and ``suite-<time>.json`` / ``.csv`` (and ``latest.*``) in --out.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import measure  # noqa: E402

SIZES = ["city-40", "city-300", "city-3000", "province", "nation"]
PEERS = ["branchplan", "greedy", "highs", "cpsat-naive"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(SIZES))
    ap.add_argument("--formats", default="json,yaml")
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--reps", type=int, default=3, help="repetitions of branchplan and greedy (medians)")
    ap.add_argument("--peer-reps", type=int, default=1, help="repetitions of highs and cpsat-naive")
    ap.add_argument("--peer-time-limit", type=float, default=120.0,
                    help="seconds per run of highs / cpsat-naive (whole roster)")
    ap.add_argument("--workers", type=int, default=2, help="branchplan --workers")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rules", help="rules file (default: the shipped charter)")
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    (out / "rosters").mkdir(parents=True, exist_ok=True)
    (out / "plans").mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes.split(","):
        for fmt in args.formats.split(","):
            roster = _roster(out, size, fmt, args.seed)
            for peer in args.peers.split(","):
                if peer != "branchplan" and fmt != "json":
                    continue   # loading is not what peers are compared on
                reps = args.reps if peer in ("branchplan", "greedy") else args.peer_reps
                row = _bench(peer, size, fmt, roster, reps, args, out)
                rows.append(row)
                print(_line(row), flush=True)
    _ratios(rows)
    _write(rows, out, args)
    print()
    print(table(rows))
    return 0


def _roster(out: Path, size: str, fmt: str, seed: int) -> Path:
    path = out / "rosters" / f"{size}-s{seed}.{fmt}"
    if not path.exists():
        r = measure.run([sys.executable, str(HERE / "generate.py"), "--scale", size, "--seed", str(seed),
                         "-o", str(path)])
        if r.returncode:
            raise SystemExit(f"generate.py failed: {r.stderr}")
    return path


def _bench(peer: str, size: str, fmt: str, roster: Path, reps: int, args, out: Path) -> dict:
    runs, results = [], []
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + str(ROOT))
    for _ in range(max(1, reps)):
        if peer == "branchplan":
            plan = out / "plans" / f"{size}-{fmt}.json"
            cmd = [sys.executable, "-m", "branchplan", "solve", str(roster), "-o", str(plan),
                   "--workers", str(args.workers)] + (["--rules", args.rules] if args.rules else [])
            r = measure.run(cmd, cwd=str(ROOT), env=env)
            res = _from_plan(plan) if r.returncode == 0 else {"status": f"exit {r.returncode}"}
        else:
            cmd = [sys.executable, str(HERE / "peer.py"), peer, str(roster),
                   "--time-limit", str(args.peer_time_limit)] + (["--rules", args.rules] if args.rules else [])
            r = measure.run(cmd, cwd=str(ROOT), env=env, timeout=args.peer_time_limit * 3 + 60)
            res = _last_json(r.stdout) or {"status": f"exit {r.returncode}"}
        runs.append(r)
        results.append(res)
    res = results[-1]
    row = {
        "size": size, "format": fmt, "peer": peer, "reps": len(runs),
        "status": res.get("status"),
        "objective_0": _level(res, "0"), "objective_1": _rest(res.get("objective")),
        "bound_1": _rest(res.get("bound")) if isinstance(res.get("bound"), dict) and res.get("bound") else res.get("bound_1"),
        "gap": res.get("gap"),
        "wall_s": statistics.median(r.wall for r in runs),
        "wall_min_s": min(r.wall for r in runs),
        "cpu_s": statistics.median(r.cpu for r in runs),
        "max_rss_mb": max(r.max_rss_mb for r in runs),
        "tree_rss_mb": max(r.tree_rss_mb for r in runs),
        "detail": {k: v for k, v in res.items() if k in ("proofs", "unproven", "parts", "parts_solved", "detail")},
    }
    if peer == "branchplan" and fmt == "json":
        r = measure.run([sys.executable, str(HERE / "peer.py"), "branchplan", str(roster),
                         "--workers", str(args.workers)] + (["--rules", args.rules] if args.rules else []),
                        cwd=str(ROOT), env=env)
        phases = _last_json(r.stdout) or {}
        row["phases"] = phases.get("phases")
        row["part_phases"] = phases.get("part_phases")
        row["detail"].update({k: phases.get(k) for k in ("proofs", "unproven")})
    if row["objective_1"] is not None and row["bound_1"] is not None and row["gap"] is None:
        row["gap"] = (row["objective_1"] - row["bound_1"]) / row["objective_1"] if row["objective_1"] else 0.0
    return row


def _from_plan(path: Path) -> dict:
    plan = json.loads(path.read_text(encoding="utf-8"))
    objective: dict[str, float] = {}
    for rc in (plan.get("objective") or {}).get("rules", {}).values():
        objective[str(rc["priority"])] = objective.get(str(rc["priority"]), 0.0) + rc["cost"]
    bound0 = objective.get("0", 0.0)
    return {"status": plan["status"], "objective": objective, "gap": plan.get("gap"),
            "bound_1": (plan.get("bound") or 0.0) - bound0 if plan.get("bound") is not None else None,
            }


def _last_json(text: str):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return None
    return None


def _rest(levels: dict | None):
    """The cost above the fallback level: every priority but 0, summed."""
    if not levels:
        return None
    rest = [v for k, v in levels.items() if str(k) != "0"]
    return round(sum(rest), 3) if rest else None


def _level(res: dict, lvl: str):
    obj = res.get("objective") or {}
    v = obj.get(lvl)
    return round(v, 3) if v is not None else None


def _ratios(rows: list[dict]) -> None:
    """Each peer against branchplan on the same size (JSON): time, memory, objective."""
    ref = {r["size"]: r for r in rows if r["peer"] == "branchplan" and r["format"] == "json"}
    for r in rows:
        b = ref.get(r["size"])
        if not b or r is b:
            continue
        r["time_ratio"] = r["wall_s"] / b["wall_s"] if b["wall_s"] else None
        r["mem_ratio"] = r["tree_rss_mb"] / b["tree_rss_mb"] if b["tree_rss_mb"] else None
        if r["objective_1"] is not None and b["objective_1"]:
            r["objective_ratio"] = r["objective_1"] / b["objective_1"]
        if r["objective_0"] is not None and b["objective_0"] is not None:
            r["fallback_diff"] = r["objective_0"] - b["objective_0"]


COLUMNS = [("size", "size"), ("format", "fmt"), ("peer", "peer"), ("status", "status"),
           ("objective_0", "fallback"), ("objective_1", "points"), ("bound_1", "bound"), ("gap", "gap"),
           ("wall_s", "wall s"), ("cpu_s", "cpu s"), ("tree_rss_mb", "MB"), ("time_ratio", "x time"),
           ("objective_ratio", "x points"), ("mem_ratio", "x MB")]


def _fmt(key: str, v) -> str:
    if v is None:
        return "-"
    if key == "gap":
        return f"{100 * v:.2f}%"
    if isinstance(v, float):
        if key.endswith("ratio"):
            return f"{v:.2f}"
        return f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.1f}"
    return str(v)


def table(rows: list[dict]) -> str:
    cells = [[h for _, h in COLUMNS]] + [[_fmt(k, r.get(k)) for k, _ in COLUMNS] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells)


def _line(row: dict) -> str:
    return " ".join(f"{h}={_fmt(k, row.get(k))}" for k, h in COLUMNS)


def _write(rows: list[dict], out: Path, args) -> None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    meta = {"command": " ".join([Path(sys.argv[0]).name] + (sys.argv[1:] if len(sys.argv) > 1 else [])),
            "seed": args.seed, "workers": args.workers, "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "time": stamp}
    doc = {"meta": meta, "rows": rows}
    for name in (f"suite-{stamp}", "latest"):
        (out / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
            keys = [k for k, _ in COLUMNS] + ["reps", "wall_min_s", "max_rss_mb", "fallback_diff"]
            w = csv.DictWriter(fh, fieldnames=keys, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow(r)


if __name__ == "__main__":
    sys.exit(main())
