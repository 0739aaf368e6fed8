"""The typer app and what every command shares: error handling, output writing."""

from __future__ import annotations

import contextlib
import errno
import functools
import io
from datetime import date
import os
import signal
import sys
import threading
import warnings
from pathlib import Path
from typing import Callable, Optional

import typer

from ..errors import BranchplanError, InternalError, UsageError
from ..names import reading
from ..errtext import os_reason, say
from ..loader import atomic_write, limit_inputs
from ..model import iso_date
from .. import fsnames
from ..writing import check_target, refuse_folder, serialise  # noqa: F401  (serialise: used by the commands)
from ..i18n import pick, t
from .localise import LangChoice, LocalisedGroup, _lang_in, chosen, run_lang

app = typer.Typer(
    name="branchplan",
    help="Party branch formation and joint-branch assignment for law firms: import a roster, solve, re-plan, check, diff, explain, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LocalisedGroup,
)


def main() -> None:  # console-script entry point
    from ..loader import keep_what_is_read

    args = sys.argv[1:]
    if sys.stdout is None:      # started with standard output closed (``>&-``)
        _closed_stdout(args)
    utf8_streams()
    try:
        here = os.getcwd()
    except FileNotFoundError:   # (relative paths, worker processes: every one would fail on it)
        if not {"--help", "--version"} & set(args) and args:
            msg = say("usage.cwd_gone")
            _tell(pick(msg.en, msg.zh, _lang_in(args)))
            sys.exit(2)
        here = ""
    fsnames.register([*args, here])    # (file names that are not UTF-8: shown as read)
    with keep_what_is_read():     # (what a command reads lives as long as the command)
        try:
            app()
        except OSError as exc:   # writing --help or a usage message to a full disk (commands: guarded)
            if exc.errno not in _WRITE_FAILURES:
                raise
            _stdout_failed(exc, chosen(None))
            sys.exit(2)


def utf8_streams() -> None:
    """Standard output and error as every command needs them:

    - In an encoding that cannot show every character (a legacy code page: what Python
      takes on Windows when output is redirected or piped, GBK on Chinese Windows, cp1252
      on western ones) a command ended with an internal error at the first name it could
      not encode. Redirected or piped, they are written in UTF-8, as every file branchplan
      writes; on a console that cannot show a character, it is shown as ``?``.
    - Under ``PYTHONUNBUFFERED`` (or ``python -u``) Python writes standard output straight
      to the file, and a write the system takes only in part (a disk or quota that fills
      during the output) is dropped without an error: a cut plan, and exit 0. Standard
      output is always written through a buffer, which writes all or raises.
    - A file name that is not UTF-8 is shown as its reading (:mod:`branchplan.fsnames`).
    - Standard error carries messages only (the exit code says what happened): a message
      that cannot be written (a full disk under ``2> log``, an I/O error) is dropped, and
      the command goes on to its own exit code, its files written, instead of ending
      with exit 1 ("no plan", "the gate failed") and a traceback nobody can see.
    """
    import codecs

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        encoding = getattr(stream, "encoding", None)
        if stream is None or not encoding or not hasattr(stream, "reconfigure"):
            continue
        errors = fsnames.NAMES      # (a file name that is not UTF-8: see branchplan.fsnames)
        try:
            if codecs.lookup(encoding).name != "utf-8":
                if stream.isatty():
                    errors = "replace"
                else:
                    encoding = "utf-8"
            fd = stream.fileno()
        except (LookupError, OSError, ValueError):   # (a stream that cannot be changed keeps its encoding)
            continue
        try:
            tty = stream.isatty()
        except (OSError, ValueError):
            tty = False
        # always through a buffer (io.open's), which writes all or raises; the file
        # descriptor is the stream's (closefd=False): sys.__stdout__ / __stderr__ stay as
        # Python made them
        kind = _Messages if name == "stderr" else _Output
        _REPLACED.append(stream)    # (kept open: a stream branchplan opened closes its descriptor when freed)
        setattr(sys, name, kind(io.open(fd, "wb", closefd=False), encoding=encoding, errors=errors,
                                line_buffering=tty or name == "stderr"))


#: the streams :func:`utf8_streams` replaced
_REPLACED: list = []


class _Output(io.TextIOWrapper):
    """Standard output: a file name that is not UTF-8 shown as read (:mod:`branchplan.fsnames`)."""

    def write(self, text):
        return super().write(fsnames.readable(text))


class _Messages(io.TextIOWrapper):
    """Standard error: what cannot be written is dropped (see :func:`utf8_streams`); the
    stream is then pointed at the null device, so that later messages and the final flush
    go nowhere quietly."""

    def write(self, text):
        try:
            return super().write(fsnames.readable(text))
        except OSError:
            self._drop()
            return len(text)

    def flush(self):
        try:
            super().flush()
        except OSError:
            self._drop()

    def _drop(self):
        _silence_stdout(self)
        with contextlib.suppress(OSError, ValueError):
            super().flush()     # (what was buffered goes to the null device)


def _closed_stdout(args: list[str]) -> None:
    """Started with standard output closed (``>&-``, a service with no output): a command
    whose product goes to standard output would drop it and exit 0. With ``-o FILE`` (what
    it prints beside the file is lost) or for ``check`` (its exit code is its verdict), the
    output goes to the null device; else exit 2, saying so, before any work."""
    command, output = _command_of(args)
    if output is not None or command == "check":
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
        return
    msg = say("output.stdout_closed")
    with contextlib.suppress(OSError, AttributeError, ValueError):
        sys.stderr.write(pick(msg.en, msg.zh, _lang_in(args)) + "\n")
        sys.stderr.flush()
    sys.exit(2)


def _command_of(args: list[str]) -> tuple[str | None, object]:
    """(the command, its ``--output``/``-o`` value) as the command line reads (``-oFILE``,
    ``--output=FILE``; ``-o`` as another option's value is that option's); (None, None)
    where it does not read, and for ``--help`` or ``--version`` (their product is stdout)."""
    if {"--help", "--version"} & set(args):
        return None, None
    try:
        import typer.main

        group = typer.main.get_command(app)
        ctx = group.make_context("branchplan", list(args), resilient_parsing=True)
        rest = [*(getattr(ctx, "protected_args", None) or getattr(ctx, "_protected_args", [])), *ctx.args]
        name, cmd, rest = group.resolve_command(ctx, rest)
        sub = cmd.make_context(name, rest, parent=ctx, resilient_parsing=True)
        return name, sub.params.get("output")
    except Exception:   # (a command line that does not read: refused below, as without -o)
        return None, None


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"branchplan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(ctx: typer.Context,
          version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          max_input_bytes: Optional[str] = typer.Option(
              None, "--max-input-bytes", metavar="SIZE", envvar="BRANCHPLAN_MAX_INPUT_BYTES", help=t(
                  "Refuse input files larger than this, for every command (bytes, or with k/M/G; default 64M).",
                  "所有命令拒绝读取超过此大小的输入文件（字节数，或带 k/M/G；默认 64M）。"))) -> None:
    """Party branch formation and joint-branch assignment for law firms: import a roster, solve, re-plan, check, diff, explain, report."""
    if max_input_bytes is not None:
        try:
            limit = parse_size(max_input_bytes)
        except UsageError as exc:
            typer.echo(exc.text(run_lang(ctx)), err=True)
            raise typer.Exit(2) from None
        scope = limit_inputs(limit)
        scope.__enter__()
        ctx.call_on_close(lambda: scope.__exit__(None, None, None))


class Terminated(KeyboardInterrupt):
    """SIGTERM (or SIGHUP: the terminal closed), raised like Ctrl-C so that half-done work is
    undone on the way out."""

    signum = signal.SIGTERM


def _terminate(signum, frame):
    exc = Terminated()
    exc.signum = signum
    raise exc


#: the signals a command takes over: Ctrl-C, SIGTERM and, where there is one, SIGHUP
_STOPS = ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, _terminate)) + (
    ((signal.SIGHUP, _terminate),) if hasattr(signal, "SIGHUP") else ())


def guarded(fn: Callable) -> Callable:
    """Turn branchplan's errors into a message and an exit code; never a traceback.

    2: bad input or usage; 3: internal error; 128 + signal number when interrupted (130
    Ctrl-C, 143 SIGTERM, 129 SIGHUP). Set BRANCHPLAN_DEBUG=1 for tracebacks. Messages are in the
    command's language (its ``--lang``, else the locale).
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        previous = {}
        if threading.current_thread() is threading.main_thread():
            # Ctrl-C raises, SIGTERM as Ctrl-C does; an ignored signal stays so
            previous = {s: signal.signal(s, h) for s, h in _STOPS if signal.getsignal(s) is not signal.SIG_IGN}
        from ..writing import forget_written, written_so_far

        forget_written()
        try:   # (the names of firms files read by an earlier command do not count)
            with reading(), _printing_warnings(kwargs):
                return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except BranchplanError as exc:
            if os.environ.get("BRANCHPLAN_DEBUG"):
                raise
            exc = _as_options(exc)
            lang = _lang_of(kwargs)
            prefix = pick("internal error: ", "内部错误：", lang) if isinstance(exc, InternalError) else ""
            _tell(f"{prefix}{exc.text(lang)}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # files are written whole or not at all
            done = written_so_far()
            if done:    # (renamed into place before the interrupt: whole, and said so)
                names = ", ".join(str(p) for p in done)
                _tell(pick(f"interrupted; written in full before it: {names}",
                           f"已中断；中断前已完整写出：{names}", _lang_of(kwargs)))
            else:
                _tell(pick("interrupted; no output written", "已中断；未写出任何文件", _lang_of(kwargs)))
            raise typer.Exit(128 + getattr(exc, "signum", signal.SIGINT)) from None
        except BrokenPipeError:  # the reader went away (| head): nothing more to say
            _silence_stdout()
            raise typer.Exit(141) from None
        except OSError as exc:
            if exc.errno not in _WRITE_FAILURES:
                _internal(exc, kwargs)
            # stdout is the only output written outside atomic_write: a full disk or quota,
            # an I/O error under a shell redirect (> plan.yaml)
            _stdout_failed(exc, _lang_of(kwargs))
            raise typer.Exit(2) from None
        except Exception as exc:  # a defect: say so plainly
            _internal(exc, kwargs)
        finally:
            for s, h in previous.items():
                signal.signal(s, h)

    return wrapper


def _as_options(exc: BranchplanError) -> BranchplanError:
    """An error of the library naming a parameter, naming the command's option instead (the
    library's ``as_of`` is ``--as-of`` on the command line)."""
    from ..api import StandingDateError

    if isinstance(exc, StandingDateError) and exc.what == "as_of":
        return exc.named("--as-of")
    return exc


@contextlib.contextmanager
def _printing_warnings(kwargs: dict):
    """Warnings about the inputs (an :class:`InputWarning`, such as a CharterWarning: allowed,
    but likely not meant) go to stderr as ``file:line:col: field: warning: ...``, each once
    (a check run by two steps of one command is said once), in the command's language."""
    from ..errors import InputWarning

    with warnings.catch_warnings():
        warnings.simplefilter("always", InputWarning)
        shown = warnings.showwarning
        said: set[str] = set()

        def show(message, category, *rest, **kw):
            if isinstance(message, InputWarning):
                line = message.problem.text(_lang_of(kwargs))
                if line not in said:
                    said.add(line)
                    typer.echo(line, err=True)
            else:
                shown(message, category, *rest, **kw)

        warnings.showwarning = show
        yield


#: errno values of a failed write: no space, I/O error, quota, file too large
_WRITE_FAILURES = frozenset(getattr(errno, n) for n in ("ENOSPC", "EIO", "EDQUOT", "EFBIG") if hasattr(errno, n))


def _stdout_failed(exc: OSError, lang: str) -> None:
    """Say that writing to stdout failed (exit 2): a shell redirect onto a full disk or quota."""
    _silence_stdout()
    msg = say("output.stdout_failed", reason=os_reason(exc))
    _tell(pick(msg.en, msg.zh, lang))


def _tell(text: str) -> None:
    """Say why on stderr; if stderr's reader went away (``2>&1 | head``), the exit code
    still says it: the broken pipe does not replace it (nor end in a traceback)."""
    try:
        typer.echo(text, err=True)
    except OSError:     # (a broken pipe; a full disk, an I/O error: see utf8_streams)
        _silence_stdout(sys.stderr)


def _internal(exc: Exception, kwargs: dict) -> None:
    """A defect: say so plainly (exit 3)."""
    if os.environ.get("BRANCHPLAN_DEBUG"):
        raise exc
    _tell(pick(f"internal error: {type(exc).__name__}: {exc} "
               "(please report it; BRANCHPLAN_DEBUG=1 shows the traceback)",
               f"内部错误：{type(exc).__name__}: {exc}（请报告此问题；设置 BRANCHPLAN_DEBUG=1 可显示调用栈）",
               _lang_of(kwargs)))
    raise typer.Exit(3) from None


def _lang_of(kwargs: dict) -> str:
    """A command's language: its --lang option (whatever the parameter is called), else the locale."""
    return chosen(next((v for v in kwargs.values() if isinstance(v, LangChoice)), None))


def _silence_stdout(stream=None) -> None:
    """After a broken pipe, point stdout (or ``stream``) at /dev/null so the final flush
    cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, (stream or sys.stdout).fileno())
    except (OSError, ValueError, AttributeError):
        pass


def parse_size(value: str) -> int:
    """'1000', '64k', '64M', '1G' (binary multiples) -> bytes."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1
    for suffix, f in (("K", 1024), ("M", 1024 ** 2), ("G", 1024 ** 3)):
        if text.endswith(suffix):
            text, factor = text[:-1], f
            break
    try:
        n = int(text) * factor if text.strip().isdigit() and len(text) < 100 else int(float(text) * factor)
    except (ValueError, OverflowError):   # (not a number, NaN; infinity)
        raise UsageError(say("usage.size", value=value)) from None
    if n < 1:
        raise UsageError(say("usage.size_min", value=value))
    if n > MAX_SIZE:   # a file cannot be larger (nor read with a larger count)
        raise UsageError(say("usage.size_max", value=value, limit=MAX_SIZE))
    return n


#: the largest --max-input-bytes: about the largest file size the system can state (2^63)
MAX_SIZE = sys.maxsize - 1   # (read() asks for one byte more)


def max_input_bytes_option():
    """--max-input-bytes after a command (``branchplan --max-input-bytes SIZE CMD`` serves all)."""
    return typer.Option(None, "--max-input-bytes", metavar="SIZE", help=t(
        "Refuse input files larger than this (bytes, or with k/M/G; default 64M).",
        "拒绝读取超过此大小的输入文件（字节数，或带 k/M/G；默认 64M）。"))


def format_for_path(path: Path) -> str:
    refuse_folder(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    from ..errors import UsageError

    from ..errtext import say

    if suffix in (".xlsx", ".xls", ".html", ".htm"):
        raise UsageError(say("usage.output_report", path=path, name=path.with_suffix(".xlsx" if suffix.startswith(".xls")
                                                                                    else ".html").name))
    raise UsageError(say("usage.output_suffix", path=path))


def report_format(explicit: str | None, output: Path | None, endings: dict[str, str], default: str = "text") -> str:
    """The format of a report written with ``-o``: --format where given, else the one the
    file's ending names (``endings``: ending -> format, the first that matches), else
    ``default``. A --format that another ending's format contradicts (``-f text -o x.sarif``)
    is refused: one of the two is a mistake, and the file would not be what its name says."""
    if output is None:
        return explicit or default
    name = output.name.lower()
    ending, implied = next(((e, f) for e, f in endings.items() if name.endswith(e)), (None, None))
    if explicit is None:
        return implied or default
    if implied is not None and implied != explicit:
        from ..errors import UsageError
        from ..errtext import say

        raise UsageError(say("usage.format_clash", path=output, ending=ending, implied=implied, explicit=explicit))
    return explicit


def check_output(path: Path, inputs: list[Path], rules: Path | None = None) -> None:
    """Refuse a bad output path before any work: a wrong extension, an input file (the
    rules file ``rules`` and every file it extends, a shipped charter), a missing folder,
    a folder."""
    format_for_path(path)
    check_target(path, protected(inputs, rules))


def protected(inputs: list[Path], rules: Path | None = None) -> list[Path]:
    """The files an output may not be: ``inputs``, and the files the rules file ``rules``
    reads (itself and the files its ``extends:`` chain names)."""
    from ..charter import rules_files

    return list(inputs) + rules_files(rules)


def write_output(path: Path, data: dict, inputs: list[Path], rules: Path | None = None) -> None:
    """Write a data file atomically, never over an input, no more readable than the inputs."""
    atomic_write(path, serialise(data, format_for_path(path)), protect=protected(inputs, rules), mode_from=inputs)


def default_format(explicit: str | None, writing_file: bool) -> str:
    if explicit:
        return explicit
    if writing_file or sys.stdout.isatty():
        return "text"
    return "yaml"


def parse_date(value: str | None, option: str = "--as-of") -> date | None:
    """A YYYY-MM-DD option value; a usage error (exit 2) otherwise."""
    if value is None:
        return None
    try:
        return iso_date(value)
    except ValueError:
        raise UsageError(say("usage.date", option=option, value=value)) from None


def pseudonymise_option():
    from ..i18n import t

    return typer.Option(False, "--pseudonymise", help=t(
        "Replace firm and member names in every output with stable keyed pseudonyms.",
        "在所有输出中用稳定的加密化名替换单位和党员名称。"))


def key_needs_pseudonymise(pseudonymise: bool, key: str | None) -> None:
    """``--pseudonym-key`` typed on the command line without ``--pseudonymise`` is a usage
    error: whoever typed it expects pseudonyms, and would get real names. (The key from
    BRANCHPLAN_PSEUDONYM_KEY, which a CI may set for every command, is not.)"""
    from typer._click.core import ParameterSource
    from typer._click.globals import get_current_context

    from ..errors import UsageError
    from ..errtext import say

    if pseudonymise or key is None:
        return
    ctx = get_current_context(silent=True)
    if ctx is not None and ctx.get_parameter_source("pseudonym_key") == ParameterSource.COMMANDLINE:
        raise UsageError(say("cli.key_without_pseudonymise"))


def pseudonym_key_option():
    from ..i18n import t
    from ..privacy import MIN_KEY_CHARS

    return typer.Option(None, "--pseudonym-key", metavar="KEY", envvar="BRANCHPLAN_PSEUDONYM_KEY", show_envvar=True,
                        help=t(f"Key for --pseudonymise, at least {MIN_KEY_CHARS} characters (never written out).",
                               f"--pseudonymise 使用的密钥，至少 {MIN_KEY_CHARS} 个字符（不会写出）。"))
