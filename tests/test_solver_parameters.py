"""CP-SAT's parameters. search_workers: with 2 to 7 workers the one full search is max_lp
(linearization level 2), not CP-SAT's default_lp, whose bound stalls on these models; the
plans are the same as with one worker. The search on a large city's kept pairs runs one
presolve round and light probing (exact.PROOF_TUNING), and proves the same optimum."""

from __future__ import annotations

from pathlib import Path

import pytest

import branchplan
from branchplan.solver import interrupt

GUIGANG = Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml"


@pytest.fixture
def seen(monkeypatch):
    got: list[tuple[int, list[str]]] = []
    real = interrupt.solve

    def spy(solver, model, callback=None, meanwhile=None):
        got.append((solver.parameters.num_workers, list(solver.parameters.subsolvers)))
        return real(solver, model, callback, meanwhile)

    monkeypatch.setattr(interrupt, "solve", spy)
    return got


@pytest.mark.parametrize("workers", [1, 2, 8])
def test_few_workers_search_with_max_lp_first(seen, workers):
    roster = branchplan.load_roster(GUIGANG)
    res = branchplan.solve(roster, options={"search_workers": workers})
    one = branchplan.solve(roster)
    assert res.ok and res.parts[0].status == "optimal"
    assert res.parts[0].values == one.parts[0].values
    assert seen and {w for w, _ in seen} == {workers, 1}
    for w, subsolvers in seen:
        if w == 2:
            assert subsolvers[:2] == ["max_lp", "default_lp"]
        else:       # one worker, or enough for CP-SAT's own portfolio (which has max_lp)
            assert subsolvers == []


def test_a_large_kept_pairs_search_gets_the_proof_tuning_and_the_same_optimum(seen, monkeypatch):
    from test_bound import AS_OF, full_optimum, roster

    from branchplan.charter import load_charter
    from branchplan.solver import exact
    from branchplan.solver.solve import SolveOptions, make_parts, solve_part

    monkeypatch.setattr(exact, "GUIDED", 1)            # a weak first bound: the kept pairs are solved
    monkeypatch.setattr(exact, "ITERATIONS", (5, 5))
    charter = load_charter().active(False)
    level = exact.first_level(charter.rules)
    part = make_parts(roster(60, 11), charter, SolveOptions())[0]
    want = full_optimum(part, charter.rules)[level]
    tuned = []
    real = interrupt.solve

    def spy(solver, model, callback=None, meanwhile=None):
        tuned.append((solver.parameters.max_presolve_iterations, solver.parameters.cp_model_probing_level))
        return real(solver, model, callback, meanwhile)

    monkeypatch.setattr(interrupt, "solve", spy)
    for start in (10**9, 1):        # the model is small: tuned only when the threshold is lowered
        monkeypatch.setattr(exact, "PROOF_TUNING_FROM", start)
        tuned.clear()
        res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
        assert res.status == "optimal" and res.values[level] == want
        assert ((1, 1) in tuned) == (start == 1), tuned
        assert tuned[0] != (1, 1)      # (the first, guided search keeps CP-SAT's defaults)
