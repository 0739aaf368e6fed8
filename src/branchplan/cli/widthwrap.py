"""Line wrapping for Chinese help pages: by display width, not by character count.

A terminal shows an East Asian Wide or Fullwidth character (汉字, ``：``, ``（``) in two
columns and a combining mark in none, so click's wrapping (one column per character) lets a
Chinese line run past the terminal's edge. :func:`fill` wraps by :func:`cell_width` instead,
and follows the basic Chinese line-breaking rule:

- a line may break at a space (the space goes), or between two Chinese characters, or where
  Chinese meets a Latin word;
- a line never breaks inside a run of non-space Latin characters (an option such as
  ``--old-firms``, an environment variable such as ``BRANCHPLAN_ID_KEY``, ``YYYY-MM-DD``);
- a bracket without spaces in it (``[默认：0]``, ``[环境变量：BRANCHPLAN_ID_KEY]``) stays on
  one line when it fits on one;
- no line starts with closing punctuation (``、，。；：！？）」』》】`` ...) and no line ends
  with opening punctuation (``（「『《【`` ...).

A piece that cannot be broken and is wider than the line is put on a line of its own and
overflows it. Only Chinese help uses this (:class:`branchplan.cli.localise.ChineseFormatter`);
English help is click's own.
"""

from __future__ import annotations

from typer._click.formatting import HelpFormatter

from ..textwidth import cell_width, char_width  # noqa: F401 (cell_width: for the help and progress lines)

#: No line starts with these (Chinese and Latin closing punctuation).
CLOSING = frozenset("、，。；：！？）」』》】〕〉…·”’%‰℃,;:!?)]}")
#: No line ends with these.
OPENING = frozenset("（「『《【〔〈“‘([{")


def _atoms(text: str) -> list[str]:
    """``text`` as runs of whitespace, runs of narrow non-space characters (a Latin word,
    ``--old-firms``) and single wide characters."""
    out: list[str] = []
    kind = None
    for ch in text:
        k = "space" if ch.isspace() else "wide" if char_width(ch) == 2 else "narrow"
        if k == kind and k != "wide":
            out[-1] += ch
        else:
            out.append(ch)
        kind = k
    return out


def pieces(text: str) -> list[tuple[str, str]]:
    """``text`` as (space before, unbreakable piece) pairs, in order: a line may break
    before a piece, dropping its space."""
    out: list[tuple[str, str]] = []
    space = ""
    for atom in _atoms(text):
        if atom.isspace():
            space += atom
            continue
        glued = (out and not space and
                 (atom[0] in CLOSING or out[-1][1][-1] in OPENING))
        if glued:
            out[-1] = (out[-1][0], out[-1][1] + atom)
        else:
            out.append((space, atom))
        space = ""
    return out


def _bracketed(parts: list[tuple[str, str]], room: int) -> list[tuple[str, str]]:
    """A bracket without spaces in it (``[环境变量：BRANCHPLAN_ID_KEY]``, ``[默认：0]``) kept
    as one piece when it fits on a line of ``room`` columns."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(parts):
        space, piece = parts[i]
        j = i
        while (piece.startswith("[") and "]" not in parts[j][1]
               and j + 1 < len(parts) and not parts[j + 1][0]):
            j += 1
        whole = "".join(p for _, p in parts[i:j + 1])
        if j > i and "]" in parts[j][1] and cell_width(whole) <= room:
            out.append((space, whole))
            i = j + 1
        else:
            out.append(parts[i])
            i += 1
    return out


def fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """``text`` (one paragraph) wrapped into lines of at most ``width`` columns, the indents
    included; runs of whitespace inside a line, and before the first word, are kept as
    they are (as click's wrapping keeps them)."""
    lines: list[str] = []
    line, used, fresh = initial_indent, cell_width(initial_indent), True
    for space, piece in _bracketed(pieces(text), width - cell_width(subsequent_indent)):
        w = cell_width(piece)
        if fresh:
            line, used, fresh = line + space + piece, used + cell_width(space) + w, False
        elif used + cell_width(space) + w <= width:
            line, used = line + space + piece, used + cell_width(space) + w
        else:
            lines.append(line)
            line, used = subsequent_indent + piece, cell_width(subsequent_indent) + w
    if fresh:
        return ""
    lines.append(line)
    return "\n".join(lines)


def wrap_text(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """click's ``wrap_text`` (paragraphs, ``\\b`` blocks kept as written) filling with
    :func:`fill`."""
    text = text.expandtabs()
    if not preserve_paragraphs:
        return fill(text, width, initial_indent, subsequent_indent)
    paragraphs: list[tuple[int, bool, str]] = []
    buf: list[str] = []
    indent: int | None = None

    def flush() -> None:
        if buf:
            if buf[0].strip() == "\b":
                paragraphs.append((indent or 0, True, "\n".join(buf[1:])))
            else:
                paragraphs.append((indent or 0, False, " ".join(buf)))
            buf.clear()

    for line in text.splitlines():
        if not line:
            flush()
            indent = None
        else:
            if indent is None:
                indent = cell_width(line) - cell_width(line.lstrip())
                line = line.lstrip()
            buf.append(line)
    flush()
    out = []
    for extra, raw, par in paragraphs:
        first, rest = initial_indent + " " * extra, subsequent_indent + " " * extra
        if raw:
            out.append("\n".join((rest if i else first) + ln for i, ln in enumerate(par.splitlines())))
        else:
            out.append(fill(par, width, first, rest))
    return "\n\n".join(out)


def first_sentence(text: str) -> str:
    """A Chinese help text's first sentence (through its first ``。``), for a list of
    commands: whole, to be wrapped, rather than cut at a character count."""
    text = " ".join(text.split("\f")[0].split())
    end = text.find("。")
    return text if end < 0 else text[:end + 1]


class WidthFormatter(HelpFormatter):
    """click's help formatter measuring and wrapping by display width: its usage line,
    paragraphs and definition lists (options, commands) laid out as click lays them out."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = "Usage: "
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= cell_width(usage_prefix) + 20:
            indent = " " * cell_width(usage_prefix)
            self.write(wrap_text(args, text_width, usage_prefix, indent))
        else:
            self.write(usage_prefix)
            self.write("\n")
            indent = " " * (max(self.current_indent, cell_width(prefix)) + 4)
            self.write(wrap_text(args, text_width, indent, indent))
        self.write("\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, indent, indent, preserve_paragraphs=True))
        self.write("\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_width = max((cell_width(first) for first, _ in rows), default=0)
        first_col = min(first_width, col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_width(first)))
            else:
                self.write("\n")
                self.write(" " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - 2, 10)
            lines = wrap_text(second, text_width, preserve_paragraphs=True).splitlines()
            self.write(f"{lines[0] if lines else ''}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")
