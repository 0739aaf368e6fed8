"""The command line: thin wrappers over the library. One module per command."""

from __future__ import annotations

from .app import app, main
from . import solve as _solve  # noqa: F401  (registers the command)
from . import rules as _rules  # noqa: F401
from . import explain as _explain  # noqa: F401

__all__ = ["app", "main"]
