"""A Lagrangian lower bound on one part, over *all* pairs of small firms, and what it prunes.

Why: CP-SAT is given only a few candidate leads per small firm. This module proves that
the missing pairs cannot improve the plan, so the restricted optimum is the optimum of the
whole problem (or says which pairs must be added).

The relaxation. Drop the rule "every small firm is in exactly one branch" and charge a
price ``lam[i]`` instead. What is left splits by lead: each small firm ``u`` either leads
no branch, stands alone, or leads a joint branch whose joiners are chosen freely (a firm may
join several leads). The cheapest joint branch of ``u`` is a small dynamic programme over
the branch rules (:class:`BranchModel`): states count what the charter counts (full
members up to the minimum, joiners up to the maximum, ...). Then

    L(lam) = sum_i lam[i] + const + sum over chosen leads u of b[u](lam)
    b[u]   = min(cost of u alone, cheapest joint branch of u) - lam[u]

is a lower bound on every plan of the part (for every ``lam``), and a subgradient method
raises it. Rules the model leaves out (soft rules of other levels, constraints it cannot
represent) only make the relaxation weaker, never wrong: it is still a lower bound.

Pruning. For a pair (i joins u) the same relaxation with that pair forced gives a lower
bound ``LB[i, u]`` on every plan using it. If ``LB[i, u] > UB`` (the cost of a plan in
hand) no plan at most as good as UB uses the pair, so it can be left out of the model.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import numpy as np

from . import interrupt

INF = np.inf


@dataclass
class Dim:
    """One counted quantity of a joint branch (a branch_aggregate rule, or the joiner count).

    States 0..top hold the joiners' accumulated quantity ``q``; a saturating dimension
    merges everything above ``top`` into ``top`` (enough to decide a minimum). ``final[u, s]``
    is what lead u pays (or inf: not allowed) when its joiners end in state s.
    """

    q: np.ndarray
    top: int
    saturate: bool
    final: np.ndarray


@dataclass
class BranchModel:
    """Everything the relaxation needs about the small firms of one part at one level.

    ``dims[0]`` counts joiners (q = 1 for every firm) and its ``final[:, 0]`` is inf: a
    joint branch has at least one joiner.
    """

    #: cost[i, u]: lower bound (1/1000 points) on i joining u's branch; inf where not allowed
    cost: np.ndarray
    dims: list[Dim]
    #: most joiners one branch can take (None: no limit)
    kmax: int | None
    #: cost of u leading a joint branch beyond its joiners' pair costs and the dims' finals
    joint_pen: np.ndarray
    #: cost of u standing alone (inf when a hard rule forbids it)
    alone: np.ndarray
    #: cost of what exists anyway (big firms' own branches)
    const: float = 0.0
    #: bounds on the number of small firms leading a branch
    leads_lo: int = 0
    leads_hi: int | None = None
    #: :meth:`finals_all`, once computed (not copied by dataclasses.replace)
    _finals_all: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        return self.cost.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(d.top + 1 for d in self.dims)

    def finals_all(self) -> np.ndarray:
        """(n, states): what each lead pays for ending in each state (:func:`_finals` of every
        lead, states flattened), computed once: the model's arrays are not changed after it
        is built."""
        if self._finals_all is None:
            self._finals_all = _finals(self, np.arange(self.n)).reshape(self.n, -1)
        return self._finals_all


@dataclass
class Bound:
    value: float
    lam: np.ndarray
    b: np.ndarray
    iterations: int
    seconds: float
    history: list[float] = field(default_factory=list)
    #: (leads, joiners) of the relaxation's branches at the best lam
    members: tuple[np.ndarray, np.ndarray] | None = None


# ------------------------------------------------------------------ the joint-branch DP

@dataclass
class _Slots:
    """Joiner slots: for every class of equal quantities, the best few joiners per lead."""

    classes: list[np.ndarray]     # unit indices of each class
    qs: list[tuple[int, ...]]     # quantity vector of each class
    take: list[int]               # slots per class
    #: per class, the state moves of adding one of its joiners (see :func:`_pieces`)
    moves: list[list[tuple[tuple, list[tuple]]]] = field(default_factory=list)


def _slots(bm: BranchModel) -> _Slots:
    n = bm.n
    qmat = np.stack([d.q for d in bm.dims], axis=1) if bm.dims else np.zeros((n, 0), int)
    keys: dict[tuple[int, ...], list[int]] = {}
    for i in range(n):
        keys.setdefault(tuple(int(v) for v in qmat[i]), []).append(i)
    classes, qs, take = [], [], []
    for key in sorted(keys):
        members = np.array(keys[key], dtype=np.int64)
        limit = len(members)
        if bm.kmax is not None:
            limit = min(limit, bm.kmax)
        for d, v in zip(bm.dims, key):
            if v > 0 and not d.saturate:
                limit = min(limit, d.top // v)
        if limit <= 0:
            continue
        classes.append(members)
        qs.append(key)
        take.append(limit)
    return _Slots(classes, qs, take, [_pieces(q, bm.dims) for q in qs])


def _pieces(q: tuple[int, ...], dims: list[Dim]) -> list[tuple[tuple, list[tuple]]]:
    """Where adding one joiner of quantities q takes the states: a list of (dst, srcs), index
    tuples over the state axes (the last axis, the batch, included): the new value at ``dst`` is the
    least old value over ``srcs`` plus the joiner's value. Several sources exist only where a
    saturating dimension tops out. Nothing reaches a state outside every ``dst``."""
    per_axis = []
    for v, d in zip(q, dims):
        t = d.top
        if v == 0:
            per_axis.append([(slice(None), [slice(None)])])
        elif d.saturate:
            opts = [(slice(v, t), [slice(0, t - v)])] if v < t else []
            opts.append((slice(t, t + 1), [slice(k, k + 1) for k in range(max(0, t - v), t + 1)]))
            per_axis.append(opts)
        elif v <= t:
            per_axis.append([(slice(v, t + 1), [slice(0, t + 1 - v)])])
        else:
            return []
    out = []
    for combo in itertools.product(*per_axis):
        dst = tuple(c[0] for c in combo) + (slice(None),)
        srcs = [src + (slice(None),) for src in itertools.product(*(c[1] for c in combo))]
        out.append((dst, srcs))
    return out


def _add(dp: np.ndarray, moves: list[tuple[tuple, list[tuple]]], v: np.ndarray,
         out: np.ndarray | None = None) -> np.ndarray:
    """min(dp, dp with one more joiner of value v[batch]), into ``out`` (a new array when
    None; never dp itself: dp is kept). The batch is dp's last axis (the state axes come
    first, so that every operation runs along the batch, contiguous in memory).

    Only the pieces' targets are touched, and the least source is taken before v is added
    (so the numbers do not depend on how the pieces are ordered)."""
    if out is None:
        new = dp.copy()
    else:
        new = out
        np.copyto(new, dp)
    for dst, srcs in moves:
        cand = dp[srcs[0]]
        if len(srcs) > 1:
            cand = np.minimum(cand, dp[srcs[1]])
            for src in srcs[2:]:
                np.minimum(cand, dp[src], out=cand)
        cand = cand + v
        target = new[dst]
        np.minimum(target, cand, out=target)
    return new


def _finals(bm: BranchModel, leads: np.ndarray) -> np.ndarray:
    """(len(leads), *shape): what each lead pays for ending in each state, with >= 1 joiner."""
    shape = bm.shape
    total = np.zeros((len(leads),) + shape)
    for axis, d in enumerate(bm.dims):
        view = [1] * (len(shape) + 1)
        view[0], view[axis + 1] = len(leads), d.top + 1
        total = total + d.final[leads].reshape(view)
    return total + bm.joint_pen[leads].reshape((-1,) + (1,) * len(shape))


def _top_values(r: np.ndarray, members: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k smallest r[members, u] for every lead u (sorted), and which members they are."""
    sub = r[members]
    k = min(k, len(members))
    if k < len(members):
        part = np.argpartition(sub, k - 1, axis=0)[:k]
    else:
        part = np.broadcast_to(np.arange(len(members))[:, None], sub.shape)
    vals = np.take_along_axis(sub, part, axis=0)
    order = np.argsort(vals, axis=0, kind="stable")
    return np.take_along_axis(vals, order, axis=0), members[np.take_along_axis(part, order, axis=0)]


class _Near:
    """Per class, each lead's NEAR cheapest joiners by pair cost, so that the best few by
    reduced cost (cost - lam) can be found without scanning the whole class. The other
    joiners are checked in blocks, highest price first, and only for the leads whose answer
    they could still change: a joiner outside u's list costs u at least the list's cut
    minus its price."""

    NEAR = 24
    HIGH = 24

    def __init__(self, bm: BranchModel, slots: _Slots) -> None:
        self.lists = []
        for members, k in zip(slots.classes, slots.take):
            sub = bm.cost[members]
            t = min(len(members), max(self.NEAR, 2 * k))
            if t < len(members):
                part = np.argpartition(sub, t, axis=0)
                near = part[:t]
                cut = np.take_along_axis(sub, part[t:t + 1], axis=0)[0]   # (t+1)-th cheapest
                listed = np.zeros(sub.shape, bool)
                np.put_along_axis(listed, near, True, axis=0)
                # the pair costs outside the lists (inf where listed: those are seen already)
                unlisted = np.where(listed, INF, sub)
            else:
                near = np.broadcast_to(np.arange(len(members))[:, None], sub.shape).copy()
                cut = listed = unlisted = None
            self.lists.append((members, sub, near, np.take_along_axis(sub, near, axis=0), cut, listed, unlisted))

    def top(self, c: int, lam: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        members, sub, near, near_cost, cut, listed, unlisted = self.lists[c]
        lam_m = lam[members]
        vals = near_cost - lam_m[near]
        k = min(k, vals.shape[0])
        v, w = _smallest(vals, near, k)
        if cut is not None:
            order = np.argsort(-lam_m, kind="stable")     # highest price first
            # (listed pairs at inf: the unlisted costs minus a finite price are the same)
            masked = unlisted if np.isfinite(lam_m).all() else None
            cols = None if vals.shape[1] else np.arange(0)    # None: every lead (the first block)
            start, size = 0, self.HIGH
            while (cols is None or len(cols)) and start < len(order):
                block = order[start:start + size]
                start += size
                size *= 2
                rest_max = lam_m[order[start]] if start < len(order) else -INF
                if cols is None:
                    hv = (masked[block] if masked is not None else sub[block]) - lam_m[block][:, None]
                    if masked is None:
                        hv[listed[block]] = INF
                    bv, bw = _smallest(np.concatenate([v, hv]),
                                       np.concatenate([w, np.broadcast_to(block[:, None], hv.shape)]), k)
                    v, w = bv, bw
                    cols = np.nonzero(bv.max(axis=0) > cut - rest_max)[0]
                    continue
                if masked is not None:
                    hv = masked[np.ix_(block, cols)] - lam_m[block][:, None]
                else:
                    hv = sub[np.ix_(block, cols)] - lam_m[block][:, None]
                    hv[listed[np.ix_(block, cols)]] = INF
                bv, bw = _smallest(np.concatenate([v[:, cols], hv]),
                                   np.concatenate([w[:, cols], np.broadcast_to(block[:, None], hv.shape)]), k)
                v[:, cols], w[:, cols] = bv, bw
                cols = cols[bv.max(axis=0) > cut[cols] - rest_max]
        order = np.argsort(v, axis=0, kind="stable")
        return np.take_along_axis(v, order, axis=0), members[np.take_along_axis(w, order, axis=0)]


def _smallest(vals: np.ndarray, who: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k smallest of each column of vals (in no order) and the matching entries of who."""
    if k < vals.shape[0]:
        part = np.argpartition(vals, k - 1, axis=0)[:k]
        return np.take_along_axis(vals, part, axis=0), np.take_along_axis(who, part, axis=0)
    return vals.copy(), np.array(who)


def dp_buffer(bm: BranchModel, slots: _Slots) -> np.ndarray:
    """Room for every state table of one :func:`joint_values` pass with ``want_sets``: to be
    reused from pass to pass (fresh tables each pass cost more in page faults than the DP)."""
    return np.empty((sum(slots.take) + 1,) + bm.shape + (bm.n,))


def joint_values(bm: BranchModel, r: np.ndarray, slots: _Slots, want_sets: bool, near: "_Near | None" = None,
                 lam: np.ndarray | None = None, buf: np.ndarray | None = None):
    """Cheapest joint branch of every lead under reduced costs r[i, u] (joiners' part only).

    Returns (values, members); with ``want_sets``, members is a function of a boolean mask
    of leads giving (leads, joiners) of those leads' cheapest branches (walking the DP back
    costs more than the DP itself, so only for the leads that matter); else None.
    ``buf`` (from :func:`dp_buffer`) holds the state tables; members must then be asked
    for before the next pass into the same buffer.
    """
    n = bm.n
    shape = bm.shape
    if buf is None:
        buf = np.empty(((sum(slots.take) + 1) if want_sets else 2,) + shape + (n,))
    step = 0
    dp = buf[0]
    dp.fill(INF)
    dp[(0,) * len(shape)] = 0.0
    history = []
    for c, (members, q, k) in enumerate(zip(slots.classes, slots.qs, slots.take)):
        vals, who = near.top(c, lam, k) if near is not None else _top_values(r, members, k)
        moves = slots.moves[c]
        for rank in range(vals.shape[0]):
            v = vals[rank]
            step += 1
            new = _add(dp, moves, v, out=buf[step if want_sets else step % 2])
            if want_sets:
                history.append((dp, q, v, who[rank]))
            dp = new
    flat = bm.finals_all() + dp.reshape(-1, n).T      # (lead, state)
    best_state = flat.argmin(axis=1)
    values = flat[np.arange(n), best_state]
    if want_sets:
        return values, lambda leads: _backtrack(bm, history, dp, best_state, np.nonzero(leads)[0])
    return values, None


def _backtrack(bm, history, dp_final, best_state, rows: np.ndarray):
    """Joiners of the best branch of each lead in ``rows``, by walking the DP back slot by
    slot: a slot's joiner was taken where the slot changed the value of the lead's state.

    Returns (leads, joiners): parallel arrays, one entry per membership.
    """
    n = bm.n
    shape = bm.shape
    state = np.array(np.unravel_index(best_state[rows], shape)).T.reshape(len(rows), len(shape))
    tops = np.array([d.top for d in bm.dims])
    sat = np.array([d.saturate for d in bm.dims])
    idx = np.ravel_multi_index(state.T, shape)
    here = dp_final.reshape(-1, n)[idx, rows]        # each lead's value after the current slot
    out_u, out_i = [], []
    steps: dict[tuple[int, ...], np.ndarray] = {}   # q -> the state offsets a joiner of q may cause
    for prev, q, v, who in reversed(history):
        fp = prev.reshape(-1, n)                     # (state, lead)
        before = fp[idx, rows]
        took = (np.abs(before - here) > 1e-7 * np.maximum(1.0, np.abs(here))) & np.isfinite(here)
        if not took.any():
            here = before
            continue
        t = np.nonzero(took)[0]
        st = state[t]
        target = here[t] - v[rows[t]]
        qv = np.array(q)
        # a saturated dimension at its top may come from any of top-q..top
        combos = steps.get(q)
        if combos is None:
            ranges = [range(qd + 1) if (sat[d] and qd > 0) else [qd] for d, qd in enumerate(q)]
            combos = steps[q] = np.array(np.meshgrid(*ranges, indexing="ij")).reshape(len(q), -1).T
        # every offset at once (combo, lead, axis); each lead takes the first offset that matches
        pred = st[None, :, :] - combos[:, None, :]
        ok = (pred >= 0).all(axis=2)
        # offsets below q are only possible from a saturated top state
        ok &= ((combos[:, None, :] == qv) | (st == tops)[None, :, :]).all(axis=2)
        safe = np.where(ok[:, :, None], pred, 0)
        flat = np.ravel_multi_index(safe.reshape(-1, len(shape)).T, shape).reshape(ok.shape)
        vals = fp[flat, rows[t][None, :]]
        match = ok & (np.abs(vals - target) <= 1e-7 * np.maximum(1.0, np.abs(target)))
        found = match.any(axis=0)
        first = match.argmax(axis=0)
        state[t[found]] = pred[first[found], np.nonzero(found)[0]]
        moved = t[found]
        idx[moved] = np.ravel_multi_index(state[moved].T, shape)
        before[moved] = fp[idx[moved], rows[moved]]
        here = before
        out_u.append(rows[moved])
        out_i.append(who[rows[moved]])
    if not out_u:
        return np.zeros(0, int), np.zeros(0, int)
    return np.concatenate(out_u), np.concatenate(out_i)


# ------------------------------------------------------------------ choosing leads

def _choose(bm: BranchModel, b: np.ndarray) -> tuple[float, np.ndarray]:
    """Best set of small leads for lead values b under the lead-count bounds."""
    order = np.argsort(b, kind="stable")
    sb = b[order]
    neg = int((sb < 0).sum())
    hi = bm.n if bm.leads_hi is None else min(bm.n, bm.leads_hi)
    t = min(max(neg, bm.leads_lo), hi)
    if bm.leads_lo > hi:
        return INF, order[:0]
    return float(sb[:t].sum()), order[:t]


class Lagrangian:
    """Subgradient ascent on L(lam), resumable: ``run(iters, ub)`` continues where the
    last call stopped (Polyak steps towards ``ub``, halved when the bound stalls)."""

    def __init__(self, bm: BranchModel, lam0: np.ndarray | None = None) -> None:
        self.bm = bm
        self.slots = _slots(bm)
        self.near = _Near(bm, self.slots)
        if lam0 is None:
            finite = bm.cost.min(axis=1)
            lam0 = np.where(np.isfinite(finite), finite, 0.0)
        self.lam = lam0.astype(float).copy()
        self.theta = 1.0
        self.stall = 0
        self.margin = 0.3     # without a plan's cost, aim this far above the best bound
        self.best = Bound(-INF, self.lam.copy(), np.zeros(bm.n), 0, 0.0)
        self.buf = dp_buffer(bm, self.slots)
        #: when a set: every joint branch the relaxation chooses, as (lead, sorted joiners)
        #: (columns for :mod:`.pool`)
        self.pool: set[tuple[int, tuple[int, ...]]] | None = None

    def run(self, iters: int, ub: float | None = None, target_gap: float = 1.0,
            deadline: float | None = None, at_least: int = 0) -> Bound:
        """``ub``: the cost of a known plan; None: aim ``margin`` above the best bound so far
        (the margin shrinks whenever the bound stalls). ``deadline``: stop there (a
        ``time.monotonic()`` value), but not before ``at_least`` steps. A stop request
        (Ctrl-C) ends the run at once."""
        start = time.monotonic()
        bm, best, n = self.bm, self.best, self.bm.n
        for step in range(iters):
            if deadline is not None and step >= at_least and time.monotonic() >= deadline:
                break
            if interrupt.requested():       # Ctrl-C: the caller stops with what it has
                break
            lam = self.lam
            joint, trace = joint_values(bm, None, self.slots, want_sets=True, near=self.near, lam=lam,
                                        buf=self.buf)
            b = np.minimum(bm.alone, joint) - lam
            sel_value, chosen = _choose(bm, b)
            value = float(lam.sum() + bm.const + sel_value)
            best.history.append(value)
            best.iterations += 1
            is_joint = np.zeros(n, bool)
            is_joint[chosen] = joint[chosen] < bm.alone[chosen]
            sets = trace(is_joint)          # the chosen joint branches' members
            if self.pool is not None:
                self.pool.update(branches_of(*sets))
            if value > best.value + 1e-9:
                best.value, best.lam, best.b = value, lam.copy(), b.copy()
                best.members = sets
                self.stall = 0
            else:
                self.stall += 1
                if self.stall >= 8:
                    if ub is None and self.margin > 0.005:
                        self.margin, self.stall = self.margin / 2, 0
                    else:
                        self.theta, self.stall = self.theta / 2, 0
            target = ub if ub is not None else best.value + max(1000.0, self.margin * abs(best.value))
            if (ub is not None and ub - best.value < target_gap) or self.theta < 1e-4 or not np.isfinite(value):
                break
            count = np.zeros(n)
            count[chosen] += 1
            np.add.at(count, sets[1], 1)
            grad = 1.0 - count
            norm = float((grad ** 2).sum())
            if norm == 0:
                break
            self.lam = lam + self.theta * max(target - value, 1.0) / norm * grad
        best.seconds += time.monotonic() - start
        return best

    @property
    def converged(self) -> bool:
        return self.theta < 1e-4


def branches_of(leads: np.ndarray, joiners: np.ndarray) -> list[tuple[int, tuple[int, ...]]]:
    """(lead, sorted joiners) of each branch in parallel arrays of memberships."""
    if not len(leads):
        return []
    order = np.lexsort((joiners, leads))
    u, j = leads[order].tolist(), joiners[order].tolist()
    cuts = [0] + (np.nonzero(np.diff(leads[order]))[0] + 1).tolist() + [len(u)]
    return [(u[a], tuple(j[a:b])) for a, b in zip(cuts, cuts[1:])]


@dataclass
class LeadRows:
    """Valid inequalities from the relaxation, one per lead u (small-firm positions):

        sum over i != u of coef[i, u] * x[i, u]  >=  rhs[u] * x[u, u]

    with coef[i, u] = cost[i, u] - lam[i] and rhs[u] the least value of that sum over every
    branch u may lead (its joiners' reduced pair costs only; every other cost of the branch
    left out, the branch rules kept). A branch of u that satisfies the rules cannot cost less,
    so every plan satisfies the rows; CP-SAT's linear relaxation gains the relaxation's
    per-lead knowledge (on capacity-tight p-median instances it closes much of the gap
    between the compact model's LP and the Lagrangian bound). Integers: lam is rounded down
    first, and rows are made only when the pair costs are integers (then exact)."""

    coef: np.ndarray      # (n, n) int64; meaningful where finite
    finite: np.ndarray    # (n, n) bool: the pair cost is finite
    rhs: np.ndarray       # (n,) int64
    ok: np.ndarray        # (n,) bool: the row of u is finite


def lead_rows(lag: Lagrangian, lam: np.ndarray) -> LeadRows | None:
    """The rows of :class:`LeadRows` at multipliers ``lam`` (None when the pair costs are not
    integers or too large for exact arithmetic)."""
    bm = lag.bm
    finite = np.isfinite(bm.cost)
    vals = bm.cost[finite]
    if vals.size and (np.any(vals != np.floor(vals)) or np.abs(vals).max() > 2 ** 40):
        return None
    lam_i = np.floor(lam)
    if np.abs(lam_i).max(initial=0.0) > 2 ** 40:
        return None
    pairs_only = BranchModel(
        cost=bm.cost, kmax=bm.kmax,
        dims=[Dim(d.q, d.top, d.saturate, np.where(np.isfinite(d.final), 0.0, INF)) for d in bm.dims],
        joint_pen=np.zeros(bm.n), alone=np.where(np.isfinite(bm.alone), 0.0, INF))
    joint, _ = joint_values(pairs_only, None, lag.slots, False, near=lag.near, lam=lam_i)
    least = np.minimum(pairs_only.alone, joint)
    ok = np.isfinite(least)
    rhs = np.where(ok, least, 0.0)
    coef = np.where(finite, bm.cost - lam_i[:, None], 0.0)
    return LeadRows(coef.astype(np.int64), finite, np.rint(rhs).astype(np.int64), ok)


def lagrangian(bm: BranchModel, ub: float | None, lam0: np.ndarray | None = None, iters: int = 300) -> Bound:
    """The best bound found in ``iters`` subgradient steps (see :class:`Lagrangian`)."""
    return Lagrangian(bm, lam0).run(iters, ub)


# ------------------------------------------------------------------ pruning pairs

def pair_bounds(bm: BranchModel, bound: Bound, pairs_i: np.ndarray, pairs_u: np.ndarray,
                ub: float) -> np.ndarray:
    """Lower bound on every plan in which i joins u, for the given pairs.

    A cheap bound first (joiner limits and the best other joiners, other constraints
    ignored); the exact forced DP only for pairs the cheap bound cannot rule out.
    """
    r = bm.cost - bound.lam[:, None]
    base = _base(bm, bound.b) + bound.lam.sum() + bm.const
    out = cheap_bounds(bm, bound, pairs_i, pairs_u)
    todo = np.nonzero(np.isfinite(out) & (out <= ub + 0.5))[0]
    slots = _slots(bm)
    for chunk in np.array_split(todo, max(1, len(todo) // 20000 + 1)):
        if len(chunk):
            exact = _forced(bm, r, slots, pairs_i[chunk], pairs_u[chunk])
            out[chunk] = base[pairs_u[chunk]] + exact - bound.lam[pairs_u[chunk]]
    return out


def cheap_bounds(bm: BranchModel, bound: Bound, pairs_i: np.ndarray, pairs_u: np.ndarray) -> np.ndarray:
    """A quick lower bound on every plan in which i joins u: i's reduced cost, the lead's
    least final cost, and the most negative other joiners the joiner limit allows."""
    return cheap_matrix(bm, bound)[pairs_i, pairs_u]


def cheap_matrix(bm: BranchModel, bound: Bound) -> np.ndarray:
    """:func:`cheap_bounds` of every pair (i, u), as an (n, n) array (a new one, the
    diagonal included), for callers that ask for (nearly) all of them."""
    lam = bound.lam
    n = bm.n
    r = bm.cost - lam[:, None]
    base = _base(bm, bound.b) + lam.sum() + bm.const
    joint_min = bm.finals_all().min(axis=1)
    kmax = bm.kmax if bm.kmax is not None else n
    neg = np.minimum(r, 0.0)
    neg[~np.isfinite(neg)] = 0.0
    m = max(0, kmax - 1)                     # other joiners besides i
    kk = min(m + 1, n)
    best = np.sort(np.partition(neg, kk - 1, axis=0)[:kk], axis=0) if kk > 0 else np.zeros((0, n))
    rows = min(m, best.shape[0])
    # all pairs at once (every caller asks for most of them): whole rows, then one gather
    if rows == 0:
        others = np.zeros((1, n))
    else:
        take = best[:rows].sum(axis=0)
        nxt = best[rows] if rows < best.shape[0] else np.zeros(n)
        # the m most negative values without i's own: if i's value is among them, the next one steps in
        others = np.where(neg <= best[rows - 1], take - neg + nxt, take)
    out = r                                   # r is not needed any more: in place, same sums
    out += base
    out += joint_min
    out += others
    out -= lam
    return out


def _base(bm: BranchModel, b: np.ndarray) -> np.ndarray:
    """Best value of the other leads' choice when lead u is forced in (per u)."""
    n = bm.n
    order = np.argsort(b, kind="stable")
    sb = b[order]
    rank = np.empty(n, int)
    rank[order] = np.arange(n)
    prefix = np.concatenate([[0.0], np.cumsum(sb)])
    hi = n if bm.leads_hi is None else min(n, bm.leads_hi)
    neg = int((sb < 0).sum())
    neg_excl = neg - (b < 0).astype(int)
    k = np.clip(neg_excl, max(0, bm.leads_lo - 1), max(0, hi - 1))
    # a lead with no branch at all (b = inf: every joiner forbidden) ranks last, so the
    # inf - inf of the other arm is never taken; it is computed all the same, quietly
    with np.errstate(invalid="ignore"):
        with_u = np.where(rank >= k, prefix[k], prefix[np.minimum(k + 1, n)] - b)
    return with_u


def _forced(bm, r, slots, pi, pu):
    """Exact cheapest joint branch of lead pu[k] that contains joiner pi[k]."""
    shape = bm.shape
    p = len(pi)
    dp = np.full(shape + (p,), INF)          # (the batch last, as in joint_values)
    qmat = np.stack([d.q for d in bm.dims], axis=1) if bm.dims else np.zeros((bm.n, 0), int)
    start = []
    ok = np.ones(p, bool)
    for axis, d in enumerate(bm.dims):
        v = qmat[pi, axis]
        if d.saturate:
            start.append(np.minimum(v, d.top))
        else:
            ok &= v <= d.top
            start.append(np.minimum(v, d.top))
    rows = np.nonzero(ok)[0]
    dp[tuple(s[rows] for s in start) + (rows,)] = r[pi[rows], pu[rows]]
    for members, moves, k in zip(slots.classes, slots.moves, slots.take):
        vals, who = _top_values(r, members, k + 1)
        vals, who = vals[:, pu], who[:, pu]                       # (k+1, p)
        same = who == pi[None, :]
        # drop joiner i from its own class list; keep the first k of the rest
        order = np.argsort(same, axis=0, kind="stable")
        vals = np.take_along_axis(vals, order, axis=0)[:k]
        for rank in range(vals.shape[0]):
            dp = _add(dp, moves, vals[rank])
    finals = _finals(bm, pu) + np.moveaxis(dp, -1, 0)
    return finals.reshape(p, -1).min(axis=1)
