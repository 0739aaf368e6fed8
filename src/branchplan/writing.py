"""Writing plans and reports: readable YAML and JSON, and files written whole or not at all."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import InputError
from .errtext import os_reason, say
from .fsnames import NAMES, readable


class _Dumper(yaml.SafeDumper):
    """Readable YAML: Chinese kept as is, short scalar lists in flow style."""


def _represent_list(dumper, data):
    flow = len(data) <= 12 and all(isinstance(v, (str, int, float)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)

#: what YAML 1.2's core schema reads as a number, boolean or null (editors' YAML language
#: servers, yq, js-yaml), and YAML 1.1's y/n booleans (Go's yaml.v2): PyYAML quotes its own
#: such forms but not these (``1e3``, ``0o17``, ``y``), which those readers would take as a
#: number or a boolean
_CORE_12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
                      r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
                      r"|[yYnN]")      # (YAML 1.1's one-letter booleans, which PyYAML leaves bare)


def _represent_str(dumper, data):
    if _CORE_12.fullmatch(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return yaml.SafeDumper.represent_str(dumper, data)


_Dumper.add_representer(str, _represent_str)


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
    refuse_special(target)
    return directory


def refuse_special(path: str | Path) -> None:
    """An output path that names (or links to) something other than a file: a device such
    as /dev/null, a named pipe, a socket. The write goes to a temporary file renamed over
    the target, which would replace the device or pipe itself (as root, /dev/null with it)."""
    try:
        mode = os.stat(path).st_mode      # (through a link: what it names)
    except OSError:   # not there yet (a new file), or a name the system refuses: the write says why
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise InputError.single(str(path), say("output.not_a_file"))


def refuse_folder(path: str | Path) -> None:
    """An output path naming a folder gets this one message, whichever check meets it first
    (a file-name suffix check would otherwise speak of the wrong problem)."""
    try:
        folder = Path(path).is_dir()
    except OSError:   # a name the system refuses (too long, say): the write will say why
        folder = False
    if folder:
        raise InputError.single(str(path), "is a folder; give a file name for the output")


#: the files written (renamed into place) since :func:`forget_written`: what a command has
#: written when it is interrupted (the command line says so, rather than "nothing written")
_written: list[Path] = []


def forget_written() -> None:
    """Start a new record of the files written (a command begins)."""
    _written.clear()


def written_so_far() -> list[Path]:
    """The files written in full since :func:`forget_written`, in order."""
    return list(_written)


def atomic_write(path: str | Path, text: str | bytes, protect: Iterable[str | Path] = (),
                 mode_from: Iterable[str | Path] = ()) -> None:
    """Write text (or bytes, as they are) to path via a temporary file and rename: never half a file.

    ``protect``: input files that must never be overwritten. ``mode_from``: inputs whose
    permissions bound the output's (an output is never more readable than its inputs).
    """
    atomic_write_all([(path, text)], protect, mode_from)


def atomic_write_all(outputs: Iterable[tuple[str | Path, str | bytes]], protect: Iterable[str | Path] = (),
                     mode_from: Iterable[str | Path] = ()) -> None:
    """Write several files, all of them or none (each as :func:`atomic_write` does): every
    file is first written in full to a temporary file beside it, and only then are they all
    renamed into place. If a rename fails, the files already renamed get their previous
    content back (or are removed, where there was none)."""
    protect, mode_from = list(protect), list(mode_from)
    staged: list[tuple[Path, Path, Path]] = []      # (target, its folder, temporary file)
    try:
        for path, text in outputs:
            staged.append(_stage(path, text, protect, mode_from))
        several = len(staged) > 1
        renamed: list[tuple[Path, bool, Path | None]] = []  # (target in place, it existed, its previous content)
        previous: list[Path] = []
        try:
            for target, _, tmp in staged:
                existed = several and target.exists()
                kept = _keep_previous(target) if existed else None
                if kept is not None:
                    previous.append(kept)
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    raise InputError.single(str(target), say("output.cannot_write", reason=os_reason(exc))) from None
                renamed.append((target, existed, kept))
            for _, directory, _ in staged:
                _fsync_dir(directory)
            _written.extend(target for target, _, _ in renamed)
        except BaseException:
            if several:
                for target, existed, kept in reversed(renamed):
                    _restore(target, existed, kept)
            raise
        finally:
            for kept in previous:
                _unlink(kept)
    finally:
        for _, _, tmp in staged:    # failed or interrupted before the rename: no trace left
            _unlink(tmp)


def _stage(path: str | Path, text: str | bytes, protect: list, mode_from: list) -> tuple[Path, Path, Path]:
    """Write ``text`` in full to a temporary file beside ``path``: (target, folder, temporary file)."""
    target = Path(path)
    refuse_special(target)     # (named as given, before a link is followed)
    try:
        if target.is_symlink():  # written through the link (plan.yaml -> /share/plan.yaml), as editors do
            target = Path(os.path.realpath(target))
    except OSError:  # a name the system refuses (too long, say): the write will say why
        pass
    directory = check_target(target, protect)
    mode = 0o666 & ~_UMASK
    # never more readable than an input, nor than the file it replaces (an owner who
    # restricted last year's plan keeps it restricted); write bits do not pass on (a roster
    # or an old plan kept read-only would make every plan read-only, and on Windows the next
    # run onto the same output fail: writing it is what the user asked for)
    for p in [*mode_from, target]:
        try:
            mode &= (os.stat(p).st_mode & 0o444) | 0o222
        except OSError:
            pass
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        with (os.fdopen(fd, "wb") if isinstance(text, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", errors=NAMES, newline="\n")) as fh:
            fh.write(text if isinstance(text, bytes) else readable(text))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException as exc:
        if tmp is not None:
            _unlink(Path(tmp))
        if isinstance(exc, OSError):
            raise InputError.single(str(target), say("output.cannot_write", reason=os_reason(exc))) from None
        raise
    return target, directory, Path(tmp)


def _keep_previous(target: Path) -> Path | None:
    """A second name (a hard link) for the file about to be replaced, to restore it if a
    later output cannot be written; None when no link can be made."""
    keep = target.with_name(f".{target.name}.{os.getpid()}.previous")
    try:
        _unlink(keep)
        os.link(target, keep)
    except OSError:
        return None
    return keep


def _restore(target: Path, existed: bool, kept: Path | None) -> None:
    """Put back what ``target`` held before (remove it where it did not exist; a file whose
    previous content could not be kept stays as written)."""
    try:
        if kept is not None:
            os.replace(kept, target)
        elif not existed:
            os.unlink(target)
    except OSError:
        pass


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
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
