"""What the solver's callers need without loading CP-SAT (nor numpy): the solve options, a
part's result and the candidate policy. The command line and the library import this module at
start-up; :mod:`.solve` (and OR-Tools with it, a third of a second) only when they solve."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import optioncheck
from ..errors import Msg


@dataclass(frozen=True)
class CandidatePolicy:
    """Which leads each small firm may join.

    ``nearest``: a small firm considers itself and its ``nearest`` closest small firms as
    joint-branch leads (None: all of them); ``nearest_fallback``: its closest big firms as
    fallback leads (None: all). Hosts of the jurisdiction are always candidates.
    """

    nearest: int | None = None
    nearest_fallback: int | None = None


#: Up to this many small firms in a jurisdiction every small firm is a candidate lead of
#: every other; above it each considers its nearest ``AUTO_NEAREST``.
AUTO_ALL_UP_TO = 120
AUTO_NEAREST = 15
AUTO_NEAREST_FALLBACK = 5
#: SolveOptions ranges, as ``branchplan solve`` has them (the seed: CP-SAT's, a 32-bit int)
MIN_TIME_LIMIT = 0.01
WORKERS_RANGE = (1, 64)
SEED_RANGE = (-2 ** 31, 2 ** 31 - 1)
NEAREST_ALSO = Msg(", or -1 (automatic) or None (all)", "；或为 -1（自动）、None（全部）")


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float | None = None
    seed: int = 0
    workers: int = 1
    search_workers: int = 1
    #: candidate leads per small firm: -1 automatic (all up to AUTO_ALL_UP_TO small firms in a
    #: jurisdiction, else the nearest AUTO_NEAREST), None all, k >= 1 the k nearest
    nearest: int | None = -1
    nearest_fallback: int | None = -1
    log: bool = False
    #: keep solving a large jurisdiction until it is proven optimal over all pairs (else a
    #: plan with a reported gap may be returned when the proof would be expensive)
    prove: bool = False

    def __post_init__(self) -> None:
        """Checked as ``branchplan solve`` checks its options (see :mod:`branchplan.optioncheck`):
        a value of the wrong type is a TypeError, one out of range a UsageError."""
        own, put = "SolveOptions", optioncheck.setter(self)
        if self.time_limit is not None:
            put("time_limit", optioncheck.real(own, "time_limit", self.time_limit, MIN_TIME_LIMIT))
        put("seed", optioncheck.integer(own, "seed", self.seed, *SEED_RANGE))
        put("workers", optioncheck.integer(own, "workers", self.workers, *WORKERS_RANGE))
        put("search_workers", optioncheck.integer(own, "search_workers", self.search_workers, *WORKERS_RANGE))
        for name in ("nearest", "nearest_fallback"):
            value = getattr(self, name)
            if value is not None:  # -1: automatic, None: every candidate, else at least 1
                number = optioncheck.integer(own, name, value)
                put(name, number if number == -1 else optioncheck.integer(own, name, number, 1, None, NEAREST_ALSO))
        put("log", optioncheck.flag(own, "log", self.log))
        put("prove", optioncheck.flag(own, "prove", self.prove))


@dataclass
class PartResult:
    jurisdiction: str
    status: str  # optimal | feasible | infeasible | unknown
    #: small firm id -> id of the unit leading its branch
    lead_of: dict[str, str] = field(default_factory=dict)
    #: priority -> cost of the returned solution at that level, 1/1000 points
    values: dict[int, int] = field(default_factory=dict)
    #: priority -> proven lower bound at that level (0 where the level was not reached);
    #: empty when no bound over all pairs is known (the proof is "restricted")
    bounds: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    variables: int = 0
    #: re-planning: current branch id -> id of the unit leading its continuation
    successors: dict[str, str] | None = None
    #: why the search stopped before proving every level: "time limit" or "interrupted"
    stopped: str | None = None
    #: assignment pairs modelled / pairs of the full problem
    pairs: int = 0
    pairs_total: int = 0
    #: how optimality over all pairs is established: "all pairs" (every pair modelled),
    #: "bound" (pairs left out are proven useless by a lower bound), "restricted" (not proven)
    proof: str = ""
    #: a sentence for the plan when optimality over all pairs is not proven
    note: str | None = None
    #: seconds spent per phase (bound, cp-sat, prune, ...), for benchmarks
    phases: dict[str, float] = field(default_factory=dict)
    #: solved again on every pair after the candidate pairs alone had no plan
    widened: bool = False


def policy_for(part_small: int, opts: SolveOptions) -> CandidatePolicy:
    nearest = opts.nearest
    if nearest == -1:
        nearest = None if part_small <= AUTO_ALL_UP_TO else AUTO_NEAREST
    fb = opts.nearest_fallback
    if fb == -1:
        fb = None if part_small <= AUTO_ALL_UP_TO else AUTO_NEAREST_FALLBACK
    return CandidatePolicy(nearest, fb)
