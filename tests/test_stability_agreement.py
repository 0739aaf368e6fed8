"""The stability rule's two faces agree: for any current plan and any assignment, what the
CP-SAT model charges (with the successor it chose) is what the plain-Python evaluator
charges on the assembled plan; and the model's least charge is the best matching of
branches that plain Python finds. With the old plan's firms file, members who changed firm
since are followed (branchplan.origins): the model, the evaluator and the diff count them
alike."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from ortools.sat.python import cp_model

from branchplan.api import _assemble
from branchplan.charter import Charter, load_charter
from branchplan.check import evaluate
from branchplan.current import attach, from_plan, match_successors
from branchplan.diff import diff_plans
from branchplan.model import Firm, Location
from branchplan.plan import Branch, Plan
from branchplan.rules import stability
from branchplan.solver.solve import PartResult, SolveOptions, encode, make_parts

from builders import AS_OF, roster
from test_agreement import assignments, rosters

# (plans here are compared with rosters they were not made for, on purpose: the library
# warns of that, as the commands do)
pytestmark = pytest.mark.filterwarnings("ignore::branchplan.errors.InputWarning")

BASE = load_charter()
# structure and stability only: every structurally valid assignment is feasible
CHARTER = Charter(BASE.name, BASE.title, tuple(
    r for r in BASE.rules if r.code in ("BP-ONE-BRANCH", "BP-OWN-BRANCH", "BP-FALLBACK", "BP-STABILITY")))
STAB = CHARTER.get("BP-STABILITY")


@st.composite
def current_plans(draw, r):
    """A random current plan over the roster's units, with a firm that has since closed."""
    ids = [f.id for f in r.firms if f.size] + [h.id for h in r.hosts] + ["GONE"]
    ids = draw(st.permutations(ids))
    cuts = sorted(draw(st.lists(st.integers(1, max(1, len(ids) - 1)), max_size=4, unique=True)))
    chunks = [ids[a:b] for a, b in zip([0] + cuts, cuts + [len(ids)]) if ids[a:b]]
    branches = []
    for k, chunk in enumerate(chunks):
        lead = draw(st.sampled_from(chunk))
        branches.append(Branch(id=f"C{k + 1}", lead=lead, firms=list(chunk)))
    return Plan(branches=branches)


@st.composite
def old_rosters(draw, r):
    """The firms file the current plan was made for: each member was in the same firm then,
    in another (the closed GONE among them), or not in the roster yet."""
    ids = [f.id for f in r.firms] + ["GONE"]
    was: dict[str, list] = {}
    for f in r.firms:
        for m in f.member_list or ():
            fate = draw(st.sampled_from(["same", "same", "other", "new"]))
            if fate != "new":
                was.setdefault(f.id if fate == "same" else draw(st.sampled_from(ids)), []).append(m)
    return roster([Firm(id=fid, location=Location(x=0, y=0), members=ms) for fid, ms in sorted(was.items())])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_stability_encode_and_evaluate_agree(data):
    r = data.draw(rosters())
    old = data.draw(st.one_of(st.none(), old_rosters(r)))
    cur = from_plan(data.draw(current_plans(r)), r, old_roster=old)
    (part,) = make_parts(r, CHARTER, SolveOptions())
    attach([part], cur)
    lead_of = data.draw(assignments(part))
    enc = encode(part, CHARTER.rules, AS_OF)
    for (i, u), v in enc.x.items():
        enc.model.add(v == int(lead_of[i] == u))
    cost = sum(e for terms in enc.penalties.values() for code, e in terms if code == STAB.code)
    least = None
    for sense in ("min", "max"):  # the best and the worst successor choice both agree
        enc.model.minimize(cost) if sense == "min" else enc.model.maximize(cost)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(enc.model) == cp_model.OPTIMAL
        res = PartResult(part.jurisdiction, "optimal",
                         lead_of={part.firms[i].id: part.unit_id(u) for i, u in lead_of.items()},
                         successors=enc.current.successors(solver))
        plan = _assemble(r, CHARTER, AS_OF, [part], [res], cur)
        outcome = {o.code: o for o in evaluate(plan, r, CHARTER, AS_OF, cur).outcomes}[STAB.code]
        assert outcome.cost_milli == solver.value(cost), sense
        # members moved: the model's count (what --max-moves caps), the rule's, the diff's
        moved = solver.value(enc.current.moved("member"))
        assert outcome.measure == moved
        assert diff_plans(cur.source, plan, r, old_roster=old).members_moved == moved
        if sense == "min":
            least = outcome.cost_milli
    # plain Python's best matching of the same branches charges the model's least
    groups = {b.lead: tuple(b.firms) for b in plan.branches}
    succ = match_successors(cur.branches, groups, {f.id: f.size for f in r.firms}, counted=cur.counted)
    relabelled = Plan(branches=[Branch(id=next((k for k, v in succ.items() if v == b.lead), f"N-{b.lead}"),
                                       lead=b.lead, firms=b.firms) for b in plan.branches])
    best = stability.evaluate(STAB, _view(relabelled, r, cur))
    assert best.cost_milli == least


def _view(plan, r, cur):
    from branchplan.check import make_view

    view = make_view(plan, r, CHARTER, AS_OF)
    view.current = cur
    return view


def test_inert_without_a_current_plan():
    from builders import firm, roster

    r = roster([firm("A", 2), firm("B", 1)])
    p = Plan(branches=[Branch(id="X", lead="A", firms=["A", "B"])])
    assert "BP-STABILITY" not in {o.code for o in evaluate(p, r, BASE, AS_OF).outcomes}
    assert BASE.active(False).get("BP-STABILITY") is None and BASE.active(True).get("BP-STABILITY")
    (part,) = make_parts(r, BASE, SolveOptions())
    enc = encode(part, BASE.rules, AS_OF)
    assert all(code != "BP-STABILITY" for terms in enc.penalties.values() for code, _ in terms)


def test_a_moved_firm_costs_its_members_and_a_thousandth_per_firm():
    from builders import firm, roster

    r = roster([firm("A", 2), firm("B", 1), firm("C", 2, 1), firm("D", 1)])
    cur = from_plan(Plan(branches=[Branch(id="X", lead="A", firms=["A", "B"]),
                                   Branch(id="Y", lead="C", firms=["C", "D"])]), r)
    same = Plan(branches=[Branch(id="X", lead="A", firms=["A", "B"]), Branch(id="Y", lead="C", firms=["C", "D"])])
    swap = Plan(branches=[Branch(id="X", lead="A", firms=["A", "D"]), Branch(id="Y", lead="C", firms=["C", "B"])])
    ok = stability.evaluate(STAB, _view(same, r, cur))
    bad = stability.evaluate(STAB, _view(swap, r, cur))
    assert (ok.measure, ok.cost_milli, ok.findings) == (0, 0, [])
    assert (bad.measure, bad.cost_milli) == (2, 2 * 1000 + 2)
    assert [f.firms for f in bad.findings] == [("B",), ("D",)]
    assert bad.findings[0].message == "firm B (1 member) moves from branch X to branch Y"
    assert bad.findings[0].message_zh == "单位 B（1 名党员）由支部 X 调整至支部 Y"
    # a branch that keeps its id and firms under another of its firms, its lead staying in
    # it: nobody moves; the handover costs lead_weight (0.001)
    relead = Plan(branches=[Branch(id="X", lead="B", firms=["A", "B"]), Branch(id="Y", lead="C", firms=["C", "D"])])
    handed = stability.evaluate(STAB, _view(relead, r, cur))
    assert (handed.measure, handed.cost_milli) == (0, 1)
    assert [f.message for f in handed.findings] == ["branch X is led by B now; its lead A stays in it"]
    assert handed.findings[0].message_zh == "支部 X 改由 B 牵头，原牵头单位 A 仍在本支部"
    # the same id led by a firm that was not one of its units: a new branch under an old id
    outside = Plan(branches=[Branch(id="X", lead="C", firms=["C", "A", "B"]), Branch(id="Y", lead="D", firms=["D"])])
    assert stability.evaluate(STAB, _view(outside, r, cur)).measure == 2 + 1 + 3
