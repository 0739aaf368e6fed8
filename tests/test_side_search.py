"""Work beside CP-SAT's search: while the first search runs, the relaxation's own plan and a
higher bound; while the partition of the pool is searched, a higher bound again; while the
largest piece of the kept pairs is searched, the other pieces. The
same plan whether that work runs beside the search (the main thread, on the second core) or
after it (a worker process or another thread, where the search runs in the calling thread),
the full optimum, and a Ctrl-C meanwhile still stops the search."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from ortools.sat.python import cp_model
from test_components import AS_OF, cost_of, every_pair, roster
from test_interrupt import golomb
from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.cli import app
from branchplan.loader import dump_yaml
from branchplan.solver import exact, interrupt
from branchplan.solver.solve import SolveOptions, make_parts, solve_levels, solve_part

runner = CliRunner()


def cp_sat_alive() -> bool:
    return any(t.name == "cp-sat" and t.is_alive() for t in threading.enumerate())


def watch_where(monkeypatch) -> dict[str, list[bool]]:
    """Whether the side work and each piece's search began beside a CP-SAT search (in the
    work :func:`interrupt._threaded` runs while its search thread runs, not after it), and
    the bounds and plan costs the kept pairs were worked out from. (Not whether the search
    thread was still alive then: on a busy machine a short search may already be over.)"""
    seen: dict[str, list] = {"side": [], "pieces": [], "kept": [], "once": []}
    depth = [0]
    real_threaded = interrupt._threaded

    def threaded(solver, model, poll, callback=None, meanwhile=None):
        if meanwhile is None:
            return real_threaded(solver, model, poll, callback, None)

        def beside():
            depth[0] += 1
            try:
                return meanwhile()
            finally:
                depth[0] -= 1

        return real_threaded(solver, model, poll, callback, beside)

    def searching() -> bool:
        return depth[0] > 0

    monkeypatch.setattr(interrupt, "_threaded", threaded)
    side_call, solve_on, kept, once_call = exact._Side.__call__, exact._solve_on, exact._kept, exact._Once.__call__

    def once(self):
        if not self.done:
            seen["once"].append(searching())
        return once_call(self)

    def kept_from(bm, bound, ub, *args):
        seen["kept"].append((bound.value, ub))
        return kept(bm, bound, ub, *args)

    def side(self):
        if not self.done:
            seen["side"].append(searching())
        return side_call(self)

    def on(sub, chosen, *args, **kw):
        if kw.get("keep_bound") and not kw.get("live_plans", True):
            seen["pieces"].append(searching())
        return solve_on(sub, chosen, *args, **kw)

    monkeypatch.setattr(exact._Side, "__call__", side)
    monkeypatch.setattr(exact, "_solve_on", on)
    monkeypatch.setattr(exact, "_kept", kept_from)
    monkeypatch.setattr(exact._Once, "__call__", once)
    return seen


def same_full_optimum(part, charter, here, there):
    """Two results of the part: the same plan, bound and proof (pairs: how many the bound
    kept, so the same bound too), the full optimum, proven. Returns the part without
    fallback placements."""
    assert ((here.lead_of, here.values, here.bounds, here.status, here.pairs, here.proof)
            == (there.lead_of, there.values, there.bounds, there.status, there.pairs, there.proof))
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    level = exact.first_level(charter.rules)
    assert here.status == "optimal" and here.values[level] == want.values[level]
    return sub


def in_a_thread(fn):
    """fn() in a thread other than the main one (CP-SAT then searches in that thread)."""
    box: list = []
    t = threading.Thread(target=lambda: box.append(fn()))
    t.start()
    t.join()
    return box[0]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_plan_with_the_work_beside_the_search_or_after_it(beside, monkeypatch, seed):
    charter = load_charter().active(False)
    part = make_parts(roster(22, seed), charter, SolveOptions())[0]
    seen = watch_where(monkeypatch)

    def run():
        return solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)

    here = run()
    beside_it = dict(seen)
    seen.update(side=[], pieces=[], kept=[], once=[])
    there = in_a_thread(run)
    assert beside_it["side"] == [True] and seen["side"] == [False]
    assert beside_it["once"] == [True] and seen["once"] == [False]      # the bound beside the pool
    assert any(beside_it["pieces"]) and not any(seen["pieces"])     # some piece beside, none after
    assert len(beside_it["pieces"]) == len(seen["pieces"]) >= 2
    assert beside_it["kept"] == seen["kept"] and seen["kept"]     # the same bounds all along
    sub = same_full_optimum(part, charter, here, there)
    assert cost_of(sub, charter, here.lead_of) == here.values
    assert sorted(here.lead_of) == sorted(part.firms[i].id for i in part.small)


def test_a_better_side_plan_is_the_one_kept_and_the_search_s_branches_still_count(beside, monkeypatch):
    """The first search on two candidates per firm gives a worse plan than the relaxation's
    own (on this roster): that one is taken, and the pool searched next still has the first
    search's branches."""
    charter = load_charter().active(False)
    part = make_parts(roster(22, 4), charter, SolveOptions())[0]
    level = exact.first_level(charter.rules)
    partitions, first = [], []
    real_partition, real_on = exact._costed_partition, exact._solve_on

    def partition(sub, bm, columns, *args, **kw):
        out = real_partition(sub, bm, columns, *args, **kw)
        partitions.append((set(columns), out[1].values[level] if out[1] is not None else None))
        return out

    def on(sub, chosen, *args, **kw):
        out = real_on(sub, chosen, *args, **kw)
        if kw.get("gap_limit") is not None:
            first.append(out)
        return out

    monkeypatch.setattr(exact, "_costed_partition", partition)
    monkeypatch.setattr(exact, "_solve_on", on)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)
    sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False)
    want = solve_levels(every_pair(sub), charter.rules, AS_OF, SolveOptions(), None)
    assert len(first) == 1 and len(partitions) == 2
    assert partitions[0][1] < first[0].values[level]    # the side's plan beats the first search's
    # whose branches are still columns of the pool searched next
    assert set(exact._columns(sub, first[0].lead_of)) <= partitions[1][0]
    assert res.status == "optimal" and res.values[level] == want.values[level]


@pytest.mark.parametrize("seed", [1, 3])
def test_the_cuts_are_worked_out_beside_the_first_search_and_used_after_it(beside, through_cuts, monkeypatch, seed):
    """Where the part takes the subset-row cuts, the side works them out while the first search
    runs (once, beside it), and the part goes on with them; the same plan, bounds and proof
    when the side runs after the search; the full optimum."""
    from branchplan.solver import rowcuts

    charter = load_charter().active(False)
    part = make_parts(roster(22, seed), charter, SolveOptions())[0]
    seen = watch_where(monkeypatch)
    in_side, beside_cuts = [False], []
    real, side_call = rowcuts.strengthen, exact._Side.__call__      # (through_cuts records each result)

    def side(self):
        in_side[0] = True
        try:
            return side_call(self)
        finally:
            in_side[0] = False

    def strengthen(*args, **kw):
        beside_cuts.append(in_side[0] and seen["side"] == [True])     # (in the side, beside the search)
        return real(*args, **kw)

    monkeypatch.setattr(exact._Side, "__call__", side)
    monkeypatch.setattr(rowcuts, "strengthen", strengthen)

    def run():
        return solve_part(part, charter.rules, AS_OF, SolveOptions(prove=True), None)

    here = run()
    assert len(through_cuts) == 1 and beside_cuts == [True], (through_cuts, beside_cuts)
    seen.update(side=[], pieces=[], kept=[], once=[])
    through_cuts.clear()
    there = in_a_thread(run)
    assert len(through_cuts) == 1 and seen["side"] == [False]
    same_full_optimum(part, charter, here, there)


def test_an_exception_meanwhile_stops_the_search_and_waits_for_its_end():
    model = cp_model.CpModel()
    marks = golomb(model, n=12)
    model.minimize(marks[-1])           # minutes to prove
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1

    def meanwhile():
        assert cp_sat_alive()           # (a minutes-long search: still running here)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupt._threaded(solver, model, lambda: None, None, meanwhile)
    assert not cp_sat_alive()


def test_the_command_line_writes_the_same_plan_twice_with_the_work_beside(beside, tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text(dump_yaml(roster(22, 2).model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    outs = []
    for k in range(2):
        out = tmp_path / f"plan{k}.yaml"
        res = runner.invoke(app, ["solve", str(firms), "-o", str(out), "--prove"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    res = runner.invoke(app, ["check", str(tmp_path / "plan0.yaml"), "--firms", str(firms)])
    assert res.exit_code == 0, res.output
