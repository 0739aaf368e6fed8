"""Cell values in the forms Chinese rosters use: dates, member status, yes/no, numbers.

Each parser takes a cell and returns the value, or raises :class:`Bad` with an English
and a Chinese sentence (never quoting personal data).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime, timedelta

from ..loader import ID_NUMBER, NOT_SHOWN, STATUS_FULL, STATUS_PROBATIONARY, near_status, status_remark, status_word
from ..model import _MARKS, MAX_COUNT, invisible

#: Excel's day zero (serial 1 is 1900-01-01; the 1900 leap-year bug is before any joining date).
EXCEL_EPOCH = date(1899, 12, 30)
#: The Party was founded in 1921: an earlier joining date is a typo.
EARLIEST = date(1921, 7, 1)


#: a cell value quoted in a message that looks like an ID number (a shifted column puts one
#: in the status or date column): not shown, as the ID-number column never is
_ID_QUOTED = re.compile(rf"['“]?(?<!\d)(?:{ID_NUMBER.pattern})(?!\d)['”]?")
#: nor one that looks like a mobile phone number (11 digits from 13-19: a shifted 联系电话 column)
_PHONE_QUOTED = re.compile(r"['“]?(?<!\d)1[3-9]\d{9}(?!\d)['”]?")


class Bad(ValueError):
    def __init__(self, en: str, zh: str) -> None:
        en, zh = _ID_QUOTED.sub(NOT_SHOWN.en, en), _ID_QUOTED.sub(NOT_SHOWN.zh, zh)
        en, zh = _PHONE_QUOTED.sub(NOT_SHOWN.en, en), _PHONE_QUOTED.sub(NOT_SHOWN.zh, zh)
        super().__init__(en)
        self.en, self.zh = en, zh


_BREAK = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """``text`` on one line: a line break typed inside a cell (Alt+Enter: ``广西立信\\n律师事务所``)
    is dropped next to a Chinese character, and is a space between Latin words or signs
    (``John\\nSmith``, ``Smith &\\nJones``).
    Invisible characters pasted in from web pages (zero-width spaces, direction marks, a BOM,
    variation selectors, fillers) are dropped: a firms file refuses them in ids and direction
    controls anywhere."""
    if not text.isprintable() or _MARKS.search(text):
        text = "".join(c for c in text if not invisible(c))
    text = text.strip()

    def join(m: re.Match) -> str:
        a, b = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        return "" if _wide(a) or _wide(b) else " "

    return _BREAK.sub(join, text)


def _wide(ch: str) -> bool:
    """A Chinese character or full-width sign (or the middle dot of 阿依古丽·买买提): a line
    break next to one is dropped; between two Latin words or signs it is a space."""
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F", "A")


#: how many cell values :func:`clean` and :func:`as_typed` remember: a roster row's cells are
#: read by several checks in turn (blank? an ID number? too long? the firm's earlier rows?), and
#: a firm's cells repeat on each of its members' rows, so the recent values are the ones asked
#: again
CACHED_CELLS = 4096


# typed: 1, 1.0 and True are equal keys, but True reads as 'True'
@functools.lru_cache(maxsize=CACHED_CELLS, typed=True)
def clean(cell) -> str:
    """A cell as stripped NFKC text on one line ('' for empty). A cell is a value a sheet gives
    (text, a number, a date, None), so it can be remembered: each is cleaned once, however
    many checks read it."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return one_line(unicodedata.normalize("NFKC", str(cell)))


@functools.lru_cache(maxsize=CACHED_CELLS, typed=True)
def as_typed(cell) -> str:
    """A text cell as the user typed it (full-width characters kept), on one line, whitespace
    runs as one space; other cells as :func:`clean` reads them."""
    if not isinstance(cell, str):
        return clean(cell)
    return " ".join(one_line(cell).split())


def is_blank(cell) -> bool:
    return clean(cell) == ""


#: what a hand-filled roster writes for "the same as the row above" (compared cleaned, without
#: spaces, in lower case): never a value of its own
DITTO_MARKS = frozenset({"同上", "同前", "仝上", "〃", '"', "“", "”", '""', "''", "ditto", "do."})


def is_ditto(cell) -> bool:
    """Whether a cell is a ditto mark (``同上``, ``〃``, ``ditto`` ...)."""
    return isinstance(cell, str) and "".join(clean(cell).split()).lower() in DITTO_MARKS


#: the mark a save that cannot hold a character leaves for it: Chinese Excel's "CSV" is GBK
#: (code page 936), which has no 䶮, 𬌗 and other rare characters of names, and writes "?"
#: for each; a decoder that met bytes it could not read writes U+FFFD
LOST = "\ufffd"


def lost_character(cell) -> str | None:
    """The mark that stands for a character lost when the file was saved: U+FFFD anywhere in
    a text cell, or an ASCII "?" next to Chinese (CJK) text (``王?``, ``广西?德律师事务所``);
    else None. A "?" among Latin text (``Who? Law Firm``) is a question mark, and so is a
    full-width "？" (GBK holds it: the cell is read before NFKC makes it "?")."""
    if not isinstance(cell, str):
        return None
    if LOST in cell:
        return LOST
    for m in re.finditer(r"\?+", cell):
        if _cjk(cell[m.start() - 1:m.start()]) or _cjk(cell[m.end():m.end() + 1]):
            return "?"
    return None


def _cjk(ch: str) -> bool:
    """A Chinese character (or kana, hangul): a wide letter."""
    return bool(ch) and unicodedata.category(ch) == "Lo" and unicodedata.east_asian_width(ch) == "W"


_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{4,5}(\.0+)?$")
#: year.1 as text: what Excel shows (and a CSV saved from Excel writes) of the number 2010.10
_TENTH = re.compile(r"^\d{4}\s*\.\s*1$")


def parse_date(cell) -> tuple[date, bool]:
    """(date, month_only). Forms: 2010-07-01, 2010/7/1, 2010年7月1日, 2010.07.01, 20100701
    (as text or as a number cell), year and month only (2010年7月, 2010-07, 201007 as text or
    a number, 2010.07 as text or a number: the 1st of the month; 2010.1, January or October,
    is refused as text as it is as a number), Excel serial numbers and date cells."""
    if isinstance(cell, datetime):
        return _checked(cell.date()), False
    if isinstance(cell, date):
        return _checked(cell), False
    if isinstance(cell, bool):
        raise Bad(f"{cell!r} is not a date", f"“{cell}”不是日期")
    if isinstance(cell, (int, float)):
        day, month_only = _number(cell)
        return _checked(day), month_only
    _number_signs(cell, "", "", ("a date", "日期"))
    s = clean(cell)
    if " " in s and re.match(r"^\S+ \d{1,2}:\d{2}(:\d{2})?$", s):
        s = s.split(" ")[0]  # "2010-07-01 00:00:00" from a spreadsheet export
    m = _YMD.match(s) or _COMPACT.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _checked(_make(y, mo, d, s)), False
    if re.fullmatch(r"\d{6}", s):
        return _checked(_year_month(int(s))), True
    m = _YM.match(s)
    if m and _TENTH.match(s):
        raise _january_or_october(m.group(1), s, number=False)
    if m:
        y, mo = (int(g) for g in m.groups())
        return _checked(_make(y, mo, 1, s)), True
    if re.fullmatch(r"\d{4}", s) and 1921 <= int(s) <= 2200:
        raise Bad(f"{s!r} gives only a year; give the month and day too",
                  f"“{s}”只有年份，请补全月、日")
    if _SERIAL.match(s):
        return _checked(_serial(float(s))), False
    raise Bad(f"{s!r} is not a date (write 2010-07-01, 2010/7/1 or 2010年7月1日)",
              f"“{s}”不是日期（应写作 2010-07-01、2010/7/1 或 2010年7月1日）")


def _make(y: int, mo: int, d: int, shown: str) -> date:
    try:
        return date(y, mo, d)
    except ValueError:
        raise Bad(f"{shown!r} is not a date of the calendar", f"“{shown}”不是有效日期") from None


def _number(n: int | float) -> tuple[date, bool]:
    """A number cell, as (date, month_only): 8 digits are yyyymmdd (20100701, as a clerk types
    it into Excel; Excel's own date numbers stop at 2958465), 6 digits yyyymm (201007: the 1st
    of the month), a fraction after a year year.month (2010.07; 2010.1 may be January or
    October, 2010.10 as Excel keeps it: refused), anything else an Excel date number."""
    if float(n).is_integer() and 10_000_000 <= n <= 99_999_999:
        shown = str(int(n))
        return _make(int(shown[:4]), int(shown[4:6]), int(shown[6:]), shown), False
    if float(n).is_integer() and 100_000 <= n <= 999_999:
        return _year_month(int(n)), True
    if not float(n).is_integer() and 1900 <= n < 2201:
        shown = repr(float(n))
        year, fraction = shown.split(".")
        if len(fraction) == 2 and 1 <= int(fraction) <= 12 or len(fraction) == 1 and fraction != "1":
            return date(int(year), int(fraction), 1), True
        if fraction == "1":
            raise _january_or_october(year, shown, number=True)
        raise Bad(f"{shown} (a number) is not a date: write it as 2010-07-01 or 2010年7月",
                  f"{shown}（数字）不是日期：请写作 2010-07-01 或 2010年7月")
    return _serial(float(n)), False


def _january_or_october(year: str, shown: str, number: bool) -> Bad:
    """The refusal of ``2010.1``: January, or October as Excel keeps ``2010.10`` (a number
    cell), shows it in a General-format cell and writes it into a CSV saved from the sheet
    (a text cell): the same value either way, so the same refusal."""
    what_en, what_zh = (f"{shown} (a number)", f"{shown}（数字）") if number else (f"{shown!r}", f"“{shown}”")
    return Bad(f"{what_en} may be {year}-01 or {year}-10 (Excel keeps {year}.10 as {year}.1): "
               f"write the date as text, {year}-01 or {year}-10",
               f"{what_zh}可能是 {year} 年 1 月，也可能是 {year} 年 10 月（Excel 将 {year}.10 存为 "
               f"{year}.1）：请以文本写出日期，如 {year}-01 或 {year}-10")


def _year_month(n: int) -> date:
    """Six digits as yyyymm (201007: 2010-07-01)."""
    year, month = divmod(n, 100)
    if not 1 <= month <= 12:
        raise Bad(f"{n} is not a date: six digits are read as year and month (201007 is 2010-07)",
                  f"“{n}”不是日期：6 位数字按年月读取（如 201007 即 2010年7月）")
    return date(year, month, 1)


def _serial(n: float) -> date:
    if not 1 <= n < 2_958_466:
        shown = str(int(n)) if n.is_integer() else repr(n)
        raise Bad(f"{shown} is not an Excel date number", f"{shown} 不是 Excel 日期序号")
    return EXCEL_EPOCH + timedelta(days=int(n))


def _checked(d: date) -> date:
    if d < EARLIEST:
        raise Bad(f"{d} is before the Party was founded (1921); a typo?", f"{d} 早于建党时间（1921年），是否录入有误？")
    return d


#: the words of a 政治面貌 (political status) column: never a name, and not a member status
#: (中共党员 does not say full or probationary; 群众 and 团员 are no Party members)
POLITICAL_STATUS = frozenset({"中共党员", "党员", "共产党员", "中国共产党党员", "群众", "共青团员", "团员",
                              "民主党派", "无党派", "无党派人士"})


def parse_status(cell) -> str:
    s = status_word(clean(cell))
    remark = status_remark(clean(cell))
    if remark is not None:
        left = any(w in remark for w in ("转出", "调出", "迁出"))
        raise Bad(f"{clean(cell)!r} is a member status with more written after it: write 正式 (full) or 预备 "
                  "(probationary) alone" + ("; a member who has left has no row in the roster" if left else
                                             " (a remark belongs in a column of its own)"),
                  f"“{clean(cell)}”是党员类别后另加了内容：请只写“正式”或“预备”"
                  + ("；已转出的党员不列入名册" if left else "（备注请另列一列）"))
    if clean(cell) in POLITICAL_STATUS:
        raise Bad(f"{clean(cell)!r} is a political status (政治面貌), not a member status: write 正式 (full) or 预备 "
                  "(probationary); a non-member (群众, 团员) has no row in the roster",
                  f"“{clean(cell)}”是政治面貌，不是党员类别：请写“正式”或“预备”；非党员（群众、团员）不列入名册")
    if s in STATUS_FULL:
        return "full"
    if s in STATUS_PROBATIONARY:
        return "probationary"
    if not s:
        raise Bad("member status is empty (正式 or 预备)", "党员类别为空（应为“正式”或“预备”）")
    if (near := near_status(clean(cell))) is not None:
        raise Bad(f"{clean(cell)!r} is not a member status: did you mean {near!r}?",
                  f"“{clean(cell)}”不是党员类别：是否应为“{near}”？")
    raise Bad(f"{clean(cell)!r} is not a member status (正式/full or 预备/probationary)",
              f"“{clean(cell)}”不是党员类别（应为“正式”或“预备”）")


_YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "党员", "t"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "x", "无", "不是", "非党员", "f"}
#: the words a yes / no cell may be written in
YES_NO = frozenset(_YES | _NO)


def yes_no(word) -> bool | None:
    """True / False for a yes / no word (是, √, 1 / 否, ×, 0), None for any other."""
    s = clean(word).lower()
    return True if s in _YES else False if s in _NO else None


def parse_bool(cell) -> bool:
    if isinstance(cell, bool):
        return cell
    if (value := yes_no(cell)) is not None:
        return value
    raise Bad(f"{clean(cell)!r} is not yes or no (是/否)", f"“{clean(cell)}”不是“是”或“否”")


def _number_signs(cell, what_en: str, what_zh: str, noun: tuple[str, str] = ("a number", "数字")) -> None:
    """Refuse a text cell holding a number sign that is not a digit: a superscript, a
    subscript, a circled or parenthesised number, a fraction (``3²``, ``2①``, ``½``). Reading
    them as the digits they stand for (as NFKC does) made a footnote mark part of the number:
    ``3²`` was 32 members. Full-width digits (``３``) are digits, and read as such."""
    if not isinstance(cell, str):
        return
    odd = next((c for c in cell if unicodedata.category(c) == "No"), None)
    if odd is not None:
        shown = as_typed(cell)
        lead_en = f"{what_en} " if what_en else ""
        raise Bad(f"{lead_en}{shown!r} is not {noun[0]}: {odd!r} is a superscript, circled or other number sign, "
                  "not a digit (a footnote mark? put notes in a column of their own)",
                  f"{what_zh}“{shown}”不是{noun[1]}：“{odd}”是上标、带圈数字等符号，不是数字（如系注释标记，请另列一栏）")


def parse_float(cell, what_en: str, what_zh: str) -> float:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    _number_signs(cell, what_en, what_zh)
    s = clean(cell).rstrip("°").rstrip("NnEeSsWw").rstrip("°").strip()
    try:
        return float(s)
    except ValueError:
        raise Bad(f"{what_en} {clean(cell)!r} is not a number", f"{what_zh}“{clean(cell)}”不是数字") from None


#: a number with its thousands grouped by commas as Excel shows them (1,000 or 12,345,678):
#: a comma followed by exactly three digits, each time
_GROUPED = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_count(cell, what_en: str, what_zh: str) -> int:
    _number_signs(cell, what_en, what_zh)
    text = clean(cell) if isinstance(cell, str) else None
    v = parse_float(text.replace(",", "") if text and _GROUPED.fullmatch(text) else cell, what_en, what_zh)
    if v < 0:
        raise Bad(f"{what_en} {clean(cell)!r} is negative (a count of people cannot be below 0)",
                  f"{what_zh}“{clean(cell)}”为负数（人数不能小于 0）")
    if not float(v).is_integer():
        raise Bad(f"{what_en} {clean(cell)!r} is not a whole number of people",
                  f"{what_zh}“{clean(cell)}”不是有效人数")
    if v > MAX_COUNT:
        raise Bad(f"{what_en} {clean(cell)!r} is over the limit of {MAX_COUNT:,} per firm",
                  f"{what_zh}“{clean(cell)}”超过每个单位 {MAX_COUNT} 人的上限")
    return int(v)
