"""Waivers: a reviewed, dated exception to one rule for one branch or firm.

A waivers file lists entries (at the top level, or under ``waivers:``)::

    waivers:
      - code: BP-LEAD-DIRECTOR
        subject: B003             # a branch id or a firm id (a jurisdiction, for a finding about one)
        reason: 主任将于明年入党；committee minute 2026-14
        expires: 2027-06-30

A waiver matches a finding of its rule whose branch, or whose subject firm, is the waiver's
subject. Waived findings are counted and shown apart, never dropped. A waiver is in force
up to and including its ``expires`` date; after it, the waiver no longer waives anything
and the gate fails until the entry is renewed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from .charter import Charter
from .errors import InputError, Msg, Problem
from .errtext import hint, say
from .loader import load_document, locate, other_kind, problems_from_validation, read_validated
from .model import Day, id_key, refuse_unseen
from .rules.base import Finding


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    code: str = Field(min_length=1, description="the rule code waived")
    subject: str = Field(min_length=1, description="the branch id or firm id it applies to (the jurisdiction, for a finding about a whole jurisdiction)")
    reason: str = Field(min_length=1, description="why, for the reviewers")
    expires: Day = Field(description="last day the waiver is in force")

    @field_validator("code", "subject", mode="before")
    @classmethod
    def _visible(cls, value):
        """Text an id may hold (no control character, line separator or invisible one)."""
        if isinstance(value, str):
            refuse_unseen(value, True)
        return value


class WaiversFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    waivers: list[WaiverEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Waiver:
    code: str
    subject: str
    reason: str
    expires: date
    path: str
    line: int | None
    column: int | None

    def expired(self, today: date) -> bool:
        return today > self.expires

    def matches(self, finding: Finding) -> bool:
        return finding.code == self.code and self.subject in subjects(finding)

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line is not None else self.path


def refuse_lookalike_subjects(waivers: list[Waiver], ids: list[str]) -> None:
    """Refuse a waiver whose subject is no id of the plan or the firms file (nor a
    jurisdiction) but differs from one only in case, width or accents (``b002`` for
    ``B002``): it would match nothing, and read as if it did."""
    exact = set(ids)
    keys = {}
    for i in ids:
        keys.setdefault(id_key(i), i)
    problems = []
    for w in waivers:
        meant = keys.get(id_key(w.subject)) if w.subject not in exact else None
        if meant is not None:
            problems.append(Problem(w.path, say("waiver.subject_alike", subject=w.subject, meant=meant),
                                    w.line, w.column, "subject"))
    if problems:
        raise InputError(problems)


def subjects(finding: Finding) -> set[str]:
    """What a waiver may name to cover a finding: its branch and its subject firm (or, for a
    finding about no branch, its firms; for one about a whole jurisdiction, the jurisdiction)."""
    out = {s for s in (finding.branch, finding.firm_entry, finding.jurisdiction) if s}
    if finding.branch is None:
        out.update(finding.firms)
    return out


def load_waivers(path: str | Path, charter: Charter) -> list[Waiver]:
    """Read and validate a waivers file; every problem is reported with file:line:col, the
    schema's and the file's own checks (a rule the charter does not have, a waiver given
    twice) together, in the order of the text. An entry's own checks use only the fields
    the schema accepted: a code it refused is not also said to be unknown."""
    path_s = str(path)
    waivers, _ = read_validated(lambda: load_document(path), lambda doc, text: _validated(doc, text, path_s, charter))
    return waivers


def _validated(data: object, text: str, path_s: str, charter: Charter) -> list[Waiver]:
    if isinstance(data, list):
        prefix: tuple = ()
        raw: object = data
    elif isinstance(data, dict):
        other = other_kind(data, text, path_s, "waivers")   # a firms file or plan given here: that alone
        if other is not None:
            raise InputError([other])
        prefix = ("waivers",)
        raw = data.get("waivers")
    else:
        raise InputError.single(path_s, "a waivers file is a list of waivers (or a mapping with 'waivers:')", 1, 1)
    try:
        entries = (TypeAdapter(list[WaiverEntry]).validate_python(data) if not prefix
                   else WaiversFile.model_validate(data).waivers)
    except ValidationError as exc:
        schema = problems_from_validation(exc, path_s, text, _fields)
        refused = {tuple(e.get("loc", ()))[len(prefix):len(prefix) + 2] for e in exc.errors(include_url=False)}
        keys = [(_usable(e, i, "code", refused), _usable(e, i, "subject", refused))
                for i, e in enumerate(raw if isinstance(raw, list) else [])]
        raise InputError(schema + _own_problems(keys, charter, path_s, text, prefix)) from None
    problems = _own_problems([(e.code, e.subject) for e in entries], charter, path_s, text, prefix)
    if problems:
        raise InputError(problems)
    out: list[Waiver] = []
    for i, e in enumerate(entries):
        line, col = locate(text, prefix + (i,))
        out.append(Waiver(e.code, e.subject, e.reason, e.expires, path_s, line, col))
    return out


def _usable(entry: object, i: int, name: str, refused: set[tuple]) -> str | None:
    """An entry's field as the schema reads it (stripped), or None if it is absent or refused."""
    if not isinstance(entry, dict) or (i, name) in refused:
        return None
    value = entry.get(name)
    return (value.strip() or None) if isinstance(value, str) else None


def _own_problems(keys: list[tuple[str | None, str | None]], charter: Charter, path_s: str, text: str,
                  prefix: tuple) -> list[Problem]:
    """A rule code the charter does not have; a rule that can only be hard (every member in
    a branch, a qualifying firm's own branch, one jurisdiction per branch: a waiver would
    let the gate pass a plan that leaves members unmanaged); a (code, subject) given again.
    ``keys``: each entry's code and subject, None where the schema refused it (nothing is
    said of it here)."""
    from .rules import KINDS

    rules = {r.code: r for r in charter.rules}
    codes = list(rules)
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for i, (code, subject) in enumerate(keys):
        loc = prefix + (i,)
        entry = _entry(prefix, i)
        if code is not None and code not in codes:
            line, col = locate(text, loc + ("code",))
            problems.append(Problem(path_s, say("waivers.no_rule", code=code, charter=charter.name, hint=hint(code, codes)),
                                    line, col, f"{entry}.code"))
        elif code is not None and "soft" not in KINDS[rules[code].kind].SEVERITIES:
            line, col = locate(text, loc + ("code",))
            rule = rules[code]
            problems.append(Problem(path_s, say("waivers.hard_only", code=code,
                                                title=Msg(rule.title.en, rule.title.zh)),
                                    line, col, f"{entry}.code"))
        if code is None or subject is None:
            continue
        key = (code, subject)
        if key in seen:
            line, col = locate(text, loc)
            problems.append(Problem(path_s, say("waivers.twice", code=code, subject=subject,
                                                first=_entry(prefix, seen[key])), line, col, entry))
        seen.setdefault(key, i)
    return problems


def _entry(prefix: tuple, i: int) -> str:
    """An entry's field path as the schema's problems name it: ``waivers[2]``, or ``[2]`` in a
    file that is a list of waivers."""
    return f"{'.'.join(prefix)}[{i}]"


def _fields(loc: tuple) -> list[str]:
    if any(isinstance(p, int) for p in loc):
        return list(WaiverEntry.model_fields)
    return list(WaiversFile.model_fields)
