"""The CP-SAT model of one part: variables, and the helpers rule encoders post rows with.

Variables
    # x[i, u] = 1 if small firm i is in the branch led by unit u (u a small firm, a big
    #           firm or a host); x[u, u] = 1 if small firm u leads a branch.
    # h[u]    = 1 if host u takes at least one firm (its branch exists).
    # J[u]    = 1 if the branch led by firm u covers more than one unit (a joint branch);
    #           created only when a rule needs it.

Every row is linear in these variables (no ``only_enforce_if``): measured on this problem,
CP-SAT's LP relaxation then does the work and proves optimality fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable

from .cpsat import Model, cp_model

from .part import Part

if TYPE_CHECKING:  # pragma: no cover
    from .continuity import Continuity

LinearExpr = cp_model.LinearExprT


@dataclass
class Encoding:
    part: Part
    as_of: date
    model: cp_model.CpModel = field(default_factory=Model)
    x: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    #: lead u -> [(i, x[i, u]) for i != u]
    joiners: dict[int, list[tuple[int, cp_model.IntVar]]] = field(default_factory=dict)
    #: priority level -> [(rule code, expression in 1/1000 points)]
    penalties: dict[int, list[tuple[str, LinearExpr]]] = field(default_factory=dict)
    #: re-planning: the current plan's variables (solver/continuity.py), None without one
    current: "Continuity | None" = None
    #: Explaining infeasibility only: (rule code, subject id) -> the enforcement literal of
    #: that rule instance, or True / False (see ``require``). None in a normal solve, whose
    #: rows stay purely linear.
    guard: Callable[[str, str], cp_model.IntVar | bool] | None = None
    _hosts: dict[int, cp_model.IntVar] = field(default_factory=dict)
    _joint: dict[int, cp_model.IntVar | int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        p = self.part
        x, joiners, new_bool_var = self.x, self.joiners, self.model.new_bool_var
        ids: dict[int, str] = {}      # (unit ids, looked up once per unit)
        for i in p.small:
            iid = ids.get(i) or ids.setdefault(i, p.unit_id(i))
            for u in p.cands[i]:
                uid = ids.get(u) or ids.setdefault(u, p.unit_id(u))
                var = new_bool_var(f"x[{iid},{uid}]")
                x[i, u] = var
                if u != i:
                    joiners.setdefault(u, []).append((i, var))
        # A firm joins a small firm's branch only if that firm leads it: x[i, u] <= x[u, u].
        add = self.model.add
        for i in p.small:
            for u in p.cands[i]:
                if u != i:
                    lead = x.get((u, u))
                    if lead is not None:
                        add(x[i, u] <= lead)

    # ------------------------------------------------------------------ queries
    def leads(self, include_hosts: bool = True) -> list[int]:
        """Units that may lead a branch: small firms, big firms, hosts that can take firms."""
        p = self.part
        out = sorted(p.small + p.big)
        if include_hosts:
            out += [h for h in p.host_units if h in self.joiners]
        return out

    def lead(self, u: int) -> cp_model.IntVar | int:
        """1 if unit u leads a branch (a constant for big firms)."""
        p = self.part
        if p.is_host(u):
            if u not in self._hosts:
                h = self.model.new_bool_var(f"h[{p.unit_id(u)}]")
                js = [v for _, v in self.joiners.get(u, [])]
                for v in js:
                    self.model.add(v <= h)
                self.model.add(h <= sum(js))
                self._hosts[u] = h
            return self._hosts[u]
        if (u, u) in self.x:
            return self.x[u, u]
        return 1

    def joint(self, u: int) -> cp_model.IntVar | int:
        """1 if the branch led by u covers more than one unit (0 if nobody can join u)."""
        if u not in self._joint:
            js = [v for _, v in self.joiners.get(u, [])]
            if not js:
                self._joint[u] = 0
            else:
                j = self.model.new_bool_var(f"J[{self.part.unit_id(u)}]")
                for v in js:
                    self.model.add(v <= j)
                self.model.add(j <= sum(js))
                self._joint[u] = j
        return self._joint[u]

    def branch_sum(self, u: int, weight: Callable[[int], int]) -> tuple[LinearExpr, int, int]:
        """sum of weight(i) over the units of u's branch, with its lower and upper bound.

        Hosts contribute nothing themselves (their own members are not in the roster).
        """
        p = self.part
        vs, cs = [], []
        lo = hi = 0
        for i, v in self.joiners.get(u, ()):
            c = weight(i)
            if c:
                vs.append(v)
                cs.append(c)
                if c < 0:
                    lo += c
                else:
                    hi += c
        # (the same rows as sum(c * v ...) would give, without an expression per term)
        expr: LinearExpr = cp_model.LinearExpr.weighted_sum(vs, cs) if vs else 0
        if not p.is_host(u):
            own = weight(u)
            lead = self.lead(u)
            expr = expr + own * lead
            if isinstance(lead, int):
                lo += own
                hi += own
            else:
                lo += min(0, own)
                hi += max(0, own)
        return expr, lo, hi

    def assignments(self) -> Iterable[tuple[int, int, cp_model.IntVar]]:
        for (i, u), v in self.x.items():
            yield i, u, v

    # ------------------------------------------------------------------ posting
    def require(self, code: str, subject: str, row) -> None:
        """Post a row of the hard rule instance (``code``, ``subject``: a unit id or the
        jurisdiction). The guard, when set, says per instance: a literal (the row holds only
        if it does), True (post the row as is) or False (leave the instance out)."""
        g = True if self.guard is None else self.guard(code, subject)
        if g is True:
            self.model.add(row)
        elif g is False or row is True:
            return
        elif row is False:  # a constant row that fails: the instance cannot hold
            self.model.add(g == 0)
        else:
            self.model.add(row).only_enforce_if(g)

    def require_one(self, code: str, subject: str, lits: list) -> None:
        """Exactly one of ``lits`` (a firm's placement). Guarded, "at most one" always holds
        and "at least one" is the instance: without it the firm may stay unplaced, never
        be in two branches."""
        g = True if self.guard is None else self.guard(code, subject)
        if g is True:
            self.model.add_exactly_one(lits)
            return
        self.model.add_at_most_one(lits)
        if g is not False:
            self.model.add_bool_or(lits).only_enforce_if(g)

    def penalize(self, code: str, priority: int, expr: LinearExpr) -> None:
        """Add a soft rule's cost (in 1/1000 points) to the objective of its priority level."""
        self.penalties.setdefault(priority, []).append((code, expr))

    def violation(self, name: str, ub: int) -> cp_model.IntVar:
        return self.model.new_int_var(0, max(0, ub), name)
