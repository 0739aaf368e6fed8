"""Solve a roster in-process, jurisdiction by jurisdiction, and say where the time went.

    python benchmarks/phases.py ROSTER [--reps 3] [--prove] [--rules FILE] [--top 5] [--only NAME,...]

Loading is not timed: each repetition times ``solve_parts`` (one worker), then prints the
total, the median over repetitions, and for the slowest jurisdictions their status, cost,
bound, proof and seconds per phase (relaxation, bound, cp-sat, prune, pool). To compare two
versions, run the same command in two checkouts (``PYTHONPATH=OTHER/src python
benchmarks/phases.py ...``), alternating, on the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    from branchplan.api import resolve_as_of
    from branchplan.charter import load_charter
    from branchplan.roster import load_roster
    from branchplan.solver.solve import SolveOptions, make_parts, solve_parts

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roster", type=Path)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--prove", action="store_true")
    ap.add_argument("--rules", type=Path)
    ap.add_argument("--top", type=int, default=5, help="slowest jurisdictions shown")
    ap.add_argument("--only", metavar="NAME,...", help="solve only these jurisdictions (comma-separated)")
    args = ap.parse_args(argv)
    roster = load_roster(args.roster)
    charter = load_charter(args.rules).active(False)
    opts = SolveOptions(prove=args.prove)
    day = resolve_as_of(roster, None)
    times = []
    for rep in range(args.reps):
        parts = make_parts(roster, charter, opts)
        if args.only:
            names = set(args.only.split(","))
            parts = [p for p in parts if p.jurisdiction in names]
            if missing := names - {p.jurisdiction for p in parts}:
                ap.error(f"no jurisdiction {', '.join(sorted(missing))} in {args.roster}")
        start = time.monotonic()
        results = solve_parts(parts, charter, day, opts)
        times.append(time.monotonic() - start)
        cost = sum(sum(r.values.values()) for r in results) / 1000
        proven = sum(1 for r in results if r.status == "optimal")
        phases: Counter = Counter()
        for r in results:
            phases.update(r.phases)
        print(f"rep {rep + 1}: {times[-1]:.2f} s, cost {cost:.3f}, {proven} of {len(results)} proven optimal; "
              + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()), flush=True)
    for r in sorted(results, key=lambda r: -r.seconds)[:args.top]:
        value = {k: v / 1000 for k, v in r.values.items() if v}
        bound = {k: v / 1000 for k, v in r.bounds.items() if v}
        print(f"  {r.jurisdiction}: {r.seconds:.2f} s {r.status} ({r.proof}) cost {value} bound {bound} "
              + ", ".join(f"{k} {v:.2f}" for k, v in r.phases.items()))
    print(f"median {statistics.median(times):.2f} s over {len(times)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
