"""The progress line's live figures (solver/live.py, cli/progress.py): every plan cost the
solver reports is a real plan's (never below the optimum), every bound a bound over all pairs
(never above it); reporting does not change the plan; the line reads well in both languages
and fits the terminal."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.api import solve
from branchplan.charter import Charter, load_charter
from branchplan.cli import app, progress
from branchplan.loader import dump_yaml
from branchplan.solver import exact, live
from branchplan.solver.solve import SolveOptions, make_parts, solve_part

from test_bound import AS_OF, full_optimum, roster
from test_counted import setup

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def board(monkeypatch):
    """The board switched on, every report recorded as (what, part, level, value)."""
    seen: list[tuple[str, str | None, int, int]] = []
    real_plan, real_bound = live.plan, live.bound

    def plan(level, value):
        now = live.get()
        seen.append(("plan", now and now.part, level, int(round(value))))
        real_plan(level, value)

    def bound(level, value):
        now = live.get()
        seen.append(("bound", now and now.part, level, value))
        real_bound(level, value)

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
    assert progress.now_text(now, "en", named=True).startswith("南宁市: plan")
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
