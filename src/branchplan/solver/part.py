"""One independent part of the problem: the firms and hosts of one jurisdiction.

Units are numbered: firms with members first (sorted by id), then hosts (sorted by id).
Firms with at least ``own_branch_min`` full members are *big*: each leads its own branch.
The others are *small*: each joins exactly one branch, led by a small firm (a joint
branch), or as a fallback by a big firm or a host.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..geo import distance
from ..model import Firm, Host, Location

if TYPE_CHECKING:  # pragma: no cover
    from ..current import CurrentPart


@dataclass(frozen=True)
class CandidatePolicy:
    """Which leads each small firm may join.

    ``nearest``: a small firm considers itself and its ``nearest`` closest small firms as
    joint-branch leads (None: all of them); ``nearest_fallback``: its closest big firms as
    fallback leads (None: all). Hosts of the jurisdiction are always candidates.
    """

    nearest: int | None = None
    nearest_fallback: int | None = None


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


def build_part(jurisdiction: str, firms: list[Firm], hosts: list[Host], big_min: int | None,
               policy: CandidatePolicy, allow_standalone_fallback: bool,
               allow_host_fallback: bool) -> Part:
    firms = sorted((f for f in firms if f.size > 0), key=lambda f: f.id)
    hosts = sorted(hosts, key=lambda h: h.id)
    part = Part(jurisdiction, firms, hosts, big_min, allow_standalone_fallback, allow_host_fallback)
    for u, f in enumerate(firms):
        (part.big if part.is_big(u) else part.small).append(u)
    for i in part.small:
        leads = _nearest(part, i, part.small, policy.nearest, include_self=True)
        cands = [i] + [j for j in leads if j != i]
        if allow_standalone_fallback:
            cands += _nearest(part, i, part.big, policy.nearest_fallback, include_self=False)
        if allow_host_fallback:
            cands += part.host_units
        part.cands[i] = cands
    return part


def _nearest(part: Part, i: int, pool: list[int], k: int | None, include_self: bool) -> list[int]:
    """The k closest units of pool to unit i (ties broken by id), in unit order."""
    others = [j for j in pool if j != i]
    if k is None or len(others) <= k:
        chosen = others
    else:
        here = part.location(i)
        chosen = heapq.nsmallest(k, others, key=lambda j: (distance(here, part.location(j)), part.unit_id(j)))
    return sorted(chosen)
