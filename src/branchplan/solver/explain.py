"""Why a part has no plan: a minimal set of conflicting hard rule instances.

A *rule instance* is one hard rule about one subject: ``BP-MIN-FULL`` for the branch led
by F017, ``BP-ONE-BRANCH`` for firm F021, a ``branch_count`` rule for a jurisdiction. Every
hard rule kind posts its rows through ``Encoding.require(code, subject, row)``; here the
encoding gets a guard that leaves an instance out, posts it as is, or gives it a Boolean

    # a[k] = 1 if rule instance k is enforced; every row of k holds only if a[k] = 1

Solving with a[k] assumed true (``add_assumptions``) for every k reproduces the infeasible
model, and ``sufficient_assumptions_for_infeasibility()`` names a subset of the a[k] that
is infeasible on its own (a core). A core is shrunk by deletion: drop instances (one at a
time, or in growing groups while whole groups can go) and re-solve with the rest assumed;
still infeasible -> they stay dropped (and the solver's new, smaller core is taken);
feasible -> one by one, each is necessary. What remains is minimal: dropping any one
instance makes the rest satisfiable. Where the guarded model cannot decide quickly
(counting conflicts need the LP, which big-M rows blunt), each set is asked of a model
holding just its instances as pure linear rows (:class:`Tester`); where that does not
decide at once either (a packing argument: too few full members for the joint branches
the caps allow, the fallbacks capped too), the model gets a row from the relaxation's
branch model, the fallback placements those instances force (:mod:`.packing`).

Before that, the common case is found fast (``branchplan.infeasible`` runs the counting
pre-checks first): a small firm that no branch can take. Maximising the number of placed firms
(pure linear rows) shows which firms can be placed at all; a firm that cannot is
explained lead by lead on a small model holding only that lead and the firms that may
join it (see :mod:`branchplan.solver.unplaceable`).

Which instances are tried first decides which minimal core is found: the least negotiable
rules are dropped first, so a core keeps, where it can, the rules a committee can most
easily relax (see :func:`negotiability`). Enforcement literals weaken CP-SAT's LP
relaxation (the normal solve, measured, proves optimality many times slower with them),
so guarded models are built only to explain; assumptions need a single worker and no
objective. Explanation models also get the cut J[u] <= lead(u) (:func:`tighten`).

Every solve is limited in CP-SAT's *deterministic* time (:class:`Budget`), not in wall
time, so the same input gives the same explanation on any machine; only a time limit the
user gives (``--time-limit``) also stops it on the clock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Literal

from .cpsat import cp_model

from ..charter import Rule
from ..rules import KINDS, negotiability
from ..plan import shown_jurisdiction
from . import interrupt
from .build import Encoding
from .grouping import post_floor
from .packing import Packing
from .part import Part

Status = Literal["infeasible", "feasible", "unknown"]

@dataclass(frozen=True, order=True)
class Instance:
    """One hard rule about one subject (a lead unit, a firm or a jurisdiction)."""

    code: str
    subject: str

    def __str__(self) -> str:
        return f"{self.code}@{self.subject}"


@dataclass
class Core:
    status: Status  # infeasible: ``instances`` is a core; feasible / unknown: no core
    instances: list[Instance] = field(default_factory=list)
    #: how it was found: "unplaceable" (one firm no branch can take) or "assumptions"
    method: str = ""
    #: instance literals in the model, size of the first core, size after shrinking
    assumed: int = 0
    initial: int = 0
    #: every instance was proven necessary (False when a re-solve ran out of time)
    minimal: bool = False
    #: small firms (ids) that no branch can take at all, the core's own firm first
    unplaceable: list[str] = field(default_factory=list)
    solves: int = 0
    seconds: float = 0.0
    #: CP-SAT deterministic seconds spent
    work: float = 0.0


def _unit_pos(part: Part) -> dict[str, int]:
    return {part.unit_id(u): u for u in range(len(part.firms) + len(part.hosts))}


def deletion_order(instances, rules: tuple[Rule, ...], part: Part) -> list[Instance]:
    """Least negotiable first (tried for deletion first), later charter rules first, units in order."""
    rank = {r.code: (-negotiability(r), -i) for i, r in enumerate(rules)}
    pos = _unit_pos(part)
    return sorted(instances, key=lambda k: (rank[k.code], pos.get(k.subject, -1), k.subject))


def report_order(instances, rules: tuple[Rule, ...], part: Part) -> list[Instance]:
    """Charter order, then unit order."""
    rank = {r.code: i for i, r in enumerate(rules)}
    pos = _unit_pos(part)
    return sorted(instances, key=lambda k: (rank[k.code], pos.get(k.subject, -1), k.subject))


@dataclass
class Budget:
    """Deterministic seconds (CP-SAT's work measure) for one explanation, and per solve."""

    total: float = 60.0
    per_solve: float = 10.0
    used: float = 0.0
    solves: int = 0
    #: the clock (time.monotonic()) past which nothing more is solved: the user's time
    #: limit, where given (the explanation is then no longer reproducible, as a plan cut
    #: short by the limit is not)
    deadline: float | None = None

    @property
    def timed_out(self) -> bool:
        """The deadline has passed."""
        return self.deadline is not None and time.monotonic() >= self.deadline

    @property
    def left(self) -> float:
        return 0.0 if self.timed_out else self.total - self.used

    def solve(self, model: cp_model.CpModel, seed: int = 0, guarded: bool = False,
              cap: float | None = None, symmetry: bool = False) -> tuple[int, cp_model.CpSolver]:
        limit = min(self.per_solve, cap or self.per_solve, max(0.0, self.left))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        # Measured on 50- and 300-firm parts: symmetry detection and probing took most of
        # the time of these many short solves and decided nothing, except that counting
        # conflicts (too few full members for the branches needed; the firms interchangeable
        # but for their counts) are proven several times faster with symmetry. With
        # assumption literals (guarded) the big-M rows make the LP useless and presolve
        # slow: both off; pure linear rows keep the LP-heavy setting of the normal solve.
        solver.parameters.symmetry_level = 2 if symmetry else 0
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.linearization_level = 0 if guarded else 2
        solver.parameters.cp_model_presolve = not guarded
        solver.parameters.max_deterministic_time = max(1e-3, limit)
        if self.deadline is not None:
            solver.parameters.max_time_in_seconds = max(1e-3, self.deadline - time.monotonic())
        status = interrupt.solve(solver, model)   # (CP-SAT's own SIGINT catching would unset Python's)
        self.used += solver.deterministic_time
        self.solves += 1
        return status, solver


Decide = Callable[[Instance], "bool | None"]


def tighten(enc: Encoding) -> None:
    """J[u] <= lead(u): a joint branch has a lead. Implied for integer solutions, it lets the
    LP see that a branch of at most N firms is one of at most N per lead, which proves the
    counting conflicts (too few full members for the branches the firms need) at the root."""
    for u, j in enc._joint.items():  # the J variables the rules created (no new ones)
        if not isinstance(j, int):
            enc.model.add(j <= enc.lead(u))


class GuardedModel:
    """The part's hard rules; ``decide(k)`` per instance: True (post as is), False (leave
    out) or None (give it an assumption literal, the default)."""

    def __init__(self, part: Part, rules: tuple[Rule, ...], as_of: date, decide: Decide | None = None):
        self.part = part
        self.decide = decide or (lambda k: None)
        self.lits: dict[Instance, cp_model.IntVar] = {}
        self.enc = Encoding(part, as_of, guard=self._guard)
        for rule in rules:
            if rule.is_hard:
                KINDS[rule.kind].encode(rule, self.enc)
        tighten(self.enc)
        self.by_index = {v.index: k for k, v in self.lits.items()}

    def _guard(self, code: str, subject: str):
        key = Instance(code, subject)
        d = self.decide(key)
        if d is not None:
            return d
        if key not in self.lits:
            self.lits[key] = self.enc.model.new_bool_var(f"a[{key}]")
        return self.lits[key]

    def solve(self, assumed, budget: Budget, seed: int = 0, cap: float | None = None
              ) -> tuple[Status, list[Instance]]:
        """Solve with ``assumed`` enforced (the other literals free: those instances may be dropped)."""
        model = self.enc.model
        model.clear_assumptions()
        model.add_assumptions([self.lits[k] for k in assumed])
        status, solver = budget.solve(model, seed, guarded=True, cap=cap)
        if status == cp_model.INFEASIBLE:
            core = [self.by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()]
            return "infeasible", core or list(assumed)
        return _status(status, model, self.part), []


def _status(status, model, part: Part) -> Status:
    if status == cp_model.INFEASIBLE:
        return "infeasible"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible"
    if status == cp_model.MODEL_INVALID:  # pragma: no cover - a defect, reported as such
        from ..errors import InternalError

        raise InternalError(f"CP-SAT rejected the explanation model of {shown_jurisdiction(part.jurisdiction)}: "
                            f"{model.validate()}")
    return "unknown"


Test = Callable[[list[Instance]], "tuple[Status, list[Instance]]"]


def shrink(test: Test, core: list[Instance], order: list[Instance], budget: Budget
           ) -> tuple[list[Instance], bool]:
    """Deletion-based shrinking of an infeasible ``core``: (minimal core, proven minimal).

    Instances are tried in ``order``, in growing groups while whole groups can go (many
    firms of a large core are not needed) and one by one otherwise; a still-infeasible
    test may return a smaller core, which is taken at once.
    """
    current = set(core)
    todo = [k for k in order if k in current]
    proven, i, size = True, 0, 1
    while i < len(todo):
        if budget.left <= 0:
            return sorted(current), False
        group = [k for k in todo[i:i + size] if k in current]
        if not group:
            i += size
            continue
        rest = [m for m in todo if m in current and m not in group]
        status, smaller = test(rest)
        if status == "infeasible":
            current = set(smaller) & set(rest)
            i, size = i + size, size * 2
        elif size > 1:
            size //= 2
        else:
            proven = proven and status == "feasible"
            i += 1
    return sorted(current), proven


#: Deterministic seconds a guarded solve may take before the plain model is asked instead.
GUARDED_TRY = 1.0
#: ... and the plain model before it gets the packing argument's row (:mod:`.packing`).
PLAIN_TRY = 0.25


class Tester:
    """Can a set of rule instances hold together? Asked first of the guarded model (cheap
    when propagation decides, and an infeasible answer names a smaller core); when that
    does not decide within GUARDED_TRY, of a model holding just those instances as pure
    linear rows (the LP decides counting arguments the guarded model cannot), from then on:
    for PLAIN_TRY, then with the row "at least so many fallback placements" that the
    branch model proves for those instances (:mod:`.packing`; measured on the 24-firm city
    of tests/data/slow-explanation: sets the plain model left undecided after 10 deterministic s
    are proven infeasible at once with it, and the conflict is proven minimal)."""

    def __init__(self, part: Part, rules: tuple[Rule, ...], as_of: date, budget: Budget, seed: int = 0,
                 known_infeasible: bool = True):
        self.part, self.rules, self.as_of, self.budget, self.seed = part, rules, as_of, budget, seed
        self.gm = GuardedModel(part, rules, as_of)
        self.everything = sorted(self.gm.lits, key=lambda k: self.gm.lits[k].index)
        self.guarded = True
        self.packing: Packing | None = None
        #: every instance together is infeasible (the solve proved it): no need to ask again
        self.known_infeasible = known_infeasible

    def __call__(self, instances: list[Instance]) -> tuple[Status, list[Instance]]:
        if self.guarded:
            status, core = self.gm.solve(instances, self.budget, self.seed, cap=GUARDED_TRY)
            if status != "unknown":
                return status, core
            self.guarded = False
        if self.known_infeasible and len(instances) == len(self.everything):
            return "infeasible", list(instances)
        wanted = set(instances)
        plain = GuardedModel(self.part, self.rules, self.as_of, decide=lambda k: k in wanted)
        status, _ = self.budget.solve(plain.enc.model, self.seed, symmetry=True, cap=PLAIN_TRY)
        if status != cp_model.UNKNOWN or self.budget.left <= 0:
            return _status(status, plain.enc.model, self.part), list(instances)
        # not decided at once: the fallback placements these instances force (a packing
        # argument, :mod:`.packing`), as a valid row, and the search again
        if self.packing is None:
            self.packing = Packing(self.part, self.rules, self.as_of, self.everything)
        post_floor(plain.enc, self.packing.floor(self.budget, self.seed, wanted))
        status, _ = self.budget.solve(plain.enc.model, self.seed, symmetry=True)
        return _status(status, plain.enc.model, self.part), list(instances)


def core_by_assumptions(part: Part, rules: tuple[Rule, ...], as_of: date, budget: Budget,
                        seed: int = 0) -> Core:
    """The general method: every instance assumed, CP-SAT's core, then shrinking."""
    test = Tester(part, rules, as_of, budget, seed)
    out = Core("unknown", method="assumptions", assumed=len(test.everything))
    out.status, core = test(test.everything)
    if out.status == "infeasible":
        out.initial = len(core)
        minimal, out.minimal = shrink(test, core, deletion_order(core, rules, part), budget)
        out.instances = report_order(minimal, rules, part)
    return out


def find_core(part: Part, rules: tuple[Rule, ...], as_of: date, budget: Budget | None = None,
              seed: int = 0) -> Core:
    """A minimal set of hard rule instances of ``part`` that cannot hold together (the
    part must be infeasible: the solve proved it)."""
    from .unplaceable import core_of_unplaceable

    budget = budget or Budget()
    start, used, solves = time.monotonic(), budget.used, budget.solves
    out = core_of_unplaceable(part, rules, as_of, budget, seed)
    if out.status != "infeasible":
        unplaceable = out.unplaceable
        out = core_by_assumptions(part, rules, as_of, budget, seed)
        out.unplaceable = unplaceable
    out.seconds = time.monotonic() - start
    out.work = budget.used - used
    out.solves = budget.solves - solves
    return out

