"""The domain: firms, their Party members, fallback hosts, and the roster that holds them."""

from __future__ import annotations

import numbers
import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag,
                      ValidationInfo, WrapSerializer, create_model, field_validator, model_validator)

Status = Literal["full", "probationary"]


def _day(value: Any) -> Any:
    """A calendar date: YAML dates and ISO text; never a number (read as a timestamp)
    or a date with a time of day."""
    if isinstance(value, datetime):
        if value.time() != time(0) or value.tzinfo is not None:
            raise ValueError("expected a date like 2026-11-01, without a time of day")
        return value.date()
    if isinstance(value, (bool, int, float)):
        raise ValueError("expected a date like 2026-11-01")
    if isinstance(value, str):
        try:
            return iso_date(value)
        except ValueError:
            raise ValueError("expected a date like 2026-11-01") from None
    return value


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date:
    """A day written YYYY-MM-DD (spaces around it allowed), or ValueError. Only that form:
    ``date.fromisoformat`` also reads 20261101 and week dates (2026-W44-7) on some Python
    versions and not on others."""
    text = text.strip()
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(f"not a date like 2026-11-01: {text!r}")
    return date.fromisoformat(text)


#: China Standard Time: UTC+8, no daylight saving (Beijing time, the committees' clock)
CHINA_TIME = timezone(timedelta(hours=8), "UTC+08:00")


def today() -> date:
    """Today's date in Beijing time (UTC+8), whatever the machine's time zone: the day
    standing is measured on when neither ``--as-of`` nor the firms file gives one, the day
    waivers are checked on, and the day ``import`` takes a joining date to be after. A CI
    runner in UTC and a clerk's PC in Beijing get the same day, and so the same plan."""
    return datetime.now(CHINA_TIME).date()


#: A date in an input file (strict: see ``_day``).
Day = Annotated[date, BeforeValidator(_day)]
#: the most people a count of one firm may give
MAX_COUNT = 100_000


def _whole(value: Any) -> Any:
    """Another kind of whole number (numpy's, as a table built with pandas holds) as an int;
    a bool stays a bool, which a count refuses."""
    if type(value) is int:      # (the usual case, first: the check against the ABC is slower)
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (int, bool)):
        return int(value)
    return value


#: Counts and coordinates are strict: ``true`` is not 1 (nor is 3.0 three), and no NaN or infinity.
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT), BeforeValidator(_whole)]
Flag = Annotated[bool, Field(strict=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        """Ids and names are text without control characters: a tab or a line break in an id
        is a copy-and-paste accident, and would garble every message and table showing it.
        An id or a jurisdiction's name holds no invisible character either (zero-width, BOM,
        direction marks, variation selectors, fillers: ``F\u200b1`` would print as ``F1`` yet
        be another firm); no text holds a direction control (U+202E reorders the line that
        shows it)."""
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):   # (most ids: at once)
            refuse_unseen(value, info.field_name in ("id", "jurisdiction"))
        if (info.field_name == "jurisdiction" and isinstance(value, str) and value.strip() == "*"
                and (info.context or {}).get("document")):     # (a document read; the solver's parts use it)
            raise ValueError(RESERVED_PLACE)
        return value


#: '*' names the whole roster in a plan (a charter without a jurisdiction rule): no city is called so
RESERVED_PLACE = "'*' is reserved: a plan names the whole roster so; give the jurisdiction its name"


def refuse_unseen(value: str, is_id: bool) -> None:
    """Refuse (ValueError) text with a control character or a line or paragraph separator
    (U+2028, U+2029), a direction control, and (``is_id``: an id, a jurisdiction's name) an
    invisible character."""
    if value.isprintable() and (not is_id or _MARKS.search(value) is None):
        return
    kinds = {unicodedata.category(c) for c in value.strip()}
    if kinds & {"Cc", "Zl", "Zp"}:
        raise ValueError("must not contain control characters (tabs, line breaks)")
    if is_id and any(invisible(c) for c in value.strip()):
        raise ValueError("must not contain invisible characters (zero-width spaces, byte-order marks, "
                         "direction marks)")
    if any(c in BIDI_CONTROLS for c in value):
        raise ValueError("must not contain text-direction control characters (they reorder what is shown)")


#: invisible characters that are not format characters (category Cf): the combining grapheme
#: joiner, Hangul fillers, Khmer inherent vowels, Mongolian and other variation selectors
_MARKS = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f"
                    "\uffa0\U000e0100-\U000e01ef]")


def invisible(c: str) -> bool:
    """Whether a character shows nothing (a format character, or one of :data:`_MARKS`)."""
    return unicodedata.category(c) == "Cf" or _MARKS.match(c) is not None


def ids_read_as(*rosters: "Roster") -> dict[str, str]:
    """The rosters' unit ids by :func:`id_key` (the first roster's spelling where two share a
    key): an id written differently, only in case, width or accents, means the unit it reads
    as (a firms file refuses two such ids as one)."""
    out: dict[str, str] = {}
    for roster in rosters:
        for u in (*roster.firms, *roster.hosts):
            out.setdefault(id_key(u.id), u.id)
    return out


def unit_named(ref: str, *rosters: "Roster") -> tuple[str, bool] | None:
    """The unit whose name ``ref`` is (an id that names no unit of the rosters: a firm written
    by its name in a hand-edited plan), the same up to case, width and spaces: (its id, whether
    it is a host organisation); None unless exactly one unit of the rosters is so named (the
    first roster's where a unit is in two)."""
    return unit_namer(*rosters)(ref)


def unit_namer(*rosters: "Roster"):
    """:func:`unit_named` for many ids: the rosters' names indexed once (a function of ``ref``)."""
    index: dict[str, dict[str, bool]] = {}
    for roster in rosters:
        for u in (*roster.firms, *roster.hosts):
            if u.name and (key := _name_key(u.name)):
                index.setdefault(key, {}).setdefault(u.id, isinstance(u, Host))

    def named(ref: str) -> tuple[str, bool] | None:
        found = index.get(_name_key(ref)) if isinstance(ref, str) else None
        return next(iter(found.items())) if found and len(found) == 1 else None

    return named


def _name_key(text: str) -> str:
    """What a unit's name is compared by: :func:`id_key` without spaces."""
    return "".join(id_key(text).split())


#: printable ASCII, CJK symbols and punctuation, the unified ideographs and the full-width
#: forms of ASCII: no format (invisible) character among them, nor in their NFKC forms
_PLAIN = re.compile("[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]*")


def id_key(text: str) -> str:
    """What an id (or a charter's or jurisdiction's name) is compared by, to find look-alikes:
    NFKC (full-width letters and digits, composed accents), without invisible characters,
    case folded, surrounding spaces left out. ``Ｆ００1``, ``f001`` and ``F001`` are one key."""
    if text.isascii():   # (nearly every id: NFKC leaves it as it is, and it holds no invisible character)
        return text.lower().strip()
    if _PLAIN.fullmatch(text):   # (a Chinese name: no invisible character there, nor after NFKC)
        return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).strip()
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if not invisible(c))
    return unicodedata.normalize("NFKC", text.casefold()).strip()


#: a remark on a firm's form of organisation ending its name (``（普通合伙）``, ``(特殊普通合伙)``),
#: as :func:`firm_name_key` reads it; a branch office's remark (``（柳州分所）``) is not one
_FORM_REMARK = re.compile(r"[(\[【](?:特殊的?普通合伙|普通合伙|特殊合伙|合伙|个人|个人所|国资|国资所)[)\]】]$")
#: the word for a law firm ending a firm's name
_FIRM_WORD = re.compile(r"(?:律师事务所|律所|事务所)$")


def firm_name_key(text: str) -> str:
    """What a firm's name is matched by where it may be written short (the rows of a firm
    without a firm-id column, a firm typed by hand into a plan): :func:`id_key` without any
    whitespace, without a remark on the firm's form of organisation at the end (``（普通合伙）``), with
    律所 and 事务所 read as 律师事务所: ``广西甲律师事务所``, ``广西甲律所`` and ``广西甲律师事务所（普通合伙）``
    are one firm typed three ways (read as two, the firm with 3 full members would lose its own
    branch). Brackets inside a name (``北京大成（南宁）律师事务所``) and other endings
    (``…律师事务所柳州分所``, another unit) are kept."""
    key = "".join(id_key(text).split())
    bare = _FORM_REMARK.sub("", key)
    core = _FIRM_WORD.sub("", bare)
    if not core:
        return key
    return core + "律师事务所" if core != bare else bare


def unit_label(unit_id: str, name: str | None) -> str:
    """A unit as people read it in a line of text: its id, then its name; the name alone when
    the id is only the name folded (:func:`id_key`: the importer's id of ``龙城律师事务所（普通合伙）``
    is ``龙城律师事务所(普通合伙)``), which would read as two units."""
    if not name:
        return unit_id
    return name if id_key(name) == id_key(unit_id) else f"{unit_id} {name}"


#: explicit direction marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A-E, U+2066-9)
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Location(_Model):
    """Either geographic (lat/lon, degrees) or planar (x/y, any unit)."""

    lat: float | None = Field(None, strict=True, ge=-90, le=90)
    lon: float | None = Field(None, strict=True, ge=-180, le=180)
    x: float | None = Field(None, strict=True, ge=-1e9, le=1e9)
    y: float | None = Field(None, strict=True, ge=-1e9, le=1e9)

    @model_validator(mode="after")
    def _one_pair(self) -> "Location":
        geo = self.lat is not None or self.lon is not None
        planar = self.x is not None or self.y is not None
        if geo and planar:
            raise ValueError("give either lat/lon or x/y, not both")
        if geo and (self.lat is None or self.lon is None):
            raise ValueError("lat and lon must be given together")
        if planar and (self.x is None or self.y is None):
            raise ValueError("x and y must be given together")
        if not geo and not planar:
            raise ValueError("give lat/lon or x/y")
        return self

    @property
    def is_geo(self) -> bool:
        return self.lat is not None


class Member(_Model):
    """A Party member: full (正式) members vote and count towards thresholds; probationary (预备) do not."""

    id: str = Field(min_length=1, max_length=200)
    #: left out of ``repr()``: logs and tracebacks name members by id only
    name: str | None = Field(None, max_length=200, repr=False)
    status: Status
    #: 入党时间: admitted to the Party (as a probationary member)
    joined: Day | None = None
    #: 转正时间: made a full member (when probation ended); Party standing (党龄) counts from
    #: it (党章 art. 7). Without it, a full member's standing counts from one year after
    #: ``joined`` (the probation the charter sets).
    full_since: Day | None = None
    #: member ids of other people with the same name and joining date (namesakes): said so,
    #: the warning that one person may be entered twice is not given for them
    distinct_from: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(default=(), max_length=50)

    @model_validator(mode="after")
    def _full_since_fits(self) -> "Member":
        if self.full_since is not None:
            if self.status != "full":
                raise ValueError("full_since (转正时间) is given for a probationary member: only a full member "
                                 "has one")
            if self.joined is not None and self.full_since < self.joined:
                raise ValueError(f"full_since {self.full_since} is before joined {self.joined}: a member is made "
                                 "full after joining")
        return self

    def standing_since(self) -> date | None:
        """The day Party standing (党龄) counts from: ``full_since``, else one year after
        ``joined`` for a full member; None for a probationary member (no standing yet) or
        a full member without dates."""
        if self.status != "full":
            return None
        if self.full_since is not None:
            return self.full_since
        if self.joined is None:
            return None
        return one_year_after(self.joined)


class MemberCounts(_Model):
    """The counts form, for rosters without names."""

    full: Count = 0
    probationary: Count = 0


def _members_tag(value: Any) -> str:
    return "counts" if isinstance(value, (dict, MemberCounts)) else "list"


#: a firm's members: named (validated as a list, as files give them, kept as a tuple and
#: dumped as a list again) or counted
MemberField = Annotated[
    Union[Annotated[list[Member], AfterValidator(tuple), WrapSerializer(lambda v, dump: dump(list(v))), Tag("list")],
          Annotated[MemberCounts, Tag("counts")]],
    Discriminator(_members_tag),
]


@cache
def _some_fields(owner: str, fields: tuple[str, ...]) -> type[BaseModel]:
    """A model of some fields of Firm or Roster, named as its owner, for a copy given other
    values of them (:meth:`Firm.model_copy`, :meth:`Roster.model_copy`): they are validated as
    the owner validates them, and every error reads as the owner's ("2 validation errors for
    Roster / firms.0.members ... / hosts.0.id ...")."""
    model = {"Firm": Firm, "Roster": Roster}[owner]
    return create_model(owner, __config__=ConfigDict(arbitrary_types_allowed=True),
                        **{f: (model.model_fields[f].annotation, model.model_fields[f]) for f in fields})


def _validated(owner: str, values: dict) -> dict:
    """``values`` (of some fields of ``owner``) as the owner would hold them, validated."""
    checked = _some_fields(owner, tuple(sorted(values))).model_validate(values)
    return {f: getattr(checked, f) for f in values}


class Firm(_Model):
    """A law firm (or a firm's branch office, or a legal-aid centre): one unit."""

    # (immutable, its members a tuple, a list taken: a firm with other members is a new one,
    # ``firm.model_copy(update={"members": [...]})``, so that its cached counts never go stale)

    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(None, max_length=500)
    jurisdiction: str | None = Field(None, min_length=1, max_length=200)
    district: str | None = Field(None, max_length=200)
    location: Location | None = None
    director_is_member: Flag | None = None
    lawyers: Count | None = None
    members: MemberField = Field(default_factory=tuple)

    def model_copy(self, *, update=None, deep: bool = False) -> "Firm":
        """A copy; member counts cached on this firm are recomputed for the copy; members given
        are validated as a firm built with them validates them (a list of members or of their
        data, or the counts), and kept as a tuple, as in a firm read or built."""
        if update and "members" in update:
            update = {**update, **_validated("Firm", {"members": update["members"]})}
        copy = super().model_copy(update=update, deep=deep)
        for name in ("member_list", "full", "probationary", "standing_counts"):
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def member_list(self) -> tuple[Member, ...] | None:
        """Individual members, or None for the counts form."""
        return self.members if isinstance(self.members, tuple) else None

    @cached_property
    def full(self) -> int:
        if isinstance(self.members, MemberCounts):
            return self.members.full
        return sum(1 for m in self.members if m.status == "full")

    @cached_property
    def probationary(self) -> int:
        if isinstance(self.members, MemberCounts):
            return self.members.probationary
        return sum(1 for m in self.members if m.status == "probationary")

    @property
    def size(self) -> int:
        """All Party members, full and probationary."""
        return self.full + self.probationary

    def count_members(self, status: Status | None = None, min_standing_years: float | None = None,
                      as_of: date | None = None) -> int:
        """Members matching a filter. Counts-form members have no joining date: they are
        taken to meet a standing requirement (the roster does not say otherwise)."""
        if isinstance(self.members, MemberCounts):
            # (no dates: full members are taken to have the standing asked for; probationary
            # members have none, as in a member list)
            standing = min_standing_years is not None and min_standing_years > 0 and as_of is not None
            if status == "full":
                return self.members.full
            if status == "probationary":
                return 0 if standing else self.members.probationary
            return self.members.full if standing else self.size
        if min_standing_years is None or as_of is None:     # (no standing filter: counted once)
            if status is None:
                return len(self.members)
            if status == "full":
                return self.full
            if status == "probationary":
                return self.probationary
        else:
            key = (status, min_standing_years, as_of)
            n = self.standing_counts.get(key)
            if n is None:
                n = self.standing_counts[key] = self._count(status, min_standing_years, as_of)
            return n
        return self._count(status, min_standing_years, as_of)

    @cached_property
    def standing_counts(self) -> dict:
        """(status, min_standing_years, as_of) -> :meth:`count_members` with a standing filter,
        as counted so far (a solve asks for each firm once per model)."""
        return {}

    def _count(self, status: Status | None, min_standing_years: float | None, as_of: date | None) -> int:
        n = 0
        for m in self.members:
            if status is not None and m.status != status:
                continue
            if min_standing_years is not None and as_of is not None and not has_standing(m, min_standing_years, as_of):
                continue
            n += 1
        return n


def one_year_after(day: date) -> date:
    """The same day a year later (29 February: 1 March); the last day there is in year 9999."""
    if day.year == date.max.year:
        return date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def has_standing(m: Member, min_years: float, as_of: date) -> bool:
    """Whether a member has at least ``min_years`` of Party standing (党龄) on ``as_of``.
    Standing counts from the day the member was made full (:meth:`Member.standing_since`):
    a probationary member has none (only a minimum of 0 is met). A full member whose
    roster gives no dates is taken to meet it (the roster does not say otherwise)."""
    if min_years <= 0:
        return True
    if m.status != "full":
        return False
    since = m.standing_since()
    if since is None:
        return True
    return since <= as_of and standing_years(since, as_of) >= min_years


def standing_years(joined: date, as_of: date) -> float:
    """Whole and fractional years of Party standing on a date (exact for whole years)."""
    years = as_of.year - joined.year
    if (as_of.month, as_of.day) < (joined.month, joined.day):
        years -= 1
    return float(years)


class Host(_Model):
    """A fallback organisation (bar association, justice bureau) that can take small firms."""

    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(None, max_length=500)
    jurisdiction: str | None = Field(None, min_length=1, max_length=200)
    district: str | None = Field(None, max_length=200)
    location: Location | None = None


class _Counted:
    """How many items a field holds, shown in a repr as ``<37 firms>``."""

    def __init__(self, n: int, what: str) -> None:
        self.n, self.what = n, what

    def __repr__(self) -> str:
        return f"<{self.n} {self.what}{'' if self.n == 1 else 's'}>"


class Roster(_Model):
    """The firms file: every unit of a city (or of many cities) and its members."""

    # (immutable, its firms and hosts tuples, lists taken: a changed roster is a new one,
    # ``roster.model_copy(update={"firms": [...]})``, so that its lookups by id never go stale;
    # the docstring above is the firms file schema's description)

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False,
                              json_schema_extra={"title": "branchplan firms file"})

    jurisdiction: str | None = Field(None, min_length=1, max_length=200,
                                     description="default jurisdiction for firms that omit it")
    as_of: Day | None = Field(None, description="date on which Party standing is measured")
    firms: tuple[Firm, ...]
    hosts: tuple[Host, ...] = Field(default_factory=tuple)

    def firm_jurisdiction(self, firm: Firm | Host) -> str:
        return firm.jurisdiction or self.jurisdiction or ""

    def unit_label(self, unit_id: str) -> str:
        """A firm or host by id as people read it (:func:`unit_label`; the id alone when
        the roster has no such unit or it has no name)."""
        unit = self.firm_by_id.get(unit_id) or self.host_by_id.get(unit_id)
        return unit_label(unit_id, unit.name if unit is not None else None)

    def __repr_args__(self):
        """Short: the roster's date and jurisdiction and how many units it holds (no firm or
        member in ``repr()`` and ``str()``, which logs and error trackers print)."""
        yield "jurisdiction", self.jurisdiction
        yield "as_of", self.as_of
        yield "firms", _Counted(len(self.firms), "firm")
        yield "hosts", _Counted(len(self.hosts), "host")

    def model_copy(self, *, update=None, deep: bool = False) -> "Roster":
        """A copy; the lookups cached on this roster are rebuilt for the copy (a copy with
        other firms, such as a pseudonymised one, must not find this roster's); firms and hosts
        given are validated as a roster built with them validates them (firms or their data),
        and kept as tuples, as in a roster read or built."""
        if update:
            units = {k: v for k, v in update.items() if k in ("firms", "hosts")}
            update = {**update, **(_validated("Roster", units) if units else {})}
        copy = super().model_copy(update=update, deep=deep)
        for name in ("firm_by_id", "host_by_id"):
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def firm_by_id(self) -> dict[str, Firm]:
        return {f.id: f for f in self.firms}

    @cached_property
    def host_by_id(self) -> dict[str, Host]:
        return {h.id: h for h in self.hosts}

    @property
    def member_count(self) -> int:
        return sum(f.size for f in self.firms)
