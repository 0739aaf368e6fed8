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
