"""Text for ``branchplan explain``: a plan's branches, one branch, one firm, in English
(``lang="en"``) or Chinese (``"zh"``). Rule codes, ids and numbers read the same in both."""

from __future__ import annotations

from .charter import Charter
from .explain import distance_text
from .i18n import MESSAGES, pick, text
from .model import unit_label
from .render import _table
from .rules.aggregate import noun
from .textwidth import clipped

MESSAGES.update({
    "explain.plan": ("Plan cost {cost} points, {n:@branch/branches}", "方案总代价 {cost} 分，共 {n} 个支部"),
    "explain.as_of": ("Standing as of {day}.", "党龄计算日 {day}。"),
    "explain.as_of_plan": ("Standing as of {day} (the plan records {plan_day}).",
                           "党龄计算日 {day}（方案记录的日期为 {plan_day}）。"),
    "explain.plan_header": ("branch|kind|lead|firms|members|full|cost", "支部|类型|牵头单位|单位|党员|正式|代价"),
    "explain.hard_col": ("hard", "硬性违反"),
    "explain.plan_wide": ("{code}: {cost} points for the plan as a whole", "{code}：按整个方案计 {cost} 分"),
    "explain.hard_broken": ("Hard rules broken:", "违反的硬性规则："),
    "explain.more": ("branchplan explain PLAN --firms FIRMS --branch ID | --firm ID tells more.",
                     "详情：branchplan explain 方案文件 --firms 名册文件 --branch 支部编号 | --firm 单位编号"),
    "explain.branch": ("{noun} {branch} ({kind}, {jurisdiction}), led by {lead}: {firms:@firm}, "
                       "{members:@member} ({full} full)",
                       "{noun} {branch}（{kind}，{jurisdiction}），牵头单位 {lead}：{firms} 个单位，"
                       "党员 {members} 名（正式党员 {full} 名）"),
    "explain.cost": ("Cost {cost} points", "代价 {cost} 分"),
    # (a branch none of whose firms is left in the roster, as check says it)
    "explain.branch_gone": ("Branch {branch}, led by {lead}: {note}", "支部 {branch}（牵头单位 {lead}）{note}"),
    # what a branch's size makes it (branchplan.plan.describe_branch)
    "explain.org.primary_committee": (
        "{branch} has {members} members, {least} or more: it is a primary committee (基层党委), led by a Party "
        "committee (党委).",
        "{branch} 有党员 {members} 名（{least} 名以上）：组建基层党委，设党委。"),
    "explain.org.general_branch": (
        "{branch} has {members} members, {least} to {most}: it is a general branch (党总支), led by a general "
        "branch committee (党总支委员会).",
        "{branch} 有党员 {members} 名（{least} 至 {most} 名）：组建党总支，设党总支委员会。"),
    "explain.org.committee": ("{branch} has {full} full members, {least} or more: it elects a branch committee "
                              "(支部委员会).",
                              "{branch} 有正式党员 {full} 名（{least} 名以上）：设支部委员会。"),
    "explain.org.secretary": ("{branch} has {full:@full member}, fewer than {least}: it has a secretary "
                              "(支部书记), no committee.",
                              "{branch} 有正式党员 {full} 名（不足 {least} 名）：不设支部委员会，设支部书记。"),
    "explain.rules": ("Rules", "规则"),
    "explain.at_limit": ("{detail}: at the limit", "{detail}：已达界限"),
    "explain.firms": ("Firms (cost: what the firm's placement adds to the branch; the lead's: what its leading costs)",
                      "单位（代价：该单位编入给支部增加的代价；牵头单位为其牵头的代价）"),
    "explain.firm_header": ("firm|name|district|full|prob.|to lead|cost",
                            "单位|名称|区县|正式|预备|距牵头单位|代价"),
    "explain.lead_mark": (" (lead)", "（牵头）"),
    "explain.firm": ("Firm {firm} ({district}{full} full, {probationary} probationary)",
                     "单位 {firm}（{district}正式党员 {full} 名、预备党员 {probationary} 名）"),
    "explain.in": (": in {branch}", "：编入 {branch}"),
    "explain.why": ("Why", "原因"),
    "explain.binding": ("  - {branch} is at the limit of {code}: {detail}.", "  - {branch} 已达 {code} 的界限：{detail}。"),
    "explain.broken": ("  - {branch} breaks {code}: {detail}.", "  - {branch} 违反 {code}：{detail}。"),
    "explain.placement": ("  - Its placement costs {cost} points: {rules}.", "  - 该单位的编入代价为 {cost} 分：{rules}。"),
    "explain.lead_cost": ("  - As the lead of {branch}, it costs {cost} points: {rules}.",
                          "  - 由该单位牵头 {branch} 的代价为 {cost} 分：{rules}。"),
    "explain.alternatives": ("Best alternatives (of {n:@branch/branches} considered; the firm moved, "
                             "everything else unchanged)",
                             "最佳备选（共考察 {n} 个支部；只移动该单位，其余不变）"),
    "explain.alone": ("  - There is no other branch in {jurisdiction} to compare with.",
                      "  - {jurisdiction}没有其他支部可供比较。"),
    "explain.at_priority": ("{delta} points at priority {priority}", "优先级 {priority} 代价 {delta} 分"),
    "explain.then": (", then ", "，其次"),
    "explain.points": ("{delta} points", "{delta} 分"),
    "explain.alternative": ("  {k}. {branch}, led by {lead}{km}: {head}", "  {k}. {branch}，牵头单位 {lead}{km}：{head}"),
    "explain.nearest": ("  {k}. the nearest branch, {branch}, led by {lead}{km}: {head}",
                        "  {k}. 最近的支部 {branch}，牵头单位 {lead}{km}：{head}"),
    "explain.breaks": ("     breaks {code}: {message}", "     违反 {code}：{message}"),
    "explain.mends": ("     mends {code}: {message}", "     纠正 {code}：{message}"),
    "explain.new_lead": ("     {branch} would then be led by {lead}", "     届时 {branch} 改由 {lead} 牵头"),
    "explain.dissolves": ("     {branch} would then hold no firm and end ({hosts} no longer hosts a branch)",
                          "     届时 {branch} 不再有任何单位，随之撤销（{hosts} 不再托管支部）"),
    "explain.regroup": ("No single move keeps the plan valid; dissolving {branch} instead, each of its firms to its "
                        "best other branch in turn ({moves}): {then}.",
                        "任何单独移动都会使方案违反规则；若改为撤销 {branch}，其各单位依次移入各自最合适的其他支部"
                        "（{moves}）：{then}。"),
    "explain.improve_regroup": ("Dissolving {branch} as above would improve the plan.",
                                "按上述方式撤销 {branch} 可改进方案。"),
    "explain.improve_regroup_replan": (
        "Dissolving {branch} as above would cost less at priority {priority}, but this plan is a re-plan: it also "
        "charges the members it moves from the plan it was re-planned from ({code}, priority {first}), which explain "
        "cannot weigh without that plan, and dissolving a branch moves its members.",
        "按上述方式撤销 {branch} 在优先级 {priority} 上代价更低；但本方案是调整方案：它还计入相对于调整前方案调动的党员"
        "（{code}，优先级 {first}），explain 没有调整前的方案，无法计入；而撤销支部会调动其党员。"),
    "explain.regroup_move": ("{firm} to {branch}", "{firm} 移入 {branch}"),
    "explain.regroup_breaks": ("breaks {rules}", "违反 {rules}"),
    "explain.improve": ("Moving {firm} to {branch} would improve the plan.", "将 {firm} 移入 {branch} 可改进方案。"),
    "explain.improve_replan": (
        "Moving {firm} to {branch} would cost less at priority {priority}, but this plan is a re-plan: "
        "it also charges the members it moves from the plan it was re-planned from ({code}, priority "
        "{first}), which explain cannot weigh without that plan. Where {firm} was in its branch there "
        "already, the move would move its members, and the re-plan counts that first.",
        "将 {firm} 移入 {branch} 在优先级 {priority} 上代价更低；但本方案是调整方案：它还计入相对于调整前方案"
        "调动的党员（{code}，优先级 {first}），explain 没有调整前的方案，无法计入。若 {firm} 在调整前方案中"
        "已在现在的支部，这一移动就要调动其党员，调整方案优先考虑这一点。"),
    "explain.no_better": ("No other branch is better for {firm}: every move costs more (at the first "
                          "priority where costs differ) or breaks a hard rule.",
                          "没有比现在更适合 {firm} 的支部：任何移动要么代价更高（以代价有差别的第一个优先级为准），"
                          "要么违反硬性规则。"),
    "explain.no_better_near": ("None of the {n} branches nearest to {firm} is better: every move there costs "
                               "more (at the first priority where costs differ) or breaks a hard rule; "
                               "farther branches were not tried.",
                               "离 {firm} 最近的 {n} 个支部都不比现在更合适：移入其中任何一个要么代价更高"
                               "（以代价有差别的第一个优先级为准），要么违反硬性规则；更远的支部未考察。"),
    "explain.no_better_district": ("None of the {n} branches tried (without locations: those of {firm}'s district "
                                   "first) is better: every move there costs more (at the first priority where "
                                   "costs differ) or breaks a hard rule; the others were not tried.",
                                   "所考察的 {n} 个支部（无坐标：先考察与 {firm} 同区县的）都不比现在更合适：移入其中任何"
                                   "一个要么代价更高（以代价有差别的第一个优先级为准），要么违反硬性规则；其余支部未考察。"),
    # explain --base: the plan beside the plan it was re-planned from
    "explain.base.head": ("Since {plan}", "与 {plan} 相比"),
    "explain.base.unnamed": ("the base plan", "调整前的方案"),
    "explain.base.moved": ("{firm} was in {before} in {plan}; it moved to {branch} with its {n:@member}.",
                           "{firm} 在 {plan} 中属 {before}；现调整至 {branch}，其 {n} 名党员随之变动。"),
    "explain.base.moved_empty": ("{firm} was in {before} in {plan}; it moved to {branch} (none of its members now "
                                 "were in it then).",
                                 "{firm} 在 {plan} 中属 {before}；现调整至 {branch}（其现有党员当时均不在该支部）。"),
    "explain.base.moved_nowhere": ("{firm} was in {before} in {plan}; this plan puts it in no branch.",
                                   "{firm} 在 {plan} 中属 {before}；本方案未将其编入任何支部。"),
    "explain.base.stays": ("{firm} was in {before} in {plan}; it stays in {branch}.",
                           "{firm} 在 {plan} 中属 {before}；现仍在 {branch}。"),
    "explain.base.new": ("{firm} was in no branch of {plan}: a firm new to the plan does not move.",
                         "{firm} 在 {plan} 中未编入任何支部：新编入的单位不计为调整。"),
    "explain.base.new_to_roster": ("{firm} is new to the roster since {plan}: a firm new to the plan does not move.",
                                   "{firm} 是 {plan} 之后新列入名册的单位：新编入的单位不计为调整。"),
    "explain.base.renamed": ("{firm} is {old} of {plan} renamed (all its members are in {firm}): it takes {old}'s "
                             "place.",
                             "{firm} 即 {plan} 中的 {old}（更名，其党员均在 {firm}）：接替 {old} 的位置。"),
    "explain.base.joined": ("{n:@member} who joined {firm} since{ids} moved from {from_branch} to {to_branch} with it "
                            "(a member who changed firm goes where the new firm is).",
                            "此后调入 {firm} 的 {n} 名党员{ids}由 {from_branch} 调整至 {to_branch}"
                            "（调换单位的党员随新单位编入支部）。"),
    "explain.base.joined_nowhere": ("{n:@member} who joined {firm} since{ids} left {from_branch} for no branch "
                                    "with it.",
                                    "此后调入 {firm} 的 {n} 名党员{ids}离开 {from_branch}，随该单位未编入任何支部。"),
    "explain.base.cost": ("The re-plan charges {cost} points for this ({codes}).",
                          "调整方案对此计 {cost} 分（{codes}）。"),
    "explain.base.lead_now": ("{branch} is led by {lead} now; {old} led it in {plan}.",
                              "{branch} 现由 {lead} 牵头（在 {plan} 中由 {old} 牵头）。"),
    "explain.base.gone": ("{before} does not continue in this plan.", "{before} 在本方案中不再延续。"),
    "explain.base.why_left": ("Why it left {before} ({plan} read with this firms file):",
                              "离开 {before} 的原因（以本名册衡量 {plan}）："),
    "explain.base.why": ("Why ({plan} read with this firms file):", "原因（以本名册衡量 {plan}）："),
    "explain.base.why_joined": ("What changed where they were ({plan} read with this firms file):",
                                "其原所在支部的变化（以本名册衡量 {plan}）："),
    "explain.base.why_there": ("At {branch}, where it went ({plan} read with this firms file):",
                               "其调入的 {branch}（以本名册衡量 {plan}）："),
    "explain.base.no_reason": ("In {plan}, read with this firms file, nothing at {before} comes before {codes}: "
                               "the move was not forced there (the alternatives below weigh going back).",
                               "以本名册衡量，{plan} 中的 {before} 没有先于 {codes} 的调整原因：此处并非必须调整"
                               "（下列备选方案衡量了回到原支部的代价）。"),
    "explain.alternatives_base": ("Best alternatives (of {n:@branch/branches} considered; the firm moved, everything "
                                  "else unchanged; members moved from {plan} charged, as the re-plan charges them)",
                                  "最佳备选（共考察 {n} 个支部；只移动该单位，其余不变；与调整方案相同，计入相对于 {plan} "
                                  "调动的党员）"),
    "explain.back": ("  {k}. back to {branch}, where it was in {plan}, led by {lead}{km}: {head}",
                     "  {k}. 回到原支部 {branch}（{plan}），牵头单位 {lead}{km}：{head}"),
    "explain.base.branch_continues": ("{branch} continues {was} of {plan}{led}.", "{branch} 延续 {plan} 中的 {was}{led}。"),
    "explain.base.led_there": (" (led by {lead} there)", "（原由 {lead} 牵头）"),
    "explain.base.branch_new": ("{branch} is new since {plan}.", "{branch} 是 {plan} 之后新建的支部。"),
    "explain.base.moved_in": ("{n:@member moved/members moved} into it ({codes} {cost} points).",
                              "调入党员 {n} 名（{codes} {cost} 分）。"),
    "explain.base.none_in": ("No member moved into it.", "无党员调入。"),
    "explain.base.moved_in_free": ("{n:@member moved/members moved} into it (the charter charges no moves).",
                                   "调入党员 {n} 名（规则集不计调动代价）。"),
    "explain.base.plan_free": ("Moves from {plan}: {n:@member} (the charter charges no moves).",
                               "相对于 {plan} 的调动：党员 {n} 名（规则集不计调动代价）。"),
    "explain.base.plan": ("Moves from {plan}: {n:@member} ({codes} {cost} points, in the cost above, as a re-plan's "
                          "objective counts them).",
                          "相对于 {plan} 的调动：党员 {n} 名（{codes} {cost} 分，已计入上述总代价，与调整方案的目标值一致）。"),
    "explain.firms_base": ("Firms (cost: what the firm's placement adds to the branch; the lead's: what its leading "
                           "costs; {codes}: its members moved in from {plan})",
                           "单位（代价：该单位编入给支部增加的代价；牵头单位为其牵头的代价；{codes}：其自 {plan} 调入的党员）"),
    "explain.status.holds": ("holds", "满足"),
    "explain.status.binding": ("binding", "已达界限"),
    "explain.status.broken": ("broken", "违反"),
    "explain.status.n/a": ("n/a", "不适用"),
    "explain.status.plan-wide": ("plan-wide", "全方案计"),
})


def _pts(v: float, sign: bool = False) -> str:
    return f"{v:+,.3f}" if sign else f"{v:,.3f}"


def _kind(kind: str, lang: str, level: str | None = None) -> str:
    """A branch's kind, and its level where its size makes it more than a branch."""
    out = text(f"kind.{kind}", lang) if lang == "zh" and f"kind.{kind}" in MESSAGES else kind
    if level:
        out += pick(", ", "，", lang) + text(f"level.{level}", lang)
    return out


def organisation(data: dict, branch: str, lang: str) -> str:
    """What the branch's size makes it and how it is led: one sentence (``data``: explain's
    ``level``, ``leadership``, ``members`` and ``full_members`` of the branch)."""
    from .plan import COMMITTEE_FROM, GENERAL_FROM, PRIMARY_COMMITTEE_FROM

    level = data.get("level")
    if level == "primary_committee":
        least, most = PRIMARY_COMMITTEE_FROM, None
    elif level == "general_branch":
        least, most = GENERAL_FROM, PRIMARY_COMMITTEE_FROM - 1
    else:
        least, most = COMMITTEE_FROM, None
    key = level or data["leadership"]
    return text(f"explain.org.{key}", lang, branch=branch, members=data["members"], full=data["full_members"],
                least=least, most=most)


def _list(items, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def _as_of(data: dict, lang: str) -> str:
    if "plan_as_of" in data:
        return text("explain.as_of_plan", lang, day=data["as_of"], plan_day=data["plan_as_of"])
    return text("explain.as_of", lang, day=data["as_of"])


def plan_text(data: dict, lang: str = "en") -> str:
    codes = [c for c in data["rules"] if any(c in r["cost_by_rule"] for r in data["branches"])]
    rows = [(*text("explain.plan_header", lang).split("|"), *codes, text("explain.hard_col", lang))]
    for r in data["branches"]:
        rows.append((r["branch"], _kind(r["kind"], lang, r.get("level")), r["lead"], str(r["firms"]), str(r["members"]),
                     str(r["full_members"]), _pts(r["cost"]),
                     *(_pts(r["cost_by_rule"].get(c, 0)) for c in codes), str(r["hard_findings"] or "")))
    out = [text("explain.plan", lang, cost=_pts(data["cost"]), n=len(data["branches"])), _as_of(data, lang), ""] + _table(rows)
    for code, cost in data["plan_wide"].items():
        out.append(text("explain.plan_wide", lang, code=code, cost=_pts(cost)))
    if "base" in data:
        b = data["base"]
        out.append(text("explain.base.plan" if b["rules"] else "explain.base.plan_free", lang,
                        plan=_base_plan(b, lang), n=b["members_moved"], codes=_codes(b, lang), cost=_pts(b["cost"])))
    if data["hard_findings"]:
        messages = data["hard_findings_zh"] if lang == "zh" else data["hard_findings"]
        out += ["", text("explain.hard_broken", lang)] + [f"  {m}" for m in messages]
    out += ["", text("explain.more", lang)]
    return "\n".join(out) + "\n"


def _rule_detail(line: dict, charter: Charter, lang: str = "en", limit: bool = True) -> str:
    rule = charter.get(line["code"])
    if "value" in line:
        en, zh = noun(rule.params, line["value"])
        least, most = line.get("min"), line.get("max")
        if lang == "zh":   # (名 or 个: the measure word the count's noun starts with)
            unit = zh[0] if zh[:1] in ("名", "个") else ""
            bounds = [f"应不少于 {least} {unit}".rstrip()] if least is not None else []
            bounds += [f"不超过 {most} {unit}".rstrip()] if most is not None else []
            detail = f"{line['value']} {zh}（{'、'.join(bounds)}）"
        else:
            bounds = [f"at least {least}"] if least is not None else []
            bounds += [f"at most {most}"] if most is not None else []
            detail = f"{line['value']} {en} ({' and '.join(bounds)})"
        if limit and line["status"] == "binding":
            detail = text("explain.at_limit", lang, detail=detail)
        return detail
    return pick(line.get("note", ""), line.get("note_zh", ""), lang)


def _status(line: dict, lang: str) -> str:
    if line["status"] in ("costs", "free"):
        return _pts(line["cost"])
    key = f"explain.status.{line['status']}"
    return text(key, lang) if key in MESSAGES else line["status"]


def branch_text(data: dict, charter: Charter, lang: str = "en") -> str:
    level = data.get("level")
    # (in Chinese a 党总支 or 基层党委 is called so, not 支部; its kind says so in English)
    noun = (text(f"level.{level}", lang) if level else "支部") if lang == "zh" else "Branch"
    if data.get("gone"):
        head = text("explain.branch_gone", lang, branch=data["branch"], lead=data["lead"],
                    note=pick(data["note"], data["note_zh"], lang))
    else:
        head = text("explain.branch", lang, branch=data["branch"], noun=noun,
                    kind=_kind(data["kind"], lang, None if lang == "zh" else level),
                    jurisdiction=data["jurisdiction"], lead=data["lead"], firms=len(data["firms"]),
                    members=data["members"], full=data["full_members"])
    out = [head, _as_of(data, lang)]
    if "leadership" in data:
        out.append(organisation(data, data["branch"], lang))
    if "base" in data:
        out.append(branch_base_line(data, lang))
    out += [text("explain.cost", lang, cost=_pts(data["cost"])), "", text("explain.rules", lang)]
    rows = []
    for line in data["rules"]:
        row = (line["code"], text(f"severity.{line['severity']}", lang) if lang == "zh" else line["severity"],
               _status(line, lang), _rule_detail(line, charter, lang, limit=lang != "zh"))   # (zh: its status says 已达界限)
        if lang == "zh":  # the rule's Chinese title after its code
            rule = charter.get(line["code"])
            row = (row[0], rule.title.zh if rule is not None else "", *row[1:])
        rows.append(row)
        findings = line.get("findings_zh", []) if lang == "zh" else line.get("findings", [])
        rows += [("",) * (len(row) - 1) + (f"- {m}",) for m in findings]
    out += ["  " + r for r in _table(rows)]
    out += ["", text("explain.firms_base", lang, codes=_codes(data["base"], lang), plan=_base_plan(data["base"], lang))
            if data.get("base", {}).get("rules") else text("explain.firms", lang)]
    rows = [tuple(text("explain.firm_header", lang).split("|"))]
    for f in data["firms"]:
        cost = _list((f"{c} {_pts(v)}" for c, v in f.get("cost", {}).items()), lang) or "-"
        rows.append((f["id"] + (text("explain.lead_mark", lang) if f["lead"] else ""), clipped(f["name"] or ""),
                     f["district"] or "", str(f["full"]), str(f["probationary"]),
                     distance_text(f, lang) or "-", cost))
    out += ["  " + r for r in _table(rows)]
    return "\n".join(out) + "\n"


def branch_base_line(data: dict, lang: str = "en") -> str:
    """explain --branch --base: the base plan's branch it continues (or that it is new), and
    the members moved into it with what the stability rules charge."""
    b = data["base"]
    plan = _base_plan(b, lang)
    if b["continues"] is not None:
        led = text("explain.base.led_there", lang, lead=b["lead_before"]) \
            if b.get("lead_before") and b["lead_before"] != data["lead"] else ""
        head = text("explain.base.branch_continues", lang, branch=data["branch"], was=b["continues"], plan=plan, led=led)
    else:
        head = text("explain.base.branch_new", lang, branch=data["branch"], plan=plan)
    key = "explain.base.none_in" if not b["members_moved"] else \
        "explain.base.moved_in" if b["rules"] else "explain.base.moved_in_free"
    tail = text(key, lang, n=b["members_moved"], codes=_codes(b, lang), cost=_pts(b["cost"]))
    return head + ("" if lang == "zh" else " ") + tail


def firm_text(data: dict, charter: Charter, lang: str = "en") -> str:
    district = data["district"] + pick("; ", "；", lang) if data["district"] else ""
    head = text("explain.firm", lang, firm=unit_label(data["firm"], data["name"]), district=district,
                full=data["full"], probationary=data["probationary"])
    if data["branch"]:
        head += text("explain.in", lang, branch=data["branch"])
    out = [head, _as_of(data, lang), ""]
    if "base" in data:
        out += base_lines(data, lang) + [""]
    out.append(text("explain.why", lang))
    reasons = data.get("reasons_zh", data["reasons"]) if lang == "zh" else data["reasons"]
    out += [f"  - {r}" for r in reasons]
    if "branch_organisation" in data:
        out.append("  - " + organisation(data["branch_organisation"], data["branch"], lang))
    for line in data.get("branch_rules", []):
        key = "explain.binding" if line["status"] == "binding" else "explain.broken"
        detail = _rule_detail(line, charter, lang, limit=False) or pick(   # a broken rule with no count:
            "; ".join(line.get("findings", [])), "；".join(line.get("findings_zh", [])), lang)   # its findings
        out.append(text(key, lang, branch=data["branch"], code=line["code"], detail=detail))
    for key in ("placement", "lead_cost"):
        cost = data.get("placement_cost" if key == "placement" else key)
        if cost:
            out.append(text(f"explain.{key}", lang, cost=_pts(sum(cost.values())), branch=data["branch"],
                            rules=_list((f"{c} {_pts(v)}" for c, v in cost.items()), lang)))
    alts = data["alternatives"]
    if data["branch"] and data.get("branches_in_jurisdiction") == 0:
        out.append(text("explain.alone", lang, jurisdiction=data["jurisdiction"]))
    if alts:
        if data.get("base", {}).get("rules"):
            out += ["", text("explain.alternatives_base", lang, n=data["considered"], plan=_base_plan(data["base"], lang))]
        else:
            out += ["", text("explain.alternatives", lang, n=data["considered"])]
        for k, a in enumerate(alts, 1):
            rules = _list((f"{c} {_pts(v, True)}" for c, v in a["delta_by_rule"].items()), lang)
            head = _by_level(a, lang)
            key = "explain.back" if a.get("back") else "explain.nearest" if a.get("nearest") else "explain.alternative"
            out.append(text(key, lang, k=k, branch=a["branch"], lead=a["lead"],
                            plan=_base_plan(data["base"], lang) if a.get("back") else None,
                            km=pick(f" ({d})", f"（{d}）", lang) if (d := distance_text(a, lang)) else "", head=head)
                       + (pick(f" ({rules})", f"（{rules}）", lang) if rules else ""))
            for key in ("breaks", "mends"):
                out += [text(f"explain.{key}", lang, code=b["code"],
                             message=b.get("message_zh", b["message"]) if lang == "zh" else b["message"])
                        for b in a[key]]
            if "new_lead" in a:
                out.append(text("explain.new_lead", lang, **a["new_lead"]))
            if "dissolves" in a:
                out.append(text("explain.dissolves", lang, branch=a["dissolves"]["branch"],
                                hosts=_list(a["dissolves"]["hosts"], lang)))
        if "regroup" in data:
            out += ["", regroup_text(data["regroup"], lang)]
        out += ["", verdict(data, lang)]
    return "\n".join(out) + "\n"


def _base_plan(base: dict, lang: str) -> str:
    """How the text calls the base plan: its file, else "the base plan"."""
    return base.get("plan") or text("explain.base.unnamed", lang)


def _codes(base: dict, lang: str) -> str:
    return _list(base.get("rules", []), lang)


def base_lines(data: dict, lang: str = "en") -> list[str]:
    """explain --firm --base: where the firm was in the base plan, whether it (or members who
    joined it since) moved, what the moves cost, and why (the base plan read with this firms file)."""
    b = data["base"]
    plan, firm, codes = _base_plan(b, lang), data["firm"], _codes(b, lang)
    out = [text("explain.base.head", lang, plan=plan)]
    if b.get("renamed_from"):
        out.append("  - " + text("explain.base.renamed", lang, firm=firm, old=b["renamed_from"], plan=plan))
    own = next((m for m in b["moves"] if not m["changed_firm"]), None)
    before = b["branch_before"]
    if before is None:
        key = "explain.base.new_to_roster" if b.get("new_to_roster") else "explain.base.new"
        out.append("  - " + text(key, lang, firm=firm, plan=plan))
    elif own is not None:
        key = ("explain.base.moved_nowhere" if own["to"] is None else "explain.base.moved" if own["members"]
               else "explain.base.moved_empty")
        out.append("  - " + text(key, lang, firm=firm, before=before, plan=plan, branch=own["to"], n=own["members"]))
        if b.get("back") is None:
            out.append("  - " + text("explain.base.gone", lang, before=before))
    else:
        branch = data.get("branch") or b.get("back") or before
        out.append("  - " + text("explain.base.stays", lang, firm=firm, before=before, plan=plan, branch=branch))
        if b.get("lead_before"):
            out.append("  - " + text("explain.base.lead_now", lang, branch=branch, lead=b["lead_now"],
                                     old=b["lead_before"], plan=plan))
    for m in b["moves"]:
        if m["changed_firm"]:
            ids = m.get("member_ids") or []
            shown = pick(f" ({', '.join(ids)})", f"（{'、'.join(ids)}）", lang) if ids else ""
            key = "explain.base.joined" if m["to"] is not None else "explain.base.joined_nowhere"
            out.append("  - " + text(key, lang, n=m["members"], firm=firm, ids=shown, from_branch=m["from"],
                                     to_branch=m["to"]))
    if b["cost"]:
        out.append("  - " + text("explain.base.cost", lang, cost=_pts(b["cost"]), codes=codes))
    reasons = b["reasons_zh"] if lang == "zh" else b["reasons"]
    if reasons:
        froms = {m["from"] for m in b["moves"]}
        key = ("explain.base.why_left" if own is not None and froms == {before}
               else "explain.base.why_joined" if before is not None and own is None else "explain.base.why")
        out.append("  - " + text(key, lang, before=before, plan=plan))
        out += [f"      {r}" for r in reasons]
    elif own is not None and codes:
        out.append("  - " + text("explain.base.no_reason", lang, before=before, plan=plan, codes=codes))
    there = b["target_reasons_zh"] if lang == "zh" else b["target_reasons"]
    if there:
        out.append("  - " + text("explain.base.why_there", lang, branch=b.get("target_branch_before"), plan=plan))
        out += [f"      {r}" for r in there]
    return out


def regroup_text(r: dict, lang: str = "en") -> str:
    """What dissolving the firm's branch would take: its firms' moves, and the cost (by
    priority, the first that differs first) or the hard rules it breaks."""
    moved = _list((text("explain.regroup_move", lang, **m) for m in r["moves"]), lang)
    then = text("explain.regroup_breaks", lang, rules=_list(dict.fromkeys(b["code"] for b in r["breaks"]), lang)) \
        if r["breaks"] else _by_level(r, lang)
    return text("explain.regroup", lang, branch=r["branch"], moves=moved, then=then)


def _levels(change: dict) -> list[tuple[int, float]]:
    """A change's cost by priority, the levels where it differs, in the order they are
    minimised: the first decides (a sum across levels would mislead)."""
    return sorted((int(p), v) for p, v in change["delta_by_priority"].items() if abs(v) > 1e-9)


def _by_level(change: dict, lang: str) -> str:
    """'-44.983 points at priority 2', level by level, the first that differs first."""
    levels = _levels(change)
    if not levels:
        return text("explain.points", lang, delta=_pts(change["delta"], True))
    return text("explain.then", lang).join(text("explain.at_priority", lang, delta=_pts(v, True), priority=p)
                                           for p, v in levels)


def verdict(data: dict, lang: str = "en") -> str:
    """Whether a move would improve the plan (lexicographically by priority, no new hard break)."""
    for a in data["alternatives"]:
        if len(a["breaks"]) <= len(a["mends"]):
            # (the first priority where the move changes the cost, and by how much)
            at, first = (_levels(a) or [(None, 0)])[0]
            if first < 0 or len(a["breaks"]) < len(a["mends"]):
                moved = data.get("replan")
                if moved is not None and len(a["breaks"]) == len(a["mends"]) and at is not None \
                        and moved["priority"] <= at:
                    # (a re-plan weighs the members it moves first: explain cannot see them)
                    return text("explain.improve_replan", lang, firm=data["firm"], branch=a["branch"], priority=at,
                                code=moved["rule"], first=moved["priority"])
                return text("explain.improve", lang, firm=data["firm"], branch=a["branch"])
    r = data.get("regroup")
    at, first = (_levels(r) or [(None, 0)])[0] if r is not None else (None, 0)
    if r is not None and not r["breaks"] and first < 0:
        moved = data.get("replan")
        if moved is not None and moved["priority"] <= at:
            # (a re-plan charges the members the regrouping moves first: explain cannot see them)
            return text("explain.improve_regroup_replan", lang, branch=r["branch"], priority=at, code=moved["rule"],
                        first=moved["priority"])
        return text("explain.improve_regroup", lang, branch=r["branch"])
    if data.get("branches_in_jurisdiction", data["considered"]) > data["considered"]:
        key = "explain.no_better_district" if data.get("tried_by") == "district" else "explain.no_better_near"
        return text(key, lang, firm=data["firm"], n=data["considered"])
    return text("explain.no_better", lang, firm=data["firm"])
