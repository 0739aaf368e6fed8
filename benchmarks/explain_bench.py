"""Time the explanation of infeasible rosters: how long, how large the conflicts are.

    python benchmarks/explain_bench.py                    # 50 and 300 firms, all scenarios
    python benchmarks/explain_bench.py --firms 50 300 1000 --out benchmarks/out/explain.json

Rosters are synthetic (synth.py, seed 1, one city), made infeasible in three ways, all
with the fallback rule forbidding placements with standalone firms and hosts:

- count: the small firms' full members become probationary, except one each in two firms
  (2 full members in all, fewer than a branch needs): the counting pre-check finds it
  without any solve;
- unplaceable: joint branches capped at 2 firms, and the first small firm with one full
  member has it as probationary instead: no branch can take that firm;
- pigeonhole: two thirds of the small firms keep only probationary members: each can be
  placed on its own, not all together (the general CP-SAT core and shrinking).

Prints a table; with --out also writes the rows as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
import synth  # noqa: E402

from branchplan.charter import load_charter  # noqa: E402
from branchplan.infeasible import explain_part  # noqa: E402
from branchplan.model import Roster  # noqa: E402
from branchplan.solver.solve import SolveOptions, make_parts, solve_parts  # noqa: E402

NO_FALLBACK = {"allow_standalone": False, "allow_hosts": False}


def charter_for(scenario: str):
    ch = load_charter()
    fb = ch.get("BP-FALLBACK")
    ch = ch.replace_rule(_with(fb, **NO_FALLBACK))
    if scenario == "unplaceable":
        ch = ch.replace_rule(_with(ch.get("BP-JOINT-MAX-FIRMS"), max=2))
    return ch


def _with(rule, **update):
    import dataclasses

    return dataclasses.replace(rule, params=rule.params.model_copy(update=update))


def roster_for(n: int, scenario: str) -> Roster:
    doc = synth.generate(n, 1, 1, members="counts")
    small = [f for f in doc["firms"] if 0 < f["members"]["full"] < 3]
    if scenario == "count":
        for k, f in enumerate(small):
            m = f["members"]
            m["probationary"] += m["full"] - (1 if k < 2 else 0)
            m["full"] = 1 if k < 2 else 0
    elif scenario == "unplaceable":
        m = next(f for f in small if f["members"]["full"] == 1)["members"]
        m["full"], m["probationary"] = 0, m["probationary"] + 1
    elif scenario == "pigeonhole":
        for k, f in enumerate(small):
            if k % 3:
                m = f["members"]
                m["full"], m["probationary"] = 0, m["probationary"] + m["full"]
    return Roster.model_validate(doc)


def run(n: int, scenario: str) -> dict:
    roster, charter = roster_for(n, scenario), charter_for(scenario)
    opts = SolveOptions()
    t = time.monotonic()
    parts = make_parts(roster, charter, opts)
    results = solve_parts(parts, charter, roster.as_of, opts)
    solve_s = time.monotonic() - t
    part, res = parts[0], results[0]
    row = {"firms": n, "scenario": scenario, "small": len(part.small), "status": res.status,
           "solve_s": round(solve_s, 2)}
    if res.status != "infeasible":
        return row
    t = time.monotonic()
    conflict = explain_part(part, charter, roster.as_of, opts)
    total = time.monotonic() - t
    core = conflict.core
    row.update({"method": conflict.method, "explain_s": round(total, 2),
                "core_s": round(core.seconds, 2), "remedies_s": round(total - core.seconds, 2),
                "work": round(core.work, 2), "solves": core.solves,
                "instances": core.assumed, "first_core": core.initial, "minimal_core": len(conflict.instances),
                "proven_minimal": conflict.minimal, "remedies": len(conflict.remedies)})
    return row


COLUMNS = ["firms", "scenario", "small", "status", "solve_s", "method", "explain_s", "core_s",
           "remedies_s", "work", "solves", "instances", "first_core", "minimal_core", "proven_minimal",
           "remedies"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--firms", type=int, nargs="+", default=[50, 300])
    ap.add_argument("--scenarios", nargs="+", default=["count", "unplaceable", "pigeonhole"])
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    rows = []
    print(" | ".join(COLUMNS))
    for n in args.firms:
        for s in args.scenarios:
            row = run(n, s)
            rows.append(row)
            print(" | ".join(str(row.get(c, "")) for c in COLUMNS), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
