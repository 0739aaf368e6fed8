"""The plan: branches, their firms and lead, and the figures a committee reads.

The same model reads a plan file (``check``, ``--current``) and writes one (``solve``):
a hand-made plan needs only each branch's ``id``, ``lead`` and ``firms``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Callable, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError, Msg, Problem
from .errtext import say
from .loader import (collector_paused, load_document, other_kind, problems_from_validation, read_validated,
                     remember_source, source_of as _source_of)
from .model import Day, Roster, id_key, refuse_unseen, unit_namer
from .rules.base import BranchView, PlanView

#: ``jurisdictions[].name`` of a plan solved without a jurisdiction rule whose units are in
#: several jurisdictions (or none): the whole roster as one part. Text shows it as "the whole
#: roster" (:func:`shown_jurisdiction`); a branch's ``jurisdiction`` is always its lead's.
WHOLE_ROSTER = "*"


def whole_name(roster) -> str:
    """The roster planned as one whole (a charter without a jurisdiction rule): named after
    the one jurisdiction all its units are in, or WHOLE_ROSTER when they are in several (or none)."""
    places = {roster.firm_jurisdiction(u) for u in (*roster.firms, *roster.hosts)}
    return places.pop() if len(places) == 1 and "" not in places else WHOLE_ROSTER


def shown_jurisdiction(name: str, lang: str = "en", start: bool = False) -> str:
    """A ``jurisdictions[].name`` as a reader says it (``*``: the whole roster; ``start``:
    at the start of a sentence)."""
    if name != WHOLE_ROSTER:
        return name
    return "全部名册" if lang == "zh" else "The whole roster" if start else "the whole roster"


Status = Literal["optimal", "feasible", "infeasible", "unknown", "proposed"]
#: how a branch is made up: one firm, several firms, or firms placed with a host organisation
BranchKind = Literal["standalone", "joint", "host"]
#: the organisation its size calls for, beyond a branch (党支部): a general branch (党总支)
#: or a primary committee (基层党委)
BranchLevel = Literal["general_branch", "primary_committee"]

#: 党支部委员会: a branch with this many full members elects a committee.
COMMITTEE_FROM = 7
#: 50-99 members: a general branch (党总支); 100+: a primary committee (基层党委).
GENERAL_FROM, PRIMARY_COMMITTEE_FROM = 50, 100


def _integral(value: Any) -> Any:
    """A whole float (``15.0``, as a table tool may write a count) as an int."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: a plan's figures are numbers as written: ``"6"`` is not 6, ``true`` not 1 (no NaN or
#: infinity); a count written ``15.0`` is 15
_Int = Annotated[int, Field(strict=True), BeforeValidator(_integral)]
#: a count (members, branches, ...): not below 0
_Count = Annotated[int, Field(strict=True, ge=0), BeforeValidator(_integral)]
_Float = Annotated[float, Field(strict=True)]


class Branch(BaseModel):
    """One branch of a plan: its id, lead unit and firms; the figures are filled in by
    ``solve`` (and recomputed by ``check`` and ``report``)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    id: str = Field(min_length=1, max_length=200)
    jurisdiction: str | None = None
    kind: BranchKind | None = None
    #: absent for a branch (党支部); "general_branch" (党总支, 50-99 members) or "primary_committee"
    #: (基层党委, 100 or more)
    level: BranchLevel | None = None
    lead: str = Field(min_length=1)
    firms: list[str] = Field(min_length=1)
    members: _Count | None = None
    full_members: _Count | None = None
    probationary_members: _Count | None = None
    leadership: Literal["committee", "secretary"] | None = None
    secretary_candidates: _Count | None = None

    @field_validator("id", "lead", "firms", "jurisdiction", mode="before")
    @classmethod
    def _visible(cls, value: Any) -> Any:
        """Ids and a jurisdiction's name, as a firms file allows them: no control character,
        line separator or invisible character (``B\u200b1`` would print as ``B1``)."""
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                refuse_unseen(text, True)
        return value


class RuleCost(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    priority: _Int
    measure: _Float
    cost: _Float


class Objective(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    total: _Float
    rules: dict[str, RuleCost] = Field(default_factory=dict)


class JurisdictionResult(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    name: str
    status: Status
    firms: _Count
    members: _Count
    branches: _Count
    objective: _Float | None = None
    bound: _Float | None = None
    #: what the plan's optimality covers (see branchplan.jstatus): "all pairs" (every pair
    #: of firms modelled; plans from earlier versions leave it out), "bound" (the pairs left
    #: out are proven useless by a lower bound, so the plan is optimal over all pairs) or
    #: "restricted" (optimality over all pairs not proven; see note); none without a plan
    proof: Literal["all pairs", "bound", "restricted"] | None = Field(default=None, description=(
        "what the plan's optimality covers: 'all pairs' (every pair of firms modelled; left out by "
        "earlier versions), 'bound' (pairs left out are proven useless by a lower bound) or "
        "'restricted' (optimal only among the pairs modelled; see note)"))
    #: set when optimality over all pairs is not proven: what the plan is optimal among; and,
    #: first, when none of the jurisdiction's units has a location: that distances count nothing
    #: (branchplan.api.no_locations_note); two notes are joined by "; "
    note: str | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _visible(cls, value: Any) -> Any:
        if isinstance(value, str):
            refuse_unseen(value, True)
        return value


class Plan(BaseModel):
    """A branch plan (the file ``solve`` writes and ``check`` reads)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, json_schema_extra={"title": "branchplan plan file"})

    status: Status = "proposed"
    charter: str | None = None
    as_of: Day | None = None
    objective: Objective | None = None
    bound: _Float | None = None
    gap: _Float | None = None
    summary: dict[str, _Int] | None = None
    jurisdictions: list[JurisdictionResult] | None = None
    unassigned_firms: list[str] = Field(default_factory=list,
                                        description="firms with no Party members: reported, not assigned")
    branches: list[Branch] = Field(default_factory=list)

    @field_validator("summary")
    @classmethod
    def _summary_keys(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        """The figures ``solve`` records, none other, none below 0: a key misspelt would read as
        a stale count of nothing (``bogus: 3; now: 0``)."""
        if value is None:
            return value
        for key, n in value.items():
            if key not in SUMMARY_KEYS:
                from .errtext import closest

                near = closest(key, SUMMARY_KEYS)
                raise ValueError(f"unknown key {key!r} in the summary" + (f" (did you mean {near!r}?)" if near else "")
                                 + f"; the summary records {', '.join(SUMMARY_KEYS)}")
            if n < 0:
                raise ValueError(f"summary {key} is {n}: a count cannot be below 0")
        return value

    def to_dict(self) -> dict[str, Any]:
        """The plan as the plan file holds it: JSON-ready values (dates as ISO text), fields
        without a value left out. :func:`plan_from_data` reads it back; :func:`dump_plan`
        writes it as YAML or JSON text."""
        return self.model_dump(mode="json", exclude_none=True)


def source_of(plan: Plan) -> str | None:
    """The file or ``source`` a plan was read from by :func:`load_plan` / :func:`plan_from_data`
    (None for a plan made otherwise, such as ``solve``'s)."""
    return _source_of(plan)


def dump_plan(plan: Plan, fmt: str = "yaml") -> str:
    """The plan file's text, "yaml" or "json": byte for byte what ``branchplan solve -o
    plan.yaml`` (or ``plan.json``) writes for this plan."""
    from .arguments import expect_plan

    expect_plan(plan)
    if fmt not in ("yaml", "json"):
        from .errors import UsageError

        raise UsageError(f"dump_plan: fmt is 'yaml' or 'json', not {fmt!r}")
    from .writing import serialise

    return serialise(plan.to_dict(), fmt)


@collector_paused
def load_plan(path: str | Path, max_bytes: int | None = None,
              also: Callable[[dict, str, set[tuple]], list[Problem]] | None = None) -> tuple[Plan, str]:
    """Read a plan file; returns the plan and its text (for positions of findings).

    ``also(data, text, refused)``: the caller's own checks of the document as written, run
    when the file is refused anyway so that their problems come with the schema's
    (``refused``: the locations the schema refused)."""
    from .arguments import expect_path

    from .roster import SPREADSHEETS

    p = Path(expect_path(path))
    if p.suffix.lower() in SPREADSHEETS and p.is_file():
        workbook = say("plan.workbook", name=p.name) if p.suffix.lower() in (".xlsx", ".xlsm") else Msg("", "")
        raise InputError.single(str(path), say("plan.spreadsheet", workbook=workbook))
    plan, text = read_validated(lambda: load_document(path, max_bytes),
                                lambda doc, text: _validated(doc, str(path), text, also))
    return remember_source(plan, str(path)), text


@collector_paused
def plan_from_data(data: Mapping[str, Any] | str | bytes, source: str = "<memory>",
                   max_bytes: int | None = None) -> Plan:
    """Validate a plan document already in memory (the mapping a plan file holds, e.g. a
    parsed JSON request body, or ``Plan.to_dict()`` kept in a database) with exactly the
    checks :func:`load_plan` runs: ``Plan.model_validate`` alone lets a branch id used
    twice through and raises pydantic's own error.

    Raises InputError whose problems name ``source`` and the field (``branches[2].lead``);
    there is no text, so they carry no line or column. The document's text (str, or bytes:
    an upload) is read as its file would be, with every check of the text and positions
    (as :func:`branchplan.roster_from_data`)."""
    from .loader import given_document

    plan, _ = read_validated(lambda: given_document(data, source, max_bytes, "plan_from_data", "load_plan"),
                             lambda doc, text: _validated(doc, source, text))
    return remember_source(plan, source)


def _validated(data: Any, path: str, text: str,
               also: Callable[[dict, str, set[tuple]], list[Problem]] | None = None) -> Plan:
    if not isinstance(data, dict):
        line, col = (1, 1) if text else (None, None)
        raise InputError.single(path, "a plan file is a mapping with 'branches:'", line, col)
    other = other_kind(data, text, path, "plan")   # a firms or rules file given here: that alone
    if other is not None:
        raise InputError([other])
    twice = _branch_id_problems(data, path, text)
    if "branches" not in data:   # (a plan without branches says so: `branches: []`; a file cut short does not)
        line, col = (1, 1) if text else (None, None)
        twice.insert(0, Problem(path, say("schema.missing", key="branches"), line, col))
    try:
        plan = Plan.model_validate(data)
        schema, refused = [], set()
    except ValidationError as exc:   # reported with any branch id used twice
        schema = problems_from_validation(exc, path, text, _plan_fields)
        refused = {tuple(e.get("loc", ())) for e in exc.errors(include_url=False)}
    if schema or twice:
        raise InputError(schema + twice + (also(data, text, refused) if also else []))
    return plan


def _branch_id_problems(data: dict, path: str, text: str) -> list[Problem]:
    """A problem for every branch id used again, and for one that holds a member's name (of
    the firms files read before: every output shows branch ids), read from the document as
    written (so that they come with the file's schema problems, not after they are fixed);
    ids that are not text are the schema's to report."""
    from .loader import locate
    from .names import holds_a_name, names_read

    branches = data.get("branches")
    if not isinstance(branches, list):
        return []
    names = names_read()
    seen: dict[str, int] = {}
    keys: dict[str, tuple[int, str]] = {}   # look-alikes: B001 and b001, Ｂ001
    twice = []
    for i, b in enumerate(branches):
        bid = b.get("id") if isinstance(b, dict) else None
        if not isinstance(bid, str):
            continue
        named = holds_a_name(bid.strip(), names)
        alike = keys.get(id_key(bid)) if bid not in seen else None
        if named or bid in seen or alike is not None:
            line, col = locate(text, ("branches", i, "id"))
            said = (say("plan.branch_id_name") if named
                    else say("plan.branch_twice", id=bid, first=seen[bid]) if bid in seen
                    else say("plan.branch_alike", id=bid, other=alike[1], first=alike[0]))
            twice.append(Problem(path, said, line, col, f"branches[{i}].id"))
        seen.setdefault(bid, i)
        keys.setdefault(id_key(bid), (i, bid))
    return twice


def _plan_fields(loc: tuple) -> list[str]:
    if not loc:
        return list(Plan.model_fields)
    if loc[0] == "branches":
        return list(Branch.model_fields)
    return []


def view_of(plan: Plan, roster: Roster, as_of: date, own_branch_min: int | None,
            standalone_fallback: bool, host_fallback: bool) -> PlanView:
    """Resolve a plan's ids against the roster for the evaluators (leniently: unknown ids
    are kept for the assignment rule to report)."""
    firms, hosts = roster.firm_by_id, roster.host_by_id
    views = []
    named = None     # (the roster's names, indexed where some lead is no id of the roster)
    for idx, b in enumerate(plan.branches):
        fs, unknown, repeated, host = [], [], [], None
        hosts_named: list[str] = [b.lead] if b.lead in hosts else []
        for ref in b.firms:
            if ref in firms:
                if any(f.id == ref for f in fs):
                    repeated.append(ref)
                    continue
                fs.append(firms[ref])
            elif ref in hosts:
                host = hosts[ref]
                if ref not in hosts_named:
                    hosts_named.append(ref)
            else:
                unknown.append(ref)
        if b.lead in hosts:
            host = hosts[b.lead]
        juris = roster.firm_jurisdiction(host or (fs[0] if fs else None)) if (host or fs) else (b.jurisdiction or "")
        elsewhere = firms.get(b.lead) if host is None and not any(f.id == b.lead for f in fs) else None
        if elsewhere is None and host is None and fs and b.lead not in firms and b.lead not in hosts \
                and b.lead not in b.firms:
            # a lead written by a firm's roster name (check says to write its id): its firms are
            # measured from that firm, as from a lead listed elsewhere (a lead listed by its name
            # among the branch's firms is that entry's finding: such an entry is no firm here)
            if named is None:
                named = unit_namer(roster)
            if (unit := named(b.lead)) is not None and not unit[1]:
                elsewhere = firms[unit[0]]
        views.append(BranchView(b.id, idx, juris, b.lead, tuple(fs), host, tuple(unknown), tuple(repeated),
                                tuple(hosts_named), elsewhere))
    return PlanView(roster, views, as_of, own_branch_min, standalone_fallback, host_fallback)


def describe_branch(view: BranchView, as_of: date) -> Branch:
    """The figures of one branch, as written in a plan file."""
    size, full = view.size, view.full
    kind: BranchKind = "host" if view.host is not None else view.composition
    level: BranchLevel | None = ("primary_committee" if size >= PRIMARY_COMMITTEE_FROM
                                 else "general_branch" if size >= GENERAL_FROM else None)
    ids = ([view.host.id] if view.host is not None else []) + [f.id for f in view.firms]
    # a branch whose firms have all left the roster (a firm closed) keeps the ids it lists:
    # check reports them (BP-ONE-BRANCH), the figures say 0 members
    ids = ids or list(view.unknown) or [view.lead]
    return Branch(
        id=view.id, jurisdiction=view.jurisdiction or None, kind=kind, level=level, lead=view.lead, firms=ids,
        members=size, full_members=full, probationary_members=size - full,
        leadership="committee" if full >= COMMITTEE_FROM else "secretary",
        secretary_candidates=sum(f.count_members("full", 1, as_of) for f in view.firms),
    )


#: the figures a plan's ``summary:`` records (:func:`summarise`)
SUMMARY_KEYS = ("firms", "firms_with_members", "members", "full_members", "probationary_members", "branches",
                "standalone", "joint", "host", "general_branches", "primary_committees")


def summarise(roster: Roster, branches: list[Branch]) -> dict[str, int]:
    kinds = [b.kind for b in branches]
    with_members = [f for f in roster.firms if f.size]
    return {
        "firms": len(roster.firms),
        "firms_with_members": len(with_members),
        "members": sum(f.size for f in roster.firms),
        "full_members": sum(f.full for f in roster.firms),
        "probationary_members": sum(f.probationary for f in roster.firms),
        "branches": len(branches),
        "standalone": sum(1 for b in branches if len(b.firms) == 1 and b.kind != "host"),
        "joint": sum(1 for b in branches if len(b.firms) > 1 and b.kind != "host"),
        "host": kinds.count("host"),
    } | {level + "es" if level.endswith("h") else level + "s": n for level in ("general_branch", "primary_committee")   # of those, how many are large enough for
         if (n := sum(1 for b in branches if b.level == level))}   # a 党总支 / 基层党委 (when any)
