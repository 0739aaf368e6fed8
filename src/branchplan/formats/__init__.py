"""Renderers: one small module per output format (text, json, github, sarif, junit,
markdown) of a check report, and the diff's own text, dict and markdown forms."""

from __future__ import annotations

import re


#: ASCII punctuation that Markdown (GitHub-flavoured) reads as markup anywhere in a line:
#: backslash, code, emphasis and strikethrough, links and images, HTML tags and autolinks
#: (``<``, ``>``), quotes (``>``), table cells
_MD_MARKUP = re.compile(r"([\\`*_~\[\]<>|])")
#: ``&`` only where it would start a character reference (``&amp;``, ``&#60;``)
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: what a line starts with to become a heading or a list item
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$|-)|=|\d{1,9}(?=[.)](?:\s|$)))")
#: a closing run of ``#`` (a heading would drop it)
_MD_CLOSING_HASHES = re.compile(r"(\s)(#+\s*)$")


def _one_line(value: object) -> str:
    return " ".join(str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def md_text(value: object) -> str:
    """User-supplied text (a firm's, host's or member's name, an id, a rule's title, a
    message quoting values) as literal text in Markdown, wherever it goes: a table cell, a
    list item, a heading. Markup characters are backslash-escaped (GitHub-flavoured Markdown
    renders ``\\<`` as ``<``, never as a tag), ``&`` only where it would start a character
    reference, a heading's ``#`` or a list's ``-``, ``+`` or ``1.`` at the start too (and a
    rule's or underline's ``---`` / ``=``, a closing ``#`` at the end), line breaks become
    spaces and spaces around the text are dropped (four would start a code block). Other characters (Chinese, quotes, ``&`` in ``A & B``) stay
    as they are, so the source reads as the text."""
    s = _MD_ENTITY.sub(r"\\&", _MD_MARKUP.sub(r"\\\1", _one_line(value))).strip()
    s = _MD_CLOSING_HASHES.sub(r"\1\\\2", s)
    m = _MD_LINE_START.match(s)
    if m is None:
        return s
    mark = m.group(2)
    if mark.isdigit():   # "1." or "1)" starts an ordered list: escape its punctuation
        end = m.end()
        return s[:end] + "\\" + s[end:]
    return s[:m.start(2)] + "\\" + s[m.start(2):]


def md_code(value: object, table: bool = True) -> str:
    """A value (a path, a rule code, a field) as a code span, backticks included: a fence
    longer than any run of backticks in it, line breaks as spaces; in a table (``table``)
    ``|`` as ``\\|``, which the table reads as ``|`` (inside code no other escape works)."""
    s = _one_line(value)
    if table:
        s = s.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def points(value: float) -> str:
    """A cost in points, as printed everywhere (three decimals, thousands separated)."""
    return f"{value:,.3f}"


def signed(value: float) -> str:
    return ("+" if value > 0 else "") + points(value) if value else "0.000"


FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")


#: the formats people read, which follow ``lang``; the others are data for tools and stay as they are
LOCALISED = ("text", "markdown")

#: the formats that show member names when the report has them (``--show-names``): those
#: people read, and json (data the user asked names for); github, sarif and junit (CI logs,
#: code scanning, test reports, often public) name members by id only
NAMED = ("text", "markdown", "json")


def render_report(report, fmt: str, lang: str = "en", only_new: bool = False) -> str:
    """A check report in one of :data:`FORMATS` (text and markdown in ``lang``: en or zh;
    ``only_new``: github annotates only the findings the plan introduced against its base)."""
    from importlib import import_module

    from ..i18n import as_lang

    from ..arguments import expect
    from ..gate import GateReport

    expect(report, GateReport, "report", "branchplan.check_files")
    from ..optioncheck import flag

    only_new = flag("render_report", "only_new", only_new)
    module = {"json": "jsondoc"}.get(fmt, fmt)
    if fmt not in FORMATS:
        from ..errors import UsageError

        raise UsageError(f"render_report: unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    lang = as_lang(lang)
    render = import_module(f"{__name__}.{module}").render
    if fmt not in NAMED:
        from ..privacy import unnamed_report

        report = unnamed_report(report)
    if fmt == "github":
        return render(report, only_new=only_new)
    return render(report, lang) if fmt in LOCALISED else render(report)
