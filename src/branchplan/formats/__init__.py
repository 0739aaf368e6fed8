"""Renderers: one small module per output format (text, json, github, sarif, junit,
markdown) of a check report, and the diff's own text, dict and markdown forms."""

from __future__ import annotations


def md_cell(value: object) -> str:
    """A value safe inside a Markdown table cell: pipes escaped, no line breaks."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


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

    module = {"json": "jsondoc"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    render = import_module(f"{__name__}.{module}").render
    if fmt not in NAMED:
        from ..privacy import unnamed_report

        report = unnamed_report(report)
    if fmt == "github":
        return render(report, only_new=only_new)
    return render(report, lang) if fmt in LOCALISED else render(report)
