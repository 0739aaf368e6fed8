"""Loading rosters and plans with the cyclic garbage collector paused (loader.collector_paused), the
command line freezing what it read, and CP-SAT models freed without the collector."""

from __future__ import annotations

import gc
import json
import threading
import weakref
from pathlib import Path

import pytest

import branchplan
from branchplan import loader, plan as plan_module, roster as roster_module
from branchplan.errors import InputError
from branchplan.roster import load_roster

ROOT = Path(__file__).resolve().parent.parent
FIRMS = ROOT / "examples" / "guigang" / "firms.yaml"


@pytest.fixture
def collector_on():
    """The collector enabled and nothing frozen, before and after the test."""
    was = gc.isenabled()
    gc.enable()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def _spy(monkeypatch, module, name: str) -> list[bool]:
    """Record whether the collector is enabled each time ``module.name`` runs."""
    seen: list[bool] = []
    inner = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return inner(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_roster_and_plan_are_validated_with_the_collector_paused(monkeypatch, collector_on, tmp_path):
    seen_roster = _spy(monkeypatch, roster_module, "_validated")
    seen_plan = _spy(monkeypatch, plan_module, "_validated")
    roster = load_roster(FIRMS)
    assert seen_roster == [False] and gc.isenabled()
    plan = branchplan.solve(roster).plan
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan.to_dict(), ensure_ascii=False), encoding="utf-8")
    plan_module.load_plan(path)
    assert seen_plan == [False] and gc.isenabled()
    roster_module.roster_from_data(json.loads(json.dumps(roster.model_dump(mode="json", exclude_none=True))))
    plan_module.plan_from_data(json.loads(path.read_text(encoding="utf-8")))
    assert seen_roster == [False, False] and seen_plan == [False, False] and gc.isenabled()
    assert gc.get_freeze_count() == 0        # (a library call freezes nothing)


def test_the_collector_is_resumed_after_a_refused_file(collector_on, tmp_path):
    bad = tmp_path / "firms.yaml"
    bad.write_text("firms:\n  - id: F1\n    members: {full: -1}\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_roster(bad)
    assert gc.isenabled()
    with pytest.raises(InputError):
        plan_module.load_plan(bad)       # (a firms file given as a plan)
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled(collector_on):
    gc.disable()
    load_roster(FIRMS)
    assert not gc.isenabled()


def test_nested_loaders_resume_the_collector_once_at_the_outermost(collector_on):
    states: list[bool] = []

    @loader.collector_paused
    def outer():
        inner()
        states.append(gc.isenabled())

    @loader.collector_paused
    def inner():
        states.append(gc.isenabled())

    outer()
    assert states == [False, False] and gc.isenabled()


@pytest.mark.parametrize("last", ["A", "B"])
def test_loads_in_two_threads_keep_the_collector_off_until_the_last_ends(collector_on, last):
    a_in, b_in, a_may_end, b_may_end = (threading.Event() for _ in range(4))
    during: list[bool] = []

    @loader.collector_paused
    def load_a():
        a_in.set()
        a_may_end.wait(10)

    @loader.collector_paused
    def load_b():
        b_in.set()
        b_may_end.wait(10)

    ta, tb = threading.Thread(target=load_a), threading.Thread(target=load_b)
    ta.start()
    assert a_in.wait(10)
    tb.start()
    assert b_in.wait(10)
    first, second = (a_may_end, b_may_end) if last == "B" else (b_may_end, a_may_end)
    first.set()
    (ta if last == "B" else tb).join(10)
    during.append(gc.isenabled())      # one load still running
    second.set()
    ta.join(10)
    tb.join(10)
    assert during == [False] and gc.isenabled()


def test_the_command_line_freezes_what_it_reads(monkeypatch, collector_on):
    monkeypatch.setattr(loader, "_keep", False)
    load_roster(FIRMS)
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(loader, "_keep", True)
    load_roster(FIRMS)
    assert gc.get_freeze_count() > 0


def test_main_asks_for_freezing_while_the_command_runs(monkeypatch, collector_on):
    import importlib

    app_module = importlib.import_module("branchplan.cli.app")

    monkeypatch.setattr(loader, "_keep", False)
    seen: list[bool] = []
    monkeypatch.setattr(app_module, "app", lambda: seen.append(loader._keep))
    app_module.main()
    assert seen == [True]               # while the command runs
    assert loader._keep is False        # and not after: a library call later freezes nothing
    load_roster(FIRMS)
    assert gc.get_freeze_count() == 0


def test_an_encoded_model_is_freed_without_the_collector(collector_on):
    from branchplan.api import resolve_as_of
    from branchplan.charter import load_charter
    from branchplan.solver.solve import SolveOptions, encode, make_parts

    roster = load_roster(FIRMS)
    charter = load_charter()
    as_of = resolve_as_of(roster, None)
    part = make_parts(roster, charter, SolveOptions())[0]
    gc.disable()
    enc = encode(part, charter.rules, as_of)
    assert len(enc.model.proto.variables) > 0
    ref = weakref.ref(enc.model)
    del enc
    assert ref() is None        # (cp_model.CpModel itself lives until the collector runs)


def test_the_model_class_builds_the_same_model_without_the_aliases():
    from branchplan.solver.cpsat import Model, cp_model

    def build(model):
        x = model.new_bool_var("x")
        y = model.new_int_var(0, 5, "y")
        model.add(2 * x + y <= 4)
        model.add_exactly_one([x, ~x])
        model.minimize(y - x)
        model.add_hint(x, 1)
        return model

    ours, theirs = build(Model()), build(cp_model.CpModel())
    assert str(ours.proto) == str(theirs.proto)
    assert not hasattr(ours, "AddHint") and hasattr(theirs, "AddHint")
    ours_ref, theirs_ref = weakref.ref(ours), weakref.ref(theirs)
    was = gc.isenabled()
    gc.disable()
    try:
        del ours, theirs
        assert ours_ref() is None and theirs_ref() is not None
    finally:
        gc.collect()
        if was:
            gc.enable()
    assert theirs_ref() is None
