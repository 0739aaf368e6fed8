"""The packing argument for sets of rule instances (solver/packing.py), against brute force.

The fallback floor of a set of hard rule instances must be at most the fallback placements
of every placement (the brute force of tests/bruteforce.py, each judged by the plain
evaluators) that breaks none of them; the plain model with that floor's row must agree with
brute force on whether the set can hold; a remedy's "feasible" must come with a plan the
evaluators pass, and its "infeasible" must mean no plan."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings, strategies as st

from branchplan.solver.explain import Budget, GuardedModel, _status
from branchplan.solver.options import SolveOptions
from branchplan.solver.packing import Packing, decide, post_floor
from branchplan.solver.solve import make_parts

from bruteforce import broken, hard_only, plans
from test_grouping import cases as _cases


def _templates():
    """A hard branch_count rule and a hard max_distance rule, as a rules file gives them."""
    import tempfile
    from pathlib import Path

    from branchplan.charter import load_charter

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "extra.yaml"
        path.write_text("extends: cpc-branch-2018\nrules:\n"
                        "  - {code: X-COUNT, kind: branch_count, severity: hard, params: {min: 1, max: 9}}\n"
                        "  - {code: X-NEAR, kind: max_distance, severity: hard, params: {max: 6}}\n",
                        encoding="utf-8")
        charter = load_charter(path)
    return charter.get("X-COUNT"), charter.get("X-NEAR")


_COUNT, _NEAR = _templates()


@st.composite
def cases(draw, most: int = 5, fallbacks: bool = True):
    """test_grouping's cities, some with a bound on the number of branches (the branch
    model's bounds on the leads) or a hard distance limit (one instance per lead)."""
    import dataclasses

    roster, charter = draw(_cases(most=most, fallbacks=fallbacks))
    if draw(st.booleans()):
        lo = draw(st.integers(0, 3))
        hi = draw(st.integers(max(lo, 1), 4))
        charter = charter.replace_rule(dataclasses.replace(
            _COUNT, params=_COUNT.params.model_copy(update={"min": lo or None, "max": hi})))
    if draw(st.booleans()):
        charter = charter.replace_rule(dataclasses.replace(
            _NEAR, params=_NEAR.params.model_copy(update={"max": float(draw(st.integers(2, 9)))})))
    return roster, charter


def _setup(roster, charter):
    (part,) = make_parts(roster, charter, SolveOptions())
    rules = charter.in_jurisdiction(part.jurisdiction).rules
    everything = sorted(GuardedModel(part, rules, roster.as_of).lits)
    ch = hard_only(charter)
    small = {roster.firms[i].id for i in part.small}
    outcomes = []
    for plan in plans(roster, ch):
        fell = sum(1 for b in plan.branches if b.lead not in small for f in b.firms if f in small)
        outcomes.append((broken(plan, roster, ch), fell))
    return part, rules, everything, outcomes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_the_floor_of_a_set_of_instances_holds_for_every_placement_that_keeps_them(case, data):
    roster, charter = case
    part, rules, everything, outcomes = _setup(roster, charter)
    kept = set(data.draw(st.sets(st.sampled_from(everything))) if everything else set())
    if data.draw(st.booleans()):
        kept = set(everything)      # (the whole charter, as remedies ask it)
    floor = Packing(part, rules, roster.as_of, everything).floor(Budget(60), kept=kept)
    keeping = [fell for bad, fell in outcomes if not {(k.code, k.subject) for k in kept} & bad]
    event(f"floor={floor} plans={bool(keeping)}")
    if keeping:
        assert min(keeping) >= floor


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_the_plain_model_with_the_floor_agrees_with_brute_force(case, data):
    roster, charter = case
    part, rules, everything, outcomes = _setup(roster, charter)
    kept = set(data.draw(st.sets(st.sampled_from(everything))) if everything else set())
    budget = Budget(60)
    model = GuardedModel(part, rules, roster.as_of, decide=lambda k: k in kept)
    post_floor(model.enc, Packing(part, rules, roster.as_of, everything).floor(budget, kept=kept))
    status, _ = budget.solve(model.enc.model, symmetry=True)
    said = _status(status, model.enc.model, part)
    holds = any(not {(k.code, k.subject) for k in kept} & bad for bad, _ in outcomes)
    event(f"said={said}")
    assert said == ("feasible" if holds else "infeasible")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_remedy_check_agrees_with_brute_force(case):
    roster, charter = case
    part, rules, _, outcomes = _setup(roster, charter)
    said = decide(part, rules, roster.as_of, Budget(60))
    holds = any(not bad for bad, _ in outcomes)
    event(f"said={said}")
    assert said == ("feasible" if holds else "infeasible")


def test_a_packing_city_gets_a_proven_minimal_conflict_and_decided_remedies(tmp_path):
    """The slow-explanation city cut to 12 small firms and its standalone firm: its
    conflict is a packing argument, proven minimal, every remedy decided; the same output
    twice, byte for byte."""
    import yaml
    from pathlib import Path

    from typer.testing import CliRunner

    from branchplan.cli import app

    data = Path(__file__).parent / "data" / "slow-explanation"
    roster = yaml.safe_load((data / "firms.yaml").read_text(encoding="utf-8"))
    roster["firms"] = [f for f in roster["firms"] if f["id"] == "G0" or int(f["id"][1:]) < 12]
    (tmp_path / "firms.yaml").write_text(yaml.safe_dump(roster, sort_keys=False), encoding="utf-8")
    args = ["solve", str(tmp_path / "firms.yaml"), "--rules", str(data / "rules.yaml"), "-o", str(tmp_path / "p.json")]
    first, second = CliRunner().invoke(app, args), CliRunner().invoke(app, args)
    assert first.exit_code == second.exit_code != 0
    assert first.output == second.output
    out = first.output
    assert "Minimal conflict, 29 rule instances; dropping any one makes the rest satisfiable" in out
    assert "BP-MIN-FULL (>= 3 full members per branch) and BP-JOINT-MAX-FIRMS" in out
    assert "LOCAL-STANDALONE" not in out
    assert "declare a host organisation in J1" in out
    assert "BP-MIN-FULL: require 2 full members per branch instead of 3" in out
    assert "time ran out" not in out and not (tmp_path / "p.json").exists()


def test_a_listing_that_cannot_end_is_bounded_and_charged_to_the_explanations_budget(tmp_path):
    """47 small firms of 1-4 members under a capacity of 20 members per branch (cpmp): the sets
    of small firms one lead may lead are astronomically many, few of them complete. The listing
    stops after the sets it may visit (None, as for too many branches), and the packing floor
    charges what it visited to the explanation's budget, so that `solve --time-limit 10` on such
    a roster no longer ran for minutes."""
    from branchplan.charter import load_charter
    from branchplan.model import today
    from branchplan.roster import load_roster
    from branchplan.solver import grouping
    from branchplan.solver.packing import LISTED_PER_SECOND

    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: T\nfirms:\n" + "".join(
        f"  - {{id: F{i:02d}, location: {{x: {i % 7}, y: {i // 7}}}, members: {{full: {1 + i % 4}}}}}\n"
        for i in range(47)), encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpmp\nrules:\n  - {code: CPMP-MEDIANS, params: {min: 4, max: 7}}\n"
                     "  - {code: CPMP-CAPACITY, params: {max: 20}}\n", encoding="utf-8")
    charter = load_charter(rules).active(False)
    part = make_parts(load_roster(firms), charter, SolveOptions())[0]
    packing = Packing(part, tuple(charter.rules), today())
    bm = packing._model(frozenset())
    visited = [0]
    assert grouping.branches(bm, leads=[0], nodes=50_000, visited=visited) is None
    assert visited[0] == 50_001
    # it asks stop() (an explanation past its time limit) and Ctrl-C every 65,536 sets
    visited = [0]
    assert grouping.branches(bm, leads=[0], nodes=10_000_000, visited=visited, stop=lambda: True) is None
    assert visited[0] == 65_536
    budget = Budget(total=0.05)
    assert packing.floor(budget, 0) == 0           # (nothing proven within the budget)
    assert 0.0 < budget.used <= 0.05 + 1.0 / LISTED_PER_SECOND
    assert packing.floor(budget, 0) == 0 and budget.left <= 0

