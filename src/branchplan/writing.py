"""Writing plans and reports: readable YAML and JSON, and files written whole or not at all."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import InputError
from .errtext import os_reason, say


class _Dumper(yaml.SafeDumper):
    """Readable YAML: Chinese kept as is, short scalar lists in flow style."""


def _represent_list(dumper, data):
    flow = len(data) <= 12 and all(isinstance(v, (str, int, float)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def serialise(data: Any, fmt: str) -> str:
    """``data`` as a YAML (``fmt`` "yaml") or JSON ("json") document: what every ``-o`` writes."""
    return dump_json(data) if fmt == "json" else dump_yaml(data)


def check_target(path: str | Path, protect: Iterable[str | Path] = ()) -> Path:
    """Refuse an output path that cannot be written (its folder missing, a folder itself, or
    one of the ``protect`` input files, or a shipped charter, an input of every command):
    callers check before any work, so that nothing is written when one of several outputs
    is bad. Returns the folder."""
    from .charter import charter_dirs   # (the charter reads through this module)

    target = Path(path)
    shipped = [f for d in charter_dirs() for f in sorted(d.glob("*.yaml"))]
    for p in [*protect, *shipped]:
        try:
            if target.exists() and os.path.samefile(target, p):
                raise InputError.single(str(target), "refusing to overwrite an input file; choose another output path")
        except OSError:   # an input that cannot be compared (gone, unreadable) is not the target
            pass
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError.single(str(target), say("output.no_folder", folder=str(directory)))
    refuse_folder(target)
    return directory


def refuse_folder(path: str | Path) -> None:
    """An output path naming a folder gets this one message, whichever check meets it first
    (a file-name suffix check would otherwise speak of the wrong problem)."""
    try:
        folder = Path(path).is_dir()
    except OSError:   # a name the system refuses (too long, say): the write will say why
        folder = False
    if folder:
        raise InputError.single(str(path), "is a folder; give a file name for the output")


def atomic_write(path: str | Path, text: str | bytes, protect: Iterable[str | Path] = (),
                 mode_from: Iterable[str | Path] = ()) -> None:
    """Write text (or bytes, as they are) to path via a temporary file and rename: never half a file.

    ``protect``: input files that must never be overwritten. ``mode_from``: inputs whose
    permissions bound the output's (an output is never more readable than its inputs).
    """
    target = Path(path)
    try:
        if target.is_symlink():  # written through the link (plan.yaml -> /share/plan.yaml), as editors do
            target = Path(os.path.realpath(target))
    except OSError:  # a name the system refuses (too long, say): the write will say why
        pass
    directory = check_target(target, protect)
    mode = 0o666 & ~_UMASK
    # never more readable than an input, nor than the file it replaces (an owner who
    # restricted last year's plan keeps it restricted)
    for p in [*mode_from, target]:
        try:
            mode &= os.stat(p).st_mode & 0o666
        except OSError:
            pass
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(directory)
    except OSError as exc:
        raise InputError.single(str(target), say("output.cannot_write", reason=os_reason(exc))) from None
    finally:
        if tmp is not None:  # failed or interrupted before the rename: no trace left
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask. Reading it means setting it, so this is done once, at import
    (before any thread of the library's callers writes files), never while writing."""
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _umask()
