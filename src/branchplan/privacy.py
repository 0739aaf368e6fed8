"""Personal data: stable keyed pseudonyms for names, so a plan can be shared for review.

A pseudonym is an HMAC-SHA256 of the kind and id under a user-supplied key, shortened to
8 base-32 characters: the same roster and key always give the same pseudonyms, and
without the key nobody can recompute them from a list of likely names. The key itself is
never written anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from .errors import Msg, UsageError
from .errtext import say
from .model import Firm, Member, Roster, id_key
from .names import HAN

#: Environment variable holding the pseudonym key when --pseudonym-key is not given.
KEY_ENV = "BRANCHPLAN_PSEUDONYM_KEY"

#: Shorter pseudonym keys are refused (a short key could be guessed).
MIN_KEY_CHARS = 8

_LABELS = {"firm": ("律所", "Firm"), "member": ("党员", "Member"), "host": ("组织", "Host")}


def resolve_key(explicit: str | None) -> bytes:
    key = explicit if explicit is not None else os.environ.get(KEY_ENV)
    if not key:
        raise UsageError(say("usage.needs_key", env=KEY_ENV))
    if len(key) < MIN_KEY_CHARS:
        raise UsageError(say("usage.key_short", n=MIN_KEY_CHARS))
    return key.encode("utf-8")


def pseudonym(key: bytes, kind: str, ident: str) -> str:
    """A stable pseudonym such as 律所-K3F9A2QX for a firm id under a key."""
    digest = hmac.new(key, f"{kind}\0{ident}".encode("utf-8"), hashlib.sha256).digest()
    code = base64.b32encode(digest).decode("ascii")[:8]
    return f"{_LABELS[kind][0]}-{code}"


def pseudonymise_roster(roster: Roster, key: bytes) -> Roster:
    """The same roster with every firm, host and member name replaced by its pseudonym.

    Ids are kept (plans refer to them); names are what identify people and firms.
    """
    firms = [_firm(f, key) for f in roster.firms]
    hosts = [h.model_copy(update={"name": pseudonym(key, "host", h.id) if h.name else None})
             for h in roster.hosts]
    return roster.model_copy(update={"firms": firms, "hosts": hosts})


def id_is_name(unit) -> bool:
    """Whether a unit's id reads as its name: Chinese text without digits (``柳州-001`` is a
    code), and no other name given (``import`` without a firm-id column makes the id from the
    name: 广西甲律师事务所)."""
    return (len(HAN.findall(unit.id)) >= 2 and not any(c.isdigit() for c in unit.id)
            and (not unit.name or id_key(unit.name) == id_key(unit.id)))


def warn_named_ids(roster: Roster | None, path: str) -> None:
    """With --pseudonymise: warn once when firm or host ids read as the units' names (they are
    kept, so the output still names those units), naming the first and how many."""
    if roster is None:
        return
    named = [u.id for u in (*roster.firms, *roster.hosts) if id_is_name(u)]
    if not named:
        return
    import warnings

    from .errors import InputWarning, Problem

    n = len(named)
    first = named[0] if n == 1 else f"{named[0]}, ..."
    msg = say("privacy.ids_are_names", n=n, first=Msg(first, first.replace(", ...", " 等")),
              what="1 firm or host id reads as the unit's name" if n == 1
              else f"{n} firm or host ids read as the units' names",
              units="that unit" if n == 1 else "those units")
    warnings.warn(InputWarning(Problem(path, msg)), stacklevel=2)


def _firm(f: Firm, key: bytes) -> Firm:
    update: dict = {"name": pseudonym(key, "firm", f.id) if f.name else None}
    if f.member_list is not None:
        update["members"] = [_member(m, key) for m in f.member_list]
    return f.model_copy(update=update)       # (a counts-form firm keeps its counts: they name nobody)


def _member(m: Member, key: bytes) -> Member:
    return m.model_copy(update={"name": pseudonym(key, "member", m.id) if m.name else None})


def names_in(roster: Roster) -> set[str]:
    """Every real name a roster holds (for tests and self-checks of outputs)."""
    out = {f.name for f in roster.firms if f.name} | {h.name for h in roster.hosts if h.name}
    for f in roster.firms:
        out |= {m.name for m in (f.member_list or ()) if m.name}
    return out


# ------------------------------------------------------------------ --show-names

def member_names(*rosters: Roster | None) -> dict[str, str]:
    """Member id -> name, from every roster given (later rosters win)."""
    out: dict[str, str] = {}
    for r in rosters:
        for f in (r.firms if r is not None else ()):
            out.update({m.id: m.name for m in (f.member_list or ()) if m.name})
    return out


def names_to_show(rosters, pseudonymise: bool, key: str | None) -> dict[str, str]:
    """Member names for --show-names: real ones, or their pseudonyms with --pseudonymise."""
    if pseudonymise:
        k = resolve_key(key)
        rosters = [pseudonymise_roster(r, k) if r is not None else None for r in rosters]
    return member_names(*rosters)


def name_report(report, names: dict[str, str]):
    """A check report that names members (CI outputs show ids only unless asked): the
    names of its findings' members in ``report.names`` (findings keep ids), and each moved
    member's name beside the id in its diff."""
    from dataclasses import replace

    listed = {m for x in report.findings + report.waived for m in x.finding.members}
    out = replace(report, names={m: names[m] for m in sorted(listed) if m in names})
    if report.diff is not None:
        out = replace(out, diff=name_diff(report.diff, names))
    return out


def unnamed_report(report):
    """The report without member names (github, sarif and junit: CI logs and code scanning,
    often public, name members by id only, even with ``--show-names``)."""
    from dataclasses import replace

    if not report.names and report.diff is None:
        return report
    return replace(report, names={}, diff=None if report.diff is None else name_diff(report.diff, {}))


def name_diff(d, names: dict[str, str]):
    from dataclasses import replace

    # the name goes beside the id (data keeps ``member`` an id; people read the label)
    return replace(d, member_moves=[replace(m, name=names.get(m.member)) for m in d.member_moves],
                   firms_removed=[replace(f, went=tuple(replace(w, name=names.get(w.member)) for w in f.went),
                                          names=tuple(names.get(m) for m in f.member_ids))
                                  for f in d.firms_removed],
                   listings=[replace(x, names=tuple(names.get(m) for m in x.member_ids)) for x in d.listings],
                   members_left=[replace(m, name=names.get(m.member)) for m in d.members_left],
                   members_new=[replace(m, name=names.get(m.member)) for m in d.members_new])
