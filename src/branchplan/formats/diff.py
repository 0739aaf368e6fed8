"""A plan diff as a dict (stable keys), as text lines and as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import md_code, md_text, points, signed
from .difflisting import headline_parts, listing_dicts, listing_lines, listing_rows, of_removed, removed_key, unassigned_text
from ..i18n import plural

if TYPE_CHECKING:
    from ..diff import PlanDiff


def diff_dict(d: "PlanDiff") -> dict:
    return {
        "summary": d.summary(),
        "member_moves": [{"member": m.member, **({"name": m.name} if m.name else {}), "firm": m.firm,
                          "from": m.from_branch, "to": m.to_branch}
                         for m in d.member_moves],
        "count_moves": [{"firm": m.firm, "count": m.count, "from": m.from_branch, "to": m.to_branch}
                        for m in d.count_moves],
        "firm_moves": [{"firm": m.firm, "from": m.from_branch, "to": m.to_branch, "members": m.members}
                       for m in d.firm_moves],
        "firms_added": [{"firm": f.firm, "branch": f.branch, "members": f.members} for f in d.firms_added],
        "firms_removed": [{"firm": f.firm, "branch": f.branch, "members": f.members, "counted": f.counted,
                           **({"emptied": True} if f.emptied else {}),
                           **({"unassigned": True} if f.unassigned else {}),
                           **({"members_left": [{"member": m, **({"name": n} if n else {}), **({"from": b} if b else {})}
                                                for m, n, b in zip(f.member_ids, f.names or (None,) * len(f.member_ids),
                                                                   f.came_from or (None,) * len(f.member_ids))]}
                              if f.unassigned else {}),
                           **({"went": [{"member": w.member, **({"name": w.name} if w.name else {}), "firm": w.firm,
                                     "branch": w.branch} for w in f.went]}
                              if f.went else {})}
                          for f in d.firms_removed],
        "firms_renamed": [{"firm": r.old, "now": r.new, "branch": r.branch} for r in d.renamed],
        "firms_repeated": [{"firm": f, "branch": b} for f, b in d.repeated],
        "members_left": [_roster_member(m) for m in d.members_left],
        "members_new": [_roster_member(m) for m in d.members_new],
        "firms_listed_twice": listing_dicts(d),
        "branches_created": [{"branch": b.branch, "lead": b.lead, "firms": list(b.firms)} for b in d.created],
        "branches_dissolved": [{"branch": b.branch, "lead": b.lead, "firms": list(b.firms)} for b in d.dissolved],
        "branches_merged": [{"branch": r.branch, "from": list(r.others)} for r in d.merged],
        "branches_split": [{"branch": r.branch, "into": list(r.others)} for r in d.split],
        "graduations": [{"firm": g.firm, "from": g.from_branch, "to": g.to_branch, "host": g.host}
                        for g in d.graduations],
        **({"graduations_unknown": list(d.in_place_unknown)} if d.in_place_unknown else {}),
        "lead_changes": [{"branch": c.branch, "from": c.old_lead, "to": c.new_lead,
                          **({"new_branch": True} if c.outside else {}),
                          **({"continues_in": c.continues_in} if c.continues_in else {})}
                         for c in d.lead_changes],
        "host_changes": [{"host": h.host, "from": h.from_branch, "to": h.to_branch} for h in d.host_changes],
        "branches_renumbered": [{"from": r.old, "to": r.new, "firms": list(r.firms), "members": r.members}
                                for r in d.renumbered],
        "rules": [{"code": r.code, "severity": r.severity, "priority": r.priority if r.severity == "soft" else None, "old_cost": r.old_cost,
                   "new_cost": r.new_cost, "delta": r.delta, "old_findings": r.old_findings,
                   "new_findings": r.new_findings, "raised": [f.to_dict() for f in r.raised],
                   **({"old_findings_not_counted": r.not_counted} if r.not_counted else {})}
                  for r in d.rules],
    }


def _roster_member(m) -> dict:
    return {"member": m.member, **({"name": m.name} if m.name else {}), "firm": m.firm, "branch": m.branch}


def _renumbered(d: "PlanDiff", lang: str = "en") -> str:
    """After the members moved: how many of them only have a new branch id (the same firms
    together under another id, as a plan solved afresh numbers its branches)."""
    if not d.renumbered:
        return ""
    # (the members moved between the two ids of a renumbered branch: not those new to the roster)
    pairs = {(r.old, r.new) for r in d.renumbered}
    n = (sum(1 for m in d.member_moves if (m.from_branch, m.to_branch) in pairs)
         + sum(m.count for m in d.count_moves if (m.from_branch, m.to_branch) in pairs))
    b = len(d.renumbered)
    if not n:
        return ""
    if lang == "zh":
        return f"（其中 {n} 名党员所在的 {b} 个支部仅编号改变，所含单位未变）"
    return f" ({plural(n, 'member')} of them in {plural(b, 'branch', 'branches')} only renumbered: the same firms)"


def headline(d: "PlanDiff") -> str:
    s = d.summary()
    return (f"{plural(s['members_moved'], 'member')} and {plural(s['firms_moved'], 'firm')} move"
            f"{_renumbered(d)}; "
            f"branches: {s['branches_created']} created{_reused(s)}, {s['branches_dissolved']} dissolved, "
            f"{s['branches_merged']} merged, {s['branches_split']} split; "
            f"{plural(s['graduations'], 'graduation')}; {plural(s['firms_added'], 'firm')} added, "
            f"{s['firms_removed']} removed" + of_removed(s, "en") + _extra(s))


def _reused(s: dict[str, int], lang: str = "en") -> str:
    """The headline's note on old ids that now name new branches (counted as created and
    dissolved): "" when there are none."""
    n = s["ids_reused"]
    if not n:
        return ""
    if lang == "zh":
        return f"（其中 {n} 个沿用旧支部的编号）"
    return f" ({n} of them under an old branch's id)" if n == 1 else f" ({n} of them under old branches' ids)"


def _extra(s: dict[str, int], lang: str = "en") -> str:
    """Lead and host changes, named in the headline only when there are some."""
    if lang == "zh":
        parts = [f"更名单位 {s['firms_renamed']} 个"] if s["firms_renamed"] else []
        parts += [f"在同一支部中重复列出的单位 {s['firms_repeated']} 个"] if s["firms_repeated"] else []
        parts += [f"离开名册的党员 {s['members_left']} 名"] if s["members_left"] else []
        parts += [f"新列入名册的党员 {s['members_new']} 名"] if s["members_new"] else []
        parts += [f"更换牵头单位的支部 {s['lead_changes']} 个"] if s["lead_changes"] else []
        parts += [f"托管组织变动 {s['host_changes']} 处"] if s["host_changes"] else []
        parts += headline_parts(s, "zh")
        return "".join("；" + x for x in parts)
    parts = [f"{plural(s['firms_renamed'], 'firm')} renamed"] if s["firms_renamed"] else []
    parts += [f"{plural(s['firms_repeated'], 'firm')} listed twice in one branch"] if s["firms_repeated"] else []
    parts += [f"{plural(s['members_left'], 'member')} left the roster"] if s["members_left"] else []
    parts += [f"{plural(s['members_new'], 'member')} new to it" if s["members_left"] else
              f"{plural(s['members_new'], 'member')} new to the roster"] if s["members_new"] else []
    parts += [plural(s["lead_changes"], "lead change")] if s["lead_changes"] else []
    parts += [plural(s["host_changes"], "host organisation change")] if s["host_changes"] else []
    parts += headline_parts(s, "en")
    return "".join("; " + x for x in parts)


def _with_firm(d: "PlanDiff") -> tuple[dict[str, list[str]], list]:
    """Named members moving with their firm (by firm), and the others (who changed firm)."""
    moved = {(m.firm, m.from_branch, m.to_branch): m.firm for m in d.firm_moves}
    by_firm: dict[str, list[str]] = {}
    others = []
    for m in d.member_moves:
        if (m.firm, m.from_branch, m.to_branch) in moved:
            by_firm.setdefault(m.firm, []).append(m.label)
        else:
            others.append(m)
    return by_firm, others


#: The change list's sentences, per language, for text and Markdown. {members} is
#: "3 members" / "3 名党员", or why the count is not known.
_TEXT = {
    "en": {
        "changes": "Changes: {headline}", "none": "Changes: none (same branches, same firms)",
        "firm_move": "  firm {firm} moves {old} -> {new} ({who})",
        "member_move": "  member {member} (now {firm}) moves {old} -> {new}",
        "added": "  firm {firm} added in {branch} ({members})",
        "removed": "  firm {firm} removed (was in {branch}; {members})",
        "emptied": "  firm {firm} has no Party members any more (was in {branch}; {members})",
        "renamed": "  firm {old} is now {new} (renamed: all its members are in {new}; was in {branch})",
        "repeated": "  firm {firm} is listed twice in branch {branch} (BP-ONE-BRANCH: a branch lists a firm once)",
        "left": "  member {member} left the roster (was in firm {firm}, branch {branch})",
        "left_nowhere": "  member {member} left the roster (was in firm {firm}, in no branch)",
        "new": "  member {member} is new to the roster (firm {firm}, branch {branch})",
        "new_nowhere": "  member {member} is new to the roster (firm {firm}, in no branch)",
        "went_same": "member {member} moved to firm {firm}, still in {branch}",
        "went_other": "member {member} moved to firm {firm}, now in {branch}",
        "went_none": "member {member} moved to firm {firm}, in no branch",
        "went_sep": "; ",
        "created": "  branch {branch} created (lead {lead}; {firms})",
        "dissolved": "  branch {branch} dissolved (was lead {lead}; {firms})",
        "merged": "  branch {branch} merges firms from {others}",
        "split": "  branch {branch} splits into {others}",
        "graduation": "  firm {firm} graduates from joint branch {old} to its own branch {new}",
        "graduation_in_place": "  firm {firm} now has the full members for its own branch: {new} is no longer joint",
        "graduation_host": ("  firm {firm} leaves branch {old} with the host organisation {host} "
                            "for its own branch {new}"),
        "lead": "  branch {branch} lead {old} -> {new}",
        "lead_outside": "  branch {branch} lead {old} -> {new}, which was not one of its firms: a new branch "
                        "under the old id (its firms count as moved)",
        "lead_elsewhere": "  branch {branch} lead {old} -> {new}, outside {home}, where the branch continues (most of "
                          "its members are there): a new branch under the old id (its firms count as moved)",
        "host_joins": "  host organisation {host} takes branch {new}",
        "host_leaves": "  host organisation {host} leaves branch {old} and leads no branch",
        "host_moves": "  host organisation {host} leaves branch {old} for branch {new}",
        "costs": "Rule costs (old -> new):",
        "costs_before": "Rule costs (the old plan on the old firms file -> the new plan):",
        "soft": "  {code:<22} priority {priority}  {old:>10} -> {new:>10}  ({delta})",
        "hard": "  {code:<22} hard        {old:>10} -> {new:>10} findings",
        "raised": "      {cost} {message}", "raised_more": "      and {n} more",
        "md_raised": "Where the new plan costs more:", "md_raised_more": "and {n} more",
        "md_raised_before": "Where the new plan costs more than the old one on the old firms file:",
        "sep": ", ", "names": ": {names}", "came": " (from {branch})",
        "from_plan": "{members}, as recorded in the old plan",
        "unknown_old": "member count unknown: give {option}, the firms file of the old plan",
        "unknown_gone": "member count unknown: not in the old firms file",
        "unknown_new": "member count unknown: not in the firms file",
        "more_pairs": " and {n} more",
        "renumbered": ("Note: renumbered only (same firms, new branch id): {pairs} ({members}); "
                       "`branchplan solve FIRMS --current OLD_PLAN` re-plans keeping branch ids"),
        "unfollowed": ("Note: the old plan lists firms the firms file no longer has; without {option}, "
                       "members who changed firm are not followed, a joint branch whose lead has grown to a "
                       "branch of its own in place is not counted as a graduation (its lead's old size is "
                       "unknown), and the old plan's rule costs are measured on the new firms file"),
        "in_place": ("Note: branch {branches} kept its id and lead, the lead now alone in it with the full members "
                     "for a branch of its own; without {option} it cannot be told whether the lead grew to them (its "
                     "old size is unknown), so no graduation is counted"),
        "in_place_n": ("Note: branches {branches} kept their ids and leads, each lead now alone in its branch with the "
                       "full members for a branch of its own; without {option} it cannot be told whether the leads "
                       "grew to them (their old sizes are unknown), so no graduation is counted"),
        "not_counted": ("Note: the old plan's {findings} that only {say} that {units} {unit_is} gone from the firms "
                        "file (closed or renamed) {is_} not counted"),
        "not_counted_emptied": ("Note: the old plan's {findings} that only {say} that {units} {unit_is} gone from the "
                                "firms file (closed or renamed) or without Party members now {is_} not counted"),
        "gone_lead": "{unit} (lead of branch {branch})", "gone_unit": "{unit} (in branch {branch})",
        "gone_emptied": "{unit} (in branch {branch}; no Party members now)",
        "md_title": "### Plan diff: {old} → {new}",
        "md_changes": "**Changes:** {headline}", "md_none": "**Changes:** none",
        "md_head": "| change | from | to |", "md_rules": "| rule | old | new | change |",
        "md_rules_before": "| rule | old (old firms file) | new | change |",
        "md_firm": "firm {firm} ({who})", "md_member": "member {member} (now {firm})",
        "md_added": "firm {firm} added ({members})", "md_removed": "firm {firm} removed ({members})",
        "md_emptied": "firm {firm} has no Party members any more ({members})",
        "md_renamed": "firm {old} is now {new} (renamed, in branch {branch})",
        "md_repeated": "firm {firm} is listed twice in branch {branch}",
        "md_left": "member {member} left the roster (was in firm {firm})",
        "md_new": "member {member} is new to the roster (firm {firm})",
        "md_created": "branch {branch} created", "md_dissolved": "branch {branch} dissolved",
        "md_merged": "branch {branch} merged", "md_split": "branch {branch} split",
        "md_graduation": "firm {firm} graduates", "md_lead": "branch {branch} lead",
        "md_lead_outside": "branch {branch} lead (not one of its firms: a new branch under the old id)",
        "md_lead_elsewhere": "branch {branch} lead (outside {home}, where it continues: a new branch under the old id)",
        "md_graduation_in_place": "firm {firm}'s branch {old} becomes its own (joint → standalone)",
        "md_graduation_host": "firm {firm} leaves the branch with host organisation {host} for its own",
        "md_host": "host organisation {host}",
        "md_hard": "{code} (hard, findings)",
    },
    "zh": {
        "changes": "变动：{headline}", "none": "变动：无（支部与单位均未变化）",
        "firm_move": "  单位 {firm} 由 {old} 调整到 {new}（{who}）",
        "member_move": "  党员 {member}（现属 {firm}）由 {old} 调整到 {new}",
        "added": "  新增单位 {firm}，编入 {branch}（{members}）",
        "removed": "  减少单位 {firm}（原在 {branch}；{members}）",
        "emptied": "  单位 {firm} 已无党员（原在 {branch}；{members}）",
        "renamed": "  单位 {old} 现为 {new}（更名：其党员均在 {new}；原在 {branch}）",
        "repeated": "  单位 {firm} 在支部 {branch} 中重复列出（BP-ONE-BRANCH：一个支部只列出一个单位一次）",
        "left": "  党员 {member} 已不在名册中（原在单位 {firm}，支部 {branch}）",
        "left_nowhere": "  党员 {member} 已不在名册中（原在单位 {firm}，未编入支部）",
        "new": "  党员 {member} 新列入名册（单位 {firm}，支部 {branch}）",
        "new_nowhere": "  党员 {member} 新列入名册（单位 {firm}，未编入支部）",
        "went_same": "党员 {member} 已转入单位 {firm}，仍在 {branch}",
        "went_other": "党员 {member} 已转入单位 {firm}，现在 {branch}",
        "went_none": "党员 {member} 已转入单位 {firm}，未编入支部",
        "went_sep": "；",
        "created": "  新建支部 {branch}（牵头 {lead}；{firms}）",
        "dissolved": "  撤销支部 {branch}（原牵头 {lead}；{firms}）",
        "merged": "  支部 {branch} 由原属 {others} 的单位合并而成",
        "split": "  支部 {branch} 拆分为 {others}",
        "graduation": "  单位 {firm} 由联合支部 {old} 转为单独组建支部 {new}",
        "graduation_in_place": "  单位 {firm} 正式党员已达单独组建支部的人数：支部 {new} 由联合组建改为单独组建",
        "graduation_host": "  单位 {firm} 由编入托管组织 {host} 的支部 {old} 转为单独组建支部 {new}",
        "lead": "  支部 {branch} 牵头单位由 {old} 改为 {new}",
        "lead_outside": "  支部 {branch} 牵头单位由 {old} 改为 {new}；{new} 原不属于本支部：视为沿用旧编号的新支部（其单位均计为变动）",
        "lead_elsewhere": "  支部 {branch} 牵头单位由 {old} 改为 {new}；该支部在其多数党员所在的 {home} 延续，{new} 不在该辖区：视为沿用旧编号的新支部（其单位均计为变动）",
        "host_joins": "  托管组织 {host} 牵头支部 {new}",
        "host_leaves": "  托管组织 {host} 退出支部 {old}，不再牵头支部",
        "host_moves": "  托管组织 {host} 由支部 {old} 改为牵头支部 {new}",
        "costs": "各规则代价（原 → 新）：",
        "costs_before": "各规则代价（原方案按原名册 → 新方案）：",
        "soft": "  {code:<22} 优先级 {priority}  {old:>10} → {new:>10}（{delta}）",
        "hard": "  {code:<22} 硬性      {old:>10} → {new:>10} 项",
        "raised": "      {cost} {message}", "raised_more": "      另有 {n} 项",
        "md_raised": "新方案代价增加之处：", "md_raised_more": "另有 {n} 项",
        "md_raised_before": "新方案比原方案（按原名册）代价增加之处：",
        "sep": "、", "names": "：{names}", "came": "（原在 {branch}）",
        "from_plan": "原方案记载 {members}",
        "unknown_old": "党员人数不详：请用 {option} 指定原方案所依据的名册",
        "unknown_gone": "党员人数不详：原名册中没有此单位",
        "unknown_new": "党员人数不详：名册中没有此单位",
        "more_pairs": " 等，另有 {n} 个",
        "renumbered": ("注：仅支部编号改变（所含单位未变）：{pairs}（{members}）；"
                       "`branchplan solve 名册 --current 原方案` 重新编排时保留支部编号"),
        "unfollowed": ("注：原方案中有名册已没有的单位；未指定 {option} 时，转到其他单位的党员未被跟踪，"
                       "牵头单位在原支部内发展为可单独组建支部的，不计为转为单独组建（其原有人数未知），"
                       "原方案的规则代价按新名册计算"),
        "in_place": ("注：支部 {branches} 保留了原编号和牵头单位，牵头单位现已独自成支部且正式党员已达单独组建的人数；"
                     "未指定 {option} 时无法判断其是否由原来人数不足发展而来（原有人数未知），故不计为转为单独组建"),
        "in_place_n": ("注：支部 {branches} 均保留了原编号和牵头单位，牵头单位现已独自成支部且正式党员已达单独组建的人数；"
                       "未指定 {option} 时无法判断其是否由原来人数不足发展而来（原有人数未知），故不计为转为单独组建"),
        "not_counted": "注：原方案的 {findings}不计入：它们只是说明 {units}已不在名册中（已注销或更名）",
        "not_counted_emptied": "注：原方案的 {findings}不计入：它们只是说明 {units}已不在名册中（已注销或更名）或已无党员",
        "gone_lead": "{unit}（支部 {branch} 的牵头单位）", "gone_unit": "{unit}（原在支部 {branch}）",
        "gone_emptied": "{unit}（原在支部 {branch}；现已无党员）",
        "md_title": "### 方案对比：{old} → {new}",
        "md_changes": "**变动**：{headline}", "md_none": "**变动**：无",
        "md_head": "| 变动 | 原 | 新 |", "md_rules": "| 规则 | 原 | 新 | 变化 |",
        "md_rules_before": "| 规则 | 原（按原名册） | 新 | 变化 |",
        "md_firm": "单位 {firm}（{who}）", "md_member": "党员 {member}（现属 {firm}）",
        "md_added": "新增单位 {firm}（{members}）", "md_removed": "减少单位 {firm}（{members}）",
        "md_emptied": "单位 {firm} 已无党员（{members}）",
        "md_renamed": "单位 {old} 现为 {new}（更名，原在支部 {branch}）",
        "md_repeated": "单位 {firm} 在支部 {branch} 中重复列出",
        "md_left": "党员 {member} 已不在名册中（原在单位 {firm}）",
        "md_new": "党员 {member} 新列入名册（单位 {firm}）",
        "md_created": "新建支部 {branch}", "md_dissolved": "撤销支部 {branch}",
        "md_merged": "支部 {branch} 合并", "md_split": "支部 {branch} 拆分",
        "md_graduation": "单位 {firm} 单独组建支部", "md_lead": "支部 {branch} 牵头单位",
        "md_lead_outside": "支部 {branch} 牵头单位（原不属于本支部：视为沿用旧编号的新支部）",
        "md_lead_elsewhere": "支部 {branch} 牵头单位（不在该支部延续的 {home}：视为沿用旧编号的新支部）",
        "md_graduation_in_place": "单位 {firm} 的支部 {old} 由联合组建改为单独组建",
        "md_graduation_host": "单位 {firm} 由编入托管组织 {host} 转为单独组建支部",
        "md_host": "托管组织 {host}",
        "md_hard": "{code}（硬性，项数）",
    },
}


def _lang(lang: str) -> str:
    return "zh" if lang == "zh" else "en"


def _members(n: int, lang: str) -> str:
    return f"{n} 名党员" if lang == "zh" else plural(n, "member")


def _count(n: int | None, lang: str, missing: str = "unknown_new") -> str:
    """A member count, or the reason it is not known (``missing``: a key of _TEXT)."""
    return _TEXT[lang][missing] if n is None else _members(n, lang)


def _removed_count(f, d: "PlanDiff", lang: str) -> str:
    if f.emptied and not f.members and not d.old_roster_given:  # the new file's 0 says nothing of before
        return _TEXT[lang]["unknown_old"].format(option=d.old_firms_option)
    if f.counted == "old_plan":
        return _TEXT[lang]["from_plan"].format(members=_members(f.members, lang))
    if f.members is None and not d.old_roster_given:
        return _TEXT[lang]["unknown_old"].format(option=d.old_firms_option)
    tx = _TEXT[lang]
    people = [label + (tx["came"].format(branch=b) if b else "")
              for label, b in zip(f.labels, f.came_from or (None,) * len(f.labels))]
    listed = tx["names"].format(names=tx["sep"].join(people)) if f.unassigned and people else ""
    return _count(f.members, lang, "unknown_gone") + listed


def _to(m, lang: str) -> str:
    """Where a move goes; a move into the branch of the same id goes into a new branch
    that took the old id (:class:`branchplan.diff.LeadChange`)."""
    if m.to_branch != m.from_branch:
        return m.to_branch
    return f"{m.to_branch}（沿用该编号的新支部）" if lang == "zh" else f"{m.to_branch} (a new branch under that id)"


def _said(tx: dict, key: str, lang: str) -> str:
    """The sentence ``key`` of ``tx``, or of :mod:`.difflisting` (a firm left in no branch)."""
    return tx[key] if key in tx else unassigned_text(key, lang)


def went(f, lang: str) -> str:
    """Where the members of a removed firm who changed firm went ("" when none did)."""
    tx = _TEXT[_lang(lang)]
    return tx["went_sep"].join(
        tx["went_none" if w.branch is None else "went_same" if w.branch == f.branch and not w.new_branch
           else "went_other"].format(
            member=w.label, firm=w.firm, branch=w.branch) for w in f.went)


def _went_suffix(f, lang: str) -> str:
    w = went(f, lang)
    return (_TEXT[lang]["went_sep"] + w) if w else ""


def _firm_label(m, by_firm: dict[str, list[str]], lang: str = "en") -> str:
    names = by_firm.get(m.firm)
    tx = _TEXT[lang]
    return _count(m.members, lang) + (tx["names"].format(names=tx["sep"].join(names)) if names else "")


def headline_zh(d: "PlanDiff") -> str:
    s = d.summary()
    return (f"{s['members_moved']} 名党员、{s['firms_moved']} 个单位变动{_renumbered(d, 'zh')}；支部新建 {s['branches_created']} 个{_reused(s, 'zh')}、"
            f"撤销 {s['branches_dissolved']} 个、合并 {s['branches_merged']} 个、拆分 {s['branches_split']} 个；"
            f"转为单独组建支部的单位 {s['graduations']} 个；新增单位 {s['firms_added']} 个、减少 {s['firms_removed']} 个"
            + of_removed(s, "zh") + _extra(s, "zh"))


#: renumbered branches named in the note (then a count; the JSON lists them all)
RENUMBERED_SHOWN = 20


def notes(d: "PlanDiff", lang: str = "en", md: bool = False) -> list[str]:
    """Notes under the change list: renumbered branches, members not followed (``md``: for
    Markdown, the branch ids quoted literally; the notes' own code spans stay code)."""
    lang = _lang(lang)
    tx = _TEXT[lang]
    quote = md_text if md else str
    out = []
    if d.renumbered:
        pairs = tx["sep"].join(f"{quote(r.old)} -> {quote(r.new)}" for r in d.renumbered[:RENUMBERED_SHOWN])
        if len(d.renumbered) > RENUMBERED_SHOWN:
            pairs += tx["more_pairs"].format(n=len(d.renumbered) - RENUMBERED_SHOWN)
        out.append(tx["renumbered"].format(pairs=pairs,
                                           members=_members(sum(r.members for r in d.renumbered), lang)))
    if d.roster_changed_unfollowed:
        out.append(tx["unfollowed"].format(option=d.old_firms_option))
    if d.in_place_unknown:
        key = "in_place" if len(d.in_place_unknown) == 1 else "in_place_n"
        out.append(tx[key].format(branches=tx["sep"].join(quote(b) for b in d.in_place_unknown),
                                  option=d.old_firms_option))
    if d.gone:
        out.append(_not_counted(d, lang, quote))
    return out


def _not_counted(d: "PlanDiff", lang: str, quote) -> str:
    """The note that the rule table leaves out the old plan's findings that only say that
    units it lists are gone from the roster (a closed lead: the lead of its branch)."""
    tx = _TEXT[lang]
    left = [r for r in d.rules if r.not_counted]
    n = sum(r.not_counted for r in left)
    units = tx["sep"].join(tx["gone_lead" if g.lead else "gone_emptied" if g.emptied else "gone_unit"].format(
        unit=quote(g.unit), branch=quote(g.branch)) for g in d.gone)
    key = "not_counted_emptied" if any(g.emptied for g in d.gone) else "not_counted"
    if lang == "zh":
        return tx[key].format(findings="、".join(f"{r.not_counted} 项 {r.code} 问题" for r in left),
                                        units=units)
    findings = ", ".join(plural(r.not_counted, f"{r.code} finding") for r in left)
    return tx[key].format(findings=findings, say="says" if n == 1 else "say", units=units,
                                    unit_is="is" if len(d.gone) == 1 else "are", is_="is" if n == 1 else "are")


def diff_text(d: "PlanDiff", lang: str = "en", raised: bool = True) -> list[str]:
    """The change list as text lines (English, or Chinese with ``lang="zh"``)."""
    lang = _lang(lang)
    tx = _TEXT[lang]
    sep = tx["sep"]
    if d.is_empty:
        lines = [tx["none"]]
    else:
        lines = [tx["changes"].format(headline=headline_zh(d) if lang == "zh" else headline(d))]
    by_firm, others = _with_firm(d)
    lines += [tx["firm_move"].format(firm=m.firm, old=m.from_branch, new=_to(m, lang),
                                     who=_firm_label(m, by_firm, lang)) for m in d.firm_moves]
    lines += [tx["member_move"].format(member=m.label, firm=m.firm, old=m.from_branch, new=_to(m, lang))
              for m in others]
    lines += [tx["renamed"].format(old=r.old, new=r.new, branch=r.branch) for r in d.renamed]
    lines += [tx["repeated"].format(firm=f, branch=b) for f, b in d.repeated]
    lines += [tx["left" if m.branch else "left_nowhere"].format(member=m.label, firm=m.firm, branch=m.branch)
              for m in d.members_left]
    lines += [tx["new" if m.branch else "new_nowhere"].format(member=m.label, firm=m.firm, branch=m.branch)
              for m in d.members_new]
    lines += listing_lines(d, lang)
    lines += [tx["added"].format(firm=f.firm, branch=f.branch, members=_count(f.members, lang))
              for f in d.firms_added]
    lines += [_said(tx, removed_key(f), lang).format(firm=f.firm, branch=f.branch, members=_removed_count(f, d, lang) + _went_suffix(f, lang))
              for f in d.firms_removed]
    listed = "、" if lang == "zh" else " "       # a branch's firms
    lines += [tx["created"].format(branch=b.branch, lead=b.lead, firms=listed.join(b.firms)) for b in d.created]
    lines += [tx["dissolved"].format(branch=b.branch, lead=b.lead, firms=listed.join(b.firms)) for b in d.dissolved]
    lines += [tx["merged"].format(branch=r.branch, others=sep.join(r.others)) for r in d.merged]
    lines += [tx["split"].format(branch=r.branch, others=sep.join(r.others)) for r in d.split]
    lines += [tx[g.sentence].format(
        firm=g.firm, old=g.from_branch, new=g.to_branch, host=g.host) for g in d.graduations]
    lines += [tx["lead_elsewhere" if c.continues_in else "lead_outside" if c.outside else "lead"].format(
        branch=c.branch, old=c.old_lead, new=c.new_lead, home=c.continues_in) for c in d.lead_changes]
    lines += [tx[_host_key(h)].format(host=h.host, old=h.from_branch, new=h.to_branch) for h in d.host_changes]
    lines += notes(d, lang)
    if d.rules:
        # with the old firms file the old plan is costed on it, as it stood (the re-plan's
        # reasons judge the current plan on the new file)
        lines.append(tx[_old_side(d, "costs")])
        for r in shown_rules(d):
            if r.severity == "soft":
                lines.append(tx["soft"].format(code=r.code, priority=r.priority, old=points(r.old_cost),
                                               new=points(r.new_cost), delta=signed(r.delta)))
            else:
                lines.append(tx["hard"].format(code=r.code, old=r.old_findings, new=r.new_findings))
            if not raised:
                continue
            lines += [tx["raised"].format(cost=_raise_mark(f), message=_message(f, lang))
                      for f in r.raised[:RAISED_SHOWN]]
            if len(r.raised) > RAISED_SHOWN:
                lines.append(tx["raised_more"].format(n=len(r.raised) - RAISED_SHOWN))
    return lines


#: findings shown under a rule whose cost rose (the JSON form has them all)
RAISED_SHOWN = 5


def _raise_mark(f) -> str:
    """``+5.000`` for a soft finding's cost, ``!`` for a hard one."""
    return "!" if f.severity == "hard" else signed(f.cost)


def _message(f, lang: str) -> str:
    return (f.message_zh or f.message) if lang == "zh" else f.message


def raised_lines(d: "PlanDiff", lang: str) -> list[str]:
    """Markdown bullets: for each rule whose cost rose, the findings that raised it
    (``lang="bi"``: Chinese, then the English in brackets)."""
    out = []
    for r in shown_rules(d):
        for f in r.raised[:RAISED_SHOWN]:
            text = (f"{f.message_zh or f.message} ({f.message})" if lang == "bi" and f.message_zh
                    else _message(f, "zh" if lang == "bi" else lang))
            out.append(f"- {md_text(r.code)} {_raise_mark(f)}{'：' if lang != 'en' else ': '}{md_text(text)}")
        if len(r.raised) > RAISED_SHOWN:
            more = (both(_TEXT["zh"]["md_raised_more"], _TEXT["en"]["md_raised_more"]) if lang == "bi"
                    else _TEXT[lang]["md_raised_more"])
            out.append(f"- {md_text(r.code)}{'：' if lang != 'en' else ': '}{more.format(n=len(r.raised) - RAISED_SHOWN)}")
    return out


def _host_key(h) -> str:
    return "host_joins" if h.from_branch is None else "host_leaves" if h.to_branch is None else "host_moves"


def shown_rules(d: "PlanDiff") -> list:
    """Every soft rule; a hard rule only where either plan has findings of it."""
    return [r for r in d.rules if r.severity == "soft" or r.old_findings or r.new_findings]


def markdown_title(old: object, new: object, lang: str = "en") -> str:
    return _TEXT[_lang(lang)]["md_title"].format(old=md_code(old, table=False), new=md_code(new, table=False))


def _old_side(d: "PlanDiff", key: str) -> str:
    """The wording of ``key`` that says the old plan is costed on the old firms file, when it
    was given (``KEY_before``)."""
    return f"{key}_before" if d.old_roster_given else key


def both(zh: str, en: str) -> str:
    """A bilingual phrase: the Chinese, then the English (once when they are the same)."""
    return zh if zh == en else f"{zh} · {en}"


def both_row(zh: str, en: str) -> str:
    """A bilingual Markdown table row, cell by cell."""
    cells = lambda row: [c.strip() for c in row.strip().strip("|").split("|")]  # noqa: E731
    return "| " + " | ".join(both(z, e) for z, e in zip(cells(zh), cells(en))) + " |"


def _md_parts(d: "PlanDiff", lang: str, titles: bool = False) -> tuple[str, list[tuple[str, str, str]], list[str], list[tuple[str, ...]]]:
    """The headline, the change rows, the notes and the rule rows of the Markdown form."""
    tx = _TEXT[lang]
    sep = tx["sep"]
    head = headline_zh(d) if lang == "zh" else headline(d)
    headline_md = tx["md_changes"].format(headline=head) if not d.is_empty else tx["md_none"]
    rows: list[tuple[str, str, str]] = []
    by_firm, others = _with_firm(d)
    rows += [(tx["md_firm"].format(firm=m.firm, who=_firm_label(m, by_firm, lang)), m.from_branch, _to(m, lang))
             for m in d.firm_moves]
    rows += [(tx["md_member"].format(member=m.label, firm=m.firm), m.from_branch, _to(m, lang)) for m in others]
    rows += [(tx["md_renamed"].format(old=r.old, new=r.new, branch=r.branch), r.old, r.new) for r in d.renamed]
    rows += [(tx["md_repeated"].format(firm=f, branch=b), b, b) for f, b in d.repeated]
    rows += [(tx["md_left"].format(member=m.label, firm=m.firm), m.branch or "", "") for m in d.members_left]
    rows += [(tx["md_new"].format(member=m.label, firm=m.firm), "", m.branch or "") for m in d.members_new]
    rows += listing_rows(d, lang)
    rows += [(tx["md_added"].format(firm=f.firm, members=_count(f.members, lang)), "", f.branch)
             for f in d.firms_added]
    rows += [(_said(tx, "md_" + removed_key(f), lang).format(firm=f.firm, members=_removed_count(f, d, lang) + _went_suffix(f, lang)),
              f.branch, "") for f in d.firms_removed]
    listed = "、" if lang == "zh" else " "       # a branch's firms
    rows += [(tx["md_created"].format(branch=b.branch), "", listed.join(b.firms)) for b in d.created]
    rows += [(tx["md_dissolved"].format(branch=b.branch), listed.join(b.firms), "") for b in d.dissolved]
    rows += [(tx["md_merged"].format(branch=r.branch), sep.join(r.others), r.branch) for r in d.merged]
    rows += [(tx["md_split"].format(branch=r.branch), r.branch, sep.join(r.others)) for r in d.split]
    rows += [(tx["md_" + g.sentence].format(firm=g.firm, host=g.host, old=g.from_branch),
              g.from_branch, g.to_branch) for g in d.graduations]
    rows += [(tx["md_lead_elsewhere" if c.continues_in else "md_lead_outside" if c.outside else "md_lead"].format(
        branch=c.branch, home=c.continues_in), c.old_lead, c.new_lead) for c in d.lead_changes]
    rows += [(tx["md_host"].format(host=h.host), h.from_branch or "", h.to_branch or "") for h in d.host_changes]
    rules: list[tuple[str, ...]] = []
    for r in shown_rules(d):
        named = _rule_name(r, lang) if titles else r.code
        if r.severity == "soft":
            rules.append((named, points(r.old_cost), points(r.new_cost), signed(r.delta)))
        else:
            rules.append((tx["md_hard"].format(code=named), str(r.old_findings), str(r.new_findings),
                          f"{r.new_findings - r.old_findings:+d}"))
    return headline_md, rows, notes(d, lang, md=True), rules


def _rule_name(r, lang: str) -> str:
    """A rule in the Markdown cost table: its code and its title, as the HTML report names it."""
    if lang == "zh":
        return f"{r.code} {r.title_zh or r.title}".rstrip()
    return f"{r.code} {r.title}".rstrip()


def _both_rule(code: str, zh: str, en: str) -> str:
    """A rule's cell in both languages, its code once: ``BP-X 中文 · English``."""
    lead = code + " "
    return both(zh, en[len(lead):] if zh.startswith(lead) and en.startswith(lead) else en)


def _change_row(a: str, b: str, c: str) -> str:
    return f"| {md_text(a)} | {md_text(b)} | {md_text(c)} |"


def _rule_row(row: tuple[str, ...]) -> str:
    return "| " + " | ".join(md_text(c) for c in row) + " |"


#: the rule of the change table and of the cost table
CHANGE_RULE, COST_RULE = "|---|---|---|", "|---|---:|---:|---:|"


def markdown_parts(d: "PlanDiff", lang: str = "en") -> tuple[str, list[str], list[str], list[str], list[str]]:
    """The Markdown change list (one language, without the findings that raised a cost, as
    ``check`` shows it) in parts, each line as :func:`diff_markdown` writes it: the headline,
    the change table's header, its rows, the notes, and the cost table (header and rows; none
    when no rule is compared). A pull-request comment that must stay short keeps some rows."""
    lang = _lang(lang)
    head, rows, notes_, rules = _md_parts(d, lang)
    tx = _TEXT[lang]
    cost = [tx[_old_side(d, "md_rules")], COST_RULE] + [_rule_row(row) for row in rules] if d.rules else []
    return head, [tx["md_head"], CHANGE_RULE], [_change_row(*row) for row in rows], notes_, cost


def diff_markdown(d: "PlanDiff", lang: str = "en", titles: bool = False, raised: bool = True) -> str:
    """The change list as Markdown tables: English, Chinese (``lang="zh"``), or both, Chinese
    first (``lang="bi"``: each sentence and heading in both; from/to cells as in English).
    ``titles``: the cost table names each rule by code and title (the re-plan memo)."""
    if lang == "bi":
        zh, en = _md_parts(d, "zh", titles), _md_parts(d, "en", titles)
        head = both(zh[0], en[0])
        rows = [(both(z[0], e[0]), e[1], e[2]) for z, e in zip(zh[1], en[1])]
        notes_ = [both(z, e) for z, e in zip(zh[2], en[2])]
        rules = [(_both_rule(r.code, z[0], e[0]),) + e[1:] for r, z, e in zip(shown_rules(d), zh[3], en[3])]
        key = _old_side(d, "md_rules")
        md_head, md_rules = both_row(_TEXT["zh"]["md_head"], _TEXT["en"]["md_head"]), \
            both_row(_TEXT["zh"][key], _TEXT["en"][key])
    else:
        lang = _lang(lang)
        head, rows, notes_, rules = _md_parts(d, lang, titles)
        md_head = _TEXT[lang]["md_head"]
        md_rules = _TEXT[lang][_old_side(d, "md_rules")]
    out = [head, ""]
    if rows:
        out += [md_head, CHANGE_RULE]
        out += [_change_row(*row) for row in rows]
        out.append("")
    out += [x for n in notes_ for x in (n, "")]
    if d.rules:
        out += [md_rules, COST_RULE]
        out += [_rule_row(row) for row in rules]
        out.append("")
        shown = raised_lines(d, lang) if raised else []
        if shown:
            key = _old_side(d, "md_raised")
            title = (both(_TEXT["zh"][key], _TEXT["en"][key]) if lang == "bi" else _TEXT[lang][key])
            out += [title, "", *shown, ""]
    return "\n".join(out).rstrip("\n") + "\n"

