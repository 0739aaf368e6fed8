"""OR-Tools' CP-SAT module (``from .cpsat import cp_model``), imported without pandas, and
the model class every search here builds (:class:`Model`).

cp_model imports pandas at its top for its pandas-indexed helpers (``*_series``,
``CpSolver.values`` of a pd.Index), which branchplan never calls; importing pandas took more
than half a second of every solve. While cp_model is imported, ``pandas`` is a stand-in
(:class:`_Pandas`) that imports the real module at its first use.
"""

from __future__ import annotations

import importlib
import sys
import types


class _Pandas(types.ModuleType):
    """What cp_model holds as pandas: the real module, imported at the first use. While
    cp_model is being imported, ``Index`` and ``Series`` (named in its type annotations only)
    are stand-ins; any use afterwards, ``isinstance`` checks included, gets pandas' own."""

    def __init__(self) -> None:
        super().__init__("pandas")
        self.importing = True

    def __getattr__(self, name: str):
        if self.importing and name in ("Index", "Series"):
            return type(name, (), {"__module__": "pandas"})
        if self.importing:
            raise AttributeError(name)
        return getattr(importlib.import_module("pandas"), name)


def _import_cp_model() -> None:
    """Import cp_model with pandas left for later; as usual when cp_model or pandas is
    loaded already."""
    if "ortools.sat.python.cp_model" in sys.modules or "pandas" in sys.modules:
        return
    stand_in = _Pandas()
    sys.modules["pandas"] = stand_in
    try:
        importlib.import_module("ortools.sat.python.cp_model")
    except Exception:
        # another OR-Tools version that uses pandas while it is imported: the plain import
        # below (with pandas) is all that is lost
        sys.modules.pop("ortools.sat.python.cp_model", None)
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
        stand_in.importing = False


_import_cp_model()

from ortools.sat.python import cp_model  # noqa: E402


class Model(cp_model.CpModel):
    """CP-SAT's model without its pre-PEP 8 aliases (``AddHint`` for ``add_hint``, ...).

    ``cp_model.CpModel`` binds about sixty such aliases to each instance, every one a bound
    method of the model: a reference cycle, so a model (its proto: tens of megabytes for a
    city of 3,000 firms) outlived the search that needed it until the cyclic garbage
    collector happened to run, and a solve's peak memory depended on when it did. Without
    them a model is freed as soon as nothing refers to it. branchplan calls the snake_case
    names only."""

    def _add_pre_pep8_methods(self) -> None:
        return None


__all__ = ["cp_model", "Model"]
