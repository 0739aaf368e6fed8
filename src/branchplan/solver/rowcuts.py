"""Subset-row cuts: a stronger bound for the parts the relaxation cannot prove.

The relaxation of :mod:`.bound` reaches the value of the set partitioning LP over all joint
branches (column generation over the same branches converges to it). On the largest cities
that LP is 0.3-0.6% below the optimum, and so many pairs pass the bound's test that the
proof is out of reach. Rank-1 subset-row cuts on triples of small firms (at most one branch
may hold two of any three firms: true of every partition) close about four fifths of that
gap on city-3000 in a few seconds; the bound at their prices then rules out about nine
pairs in ten of those the relaxation keeps (city-3000 seed 2: 69,902 -> 13,944), few enough
for CP-SAT to prove the optimum on the rest.

The LP over the generated branches and the cuts is solved by HiGHS (highspy). New branches
are priced exactly: while there are no cuts by the relaxation's dynamic programme, then by a
depth-first search per lead over its joiners in order of reduced cost, with each cut's
charge (its dual price, paid once two of its firms are in one branch) added as joiners
come in; the charge only grows, so the search may stop wherever the reduced cost without it
cannot get below zero.

The bound returned does not rest on the LP's tolerances: it is the Lagrangian value at the
LP's prices (the firms' prices, the cuts' prices clipped to <= 0, and every lead's least
reduced cost from the exact search), valid for any prices. For a pair (i joins u) the
bound adds what a branch of u holding i must cost beyond that: the penalty-free forced
branch of :func:`.bound.pair_bounds` (the cuts' charges left out, so a lower bound), and at
least u's least reduced cost.

All limits are counts (rounds, cuts, columns), not time: the bound, and so the plan, is the
same from run to run; a deadline or Ctrl-C stops the rounds early with the bound so far.
"""

from __future__ import annotations

import collections
import contextlib
import heapq
import itertools
import os
import sys
from dataclasses import dataclass

import numpy as np

from . import interrupt
from .bound import (Bound, BranchModel, Lagrangian, _base, _choose, _Near, _slots, branches_of, dp_buffer,
                    joint_values, pair_bounds)
from .pool import Column, branch_costs

#: Rounds of cuts (each followed by column generation to convergence) and new cuts per round;
#: a firm is in at most PER_FIRM of a round's cuts (diverse cuts close more of the gap).
#: City-3000 (seeds 2 and 3): 6-7 rounds until no triple is violated, 370-480 cuts.
ROUNDS = 8
PER_ROUND = 300
PER_FIRM = 3
#: Column generation passes per round at most (a safeguard: 10-30 are needed).
PASSES = 200
#: The exact search's leeway on a reduced cost (the LP's own tolerance is 1e-7).
EPS = 1e-6
#: Branches kept per lead from one pricing pass (the most negative).
PER_LEAD = 20
#: Nodes the exact search may visit in one call of :func:`strengthen`, all passes together:
#: past them the rounds stop with the bound so far (a count, not time, so the bound is the
#: same from run to run). City-3000 needs about 10^5; charters without a cap on the firms
#: of a branch can need far more (the search is exponential in the joiners it may add).
NODES = 3_000_000
#: The LP's work in one call of :func:`strengthen`, all passes together, counted as simplex
#: iterations times the LP's nonzeros (each iteration reads about all of them; a count, like
#: NODES): city-3000 takes about 2e8; 300 alike firms at one address with no cap on a
#: branch's firms (branches of dozens of firms, 1-1.8 s per pass) took 74 s of HiGHS in 46
#: passes before this limit.
LP_WORK = 2e9
#: The most branches (and search nodes) :func:`columns_within` lists: city-3000 seed 2 has
#: 61,700 branches within the gap after the cuts (70,000 nodes, 0.3 s), seed 3 about six
#: million (its gap is three times as wide).
COLUMNS = 150_000


class _OutOfNodes(Exception):
    pass


@dataclass
class CutBound:
    """A lower bound on every plan of the part (the relaxation's costs, as :class:`.bound.Bound`)
    with what :func:`pair_bounds_cut` needs."""

    value: float
    lam: np.ndarray
    #: per lead, a lower bound on the reduced cost of its branches, the cuts' charges included
    #: (alone or joint)
    b: np.ndarray
    #: ... of its joint branches only
    joint: np.ndarray
    #: the cuts' part of ``value`` (their prices times their right-hand sides)
    offset: float
    lp: float
    cuts: int
    rounds: int
    #: the cuts' prices (<= 0) and their triples of small firms, as the bound has them
    sig: np.ndarray | None = None
    triples: tuple = ()
    #: the branches the LP's last solution uses (whole or in part): where the LP is tight,
    #: they hold a partition near the optimum (:func:`.exact._from_support`)
    support: tuple = ()


def applies(bm: BranchModel) -> bool:
    """Only where nothing bounds the number of leads (the LP here has no such row)."""
    return bm.leads_lo <= 0 and bm.leads_hi is None


def _quiet_highs():
    """A HiGHS instance that prints nothing. ``highspy.Highs()`` prints HiGHS's banner on
    standard output as it is made (before any option can be set): where highspy has it, the
    plain solver underneath is made instead; else the banner goes to /dev/null."""
    try:
        from highspy._core import _Highs
    except ImportError:     # pragma: no cover - (other highspy versions)
        import highspy

        with _stdout_silenced():
            h = highspy.Highs()
    else:
        h = _Highs()
    h.setOptionValue("output_flag", False)
    return h


def run_highs(h):
    """``h.run()``; where that fails at once, once more on HiGHS's thread pool as it is.
    HiGHS makes its thread pool once per process: made earlier with another thread count (a
    library caller's own HiGHS, or an earlier run here), a run asking for one thread fails
    before it starts; it then runs with ``threads`` 0 (any size), the pool never remade under
    the caller's own HiGHS (the search may then differ from the command line's, the same from
    run to run in that process)."""
    import highspy

    ran = h.run()
    if ran == highspy.HighsStatus.kError and h.getModelStatus() == highspy.HighsModelStatus.kNotset:
        h.setOptionValue("threads", 0)
        ran = h.run()
    return ran


@contextlib.contextmanager
def _stdout_silenced():     # pragma: no cover - (see _quiet_highs)
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _Master:
    """The LP over the generated branches: one row per small firm (= 1), one per cut (<= 1)."""

    def __init__(self, bm: BranchModel) -> None:
        import highspy

        self.hs = highspy
        self.bm = bm
        self.n = bm.n
        h = self.h = _quiet_highs()
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        n = self.n
        empty_i = np.array([], dtype=np.int32)
        h.addRows(n, np.ones(n), np.ones(n), 0, empty_i, empty_i, np.array([]))
        self.cols: list[Column] = []
        self.members: list[tuple[int, ...]] = []
        #: firm -> the columns (indices, ascending) whose members include it
        self.cols_with: dict[int, list[int]] = collections.defaultdict(list)
        self.known: set[Column] = set()
        self.cuts: list[frozenset] = []
        self.cuts_of: dict[int, list[int]] = collections.defaultdict(list)
        #: the dearest branch added so far (the slack columns' price is set from it)
        self.top = 0.0
        self.work = LP_WORK
        self.nonzeros = 0

    def add(self, columns) -> int:
        added = 0
        columns = [col for col in dict.fromkeys(columns) if col not in self.known]
        for col, c in zip(columns, branch_costs(self.bm, columns).tolist()):
            u, js = col
            if not np.isfinite(c):
                continue
            mem = tuple(sorted((u,) + js))
            hit = collections.Counter(k for f in mem for k in self.cuts_of.get(f, ()))
            rows = list(mem) + [self.n + k for k in sorted(k for k, m in hit.items() if m >= 2)]
            self.h.addCol(c, 0.0, self.hs.kHighsInf, len(rows), np.array(rows, dtype=np.int32), np.ones(len(rows)))
            self.nonzeros += len(rows)
            for f in mem:
                self.cols_with[f].append(len(self.members))
            self.cols.append(col)
            self.members.append(mem)
            self.known.add(col)
            self.top = max(self.top, abs(c))
            added += 1
        return added

    def add_slack(self) -> None:
        """A column per firm, so that the LP is feasible from the start (never part of a plan;
        the bound is the Lagrangian value at whatever prices the LP gives, so it holds with
        them). Priced at twice the dearest branch given: dear enough to stay out of the LP's
        plans where the branches cover the firms, and no dearer, since costs far above the
        branches' make HiGHS's warm-started dual simplex fail ("excessive dual values")."""
        cost = 2.0 * max(self.top, 1.0)
        for f in range(self.n):
            self.h.addCol(cost, 0.0, self.hs.kHighsInf, 1, np.array([f], dtype=np.int32), np.ones(1))
            self.cols_with[f].append(len(self.members))
            self.cols.append((-1, (f,)))
            self.members.append((f,))

    def add_cut(self, triple: tuple[int, int, int]) -> None:
        k = len(self.cuts)
        s = frozenset(triple)
        self.cuts.append(s)
        for f in triple:
            self.cuts_of[f].append(k)
        # the columns holding at least two of the cut's firms, in column order
        hit = collections.Counter(c for f in s for c in self.cols_with.get(f, ()))
        idx = sorted(c for c, m in hit.items() if m >= 2)
        self.nonzeros += len(idx)
        self.h.addRow(-self.hs.kHighsInf, 1.0, len(idx), np.array(idx, dtype=np.int32), np.ones(len(idx)))

    def solve(self) -> bool:
        """Solve the LP from the last basis; where that fails, once more from scratch (False:
        no optimum, or the work of LP_WORK is spent)."""
        size = max(1, self.nonzeros + self.n)
        for fresh in (False, True):
            if self.work < size:
                return False
            if fresh:
                self.h.clearSolver()
            self.h.setOptionValue("simplex_iteration_limit", int(self.work // size))
            run_highs(self.h)
            self.work -= size * int(self.h.getInfo().simplex_iteration_count)
            if self.h.getModelStatus() == self.hs.HighsModelStatus.kOptimal:
                return True
        return False

    def objective(self) -> float:
        return float(self.h.getInfo().objective_function_value)

    def duals(self) -> tuple[np.ndarray, np.ndarray]:
        d = np.array(self.h.getSolution().row_dual, dtype=float)
        return d[: self.n], np.minimum(d[self.n:], 0.0)

    def values(self) -> np.ndarray:
        return np.array(self.h.getSolution().col_value, dtype=float)


class _Pricer:
    """Exact pricing of joint branches under the firms' prices and the cuts' charges; the
    dynamic programme's slots, nearest joiners and state tables are the relaxation's own
    (``lag``) where it has them."""

    def __init__(self, bm: BranchModel, lag: Lagrangian | None = None) -> None:
        self.bm = bm
        self.n = bm.n
        self.slots = lag.slots if lag is not None else _slots(bm)
        self.near = lag.near if lag is not None else _Near(bm, self.slots)
        self.buf = lag.buf if lag is not None else dp_buffer(bm, self.slots)
        self.qrows = [tuple(int(d.q[i]) for d in bm.dims) for i in range(bm.n)]
        self.tops = [d.top for d in bm.dims]
        self.sats = [d.saturate for d in bm.dims]
        self.fmin = np.zeros(bm.n)
        for d in bm.dims:
            self.fmin += np.where(np.isfinite(d.final), d.final, np.inf).min(axis=1)
        self.costT = np.ascontiguousarray(bm.cost.T)
        self.kmax = bm.kmax if bm.kmax is not None else bm.n
        self.nodes = NODES

    def free(self, lam: np.ndarray) -> np.ndarray:
        """Each lead's least reduced cost of a joint branch without the cuts' charges (a lower
        bound with them)."""
        joint, _ = joint_values(self.bm, None, self.slots, want_sets=False, near=self.near, lam=lam)
        return joint - lam

    def dp(self, lam: np.ndarray) -> list[Column]:
        """The relaxation's own branches at ``lam`` (exact while there are no cuts)."""
        bm = self.bm
        joint, trace = joint_values(bm, None, self.slots, want_sets=True, near=self.near, lam=lam, buf=self.buf)
        b = np.minimum(bm.alone, joint) - lam
        _, chosen = _choose(bm, b)
        is_joint = np.zeros(self.n, bool)
        is_joint[chosen] = (joint[chosen] < bm.alone[chosen]) & (b[chosen] < -EPS)
        return branches_of(*trace(is_joint))

    def lead(self, u: int, lam: np.ndarray, charge: dict, cap: int | None,
             within: float = -EPS, joiners: np.ndarray | None = None) -> list[tuple[float, tuple[int, ...]]]:
        """The ``cap`` most negative joint branches of u with reduced cost (charges included)
        below ``within``, most negative first (``cap`` None: all of them): a depth-first
        search over the joiners in order of reduced pair cost, cut off where even the most
        negative completion cannot reach below ``within``, or below the cap-th best found so
        far. Exact: the first is u's least. ``joiners``: the firms that may join (all)."""
        bm = self.bm
        r = self.costT[u] - lam
        r[u] = np.inf
        if joiners is not None:
            r[~joiners] = np.inf
        base = bm.joint_pen[u] - lam[u]
        lim = base + self.fmin[u]
        order = np.argsort(r, kind="stable")
        vals = r[order]
        kmax = self.kmax
        negsum = float(np.minimum(vals[: kmax - 1], 0).sum())
        m = int(np.searchsorted(vals, within - lim - negsum, side="left"))
        vals_l = vals[:m].tolist()
        idx_l = order[:m].tolist()
        cum = [0.0]
        for v in vals_l:
            cum.append(cum[-1] + min(v, 0.0))
        finals = [d.final[u] for d in bm.dims]
        nd = len(finals)
        tops, sats, qrows = self.tops, self.sats, self.qrows
        count: collections.Counter = collections.Counter()
        for k, _ in charge.get(u, ()):
            count[k] += 1
        best: list[tuple[float, tuple[int, ...]]] = []     # a heap of (-rc, joiners): the cap best so far
        limit = [within]                                    # below this a branch is among them

        def rec(js: tuple, s: float, pen: float, state: list, start: int) -> None:
            room = kmax - len(js)
            for x in range(start, m):
                s2 = s + vals_l[x]
                if lim + s2 + pen + (cum[min(m, x + room)] - cum[x + 1]) >= limit[0]:
                    break              # sorted: no later joiner does better
                self.nodes -= 1
                if self.nodes < 0:
                    raise _OutOfNodes
                f = idx_l[x]
                q = qrows[f]
                st2 = []
                for d in range(nd):
                    v = state[d] + q[d]
                    if v > tops[d]:
                        if not sats[d]:
                            break
                        v = tops[d]
                    st2.append(v)
                else:
                    add = 0.0
                    mine = charge.get(f, ())
                    for k, p in mine:
                        if count[k] == 1:
                            add += p
                        count[k] += 1
                    pen2 = pen + add
                    js2 = js + (f,)
                    rc = base + s2 + pen2 + sum(finals[d][st2[d]] for d in range(nd))
                    if rc < limit[0]:
                        heapq.heappush(best, (-rc, js2))
                        if cap is not None and len(best) > cap:
                            heapq.heappop(best)
                        if len(best) == cap:
                            limit[0] = min(within, -best[0][0])
                    if room > 1 and lim + s2 + pen2 + (cum[min(m, x + room)] - cum[x + 1]) < limit[0]:
                        rec(js2, s2, pen2, st2, x + 1)
                    for k, _ in mine:
                        count[k] -= 1

        rec((), 0.0, 0.0, [0] * nd, 0)
        return sorted((-v, js) for v, js in best)

    def exact(self, lam: np.ndarray, sig: np.ndarray, cuts: list[frozenset]):
        """(new columns, per lead its least reduced cost of a joint branch with the charges:
        exact where a branch is below -EPS, else a lower bound)."""
        charge = _charges(sig, cuts)
        free = self.free(lam)
        least = np.maximum(free, -EPS)
        cols: list[Column] = []
        for u in np.nonzero(free < -EPS)[0]:
            found = self.lead(int(u), lam, charge, PER_LEAD)
            if found:
                least[u] = found[0][0]
                cols.extend((int(u), tuple(sorted(js))) for _, js in found)
        return cols, least


def _charges(sig: np.ndarray, cuts) -> dict:
    """Per small firm, (cut, charge) of the priced cuts holding it (charge = -price > 0)."""
    charge: dict = collections.defaultdict(list)
    for k, s in enumerate(sig):
        if s < -1e-12:
            for f in cuts[k]:
                charge[f].append((k, -float(s)))
    return charge


def strengthen(bm: BranchModel, columns, rounds: int = ROUNDS, deadline: float | None = None,
               lag: Lagrangian | None = None) -> CutBound | None:
    """The bound of the set partitioning LP with subset-row cuts over ``columns`` (the
    relaxation's branches and the plan's, as (lead, sorted joiners)) and every branch
    priced in; None where it does not apply or the LP fails. ``lag``: the relaxation on
    ``bm``, whose dynamic programme's tables are reused."""
    if not applies(bm) or bm.n < 3:
        return None
    from .exact import _past

    master = _Master(bm)
    pricer = _Pricer(bm, lag)
    master.add(sorted(set(columns)))
    master.add((u, ()) for u in range(bm.n) if np.isfinite(bm.alone[u]))
    master.add_slack()
    done_rounds = 0

    def converge() -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        for _ in range(PASSES):
            if interrupt.requested() or _past(deadline):
                return None
            if not master.solve():
                return None
            lam, sig = master.duals()
            if not master.cuts:
                new = [c for c in pricer.dp(lam) if c not in master.known]
                if new and master.add(new):
                    continue
            try:
                new, least = pricer.exact(lam, sig, master.cuts)
            except _OutOfNodes:
                return None
            if not master.add(new):
                return lam, sig, least
        return None

    got = converge()
    if got is None:
        return None
    best = _value(bm, *got)
    for _ in range(rounds):
        if interrupt.requested() or _past(deadline):
            break
        triples = _separate(master)
        if not triples:
            break
        for t in triples:
            master.add_cut(t)
        again = converge()
        if again is None:
            break
        done_rounds += 1
        got = again
        best = max(best, _value(bm, *got), key=lambda v: v[0])
    value, lam, b, joint, offset, sig = best
    used = master.values().tolist()
    support = tuple(col for col, x in zip(master.cols, used) if x > 1e-6 and col[0] >= 0)    # (no slack)
    return CutBound(value, lam, b, joint, offset, master.objective() + bm.const, len(master.cuts), done_rounds,
                    sig, tuple(master.cuts[:len(sig)]), support)


def columns_within(bm: BranchModel, cut: CutBound, room: np.ndarray, kept: np.ndarray, no_lead: np.ndarray,
                   lag: Lagrangian | None = None, limit: int | None = None) -> dict[Column, float] | None:
    """Every branch that may be in a plan costing at most what the plan in hand costs, by the
    bound at the cuts' prices: led by u (not ``no_lead[u]``), its joiners among those
    ``kept[:, u]`` allows, reduced cost (the cuts' charges included) at most ``room[u]``
    (the gap of u's part, see :func:`.exact.by_component`) plus u's own value where negative
    (a plan holding the branch costs at least the bound plus that difference). The lone
    branches of firms that may stand alone too. None where there are more than ``limit``
    (:data:`COLUMNS`), or the search visits more nodes than that: a count, so the answer is
    the same from run to run. Each branch with its reduced cost (the cuts' charges
    included), in the order found."""
    if cut.sig is None:
        return None
    limit = COLUMNS if limit is None else limit
    pricer = _Pricer(bm, lag)
    pricer.nodes = limit
    charge = _charges(cut.sig, cut.triples)
    tops = listed_within(cut, room)
    out: dict[Column, float] = {}
    for u in range(bm.n):
        if no_lead[u]:
            continue
        top = float(tops[u])
        if bm.alone[u] - cut.lam[u] <= top:
            out[(u, ())] = float(bm.alone[u] - cut.lam[u])
        if cut.joint[u] > top:
            continue
        try:
            found = pricer.lead(u, cut.lam, charge, None, within=top + EPS, joiners=kept[:, u])
        except _OutOfNodes:
            return None
        out.update(((u, tuple(sorted(js))), rc) for rc, js in found)
        if len(out) > limit:
            return None
    return out


def listed_within(cut: CutBound, room: np.ndarray) -> np.ndarray:
    """Per lead, the reduced cost up to which :func:`columns_within` lists its branches: its
    part's gap ``room``, plus its own value where negative, plus half a unit (the costs are
    rounded)."""
    return room + 0.5 + np.minimum(0.0, cut.b)


def _value(bm: BranchModel, lam: np.ndarray, sig: np.ndarray, least: np.ndarray):
    """(bound, lam, b, joint, offset, sig): the Lagrangian value at these prices."""
    alone = bm.alone - lam
    b = np.minimum(alone, least)
    offset = float(sig.sum())
    value = float(lam.sum()) + offset + bm.const + float(np.minimum(0.0, b).sum())
    return value, lam.copy(), b, least.copy(), offset, sig.copy()


def _separate(master: _Master) -> list[tuple[int, int, int]]:
    """Violated triples of the LP solution (two of them in more than one branch, counted with
    the branches' values), the most violated first, at most PER_FIRM per firm."""
    x = master.values()
    frac = [c for c in np.nonzero((x > EPS) & (x < 1 - EPS))[0] if master.cols[c][0] >= 0]
    pair: dict = collections.defaultdict(float)
    three: dict = collections.defaultdict(float)
    near: dict = collections.defaultdict(set)
    for c in frac:
        mem = master.members[c]
        for a, b in itertools.combinations(mem, 2):
            pair[a, b] += x[c]
            near[a].add(b)
            near[b].add(a)
        for t in itertools.combinations(mem, 3):
            three[t] += x[c]
    have = set(master.cuts)
    found: dict = {}
    for i in sorted(near):
        for j, k in itertools.combinations(sorted(near[i]), 2):
            t = tuple(sorted((i, j, k)))
            if t in found:
                continue
            a, b, c = t
            lhs = pair.get((a, b), 0.0) + pair.get((a, c), 0.0) + pair.get((b, c), 0.0) - 2 * three.get(t, 0.0)
            if lhs > 1 + 1e-4:
                found[t] = lhs
    ranked = sorted(((-v, t) for t, v in found.items() if frozenset(t) not in have))
    per: collections.Counter = collections.Counter()
    out = []
    for _, t in ranked:
        if len(out) >= PER_ROUND:
            break
        if any(per[f] >= PER_FIRM for f in t):
            continue
        out.append(t)
        for f in t:
            per[f] += 1
    return out


def pair_bounds_cut(bm: BranchModel, cb: CutBound, pairs_i: np.ndarray, pairs_u: np.ndarray,
                    ub: float) -> np.ndarray:
    """A lower bound on every plan in which i joins u (as :func:`.bound.pair_bounds`), at the
    cuts' prices: the cuts' part of the bound added, and at least u's own least branch."""
    plain = Bound(cb.value - cb.offset, cb.lam, cb.b, 0, 0.0)
    out = pair_bounds(bm, plain, pairs_i, pairs_u, ub - cb.offset) + cb.offset
    lead = _base(bm, cb.b) + cb.lam.sum() + bm.const + cb.offset + cb.joint
    return np.maximum(out, lead[pairs_u])


def lead_bounds_cut(bm: BranchModel, cb: CutBound) -> np.ndarray:
    """A lower bound on every plan in which u leads a branch (alone or joint)."""
    return cb.value - np.minimum(0.0, cb.b) + cb.b
