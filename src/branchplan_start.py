"""The ``branchplan`` command's entry point, outside the package.

Importing branchplan (pydantic models, OR-Tools, numpy) takes about a second. A Ctrl-C or
SIGTERM in that second would otherwise end the program with a Python traceback, or inside
OR-Tools' native start-up with an ImportError and exit 1, which the command reserves for
"no plan". This module is imported first: until the package is loaded, such a signal ends
the program at once, with the exit code it has later (130 / 143). Nothing has been read or
written by then. A signal the caller ignores (a background job of a script) stays ignored.
"""

from __future__ import annotations

import os
import signal
import sys


def _early(signum, frame) -> None:  # pragma: no cover - exits
    zh = any(os.environ.get(v, "").startswith("zh") for v in ("LC_ALL", "LC_MESSAGES", "LANG"))
    sys.stderr.write("启动时被中断；未写出任何文件\n" if zh else "interrupted while starting; nothing written\n")
    sys.stderr.flush()
    os._exit(128 + signum)


class _Terminated(KeyboardInterrupt):
    signum = signal.SIGTERM


def _terminate(signum, frame) -> None:
    raise _Terminated()


def main() -> None:
    watched = [s for s in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(s) is not signal.SIG_IGN]
    for s in watched:
        signal.signal(s, _early)
    from branchplan.cli import main as run  # the second of imports

    # then a signal raises, as Ctrl-C does: each command turns it into its exit code once it
    # runs (its files written whole or not at all); before that (the command line being read)
    # it ends the program here, as during the imports
    for s in watched:
        signal.signal(s, signal.default_int_handler if s == signal.SIGINT else _terminate)
    try:
        run()
    except KeyboardInterrupt as exc:  # pragma: no cover - exits
        _early(getattr(exc, "signum", signal.SIGINT), None)


if __name__ == "__main__":
    main()
