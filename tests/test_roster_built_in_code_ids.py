"""A roster built or changed in code (``Roster(...)``, ``model_copy(update=...)``, as the README
shows) is held to the ids rule of a firms file: a member listed in two firms was planned as two
members (9 people as 11), a firm listed twice passed ``check``. The library refuses both where a
roster is taken (solve, check, explain, report), naming the ids."""

from __future__ import annotations

from pathlib import Path

import pytest

import branchplan
from branchplan import InputError, Roster

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"


@pytest.fixture(scope="module")
def read():
    return branchplan.load_roster(G / "firms.yaml"), branchplan.load_plan(G / "plan-current.yaml")[0]


def _listed(roster):
    return [f for f in roster.firms if f.member_list]


def test_a_member_in_two_firms(read):
    roster, plan = read
    a, b = _listed(roster)[:2]
    b2 = b.model_copy(update={"members": list(b.members) + [a.members[0]]})
    changed = roster.model_copy(update={"firms": [b2 if f.id == b.id else f for f in roster.firms]})
    for call in (lambda: branchplan.solve(changed), lambda: branchplan.check(plan, changed),
                 lambda: branchplan.explain_plan(plan, changed, None, None)):
        with pytest.raises(InputError) as err:
            call()
        assert f"member id {a.members[0].id!r} is in firm {a.id} and again in firm {b.id}" in str(err.value)


def test_a_member_twice_in_one_firm(read):
    roster, _ = read
    a = _listed(roster)[0]
    a2 = a.model_copy(update={"members": list(a.members) + [a.members[0]]})
    changed = roster.model_copy(update={"firms": [a2 if f.id == a.id else f for f in roster.firms]})
    with pytest.raises(InputError, match=f"member id '{a.members[0].id}' is in firm {a.id} and again in firm {a.id}"):
        branchplan.solve(changed)


def test_a_firm_twice(read):
    roster, plan = read
    f0 = roster.firms[0]
    for changed in (roster.model_copy(update={"firms": [f0] + list(roster.firms)}),
                    Roster(jurisdiction="贵港市", firms=[f0] + list(roster.firms))):
        with pytest.raises(InputError, match=f"unit id '{f0.id}' is used twice"):
            branchplan.check(plan, changed)


def test_rosters_read_or_changed_well_are_taken(read):
    roster, plan = read
    assert branchplan.check(plan, roster) is not None
    fine = roster.model_copy(update={"firms": list(roster.firms)[1:]})
    assert branchplan.check(plan, fine) is not None
