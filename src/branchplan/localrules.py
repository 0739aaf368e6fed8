"""What a rules file's jurisdiction filters say about a roster.

A rule's ``jurisdictions:`` / ``except_jurisdictions:`` names jurisdictions as the firms file
spells them. The rules file is read without the roster, so a misspelt name ("城市01" for
"城市001") cannot be caught there: the rule then silently applies nowhere (or everywhere).
Once both are loaded, a name that the roster lacks but that is one of its jurisdictions
written differently is a warning (a :class:`~branchplan.charter.CharterWarning`, printed by
the command line on stderr and carried by ``check``'s machine formats): the same once
spaces, full-width forms, letter case and leading zeros of numbers are set aside, or with an
administrative suffix (市, 区, 县, 地区, 州, 盟, 旗, 自治州, 自治县) added or left out
("贵港" for "贵港市", "城市01" for "城市001"). Any other name is not: a province's rules
file may well name cities a one-city roster lacks, 桂林市 is not a misspelt 玉林市, and
长沙县 is a county of 长沙市, not a way to write it.
"""

from __future__ import annotations

import re
import unicodedata
import warnings

from .charter import Charter, CharterWarning
from .errors import Msg, Problem
from .errtext import say
from .loader import source_of
from .model import Roster


def roster_warnings(charter: Charter, roster: Roster, firms_path: str | None = None) -> list[Problem]:
    """The names of the charter's jurisdiction filters that the roster lacks but has written
    differently (:func:`same_place`); and a rule whose ``metric`` does not suit the roster's
    locations (great-circle km on planar x/y, planar distance on lat/lon:
    :func:`metric_warnings`)."""
    out = metric_warnings(charter, roster, firms_path) + place_warnings(roster, firms_path)
    if not any(r.is_local for r in charter.rules):
        return out
    out += narrowed_warnings(charter, roster, firms_path)
    names = {roster.firm_jurisdiction(u) for u in list(roster.firms) + list(roster.hosts)}
    firms = firms_path or source_of(roster) or Msg("the firms file", "名册文件")
    for rule in charter.rules:
        key = "jurisdictions" if rule.jurisdictions else "except_jurisdictions"
        for k, (name, path, line, col) in enumerate(rule.filter_places):
            if name in names:
                continue
            near = next((j for j in sorted(names) if same_place(name, j)), None)
            if near is None:
                continue
            out.append(Problem(path, say("charter.where_unknown", code=rule.code, name=name, near=near, firms=firms),
                               line, col, f"rules[{rule.code}].{key}[{k}]"))
    return out


def narrowed_warnings(charter: Charter, roster: Roster | None = None, firms_path: str | None = None) -> list[Problem]:
    """``jurisdictions:`` on an override of a rule of an extended charter means "only
    there": every other jurisdiction loses the rule (a 3-full-member minimum limited to
    城市001, meant as "4 in 城市001", leaves the other cities with no minimum at all). Warned
    about at the ``jurisdictions:`` line, naming the roster's jurisdictions left without it
    (where the roster is known; else "every other jurisdiction"), unless another rule of the
    same shape (kind and parameters but its bounds' values) holds there."""
    out = []
    for rule in charter.rules:
        if rule.narrowed is None or not rule.jurisdictions:
            continue
        path, line, col, base, was_only, was_except, was_hard = rule.narrowed

        def keeps(r) -> bool:
            """A rule of the narrowed one's shape, as strict as it was (hard where it was hard)."""
            return r is not rule and _shape(r) == _shape(rule) and (r.is_hard or not was_hard)

        def lost(j: str) -> bool:
            held = (not was_only or j in was_only) and j not in was_except
            return held and not rule.applies_in(j) and not any(keeps(r) and r.applies_in(j) for r in charter.rules)

        only = Msg(", ".join(rule.jurisdictions), "、".join(rule.jurisdictions))
        if roster is not None:
            left = [j for j in sorted({roster.firm_jurisdiction(u) for u in (*roster.firms, *roster.hosts)}) if lost(j)]
            if not left:
                continue
            firms = firms_path or source_of(roster) or Msg("the firms file", "名册文件")
            what = say("charter.narrowed_left", places=_listed(left), firms=firms, verb=_are(left))
        elif was_only:
            left = [j for j in was_only if lost(j)]
            if not left:
                continue
            what = say("charter.narrowed_left_rules", places=_listed(left), verb=_are(left))
        else:   # (the roster unknown: every jurisdiction but those named, unless a rule of its shape holds there)
            rest = set(rule.jurisdictions) | set(was_except)
            if any(keeps(r) and not r.jurisdictions and set(r.except_jurisdictions) <= rest for r in charter.rules):
                continue
            what = say("charter.narrowed_left_all")
        out.append(Problem(path, say("charter.where_narrowed", code=rule.code, base=base, only=only, lost=what),
                           line, col, f"rules[{rule.code}].jurisdictions"))
    return out


def _shape(rule) -> tuple:
    """A rule's kind and parameters, its bounds (``min``, ``max``) only as given or not:
    two rules of one shape differ only in where they apply, how far they go and their
    severity (a cap made soft in one city, the same cap kept hard elsewhere by a rule of
    one's own: the rule it replaces must be as strict as the narrowed one was)."""
    params = rule.params.model_dump() if hasattr(rule.params, "model_dump") else {}
    return (rule.kind, *sorted((k, repr(v) if k not in ("min", "max") else v is None) for k, v in params.items()))


def _listed(names: list[str], most: int = 8) -> Msg:
    """'城市002, 城市003' / '城市002、城市003'; past ``most`` names, how many more."""
    en, zh = ", ".join(names[:most]), "、".join(names[:most])
    if len(names) <= most:
        return Msg(en, zh)
    return Msg(f"{en} and {len(names) - most} more", f"{zh}等 {len(names)} 个辖区")


def _are(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"


def warn_narrowed(charter: Charter) -> list[Problem]:
    """Issue :func:`narrowed_warnings` for a charter read without a roster (``rules``)."""
    found = narrowed_warnings(charter)
    for problem in found:
        warnings.warn(CharterWarning(problem), stacklevel=3)
    return found


def place_warnings(roster: Roster, firms_path: str | None = None) -> list[Problem]:
    """Two jurisdictions of the roster that are one name written two ways (:func:`same_place`:
    贵港 and 贵港市, ＧＵＩＧＡＮＧ and guigang): branches never cross a jurisdiction, so a city
    typed two ways is silently planned as two. Each such pair once, with a firm of each."""
    path = firms_path or source_of(roster) or "roster"
    return [Problem(str(path), say("roster.place_twice", a=a, b=b, fa=fa, fb=fb)) for a, b, fa, fb in place_pairs(roster)]


def place_pairs(roster: Roster) -> list[tuple[str, str, str, str]]:
    """(a, b, a unit of a, a unit of b), a < b, for each two jurisdictions of the roster that are
    one name written two ways (:func:`place_warnings`)."""
    first: dict[str, str] = {}
    for u in (*roster.firms, *roster.hosts):
        first.setdefault(roster.firm_jurisdiction(u), u.id)
    if len(first) < 2:
        return []
    by_key: dict[str, list[str]] = {}
    for name in sorted(first):
        by_key.setdefault(_place_key(name), []).append(name)
    pairs = set()
    for key, names in by_key.items():
        alike = names + [n for sfx in SUFFIXES for n in by_key.get(key + sfx, ())]
        pairs.update((a, b) for a in names for b in alike if a < b or (b not in names and a != b))
    return [(a, b, first[a], first[b]) for a, b in sorted({(min(a, b), max(a, b)) for a, b in pairs})]


def metric_warnings(charter: Charter, roster: Roster, firms_path: str | None = None) -> list[Problem]:
    """``metric: haversine`` is great-circle km between lat/lon locations; between planar x/y
    ones it can only be the plain Euclidean distance, in the roster's own units: a rule
    with it, on a roster with planar locations, is warned about at the rule (the plan
    would speak of km that are not). The other way round, ``euclidean`` and
    ``floor_euclidean`` take longitude and latitude as x and y: on a roster with lat/lon
    locations their distances (and a ``max_distance`` limit) are in degrees, not km, and
    the rule is warned about the same way."""
    units = (*roster.firms, *roster.hosts)
    out = []
    for rule in charter.rules:
        metric = getattr(rule.params, "metric", None)
        if metric == "haversine":
            other = next((u for u in units if u.location is not None and not u.location.is_geo), None)
        elif metric in ("euclidean", "floor_euclidean"):
            other = next((u for u in units if u.location is not None and u.location.is_geo), None)
        else:
            continue
        if other is None:
            continue
        firms = firms_path or source_of(roster) or Msg("the firms file", "名册文件")
        if "metric" in rule.param_places:      # (at the metric: line that chose it)
            path, line, col = rule.param_places["metric"]
        else:
            path, _, at = rule.origin.rpartition(":")
            line, col = (int(at) if at.isdigit() else None), None
        if metric == "haversine":
            msg = say("charter.haversine_planar", code=rule.code, firms=firms, firm=other.id)
        else:
            limit = getattr(rule.params, "max", None)
            msg = say("charter.euclidean_geo", code=rule.code, metric=metric, firms=firms, firm=other.id,
                      limit=Msg(f" and its limit (max: {limit:g})", f"及其上限（max: {limit:g}）")
                      if isinstance(limit, (int, float)) else "",
                      floor=Msg("; floor_euclidean rounds them down to whole degrees, so units less than a "
                                "degree apart count as 0 apart",
                                "；floor_euclidean 将其向下取整为整度数，相距不足一度的单位按相距 0 计")
                      if metric == "floor_euclidean" else "")
        out.append(Problem(path, msg, line, col, f"rules[{rule.code}].params.metric"))
    return out


SUFFIXES = ("市", "区", "县", "地区", "州", "盟", "旗", "自治州", "自治县")
_NUMBER = re.compile(r"\d+")


def same_place(a: str, b: str) -> bool:
    """Whether two jurisdiction names are one written differently (see the module's text):
    equal once normalised, or one is the other plus an administrative suffix (广州 /
    广州市); never two different suffixes (长沙县 is not 长沙市)."""
    if a == b:
        return False
    return _near_keys(_place_key(a), _place_key(b))


def _place_key(s: str) -> str:
    s = "".join(unicodedata.normalize("NFKC", s).split()).casefold()
    return _NUMBER.sub(lambda m: str(int(m.group(0))), s)


def _near_keys(na: str, nb: str) -> bool:
    return na == nb or any(na + sfx == nb or nb + sfx == na for sfx in SUFFIXES)


def warn_roster(charter: Charter, roster: Roster, firms_path: str | None = None) -> list[Problem]:
    """Issue :func:`roster_warnings` as CharterWarnings; returns them."""
    found = roster_warnings(charter, roster, firms_path)
    for problem in found:
        warnings.warn(CharterWarning(problem), stacklevel=3)
    return found
