"""Whether hard rule instances can hold together, helped by the packing argument.

CP-SAT's plain model of a part (pure linear rows) can take longer than an explanation's
budget to prove that no plan exists when the proof is a packing argument: too few full
members for the joint branches the caps allow, so that small firms must fall back to a
standalone firm or a host, whose branches are capped too. The solve makes that argument
with the relaxation's branch model (:mod:`.grouping`): every set of small firms it allows
as one branch is listed, and the fewest small firms that no choice of disjoint sets holds
is a lower bound on the fallback placements of every plan. Posted as a row (at least that
many fallback placements), CP-SAT's LP sees the rest at once.

Here the same for a *set of rule instances* (explaining, :class:`.explain.Tester`) and for
a changed charter (remedies, :func:`decide`). The branch model is built lead by lead from
the hard rules whose instance at that lead is in the set (a ``branch_aggregate`` or
``max_distance`` rule has one instance per lead); a rule of another kind missing any
instance is left out entirely, and a small firm whose placement (the assignment rule's
instance) is not in the set may stay out of every branch. Leaving a rule out only allows
more branches, so the number is a lower bound on the fallback placements of every
assignment that satisfies the set, and the row is valid: an infeasible answer with it is
still a proof. A feasible answer is an assignment of the model itself; :func:`decide`
also has the plain-Python evaluators (:mod:`branchplan.check`) confirm it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

from .cpsat import Model, cp_model

from ..charter import Rule
from ..rules import KINDS
from .bound import BranchModel
from .build import Encoding
from .grouping import COVER_WORK, MAX_BRANCHES, MAX_NODES, branches, post_floor
from .part import Part
from .pool import choices
from .relax import branch_model, pair_costs

#: Rule kinds whose instances are one per lead (the branch it leads).
PER_LEAD = ("branch_aggregate", "max_distance")
#: Sets of small firms a listing visits (:func:`.grouping.branches`) charged as one
#: deterministic second of an explanation's budget: about what a second of the listing visits
#: (2,000,000 sets in 0.57 s on a 47-firm city whose capacity few sets can end within).
LISTED_PER_SECOND = 3_000_000


class Packing:
    """The fallback floor of a part under sets of its hard rule instances (the branch
    models and their listed branches are kept per lead and set of rules left out)."""

    def __init__(self, part: Part, rules: tuple[Rule, ...], as_of: date, everything=()):
        self.part, self.as_of = part, as_of
        self.rules = tuple(r for r in rules if r.is_hard)
        self.kind = {r.code: r.kind for r in self.rules}
        self.one = next((r.code for r in self.rules if r.kind == "assignment"), None)
        self.sub = replace(part, allow_standalone_fallback=False, allow_host_fallback=False, cands={})
        self.pos = {part.unit_id(u): k for k, u in enumerate(part.small)}
        self.everything = list(everything)
        self._models: dict[frozenset, BranchModel] = {}
        self._columns: dict[tuple[frozenset, int], list | None] = {}
        #: least_left's answers by (rules left out, listed branches, optional firms): the
        #: deletion filter asks the same question again and again (a valid bound either way)
        self._least: dict[tuple[frozenset, frozenset, frozenset], int] = {}

    def _model(self, left_out: frozenset) -> BranchModel:
        bm = self._models.get(left_out)
        if bm is None:
            rules = tuple(r for r in self.rules if r.code not in left_out)
            cost = pair_costs(self.sub, rules, 0, self.sub.small, self.sub.small)
            bm = self._models[left_out] = branch_model(self.sub, rules, 0, self.as_of, cost)
        return bm

    def _lead_columns(self, left_out: frozenset, lead: int, budget) -> list | None:
        """The branches ``lead`` may lead without the rules ``left_out``; None where there are
        too many, or listing them would take more than the budget has left: the sets the
        listing visits are charged to it (LISTED_PER_SECOND a deterministic second), so an
        explanation's work stays bounded when few of them can end a branch."""
        key = (left_out, lead)
        if key not in self._columns:
            bm = self._model(left_out)
            visited = [0]
            nodes = int(min(MAX_NODES, max(0.0, budget.left) * LISTED_PER_SECOND))
            self._columns[key] = branches(bm, leads=[lead], nodes=nodes, visited=visited,
                                          stop=lambda: budget.timed_out)
            budget.used += visited[0] / LISTED_PER_SECOND
        return self._columns[key]

    def floor(self, budget, seed: int = 0, kept=None) -> int:
        """A lower bound on the fallback placements of every assignment that satisfies the
        part's hard rules (``kept`` None) or the instances in ``kept`` (of ``everything``);
        0 where nothing is proven (too many branches to list, the budget spent)."""
        n = len(self.part.small)
        if not n or self.one is None or budget.left <= 0:
            return 0
        left_out: set[str] = set()
        at_lead: list[set[str]] = [set() for _ in range(n)]
        optional: set[int] = set()
        if kept is not None:
            for k in self.everything:
                if k in kept:
                    continue
                if k.code == self.one:
                    if k.subject in self.pos:
                        optional.add(self.pos[k.subject])
                elif self.kind.get(k.code) in PER_LEAD:
                    if k.subject in self.pos:      # (big firms' and hosts' branches: not in the branch model)
                        at_lead[self.pos[k.subject]].add(k.code)
                else:
                    left_out.add(k.code)
        if len(optional) == n:
            return 0
        columns: set[tuple[int, ...]] = set()
        for lead in range(n):
            cols = self._lead_columns(frozenset(left_out | at_lead[lead]), lead, budget)
            if cols is None:
                return 0
            columns.update(cols)
            if len(columns) > MAX_BRANCHES:
                return 0
        key = (frozenset(left_out), frozenset(columns), frozenset(optional))
        if key not in self._least:
            self._least[key] = least_left(self._model(key[0]), sorted(columns), optional, budget, seed)
        return self._least[key]


def least_left(bm: BranchModel, columns, optional: set[int], budget, seed: int = 0) -> int:
    """The fewest small firms outside ``optional`` that no choice of disjoint ``columns``
    (within the bound on the number of leads) holds: proven where CP-SAT's bound says so,
    and at least 1 where none is left out only without the bounds on the number of leads."""
    def base():
        model = Model()
        z, cover = choices(model, bm.n, columns)
        out = []
        for f, c in enumerate(cover):
            if f in optional:
                if c:
                    model.add_at_most_one(c)
            else:
                o = model.new_bool_var(f"s{f}")
                out.append(o)
                model.add_exactly_one(c + [o])
        if bm.leads_hi is not None:
            model.add(sum(z) <= bm.leads_hi)
        return model, z, out

    model, z, out = base()
    if not out:
        return 0
    model.minimize(sum(out))
    status, solver = budget.solve(model, seed, cap=COVER_WORK, symmetry=True)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        return 0
    least = max(0, int(math.ceil(solver.best_objective_bound - 1e-6)))
    if least == 0 and bm.leads_lo > 0 and budget.left > 0:
        # no small firm left out: then no fallback placement either, and the branches are
        # the small firms' own, at least leads_lo of them
        model, z, out = base()
        model.add(sum(out) == 0)
        model.add(sum(z) >= bm.leads_lo)
        status, _ = budget.solve(model, seed, cap=COVER_WORK, symmetry=True)
        if status == cp_model.INFEASIBLE:
            least = 1
    return least


def decide(part: Part, rules: tuple[Rule, ...], as_of: date, budget, seed: int = 0) -> str:
    """Whether the hard rules of ``part`` can hold together: "infeasible" (proven),
    "feasible" (with an assignment the plain-Python evaluators pass) or "unknown"."""
    from .explain import _status

    enc = Encoding(part, as_of)
    for rule in rules:
        if rule.is_hard:
            KINDS[rule.kind].encode(rule, enc)
    post_floor(enc, Packing(part, rules, as_of).floor(budget, seed))
    status, solver = budget.solve(enc.model, seed)
    out = _status(status, enc.model, part)
    if out == "feasible" and not passes(part, rules, as_of, enc, solver):
        return "unknown"
    return out


def passes(part: Part, rules: tuple[Rule, ...], as_of: date, enc: Encoding, solver) -> bool:
    """The solver's assignment, as a plan of the part, has no hard finding."""
    from ..charter import Charter, Text
    from ..check import evaluate
    from ..model import Roster
    from ..plan import Branch, Plan

    lead_of = {part.firms[i].id: part.unit_id(u) for (i, u), v in enc.x.items() if solver.boolean_value(v)}
    plan = Plan(branches=[Branch(id=f"B{k + 1}", lead=lead, firms=firms)
                          for k, (lead, firms) in enumerate(part.branch_firms(lead_of).items())])
    roster = Roster(jurisdiction=part.jurisdiction, firms=list(part.firms), hosts=list(part.hosts))
    return not evaluate(plan, roster, Charter("", Text(), rules), as_of).hard
