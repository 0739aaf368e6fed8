"""One independent part of the problem: the firms and hosts of one jurisdiction.

Units are numbered: firms with members first (sorted by id), then hosts (sorted by id).
Firms with at least ``own_branch_min`` full members are *big*: each leads its own branch.
The others are *small*: each joins exactly one branch, led by a small firm (a joint
branch), or as a fallback by a big firm or a host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..geo import distance_matrix
from ..model import Firm, Host, Location
from .options import CandidatePolicy  # noqa: F401  (its home before; still imported from here)

if TYPE_CHECKING:  # pragma: no cover
    from ..current import CurrentPart


@dataclass
class Part:
    jurisdiction: str
    firms: list[Firm]
    hosts: list[Host]
    big_min: int | None
    allow_standalone_fallback: bool = True
    allow_host_fallback: bool = True
    small: list[int] = field(default_factory=list)
    big: list[int] = field(default_factory=list)
    #: small unit i -> candidate leads (unit indices, i itself first)
    cands: dict[int, list[int]] = field(default_factory=dict)
    #: re-planning: this jurisdiction's share of the current plan, pins and cap
    current: "CurrentPart | None" = None

    @property
    def n_firms(self) -> int:
        return len(self.firms)

    def unit(self, u: int) -> Firm | Host:
        return self.firms[u] if u < len(self.firms) else self.hosts[u - len(self.firms)]

    def unit_id(self, u: int) -> str:
        return self.unit(u).id

    def is_host(self, u: int) -> bool:
        return u >= len(self.firms)

    def is_big(self, u: int) -> bool:
        return not self.is_host(u) and self.big_min is not None and self.firms[u].full >= self.big_min

    def location(self, u: int) -> Location | None:
        return self.unit(u).location

    @property
    def host_units(self) -> list[int]:
        return list(range(len(self.firms), len(self.firms) + len(self.hosts)))

    def branch_firms(self, lead_of: dict[str, str]) -> dict[str, list[str]]:
        """The branches of a plan of this part (``lead_of``: small firm id -> lead id), by
        lead id in order: the firm ids in it, the lead first (a host is none), its joiners
        sorted; every big firm leads one."""
        groups: dict[str, list[str]] = {self.firms[u].id: [] for u in self.big}
        for firm_id, lead in lead_of.items():
            groups.setdefault(lead, [])
            if firm_id != lead:
                groups[lead].append(firm_id)
        hosts = {h.id for h in self.hosts}
        return {lead: ([] if lead in hosts else [lead]) + sorted(groups[lead]) for lead in sorted(groups)}


def build_part(jurisdiction: str, firms: list[Firm], hosts: list[Host], big_min: int | None,
               policy: CandidatePolicy, allow_standalone_fallback: bool,
               allow_host_fallback: bool) -> Part:
    firms = sorted((f for f in firms if f.size > 0), key=lambda f: f.id)
    hosts = sorted(hosts, key=lambda h: h.id)
    part = Part(jurisdiction, firms, hosts, big_min, allow_standalone_fallback, allow_host_fallback)
    for u, f in enumerate(firms):
        (part.big if part.is_big(u) else part.small).append(u)
    near_small = _nearest(part, part.small, part.small, policy.nearest)
    near_big = _nearest(part, part.small, part.big, policy.nearest_fallback) if allow_standalone_fallback else None
    for a, i in enumerate(part.small):
        cands = [i] + near_small[a]
        if near_big is not None:
            cands += near_big[a]
        if allow_host_fallback:
            cands += part.host_units
        part.cands[i] = cands
    return part


def all_pairs(part: Part) -> Part:
    """The same part with every lead a candidate for every small firm (what a restricted
    model's infeasibility must be checked against before it is reported)."""
    from dataclasses import replace

    others = (part.big if part.allow_standalone_fallback else []) + (part.host_units if part.allow_host_fallback else [])
    cands = {i: [i] + [j for j in part.small if j != i] + others for i in part.small}
    return replace(part, cands=cands)


def _nearest(part: Part, rows: list[int], pool: list[int], k: int | None) -> list[list[int]]:
    """For each unit of rows, the k closest other units of pool (ties broken by id), in unit
    order; all of them when k is None."""
    if k is None or len(pool) <= k + 1:
        return [[j for j in pool if j != i] for i in rows]
    if not rows:
        return []
    d = distance_matrix([part.location(i) for i in rows], [part.location(j) for j in pool])
    pool_a = np.array(pool)
    d[pool_a[None, :] == np.array(rows)[:, None]] = np.inf      # never oneself
    if np.isnan(d).any():   # pragma: no cover - (distance_matrix gives 0 for unknown places)
        order = np.argsort(d, axis=1, kind="stable")[:, :k]     # pool is in id order: ties by id
        return [sorted(int(j) for j in pool_a[row]) for row in order]
    # the k first of each row in (distance, id) order, as a stable sort would put them: all
    # closer than the k-th distance, then the first ones at it (pool is in id order)
    kth = np.partition(d, k - 1, axis=1)[:, k - 1:k]
    closer = d < kth
    at = d == kth
    sel = closer | (at & (np.cumsum(at, axis=1) <= k - closer.sum(axis=1, keepdims=True)))
    row, col = np.nonzero(sel)
    cuts = np.searchsorted(row, np.arange(1, len(rows)))
    return [sorted(pool_a[c].tolist()) for c in np.split(col, cuts)]
