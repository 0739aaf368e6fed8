"""Peer (a): the greedy method a clerk would use, one city at a time.

1. A firm with enough full members (own_branch ``min_full``) has its own branch.
2. The small firms, most full members first (a member director first among equals, then by
   id), each start a group unless already taken. A group adds the nearest free small firm
   (same district first) while it has fewer full members than the charter's minimum and
   stays within the joint-branch caps (firms, members). A group that cannot reach the
   minimum is given up; its firms are left over.
3. Each left-over firm joins the nearest group with room; failing that, the nearest
   standalone firm's branch (if the charter allows that fallback), then the nearest host.
4. A group is led by its firm with a member director and the most full members, else by
   the firm that started it.

The charter's numbers are read from its rules (own_branch, and the hard branch_aggregate
rules on full members, firms and members of joint branches). No search, no bound.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np

from branchplan.charter import Charter
from branchplan.geo import distance_matrix
from branchplan.model import Roster
from branchplan.rules import structure

from .common import Outcome, default_parts, score


def limits(charter: Charter) -> tuple[int, int | None, int | None]:
    """(minimum full members per branch, most firms, most members of a joint branch)."""
    min_full, max_firms, max_members = 0, None, None
    for r in charter.of_kind("branch_aggregate"):
        p = r.params
        if not r.is_hard:
            continue
        if p.count == "members" and p.status == "full" and p.min is not None and p.min_standing_years is None:
            min_full = max(min_full, p.min)
        if "joint" in p.applies_to and p.max is not None and p.director_is_member is None:
            if p.count == "firms":
                max_firms = p.max if max_firms is None else min(max_firms, p.max)
            elif p.status is None and p.min_standing_years is None:
                max_members = p.max if max_members is None else min(max_members, p.max)
    return min_full, max_firms, max_members


def run(roster: Roster, charter: Charter, as_of: date, time_limit: float | None = None) -> Outcome:
    started = time.monotonic()
    _, standalone_ok, host_ok = structure(charter)
    min_full, max_firms, max_members = limits(charter)
    parts = default_parts(roster, charter)
    lead_of: dict[str, str] = {}
    for part in parts:
        lead_of.update(_city(part, min_full, max_firms or 10**9, max_members or 10**9, standalone_ok, host_ok))
    return score("greedy", roster, charter, as_of, lead_of, started, len(parts), len(parts))


def _city(part, min_full: int, max_firms: int, max_members: int, standalone_ok: bool, host_ok: bool):
    small = part.small
    firms = part.firms
    if not small:
        return {}
    d = distance_matrix([part.location(u) for u in small], [part.location(u) for u in small])
    pos = {u: k for k, u in enumerate(small)}
    district = [firms[u].district for u in small]
    free = set(small)
    order = sorted(small, key=lambda u: (-firms[u].full, firms[u].director_is_member is not True, firms[u].id))
    groups: list[list[int]] = []
    left: list[int] = []
    for seed in order:
        if seed not in free:
            continue
        free.discard(seed)
        group = [seed]
        s = pos[seed]
        near = sorted((u for u in free), key=lambda u: (district[pos[u]] != district[s], d[s, pos[u]], firms[u].id))
        for u in near:
            if sum(firms[g].full for g in group) >= min_full:
                break
            if len(group) + 1 > max_firms or sum(firms[g].size for g in group) + firms[u].size > max_members:
                continue
            group.append(u)
            free.discard(u)
        if sum(firms[g].full for g in group) >= min_full:
            groups.append(group)
        else:
            left += group
    out: dict[str, str] = {}
    leads = [_lead(firms, g) for g in groups]
    for g, lead in zip(groups, leads):
        for u in g:
            out[firms[u].id] = firms[lead].id
    for u in sorted(left, key=lambda u: firms[u].id):
        here = part.location(u)
        best = None
        for g, lead in sorted(zip(groups, leads), key=lambda gl: d[pos[u], pos[gl[1]]]):
            if len(g) < max_firms and sum(firms[x].size for x in g) + firms[u].size <= max_members:
                best = (g, lead)
                break
        if best is not None:
            best[0].append(u)
            out[firms[u].id] = firms[best[1]].id
            continue
        others = (part.big if standalone_ok else []) + (part.host_units if host_ok else [])
        if others:
            dist = distance_matrix([here], [part.location(v) for v in others])[0]
            out[firms[u].id] = part.unit_id(others[int(np.argmin(dist))])
        # else: left unassigned; the plan then breaks the assignment rule
    return out


def _lead(firms, group: list[int]) -> int:
    members = [u for u in group if firms[u].director_is_member is True]
    if members:
        return max(members, key=lambda u: (firms[u].full, -group.index(u)))
    return group[0]
