"""Using branchplan as a library in a long-lived process (a web app): errors that cross
process boundaries, calls that depend only on their arguments, arguments checked as
``solve`` checks them."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import branchplan

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"


def test_input_error_survives_pickling_with_its_problems():
    with pytest.raises(branchplan.InputError) as info:
        branchplan.roster_from_data({"firms": [{"id": "F1", "members": {"full": 3}}]}, source="request")
    err = info.value
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is branchplan.InputError
    assert back.problems == err.problems and str(back) == str(err) and back.text("zh") == err.text("zh")


def test_input_error_raised_in_a_process_pool_reaches_the_caller_as_itself():
    with ProcessPoolExecutor(1) as pool:
        fut = pool.submit(branchplan.roster_from_data, {"firms": [{"id": "F1", "members": {"full": 3}}]}, "request")
        with pytest.raises(branchplan.InputError) as info:
            fut.result()
        assert info.value.problems[0].path == "request"
        assert pool.submit(len, "abc").result() == 3    # the pool is still usable
