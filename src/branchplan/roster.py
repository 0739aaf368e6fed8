"""Loading a firms file: schema validation, then the checks that span the whole roster."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date, timedelta
from pathlib import Path
import weakref
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError, Msg, Problem
from .errtext import say
from .i18n import plural
from .loader import (MAX_PROBLEMS, NOT_SHOWN, Locator, Names, document_names, dotted, folded_names, holds_a_name,
                     load_document, looks_like_a_name, collector_paused, other_kind, looks_like_an_id_number, more_problems,
                     problems_from_validation, read_validated, remember_source, shown_value, source_of,
                     id_shown)
from .names import folded, masked, note_names
from .model import Firm, Host, Location, Member, MemberCounts, Roster, id_key, invisible, standing_years

#: The Party was founded in 1921: no one joined earlier, and no roster is dated earlier.
EARLIEST = date(1921, 1, 1)


#: What ``branchplan import`` reads: given where a firms file is wanted, the user is pointed to it.
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".ods")


#: the validation context of a document read (firms file, data in memory): model.RESERVED_PLACE
DOCUMENT = {"document": True}


#: the warnings of the roster being read (see :func:`roster_warnings`)
_SINK: ContextVar[list | None] = ContextVar("roster_warnings", default=None)
_KEPT: dict[int, tuple] = {}


#: the caller's frame where a library function that reads firms files for its caller
#: (``check_files``) wants their warnings issued
WARN_AT: ContextVar[Any] = ContextVar("roster_warn_at", default=None)


def read_for(frame, load, *args):
    """``load(*args)`` (a firms file read for a library function's caller), its warnings
    issued at ``frame``, the caller's line."""
    token = WARN_AT.set(frame)
    try:
        return load(*args)
    finally:
        WARN_AT.reset(token)


def _issue(problem: Problem) -> None:
    """A warning about the firms file being read: issued (``warnings``), at the caller's
    line (:data:`WARN_AT`, which :func:`_keeping` sets), and kept for the roster read
    (:func:`roster_warnings`)."""
    import warnings

    from .errors import InputWarning

    sink = _SINK.get()
    if sink is not None:
        sink.append(problem)
    frame = WARN_AT.get()
    if frame is not None:
        warnings.warn_explicit(InputWarning(problem), InputWarning, frame.f_code.co_filename, frame.f_lineno,
                               module=frame.f_globals.get("__name__"),
                               registry=frame.f_globals.setdefault("__warningregistry__", {}))   # (as warn's)
    else:
        warnings.warn(InputWarning(problem), stacklevel=2)


def _keeping(read):
    """``read`` (a loader) with the warnings it issues kept for the roster it returns, and
    issued at its caller's line (unless :func:`read_for` named another)."""
    import functools
    import sys

    @functools.wraps(read)
    def wrapper(*args, **kwargs):
        token = _SINK.set([])
        at = WARN_AT.set(sys._getframe(1)) if WARN_AT.get() is None else None
        try:
            roster = read(*args, **kwargs)
            found = _SINK.get()
        finally:
            _SINK.reset(token)
            if at is not None:
                WARN_AT.reset(at)
        if found:
            _KEPT[id(roster)] = tuple(found)
            weakref.finalize(roster, _KEPT.pop, id(roster), None)
        return roster
    return wrapper


def roster_warnings(roster: Roster) -> tuple[Problem, ...]:
    """The warnings :func:`load_roster` or :func:`roster_from_data` issued when it read this
    roster (a member who may be one person under two ids, an overdue probation...), as
    :class:`Problem`\\ s: for a program that shows them beside the upload (the ``warnings``
    module's record is process-wide). None for a roster made otherwise."""
    return _KEPT.get(id(roster), ())


@_keeping
@collector_paused
def load_roster(path: str | Path, max_bytes: int | None = None) -> Roster:
    """Read and validate a firms file (YAML or JSON). Raises InputError with positions.
    A spreadsheet (.xlsx, .csv, ...) is refused with the import command that converts it."""
    from .arguments import expect_path

    p = Path(expect_path(path))
    if p.suffix.lower() in SPREADSHEETS and p.is_file():
        raise InputError.single(str(path), say("roster.spreadsheet", name=p.name))
    roster, _ = read_validated(lambda: load_document(path, max_bytes),
                               lambda doc, text: _validated(doc, str(path), text))
    return remember_source(roster, str(path))


@_keeping
@collector_paused
def roster_from_data(data: Mapping[str, Any] | str | bytes, source: str = "<memory>",
                     max_bytes: int | None = None) -> Roster:
    """Validate a firms document already in memory (the mapping a firms file holds, e.g. a
    parsed JSON request body) with exactly the checks :func:`load_roster` runs.

    Raises InputError whose problems name ``source`` and the field (``firms[3].members[0].
    joined``); there is no text, so they carry no line or column. The document's text (str,
    or bytes: an upload) is read as its file would be, with every check of the text (plain
    decimal numbers, duplicate keys, the encoding, the size limit ``max_bytes``) and
    positions; read as JSON where ``source`` ends in .json, else as YAML (which reads JSON)."""
    from .loader import given_document

    roster, _ = read_validated(lambda: given_document(data, source, max_bytes, "roster_from_data", "load_roster"),
                               lambda doc, text: _validated(doc, source, text))
    return remember_source(roster, source)


def roster_source(roster: Roster, default: str) -> str:
    """The file or ``source`` a roster was read from, else ``default``."""
    return source_of(roster) or default


def _validated(data: Any, path_s: str, text: str) -> Roster:
    """The schema, then the checks across the roster (``text``: the document, for positions;
    "" for data that has none)."""
    if not isinstance(data, dict):
        line, col = (1, 1) if text else (None, None)
        raise InputError.single(path_s, "a firms file is a mapping with a 'firms:' list", line, col)
    other = other_kind(data, text, path_s, "firms")   # a plan or rules file given here: that alone
    if other is not None:
        raise InputError([other])
    names = document_names(data)   # (no problem quotes a value that holds a member's name)
    note_names(names)              # (nor does one of a plan or rules file read with it)
    try:
        roster = Roster.model_validate(data, context=DOCUMENT)
    except ValidationError as exc:
        where = Locator(text)
        schema = problems_from_validation(exc, path_s, text, lambda loc: _fields_at(data, loc), locator=where,
                                          data=data, names=names)
        # ids used twice are a mistake of their own, whatever else is wrong (the other
        # cross-checks need the whole roster)
        room = MAX_PROBLEMS - exc.error_count()
        twice = duplicate_ids(*_ids_as_written(data), names=names) if room > 0 else []
        # and the checks across the roster, on the firms and hosts the schema accepted: a
        # file's independent mistakes come in one run
        said = {loc for loc, _ in twice}
        more = [(loc, m) for loc, m in _beyond_the_schema(data, names) if loc not in said] if room > len(twice) else []
        raise InputError(schema + _positioned(twice + more, path_s, where, room)) from None
    problems = cross_check(roster, names)
    if problems:
        raise InputError(_positioned(problems, path_s, Locator(text)))
    _warn_ids(roster, path_s, text, names)
    _warn_same_person(roster, path_s, text, names)
    _warn_same_firm_name(roster, path_s, text)
    _warn_overdue_probation(roster, path_s, text)
    _warn_early_full(roster, path_s, text)
    return roster


class _Warnings:
    """Warnings about one firms file, each at its place in the text (``text`` "" for data that
    has none); the text is read for positions only once a warning needs one."""

    def __init__(self, path_s: str, text: str) -> None:
        self.path_s, self.text = path_s, text
        self._where: Locator | None = None

    def warn(self, loc: tuple, msg: Msg) -> None:
        if self.text and self._where is None:
            self._where = Locator(self.text)
        line, col = self._where.at(loc) if self._where is not None else (None, None)
        _issue(Problem(self.path_s, msg, line, col, dotted(loc)))


#: probation lasts a year (Party Constitution, art. 7), and may be extended once, to two years at most
#: (import says the same of a row)
PROBATION_YEARS, LONGEST_PROBATION_YEARS = 1, 2


def _warn_overdue_probation(roster: Roster, path_s: str, text: str) -> None:
    """Probationary members who joined more than two years before the roster's own date
    (``as_of``; none without one): probation is over however long it was extended, so the
    status is likely stale, and it decides which firms have a branch of their own. One
    warning, at the first, with the count (members are not named)."""
    if roster.as_of is None:
        return
    day = roster.as_of
    found = [("firms", i, "members", k, "status") for i, f in enumerate(roster.firms)
             for k, m in enumerate(f.member_list or ())
             if m.status == "probationary" and m.joined is not None
             and standing_years(m.joined, day - timedelta(days=1)) >= LONGEST_PROBATION_YEARS]
    if found:
        what = f"{plural(len(found), 'probationary member')} (预备)"
        _Warnings(path_s, text).warn(found[0], say("roster.overdue_probation", what=what, n=len(found), day=day))


def _warn_early_full(roster: Roster, path_s: str, text: str) -> None:
    """Full members (without ``full_since``) who joined less than a year before the roster's
    own date (``as_of``; none without one): probation lasts a year, so the status is likely
    a slip for probationary, and it decides which firms have a branch of their own. One
    warning, at the first, with the count (members are not named), as import says of a row."""
    if roster.as_of is None:
        return
    day = roster.as_of
    found = [("firms", i, "members", k, "status") for i, f in enumerate(roster.firms)
             for k, m in enumerate(f.member_list or ())
             if m.status == "full" and m.full_since is None and m.joined is not None
             and standing_years(m.joined, day) < PROBATION_YEARS]
    if found:
        what = f"{plural(len(found), 'full member')} (正式)"
        _Warnings(path_s, text).warn(found[0], say("roster.early_full", what=what, n=len(found), day=day))


def _warn_same_firm_name(roster: Roster, path_s: str, text: str) -> None:
    """Two firms of one jurisdiction with the same name (as :func:`.model.firm_name_key` reads
    it), not told apart by their districts: one firm under two ids, read as two. A warning at
    the later one's id, naming both ids (not the name: it may hold a person's)."""
    from .model import firm_name_key

    first: dict[tuple[str, str], list[tuple[str, str]]] = {}
    places: dict[str, str] = {}
    said = _Warnings(path_s, text)
    for i, f in enumerate(roster.firms):
        key = firm_name_key(f.name) if f.name else ""
        if not key:
            continue
        place = roster.firm_jurisdiction(f) or ""
        if place not in places:
            places[place] = id_key(place)
        district = id_key(f.district) if f.district else ""
        units = first.setdefault((key, places[place]), [])
        # (units of one name in two districts are two: this one is alike the one of its district)
        alike = [u for u, there in units if not (district and there and district != there)]
        units.append((f.id, district))
        if alike:
            said.warn(("firms", i, "id"), say("roster.same_firm_name", fid=f.id, other=alike[0], place=place or "-"))


#: at most this many members named in warnings of one person under two ids (then a count)
SAME_PERSON_SHOWN = 5


def _warn_same_person(roster: Roster, path_s: str, text: str, names: Names = frozenset()) -> None:
    """Two members with the same name (without case or spaces) and joining date, under two
    ids: one person entered twice (a transfer whose old entry was kept, under a new id), or
    two people. A warning at the later one, naming both by id and firm (names are never
    quoted, nor an id that holds or looks like one: ``names``, the file's); past
    SAME_PERSON_SHOWN, one more with the count."""
    seen: dict[tuple[str, Any], list[tuple[str, str]]] = {}
    apart = {frozenset((m.id, other)) for f in roster.firms for m in (f.member_list or ()) for other in m.distinct_from}
    found = []
    for i, f in enumerate(roster.firms):
        for k, m in enumerate(f.member_list or ()):
            if not m.name or m.joined is None or masked(m.name) or not (name := folded(m.name)):
                continue
            key = (name, m.joined)
            # (the first earlier member not declared another person: distinct_from)
            same = next((e for e in seen.get(key, ()) if frozenset((m.id, e[0])) not in apart), None)
            if same is not None:
                found.append((("firms", i, "members", k, "id"), m.id, f.id, *same))
            seen.setdefault(key, []).append((m.id, f.id))
    said = _Warnings(path_s, text)
    for loc, mid, firm, other, other_firm in found[:SAME_PERSON_SHOWN]:
        said.warn(loc, say("roster.same_person", mid=id_shown(mid, names), firm=id_shown(firm, names, False),
                           other=id_shown(other, names), other_firm=id_shown(other_firm, names, False)))
    if len(found) > SAME_PERSON_SHOWN:
        said.warn(found[SAME_PERSON_SHOWN][0], say("roster.same_person_more", n=len(found) - SAME_PERSON_SHOWN))


def _beyond_the_schema(data: dict, names: Names) -> list[tuple[tuple, Msg | str]]:
    """:func:`cross_check` of a document the schema refused, on what it accepted: the firms
    and hosts valid on their own (at their places in the document), when the top-level
    fields are valid. Units left out can only hide such problems, never make one up (ids
    used twice among those kept are found at the same places by :func:`duplicate_ids` on
    the document as written, which the caller reports)."""
    firms, hosts = data.get("firms"), data.get("hosts", [])
    if not isinstance(firms, list) or not isinstance(hosts, list):
        return []
    try:
        top = Roster.model_validate({**{k: v for k, v in data.items() if k not in ("firms", "hosts")}, "firms": []},
                                    context=DOCUMENT)
    except ValidationError:
        return []

    def valid(model, items) -> list[tuple[int, Any]]:
        out = []
        for i, item in enumerate(items):
            try:
                out.append((i, model.model_validate(item, context=DOCUMENT)))
            except ValidationError:
                continue
        return out

    kept = {"firms": valid(Firm, firms), "hosts": valid(Host, hosts)}
    roster = top.model_copy(update={k: [u for _, u in v] for k, v in kept.items()})
    out = []
    for loc, msg in cross_check(roster, names):
        if loc[0] in kept and len(loc) > 1:
            out.append(((loc[0], kept[loc[0]][loc[1]][0], *loc[2:]), msg))
        elif loc != ("firms",):       # (the roster's own fields; "no firms": the schema refused them)
            out.append((loc, msg))
    return out


def _warn_ids(roster: Roster, path_s: str, text: str, names: Names) -> None:
    """Member ids that look like names (a name column shifted into the ids, an id that is a
    member's name, or one that holds the member's own name: 'M1 张三'), and member ids that
    look like ID numbers: one warning each, at the first, quoting none of them (ids are
    printed in plans, reports and CI logs)."""
    named, numbers = [], []
    any_names = bool(names)
    for i, f in enumerate(roster.firms):
        for k, m in enumerate(f.member_list or ()):
            mid = m.id
            if len(mid) >= 15 and looks_like_an_id_number(mid):          # (an ID number has 15+)
                numbers.append(("firms", i, "members", k, "id"))
            elif looks_like_a_name(mid) or (any_names and (mid in names or _holds_own_name(m))):
                named.append(("firms", i, "members", k, "id"))
    if not (named or numbers):
        return
    where = Locator(text) if text else None
    for found, key, like in ((named, "roster.ids_like_names", ("looks like a name", "look like names")),
                             (numbers, "roster.ids_like_id_numbers", ("looks like an ID number", "look like ID numbers"))):
        if found:
            line, col = where.at(found[0]) if where else (None, None)
            msg = say(key, n=len(found), what=f'{plural(len(found), "member id")} {like[len(found) != 1]}')
            _issue(Problem(path_s, msg, line, col, dotted(found[0])))


def _holds_own_name(m: Member) -> bool:
    """Whether a member's id holds the member's own name ('M3 Zhao Liu')."""
    own = folded(m.name) if isinstance(m.name, str) else ""
    return len(own) >= 2 and own in folded(m.id) and holds_a_name(m.id, folded_names([m.name]))   # (the first two: quick)


def _positioned(problems: list[tuple[tuple, Msg | str]], path: str, where: Locator,
                limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Problems at their places in the text: the first ``limit``, then how many more."""
    out = []
    for loc, msg in problems[:limit]:
        line, col = where.at(loc)
        out.append(Problem(path, msg, line, col, dotted(loc)))
    return out + more_problems(path, len(problems) - limit + MAX_PROBLEMS)


def cross_check(roster: Roster, names: Names | None = None) -> list[tuple[tuple, Msg | str]]:
    """Problems no single field shows: duplicate ids, missing jurisdictions, mixed coordinates.
    ``names``: the members' names, which no problem quotes (default: the roster's)."""
    if names is None:
        names = folded_names(m.name for f in roster.firms for m in f.member_list or ())
    out: list[tuple[tuple, Msg | str]] = []
    if not roster.firms:
        out.append((("firms",), "the roster lists no firms"))
    if roster.as_of and roster.as_of < EARLIEST:
        out.append((("as_of",), say("roster.as_of_early", day=roster.as_of)))
    out += duplicate_ids([(i, f.id, [(k, m.id) for k, m in enumerate(f.member_list or ())])
                          for i, f in enumerate(roster.firms)], [(i, h.id) for i, h in enumerate(roster.hosts)], names)
    for i, f in enumerate(roster.firms):
        if not roster.firm_jurisdiction(f):
            out.append((("firms", i), say("roster.firm_no_jurisdiction", id=_unit_id(f.id, names))))
    for i, h in enumerate(roster.hosts):
        if not roster.firm_jurisdiction(h):
            out.append((("hosts", i), say("roster.host_no_jurisdiction", id=_unit_id(h.id, names))))
    for i, f in enumerate(roster.firms):
        for k, m in enumerate(f.member_list or ()):
            if not m.joined or (m.joined >= EARLIEST and not (roster.as_of and m.joined > roster.as_of)):
                continue
            day = NOT_SHOWN if holds_a_name(m.joined, names) else m.joined   # (a name of digits)
            if m.joined < EARLIEST:
                out.append((("firms", i, "members", k, "joined"), say("roster.joined_early", day=day)))
            else:
                out.append((("firms", i, "members", k, "joined"),
                            say("roster.joined_late", day=day, as_of=roster.as_of)))
    for i, f in enumerate(roster.firms):
        for k, m in enumerate(f.member_list or ()):
            if m.full_since is not None and roster.as_of is not None and m.full_since > roster.as_of:
                day = NOT_SHOWN if holds_a_name(m.full_since, names) else m.full_since
                out.append((("firms", i, "members", k, "full_since"),
                            say("roster.full_since_late", day=day, as_of=roster.as_of)))
    out += _check_locations(roster, names)
    return out


def _unit_id(uid: str, names: Names) -> Msg | str:
    """A firm's or host's id as a message gives it: as written (firm ids are often the firm's
    name), unless it holds a member's name or looks like an ID number."""
    shown = shown_value(uid, names, name_like=False)
    return shown if shown is NOT_SHOWN else uid


#: (firm index, firm id, [(member index, member id)])
Ids = list[tuple[int, str, list[tuple[int, str]]]]


def duplicate_ids(firms: Ids, hosts: list[tuple[int, str]], names: Names | None = None) -> list[tuple[tuple, Msg]]:
    """Firm, host and member ids used twice. ``firms``: (index, id, [(index, member id)]);
    ``hosts``: (index, id). An id that looks like a name or an ID number, or holds one of
    ``names`` (the members'), is not quoted."""
    out: list[tuple[tuple, Msg]] = []
    firm_at: dict[str, int] = {}
    firm_key: dict[str, int] = {}     # look-alikes (F001, f001, Ｆ００1): one id to a reader
    for i, fid, _ in firms:
        if fid in firm_at:
            out.append((("firms", i, "id"), say("roster.firm_twice", id=shown_value(fid, names, name_like=False), first=firm_at[fid])))
            continue
        first = firm_key.setdefault(id_key(fid), i)
        if first != i:
            out.append((("firms", i, "id"), say("roster.firm_alike", id=shown_value(fid, names, name_like=False),
                                                other=shown_value(firms[first][1], names, name_like=False),
                                                first=firms[first][0])))
        firm_at[fid] = i
    host_at: dict[str, int] = {}
    unit_of_key = {id_key(fid): fid for _, fid, _ in reversed(firms)}   # (the first firm of each key)
    for i, hid in hosts:
        key = id_key(hid)
        if hid in firm_at or hid in host_at:
            out.append((("hosts", i, "id"), say("roster.host_twice", id=shown_value(hid, names, name_like=False))))
        elif key in unit_of_key:      # a look-alike of a firm's id or of an earlier host's
            out.append((("hosts", i, "id"), say("roster.host_alike", id=shown_value(hid, names, name_like=False),
                                                other=shown_value(unit_of_key[key], names, name_like=False))))
        host_at.setdefault(hid, i)
        unit_of_key.setdefault(key, hid)
    firm_id = {i: fid for i, fid, _ in firms}
    member_at: dict[str, int] = {}
    member_key: dict[str, tuple[int, str]] = {}
    for i, _, members in firms:
        for k, mid in members:
            if mid in member_at:
                fi = member_at[mid]
                shown = shown_value(mid, names)     # (a name or an ID number in the id column: not quoted)
                said = (say("roster.member_twice", id=shown) if fi == i
                        else say("roster.member_elsewhere", id=shown, other=firm_id[fi]))
                out.append((("firms", i, "members", k, "id"), said))
                continue
            fi, other = member_key.setdefault(id_key(mid), (i, mid))
            if other != mid:
                out.append((("firms", i, "members", k, "id"),
                            say("roster.member_alike", id=shown_value(mid, names), other=shown_value(other, names),
                                firm=firm_id[fi])))
            member_at[mid] = i
    return out


def _ids_as_written(data: dict) -> tuple[Ids, list[tuple[int, str]]]:
    """The firm, member and host ids of a document the schema refused, where they are text
    (an id that is not is the schema's to report)."""
    def ident(entry) -> str | None:
        value = entry.get("id") if isinstance(entry, dict) else None
        value = value.strip() if isinstance(value, str) else None
        return value if value and value.isprintable() and not any(invisible(c) for c in value) else None

    def listed(key: str, within: dict = data) -> list[tuple[int, dict]]:
        items = within.get(key)
        return [(i, e) for i, e in enumerate(items) if ident(e)] if isinstance(items, list) else []

    firms = [(i, ident(f), [(k, ident(m)) for k, m in listed("members", f)]) for i, f in listed("firms")]
    return firms, [(i, ident(h)) for i, h in listed("hosts")]


def _check_locations(roster: Roster, names: Names) -> list[tuple[tuple, Msg]]:
    """Within a jurisdiction, either every unit with members has a location or none has,
    and all are geographic or all planar (``names``: the members', which no message quotes)."""
    out = []
    units: dict[str, list[tuple[tuple, Firm | Host]]] = {}
    for i, f in enumerate(roster.firms):
        if f.size:
            units.setdefault(roster.firm_jurisdiction(f), []).append((("firms", i), f))
    for i, h in enumerate(roster.hosts):
        units.setdefault(roster.firm_jurisdiction(h), []).append((("hosts", i), h))
    for juris, items in sorted(units.items(), key=lambda kv: kv[0] or ""):
        if not juris:           # (no jurisdiction at all: said once already, per unit)
            continue
        located = [(loc, u) for loc, u in items if u.location is not None]
        if not located:
            continue
        kinds = {u.location.is_geo for _, u in located}
        if len(kinds) > 1:
            loc, u = next((loc, u) for loc, u in located if u.location.is_geo != located[0][1].location.is_geo)
            geo = located[0][1].location.is_geo
            out.append((loc + ("location",), say("roster.mixed_locations", juris=juris,
                                                 first=_unit_id(located[0][1].id, names),
                                                 kind="lat/lon" if geo else "x/y", other=_unit_id(u.id, names),
                                                 kind_zh="经纬度" if geo else "平面坐标")))
        missing = _distinct([(loc, u) for loc, u in items if u.location is None])
        if missing:
            with_one = _distinct(located)
            out.append((missing[0][0], say("roster.some_without_location", units=plural(len(missing), "unit"),
                                           n=len(missing), juris=juris, names=_some_ids(missing, names),
                                           verb="has" if len(missing) == 1 else "have", m=len(with_one),
                                           verb2="has" if len(with_one) == 1 else "have",
                                           located=_some_ids(with_one, names))))
    return out


def _distinct(items: list) -> list:
    """(place, unit) pairs, the first of each unit id (an id used twice is counted once: that
    is a problem of its own)."""
    first: dict = {}
    for loc, u in items:
        first.setdefault(u.id, (loc, u))
    return list(first.values())


def _some_ids(items: list, names) -> Msg:
    """The first five units' ids of (place, unit) pairs, " ..." after them if there are more."""
    ids = [_unit_id(u.id, names) for _, u in items[:5]]
    more = " ..." if len(items) > 5 else ""
    return Msg(", ".join(x.en if isinstance(x, Msg) else x for x in ids) + more,
               ", ".join(x.zh if isinstance(x, Msg) else x for x in ids) + more)


_MODELS: dict[str, type[BaseModel]] = {"firms": Firm, "hosts": Host}


def _fields_at(data, loc: tuple) -> list[str]:
    """Field names allowed at an error path, for 'did you mean' suggestions."""
    if not loc:
        return list(Roster.model_fields)
    model = _MODELS.get(loc[0])
    rest = [p for p in loc[1:] if not isinstance(p, int)]
    if model is None:
        return []
    if not rest:
        return list(model.model_fields)
    if rest[0] == "location":
        return list(Location.model_fields)
    if rest[0] == "members":
        after = loc[loc.index("members") + 1:]
        return list(Member.model_fields) if any(isinstance(p, int) for p in after) else list(MemberCounts.model_fields)
    return []
