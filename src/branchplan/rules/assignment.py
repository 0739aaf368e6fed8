"""assignment: every firm with Party members is in exactly one branch, whole.

党章第八条: 每个党员…都必须编入党的一个支部. No member may be left unmanaged (不脱管、不漏管),
and a member belongs to one organisation only (一方隶属). Members go with their firm: a firm
is never split across branches.

A plan breaks this rule when a firm with members is in no branch (its members unmanaged)
or split across two or more (its members in two branches), when a branch lists a firm
twice, names a firm or host the roster does not have, or lists a firm without Party
members (solve places none), when a branch's lead is not one of its units (or, listed
in it, is no longer in the roster: closed, or given a new id), or when a branch is empty.
A branch none of whose units is in the roster any more (its firms closed) is said to be so
once, at its first unit: the rules that count its members leave it out.

No parameters; always hard.

Passing: F1, F2 and F3 each listed once. Failing: F3 listed in B001 and B002.
"""

from __future__ import annotations

from ..i18n import plural
from ..loader import unquoted_value
from ..model import firm_name_key, id_key, ids_read_as, unit_namer
from ..origins import typo_for
from .base import Finding, Params as _Params, PlanView, Result

KIND = "assignment"
SEVERITIES = ("hard",)
SINGLETON = True


class Params(_Params):
    pass


def encode(rule, enc) -> None:
    # sum_u x[i, u] = 1 for every small firm i; big firms lead their own branch by construction.
    by_firm: dict[int, list] = {}
    for i, _u, v in enc.assignments():
        by_firm.setdefault(i, []).append(v)
    for i in enc.part.small:
        enc.require_one(rule.code, enc.part.unit_id(i), by_firm[i])


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    src = rule.source.article if rule.source else None

    def add(en, zh, branch=None, firms=(), index=None, firm_entry=None, members=()):
        res.findings.append(Finding(rule.code, "hard", en, zh, branch, tuple(firms), tuple(members),
                                    source=src, branch_index=index, firm_entry=firm_entry))

    where: dict[str, list] = {}
    hosted: dict[str, list] = {}    # host id -> the branches naming it
    cache: dict = {}     # (what _reading makes once, where some branch lists an id not in the roster)
    by_name: dict[str, tuple[str, str]] = {}    # firm id -> a branch that lists it by its name, and as written
    for b in view.branches:
        for fid in b.repeated:
            add(f"branch {b.id} lists firm {fid} twice", f"支部 {b.id} 重复列出单位 {fid}",
                b.id, (fid,), b.index, fid)
        for f in b.firms:
            where.setdefault(f.id, []).append(b)
        for h in b.hosts:
            hosted.setdefault(h, []).append(b)
        if len(b.hosts) > 1:
            add(f"branch {b.id} names {len(b.hosts)} host organisations ({', '.join(b.hosts)}): a host's branch "
                "has one host",
                f"支部 {b.id} 列出 {len(b.hosts)} 个托管组织（{'、'.join(b.hosts)}）：一个托管支部只有一个托管组织",
                b.id, b.firm_ids, b.index)
        elif b.host is not None and b.lead != b.host.id:
            if _lead_named(b, view, cache) == (b.host.id, True):     # (its host, written by its name)
                add(f"branch {b.id} is led by {b.lead}, the roster's name of its host {b.host.id}: write the lead's "
                    f"id, {b.host.id}",
                    f"支部 {b.id} 的牵头单位写作 {b.lead}，这是本支部托管组织 {b.host.id} 在名册中的名称：请写其编号 {b.host.id}",
                    b.id, b.firm_ids, b.index)
            else:
                add(f"branch {b.id} holds host {b.host.id} but is led by {b.lead}: a host's branch is led by its "
                    f"host, the firms placed with it are its members",
                    f"支部 {b.id} 含托管组织 {b.host.id}，却由 {b.lead} 牵头：托管支部应由托管组织牵头，编入的单位为其成员",
                    b.id, b.firm_ids, b.index)
        said = []       # (each id it lists that the roster lacks: its text, and the unit it may mean)
        for ref in b.unknown:
            en, zh, more_en, more_zh, known, by_its_name = _reading(ref, view, cache)
            if by_its_name:
                by_name.setdefault(known, (b.id, ref))
            said.append((ref, en, zh, more_en, more_zh, known))
        # a branch none of whose units is in the roster (its firms closed) is said to be so once, at
        # its first unit, where none of them reads as a unit of the roster mistyped: not "no firms",
        # nor a minimum of full members it falls short of (those rules leave such a branch out)
        left = b.gone and not any(known for *_, known in said)     # (left_roster)
        for ref, en, zh, more_en, more_zh, known in said:
            if known is None and ref == b.lead and b.firms and b.host is None:
                # its lead, closed (or given a new id): one finding, in place of "not one of its units"
                add(*_lead_gone(b, en, zh), b.id, (en,), b.index)
                continue
            if left:
                left = False
                more_en += (f": every firm {b.id} lists has left the roster (closed or given a new id?); "
                            "dissolve the branch or re-plan")
                more_zh += f"；支部 {b.id} 已无在册单位（已注销或更换编号？），请撤销该支部或重新编排"
            add(f"branch {b.id} lists {en}, which is not a firm or host of the roster{more_en}",
                f"支部 {b.id} 列出的 {zh} 不在名册中{more_zh}", b.id, (en,), b.index, ref)
        if b.host is not None and not view.host_fallback and not view.fallback_rule:   # (else the fallback rule says it)
            add(f"branch {b.id} is a host branch ({b.host.id}), but the charter allows no host placement (it has "
                "no fallback rule)",
                f"支部 {b.id} 由托管组织 {b.host.id} 牵头，但规则集不允许编入托管组织（规则集没有兜底编入规则）", b.id,
                b.firm_ids, b.index)
        if b.gone:
            pass    # (its units are said above, each not in the roster)
        elif not b.firms and b.host is None:
            add(f"branch {b.id} has no firms", f"支部 {b.id} 没有任何单位", b.id, (), b.index)
        elif not b.firms:   # a host's branch is the small firms placed with it: without any, no member
            add(f"branch {b.id} holds host {b.host.id} and no firm: it has no Party members",
                f"支部 {b.id} 只有托管组织 {b.host.id}，没有任何单位：支部没有党员", b.id, (), b.index)
        elif b.lead not in b.firm_ids and b.lead not in b.unknown and (b.host is None or b.host.id != b.lead):
            named = _lead_named(b, view, cache)     # (a unit written by its roster name: its id to write)
            notes_en, notes_zh = [], []
            if named is not None and named[0] not in b.firm_ids:
                unit_en, unit_zh = ("host", "托管组织") if named[1] else ("firm", "单位")
                notes_en.append(f"the roster's name of {unit_en} {named[0]}: write its id")
                notes_zh.append(f"这是名册中{unit_zh} {named[0]} 的名称：请写其编号 {named[0]}")
            if (lead := b.lead_elsewhere) is not None:  # (a firm of the roster: the other rules weigh its firms against it)
                # (not where it is listed: a finding reads its own branch alone, see explain.Moves)
                notes_en.append(f"its firms' distances and districts are still measured from {lead.id}")
                notes_zh.append(f"本支部各单位的距离、区县仍按 {lead.id} 计算")
            at_en = f" ({'; '.join(notes_en)})" if notes_en else ""
            at_zh = f"（{'；'.join(notes_zh)}）" if notes_zh else ""
            if named is not None and named[0] in b.firm_ids:     # (one of its firms, written by its name)
                add(f"branch {b.id} is led by {b.lead}, the roster's name of its firm {named[0]}: write the lead's id, "
                    f"{named[0]}{at_en}",
                    f"支部 {b.id} 的牵头单位写作 {b.lead}，这是本支部单位 {named[0]} 在名册中的名称：请写其编号 "
                    f"{named[0]}{at_zh}", b.id, b.firm_ids, b.index)
            else:
                add(f"branch {b.id} is led by {b.lead}, which is not one of its units{at_en}",
                    f"支部 {b.id} 的牵头单位 {b.lead} 不在本支部{at_zh}", b.id, b.firm_ids, b.index)
    for h, places in hosted.items():
        if len(places) > 1:
            ids = ", ".join(b.id for b in places)
            add(f"host {h} is in {len(places)} branches ({ids}): a host organisation takes the firms placed "
                "with it in one branch",
                f"托管组织 {h} 出现在 {len(places)} 个支部（{'、'.join(b.id for b in places)}）：托管组织只设一个支部",
                places[1].id, (h,), places[1].index, h)
    for f in view.roster.firms:
        places = where.get(f.id, [])
        if f.size == 0:
            # (solve places no such firm; --current drops it from a branch with a note)
            for b in places:
                led = " and leads it" if b.lead == f.id else ""
                led_zh = " 并由其牵头" if b.lead == f.id else ""
                add(f"branch {b.id} lists firm {f.id}{led}, which has no Party members: a firm without "
                    "members is in no branch",
                    f"支部 {b.id} 列出单位 {f.id}{led_zh}，但该单位没有党员：没有党员的单位不编入支部",
                    b.id, (f.id,), b.index, f.id)
            continue
        if not places:
            named_en = named_zh = ""
            if f.id in by_name:     # (the finding about that entry says to write the id)
                at, written = by_name[f.id]
                named_en, named_zh = f" (branch {at} lists it by its name, {written})", f"（支部 {at} 以其名称“{written}”列出）"
            add(f"firm {f.id} ({_n(f.size)}) is in no branch{named_en}: {_who(f)} would be left unmanaged",
                f"单位 {f.id}（{f.size} 名党员）未编入任何支部{named_zh}，党员脱管", None, (f.id,),
                members=_ids(f))
            res.measure += f.size
        elif len(places) > 1:
            ids = ", ".join(b.id for b in places)
            add(f"firm {f.id} is split across {len(places)} branches ({ids}): {_who(f)} would belong to "
                f"{len(places)} branches, but a member belongs to one branch only",
                f"单位 {f.id} 同时编入 {len(places)} 个支部（{'、'.join(b.id for b in places)}），其 {f.size} 名党员违反一方隶属",
                places[1].id, (f.id,), places[1].index, f.id, _ids(f))
            res.measure += f.size
    return res


def left_roster(view: PlanView, b) -> bool:
    """Whether this rule says of branch ``b`` that every unit it lists has left the roster (its
    firms closed, or given new ids): ``b.gone``, and none of the ids it lists reads as a unit
    of the roster written another way (a typo, its name: that finding says what to write)."""
    if not b.gone:
        return False
    cache: dict = {}
    return not any(_reading(ref, view, cache)[4] for ref in b.unknown)


def _lead_named(b, view: PlanView, cache: dict) -> tuple[str, bool] | None:
    """The unit of the roster whose name branch ``b``'s lead is written as (its id, whether it
    is a host), where the lead is no id of the roster; else None."""
    roster = view.roster
    if not isinstance(b.lead, str) or b.lead in roster.firm_by_id or b.lead in roster.host_by_id:
        return None
    return _namer(view, cache)(b.lead)


def _namer(view: PlanView, cache: dict):
    """:func:`unit_named` on the view's roster, its names indexed once (kept in ``cache``)."""
    if "named" not in cache:
        cache["named"] = unit_namer(view.roster)
    return cache["named"]


def _reading(ref, view: PlanView, cache: dict) -> tuple:
    """How an id a branch lists that the roster lacks reads: (its text in English and Chinese,
    what to add to the finding in English and Chinese, the unit of the roster it means or None,
    whether it is that unit's name). ``cache``: what is made once for the whole view."""
    # (a member's name typed as a firm is not quoted back)
    en, zh = unquoted_value(ref)
    if "variants" not in cache:
        cache["variants"] = ids_read_as(view.roster)
        short = cache["short"] = {}      # (firm_name_key of each unit id, if one unit has it)
        for u in (*view.roster.firms, *view.roster.hosts):
            short.setdefault(firm_name_key(u.id), []).append(u.id)
    variants, short = cache["variants"], cache["short"]
    known = variants.get(id_key(ref))
    more_en = (f" (the roster has {known}: the two differ only in case, width or accents; write it as {known})"
               if known else "")
    more_zh = f"（名册中有“{known}”：两者仅大小写、全角半角或变音符号不同；请写作“{known}”）" if known else ""
    same = short.get(firm_name_key(ref), []) if not known and isinstance(ref, str) else []
    by_its_name = False
    if len(same) == 1 and en == ref:      # (written short, or with its form in brackets; not a name)
        known = same[0]
        more_en = (f" (the roster has {known}: the same firm written short or with its form in brackets? "
                   f"write it as {known})")
        more_zh = f"（名册中有“{known}”：是否同一单位的简写或带括号的写法？请写作“{known}”）"
    elif not known and en == ref and isinstance(ref, str) and (named := _namer(view, cache)(ref)):
        # (a firm written by its name, as a committee member would)
        known, by_its_name = named[0], True
        unit_en, unit_zh = ("host", "托管组织") if named[1] else ("firm", "单位")
        more_en = f" (the roster's name of {unit_en} {known}: write its id)"
        more_zh = f"（这是名册中{unit_zh} {known} 的名称：请写其编号 {known}）"
    elif not known and en == ref and isinstance(ref, str):
        if "unplaced" not in cache:
            listed = {f for u in view.branches for f in u.firm_ids}
            cache["unplaced"] = [f.id for f in view.roster.firms if f.size and f.id not in listed]
        if (known := typo_for(ref, cache["unplaced"])) is not None:   # (C001-F085 for C001-F0085)
            more_en = f" (the roster has {known}, in no branch of the plan: a typo? write it as {known})"
            more_zh = f"（名册中有未编入任何支部的“{known}”：是否笔误？请写作“{known}”）"
    return en, zh, more_en, more_zh, known, by_its_name


def _lead_gone(b, en: str, zh: str) -> tuple[str, str]:
    """A branch's lead that it lists but the roster no longer has: who could take the lead over."""
    rest = [f.id for f in b.firms if f.size] or list(b.firm_ids)
    if len(rest) == 1:
        to_en, to_zh = f"hand the lead to its other firm {rest[0]}", f"请由 {rest[0]} 接任牵头"
    else:
        to_en = f"hand the lead to one of its other firms ({', '.join(rest)})"
        to_zh = f"请由 {'、'.join(rest[:-1])} 或 {rest[-1]} 接任牵头"
    return (f"branch {b.id}'s lead {en} is not in the roster (closed or given a new id?): {to_en} or re-plan",
            f"支部 {b.id} 的牵头单位 {zh} 已不在名册中（已注销或更换编号？）：{to_zh}，或重新编排")


def _n(count: int) -> str:
    return plural(count, "member")


def _who(firm) -> str:
    """Its members, named when the roster names them (at most 5)."""
    ids = _ids(firm)
    if not ids:
        return f"its {_n(firm.size)}"
    shown = ", ".join(ids[:5]) + (" ..." if len(ids) > 5 else "")
    return f"{'its member' if len(ids) == 1 else 'its members'} {shown}"


def _ids(firm) -> tuple[str, ...]:
    return tuple(m.id for m in firm.member_list) if firm.member_list else ()

