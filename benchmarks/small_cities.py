"""Small cities under unusual charters: how often a plan is proven, and how long it takes.

Each seed makes one city of 12-24 small firms (0-2 full and 0-2 probationary members
each, some directors Party members), 1-3 standalone firms and 0-2 hosts, on a 20 x 20
grid in two districts, and a charter extending the shipped one with random changes:
a cap on firms per joint branch (2-5), a cap on members (5-12), up to two more caps on
members (all, full, probationary, with standing) or firms (directors members or not),
hard or soft, on joint, standalone or host branches, sometimes with a minimum. Many such
cities need fallback placements or have no plan at all: the cases a clerk's own charter
can produce, and where a solver's packing arguments are weakest.

    python benchmarks/small_cities.py --seeds 40:240 --time-limit 10 --out small.json
    python benchmarks/small_cities.py --seeds 40:240 --time-limit 10 --compare small-before.json

Each city is solved in-process (``branchplan.solve``, one worker) under the time limit; the
table gives each status's count, the total and largest wall time, and the cities over 1, 5
and 12 s. ``--compare`` lists the cities whose status or costs differ from an earlier run's
JSON (run the same command in another checkout for a side-by-side). Seeds make the same
cities and charters on any machine.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from branchplan import load_charter, solve
from branchplan.model import Roster
from branchplan.solver.options import SolveOptions

AS_OF = date(2026, 11, 1)


def _firm(fid, full, prob, xy, district=None, director=None, recent=0):
    members = [{"id": f"M-{fid}-{k}", "status": "full",
                "joined": "2026-03-01" if k < recent else "2010-07-01"} for k in range(full)]
    members += [{"id": f"M-{fid}-p{k}", "status": "probationary", "joined": "2026-05-01"} for k in range(prob)]
    return {"id": fid, "district": district, "location": {"x": float(xy[0]), "y": float(xy[1])},
            "director_is_member": director, "jurisdiction": "J1", "members": members}


def city(seed: int) -> tuple[Roster, str]:
    """The roster and the rules file's text of one seed."""
    rng = random.Random(seed)
    n_small, n_big = rng.randint(12, 24), rng.randint(1, 3)
    n_host = rng.randint(0, 2)
    firms = []
    for k in range(n_small):
        full = rng.randint(0, 2)
        prob = rng.randint(0 if full else 1, 2)
        firms.append(_firm(f"S{k}", full, prob, (rng.randint(0, 20), rng.randint(0, 20)),
                           district=rng.choice(["d1", "d2"]), director=rng.choice([True, False, None]),
                           recent=(rng.choice(["J1"]), rng.randint(0, full))[1]))
    for k in range(n_big):
        full, prob = rng.randint(3, 6), rng.randint(0, 2)
        xy = (rng.randint(0, 20), rng.randint(0, 20))
        director = rng.choice([True, False])
        rng.choice(["J1"])
        firms.append(_firm(f"G{k}", full, prob, xy, director=director))
    hosts = []
    for k in range(n_host):
        xy = (rng.randint(0, 20), rng.randint(0, 20))
        rng.choice(["J1"])
        hosts.append({"id": f"H{k}", "location": {"x": float(xy[0]), "y": float(xy[1])}, "jurisdiction": "J1"})
    roster = Roster.model_validate({"jurisdiction": "Testville", "as_of": AS_OF, "firms": firms, "hosts": hosts})
    return roster, _charter(rng, f"s{seed}")


def _charter(rng: random.Random, tag: str) -> str:
    rules = []
    if rng.random() < 0.8:
        rules.append(f"  - code: BP-JOINT-MAX-FIRMS\n    params: {{max: {rng.randint(2, 5)}}}\n")
    if rng.random() < 0.4:
        rules.append(f"  - code: BP-JOINT-MAX-MEMBERS\n    params: {{max: {rng.randint(5, 12)}}}\n")
    for k in range(rng.randint(0, 2)):
        count = rng.choice(["members", "firms"])
        applies = rng.choice([["joint"], ["standalone", "joint"], ["host"], ["joint", "host"], ["standalone"],
                              ["standalone", "joint", "host"]])
        sev = "hard" if rng.random() < 0.75 else "soft"
        p: dict = {"count": count, "applies_to": applies}
        if count == "members":
            st = rng.choice([None, "full", "probationary"])
            if st:
                p["status"] = st
            if rng.random() < 0.2:
                p["min_standing_years"] = 1
            p["max"] = rng.randint(2, 12) if st != "probationary" else rng.randint(1, 4)
        else:
            if rng.random() < 0.4:
                p["director_is_member"] = rng.choice([True, False])
            p["max"] = rng.randint(2, 5)
        if rng.random() < 0.15:
            p["min"] = rng.randint(0, 2)
        ps = ", ".join(f"{a}: [{', '.join(b)}]" if isinstance(b, list) else f"{a}: {json.dumps(b)}"
                       for a, b in p.items())
        r = f"  - code: LOCAL-CAP-{k}\n    kind: branch_aggregate\n    severity: {sev}\n"
        if sev == "soft":
            r += f"    weight: {rng.choice([1, 50, 1000])}\n"
        rules.append(r + f"    params: {{{ps}}}\n")
    if rng.random() < 0.1:
        rules.append("  - code: BP-STABILITY\n    priority: 2\n    weight: 3\n")
    if not rules:
        rules.append("  - code: BP-DISTRICT\n    weight: 5\n")
    return f"extends: cpc-branch-2018\ncharter: small-city-{tag}\nrules:\n" + "".join(rules)


def run(seeds, time_limit: float) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            roster, text = city(seed)
            path = Path(tmp) / f"rules-{seed}.yaml"
            path.write_text(text, encoding="utf-8")
            charter = load_charter(path)
            t = time.perf_counter()
            res = solve(roster, charter, SolveOptions(workers=1, time_limit=time_limit))
            seconds = time.perf_counter() - t
            costs: dict[str, float] = {}
            for rc in (res.plan.objective.rules.values() if res.plan.objective else ()):
                costs[str(rc.priority)] = round(costs.get(str(rc.priority), 0) + rc.cost, 3)
            rows.append({"seed": seed, "small": sum(1 for f in roster.firms if f.id.startswith("S")),
                         "status": res.plan.status, "seconds": round(seconds, 3), "costs": costs})
            print(f"{seed:5d} {rows[-1]['small']:3d} {res.plan.status:10s} {seconds:7.2f} s  {costs}", flush=True)
    return rows


def summary(rows: list[dict]) -> dict:
    ts = [r["seconds"] for r in rows]
    by: dict[str, int] = {}
    for r in rows:
        by[r["status"]] = by.get(r["status"], 0) + 1
    return {"cities": len(rows), "status": by, "total_s": round(sum(ts), 1), "median_s": round(statistics.median(ts), 3),
            "max_s": max(ts), "over_1s": sum(t > 1 for t in ts), "over_5s": sum(t > 5 for t in ts),
            "over_12s": sum(t > 12 for t in ts)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="40:240", help="A:B (B excluded) or a comma-separated list")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--out", type=Path, help="write the rows and the summary as JSON")
    ap.add_argument("--compare", type=Path, help="an earlier run's JSON: list the cities that differ")
    a = ap.parse_args(argv)
    seeds = (range(*map(int, a.seeds.split(":"))) if ":" in a.seeds else [int(s) for s in a.seeds.split(",")])
    rows = run(seeds, a.time_limit)
    s = summary(rows)
    print(json.dumps(s))
    if a.out:
        a.out.write_text(json.dumps({"time_limit": a.time_limit, "summary": s, "rows": rows}, indent=1), encoding="utf-8")
    if a.compare:
        before = {r["seed"]: r for r in json.loads(a.compare.read_text(encoding="utf-8"))["rows"]}
        print("before:", json.dumps(summary([before[r["seed"]] for r in rows if r["seed"] in before])))
        for r in rows:
            b = before.get(r["seed"])
            if b and (b["status"], b["costs"]) != (r["status"], r["costs"]):
                print(f"  seed {r['seed']}: {b['status']} {b['costs']} ({b['seconds']} s) -> "
                      f"{r['status']} {r['costs']} ({r['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
