"""Run one peer on one roster and print its outcome as one JSON line (used by suite.py).

    python benchmarks/peer.py greedy|highs|cpsat-naive|branchplan ROSTER [--rules R]
                              [--time-limit S] [--workers N] [-o PLAN.json]

``branchplan`` runs the same steps as ``branchplan solve`` (load, solve, verify, write)
and reports the seconds of each; the other peers report their objective as branchplan's
evaluators charge it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

PEERS = ("greedy", "highs", "cpsat-naive", "branchplan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("peer", choices=PEERS)
    ap.add_argument("roster")
    ap.add_argument("--rules")
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("-o", "--output")
    args = ap.parse_args(argv)
    if args.peer == "branchplan":
        out = _branchplan(args)
    else:
        from branchplan.charter import load_charter
        from branchplan.roster import load_roster

        t0 = time.monotonic()
        roster = load_roster(args.roster)
        charter = load_charter(args.rules)
        load_s = time.monotonic() - t0
        if args.peer == "greedy":
            from benchmarks.peers import greedy as mod
        elif args.peer == "highs":
            from benchmarks.peers import highs as mod
        else:
            from benchmarks.peers import naive as mod
        as_of = roster.as_of
        res = mod.run(roster, charter, as_of, args.time_limit)
        out = res.to_dict()
        out["load_seconds"] = load_s
    print(json.dumps(out, ensure_ascii=False))
    return 0


def _branchplan(args) -> dict:
    from branchplan.api import solve
    from branchplan.charter import load_charter
    from branchplan.cli.app import write_output
    from branchplan.roster import load_roster
    from branchplan.solver.solve import SolveOptions

    phases = {}
    t = time.monotonic()
    roster = load_roster(args.roster)
    charter = load_charter(args.rules)
    phases["load"] = time.monotonic() - t
    t = time.monotonic()
    result = solve(roster, charter, SolveOptions(time_limit=args.time_limit, workers=args.workers))
    phases["solve+verify"] = time.monotonic() - t
    t = time.monotonic()
    if args.output and result.ok:
        write_output(Path(args.output), result.plan.to_dict(), [Path(args.roster)])
    phases["write"] = time.monotonic() - t
    plan = result.plan
    objective: dict[str, float] = {}
    if plan.objective:
        for rc in plan.objective.rules.values():
            objective[str(rc.priority)] = objective.get(str(rc.priority), 0.0) + rc.cost
    inner: dict[str, float] = {}
    for r in result.parts:
        for k, v in r.phases.items():
            inner[k] = inner.get(k, 0.0) + v
    proofs: dict[str, int] = {}
    for r in result.parts:
        proofs[r.proof] = proofs.get(r.proof, 0) + 1
    return {"peer": "branchplan", "status": plan.status, "objective": objective,
            "bound_total": plan.bound, "gap": plan.gap, "seconds": sum(phases.values()),
            "phases": phases, "part_phases": inner, "proofs": proofs,
            "parts": len(result.parts),
            "unproven": [{"jurisdiction": r.jurisdiction, "note": r.note} for r in result.parts if r.note]}


if __name__ == "__main__":
    sys.exit(main())
