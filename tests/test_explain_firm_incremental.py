"""A firm's alternatives (``explain --firm``) evaluate again only the branches a move changes
(``explain.Moves``): every other branch adds what it added before. Here, against the whole
moved plan evaluated again, on random rosters (several jurisdictions, hosts, firms without
members) and random hand-made plans (firms left out, listed twice, split, across
jurisdictions, unknown ids, stray leads), under charters with every rule kind, soft and
hard, local and not, with and without a jurisdiction rule: every firm moved into every
branch that does not list it, its lead handed to each of its branch's other firms. Each
rule's cost and the findings are the same; so is each alternative explain gives, and what
the command prints."""

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
from test_explain_branch_costs import EVERY_KIND, WHOLE, random_plan
from typer.testing import CliRunner

from branchplan import explain
from branchplan.charter import load_charter
from branchplan.check import evaluate, make_view
from branchplan.cli import app
from branchplan.explain import Moves, _moved, move
from branchplan.plan import Branch, Plan
from branchplan.roster import roster_from_data

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

#: local rules and local and plan-wide branch counts, without fallback placements; its
#: assignment rule is made local below (a rules file cannot: a move that changes a branch's
#: jurisdiction is then evaluated whole)
LOCAL = """\
rules:
  - {code: ONE, kind: assignment}
  - {code: OWN, kind: own_branch, params: {min_full: 3}}
  - {code: CITY, kind: jurisdiction}
  - {code: MINF, kind: branch_aggregate, params: {count: members, status: full, min: 2}, except_jurisdictions: [平南县]}
  - {code: COUNT, kind: branch_count, severity: hard, params: {max: 2}, jurisdictions: [贵港市]}
  - {code: FEW, kind: branch_count, severity: soft, weight: 3, params: {min: 2, applies_to: [joint, host]}}
  - {code: KM, kind: distance, weight: 1}
  - {code: FAR, kind: max_distance, severity: hard, params: {max: 15}, jurisdictions: [桂平市]}
"""


@pytest.fixture(scope="module")
def charters(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    out = {"shipped": load_charter().active(False)}
    for name, text in (("every-kind", EVERY_KIND), ("whole", WHOLE), ("local", LOCAL)):
        (d / f"{name}.yaml").write_text(text, encoding="utf-8")
        out[name] = load_charter(d / f"{name}.yaml").active(False)
    one = out["local"].get("ONE")
    out["local"] = out["local"].replace_rule(replace(one, jurisdictions=("贵港市", "桂平市")))
    return out


def seen(res) -> list:
    """Per rule: its cost and its findings as a multiset (all but the finding's place in the
    plan file, which a moved plan renumbers); and the hard findings in order, as move reads them."""
    def key(f):
        return (f.severity, f.code, f.branch or "", f.firms, f.members, f.message, f.message_zh, f.cost,
                f.source or "", f.firm_entry or "", f.jurisdiction or "")

    rules = [(o.code, o.severity, o.priority, o.cost_milli, sorted(map(key, o.findings))) for o in res.outcomes]
    return [rules, [(f.code, f.branch, f.message, f.message_zh) for f in res.hard], res.cost_milli]


def assert_same_moves(roster, plan, charter) -> tuple[int, int]:
    """Every firm into every branch not listing it: the same as the whole plan evaluated
    again. How many moves were evaluated incrementally, of how many."""
    view = make_view(plan, roster, charter, AS_OF)
    before = evaluate(plan, roster, charter, AS_OF)
    around = Moves(plan, roster, charter, view, before)
    incremental = tried = 0
    for firm in roster.firms:
        home = next((b for b in plan.branches if firm.id in b.firms), None)
        leads = [None]
        if home is not None and home.lead == firm.id:
            leads += [f for f in home.firms if f != firm.id]
        for b in view.branches:
            if firm.id in b.firm_ids:
                continue
            for lead in leads:
                tried += 1
                got = around.after(firm.id, b.id, lead)
                if got is not None:
                    incremental += 1
                    whole = evaluate(_moved(plan, firm.id, b.id, lead, roster.host_by_id.keys()), roster, charter, AS_OF)
                    assert seen(got) == seen(whole)
            assert move(plan, roster, charter, AS_OF, firm.id, b.id, before, around) == \
                move(plan, roster, charter, AS_OF, firm.id, b.id, before)
    return incremental, tried


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=rosters(max_firms=6, max_cities=3), seed=st.integers(0, 2**32 - 1),
       name=st.sampled_from(["shipped", "every-kind", "whole", "local"]))
def test_moves_evaluated_incrementally_are_the_whole_plans(charters, doc, seed, name):
    roster = roster_from_data(doc)
    incremental, tried = assert_same_moves(roster, random_plan(roster, random.Random(seed)), charters[name])
    if name != "local":     # (with no local assignment rule, every move is evaluated incrementally)
        assert incremental == tried


@pytest.mark.parametrize("name", ["shipped", "every-kind", "whole", "local"])
def test_moves_on_the_guigang_plans(charters, name):
    root = ROOT / "examples" / "guigang"
    for plan_file, firms_file in (("plan-current.yaml", "firms.yaml"), ("plan-2027.yaml", "firms-2027.yaml")):
        roster = roster_from_data(yaml.safe_load((root / firms_file).read_text(encoding="utf-8")))
        plan = Plan.model_validate(yaml.safe_load((root / plan_file).read_text(encoding="utf-8")))
        assert assert_same_moves(roster, plan, charters[name])[0] > 0


def test_what_is_not_exact_is_evaluated_whole(charters):
    """Two branches of one id, and a branch with no unit of the roster and a jurisdiction
    the plan gives it: the whole plan is evaluated again, with the same alternatives."""
    roster = roster_from_data({"as_of": AS_OF, "firms": [
        {"id": f"F{i}", "jurisdiction": "贵港市", "members": {"full": n}} for i, n in enumerate([3, 1, 1, 2])]})
    twice = Plan(as_of=AS_OF, charter="x", branches=[
        Branch(id="B1", lead="F0", firms=["F0"]), Branch(id="B2", lead="F1", firms=["F1", "F2"]),
        Branch(id="B2", lead="F3", firms=["F3"])])
    unknown = Plan(as_of=AS_OF, charter="x", branches=[
        Branch(id="B1", lead="F0", firms=["F0", "F1"]), Branch(id="B2", lead="F2", firms=["F2", "F3"]),
        Branch(id="B3", lead="GONE", firms=["GONE"], jurisdiction="贵港市")])
    charter = charters["every-kind"]
    for plan in (twice, unknown):
        around = Moves(plan, roster, charter, make_view(plan, roster, charter, AS_OF),
                       evaluate(plan, roster, charter, AS_OF))
        assert around.after("F1", "B1", None) is None
        assert_same_moves(roster, plan, charter)


def _explain(*args: str) -> str:
    res = runner.invoke(app, ["explain", *args])
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture
def broken_plan(tmp_path) -> Path:
    """The Guigang plan broken by hand: F006 in no branch, F013 in two, B006 over-full
    (with F033 and F035, in B005 too)."""
    plan = yaml.safe_load((ROOT / "examples" / "guigang" / "plan-current.yaml").read_text(encoding="utf-8"))
    for b in plan["branches"]:
        b["firms"] = [f for f in b["firms"] if f != "F006"]
        if b["id"] == "B005":
            b["firms"].append("F013")
        if b["id"] == "B006":
            b["firms"] += ["F033", "F035"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


def test_explain_firm_prints_what_the_whole_plan_gives(tmp_path, broken_plan, monkeypatch):
    """End to end: ``explain --firm`` for a joint branch's lead, a firm joining one, a
    standalone firm, a firm in no branch and one in two, under several charters, in text and
    json, English and Chinese, prints the same as with every move's whole plan evaluated."""
    rules = tmp_path / "every-kind.yaml"
    rules.write_text(EVERY_KIND, encoding="utf-8")
    firms = ROOT / "examples" / "guigang" / "firms.yaml"
    plans = [(ROOT / "examples" / "guigang" / "plan-current.yaml", ["F028", "F006", "F001"]),
             (broken_plan, ["F006", "F013", "F010", "F033"])]
    runs = []
    for plan, ids in plans:
        for fid in ids:
            for extra in ([], ["--rules", str(rules)]):
                runs += [[str(plan), "--firms", str(firms), "--firm", fid, "--alternatives", "20", *extra, *more]
                         for more in (["--lang", "en"], ["--lang", "zh"], ["-f", "json"])]
    incremental = [_explain(*args) for args in runs]
    calls = []
    monkeypatch.setattr(explain.Moves, "after", lambda self, *a: calls.append(a))
    assert [_explain(*args) for args in runs] == incremental
    assert calls      # (the whole plans were evaluated)
    got = json.loads(_explain(str(broken_plan), "--firms", str(firms), "--firm", "F006", "-f", "json",
                              "--alternatives", "20"))
    assert any(a["mends"] for a in got["alternatives"]) and any(a["breaks"] for a in got["alternatives"])
    lead = json.loads(_explain(str(plans[0][0]), "--firms", str(firms), "--firm", "F028", "-f", "json"))
    assert all("new_lead" in a for a in lead["alternatives"])
