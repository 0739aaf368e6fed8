"""The command line: thin wrappers over the library. One module per command."""

from __future__ import annotations

from .app import app, main
from . import solve as _solve  # noqa: F401  (registers the command)
from . import diff as _diff  # noqa: F401  (registers the command)
from . import check as _check  # noqa: F401  (registers the command)
from . import importer as _importer  # noqa: F401
from . import schema as _schema  # noqa: F401
from . import report as _report  # noqa: F401
from . import rules as _rules  # noqa: F401
from . import explain as _explain  # noqa: F401

__all__ = ["app", "main"]
