"""A mid-size city whose first plan the candidates got wrong (a county far from the rest):
the subset-row cuts' LP is tight there, and the partition into the branches its solution
uses is the optimum, proven at once by the cuts' bound. Before, such a city kept its first
plan (6-19% dearer) as a restricted plan with a large gap, though --prove found the optimum."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.loader import dump_yaml
from branchplan.solver import exact

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    """城市004 of a generated 3,000-firm roster (seed 4): 229 firms with members, 123 small."""
    doc = synth.generate(n_firms=3000, n_cities=6, seed=4)
    doc["firms"] = [f for f in doc["firms"] if f.get("jurisdiction") == "城市004"]
    path = tmp_path_factory.mktemp("city") / "firms.yaml"
    path.write_text(dump_yaml(doc), encoding="utf-8")
    return path


def _solve(path: Path, out: Path, *args: str) -> dict:
    res = runner.invoke(app, ["solve", str(path), "-o", str(out), *args])
    assert res.exit_code == 0, res.output
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_the_optimum_is_found_and_proven_by_default(city, tmp_path, monkeypatch):
    calls = []
    real = exact._from_support
    monkeypatch.setattr(exact, "_from_support", lambda *a, **k: calls.append(1) or real(*a, **k))
    plan = _solve(city, tmp_path / "plan.yaml")
    [j] = plan["jurisdictions"]
    assert (plan["status"], j["proof"], plan["gap"]) == ("optimal", "bound", 0.0)
    assert plan["objective"]["total"] == pytest.approx(279.103) and plan["bound"] == pytest.approx(279.103)
    assert calls == [1]
    # --prove (the search on all the pairs the bound keeps) reaches the same branches
    proved = _solve(city, tmp_path / "proved.yaml", "--prove")
    assert proved["branches"] == plan["branches"]
    assert runner.invoke(app, ["check", str(tmp_path / "plan.yaml"), "--firms", str(city)]).exit_code == 0


def test_without_the_support_the_plan_stays_restricted(city, tmp_path, monkeypatch):
    """(what the partition over the LP's branches buys: the same city without it)"""
    monkeypatch.setattr(exact, "_from_support", lambda sub, bm, cut, res, *a: (res, None))
    plan = _solve(city, tmp_path / "plan.yaml")
    assert plan["status"] == "feasible" and plan["jurisdictions"][0]["proof"] == "restricted"
    assert plan["objective"]["total"] > 300


def test_a_plan_proven_by_the_partition_reports_its_cost_as_its_bound(tmp_path):
    """城市001 of the generated province (seed 1) with joint branches of at most 4 firms: the
    partition over the branches within the gap proves the first plan optimal; its bound was
    left at the first search's (416.283 against 416.853: "optimal, gap 0.14%")."""
    doc = synth.generate(n_firms=12000, n_cities=15, seed=1)
    doc["firms"] = [f for f in doc["firms"] if f.get("jurisdiction") == "城市001"]
    firms, rules = tmp_path / "firms.yaml", tmp_path / "rules.yaml"
    firms.write_text(dump_yaml(doc), encoding="utf-8")
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    params: {max: 4}\n",
                     encoding="utf-8")
    plan = _solve(firms, tmp_path / "plan.yaml", "-r", str(rules))
    [j] = plan["jurisdictions"]
    assert (plan["status"], j["status"], j["proof"]) == ("optimal", "optimal", "bound")
    assert plan["bound"] == plan["objective"]["total"] == j["bound"] and plan["gap"] == 0.0


def test_where_the_proof_follows_anyway_the_lp_s_partition_does_not_run(tmp_path, monkeypatch):
    """城市005 of the generated seed-34 roster (364 small firms): the cuts run, the bound keeps few
    enough pairs for the proof, so the plan in hand is not replaced first (swapping one in
    there took the proof 1.8 -> 6.3 s for the same plan)."""
    doc = synth.generate(n_firms=3000, n_cities=6, seed=34)
    doc["firms"] = [f for f in doc["firms"] if f.get("jurisdiction") == "城市005"]
    firms = tmp_path / "firms.yaml"
    firms.write_text(dump_yaml(doc), encoding="utf-8")
    cuts, support = [], []
    real_cuts, real_support = exact.rowcuts.strengthen, exact._from_support
    monkeypatch.setattr(exact.rowcuts, "strengthen", lambda *a, **k: cuts.append(1) or real_cuts(*a, **k))
    monkeypatch.setattr(exact, "_from_support", lambda *a, **k: support.append(1) or real_support(*a, **k))
    plan = _solve(firms, tmp_path / "plan.yaml")
    assert plan["status"] == "optimal" and plan["objective"]["total"] == pytest.approx(409.479)
    assert cuts and not support
