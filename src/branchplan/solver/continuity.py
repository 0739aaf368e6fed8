"""The current plan in the CP-SAT model: which branch continues which, who stays, pins, cap.

Variables (only when the part has a current plan; branch identity as in
:mod:`branchplan.current`)

    # s[B, v] = 1 if unit v leads the branch that continues current branch B
    #           (v one of B's remaining units, its lead or another: at most one per B)
    # y[i, v] = 1 if firm i of B is in the branch led by v and v continues B
    # stay[i] = sum_v y[i, v]  (small firm i);  s[B, i]  (a firm with its own branch)
    # in[i, B] = stay[i] if B is firm i's current branch, else sum_v y[i, v] over B's units v
    #            (members who joined firm i from branch B stay when i joins B's continuation;
    #            0 for a firm with its own branch, a dissolved B, or B in another jurisdiction)

Rows, all linear:

    s[B, v] <= lead(v)                     v leads a branch
    sum_v s[B, v] <= 1
    y[i, v] <= x[i, v],  y[i, v] <= s[B, v],  y[i, v] >= x[i, v] + s[B, v] - 1
                                           (y = x AND s exactly: the charge is exact for any
                                           solution, not only an optimal one)

and, where a hard rule caps what a branch holds (``sum_i a_i * [i in v's branch] <= cap``,
a_i >= 0: at most 4 firms, 50 members, ...), the same cap on B's continuation under v:

    sum_{i, B} a_i * y[i, v] + a_v * s[B, v] <= cap * s[B, v]      (y of current branch B,
                                           the members who joined i from B included; a_v for
                                           a firm with its own branch, whose stay is s[B, v])

implied by the rows above in integers, but not in the LP: with s[B, v] = 1/2 for two units
v of B, y[i, v] <= 1/2 keeps every firm of a branch now over the cap in it, and the LP
bound on the members moved was half the optimum. On a 300-firm city after the charter's
joint-branch cap went from 5 firms to 4 (4 branches over it), the fewest moves took 25 s
to prove and the whole re-plan 132 to 265 s; with these rows CP-SAT proves the fewest
moves at its first bound (1 s) and the preferences in 1 s more (4.3 s in all), the same
plan. They are posted only where B's units could exceed the cap.

Members move as :mod:`branchplan.origins` counts them: moved = sum_{i, B} c[i, B] * (1 - in[i, B]),
with c[i, B] the members of firm i who were in current branch B (all of a firm's members
in its own branch unless the old firms file says they came from elsewhere). Firms move when
stay[i] = 0. A lead handed over within a branch (its lead u0 stays in B's continuation
without leading it) is stay[u0] - s[B, u0]. The stability rule charges members (or firms)
moved, and handovers; pins fix stay[i] = 1; ``--max-moves`` bounds the members moved.
"""

from __future__ import annotations

import math
import time

from .cpsat import cp_model

from ..current import CurrentPart
from ..i18n import pick, text
from . import interrupt


class Continuity:
    def __init__(self, enc, cur: CurrentPart) -> None:
        self.enc = enc
        self.cur = cur
        self._built = False
        self.s: dict[str, dict[int, cp_model.IntVar]] = {}
        self.stay: dict[int, object] = {}
        #: firm -> its current branch at home in this part
        self.home: dict[int, str] = {}
        self._in: dict[tuple[int, str], object] = {}
        #: current branch id -> its lead, where the lead is a unit of this part
        self.lead0: dict[str, int] = {}
        #: (current branch id, unit v) -> [(firm i, y[i, v])]: the firms in B's continuation under v
        self._ys: dict[tuple[str, int], list[tuple[int, cp_model.IntVar]]] = {}
        #: hard caps on what a branch holds: (unit v, amount per firm, cap), see :meth:`cap`
        self._caps: list[tuple[int, object, int]] = []

    # ------------------------------------------------------------------ variables
    def build(self) -> "Continuity":
        if self._built:
            return self
        self._built = True
        enc, p, model = self.enc, self.enc.part, self.enc.model
        index = {p.unit_id(u): u for u in range(len(p.firms) + len(p.hosts))}
        for b in self.cur.branches:
            units = [index[u] for u in b.units if u in index]
            u0 = index.get(b.lead) if b.lead else None
            s_b: dict[int, cp_model.IntVar] = {}
            for v in units:
                if p.is_host(v) and v not in enc.joiners:
                    continue  # a host nobody can join leads nothing
                sv = model.new_bool_var(f"s[{b.id},{p.unit_id(v)}]")
                model.add(sv <= enc.lead(v))
                s_b[v] = sv
            if len(s_b) > 1:
                model.add(sum(s_b.values()) <= 1)
            self.s[b.id] = s_b
            if u0 is not None:
                self.lead0[b.id] = u0
            for i in units:
                if p.is_host(i):
                    continue
                self.home[i] = b.id
                if i not in p.cands:  # a firm with its own branch: it stays iff it continues B
                    self.stay[i] = s_b.get(i, 0)
                    continue
                self.stay[i] = self._within(i, b.id)
        for fid in self.cur.foreign:
            if fid in index and not p.is_host(index[fid]):  # a host has no members to move
                self.stay[index[fid]] = 0
        return self

    def _within(self, i: int, bid: str):
        """sum_v y[i, v]: small firm i is in the continuation of current branch ``bid``."""
        enc, p, model = self.enc, self.enc.part, self.enc.model
        ys = []
        for v, sv in self.s[bid].items():
            if (i, v) in enc.x:
                y = model.new_bool_var(f"y[{p.unit_id(i)},{p.unit_id(v)}]")
                model.add(y <= enc.x[i, v])
                model.add(y <= sv)
                model.add(y >= enc.x[i, v] + sv - 1)
                ys.append(y)
                self._ys.setdefault((bid, v), []).append((i, y))
        return sum(ys) if ys else 0

    def member_in(self, i: int, bid: str):
        """in[i, B]: 1 when firm i is in the continuation of current branch ``bid``."""
        if self.home.get(i) == bid:
            return self.stay[i]
        if bid not in self.s or i not in self.enc.part.cands:
            return 0
        if (i, bid) not in self._in:
            self._in[i, bid] = self._within(i, bid)
        return self._in[i, bid]

    # ------------------------------------------------------------------ expressions
    def moved(self, per: str = "member"):
        """Members (or firms) that move: a linear expression with a constant term."""
        self.build()
        p = self.enc.part
        expr = 0
        if per != "member":
            for i, st in sorted(self.stay.items()):
                expr = expr + (1 - st)
            return expr
        index = {f.id: u for u, f in enumerate(p.firms)}
        for fid in sorted(self.cur.counted, key=index.__getitem__):
            i = index[fid]
            for bid, c in sorted(self.cur.counted[fid].items()):
                expr = expr + c * (1 - self.member_in(i, bid))
        return expr

    def handovers(self):
        """Branches that continue under another of their units while their lead stays in
        them (the lead is handed over within the branch): sum over B of stay[u0] - s[B, u0],
        which is 1 exactly when u0 is in B's continuation without leading it."""
        self.build()
        p = self.enc.part
        expr = 0
        for bid in sorted(self.lead0):
            u0 = self.lead0[bid]
            if u0 in p.cands and u0 in self.stay:   # (a big firm or a host never joins another's branch)
                expr = expr + self.stay[u0] - self.s[bid].get(u0, 0)
        return expr

    def cap(self, v: int, amount, bound: int) -> None:
        """A hard rule caps what the branch led by unit v holds, whatever its kind:
        sum of ``amount(i)`` (>= 0) over its units <= ``bound`` when v leads it (a host
        counting nothing itself). Posted on the continuations by :meth:`post_caps`."""
        self._caps.append((v, amount, bound))

    def post_caps(self) -> None:
        """The caps of :meth:`cap` on each current branch's continuation under v (see the
        module's docstring), where B's firms could exceed them."""
        if not self._built or self.enc.guard is not None:
            return
        p, model = self.enc.part, self.enc.model
        continued: dict[int, list[tuple[str, cp_model.IntVar]]] = {}   # v -> the branches v may continue
        for bid, s_b in self.s.items():
            for v, sv in s_b.items():
                continued.setdefault(v, []).append((bid, sv))
        for v, amount, bound in self._caps:
            # a firm with its own branch (not a small firm, not a host) stays iff it leads
            own = amount(v) if not p.is_host(v) and v not in p.cands else 0
            for bid, sv in continued.get(v, []):
                terms = [(amount(i), y) for i, y in self._ys.get((bid, v), [])]
                terms = [(a, y) for a, y in terms if a]
                if own + sum(a for a, _ in terms) <= bound:
                    continue      # (B's firms could not exceed it)
                model.add(sum(a * y for a, y in terms) + own * sv <= bound * sv)

    def post_requests(self) -> None:
        """Pins and the cap: hard rows on top of the charter."""
        cur = self.cur
        if not cur.requests:
            return
        self.build()
        p, model, enc = self.enc.part, self.enc.model, self.enc
        index = {f.id: u for u, f in enumerate(p.firms)}
        hosts = {p.unit_id(u): u for u in range(len(p.firms), len(p.firms) + len(p.hosts))}
        for fid in cur.pinned:
            if fid in hosts:
                # a pinned host stays in its branch: it is in one only by leading it, so the
                # branch continues under it, with some of its own firms (a branch of the host
                # with other branches' firms only would not be that branch)
                b = next((x for x in cur.branches if fid in x.units), None)
                sv = self.s.get(b.id, {}).get(hosts[fid]) if b is not None else None
                own = {index[u] for u in b.units if u in index} if b is not None else set()
                stays = [xv for k, xv in enc.joiners.get(hosts[fid], []) if k in own]
                if sv is None or not stays:
                    model.add_bool_or([])
                else:
                    model.add(sv == 1)
                    model.add(sum(stays) >= 1)
                continue
            if fid not in index:
                continue
            st = self.stay.get(index[fid], 0)
            if isinstance(st, int):
                if st != 1:
                    model.add_bool_or([])  # cannot stay: infeasible, explained by the caller
            else:
                model.add(st == 1)
        here = {p.unit_id(u) for u in range(len(p.firms) + len(p.hosts))}
        for r in cur.requests:
            if r.seal and not set(r.firms) <= here:  # a branch across jurisdictions cannot be kept
                model.add_bool_or([])
        for bid in cur.sealed:
            b = next((x for x in cur.branches if x.id == bid), None)
            if b is None:
                continue
            inside = {index[u] for u in b.units if u in index}
            # B continues under its own lead where that lead is still here (a pin keeps the
            # branch as it is, lead included)
            u0 = self.lead0.get(bid)
            if u0 is not None:
                s0 = self.s.get(bid, {}).get(u0)
                if s0 is None:
                    model.add_bool_or([])
                else:
                    model.add(s0 == 1)
            # nobody from outside joins B's continuation: x[k, v] <= 1 - s[B, v]
            for v, sv in self.s.get(bid, {}).items():
                for k, xv in enc.joiners.get(v, []):
                    if k not in inside:
                        model.add(xv <= 1 - sv)
            # a host of B stays in it only by leading its continuation (hosts are not firms
            # that stay or move: without this B could continue without its host)
            for u in range(len(p.firms), len(p.firms) + len(p.hosts)):
                if p.unit_id(u) in b.units:
                    sv = self.s.get(bid, {}).get(u)
                    if sv is None:
                        model.add_bool_or([])
                    else:
                        model.add(sv == 1)
        cap = cur.max_moves
        if cap is not None:
            model.add(self.moved("member") <= cap)

    def hint(self) -> None:
        """Start the search from the current plan: x[i, u0] = 1 for every small firm i whose
        branch's lead u0 is still a candidate (the rest of the plan is left to the solver).
        On a 300-firm city this shortened the search of each level by about a third; CP-SAT's
        presolve, which a hint does not shorten, takes most of the time there."""
        enc, p = self.enc, self.enc.part
        index = {p.unit_id(u): u for u in range(len(p.firms) + len(p.hosts))}
        for b in self.cur.branches:
            u0 = index.get(b.lead) if b.lead else None
            if u0 is None:
                continue
            for unit in b.units:
                i = index.get(unit)
                if i is None or i not in p.cands or (i, u0) not in enc.x:
                    continue
                for u in p.cands[i]:
                    enc.model.add_hint(enc.x[i, u], int(u == u0))

    def successors(self, solver: cp_model.CpSolver) -> dict[str, str]:
        """Current branch id -> id of the unit leading its continuation, in the solution."""
        p = self.enc.part
        out = {}
        for bid, s_b in self.s.items():
            for v, sv in s_b.items():
                if solver.boolean_value(sv):
                    out[bid] = p.unit_id(v)
        return out


#: The effort of each search of :func:`explain_requests`: CP-SAT's deterministic time.
EXPLAIN_WORK = 20.0


def explain_requests(part, charter, as_of, options, deadline: float | None = None) -> tuple[str, str] | None:
    """Why a jurisdiction with pins or a cap has no plan: a smallest set of requests that
    cannot hold together (deletion filter), and for the cap the fewest moves possible.
    The explanation in English and in Chinese; None when the charter has no plan even
    without them (the usual explanation applies). ``deadline`` (time.monotonic()): past it
    no more searches are made (the user's time limit, for all of them together); a request
    not decided by then stays in the set, which is then not said to be the smallest."""
    from dataclasses import replace

    from .solve import encode

    cur = part.current
    limit = min(options.time_limit, EXPLAIN_WORK) if options.time_limit else None
    cut = []        # a search the deadline stopped (or left out)
    spent = []      # a search of which requests fail that its effort stopped undecided

    def solve(reqs, minimize_moves=False, more_than=-1):
        """(True, (moves, proven fewest)) / (False, None) infeasible / (None, None) unknown;
        ``more_than``: members a plan is known to move (a cap proven too small)."""
        left_s = None if deadline is None else deadline - time.monotonic()
        if left_s is not None and left_s <= 0:
            cut.append(True)
            return None, None
        enc = encode(replace(part, current=replace(cur, requests=tuple(reqs))), charter.rules, as_of)
        moved = None
        solver = cp_model.CpSolver()
        if minimize_moves:
            moved = enc.current.moved("member")
            enc.model.minimize(moved)
            # the LP relaxation's bound proves the fewest moves: on a 300-firm city with the
            # charter changed, 7 s to proven against 12 moves unproven after 20 s without it
            solver.parameters.linearization_level = 2
        solver.parameters.num_workers = 1
        # CP-SAT's deterministic time, so that the explanation is the same run after run
        # (a wall-clock limit gave another sentence on a busier machine); the user's time
        # limit, where given, bounds it on the clock too
        solver.parameters.max_deterministic_time = EXPLAIN_WORK
        if limit is not None or left_s is not None:
            solver.parameters.max_time_in_seconds = min(t for t in (limit, left_s) if t is not None)
        solver.parameters.random_seed = options.seed
        status = interrupt.solve(solver, enc.model)
        if status == cp_model.UNKNOWN and solver.deterministic_time < EXPLAIN_WORK and (
                limit is not None or left_s is not None):
            cut.append(True)    # (stopped by the clock: the user's time limit, not the effort)
        elif status == cp_model.UNKNOWN and not minimize_moves:
            spent.append(True)
        if status == cp_model.INFEASIBLE:
            return False, None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if moved is None:
                return True, (None, status == cp_model.OPTIMAL)
            value = int(solver.value(moved))
            # the fewest moves is proven when the search is, or when the plan it found moves
            # one member more than a cap proven too small (or reaches the search's bound)
            least = max(more_than + 1, math.ceil(solver.best_objective_bound - 1e-6))
            return True, (value, status == cp_model.OPTIMAL or value <= least)
        return None, None

    without = solve([])[0]
    if without is False:
        return None
    if without is None:
        # not decided whether the charter has a plan without the requests: the usual
        # explanation would take them for no cause (it cannot see them), so none is given
        key = "replan.requests_undecided_time" if cut else "replan.requests_undecided"
        return tuple(text(key, lang, jurisdiction=part.jurisdiction, names=_names(cur.requests, lang))  # type: ignore[return-value]
                     for lang in ("en", "zh"))
    # a smallest failing set of the requests (deletion filter), then another among the rest
    # while the rest still fail: each way they fail is told (a pin that fails alone and a
    # cap too small alone are both named, not the first found as if it were the only one)
    cores = []
    left = list(cur.requests)
    rest = True         # the requests left out of the cores have a plan (proven)
    minimal = True      # every request of the cores is proven needed (each left out: a plan)
    while left:
        core = list(left)
        for r in list(core):
            trial = [x for x in core if x is not r]
            found = solve(trial)[0]
            if found is False:
                core = trial
            elif found is None:
                minimal = False
        cores.append(core)
        left = [x for x in left if all(x is not c for c in core)]
        rest = solve(left)[0] if left else True
        if rest is not False:
            break
    # "without it a plan exists": the rest has a plan, and so has the core less any one request
    only = len(cores) == 1 and rest is True and minimal
    said = [_core_text(part, charter, as_of, core, only, solve) for core in cores]
    if cut or spent:     # (requests not decided stayed in: the sets may not be the smallest)
        key = "replan.time_limit" if cut else "replan.effort"
        said.append((text(key, "en"), text(key, "zh")))
    return " ".join(en for en, _ in said), "".join(zh for _, zh in said)


def _core_text(part, charter, as_of, core, only: bool, solve) -> tuple[str, str]:
    """(English, Chinese): why the requests of ``core`` leave no plan; ``only``: the core is
    all that fails (without it the other requests have a plan: said so)."""
    cur = part.current
    pins = [r for r in core if r.cap is None]
    cap = next((r for r in core if r.cap is not None), None)
    if cap is None:
        stands = _as_they_stand(part, charter, as_of, pins)
        return tuple(_pins_text(part.jurisdiction, pins, stands[lang], lang, only)  # type: ignore[return-value]
                     for lang in ("en", "zh"))
    # (the core holds the cap: with the core's pins, no plan moves at most cap.cap members)
    _, found = solve(pins, minimize_moves=True, more_than=cap.cap)
    # members who changed firm count against the cap too: say so where there are any
    joined = {lang: (" " if lang == "en" else "") + text("replan.cap_counts_changed_firm", lang)
              if cur.changed_firm else "" for lang in ("en", "zh")}
    return tuple(_cap_text(part.jurisdiction, cap, pins, found, lang, only) + joined[lang]  # type: ignore[return-value]
                 for lang in ("en", "zh"))


def _label(r, lang: str) -> str:
    """A pin or the cap as the user wrote it, in ``lang``."""
    if lang != "zh" or r.cap is not None:
        return r.label
    return f"支部 {r.seal}" if r.seal else f"托管组织 {r.firms[0]}" if r.label.startswith("host ") else f"单位 {r.firms[0]}"


def _names(pins, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(_label(r, lang) for r in pins)


def _pins_text(j: str, pins, stands: str, lang: str, only: bool = True) -> str:
    key = "replan.pin_fails" if len(pins) == 1 else "replan.pins_fail"
    without = text("replan.without_pin" if len(pins) == 1 else "replan.without_pins", lang) if only else ""
    return text(key, lang, jurisdiction=j, names=_names(pins, lang), stands=stands, without=without)


def _cap_text(j: str, cap, pins, found, lang: str, only: bool = True) -> str:
    need = (text("replan.need_at_least", lang, n=found[0]) if found and found[1]
            else text("replan.need_more_than", lang, n=cap.cap))
    keeping = text("replan.keeping", lang, names=_names(pins, lang)) if pins else ""
    without = text("replan.without_cap", lang, cap=cap.label) if only else ""
    return text("replan.cap_too_small_pins" if pins else "replan.cap_too_small", lang,
                jurisdiction=j, cap=cap.label, keeping=keeping, need=need, without=without)


def _as_they_stand(part, charter, as_of, pins) -> dict[str, str]:
    """What the charter says about each pinned branch kept exactly as it is, per language."""
    from ..check import evaluate
    from ..model import Roster
    from ..plan import Branch, Plan

    roster = Roster(jurisdiction=part.jurisdiction, firms=list(part.firms), hosts=list(part.hosts))
    said: dict[str, list[str]] = {"en": [], "zh": []}
    here = {u.id for u in list(part.firms) + list(part.hosts)}
    for r in pins:
        elsewhere = sorted(set(r.firms) - here) if r.seal else []
        if elsewhere:
            for lang in said:
                sep = "、" if lang == "zh" else ", "
                said[lang].append(text("replan.elsewhere", lang, label=_label(r, lang), ids=sep.join(elsewhere)))
        b = next((x for x in part.current.branches if x.id == r.seal), None)
        if b is None:
            continue
        plan = Plan(branches=[Branch(id=b.id, lead=b.lead or b.units[0], firms=list(b.units))])
        hard = [f for f in evaluate(plan, roster, charter, as_of).hard if f.branch == b.id]
        for lang in said:
            said[lang] += [pick(f.message, f.message_zh, lang) for f in hard]
    return {lang: (text("replan.as_it_stands", lang, facts=("；" if lang == "zh" else "; ").join(s)) if s else "")
            for lang, s in said.items()}
