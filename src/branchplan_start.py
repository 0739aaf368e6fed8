"""The ``branchplan`` command's entry point, outside the package.

Importing branchplan (pydantic models, OR-Tools, numpy) takes about a second. A Ctrl-C or
SIGTERM in that second would otherwise end the program with a Python traceback, or inside
OR-Tools' native start-up with an ImportError and exit 1, which the command reserves for
"no plan". This module is imported first: until the package is loaded and a command has
taken the signals over (the command line read), such a signal ends the program at once,
with the exit code it has later (130 / 143). Nothing has been read or written by then. A signal the caller ignores (a background job of a script) stays ignored.
"""

from __future__ import annotations

import os
import signal
import sys


def _chinese() -> bool:
    """Whether messages are in Chinese, as ``branchplan.i18n.default_lang`` decides (read here
    without loading the package): the first of BRANCHPLAN_LANG, LC_ALL, LC_MESSAGES, LANG
    that is set starts with zh; where none is set (Windows), the system locale is Chinese."""
    for var in ("BRANCHPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return value.lower().startswith("zh")
    try:
        import locale

        name = locale.getlocale()[0]
    except Exception:
        return False
    return isinstance(name, str) and name.strip().lower().startswith(("zh", "chinese"))


def _early(signum, frame) -> None:  # pragma: no cover - exits
    zh = _chinese()
    sys.stderr.write("启动时被中断；未写出任何文件\n" if zh else "interrupted while starting; nothing written\n")
    sys.stderr.flush()
    os._exit(128 + signum)


def main() -> None:
    for s in (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()):
        if signal.getsignal(s) is not signal.SIG_IGN:
            signal.signal(s, _early)
    from branchplan.cli import main as run  # the second of imports

    # (and while the command line is read: each command takes the signals over while it
    # runs, its files written whole or not at all: branchplan.cli.app.guarded)
    run()


if __name__ == "__main__":
    main()
