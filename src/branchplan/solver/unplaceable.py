"""Small firms that no branch can take, and the minimal conflict that shows it.

The common infeasibility: a small firm f that no branch can take, whatever the other
firms do. Its conflict is ``BP-ONE-BRANCH`` for f plus, for every lead u it could join,
the instances at u that together forbid f's joining u. Those per-lead questions are
independent (the other firms are free when only f must be placed), so each is answered on
a small model holding only u and the firms that may join u, and shrunk there.

Which firms can be placed at all: maximise the number of placed firms (every hard rule
but the one-branch rule posted as is: pure linear rows, the LP does the work). Firms left
out are asked again, alone, until either some get placed (they are placeable, ask about
the rest) or none can be (each left is unplaceable).
"""

from __future__ import annotations

from datetime import date

from ..charter import Rule
from .explain import (Budget, Core, GuardedModel, Instance, Tester, _status, deletion_order,
                      report_order, shrink)
from .part import Part

#: Deterministic seconds for the first "place as many firms as possible" solve; its best
#: solution, optimal or not, says which firms can be placed.
FIRST_PLACEMENT_WORK = 3.0


def assignment_code(rules: tuple[Rule, ...]) -> str | None:
    return next((r.code for r in rules if r.kind == "assignment" and r.is_hard), None)


def unplaceable_firms(part: Part, rules: tuple[Rule, ...], as_of: date, budget: Budget,
                      seed: int = 0) -> tuple[str, list[int]]:
    """("ok", small firms no plan can place) / ("infeasible", []) when the rules fail even
    with nobody placed / ("unknown", []) when the budget ran out."""
    one = assignment_code(rules)
    pending = list(part.small)
    hint: dict = {}
    first = True
    while pending:
        if budget.left <= 0:
            return "unknown", []
        gm = GuardedModel(part, rules, as_of, decide=lambda k: k.code != one)
        model, x = gm.enc.model, gm.enc.x
        by_firm: dict[int, list] = {}
        for (j, _u), v in x.items():
            by_firm.setdefault(j, []).append(v)
        placed = {i: sum(by_firm[i]) for i in pending}
        for key, value in hint.items():
            model.add_hint(x[key], value)
        if first:  # as many as possible, within a small effort
            model.maximize(sum(placed.values()))
        else:  # can any firm still pending be placed at all?
            model.add(sum(placed.values()) >= 1)
        status, solver = budget.solve(model, seed, cap=FIRST_PLACEMENT_WORK if first else None)
        status = _status(status, model, part)
        if status == "infeasible":
            return ("infeasible", []) if first else ("ok", pending)
        if status != "feasible":
            return "unknown", []
        first = False
        hint = {key: solver.value(v) for key, v in x.items()}
        pending = [i for i in pending if not solver.value(placed[i])]
    return "ok", []


def local_part(part: Part, f: int, u: int) -> tuple[Part, int, int]:
    """The part cut down to lead u, firm f and the small firms that may join u."""
    joiners = [i for i in part.small if i != u and u in part.cands[i]]
    firm_units = sorted(set(joiners) | {f} | (set() if part.is_host(u) else {u}))
    hosts = [part.unit(u)] if part.is_host(u) else []
    sub = Part(part.jurisdiction, [part.firms[i] for i in firm_units], hosts, part.big_min,
               part.allow_standalone_fallback, part.allow_host_fallback)
    new = {old: k for k, old in enumerate(firm_units)}
    if part.is_host(u):
        new[u] = len(firm_units)
    for old in firm_units:
        (sub.big if part.is_big(old) else sub.small).append(new[old])
        if not part.is_big(old):
            sub.cands[new[old]] = [new[old]] + ([new[u]] if old != u and u in part.cands[old] else [])
    return sub, new[f], new[u]


def lead_core(part: Part, rules: tuple[Rule, ...], as_of: date, f: int, u: int, budget: Budget,
              seed: int = 0) -> tuple[str, list[Instance], bool, int, int]:
    """Why f cannot be in the branch led by u: (status, minimal instances at u, proven,
    instances at u in the solver's first core, instances at u)."""
    sub, fi, ui = local_part(part, f, u)
    uid, one = part.unit_id(u), assignment_code(rules)
    gm = GuardedModel(sub, rules, as_of,
                      decide=lambda k: None if k.subject == uid and k.code != one else False)
    gm.enc.model.add(gm.enc.x[fi, ui] == 1)
    everything = sorted(gm.lits, key=lambda k: gm.lits[k].index)
    if budget.left <= 0:
        return "unknown", [], False, 0, len(everything)
    status, core = gm.solve(everything, budget, seed)
    if status != "infeasible":
        return status, [], False, 0, len(everything)
    minimal, proven = shrink(lambda rest: gm.solve(rest, budget, seed), core,
                             deletion_order(core, rules, part), budget)
    return "infeasible", minimal, proven, len(core), len(everything)


def holds_alone(part: Part, rules: tuple[Rule, ...], as_of: date, v: int, instances: list[Instance],
                budget: Budget, seed: int = 0) -> bool:
    """Whether standalone firm v's instances hold with nobody joining it."""
    sub = Part(part.jurisdiction, [part.firms[v]], [], part.big_min, part.allow_standalone_fallback,
               part.allow_host_fallback, big=[0])
    wanted = set(instances)
    gm = GuardedModel(sub, rules, as_of, decide=lambda k: k in wanted)
    status, _ = budget.solve(gm.enc.model, seed)
    return _status(status, gm.enc.model, sub) == "feasible"


def core_of_unplaceable(part: Part, rules: tuple[Rule, ...], as_of: date, budget: Budget,
                        seed: int = 0) -> Core:
    """The conflict of the first small firm no branch can take (status "infeasible"), or a
    Core with status "feasible" / "unknown" when there is none / time ran out."""
    one = assignment_code(rules)
    out = Core("unknown", method="unplaceable")
    if one is None or not part.small:
        out.status = "feasible"
        return out
    status, stuck = unplaceable_firms(part, rules, as_of, budget, seed)
    if status != "ok" or not stuck:
        out.status = "feasible" if status == "ok" else "unknown"
        return out
    f = stuck[0]
    found = [Instance(one, part.unit_id(f))]
    proven, first, considered = True, 1, 1
    for u in part.cands[f]:
        st, at_u, ok, n, m = lead_core(part, rules, as_of, f, u, budget, seed)
        first, considered = first + n, considered + m
        if st != "infeasible":  # time ran out (a placeable lead cannot be: f is stuck)
            out.status = "unknown"
            return out
        found += at_u
        proven = proven and ok
    out.assumed, out.initial = considered, first
    # The leads were asked one by one: that is exact when every other lead can stay out of
    # the way. A small firm or a host can (it leads nothing); a standalone firm always
    # leads its branch, so its instances must hold with nobody joining it. If one cannot,
    # the conflict is shrunk on the whole model instead.
    big = {part.unit_id(v): v for v in part.big}
    for vid in dict.fromkeys(k.subject for k in found if k.subject in big):
        mine = [k for k in found if k.subject == vid and k.code != one]
        if not holds_alone(part, rules, as_of, big[vid], mine, budget, seed):
            test = Tester(part, rules, as_of, budget, seed)
            found, proven = shrink(test, found, deletion_order(found, rules, part), budget)
            break
    out.status = "infeasible"
    out.instances = report_order(found, rules, part)
    out.minimal = proven
    out.unplaceable = [part.unit_id(i) for i in stuck]
    return out
