"""``explain --base``: a plan explained beside the plan it was re-planned from.

The base plan is read against the roster as ``check --base`` reads it
(:func:`branchplan.current.from_plan`: firms that left dropped with a note, a firm in two
branches or a lead outside its branch refused), and the stability rule (BP-STABILITY) is
evaluated beside it as a re-plan's objective counts it: members moved are the rule's own
(:func:`branchplan.rules.stability.moved`), the firm's branch in the base plan and where it
went its :func:`~branchplan.rules.stability.stays`, and why the base plan had to change the
re-plan's own reasons (:func:`branchplan.replan._reasons`: the base plan's findings under
this roster that outrank stability, a lead grown out of its joint branch said in one
sentence) and the notes of reading it (a firm that closed, a lead that left, a branch left
with no unit).
"""

from __future__ import annotations

from datetime import date

from .charter import Charter
from .check import CheckResult, priced_view, with_current
from .current import CurrentPlan
from .errors import UsageError
from .model import Roster
from .plan import Plan
from .rules.base import Finding, PlanView

#: how a plan read from memory without a ``source`` is called (plan_from_data's default)
NO_SOURCE = "<memory>"


def read_base(roster: Roster, base, base_roster: Roster | None) -> CurrentPlan | None:
    """The base plan of ``explain_*(..., base=, base_roster=)`` read against ``roster``: a
    :class:`Plan` read as ``check --base`` reads it (a firm in two branches, a lead outside its
    branch: an InputError; ``base_roster``, its firms file: members who changed firm are
    followed, and a firms file that does not fit the plan is warned of, as ``check
    --base-firms`` warns), or a :class:`CurrentPlan` (from :func:`branchplan.load_current`),
    followed with ``base_roster`` when given. None without a base; ``base_roster`` without
    one is a UsageError, as ``--base-firms`` without ``--base``."""
    from .arguments import expect_plan, expect_roster

    if base is None:
        if base_roster is not None:
            raise UsageError("base_roster needs base (the plan re-planned from)")
        return None
    if base_roster is not None:
        expect_roster(base_roster, "base_roster")
    if isinstance(base, CurrentPlan):
        units = frozenset(f.id for f in roster.firms if f.size) | frozenset(roster.host_by_id)
        if base.roster_units != units:
            raise UsageError("base: a current plan read against another roster (read it with "
                             "branchplan.load_current(plan, roster) against the roster explained)")
        if base_roster is not None and base.followed is not base_roster:
            return base.following(roster, base_roster)
        return base
    if not isinstance(base, Plan):
        raise TypeError(f"base: expected a Plan (from branchplan.load_plan) or a CurrentPlan (from "
                        f"branchplan.load_current), got {type(base).__name__}")
    expect_plan(base, "base")
    from .current import from_plan
    from .names import reading, roster_names
    from .origins import plan_roster_mismatch, require_ids
    from .plan import source_of

    name = source_of(base) or "base plan"
    if base_roster is not None:
        require_ids(roster, base_roster)
    with reading(roster_names(roster)):
        current = from_plan(base, roster, name, "", base_roster)
        if base_roster is not None:
            from .diff import issue
            from .roster import roster_source

            unfit = plan_roster_mismatch(base, base_roster, name, roster_source(base_roster, "base_roster"))
            issue([unfit] if unfit is not None else [], stacklevel=5)
    return current


def base_name(current: CurrentPlan) -> str | None:
    """The file (or ``source``) the base plan was read from; None when it has none."""
    from .plan import source_of

    plan = current.as_read or current.source
    name = source_of(plan) if plan is not None else None
    return name if name and name != NO_SOURCE else None


def stability_codes(charter: Charter) -> tuple[str, ...]:
    """The codes of the charter's rules that charge moves (kind stability)."""
    return tuple(r.code for r in charter.active(True).rules if r.kind == "stability")


def beside(plan: Plan, roster: Roster, whole: Charter, as_of: date, current: CurrentPlan,
           known: CheckResult) -> tuple[CheckResult, PlanView]:
    """The plan's result with the base beside it (the stability rules evaluated against it,
    the others' outcomes ``known``: the plan's result under ``whole.active(False)``), and
    the plan's view with the base: what ``check --base`` prices a plan's moves with."""
    view = priced_view(plan, roster, whole, as_of, current)
    return with_current(known, view, whole), view


def milli(f: Finding) -> int:
    return int(round(f.cost * 1000))


def moves_by_branch(full: CheckResult, codes: tuple[str, ...]) -> dict[str | None, dict[str, int]]:
    """What the stability rules charge per branch of the plan (the branch moved into, or a
    lead handed over in), in 1/1000 points: {branch id: {code: cost}}; None: moved to no branch."""
    out: dict[str | None, dict[str, int]] = {}
    for o in full.outcomes:
        if o.code in codes:
            for f in o.findings:
                per = out.setdefault(f.branch, {})
                per[o.code] = per.get(o.code, 0) + milli(f)
    return out


def firm_moves_cost(full: CheckResult, codes: tuple[str, ...], firm_id: str, branch: str | None) -> dict[str, int]:
    """What the stability rules charge for the members of ``firm_id`` moved into ``branch``."""
    out: dict[str, int] = {}
    for o in full.outcomes:
        if o.code in codes:
            for f in o.findings:
                if f.firm_entry == firm_id and f.branch == branch:
                    out[o.code] = out.get(o.code, 0) + milli(f)
    return out


def _points(m: int) -> float:
    return round(m / 1000, 3)


def plan_since(view: PlanView, full: CheckResult, charter: Charter, name: str | None) -> dict:
    """``base`` of explain_plan: members and firms moved from the base plan, leads handed over,
    and what the stability rules charge for them (in the plan's cost)."""
    from .rules.stability import handovers, moved

    codes = stability_codes(charter)
    moves = moved(view)
    cost = sum(o.cost_milli for o in full.outcomes if o.code in codes)
    return {"plan": name, "members_moved": sum(m.members for m in moves),
            "firms_moved": sum(1 for m in moves if not m.changed_firm), "handovers": len(handovers(view)),
            "rules": list(codes), "cost": _points(cost)}


def branch_since(view: PlanView, full: CheckResult, charter: Charter, name: str | None, branch_id: str) -> dict:
    """``base`` of explain_branch: the base plan's branch this one continues (None: a branch new
    since), its lead there, and the members moved into it with what the stability rules charge."""
    from .rules.stability import continuations, moved

    codes = stability_codes(charter)
    cont = {nb.id: bid for bid, nb in continuations(view).items()}
    was = cont.get(branch_id)
    old = view.current.by_id(was) if was is not None else None
    into = [m for m in moved(view) if m.to_branch is not None and m.to_branch.id == branch_id]
    cost = moves_by_branch(full, codes).get(branch_id, {})
    out = {"plan": name, "continues": was, "lead_before": old.lead if old is not None else None,
           "members_moved": sum(m.members for m in into),
           "moves": [_move(m) for m in into], "rules": list(codes), "cost": _points(sum(cost.values()))}
    return out


def _move(m) -> dict:
    return {"firm": m.firm, "members": m.members, "from": m.from_branch,
            "to": m.to_branch.id if m.to_branch is not None else None, "changed_firm": m.changed_firm}


def firm_since(view: PlanView, full: CheckResult, roster: Roster, charter: Charter, as_of: date,
               name: str | None, firm_id: str) -> dict:
    """``base`` of explain_firm: where the firm was in the base plan (``branch_before``; None
    for a firm the base plan does not place: ``new_to_roster`` says whether it is new to the
    roster, where the base plan's firms file tells), whether it moved (``moved``: the firm left
    its branch, as the stability rule counts it) and the members moved with it
    (``members_moved``, ``moves``: the firm's, then those who joined it from another branch
    since), what the stability rules charge for them (``cost``), the branch it was in as it
    continues now (``back``: None where it does not continue), and why: the re-plan's reasons
    concerning the branch it left or the firm (``reasons``), and the branch it went to as it
    was in the base plan (``target_reasons``), each with its Chinese (``..._zh``)."""
    from .origins import origins
    from .rules.stability import continuations, moved, stays

    current = view.current
    codes = stability_codes(charter)
    where = stays(view).get(firm_id)
    before = where[0] if where is not None else None
    mine = [m for m in moved(view) if m.firm == firm_id]
    own = next((m for m in mine if not m.changed_firm), None)
    cont = continuations(view)
    now = [b for b in view.branches if firm_id in b.firm_ids]
    here = now[0].id if len(now) == 1 else None
    came = {(o.branch): o.members for o in origins(current.source, roster, current.old_roster).get(firm_id, [])} \
        if current.source is not None else {}
    moves = []
    for m in mine:
        entry = _move(m)
        if m.changed_firm and came.get(m.from_branch):
            entry["member_ids"] = list(came[m.from_branch])
        moves.append(entry)
    cost: dict[str, int] = {}
    for o in full.outcomes:
        if o.code in codes:
            for f in o.findings:
                if f.firm_entry == firm_id:
                    cost[o.code] = cost.get(o.code, 0) + milli(f)
    out: dict = {"plan": name, "branch_before": before, "branch": here, "moved": own is not None,
                 "members_moved": sum(m.members for m in mine), "moves": moves, "rules": list(codes),
                 "cost": _points(sum(cost.values()))}
    if before is None:
        old = current.old_roster
        out["new_to_roster"] = (firm_id not in old.firm_by_id) if old is not None else None
    renamed = next((r.old for r in current.renamed if r.new == firm_id), None)
    if renamed is not None:
        out["renamed_from"] = renamed
    if before is not None:
        back = cont.get(before)
        out["back"] = back.id if back is not None else None
        old = current.by_id(before)
        if own is None and back is not None and old is not None and old.lead is not None and back.lead != old.lead:
            out["lead_before"], out["lead_now"] = old.lead, back.lead
    # why: what the base plan had to change where the members moved come from (the branch the
    # firm left, the branches members who joined it since were in), and of the firm itself
    froms = {m.from_branch for m in mine}
    reasons: list[tuple[str, str]] = []
    target: list[tuple[str, str]] = []
    if mine or before is None:
        found = _why(current, roster, charter, as_of)
        for en, zh, subject, f in found:
            if (subject is not None and subject in froms) or (f is not None and firm_id in f.firms
                                                              and (own is not None or before is None)):
                reasons.append((en, zh))
        gone_to = own.to_branch.id if own is not None and own.to_branch is not None else None
        was_there = next((bid for bid, nb in cont.items() if nb.id == gone_to), None)
        if was_there is not None and was_there not in froms:
            # (the branch it went to, as it was in the base plan: what it lacked there)
            target = [(en, zh) for en, zh, subject, f in found
                      if subject == was_there and (en, zh) not in reasons]
            out["target_branch_before"] = was_there
    out["reasons"], out["reasons_zh"] = [en for en, _ in reasons], [zh for _, zh in reasons]
    out["target_reasons"], out["target_reasons_zh"] = [en for en, _ in target], [zh for _, zh in target]
    return out


def _why(current: CurrentPlan, roster: Roster, charter: Charter, as_of: date) -> list[tuple]:
    """Why the base plan had to change, as the re-plan says it: (English, Chinese, the base
    branch it is about or None, the finding or None) for each of the base plan's findings
    under this roster that outrank stability (a lead grown out of its joint branch said once,
    in place of its other firms' fallback placements), then each note of reading the base
    plan against the roster (a firm dropped, a lead gone, a branch left with no unit)."""
    from .check import evaluate
    from .replan import _outgrown, _reasons

    plan = current.source
    out: list[tuple] = []
    if plan is not None:
        found = evaluate(plan, roster, charter, as_of).findings
        reasons = _reasons(current, roster, charter, as_of, found)
        outgrown = _outgrown(current, roster, charter, reasons)
        said = {id(f) for o in outgrown for f in o.findings}
        for o in outgrown:
            lead = Finding(o.code, "hard", o.sentence("en"), o.sentence("zh"), o.branch, (o.firm, *o.others))
            out.append((f"{o.code}: {o.sentence('en')}", f"{o.sentence('zh')}（{o.code}）", o.branch, lead))
        for f in reasons:
            if id(f) not in said:
                out.append((f"{f.code}: {f.message}", f"{f.message_zh or f.message}（{f.code}）", f.branch, f))
    for en, zh, bid in zip(current.notes, current.notes_zh, current.note_branches):
        out.append((en, zh, bid, None))
    return out
