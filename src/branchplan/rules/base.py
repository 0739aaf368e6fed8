"""What every rule kind shares: findings, the plan view evaluators read, evaluation results.

A rule kind is a module with:

- ``KIND``: its name in rules files; ``SEVERITIES``: allowed severities, default first;
- ``Params``: a pydantic model of its parameters (unknown keys are errors);
- ``encode(rule, enc)``: posts CP-SAT constraints (hard) or penalty terms (soft) on a
  :class:`branchplan.solver.build.Encoding`; a hard rule posts its rows through
  ``enc.require(code, subject, row)`` so that infeasibility can be explained per rule
  instance (rule code and the lead, firm or jurisdiction it is about);
- ``evaluate(rule, view)``: checks a finished plan in plain Python and returns a
  :class:`Result` whose cost equals what ``encode`` charged for the same plan.

The module docstring is the kind's manual (``branchplan rules show``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..model import Firm, Host, Roster

if TYPE_CHECKING:  # pragma: no cover
    from ..current import CurrentPlan

Composition = Literal["standalone", "joint", "host"]


class Params(BaseModel):
    # strict: a count is never ``true``, a number never a NaN or infinity
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class BoundParams(Params):
    """Parameters with a lower and/or upper bound (at least one)."""

    min: int | None = Field(None, ge=0, le=10_000_000)
    max: int | None = Field(None, ge=0, le=10_000_000)

    @model_validator(mode="after")
    def _bounds(self):
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is larger than 'max'")
        return self


@dataclass(frozen=True)
class Finding:
    """One violated rule instance, with the subjects a clerk needs to act on it."""

    code: str
    severity: Literal["hard", "soft"]
    message: str
    message_zh: str = ""
    branch: str | None = None
    firms: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    cost: float = 0.0
    source: str | None = None
    #: index of the branch in the plan file (for positions), None when not about one branch
    branch_index: int | None = None
    #: firm whose entry in the plan is the subject (for positions)
    firm_entry: str | None = None
    #: the jurisdiction, for a finding about a whole jurisdiction (a waiver may name it)
    jurisdiction: str | None = None

    def sort_key(self) -> tuple:
        return (0 if self.severity == "hard" else 1, self.code, self.branch or "", self.firms, self.message)

    def to_dict(self) -> dict:
        """JSON-ready, with the keys a finding has in ``branchplan check --format json``
        (there also ``file``, ``line`` and ``column``, the finding's place in the plan file)."""
        out = {"code": self.code, "severity": self.severity, "message": self.message,
               "message_zh": self.message_zh, "branch": self.branch, "firms": list(self.firms),
               "members": list(self.members), "cost": self.cost, "source": self.source}
        if self.jurisdiction is not None:
            out["jurisdiction"] = self.jurisdiction
        return out


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    #: the rule's raw measure (violations, member-km, placements)
    measure: float = 0.0
    #: weighted cost in 1/1000 points, exactly as the solver objective charges it
    cost_milli: int = 0
    #: for a rule whose cost adds up over firms without findings of its own (distance):
    #: firm id -> its cost in 1/1000 points, so a change list can say where a plan costs
    #: more (the kind's ``describe`` words it)
    by_firm: dict[str, int] = field(default_factory=dict)
    #: the same per entry of a firm in the plan: (firm id, branch index) -> its cost (a firm
    #: the plan lists in two branches has two entries; ``by_firm`` adds them up)
    by_entry: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class BranchView:
    """A branch of a plan as the evaluators see it."""

    id: str
    index: int
    jurisdiction: str
    lead: str
    firms: tuple[Firm, ...]
    host: Host | None = None
    #: ids the plan lists that name no firm or host of the roster
    unknown: tuple[str, ...] = ()
    #: firm ids the plan lists more than once in this branch (kept once in ``firms``)
    repeated: tuple[str, ...] = ()
    #: every host organisation the branch names (its lead or among its units), in order, once
    #: each: a host's branch names one, and is led by it
    hosts: tuple[str, ...] = ()
    #: the roster's firm the plan names as lead where it is not one of the branch's firms (a
    #: hand edit: the lead listed in another branch, or in none), or where the lead is written
    #: by that firm's roster name rather than its id (the firm may be one of the branch's):
    #: the assignment rule finds it; the rules that weigh the branch's firms against their
    #: lead measure from it
    lead_elsewhere: Firm | None = None

    @property
    def composition(self) -> Composition:
        if self.host is not None:
            return "host"
        return "joint" if len(self.firms) > 1 else "standalone"

    @property
    def gone(self) -> bool:
        """Every unit the branch lists is missing from the roster (its firms closed, or given
        new ids): a branch of a plan read from a file only. The assignment rule says so; the
        rules that count or weigh a branch's members leave it out (it has none to count)."""
        return not self.firms and self.host is None and bool(self.unknown)

    @property
    def lead_firm(self) -> Firm | None:
        return next((f for f in self.firms if f.id == self.lead), None)

    @property
    def lead_unit(self) -> Firm | Host | None:
        """The unit the branch's firms are weighed against (distance, district, the lead's
        director): its host, its lead firm, or the roster's firm named as its lead though
        it is not one of the branch's firms; None where the roster has no such unit."""
        if self.host is not None:
            return self.host
        return self.lead_firm or self.lead_elsewhere

    @property
    def firm_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.firms)

    @property
    def full(self) -> int:
        return sum(f.full for f in self.firms)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.firms)


@dataclass
class PlanView:
    """Everything an evaluator needs: roster, the plan's branches, the charter's context."""

    roster: Roster
    branches: list[BranchView]
    as_of: date
    #: full-member threshold for a firm's own branch (0 when BP own-branch is disabled)
    own_branch_min: int | None
    #: small firms may join a standalone firm's branch / a host's (the fallback rule)
    standalone_fallback: bool = False
    host_fallback: bool = False
    #: the charter has a fallback rule (which then says which placements it does not allow;
    #: without one, the assignment and own-branch rules say that none is allowed)
    fallback_rule: bool = False
    #: re-planning: the current plan read against the roster (rule kind stability)
    current: "CurrentPlan | None" = None
    #: the charter has a jurisdiction rule: each jurisdiction is planned on its own (without
    #: one the roster is one whole, and rules "per jurisdiction" count over all of it)
    split: bool = True

    def is_big(self, firm: Firm) -> bool:
        return self.own_branch_min is not None and firm.full >= self.own_branch_min


def fmt_km(value: float) -> str:
    return f"{value:,.1f}"
