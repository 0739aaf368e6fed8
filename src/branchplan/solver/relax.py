"""Build the relaxation of :mod:`.bound` from a charter, for the small firms of one part.

Only what the charter says about one branch at a time is kept, level by level:

- pair costs (rule kinds with ``pair_cost_bounds``: distance, district, max_distance) of the
  level, and pairs a hard rule forbids (``forbidden_pairs``: max_distance) as inf;
- branch_aggregate rules that are hard (any level) or soft at the level, as DP dimensions;
- lead_director at the level, as a fixed cost of the lead;
- hard branch_count covering every kind of branch, as bounds on the number of leads.

Everything else is left out, which weakens the bound but keeps it a bound: soft rules only
add non-negative costs, and dropping a constraint only enlarges the set of plans. A
dimension whose states would blow up is dropped the same way.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from ..charter import Rule
from ..rules import KINDS
from ..rules.aggregate import quantity
from .bound import BranchModel, Dim
from .part import Part

#: Most DP states per lead (product of the dimensions' sizes) before dimensions are dropped.
STATE_BUDGET = 512


def pair_costs(part: Part, rules: tuple[Rule, ...], level: int, joiners: list[int],
               leads: list[int]) -> np.ndarray:
    """Lower bounds on the level's cost of each joiner joining each lead (1/1000 points);
    inf where a hard rule kind with ``forbidden_pairs`` (max_distance) forbids the pair."""
    fj = [part.firms[i] for i in joiners]
    lu = [part.unit(u) for u in leads]
    total = np.zeros((len(fj), len(lu)))
    for rule in rules:
        kind = KINDS[rule.kind]
        fn = getattr(kind, "pair_cost_bounds", None)
        if fn is not None and not rule.is_hard and rule.priority == level:
            total += fn(rule, fj, lu)
        never = getattr(kind, "forbidden_pairs", None)
        if never is not None and rule.is_hard:
            total[never(rule, fj, lu)] = np.inf
    return total


def branch_model(part: Part, rules: tuple[Rule, ...], level: int, as_of: date,
                 cost: np.ndarray) -> BranchModel:
    """The relaxation of the part's small firms (no fallback placements) at ``level``."""
    small = [part.firms[u] for u in part.small]
    big = [part.firms[u] for u in part.big]
    n = len(small)
    cost = cost.astype(float).copy()
    np.fill_diagonal(cost, np.inf)
    alone = np.zeros(n)
    joint_pen = np.zeros(n)
    const = 0.0
    raw_dims: list[tuple[np.ndarray, int, bool, np.ndarray, bool]] = []  # q, top, saturate, final, soft
    kmax: int | None = None
    # joiner limits first: they decide which maximum dimensions can ever bind
    for rule in rules:
        p = rule.params
        if (rule.kind == "branch_aggregate" and rule.is_hard and "joint" in p.applies_to
                and p.count == "firms" and p.director_is_member is None and p.max is not None):
            kmax = p.max - 1 if kmax is None else min(kmax, p.max - 1)
    for rule in rules:
        active = rule.is_hard or rule.priority == level
        if not active:
            continue
        p = rule.params
        if rule.kind == "branch_aggregate":
            q = np.array([quantity(p, f, as_of) for f in small], dtype=np.int64)
            for k, f in enumerate(small):
                if "standalone" in p.applies_to:
                    alone[k] += _charge(rule, q[k])
            if "standalone" in p.applies_to:
                const += sum(_charge(rule, quantity(p, f, as_of)) for f in big)
            if "joint" in p.applies_to:
                dim = _dimension(rule, q, kmax)
                if dim is not None:
                    raw_dims.append(dim)
        elif rule.kind == "lead_director" and not rule.is_hard:
            w = rule.milli_weight
            bad = np.array([f.director_is_member is False for f in small])
            if "joint" in p.applies_to:
                joint_pen += w * bad
            if "standalone" in p.applies_to:
                alone += w * bad
                const += w * sum(1 for f in big if f.director_is_member is False)
    count = _count_dim(n, kmax)
    dims = count + _fit(raw_dims, count[0].top + 1)
    lo, hi = _lead_bounds(rules, len(big), n)
    return BranchModel(cost=cost, dims=dims, kmax=kmax, joint_pen=joint_pen, alone=alone,
                       const=const, leads_lo=lo, leads_hi=hi)


def _charge(rule: Rule, total: int) -> float:
    """What one branch with this total pays under the rule (inf: a hard rule forbids it)."""
    p = rule.params
    short = max(0, p.min - total) if p.min is not None else 0
    over = max(0, total - p.max) if p.max is not None else 0
    if not short and not over:
        return 0.0
    return np.inf if rule.is_hard else float(rule.milli_weight * (short + over))


def _dimension(rule: Rule, q: np.ndarray, kmax: int | None):
    """A DP dimension for the joiners' total of the rule's quantity, or None if it can
    never matter. Own quantities are the lead's: the joiners bring ``total - own``."""
    p = rule.params
    soft = not rule.is_hard
    w = float(rule.milli_weight)
    if p.max is not None and not soft:
        cap = p.max - q
        if kmax is not None:
            most = np.sort(q)[::-1][:kmax].sum()
            if p.min is None and (q + most <= p.max).all():
                return None                    # can never bind
        top = int(max(0, cap.max()))
        need = np.maximum(0, (p.min if p.min is not None else 0) - q)
        s = np.arange(top + 1)[None, :]
        final = np.where((s >= need[:, None]) & (s <= cap[:, None]), 0.0, np.inf)
        return (q, top, False, final, soft)
    if p.min is not None and p.max is None:
        need = np.maximum(0, p.min - q)
        top = int(need.max())
        if top == 0:
            return None
        s = np.arange(top + 1)[None, :]
        short = np.maximum(0, need[:, None] - s)
        final = np.where(short > 0, np.inf, 0.0) if not soft else w * short
        return (q, top, True, final, soft)
    # a soft maximum (with or without a minimum): joiners beyond the top are charged as the top
    need = np.maximum(0, (p.min if p.min is not None else 0) - q)
    cap = p.max - q
    top = int(max(need.max(), cap.max() + 1, 1))
    s = np.arange(top + 1)[None, :]
    final = w * (np.maximum(0, need[:, None] - s) + np.maximum(0, s - cap[:, None]))
    return (q, top, True, final, soft)


def _count_dim(n: int, kmax: int | None) -> list[Dim]:
    """The joiner count: 1..kmax joiners, or a 'has a joiner' bit when unlimited."""
    top = max(0, kmax) if kmax is not None else 1
    final = np.zeros((n, top + 1))
    final[:, 0] = np.inf
    return [Dim(np.ones(n, dtype=np.int64), top, kmax is None, final)]


def _fit(raw, size: int) -> list[Dim]:
    """Keep dimensions while the state space stays within budget (hard and small ones first)."""
    dims = sorted(raw, key=lambda d: (d[4], d[1]))
    kept = []
    for q, top, sat, final, _soft in dims:
        if size * (top + 1) > STATE_BUDGET:
            continue
        size *= top + 1
        kept.append(Dim(q, top, sat, final))
    return kept


def _lead_bounds(rules: tuple[Rule, ...], n_big: int, n_small: int) -> tuple[int, int | None]:
    lo, hi = 0, None
    for rule in rules:
        if rule.kind != "branch_count" or not rule.is_hard:
            continue
        p = rule.params
        if not {"standalone", "joint"} <= set(p.applies_to):
            continue  # counts only some kinds: left out
        if p.min is not None:
            lo = max(lo, p.min - n_big)
        if p.max is not None:
            h = p.max - n_big
            hi = h if hi is None else min(hi, h)
    return max(0, lo), (None if hi is None else max(-1, hi))
