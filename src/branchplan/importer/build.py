"""Rows -> a firms document: one row per member (or one per firm with counts).

Firms are keyed by the firm-id column when there is one, else by the firm's name (which
then is the firm's id: stable from year to year, readable in plans). A firm's district,
city, coordinates and director flag may be repeated on each of its members' rows; where a
row gives one differently from an earlier row of the same firm, the earlier value is kept
and a warning is given (see :mod:`.firmcells`). A row with a firm and no member cells at
all is a firm with no members. A rejected row is kept out of the document and reported
with its row number and every reason.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from typing import Any

from ..errors import Msg
from ..loader import NOT_SHOWN, Names, folded_names, holds_a_name, looks_like_a_name, looks_like_an_id_number
from ..model import Firm, Member, firm_name_key, id_key, standing_years, today
from ..roster import LONGEST_PROBATION_YEARS, PROBATION_YEARS
from .columns import Columns, column_letter, is_bookkeeping
from .firmcells import cells_of, reconcile, warning
from .ids import ENV_KEY, normalise_id_number, pseudonym
from .people import People
from .table import NO_VALUE
from .values import (LOST, POLITICAL_STATUS, Bad, as_typed, clean, is_blank, is_ditto, lost_character, parse_bool,
                     parse_count, parse_date, parse_float, parse_status)

_FIRM_FIELDS = ("district", "jurisdiction", "location", "director_is_member", "lawyers")
#: the cells of a member: a row with a firm and none of these is a firm with no members
_MEMBER_FIELDS = ("name", "member_id", "id_number", "status", "joined", "full_since")
#: the cells that are about a person, where a name typed in is withheld (as in a firms file)
_PERSON_FIELDS = _MEMBER_FIELDS + ("director_is_member",)


@dataclass
class Rejected:
    """One reason a row was not taken (a row may have several)."""

    row: int
    column: int | None  # 1-based, None for the whole row
    header: str | None
    en: str
    zh: str


@dataclass
class Rows:
    """What the rows gave: firms in order of first appearance, and the bookkeeping."""

    firms: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the members' names of the sheet (read even where they are not written: --no-names), which
    #: no message quotes
    names: Any = ()
    #: firm key -> row of its first accepted row; (firm key, member index) -> row
    firm_row: dict[str, int] = field(default_factory=dict)
    member_row: dict[tuple[str, int], int] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    #: cells warned about, the row still taken (firm cells that differ from an earlier row of
    #: the firm, ids and firm cells that are names, a name and joining date given twice)
    warnings: list[Rejected] = field(default_factory=list)
    #: :func:`name_key` of a firm key -> the firm key (its first spelling), without a firm-id column
    firm_keys: dict[str, str] = field(default_factory=dict)
    #: (:func:`..model.firm_name_key`, city) -> the firm key: a firm written short or with its form
    #: in brackets (广西甲律所, 广西甲律师事务所（普通合伙）) is the same firm in the same city only
    loose_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    #: with a firm-id column: (the firm name's key, the city's) -> (firm id, row, district's key)
    #: of the first row of each unit of that name (:func:`_one_id`)
    id_of_name: dict[tuple[str, str], list[tuple[str, int, str]]] = field(default_factory=dict)
    #: firm key -> (row, cell as typed) of the firm's first row taken: its name, without a
    #: firm-id column
    firm_typed: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: firm key -> field -> (row, cell as typed) of the row that first gave the field
    firm_cells: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)
    data_rows: int = 0
    blank_rows: int = 0
    #: the rows taken (a hidden one is said in the summary: Excel does not show it)
    taken_rows: list[int] = field(default_factory=list)
    month_only: int = 0
    no_joined: int = 0
    #: the warnings of member ids that look like names (among ``warnings`` too)
    named_id_warnings: list[Rejected] = field(default_factory=list)
    #: member ids that were ID numbers, replaced by keyed pseudonyms
    hashed_ids: int = 0
    #: firm cells (id, name, city, district) that are a member name of the sheet (warned
    #: about, among ``warnings``)
    named_firm_cells: int = 0
    #: rows with the name and joining date of an earlier row, in another firm or with another
    #: status, when members have no ids (warned about, among ``warnings``; see :mod:`.people`)
    same_name_and_date: int = 0
    #: totals rows (合计, 小计, total ...) skipped, and those whose counts differ from the firms
    #: above (warned about, among ``warnings``)
    totals_rows: int = 0
    #: a form's own lines skipped: 以下空白, a sign-off line (填表人：... 审核人：...)
    form_lines: int = 0
    totals_differ: int = 0
    #: rows writing their firm's name in another case or spacing than its first row, without a
    #: firm-id column (warned about, among ``warnings``)
    respelled: int = 0
    #: rows whose firm name differs from the firm's first row's in its form of organisation in
    #: brackets or the word for a law firm (read as that firm)
    reworded: int = 0
    #: pairs of firms at the same coordinates with names alike (warned about, among ``warnings``)
    alike_firms: int = 0
    #: member names holding a character lost when the file was saved ("?" in Chinese text, or
    #: U+FFFD: warned about, among ``warnings``)
    lost_in_names: int = 0
    #: members whose status the joining date makes unlikely: full within a year of joining,
    #: probationary more than two years after (warned about, among ``warnings``)
    status_vs_joined: int = 0
    #: members whose made-full date (转正时间) gives a probation under a year or over two
    probation_vs_full_since: int = 0

    @property
    def named_ids(self) -> int:
        """Member ids that look like names (warned about, among ``warnings``)."""
        return len(self.named_id_warnings)


class _Row:
    """Parses the cells of one row, collecting every problem instead of stopping at the first."""

    def __init__(self, number: int, cells: list, cols: Columns, names: Names = folded_names(())) -> None:
        self.number, self.cells, self.cols = number, cells, cols
        #: field -> the row's cell, looked up once (each check of the row reads its cells)
        self.by_field = {f: cells[i] for f, i in cols.fields.items() if i < len(cells)}
        self.problems: list[Rejected] = []
        self.month_only = False
        #: the sheet's member names: a reason never quotes one (a name in a shifted column)
        self.names = names
        #: fields whose cell was refused already (a ditto mark): not parsed again, so that the
        #: cell gets one reason
        self.refused: set[str] = set()

    def raw(self, f: str):
        return self.by_field.get(f)

    def get(self, f: str, parse=None, *args):
        """Parsed value of field f; None when the column is absent or the cell empty."""
        cell = self.raw(f)
        if is_blank(cell):
            return None
        if parse is None:
            return clean(cell)
        if f in self.refused:
            return None
        try:
            return parse(cell, *args)
        except Bad as exc:
            self.reject(f, exc.en, exc.zh)
            return None

    def reject(self, f: str | None, en: str, zh: str) -> None:
        if f in self.refused:       # (the cell has its reason)
            return
        i = self.cols.fields.get(f) if f else None
        header = self.cols.headers[i] if i is not None else None
        cell = clean(self.raw(f)) if f and f != "name" and not is_blank(self.raw(f)) else None
        if cell and self.withholds(cell, f):
            en, zh = _unquote(en, cell, NOT_SHOWN.en), _unquote(zh, cell, NOT_SHOWN.zh)
        self.problems.append(Rejected(self.number, None if i is None else i + 1, header, en, zh))

    def withholds(self, cell: str, f: str | None = None) -> bool:
        """Whether a message must not quote ``cell`` (of field ``f``): it holds a member name
        of the sheet (loader.holds_a_name: whole words for a Latin name; "2010年1月1日 吴九",
        "full zhang san"), or, in a member's own columns and the director flag, it is
        Chinese text without digits that is no status word (a name shifted there), as a
        firms file withholds it."""
        return not is_ditto(cell) and clean(cell) not in POLITICAL_STATUS and (
            cell in self.names or holds_a_name(cell, self.names) or (f in _PERSON_FIELDS and looks_like_a_name(cell)))


def name_key(text: str) -> str:
    """What a firm's name is matched by: :func:`..model.id_key` (width, case) without any
    whitespace, inside too (``广西柳南 律师事务所``, with an ASCII, ideographic or several
    spaces, is ``广西柳南律师事务所``)."""
    return "".join(id_key(text).split())


def _unquote(text: str, value: str, instead: str) -> str:
    """``text`` with ``value`` replaced by ``instead`` where the message gives it: quoted
    ('张三', “张三”), or on its own between spaces or signs (``firm 张三 already has a row``).
    Never inside the message's own words: a status cell ``党员`` is not cut out of 党员类别,
    nor ``年`` out of 2010年7月1日."""
    for quoted in (repr(value), f"“{value}”"):
        text = text.replace(quoted, instead)
    return re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", lambda _: instead, text)


def collect(rows: list[tuple[int, list]], cols: Columns, mode: str, key: bytes | None,
            default_jurisdiction: str | None, as_of: date | None) -> Rows:
    """Read every data row (those after the header row)."""
    out = Rows()
    seen_ids: dict[str, int] = {}
    # without member ids (R + row number), a person given twice is found by their cells; with
    # member ids, one given twice under two ids (an ID number is the person's own: not there)
    people = None
    if mode == "members" and "id_number" not in cols.fields:
        people = People(ids="member_id" in cols.fields)
    width = len(str(rows[-1][0])) if rows else 1
    at = cols.fields.get("name")
    names = folded_names(() if at is None else
                         (clean(cells[at]) for _, cells in rows if at < len(cells) and not is_blank(cells[at])))
    out.names = names
    since_subtotal = [0, 0]   # (full, probationary) of the firms taken since the last subtotal row
    field_at = {i: f for f, i in cols.fields.items()}
    bookkeeping = {i for i, h in cols.other if is_bookkeeping(h)}   # a row of only 序号 / 备注 is blank
    for number, cells in rows:
        # formulas saved without their computed value (only in used columns; others are dropped)
        formulas = [i for i, c in enumerate(cells) if c is NO_VALUE]
        if formulas:
            cells = [None if c is NO_VALUE else c for c in cells]
            formulas = [i for i in formulas if i in field_at]
        if not formulas and all(is_blank(c) for i, c in enumerate(cells) if i not in bookkeeping):
            out.blank_rows += 1
            continue
        if _form_line(cells, bookkeeping):
            out.form_lines += 1
            continue
        kind = _totals_kind(cells, cols, bookkeeping)
        held = _member_cells(cells, cols) if kind is not None and mode == "members" else []
        if held:
            # a member's row under a totals word is no totals row: taken as a row, so that it is
            # rejected at its cells, never dropped (a firm cell that is the word is said below)
            kind = None
        if kind is not None:
            out.totals_rows += 1
            if mode == "counts":
                _check_totals(_Row(number, cells, cols, names), out,
                              since_subtotal if kind == "subtotal" else _counted(out))
                if kind == "subtotal":
                    since_subtotal = [0, 0]
            continue
        out.data_rows += 1
        r = _Row(number, cells, cols, names)
        for i in formulas:
            r.reject(field_at[i], "a formula without a computed value: open the file in Excel or WPS and save "
                     "it, then import again", "公式没有计算结果：请用 Excel 或 WPS 打开文件并保存，然后重新导入")
        _reject_control_characters(r)
        if held:
            _reject_totals_word(r, held)
        _reject_id_numbers(r)
        _reject_overlong(r)
        _reject_dittos(r)
        _reject_lost_characters(r)
        firm_key, attrs = _firm(r, default_jurisdiction)
        if firm_key is not None and "firm_id" not in cols.fields:
            # a firm written in another case, or with a space inside (pasted from a web page), is
            # the same firm, as one in full-width characters is (the roster refuses two ids that
            # read as one): the first spelling is kept; ids of a firm-id column are the user's
            # own, and two that read as one are refused
            # (so are one written with or without its form in brackets, or with 律所 for 律师事务所,
            # in the same city; the same name in another city is that firm too, its city cell
            # warned of: one id, one firm)
            loose = (firm_name_key(firm_key), id_key(attrs["jurisdiction"] or default_jurisdiction or ""))
            if loose in out.loose_keys:
                firm_key = out.loose_keys[loose]
            else:
                firm_key = out.loose_keys[loose] = out.firm_keys.setdefault(name_key(firm_key), firm_key)
        firm_only = mode == "members" and all(is_blank(r.raw(f)) for f in _MEMBER_FIELDS)
        member = _member(r, key, width, as_of, out) if mode == "members" and not firm_only else None
        counts = _counts(r) if mode == "counts" else None
        if member is not None and member["id"] in seen_ids:
            mid, first = member["id"], seen_ids[member["id"]]
            if "member_id" in cols.fields:
                r.reject("member_id", f"member id {mid} already given in row {first}", f"党员编号与第 {first} 行重复")
            else:
                r.reject("id_number", f"the same ID number as row {first}", f"身份证号与第 {first} 行相同")
        if people is not None:
            people.given_twice(r, firm_key, member)
        if firm_key is not None and "firm_id" in cols.fields and not r.problems:
            _one_id(r, out, firm_key, attrs, default_jurisdiction)
        completes: dict[str, Any] = {}
        here: dict[str, tuple[int, str]] = {}
        if firm_key is not None and not r.problems:
            _warn_named_firm_cells(r, out)
            _warn_spelling(r, out, firm_key)
            here = cells_of(r, "firm_id" in cols.fields)
            completes = _merge_firm(r, out, firm_key, attrs, here, mode)
        if r.problems:
            # a formula's cell is said once (not also as an empty status or a firm missing)
            out.rejected += [p for k, p in enumerate(r.problems) if k < len(formulas)
                             or p.column is None or p.column - 1 not in formulas]
            continue
        out.taken_rows.append(number)
        firm = out.firms.setdefault(firm_key, _new_firm(firm_key, attrs, r))
        firm.update(completes)
        out.firm_row.setdefault(firm_key, number)
        given = out.firm_cells.setdefault(firm_key, {})
        for f, cell in here.items():
            given.setdefault(f, cell)
        if mode == "counts":
            firm["members"] = counts
            since_subtotal[0] += counts["full"]
            since_subtotal[1] += counts["probationary"]
        elif not firm_only:  # a firm-only row: a firm with no members, or more of a firm's own cells
            seen_ids[member["id"]] = number
            said = people.take(r, firm_key, member) if people is not None else None
            if said is not None:
                i = cols.fields["name"]
                out.warnings.append(Rejected(number, i + 1, cols.headers[i], *said))
                out.same_name_and_date += 1
            _check_status_against_joined(r, member, as_of, out)
            out.member_row[(firm_key, len(firm["members"]))] = number
            firm["members"].append(member)
            _warn_lost_in_name(r, out)
            if member.get("joined") is None:
                out.no_joined += 1
            out.month_only += r.month_only
    _warn_alike_firms(out, cols, names)
    return out


#: the words of a totals row in the firm column (compared without spaces, case or a trailing colon)
_GRAND_TOTAL = frozenset({"合计", "总计", "共计", "总合计", "全市合计", "total", "totals", "grandtotal"})
_SUBTOTAL = frozenset({"小计", "subtotal"})


def _totals_kind(cells: list, cols: Columns, bookkeeping: set[int] = frozenset()) -> str | None:
    """"total" or "subtotal" when the row's firm cell (or firm-id cell, without a firm
    column) is a totals word, or it is empty and a bookkeeping cell (序号) is one (合计 typed
    under 序号, or merged across 序号 and the firm's name), else None."""
    i = cols.fields.get("firm", cols.fields.get("firm_id"))
    if i is None:
        return None
    cell = cells[i] if i < len(cells) else None
    if is_blank(cell):
        cell = next((cells[j] for j in sorted(bookkeeping) if j < len(cells) and not is_blank(cells[j])), None)
        if cell is None or not isinstance(cell, str):
            return None
    word = "".join(clean(cell).split()).lower().rstrip(":")
    return "total" if word in _GRAND_TOTAL else "subtotal" if word in _SUBTOTAL else None


#: the words a totals row may write beside its counts in a member's cell (``共 20 名``, ``正式18人、预备2人``)
_COUNT_WORDS = re.compile(r"合计|总计|共计|小计|共|计|其中|正式|预备|党员|人数")


def _is_count(cell) -> bool:
    """Whether a cell is a count, as a totals row writes one under a member's column: a
    number, or text of numbers of people (``3``, ``3人``, ``共 20 名``, ``正式18人、预备2人``)."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    if not isinstance(cell, str):
        return False
    parts = re.split(r"[\s,，、;；/:：]+", _COUNT_WORDS.sub(" ", "".join(clean(cell).split())))
    return any(parts) and all(re.fullmatch(r"\d+[人名个]?", p) for p in parts if p)


def _member_cells(cells: list, cols: Columns) -> list[int]:
    """The columns (0-based) of the row's member cells (name, member id, ID number, status,
    joining date, made full) that hold something other than a count: a member's data, which
    a totals row does not hold."""
    held = []
    for f in _MEMBER_FIELDS:
        i = cols.fields.get(f)
        cell = cells[i] if i is not None and i < len(cells) else None
        if not is_blank(cell) and not _is_count(cell):
            held.append(i)
    return sorted(held)


def _reject_totals_word(r: _Row, held: list[int]) -> None:
    """Reject the firm cell (the firm-id cell, without a firm column) of a row that holds a
    member's cells (``held``) under a totals word (合计, Total): a totals row holds counts
    only, and the member must not be dropped with it, nor put into a firm named 合计. A
    totals word in the 序号 cell beside an empty firm cell leaves the row without a firm,
    which is said as for any row."""
    f = "firm" if "firm" in r.cols.fields else "firm_id"
    cell = r.raw(f)
    if is_blank(cell):
        return
    shown = clean(cell)
    headers = [r.cols.headers[i] for i in held]
    r.reject(f, f"{shown!r} is a totals word (合计, 小计, total), but the row holds a member "
             f"({', '.join(headers)}): a totals row holds counts only; write the member's firm, or delete the row",
             f"“{shown}”是合计行的用词（合计、小计、total），但本行有党员信息（{'、'.join(headers)}）："
             "合计行只写人数；请写出该党员的单位，或删除本行")
    r.refused.add(f)


#: what ends a form on paper (以下空白: "the rest is left blank"), compared without spaces
_END_OF_FORM = frozenset({"以下空白", "以下无内容", "以下无正文", "以下为空", "以下为空白", "此页无正文", "空白",
                          "(空白)", "(以下空白)"})
#: a form's sign-off line: who filled it in and checked it, when, their telephone (never quoted):
#: 填表人：, 制表：, 审核人 王芳 (a space for the colon after 人), 填表日期：, 联系电话：, 单位盖章
_SIGN_OFF = re.compile(r"(?:(?:填表|填报|制表|审核|审批|复核|核对|负责|联系|经办|报送|统计|主管)(?:人|单位|领导)?"
                       r"(?:签字|签名|盖章)?\s*[:：(（]|(?:填表|填报|制表|审核|审批|复核|核对|负责|联系|经办|报送|统计)人\s+"
                       r"|(?:填表|填报|制表|报送|统计)?日期\s*[:：]|联系电话|联系方式|(?:单位)?盖章|签字|签名)")
#: a date alone in a cell of a sign-off line (2026年11月1日, 2026-11-01, 2026.11.1)
_DATE_CELL = re.compile(r"\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*\d{1,2}\s*日?")


def _form_line(cells: list, bookkeeping: set[int]) -> bool:
    """Whether a row is one of a form's own lines, not data: 以下空白 (alone on its row, in any
    column), or a sign-off line (填表人：李明, 审核人 王芳, 联系电话： | 13800138000, a date)."""
    texts = [c for i, c in enumerate(cells) if not is_blank(c) and i not in bookkeeping]
    if not texts:
        return False
    if len(texts) == 1 and isinstance(texts[0], str) and "".join(clean(texts[0]).split()) in _END_OF_FORM:
        return True
    # every cell a sign-off entry (填表人：李明), the value of a label in the cell before it
    # (联系电话： | 13800138000), or a date beside them (2026年11月1日)
    signed = value_next = False
    for c in texts:
        text = clean(c) if isinstance(c, str) else ""
        label = _SIGN_OFF.match(text) if text else None
        if label is not None:
            signed, value_next = True, not text[label.end():].strip(" :：")
        elif value_next:
            value_next = False
        elif not _is_date_cell(c):
            return False
    return signed


def _is_date_cell(cell) -> bool:
    return isinstance(cell, date) or (isinstance(cell, str) and _DATE_CELL.fullmatch(clean(cell)) is not None)


def _counted(out: Rows) -> list[int]:
    """(full, probationary) over the firms taken so far (counts form)."""
    return [sum(f["members"]["full"] for f in out.firms.values()),
            sum(f["members"]["probationary"] for f in out.firms.values())]


def _check_totals(r: _Row, out: Rows, above: list[int]) -> None:
    """Warn when a totals row's counts are not those of the firms above it (the row is
    skipped either way; a count that is empty or not a number is not compared)."""
    said = []
    for f in ("full", "probationary"):
        if is_blank(r.raw(f)):
            said.append(None)
            continue
        try:
            said.append(parse_count(r.raw(f), f, f))
        except Bad:
            said.append(None)
    differs = [f for f, n, m in zip(("full", "probationary"), said, above) if n is not None and n != m]
    if not differs:
        return
    i = r.cols.fields[differs[0]]
    full, prob = ("-" if n is None else n for n in said)
    out.warnings.append(Rejected(
        r.number, i + 1, r.cols.headers[i],
        f"warning: this totals row gives {full} full and {prob} probationary members, the firms above add up to "
        f"{above[0]} full and {above[1]} probationary: check the sheet (a totals row is not imported)",
        f"提醒：该合计行为正式 {full}、预备 {prob} 名，上方各单位合计为正式 {above[0]}、预备 {above[1]} 名："
        "请核对表格（合计行不导入）"))
    out.totals_differ += 1


#: cells copied into the firms file as text, where an ID number typed in (a shifted column) must
#: never land: it would be printed by plans and reports (the member-id column has its own rule)
_COPIED_TEXT = ("firm", "name", "district", "jurisdiction")


def _reject_id_numbers(r: _Row) -> None:
    """Reject each copied text cell of the row that holds something like an ID number."""
    for f in _COPIED_TEXT:
        cell = r.raw(f)
        if not is_blank(cell) and looks_like_an_id_number(clean(cell)):
            r.reject(f, "this cell looks like an ID number (value not shown); ID numbers are never copied "
                     "into the firms file: check the column",
                     "该单元格像是身份证号（值不予显示）；身份证号不会写入名册文件，请检查该列")


def _max_length(model, field: str) -> int:
    """The ``max_length`` a firms-file model gives one of its text fields."""
    return next(m.max_length for m in model.model_fields[field].metadata if getattr(m, "max_length", None))


#: the longest text a firms file takes in each field copied as text (the models' own limits);
#: a firm's name is its id, and held to the id's length, when there is no firm-id column
_MAX_CHARS = {"firm_id": _max_length(Firm, "id"), "firm": _max_length(Firm, "name"),
              "name": _max_length(Member, "name"), "member_id": _max_length(Member, "id"),
              "district": _max_length(Firm, "district"), "jurisdiction": _max_length(Firm, "jurisdiction")}


def _reject_overlong(r: _Row) -> None:
    """Reject each cell longer than its field takes (the value not shown: it may be a name)."""
    for f, limit in _MAX_CHARS.items():
        cell = r.raw(f)
        if is_blank(cell):
            continue
        n = len(clean(cell))
        if f == "firm" and "firm_id" in r.cols.fields:   # the name, as typed
            n = len(as_typed(cell))
        elif f == "firm":                                  # the name as typed, and the id
            n, limit = max(n, len(as_typed(cell))), _MAX_CHARS["firm_id"]
        if n > limit:
            r.reject(f, f"the cell holds {n} characters, more than the {limit} a firms file takes (value not "
                     "shown): shorten it", f"该单元格有 {n} 个字符，超过名册文件允许的 {limit} 个（值不予显示）：请缩短")


def _reject_control_characters(r: _Row) -> None:
    """Reject each cell of the row holding a control character (U+0000-U+001F, U+007F-U+009F:
    a tab inside the text, a character pasted from another program) after a line break typed
    in the cell (Alt+Enter) is read as :func:`.values.clean` reads it: a firms file takes none
    (they would garble every message and table showing the text), and the cell is not quoted,
    as it cannot be shown as it is."""
    for f, i in r.cols.fields.items():
        cell = r.raw(f)
        if not isinstance(cell, str) or cell.isprintable():
            continue
        c = next((c for c in clean(cell) if unicodedata.category(c) == "Cc"), None)
        if c is None:
            continue
        code, tab = f"U+{ord(c):04X}", c == "\t"
        r.reject(f, f"the cell holds a control character ({code}{', a tab' if tab else ''}), which a firms file does "
                 "not take (value not shown): delete it from the cell (Excel may not show it)",
                 f"该单元格含控制字符（{code}{'，制表符' if tab else ''}），名册文件不接受（值不予显示）："
                 "请从单元格中删去该字符（Excel 中可能看不到）")
        r.refused.add(f)


#: the cells of a firm where a ditto mark (同上, 〃) must never become a value: a firm named
#: 同上 would pool the members of every firm it stood for. (what the cell is not, the word to
#: write on every row), in English and Chinese
_DITTO_FIELDS = {
    "firm": ("a firm name", "the firm's name", "单位名称", "单位名称"),
    "firm_id": ("a firm id", "the firm's id", "单位编号", "单位编号"),
    "district": ("a district", "the district", "区县", "区县"),
    "jurisdiction": ("a city", "the city", "所属城市", "所属城市"),
    "director_is_member": ("yes or no", "是 or 否", "“是”或“否”", "“是”或“否”"),
}


def _reject_dittos(r: _Row) -> None:
    """Reject each firm cell of the row that is a ditto mark (``同上``, ``〃``, ``ditto`` ...):
    the sheet's user means the row above, which a row of its own cannot know for sure (a
    sorted or filtered sheet), so the value is asked for, not guessed."""
    for f, (en_not, en_write, zh_not, zh_write) in _DITTO_FIELDS.items():
        cell = r.raw(f)
        if not is_ditto(cell):
            continue
        shown = clean(cell)
        r.reject(f, f"{shown!r} (ditto) is not {en_not}: write {en_write} on every row (or leave the cells merged "
                 "in Excel)", f"“{shown}”不是{zh_not}：请在每一行写出{zh_write}（或在 Excel 中保留合并单元格）")
        r.refused.add(f)


#: the cells of a firm where a character lost when the file was saved is refused: in a firm's
#: name or id it could make two firms one (广西䶮德 and 广西𬌗德 both 广西?德), in its
#: district or city put it in the wrong place
_LOST_FIELDS = ("firm", "firm_id", "district", "jurisdiction")
#: (English, Chinese) of what a lost character is, after the cell, and how to keep it
_LOST_WHAT = {
    "?": (" in Chinese text: a character the file could not hold when it was saved (Excel's 'CSV' is GBK, "
          "without 䶮 and other rare characters, and writes '?' for them)",
          "是保存文件时无法保存的字（Excel 的“CSV”为 GBK 编码，没有䶮等生僻字，会写成“?”）"),
    LOST: (": a character lost when the file was saved or converted", "是保存或转换文件时丢失的字"),
}
_SAVE_AGAIN = ("save the sheet as 'CSV UTF-8' or .xlsx and import that, or type the character in",
               "请另存为“CSV UTF-8”或 .xlsx 后重新导入，或补写该字")


def _reject_lost_characters(r: _Row) -> None:
    """Reject each firm cell of the row holding a character lost when the file was saved
    (:func:`.values.lost_character`: "?" in Chinese text, U+FFFD)."""
    for f in _LOST_FIELDS:
        cell = r.raw(f)
        mark = lost_character(cell)
        if mark is None:
            continue
        shown, (en, zh) = clean(cell), _LOST_WHAT[mark]
        two = (", and two firms could read as one", "，可能使两个单位读作同一个") if f in ("firm", "firm_id") else ("", "")
        r.reject(f, f"{shown!r} holds {mark!r}{en}{two[0]}: {_SAVE_AGAIN[0]}",
                 f"“{shown}”中的“{mark}”{zh}{two[1]}：{_SAVE_AGAIN[1]}")


def _warn_lost_in_name(r: _Row, out: Rows) -> None:
    """Warn at a member's name holding a character lost when the file was saved (the name not
    shown); the row is taken: the member is there, the name only spelt short."""
    mark = lost_character(r.raw("name"))
    if mark is None:
        return
    en, zh = _LOST_WHAT[mark]
    i = r.cols.fields["name"]
    out.warnings.append(Rejected(
        r.number, i + 1, r.cols.headers[i],
        f"warning: the name (value not shown) holds {mark!r}{en}; the row is taken as it reads: to keep the name "
        f"whole, {_SAVE_AGAIN[0]}",
        f"提醒：姓名（值不予显示）中的“{mark}”{zh}；本行已按原样导入，如需保留完整姓名，{_SAVE_AGAIN[1]}"))
    out.lost_in_names += 1


def _firm(r: _Row, default_jurisdiction: str | None) -> tuple[str | None, dict[str, Any]]:
    name = r.get("firm")
    fid = r.get("firm_id")
    key = fid if "firm_id" in r.cols.fields else name
    if key is None:
        r.reject("firm_id" if "firm_id" in r.cols.fields else "firm",
                 "no firm on this row: write the firm on each of its members' rows (or leave its cells merged in "
                 "Excel)", "本行没有单位（律所）：请在该单位每名党员的行写出单位（或在 Excel 中保留合并单元格）")
    # the id is the name folded (full-width brackets and digits as half-width), so that next
    # year's sheet typed either way finds the same firm; the name keeps the registered spelling
    attrs: dict[str, Any] = {"name": as_typed(r.raw("firm")) if name is not None else None}
    attrs["district"] = r.get("district")
    attrs["jurisdiction"] = r.get("jurisdiction")
    if attrs["jurisdiction"] is None and default_jurisdiction is None and "jurisdiction" in r.cols.fields:
        r.reject("jurisdiction", "no city (jurisdiction) on this row and no --jurisdiction default",
                 "本行没有所属城市，也没有用 --jurisdiction 给出默认值")
    attrs["location"] = _location(r)
    attrs["director_is_member"] = r.get("director_is_member", parse_bool)
    attrs["lawyers"] = r.get("lawyers", parse_count, "lawyers", "律师人数")
    return key, attrs


def _warn_spelling(r: _Row, out: Rows, key: str) -> None:
    """Without a firm-id column, warn when this row writes its firm's name in another case,
    or with other spacing, than the firm's first row (the row is taken into that firm).
    Full-width brackets, letters, digits or spaces for half-width ones are no news: the same
    name, typed on another keyboard."""
    if "firm_id" in r.cols.fields:
        return
    f = "firm"
    now = as_typed(r.raw(f))
    was = out.firm_typed.setdefault(key, (r.number, now))
    if clean(now) == clean(was[1]):    # full-width brackets or digits: the same name, typed otherwise
        return
    i = r.cols.fields[f]
    # (a member's name or an ID number in the firm column is not quoted)
    hidden = r.withholds(now) or looks_like_an_id_number(now)
    en = "" if hidden else f" '{was[1]}', this row '{now}'"
    zh = "" if hidden else f"“{was[1]}”，本行写作“{now}”"
    spaced = "".join(clean(now).split()) == "".join(clean(was[1]).split())
    cased = clean(now).lower() == clean(was[1]).lower()
    if name_key(now) != name_key(was[1]):       # (its form in brackets, or 律所 for 律师事务所)
        what = ("its form of organisation in brackets ((普通合伙)) or in 律所 for 律师事务所",
                "括号中的组织形式（（普通合伙））或“律所”“律师事务所”的写法")
        out.reworded += 1
    else:
        what = ("spacing", "空格") if spaced else ("case", "大小写") if cased else ("case and spacing", "大小写和空格")
        what = (what[0] + " (or width)", what[1] + "（或全角半角）")
        out.respelled += 1
    out.warnings.append(Rejected(
        r.number, i + 1, r.cols.headers[i],
        f"warning: row {was[0]} writes this firm{en or ' otherwise'}: the two differ only in {what[0]} and are read "
        "as one firm",
        f"提醒：第 {was[0]} 行{'将该单位写作' + zh if zh else '对该单位的写法不同'}：两者仅{what[1]}不同，按同一单位读取"))


#: names at least this alike (difflib's ratio: 2 × the characters in common / both lengths)
#: may be one firm typed two ways, when the firms are at one place: one character in five
#: (``广西鱼峰律帅事务所`` for ``律师``), but not two in nine (``广西柳江律师事务所`` / ``广西鱼峰律师事务所``)
ALIKE = 0.8
#: a place given for more firms than this is not one firm's (the city's coordinates typed for
#: every firm): its firms are not compared, as two of them at it tells nothing
SHARED_PLACE = 20


def _warn_alike_firms(out: Rows, cols: Columns, names: Names) -> None:
    """Warn at the first row of the later of two firms at exactly the same coordinates whose
    names are alike (:data:`ALIKE`, compared as :func:`name_key` reads them): one firm typed
    two ways, read as two. Firms are grouped by place first, so only the few at one place
    are compared. With a firm-id column the names of the firm cells are compared (a firm
    without one is not)."""
    by_id = "firm_id" in cols.fields
    named: dict[tuple, list[tuple[str, int, str]]] = {}
    for key, firm in out.firms.items():
        first = (out.firm_cells.get(key, {}).get("firm") if by_id else out.firm_typed.get(key))
        if firm.get("location") and first is not None:
            named.setdefault(tuple(sorted(firm["location"].items())), []).append((key, out.firm_row[key], first[1]))
    for firms in named.values():
        if len(firms) > SHARED_PLACE:
            continue
        for k, (key_a, row_a, name_a) in enumerate(firms):
            for key_b, row_b, name_b in firms[k + 1:]:
                if SequenceMatcher(None, name_key(name_a), name_key(name_b)).ratio() < ALIKE:
                    continue
                a, b = (_shown(key, name, by_id, names) for key, name in ((key_a, name_a), (key_b, name_b)))
                fix = (("give it one firm id", "请只用一个单位编号") if by_id
                       else ("write its name the same way on every row", "请在每一行写成同一名称"))
                i = cols.fields["firm"]   # (a firm is named by its firm cell)
                out.warnings.append(Rejected(
                    row_b, i + 1, cols.headers[i],
                    f"warning: firm {a[0]} (row {row_a}) and firm {b[0]} (row {row_b}) are at the same coordinates "
                    f"and their names are alike: one firm typed two ways? They are read as two firms (if one, "
                    f"{fix[0]})",
                    f"提醒：单位{a[1]}（第 {row_a} 行）与单位{b[1]}（第 {row_b} 行）坐标相同、名称相近：是否同一单位的"
                    f"两种写法？现按两个单位读取（如为同一单位，{fix[1]}）"))
                out.alike_firms += 1


def _shown(key: str, name: str, by_id: bool, names: Names) -> tuple[str, str]:
    """A firm in a message, English and Chinese: its name as typed (after its id, with a
    firm-id column); a member's name or an ID number (a shifted column) is not shown."""
    if name in names or holds_a_name(name, names) or looks_like_an_id_number(name):
        quoted = (NOT_SHOWN.en, NOT_SHOWN.zh)
    else:
        quoted = (f"'{name}'", f"“{name}”")
    if by_id and not looks_like_an_id_number(key):
        return f"{key} {quoted[0]}", f" {key} {quoted[1]}"
    return quoted[0], quoted[1]


#: a firm's cells that are printed in plans, reports and messages
_FIRM_TEXT = ("firm_id", "firm", "jurisdiction", "district")


def _warn_named_firm_cells(r: _Row, out: Rows) -> None:
    """A firm's id, name, city or district that is a member name of the sheet (a shifted
    column): taken as written, but it would be printed in plans and reports, so warned
    about (the value not shown). Only the whole cell counts: a firm may bear its founder's
    name (张三律师事务所)."""
    for f in _FIRM_TEXT:
        cell = r.get(f) if f in r.cols.fields else None
        if cell and cell in r.names:
            i = r.cols.fields[f]
            out.warnings.append(Rejected(r.number, i + 1, r.cols.headers[i],
                                         "warning: this firm cell is a member's name (value not shown); it is "
                                         "printed in plans and reports: check the column",
                                         "提醒：该单位信息单元格是党员姓名（值不予显示）；它会出现在方案和报告中，请检查该列"))
            out.named_firm_cells += 1


def _location(r: _Row) -> dict[str, float] | None:
    for a, b, kind in (("lat", "lon", "geo"), ("x", "y", "planar")):
        before = len(r.problems)
        va = r.get(a, parse_float, a, "纬度" if a == "lat" else a)
        vb = r.get(b, parse_float, b, "经度" if b == "lon" else b)
        if len(r.problems) > before:      # a value that is not a number: said already
            return None
        if va is None and vb is None:
            continue
        if va is None or vb is None:
            missing = a if va is None else b
            r.reject(missing, f"{a} and {b} must be given together", f"{a}/{b} 须成对填写")
            return None
        if kind == "geo":
            if not (-90 <= va <= 90 and -180 <= vb <= 180) or abs(va) > abs(vb) + 60:
                r.reject("lat", f"latitude {va:g} / longitude {vb:g} are out of range or swapped",
                         f"纬度 {va:g} / 经度 {vb:g} 超出范围或填反")
                return None
            return {"lat": va, "lon": vb}
        return {"x": va, "y": vb}
    return None


def _member(r: _Row, key: bytes | None, width: int, as_of: date | None, out: Rows) -> dict[str, Any] | None:
    if is_blank(r.raw("status")):
        r.reject("status", "member status is empty (正式 or 预备)", "党员类别为空（应为“正式”或“预备”）")
        status = None
    else:
        status = r.get("status", parse_status)
    joined = None
    cell = r.raw("joined")
    if not is_blank(cell):
        try:
            joined, month_only = parse_date(cell)
            r.month_only = month_only     # counted if the row is taken
            if as_of is not None and joined > as_of:
                r.reject("joined", f"joined {joined} is after the --as-of date {as_of}",
                         f"入党时间 {joined} 晚于 --as-of 日期 {as_of}")
            elif as_of is None and joined > (on := today()):   # standing is measured today then, as solve does
                r.reject("joined", f"joined {joined} is after today ({on}): a typo? (a roster dated "
                         "later: give --as-of)", f"入党时间 {joined} 晚于今天（{on}），是否录入有误？"
                         "（名册日期晚于今天的，请给出 --as-of）")
        except Bad as exc:
            r.reject("joined", exc.en, exc.zh)
    full_since = _full_since(r, status, joined, as_of)
    mid = r.get("member_id")
    if mid is not None and (looks_like_a_name(mid) or mid in r.names
                            or holds_a_name(mid, [r.get("name")])):   # ('M3 Zhao Liu', the row's)
        # a name in the member-id column (a shifted column): ids are printed everywhere
        i = r.cols.fields["member_id"]
        said = Rejected(r.number, i + 1, r.cols.headers[i],
                        "warning: the member id looks like a name (value not shown); ids are printed in plans and "
                        "reports: check the column",
                        "提醒：党员编号像是姓名（值不予显示）；党员编号会出现在方案和报告中，请检查该列")
        out.warnings.append(said)
        out.named_id_warnings.append(said)
    if mid is not None and looks_like_an_id_number(mid):
        # an ID number in the member-id column: never copied (ids are printed everywhere);
        # with the key it becomes the same keyed pseudonym an ID-number column gives
        if key is None:
            r.reject("member_id", f"the member id looks like an ID number (value not shown): give --id-key "
                     f"(or {ENV_KEY}) to replace such ids with keyed pseudonyms",
                     f"党员编号像是身份证号（值不予显示）：请给出 --id-key（或 {ENV_KEY}），以带密钥的化名替代")
            mid = "-"             # (rejected: no second problem for the same cell)
        else:
            try:
                mid = pseudonym(key, normalise_id_number(mid))
                out.hashed_ids += 1
            except Bad as exc:
                r.reject("member_id", exc.en, exc.zh)
    if mid is None and "member_id" in r.cols.fields:
        r.reject("member_id", "no member id on this row", "本行没有党员编号")
    elif mid is None and "id_number" in r.cols.fields and key is not None:
        try:
            mid = pseudonym(key, normalise_id_number(r.raw("id_number")))
        except Bad as exc:
            r.reject("id_number", exc.en, exc.zh)
    elif mid is None:
        mid = f"R{r.number:0{width}d}"
    if status is None or mid is None:
        return None
    m: dict[str, Any] = {"id": mid}
    name = r.get("name")
    if name is not None:
        m["name"] = name
    m["status"] = status
    if joined is not None:
        m["joined"] = joined
    if full_since is not None:
        m["full_since"] = full_since
    return m


def _full_since(r: _Row, status: str | None, joined: date | None, as_of: date | None) -> date | None:
    """The 转正时间 cell (made a full member: Party standing counts from it), or None (a
    rejected cell is said on the row). A full member's only: given for a probationary member,
    before the joining date or after the roster's date, it is a typo in one of the cells."""
    cell = r.raw("full_since")
    if is_blank(cell):
        return None
    try:
        day, _ = parse_date(cell)
    except Bad as exc:
        r.reject("full_since", exc.en, exc.zh)
        return None
    on = as_of or today()
    if status == "probationary":
        r.reject("full_since", f"made full (转正) on {day}, but the status is probationary (预备): a probationary "
                 "member has no 转正时间; check the two cells",
                 f"转正时间为 {day}，但党员类别为预备：预备党员没有转正时间，请核对这两个单元格")
    elif joined is not None and day < joined:
        r.reject("full_since", f"made full (转正) on {day}, before joining on {joined}: check the two dates",
                 f"转正时间 {day} 早于入党时间 {joined}：请核对这两个日期")
    elif day > on:
        what = (f"the --as-of date {on}", f" --as-of 日期 {on}") if as_of else (f"today ({on})", f"今天（{on}）")
        r.reject("full_since", f"made full (转正) on {day}, after {what[0]}", f"转正时间 {day} 晚于{what[1]}")
    else:
        return day
    return None




def _check_status_against_joined(r: _Row, member: dict[str, Any], as_of: date | None, out: Rows) -> None:
    """Warn at the status cell of a member taken as full (正式) who joined less than a year
    before the roster's date (``--as-of``, else today in Beijing time, as standing is measured), who is still
    on probation, or as probationary (预备) more than two years after joining, when probation
    is over however long it was extended. Either is a typo in the status or in the date, and
    the status decides which firms have a branch of their own. The name is not quoted."""
    joined = member.get("joined")
    if joined is None:
        return
    full_since = member.get("full_since")
    if member["status"] == "full" and full_since is not None:
        # the day probation ended is given: the probation itself is checked (a year, two at most)
        if PROBATION_YEARS <= standing_years(joined, full_since) and \
                standing_years(joined, full_since - timedelta(days=1)) < LONGEST_PROBATION_YEARS:
            return
        en = (f"warning: made full (转正) on {full_since}, after joining on {joined}: probation lasts a year, two at "
              "most when extended; check the two dates (the row is taken as written)")
        zh = (f"提醒：入党时间 {joined}、转正时间 {full_since}：预备期为 1 年，延长也不超过 2 年，请核对这两个日期（本行按原样采用）")
        i = r.cols.fields["full_since"]
        out.warnings.append(Rejected(r.number, i + 1, r.cols.headers[i], en, zh))
        out.probation_vs_full_since += 1
        return
    on = as_of or today()
    on_en, on_zh = (f"the --as-of date {on}", f" --as-of 日期 {on} ") if as_of else (f"today ({on})", f"今天（{on}）")
    if member["status"] == "full" and standing_years(joined, on) < PROBATION_YEARS:
        en = (f"warning: full member (正式) who joined on {joined}, less than a year before {on_en}: probation "
              "lasts a year; still probationary (预备)? Check the status and the joining date (the row is taken as full)")
        zh = (f"提醒：党员类别为正式，但入党时间 {joined} 距{on_zh}不满 1 年：预备期为 1 年，是否仍为预备党员？"
              "请核对党员类别和入党时间（本行按正式党员采用）")
    elif member["status"] == "probationary":
        # a month-only date is the 1st of its month: the month's last day is as late as they may
        # have joined, so a warning is sure of its two years
        latest = joined.replace(day=monthrange(joined.year, joined.month)[1]) if r.month_only else joined
        if standing_years(latest, on - timedelta(days=1)) < LONGEST_PROBATION_YEARS:   # (two years to the day: not more)
            return
        en = (f"warning: probationary member (预备) who joined on {joined}, more than two years before {on_en}: "
              "probation lasts a year, two at most when extended; full (正式) by now? Check the status and the "
              "joining date (the row is taken as probationary)")
        zh = (f"提醒：党员类别为预备，但入党时间 {joined} 距{on_zh}已超过 2 年：预备期为 1 年，延长也不超过 2 年，"
              "是否已转为正式党员？请核对党员类别和入党时间（本行按预备党员采用）")
    else:
        return
    i = r.cols.fields["status"]
    out.warnings.append(Rejected(r.number, i + 1, r.cols.headers[i], en, zh))
    out.status_vs_joined += 1


def _counts(r: _Row) -> dict[str, int]:
    """A firm's counts; with a column of its Party members in all (党员人数, 合计), the count not
    given in a column of its own is the difference, and where both are, the three must add up."""
    full = r.get("full", parse_count, "full members", "正式党员人数") or 0
    prob = r.get("probationary", parse_count, "probationary members", "预备党员人数") or 0
    total = r.get("total", parse_count, "Party members", "党员人数")
    given = r.cols.fields
    if "total" not in given or ("full" in given and "probationary" in given and total is None):
        return {"full": full, "probationary": prob}
    # (a count worked out from the total needs both cells it comes from: a blank is not a 0)
    for f, en, zh in (("total", "Party members in all", "党员总数"), ("full", "full members", "正式党员人数"),
                      ("probationary", "probationary members", "预备党员人数")):
        if f in given and is_blank(r.raw(f)) and not r.problems:
            r.reject(f, f"the number of {en} is empty: with 党员人数 beside 正式/预备, write each count (0 for none)",
                     f"{zh}为空：党员人数与正式、预备人数并列时，请写出每一项人数（没有则写 0）")
    if r.problems:
        return {"full": full, "probationary": prob}
    if "full" not in given or "probationary" not in given:
        part, other, what = (prob, "full", ("probationary", "预备")) if "full" not in given else \
            (full, "probationary", ("full", "正式"))
        if part > total:
            r.reject("total", f"{total} Party members in all, fewer than the {part} {what[0]} ones beside it",
                     f"党员总数 {total} 少于其中{what[1]}党员 {part} 名")
        elif other == "full":
            full = total - part
        else:
            prob = total - part
    elif full + prob != total:
        r.reject("total", f"{total} Party members in all, but {full} full and {prob} probationary add up to "
                 f"{full + prob}", f"党员总数 {total} 名，但正式 {full} 名、预备 {prob} 名合计 {full + prob} 名")
    return {"full": full, "probationary": prob}


def _new_firm(key: str, attrs: dict[str, Any], r: _Row) -> dict[str, Any]:
    firm: dict[str, Any] = {"id": key}
    if attrs["name"] is not None and attrs["name"] != key:
        firm["name"] = attrs["name"]
    for f in _FIRM_FIELDS:
        if attrs.get(f) is not None:
            firm[f] = attrs[f]
    firm["members"] = []
    return firm


def _merge_firm(r: _Row, out: Rows, key: str, attrs: dict[str, Any], here: dict[str, tuple[int, str]],
                mode: str) -> dict[str, Any]:
    """Reject a second row of a firm in the counts form; otherwise keep the firm's first
    values, warn at each cell this row gives differently (``here``: the row's firm cells as
    :func:`.firmcells.cells_of` gives them), and return the firm fields this row gives for
    the first time."""
    firm = out.firms.get(key)
    if firm is None:
        return {}
    if mode == "counts":
        first = out.firm_row[key]
        r.reject("firm_id" if "firm_id" in r.cols.fields else "firm",
                 f"firm {key} already has a row (row {first}); give one row per firm",
                 f"单位 {key} 已在第 {first} 行出现；每个单位只写一行")
        return {}
    if _renamed(r, out, key, here):
        return {}
    completes, differs = reconcile(r, firm, out.firm_cells[key], here, attrs, _FIRM_FIELDS)
    city = next(((first, was, now) for f, first, was, now in differs if f == "jurisdiction"), None)
    if city is not None and "firm_id" not in r.cols.fields:
        # a firm found by its name in another city: two firms of one name (a branch office
        # written with its head office's name), or a mistyped city; either way the member
        # would be organised in a city their row does not name
        first, was, now = (v if v is None or isinstance(v, int) or not r.withholds(v) else NOT_SHOWN
                           for v in city)
        r.reject("jurisdiction", f"firm {key} is in {was} on row {first}, this row puts it in {now}: two firms of "
                 "one name in two cities, or a mistyped city? Give each firm an id (a 律所编号 column) or the "
                 "branch office its own name (（乙市分所）), or correct the city",
                 f"单位 {key} 在第 {first} 行属于 {was}，本行却属于 {now}：是两个城市的同名单位，还是城市写错了？"
                 "请为各单位加上编号（“律所编号”列）或为分所写上其自己的名称（如“（乙市分所）”），或更正城市")
        return {}
    for f, first, was, now in differs:
        i = r.cols.fields[f]
        # a member name of the sheet (a shifted column) or an ID number is not quoted
        was, now = (NOT_SHOWN if v and (r.withholds(v) or looks_like_an_id_number(v)) else v for v in (was, now))
        en, zh = warning(first, was, now)
        out.warnings.append(Rejected(r.number, i + 1, r.cols.headers[i], en, zh))
    return completes


#: what a firm's name may carry or leave out when it is written short: a remark in brackets
#: (（普通合伙）), and the words for a law firm
_NAME_EXTRAS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]|律师事务所|律所|事务所")


def _one_name(a: str, b: str) -> bool:
    """Whether two names of one firm id are the same firm written in full and short: without
    remarks in brackets and the words for a law firm, one holds the other (广西甲律师事务所,
    甲律师事务所, 广西甲律所, 广西甲律师事务所（普通合伙）); 广西乙律师事务所 and 广西丙律师事务所 are not."""
    core_a, core_b = (_NAME_EXTRAS.sub("", name_key(v)) for v in (a, b))
    if not core_a or not core_b:
        return False
    return core_a in core_b or core_b in core_a


def _renamed(r: _Row, out: Rows, key: str, here: dict[str, tuple[int, str]]) -> bool:
    """With a firm-id column, reject this row's firm name when it is another name than the
    firm id's first row gives (beyond width, case and spacing, as :func:`name_key` reads
    them): a mistyped id (a copied cell) or a renamed firm, which would put the member into
    another firm than their row names. Other differing firm cells are warnings; a name is
    who the member is with."""
    seen = out.firm_cells[key].get("firm")
    if "firm_id" not in r.cols.fields or "firm" not in here or seen is None:
        return False
    (first, was), now = seen, here["firm"][1]
    if name_key(was) == name_key(now) or _one_name(was, now):
        return False      # (the same name, or one shortened: a warning, as for other cells)
    # (a member name or an ID number in a firm's cells, a shifted column, is not quoted)
    fid, was, now = (NOT_SHOWN if r.withholds(v) or looks_like_an_id_number(v) else Msg(v, v) for v in (key, was, now))
    r.reject("firm", f"firm id {fid.en} is given on row {first} to {was.en}; this row gives it to {now.en}: a "
             "mistyped id, or a renamed firm? one firm id, one name (a renamed firm: its new name on all its rows)",
             f"单位编号 {fid.zh} 在第 {first} 行属于{was.zh}，本行却属于{now.zh}：是编号录错了，还是单位更名了？一个单位编号"
             "只对应一个名称（单位更名的，请在其所有行写新名称）")
    return True


def _one_id(r: _Row, out: Rows, key: str, attrs: dict[str, Any], default_jurisdiction: str | None) -> None:
    """With a firm-id column, reject this row's firm id when an earlier row gives the same
    firm name (as :func:`.model.firm_name_key` reads it: with or without its form in
    brackets, 律所 for 律师事务所) in the same city another firm id: a mistyped id (C001-FOO12
    for C001-F0012) would make a second firm of one, and put the member in another branch
    than their colleagues. A firm's name is registered once in a city: two firms of one name
    there are one firm (two units of one short name in two districts, such as two counties'
    法律援助中心, are not)."""
    name = r.get("firm") if "firm" in r.cols.fields else None
    if not name:
        return
    city = id_key(attrs.get("jurisdiction") or default_jurisdiction or "")
    district = id_key(attrs.get("district") or "")
    units = out.id_of_name.setdefault((firm_name_key(name), city), [])
    # (units of one short name told apart by their districts, two counties' 法律援助中心, are
    # several: this row's is the one of its district, or of none written)
    alike = [u for u in units if not (district and u[2] and district != u[2])]
    if not alike or any(u[0] == key for u in alike):
        if not any(u[0] == key for u in units):
            units.append((key, r.number, district))
        return
    other, row, _ = alike[0]
    fid, was, shown = (NOT_SHOWN if r.withholds(v) or looks_like_an_id_number(v) else Msg(v, v)
                       for v in (key, other, name))
    r.reject("firm_id", f"firm {shown.en} has firm id {was.en} on row {row}; this row gives it {fid.en}: a mistyped "
             "id? one firm, one id (two firms cannot share a name in one city; a branch office: its own name, "
             "such as （柳州分所）)",
             f"单位{shown.zh}在第 {row} 行的单位编号为 {was.zh}，本行却为 {fid.zh}：是否编号录错了？一个单位只有一个编号"
             "（同一城市不会有两个同名单位；分所请写其自己的名称，如“（柳州分所）”）")


def where(rej: Rejected) -> str:
    """'C' style column reference for messages ('' for the whole row)."""
    return column_letter(rej.column - 1) if rej.column else ""
