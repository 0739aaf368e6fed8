"""What would fix an infeasible jurisdiction: single changes, each checked by re-solving.

Tried in this order, every one on its own, and offered only when the jurisdiction then has
a plan (a feasibility solve of its hard rules with the packing argument's row,
:func:`branchplan.solver.packing.decide`, whose plan the plain evaluators must pass;
skipped when the counting pre-checks of ``branchplan.infeasible`` already rule the change
out):

1. declare a host organisation in the jurisdiction (and allow host placement if the
   fallback rule forbids it);
2. let small firms join a standalone firm's branch, when the fallback rule forbids it and
   the jurisdiction has standalone firms;
3. for each rule of the conflict, most negotiable first: the nearest bound that works
   (a 6th firm, 55 members, 2 full members instead of 3), then, for rules the charter
   words as "generally", making the rule soft;
4. more candidate leads per firm (``--nearest``), when the solve limited them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .charter import Charter, Rule
from .model import Host, Location
from .plan import WHOLE_ROSTER
from .i18n import pick
from .phrases import small_firms_zh, where
from .rules import structure
from .rules.aggregate import noun
from .rules.branch_count import counted_kinds
from .rules import negotiability
from .solver.options import AUTO_NEAREST, SolveOptions, policy_for
from .solver.part import CandidatePolicy, Part, build_part

if TYPE_CHECKING:
    from .solver.explain import Budget

MAX_REMEDIES = 4
#: Deterministic seconds for checking remedies of one jurisdiction, and per check.
REMEDY_WORK, REMEDY_WORK_PER_SOLVE = 30.0, 10.0
SOFT_WEIGHT = 100


@dataclass
class Remedy:
    text: str
    change: dict = field(default_factory=dict)
    text_zh: str = ""

    def say(self, lang: str = "en") -> str:
        """The change in ``lang`` (en or zh)."""
        return pick(self.text, self.text_zh, lang)

    def to_dict(self) -> dict:
        return {"text": self.text, "text_zh": self.text_zh, "change": self.change}


def _rebuild(part: Part, charter: Charter, options: SolveOptions, hosts=None,
             policy: CandidatePolicy | None = None) -> Part:
    own_min, sfb, hfb = structure(charter)
    policy = policy or policy_for(len(part.small), options)
    return build_part(part.jurisdiction, part.firms, part.hosts if hosts is None else hosts, own_min,
                      policy, sfb, hfb)


def _with_params(charter: Charter, rule: Rule, **update) -> Charter:
    return charter.replace_rule(dataclasses.replace(rule, params=rule.params.model_copy(update=update)))


def _centre(part: Part) -> Location | None:
    locs = [part.firms[i].location for i in part.small if part.firms[i].location is not None]
    if not locs:
        return None
    if all(loc.is_geo for loc in locs):
        return Location(lat=sum(x.lat for x in locs) / len(locs), lon=sum(x.lon for x in locs) / len(locs))
    planar = [x for x in locs if not x.is_geo]
    return Location(x=sum(x.x for x in planar) / len(planar), y=sum(x.y for x in planar) / len(planar))


def _candidates(part: Part, charter: Charter, conflict, options: SolveOptions):
    """((English, Chinese), change, part to solve, charter to solve) for every single change worth trying."""
    j = part.jurisdiction
    fb = charter.of_kind("fallback")
    if fb:
        rule = fb[0]
        ch = charter if rule.params.allow_hosts else _with_params(charter, rule, allow_hosts=True)
        if not part.hosts or not rule.params.allow_hosts:
            taken = {f.id for f in part.firms} | {h.id for h in part.hosts}
            hid = next(f"HOST{n}" for n in range(1, 10_000) if f"HOST{n}" not in taken)
            host = Host(id=hid, jurisdiction=j, location=_centre(part))
            allow = "" if rule.params.allow_hosts else f" and allow host placement ({rule.code} params: {{allow_hosts: true}})"
            allow_zh = "" if rule.params.allow_hosts else f"，并允许编入托管组织（{rule.code} 参数 {{allow_hosts: true}}）"
            # (the whole roster solved as one part: any jurisdiction's host will do)
            in_j, in_j_zh = ("", "") if j == WHOLE_ROSTER else (f" in {j}", f"在{j}")
            text = (f"declare a host organisation{in_j} (a `hosts:` entry in the firms file, e.g. the "
                    f"bar association's or justice bureau's Party organisation){allow}",
                    f"{in_j_zh}设立托管组织（在单位名册的 `hosts:` 中加一项，例如律师协会或司法局的党组织）{allow_zh}")
            yield text, {"kind": "host", "jurisdiction": j}, _rebuild(part, ch, options, part.hosts + [host]), ch
        if not rule.params.allow_standalone and part.big:
            ch = _with_params(charter, rule, allow_standalone=True)
            yield ((f"let small firms join a standalone firm's branch ({rule.code} params: {{allow_standalone: true}})",
                    f"允许{small_firms_zh(part.big_min)}编入单独建支部单位的支部（{rule.code} 参数 "
                    f"{{allow_standalone: true}}）"),
                   {"kind": "fallback", "rule": rule.code, "params": {"allow_standalone": True}},
                   _rebuild(part, ch, options), ch)
    codes = list(dict.fromkeys(k.code for k in conflict.instances))
    # (as negotiable, a rule that cites no article, a local one, before one that does)
    rules = sorted((charter.get(c) for c in codes),
                   key=lambda r: (negotiability(r), r.source is not None, codes.index(r.code)))
    for rule in rules:
        if rule.kind == "max_distance":
            yield from _farther(part, charter, rule)
            continue
        if rule.kind not in ("branch_aggregate", "branch_count"):
            continue
        p = rule.params
        if rule.kind == "branch_aggregate":
            what = f"{noun(p)[0]} per {where(p.applies_to)[0]}"
            # '每个支部正式党员', its measure word
            what_zh, unit = where(p.applies_to)[1] + noun(p)[1].lstrip("名个"), "个" if p.count == "firms" else "名"
        else:
            kinds, kinds_zh = counted_kinds(p.applies_to)
            what, what_zh, unit = (f"{kinds + ' ' if kinds else ''}branches per jurisdiction",
                                   f"每个辖区的{kinds_zh}支部", "个")
        if p.max is not None:
            for new in sorted({p.max + 1, p.max + 2, p.max + 5, 2 * p.max} - {p.max}):
                yield _new_max(part, charter, rule, new, f"allow up to {new} {what} instead of {p.max}",
                               f"{what_zh}由不超过 {p.max} {unit}放宽为不超过 {new} {unit}")
        if p.min is not None:
            for new in [m for m in (p.min - 1, p.min - 2) if m >= 1]:
                ch = _with_params(charter, rule, min=new)
                one = what.replace("members ", "member ", 1).replace("firms ", "firm ", 1) if new == 1 else what
                yield ((f"{rule.code}: require {new} {one} instead of {p.min} (a rules file: "
                        f"`code: {rule.code}` with `params: {{min: {new}}}`)"
                        + ("" if negotiability(rule) == 0 else "; the charter's wording does not say "
                           "\"generally\" here, so this departs from the source"),
                        f"{rule.code}：{what_zh}由不少于 {p.min} {unit}降为不少于 {new} {unit}（规则文件中写 "
                        f"`code: {rule.code}` 和 `params: {{min: {new}}}`）"
                        + ("" if negotiability(rule) == 0 else "；条例此处原文没有“一般”的说法，这样改偏离了原文")),
                       {"kind": "rule", "rule": rule.code, "params": {"min": new}}, part, ch)
        if negotiability(rule) == 0:
            yield _soft(part, charter, rule, "as its wording (\"generally\") allows: each unit over or under the "
                        "bound then costs points", "（原文有“一般”的说法，允许这样做）：超出或不足界限的部分按单位计入代价分")
    restricted = any(len([u for u in part.cands[i] if u in part.small]) < len(part.small) for i in part.small)
    if restricted:
        current = options.nearest if options.nearest not in (None, -1) else AUTO_NEAREST
        more = 2 * current
        policy = CandidatePolicy(more, policy_for(len(part.small), options).nearest_fallback)
        small_zh = small_firms_zh(part.big_min)
        yield ((f"let every small firm consider its {more} nearest small firms as leads (--nearest {more}; "
                f"now {current})",
                f"让每个{small_zh}考虑距其最近的 {more} 个同类单位作为牵头单位（--nearest {more}；目前为 {current}）"),
               {"kind": "option", "nearest": more},
               _rebuild(part, charter, options, policy=policy), charter)


def _farther(part: Part, charter: Charter, rule: Rule):
    """A distance limit (a local rule, the author's own): a farther limit, or a soft one."""
    p = rule.params
    geo = p.metric in ("auto", "haversine") and any(f.location is not None and f.location.is_geo for f in part.firms)
    en, zh = (" km", " 公里") if geo else ("", "")
    for new in sorted({round(p.max * f, 2) for f in (1.25, 1.5, 2)}):
        yield _new_max(part, charter, rule, new,
                       f"allow units up to {new:g}{en} from their branch's lead instead of {p.max:g}{en}",
                       f"成员单位距牵头单位的上限由 {p.max:g}{zh} 放宽为 {new:g}{zh}")
    yield _soft(part, charter, rule, "each unit over the limit then costs points", "：每个超出上限的单位计入代价分")


def _new_max(part: Part, charter: Charter, rule: Rule, new, en: str, zh: str):
    """The remedy "the rule's max becomes ``new``", worded ``en`` / ``zh`` (without the code)."""
    edit = f"`code: {rule.code}` with `params: {{max: {new:g}}}`"
    edit_zh = f"`code: {rule.code}` 和 `params: {{max: {new:g}}}`"
    return ((f"{rule.code}: {en} (a rules file: {edit})", f"{rule.code}：{zh}（规则文件中写 {edit_zh}）"),
            {"kind": "rule", "rule": rule.code, "params": {"max": new}}, part, _with_params(charter, rule, max=new))


def _soft(part: Part, charter: Charter, rule: Rule, why: str, why_zh: str):
    """The remedy "make the rule soft" at SOFT_WEIGHT points per unit."""
    ch = charter.replace_rule(dataclasses.replace(rule, severity="soft", weight=float(SOFT_WEIGHT)))
    sep = ": " if not why.startswith("as ") else ", "
    return ((f"make {rule.code} soft{sep}{why} (a rules file: `severity: soft`, `weight: {SOFT_WEIGHT}`)",
             f"将 {rule.code} 改为软性规则{why_zh}（规则文件中写 `severity: soft`、`weight: {SOFT_WEIGHT}`）"),
            {"kind": "rule", "rule": rule.code, "severity": "soft", "weight": SOFT_WEIGHT}, part, ch)


def suggest(part: Part, charter: Charter, conflict, as_of: date, options: SolveOptions | None = None,
            budget: Budget | None = None, deadline: float | None = None) -> tuple[list[Remedy], bool]:
    """Remedies that each, on their own, give the jurisdiction a plan, and whether every
    change was tried (False when the effort or the ``deadline`` ran out first)."""
    from .infeasible import precheck

    options = options or SolveOptions()
    from .solver.explain import Budget
    from .solver.packing import decide

    budget = budget or Budget(REMEDY_WORK, REMEDY_WORK_PER_SOLVE, deadline=deadline)
    out: list[Remedy] = []
    fixed_rules: set[str] = set()
    decided = True
    for text, change, p, ch in _candidates(part, charter, conflict, options):
        if len(out) >= MAX_REMEDIES:
            break
        if budget.left <= 0:
            return out, False
        rule_code = change.get("rule") if "params" in change and change.get("kind") == "rule" else None
        if rule_code and rule_code in fixed_rules:
            continue  # the nearest bound that works is enough
        if precheck(p, ch, as_of) is not None:  # the counts alone still rule it out
            continue
        status = decide(p, ch.rules, as_of, budget, options.seed)
        if status == "feasible":
            out.append(Remedy(text[0], change, text[1]))
            if rule_code:
                fixed_rules.add(rule_code)
        elif status == "unknown":   # not decided within its effort: not known to fail
            decided = False
    return out, decided
