"""A time limit bounds the explanation of a jurisdiction without a plan too.

The city in tests/data/slow-explanation has no plan; its full explanation (a minimal
conflict, then every remedy re-solved) takes most of a minute. Under
``--time-limit`` it stops with the limit (after a short grace) and says so."""

from __future__ import annotations

import json
import time
from pathlib import Path

from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.cli import app
from branchplan.infeasible import explain_part
from branchplan.remedies import suggest
from branchplan.roster import load_roster
from branchplan.solver.explain import Budget
from branchplan.solver.options import SolveOptions
from branchplan.solver.solve import make_parts

DATA = Path(__file__).parent / "data" / "slow-explanation"


def _part():
    charter = load_charter(DATA / "rules.yaml")
    roster = load_roster(DATA / "firms.yaml")
    parts = make_parts(roster, charter, SolveOptions())
    assert len(parts) == 1
    return parts[0], charter.in_jurisdiction(parts[0].jurisdiction), roster.as_of


def test_a_passed_deadline_stops_the_explanation_and_it_says_so():
    part, charter, as_of = _part()
    conflict = explain_part(part, charter, as_of, deadline=time.monotonic() - 1)
    assert conflict.status == "infeasible"
    assert conflict.time_limit_reached and not conflict.remedies_decided and not conflict.remedies
    assert conflict.core is not None and conflict.core.work == 0.0   # nothing was solved
    en, zh = conflict.text("en"), conflict.text("zh")
    assert "The explanation stopped at the time limit (--time-limit)" in en
    assert "before every change was decided" in en and "is enough on its own." not in en
    assert "解释在时间限制（--time-limit）处停止" in zh and "尚有修改未能验算" in zh
    d = conflict.to_dict()
    assert d["time_limit_reached"] is True and d["remedies_decided"] is False


def test_a_budget_spent_leaves_the_remedies_undecided_not_failed():
    part, charter, as_of = _part()
    conflict = explain_part(part, charter, as_of, deadline=time.monotonic() - 1)
    remedies, decided = suggest(part, charter, conflict, as_of, budget=Budget(0.0, 0.0))
    assert remedies == [] and decided is False


def test_a_budget_still_open_decides():
    b = Budget(5.0, 1.0, deadline=time.monotonic() + 3600)
    assert not b.timed_out and b.left == 5.0
    assert Budget(5.0, 1.0, deadline=time.monotonic() - 1).left == 0.0


def test_cli_time_limit_bounds_the_explanation(tmp_path):
    out = tmp_path / "plan.yaml"
    res = CliRunner().invoke(app, ["solve", str(DATA / "firms.yaml"), "--rules", str(DATA / "rules.yaml"),
                                   "--time-limit", "1", "-o", str(out), "--format", "json"])
    assert res.exit_code == 1, res.output
    assert not out.exists()
    doc = json.loads(res.stdout)
    assert doc["status"] == "infeasible"
    (conflict,) = doc["conflicts"]
    assert conflict["time_limit_reached"] is True and conflict["remedies_decided"] is False
    assert "The explanation stopped at the time limit (--time-limit)" in doc["problems"][0]
