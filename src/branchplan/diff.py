"""The change list between two plans of one roster: what a reorganisation moves.

A branch is identified by its id: the same id in both plans is the same branch, provided
one of its units leads it (else it is a new branch under the old id, as the stability rule
and ``solve --current`` count it: see :mod:`branchplan.current`); an old id missing from
the new plan is a dissolved branch, a new id a created one. A firm moves when its branch
id changes (or its branch is such a new one) (a firm listed in two branches, :mod:`branchplan.listings`, only when
no branch lists it in both plans; a firm still in the firms file that the new plan leaves
in no branch is unassigned, not removed); its members move with it (in a counts-form roster a firm's members
are counted, not named). With ``old_roster`` a member who changed firm is followed by id
(:mod:`branchplan.origins`: the count ``solve --current`` caps and charges too), and a firm
renamed since (:func:`branchplan.origins.renames`) is compared under its new id; without it the member count of a firm that left the roster is taken from the old plan when
that firm made up a branch of its own there, else it is unknown (``None``), never 0.

A host organisation is not a firm: it has no members of the roster and does not "move";
a host that joins, leaves or changes branch is a host change, and a firm that leaves a
host-led branch to lead a branch of its own graduates from the branch with the host.

Everything is sorted (ids in natural order: B2 before B10), so the same plans give the
same diff, byte for byte, in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from .charter import Charter
from .errors import Problem
from .model import Roster
from .listings import Listing, anchors, labels, listed, listings, member_ids, stays
from .origins import Rename, natural, origins, plan_hosts, renames, require_ids, with_renames
from .plan import Plan

if TYPE_CHECKING:  # pragma: no cover
    from .check import CheckResult
    from .rules.base import Finding


@dataclass(frozen=True)
class RosterMember:
    """A member who left the roster since the old plan (in ``firm`` then, and ``branch``, the
    old plan's branch of that firm), or who is new to it (in ``firm`` now, ``branch`` the new
    plan's): followed by member id, with the old firms file only."""

    member: str
    firm: str
    branch: str | None
    #: the member's name, only when names are asked for (``--show-names``)
    name: str | None = None

    @property
    def label(self) -> str:
        return f"{self.member} {self.name}" if self.name else self.member


@dataclass(frozen=True)
class MemberMove:
    member: str
    firm: str
    from_branch: str
    to_branch: str
    #: the member's name, only when names are asked for (``--show-names``)
    name: str | None = None

    @property
    def label(self) -> str:
        """How people read it: the id, and the name when shown."""
        return f"{self.member} {self.name}" if self.name else self.member


@dataclass(frozen=True)
class CountMove:
    """Counts form: ``count`` members of ``firm`` move with it."""

    firm: str
    count: int
    from_branch: str
    to_branch: str


@dataclass(frozen=True)
class FirmMove:
    firm: str
    from_branch: str
    to_branch: str
    #: the members who were in ``from_branch`` and move with the firm (members who joined
    #: it from another branch are member moves of their own); None: not in the firms file
    members: int | None


@dataclass(frozen=True)
class Went:
    """A member of a firm that left the roster who is in another firm now (followed with the
    old firms file): ``branch`` is that firm's branch in the new plan (None: in none)."""

    member: str
    firm: str
    branch: str | None
    #: the member's name, only when names are asked for (``--show-names``)
    name: str | None = None
    #: ``branch`` is a new branch under an old id (see :class:`LeadChange`)
    new_branch: bool = False

    @property
    def label(self) -> str:
        return f"{self.member} {self.name}" if self.name else self.member


@dataclass(frozen=True)
class FirmPlace:
    """A firm present in only one of the plans (a new firm, or one that closed or left).
    ``members`` is None when no firms file has the firm and the plan does not record it;
    ``counted`` says where the figure comes from: "roster", "old_plan" or "unknown"."""

    firm: str
    branch: str
    members: int | None
    counted: str = "roster"
    #: (a removed firm, old firms file given) its members who are in another firm now
    went: tuple[Went, ...] = ()
    #: (a removed firm) still in the firms file, but without Party members: it left the
    #: plan because it has no one to place, not because it closed
    emptied: bool = False
    #: (a removed firm) still in the firms file with Party members: the new plan puts it
    #: in no branch (dropped, unassigned), it did not leave
    unassigned: bool = False
    #: (an unassigned firm) its members' ids (empty in the counts form): they are the ones
    #: left in no branch
    member_ids: tuple[str, ...] = ()
    #: their names, only when names are asked for (``--show-names``)
    names: tuple[str | None, ...] = ()
    #: (an unassigned firm, old firms file given) per member left in no branch, the old
    #: branch of one who was in another branch then (came to this firm since), else None
    came_from: tuple[str | None, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """The members as people read them: the id, and the name when shown."""
        return labels(self.member_ids, self.names)


@dataclass(frozen=True)
class Renumbering:
    """An old branch whose firms all form one new branch under another id: its members
    "move" only because the id changed (a plan solved afresh numbers its branches anew)."""

    old: str
    new: str
    firms: tuple[str, ...]
    members: int


@dataclass(frozen=True)
class BranchRef:
    branch: str
    lead: str
    firms: tuple[str, ...]


@dataclass(frozen=True)
class Regroup:
    """A merge (``branch`` is new, ``others`` the old branches its firms came from) or a
    split (``branch`` is old, ``others`` the new branches its firms went to)."""

    branch: str
    others: tuple[str, ...]


@dataclass(frozen=True)
class Graduation:
    """A firm that was in a joint branch and now leads a standalone branch of its own. A
    lead whose branch keeps its id is one only when it now has the full members for a
    branch of its own (``from_branch == to_branch``): the branch becomes standalone in place."""

    firm: str
    from_branch: str
    to_branch: str
    #: the host organisation that led the old branch; None: a joint branch of firms
    host: str | None = None

    @property
    def sentence(self) -> str:
        """Which sentence tells it: from a host's branch, in place (the lead's joint branch
        becomes its own), or into a branch of its own."""
        if self.host is not None:
            return "graduation_host"
        return "graduation_in_place" if self.from_branch == self.to_branch else "graduation"


@dataclass(frozen=True)
class HostChange:
    """A host organisation that leads a branch in one plan and not the same one in the
    other: ``from_branch`` None, it takes a branch; ``to_branch`` None, it leaves its branch
    and leads none; both, it goes from one branch to another."""

    host: str
    from_branch: str | None
    to_branch: str | None


@dataclass(frozen=True)
class LeadChange:
    branch: str
    old_lead: str
    new_lead: str
    #: the new lead was not one of the branch's units: a new branch under the old id (its
    #: firms and members count as moved, as the stability rule counts them)
    outside: bool = False
    #: (``outside``) the new lead is one of the branch's units, but in another jurisdiction
    #: than the one the branch continues in (this one)
    continues_in: str | None = None


@dataclass(frozen=True)
class RuleChange:
    """One rule of the charter on both plans: cost in points and number of findings."""

    code: str
    severity: str
    priority: int
    old_cost: float
    new_cost: float
    old_findings: int
    new_findings: int
    #: the rule's title in English and Chinese (empty when the charter has none)
    title: str = ""
    title_zh: str = ""
    #: where the new plan costs more under this rule (or breaks it more): its findings that
    #: the old plan does not have for the same firms, or has at a lower cost, costliest first
    raised: tuple[Finding, ...] = ()
    #: the old plan's findings left out of ``old_findings``: they only say that a unit it
    #: lists is gone from the roster (a re-plan's closed firm or lead: :attr:`PlanDiff.gone`)
    not_counted: int = 0

    @property
    def delta(self) -> float:
        return round(self.new_cost - self.old_cost, 3)


@dataclass(frozen=True)
class GoneUnit:
    """A unit the old plan lists (``lead``: as the lead of ``branch``) that is gone from the
    roster; the old plan's findings that only say so are not counted in the rule table."""

    unit: str
    branch: str
    lead: bool = False
    #: still in the roster, without Party members now (not closed)
    emptied: bool = False


@dataclass
class PlanDiff:
    member_moves: list[MemberMove] = field(default_factory=list)
    count_moves: list[CountMove] = field(default_factory=list)
    firm_moves: list[FirmMove] = field(default_factory=list)
    firms_added: list[FirmPlace] = field(default_factory=list)
    firms_removed: list[FirmPlace] = field(default_factory=list)
    created: list[BranchRef] = field(default_factory=list)
    dissolved: list[BranchRef] = field(default_factory=list)
    merged: list[Regroup] = field(default_factory=list)
    split: list[Regroup] = field(default_factory=list)
    graduations: list[Graduation] = field(default_factory=list)
    lead_changes: list[LeadChange] = field(default_factory=list)
    host_changes: list[HostChange] = field(default_factory=list)
    renumbered: list[Renumbering] = field(default_factory=list)
    #: firms listed in two or more branches of either plan, listed otherwise in the other
    listings: list[Listing] = field(default_factory=list)
    #: (firm, branch) of each firm the new plan lists twice or more in one branch, where the
    #: old plan's branch of that id did not (check finds it: BP-ONE-BRANCH)
    repeated: list[tuple[str, str]] = field(default_factory=list)
    #: members who left the roster, and members new to it (with the old firms file, named
    #: members only): so that the two rosters' headcounts reconcile with the change list
    members_left: list[RosterMember] = field(default_factory=list)
    members_new: list[RosterMember] = field(default_factory=list)
    #: False when the old plan's firms file was not given: members who changed firm are
    #: then not followed
    old_roster_given: bool = True
    #: no old firms file, and the old plan lists a firm the firms file lacks: the roster
    #: changed, so members who changed firm may be missed
    roster_changed_unfollowed: bool = False
    #: no old firms file: branches that kept their id and lead, the lead now alone in it with
    #: the full members for a branch of its own; whether it grew to them (a graduation in
    #: place) is not known without its old size
    in_place_unknown: list[str] = field(default_factory=list)
    #: the option that gives the old firms file, as the notes name it
    old_firms_option: str = "--old-firms"
    #: empty when no charter was given
    rules: list[RuleChange] = field(default_factory=list)
    #: firms of the old plan renamed since (followed with the old firms file,
    #: :func:`branchplan.origins.renames`): compared under their new ids
    renamed: list[Rename] = field(default_factory=list)
    #: units of the old plan gone from the roster whose findings the rule table leaves out
    #: (a re-plan from a plan whose firms closed, costed on this roster: its reasons leave
    #: them out too)
    gone: list[GoneUnit] = field(default_factory=list)
    #: warnings about the inputs (allowed, but likely not meant), as ``branchplan diff``
    #: prints them: a plan and the firms file given for it that do not fit (another year's),
    #: a plan that records another charter when none was given. Issued too, as
    #: InputWarning / CharterWarning (:func:`diff_plans` only)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def members_moved(self) -> int:
        return len(self.member_moves) + sum(m.count for m in self.count_moves)

    @property
    def is_empty(self) -> bool:
        return not (self.member_moves or self.count_moves or self.firm_moves or self.firms_added
                    or self.firms_removed or self.created or self.dissolved or self.lead_changes
                    or self.host_changes or self.graduations or self.listings or self.renamed
                    or self.members_left or self.members_new or self.repeated)

    @property
    def ids_reused(self) -> int:
        """Old ids that now name a new branch (led by a unit that was not in the old branch of
        that id): a new branch begun, not a lead change; unless the branch now under the id
        is an old branch renumbered (the same firms under another id before)."""
        again = {r.new for r in self.renumbered}
        return sum(1 for c in self.lead_changes if c.outside and c.branch not in again)

    @property
    def ids_ended(self) -> int:
        """Old branches whose id now names another branch: ended, unless their firms are one
        new branch under another id (renumbered)."""
        kept = {r.old for r in self.renumbered}
        return sum(1 for c in self.lead_changes if c.outside and c.branch not in kept)

    def summary(self) -> dict[str, int]:
        reused = self.ids_reused
        return {
            "members_moved": self.members_moved,
            "firms_moved": len(self.firm_moves),
            "firms_added": len(self.firms_added),
            "firms_removed": len(self.firms_removed),
            "firms_renamed": len(self.renamed),
            "firms_repeated": len(self.repeated),
            "members_left": len(self.members_left),
            "members_new": len(self.members_new),
            "firms_emptied": sum(1 for f in self.firms_removed if f.emptied),
            "firms_unassigned": sum(1 for f in self.firms_removed if f.unassigned),
            "firms_duplicated": sum(1 for x in self.listings if x.duplicated),
            "firms_no_longer_duplicated": sum(1 for x in self.listings if not x.duplicated),
            "branches_created": len(self.created) + reused,
            "branches_dissolved": len(self.dissolved) + self.ids_ended,
            "ids_reused": reused,
            "branches_merged": len(self.merged),
            "branches_split": len(self.split),
            "graduations": len(self.graduations),
            "lead_changes": sum(1 for c in self.lead_changes if not c.outside),
            "host_changes": len(self.host_changes),
        }

    def to_dict(self) -> dict:
        from .formats.diff import diff_dict

        return diff_dict(self)

    def text_lines(self, lang: str = "en", raised: bool = True) -> list[str]:
        """The change list as text lines; ``raised``: under each rule whose cost rose, the
        findings that raised it (``check`` lists the findings already)."""
        from .formats.diff import diff_text
        from .i18n import as_lang

        return diff_text(self, as_lang(lang), raised)

    def markdown(self, lang: str = "en", titles: bool = False, raised: bool = True) -> str:
        from .formats.diff import diff_markdown

        return diff_markdown(self, lang, titles, raised)


def _size(roster: Roster, firm_id: str) -> int | None:
    f = roster.firm_by_id.get(firm_id)
    return f.size if f is not None else None


def _with_firm(roster: Roster, firm: str, branch: str, where_from: dict[str, list]) -> int | None:
    """The members of ``firm`` who were in its old branch ``branch`` and move with it (the
    count the stability rule charges); members who joined the firm from another branch move
    on their own lines. None: the firm is not in the firms file."""
    if firm not in roster.firm_by_id:
        return None
    return sum(o.count for o in where_from.get(firm, ()) if o.branch == branch)


def _removed(firm: str, branch: str, old: Plan, before: Roster) -> FirmPlace:
    """A firm of the old plan only: its members from the old firms file, else from the old
    plan when the firm was a branch on its own with a recorded member count, else unknown."""
    n = _size(before, firm)
    if n is not None:
        return FirmPlace(firm, branch, n)
    for b in old.branches:
        if b.id == branch and list(b.firms) == [firm] and b.members is not None:
            return FirmPlace(firm, branch, b.members, "old_plan")
    return FirmPlace(firm, branch, None, "unknown")


def _elsewhere(old_branch, new_branch, roster: Roster, charter: Charter | None) -> str | None:
    """The jurisdiction the old branch continues in (its firms now in several: the one
    holding most of its members, see :func:`branchplan.current.home_jurisdiction`) where the
    new branch of its id is led from another one; else None (and always without a
    jurisdiction rule)."""
    from .current import home_jurisdiction

    if charter is None or not charter.of_kind("jurisdiction"):
        return None
    lead = roster.firm_by_id.get(new_branch.lead) or roster.host_by_id.get(new_branch.lead)
    if lead is None:
        return None
    home = home_jurisdiction(list(dict.fromkeys((old_branch.lead, *old_branch.firms))), old_branch.lead, roster)
    return home if home is not None and roster.firm_jurisdiction(lead) != home else None


def _followed(p: FirmPlace, before: Roster, roster: Roster, now: dict[str, str],
              reused: set[str] = frozenset()) -> FirmPlace:
    """A removed firm with its old members who are in another firm of the roster now
    (``reused``: branch ids that name a new branch, see :func:`diff_plans`)."""
    from dataclasses import replace

    firm = before.firm_by_id.get(p.firm)
    if firm is None or not firm.member_list:
        return p
    firm_of = {m.id: f.id for f in roster.firms for m in (f.member_list or ())}
    went = tuple(Went(m.id, firm_of[m.id], now.get(firm_of[m.id]), new_branch=now.get(firm_of[m.id]) in reused)
                 for m in sorted(firm.member_list, key=lambda m: natural(m.id)) if firm_of.get(m.id, p.firm) != p.firm)
    return replace(p, went=went) if went else p


def _unassigned(p: FirmPlace, firm, where_from: dict[str, list]) -> FirmPlace:
    """A firm of the old plan that is still in the firms file with members but in no branch
    now: the members left in no branch are its members now (their count, not the old one),
    each who was in another branch before (``where_from``, :func:`branchplan.origins.origins`
    with the old firms file) with that branch."""
    ids = member_ids(firm)
    other = {m: o.branch for o in where_from.get(p.firm, ()) if o.branch != p.branch for m in o.members}
    came = tuple(other.get(m) for m in ids)
    return replace(p, unassigned=True, member_ids=ids, members=firm.size, counted="roster",
                   came_from=came if any(came) else ())


def _renumberings(old: Plan, new: Plan, roster: Roster) -> list[Renumbering]:
    by_firms = {frozenset(b.firms): b.id for b in new.branches}
    out = []
    for b in old.branches:
        to = by_firms.get(frozenset(b.firms))
        if to is not None and to != b.id:
            out.append(Renumbering(b.id, to, tuple(b.firms), sum(_size(roster, f) or 0 for f in b.firms)))
    return sorted(out, key=lambda r: natural(r.old))


def diff_plans(old: Plan, new: Plan, roster: Roster, charter: Charter | None = None,
               as_of: date | str | None = None, old_roster: Roster | None = None,
               evaluated: tuple[CheckResult, CheckResult] | None = None) -> PlanDiff:
    """What changes from ``old`` to ``new`` (both over ``roster``; ``old`` over
    ``old_roster`` when the roster changed too). Every rule of the charter (None: the shipped
    one, as ``branchplan diff`` without ``--rules``) is evaluated on both plans (on ``as_of``, a date or ISO text; default the roster's date, else today in Beijing time),
    unless ``evaluated`` gives those two checks (old, new) already made on that day.

    ``warnings`` holds what ``branchplan diff`` warns of, each also issued as an
    InputWarning (or CharterWarning): a plan whose firms file (``old_roster`` for ``old``,
    ``roster`` for ``new``) is not the one it was made for, and, with ``charter`` None (the
    shipped one, as ``diff`` without ``--rules``), a plan that records another charter."""
    from .arguments import charter_or_shipped
    from .names import reading, roster_names

    shipped = charter_or_shipped(None) if charter is None else None
    d = compare_plans(old, new, roster, shipped or charter, as_of, old_roster, evaluated)
    with reading(roster_names(roster)):   # (a warning quotes no value that holds a member's name)
        mismatched, recorded = diff_warnings(old, new, roster, old_roster, shipped)
    d.warnings = mismatched + recorded
    issue(mismatched, recorded)
    return d


def compare_plans(old: Plan, new: Plan, roster: Roster, charter: Charter | None = None,
                  as_of: date | str | None = None, old_roster: Roster | None = None,
                  evaluated: tuple[CheckResult, CheckResult] | None = None) -> PlanDiff:
    """:func:`diff_plans` without its warnings about the inputs (for the commands, which
    give them at the plans' lines, and the reports that show a change list)."""
    from .arguments import charter_or_shipped, expect_plan, expect_roster
    from .names import reading, roster_names

    expect_plan(old, "old")
    expect_plan(new, "new")
    expect_roster(roster)
    if old_roster is not None:
        expect_roster(old_roster, "old_roster")
    charter = charter_or_shipped(charter)
    with reading(roster_names(roster)):   # (no change quotes a plan's value that holds a member's name)
        return _diff(old, new, roster, charter, as_of, old_roster, evaluated)


def diff_warnings(old: Plan, new: Plan, roster: Roster, old_roster: Roster | None,
                  shipped: Charter | None) -> tuple[list[Problem], list[Problem]]:
    """What ``branchplan diff`` warns of, for plans and rosters given to the library (named
    by the file or ``source`` they were read from, else by the parameters): ``old`` and
    ``old_roster`` (when given) that do not fit, ``new`` and ``roster`` that do not fit; and
    (``shipped``: the charter used because none was given) a plan that records another one."""
    from .charter import other_charter
    from .origins import plan_roster_mismatch
    from .plan import source_of
    from .roster import roster_source

    old_name, new_name = source_of(old) or "old", source_of(new) or "new"
    mismatched = [plan_roster_mismatch(old, old_roster, old_name, roster_source(old_roster, "old_roster"))
                  if old_roster is not None else None,
                  plan_roster_mismatch(new, roster, new_name, roster_source(roster, "roster"))]
    recorded = ([other_charter(old.charter, shipped, old_name, "diff"),
                 other_charter(new.charter, shipped, new_name, "diff")] if shipped is not None else [])
    return [p for p in mismatched if p is not None], [p for p in recorded if p is not None]


def issue(mismatched: list[Problem], recorded: list[Problem] = (), stacklevel: int = 3) -> None:
    """Issue warnings about the inputs, as :func:`branchplan.check_files` issues its own: an
    InputWarning for a plan and a firms file that do not fit (``mismatched``), a
    CharterWarning for a plan that records another charter (``recorded``); ``stacklevel``
    3: at the line that called the library function that calls this."""
    import warnings

    from .charter import CharterWarning
    from .errors import InputWarning

    for kind, problems in ((InputWarning, mismatched), (CharterWarning, recorded)):
        for p in problems:
            warnings.warn(kind(p), stacklevel=stacklevel)


def _diff(old: Plan, new: Plan, roster: Roster, charter: Charter | None, as_of: date | str | None,
          old_roster: Roster | None, evaluated: tuple[CheckResult, CheckResult] | None) -> PlanDiff:
    from .arguments import as_date

    as_of = as_date(as_of)
    if old_roster is not None:
        require_ids(roster, old_roster)
    # a renamed firm is compared under its new id: it is in its old branch, its members with it
    found = renames(old, roster, old_roster)
    if found:
        old, old_roster = with_renames(old, old_roster, found)
    before = old_roster or roster
    hosts = plan_hosts(old, roster, old_roster)
    was_all, now_all = listed(old, hosts), listed(new, hosts)
    was, now = anchors(was_all, now_all)   # a firm listed twice is where both plans list it
    d = PlanDiff(listings=listings(was_all, now_all, roster), renamed=found)
    own_min = _own_min(charter)
    where_from = origins(old, roster, old_roster)
    old_b = {b.id: b for b in old.branches}
    new_b = {b.id: b for b in new.branches}
    # an old id led now by a unit that was not in that branch names a new branch: the old
    # branch does not continue in it (branchplan.current), so its firms there have moved
    elsewhere = {i: home for i in set(old_b) & set(new_b)
                 if (home := _elsewhere(old_b[i], new_b[i], roster, charter)) is not None}
    reused = {i for i in set(old_b) & set(new_b) if new_b[i].lead not in {old_b[i].lead, *old_b[i].firms}} | set(elsewhere)
    both = sorted(set(was) & set(now), key=natural)   # the firms in both plans
    for f in both:
        if was[f] != now[f] or was[f] in reused:
            d.firm_moves.append(FirmMove(f, was[f], now[f], _with_firm(roster, f, was[f], where_from)))
    d.firms_added = [FirmPlace(_screened(roster, f), now[f], _size(roster, f))
                     for f in sorted(set(now) - set(was), key=natural)]
    d.firms_removed = [_removed(f, was[f], old, before) for f in sorted(set(was) - set(now), key=natural)]
    if old_roster is not None:
        d.firms_removed = [_followed(p, old_roster, roster, now, reused) for p in d.firms_removed]
    d.firms_removed = [replace(p, emptied=True) if p.firm in roster.firm_by_id and not roster.firm_by_id[p.firm].size
                       else _unassigned(p, roster.firm_by_id[p.firm], where_from)
                       if p.firm in roster.firm_by_id else p for p in d.firms_removed]
    d.renumbered = _renumberings(old, new, roster)
    if old_roster is None:
        d.old_roster_given = False
        d.roster_changed_unfollowed = any(f not in roster.firm_by_id for f in was)
    _member_moves(d, now, where_from, was_all, now_all, reused)
    if old_roster is not None:
        _roster_members(d, old_roster, roster, was, now)
    d.repeated = _repeated(old, new)
    d.created = [BranchRef(i, new_b[i].lead, tuple(new_b[i].firms)) for i in sorted(set(new_b) - set(old_b), key=natural)]
    d.dissolved = [BranchRef(i, old_b[i].lead, tuple(old_b[i].firms)) for i in sorted(set(old_b) - set(new_b), key=natural)]
    d.lead_changes = [LeadChange(i, old_b[i].lead, new_b[i].lead, i in reused, elsewhere.get(i))
                      for i in sorted(set(old_b) & set(new_b), key=natural) if old_b[i].lead != new_b[i].lead]
    # (an old id that now names another old branch, renumbered: the renumbering says it, not
    # a lead change to "a new branch")
    again = {r.new for r in d.renumbered}
    d.lead_changes = [c for c in d.lead_changes if not (c.outside and c.branch in again)]
    # the firms that go on together from one old branch into one new branch make a part; a
    # part counts when it keeps its branch (same id) or has at least 2 firms. A branch made
    # of two or more counting parts is merged, one whose firms go on in two or more is split:
    # a single firm changing branch is a firm move (or a graduation), not a merger of its
    # old and new branches and a split of the old one
    groups: dict[tuple[str, str], int] = {}
    for f in set(was) & set(now):
        groups[was[f], now[f]] = groups.get((was[f], now[f]), 0) + 1
    came_from: dict[str, set[str]] = {}
    went_to: dict[str, set[str]] = {}
    for (ob_id, nb_id), count in groups.items():
        if count >= 2 or ob_id == nb_id:
            came_from.setdefault(nb_id, set()).add(ob_id)
            went_to.setdefault(ob_id, set()).add(nb_id)
    d.merged = [Regroup(b, tuple(sorted(s, key=natural))) for b, s in sorted(came_from.items(), key=lambda kv: natural(kv[0]))
                if len(s) >= 2]
    d.split = [Regroup(b, tuple(sorted(s, key=natural))) for b, s in sorted(went_to.items(), key=lambda kv: natural(kv[0]))
               if len(s) >= 2]
    for f in both:
        ob, nb = old_b[was[f]], new_b[now[f]]
        if len(nb.firms) != 1 or nb.firms[0] != f:   # a firm graduates to be alone in its branch
            continue
        host = ob.lead if ob.lead in hosts else None
        others = [u for u in ob.firms if u != f] + ([host] if host is not None else [])
        # a firm left alone in its own branch while the others leave has not graduated
        if others and nb.lead == f and (ob.id != nb.id or ob.lead != f):
            d.graduations.append(Graduation(f, ob.id, nb.id, host))
        # nor has it when its branch keeps id and lead, unless the lead, now alone in it, has
        # the full members for a branch of its own where it led a joint branch of small firms
        # (the branch changes from 联合组建 to 单独组建 in place)
        elif (ob.id == nb.id and ob.lead == nb.lead == f and host is None and others
              and _full(roster, f) >= own_min):
            if old_roster is None:
                d.in_place_unknown.append(ob.id)
            elif _joint_before(ob, before, own_min):
                d.graduations.append(Graduation(f, ob.id, nb.id, None))
    d.host_changes = _host_changes(old, new, hosts)
    if charter is not None:
        if evaluated is None:
            from .api import resolve_as_of
            from .check import evaluate

            day = resolve_as_of(roster, as_of)
            evaluated = (evaluate(old, before, charter, day), evaluate(new, roster, charter, day))
        d.rules = _rule_changes(old, new, roster, charter, evaluated)
        if old_roster is None:   # (the old plan costed on this roster: a closed firm's findings say it is gone)
            leave_out_gone(d, old, gone_unit_findings(old, roster, charter, evaluated[0].findings), roster)
    return d


def gone_unit_findings(plan: Plan, roster: Roster, charter: Charter, found: list[Finding]) -> list[Finding]:
    """Those of ``plan``'s findings under ``roster`` (``found``) that only say a unit it lists
    is gone: the finding about a listed firm that reading the plan against the roster drops
    (closed, or without Party members: :func:`branchplan.current.from_plan`), the finding
    that a branch whose lead closed is led by a unit it no longer holds, and every finding
    about a branch none of whose units is left."""
    firms, hosts = roster.firm_by_id, roster.host_by_id
    dropped = {u for b in plan.branches for u in b.firms
               if u not in hosts and (u not in firms or firms[u].size == 0)}
    # branches whose lead is no unit of the roster now: a closed lead, not a lead outside its branch
    known = set(firms) | set(hosts)
    lead_gone = {b.id for b in plan.branches if b.lead in b.firms and b.lead not in known}
    # branches with no unit left in the roster: whatever is found of them (no full members, no
    # secretary) only says their units are gone
    # (a host left alone in its branch counts as gone with its firms: it has no members)
    emptied = {b.id for b in plan.branches
               if (firms_of := [u for u in b.firms if u not in hosts]) and all(u in dropped for u in firms_of)
               and (b.lead in dropped or b.lead in hosts or b.lead not in known)}
    one_branch = {r.code for r in charter.of_kind("assignment")}

    def consequence(f: Finding) -> bool:
        if f.firm_entry is not None:
            return f.firm_entry in dropped and tuple(f.firms) == (f.firm_entry,)
        if f.branch in emptied:
            return True
        # (for such a branch, the assignment rule's findings about the branch as a whole
        # are that its lead, or every firm, is gone)
        return f.code in one_branch and f.branch in lead_gone

    return [f for f in found if consequence(f)]


def leave_out_gone(d: PlanDiff, old: Plan, gone: list[Finding], roster: Roster | None = None) -> None:
    """The change list's rule table without the old plan's findings that only say a unit it
    lists is gone (``gone``), as the re-plan's reasons leave them out; the table's note names
    those units (a closed lead as the lead of its branch)."""
    if not gone:
        return
    by_code: dict[str, list[Finding]] = {}
    for f in gone:
        by_code.setdefault(f.code, []).append(f)
    d.rules = [replace(r, old_findings=r.old_findings - len(by_code.get(r.code, ())),
                       old_cost=round(r.old_cost - sum(f.cost for f in by_code.get(r.code, ())), 3),
                       not_counted=len(by_code.get(r.code, ())))
               for r in d.rules]
    listed = {f.firm_entry for f in gone if f.firm_entry is not None}
    # (a lead still in the firms file, a firm without members now or a host, is not a closed lead)
    led = {(b.lead, b.id) for b in old.branches if any(f.firm_entry is None and f.branch == b.id for f in gone)
           and not (roster is not None and (b.lead in roster.firm_by_id or b.lead in roster.host_by_id))}
    units: list[GoneUnit] = []
    for b in old.branches:
        for u in dict.fromkeys([b.lead, *b.firms]):
            if (u, b.id) in led:
                units.append(GoneUnit(u, b.id, lead=True))
            elif u in listed and all(g.unit != u for g in units):
                units.append(GoneUnit(u, b.id, lead=False,
                                      emptied=roster is not None and u in roster.firm_by_id))
    d.gone = units


def _own_min(charter: Charter | None) -> int:
    """Full members from which a firm has a branch of its own (the charter's own-branch rule;
    3, the charter's figure, without one)."""
    from .rules import structure

    own = structure(charter)[0] if charter is not None else None
    return 3 if own is None else own


def _screened(roster: Roster, firm: str) -> str:
    """A plan's firm id; one that is not of the roster as :func:`branchplan.loader.unquoted_value`
    shows it (a member's name typed as a firm)."""
    from .loader import unquoted_value

    return firm if firm in roster.firm_by_id else unquoted_value(firm).en


def _full(roster: Roster, firm: str) -> int:
    f = roster.firm_by_id.get(firm)
    return f.full if f is not None else 0


def _joint_before(branch, before: Roster, own_min: int) -> bool:
    """The old branch was a joint branch of small firms: its lead had fewer full members
    than a branch of its own needs, in the old firms file (so only with ``old_roster``
    can a branch be seen to become its lead's own)."""
    return _full(before, branch.lead) < own_min


def _host_places(plan: Plan, hosts: set[str]) -> dict[str, str]:
    """Host id -> id of the first branch it leads (or, in a hand-made plan, lists)."""
    out: dict[str, str] = {}
    for b in plan.branches:
        for u in [b.lead, *b.firms]:
            if u in hosts:
                out.setdefault(u, b.id)
    return out


def _host_changes(old: Plan, new: Plan, hosts: set[str]) -> list[HostChange]:
    was, now = _host_places(old, hosts), _host_places(new, hosts)
    return [HostChange(h, was.get(h), now.get(h)) for h in sorted(set(was) | set(now), key=natural)
            if was.get(h) != now.get(h)]


def _repeated(old: Plan, new: Plan) -> list[tuple[str, str]]:
    """(firm, branch) for each firm a branch of ``new`` lists more than once, where the branch
    of that id in ``old`` did not (the firm's branch is the same either way: no move)."""
    def twice(plan: Plan) -> set[tuple[str, str]]:
        out = set()
        for b in plan.branches:
            seen: set[str] = set()
            for f in b.firms:
                if f in seen:
                    out.add((f, b.id))
                seen.add(f)
        return out

    return sorted(twice(new) - twice(old), key=lambda fb: (natural(fb[1]), natural(fb[0])))


def _roster_members(d: PlanDiff, old_roster: Roster, roster: Roster, was: dict[str, str],
                    now: dict[str, str]) -> None:
    """The members who left the roster (in the old firms file, in no firm of the new one) and
    those new to it, by member id, each with their firm and its branch (old, or new)."""
    then = {m.id: f.id for f in old_roster.firms for m in (f.member_list or ())}
    here = {m.id: f.id for f in roster.firms for m in (f.member_list or ())}
    d.members_left = [RosterMember(m, then[m], was.get(then[m])) for m in sorted(then.keys() - here.keys(), key=natural)]
    d.members_new = [RosterMember(m, here[m], now.get(here[m])) for m in sorted(here.keys() - then.keys(), key=natural)]


def _member_moves(d: PlanDiff, now: dict[str, str], where_from: dict[str, list],
                  was_all: dict[str, tuple[str, ...]], now_all: dict[str, tuple[str, ...]],
                  reused: set[str] = frozenset()) -> None:
    """Members whose branch changes (:mod:`branchplan.origins`): named members one by one,
    counts-form firms per firm. Members of a firm the new plan lists twice, one of the two
    being their branch, are listed twice (:mod:`branchplan.listings`), not moved. A branch
    id in ``reused`` names a new branch: nobody stays in it."""
    for fid, froms in where_from.items():
        to = now.get(fid)
        if to is None:
            continue
        for o in froms:
            if o.branch not in reused and (o.branch == to or stays(o.branch, fid, was_all, now_all)):
                continue
            if o.members:
                d.member_moves += [MemberMove(m, fid, o.branch, to) for m in o.members]
            else:
                d.count_moves.append(CountMove(fid, o.count, o.branch, to))
    d.member_moves.sort(key=lambda m: natural(m.member))


def _rule_changes(old: Plan, new: Plan, roster: Roster, charter: Charter,
                  evaluated: tuple[CheckResult, CheckResult]) -> list[RuleChange]:
    a, b = evaluated
    out = []
    for oa, ob in zip(a.outcomes, b.outcomes):  # rules needing a current plan are left out
        rule = charter.get(ob.code)
        title = rule.title if rule is not None else None
        worse = ob.cost_milli > oa.cost_milli or (ob.severity == "hard" and len(ob.findings) > len(oa.findings))
        raised = _raised(oa.findings, ob.findings, old, new) if worse else ()
        if worse and not raised and rule is not None and ob.by_firm:
            raised = _costlier(rule, oa, ob, old, new, roster)
        out.append(RuleChange(ob.code, ob.severity, ob.priority, oa.cost_milli / 1000, ob.cost_milli / 1000,
                              len(oa.findings), len(ob.findings), (title.en or "") if title else "",
                              (title.zh or "") if title else "", raised))
    # hard rules first, then the soft ones level by level, as solve lists them (charter
    # order within each)
    return sorted(out, key=lambda r: (r.severity == "soft", r.priority if r.severity == "soft" else 0))


def _lead_of(plan: Plan, index: int | None) -> str | None:
    """The lead of the plan's branch at ``index`` (None: no such branch)."""
    return plan.branches[index].lead if index is not None and 0 <= index < len(plan.branches) else None


def _costlier(rule, old, new, old_plan: Plan, plan: Plan, roster: Roster) -> tuple[Finding, ...]:
    """For a rule without findings whose cost adds up over firms (distance): the firms that
    cost more in the new plan, as findings worded by the rule's kind, costliest first. A
    firm's rise is told at the entries of the plan that cost more than the same firm under
    the same lead did before (a firm also listed in a second branch: that entry, not the
    one in its own branch), costliest first, so that the rises add up to the firm's."""
    from .rules import KINDS
    from .rules.base import Finding

    describe = getattr(KINDS[rule.kind], "describe", None)
    if describe is None:
        return ()
    before: dict[tuple[str, str | None], int] = {}
    for (fid, i), cost in old.by_entry.items():
        before[fid, _lead_of(old_plan, i)] = before.get((fid, _lead_of(old_plan, i)), 0) + cost
    entries: dict[str, list[tuple[int, int]]] = {}
    for (fid, i), cost in sorted(new.by_entry.items(), key=lambda kv: kv[0][1]):
        entries.setdefault(fid, []).append((i, cost))
    out = []
    for fid, cost in new.by_firm.items():
        left = cost - old.by_firm.get(fid, 0)
        firm = roster.firm_by_id.get(fid)
        if left <= 0 or firm is None:
            continue
        mine = entries.get(fid, [])
        rises = [(i, c - before.get((fid, _lead_of(plan, i)), 0)) for i, c in mine]
        rises = [(i, r) for i, r in rises if r > 0] or mine
        for i, rise in sorted(rises, key=lambda ir: (-ir[1], ir[0])):
            share = min(rise, left)
            b = plan.branches[i]
            lead = roster.firm_by_id.get(b.lead) or roster.host_by_id.get(b.lead)
            if share <= 0 or lead is None:
                continue
            left -= share
            en, zh = describe(rule, firm, lead, b.id)
            out.append(Finding(rule.code, "soft", en, zh, b.id, (fid,), (), share / 1000,
                               branch_index=i, firm_entry=fid))
    return tuple(sorted(out, key=lambda f: (-f.cost, natural(f.firms[0]), f.branch_index)))


def _raised(old: list[Finding], new: list[Finding], old_plan: Plan, plan: Plan) -> tuple[Finding, ...]:
    """The findings of ``new`` that ``old`` lacks for the same firms (branch ids may change
    between plans), or has at a lower cost: costliest first, then in the check's order.
    Each old finding answers for one new finding; a finding about a firm's entry in a
    branch is matched first with the old one about that firm under the same lead (a firm
    also listed in a second branch: the finding there is the new one)."""
    key = lambda f: tuple(sorted(f.firms)) or (f.branch,)  # noqa: E731

    def lead(f: Finding, p: Plan) -> str | None:
        return _lead_of(p, f.branch_index) if f.firm_entry is not None else None

    pool: dict[tuple, list[list]] = {}          # key -> [cost, lead, still unmatched]
    for f in old:
        pool.setdefault(key(f), []).append([f.cost, lead(f, old_plan), True])
    for group in pool.values():
        group.sort(key=lambda e: e[0])           # the cheapest old finding that covers one first
    order = sorted(new, key=lambda f: (-f.cost, f.sort_key()))
    matched: set[int] = set()
    for same_lead in (True, False):
        for n, f in enumerate(order):
            if n in matched:
                continue
            here = lead(f, plan)
            for e in pool.get(key(f), ()):
                if e[2] and e[0] >= f.cost and (not same_lead or (here is not None and e[1] == here)):
                    e[2] = False
                    matched.add(n)
                    break
    return tuple(f for n, f in enumerate(order) if n not in matched)
