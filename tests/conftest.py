import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest


def record(monkeypatch, owner, name: str) -> list:
    """Wrap ``owner.name`` (a module's function) so that every value it returns is appended to
    the list returned, for the test's duration."""
    seen: list = []
    real = getattr(owner, name)

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.append(out)
        return out

    monkeypatch.setattr(owner, name, spy)
    return seen


@pytest.fixture(autouse=True, scope="session")
def _english_locale():
    """Messages follow the locale (LANG / LC_ALL): tests read English unless they choose a
    language, whatever the locale of the machine running them."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LANG", "C.UTF-8")
        mp.delenv("LC_ALL", raising=False)
        mp.delenv("LC_MESSAGES", raising=False)
        mp.delenv("BRANCHPLAN_LANG", raising=False)
        yield


@pytest.fixture
def beside(monkeypatch):
    """The exact path on a small city from a rough first plan, with the side work and the
    pieces at any size (tests/test_side_search.py, tests/test_race.py)."""
    from branchplan.solver import exact

    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 2)
    monkeypatch.setattr(exact, "FIRST_GAP", 0.2)
    monkeypatch.setattr(exact, "SPLIT_FROM", 5)
    monkeypatch.setattr(exact, "SIDE_FROM", 0)


@pytest.fixture
def through_cuts(monkeypatch):
    """The exact path on a small city, forced through the subset-row cuts: few first
    candidates, and the cuts tried whatever the number of pairs kept (tests/test_rowcuts.py,
    tests/test_partition_proof.py); what each call of the cuts returned."""
    from branchplan.solver import exact, rowcuts

    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 2)
    monkeypatch.setattr(exact, "CUTS_FROM", 0)
    monkeypatch.setattr(exact, "CUTS_PER_FIRM", 0)
    return record(monkeypatch, rowcuts, "strengthen")
