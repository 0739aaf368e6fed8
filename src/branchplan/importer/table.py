"""Reading a spreadsheet: CSV (UTF-8, UTF-8 with BOM, UTF-16, GBK/GB18030) or Excel .xlsx.

The result is a plain :class:`Table`: every row with its row number as the user sees it
(the spreadsheet row, or the CSV line where the record starts), cells as found
(strings from CSV; strings, numbers, booleans, dates from Excel).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import stat
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError, Msg
from ..errtext import say
from ..i18n import plural
from ..loader import input_limit, read_bytes, utf16_without_mark

Cell = Any  # str | int | float | bool | date | datetime | None


@dataclass
class Table:
    path: str
    #: every row read, (row number, cells); the header row is among them
    rows: list[tuple[int, list[Cell]]]
    #: what was detected: "UTF-8", "GBK/GB18030", "xlsx sheet 名册" ...
    source: str
    sheet: str | None = None
    #: remarks for the summary, (English, Chinese)
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: a workbook's sheets, in order, and whether the first was read for want of --sheet
    sheets: list[str] = field(default_factory=list)
    first_sheet: bool = False
    #: rows and columns (1-based) the workbook hides (hidden by hand, filtered out, or folded
    #: away in an outline): read as any other, but Excel does not show them
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)


def read_table(path: str | Path, sheet: str | None = None, max_bytes: int | None = None) -> Table:
    """Read a .csv/.tsv/.txt or .xlsx/.xlsm file; or a pipe (``<(curl ...)``, ``/dev/stdin``,
    a named pipe) or a device, as CSV (:func:`_read_stream`)."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError.single(str(p), "no such file") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError.single(str(p), "is a directory, expected a file")
    max_bytes = input_limit() if max_bytes is None else max_bytes
    if not stat.S_ISREG(st.st_mode):
        return _read_stream(p, sheet, max_bytes)
    try:   # (said as the other input files say it, before the CSV or Excel reader meets it)
        with p.open("rb"):
            pass
    except PermissionError:
        raise InputError.single(str(p), "permission denied") from None
    data = read_bytes(p, max_bytes)     # (read once: sniffed, then read as a workbook or as CSV)
    start = data[:len(_ZIP)]
    if start == _OLE and _encrypted(data):
        raise InputError.single(str(p), say("import.encrypted"))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, sheet, max_bytes, data)
    if suffix == ".xls":
        if start == _ZIP and _is_workbook(p):   # an .xlsx saved or renamed as .xls
            table = _read_xlsx(p, sheet, max_bytes, data)
            table.notes.insert(0, ("an .xlsx workbook named .xls: read as .xlsx",
                                   "这是以 .xls 命名的 .xlsx 工作簿：已按 .xlsx 读取"))
            return table
        raise InputError.single(str(p), "old Excel .xls files are not read; save the sheet as .xlsx or CSV "
                                "(另存为 .xlsx 或 CSV)")
    _not_a_workbook(p, start)
    if sheet is not None:
        raise InputError.single(str(p), "--sheet applies to Excel files only")
    return _read_csv(data, str(p))


def _read_stream(p: Path, sheet: str | None, max_bytes: int) -> Table:
    """A pipe or a device, read once, whole (what is read is gone: it cannot be sniffed and
    then read again, as a file is), up to ``max_bytes``: CSV as a file's bytes are. Its name
    (``/dev/fd/63``) tells nothing, so a workbook is told by its bytes; it is read from a
    file only. Opening a named pipe waits for a writer, as ``cat`` does."""
    data = read_bytes(p, max_bytes)
    start = data[:len(_ZIP)]
    if start == _OLE and _encrypted(data):
        raise InputError.single(str(p), say("import.encrypted"))
    if start in (_ZIP, _OLE):
        raise InputError.single(str(p), say("import.piped_xls" if start == _OLE else "import.piped_workbook"))
    if sheet is not None:
        raise InputError.single(str(p), "--sheet applies to Excel files only")
    return _read_csv(data, str(p))


#: how a file begins: a zip archive (an .xlsx workbook is one), an OLE compound file (an old .xls)
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def _encrypted(data: bytes) -> bool:
    """True for an OLE compound file (its bytes) holding an encrypted package: a workbook
    saved with a password to open it (Excel and WPS save those as OLE files whatever the
    extension). The stream's name is in the file's directory, in UTF-16."""
    return "EncryptedPackage".encode("utf-16-le") in data


def _is_workbook(p: Path) -> bool:
    """True for a zip archive holding an Excel workbook (an ``xl/`` folder)."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as z:
            return any(n.startswith("xl/") for n in z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _not_a_workbook(p: Path, start: bytes) -> None:
    """Refuse an Excel workbook under a text file's name (``roster.csv``, as one is renamed, or
    saved from a mail attachment), saying what it is: read as text it would be "neither UTF-8
    nor GBK", which sends the user to re-save a file that is fine."""
    if start not in (_ZIP, _OLE):
        return
    suffix = Msg(p.suffix or "(no extension)", p.suffix or "（无扩展名）")
    if start == _OLE:
        raise InputError.single(str(p), say("import.xls_named_text", suffix=suffix))
    raise InputError.single(str(p), say("import.xlsx_named_text" if _is_workbook(p) else "import.zip_named_text",
                                        suffix=suffix))


# ---------------------------------------------------------------- CSV

#: byte-order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one)
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32", "UTF-32"), (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
         (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (BOM)"), (b"\xff\xfe", "utf-16", "UTF-16"),
         (b"\xfe\xff", "utf-16", "UTF-16"))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Text and the encoding detected: BOMs first, then strict UTF-8, then GB18030 (a
    superset of GBK and GB2312, what Chinese Excel saves as 'CSV')."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as exc:
                name = name.replace(" (BOM)", "")
                raise InputError.single(path, Msg(
                    f"begins with a {name} byte-order mark but is not {name} text (at byte {exc.start}); "
                    "save the file as CSV UTF-8",
                    f"文件开头是 {name} 字节顺序标记，但内容不是 {name} 文本（第 {exc.start} 字节处）；"
                    "请将文件另存为“CSV UTF-8”格式")) from None
    if utf16_without_mark(data):  # UTF-16 saved without a byte-order mark: NULs at every other byte
        codec = "utf-16-le" if data[1:400:2].count(0) >= data[0:400:2].count(0) else "utf-16-be"
        try:
            return data.decode(codec), "UTF-16 (no byte-order mark)"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError.single(path, "neither UTF-8 nor GBK text; save the file as CSV UTF-8 "
                                "(保存为 CSV UTF-8 格式)", line) from None


_DELIMITERS = (",", "\t", ";", "，")


def sniff_delimiter(text: str) -> str:
    """The candidate under which a header row is recognised (:func:`.columns.find_header`;
    of several, the one whose header names the most known columns): a full-width comma typed
    inside a remark cell does not make the file full-width-comma separated. Where no candidate
    gives a header, the one that splits some early line into the most fields (comma on a tie)."""
    from .columns import find_header, header_score

    best, score = None, 0
    for d in _DELIMITERS:
        records = _first_records(text, d)
        k = find_header(records)
        if k is not None and header_score(records[k][1]) > score:
            best, score = d, header_score(records[k][1])
    if best is not None:
        return best
    lines = text.splitlines()[:30]
    best, most = ",", 0
    for d in _DELIMITERS:
        n = max((line.count(d) for line in lines), default=0)
        if n > most:
            best, most = d, n
    return best


def _first_records(text: str, delimiter: str, n: int = 30) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    try:
        for record in reader:
            out.append((reader.line_num, record))
            if len(out) >= n:
                break
    except csv.Error:
        pass
    return out


#: Ctrl-Z at the end of a text file (after its last line, or its last cell), and any line
#: break after it
_DOS_EOF = re.compile(r"\x1a[\r\n]*\Z")


def _read_csv(data: bytes, path: str) -> Table:
    """The CSV text in ``data``, read from ``path``."""
    text, encoding = decode(data, path)
    if "\x00" in text:
        raise InputError.single(path, "the file holds NUL bytes: not a text (CSV) file")
    # a DOS end-of-file mark (Ctrl-Z), as old DOS and Windows tools end a text file: no row
    text = _DOS_EOF.sub("", text)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    start = 1
    last = None      # the file's last line (counted once, when a cell first holds line breaks)
    try:
        for record in reader:
            if reader.line_num > start:   # a cell holding line breaks
                if last is None:
                    last = len(io.StringIO(text, newline="").readlines())
                _check_spanning(path, text, delimiter, rows, start, reader.line_num, record,
                                at_last=reader.line_num >= last)
            rows.append((start, [c for c in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError.single(path, say("import.bad_csv", reason=exc), reader.line_num) from None
    shown = {",": "comma", "\t": "tab", ";": "semicolon", "，": "full-width comma"}[delimiter]
    return Table(path, rows, f"CSV, {encoding}, {shown}-separated")


def _check_spanning(path: str, text: str, delimiter: str, rows: list[tuple[int, list[Cell]]], start: int,
                    end: int, record: list[str], at_last: bool = True) -> None:
    """Refuse a record that runs over lines ``start``-``end`` because of a quote left open: the
    file ends inside its quotes (only a record that reaches the last line, ``at_last``, can),
    or its cell with line breaks holds what reads as more rows (lines with a whole row's
    delimiters). A cell typed over several lines in Excel (Alt+Enter) is kept, commas and
    all. Nothing of the cell is quoted: it may hold other members' data."""
    from .columns import find_header

    cell = next((i for i, c in enumerate(record) if "\n" in c or "\r" in c), None)
    if cell is None:
        return
    inside = record[cell].splitlines()[1:]
    widest = max([len(record)] + [len(cells) for _, cells in rows[:30]])
    need = max(2, widest - 1)
    looks_like_rows = sum(1 for line in inside if line.count(delimiter) >= need)
    at_end = at_last and _ends_inside_quotes(text, start, delimiter)
    if not at_end and not looks_like_rows:
        return
    k = find_header(rows)
    name = rows[k][1][cell] if k is not None and cell < len(rows[k][1]) else None
    name = name.strip() if isinstance(name, str) and name.strip() and name.isprintable() else None
    values = dict(row=start, cell=cell + 1, last=end,
                  header=Msg(f" ({name})", f"（{name}）") if name else Msg("", ""),
                  rows=Msg(plural(looks_like_rows, "more row"), f"{looks_like_rows} 行"))
    key = "import.unclosed_quote" if at_end else "import.swallowing_quote"
    raise InputError.single(path, say(key, **values), start, cell + 1)


def _ends_inside_quotes(text: str, start: int, delimiter: str) -> bool:
    """Whether the CSV text ends inside a quoted cell of the record that starts on line
    ``start`` (the last one read: the reader took the rest of the file into it)."""
    lines = io.StringIO(text, newline="").readlines()
    rest = "".join(lines[start - 1:])
    quoted, field_start, i, n = False, True, 0, len(rest)
    while i < n:
        ch = rest[i]
        if quoted:
            if ch == '"':
                if rest[i + 1:i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif ch == '"' and field_start:
            quoted = True
        field_start = not quoted and ch in (delimiter, "\n", "\r")
        i += 1
    return quoted


# ---------------------------------------------------------------- Excel

#: A workbook may unpack to at most this many times the input limit (real rosters unpack
#: to 5-20 times their size; a "zip bomb" to thousands).
XLSX_EXPANSION = 50


def _damaged() -> tuple[type[BaseException], ...]:
    """What reading a damaged workbook raises, in openpyxl or below it: a zip member cut short
    or corrupt (BadZipFile, zlib.error, EOFError), a part missing (KeyError), XML that is not
    well-formed (ElementTree's ParseError and lxml's XMLSyntaxError are SyntaxErrors), a value
    that is no number, date or index (ValueError, IndexError) or too large a number
    (OverflowError), an attribute value openpyxl's typed descriptors refuse (TypeError)."""
    import zipfile
    import zlib

    return (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, SyntaxError, ValueError, IndexError,
            OverflowError, TypeError)


def _bad_xlsx(p: Path) -> InputError:
    return InputError.single(str(p), say("import.bad_xlsx"))


def _read_xlsx(p: Path, sheet: str | None, max_bytes: int, data: bytes) -> Table:
    """The workbook at ``p``, whose bytes are ``data``. What a damaged workbook raises where
    openpyxl reads it (when it opens the file; its sheet's XML, which is parsed as the rows
    are read) is refused as such (:func:`_damaged`). openpyxl's warnings are not passed on
    (they name its own source file): those of parts the import does not read (styles,
    extensions) say nothing to the user, and a date cell whose number is no date is given
    that number back (:func:`_restore_dates`), which the date column then refuses as such."""
    _check_unpacked_size(p, max_bytes * XLSX_EXPANSION)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = _read_workbook(p, sheet, data, caught)
    for w in caught:       # (others than openpyxl's, as they would have been)
        if not _from_openpyxl(w):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return table


def _read_workbook(p: Path, sheet: str | None, data: bytes, caught: list[warnings.WarningMessage]) -> Table:
    from openpyxl import load_workbook

    try:
        # (from its bytes: openpyxl refuses a path whose extension it does not know, such as .xls)
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _damaged():
        raise _bad_xlsx(p) from None
    try:
        names = wb.sheetnames
        if not names:            # (a workbook lists one sheet at least)
            raise _bad_xlsx(p)
        if sheet is None:
            ws = wb[names[0]]
        elif sheet in names:
            ws = wb[sheet]
        else:
            raise InputError.single(str(p), say("import.no_sheet", sheet=sheet,
                                                sheets=Msg(", ".join(names), "、".join(names))))
        # a read-only sheet trusts the <dimension ref="A1:E3"/> the file records, which other
        # programs leave stale (rows and columns past it would be lost without a word)
        ws.reset_dimensions()
        try:
            _check_extent(ws, p)
        except _damaged():
            raise _bad_xlsx(p) from None
        rows = _sheet_rows(ws, p)
        _restore_dates(rows, [str(w.message) for w in caught if _from_openpyxl(w)])
        try:
            parts = sheet_parts(ws, p)
        except _damaged():
            raise _bad_xlsx(p) from None
        filled = fill_merged(rows, parts.merged)
        mark_uncomputed(rows, parts.uncomputed)
        title = ws.title
    finally:
        wb.close()
    notes = [(f"{len(names)} sheets; read the first ({title}); choose another with --sheet",
              f"共 {len(names)} 个工作表，已读取第一个（{title}）；可用 --sheet 选择其他工作表")] if (
        sheet is None and len(names) > 1) else []
    if filled:
        notes.append((f"{plural(filled, 'merged cell range')} spanning rows: each row given the range's value, "
                      "as Excel shows it", f"{filled} 处跨行合并单元格已按 Excel 显示的值填入所跨各行"))
    widest = max((len(cells) for _, cells in rows), default=0)
    hidden_columns = sorted({c for first, last in parts.hidden_columns for c in range(first, min(last, widest) + 1)})
    return Table(str(p), rows, f"Excel workbook, sheet {title}", title, notes, list(names), sheet is None,
                 parts.hidden_rows, hidden_columns)


def _from_openpyxl(w: warnings.WarningMessage) -> bool:
    return "openpyxl" in Path(w.filename or "").parts


#: what openpyxl warns of a cell formatted as a date whose number is no date (it then reads the
#: cell as the error ``#VALUE!``): the cell and its number
_NOT_A_DATE = re.compile(r"Cell \$?([A-Za-z]{1,3})\$?(\d+) is marked as a date but the serial value (\S+) is outside")


def _restore_dates(rows: list[tuple[int, list[Cell]]], said: list[str]) -> None:
    """Give each cell openpyxl read as ``#VALUE!`` for a date number out of its range (1e10 in
    a cell formatted yyyy-mm-dd) its number back, from openpyxl's warning: the date column
    says what the cell holds (``10000000000 is not an Excel date number``), as for the same
    number in a General-format cell, not an error value the sheet does not show."""
    from openpyxl.utils.cell import column_index_from_string

    for text in said:
        m = _NOT_A_DATE.match(text)
        if m is None:
            continue
        row, column = int(m.group(2)), column_index_from_string(m.group(1).upper())
        try:
            value: Cell = int(m.group(3))
        except ValueError:
            try:
                value = float(m.group(3))
            except ValueError:
                continue
        cells = rows[row - 1][1] if 1 <= row <= len(rows) else []
        if column <= len(cells) and cells[column - 1] == "#VALUE!":
            cells[column - 1] = value


def _sheet_rows(ws, p: Path) -> list[tuple[int, list[Cell]]]:
    """The rows of a read-only sheet, numbered from 1. openpyxl parses the sheet's XML as its
    rows are asked for: what a damaged sheet raises comes from there (and only that step is
    guarded, not what is done with a row)."""
    rows: list[tuple[int, list[Cell]]] = []
    read = _values_by_row(ws, p)
    while True:
        try:
            values = next(read, None)
        except _damaged():
            raise _bad_xlsx(p) from None
        if values is None:
            return rows
        if len(rows) == MAX_ROWS:     # (where the sheet's XML could not be scanned first)
            raise _bad_xlsx(p)
        rows.append((len(rows) + 1, [_cell(v) for v in values]))


def _values_by_row(ws, p: Path):
    """``ws.iter_rows(values_only=True)`` of a read-only sheet whose dimensions were reset, as
    openpyxl reads it (a row missing between two numbered ones is an empty row), except that
    a row numbered no higher than the one before it, or a cell no further right than the one
    before it in its row, refuses the workbook as damaged: openpyxl drops such a row, or lets
    such a cell overwrite the other, without a word (a member lost). Excel writes neither; a
    sheet's XML written by hand or by another program may. Where openpyxl's reader is not as
    this expects, its own iter_rows."""
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        book = ws.parent
        parser = functools.partial(WorkSheetParser, shared_strings=ws._shared_strings, data_only=book.data_only,
                                   epoch=book.epoch, date_formats=book._date_formats,
                                   timedelta_formats=book._timedelta_formats)
        source, row_of = ws._get_source, ws._get_row
    except (ImportError, AttributeError):
        yield from ws.iter_rows(values_only=True)
        return
    counter = 1
    with source() as src:
        for number, cells in parser(src).parse():
            columns = [c["column"] for c in cells]
            if number < counter or any(b <= a for a, b in zip(columns, columns[1:])):
                raise _bad_xlsx(p)
            for _ in range(counter, number):    # (rows the sheet leaves out: empty)
                counter += 1
                yield ()
            counter += 1
            yield row_of(cells, 1, None, True)


#: Excel's limits: a sheet has at most 1,048,576 rows and 16,384 columns (A to XFD)
MAX_ROWS, MAX_COLUMNS = 1 << 20, 1 << 14
#: the ``r`` attribute of a row or cell element (``<row r="3">``, ``<c r="E3">``, any namespace
#: prefix) whose value is not plainly within Excel's limits (up to two letters, or three up to
#: W.., and a row number of 1 to 6 digits): checked one by one (:func:`_within_limits`); the value
#: ends in its quote, so that one cut at the end of a chunk is not read as another
_ODD_REFERENCE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:row|c)(?=\s)[^>]*?\sr\s*=\s*([\"'])"
                            rb"(?!(?:[A-Za-z]{0,2}|[A-Wa-w][A-Za-z]{2})[1-9]\d{0,5}\1)([^\"'<>]*)\1")


def _check_extent(ws, p: Path) -> None:
    """Refuse, as a damaged workbook, a sheet whose rows or cells are numbered beyond Excel's
    limits (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`), before its rows are read: openpyxl fills
    the rows missing between two row numbers with empty rows, so that one row numbered
    100,000,000 in a file of a few kilobytes took minutes and gigabytes. A scan of the sheet's
    bytes, as :func:`_may_hold_parts` does (chunks overlap, so no tag is cut in two)."""
    source = getattr(ws, "_get_source", None)
    if source is None:            # (then :func:`_sheet_rows` stops at the limit)
        return
    tail = b""
    with source() as src:
        while chunk := src.read(SCAN_CHUNK):
            seen = tail + chunk
            if any(not _within_limits(m.group(2)) for m in _ODD_REFERENCE.finditer(seen)):
                raise _bad_xlsx(p)
            tail = seen[-4096:]


def _within_limits(ref: bytes) -> bool:
    """Whether a row's number or a cell's reference (``1048576``, ``XFD3``, ``A01``; a row's
    number as openpyxl reads it, ``1e3``) is within Excel's limits."""
    from openpyxl.utils.cell import column_index_from_string

    m = re.fullmatch(rb"\$?([A-Za-z]{0,3})\$?(\d+)", ref)
    if m is None:
        try:
            row = float(ref)
        except ValueError:
            return False
        return row.is_integer() and 1 <= row <= MAX_ROWS
    letters, digits = m.group(1).decode(), m.group(2)
    return 1 <= int(digits) <= MAX_ROWS and (not letters or column_index_from_string(letters) <= MAX_COLUMNS)


class _NoValue:
    """The value of a formula cell saved without its computed value (as openpyxl and other
    scripts write formulas): not an empty cell."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __str__(self) -> str:   # where it is read as text (a header cell): nothing
        return ""


NO_VALUE = _NoValue()


class SheetParts(NamedTuple):
    """What a sheet holds besides its cells' values (all 1-based)."""

    #: merged ranges, (first row, first column, last row, last column)
    merged: list[tuple[int, int, int, int]]
    #: (row, column) of each formula cell saved without a computed value
    uncomputed: list[tuple[int, int]]
    #: rows hidden (by hand, by a filter, or folded away in an outline)
    hidden_rows: list[int]
    #: ranges of hidden columns, (first, last)
    hidden_columns: list[tuple[int, int]]


def sheet_parts(ws, path: Path) -> SheetParts:
    """The merged ranges of a read-only sheet, the formula cells saved without a computed
    value, and the hidden rows and columns (:class:`SheetParts`). openpyxl's read-only sheets
    keep none of them, so the sheet's part is read once more for its ``<mergeCell ref="B2:B4"/>``
    elements, its ``<c><f>1+2</f><v/></c>`` cells and its ``<row hidden="1">`` and
    ``<col hidden="1">`` elements. That uses a private openpyxl method; should it go, the
    workbook is loaded in full (slower, public API)."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
    from openpyxl.xml.functions import iterparse

    source = getattr(ws, "_get_source", None)
    if source is None:
        return _parts_loaded(path, ws.title)
    if not _may_hold_parts(source):     # (most rosters: no formula, no merged cell, nothing hidden)
        return SheetParts([], [], [], [])
    ranges, uncomputed, hidden_rows, hidden_columns = [], [], [], []
    row = col = 0
    with source() as src:  # the sheet's XML part in the workbook archive
        for event, el in iterparse(src, events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "row":
                    row, col = int(el.get("r") or row + 1), 0
                    if _true(el.get("hidden")):
                        hidden_rows.append(row)
                continue
            if tag == "c":
                ref = el.get("r")
                row, col = coordinate_to_tuple(ref) if ref else (row, col + 1)
                f, v = _child(el, "f"), _child(el, "v")
                # a formula's text result may be empty (t="str" with <v/>): that is a value
                if f is not None and (v is None or (not v.text and el.get("t") != "str")):
                    uncomputed.append((row, col))
                el.clear()
            elif tag == "mergeCell" and el.get("ref"):
                c1, r1, c2, r2 = range_boundaries(el.get("ref"))
                if None in (c1, r1, c2, r2) or r2 > MAX_ROWS or c2 > MAX_COLUMNS:   # (A:A, beyond Excel's limits)
                    raise _bad_xlsx(path)
                ranges.append((r1, c1, r2, c2))
                el.clear()
            elif tag == "col":
                if _true(el.get("hidden")) and el.get("min"):
                    hidden_columns.append((int(el.get("min")), int(el.get("max") or el.get("min"))))
                el.clear()
            elif tag == "row":
                el.clear()
    return SheetParts(ranges, uncomputed, hidden_rows, hidden_columns)


def _true(value: str | None) -> bool:
    """An XML boolean attribute's value ("1" or "true") as True."""
    return value in ("1", "true")


#: Bytes of a sheet's XML read at a time by :func:`_may_hold_parts`.
SCAN_CHUNK = 1 << 20
#: The start of a formula (``<f>``, ``<x:f t="shared">``) or merged-range element, any namespace
#: prefix, or a hidden row or column (``hidden="1"``; the same typed in a cell only costs the parse)
_PARTS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:f|mergeCell)[\s/>]|\shidden=[\"'](?:1|true)[\"']")


def _may_hold_parts(source) -> bool:
    """Whether the sheet's XML has a formula, a merged range or a hidden row or column at all:
    a scan of its bytes (35 MB for a province's member-per-row roster: a fraction of a second)
    spares the element-by-element parse where there is none. Chunks overlap, so no tag is cut
    in two."""
    tail = b""
    with source() as src:
        while chunk := src.read(SCAN_CHUNK):
            if _PARTS.search(tail + chunk):
                return True
            tail = chunk[-4096:]
    return False


def _child(el, name: str):
    return next((c for c in el if c.tag.rsplit("}", 1)[-1] == name), None)


def mark_uncomputed(rows: list[tuple[int, list[Cell]]], cells: list[tuple[int, int]]) -> None:
    """Put :data:`NO_VALUE` in each formula cell read as empty for want of a computed value."""
    by_number = {number: cells for number, cells in rows}
    for r, c in cells:
        row = by_number.get(r)
        if row is not None and c <= len(row) and row[c - 1] is None:
            row[c - 1] = NO_VALUE


def _parts_loaded(path: Path, title: str) -> SheetParts:
    from openpyxl import load_workbook

    values = load_workbook(path, data_only=True)[title]        # (a workbook loaded in full holds no
    formulas = load_workbook(path)[title]                      # file open: nothing to close)
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in values.merged_cells.ranges]
    uncomputed = [(c.row, c.column) for row in formulas.iter_rows() for c in row
                  if c.data_type == "f" and values.cell(c.row, c.column).value is None]
    hidden_rows = sorted(r for r, d in values.row_dimensions.items() if d.hidden)
    hidden_columns = sorted((d.min, d.max) for d in values.column_dimensions.values() if d.hidden and d.min)
    return SheetParts(ranges, uncomputed, hidden_rows, hidden_columns)


def fill_merged(rows: list[tuple[int, list[Cell]]], ranges: list[tuple[int, int, int, int]]) -> int:
    """Give each row of a merged range the value of its top-left cell, in the range's first
    column (a firm name merged down over its members' rows belongs to each). Never sideways:
    a name merged across a row (a firm-only row, a section heading) stays in its one cell,
    not copied into the name, status and date columns. Returns how many ranges span rows."""
    by_number = {number: cells for number, cells in rows}
    last = max(by_number, default=0)
    spanning = 0
    for r1, c1, r2, c2 in ranges:
        top = by_number.get(r1)
        if r2 <= r1 or top is None or c1 > len(top):
            continue
        value = top[c1 - 1]
        spanning += 1
        for r in range(r1 + 1, min(r2, last) + 1):   # (a range may run on past the last row read)
            cells = by_number.get(r)
            if cells is not None and c1 <= len(cells):
                cells[c1 - 1] = value
    return spanning


def _check_unpacked_size(p: Path, limit: int) -> None:
    """Refuse a workbook whose parts unpack to more than ``limit`` bytes, before reading it."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _bad_xlsx(p) from None
    if unpacked > limit:
        raise InputError.single(str(p), say("import.unpacked", unpacked=unpacked, limit=limit, times=XLSX_EXPANSION))


def _cell(v: Any) -> Cell:
    if isinstance(v, datetime):
        return v.date() if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0) else v
    if isinstance(v, (str, int, float, bool, date)) or v is None:
        return v
    if isinstance(v, time):     # (a date- or time-formatted cell holding a number under 1: that number)
        return (v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6) / 86400
    return str(v)  # formula errors: kept as text to be reported
