"""The progress line's live figures (solver/live.py, cli/progress.py): every plan cost the
solver reports is a real plan's (never below the optimum), every bound a bound over all pairs
(never above it); reporting does not change the plan; the line reads well in both languages
and fits the terminal."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.api import solve
from branchplan.charter import Charter, Rule, Text, load_charter
from branchplan.model import Roster
from branchplan.rules import branch_count
from branchplan.cli import app, progress
from branchplan.loader import dump_yaml
from branchplan.solver import exact, live
from branchplan.solver.solve import PartResult, SolveOptions, make_parts, solve_part

from test_bound import AS_OF, full_optimum, roster
from test_counted import setup

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def board(monkeypatch):
    """The board switched on; after every report, what it shows is recorded as
    (what, part, level, value) for each level's plan and bound."""
    seen: list[tuple[str, str | None, int, int]] = []
    real_plan, real_bound = live.plan, live.bound

    def record():
        now = live.get()
        if now is not None:
            seen.extend(("plan", now.part, lvl, v) for lvl, v in now.plans.items())
            seen.extend(("bound", now.part, lvl, v) for lvl, v in now.bounds.items())

    def plan(level, value, earlier=None):
        real_plan(level, value, earlier)
        record()

    def bound(level, value):
        real_bound(level, value)
        record()

    monkeypatch.setattr(live, "plan", plan)
    monkeypatch.setattr(live, "bound", bound)
    live.enable(True)
    yield seen
    live.enable(False)


def _bracket(seen, level: int, optimum: int) -> None:
    plans = [v for what, _, lvl, v in seen if what == "plan" and lvl == level]
    bounds = [v for what, _, lvl, v in seen if what == "bound" and lvl == level]
    assert plans and bounds
    assert min(plans) == optimum and all(v >= optimum for v in plans)
    assert all(b <= optimum + 1e-6 for b in bounds), (max(bounds), optimum)


@pytest.mark.parametrize("seed", [11, 12])
def test_exact_path_reports_plans_and_bounds_around_the_optimum(board, monkeypatch, seed):
    """The relaxation's bounds and CP-SAT's bound on the kept pairs (a weak first bound
    forces that solve) never pass the optimum of the full problem."""
    monkeypatch.setattr(exact, "GUIDED", 1)
    monkeypatch.setattr(exact, "ITERATIONS", (5, 5))
    r = roster(60, seed)
    charter = load_charter().active(False)
    level = exact.first_level(charter.rules)
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal"
    want = full_optimum(part, charter.rules)[level]
    assert res.values[level] == want
    _bracket(board, level, want)
    assert {p for _, p, _, _ in board} == {"测试市"}
    assert live.get() is None          # cleared when the part is done


@pytest.mark.parametrize("seed", [1, 2])
def test_counted_path_reports_plans_and_bounds_around_the_optimum(board, tmp_path, seed):
    _, _, r, charter = setup(tmp_path, seed)
    res = solve(r, charter, SolveOptions(), AS_OF)
    assert res.plan.status == "optimal"
    _bracket(board, 1, res.parts[0].values[1])


def test_every_level_of_a_small_city_is_bracketed(board):
    """Every pair modelled (a small city): CP-SAT's bound is reported at each level, once
    the levels before it are proven, and stays below that level's optimum."""
    r = roster(20, 3)
    base = load_charter().active(False)
    # the distance rule alone at priority 3: two levels to minimise in turn
    rules = tuple(replace(rule, priority=3) if rule.code == "BP-DISTANCE" else rule for rule in base.rules)
    charter = Charter(base.name, base.title, rules)
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert res.status == "optimal" and len(res.values) >= 2
    for level, value in res.values.items():
        if any(what == "bound" and lvl == level for what, _, lvl, _ in board):
            _bracket(board, level, value)
    levels = {lvl for what, _, lvl, _ in board if what == "bound"}
    assert levels >= {lvl for lvl in res.values if lvl > 0}


def fallback_city(n_small: int, seed: int, n_big: int = 8) -> Roster:
    """Big firms of 4 full members; 4 small firms with 1 full member, the others with one
    probationary member only: the small firms cannot group among themselves, so fallback
    placements are needed (the exact and counted paths' sub-problem has no plan)."""
    rng = random.Random(seed)
    firms = []
    for k in range(n_big + n_small):
        full, prob = (4, 0) if k < n_big else ((1, 0) if k < n_big + 4 else (0, 1))
        firms.append({"id": f"F{k:03d}", "district": f"区{k % 3}", "director_is_member": False,
                      "location": {"lat": round(40 + rng.random() * 0.5, 5), "lon": round(110 + rng.random() * 0.5, 5)},
                      "members": {"full": full, "probationary": prob}})
    return Roster.model_validate({"jurisdiction": "测试市", "as_of": AS_OF, "firms": firms})


COUNT = Rule(code="X-COUNT", name="count", kind="branch_count", severity="hard", weight=1.0, priority=1,
             params=branch_count.Params(max=30), source=None, title=Text(), description=Text(), examples={},
             origin="test")


@pytest.mark.parametrize("n_small, counted", [(14, False), (40, False), (40, True)])
def test_fallbacks_needed_no_bound_of_the_sub_problem_is_shown(board, n_small, counted):
    """The direct (14 small firms), exact (40) and counted (a branch_count rule) paths work
    on the part without fallbacks, which has no plan here: none of their bounds may reach
    the board, and every bound shown stays below the plan's optimum at its level."""
    base = load_charter().active(False)
    charter = Charter(base.name, base.title, base.rules + ((COUNT,) if counted else ()))
    r = fallback_city(n_small, 2, n_big=max(8, n_small // 3))
    part = make_parts(r, charter, SolveOptions())[0]
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(nearest=None), None)
    assert res.status == "optimal" and res.values.get(0, 0) > 0      # fallbacks were needed
    want = full_optimum(part, charter.rules)
    for what, _, level, value in board:
        if what == "bound":
            assert value <= want[level], (level, value, want)


def test_held_bounds_wait_for_a_plan_and_go_with_a_new_start():
    live.enable(True)
    try:
        live.begin("A")
        live.tentative()
        live.bound(2, 9_000)
        assert live.get().bound is None and live.get().bounds == {}
        live.begin("A")                                 # the part solved again by another path
        live.plan(2, 5_000)
        assert live.get().bounds == {}                  # discarded: never shown
        live.begin("A")
        live.tentative()
        live.bound(2, 4_000)
        live.plan(2, 5_000)                             # a plan of the sub-problem: its bounds hold
        assert live.get().bound == 4_000 and live.get().gap == pytest.approx(0.2)
    finally:
        live.enable(False)


def test_a_later_level_counts_only_plans_best_at_the_earlier_ones():
    live.enable(True)
    try:
        live.begin("A")
        live.plan(2, 100)
        live.plan(3, 50, {2: 100})
        live.plan(3, 40, {2: 120})                       # worse at level 2: not counted
        assert live.get().plans == {2: 100, 3: 50}
        live.plan(3, 70, {2: 90})                        # better at level 2: level 3 starts again
        assert live.get().plans == {2: 90, 3: 70}
        live.plan(2, 80)                                 # better still: level 3's figure is void
        assert live.get().plans == {2: 80}
    finally:
        live.enable(False)


def test_a_kept_pairs_search_stopped_before_a_plan_still_lends_its_bound(monkeypatch):
    """Interrupted before it found a plan of its own, the search on the kept pairs has still
    proven a bound over all pairs (the line showed it): the plan keeps that bound."""
    monkeypatch.setattr(exact, "GUIDED", 1)
    monkeypatch.setattr(exact, "ITERATIONS", (5, 5))
    r = roster(60, 11)
    charter = load_charter().active(False)
    level = exact.first_level(charter.rules)
    part = make_parts(r, charter, SolveOptions())[0]
    real = exact._solve_on
    lent = {}

    def stopped(*a, keep_bound=False, **k):
        got = real(*a, keep_bound=keep_bound, **k)
        if not keep_bound:
            return got
        lent["bound"] = got.bounds[level] - 7       # (a bound CP-SAT had reached)
        return PartResult(part.jurisdiction, "unknown", bounds={level: lent["bound"]}, stopped="interrupted")

    monkeypatch.setattr(exact, "_solve_on", stopped)
    res = solve_part(part, charter.rules, AS_OF, SolveOptions(), None)
    assert lent, "the kept pairs were not solved"
    assert res.status == "feasible" and res.proof == "restricted"
    assert res.bounds[level] == lent["bound"] < res.values[level]


def test_reporting_does_not_change_the_plan():
    r = roster(60, 12)
    charter = load_charter().active(False)
    off = solve(r, charter, SolveOptions(), AS_OF)
    live.enable(True)
    try:
        on = solve(r, charter, SolveOptions(), AS_OF)
    finally:
        live.enable(False)
    assert dump_yaml(on.plan.to_dict()) == dump_yaml(off.plan.to_dict())


def test_board_is_off_unless_enabled():
    live.begin("X")
    live.plan(1, 5)
    assert live.get() is None


def test_now_text_in_both_languages():
    now = live.Now("南宁市", level=2, plans={2: 981_302}, bounds={2: 977_004})
    assert progress.now_text(now, "en") == "plan 981.302, bound 977.004 (gap 0.44%)"
    assert progress.now_text(now, "zh") == "方案 981.302，下界 977.004（差距 0.44%）"
    named = progress.Progress("solving", "jurisdictions")
    named.total, named.done = 2, 1
    live.enable(True)
    try:
        live.begin("南宁市")
        live.plan(2, 981_302)
        assert "· 南宁市: plan 981.302" in named.line()
    finally:
        live.enable(False)
    assert progress.now_text(live.Now("A", 2, {2: 5000}, {}), "en") == "plan 5.000"
    assert progress.now_text(live.Now("A", 2, {}, {2: 4000}), "zh") == "下界 4.000"
    assert progress.now_text(live.Now("A"), "en") == ""
    # a bound above the plan (reported before a cheaper plan was known) is shown as the plan's
    assert live.Now("A", 1, {1: 7000}, {1: 9000}).bound == 7000
    two = live.Now("A", 2, {0: 0, 2: 5000}, {0: 0, 2: 4000})
    assert progress.now_text(two, "en").startswith("priority 2: plan 5.000")
    assert progress.now_text(two, "zh").startswith("优先级 2：方案 5.000")


def test_line_fits_the_terminal_by_display_width():
    line = "求解中… 12 s · 南宁市: 方案 981.302，下界 977.004（差距 0.44%）"
    cut = progress.fit(line, 20)
    assert progress.cell_width(cut) <= 20 and cut.endswith("…") and line.startswith(cut[:-1])
    assert progress.fit("short", 20) == "short"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_shows_the_board(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    tty = _Tty()
    with progress.Progress("solving", "jurisdictions", stream=tty, interval=3600) as p:
        assert live.enabled()
        live.begin("贵港市")
        live.bound(1, 900)
        live.plan(1, 1000)
        p.update(1, 3)
        assert "贵港市: plan 1.000, bound 0.900 (gap 10.00%)" in tty.getvalue()
        live.end()
    assert not live.enabled()


def test_a_short_line_keeps_the_figures():
    """Long names are shortened in the middle, then the bar goes, then the name; a line too
    short for all the figures keeps the gap first."""
    p = progress.Progress("求解中", "个辖区", language="zh")
    p.total, p.done = 15, 4
    live.enable(True)
    try:
        live.begin("广西壮族自治区某某地级市律师行业党委第12辖区")
        live.bound(2, 976_977)
        live.plan(2, 980_240)
        wide = p.line(200)
        assert "[" in wide and "第12辖区: 方案 980.240，下界 976.977（差距 0.33%）" in wide
        line = p.line(80)
        assert progress.cell_width(line) <= 80 and "差距 0.33%" in line and "…第12辖区: 方案" in line
        narrow = p.line(40)
        assert progress.cell_width(narrow) <= 40 and narrow.startswith("求解中 4/15 个辖区") and "差距 0.33%" in narrow
    finally:
        live.enable(False)
    assert progress.middle("广西壮族自治区某某地级市律师行业党委第12辖区", 12) == "广…第12辖区"
    assert progress.middle("南宁市", 12) == "南宁市"
    assert progress.middle("广西壮族自治区某某地级市律师行业党委第12辖区", 8) == "…12辖区"   # (short: the end only)


def test_the_first_jurisdiction_already_shows_the_count():
    calls = []
    r = roster(30, 4)
    doc = r.model_dump(mode="json")
    for k, f in enumerate(doc["firms"]):
        f["jurisdiction"] = "甲市" if k % 2 else "乙市"
    two = Roster.model_validate(doc)
    solve(two, load_charter().active(False), SolveOptions(), AS_OF, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_cli_progress_line_carries_plan_and_bound(monkeypatch):
    """Through the command line, on a terminal: the line drawn when the jurisdiction is
    done shows the plan and its bound (the board is kept past the part's end here, since
    a small city is solved before the line's first redraw)."""
    monkeypatch.setattr(progress, "_isatty", lambda stream: True)
    monkeypatch.setattr(live, "end", lambda: None)
    res = CliRunner().invoke(app, ["solve", str(ROOT / "examples" / "guigang" / "firms.yaml"), "--lang", "zh"])
    assert res.exit_code == 0, res.stderr
    assert "求解中" in res.stderr and "方案 " in res.stderr and "下界 " in res.stderr
    assert "Traceback" not in res.stderr
    live.enable(False)
