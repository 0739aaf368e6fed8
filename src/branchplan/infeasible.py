"""Why no plan exists: a minimal conflict per infeasible jurisdiction, in a clerk's words.

For each jurisdiction the solver found infeasible:

1. cheap pre-checks on counts, when no small firm can fall back to a standalone firm or a
   host: the small firms' full members in total against a branch's minimum (then the
   conflict is written down without any solve), and against the branches that a maximum
   number of firms per branch forces;
2. otherwise CP-SAT finds a minimal set of conflicting rule instances
   (:mod:`branchplan.solver.explain`);
3. remedies, each checked by re-solving the jurisdiction with that one change
   (:mod:`branchplan.remedies`).

A rule instance is a hard rule about one subject: ``BP-ONE-BRANCH`` for a firm (it must be
in a branch), ``BP-MIN-FULL`` for the branch a unit leads, a branch-count rule for the
jurisdiction. Minimal: dropping any one instance of the conflict makes the rest satisfiable.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

from .charter import Charter, Rule
from .i18n import plural, text
from .plan import shown_jurisdiction
from .phrases import bound, counts, counts_zh, id_list, rule_ref, small_firms_zh
from .rules.aggregate import noun, quantity
from .solver.explain import Budget, Core, Instance, find_core, report_order
from .solver.part import Part
from .solver.unplaceable import assignment_code


#: CP-SAT deterministic seconds for finding a jurisdiction's minimal conflict; less when a
#: counting argument already explains the infeasibility (its minimal conflict can be large).
CORE_WORK, CORE_WORK_COUNTED = 60.0, 20.0
#: ... and where the count also gives a conflict of its own (reported where the search ends
#: without a minimal one: a 300-firm city's 321 instances, the search 20 s -> 5 s)
CORE_WORK_PROVEN = 5.0


@dataclass
class Conflict:
    jurisdiction: str
    status: str  # infeasible | unknown (no plan found in the time limit, no proof)
    headline: str
    headline_zh: str = ""
    #: further sentences (a counting argument that also holds), in English and in Chinese
    facts: list[str] = field(default_factory=list)
    facts_zh: list[str] = field(default_factory=list)
    instances: list[Instance] = field(default_factory=list)
    #: the instances as a clerk reads them, one line per rule (English, Chinese)
    lines: list[str] = field(default_factory=list)
    lines_zh: list[str] = field(default_factory=list)
    firms: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    #: small firms that no branch can take at all (each one a conflict of its own)
    unplaceable: list[str] = field(default_factory=list)
    remedies: list = field(default_factory=list)
    method: str = ""  # count | unplaceable | assumptions
    minimal: bool = False
    core: Core | None = None
    #: every remedy candidate was decided (False: the effort or the time limit ran out)
    remedies_decided: bool = True
    #: the user's time limit stopped the explanation (it may then differ run to run)
    time_limit_reached: bool = False

    def text(self, lang: str = "en") -> str:
        """The explanation, every line in ``lang`` (en or zh; English where no Chinese exists)."""
        zh = lang == "zh"
        sep = "、" if zh else ", "
        out = [text("infeasible.heading" if self.status == "infeasible" else "infeasible.heading_unknown", lang,
                    jurisdiction=shown_jurisdiction(self.jurisdiction, lang, start=True)),
               f"  {self.headline_zh if zh and self.headline_zh else self.headline}"]
        facts = self.facts_zh if zh and len(self.facts_zh) == len(self.facts) else self.facts
        out += [f"  {fact}" for fact in facts]
        if self.instances:
            key = ("infeasible.minimal" if self.minimal else "infeasible.counted" if self.method == "count"
                   else "infeasible.not_minimal")
            out.append("  " + text(key, lang, n=len(self.instances)))
            lines = self.lines_zh if zh and len(self.lines_zh) == len(self.lines) else self.lines
            out += [f"    {line}" for line in lines]
        if self.firms:
            mem = (text("infeasible.members", lang, ids=id_list(self.members, 12, sep, "名"))
                   if self.members else "")
            out.append("  " + text("infeasible.firms", lang, ids=id_list(self.firms, 20, sep), members=mem))
        others = [f for f in self.unplaceable if f not in self.firms[:1]]
        if others:
            out.append("  " + text("infeasible.others", lang, ids=id_list(others, 20, sep)))
        if self.remedies:
            out.append("  " + text("infeasible.remedies", lang))
            out += [f"    - {r.say(lang)}" for r in self.remedies]
        elif self.status == "infeasible":
            out.append("  " + text("infeasible.no_remedy" if self.remedies_decided else "infeasible.no_remedy_undecided",
                                   lang))
        if self.time_limit_reached:
            out.append("  " + text("infeasible.time_limit", lang))
        return "\n".join(out) + "\n"

    def to_dict(self) -> dict:
        c = self.core
        return {
            "jurisdiction": self.jurisdiction, "status": self.status, "headline": self.headline,
            "headline_zh": self.headline_zh, "facts": self.facts, "facts_zh": self.facts_zh,
            "method": self.method, "minimal": self.minimal,
            "instances": [{"rule": k.code, "subject": k.subject} for k in self.instances],
            "lines": self.lines, "lines_zh": self.lines_zh,
            "firms": self.firms, "members": self.members, "unplaceable": self.unplaceable,
            "remedies": [r.to_dict() for r in self.remedies], "remedies_decided": self.remedies_decided,
            "time_limit_reached": self.time_limit_reached,
            "core_sizes": {"instances": c.assumed, "first": c.initial, "minimal": len(c.instances)} if c else None,
        }


def _named(part: Part) -> tuple[str, str]:
    """The part's jurisdiction as a reader says it, in English and in Chinese (the whole
    roster, not ``*``, when it was solved as one part)."""
    return shown_jurisdiction(part.jurisdiction, "en"), shown_jurisdiction(part.jurisdiction, "zh")


def fallback_reason(part: Part, charter: Charter) -> tuple[str, str] | None:
    """Why no small firm can fall back (English, Chinese), or None when one can."""
    if (part.allow_standalone_fallback and part.big) or (part.allow_host_fallback and part.hosts):
        return None
    if not charter.of_kind("fallback"):
        return ("the charter has no fallback rule, so no small firm may join a standalone firm or a host",
                f"规则集没有兜底规则，{small_firms_zh(part.big_min)}不能编入单独支部或托管组织")
    std = ("no standalone firm" if part.allow_standalone_fallback else
           "the charter lets no small firm join a standalone firm")
    host = ("no host is declared" if part.allow_host_fallback else "the charter allows no host placement")
    if part.allow_standalone_fallback and part.allow_host_fallback:
        return "no standalone firm or host is within the jurisdiction", "辖区内没有可兜底编入的单独支部或托管组织"
    if not part.allow_standalone_fallback and not part.allow_host_fallback:
        return ("the charter's fallback rule lets no small firm join a standalone firm or a host",
                f"规则集的兜底规则不允许{small_firms_zh(part.big_min)}编入单独支部或托管组织")
    return f"{std} and {host}", "规则集或名册不允许兜底编入单独支部或托管组织"


def _n_small(n: int) -> str:
    return "small firm" if n == 1 else f"{n} small firms"


def _covers_small(rule: Rule) -> bool:
    p = rule.params
    return rule.is_hard and rule.kind == "branch_aggregate" and {"standalone", "joint"} <= set(p.applies_to)


def precheck(part: Part, charter: Charter, as_of: date) -> Conflict | None:
    """Counting arguments. A conflict (with its instances when the count alone proves it),
    or None when the counts do not decide."""
    why = fallback_reason(part, charter)
    one = assignment_code(charter.rules)
    if why is None or one is None or not part.small:
        return None
    small = [part.firms[i] for i in part.small]
    ids = [f.id for f in small]
    j, j_en, j_zh = part.jurisdiction, *_named(part)
    mins = [r for r in charter.rules if _covers_small(r) and r.params.min is not None
            and r.params.count == "members"]
    for rule in mins:
        total = sum(quantity(rule.params, f, as_of) for f in small)
        if total >= rule.params.min:
            continue
        en, zh = noun(rule.params, total)
        ref_en, ref_zh = rule_ref(rule)
        f = part.small[0]
        found = [Instance(one, part.unit_id(f))] + [Instance(rule.code, part.unit_id(u)) for u in part.cands[f]]
        return Conflict(
            j, "infeasible",
            f"In {j_en} the {_n_small(len(small))} {id_list(ids)} {'has' if len(small) == 1 else 'have'} "
            f"{total} {en} in total; "
            f"{ref_en} cannot hold, and {why[0]}.",
            f"{j_zh}{small_firms_zh(part.big_min)}共 {len(small)} 个（{id_list(ids, sep='、')}），"
            f"合计{zh.lstrip('名个')} {total} 名，"
            f"{ref_zh}无法满足，且{why[1]}。",
            instances=report_order(found, charter.rules, part), method="count", minimal=True)
    for rule in mins:
        for cap in charter.rules:
            p = cap.params
            if not (cap.is_hard and cap.kind == "branch_aggregate" and p.count == "firms" and p.max
                    and p.director_is_member is None and "joint" in p.applies_to):
                continue
            need = math.ceil(len(small) / p.max)
            total = sum(quantity(rule.params, f, as_of) for f in small)
            if total >= need * rule.params.min:
                continue
            en, zh = noun(rule.params, total)
            # the count's own instances: each small firm in a branch, and the minimum and the
            # cap of every branch a small firm may lead (no other branch can take them)
            leads = sorted({u for f in part.small for u in part.cands[f]})
            found = ([Instance(one, part.unit_id(f)) for f in part.small]
                     + [Instance(rule.code, part.unit_id(u)) for u in leads]
                     + [Instance(cap.code, part.unit_id(u)) for u in leads])
            return Conflict(
                j, "infeasible",
                f"In {j_en} the {plural(len(small), 'small firm')} {'has' if len(small) == 1 else 'have'} {total} {en} "
                f"in total, but branches of at most {plural(p.max, 'firm')} ({cap.code}) need at least "
                f"{plural(need, 'branch', 'branches')}, hence {need * rule.params.min} "
                f"{noun(rule.params)[0]} ({rule_ref(rule)[0]}); {why[0]}.",
                f"{j_zh}{small_firms_zh(part.big_min)}共 {len(small)} 个，合计{zh.lstrip('名个')} {total} 名；"
                f"每个联合支部不超过 {p.max} 个单位"
                f"（{cap.code}），至少需要 {need} 个支部，即{zh.lstrip('名个')} {need * rule.params.min} 名"
                f"（{rule.code}）；{why[1]}。", instances=report_order(found, charter.rules, part), method="count")
    return None


def describe(core_instances: list[Instance], part: Part,
             charter: Charter) -> tuple[list[str], list[str], list[str]]:
    """Lines (one per rule) in English and in Chinese, and the firms involved, for a list of instances."""
    one = assignment_code(charter.rules)
    by_code: dict[str, list[str]] = {}
    for k in core_instances:
        by_code.setdefault(k.code, []).append(k.subject)
    firm_ids = {f.id: f for f in part.firms}
    width = max((len(c) for c in by_code), default=0)
    lines, lines_zh, involved = [], [], []
    for code, subjects in by_code.items():
        rule = charter.get(code)
        en, zh = bound(rule, is_geo(part))
        if code == one:
            who = [f"{s} ({counts(firm_ids[s])})" for s in subjects]
            who_zh = [f"{s}（{counts_zh(firm_ids[s])}）" for s in subjects]
            verb = "must be in a branch" if len(who) == 1 else "must each be in a branch"
            lines.append(f"{code:<{width}}  {id_list(who, 12)} {verb}")
            lines_zh.append(f"{code:<{width}}  {id_list(who_zh, 12, '、')}"
                            + ("必须编入支部" if len(who) == 1 else "都必须编入支部"))
        elif subjects == [part.jurisdiction]:
            lines.append(f"{code:<{width}}  {en}, in {_named(part)[0]}")
            lines_zh.append(f"{code:<{width}}  {zh}（{_named(part)[1]}）")
        else:
            led = (f"the branch led by {subjects[0]}" if len(subjects) == 1 else
                   f"each of the {len(subjects)} branches led by {id_list(subjects, 12)}")
            led_zh = (f"{subjects[0]} 牵头的支部" if len(subjects) == 1 else
                      f"{id_list(subjects, 12, '、')} 分别牵头的 {len(subjects)} 个支部都须满足")
            lines.append(f"{code:<{width}}  {en}, for {led}")
            lines_zh.append(f"{code:<{width}}  {zh}（{led_zh}）")
        involved += [s for s in subjects if s in firm_ids and s not in involved]
    return lines, lines_zh, involved


def from_core(core: Core, part: Part, charter: Charter, why: tuple[str, str] | None) -> Conflict:
    j, (j_en, j_zh) = part.jurisdiction, _named(part)
    one = assignment_code(charter.rules)
    tail_en = f"; {why[0]}" if why else ""
    tail_zh = f"；{why[1]}" if why else ""
    codes = list(dict.fromkeys(k.code for k in core.instances if k.code != one))
    refs_en = " and ".join(rule_ref(charter.get(c), is_geo(part))[0] for c in codes)
    refs_zh = "、".join(rule_ref(charter.get(c), is_geo(part))[1] for c in codes)
    placed = [k.subject for k in core.instances if k.code == one]
    if core.method == "unplaceable" and placed:
        f = part.firms[[x.id for x in part.firms].index(placed[0])]
        leads = list(dict.fromkeys(k.subject for k in core.instances if k.code != one))
        led = f"the branch led by {leads[0]}" if len(leads) == 1 else f"the {len(leads)} branches led by {id_list(leads)}"
        en = (f"In {j_en} no branch can take {f.id} ({counts(f)}): in {led}, {refs_en} cannot all hold "
              f"with {f.id} in it{tail_en}.")
        zh = (f"{j_zh}没有支部能接收 {f.id}（{counts_zh(f)}）：它可加入的每个支部（{len(leads)} 个牵头单位）"
              f"都无法同时满足{refs_zh}{tail_zh}。")
    elif placed:
        en = (f"In {j_en} the small firms {id_list(placed)} cannot all be placed: {refs_en} cannot all hold "
              f"together{tail_en}.")
        zh = f"{j_zh}{small_firms_zh(part.big_min)} {id_list(placed, sep='、')} 无法全部编入支部：{refs_zh}不能同时满足{tail_zh}。"
    else:  # no firm needs placing: the standalone firms' own branches already break it
        en = f"In {j_en} {refs_en} cannot hold, whatever the grouping{tail_en}."
        zh = f"{j_zh}无论如何编排都无法满足{refs_zh}{tail_zh}。"
    return Conflict(j, "infeasible", en, zh, instances=core.instances, unplaceable=core.unplaceable,
                    method=core.method, minimal=core.minimal, core=core)


def explain_part(part: Part, charter: Charter, as_of: date, options=None,
                 budget: Budget | None = None, deadline: float | None = None) -> Conflict:
    """The conflict that makes ``part`` infeasible, with remedies checked by re-solving.

    ``deadline`` (time.monotonic()): past it no more solves are made (the user's time
    limit); what was found by then is reported, and said to be cut short."""
    from .errors import InternalError
    from .remedies import suggest
    from .solver.options import SolveOptions

    options = options or SolveOptions()
    stopped = False
    pre = precheck(part, charter, as_of)
    if pre is not None and pre.instances and pre.minimal:
        conflict = pre
        n = len(pre.instances)
        conflict.core = Core("infeasible", pre.instances, "count", n, n, pre.minimal)
    else:
        if budget is None:  # a counting argument already explains: spend less on the instances
            budget = Budget(CORE_WORK if pre is None else CORE_WORK_PROVEN if pre.instances else CORE_WORK_COUNTED,
                            deadline=deadline)
        core = find_core(part, charter.rules, as_of, budget, options.seed)
        stopped = budget.timed_out
        if core.status == "feasible":
            raise InternalError(f"{shown_jurisdiction(part.jurisdiction)}: the solver found no plan, but its hard rules "
                                "can hold together")
        why = fallback_reason(part, charter)
        if core.status == "unknown":
            conflict = pre or Conflict(
                part.jurisdiction, "infeasible",
                f"In {_named(part)[0]} no plan satisfies the hard rules; no conflict could be isolated "
                f"within the explanation's effort ({core.work:.1f} s of solver work)" + (f"; {why[0]}." if why else "."),
                f"{_named(part)[1]}没有满足硬性规则的方案；在解释所用的计算量内（求解器工作 {core.work:.1f} 秒）"
                f"未能找出具体冲突" + (f"；{why[1]}。" if why else "。"))
            conflict.core = core
        elif not core.minimal and pre is not None and pre.instances:
            # the search ran out before its conflict was minimal (it may hold rules that play
            # no part): the count's own instances instead, which it proves
            conflict = pre
            n = len(pre.instances)
            conflict.core = Core("infeasible", pre.instances, "count", n, n, False, solves=core.solves,
                                 seconds=core.seconds, work=core.work)
        else:
            conflict = from_core(core, part, charter, why)
            if pre is not None:  # the counting argument, as a further fact
                conflict.facts, conflict.facts_zh = [pre.headline], [pre.headline_zh]
    conflict.lines, conflict.lines_zh, conflict.firms = describe(conflict.instances, part, charter)
    by_id = {f.id: f for f in part.firms}
    conflict.members = [m.id for fid in conflict.firms for m in (by_id[fid].member_list or ())]
    conflict.remedies, conflict.remedies_decided = suggest(part, charter, conflict, as_of, options,
                                                            deadline=deadline)
    conflict.time_limit_reached = stopped or (not conflict.remedies_decided and deadline is not None
                                              and time.monotonic() >= deadline)
    return conflict



def is_geo(part) -> bool:
    """The part's locations are latitude/longitude (distances in km)."""
    return any(f.location is not None and f.location.is_geo for f in part.firms)
