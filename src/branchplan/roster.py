"""Loading a firms file: schema validation, then the checks that span the whole roster."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .i18n import plural
from .loader import (MAX_PROBLEMS, Locator, dotted, load_document, more_problems,
                     problems_from_validation)
from .model import Firm, Host, Location, Member, MemberCounts, Roster

#: The Party was founded in 1921: no one joined earlier, and no roster is dated earlier.
EARLIEST = date(1921, 1, 1)


def load_roster(path: str | Path, max_bytes: int | None = None) -> Roster:
    """Read and validate a firms file (YAML or JSON). Raises InputError with positions."""
    path_s = str(path)
    data, text = load_document(path, max_bytes)
    if not isinstance(data, dict):
        raise InputError.single(path_s, "a firms file is a mapping with a 'firms:' list", 1, 1)
    try:
        roster = Roster.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, path_s, text, lambda loc: _fields_at(data, loc))) from None
    problems = cross_check(roster)
    if problems:
        where = Locator(text)
        out = []
        for loc, msg in problems[:MAX_PROBLEMS]:
            line, col = where.at(loc)
            out.append(Problem(path_s, msg, line, col, dotted(loc)))
        raise InputError(out + more_problems(path_s, len(problems)))
    return roster


def cross_check(roster: Roster) -> list[tuple[tuple, str]]:
    """Problems no single field shows: duplicate ids, missing jurisdictions, mixed coordinates."""
    out: list[tuple[tuple, str]] = []
    if not roster.firms:
        out.append((("firms",), "the roster lists no firms"))
    if roster.as_of and roster.as_of < EARLIEST:
        out.append((("as_of",), f"as_of {roster.as_of} is before the Party was founded (1921)"))
    firm_at: dict[str, int] = {}
    for i, f in enumerate(roster.firms):
        if f.id in firm_at:
            out.append((("firms", i, "id"), f"firm id {f.id!r} is used twice (first by firms[{firm_at[f.id]}])"))
        else:
            firm_at[f.id] = i
        if not roster.firm_jurisdiction(f):
            out.append((("firms", i), f"firm {f.id} has no jurisdiction and the file sets no default 'jurisdiction'"))
    host_at: dict[str, int] = {}
    for i, h in enumerate(roster.hosts):
        if h.id in firm_at or h.id in host_at:
            out.append((("hosts", i, "id"), f"host id {h.id!r} is already used by a firm or host"))
        host_at.setdefault(h.id, i)
        if not roster.firm_jurisdiction(h):
            out.append((("hosts", i), f"host {h.id} has no jurisdiction and the file sets no default 'jurisdiction'"))
    member_at: dict[str, tuple[int, int]] = {}
    for i, f in enumerate(roster.firms):
        for k, m in enumerate(f.member_list or ()):
            if m.id in member_at:
                fi, _ = member_at[m.id]
                other = roster.firms[fi].id
                where = "twice in this firm" if fi == i else f"also in firm {other}"
                out.append((("firms", i, "members", k, "id"),
                            f"member id {m.id!r} appears {where}; a member belongs to one place only"))
            else:
                member_at[m.id] = (i, k)
            if m.joined and m.joined < EARLIEST:
                out.append((("firms", i, "members", k, "joined"),
                            f"joined {m.joined} is before the Party was founded (1921)"))
            elif roster.as_of and m.joined and m.joined > roster.as_of:
                out.append((("firms", i, "members", k, "joined"),
                            f"joined {m.joined} is after the roster's as_of date {roster.as_of}"))
    out += _check_locations(roster)
    return out


def _check_locations(roster: Roster) -> list[tuple[tuple, str]]:
    """Within a jurisdiction, either every unit with members has a location or none has,
    and all are geographic or all planar."""
    out = []
    units: dict[str, list[tuple[tuple, Firm | Host]]] = {}
    for i, f in enumerate(roster.firms):
        if f.size:
            units.setdefault(roster.firm_jurisdiction(f), []).append((("firms", i), f))
    for i, h in enumerate(roster.hosts):
        units.setdefault(roster.firm_jurisdiction(h), []).append((("hosts", i), h))
    for juris, items in sorted(units.items()):
        located = [(loc, u) for loc, u in items if u.location is not None]
        if not located:
            continue
        kinds = {u.location.is_geo for _, u in located}
        if len(kinds) > 1:
            loc, u = next((loc, u) for loc, u in located if u.location.is_geo != located[0][1].location.is_geo)
            out.append((loc + ("location",), f"{juris} mixes lat/lon and x/y locations ({located[0][1].id} "
                        f"uses {'lat/lon' if located[0][1].location.is_geo else 'x/y'}, {u.id} does not)"))
        missing = [(loc, u) for loc, u in items if u.location is None]
        if missing:
            names = ", ".join(u.id for _, u in missing[:5]) + (" ..." if len(missing) > 5 else "")
            verb = "has" if len(missing) == 1 else "have"
            out.append((missing[0][0], f"{plural(len(missing), 'unit')} of {juris} {verb} no location while others "
                        f"do ({names}); distances need every location or none"))
    return out


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
