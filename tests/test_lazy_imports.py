"""The command line does not load the spreadsheet library until a workbook is written (and
``branchplan.build_workbook`` is still there for the library), nor OR-Tools until it solves."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


@pytest.mark.parametrize("name, library, module", [("build_workbook", "openpyxl", "branchplan.xlsxreport"),
                                                   ("build_report", "jinja2", "branchplan.htmlreport")])
def test_the_command_line_loads_openpyxl_and_jinja2_only_for_a_report(name, library, module):
    code = (f"import sys, branchplan, branchplan.cli, branchplan.cli.app; loaded = '{library}' in sys.modules; "
            f"from branchplan import {name}; "
            f"print(loaded, '{library}' in sys.modules, {name}.__module__, '{name}' in branchplan.__all__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", module, "True"]


def test_an_unknown_attribute_is_still_an_attribute_error():
    import branchplan

    with pytest.raises(AttributeError, match="no_such_thing"):
        branchplan.no_such_thing


GUIGANG = Path(__file__).resolve().parent.parent / "examples" / "guigang"


def _run(code: str) -> list[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=GUIGANG).stdout.split()


def test_importing_the_library_and_the_command_line_does_not_load_or_tools():
    code = ("import sys, branchplan, branchplan.cli, branchplan.cli.app; "
            "print('ortools' in sys.modules, 'pandas' in sys.modules, 'numpy' in sys.modules)")
    assert _run(code) == ["False", "False", "False"]


def test_check_runs_without_or_tools_and_solve_loads_it():
    """``check`` of a valid plan, ``diff`` and ``rules`` never need CP-SAT (nor numpy); the solve that
    made the plan does, and its options are the same class wherever they are imported from."""
    code = textwrap.dedent("""
        import contextlib, io, sys, tempfile, os
        from branchplan.cli.app import app
        def run(*args):
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                try:
                    app(list(args))
                except SystemExit as exc:
                    return exc.code
        for args in (["check", "plan-current.yaml", "--firms", "firms.yaml"],
                     ["diff", "plan-current.yaml", "plan-current.yaml", "--firms", "firms.yaml"],
                     ["rules"]):
            print(run(*args), 'ortools' in sys.modules or 'numpy' in sys.modules)
        import branchplan, branchplan.solver.solve as s
        result = branchplan.solve(branchplan.load_roster("firms.yaml"))
        print(result.plan.status, 'ortools' in sys.modules, s.SolveOptions is branchplan.SolveOptions)
    """)
    assert _run(code) == ["0", "False", "0", "False", "0", "False", "optimal", "True", "True"]


def test_cp_model_is_loaded_without_pandas_and_pandas_is_real_at_first_use():
    code = textwrap.dedent("""
        import sys
        from branchplan.solver.cpsat import cp_model
        before = 'pandas' in sys.modules
        m = cp_model.CpModel(); x = m.new_int_var(0, 3, 'x'); m.maximize(x)
        s = cp_model.CpSolver(); ok = s.solve(m) == cp_model.OPTIMAL and s.value(x) == 3
        print(before, ok, 'pandas' in sys.modules, cp_model.pd.DataFrame.__module__.startswith('pandas'))
    """)
    assert _run(code) == ["False", "True", "False", "True"]


def test_cp_model_is_imported_as_usual_where_the_stand_in_fails():
    """Another OR-Tools version using pandas while it is imported: the plain import follows."""
    code = textwrap.dedent("""
        import importlib, sys
        real, failed = importlib.import_module, []
        def once(name, *args, **kwargs):
            if name == 'ortools.sat.python.cp_model' and not failed:
                failed.append(name)
                raise AttributeError('DataFrame')
            return real(name, *args, **kwargs)
        importlib.import_module = once
        from branchplan.solver.cpsat import cp_model
        importlib.import_module = real
        m = cp_model.CpModel(); m.add(m.new_bool_var('b') == 1); s = cp_model.CpSolver()
        print(failed == ['ortools.sat.python.cp_model'], s.solve(m) == cp_model.OPTIMAL, 'pandas' in sys.modules,
              type(sys.modules['pandas']).__name__)
    """)
    assert _run(code) == ["True", "True", "True", "module"]
