"""What a rules file's jurisdiction filters say about a roster.

A rule's ``jurisdictions:`` / ``except_jurisdictions:`` names jurisdictions as the firms file
spells them. The rules file is read without the roster, so a misspelt name ("城市01" for
"城市001") cannot be caught there: the rule then silently applies nowhere (or everywhere).
Once both are loaded, a name that the roster lacks but spells almost like one of its
jurisdictions is a warning (a :class:`~branchplan.charter.CharterWarning`, printed by the
command line on stderr and carried by ``check``'s machine formats). A name with no near
match is not: a province's rules file may well name cities a one-city roster lacks.
"""

from __future__ import annotations

import warnings

from .charter import Charter, CharterWarning
from .errors import Msg, Problem
from .errtext import closest, say
from .loader import source_of
from .model import Roster


def roster_warnings(charter: Charter, roster: Roster, firms_path: str | None = None) -> list[Problem]:
    """The names of the charter's jurisdiction filters that the roster lacks but almost spells."""
    if not any(r.is_local for r in charter.rules):
        return []
    names = {roster.firm_jurisdiction(u) for u in list(roster.firms) + list(roster.hosts)}
    firms = firms_path or source_of(roster) or Msg("the firms file", "名册文件")
    out = []
    for rule in charter.rules:
        key = "jurisdictions" if rule.jurisdictions else "except_jurisdictions"
        for k, (name, path, line, col) in enumerate(rule.filter_places):
            if name in names:
                continue
            near = closest(name, sorted(names))
            if near is None:
                continue
            out.append(Problem(path, say("charter.where_unknown", code=rule.code, name=name, near=near, firms=firms),
                               line, col, f"rules[{rule.code}].{key}[{k}]"))
    return out


def warn_roster(charter: Charter, roster: Roster, firms_path: str | None = None) -> list[Problem]:
    """Issue :func:`roster_warnings` as CharterWarnings; returns them."""
    found = roster_warnings(charter, roster, firms_path)
    for problem in found:
        warnings.warn(CharterWarning(problem), stacklevel=3)
    return found
