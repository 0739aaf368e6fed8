"""Why this plan: a branch's rules and costs, a firm's placement and its best alternatives.

Everything here is computed by the plain-Python evaluators (``branchplan.check``), never by
the solver, so it explains any plan: a solved one or a hand-made one.

- A branch's cost per rule: the rule evaluated on a plan holding that branch alone. Rules
  whose branch costs do not add up to the plan's cost (a per-jurisdiction branch count)
  are reported for the plan as a whole. A branch alone is evaluated against its own units
  and the roster's outline (:class:`Outline`), not the whole roster: what the rules read
  of a roster beyond a branch is which jurisdictions it has, so the costs are the same and
  a plan's table takes one pass over the roster, not one per branch.
- A firm's alternatives: the firm moved into another branch of its jurisdiction, all else
  unchanged (a lead that leaves hands its branch to the remaining firm that costs least),
  and the plan evaluated again: the change in cost per rule and the hard rules the move
  would break. Only the branches the move changes are evaluated again (:class:`Moves`):
  every other branch adds what it added before, so the outcome is the whole plan's.
- With the plan re-planned from (``base``, ``explain --base``; :mod:`branchplan.explain_base`):
  the stability rule is evaluated beside it, on the plan and on each moved plan's whole view
  (what it reads is where every firm is), so a move's change in cost is what a re-plan
  weighs; a firm's explanation says where it was and why it moved.
"""

from __future__ import annotations

import math
import unicodedata

from collections import Counter
from dataclasses import replace
from datetime import date

from . import optioncheck
from .arguments import as_date
from .charter import Charter, Rule
from .check import CheckResult, RuleOutcome, evaluate, evaluate_view, make_view
from .current import CurrentPlan
from .errors import Msg, UsageError
from .geo import distance
from .errtext import hint, say
from .explain_base import (base_name, beside, branch_since, firm_moves_cost, firm_since, moves_by_branch,
                           plan_since, read_base, stability_codes)
from .model import Firm, Host, Roster
from .origins import natural
from .plan import Branch, Plan, describe_branch, view_of
from .rules.aggregate import quantity
from .rules.assignment import left_roster
from .rules.base import BranchView, PlanView

#: A branch kind's Chinese name (notes of rules that apply to some kinds only).
KIND_ZH = {"standalone": "单独组建", "joint": "联合组建", "host": "编入托管组织"}

#: Branches considered as a firm's alternatives: those whose leads are nearest.
MAX_CANDIDATES = 25
#: ... where there are no distances (the firm or every lead without a location): those of the
#: firm's district first, then the others, up to this many (every branch of a city, as a rule)
MAX_CANDIDATES_UNLOCATED = 200


def points(milli: int) -> float:
    return round(milli / 1000, 3)


class Outline:
    """What the rules read of a roster beyond a branch's own units, kept once per roster:
    one firm with members of each jurisdiction that has one, and one unit (firm or host) of
    each jurisdiction of any unit. A rule that goes over the roster's jurisdictions reads
    no more: ``branch_count`` counts in every jurisdiction with members (a jurisdiction with
    no branch counts 0) and, for a charter without a jurisdiction rule, names the roster
    after its one jurisdiction (``whole_name``); a local rule's view keeps those of its
    jurisdictions. Every other kind reads the branches' own units only (``assignment``
    also lists the roster's firms in no branch: findings about no branch, which a branch
    alone does not show)."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.order = {f.id: i for i, f in enumerate(roster.firms)}
        self.host_order = {h.id: i for i, h in enumerate(roster.hosts)}
        firms: dict[str, Firm] = {}
        units: dict[str, Firm | Host] = {}
        for f in roster.firms:
            j = roster.firm_jurisdiction(f)
            if f.size:
                firms.setdefault(j, f)
            units.setdefault(j, f)
        for h in roster.hosts:
            units.setdefault(roster.firm_jurisdiction(h), h)
        self.firms = {f.id: f for f in firms.values()}
        self.firms.update((u.id, u) for u in units.values() if isinstance(u, Firm))
        self.hosts = {u.id: u for u in units.values() if isinstance(u, Host)}

    def alone(self, view: PlanView, b: BranchView) -> PlanView:
        """The plan holding branch ``b`` alone, with the roster cut to b's units and the
        outline (in the roster's order): what the rules charge b, as against the whole roster."""
        return replace(view, roster=self.cut(b.firms, [b.host] if b.host is not None else []), branches=[b])

    def cut(self, firms=(), hosts=()) -> Roster:
        """The roster cut to the outline and the given units of it, in the roster's order."""
        by_id, host_by_id = self.roster.firm_by_id, self.roster.host_by_id
        kept = dict(self.firms)
        kept.update((f.id, by_id[f.id]) for f in firms if f.id in by_id)
        kept_hosts = dict(self.hosts)
        kept_hosts.update((h.id, host_by_id[h.id]) for h in hosts if h.id in host_by_id)
        return self.roster.model_copy(update={
            "firms": sorted(kept.values(), key=lambda f: self.order[f.id]),
            "hosts": sorted(kept_hosts.values(), key=lambda h: self.host_order[h.id])})


def _only(charter: Charter, keep) -> Charter:
    """The charter with the rules ``keep`` accepts, in its order (each rule is evaluated on its
    own: the others' outcomes are what they would be in the whole charter)."""
    return replace(charter, rules=tuple(r for r in charter.rules if keep(r)))


def branch_costs(view: PlanView, charter: Charter, full: CheckResult,
                 outline: Outline | None = None) -> tuple[dict, set[str]]:
    """{branch id: {rule code: cost in 1/1000 points}} and the codes costed only plan-wide.
    A branch's costs: the charter evaluated on the plan holding it alone (``outline``: the
    view's roster's, made here when not given). ``view`` carries no current plan (the rules
    that read one are not in explain's charter)."""
    outline = outline or Outline(view.roster)
    # (a branch's costs are its soft rules': the hard ones, each evaluated on its own, are
    # left out; assignment's, which lists every unit of the outline in no branch, took most
    # of a nation's 14,000 evaluations)
    soft = _only(charter, lambda r: not r.is_hard)
    per: dict[str, dict[str, int]] = {}
    for b in view.branches:
        res = evaluate_view(outline.alone(view, b), soft)
        per[b.id] = {o.code: o.cost_milli for o in res.outcomes if o.severity == "soft"}
    plan_wide = set()
    for o in full.outcomes:
        if o.severity == "soft" and sum(c.get(o.code, 0) for c in per.values()) != o.cost_milli:
            plan_wide.add(o.code)
    return per, plan_wide


#: The rule kinds whose cost in a branch is its lead's (explain books it on the lead firm).
LEAD_KINDS = frozenset({"lead_director"})

#: the range of a firm's alternatives shown (explain --alternatives)
ALTERNATIVES_RANGE = (0, 20)


def _option(option: str | None) -> Msg:
    """What a message about an id starts with: the command-line option that gave it, if any."""
    return Msg(f"{option}: ", f"{option}：") if option else Msg("", "")


def find_branch(view: PlanView, branch_id: str, option: str | None = None) -> BranchView:
    """The branch with this id; else a UsageError (``option``: the command-line option that
    named it, said first)."""
    for b in view.branches:
        if b.id == branch_id:
            return b
    raise no_branch(branch_id, [b.id for b in view.branches], option)


def no_branch(branch_id: str, ids: list[str], option: str | None = None) -> UsageError:
    return UsageError(say("usage.no_branch", id=branch_id, hint=hint(branch_id, ids), option=_option(option)))


def _aggregate_line(rule: Rule, b: BranchView, as_of: date) -> dict:
    p = rule.params
    if b.gone:      # (as check: no count of a branch none of whose firms is left; BP-ONE-BRANCH says so)
        return {"status": "n/a", "note": "none of the branch's firms is in the roster",
                "note_zh": "本支部所列单位均不在名册中"}
    if b.composition not in p.applies_to:
        return {"status": "n/a", "note": f"applies to {', '.join(p.applies_to)} branches",
                "note_zh": f"仅适用于{'、'.join(KIND_ZH.get(k, k) for k in p.applies_to)}的支部"}
    value = sum(quantity(p, f, as_of) for f in b.firms)
    line = {"value": value, "min": p.min, "max": p.max}
    if (p.min is not None and value < p.min) or (p.max is not None and value > p.max):
        line["status"] = "broken"
    elif value in (p.min, p.max):
        line["status"] = "binding"  # at the bound: one unit less (or more) would break it
    else:
        line["status"] = "holds"
    return line


def _elsewhere(rule: Rule) -> dict:
    """The line of a rule that does not hold in the branch's jurisdiction."""
    if rule.jurisdictions:
        where = ", ".join(rule.jurisdictions)
        note, note_zh = f"applies in {where} only", f"仅适用于{'、'.join(rule.jurisdictions)}"
        if rule.except_jurisdictions:
            note += f", not in {', '.join(rule.except_jurisdictions)}"
            note_zh += f"，不含{'、'.join(rule.except_jurisdictions)}"
    else:
        note = f"does not apply in {', '.join(rule.except_jurisdictions)}"
        note_zh = f"不适用于{'、'.join(rule.except_jurisdictions)}"
    return {"status": "n/a", "note": note, "note_zh": note_zh}


def _arguments(plan: Plan, roster: Roster, charter: Charter | None) -> Charter:
    """The plan and roster checked for what they are; the charter, the shipped one for None."""
    from .arguments import charter_or_shipped, expect_plan, expect_roster

    expect_plan(plan)
    expect_roster(roster)
    return charter_or_shipped(charter)


def _day(plan: Plan, roster: Roster, as_of: date | str | None) -> date:
    """``as_of`` (a date or ISO text), else the plan's date, else the roster's, else today in Beijing
    time, as ``branchplan explain`` reads them; a date before a member joined is a UsageError."""
    from .api import standing_day

    return standing_day(roster, as_date(as_of), plan, plan_first=True)


def _dated(plan: Plan, day: date) -> dict:
    """The day standing was measured on, and the plan's own date where it records another
    (a plan read with a later firms file, or an ``as_of`` given)."""
    out = {"as_of": day.isoformat()}
    if plan.as_of is not None and plan.as_of != day:
        out["plan_as_of"] = plan.as_of.isoformat()
    return out


def explain_branch(plan: Plan, roster: Roster, charter: Charter | None, as_of: date | str | None, branch_id: str,
                   base: "Plan | CurrentPlan | None" = None, base_roster: Roster | None = None) -> dict:
    """The rules that bind a branch, its cost per rule, and what each of its firms costs.
    ``as_of``: a date or ISO text (``"2026-11-01"``), as everywhere in the library. Rules
    that need the plan re-planned from (stability) are left out, as ``check`` leaves them,
    unless ``base`` gives that plan (a :class:`Plan`, with ``base_roster`` its firms file, or
    a :class:`CurrentPlan` from :func:`branchplan.load_current`): then the stability rule
    charges the members moved into the branch, and ``base`` says which branch of it the
    branch continues (:func:`branchplan.explain_base.branch_since`)."""
    whole = _arguments(plan, roster, charter)
    _expect_id(branch_id, "branch_id")
    as_of = _day(plan, roster, as_of)
    current = read_base(roster, base, base_roster)
    return _explain_branch(plan, roster, whole, as_of, branch_id, current)


def _explain_branch(plan: Plan, roster: Roster, whole: Charter, as_of: date, branch_id: str,
                    current: CurrentPlan | None = None) -> dict:
    """:func:`explain_branch` of arguments already checked (``current``: the base plan read)."""
    charter = whole.active(False)
    view = make_view(plan, roster, charter, as_of)
    b = find_branch(view, branch_id)
    full = evaluate_view(view, charter)
    outline = Outline(view.roster)
    per, plan_wide = branch_costs(view, charter, full, outline)
    alone = iter(evaluate_view(outline.alone(view, b), charter).outcomes)
    full_outcomes = {o.code: o for o in full.outcomes}
    moves: dict = {}
    codes: tuple[str, ...] = ()
    if current is not None:   # (the stability rules, priced beside the base: members moved into b)
        with_base, priced = beside(plan, roster, whole, as_of, current, full)
        codes = stability_codes(whole)
        moves = moves_by_branch(with_base, codes)
        per[b.id].update({c: moves.get(b.id, {}).get(c, 0) for c in codes})
    rules = []
    for rule in whole.active(current is not None).rules:
        line: dict = {"code": rule.code, "severity": rule.severity}
        if rule.code in codes:
            o = None
        else:
            o = next(alone)
        if not rule.applies_in(b.jurisdiction):  # as check: a local rule judges its jurisdictions only
            line.update(_elsewhere(rule))
            rules.append(line)
            continue
        if o is None:   # (a rule that charges moves from the base: its findings of this branch)
            line["cost"] = points(per[b.id][rule.code])
            line["status"] = "costs" if per[b.id][rule.code] else "free"
            mine = [f for oc in with_base.outcomes if oc.code == rule.code for f in oc.findings if f.branch == b.id]
            if mine:
                line.update(_messages(mine))
            rules.append(line)
            continue
        if rule.kind == "branch_aggregate":
            line.update(_aggregate_line(rule, b, as_of))
        if rule.is_hard:
            mine = [f for f in o.findings if f.branch == b.id]
            if rule.kind == "assignment":
                # (as check reads them, against the whole roster: an id the branch lists may be a
                # firm of the roster written another way; and a firm split across branches is a
                # finding of the whole plan: this branch alone cannot show it, yet it holds the firm)
                here = set(b.firm_ids)
                mine = [f for f in full_outcomes[rule.code].findings if f.branch == b.id or here & set(f.firms)]
            if mine:
                line["status"] = "broken"
                line.update(_messages(mine))
            line.setdefault("status", "holds")
        elif rule.code in plan_wide:
            line["status"], line["note"] = "plan-wide", "costed for the plan as a whole"
            line["note_zh"] = "按整个方案计算代价"
        else:
            line["cost"] = points(o.cost_milli)
            line.setdefault("status", "costs" if o.cost_milli else "free")
            mine = [f for f in o.findings if f.branch == b.id and f.cost]
            if mine:
                line.update(_messages(mine))
        rules.append(line)
    lead = b.lead_unit    # (a lead outside the branch too: the rules measure its firms from it)
    # (what a rule of a lead's kind charges is the lead's: a firm whose leading would turn the
    # branch into one it does not apply to is not what it charges)
    of_lead = {r.code for r in charter.rules if r.kind in LEAD_KINDS} - plan_wide
    firms = []
    for f in b.firms:
        entry = {"id": f.id, "name": f.name, "district": f.district, "full": f.full,
                 "probationary": f.probationary, "lead": f.id == b.lead}
        if f.id != b.lead and lead is not None:
            entry.update(_to_lead(f.location, lead.location))
            without = replace(b, firms=tuple(g for g in b.firms if g.id != f.id), repeated=())
            rest = _costs(evaluate_view(outline.alone(view, without), charter))
            entry["cost"] = {code: points(per[b.id][code] - milli) for code, milli in rest.items()
                             if code not in plan_wide | of_lead and per[b.id][code] != milli}
        elif f.id == b.lead:
            entry["cost"] = {code: points(per[b.id][code]) for code in per[b.id] if code in of_lead and per[b.id][code]}
        if codes and (moved_in := {c: points(v) for c, v in firm_moves_cost(with_base, codes, f.id, b.id).items()
                                   if v}):   # (what its members' moves into the branch cost: the firm's own)
            entry.setdefault("cost", {}).update(moved_in)
        firms.append(entry)
    total = sum(v for c, v in per[b.id].items() if c not in plan_wide)
    if b.gone:      # none of its firms is in the roster: no kind, no size to lead by (check says why)
        note = _GONE if left_roster(view, b) else _MISWRITTEN
        out = {"branch": b.id, "jurisdiction": b.jurisdiction, "kind": None, "gone": True, "note": note[0],
               "note_zh": note[1], "lead": b.lead, "members": 0, "full_members": 0, **_dated(plan, as_of),
               "cost": points(total), "rules": rules, "firms": firms}
    else:
        out = {"branch": b.id, "jurisdiction": b.jurisdiction, "kind": b.composition, "lead": b.lead,
               "members": b.size, "full_members": b.full, **organisation(b, as_of), **_dated(plan, as_of),
               "cost": points(total), "rules": rules, "firms": firms}
    if current is not None:
        out["base"] = branch_since(priced, with_base, whole, base_name(current), b.id)
    return out


#: a branch none of whose firms is in the roster, as check says it: every firm left it (closed),
#: or some id it lists is a firm of the roster written another way (its finding says how)
_GONE = ("every firm it lists has left the roster (closed or given a new id?); dissolve the branch or re-plan",
         "已无在册单位（已注销或更换编号？），请撤销该支部或重新编排")
_MISWRITTEN = ("none of the firms it lists is in the roster as written (the findings below say what to write)",
               "所列单位均不在名册中（写法有误，见下列问题）")


def organisation(b: BranchView, as_of: date) -> dict:
    """What a branch's size makes it, as a plan file records it: ``level`` (None: a branch,
    党支部; ``general_branch``, 党总支; ``primary_committee``, 基层党委), ``leadership``
    (``committee`` or ``secretary``) and ``secretary_candidates``."""
    fig = describe_branch(b, as_of)
    return {"level": fig.level, "leadership": fig.leadership, "secretary_candidates": fig.secretary_candidates}


def _messages(findings) -> dict:
    """Findings' messages, in English and in Chinese (the English where a rule has none)."""
    return {"findings": [f.message for f in findings],
            "findings_zh": [f.message_zh or f.message for f in findings]}


def find_firm(roster: Roster, firm_id: str, plan: Plan | None = None, option: str | None = None) -> Firm:
    """The firm with this id, or else the one firm whose id or name is the same up to
    full-width and half-width forms (``广西立信（柳州）律师事务所`` as typed in a spreadsheet
    finds ``广西立信(柳州)律师事务所``). Else a UsageError (``option``: the command-line option
    that named it, said first), which for a host organisation says so and names the branch
    of ``plan`` it leads."""
    if firm_id in roster.firm_by_id:
        return roster.firm_by_id[firm_id]
    key = _folded(firm_id)
    same = [f for f in roster.firms if _folded(f.id) == key or (f.name and _folded(f.name) == key)]
    if len(same) == 1:
        return same[0]
    hosts = [h for h in roster.hosts if h.id == firm_id] or [
        h for h in roster.hosts if _folded(h.id) == key or (h.name and _folded(h.name) == key)]
    if len(hosts) == 1:
        raise _host_not_firm(hosts[0], plan, option)
    owners = [f for f in roster.firms for m in (f.member_list or ()) if m.id == firm_id] or [
        f for f in roster.firms for m in (f.member_list or ()) if _folded(m.id).casefold() == key.casefold()]
    if len(owners) == 1:    # (a member asking about themselves: their firm's placement)
        firm = owners[0].id
        how = f"--firm {firm}" if option else f"explain_firm(..., {firm!r})"
        raise UsageError(say("usage.member_not_firm", id=firm_id, firm=firm, how=how, option=_option(option)))
    raise UsageError(say("usage.no_firm", id=firm_id, hint=hint(firm_id, roster.firm_by_id), option=_option(option)))


def _host_not_firm(host: Host, plan: Plan | None, option: str | None) -> UsageError:
    """A host organisation named where a firm is asked for: what explain can say of it."""
    led = [b.id for b in plan.branches if b.lead == host.id or host.id in b.firms] if plan is not None else []
    if led:
        how = (f"--branch {led[0]}", f"--branch {led[0]}") if option else \
            (f"explain_branch(..., {led[0]!r})", f"explain_branch(..., {led[0]!r})")
        leads = say("usage.host_leads", branch=led[0], how=Msg(*how))
    else:
        leads = say("usage.host_in_none") if plan is not None else Msg("", "")
    name = Msg(f" ({host.name})", f"（{host.name}）") if host.name else Msg("", "")
    msg = say("usage.host_not_firm", id=host.id, name=name, leads=leads, option=_option(option))
    if plan is None:  # (nothing to say of its branch)
        msg = Msg(msg.en.removesuffix("; "), msg.zh.removesuffix("；"))
    return UsageError(msg)


def _folded(text: str) -> str:
    """Full-width letters, digits and brackets as their half-width forms; spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _moved(plan: Plan, firm_id: str, target: str, lead: str | None, hosts) -> Plan:
    """The plan with firm_id moved into branch target; its old branch led by ``lead``
    (``hosts``: the roster's host ids, as :func:`_moved_branches`)."""
    return Plan(as_of=plan.as_of, charter=plan.charter,
                branches=_moved_branches(plan.branches, firm_id, target, lead, hosts))


def _moved_branches(branches: list[Branch], firm_id: str, target: str, lead: str | None,
                    hosts) -> list[Branch]:
    """These branches with firm_id moved into branch target; a branch firm_id led is led by
    ``lead``. A branch firm_id leaves is left out when it held nothing else, or nothing but
    host organisations (``hosts``: their ids): a host's branch ends with its last firm."""
    out = []
    for b in branches:
        firms = [f for f in b.firms if f != firm_id]
        if b.id == target:
            firms = b.firms + [firm_id]
        elif len(firms) < len(b.firms) and all(f in hosts for f in firms):
            continue
        new_lead = lead if (b.lead == firm_id and b.id != target and lead) else b.lead
        out.append(Branch(id=b.id, lead=new_lead, firms=firms))
    return out


#: The rule kinds whose outcome on a plan is what each branch adds, read from the branch and
#: the view's settings alone (a local rule: from the branches of its jurisdictions); so is
#: ``assignment``'s, but for its findings about the roster's firms (in no branch, or in two),
#: which read where each firm is listed.
BRANCH_KINDS = frozenset({"assignment", "own_branch", "jurisdiction", "branch_aggregate", "fallback",
                          "distance", "max_distance", "district", "lead_director"})
#: The rule kinds that count the plan's branches per jurisdiction of the roster.
COUNT_KINDS = frozenset({"branch_count"})


class Moves:
    """A plan's evaluation, kept to evaluate the plan with one firm moved (:func:`move`)
    without going over all of it again. A move changes the branches that list the firm
    (left out when it was all they held), the target branch and, when the firm hands its
    lead over, the branches it led; every other branch is the same. So:

    - a rule of a kind in :data:`BRANCH_KINDS` costs and finds what it did on the plan, less
      what it finds on the changed branches before the move, plus what it finds on them
      after. Of ``assignment``'s findings about the roster's firms only those about the
      moved firm can change (every other firm is listed where it was), and those about a
      firm without Party members listed in a changed branch (it is found in its branch, led
      by it or not): the changed branches are evaluated with those firms as the roster's
      only units (no rule of these kinds reads the roster's hosts; the roster's own
      jurisdiction, which the units without one are in, is kept);
    - a rule of a kind in :data:`COUNT_KINDS` is evaluated again on the moved plan's branches,
      against the roster's :class:`Outline` (all it reads of the roster: the jurisdictions
      of its units, and of those with members).

    Where that would not be exact, :meth:`after` gives None, and the whole moved plan is
    evaluated: a kind not named above; two branches of one id (a move names its target by
    id); a branch with none of the roster's units and a jurisdiction the plan gives it (a
    moved plan keeps the branches' ids, leads and firms only); an id of two of the
    roster's units; a local ``assignment`` rule where a changed branch's jurisdiction
    changes (the firms it sees listed would change too).

    The outcomes hold each rule's cost and findings as the whole moved plan's evaluation
    has them (its measure up to a float's rounding), which is what :func:`move` reads; a
    finding keeps its branch's place in the plan read (``branch_index``), and the per-firm
    costs (``by_firm``, ``by_entry``) are left out.
    """

    def __init__(self, plan: Plan, roster: Roster, charter: Charter, view: PlanView, before: CheckResult,
                 current: CurrentPlan | None = None, whole: Charter | None = None):
        from .names import roster_names

        self.plan, self.roster, self.charter, self.view, self.before = plan, roster, charter, view, before
        #: the base plan (explain --base) and the charter with the rules that charge moves from it:
        #: those are evaluated on the moved plan's whole view beside it
        self.current, self.whole = current, whole
        ids = [b.id for b in plan.branches]
        self.exact = ({r.kind for r in charter.rules} <= BRANCH_KINDS | COUNT_KINDS
                      and len(set(ids)) == len(ids)
                      and not any(b.jurisdiction for b in view.branches if not b.firms and b.host is None)
                      and len(roster.firm_by_id) == len(roster.firms)
                      and len(roster.host_by_id) == len(roster.hosts)
                      and not roster.firm_by_id.keys() & roster.host_by_id.keys())
        self.local_assignment = any(r.is_local for r in charter.of_kind("assignment"))
        self.by_branch = _only(charter, lambda r: r.kind in BRANCH_KINDS)
        self.counting = _only(charter, lambda r: r.kind in COUNT_KINDS)
        self.outline = Outline(roster).cut() if self.counting.rules else None
        self.names = roster_names(roster)

    def _part(self, branches: list[BranchView], firms: list[Firm]) -> PlanView:
        """The view of these branches alone, with ``firms`` as the roster's only units."""
        return replace(self.view, roster=self.roster.model_copy(update={"firms": firms, "hosts": []}),
                       branches=branches)

    def after(self, firm_id: str, target: str, lead: str | None) -> CheckResult | None:
        """The plan's evaluation with firm_id moved into branch target and the branches it led
        led by ``lead`` (as :func:`_moved`); None where only the whole plan's is exact."""
        from .names import reading

        firm = self.roster.firm_by_id.get(firm_id)
        if not self.exact or firm is None:
            return None
        plan, view = self.plan, self.view
        changed = [i for i, b in enumerate(plan.branches)
                   if b.id == target or firm_id in b.firms or (lead and b.lead == firm_id)]
        moved = _moved_branches([plan.branches[i] for i in changed], firm_id, target, lead,
                                self.roster.host_by_id.keys())
        kept = {b.id: b for b in view_of(Plan(as_of=plan.as_of, charter=plan.charter, branches=moved), self.roster,
                                         view.as_of, view.own_branch_min, view.standalone_fallback,
                                         view.host_fallback).branches}
        old = [view.branches[i] for i in changed]
        new = [replace(kept[b.id], index=b.index) for b in old if b.id in kept]
        if self.local_assignment and any(b.jurisdiction != kept[b.id].jurisdiction for b in old if b.id in kept):
            return None
        # (the firms without members the changed branches list: assignment finds them there)
        empty = {f.id: f for b in old + new for f in b.firms if f.size == 0 and f.id != firm_id}
        units = [firm] + [empty[k] for k in sorted(empty)]
        with reading(self.names):
            was = evaluate_view(self._part(old, units), self.by_branch).outcomes
            now = evaluate_view(self._part(new, units), self.by_branch).outcomes
            counted = []
            new_at, gone = {b.index: b for b in new}, set(changed)
            branches = [new_at.get(b.index, b) for b in view.branches if b.index in new_at or b.index not in gone]
            if self.counting.rules:
                counted = evaluate_view(replace(view, roster=self.outline, branches=branches), self.counting).outcomes
        parts, counts = iter(zip(was, now)), iter(counted)
        out = CheckResult()
        for rule, o in zip(self.charter.rules, self.before.outcomes):
            if rule.kind in COUNT_KINDS:
                out.outcomes.append(next(counts))
                continue
            w, n = next(parts)
            gone = Counter(w.findings)
            findings = []
            for f in o.findings:
                if gone[f]:
                    gone[f] -= 1
                else:
                    findings.append(f)
            if any(gone.values()):      # (not one of the plan's findings: cannot be)
                return None
            out.outcomes.append(RuleOutcome(o.code, o.severity, o.priority, o.measure - w.measure + n.measure,
                                            o.cost_milli - w.cost_milli + n.cost_milli, findings + n.findings))
        if self.current is not None:    # (the moves from the base, read from the moved plan's whole view)
            moved_view = replace(view, branches=branches, current=self.current)
            with reading(self.names):   # (as with_current screens its findings)
                return evaluate_view(moved_view, self.whole.active(True), out)
        return out


def _costs(check: CheckResult) -> dict[str, int]:
    return {o.code: o.cost_milli for o in check.outcomes if o.severity == "soft"}


def move(plan: Plan, roster: Roster, charter: Charter, as_of: date, firm_id: str, target: str,
         before: CheckResult, moves: Moves | None = None, current: CurrentPlan | None = None) -> dict:
    """Move firm_id into branch target (or add it, when the plan lacks it) and evaluate the
    plan again: through ``moves`` (the plan's :class:`Moves`) where it can, else all of it.
    ``current``: the base plan (explain --base), beside which ``charter``'s stability rules
    charge the moves (``before`` is then the plan's result beside it)."""
    home = next((b for b in plan.branches if firm_id in b.firms), None)
    options = [None]
    if home is not None and home.lead == firm_id:
        options = [f for f in home.firms if f != firm_id] or [None]
    best = None
    for lead in options:
        after = moves.after(firm_id, target, lead) if moves is not None else None
        if after is None:
            after = evaluate(_moved(plan, firm_id, target, lead, roster.host_by_id.keys()), roster, charter, as_of,
                             current)
        hard = after.hard
        key = (len(hard), after.cost_milli, lead or "")
        if best is None or key < best[0]:
            best = (key, lead, after, hard)
    _, lead, after, _ = best
    old, new, by_priority, breaks, mends = _compared(before, after, charter)
    out = {"branch": target, "lead": next(b.lead for b in plan.branches if b.id == target),
           "delta": points(after.cost_milli - before.cost_milli),
           "delta_by_priority": {str(k): points(v) for k, v in sorted(by_priority.items()) if v},
           "delta_by_rule": {c: points(new[c] - old.get(c, 0)) for c in new if new[c] != old.get(c, 0)},
           "breaks": breaks, "mends": mends}
    if lead is not None and home is not None and home.lead == firm_id:
        out["new_lead"] = {"branch": home.id, "lead": lead}
    if home is not None and home.id != target and (left := [f for f in home.firms if f != firm_id]) \
            and all(f in roster.host_by_id for f in left):
        # (the firm was the last firm of a host's branch: the branch ends, as in a solved plan)
        out["dissolves"] = {"branch": home.id, "hosts": left}
    out["_key"] = (len(breaks) - len(mends), tuple(v for _, v in sorted(by_priority.items())), target)
    return out


def _compared(before: CheckResult, after: CheckResult, charter: Charter):
    """How a changed plan compares with the plan: (costs per rule before, after, the change
    per priority, the hard rules it breaks, those it mends), each broken or mended rule with
    its message and branch."""
    old, new = _costs(before), _costs(after)
    was = {(f.code, f.branch) for f in before.hard}
    now = {(f.code, f.branch) for f in after.hard}
    told = lambda f: {"code": f.code, "message": f.message, "message_zh": f.message_zh or f.message,  # noqa: E731
                      "branch": f.branch}
    breaks = [told(f) for f in after.hard if (f.code, f.branch) not in was]
    mends = [told(f) for f in before.hard if (f.code, f.branch) not in now]
    prio = {r.code: r.priority for r in charter.rules}
    by_priority: dict[int, int] = {}
    for c in set(old) | set(new):
        by_priority[prio[c]] = by_priority.get(prio[c], 0) + new.get(c, 0) - old.get(c, 0)
    return old, new, by_priority, breaks, mends


def explain_firm(plan: Plan, roster: Roster, charter: Charter | None, as_of: date | str | None, firm_id: str,
                 alternatives: int = 3, base: "Plan | CurrentPlan | None" = None,
                 base_roster: Roster | None = None) -> dict:
    """Why a firm is where it is, and its best alternatives (``alternatives``: how many, 0 to 20).
    ``base``: the plan re-planned from (a :class:`Plan`, with ``base_roster`` its firms file,
    or a :class:`CurrentPlan` from :func:`branchplan.load_current`): then ``base`` says where
    the firm was there, whether it moved and why (:func:`branchplan.explain_base.firm_since`),
    and every alternative is priced with the stability rule beside it, as a re-plan weighs it."""
    alternatives = optioncheck.integer("explain_firm", "alternatives", alternatives, *ALTERNATIVES_RANGE, where="")
    whole = _arguments(plan, roster, charter)
    charter = whole.active(False)    # (as in explain_branch)
    _expect_id(firm_id, "firm_id")
    as_of = _day(plan, roster, as_of)
    firm = find_firm(roster, firm_id, plan)
    current = read_base(roster, base, base_roster)
    return _explain_firm(plan, roster, whole, as_of, firm, alternatives, current)


def _explain_firm(plan: Plan, roster: Roster, whole: Charter, as_of: date, firm: Firm, alternatives: int,
                  current: CurrentPlan | None) -> dict:
    """:func:`explain_firm` of arguments already checked (``current``: the base plan read)."""
    charter = whole.active(False)
    firm_id = firm.id
    view = make_view(plan, roster, charter, as_of)
    out = {"firm": firm.id, "name": firm.name, "district": firm.district, "full": firm.full,
           "probationary": firm.probationary, **_dated(plan, as_of), "branch": None, "reasons": [], "reasons_zh": [],
           "alternatives": []}
    if firm.size == 0:
        out["reasons"].append(f"{firm.id} has no Party members: it is not assigned to any branch.")
        out["reasons_zh"].append(f"{firm.id} 没有党员，不编入任何支部。")
        return out
    homes = [b for b in view.branches if firm.id in b.firm_ids]
    reasons = _reasons(firm, homes, view, charter)
    out["reasons"] += [en for en, _ in reasons]
    out["reasons_zh"] += [zh for _, zh in reasons]
    codes = stability_codes(whole) if current is not None else ()
    if len(homes) == 1:
        b = homes[0]
        out["branch"] = b.id
        detail = _explain_branch(plan, roster, whole, as_of, b.id, current)
        entry = next(f for f in detail["firms"] if f["id"] == firm.id)
        # (a lead's costs are those of leading the branch, not of its placement; what its move
        # from the base costs is said with the move: ``base``)
        out["lead_cost" if entry["lead"] else "placement_cost"] = {
            c: v for c, v in entry.get("cost", {}).items() if c not in codes}
        out["branch_rules"] = [r for r in detail["rules"] if r["status"] in ("binding", "broken")]
        out["branch_organisation"] = {k: detail[k] for k in ("members", "full_members", "level", "leadership",
                                                              "secretary_candidates")}
    before = plain = evaluate(plan, roster, charter, as_of)
    priced = None
    if current is not None:   # (every move priced beside the base: the stability rules too)
        before, priced = beside(plan, roster, whole, as_of, current, plain)
        out["base"] = firm_since(priced, before, roster, whole, as_of, base_name(current), firm_id)
    move_charter = whole.active(current is not None)
    here = firm.location
    j = roster.firm_jurisdiction(firm)
    # (a branch none of whose units is in the roster any more is gone: no alternative)
    others = [b for b in view.branches if b.jurisdiction == j and firm.id not in b.firm_ids and not b.gone]
    located = here is not None and any(_lead_location(b) is not None for b in others)
    if located:
        others.sort(key=lambda b: (_distance_to_lead(here, b), b.id))
    else:   # no distance to go by ("the nearest" would be any): the firm's district first
        district = lambda b: getattr(_lead_unit(b), "district", None)  # noqa: E731
        others.sort(key=lambda b: (not firm.district or district(b) != firm.district, natural(b.id)))
    limit = MAX_CANDIDATES if located else MAX_CANDIDATES_UNLOCATED
    tried = others[:limit]
    # the branch the firm left, as it continues: always tried ("why not stay?")
    back = out.get("base", {}).get("back") if out.get("base", {}).get("moved") else None
    if back is not None and all(b.id != back for b in tried):
        tried += [b for b in others if b.id == back]
    around = Moves(plan, roster, charter, view, plain, current, move_charter)
    moves = [move(plan, roster, move_charter, as_of, firm.id, b.id, before, around, current) for b in tried]
    nearest = moves[0]["branch"] if located and moves else None   # (tried in order of distance)
    moves.sort(key=lambda m: m.pop("_key"))
    shown = moves[:alternatives]
    if alternatives and nearest is not None and all(m["branch"] != nearest for m in shown):
        # the branch a member asks about first, with what keeps the firm out of it
        shown.append(next(m for m in moves if m["branch"] == nearest) | {"nearest": True})
    if alternatives and back is not None and all(m["branch"] != back for m in shown):
        # the branch it was in: what staying there would have cost
        shown += [m for m in moves if m["branch"] == back]
    for m in shown:
        b = find_branch(view, m["branch"])
        m.update(_to_lead(here, _lead_location(b)))   # (none to a lead the roster does not have)
        if m["branch"] == back:
            m["back"] = True
        out["alternatives"].append(m)
    out["considered"] = len(moves)
    home = homes[0] if len(homes) == 1 else None
    if home is not None and home.composition == "joint" and not (home.lead_firm and view.is_big(home.lead_firm)) \
            and moves and all(any(b["branch"] == home.id for b in m["breaks"]) for m in moves):
        # no single move keeps the plan valid, because of its own branch (a minimum it falls
        # below without the firm): what regrouping that branch would take, each of its firms to
        # its best other branch in turn (a standalone firm's branch is never dissolved)
        if (regroup := _regroup(plan, roster, whole, as_of, homes[0], firm.id, before, current)) is not None:
            out["regroup"] = regroup
    #: how the branches tried were chosen: the nearest ("distance"), or, without locations,
    #: those of the firm's district first ("district")
    out["tried_by"] = "distance" if located else "district"
    #: the other branches of its jurisdiction: the nearest MAX_CANDIDATES are tried
    out["branches_in_jurisdiction"] = len(others)
    out["jurisdiction"] = j
    if current is None and (moved := _moves_charged(plan, whole)):
        out["replan"] = moved     # (with the base, the moves are weighed: no caveat)
    return out


#: firms of a branch explain --firm regroups at most (a joint branch holds at most 5 by default)
REGROUP_FIRMS = 8


def _regroup(plan: Plan, roster: Roster, whole: Charter, as_of: date, home: BranchView, first: str,
             before: CheckResult, base: CurrentPlan | None = None) -> dict | None:
    """The branch ``home`` dissolved: each of its firms (``first`` first, then the others in
    its order) moved, one after another, to its best other branch of the jurisdiction (the
    nearest tried, as for a single move), and the plan so reached compared with this one
    (the cost by priority, the hard rules it breaks). One way of regrouping, not the best:
    what it shows is what dissolving the branch takes. None for a host's branch or a
    branch of one firm. ``base``: the plan re-planned from, beside which the stability rules
    of ``whole`` charge the moves (``before``: the plan's result beside it)."""
    if home.host is not None or len(home.firms) < 2 or len(home.firms) > REGROUP_FIRMS:
        return None
    charter, priced = whole.active(False), whole.active(base is not None)
    order = [first] + [f.id for f in home.firms if f.id != first]
    current, now, steps = plan, before, []
    plain = evaluate(plan, roster, charter, as_of) if base is not None else before
    for fid in order:
        firm = roster.firm_by_id[fid]
        view = make_view(current, roster, charter, as_of)
        j = roster.firm_jurisdiction(firm)
        others = [b for b in view.branches
                  if b.jurisdiction == j and fid not in b.firm_ids and b.id != home.id and not b.gone]
        if not others:
            return None
        here = firm.location
        if here is not None and any(_lead_location(b) is not None for b in others):
            others.sort(key=lambda b: (_distance_to_lead(here, b), b.id))
        around = Moves(current, roster, charter, view, plain, base, priced)
        tried = [move(current, roster, priced, as_of, fid, b.id, now, around, base) for b in others[:MAX_CANDIDATES]]
        best = min(tried, key=lambda m: m["_key"])
        lead = best.get("new_lead", {}).get("lead")
        current = _moved(current, fid, best["branch"], lead, roster.host_by_id.keys())
        plain = evaluate(current, roster, charter, as_of)
        now = beside(current, roster, whole, as_of, base, plain)[0] if base is not None else plain
        steps.append({"firm": fid, "branch": best["branch"]})
    _, _, by_priority, breaks, _ = _compared(before, now, priced)
    return {"branch": home.id, "moves": steps, "delta": points(now.cost_milli - before.cost_milli),
            "delta_by_priority": {str(k): points(v) for k, v in sorted(by_priority.items()) if v},
            "breaks": breaks}


def _moves_charged(plan: Plan, charter: Charter) -> dict | None:
    """Where the plan is a re-plan (its recorded objective has a rule that charges members
    moved from the plan it was re-planned from: kind stability), that rule's code and
    priority (the first such rule by priority); else None. explain without ``base`` has not
    the plan re-planned from, so it cannot weigh those moves: the verdict says so."""
    recorded = plan.objective.rules if plan.objective is not None else {}
    rules = sorted((r.priority, r.code) for r in charter.rules if r.kind == "stability" and r.code in recorded)
    return {"rule": rules[0][1], "priority": rules[0][0]} if rules else None


def _reasons(firm: Firm, homes: list[BranchView], view: PlanView,
             charter: Charter) -> list[tuple[str, str]]:
    """Why the firm is where it is: (English, Chinese) sentences."""
    own = next((r for r in charter.rules if r.kind == "own_branch"), None)
    fb_rule = next((r.code for r in charter.rules if r.kind == "fallback"), None)
    fb, fb_zh = fb_rule or "the fallback rule", fb_rule or "兜底规则"
    out = []
    if not homes:
        return [(f"{firm.id} is in no branch of the plan: its members would be unmanaged.",
                 f"{firm.id} 不在方案的任何支部中：其党员将无人管理。")]
    if len(homes) > 1:
        ids = [b.id for b in homes]
        out.append((f"{firm.id} is listed in {len(homes)} branches ({', '.join(ids)}); "
                    "a member belongs to one branch only.",
                    f"{firm.id} 被列入 {len(homes)} 个支部（{'、'.join(ids)}）；每名党员只能编入一个支部。"))
    b = homes[0]
    others = [f.id for f in b.firms if f.id != firm.id]
    least = view.own_branch_min
    if view.is_big(firm):
        leads = b.lead == firm.id
        out.append((f"{firm.id} has {firm.full} full members ({least} or more): {own.code} requires "
                    f"it to lead a branch of its own" + (f"; it leads {b.id}." if leads else
                                                           f", but it is in {b.id}, led by {b.lead}."),
                    f"{firm.id} 有正式党员 {firm.full} 名（不少于 {least} 名）：按 {own.code} 应单独建立党支部"
                    + (f"；现牵头 {b.id}。" if leads else f"，但现在 {b.id}，由 {b.lead} 牵头。")))
        if not leads and b.host is None and b.lead_firm is None:
            out.append(_stray_lead(b))
        if others and leads:
            out.append((f"Small firms placed with it as a fallback ({fb}): {', '.join(others)}.",
                        f"作为兜底编入（{fb_zh}）与其同在一个支部的小所：{'、'.join(others)}。"))
        return out
    alone = b.lead == firm.id and not others and b.host is None
    if own is not None:
        members = "full member" if firm.full == 1 else "full members"
        # (a small firm alone in its branch, a hand edit: it should be grouped, and is not)
        out.append((f"{firm.id} has {firm.full} {members}, fewer than {least}: it does not "
                    f"form a branch of its own ({own.code}) and " + ("should be grouped with others." if alone
                                                                    else "is grouped with others."),
                    f"{firm.id} 有正式党员 {firm.full} 名，不足 {least} 名：不单独建立党支部（{own.code}），"
                    + ("应与其他单位联合组建。" if alone else "与其他单位联合组建。")))
    lead = b.host or b.lead_firm
    if lead is None and b.lead != firm.id:   # a hand edit: the lead is not among the branch's units
        out.append(_stray_lead(b))
        return out
    km = km_zh = ""     # (nothing where a location is unknown)
    if lead is not None and b.lead != firm.id:
        away = _to_lead(firm.location, lead.location)
        if away:
            km, km_zh = distance_text(away, "en") + " away", "相距 " + distance_text(away, "zh")
    fb_en, fb_zh2 = (f"{km}; a fallback, {fb}", f"{km_zh}；属兜底编入，{fb_zh}") if km else (
        f"a fallback, {fb}", f"属兜底编入，{fb_zh}")
    if b.host is not None:
        out.append((f"It is placed with host {b.host.id} in {b.id} ({fb_en}).",
                    f"该单位与托管组织 {b.host.id} 同在 {b.id}（{fb_zh2}）。"))
    elif lead is not None and view.is_big(lead) and b.lead != firm.id:
        out.append((f"It is placed with standalone firm {lead.id} in {b.id} ({fb_en}).",
                    f"该单位编入单独建支部的律所 {lead.id} 所在的 {b.id}（{fb_zh2}）。"))
    elif b.lead == firm.id and others:
        out.append((f"It leads joint branch {b.id}, with {', '.join(others)}.",
                    f"该单位牵头联合党支部 {b.id}，同支部的还有 {'、'.join(others)}。"))
    elif b.lead == firm.id:
        out.append((f"Yet it stands alone in {b.id}." if own is not None else f"It stands alone in {b.id}.",
                    f"但该单位现单独在 {b.id}。" if own is not None else f"该单位单独在 {b.id}。"))
    else:
        same = same_zh = ""   # districts are compared only where both units have one
        if firm.district and firm.district == lead.district:
            same, same_zh = " (same district)", "（同一区县）"
        elif firm.district and lead.district:
            same, same_zh = f" ({firm.district} vs {lead.district})", f"（{firm.district}与{lead.district}）"
        out.append((f"It is in joint branch {b.id}, led by {lead.id}{', ' + km if km else ''}{same}.",
                    f"该单位在联合党支部 {b.id}，由 {lead.id} 牵头{'，' + km_zh if km_zh else ''}{same_zh}。"))
    return out


def _lead_unit(b: BranchView) -> Firm | Host | None:
    """The unit leading branch ``b``: its host, else its lead firm, or the roster's firm named
    as its lead outside it (a hand edit); None where the roster has no such unit (closed)."""
    return b.lead_unit


def _lead_location(b: BranchView):
    """Where branch ``b``'s lead is; None where it has no lead of the roster, or no location."""
    lead = _lead_unit(b)
    return lead.location if lead is not None else None


def _distance_to_lead(here, b: BranchView) -> float:
    """How far ``here`` is from branch ``b``'s lead, to order the branches tried: a branch whose
    lead has no location (or is not in the roster) comes last, not at 0."""
    there = _lead_location(b)
    return distance(here, there) if there is not None else math.inf


def _to_lead(a, b) -> dict:
    """How far a unit is from its (or another) branch's lead, as explain's data has it:
    ``km_to_lead`` for lat/lon locations, ``distance_to_lead`` (in the roster's own units)
    for planar x/y ones, nothing when either location is unknown."""
    if a is None or b is None:
        return {}
    key = "km_to_lead" if a.is_geo and b.is_geo else "distance_to_lead"
    return {key: round(distance(a, b), 3)}


def distance_text(entry: dict, lang: str = "en") -> str:
    """'3.200 km' / '3.200 公里' for a lat/lon distance of :func:`_to_lead`'s data, '5.000' for
    a planar one (the roster's units), '' when there is none."""
    if "km_to_lead" in entry:
        return f"{entry['km_to_lead']:.3f} " + ("公里" if lang == "zh" else "km")
    if "distance_to_lead" in entry:
        return f"{entry['distance_to_lead']:.3f}"
    return ""


def _stray_lead(b: BranchView) -> tuple[str, str]:
    """The firm's branch names a lead that is not one of its units (as check words it); or,
    listed in it, that the roster no longer has (closed, or given a new id)."""
    if b.lead in b.unknown:     # (what to do about it is the BP-ONE-BRANCH finding's, said after it)
        return (f"Branch {b.id}'s lead {b.lead} is not in the roster any more (closed or given a new id?).",
                f"支部 {b.id} 的牵头单位 {b.lead} 已不在名册中（已注销或更换编号？）。")
    return (f"Branch {b.id} is led by {b.lead}, which is not one of its units: the plan must name "
            f"one of {b.id}'s own units as its lead (check reports this as a hard finding).",
            f"支部 {b.id} 的牵头单位 {b.lead} 不在本支部：方案应以本支部的单位之一牵头（检查时列为硬性问题）。")


def explain_plan(plan: Plan, roster: Roster, charter: Charter | None, as_of: date | str | None,
                 base: "Plan | CurrentPlan | None" = None, base_roster: Roster | None = None) -> dict:
    """Every branch with its cost per rule; rules costed only plan-wide apart (rules that need
    the plan re-planned from, stability, left out as in :func:`explain_branch`, unless ``base``
    gives it: then each branch is charged the members moved into it, and ``base`` sums the
    moves up: :func:`branchplan.explain_base.plan_since`). ``as_of``: a
    date or ISO text; None: the plan's date, else the roster's, else today in Beijing time (as ``explain``)."""
    whole = _arguments(plan, roster, charter)
    as_of = _day(plan, roster, as_of)
    current = read_base(roster, base, base_roster)
    return _explain_plan(plan, roster, whole, as_of, current)


def _explain_plan(plan: Plan, roster: Roster, whole: Charter, as_of: date, current: CurrentPlan | None) -> dict:
    """:func:`explain_plan` of arguments already checked (``current``: the base plan read)."""
    charter = whole.active(False)
    view = make_view(plan, roster, charter, as_of)
    full = evaluate_view(view, charter)
    per, plan_wide = branch_costs(view, charter, full)
    if current is not None:   # (the stability rules, priced beside the base: per branch moved into)
        full, priced = beside(plan, roster, whole, as_of, current, full)
        codes = stability_codes(whole)
        moves = moves_by_branch(full, codes)
        for b in view.branches:
            per[b.id].update({c: moves.get(b.id, {}).get(c, 0) for c in codes})
    hard = {}
    for f in full.hard:
        hard[f.branch] = hard.get(f.branch, 0) + 1
    rows = []
    for b in view.branches:
        by_rule = {c: points(v) for c, v in per[b.id].items() if c not in plan_wide and v}
        rows.append({"branch": b.id, "kind": b.composition, "level": organisation(b, as_of)["level"],
                     "lead": b.lead, "firms": len(b.firms),
                     "members": b.size, "full_members": b.full, "cost": points(sum(
                         v for c, v in per[b.id].items() if c not in plan_wide)),
                     "cost_by_rule": by_rule, "hard_findings": hard.get(b.id, 0)})
    soft = [o.code for o in full.outcomes if o.severity == "soft"]
    out = {**_dated(plan, as_of), "cost": points(full.cost_milli), "branches": rows, "rules": soft,
           "plan_wide": {o.code: points(o.cost_milli) for o in full.outcomes if o.code in plan_wide},
           "hard_findings": [f.message for f in full.hard],
           "hard_findings_zh": [f.message_zh or f.message for f in full.hard]}
    if current is not None:
        out["base"] = plan_since(priced, full, whole, base_name(current))
    return out


def _expect_id(value, name: str) -> None:
    """An id to explain is text; else a TypeError naming the parameter (as the library's
    other arguments)."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected an id (str), got {type(value).__name__}")
