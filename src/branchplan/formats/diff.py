"""A plan diff as a dict (stable keys), as text lines and as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import md_cell, points, signed

if TYPE_CHECKING:
    from ..diff import PlanDiff


def diff_dict(d: "PlanDiff") -> dict:
    return {
        "summary": d.summary(),
        "member_moves": [{"member": m.member, "firm": m.firm, "from": m.from_branch, "to": m.to_branch}
                         for m in d.member_moves],
        "count_moves": [{"firm": m.firm, "count": m.count, "from": m.from_branch, "to": m.to_branch}
                        for m in d.count_moves],
        "firm_moves": [{"firm": m.firm, "from": m.from_branch, "to": m.to_branch, "members": m.members}
                       for m in d.firm_moves],
        "firms_added": [{"firm": f.firm, "branch": f.branch, "members": f.members} for f in d.firms_added],
        "firms_removed": [{"firm": f.firm, "branch": f.branch, "members": f.members} for f in d.firms_removed],
        "branches_created": [{"branch": b.branch, "lead": b.lead, "firms": list(b.firms)} for b in d.created],
        "branches_dissolved": [{"branch": b.branch, "lead": b.lead, "firms": list(b.firms)} for b in d.dissolved],
        "branches_merged": [{"branch": r.branch, "from": list(r.others)} for r in d.merged],
        "branches_split": [{"branch": r.branch, "into": list(r.others)} for r in d.split],
        "graduations": [{"firm": g.firm, "from": g.from_branch, "to": g.to_branch} for g in d.graduations],
        "lead_changes": [{"branch": c.branch, "from": c.old_lead, "to": c.new_lead} for c in d.lead_changes],
        "rules": [{"code": r.code, "severity": r.severity, "priority": r.priority, "old_cost": r.old_cost,
                   "new_cost": r.new_cost, "delta": r.delta, "old_findings": r.old_findings,
                   "new_findings": r.new_findings} for r in d.rules],
    }


def headline(d: "PlanDiff") -> str:
    s = d.summary()
    return (f"{plural(s['members_moved'], 'member')} and {plural(s['firms_moved'], 'firm')} move; "
            f"branches: {s['branches_created']} created, {s['branches_dissolved']} dissolved, "
            f"{s['branches_merged']} merged, {s['branches_split']} split; "
            f"{plural(s['graduations'], 'graduation')}; {plural(s['firms_added'], 'firm')} added, "
            f"{s['firms_removed']} removed")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _with_firm(d: "PlanDiff") -> tuple[dict[str, list[str]], list]:
    """Named members moving with their firm (by firm), and the others (who changed firm)."""
    moved = {(m.firm, m.from_branch, m.to_branch): m.firm for m in d.firm_moves}
    by_firm: dict[str, list[str]] = {}
    others = []
    for m in d.member_moves:
        if (m.firm, m.from_branch, m.to_branch) in moved:
            by_firm.setdefault(m.firm, []).append(m.member)
        else:
            others.append(m)
    return by_firm, others


def _firm_label(m, by_firm: dict[str, list[str]]) -> str:
    names = by_firm.get(m.firm)
    return plural(m.members, "member") + (f": {', '.join(names)}" if names else "")


def diff_text(d: "PlanDiff", lang: str = "en") -> list[str]:
    """The change list as text lines (English, or Chinese with ``lang="zh"``)."""
    if lang == "zh":
        return _diff_text_zh(d)
    lines = [f"Changes: {headline(d)}" if not d.is_empty else "Changes: none (same branches, same firms)"]
    by_firm, others = _with_firm(d)
    for m in d.firm_moves:
        lines.append(f"  firm {m.firm} moves {m.from_branch} -> {m.to_branch} ({_firm_label(m, by_firm)})")
    for m in others:
        lines.append(f"  member {m.member} (now {m.firm}) moves {m.from_branch} -> {m.to_branch}")
    for f in d.firms_added:
        lines.append(f"  firm {f.firm} added in {f.branch} ({plural(f.members, 'member')})")
    for f in d.firms_removed:
        lines.append(f"  firm {f.firm} removed (was in {f.branch}; {plural(f.members, 'member')})")
    for b in d.created:
        lines.append(f"  branch {b.branch} created (lead {b.lead}; {' '.join(b.firms)})")
    for b in d.dissolved:
        lines.append(f"  branch {b.branch} dissolved (was lead {b.lead}; {' '.join(b.firms)})")
    for r in d.merged:
        lines.append(f"  branch {r.branch} merges firms from {', '.join(r.others)}")
    for r in d.split:
        lines.append(f"  branch {r.branch} splits into {', '.join(r.others)}")
    for g in d.graduations:
        lines.append(f"  firm {g.firm} graduates from joint branch {g.from_branch} to its own branch {g.to_branch}")
    for c in d.lead_changes:
        lines.append(f"  branch {c.branch} lead {c.old_lead} -> {c.new_lead}")
    if d.rules:
        lines.append("Rule costs (old -> new):")
        for r in shown_rules(d):
            if r.severity == "soft":
                lines.append(f"  {r.code:<22} priority {r.priority}  {points(r.old_cost):>10} -> "
                             f"{points(r.new_cost):>10}  ({signed(r.delta)})")
            else:
                lines.append(f"  {r.code:<22} hard        {r.old_findings:>10} -> {r.new_findings:>10} findings")
    return lines


def headline_zh(d: "PlanDiff") -> str:
    s = d.summary()
    return (f"{s['members_moved']} 名党员、{s['firms_moved']} 个单位变动；支部新建 {s['branches_created']} 个、"
            f"撤销 {s['branches_dissolved']} 个、合并 {s['branches_merged']} 个、拆分 {s['branches_split']} 个；"
            f"单独建支部 {s['graduations']} 个；新增单位 {s['firms_added']} 个、减少 {s['firms_removed']} 个")


def _diff_text_zh(d: "PlanDiff") -> list[str]:
    lines = [f"变动：{headline_zh(d)}" if not d.is_empty else "变动：无（支部与单位均未变化）"]
    by_firm, others = _with_firm(d)
    for m in d.firm_moves:
        names = by_firm.get(m.firm)
        who = f"{m.members} 名党员" + (f"：{'、'.join(names)}" if names else "")
        lines.append(f"  单位 {m.firm} 由 {m.from_branch} 调整到 {m.to_branch}（{who}）")
    for m in others:
        lines.append(f"  党员 {m.member}（现属 {m.firm}）由 {m.from_branch} 调整到 {m.to_branch}")
    for f in d.firms_added:
        lines.append(f"  新增单位 {f.firm}，编入 {f.branch}（{f.members} 名党员）")
    for f in d.firms_removed:
        lines.append(f"  减少单位 {f.firm}（原在 {f.branch}；{f.members} 名党员）")
    for b in d.created:
        lines.append(f"  新建支部 {b.branch}（牵头 {b.lead}；{' '.join(b.firms)}）")
    for b in d.dissolved:
        lines.append(f"  撤销支部 {b.branch}（原牵头 {b.lead}；{' '.join(b.firms)}）")
    for r in d.merged:
        lines.append(f"  支部 {r.branch} 并入 {'、'.join(r.others)} 的单位")
    for r in d.split:
        lines.append(f"  支部 {r.branch} 拆分为 {'、'.join(r.others)}")
    for g in d.graduations:
        lines.append(f"  单位 {g.firm} 由联合支部 {g.from_branch} 转为单独建立支部 {g.to_branch}")
    for c in d.lead_changes:
        lines.append(f"  支部 {c.branch} 牵头单位 {c.old_lead} -> {c.new_lead}")
    if d.rules:
        lines.append("各规则代价（原 -> 新）：")
        for r in shown_rules(d):
            if r.severity == "soft":
                lines.append(f"  {r.code:<22} 优先级 {r.priority}  {points(r.old_cost):>10} -> "
                             f"{points(r.new_cost):>10}  ({signed(r.delta)})")
            else:
                lines.append(f"  {r.code:<22} 刚性      {r.old_findings:>10} -> {r.new_findings:>10} 项")
    return lines


def shown_rules(d: "PlanDiff") -> list:
    """Every soft rule; a hard rule only where either plan has findings of it."""
    return [r for r in d.rules if r.severity == "soft" or r.old_findings or r.new_findings]


def diff_markdown(d: "PlanDiff") -> str:
    out = [f"**Changes:** {headline(d)}" if not d.is_empty else "**Changes:** none", ""]
    rows: list[tuple[str, str, str]] = []
    by_firm, others = _with_firm(d)
    rows += [(f"firm {m.firm} ({_firm_label(m, by_firm)})", m.from_branch, m.to_branch) for m in d.firm_moves]
    rows += [(f"member {m.member} (now {m.firm})", m.from_branch, m.to_branch) for m in others]
    rows += [(f"firm {f.firm} added ({plural(f.members, 'member')})", "", f.branch) for f in d.firms_added]
    rows += [(f"firm {f.firm} removed ({plural(f.members, 'member')})", f.branch, "") for f in d.firms_removed]
    rows += [(f"branch {b.branch} created", "", " ".join(b.firms)) for b in d.created]
    rows += [(f"branch {b.branch} dissolved", " ".join(b.firms), "") for b in d.dissolved]
    rows += [(f"branch {r.branch} merged", ", ".join(r.others), r.branch) for r in d.merged]
    rows += [(f"branch {r.branch} split", r.branch, ", ".join(r.others)) for r in d.split]
    rows += [(f"firm {g.firm} graduates", g.from_branch, g.to_branch) for g in d.graduations]
    rows += [(f"branch {c.branch} lead", c.old_lead, c.new_lead) for c in d.lead_changes]
    if rows:
        out += ["| change | from | to |", "|---|---|---|"]
        out += [f"| {md_cell(a)} | {md_cell(b)} | {md_cell(c)} |" for a, b, c in rows]
        out.append("")
    if d.rules:
        out += ["| rule | old | new | change |", "|---|---:|---:|---:|"]
        for r in shown_rules(d):
            if r.severity == "soft":
                out.append(f"| {r.code} | {points(r.old_cost)} | {points(r.new_cost)} | {signed(r.delta)} |")
            else:
                out.append(f"| {r.code} (hard, findings) | {r.old_findings} | {r.new_findings} | "
                           f"{r.new_findings - r.old_findings:+d} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
