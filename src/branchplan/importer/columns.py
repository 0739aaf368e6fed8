"""Which column is which: header aliases in Chinese and English, and the columns never copied.

A header is compared after NFKC normalisation (full-width letters and brackets become
ASCII), lower-casing, and removing spaces, underscores, hyphens, a required-field star
and a trailing note in brackets: ``入党时间（年月日）`` and ``Joined *`` both match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .values import one_line

#: field -> aliases. The fields are what branchplan uses; nothing else is copied.
ALIASES: dict[str, tuple[str, ...]] = {
    "firm": ("律所名称", "单位名称", "律师事务所", "律所", "所在律所", "执业机构", "执业机构名称",
             "所在单位", "工作单位", "单位", "机构名称", "firm", "firmname", "lawfirm", "unit", "unitname"),
    "firm_id": ("律所编号", "单位编号", "机构编号", "律所代码", "单位代码", "统一社会信用代码",
                "执业许可证号", "firmid", "firmcode", "unitid"),
    "name": ("姓名", "党员姓名", "name", "membername", "fullname"),
    "member_id": ("党员编号", "人员编号", "党员号", "党员id", "memberid", "memberno", "membernumber"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "idnumber", "idcard",
                  "idcardnumber", "nationalid", "citizenid"),
    "status": ("党员类别", "党员类型", "党员身份", "党员状态", "类别", "status", "membership",
               "memberstatus", "type"),
    "joined": ("入党时间", "入党日期", "入党年月", "入党时间年月日", "joined", "joindate", "datejoined",
               "joinedon", "joinedparty"),
    "full_since": ("转正时间", "转正日期", "转正年月", "fullsince", "fullmembersince", "madefull"),
    "district": ("所在区县", "所属区县", "区县", "所在区", "区域", "所在地区", "district", "county"),
    "jurisdiction": ("所属城市", "所在城市", "城市", "所属地市", "地市", "所属市", "jurisdiction", "city"),
    "lon": ("经度", "lon", "lng", "long", "longitude"),
    "lat": ("纬度", "lat", "latitude"),
    "x": ("x", "x坐标"),
    "y": ("y", "y坐标"),
    "director_is_member": ("主任是否党员", "负责人是否党员", "律所主任是否党员", "主任党员",
                           "directorismember", "directormember", "director"),
    "lawyers": ("律师人数", "执业律师人数", "律师数", "执业律师数", "lawyers", "lawyercount"),
    "full": ("正式党员人数", "正式党员数", "正式党员", "fullmembers", "full"),
    "probationary": ("预备党员人数", "预备党员数", "预备党员", "probationarymembers", "probationary"),
    # (a firm's Party members in all: with 正式 or 预备 beside it, the other is the difference;
    # alone it does not tell them apart)
    "total": ("党员人数", "党员总数", "党员数", "党员合计", "党员人数合计", "党员总人数", "totalmembers"),
}

#: Columns known to hold personal data branchplan does not use: never copied, listed apart.
PERSONAL: tuple[str, ...] = (
    "手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式", "phone", "mobile", "tel",
    "telephone", "住址", "家庭住址", "家庭地址", "现住址", "通讯地址", "居住地址", "地址", "户籍地",
    "address", "homeaddress", "出生日期", "出生年月", "出生年月日", "生日", "birthdate", "dateofbirth",
    "dob", "birthday", "性别", "gender", "sex", "民族", "ethnicity", "籍贯", "学历", "email", "邮箱",
    "电子邮箱", "微信", "wechat", "qq", "年龄", "age", "执业证号", "律师执业证号",
)

#: Bookkeeping columns: recognised, not copied, not personal.
BOOKKEEPING: tuple[str, ...] = ("序号", "编号", "no", "no.", "#", "index", "备注", "note", "notes", "remarks")

_NOTE = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]$")
_DROP = re.compile(r"[\s_\-*:：/·.]+")


def normalise(header: str) -> str:
    h = unicodedata.normalize("NFKC", str(header)).strip().lower()
    h = _NOTE.sub("", h).strip()
    return _DROP.sub("", h)


_BY_ALIAS = {normalise(a): f for f, aliases in ALIASES.items() for a in aliases}
_PERSONAL = {normalise(a) for a in PERSONAL}
_BOOK = {normalise(a) for a in BOOKKEEPING} | {"no"}


@dataclass
class Columns:
    """The header row, read: field -> column index, and the columns not used."""

    header_row: int
    headers: list[str]
    fields: dict[str, int]
    #: (column index, header) of columns with personal data that are not copied
    personal: list[tuple[int, str]]
    #: (column index, header) of other columns not used (bookkeeping, unknown)
    other: list[tuple[int, str]]
    #: (field, first column, second column) when two columns claim one field
    clashes: list[tuple[str, int, int]]

    def header(self, field: str) -> str:
        return self.headers[self.fields[field]]


def field_of(header: str) -> str | None:
    """The field a header (or a key of a hand-typed firms file) stands for, by its aliases."""
    return _BY_ALIAS.get(normalise(header))


def is_known(header: str) -> bool:
    """Whether a header is a known column word: a field's alias, a personal-data column or a
    bookkeeping one (备注, 性别: words, not anybody's name)."""
    h = normalise(header)
    return h in _BY_ALIAS or h in _PERSONAL or h in _BOOK


def is_bookkeeping(header: str) -> bool:
    """Whether a header is a bookkeeping column's (序号, 备注 ...): a row with nothing else is blank."""
    return normalise(header) in _BOOK


def is_personal(header: str) -> bool:
    return normalise(header) in _PERSONAL


def shown(header) -> str:
    """A header as it is shown in messages: on one line (:func:`.values.one_line`: a line
    break typed inside the cell, ``党员\\n编号``, is dropped, or becomes a space between two
    Latin words)."""
    return one_line("" if header is None else str(header))


def read_header(row_number: int, cells: list) -> Columns:
    headers = [shown(c) for c in cells]
    fields: dict[str, int] = {}
    personal, other, clashes = [], [], []
    for i, h in enumerate(headers):
        if not h:
            continue
        f = field_of(h)
        if f is None:
            (personal if normalise(h) in _PERSONAL else other).append((i, h))
        elif f in fields:
            clashes.append((f, fields[f], i))
        else:
            fields[f] = i
    return Columns(row_number, headers, fields, personal, other, clashes)


def header_score(cells: list) -> int:
    """How many cells of a row are known headers (the header row scores highest)."""
    return sum(1 for c in cells if isinstance(c, str) and c.strip() and field_of(c) is not None)


def find_header(rows: list[tuple[int, list]], look: int = 15) -> int | None:
    """Index (in ``rows``) of the header row: the first of the leading rows that names the
    firm column and at least one other known column. Title rows above it are skipped."""
    for k, (_, cells) in enumerate(rows[:look]):
        named = {field_of(c) for c in cells if isinstance(c, str) and c.strip()}
        if ("firm" in named or "firm_id" in named) and len(named - {None}) >= 2:
            return k
    return None


#: the second row of a two-row header, under a column of Party members (党员人数 merged over
#: 正式 / 预备, as statistics tables are laid out): the field each sub-column stands for (a
#: total: with one of the others, the other is the difference)
_SUB_HEADERS = {"正式": "full", "正式党员": "full", "其中正式": "full", "其中正式党员": "full",
                "预备": "probationary", "预备党员": "probationary", "其中预备": "probationary",
                "其中预备党员": "probationary", "合计": "total", "小计": "total", "总计": "total", "总数": "total",
                "人数": "total", "党员人数": "total"}
_AS_FIELD = {"full": "正式党员人数", "probationary": "预备党员人数", "total": "党员人数"}


def two_row_header(rows: list[tuple[int, list]], k: int) -> tuple[list, list[tuple[int, str]]] | None:
    """Where the header row ``rows[k]`` has a second row beneath it that splits a column of
    Party members (党员人数 over 正式 / 预备): the header's cells read as one row (each sub-column
    as the field it stands for: 正式党员人数, 预备党员人数) and (column, header as shown:
    ``党员人数 正式``) of those sub-columns; else None. The second row holds nothing but such
    labels and the header's own cells merged down (the reader repeats those)."""
    if k + 1 >= len(rows):
        return None
    top, low = list(rows[k][1]), list(rows[k + 1][1])
    width = max(len(top), len(low))
    top += [None] * (width - len(top))
    low += [None] * (width - len(low))
    subs: dict[int, str | None] = {}
    for j, cell in enumerate(low):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if not isinstance(cell, str):
            return None
        if isinstance(top[j], str) and normalise(top[j]) == normalise(cell):
            continue                            # (a header cell merged down)
        key = normalise(cell)
        if key not in _SUB_HEADERS:
            return None
        parent = next((c for c in reversed(top[:j + 1]) if isinstance(c, str) and c.strip()), None)
        if parent is None or "党员" not in normalise(parent) or field_of(parent) not in (None, "total"):
            return None
        subs[j] = key
    if not any(_SUB_HEADERS[s] in ("full", "probationary") for s in subs.values()):
        return None
    cells, shown_as = list(top), []
    for j, key in subs.items():
        parent = next(c for c in reversed(top[:j + 1]) if isinstance(c, str) and c.strip())
        cells[j] = _AS_FIELD[_SUB_HEADERS[key]]
        shown_as.append((j, f"{shown(parent)} {shown(low[j])}"))
    return cells, shown_as


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as Excel names columns)."""
    s, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s
