"""The command line does not load the spreadsheet library until a workbook is written, and
``branchplan.build_workbook`` is still there for the library."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_the_command_line_loads_openpyxl_only_for_a_workbook():
    code = ("import sys, branchplan, branchplan.cli; loaded = 'openpyxl' in sys.modules; "
            "from branchplan import build_workbook; "
            "print(loaded, 'openpyxl' in sys.modules, build_workbook.__module__, 'build_workbook' in branchplan.__all__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "branchplan.xlsxreport", "True"]


def test_an_unknown_attribute_is_still_an_attribute_error():
    import branchplan

    with pytest.raises(AttributeError, match="no_such_thing"):
        branchplan.no_such_thing
