"""The set-partitioning LP bound of the pmedcap1 problems, and a branch and price over the medians.

    python benchmarks/pmedcap_bound.py [--only 8,20] [--nodes N] [--bench-dir DIR | --orlib FILE]

What limits ``branchplan solve`` on these problems is the strength of the bound, not the
search: this script measures it apart from branchplan. Each problem is read as
``benchmarks/pmedcap.py`` reads it (points with a demand, planar floor-Euclidean distances,
exactly p medians, capacity Q per median, a point's cost its distance to its median).

- The LP: set partitioning over clusters (a median and the points it serves, within Q),
  each point in exactly one cluster, exactly p clusters, solved by column generation with
  HiGHS (highspy) as the master and an exact 0/1 knapsack (dynamic programme over the
  capacity, all medians at once) as the pricing. Its optimum is the bound of the Lagrangian
  relaxation branchplan runs (the same columns, the same prices).
- ``--nodes N``: a branch and price, best first, branching on the median whose cluster
  weight in the LP is nearest to 1/2 (forced open / closed), the LP re-solved with new
  columns at each node, up to N nodes. It proves that no plan costs less than the
  published optimum when its tree is exhausted (the optimum itself comes from ``solve``); a
  node whose medians are whole but whose assignments are not is left open (not branched on
  here), and a plan under the optimum found on the way is reported (``plan_below``).

The table gives per problem the LP bound, its gap to the published optimum, the columns
generated and the time; with ``--nodes``, the nodes used, the bound reached and whether the
tree was exhausted. A JSON copy goes to ``benchmarks/out/pmedcap-bound-latest.json``.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pmedcap  # noqa: E402

EPS = 1e-6


def _highs():
    """A HiGHS instance that prints nothing (highspy prints a banner as it makes one)."""
    try:
        from highspy._core import _Highs
        h = _Highs()
    except ImportError:     # other highspy versions
        import highspy
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # one thread, as branchplan's own HiGHS runs: HiGHS's thread pool is made once per
    # process, and a later instance asking for another count fails to run
    h.setOptionValue("threads", 1)
    return h


class Problem:
    def __init__(self, inst: dict) -> None:
        self.n, self.p, self.Q = inst["n"], inst["p"], inst["Q"]
        xy = np.array([[x, y] for _, x, y, _ in inst["points"]], float)
        self.q = np.array([d for *_, d in inst["points"]], int)
        self.D = np.floor(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)))

    def price(self, pi: np.ndarray, closed: set[int]):
        """Per median j: (c'_j, cluster) where c'_j is the least of cost - prices over its
        clusters (j always in its own), by a 0/1 knapsack on all medians at once."""
        n, Q, q = self.n, self.Q, self.q
        V = pi[None, :] - self.D            # V[j, i]: what point i adds to median j's cluster
        np.fill_diagonal(V, 0.0)
        best = np.zeros((n, Q + 1))
        keep = np.zeros((n, n, Q + 1), bool)
        for i in range(n):
            w = int(q[i])
            pos = V[:, i] > 1e-9
            if w > Q or not pos.any():
                continue
            cand = np.full((n, Q + 1), -1.0)
            cand[:, w:] = best[:, :Q + 1 - w] + V[:, i:i + 1]
            cand[~pos] = -1.0
            take = cand > best + 1e-12
            keep[i] = take
            best = np.where(take, cand, best)
        out = {}
        for j in range(n):
            if j in closed or q[j] > Q:
                continue
            cap = Q - int(q[j])
            c, members = cap, [j]
            for i in range(n - 1, -1, -1):
                if keep[i, j, c]:
                    members.append(i)
                    c -= int(q[i])
            out[j] = (self.D[j, j] - pi[j] - best[j, cap], tuple(sorted(members)))
        return out


class Master:
    """The set-partitioning LP: rows 0..n-1 cover each point once, row n takes exactly p
    clusters, row n+1+j bounds median j's clusters (0..1; 1..1 when forced open, 0..0 closed)."""

    def __init__(self, pb: Problem) -> None:
        self.pb, n = pb, pb.n
        h = self.h = _highs()
        inf = 1e30
        for _ in range(n):
            h.addRow(1.0, 1.0, 0, np.array([], np.int32), np.array([]))
        h.addRow(pb.p, pb.p, 0, np.array([], np.int32), np.array([]))
        for _ in range(n):
            h.addRow(0.0, 1.0, 0, np.array([], np.int32), np.array([]))
        big = float(pb.D.max() * n + 1)
        for i in range(n):                  # artificial columns: any prices start feasible
            h.addCol(big, 0.0, inf, 1, np.array([i], np.int32), np.array([1.0]))
        self.cols: list[tuple[int, tuple[int, ...]]] = []
        self.seen: set[tuple[int, tuple[int, ...]]] = set()
        for j in range(n):                  # each median alone (any p of them are disjoint) ...
            self.add(j, (j,))
        for j in range(n):                  # ... and with its nearest points, within Q
            members, load = [j], int(pb.q[j])
            for i in np.argsort(pb.D[j], kind="stable"):
                if i != j and load + pb.q[i] <= pb.Q:
                    members.append(int(i))
                    load += int(pb.q[i])
            self.add(j, tuple(sorted(members)))

    def add(self, j: int, members: tuple[int, ...]) -> bool:
        if (j, members) in self.seen:
            return False
        self.seen.add((j, members))
        n = self.pb.n
        rows = np.array(list(members) + [n, n + 1 + j], np.int32)
        self.h.addCol(float(self.pb.D[list(members), j].sum()), 0.0, 1e30, len(rows), rows, np.ones(len(rows)))
        self.cols.append((j, members))
        return True

    def integral(self) -> bool:
        """True when the last LP's solution takes every cluster wholly or not at all."""
        return bool(np.all((self.x < EPS) | (self.x > 1 - EPS)))

    def solve(self, opened: frozenset, closed: frozenset, ub: float | None = None):
        """(bound, y) at a node: the LP's value after column generation (or a Lagrangian bound
        of at least ub, which prunes the node early), and each median's cluster weight; y is
        None when the node is pruned or infeasible."""
        pb, h, n = self.pb, self.h, self.pb.n
        for j in range(n):
            h.changeRowBounds(n + 1 + j, 1.0 if j in opened else 0.0, 0.0 if j in closed else 1.0)
        lag = -math.inf
        while True:
            h.run()
            if h.getModelStatus().name != "kOptimal":
                return None, None
            pi = np.array(h.getSolution().row_dual)[:n]
            value = h.getInfo().objective_function_value
            priced = pb.price(pi, closed)
            # the Lagrangian bound at these prices: every point's price, plus the forced
            # medians' least reduced costs and the least of the others, p in all
            red = {j: c for j, (c, _) in priced.items()}
            forced = [red[j] for j in opened if j in red]
            rest = sorted(c for j, c in red.items() if j not in opened)
            if len(forced) + len(rest) < pb.p:
                return None, None
            lag = max(lag, pi.sum() + sum(forced) + sum(rest[:pb.p - len(forced)]))
            if ub is not None and lag > ub - 1 + EPS:
                return lag, None
            sig = np.array(h.getSolution().row_dual)
            added = 0
            for j, (c, members) in sorted(priced.items(), key=lambda kv: kv[1][0]):
                if c - sig[n] - sig[n + 1 + j] < -EPS and added < 30:
                    added += self.add(j, members)
            if not added:
                break
        x = self.x = np.array(h.getSolution().col_value)
        if x[:n].sum() > EPS:               # artificial columns in use: no cover
            return None, None
        y = np.zeros(n)
        for k, (j, _) in enumerate(self.cols):
            y[j] += x[n + k]
        return max(value, lag), y


def run(inst: dict, nodes: int, ub: float | None = None) -> dict:
    pb = Problem(inst)
    master = Master(pb)
    t0 = time.perf_counter()
    lp, y = master.solve(frozenset(), frozenset())
    row = {"problem": inst["prob"], "n": pb.n, "p": pb.p, "Q": pb.Q, "optimum": inst["optimum"],
           "lp_bound": round(lp, 3), "lp_gap_pct": round(100 * (inst["optimum"] - lp) / inst["optimum"], 2) + 0.0,
           "columns": len(master.cols), "lp_s": round(time.perf_counter() - t0, 2)}
    if nodes <= 0:
        return row
    ub = inst["optimum"] if ub is None else ub   # prove that no plan costs less than this
    heap = [(lp, 0, frozenset(), frozenset(), y)]
    count, used, unresolved, better = 0, 0, [], None
    while heap and used < nodes:
        bound, _, opened, closed, y = heapq.heappop(heap)
        if y is None:               # (the root is solved above, and its LP is still the master's)
            bound, y = master.solve(opened, closed, ub)
            used += 1
        if y is None or bound > ub - 1 + EPS:   # (costs are whole numbers: no plan under ub here)
            continue
        frac = [j for j in range(pb.n) if EPS < y[j] < 1 - EPS]
        if not frac:
            if master.integral():   # a plan of the LP's value, under ub
                better = bound if better is None else min(better, bound)
            else:                   # medians fixed, assignments fractional: not branched on here
                unresolved.append(bound)
            continue
        j = max(frac, key=lambda j: (min(y[j], 1 - y[j]), -j))
        for child in ((opened | {j}, closed), (opened, closed | {j})):
            count += 1
            heapq.heappush(heap, (bound, count, *child, None))
    left = [h[0] for h in heap] + unresolved
    row.update(nodes=used, exhausted=not left and better is None, tree_bound=round(min(left, default=ub), 3),
               plan_below=None if better is None else round(better, 3), bp_s=round(time.perf_counter() - t0, 2),
               columns=len(master.cols))
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, help="folder holding pmedcap1/ (default: ../shared/bench)")
    ap.add_argument("--orlib", type=Path, metavar="FILE", help="OR-Library's pmedcap1.txt instead of --bench-dir")
    ap.add_argument("--only", help="problem numbers, e.g. 8,20")
    ap.add_argument("--nodes", type=int, default=0, help="branch and price over the medians, up to N nodes")
    args = ap.parse_args(argv)
    if args.orlib is not None:
        instances = pmedcap.read_orlib(args.orlib)
    else:
        bench = args.bench_dir or pmedcap.find_bench_dir()
        if bench is None or not (bench / "pmedcap1").is_dir():
            ap.error("pmedcap1/ not found; pass --bench-dir, or --orlib with OR-Library's pmedcap1.txt")
        instances = [pmedcap.read_instance(f) for f in sorted((bench / "pmedcap1").glob("pmedcap1_*.txt"))]
    if args.only:
        keep = {int(k) for k in args.only.split(",")}
        instances = [inst for inst in instances if inst["prob"] in keep]
    rows = []
    for inst in instances:
        row = run(inst, args.nodes)
        rows.append(row)
        print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    doc = {"rows": rows, "nodes": args.nodes, "load_average": os.getloadavg()}
    tmp = out / "pmedcap-bound-latest.json.tmp"
    tmp.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, out / "pmedcap-bound-latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
