"""What the peers share: the outcome record, and scoring a grouping with branchplan's evaluators."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date

from branchplan.charter import Charter
from branchplan.check import evaluate
from branchplan.model import Roster
from branchplan.plan import Branch, Plan
from branchplan.solver.part import Part
from branchplan.solver.solve import SolveOptions, make_parts


@dataclass
class Outcome:
    peer: str
    #: optimal (all parts proven) | feasible | infeasible (a hard rule broken) | incomplete
    status: str
    #: cost by priority level (points), as branchplan's evaluators charge it
    objective: dict[int, float] = field(default_factory=dict)
    #: proven lower bound by priority level (points), where the peer proves one
    bound: dict[int, float] = field(default_factory=dict)
    seconds: float = 0.0
    parts: int = 0
    parts_solved: int = 0
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["objective"] = {str(k): v for k, v in self.objective.items()}
        d["bound"] = {str(k): v for k, v in self.bound.items()}
        return d


def default_parts(roster: Roster, charter: Charter) -> list[Part]:
    """The parts (and candidate leads) branchplan's general model uses by default."""
    return make_parts(roster, charter, SolveOptions())


def score(peer: str, roster: Roster, charter: Charter, as_of: date, lead_of: dict[str, str],
          started: float, parts: int, solved: int, bound: dict[int, float] | None = None,
          complete: bool = True, detail: dict | None = None) -> Outcome:
    """Evaluate a grouping (small firm id -> lead unit id; big firms lead themselves)."""
    groups: dict[str, list[str]] = {}
    for f in roster.firms:
        if f.size == 0:
            continue
        lead = lead_of.get(f.id, f.id)
        groups.setdefault(lead, [])
        if lead != f.id:
            groups[lead].append(f.id)
    branches = []
    for k, lead in enumerate(sorted(groups)):
        firms = ([] if lead in roster.host_by_id else [lead]) + sorted(groups[lead])
        branches.append(Branch(id=f"B{k + 1:05d}", lead=lead, firms=firms))
    plan = Plan(branches=branches, as_of=as_of)
    check = evaluate(plan, roster, charter, as_of)
    objective = {lvl: v / 1000 for lvl, v in sorted(check.cost_by_priority().items())}
    if not complete:           # out of time before every jurisdiction: firms left out
        status = "incomplete"
    elif check.hard:
        status = "infeasible"
    elif bound is not None and all(abs(bound.get(lvl, -1) - v) < 1e-6 for lvl, v in objective.items()):
        status = "optimal"
    else:
        status = "feasible"
    info = dict(detail or {})
    if check.hard:
        info["hard_findings"] = len(check.hard)
        info["first_hard"] = check.hard[0].message
    return Outcome(peer, status, objective, bound or {}, time.monotonic() - started, parts, solved, info)


def run_parts(name: str, roster: Roster, charter: Charter, as_of: date, time_limit: float | None,
              solve_part, extra=None) -> "Outcome":
    """Run a peer's ``solve_part(part, charter, as_of, deadline) -> (lead_of, bound_by_level,
    proven) | None`` over every jurisdiction and score the plan it builds. ``extra(bound)``
    gives extra fields for the outcome."""
    started = time.monotonic()
    deadline = started + time_limit if time_limit else None
    parts = default_parts(roster, charter)
    lead_of: dict[str, str] = {}
    bound: dict[int, float] = {}
    solved, proven, complete = 0, True, True
    for part in parts:
        if not part.small:
            solved += 1
            continue
        res = solve_part(part, charter, as_of, deadline)
        if res is None:
            complete = False
            break
        lead, part_bound, ok = res
        lead_of.update(lead)
        for lvl, v in part_bound.items():
            bound[lvl] = bound.get(lvl, 0.0) + v
        proven &= ok
        solved += 1
    args = (name, roster, charter, as_of, lead_of, started, len(parts), solved, bound if proven else None, complete)
    out = score(*args, extra(bound)) if extra is not None else score(*args)
    if complete and not proven:
        out.bound = bound
    return out
