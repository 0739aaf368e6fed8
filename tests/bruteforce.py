"""Every plan of a tiny roster, judged by the plain-Python evaluators (no solver involved).

Used to check explanations independently: which rule instances each possible plan breaks.
A rule instance is (rule code, subject): the firm a one-branch finding is about, the lead
of the branch an aggregate finding is about, the jurisdiction of a branch-count finding.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from branchplan.charter import Charter
from branchplan.check import evaluate
from branchplan.model import Roster
from branchplan.plan import Branch, Plan
from branchplan.rules import structure


def plans(roster: Roster, charter: Charter):
    """Every placement: each small firm unplaced, or in a branch led by a small firm (that
    then leads its own), a standalone firm or a host, as the fallback rule allows."""
    own_min, sfb, hfb = structure(charter)
    firms = [f for f in roster.firms if f.size]
    big = [f.id for f in firms if own_min is not None and f.full >= own_min]
    small = [f.id for f in firms if f.id not in big]
    targets = [None] + small + (big if sfb else []) + ([h.id for h in roster.hosts] if hfb else [])
    for choice in itertools.product(targets, repeat=len(small)):
        t = dict(zip(small, choice))
        if any(u in t and u != i and t[u] != u for i, u in t.items()):
            continue
        groups: dict[str, list[str]] = {b: [b] for b in big}
        for i in small:
            u = t[i]
            if u is None:
                continue
            groups.setdefault(u, [u] if u in t or u in big else [u])
            if i != u:
                groups[u].append(i)
        branches = [Branch(id=f"B{k}", lead=lead, firms=members)
                    for k, (lead, members) in enumerate(sorted(groups.items()))]
        yield Plan(branches=branches)


def broken(plan: Plan, roster: Roster, charter: Charter) -> frozenset:
    """The hard rule instances the plan breaks."""
    lead = {b.id: b.lead for b in plan.branches}
    kinds = {r.code: r.kind for r in charter.rules}
    out = set()
    for f in evaluate(plan, roster, charter, roster.as_of).hard:
        kind = kinds[f.code]
        if kind == "assignment":
            assert "in no branch" in f.message, f.message
            out.add((f.code, f.firms[0]))
        elif f.branch is not None:
            out.add((f.code, lead[f.branch]))
        else:
            out.add((f.code, roster.jurisdiction))
        assert kind in ("assignment", "branch_aggregate", "branch_count", "max_distance"), f
    return frozenset(out)


def hard_only(charter: Charter) -> Charter:
    """The charter's hard rules plus its fallback rule (which shapes the structure)."""
    keep = tuple(r for r in charter.rules if r.is_hard or r.kind == "fallback")
    return replace(charter, rules=keep)


def all_broken(roster: Roster, charter: Charter) -> list[frozenset]:
    ch = hard_only(charter)
    return [broken(p, roster, ch) for p in plans(roster, ch)]
