"""Rule kind max_distance: the optimum equals brute force (hard and soft), the exact path
proves the full optimum with forbidden pairs, and the CLI end to end."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import branchplan
from branchplan import kinds
from branchplan.charter import Charter, Rule, Text, load_charter
from branchplan.check import evaluate
from branchplan.cli import app
from branchplan.loader import load_document
from branchplan.rules import max_distance
from branchplan.solver import exact
from branchplan.solver.relax import pair_costs
from branchplan.solver.solve import SolveOptions, make_parts, solve_part

from bruteforce import plans
from builders import AS_OF, firm, host, roster
from test_bound import full_optimum, roster as city

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
BASE = load_charter()
runner = CliRunner()


def rule(severity: str, limit: float, weight: float = 20, priority: int = 2, metric: str = "auto") -> Rule:
    return Rule(code="T-MAXD", name="t-maxd", kind="max_distance", severity=severity, weight=float(weight),
                priority=priority, params=max_distance.Params(max=limit, metric=metric), source=None,
                title=Text(), description=Text(), examples={}, origin="test")


def with_rule(r: Rule, base: Charter = BASE) -> Charter:
    return Charter(base.name, base.title, base.rules + (r,))


def levels(costs: dict[int, int]) -> tuple:
    return tuple(v for _, v in sorted(costs.items()))


def brute_optimum(r, charter: Charter):
    """The lexicographic optimum over every plan without a hard finding (None: none)."""
    best = None
    for plan in plans(r, charter):
        check = evaluate(plan, r, charter, AS_OF)
        if check.hard:
            continue
        value = levels(check.cost_by_priority())
        best = value if best is None or value < best else best
    return best


def tiny(seed: int):
    rng = random.Random(seed)
    firms = [firm(f"S{k}", rng.randint(0, 2) or 1, rng.randint(0, 1), xy=(rng.randint(0, 9), rng.randint(0, 9)),
                  district=rng.choice("AB")) for k in range(rng.randint(2, 4))]
    if rng.random() < 0.5:
        firms.append(firm("G0", 3, 1, xy=(rng.randint(0, 9), rng.randint(0, 9))))
    hosts = [host("H0", xy=(5, 5))] if rng.random() < 0.4 else []
    return roster(firms, hosts)


@pytest.mark.parametrize("severity", ["hard", "soft"])
def test_solve_matches_brute_force(severity):
    """Over 14 tiny rosters and three limits, solve's optimum (or infeasibility) is the brute
    force's; the rule changes the optimum on some of them, and the hard form makes some infeasible."""
    changed = infeasible = 0
    for seed in range(14):
        r = tiny(seed)
        free = brute_optimum(r, BASE)
        for limit in (2.5, 4, 7):
            charter = with_rule(rule(severity, limit))
            want = brute_optimum(r, charter)
            res = branchplan.solve(r, charter, as_of=AS_OF)
            if want is None:
                assert res.plan.status == "infeasible", (seed, limit)
                infeasible += free is not None       # infeasible because of the rule
                continue
            assert res.plan.status == "optimal", (seed, limit, res.plan.status)
            assert not res.check.hard
            assert levels(res.check.cost_by_priority()) == want, (seed, limit)
            changed += want != free
    assert changed > 0
    assert (infeasible > 0) == (severity == "hard")


def test_forbidden_pairs_are_a_subset_of_the_pairs_over_the_limit():
    r = city(40, 3)
    p = with_rule(rule("hard", 5.0))
    part = make_parts(r, p, SolveOptions())[0]
    firms = [part.firms[i] for i in part.small]
    mask = max_distance.forbidden_pairs(p.rules[-1], firms, firms)
    exact_over = np.array([[max_distance.over(p.rules[-1].params, f, g.location) for g in firms] for f in firms])
    assert mask.any()
    assert not (mask & ~exact_over).any()          # never forbids a pair the rule allows
    assert (mask == exact_over).mean() > 0.99       # and misses almost none
    cost = pair_costs(part, p.rules, 2, part.small, part.small)
    assert np.isinf(cost[mask]).all() and np.isfinite(cost[~mask]).all()


@pytest.mark.parametrize("severity,limit,seed", [("hard", 10.0, 2), ("soft", 4.0, 1)])
def test_exact_path_finds_the_full_optimum(severity, limit, seed, monkeypatch):
    """With the bound forced on a 60-firm city, the exact path (candidate pairs, proof over
    all pairs) and the full model agree on every level."""
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 2)
    r = city(60, seed)
    charter = with_rule(rule(severity, limit)).active(False)
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal" and res.proof == "bound"
    assert res.pairs < res.pairs_total
    want = full_optimum(part, charter.rules)
    assert {k: v for k, v in res.values.items() if v} == {k: v for k, v in want.items() if v}
    free = full_optimum(part, BASE.active(False).rules)
    assert want != free                               # the rule matters on this city


def rules_file(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "province.yaml"
    p.write_text("extends: cpc-branch-2018\nrules:\n" + body, encoding="utf-8")
    return p


HARD = "  - code: PROV-MAX-KM\n    kind: max_distance\n    params: {max: %s}\n"
SOFT = "  - code: PROV-NEAR-KM\n    kind: max_distance\n    severity: soft\n    weight: 20\n    params: {max: 2}\n"


def solve_cli(tmp_path: Path, rules: Path, name: str, *extra: str):
    out = tmp_path / name
    res = runner.invoke(app, ["solve", str(GUIGANG), "--rules", str(rules), "-o", str(out), *extra])
    return res, out


def lead_distances(plan_path: Path) -> list[float]:
    from branchplan.geo import distance
    from branchplan.roster import load_roster

    r = load_roster(GUIGANG)
    units = {f.id: f for f in r.firms} | {h.id: h for h in r.hosts}
    plan, _ = load_document(plan_path)
    return [distance(units[f].location, units[b["lead"]].location)
            for b in plan["branches"] for f in b["firms"] if f != b["lead"]]


def test_cli_hard_limit_changes_the_plan_and_check_agrees(tmp_path):
    base_out = tmp_path / "base.yaml"
    base = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(base_out)])
    assert base.exit_code == 0, base.output
    assert max(lead_distances(base_out)) > 2.0       # the default plan has a joiner 2.35 km away
    rules = rules_file(tmp_path, HARD % 2)
    res, out = solve_cli(tmp_path, rules, "plan.yaml")
    assert res.exit_code == 0, res.output
    assert max(lead_distances(out)) <= 2.0
    assert load_document(out)[0]["branches"] != load_document(base_out)[0]["branches"]
    check = runner.invoke(app, ["check", str(out), "--firms", str(GUIGANG), "--rules", str(rules)])
    assert check.exit_code == 0, check.output
    # the default plan breaks the limit: check names the rule and the firm, exit 1
    bad = runner.invoke(app, ["check", str(base_out), "--firms", str(GUIGANG), "--rules", str(rules)])
    assert bad.exit_code == 1, bad.output
    assert "PROV-MAX-KM" in bad.output and "F030" in bad.output


def test_cli_too_small_limit_is_infeasible_naming_the_rule(tmp_path):
    res, out = solve_cli(tmp_path, rules_file(tmp_path, HARD % 1), "plan.yaml")
    assert res.exit_code == 1, res.output
    assert "PROV-MAX-KM" in res.output
    assert "every unit at most 1 km from its branch's lead" in res.output  # the roster is lat/lon: km
    assert not out.exists()
    # the plain reason first: firms with no unit within the limit, and the least limit that
    # would give each of them one
    first = res.stderr.splitlines()[0]
    assert "have no other unit within 1 km, so PROV-MAX-KM leaves them no branch" in first, first
    assert "Raise PROV-MAX-KM's max to at least" in first
    # and among the remedies, each checked by solving: a farther limit, or a soft one
    assert "PROV-MAX-KM: allow units up to 2 km from their branch's lead instead of 1 km" in res.stderr
    assert "make PROV-MAX-KM soft: each unit over the limit then costs points" in res.stderr


def test_cli_soft_limit_charges_weight_per_firm(tmp_path):
    res, out = solve_cli(tmp_path, rules_file(tmp_path, SOFT), "plan.yaml", "--format", "json")
    assert res.exit_code == 0, res.output
    over = sum(d > 2.0 for d in lead_distances(out))
    doc, _ = load_document(out)
    cost = doc["objective"]["rules"]["PROV-NEAR-KM"]
    assert cost["measure"] == over and cost["cost"] == 20 * over
    # weight 20 per firm outweighs the km the default plan saves: no firm is over the limit
    assert over == 0
    cheap = rules_file(tmp_path, SOFT.replace("weight: 20", "weight: 0.5"))
    res, out = solve_cli(tmp_path, cheap, "cheap.yaml")
    assert res.exit_code == 0, res.output
    over = sum(d > 2.0 for d in lead_distances(out))
    assert over == 1
    assert load_document(out)[0]["objective"]["rules"]["PROV-NEAR-KM"]["cost"] == 0.5


def test_rules_kind_prints_the_manual_and_an_example_that_loads(tmp_path):
    res = runner.invoke(app, ["rules", "kind", "max_distance"])
    assert res.exit_code == 0, res.output
    assert "hard, soft (default hard)" in res.stdout and "max" in res.stdout
    assert "PROV-MAX-DISTANCE" in res.stdout
    p = tmp_path / "ex.yaml"
    p.write_text(kinds.example("max_distance"), encoding="utf-8")
    shown = runner.invoke(app, ["rules", "show", "PROV-MAX-DISTANCE", "--rules", str(p)])
    assert shown.exit_code == 0, shown.output
    zero = rules_file(tmp_path, "  - code: X\n    kind: max_distance\n    params: {max: 0}\n")
    refused = runner.invoke(app, ["rules", "show", "X", "--rules", str(zero)])
    assert refused.exit_code == 2 and "province.yaml:" in refused.output


@pytest.mark.parametrize("severity,limit", [("hard", 45.0), ("soft", 30.0)])
def test_counted_path_finds_the_full_optimum(tmp_path, severity, limit, monkeypatch):
    """A bounded number of branches (the counted path, p-median) with the limit: the plan
    is the full model's optimum, and the limit costs something on this instance."""
    from test_counted import full_optimum as counted_optimum, setup

    from branchplan.solver import counted

    _, _, r, charter = setup(tmp_path, 1)
    free, _ = counted_optimum(r, charter)
    charter = charter.replace_rule(rule(severity, limit, weight=40, priority=1, metric="floor_euclidean"))
    calls = []
    real = counted.solve_counted
    monkeypatch.setattr(counted, "solve_counted", lambda *a, **k: calls.append(1) or real(*a, **k))
    res = branchplan.solve(r, charter, SolveOptions(), AS_OF)
    assert calls and res.plan.status == "optimal" and res.parts[0].proof == "bound"
    value, _ = counted_optimum(r, charter)
    assert res.parts[0].values[1] == value > free


def test_no_plan_among_the_nearest_candidates_is_not_reported_as_no_plan(tmp_path):
    """A re-plan on 2 candidate leads per firm: the only partner within 3 of A (B, 2.5 away)
    is not among A's 2 nearest (their branches would pass 50 members), and every standalone
    firm is too far for a fallback. The candidates alone have no plan; every pair has one."""
    firms = tmp_path / "firms.yaml"
    firms.write_text(
        "jurisdiction: 测试市\nas_of: 2026-11-01\nfirms:\n"
        "  - {id: A, location: {x: 0, y: 0}, members: {full: 1, probationary: 5}}\n"
        "  - {id: B, location: {x: 2.5, y: 0}, members: {full: 2, probationary: 0}}\n"
        "  - {id: S1, location: {x: 1, y: 0}, members: {full: 2, probationary: 43}}\n"
        "  - {id: S2, location: {x: 0, y: 1}, members: {full: 2, probationary: 43}}\n"
        "  - {id: S3, location: {x: 1.5, y: 0.2}, members: {full: 1, probationary: 0}}\n"
        "  - {id: S4, location: {x: 0.2, y: 1.5}, members: {full: 1, probationary: 0}}\n"
        "  - {id: G, location: {x: 10, y: 10}, members: {full: 5, probationary: 0}}\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: LOCAL-MAX-KM\n    name: max-km\n"
                     "    kind: max_distance\n    params: {max: 3}\n", encoding="utf-8")
    current = tmp_path / "current.yaml"
    current.write_text("branches:\n  - {id: B001, lead: A, firms: [A, C]}\n  - {id: B002, lead: S1, firms: [S1, S3]}\n"
                       "  - {id: B003, lead: S2, firms: [S2, S4]}\n  - {id: B004, lead: G, firms: [G]}\n",
                       encoding="utf-8")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "-r", str(rules), "--current", str(current), "--nearest", "2",
                              "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert sorted(b["firms"] for b in plan["branches"] if "A" in b["firms"]) == [["A", "B"]]
    assert plan["jurisdictions"][0]["proof"] == "all pairs"
    ok = runner.invoke(app, ["check", str(out), "--firms", str(firms), "-r", str(rules)])
    assert ok.exit_code == 0, ok.output


def test_a_finding_shows_enough_decimals_to_be_over_the_limit():
    from types import SimpleNamespace

    from branchplan.model import Firm, Location

    rule = SimpleNamespace(params=max_distance.Params(max=1.5))
    a = Firm(id="A", location=Location(x=0, y=0), members={"full": 1, "probationary": 0})
    far = Firm(id="B", location=Location(x=1.504, y=0), members={"full": 1, "probationary": 0})
    farther = Firm(id="C", location=Location(x=2.5, y=0), members={"full": 1, "probationary": 0})
    assert max_distance._km(rule, a, far)[0] == "1.504" and max_distance._km(rule, a, far)[2] == "1.5"
    assert max_distance._km(rule, a, farther)[0] == "2.5"
