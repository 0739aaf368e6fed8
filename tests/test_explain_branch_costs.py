"""explain's cost of a branch is the charter evaluated on the plan holding that branch
alone. It is evaluated against the branch's own units and the roster's outline
(``explain.Outline``), not the whole roster: here, against the whole roster as well, on
random rosters (several jurisdictions, hosts, firms without members) and random hand-made
plans (firms left out, listed twice, split, across jurisdictions, unknown ids, stray
leads), under charters with every rule kind, soft and hard, local and not, with and
without a jurisdiction rule. The costs per rule, the rules costed only plan-wide and the
findings about the branch are the same; so is what ``explain`` prints."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rosters import AS_OF, rosters
from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.check import evaluate_view, make_view
from branchplan.cli import app
from branchplan.explain import Outline, branch_costs
from branchplan.plan import Branch, Plan
from branchplan.roster import roster_from_data
from branchplan.rules import KINDS
from branchplan.rules.base import BranchView

runner = CliRunner()

#: every rule kind but stability (explain leaves it out): the shipped charter's, plus
#: branch counts, distance caps, aggregates over hosts, soft and hard, some local
EVERY_KIND = """\
extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-MEMBERS
    severity: soft
    weight: 4
    params: {max: 6}
  - {code: X-MAX-BRANCHES, kind: branch_count, severity: soft, weight: 7, params: {max: 2}}
  - {code: X-MIN-JOINT, kind: branch_count, severity: soft, weight: 2, params: {min: 1, applies_to: [joint]}}
  - {code: X-MIN-HOST, kind: branch_count, severity: soft, weight: 3, params: {min: 1, max: 1, applies_to: [host]},
     jurisdictions: [贵港市]}
  - {code: X-BRANCHES, kind: branch_count, severity: hard, params: {min: 2, max: 3}}
  - {code: X-MAXD, kind: max_distance, severity: soft, weight: 3, params: {max: 20}}
  - {code: X-MAXD-HARD, kind: max_distance, severity: hard, params: {max: 60}, except_jurisdictions: [桂平市]}
  - {code: BP-DISTRICT, params: {per: member}, jurisdictions: [桂平市]}
  - {code: X-HOST-FIRMS, kind: branch_aggregate, severity: soft, weight: 1,
     params: {applies_to: [host], count: firms, max: 1}}
  - {code: X-DIRECTORS, kind: branch_aggregate, severity: soft, weight: 1,
     params: {applies_to: [standalone, joint], count: firms, director_is_member: false, max: 0},
     except_jurisdictions: [平南县]}
  - {code: BP-LEAD-DIRECTOR, params: {applies_to: [standalone, host]}}
"""

#: a charter without a jurisdiction rule (the roster is one whole: branches count over all
#: of it, named after its one jurisdiction if it has one) and without fallback placements
WHOLE = """\
rules:
  - {code: ONE, kind: assignment}
  - {code: OWN, kind: own_branch, params: {min_full: 3}}
  - {code: MINF, kind: branch_aggregate, params: {count: members, status: full, min: 3}}
  - {code: CAP, kind: branch_aggregate, severity: soft, weight: 4, params: {applies_to: [joint, host], max: 6}}
  - {code: COUNT, kind: branch_count, severity: soft, weight: 7, params: {max: 2}}
  - {code: JOINT, kind: branch_count, severity: soft, weight: 2, params: {min: 1, applies_to: [joint]}}
  - {code: KM, kind: distance, weight: 1}
  - {code: MAXD, kind: max_distance, severity: soft, weight: 3, params: {max: 20}}
  - {code: DIST, kind: district, weight: 5}
  - {code: LEADD, kind: lead_director, weight: 5}
"""


@pytest.fixture(scope="module")
def charters(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    out = {"shipped": load_charter().active(False)}
    for name, text in (("every-kind", EVERY_KIND), ("whole", WHOLE)):
        (d / f"{name}.yaml").write_text(text, encoding="utf-8")
        out[name] = load_charter(d / f"{name}.yaml").active(False)
    assert {r.kind for r in out["every-kind"].rules} == set(KINDS) - {"stability"}
    assert not out["whole"].of_kind("jurisdiction") and not out["whole"].of_kind("fallback")
    return out


def random_plan(roster, rnd: random.Random) -> Plan:
    """A hand-made plan: firms grouped at random (across jurisdictions too); some left out,
    some listed twice or in two branches; hosts in branches, as leads or not, or alone; now
    and then an unknown id or a stray lead."""
    units = [f.id for f in roster.firms if rnd.random() < 0.9]
    rnd.shuffle(units)
    branches: list[list[str]] = []
    for fid in units:
        if branches and rnd.random() < 0.6:
            rnd.choice(branches).append(fid)
        else:
            branches.append([fid])
    for h in roster.hosts:
        if rnd.random() < 0.7:
            if branches and rnd.random() < 0.8:
                rnd.choice(branches).insert(0, h.id)
            else:
                branches.append([h.id])      # a host with no firm
    if branches and rnd.random() < 0.3:      # a firm in two branches, or twice in one
        rnd.choice(branches).append(rnd.choice(roster.firms).id)
    if branches and rnd.random() < 0.1:
        rnd.choice(branches).append("NOBODY")
    out = []
    for i, firms in enumerate(branches):
        lead = firms[0]
        if rnd.random() < 0.7:
            lead = rnd.choice(firms)
        if rnd.random() < 0.05:
            lead = rnd.choice([f.id for f in roster.firms])
        out.append(Branch(id=f"B{i:03d}", lead=lead, firms=firms))
    return Plan(as_of=AS_OF, charter="cpc-branch-2018", branches=out)


def whole_roster_costs(view, charter, full) -> tuple[dict, set[str]]:
    """explain's costs as defined: each branch evaluated alone against the whole roster."""
    per = {}
    for b in view.branches:
        res = evaluate_view(replace(view, branches=[b]), charter)
        per[b.id] = {o.code: o.cost_milli for o in res.outcomes if o.severity == "soft"}
    plan_wide = {o.code for o in full.outcomes if o.severity == "soft"
                 and sum(c.get(o.code, 0) for c in per.values()) != o.cost_milli}
    return per, plan_wide


def about(res, branch: str) -> list:
    """Per rule: its soft cost and the findings about ``branch`` (what explain shows of them)."""
    return [(o.code, o.severity, o.cost_milli if o.severity == "soft" else 0,
             [f for f in o.findings if f.branch == branch]) for o in res.outcomes]


def assert_same_costs(roster, plan, charter):
    view = make_view(plan, roster, charter, AS_OF)
    full = evaluate_view(view, charter)
    outline = Outline(roster)
    assert branch_costs(view, charter, full, outline) == whole_roster_costs(view, charter, full)
    for b in view.branches:
        alone = evaluate_view(outline.alone(view, b), charter)
        assert about(alone, b.id) == about(evaluate_view(replace(view, branches=[b]), charter), b.id)
        for f in b.firms:      # the branch without one of its firms (what a firm's placement adds)
            without = BranchView(b.id, b.index, b.jurisdiction, b.lead,
                                 tuple(g for g in b.firms if g.id != f.id), b.host, b.unknown)
            cut = evaluate_view(outline.alone(view, without), charter)
            assert about(cut, b.id) == about(evaluate_view(replace(view, branches=[without]), charter), b.id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=rosters(max_firms=7, max_cities=3), seed=st.integers(0, 2**32 - 1),
       name=st.sampled_from(["shipped", "every-kind", "whole"]))
def test_branch_costs_against_the_outline_are_those_against_the_whole_roster(charters, doc, seed, name):
    roster = roster_from_data(doc)
    assert_same_costs(roster, random_plan(roster, random.Random(seed)), charters[name])


@pytest.mark.parametrize("name", ["shipped", "every-kind", "whole"])
def test_branch_costs_on_the_guigang_plans(charters, name):
    root = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    for plan_file, firms_file in (("plan-current.yaml", "firms.yaml"), ("plan-2027.yaml", "firms-2027.yaml")):
        roster = roster_from_data(yaml.safe_load((root / firms_file).read_text(encoding="utf-8")))
        plan = Plan.model_validate(yaml.safe_load((root / plan_file).read_text(encoding="utf-8")))
        assert_same_costs(roster, plan, charters[name])


def test_a_plan_wide_rule_stays_plan_wide(charters):
    """A branch count's branches, each alone, do not add up to the plan's: costed plan-wide,
    in every jurisdiction the roster has members in, including one with no branch."""
    roster = roster_from_data({"as_of": AS_OF, "firms": [
        {"id": "A1", "jurisdiction": "贵港市", "members": {"full": 3}},
        {"id": "A2", "jurisdiction": "贵港市", "members": {"full": 3}},
        {"id": "A3", "jurisdiction": "贵港市", "members": {"full": 3}},
        {"id": "C1", "jurisdiction": "平南县", "members": {"full": 3}}]})
    plan = Plan(as_of=AS_OF, charter="cpc-branch-2018",
                branches=[Branch(id=f"B{i}", lead=f, firms=[f]) for i, f in enumerate(["A1", "A2", "A3"])])
    charter = charters["every-kind"]
    view = make_view(plan, roster, charter, AS_OF)
    full = evaluate_view(view, charter)
    per, plan_wide = branch_costs(view, charter, full)
    assert {"X-MAX-BRANCHES", "X-MIN-JOINT"} <= plan_wide
    assert (per, plan_wide) == whole_roster_costs(view, charter, full)
    # each branch alone: 1 branch in 贵港市, none in 平南县 (no joint branch in either)
    assert per["B0"]["X-MIN-JOINT"] == 2 * 2000 and per["B0"]["X-MAX-BRANCHES"] == 0


def test_a_whole_roster_is_named_by_its_hosts_too(charters):
    """Without a jurisdiction rule a branch count names the roster after its one
    jurisdiction, hosts' included: a host in another city makes it the whole roster."""
    for host_city in ("甲市", "乙市"):
        roster = roster_from_data({"as_of": AS_OF, "firms": [
            {"id": "A1", "jurisdiction": "甲市", "members": {"full": 3}},
            {"id": "A2", "jurisdiction": "甲市", "members": {"full": 1}}],
            "hosts": [{"id": "H1", "jurisdiction": host_city}]})
        plan = Plan(as_of=AS_OF, charter="x", branches=[Branch(id="B0", lead="A1", firms=["A1"]),
                                                          Branch(id="B1", lead="A2", firms=["A2"])])
        charter = charters["whole"]
        view = make_view(plan, roster, charter, AS_OF)
        full = evaluate_view(view, charter)
        assert branch_costs(view, charter, full) == whole_roster_costs(view, charter, full)
        for b in view.branches:
            alone = evaluate_view(Outline(roster).alone(view, b), charter)
            whole = evaluate_view(replace(view, branches=[b]), charter)
            assert [o.findings for o in alone.outcomes if o.code == "JOINT"] == \
                [o.findings for o in whole.outcomes if o.code == "JOINT"]


def _explain(*args: str) -> str:
    res = runner.invoke(app, ["explain", *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_explain_prints_the_costs_of_each_branch_alone(tmp_path):
    """End to end, in every format and language: the plan's table, a branch and a firm."""
    root = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    rules = tmp_path / "rules.yaml"
    rules.write_text(EVERY_KIND, encoding="utf-8")
    args = [str(root / "plan-current.yaml"), "--firms", str(root / "firms.yaml"), "--rules", str(rules)]
    roster = roster_from_data(yaml.safe_load((root / "firms.yaml").read_text(encoding="utf-8")))
    plan = Plan.model_validate(yaml.safe_load((root / "plan-current.yaml").read_text(encoding="utf-8")))
    charter = load_charter(rules).active(False)
    view = make_view(plan, roster, charter, plan.as_of)
    per, plan_wide = whole_roster_costs(view, charter, evaluate_view(view, charter))
    table = json.loads(_explain(*args, "-f", "json"))
    assert set(table["plan_wide"]) == plan_wide and "X-MAX-BRANCHES" in plan_wide
    for row in table["branches"]:
        want = {c: v for c, v in per[row["branch"]].items() if c not in plan_wide}
        assert row["cost_by_rule"] == {c: v / 1000 for c, v in want.items() if v}
        assert row["cost"] == sum(want.values()) / 1000
    b005 = json.loads(_explain(*args, "-b", "B005", "-f", "json"))
    costs = {r["code"]: r.get("cost") for r in b005["rules"] if r["severity"] == "soft"}
    assert costs["X-MAX-BRANCHES"] is None and costs["BP-JOINT-MAX-MEMBERS"] == per["B005"]["BP-JOINT-MAX-MEMBERS"] / 1000
    assert b005["cost"] == sum(v for c, v in per["B005"].items() if c not in plan_wide) / 1000
    for lang in ("en", "zh"):
        text = _explain(*args, "--lang", lang)
        assert "B005" in text and "X-MAX-BRANCHES" in text
        assert "X-MAX-BRANCHES" in _explain(*args, "-b", "B005", "--lang", lang)
        assert "F006" in _explain(*args, "--firm", "F006", "--lang", lang)
    firm = json.loads(_explain(*args, "--firm", "F006", "-f", "json"))
    f006 = next(f for f in b005["firms"] if f["id"] == "F006")
    assert firm["branch"] == "B005" and firm["placement_cost"] == f006["cost"]
