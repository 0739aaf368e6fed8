"""A passing and a failing plan for every rule kind of the catalogue (plain-Python face)."""

from __future__ import annotations

import pytest

from branchplan.charter import load_charter
from branchplan.check import evaluate
from branchplan.plan import Branch, Plan
from branchplan.rules import KINDS

from builders import AS_OF, firm, host, roster

CHARTER = load_charter()

R = roster(
    [
        firm("BIG", 5, xy=(0, 0), district="A", director=True),
        firm("S1", 2, xy=(1, 0), district="A", director=False),
        firm("S2", 1, 1, xy=(2, 0), district="B", director=True),
        firm("S3", 2, xy=(3, 0), district="A", director=True, recent=2),
        firm("S4", 1, xy=(4, 0), district="A"),
        firm("EMPTY", 0),
    ],
    [host("H1", xy=(0, 1))],
)


def plan(*branches) -> Plan:
    return Plan(branches=[Branch(id=i, lead=lead, firms=list(fs)) for i, lead, fs in branches])


GOOD = plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2"]), ("B3", "S3", ["S3", "S4"]))


def codes(p: Plan, charter=CHARTER, severity="hard") -> list[str]:
    res = evaluate(p, R, charter, AS_OF)
    return [f.code for f in res.findings if f.severity == severity]


def test_good_plan_has_no_hard_finding():
    assert codes(GOOD) == []


@pytest.mark.parametrize("bad, code", [
    # assignment: S4 in no branch; S2 in two branches; unknown firm; lead outside its branch
    (plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2", "S3"])), "BP-ONE-BRANCH"),
    (plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2"]), ("B3", "S3", ["S3", "S4", "S2"])), "BP-ONE-BRANCH"),
    (plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2", "NOPE"]), ("B3", "S3", ["S3", "S4"])), "BP-ONE-BRANCH"),
    (plan(("B1", "BIG", ["BIG"]), ("B2", "S3", ["S1", "S2"]), ("B3", "S3", ["S3", "S4"])), "BP-ONE-BRANCH"),
    # own branch: the big firm joins a small firm's branch
    (plan(("B2", "S1", ["S1", "S2", "BIG"]), ("B3", "S3", ["S3", "S4"])), "BP-OWN-BRANCH"),
    # min full: S3 + S4 would be fine, S4 alone is not
    (plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2", "S3"]), ("B3", "S4", ["S4"])), "BP-MIN-FULL"),
])
def test_failing_plans_name_their_rule(bad, code):
    assert code in codes(bad)


def test_jurisdiction_pass_and_fail():
    two = roster([firm("A1", 2, jurisdiction="X"), firm("A2", 1, jurisdiction="X"),
                  firm("B1", 2, jurisdiction="Y"), firm("B2", 1, jurisdiction="Y")])
    ok = plan(("J1", "A1", ["A1", "A2"]), ("J2", "B1", ["B1", "B2"]))
    bad = plan(("J1", "A1", ["A1", "B2"]), ("J2", "B1", ["B1", "A2"]))
    assert not evaluate(ok, two, CHARTER, AS_OF).hard
    assert {f.code for f in evaluate(bad, two, CHARTER, AS_OF).hard} == {"BP-JURISDICTION"}


def test_joint_caps_pass_and_fail():
    many = roster([firm(f"S{k}", 1, xy=(k, 0)) for k in range(6)])
    five = plan(("J1", "S0", ["S0", "S1", "S2", "S3", "S4"]))
    six = plan(("J1", "S0", ["S0", "S1", "S2", "S3", "S4", "S5"]))
    assert "BP-JOINT-MAX-FIRMS" in [f.code for f in evaluate(six, many, CHARTER, AS_OF).hard]
    assert "BP-JOINT-MAX-FIRMS" not in [f.code for f in evaluate(five, many, CHARTER, AS_OF).hard]
    crowd = roster([firm("C1", 2, 24), firm("C2", 1, 24)])
    assert [f.code for f in evaluate(plan(("J", "C1", ["C1", "C2"])), crowd, CHARTER, AS_OF).hard] == [
        "BP-JOINT-MAX-MEMBERS"]
    small = roster([firm("C1", 2, 23), firm("C2", 1, 24)])
    assert not evaluate(plan(("J", "C1", ["C1", "C2"])), small, CHARTER, AS_OF).hard


def test_fallback_costs_one_per_placement_and_is_forbidden_without_the_rule():
    p = plan(("B1", "BIG", ["BIG", "S4"]), ("B2", "S1", ["S1", "S2", "S3"]))
    res = evaluate(p, R, CHARTER, AS_OF)
    fb = next(o for o in res.outcomes if o.code == "BP-FALLBACK")
    assert (fb.measure, fb.cost_milli) == (1, 1000)
    assert not res.hard
    strict = _without("BP-FALLBACK")
    assert "BP-OWN-BRANCH" in codes(p, strict)
    hosted = plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2", "S3"]), ("B3", "H1", ["H1", "S4"]))
    assert "BP-ONE-BRANCH" in codes(hosted, strict)
    assert codes(hosted) == []


def test_distance_district_secretary_lead_director_costs():
    res = evaluate(GOOD, R, CHARTER, AS_OF)
    by = {o.code: o for o in res.outcomes}
    # S2 (2 members) 1 unit from S1; S4 (1 member) 1 unit from S3: 3 member-units
    assert by["BP-DISTANCE"].measure == pytest.approx(3.0)
    # S2 is in district B, its lead S1 in A
    assert by["BP-DISTRICT"].measure == 1 and by["BP-DISTRICT"].cost_milli == 5000
    # B3 = S3 (both full members joined this year) + S4 (one full, 2010): a secretary exists
    assert by["BP-SECRETARY"].measure == 0
    # B2 led by S1 whose director is not a member
    assert by["BP-LEAD-DIRECTOR"].measure == 1
    fresh = roster([firm("N1", 2, recent=2), firm("N2", 1, recent=1)])
    res = evaluate(plan(("J", "N1", ["N1", "N2"])), fresh, CHARTER, AS_OF)
    sec = next(o for o in res.outcomes if o.code == "BP-SECRETARY")
    assert (sec.measure, sec.cost_milli) == (1, 50_000) and not res.hard


def test_branch_count_kind_pass_and_fail():
    from branchplan.charter import Rule
    from branchplan.rules import branch_count

    rule = Rule(code="X-COUNT", name="x", kind="branch_count", severity="hard", weight=1, priority=1,
                params=branch_count.Params(max=2), source=None, title=CHARTER.title,
                description=CHARTER.title, examples={}, origin="test")
    c = CHARTER.replace_rule(rule)
    assert "X-COUNT" in codes(GOOD, c)
    two = plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S2", "S3", "S4"]))
    assert "X-COUNT" not in codes(two, c)


def test_every_kind_has_both_faces_and_a_manual():
    for name, mod in KINDS.items():
        assert callable(mod.encode) and callable(mod.evaluate), name
        assert mod.__doc__ and len(mod.__doc__.strip().splitlines()) >= 5, name
        assert mod.SEVERITIES, name


def _without(code):
    from branchplan.charter import Charter

    return Charter(CHARTER.name, CHARTER.title, tuple(r for r in CHARTER.rules if r.code != code))


def test_a_firm_listed_twice_counts_once():
    p = plan(("B1", "BIG", ["BIG"]), ("B2", "S1", ["S1", "S1"]), ("B3", "S3", ["S3", "S4", "S2"]))
    found = [(f.code, f.message) for f in evaluate(p, R, CHARTER, AS_OF).hard]
    assert ("BP-ONE-BRANCH", "branch B2 lists firm S1 twice") in found
    assert any(code == "BP-MIN-FULL" and "B2 has 2 full" in msg for code, msg in found)


def test_firm_copies_recount_members_and_counts_form_builds():
    from branchplan.model import Member

    from builders import counts_firm

    f = firm("C", 2)
    assert f.full == 2
    g = f.model_copy(update={"members": [Member(id="X1", status="full")]})
    assert (g.full, g.size, len(g.member_list)) == (1, 1, 1)
    c = counts_firm("K", 2, 1)
    assert (c.full, c.probationary, c.member_list) == (2, 1, None)
