"""The current plan, read against this year's roster: what re-planning starts from.

A plan file written last year (or by hand) names branches, their lead and their firms.
Since then firms may have closed or lost all their Party members: such firms are dropped
with a note, not an error. What remains is, per branch, the units still in the roster and
its lead if the lead is still there.

Branch identity (what "a member stays in their branch" means; the rule kind ``stability``
charges the opposite). A current branch B led by u0 continues in the new plan as the
branch led by its *successor*, which is

- u0 itself, if u0 still leads a branch; or
- another unit v of B that leads a branch: where u0 stays in that branch, the lead is
  handed over within the branch (nobody moves; the stability rule charges its small
  ``lead_weight`` for it); otherwise u0 closed, lost its members, graduated to its own
  branch, or went elsewhere;

and at most one branch continues B. The continuing branch keeps B's id; every other
branch of the new plan gets a fresh id. A firm of B *stays* when it is in B's continuing
branch; its members *move* otherwise. New firms have no current branch and never move.
In a plan read from a file (``check --base``, ``diff``) B's continuation is the branch
with B's id, if one of B's units leads it. So a valid current plan re-planned against an
unchanged roster keeps every id and lead (a handover costs a little, and stability comes
before the preferences), and a lead changes only where moves are saved by it or the old
lead left.

Members are counted as :mod:`branchplan.origins` says: a member moves when their branch
changes. With the old firms file (``--old-firms``), a member who changed firm was in their
old firm's branch B, and stays only if their new firm is in B's continuation; and a firm of
the plan that was renamed since (:func:`branchplan.origins.renames`: all its members are in
one firm new to the roster) is read under its new id: the new firm takes its place in its
branch, as its lead too, and its members have not changed firm.

Pins and ``--max-moves`` are requests on top of the charter: a pinned firm stays; a pinned
branch continues with exactly its remaining firms, under its lead if the lead is still
there; at most N members move in each jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .errors import InputError, Problem, UsageError
from .errtext import hint, say
from .loader import locate
from .model import Roster
from .origins import Rename, counted as count_origins, renames, require_ids, typo_for, with_renames
from .plan import Plan, load_plan

if TYPE_CHECKING:  # pragma: no cover
    from .solver.part import Part


@dataclass(frozen=True)
class CurrentBranch:
    id: str
    #: the lead unit, None when it left the roster (closed, or no members left)
    lead: str | None
    #: units still in the roster (firms with members, declared hosts), in plan order
    units: tuple[str, ...]
    #: position in the plan file
    index: int


@dataclass(frozen=True)
class Request:
    """One pin or the cap, as the user wrote it (for explanations)."""

    label: str
    firms: tuple[str, ...] = ()
    seal: str | None = None
    cap: int | None = None


@dataclass(frozen=True)
class CurrentPlan:
    """The current plan resolved against the roster, with the re-planning requests."""

    branches: tuple[CurrentBranch, ...]
    #: every branch id of the plan file, dissolved ones too (new ids never reuse them)
    all_ids: tuple[str, ...]
    #: what was dropped or changed on reading, one sentence each
    notes: tuple[str, ...] = ()
    #: the same notes in Chinese
    notes_zh: tuple[str, ...] = ()
    #: the branch of the plan each note is about, in the same order
    note_branches: tuple[str, ...] = ()
    requests: tuple[Request, ...] = ()
    #: per-jurisdiction cap on members moved (None: no cap)
    max_moves: int | None = None
    source: Plan | None = field(default=None, compare=False, repr=False)
    #: firm id -> {current branch id: members of the firm who were in it} (branchplan.origins)
    counted: dict[str, dict[str, int]] = field(default_factory=dict, compare=False, repr=False)
    #: the firms file the plan was made for, when given: members who changed firm are followed
    #: (renamed firms under their new ids, as in ``source``)
    old_roster: Roster | None = field(default=None, compare=False, repr=False)
    #: firms of the plan renamed since (followed with the old firms file): ``source`` and
    #: ``old_roster`` name them by their new ids
    renamed: tuple[Rename, ...] = ()
    #: the plan as given (before renamed firms took their new ids)
    as_read: Plan | None = field(default=None, compare=False, repr=False)
    #: the old firms file as given (``old_roster`` before renamed firms took their new ids)
    followed: Roster | None = field(default=None, compare=False, repr=False)
    #: the roster's host organisations
    hosts: frozenset[str] = frozenset()
    #: every unit of the roster (firms with members and hosts), in the plan or not
    roster_units: frozenset[str] = frozenset()

    @property
    def branch_of(self) -> dict[str, CurrentBranch]:
        return {u: b for b in self.branches for u in b.units}

    def by_id(self, branch_id: str) -> CurrentBranch | None:
        return next((b for b in self.branches if b.id == branch_id), None)

    def with_requests(self, pins: list[str] | tuple[str, ...] = (), max_moves: int | None = None) -> "CurrentPlan":
        """The plan with re-planning requests: ``pins``, a list of branch or firm ids to keep
        (optionally ``branch:``/``firm:``, as ``--pin`` takes them), and ``max_moves``, a cap
        on the members moved per jurisdiction (a whole number, at least 0; None: no cap).
        A value of the wrong type is a TypeError, one that names nothing of the plan or is
        negative a UsageError."""
        from . import optioncheck

        if isinstance(pins, (str, bytes)) or not isinstance(pins, (list, tuple)):
            raise TypeError(f"pins: expected a list of branch or firm ids, got {type(pins).__name__}"
                            + ("; one pin is a list of one: [pins]" if isinstance(pins, str) else ""))
        for p in pins:
            if not isinstance(p, str):
                raise TypeError(f"pins: expected branch or firm ids (text), got {type(p).__name__}")
        if max_moves is not None:
            max_moves = optioncheck.integer("with_requests", "max_moves", max_moves, 0, None, where="")
        return self.requesting(pins, max_moves, "pins")

    def requesting(self, pins: list[str] | tuple[str, ...] = (), max_moves: int | None = None,
                   option: str = "--pin") -> "CurrentPlan":
        """Resolve ``--pin`` values (branch or firm ids, optionally ``branch:``/``firm:``) and the
        cap, as the command gives them (``option``: what messages call a pin)."""
        reqs: list[Request] = []
        for p in pins:
            r = resolve_pin(self, p, option)
            if r.label not in {x.label for x in reqs}:  # the same pin twice counts once
                reqs.append(r)
        if max_moves is not None:
            if max_moves < 0:
                raise UsageError(say("usage.negative", option="--max-moves", value=max_moves))
            reqs.append(Request(f"--max-moves {max_moves}", cap=max_moves))
        return replace(self, requests=tuple(reqs), max_moves=max_moves)

    def following(self, roster: Roster, old_roster: Roster) -> "CurrentPlan":
        """The same plan, counting members who changed firm since (``old_roster``: the firms
        file the plan was made for), firms renamed since in their places; its pins read
        again. InputError when member ids do not carry over between
        the two rosters (:func:`branchplan.origins.require_same_ids`)."""
        if self.source is None or old_roster is self.followed:
            return self
        require_ids(roster, old_roster)
        # read again: renamed firms in their places, the notes as the old firms file tells them
        again = from_plan(self.as_read or self.source, roster, old_roster=old_roster)
        pins = [r.label.replace("host ", "firm ", 1).replace(" ", ":", 1) for r in self.requests if r.cap is None]
        return again.requesting(pins, self.max_moves) if self.requests else again


def from_plan(plan: Plan, roster: Roster, path: str = "current plan", text: str = "",
              old_roster: Roster | None = None) -> CurrentPlan:
    """Read a plan against this roster: drop vanished firms with a note; refuse a plan that
    does not say where a firm is (a firm in two branches, a lead outside its branch), every
    such problem of the file at once, in the order of the text.
    ``old_roster``: the firms file the plan was made for (members who changed firm are followed)."""
    problems = plan_problems(plan, roster, path, text, old_roster)
    if problems:
        raise InputError(problems)
    given, as_read = old_roster, plan
    found = renames(plan, roster, old_roster)
    if found:
        plan, old_roster = with_renames(plan, old_roster, found)
    firms, hosts = roster.firm_by_id, roster.host_by_id
    notes: list[str] = []
    notes_zh: list[str] = []
    about: list[str] = []     # (the branch each note is about)
    for r in found:
        notes.append(f"{r.old} (branch {r.branch}) is now {r.new}: all its members are in {r.new}, a firm new "
                     f"to the roster, which takes its place (renamed; nobody moves for it)")
        notes_zh.append(f"{r.old}（支部 {r.branch}）现为 {r.new}：其党员均在新列入名册的 {r.new}，"
                        f"由 {r.new} 接替其位置（更名，无人因此调整）")
        about.append(r.branch)
    branches: list[CurrentBranch] = []
    listed = {f for b in plan.branches for f in b.firms} | {b.lead for b in plan.branches if b.lead}
    unplaced = [f.id for f in roster.firms if f.size and f.id not in listed]
    for idx, b in enumerate(plan.branches):
        units: list[str] = []
        for ref in b.firms:
            if ref in hosts:
                units.append(ref)
            elif ref not in firms and (old_roster is None or ref not in old_roster.firm_by_id) and (
                    meant := typo_for(ref, unplaced)) is not None:     # (a firm of the old file closed: no typo)
                notes.append(f"{ref} (branch {b.id}) is not in the roster, which has {meant}, placed by no branch of "
                             f"the plan: a typo for {meant}? Dropped (then {meant} counts as a firm added, and its "
                             f"members' moves are not counted): write it as {meant}")
                notes_zh.append(f"{ref}（支部 {b.id}）不在名册中，名册中有方案未编入任何支部的 {meant}：是否为 {meant} "
                                f"的笔误？现移出（{meant} 将按新增单位处理，其党员的调动不计入）：请写作 {meant}")
                about.append(b.id)
            elif ref not in firms and old_roster is None:
                notes.append(f"{ref} (branch {b.id}) is not in the roster (closed or renamed): dropped; "
                             "a renamed firm keeps its branch when the plan's firms file is given (--old-firms)")
                notes_zh.append(f"{ref}（支部 {b.id}）不在名册中（已注销或更名）：移出；"
                                "如系更名，提供原方案所依据的名册（--old-firms）即可保留其支部")
                about.append(b.id)
            elif ref not in firms:
                notes.append(f"{ref} (branch {b.id}) is not in the roster (closed or renamed): dropped")
                notes_zh.append(f"{ref}（支部 {b.id}）不在名册中（已注销或更名）：移出")
                about.append(b.id)
            elif firms[ref].size == 0:
                notes.append(f"{ref} (branch {b.id}) has no Party members any more: dropped")
                notes_zh.append(f"{ref}（支部 {b.id}）已没有党员：移出")
                about.append(b.id)
            else:
                units.append(ref)
        lead: str | None = b.lead
        if b.lead in hosts and b.lead not in units:
            units.insert(0, b.lead)
        if lead not in units:
            lead = None
            if units:
                notes.append(f"branch {b.id} lost its lead {b.lead}; one of its remaining units may take over")
                notes_zh.append(f"支部 {b.id} 的牵头单位 {b.lead} 已不在；可由其余单位之一接任牵头")
                about.append(b.id)
        if not units:
            notes.append(f"branch {b.id} has no units left in the roster: dissolved")
            notes_zh.append(f"支部 {b.id} 在名册中已无单位：撤销")
            about.append(b.id)
            continue
        branches.append(CurrentBranch(b.id, lead, tuple(units), idx))
    return CurrentPlan(tuple(branches), tuple(b.id for b in plan.branches), tuple(notes), source=plan,
                       notes_zh=tuple(notes_zh), note_branches=tuple(about), counted=count_origins(plan, roster, old_roster),
                       old_roster=old_roster, renamed=tuple(found), as_read=as_read, followed=given,
                       hosts=frozenset(roster.host_by_id),
                       roster_units=frozenset(f.id for f in roster.firms if f.size) | frozenset(roster.host_by_id))


def plan_problems(plan: Plan, roster: Roster, path: str = "current plan", text: str = "",
                  old_roster: Roster | None = None) -> list[Problem]:
    """What makes a plan unfit to start from or compare with, every problem once: each
    firm listed again after its first branch (said against that first branch, however
    often it comes back), each lead that is neither one of its branch's firms nor a
    host organisation (of either roster, or one that left: see :func:`origins.plan_hosts`).
    The two are independent: a firm listed twice is still one of the firms of each branch
    that lists it."""
    from .origins import plan_hosts

    read_as: dict[int, str] = {}     # (a lead written another way: the unit it reads as, said by _variants)
    variants = _variants(plan, roster, old_roster, path, text, read_as)
    return _problems([(b.id, b.lead, list(b.firms)) for b in plan.branches],
                     plan_hosts(plan, roster, old_roster), path, text, read_as) + variants


def _variants(plan: Plan, roster: Roster, old_roster: Roster | None, path: str, text: str,
              read_as: dict[int, str] | None = None) -> list[Problem]:
    """Each unit of the plan (a lead, a firm) that is in neither firms file but differs from
    a unit of one only in case, width or accents (``F003`` typed ``Ｆ００３``): a firms file
    refuses two such ids as one, so the plan means that unit; read as a closed firm it would
    count its branch's other firms as moved. Likewise a unit written by the name one unit of
    them has (the same up to case, width and spaces: ``广西明安律师事务所`` for ``LZLS012``).
    ``read_as``: filled with the unit each branch's lead so written reads as (by branch index)."""
    from .errors import Msg
    from .model import id_key, ids_read_as, unit_namer

    rosters = [roster] + ([old_roster] if old_roster is not None else [])
    exact = {u.id for r in rosters for u in (*r.firms, *r.hosts)}
    keyed: dict[str, str] | None = None
    named = None
    problems: list[Problem] = []
    for idx, b in enumerate(plan.branches):
        for loc, ref in [(("lead",), b.lead)] + [(("firms", k), f) for k, f in enumerate(b.firms)]:
            if not isinstance(ref, str) or ref in exact:
                continue
            if keyed is None:       # (made once, where some id is in neither firms file)
                keyed, named = ids_read_as(*rosters), unit_namer(*rosters)
            if loc == ("lead",) and b.lead in b.firms:
                continue      # (a lead among the branch's firms is said once, at the firm)
            known = keyed.get(id_key(ref))
            if known is not None:
                msg = say("plan.id_variant", ref=ref, known=known)
            elif (unit := named(ref)) is not None:   # (a firm written by its name)
                known = unit[0]
                kind = Msg("host", "托管组织") if unit[1] else Msg("firm", "单位")
                msg = say("plan.id_is_name", ref=ref, unit=kind, known=known)
            else:
                continue
            if loc == ("lead",) and read_as is not None:
                read_as[idx] = known
            line, col = locate(text, ("branches", idx) + loc) if text else (None, None)
            where = f"branches[{idx}]." + (f"firms[{loc[1]}]" if loc[0] == "firms" else "lead")
            problems.append(Problem(path, msg, line, col, where))
    return problems


def load_reference(path: str, roster: Roster, old_roster: Roster | None = None) -> tuple[Plan, str]:
    """A plan file to compare with (``diff OLD``, ``report --base``), refused exactly as
    ``check --base`` refuses its base plan: its schema problems and :func:`plan_problems`
    (a firm in two branches, a lead outside its branch), all in one InputError.
    ``old_roster``: the firms file the plan was made for (its hosts lead branches too)."""
    plan, text = load_plan(path, also=lambda data, text, refused: document_problems(
        data, refused, roster, str(path), text, old_roster))
    problems = plan_problems(plan, roster, str(path), text, old_roster)
    if problems:
        raise InputError(problems)
    return plan, text


def document_problems(data: object, refused: set[tuple], roster: Roster, path: str, text: str,
                      old_roster: Roster | None = None) -> list[Problem]:
    """:func:`plan_problems` of a plan file the schema refused, read from the document as
    written, so that they come with its schema problems (``refused``: the locations the
    schema refused). Only what the schema accepted is used: a branch whose id was
    refused, a lead or a firm refused, is not also said to be in two places or outside."""
    branches = data.get("branches") if isinstance(data, dict) else None
    read: list[tuple[str | None, str | None, list[str | None] | None]] = []
    for i, b in enumerate(branches if isinstance(branches, list) else []):
        if not isinstance(b, dict):
            read.append((None, None, None))
            continue

        def ok(value: object, loc: tuple) -> str | None:
            return value if isinstance(value, str) and ("branches", i) + loc not in refused else None

        firms = b.get("firms")
        listed = ([ok(f, ("firms", k)) for k, f in enumerate(firms)]
                  if isinstance(firms, list) and ("branches", i, "firms") not in refused else None)
        read.append((ok(b.get("id"), ("id",)), ok(b.get("lead"), ("lead",)), listed))
    hosts = set(roster.host_by_id) | set(old_roster.host_by_id if old_roster is not None else ())
    hosts |= {b.get("lead") for b in (branches if isinstance(branches, list) else [])
              if isinstance(b, dict) and b.get("kind") == "host" and b.get("lead") not in roster.firm_by_id}
    return _problems(read, hosts, path, text)


def _problems(branches: list[tuple[str | None, str | None, list[str | None] | None]], hosts: set[str],
              path: str, text: str, read_as: dict[int, str] | None = None) -> list[Problem]:
    """``branches``: (id, lead, firms) in file order, None for what cannot be read;
    ``hosts``: the host organisations a branch may be led by; ``read_as``: a lead written
    another way (a typo, a name) by branch index, the unit it reads as: a lead that reads as
    one of its branch's firms (or a host) is said once, where it is read (:func:`_variants`)."""
    first: dict[str, str] = {}
    problems: list[Problem] = []

    def at(loc: tuple) -> tuple[int | None, int | None]:
        return locate(text, loc) if text else (None, None)

    for idx, (bid, lead, firms) in enumerate(branches):
        if bid is None or firms is None:
            continue
        for k, ref in enumerate(firms):
            if ref is None:
                continue
            if ref in first:
                line, col = at(("branches", idx, "firms", k))
                problems.append(Problem(path, say("plan.firm_twice", ref=ref, other=first[ref], branch=bid),
                                        line, col, f"branches[{idx}].firms[{k}]"))
            first.setdefault(ref, bid)
        meant = (read_as or {}).get(idx, lead)
        if lead is not None and None not in firms and lead not in firms and lead not in hosts \
                and meant not in firms and meant not in hosts:
            line, col = at(("branches", idx, "lead"))
            problems.append(Problem(path, say("plan.lead_outside", branch=bid, lead=lead),
                                    line, col, f"branches[{idx}].lead"))
    return problems


def resolve_pin(cur: CurrentPlan, pin: str, option: str = "--pin") -> Request:
    kind, _, name = pin.partition(":") if pin.startswith(("branch:", "firm:")) else ("", "", pin)
    name = name.strip()
    if kind and not name:
        raise UsageError(say("pin.no_id", option=option, pin=pin, what=kind, what_zh={"branch": "支部", "firm": "单位"}[kind]))
    if not name:
        raise UsageError(say("pin.empty"))
    branch = cur.by_id(name) if kind in ("", "branch") else None
    home = cur.branch_of.get(name) if kind in ("", "firm") else None
    if branch is not None and home is not None:
        raise UsageError(say("pin.both", option=option, pin=pin, name=name))
    if branch is not None:
        firms = tuple(u for u in branch.units)
        return Request(f"branch {name}", firms, seal=name)
    if home is not None and name in cur.hosts:
        if not set(home.units) - {name}:
            raise UsageError(say("pin.host_alone", option=option, pin=pin, name=name, branch=home.id))
        return Request(f"host {name}", (name,))
    if home is not None:
        return Request(f"firm {name}", (name,))
    renamed = {r.old: r.new for r in cur.renamed}
    if kind != "branch" and renamed.get(name) in cur.branch_of:   # a renamed firm, by its old id
        return Request(f"firm {renamed[name]}", (renamed[name],))
    if kind != "firm" and name in cur.all_ids:
        raise UsageError(say("pin.branch_empty", option=option, pin=pin, name=name))
    listed = {f for b in (cur.source.branches if cur.source else []) for f in b.firms}
    if kind != "branch" and name in listed:
        raise UsageError(say("pin.firm_gone", option=option, pin=pin, name=name))
    if kind == "firm" and cur.by_id(name) is not None:
        raise UsageError(say("pin.not_firm", option=option, pin=pin, name=name))
    if kind == "branch" and name in cur.branch_of:
        raise UsageError(say("pin.not_branch", option=option, pin=pin, name=name))
    if kind != "branch" and name in cur.roster_units:
        raise UsageError(say("pin.not_placed", option=option, pin=pin, name=name))
    known = [b.id for b in cur.branches] + list(cur.branch_of)
    raise UsageError(say("pin.unknown", option=option, pin=pin, name=name, hint=hint(name, known)))


@dataclass(frozen=True)
class CurrentPart:
    """The current plan as one jurisdiction (solver part) sees it."""

    #: branches at home here (where most of their members are, ties: the lead's), units of this part
    branches: tuple[CurrentBranch, ...]
    #: firms of this part whose current branch is at home in another part (they must move)
    foreign: tuple[str, ...] = ()
    requests: tuple[Request, ...] = ()
    #: firm of this part -> {current branch id: its members who were in that branch}
    counted: dict[str, dict[str, int]] = field(default_factory=dict, compare=False)
    #: each of ``foreign``'s firms -> its current branch (at home in another part)
    away: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def pinned(self) -> tuple[str, ...]:
        return tuple(sorted({f for r in self.requests for f in r.firms}))

    @property
    def sealed(self) -> tuple[str, ...]:
        return tuple(sorted({r.seal for r in self.requests if r.seal}))

    @property
    def max_moves(self) -> int | None:
        caps = [r.cap for r in self.requests if r.cap is not None]
        return min(caps) if caps else None

    @property
    def changed_firm(self) -> int:
        """Members counted as having come from another branch than their firm's (followed
        with the old firms file). A firm whose branch is at home in another jurisdiction
        (the firm moved there) is in that branch: its members did not change firm."""
        home = {u: b.id for b in self.branches for u in b.units} | self.away
        return sum(n for fid, froms in self.counted.items() for bid, n in froms.items() if home.get(fid) != bid)


def _home(units: list[str], lead: str | None, place: dict, size: dict[str, int]):
    """Of the places (solver parts, jurisdictions) of a branch's ``units`` (sorted ids, each
    in ``place``), the one holding most of their members (``size``), ties the lead's (else the
    first unit's), then the first place."""
    held: dict = {}
    for u in units:
        held[place[u]] = held.get(place[u], 0) + size.get(u, 0)
    first = place[lead] if lead in place else place[units[0]]
    return max(sorted(held), key=lambda k: (held[k], k == first))


def home_jurisdiction(units, lead: str | None, roster: Roster) -> str | None:
    """The jurisdiction a current branch continues in when its units (ids, those of the
    roster) are now in several: the one holding most of its members, ties the lead's, then
    the first by name (as :func:`attach` assigns it to a part). None: no unit in the roster."""
    place = {u: roster.firm_jurisdiction(x) for u in units
             if (x := roster.firm_by_id.get(u) or roster.host_by_id.get(u)) is not None}
    if not place:
        return None
    size = {u: roster.firm_by_id[u].size for u in place if u in roster.firm_by_id}
    return _home(sorted(place), lead, place, size)


def attach(parts: list["Part"], cur: CurrentPlan) -> None:
    """Give every solver part its share of the current plan and of the requests."""
    part_of: dict[str, int] = {}
    for k, p in enumerate(parts):
        for unit in list(p.firms) + list(p.hosts):
            part_of[unit.id] = k
    mine: list[list[CurrentBranch]] = [[] for _ in parts]
    foreign: list[list[str]] = [[] for _ in parts]
    home_of: dict[str, int] = {}
    away: dict[str, str] = {}
    size = {f.id: f.size for p in parts for f in p.firms}
    for b in sorted(cur.branches, key=lambda b: b.id):  # the model does not depend on the file's order
        units = sorted(u for u in b.units if u in part_of)
        if not units:
            continue
        # a branch whose firms are now in several jurisdictions continues where most of its
        # members are (ties: the lead's); a lead that moved away has gone elsewhere
        home = _home(units, b.lead, part_of, size)
        home_of[b.id] = home
        here = tuple(u for u in units if part_of[u] == home)
        mine[home].append(CurrentBranch(b.id, b.lead if b.lead in here else None, here, b.index))
        for u in units:
            if part_of[u] != home:
                foreign[part_of[u]].append(u)
                away[u] = b.id
    for k, p in enumerate(parts):
        reqs = []
        for r in cur.requests:
            if r.cap is not None:
                reqs.append(r)
            elif any(part_of.get(f) == k for f in r.firms) or (r.seal and home_of.get(r.seal) == k):
                reqs.append(r)
        here = {f.id: cur.counted[f.id] for f in p.firms if f.id in cur.counted}
        p.current = CurrentPart(tuple(mine[k]), tuple(sorted(foreign[k])), tuple(reqs), here,
                                {u: away[u] for u in foreign[k]})
        _keep_current_pairs(p)


def _keep_current_pairs(p: "Part") -> None:
    """A small firm may always stay with its current branch: every unit of that branch that
    may lead it is one of its candidate leads, even beyond the nearest ones (``--nearest``,
    large cities), or a valid current plan could not be kept. A firm that members joined
    from another branch may join that branch too (they would stay in it)."""
    index = {p.unit_id(u): u for u in range(len(p.firms) + len(p.hosts))}
    leads_of: dict[str, list[int]] = {}
    for b in p.current.branches:
        units = [index[u] for u in b.units if u in index]
        leads_of[b.id] = [v for v in units if (v in p.cands or (p.is_host(v) and p.allow_host_fallback)
                                               or (p.is_big(v) and p.allow_standalone_fallback))]
        for i in units:
            if i in p.cands:
                p.cands[i] = p.cands[i] + sorted(v for v in leads_of[b.id] if v not in p.cands[i])
    for fid, froms in p.current.counted.items():
        i = index.get(fid)
        if i is None or i not in p.cands:
            continue
        for bid in froms:
            extra = [v for v in leads_of.get(bid, []) if v not in p.cands[i]]
            if extra:
                p.cands[i] = p.cands[i] + sorted(extra)


_NUMBERED = re.compile(r"^B(\d+)$")


def fresh_ids(taken: set[str], count: int) -> list[str]:
    """``count`` new branch ids B<n> after the highest numbered id in use, none of them taken,
    nor one that reads as a taken id (``Ｂ002`` or ``b002`` takes B002: a plan refuses two
    branch ids that differ only in case, width or accents)."""
    from .model import id_key

    read = {id_key(t) for t in taken}
    nums = [m.group(1) for t in taken if (m := _NUMBERED.match(id_key(t).upper()))]
    n = max((int(x) for x in nums), default=0)
    width = max([3] + [len(x) for x in nums])
    out: list[str] = []
    if len(f"B{n + count:0{width}d}") > MAX_BRANCH_ID:    # (numbering on past the longest id a plan takes:
        n, width = 0, 3                                   #  the free ones from B001 instead)
    while len(out) < count:
        n += 1
        cand = f"B{n:0{width}d}"
        if cand not in taken and id_key(cand) not in read:
            out.append(cand)
    return out


#: the longest branch id a plan takes (plan.Branch.id)
MAX_BRANCH_ID = 200


def match_successors(branches: tuple[CurrentBranch, ...], groups: dict[str, tuple[str, ...]],
                     size: dict[str, int], pinned: tuple[str, ...] = (),
                     sealed: tuple[str, ...] = (), counted: dict[str, dict[str, int]] | None = None) -> dict[str, str]:
    """The continuation of every current branch that keeps the most members in place.

    ``groups``: lead id -> unit ids of the new plan's branch it leads; ``size``: the firms
    (their members); ``counted``: the members of each firm who were in each current branch
    (:attr:`CurrentPlan.counted`; default: a firm's members were in its own). Used where the solver
    did not choose (a charter without a stability rule) and to measure any plan's least
    possible moves. Ties: more firms in place less leads handed over (the lead staying in
    the branch without leading it), then the old lead, then plan order (the stability
    rule's order with its shipped weights: members, then firms and handovers alike).
    """
    where = {u: lead for lead, us in groups.items() for u in us}
    pins = set(pinned)
    out: dict[str, str] = {}
    for b in branches:
        best, best_key = None, None
        for rank, v in enumerate(b.units):
            if v not in groups:
                continue
            if any(where.get(f) != v for f in b.units if f in pins):
                continue
            if b.id in sealed and (not set(groups[v]) <= set(b.units) or (b.lead in groups and v != b.lead)):
                continue
            kept = [f for f in b.units if f in size and where.get(f) == v]
            members = (sum(size[f] for f in kept) if counted is None
                       else sum(counted.get(u, {}).get(b.id, 0) for u in groups[v]))
            handover = b.lead is not None and v != b.lead and b.lead in groups[v]
            key = (members, len(kept) - int(handover), v == b.lead, -rank)
            if best_key is None or key > best_key:
                best, best_key = v, key
        if best is not None:
            out[b.id] = best
    return out


def name_branches(cur: CurrentPlan, per_part: list[tuple[list, dict[str, str]]]) -> list[list[tuple[str, object]]]:
    """Branch ids for a re-plan: a continuation keeps its id, new branches get fresh ones.

    ``per_part``: (branch views with a ``lead``, successors: current id -> lead) per part.
    Order within a part: continuations in the current plan's order, then new branches as
    given (by lead). Deterministic.
    """
    order = {b.id: b.index for b in cur.branches}
    staged = []
    for views, succ in per_part:
        by_lead = {lead: bid for bid, lead in succ.items()}
        cont = sorted(((by_lead[v.lead], v) for v in views if v.lead in by_lead), key=lambda t: order[t[0]])
        staged.append((cont, [v for v in views if v.lead not in by_lead]))
    ids = iter(fresh_ids(set(cur.all_ids), sum(len(new) for _, new in staged)))
    return [cont + [(next(ids), v) for v in new] for cont, new in staged]
