"""Both faces of every rule agree: for any plan, the CP-SAT model with the plan's assignment
fixed is feasible exactly when the plain-Python evaluators find no hard violation, and it
charges each soft rule exactly what the evaluator charges."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
from ortools.sat.python import cp_model

from branchplan.api import _assemble
from branchplan.charter import Charter, Rule, Text, load_charter
from branchplan.check import evaluate
from branchplan.rules import aggregate, branch_count, max_distance
from branchplan.solver.solve import PartResult, SolveOptions, encode, make_parts

from builders import AS_OF, firm, host, roster

BASE = load_charter()


@st.composite
def rosters(draw):
    n_small = draw(st.integers(1, 6))
    n_big = draw(st.integers(0, 2))
    firms = []
    for k in range(n_small):
        full = draw(st.integers(0, 2))
        prob = draw(st.integers(0 if full else 1, 2))
        firms.append(firm(f"S{k}", full, prob, xy=(draw(st.integers(0, 9)), draw(st.integers(0, 9))),
                          district=draw(st.sampled_from(["A", "B", None])),
                          director=draw(st.sampled_from([True, False, None])),
                          recent=draw(st.integers(0, full))))
    for k in range(n_big):
        firms.append(firm(f"G{k}", draw(st.integers(3, 8)), draw(st.integers(0, 3)),
                          xy=(draw(st.integers(0, 9)), draw(st.integers(0, 9))),
                          district=draw(st.sampled_from(["A", "B"])), director=draw(st.booleans())))
    hosts = [host("H0", xy=(5, 5))] if draw(st.booleans()) else []
    return roster(firms, hosts)


@st.composite
def extra_rules(draw):
    out = []
    for k in range(draw(st.integers(0, 3))):
        applies = draw(st.lists(st.sampled_from(["standalone", "joint", "host"]), min_size=1, max_size=3, unique=True))
        count = draw(st.sampled_from(["members", "firms"]))
        lo = draw(st.one_of(st.none(), st.integers(0, 6)))
        hi = draw(st.one_of(st.none(), st.integers(max(lo or 0, 0), 12))) if lo is not None else draw(st.integers(0, 12))
        kw = dict(applies_to=applies, count=count, min=lo, max=hi)
        if count == "members":
            kw["status"] = draw(st.sampled_from([None, "full", "probationary"]))
            # (probationary members have no standing: that filter is refused with them)
            kw["min_standing_years"] = draw(st.sampled_from([None, 1.0])) if kw["status"] != "probationary" else None
        params = aggregate.Params(**kw)
        sev = draw(st.sampled_from(["hard", "soft"]))
        out.append(_rule(f"X-AGG-{k}", "branch_aggregate", sev, params, draw(st.integers(1, 30))))
    if draw(st.booleans()):
        lo = draw(st.integers(0, 4))
        params = branch_count.Params(min=lo, max=draw(st.integers(lo, 8)))
        out.append(_rule("X-COUNT", "branch_count", draw(st.sampled_from(["hard", "soft"])), params, 7))
    for k in range(draw(st.integers(0, 2))):
        params = max_distance.Params(max=draw(st.sampled_from([0.5, 1, 2.5, 4, 6.5])),
                                     metric=draw(st.sampled_from(["auto", "floor_euclidean"])))
        out.append(_rule(f"X-MAXD-{k}", "max_distance", draw(st.sampled_from(["hard", "soft"])), params,
                         draw(st.integers(1, 30))))
    return out


def _rule(code, kind, severity, params, weight) -> Rule:
    return Rule(code=code, name=code.lower(), kind=kind, severity=severity, weight=float(weight), priority=1,
                params=params, source=None, title=Text(), description=Text(), examples={}, origin="test")


@st.composite
def assignments(draw, part):
    """A structurally valid assignment: some small firms lead, the others join a lead,
    a big firm or a host."""
    small = part.small
    leads = [i for i in small if draw(st.booleans())]
    targets = leads + part.big + part.host_units
    lead_of = {}
    for i in small:
        if i in leads:
            lead_of[i] = i
        elif targets:
            lead_of[i] = draw(st.sampled_from(targets))
        else:
            lead_of[i] = i
    return lead_of


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_encode_and_evaluate_agree(data):
    r = data.draw(rosters())
    charter = Charter(BASE.name, BASE.title, BASE.rules + tuple(data.draw(extra_rules())))
    (part,) = make_parts(r, charter, SolveOptions())
    lead_of = data.draw(assignments(part))
    enc = encode(part, charter.rules, AS_OF)
    for (i, u), v in enc.x.items():
        enc.model.add(v == int(lead_of[i] == u))
    by_code: dict[str, list] = {}
    for terms in enc.penalties.values():
        for code, expr in terms:
            by_code.setdefault(code, []).append(expr)
    if by_code:
        enc.model.minimize(sum(sum(e) for e in by_code.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(enc.model)

    res = PartResult(part.jurisdiction, "optimal",
                     lead_of={part.firms[i].id: part.unit_id(u) for i, u in lead_of.items()})
    plan = _assemble(r, charter, AS_OF, [part], [res])
    check = evaluate(plan, r, charter, AS_OF)
    feasible = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert feasible == (not check.hard), [f.message for f in check.hard]
    if feasible:
        assert status == cp_model.OPTIMAL
        for o in check.outcomes:
            if o.severity == "soft":
                charged = sum(solver.value(e) for e in by_code.get(o.code, []))
                assert charged == o.cost_milli, (o.code, charged, o.cost_milli)
