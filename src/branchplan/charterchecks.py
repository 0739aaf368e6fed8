"""Checks of a loaded charter that need all its rules: a kind that may appear once used
twice, jurisdiction filters where they cannot apply, a rule that can only be hard switched
off, no rule placing every member (problems, exit 2), and what is
allowed but likely not meant (warnings: a weight on a hard rule, a soft rule left to the
default priority level in a charter with several: collected into the caller's list, not issued
here). Called by :func:`branchplan.charter.load_charter`."""

from __future__ import annotations

from pathlib import Path

from .charter import Rule, _pos
from .errors import Msg, Problem
from .errtext import say


def warn_default_levels(rules: list[Rule], entries: dict, default: int, warned: list[Problem]) -> None:
    """A soft rule given no priority joins the last level; where the charter has more than
    one level of preferences, which one that is depends on the other rules (moving one rule
    to a new last level takes every such rule with it): warn, so the author chooses."""
    levels = sorted({r.priority for r in rules if not r.is_hard and r.kind not in ("fallback", "stability")})
    if len(levels) < 2:
        return
    for r in rules:
        merged, _, (path_s, text, loc) = entries[r.code]
        if r.is_hard or r.kind in ("fallback", "stability") or merged.get("priority") is not None:
            continue
        line, col = _pos(text, loc)
        others = _both(str(p) for p in levels if p != default)
        where = Problem(path_s, say("charter.default_level", code=r.code, level=default, others=others),
                        line, col, f"rules[{r.code}].priority")
        warned.append(where)


def warn_placeholders(rules: list[Rule], notes, warned: list[Problem]) -> None:
    """A ``{name}`` in a title or description that is no placeholder of the rule (a misspelt
    parameter, ``{maxx}``), or a parameter the rule does not set (``{max}`` on a rule with
    only a ``min``), is printed as written: warn, naming it."""
    from .charter import _FIELD
    from .errtext import hint
    from .rules import KINDS

    for r in rules:
        kind = KINDS[r.kind]
        values = r.params.model_dump()
        known = [*values, "weight", "priority", "order", *getattr(kind, "CHARTER_WORDS", ()),
                 *(kind.words(r.params) if hasattr(kind, "words") else {})]
        unset_by_override: dict[str, list[str]] = {}
        for key in ("title", "description"):
            text = getattr(r, key)
            unknown = dict.fromkeys(m.group(1) for t in (text.en, text.zh) for m in _FIELD.finditer(t)
                                    if m.group(1) not in known)
            unset = dict.fromkeys(m.group(1) for t in (text.en, text.zh) for m in _FIELD.finditer(t)
                                  if m.group(1) in values and values[m.group(1)] is None)
            if not unknown and not unset:
                continue
            path, line, col = _given_at(notes, r.code, key)
            for name in unset:   # ({max} on a rule with only a min: printed as written)
                at = notes.given_at.get((r.code, f"params.{name}"))
                if at is not None and at[0] != path:
                    # (unset by an override of a text written elsewhere: said at the override)
                    unset_by_override.setdefault(name, []).append(key)
                    continue
                warned.append(Problem(path, say("charter.placeholder_unset", code=r.code, key=key, name=name),
                                      line, col, f"rules[{r.code}].{key}"))
            for name in unknown:
                where = Problem(path, say("charter.unknown_placeholder", code=r.code, key=key, name=name,
                                          hint=hint(name, known), known=", ".join(known)),
                                line, col, f"rules[{r.code}].{key}")
                warned.append(where)
        for name, keys in unset_by_override.items():
            path, line, col = notes.given_at[(r.code, f"params.{name}")]
            texts = Msg("title and description", "标题和说明") if len(keys) == 2 else \
                Msg(keys[0], "标题" if keys[0] == "title" else "说明")
            warned.append(Problem(path, say("charter.placeholder_unset_here", code=r.code, texts=texts, name=name,
                                            verb="name" if len(keys) == 2 else "names"),
                                  line, col, f"rules[{r.code}].params.{name}"))


def warn_switched_off(disabled: list[str], notes, warned: list[Problem]) -> None:
    """An entry that changes a rule switched off in a file it extends (a weight, params...)
    without ``enabled: true`` leaves it off: its changes have no effect. Warn at the entry's
    first changed key, saying where the rule was switched off."""
    for code in disabled:
        found = notes.off_overrides.get(code)
        if found is None:
            continue
        path, line, col, keys, off = found
        warned.append(Problem(path, say("charter.override_off", code=code, keys=_both(keys), off=off),
                              line, col, f"rules[{code}].{keys[0]}"))


def warn_text_stale(rules: list[Rule], notes, warned: list[Problem]) -> None:
    """An override that changes parameters its inherited title and description do not
    follow (``status`` of BP-MIN-FULL: its texts still speak of full members) leaves them
    saying something else than the rule does: warn at the first such parameter, asking for a
    title and description of one's own."""
    for r in rules:
        path, line, col, names, base = notes.text_stale[r.code]
        warned.append(Problem(path, say("charter.text_stale", code=r.code, params=_both(names), base=base),
                              line, col, f"rules[{r.code}].params.{names[0]}"))


def _both(items) -> Msg:
    """Codes, names or keys listed as each language lists them: 'A, B' / 'A、B'."""
    items = list(items)
    return Msg(", ".join(items), "、".join(items))


def _given_at(notes, code: str, key: str) -> tuple:
    """(path, line, column) of the last entry that gave the rule's ``key``, else of its code."""
    return notes.given_at.get((code, key)) or notes.given_at[(code, "code")]


def warn_weights(rules: list[Rule], on_hard: list[tuple], warned: list[Problem]) -> None:
    """A ``weight:`` or ``priority:`` given on a rule that stays hard has no effect: warn (a
    later file, or an edit, may still make the rule soft, and the value is kept for then)."""
    from .rules import KINDS

    hard = {r.code: r for r in rules if r.is_hard}
    for code, path, line, col, field in on_hard:
        rule = hard.get(code)
        if rule is None:
            continue
        soft_ok = "soft" in KINDS[rule.kind].SEVERITIES
        key = f"charter.{field}_on_hard" if soft_ok else f"charter.{field}_always_hard"
        where = Problem(path, say(key, code=code, kind=rule.kind), line, col, f"rules[{code}].{field}")
        warned.append(where)


def warn_lone_weights(rules: list[Rule], notes, warned: list[Problem]) -> None:
    """A soft rule alone at its priority level is minimised on its own: its weight scales its
    points but cannot change which plan is chosen. Warned about at a ``weight:`` given in a
    rules file of one's own (not a shipped charter's), naming a level it could share."""
    from .charter import shipped_charters

    shipped = {str(p.resolve()) for p in shipped_charters().values()}
    soft = [r for r in rules if not r.is_hard and r.milli_weight > 0]
    for r in soft:
        at = notes.given_at.get((r.code, "weight"))
        if at is None or str(Path(at[0]).resolve()) in shipped:
            continue
        if any(o is not r and o.priority == r.priority for o in soft):
            continue
        levels = [o.priority for o in soft if o is not r]
        if not levels:
            continue
        shared = max(set(levels), key=lambda p: (levels.count(p), p))
        warned.append(Problem(at[0], say("charter.weight_alone", code=r.code, priority=r.priority, other=shared,
                                         codes=_both(o.code for o in soft if o.priority == shared)),
                              at[1], at[2], f"rules[{r.code}].weight"))


def zero_weight_problems(rules: list[Rule], notes) -> list[Problem]:
    """``weight: 0`` on a hard rule made soft: breaking it would be free, so the rule would
    be gone in all but name (as without a weight, see ``charter.soft_needs_weight``)."""
    out = []
    for r in rules:
        if r.is_hard or r.milli_weight != 0 or r.code not in notes.softened:
            continue
        path, line, col = _given_at(notes, r.code, "weight")
        out.append(Problem(path, say("charter.soft_weight_zero", code=r.code, base=notes.softened[r.code],
                                     weight=_weight_words(r.weight)), line, col, f"rules[{r.code}].weight"))
    return out


def _weight_words(weight: float) -> Msg:
    """"weight 0", or for a weight that rounds to 0, what it is and that it does."""
    if weight == 0:
        return Msg("weight 0", "权重为 0")
    return Msg(f"weight {weight:g}, which counts as 0 (weights count in thousandths of a point)",
               f"权重 {weight:g}，按 0 计（权重以千分之一分为单位）")


def warn_zero_weights(rules: list[Rule], notes, warned: list[Problem]) -> None:
    """``weight: 0`` (or one under 0.0005, which rounds to it) on any other soft rule:
    allowed, but the rule then has no effect."""
    for r in rules:
        if r.is_hard or r.milli_weight != 0 or r.code in notes.softened:
            continue
        path, line, col = _given_at(notes, r.code, "weight")
        where = Problem(path, say("charter.weight_zero", code=r.code, weight=_weight_words(r.weight)), line, col,
                        f"rules[{r.code}].weight")
        warned.append(where)


def name_problems(rules: list[Rule], notes, files: list[str]) -> list[Problem]:
    """Rule names must tell rules apart as codes do (``rules show NAME`` finds a rule by
    either): a name given twice, or that is another rule's code, is refused, once per pair
    of rules, where the clash was written last: at ``name:`` (a name given), or at ``code:``
    of a rule named by its code (``MEMBER-KM``, named member-km as BP-DISTANCE is)."""
    order = {f: k for k, f in enumerate(files)}

    def written(r: Rule) -> tuple:
        at = notes.given_at.get((r.code, "name")) or notes.given_at.get((r.code, "code"))
        return (order.get(at[0], -1), at[1] or 0) if at else (-1, 0)

    out = []
    seen: dict[str, Rule] = {}
    codes = {r.code: r for r in rules}
    said: set[frozenset] = set()
    for r in rules:
        other = seen.get(r.name)
        clash = codes.get(r.name.upper())
        if clash is r:
            clash = None
        seen.setdefault(r.name, r)
        for rival in (other, clash):
            if rival is None or frozenset((r.code, rival.code)) in said:
                continue
            said.add(frozenset((r.code, rival.code)))
            late, early = (r, rival) if written(r) >= written(rival) else (rival, r)
            named = notes.given_at.get((late.code, "name"))
            if named is None:   # named by its code: the code is what clashes
                at = notes.given_at.get((late.code, "code"))
                there = notes.given_at.get((early.code, "name")) or notes.given_at.get((early.code, "code"))
                out.append(Problem(at[0], say("charter.code_is_name", code=late.code, name=late.name, other=early.code,
                                              where=_where(there, notes)), at[1], at[2], f"rules[{late.code}].code"))
                continue
            key = "charter.name_twice" if late.name == early.name else "charter.name_is_code"
            out.append(Problem(named[0], say(key, code=late.code, name=late.name, other=early.code),
                               named[1], named[2], f"rules[{late.code}].name"))
    return out


def _where(at: tuple | None, notes) -> str:
    """A shipped charter by its name (its file is not the user's to edit), else file:line."""
    from .charter import shipped_charters

    if at is None:
        return ""
    shipped = {str(p.resolve()): name for name, p in shipped_charters().items()}
    return shipped.get(str(Path(at[0]).resolve())) or f"{at[0]}:{at[1]}"


def singleton_problems(rules: list[Rule], entries) -> list[Problem]:
    from .rules import KINDS

    by_kind: dict[str, list[Rule]] = {}
    for r in rules:
        by_kind.setdefault(r.kind, []).append(r)
    out = []
    for kind_name, rs in by_kind.items():
        if getattr(KINDS[kind_name], "SINGLETON", False) and len(rs) > 1:
            path_s, text, loc = entries[rs[1].code][2]
            line, col = _pos(text, loc)
            out.append(Problem(path_s, say("charter.singleton", kind=kind_name, codes=", ".join(r.code for r in rs)),
                               line, col))
    return out


def _place(rule: Rule, name: str) -> tuple:
    """(path, line, column) where the rule's parameter ``name`` was last given, else its entry."""
    if name in rule.param_places:
        return rule.param_places[name]
    path, _, at = rule.origin.rpartition(":")
    return path, (int(at) if at.isdigit() else None), None


def _latest(files: list[str], *places: tuple) -> tuple:
    """Of (rule, parameter) pairs, the one given in the file read last (the one most likely
    just edited); the first on a tie."""
    order = {f: k for k, f in enumerate(files)}
    return max(places, key=lambda rp: order.get(_place(*rp)[0], -1))


def _meet(a: Rule, b: Rule) -> bool:
    """Whether two rules hold together in some jurisdiction (their filters overlap)."""
    if a.jurisdictions and b.jurisdictions and not set(a.jurisdictions) & set(b.jurisdictions):
        return False
    return not (a.jurisdictions and set(a.jurisdictions) <= set(b.except_jurisdictions)
                or b.jurisdictions and set(b.jurisdictions) <= set(a.except_jurisdictions))


def _full_minimums(rules: list[Rule], applies: str) -> list[Rule]:
    """Hard branch_aggregate rules requiring at least N full members (any standing) of the
    branches of kind ``applies``."""
    return [r for r in rules if r.kind == "branch_aggregate" and r.is_hard and r.params.min is not None
            and r.params.count == "members" and r.params.status == "full" and applies in r.params.applies_to]


def bound_problems(rules: list[Rule], files: list[str]) -> list[Problem]:
    """Bounds of hard ``branch_aggregate`` rules that no branch they apply to can meet
    (refused, exit 2, like ``min`` above ``max`` within one rule): a cap of fewer than 2 firms
    on joint branches (a joint branch has two or more units); a cap below another rule's
    minimum of what it counts (members or firms), on branches of a kind both apply to; and a cap
    on the firms of a joint branch too low for a minimum of full members, since each of its
    firms has fewer full members than own_branch's ``min_full`` (only where no small firm may
    fall back to a standalone firm's branch, which is then a joint branch of more)."""
    aggregates = [r for r in rules if r.kind == "branch_aggregate" and r.is_hard]
    own = next((r for r in rules if r.kind == "own_branch"), None)
    # (a firm of own_branch's size with small firms placed with it is a joint branch too: where
    # the fallback rule allows that, a joint branch may hold more full members than its count)
    fallback = next((r for r in rules if r.kind == "fallback"), None)
    standalone_fallback = fallback is not None and fallback.params.allow_standalone
    out = []
    for hi in aggregates:
        p = hi.params
        if p.max is None:
            continue
        if p.count == "firms" and p.director_is_member is None and "joint" in p.applies_to and p.max < 2:
            path, line, col = _place(hi, "max")
            out.append(Problem(path, say("charter.joint_one_firm", code=hi.code, max=_counted(p, p.max)), line, col,
                               f"rules[{hi.code}].params.max"))
            continue
        for lo in aggregates:
            q = lo.params
            if lo is hi or q.min is None or not _meet(lo, hi):
                continue
            shared = [k for k in p.applies_to if k in q.applies_to]
            if not shared:
                continue
            if p.max < q.min and _counts_within(q, p):
                rule, name = _latest(files, (hi, "max"), (lo, "min"))
                path, line, col = _place(rule, name)
                out.append(Problem(path, say("charter.cap_below_min", hi=hi.code, max=_counted(p, p.max), lo=lo.code,
                                             min=_counted(q, q.min),
                                             branches=_kinds_words(shared)),
                                   line, col, f"rules[{rule.code}].params.{name}"))
            elif (own is not None and not standalone_fallback and p.count == "firms" and p.director_is_member is None
                  and "joint" in shared
                  and q.count == "members" and q.status == "full"
                  and p.max * (own.params.min_full - 1) < q.min):
                rule, name = _latest(files, (hi, "max"), (lo, "min"), (own, "min_full"))
                path, line, col = _place(rule, name)
                out.append(Problem(path, say("charter.firm_cap_below_min", hi=hi.code, max=_counted(p, p.max),
                                             lo=lo.code, min=q.min, own=own.code, min_full=own.params.min_full,
                                             most=p.max * (own.params.min_full - 1)),
                                   line, col, f"rules[{rule.code}].params.{name}"))
    return out


def _counts_within(q, p) -> bool:
    """Whether what ``q`` counts in a branch is always counted by ``p`` too (the same
    ``count``, and ``p``'s filters no narrower than ``q``'s)."""
    if p.count != q.count:
        return False
    if p.count == "firms":
        return p.director_is_member in (None, q.director_is_member)
    return p.status in (None, q.status) and (p.min_standing_years is None
                                               or (q.min_standing_years or 0) >= p.min_standing_years)


def _counted(p, n: int) -> Msg:
    """"3 full members" / "3 名正式党员", "1 firm" / "1 个单位": n of what a rule counts."""
    from .rules.aggregate import noun

    en, zh = noun(p, n)
    return Msg(f"{n} {en}", f"{n} {zh}")


def _kinds_words(kinds: list[str]) -> Msg:
    en = {"standalone": "standalone", "joint": "joint", "host": "host"}
    zh = {"standalone": "单独", "joint": "联合", "host": "托管"}
    return Msg(" or ".join(en[k] for k in kinds) + " branch", "或".join(zh[k] for k in kinds) + "党支部")


def warn_own_branch(rules: list[Rule], files: list[str], warned: list[Problem]) -> None:
    """own_branch's ``min_full`` below a hard minimum of full members on standalone branches:
    a firm with ``min_full`` full members must lead a branch of its own, which that minimum
    forbids unless small firms are placed with it (a fallback). Allowed (a fallback may make
    it hold), but likely not meant: warn, at whichever of the two was given last."""
    own = next((r for r in rules if r.kind == "own_branch"), None)
    if own is None:
        return
    for lo in _full_minimums(rules, "standalone"):
        if lo.params.min_standing_years is not None or own.params.min_full >= lo.params.min:
            continue
        rule, name = _latest(files, (own, "min_full"), (lo, "min"))
        path, line, col = _place(rule, name)
        # (the one edited last is what the advice is about: min_full lowered, or the minimum raised)
        key = "charter.own_below_min" if rule is own else "charter.min_above_own"
        warned.append(Problem(path, say(key, own=own.code, min_full=own.params.min_full,
                                        lo=lo.code, min=lo.params.min),
                              line, col, f"rules[{rule.code}].params.{name}"))


#: Kinds that shape every jurisdiction's plan (who is placed, who stands alone, where a
#: branch may be, who may fall back, what a re-plan keeps): they hold everywhere.
EVERYWHERE_KINDS = ("assignment", "own_branch", "jurisdiction", "fallback", "stability")


def filter_problems(rules: list[Rule], entries, notes=None) -> list[Problem]:
    """``jurisdictions`` / ``except_jurisdictions``: not both on one rule, not on a kind
    that holds everywhere, and only where branches stay within one jurisdiction."""
    out = []
    split = any(r.kind == "jurisdiction" for r in rules)
    for r in rules:
        if not r.is_local:
            continue
        path_s, text, loc = entries[r.code][2]
        key = "except_jurisdictions" if r.except_jurisdictions else "jurisdictions"
        given = notes.given_at.get((r.code, key)) if notes is not None else None
        path_s, line, col = given or (path_s, *_pos(text, loc + (key,)))   # (where the filter is written)
        if r.jurisdictions and r.except_jurisdictions:
            msg = say("charter.where_both", code=r.code)
        elif r.kind in EVERYWHERE_KINDS:
            msg = say("charter.where_everywhere", code=r.code, kind=r.kind)
        elif not split:
            msg = say("charter.where_unsplit", code=r.code, key=key)
        else:
            continue
        out.append(Problem(path_s, msg, line, col, f"rules[{r.code}].{key}"))
    return out


def switch_off_problems(code: str, kind_name: str, where) -> list[Problem]:
    """``enabled: false`` on a rule whose kind can only be hard (every member in one branch,
    a qualifying firm's own branch, branches within a jurisdiction: what ``rules show``
    calls "not negotiable", :func:`branchplan.solver.explain.negotiability` 2): refused,
    since the plan would then break the charter it claims to follow."""
    from .rules import KINDS

    kind = KINDS.get(kind_name)
    if kind is None or "soft" in kind.SEVERITIES:
        return []
    path_s, text, loc = where
    line, col = _pos(text, loc + ("enabled",))
    return [Problem(path_s, say("charter.disable_always_hard", code=code, kind=kind_name), line, col,
                    f"rules[{code}].enabled")]


def assignment_problems(entries: dict, path, max_bytes: int | None) -> list[Problem]:
    """A charter must have a rule of kind ``assignment``: without one the solver is free to
    leave members in no branch (a rules file without ``extends:``, or ``rules: []``).
    Reported at the top file's ``extends:`` (or ``rules:``) line; an assignment rule that is
    there but refused or switched off is reported where it is written instead."""
    from .charter import DEFAULT_CHARTER
    from .loader import load_document, locate_key

    if any(merged.get("kind") == "assignment" for merged, _, _ in entries.values()):
        return []
    from .charter import shipped_limit

    data, text = load_document(path, shipped_limit(Path(path), max_bytes))
    key = "extends" if isinstance(data, dict) and data.get("extends") else "rules"
    line, col = locate_key(text, (key,)) if isinstance(data, dict) and key in data else (1, 1)
    return [Problem(str(path), say("charter.no_assignment", default=DEFAULT_CHARTER), line, col,
                    key if isinstance(data, dict) and key in data else None)]
