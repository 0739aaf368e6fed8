"""Invariants of solve on random rosters: every member in exactly one branch, no hard
finding on a solved plan, and infeasible only when an independent brute force agrees."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

import branchplan
from branchplan.charter import load_charter

from builders import AS_OF, firm, host, roster

CHARTER = load_charter()


@st.composite
def rosters(draw, max_small=6):
    firms = []
    for k in range(draw(st.integers(0, max_small))):
        full = draw(st.integers(0, 2))
        prob = draw(st.integers(0 if full else 1, 20))
        firms.append(firm(f"S{k}", full, prob, xy=(draw(st.integers(0, 20)), draw(st.integers(0, 20))),
                          district=draw(st.sampled_from(["A", "B"])), recent=draw(st.integers(0, full))))
    for k in range(draw(st.integers(0, 2))):
        firms.append(firm(f"G{k}", draw(st.integers(3, 6)), draw(st.integers(0, 44)),
                          xy=(draw(st.integers(0, 20)), draw(st.integers(0, 20)))))
    if draw(st.booleans()):
        firms.append(firm("E0", 0))
    hosts = [host("H0", xy=(10, 10))] if draw(st.integers(0, 3)) == 0 else []
    return roster(firms, hosts)


def brute_force_feasible(r) -> bool:
    """Straight from the charter's wording, independently of the solver and evaluators:
    small firms form groups; a group of small firms needs >= 3 full members, <= 5 firms and
    <= 50 members; a small firm may instead join a big firm's branch (the branch then
    covers <= 5 firms and <= 50 members) or a host."""
    small = [f for f in r.firms if f.size and f.full < 3]
    big = [f for f in r.firms if f.full >= 3]
    n = len(small)
    labels: list = []

    def ok() -> bool:
        groups: dict = {}
        for f, lab in zip(small, labels):
            groups.setdefault(lab, []).append(f)
        for lab, fs in groups.items():
            if lab == "host":
                continue
            if isinstance(lab, str):  # a big firm's id
                g = next(b for b in big if b.id == lab)
                if len(fs) + 1 > 5 or g.size + sum(f.size for f in fs) > 50:
                    return False
                continue
            full = sum(f.full for f in fs)
            if full < 3 or (len(fs) > 1 and (len(fs) > 5 or sum(f.size for f in fs) > 50)):
                return False
        return True

    def rec(k: int, next_group: int) -> bool:
        if k == n:
            return ok()
        options = list(range(next_group + 1)) + [b.id for b in big] + (["host"] if r.hosts else [])
        for lab in options:
            labels.append(lab)
            if rec(k + 1, next_group + (1 if lab == next_group else 0)):
                return True
            labels.pop()
        return False

    return rec(0, 0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
def test_solve_places_every_member_once_or_is_rightly_infeasible(r):
    res = branchplan.solve(r, CHARTER, as_of=AS_OF)
    assert res.plan.status in ("optimal", "infeasible")
    assert (res.plan.status == "optimal") == brute_force_feasible(r)
    if res.plan.status != "optimal":
        assert res.problems and "Testville" in res.problems[0]
        return
    seen = [fid for b in res.plan.branches for fid in b.firms if fid in r.firm_by_id]
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(f.id for f in r.firms if f.size)
    assert sorted(res.plan.unassigned_firms) == sorted(f.id for f in r.firms if not f.size)
    members = [m.id for fid in seen for m in r.firm_by_id[fid].member_list]
    assert len(members) == len(set(members)) == r.member_count
    assert sum(b.members for b in res.plan.branches) == r.member_count
    assert not branchplan.check(res.plan, r, CHARTER, AS_OF).hard
