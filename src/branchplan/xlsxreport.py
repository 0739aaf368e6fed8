"""A plan as an Excel workbook (``report -o plan.xlsx``): the sheets a branch organiser keeps.

Sheets, in the language of ``lang``: Branches (支部, one row per branch: its kind as the HTML
report names it, lead, firms, members, secretary candidates), Firms (单位, one row per firm
of the firms file: its members and the branch the plan gives it), Members (党员, only when
the firms file lists members: id, firm, status, joining date, branch; never a name) and,
with a base plan, Changes (变化: the moves of the HTML report's changes table) and Change
notes (变化说明: its counts and sentences: branches created, dissolved, merged, new leads...); last,
Findings (检查结果: what ``check`` finds, hard findings first, so a plan that breaks the
charter says so).

Each sheet has a bold, frozen header row, an autofilter and column widths that fit Chinese
text (text wider than :data:`MAX_WIDTH` wraps within its cells); counts are numbers, dates are dates, and text is text (a firm named "=..." is never a
formula). The same inputs give the same bytes: the
document's created/modified stamps come from the plan (its ``as_of``, else the firms file's,
else a constant)
and every zip entry carries that same fixed time. See :func:`build_workbook`.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .api import standing_day
from .arguments import as_date
from .charter import Charter
from .check import evaluate, make_view
from .htmlreport import _change_figures, _change_lines, _diff, _finding_row, _move_rows
from .htmlreport import _change_notes as _diff_notes
from .i18n import MESSAGES, text
from .model import Roster
from .plan import Branch, Plan, describe_branch
from .render import branch_kind
from .textwidth import cell_width

MESSAGES.update({
    "xlsx.sheet.branches": ("Branches", "支部"),
    "xlsx.sheet.firms": ("Firms", "单位"),
    "xlsx.sheet.members": ("Members", "党员"),
    "xlsx.sheet.changes": ("Changes", "变化"),
    "xlsx.sheet.findings": ("Findings", "检查结果"),
    "xlsx.sheet.change_notes": ("Change notes", "变化说明"),
    "xlsx.change": ("What changes", "变化事项"),
    "xlsx.severity": ("Severity", "性质"),
    "xlsx.rule": ("Rule", "规则"),
    "xlsx.rule_title": ("Rule title", "规则名称"),
    "xlsx.finding": ("Finding", "问题"),
    "xlsx.cost": ("Cost (points)", "代价（分）"),
    "xlsx.lead_name": ("Lead name", "牵头单位名称"),
    "xlsx.units": ("Units", "单位数"),
    "xlsx.unit_ids": ("Unit ids", "所含单位"),
    "xlsx.firm_name": ("Firm name", "单位名称"),
    "xlsx.leads": ("Leads its branch", "是否牵头"),
    "xlsx.member": ("Member id", "党员编号"),
    "xlsx.status": ("Status", "党员类别"),
    "xlsx.joined": ("Joined", "入党日期"),
    "xlsx.joined_firm": ("Joined this firm from another", "由其他单位调入"),
    "xlsx.no_members": ("no Party members, not assigned", "没有党员，未编入支部"),
    "xlsx.not_in_plan": ("in no branch of the plan", "不在方案的任何支部中"),
})

#: created/modified stamp when neither the plan nor the firms file has ``as_of`` (any fixed
#: value keeps the bytes stable)
NO_DATE = datetime(2000, 1, 1)
#: characters XML 1.0 cannot hold (openpyxl refuses the control characters, not these)
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
#: column widths in Excel characters (a Chinese character counts two); a column of longer
#: text is as wide as MAX_WIDTH, its text wrapped within the cells
MIN_WIDTH, MAX_WIDTH = 8, 60


def build_workbook(plan: Plan, roster: Roster, charter: Charter | None = None, as_of: date | str | None = None,
                   base: Plan | None = None, lang: str = "en", base_roster: Roster | None = None) -> bytes:
    """The workbook as the bytes of an .xlsx file (the same inputs give the same bytes).

    ``roster`` is shown as given (pseudonymise it first to hide firm names); member names
    are never written. ``base``: an earlier plan, whose moves fill a Changes sheet
    (``base_roster``: its firms file, to follow members who changed firm)."""
    from .arguments import report_arguments
    from .i18n import as_lang

    lang = as_lang(lang)
    charter = report_arguments(plan, roster, charter, base, base_roster)
    day = standing_day(roster, as_date(as_of), plan, plan_first=True)   # (as explain reads it)
    view = make_view(plan, roster, charter, day)
    branches = [describe_branch(v, day) for v in view.branches]
    wb = Workbook(write_only=True)
    _sheet(wb, text("xlsx.sheet.branches", lang), *_branches(branches, roster, lang))
    _sheet(wb, text("xlsx.sheet.firms", lang), *_firms(branches, roster, lang))
    if any(f.member_list for f in roster.firms):
        _sheet(wb, text("xlsx.sheet.members", lang), *_members(branches, roster, lang))
    if base is not None:
        changes = _diff(base, plan, roster, charter, day, base_roster)
        _sheet(wb, text("xlsx.sheet.changes", lang), *_changes(changes, roster, lang))
        _sheet(wb, text("xlsx.sheet.change_notes", lang), *_change_notes(changes, lang))
    _sheet(wb, text("xlsx.sheet.findings", lang), *_findings(plan, roster, charter, day, lang))
    dated = plan.as_of or roster.as_of         # a hand-made plan has none: the firms file's date
    stamp = datetime.combine(dated, datetime.min.time()) if dated else NO_DATE
    return _save(wb, stamp)


def _name(unit) -> str:
    """A unit's name for the name columns: its own, or its id where the id is its name (an
    import without a firm-id column), so the column is not left empty."""
    from .privacy import id_is_name

    if unit is None:
        return ""
    return unit.name or (unit.id if id_is_name(unit) else "")


def _branches(branches: list[Branch], roster: Roster, lang: str) -> tuple[list[str], list[list[Any]]]:
    head = [text(k, lang) for k in ("col.jurisdiction", "col.branch", "col.kind", "col.lead", "xlsx.lead_name",
                                    "xlsx.units", "xlsx.unit_ids", "col.members", "col.full", "col.probationary")]
    head.append(text("branch.candidates", lang))
    sep = "、" if lang == "zh" else ", "
    rows = []
    for b in branches:
        lead = roster.firm_by_id.get(b.lead) or roster.host_by_id.get(b.lead)
        rows.append([b.jurisdiction or "", b.id, branch_kind(b, lang, words=True), b.lead,
                     _name(lead), len(b.firms), sep.join(b.firms), b.members,
                     b.full_members, b.probationary_members, b.secretary_candidates])
    return head, rows


def _branch_of(branches: list[Branch]) -> dict[str, list[Branch]]:
    out: dict[str, list[Branch]] = {}
    for b in branches:
        for fid in b.firms:
            out.setdefault(fid, []).append(b)
    return out


def _firms(branches: list[Branch], roster: Roster, lang: str) -> tuple[list[str], list[list[Any]]]:
    head = [text(k, lang) for k in ("col.jurisdiction", "col.firm", "xlsx.firm_name", "col.district", "col.full",
                                    "col.probationary", "col.branch", "xlsx.leads")]
    where = _branch_of(branches)
    sep = "、" if lang == "zh" else ", "
    rows = []
    for f in roster.firms:
        inside = where.get(f.id, [])
        branch = sep.join(b.id for b in inside) if inside else text(
            "xlsx.no_members" if f.size == 0 else "xlsx.not_in_plan", lang)
        leads = text("yes" if any(b.lead == f.id for b in inside) else "no", lang) if inside else ""
        rows.append([roster.firm_jurisdiction(f), f.id, _name(f), f.district or "", f.full, f.probationary,
                     branch, leads])
    return head, rows


def _members(branches: list[Branch], roster: Roster, lang: str) -> tuple[list[str], list[list[Any]]]:
    """One row per listed member: ids, status and date only (a member's name is never written)."""
    head = [text(k, lang) for k in ("xlsx.member", "col.firm", "xlsx.status", "xlsx.joined", "col.branch")]
    where = _branch_of(branches)
    sep = "、" if lang == "zh" else ", "
    rows = []
    for f in roster.firms:
        branch = sep.join(b.id for b in where.get(f.id, [])) or text("xlsx.not_in_plan", lang)
        for m in f.member_list or ():
            status = text("col.full" if m.status == "full" else "col.probationary", lang)
            rows.append([m.id, f.id, status, m.joined, branch])
    return head, rows


def _findings(plan: Plan, roster: Roster, charter: Charter, day: date, lang: str) -> tuple[list[str], list[list[Any]]]:
    """What ``check`` finds in the plan, hard findings first, as the HTML report lists them (a
    hand-made plan that breaks the charter says so here)."""
    head = [text(k, lang) for k in ("xlsx.severity", "xlsx.rule", "xlsx.rule_title", "col.branch", "col.firm",
                                    "xlsx.finding", "xlsx.cost")]
    rows = []
    for f in evaluate(plan, roster, charter, day).findings:
        row = _finding_row(f, charter, lang)
        rows.append([row["severity_text"], row["code"], row["title"], row["branch"], row["firms"], row["message"],
                     round(f.cost, 3) if f.cost else None])
    return head, rows


def _changes(changes, roster: Roster, lang: str) -> tuple[list[str], list[list[Any]]]:
    """The HTML report's table of moves: per firm and pair of branches, the members moved."""
    head = [text(k, lang) for k in ("col.firm", "xlsx.firm_name", "chg.from", "chg.to", "col.members",
                                    "xlsx.joined_firm")]
    rows = []
    for m in _move_rows(changes):
        firm = roster.firm_by_id.get(m["firm"])
        rows.append([m["firm"], _name(firm), m["from_branch"] or "", m["to_branch"] or "",
                     m["members"], text("yes", lang) if m["joined"] else ""])
    return head, rows


def _change_notes(changes, lang: str) -> tuple[list[str], list[list[Any]]]:
    """The HTML report's counts of what changes, then its sentences and notes, a line each."""
    if changes.is_empty:
        lines = [text("report.no_changes", lang)]
    else:
        lines = ["".join(parts) for parts in _change_figures(changes, lang)] + _change_lines(changes, lang)
    return [text("xlsx.change", lang)], [[line] for line in lines + _diff_notes(changes, lang)]


def _sheet(wb: Workbook, title: str, head: list[str], rows: list[list[Any]]) -> None:
    """A sheet of ``head`` and ``rows``, each cell typed and styled as it is written (the
    workbook is write-only: rows stream to the file, so the widths, frozen header and
    autofilter, which precede the rows in the sheet's XML, are set first)."""
    ws = wb.create_sheet(title)
    size = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"
    # the <dimension> a full worksheet writes (readers in read-only mode size the sheet by it)
    ws.calculate_dimension = lambda: size
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = size
    wrapped = set()     # the columns of text wider than MAX_WIDTH: wrapped within their cells
    for k, column in enumerate(zip(head, *rows), start=1):
        width = max(_width(v) for v in column) + 2
        ws.column_dimensions[get_column_letter(k)].width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        if width > MAX_WIDTH:
            wrapped.add(k - 1)
    bold, middle = Font(bold=True), Alignment(vertical="center")
    header = []
    for value in head:
        cell = WriteOnlyCell(ws, value)
        cell.font, cell.alignment = bold, middle
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_cell(ws, v, wrap if k in wrapped else None) for k, v in enumerate(row)])


def _cell(ws, value: Any, wrap: Alignment | None = None) -> Any:
    """What to append for one value below the header: dates as dates, text as text (never a
    formula; with ``wrap``, wrapped within its cell), anything else as it is."""
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        if _NOT_XML.search(value):      # (U+FFFE in a name: the sheet's XML would break)
            value = _NOT_XML.sub("\ufffd", value)
        if value.startswith("=") or wrap is not None:
            cell = WriteOnlyCell(ws, value)
            if value.startswith("="):
                cell.data_type = "s"    # text, never a formula ("=HYPERLINK(...)" as a firm's name)
            if wrap is not None:
                cell.alignment = wrap
            return cell
    return value


def _width(value: Any) -> int:
    """Display width of a cell's value (a Chinese character counts two)."""
    if value is None:
        return 0
    return cell_width(value.isoformat() if isinstance(value, date) else str(value))


def _save(wb: Workbook, stamp: datetime) -> bytes:
    """The workbook's bytes, with ``stamp`` as its created/modified time and every zip
    entry's time (openpyxl's own save stamps the current time in both)."""
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "branchplan"
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    # (a zip entry's time holds the years 1980 to 2107)
    fixed = (2107, 12, 31, 23, 59, 58) if stamp.year > 2107 else (max(stamp.year, 1980),) + stamp.timetuple()[1:6]
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=fixed)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(item.filename))
    return out.getvalue()
