import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest


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
