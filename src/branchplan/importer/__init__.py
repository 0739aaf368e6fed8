"""Importing a roster spreadsheet (Excel .xlsx or CSV) into a firms file.

Only the fields branchplan uses are kept: firm (id, name), member (id, name, status,
joining date), district, city, coordinates, director flag, lawyer count. Every other
column is dropped and listed; columns known to hold personal data (ID numbers, phones,
addresses, birth dates ...) are listed apart. See :func:`import_roster`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..arguments import as_date
from ..errors import InputError, Msg, Problem, UsageError
from ..errtext import say, validation_zh
from ..i18n import plural
from ..loader import collector_paused
from ..model import Roster
from ..roster import cross_check
from .build import Rejected, Rows, collect
from .columns import ALIASES, Columns, column_letter, find_header, read_header, two_row_header
from .ids import ENV_KEY, key_bytes
from .ids import id_key as _key_from_env
from .table import Table, read_table

__all__ = ["ImportResult", "NothingTaken", "Rejected", "import_roster"]

_FIELD_ORDER = ("id", "name", "jurisdiction", "district", "location", "director_is_member", "lawyers", "members")


@dataclass
class ImportResult:
    """The firms document, the roster it validates to, and what happened on the way. Its
    ``repr`` leaves out the document, the sheet and its rows (names, ID numbers)."""

    document: dict[str, Any] = field(repr=False)
    roster: Roster | None
    table: Table = field(repr=False)
    columns: Columns
    mode: str  # "members" (one row per member) or "counts" (one row per firm)
    rows: Rows = field(repr=False)
    #: how member ids were made: "column", "hmac" (from ID numbers) or "row" (R + row number)
    member_ids: str
    #: remarks for the summary, (English, Chinese)
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: whether members' names are written (``--no-names``: not)
    names: bool = True

    @property
    def rejected(self) -> list[Rejected]:
        return self.rows.rejected

    def text(self, fmt: str = "yaml") -> str:
        """The firms file, "yaml" or "json": byte for byte what ``branchplan import -o
        firms.yaml`` (or ``firms.json``) writes (dates as ISO text)."""
        from ..loader import dump_json, dump_yaml

        if fmt not in ("yaml", "json"):
            from ..errors import UsageError

            raise UsageError(f"ImportResult.text: fmt is 'yaml' or 'json', not {fmt!r}")
        if fmt == "json":
            import json

            return dump_json(json.loads(json.dumps(self.document, ensure_ascii=False, default=str)))
        return dump_yaml(self.document)

    @property
    def warnings(self) -> list[Rejected]:
        """Cells warned about (the rows were taken): firm cells that differ from an earlier row
        of the same firm, ids or firm cells that look like names, and, without member ids, a
        name and joining date an earlier row gives in another firm or with another status."""
        return self.rows.warnings

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({r.row for r in self.rows.rejected})


class NothingTaken(InputError):
    """Every data row was rejected: the problems list each reason (``file:row:col: header: reason``),
    then that nothing could be written; ``result`` holds what was read, for a caller that reports
    the rows in another language."""

    result: ImportResult | None = None


def rows_rejected(n: int) -> tuple[str, str]:
    """'1 row rejected' / '3 rows rejected', and the Chinese."""
    return f"{plural(n, 'row')} rejected", f"{n} 行被拒收"


@collector_paused
def import_roster(path: str | Path, *, jurisdiction: str | None = None, as_of: date | str | None = None,
                  id_key: str | bytes | None = None, sheet: str | None = None, names: bool = True) -> ImportResult:
    """Read a roster spreadsheet. Raises InputError when the file cannot be read as a roster
    at all (no header row, two columns for one field, a document that would not load);
    rows that cannot be taken are returned in ``result.rejected``, not raised, unless every row
    was rejected: then :class:`NothingTaken` (an InputError) lists each row's reasons.
    ``id_key`` (str or bytes, at least 16 characters, as ``--id-key``; else UsageError; when
    not given, the ``BRANCHPLAN_ID_KEY`` environment variable, as for the command);
    ``as_of``: a date or ISO text (``"2026-11-01"``). ``names=False`` (``--no-names``): members'
    names are read (to withhold them from messages, and to tell people apart) but not written;
    it needs member ids that carry over (a member-id column, or ID numbers with a key) and
    that are no names, else InputError."""
    from ..arguments import expect_path

    expect_path(path)
    id_key = key_bytes(id_key) if id_key is not None else _key_from_env(None)
    as_of = as_date(as_of)
    table = read_table(path, sheet)
    k = find_header(table.rows)
    if k is None:
        firm = "/".join(ALIASES["firm"][:3])
        if table.first_sheet and len(table.sheets) > 1:
            others = table.sheets[1:]
            message = say("import.no_header_sheet", sheet=Msg(repr(table.sheet), table.sheet), firm=firm,
                          others=Msg(", ".join(map(repr, others)), "、".join(f"“{o}”" for o in others)))
        else:
            message = say("import.no_header", firm=firm)
        raise InputError.single(table.path, message, table.rows[0][0] if table.rows else None)
    header_number, header_cells = table.rows[k]
    two = two_row_header(table.rows, k)
    if two is not None:     # (党员人数 over 正式 / 预备: two header rows read as one)
        header_cells = two[0]
    cols = read_header(header_number, header_cells)
    for j, shown_as in two[1] if two is not None else ():
        cols.headers[j] = shown_as
    if "total" in cols.fields and {"name", "member_id", "id_number", "status"} & set(cols.fields):
        # (a roster of members with its firm's count on each row: the count is not used)
        at = cols.fields.pop("total")
        cols.other.append((at, cols.headers[at]))
        cols.other.sort()
    _check_columns(table, cols, jurisdiction, id_key)
    mode = "counts" if {"full", "probationary", "total"} & set(cols.fields) else "members"
    member_ids = ("column" if "member_id" in cols.fields else "hmac" if "id_number" in cols.fields else "row")
    if not names and mode == "members" and member_ids == "row":
        raise InputError.single(table.path, say("import.no_names_row_ids"), header_number)
    rows = collect(table.rows[k + (2 if two is not None else 1):], cols, mode, id_key, jurisdiction, as_of)
    # (the sheet's rejected cells are said with a refusal of --no-names, in the same run)
    rejected = _problems(table, sorted(rows.rejected, key=lambda r: (r.row, r.column or 0)))
    if not names and member_ids == "column" and _running_numbers(rows):
        # (1..N in a member-id column is a row count, 序号: it changes when a member leaves, and
        # without the names nothing would tell next year's member 5 from this year's)
        raise InputError(rejected + [Problem(table.path, say("import.no_names_running",
                                                             header=cols.header("member_id")),
                                             header_number, cols.fields["member_id"] + 1)])
    if not names and rows.named_ids:
        # (ids that are the members' names would write the names --no-names is asked to leave out)
        raise InputError(rejected + _problems(table, rows.named_id_warnings)
                         + [Problem(table.path, say("import.no_names_named_ids", n=rows.named_ids), header_number)])
    document: dict[str, Any] = {}
    if jurisdiction:
        document["jurisdiction"] = jurisdiction
    if as_of:
        document["as_of"] = as_of
    document["firms"] = [{f: firm[f] for f in _FIELD_ORDER if f in firm} for firm in rows.firms.values()]
    if not names:
        for firm in document["firms"]:
            if isinstance(firm.get("members"), list):
                firm["members"] = [{k: v for k, v in m.items() if k != "name"} for m in firm["members"]]
    notes = list(table.notes)
    if k:
        notes.append((f"{plural(k, 'title row')} above the header skipped", f"表头上方 {k} 行标题已跳过"))
    if two is not None:
        second = table.rows[k + 1][0]
        notes.append((f"rows {header_number} and {second} read as one header row",
                      f"第 {header_number}、{second} 行按一行表头读取"))
    notes += _hidden_notes(table, cols, rows)
    result = ImportResult(document, None, table, cols, mode, rows, member_ids, notes, names)
    if not rows.firms and rows.rejected:
        error = NothingTaken([Problem(table.path, r.en, r.row, r.column, r.header)
                              for r in sorted(rows.rejected, key=lambda r: (r.row, r.column or 0))]
                             + [Problem(table.path, "no row could be taken: nothing to write ("
                                        + rows_rejected(len(result.rejected_rows))[0] + ")")])
        error.result = result
        raise error
    if not rows.firms:
        raise InputError.single(table.path, "no row could be taken: nothing to write")
    try:
        result.roster = _validate(result)
        _warn_places(result)
    except InputError as exc:
        if rows.rejected:     # the sheet's every problem at once, its rejected cells among them
            raise InputError(_problems(table, rows.rejected) + exc.problems) from None
        raise
    return result


def _problems(table: Table, said: list[Rejected]) -> list[Problem]:
    """Rejected cells (or warnings) of the sheet as positioned problems, in both languages."""
    return [Problem(table.path, r.en, r.row, r.column, r.header, r.zh) for r in said]


def _running_numbers(rows: Rows) -> bool:
    """Whether the member ids are the numbers 1..N (or 0..N-1), as a row count gives them."""
    ids = [m["id"] for f in rows.firms.values() if isinstance(f["members"], list) for m in f["members"]]
    if len(ids) < 2 or not all(isinstance(i, str) and i.isdecimal() for i in ids):
        return False
    numbers = sorted(int(i) for i in ids)
    return numbers[0] in (0, 1) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _warn_places(result: ImportResult) -> None:
    """A city written two ways in the city column (柳州 and 柳州市): read as two jurisdictions,
    whose firms are never grouped together (solve warns of it too). A warning at the first row
    of the firm of the later spelling."""
    from ..localrules import place_pairs

    cols, rows = result.columns, result.rows
    at = cols.fields.get("jurisdiction")
    if at is None:
        return
    for a, b, fa, fb in place_pairs(result.roster):
        msg = say("roster.place_twice", a=a, b=b, fa=fa, fb=fb)
        row = max(rows.firm_row.get(fa, 0), rows.firm_row.get(fb, 0))
        rows.warnings.append(Rejected(row, at + 1, cols.headers[at], msg.en, msg.zh))


#: how many rows a note lists by number
SHOWN_ROWS = 10


def _hidden_notes(table: Table, cols: Columns, rows: Rows) -> list[tuple[str, str]]:
    """Notes on the rows taken and the columns used that the workbook hides (a filter, rows of
    members who left hidden by hand): they are imported, nobody is dropped for being out of
    sight, but the clerk's count of the rows Excel shows is short by them."""
    notes = []
    hidden = set(table.hidden_rows)
    taken = [n for n in rows.taken_rows if n in hidden] if hidden else []
    if taken:
        n, more = len(taken), len(taken) > SHOWN_ROWS
        listed = ", ".join(map(str, taken[:SHOWN_ROWS])) + (", ..." if more else "")
        listed_zh = "、".join(map(str, taken[:SHOWN_ROWS])) + (" 行等" if more else " 行")
        notes.append((f"{plural(n, 'hidden row')} imported ({'row' if n == 1 else 'rows'} {listed}; a filter or "
                      f"hidden rows in the sheet): count {'it' if n == 1 else 'them'} in",
                      f"{n} 行隐藏行已导入（第 {listed_zh}；表格设有筛选或隐藏了行）：清点人数时请计入"))
    hidden = set(table.hidden_columns)
    used = [(column_letter(i), cols.headers[i]) for i in sorted(cols.fields.values()) if i + 1 in hidden]
    if used:
        n, it = len(used), "it" if len(used) == 1 else "them"
        notes.append((f"{plural(n, 'hidden column')} read ({', '.join(f'{c} {h}' for c, h in used)}): the sheet "
                      f"hides {it}, the import reads {it} as any other",
                      f"已读取 {n} 个隐藏列（{'、'.join(f'{c} 列“{h}”' for c, h in used)}）："
                      f"表格隐藏了{'该列' if n == 1 else '这些列'}，导入时照常读取"))
    return notes


def _check_columns(table: Table, cols: Columns, jurisdiction: str | None, key: bytes | None) -> None:
    path, row = table.path, cols.header_row
    problems = []
    for f, a, b in cols.clashes:
        problems.append(Problem(path, say("import.column_clash", a=column_letter(a), header_a=cols.headers[a],
                                          b=column_letter(b), header_b=cols.headers[b],
                                          field=Msg(f"{f}", ALIASES[f][0])), row, b + 1))
    member_cols = {"name", "member_id", "id_number", "status", "joined", "full_since"} & set(cols.fields)
    counts_cols = {"full", "probationary", "total"} & set(cols.fields)
    if member_cols and counts_cols:
        members = [cols.header(f) for f in sorted(member_cols)]
        counts = [cols.header(f) for f in sorted(counts_cols)]
        problems.append(Problem(path, say("import.both_kinds", members=Msg(", ".join(members), "、".join(members)),
                                          counts=Msg(", ".join(counts), "、".join(counts))), row))
    elif counts_cols == {"total"}:
        problems.append(Problem(path, say("import.total_alone", header=cols.header("total")), row,
                                cols.fields["total"] + 1))
    elif not counts_cols and "status" not in cols.fields:
        problems.append(Problem(path, "no member status column (党员类别: 正式/预备, or status: full/probationary)", row))
    if "jurisdiction" not in cols.fields and not jurisdiction:
        problems.append(Problem(path, "no city column (所属城市/jurisdiction): give the city with --jurisdiction", row))
    needs_key = not counts_cols and "member_id" not in cols.fields and "id_number" in cols.fields and key is None
    if problems:        # (every problem of the header at once, the missing key among them)
        if needs_key:   # (the problem's place names the file)
            problems.append(Problem(path, say("import.id_numbers_only", header=cols.header("id_number"), env=ENV_KEY),
                                    row))
        raise InputError(problems)
    if needs_key:
        said = say("import.id_numbers_only", header=cols.header("id_number"), env=ENV_KEY)
        raise UsageError(Msg(f"{path}: {said.en}", f"{path}：{said.zh}"))


def _validate(result: ImportResult) -> Roster:
    """The document must load as a firms file; problems point back at rows."""
    path, doc, rows = result.table.path, result.document, result.rows
    firm_keys = list(rows.firms)

    def row_of(loc: tuple) -> int | None:
        if len(loc) >= 2 and loc[0] == "firms" and isinstance(loc[1], int) and loc[1] < len(firm_keys):
            key = firm_keys[loc[1]]
            if len(loc) >= 4 and loc[2] == "members" and isinstance(loc[3], int):
                return rows.member_row.get((key, loc[3]), rows.firm_row[key])
            return rows.firm_row[key]
        return result.columns.header_row

    from ..roster import DOCUMENT   # (the validation context of a document read)

    try:
        roster = Roster.model_validate(doc, context=DOCUMENT)
    except ValidationError as exc:
        raise InputError([Problem(path, e["msg"].removeprefix("Value error, "), row_of(tuple(e["loc"])), None,
                                  ".".join(str(p) for p in e["loc"] if not isinstance(p, int)), validation_zh(e))
                          for e in exc.errors(include_url=False)]) from None
    def cell_of(loc: tuple) -> tuple[int | None, str | None]:
        """The sheet's column (1-based) and header of the value at ``loc``, where one column holds it."""
        key = loc[-1] if loc and isinstance(loc[-1], str) else None
        member = len(loc) >= 4 and loc[2] == "members"
        field = (_MEMBER_COLUMN if member else _FIRM_COLUMN).get(key) if key else None
        if field == "firm_id" and "firm_id" not in result.columns.fields:
            field = "firm"          # (the firm's name is its id)
        i = result.columns.fields.get(field) if field else None
        return (i + 1, result.columns.headers[i]) if i is not None else (None, None)

    problems = [_at_rows(Problem(path, msg, row_of(loc), *cell_of(loc)), rows, firm_keys)
                for loc, msg in cross_check(roster)]
    if problems:
        raise InputError(problems)
    return roster


#: the sheet's field of a member's and of a firm's key in the firms file (a problem found
#: there is said at that column)
_MEMBER_COLUMN = {"id": "member_id", "name": "name", "status": "status", "joined": "joined", "full_since": "full_since"}
_FIRM_COLUMN = {"id": "firm_id", "name": "firm", "district": "district", "jurisdiction": "jurisdiction"}

_FIRMS_REF = re.compile(r"firms\[(\d+)\]")


def _at_rows(problem: Problem, rows: Rows, firm_keys: list[str]) -> Problem:
    """The problem with each firms-file position it names (``firms[0]``, which the sheet's
    user never saw) given as the sheet's row of that firm."""
    def sub(zh: bool):
        def one(m: re.Match) -> str:
            k = int(m.group(1))
            if k >= len(firm_keys):
                return m.group(0)
            row = rows.firm_row[firm_keys[k]]
            return f"第 {row} 行" if zh else f"row {row}"
        return one

    problem.message = _FIRMS_REF.sub(sub(False), problem.message)
    if problem.message_zh:
        problem.message_zh = _FIRMS_REF.sub(sub(True), problem.message_zh)
    return problem
