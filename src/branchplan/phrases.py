"""Short phrases about rules, firms and lists, in English and Chinese, for explanations."""

from __future__ import annotations

from .charter import Rule
from .model import Firm
from .rules.aggregate import noun

WHERE = {
    ("joint", "standalone"): ("branch", "每个支部"),
    ("joint",): ("joint branch", "每个联合支部"),
    ("standalone",): ("standalone branch", "每个单独支部"),
    ("host",): ("host branch", "每个托管支部"),
}


def small_firms_zh(big_min: int | None) -> str:
    """The Chinese for "small firms": '正式党员不足 3 名的单位' (those that do not form their own branch)."""
    return f"正式党员不足 {big_min} 名的单位" if big_min else "有党员的单位"


def counts(firm: Firm) -> str:
    """'2 full, 1 probationary'."""
    return f"{firm.full} full" + (f", {firm.probationary} probationary" if firm.probationary else "")


def counts_zh(firm: Firm) -> str:
    """'正式党员 2 名、预备党员 1 名'."""
    return f"正式党员 {firm.full} 名" + (f"、预备党员 {firm.probationary} 名" if firm.probationary else "")


def id_list(ids, limit: int = 12, sep: str = ", ", measure: str = "个") -> str:
    """Ids joined by ``sep`` ("、" for Chinese), the first ``limit`` of them and how many more
    ("and 3 more"; in Chinese the total with its measure word: "等 15 个" / "等 15 名")."""
    ids = list(ids)
    if len(ids) <= limit:
        return sep.join(ids)
    more = f" and {len(ids) - limit} more" if sep == ", " else f" 等 {len(ids)} {measure}"
    return sep.join(ids[:limit]) + more


def where(applies_to) -> tuple[str, str]:
    key = tuple(sorted(set(applies_to)))
    if key in WHERE:
        return WHERE[key]
    return " or ".join(f"{k} branch" for k in key), "每个" + "或".join(WHERE[(k,)][1][2:] for k in key)


def bound(rule: Rule, geo: bool | None = None) -> tuple[str, str]:
    """A rule's requirement in a few words: ('>= 3 full members per branch', '每个支部正式党员不少于 3 名')."""
    if rule.kind == "branch_aggregate":
        p = rule.params
        en, zh = noun(p)
        thing_zh, unit_zh = zh.lstrip("名个"), ("个" if p.count == "firms" else "名")
        w_en, w_zh = where(p.applies_to)
        parts_en, parts_zh = [], []
        if p.min is not None:
            parts_en.append(f">= {p.min}")
            parts_zh.append(f"不少于 {p.min} {unit_zh}")
        if p.max is not None:
            parts_en.append(f"<= {p.max}")
            parts_zh.append(f"不超过 {p.max} {unit_zh}")
        return f"{' and '.join(parts_en)} {en} per {w_en}", f"{w_zh}{thing_zh}{'、'.join(parts_zh)}"
    if rule.kind == "branch_count":
        p = rule.params
        parts = ([f">= {p.min}"] if p.min is not None else []) + ([f"<= {p.max}"] if p.max is not None else [])
        zh = ([f"不少于 {p.min} 个"] if p.min is not None else []) + ([f"不超过 {p.max} 个"] if p.max is not None else [])
        from .rules.branch_count import counted_kinds

        what, what_zh = counted_kinds(p.applies_to)     # (which branches count: all, or joint only, ...)
        return (f"{' and '.join(parts)} {what + ' ' if what else ''}branches per jurisdiction",
                f"每个辖区{what_zh}支部{'、'.join(zh)}")
    if rule.kind == "max_distance":
        p = rule.params
        km = p.metric == "haversine" or (p.metric == "auto" and geo)
        unit_en, unit_zh = (" km", " 公里") if km else ("", "")
        if p.metric == "auto" and geo is None:  # the roster unknown here
            unit_en, unit_zh = " (km for lat/lon)", "（经纬度按公里）"
        return (f"every unit at most {p.max:g}{unit_en} from its branch's lead",
                f"成员单位距支部牵头单位不超过 {p.max:g}{unit_zh}")
    if rule.kind == "assignment":
        return "every firm with members in exactly one branch", rule.title.zh or "每名党员编入且只编入一个支部"
    return rule.title.en or rule.name, rule.title.zh or rule.title.en or rule.name


def rule_ref(rule: Rule, geo: bool | None = None) -> tuple[str, str]:
    """'BP-MIN-FULL (>= 3 full members per branch)' and its Chinese (``geo``: the roster's
    locations are latitude/longitude, for distances in km; None: not known)."""
    en, zh = bound(rule, geo)
    return f"{rule.code} ({en})", f"{rule.code}（{zh}）"
