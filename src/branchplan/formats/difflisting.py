"""The change list's words for firms listed in two or more branches
(:mod:`branchplan.listings`) and for firms the new plan leaves in no branch: text lines,
Markdown rows, dict entries and the headline's parts, in English and Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..diff import PlanDiff
    from ..listings import Listing

_TEXT = {
    "en": {
        "twice": "listed twice now (duplicated)", "several": "listed in {n} branches now (duplicated)",
        "no_longer": "no longer listed twice",
        "line": "  firm {firm} is {what}: {parts} ({who})",
        "md": "firm {firm} {what}; {who}",
        "added": "added to {branches}", "taken_out": "taken out of {branches}", "kept": "still in {branches}",
        "parts_sep": ", ", "sep": ", ", "listed_sep": ", ",
        "who": "{members}", "members": "{n} member", "members_n": "{n} members", "unknown": "not in the firms file",
        "names": ": {names}", "names_sep": ", ",
        "unassigned": "  firm {firm} is in no branch now (dropped, unassigned; was in {branch}; {members})",
        "md_unassigned": "firm {firm} in no branch now (dropped, unassigned; {members})",
        "removed_some": "{n} of them {what}", "of_them_sep": ", ",
        "of_emptied": "left without members", "of_unassigned": "still in the firms file but in no branch",
        "head_dup": "{n} listed in more than one branch (duplicated)", "head_dedup": "{n} no longer listed twice",
        "firm": "{n} firm", "firms": "{n} firms",
    },
    "zh": {
        "twice": "重复编入 2 个支部", "several": "重复编入 {n} 个支部",
        "no_longer": "不再重复编入多个支部",
        "line": "  单位 {firm} {what}：{parts}（{who}）",
        "md": "单位 {firm} {what}；{who}",
        "added": "新编入 {branches}", "taken_out": "移出 {branches}", "kept": "仍在 {branches}",
        "parts_sep": "，", "sep": "、", "listed_sep": "、",
        "who": "{members}", "members": "{n} 名党员", "members_n": "{n} 名党员", "unknown": "名册中没有此单位",
        "names": "：{names}", "names_sep": "、",
        "unassigned": "  单位 {firm} 未编入任何支部（仍在名册中；原在 {branch}；{members}）",
        "md_unassigned": "单位 {firm} 未编入任何支部（仍在名册中；{members}）",
        "removed_some": "{n} 个{what}", "of_them_sep": "、",
        "of_emptied": "已无党员", "of_unassigned": "仍在名册中但未编入支部",
        "head_dup": "重复编入多个支部的单位 {n} 个", "head_dedup": "不再重复编入的单位 {n} 个",
        "firm": "{n}", "firms": "{n}",
    },
}


def _who(x: Listing, tx: dict) -> str:
    if x.members is None:
        return tx["unknown"]
    count = tx["members" if x.members == 1 else "members_n"].format(n=x.members)
    return count + (tx["names"].format(names=tx["names_sep"].join(x.labels)) if x.labels else "")


def _what(x: Listing, tx: dict) -> str:
    if not x.duplicated:
        return tx["no_longer"]
    return tx["twice"] if len(x.new) == 2 else tx["several"].format(n=len(x.new))


def _parts(x: Listing, tx: dict) -> str:
    parts = [tx[k].format(branches=tx["sep"].join(bs)) for k, bs in
             (("added", x.added), ("taken_out", x.taken_out), ("kept", x.kept)) if bs]
    return tx["parts_sep"].join(parts)


def listing_lines(d: PlanDiff, lang: str) -> list[str]:
    """A line per firm listed in two or more branches of either plan."""
    tx = _TEXT[lang]
    return [tx["line"].format(firm=x.firm, what=_what(x, tx), parts=_parts(x, tx), who=_who(x, tx))
            for x in d.listings]


def listing_rows(d: PlanDiff, lang: str) -> list[tuple[str, str, str]]:
    """Markdown rows (change, from, to): the branches listing the firm in each plan."""
    tx = _TEXT[lang]
    return [(tx["md"].format(firm=x.firm, what=_what(x, tx), who=_who(x, tx)),
             tx["listed_sep"].join(x.old), tx["listed_sep"].join(x.new)) for x in d.listings]


def listing_dicts(d: PlanDiff) -> list[dict]:
    return [{"firm": x.firm, "from": list(x.old), "to": list(x.new), "duplicated": x.duplicated,
             "added_to": list(x.added), "taken_out_of": list(x.taken_out), "still_in": list(x.kept),
             "members": x.members,
             "members_listed": [{"member": m, **({"name": n} if n else {})}
                                for m, n in zip(x.member_ids, x.names or (None,) * len(x.member_ids))]}
            for x in d.listings]


def removed_key(f) -> str:
    """Which sentence tells a firm of the old plan only: emptied, unassigned or removed."""
    return "emptied" if f.emptied else "unassigned" if f.unassigned else "removed"


def unassigned_text(key: str, lang: str) -> str:
    """``unassigned`` (text line) or ``md_unassigned`` (Markdown change cell)."""
    return _TEXT[lang][key]


def of_removed(s: dict[str, int], lang: str) -> str:
    """The headline's note on the firms removed: how many are left without members, how
    many are still in the firms file but in no branch ("" when neither)."""
    tx = _TEXT[lang]
    parts = [tx["removed_some"].format(n=s[k], what=tx[w]) for k, w in
             (("firms_emptied", "of_emptied"), ("firms_unassigned", "of_unassigned")) if s[k]]
    if not parts:
        return ""
    if lang == "zh":
        return "（其中 " + tx["of_them_sep"].join(parts) + "）"
    return " (" + tx["of_them_sep"].join(parts) + ")"


def headline_parts(s: dict[str, int], lang: str) -> list[str]:
    """The headline's parts for firms listed in several branches, only when there are some."""
    tx = _TEXT[lang]
    out = []
    for key, word in (("firms_duplicated", "head_dup"), ("firms_no_longer_duplicated", "head_dedup")):
        if s[key]:
            n = s[key] if lang == "zh" else tx["firm" if s[key] == 1 else "firms"].format(n=s[key])
            out.append(tx[word].format(n=n))
    return out
