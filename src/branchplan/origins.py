"""Which branch each member of this roster was in: the one definition of "members moved".

A member *moves* when the branch they are in changes. Their branch before is the old
plan's branch of the firm they were in then; their branch now is their firm's branch in
the new plan. Every count of moved members uses this module, so they agree:

- ``branchplan diff`` and ``check --base`` (the change list, ``--max-moves``);
- ``solve --current`` (the stability rule's charge and the ``--max-moves`` cap in the
  CP-SAT model, :mod:`branchplan.solver.continuity`, and its evaluator).

The firm a member was in is taken from the old plan's firms file when it is given
(``--old-firms`` / ``--base-firms``): a member who changed firm since is then followed,
and moves unless the new firm is in the branch the member was in (a decision of the
re-plan). Without it every member is taken to have been in the firm they are in now.
Members new to the roster (or whose firm was in no branch) had no branch and never move.
A counts-form firm's members (no ids) are counted with the firm: its old-plan branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .errors import Problem
    from .model import Roster
    from .plan import Plan


def natural(s: str | None) -> tuple:
    """Sort key: digit runs compare as numbers (B2 < B10, full-width and other decimal
    digits too); None sorts first. Signs that are digits but not decimal ones (², ①) are
    text: ``int`` does not read them."""
    if s is None:
        return ()
    return tuple((0, int(t), "") if t.isdecimal() else (1, 0, t) for t in re.findall(r"\d+|\D+", s))


@dataclass(frozen=True)
class Origin:
    """Members of ``firm`` (this roster) who were in old branch ``branch``."""

    firm: str
    branch: str
    count: int
    #: their ids (empty for a counts-form firm)
    members: tuple[str, ...] = ()


def plan_hosts(old: Plan, roster: Roster, old_roster: Roster | None = None) -> set[str]:
    """Host organisations: of either roster, or (a host that left the roster, no old roster
    given) the lead of a branch the old plan itself records as placed with a host."""
    before = old_roster or roster
    return (set(roster.host_by_id) | set(before.host_by_id)
            | {b.lead for b in old.branches if b.kind == "host" and b.lead not in roster.firm_by_id})


def places(plan: Plan, skip: set[str]) -> dict[str, str]:
    """Firm id -> id of the first branch listing it (a firm listed twice is the check's
    business, not the diff's)."""
    out: dict[str, str] = {}
    for b in plan.branches:
        for f in b.firms:
            if f not in skip:
                out.setdefault(f, b.id)
    return out


def origins(old: Plan, roster: Roster, old_roster: Roster | None = None) -> dict[str, list[Origin]]:
    """Firm id of this roster -> where its members were in ``old``, one entry per old branch
    (in the old branches' natural order). Firms none of whose members had a branch are left out."""
    was = places(old, plan_hosts(old, roster, old_roster))
    old_firm_of = {m.id: f.id for f in (old_roster or roster).firms for m in (f.member_list or ())}
    out: dict[str, list[Origin]] = {}
    for f in sorted(roster.firms, key=lambda f: natural(f.id)):
        if f.member_list is None:
            if f.id in was and f.size:
                out[f.id] = [Origin(f.id, was[f.id], f.size)]
            continue
        by_branch: dict[str, list[str]] = {}
        for m in f.member_list:
            old_firm = old_firm_of.get(m.id)
            frm = was.get(old_firm) if old_firm is not None else None
            if frm is not None:
                by_branch.setdefault(frm, []).append(m.id)
        if by_branch:
            out[f.id] = [Origin(f.id, b, len(ms), tuple(ms)) for b, ms in sorted(by_branch.items(),
                                                                                 key=lambda kv: natural(kv[0]))]
    return out


def counted(old: Plan, roster: Roster, old_roster: Roster | None = None) -> dict[str, dict[str, int]]:
    """Firm id -> {old branch id: members}: what the stability rule and the cap count."""
    return {fid: {o.branch: o.count for o in os} for fid, os in origins(old, roster, old_roster).items()}


# ------------------------------------------------------------------ renamed firms

@dataclass(frozen=True)
class Rename:
    """A firm of the old plan that goes on under another id (``old`` is now ``new``, in
    old branch ``branch``)."""

    old: str
    new: str
    branch: str


def renames(old: Plan, roster: Roster, old_roster: Roster | None) -> list[Rename]:
    """The firms of ``old`` that were renamed since, followed by member id (so only with the
    old firms file): a firm the old plan lists that is gone from ``roster`` is now firm Y when

    - it had members (a member list) in ``old_roster``, and every one of them still in the
      roster (at least one) is in Y now;
    - Y is new: not in ``old_roster``, and not listed in ``old``;
    - none of Y's members was in another firm of ``old_roster`` (a firm renamed and merged
      with another is not a rename; nor is one of two old firms whose members all went to
      the same new firm).

    Members who are new to the roster may have joined Y. Each Y continues one old firm at
    most. In the old firms' natural order."""
    if old_roster is None or old_roster is roster:
        return []
    listed = {f for b in old.branches for f in b.firms} | {b.lead for b in old.branches}
    was = places(old, plan_hosts(old, roster, old_roster))
    firm_now = {m.id: f.id for f in roster.firms for m in (f.member_list or ())}
    firm_then = {m.id: f.id for f in old_roster.firms for m in (f.member_list or ())}
    out: list[Rename] = []
    for fid in sorted(was, key=natural):
        before = old_roster.firm_by_id.get(fid)
        if fid in roster.firm_by_id or fid in roster.host_by_id or before is None or not before.member_list:
            continue
        # (members who left the roster altogether, 转出 or deceased, do not veto it)
        now = {firm_now[m.id] for m in before.member_list if m.id in firm_now}
        if len(now) != 1:
            continue
        new = now.pop()
        if new in old_roster.firm_by_id or new in old_roster.host_by_id or new in listed:
            continue
        if all(firm_then.get(m.id, fid) == fid for m in roster.firm_by_id[new].member_list or ()):
            out.append(Rename(fid, new, was[fid]))
    return out


def with_renames(old: Plan, old_roster: Roster, found: list[Rename]) -> tuple[Plan, Roster]:
    """``old`` and its firms file with each renamed firm under its new id (as a lead too):
    the plan and firms file that the renamed firms would have made."""
    from .loader import remember_source, source_of

    if not found:
        return old, old_roster
    to = {r.old: r.new for r in found}
    plan = old.model_copy(update={"branches": [
        b.model_copy(update={"lead": to.get(b.lead, b.lead), "firms": [to.get(f, f) for f in b.firms]})
        for b in old.branches]})
    before = old_roster.model_copy(update={"firms": [f.model_copy(update={"id": to[f.id]}) if f.id in to else f
                                                     for f in old_roster.firms]})
    for copy, orig in ((plan, old), (before, old_roster)):
        if source_of(orig) is not None:
            remember_source(copy, source_of(orig))
    return plan, before


# ------------------------------------------------------------------ ids that carry over

#: Old members of firms still in the roster: refuse when at least this many are missing
#: from the new firms file and none is in it.
ABSENT_MIN = 3


def _same_name(a: str, b: str) -> bool:
    import unicodedata

    def norm(s: str) -> str:   # letters only, any case: 阿依古丽·买买提 is 阿依古丽•买买提, ZHANG San is Zhang San
        return "".join(c for c in unicodedata.normalize("NFKC", s).casefold()
                       if not unicodedata.category(c).startswith(("P", "Z", "S")))

    return norm(a) == norm(b)


def id_mismatch(roster: Roster, old_roster: Roster) -> tuple[list[tuple[str, str, str]], list[str], int]:
    """Signs that member ids do not carry over from ``old_roster`` to ``roster`` (members are
    followed by id): ``(renamed, absent, kept)``. ``renamed``: (id, old name, new name) for
    ids in both files whose names differ (both named); ``absent``: ids of old members of
    firms still in the roster with members that the new file lacks; ``kept``: how many such
    members the new file has."""
    new_members = {m.id: m for f in roster.firms for m in (f.member_list or ())}
    renamed: list[tuple[str, str, str]] = []
    absent: list[str] = []
    kept = 0
    for f in old_roster.firms:
        for m in f.member_list or ():
            n = new_members.get(m.id)
            if n is not None and m.name and n.name and not _same_name(m.name, n.name):
                renamed.append((m.id, m.name, n.name))
            # (a firm left without members says nothing of the ids: its members left)
            if f.id in roster.firm_by_id and roster.firm_by_id[f.id].member_list:
                if n is None:
                    absent.append(m.id)
                else:
                    kept += 1
    key = lambda s: natural(s[0] if isinstance(s, tuple) else s)  # noqa: E731
    return sorted(renamed, key=key), sorted(absent, key=key), kept


_ROW_ID = re.compile(r"R\d+")


def _row_numbered_unnamed(roster: Roster) -> bool:
    """Every member id is an import's row number (``R`` + digits) and no member has a name:
    nothing can tell whether an id still names the same person."""
    members = [m for f in roster.firms for m in (f.member_list or ())]
    return bool(members) and all(_ROW_ID.fullmatch(m.id) and not m.name for m in members)


def require_ids(roster: Roster, old_roster: Roster) -> None:
    """:func:`require_same_ids` for rosters given to the library: named by the file (or
    ``source``) they were read from, else by the parameters ``roster`` / ``old_roster``."""
    from .roster import roster_source

    if old_roster is roster:
        return
    require_same_ids(roster, old_roster, roster_source(roster, "roster"), roster_source(old_roster, "old_roster"))


def require_same_ids(roster: Roster, old_roster: Roster, new_path: str, old_path: str) -> None:
    """Refuse (InputError, exit 2) an old firms file whose member ids do not name the same
    people as the new one's: the members moved would be wrong, silently.

    - any id in both files under two different names (both named): ids made from row
      numbers shift when a row is added or deleted, so one such id already means members
      are matched to the wrong people (a member who really changed name: correct the old file);
    - of the old members of firms still in the roster with members (member lists), at least
      :data:`ABSENT_MIN` absent from the new file and not one present: ids made under
      another ``--id-key`` (or another import) share no id, while a year's real departures
      leave most members of firms that carry on in place (a small firm may lose most of
      its members: one member kept under the same id and name is enough).
    """
    from .errors import InputError, Msg, Problem
    from .i18n import plural

    renamed, absent, kept = id_mismatch(roster, old_roster)
    fix_en = ("member ids must stay the same across years: import both rosters with a 党员编号 "
              "(member number) column, or from the ID numbers with the same --id-key")
    fix_zh = "党员编号须跨年份保持一致：两年的名册都增加“党员编号”列后导入，或以身份证号导入并使用相同的 --id-key"
    if renamed:  # ids only: this message reaches CI logs, which travel further than rosters
        ex = ", ".join(i for i, _, _ in renamed[:3])
        ex_zh = "、".join(i for i, _, _ in renamed[:3])
        more = len(renamed) - 3
        verb = "names" if len(renamed) == 1 else "name"
        msg = Msg(f"{plural(len(renamed), 'member id')} {verb} different people in {old_path} and {new_path} "
                  f"({ex}{f'; and {more} more' if more > 0 else ''}), so members cannot be followed "
                  f"between the two files; {fix_en} (a member who changed name: correct the old file)",
                  f"{len(renamed)} 个党员编号在 {old_path} 与 {new_path} 中对应不同的人（{ex_zh}"
                  f"{f'；另有 {more} 个' if more > 0 else ''}），无法在两份文件间跟踪党员；{fix_zh}"
                  "（党员确已改名的，请更正旧文件中的姓名）")
        raise InputError([Problem(old_path, msg)])
    if _row_numbered_unnamed(old_roster) and _row_numbered_unnamed(roster):
        msg = Msg(f"the member ids of {old_path} and {new_path} are row numbers (R2, R3, ...) and the files "
                  "give no names: a row added or deleted shifts every id after it, so members cannot be "
                  f"followed between the two files; {fix_en} (or re-plan without the old firms file)",
                  f"{old_path} 与 {new_path} 的党员编号都是行号（R2、R3……），且没有姓名：增删一行就会使其后的编号"
                  f"全部错位，无法在两份文件间跟踪党员；{fix_zh}（或不提供旧名册文件进行调整）")
        raise InputError([Problem(old_path, msg)])
    if len(absent) >= ABSENT_MIN and kept == 0:
        _refuse_absent(absent, kept, new_path, old_path, fix_en, fix_zh)
    _warn_new_ids(roster, old_roster, new_path, old_path)


def _warn_new_ids(roster: Roster, old_roster: Roster, new_path: str, old_path: str) -> None:
    """A warning for each member new to ``roster`` (by id) whose name and joining date are
    those of a member of ``old_roster`` who is not in it: the same person under a new id
    reads as one member leaving and another joining, and their move is not counted. Ids
    and firms are named, never names."""
    import warnings

    from .errors import InputWarning, Problem
    from .errtext import say
    from .loader import id_shown
    from .names import folded, masked, roster_names

    def members(r: Roster) -> dict[str, tuple[str, object]]:
        return {m.id: (f.id, m) for f in r.firms for m in (f.member_list or ())}

    def key(m) -> tuple | None:
        return ((folded(m.name), m.joined) if m.name and m.joined is not None and folded(m.name)
                and not masked(m.name) else None)

    names = roster_names(roster).union(roster_names(old_roster))    # (an id that holds a name is not quoted)
    new, old = members(roster), members(old_roster)
    left: dict[tuple, tuple[str, str]] = {}
    for mid, (firm, m) in old.items():
        if mid not in new and (k := key(m)) is not None:
            left.setdefault(k, (mid, firm))
    found = [(mid, firm, *left[k]) for mid, (firm, m) in new.items()
             if mid not in old and (k := key(m)) is not None and k in left]
    for mid, firm, gone, gone_firm in found[:NEW_IDS_SHOWN]:
        shown = {k: id_shown(v, names, k in ("mid", "gone"))
                 for k, v in (("mid", mid), ("firm", firm), ("gone", gone), ("gone_firm", gone_firm))}
        warnings.warn(InputWarning(Problem(new_path, say("ids.new_for_old", old=old_path, **shown))), stacklevel=3)
    if len(found) > NEW_IDS_SHOWN:
        warnings.warn(InputWarning(Problem(new_path, say("ids.new_for_old_more", n=len(found) - NEW_IDS_SHOWN,
                                                         old=old_path))), stacklevel=3)


#: at most this many new ids named in warnings of one person under a new id (then a count)
NEW_IDS_SHOWN = 5


def _refuse_absent(absent: list[str], kept: int, new_path: str, old_path: str, fix_en: str, fix_zh: str) -> None:
    """Refuse an old firms file most of whose members in firms still listed are absent (by id)."""
    from .errors import InputError, Msg, Problem

    ex = ", ".join(absent[:3])
    total = len(absent) + kept
    msg = Msg(f"{len(absent)} of the {total} members of {old_path} in firms still in {new_path} have ids "
              f"that {new_path} lacks (such as {ex}): the two files do not use the same member ids, so "
              f"members cannot be followed between them; {fix_en}",
              f"{old_path} 中仍在 {new_path} 所列单位的 {total} 名党员里，有 {len(absent)} 名的编号不在 "
              f"{new_path} 中（如 {ex}）：两份文件的党员编号不一致，无法在两份文件间跟踪党员；{fix_zh}")
    raise InputError([Problem(old_path, msg)])


#: characters typed for one another in an id: the letters O and I/l for the digits 0 and 1
_LOOKALIKE = str.maketrans({"o": "0", "i": "1", "l": "1"})


def _id_shape(fid: str) -> str:
    """An id as a typo leaves it alike: case and width folded, O/I/l read as 0/1,
    separators left out, and leading zeros of each run of digits dropped (F085 ~ F0085)."""
    from .model import id_key

    text = re.sub(r"[-_./\s]", "", id_key(fid).lower().translate(_LOOKALIKE))
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


def typo_for(ref: str, candidates) -> str | None:
    """The one id among ``candidates`` (the roster's firms a plan does not place) that
    ``ref`` (an id the roster lacks) is a typo for: the only one of the same
    :func:`_id_shape` (a dropped or added leading zero, O for 0, I or l for 1, a separator,
    case or width); None when there is none or more than one. (Not ids one character apart:
    ids given out in sequence are, a closed firm's and the next new one's.)"""
    shape = _id_shape(ref)
    same = [c for c in candidates if _id_shape(c) == shape]
    return same[0] if len(same) == 1 else None


def plan_roster_mismatch(plan: "Plan", roster: "Roster", plan_path: str, firms_path: str) -> "Problem | None":
    """A warning when ``roster`` does not look like the firms file ``plan`` was made for
    (an ``--old-firms`` / ``--base-firms`` of another year): the plan leaves some of its
    firms with members in no branch, or lists firms it does not have. A plan made for a roster
    places every firm with members and names no other (``solve`` writes it so, and
    ``check`` fails a plan that does not), whatever ``--as-of`` it was made on; the dates
    are only named in the warning when they differ too. None when the two fit."""
    from .errors import Msg, Problem
    from .errtext import say
    from .i18n import plural
    from .loader import NOT_SHOWN
    from .names import holds_a_name, names_read, roster_names

    listed = {f for b in plan.branches for f in b.firms} | {b.lead for b in plan.branches if b.lead}
    known = set(roster.firm_by_id) | set(roster.host_by_id)
    unknown = sorted((listed | set(plan.unassigned_firms)) - known, key=natural)
    unplaced = sorted((f.id for f in roster.firms if f.size > 0 and f.id not in listed), key=natural)
    if not unknown and not unplaced:
        return None
    typos = {ref: meant for ref in unknown if (meant := typo_for(ref, unplaced)) is not None}
    if typos and len(set(typos.values())) == len(typos) == len(unknown) == len(unplaced):
        # (each id the roster lacks is a typo for one it has that the plan does not place)
        pairs = sorted(typos.items(), key=lambda kv: natural(kv[0]))
        return Problem(plan_path, say("mismatch.typos", plan=plan_path, firms=firms_path,
                                      pairs=Msg(", ".join(f"{a} for {b}" for a, b in pairs),
                                                "、".join(f"{a}（应为 {b}）" for a, b in pairs))))

    names = roster_names(roster).union(names_read())   # (an id that holds a member's name is not quoted)

    def counted(found: list[str]) -> dict:
        shown = [NOT_SHOWN if holds_a_name(f, names) else Msg(f, f) for f in found[:3]]
        shown += [Msg("...", "...")] if len(found) > 3 else []
        return {"n": Msg(plural(len(found), "firm"), str(len(found))),
                "ids": Msg(", ".join(m.en for m in shown), "、".join(m.zh for m in shown))}

    parts = ([say("mismatch.unplaced", firms=firms_path, **counted(unplaced))] if unplaced else []) + (
        [say("mismatch.unknown", firms=firms_path, **counted(unknown))] if unknown else [])
    said = Msg(" and ".join(p.en for p in parts), "，并且".join(p.zh for p in parts))
    dates = (say("mismatch.dates", plan=plan.as_of, firms=firms_path, day=roster.as_of)
             if plan.as_of and roster.as_of and plan.as_of != roster.as_of else Msg("", ""))
    return Problem(plan_path, say("mismatch.plan_firms", plan=plan_path, firms=firms_path, what=said, dates=dates))


def warn_plan_roster(plan: "Plan", roster: "Roster", plan_path: str, firms_path: str) -> "list[Problem]":
    """:func:`plan_roster_mismatch` issued as an InputWarning (printed on stderr by the
    command line); returns it (a list of one or none)."""
    import warnings

    from .errors import InputWarning

    found = plan_roster_mismatch(plan, roster, plan_path, firms_path)
    if found is None:
        return []
    warnings.warn(InputWarning(found), stacklevel=2)
    return [found]
