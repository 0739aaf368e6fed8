"""Human-readable text for plans and findings."""

from __future__ import annotations

from .api import SolveResult
from .model import Roster
from .plan import Plan


def plan_text(plan: Plan, roster: Roster) -> str:
    """A summary in the style of the founding report, then a table of branches."""
    s = plan.summary or {}
    lines = []
    cities = ", ".join(j.name for j in plan.jurisdictions or [])
    lines.append(f"Plan ({plan.status}) for {cities}, charter {plan.charter}, standing as of {plan.as_of}")
    lines.append(
        f"{s.get('firms', 0)} units, {s.get('firms_with_members', 0)} with Party members; "
        f"{s.get('members', 0)} members ({s.get('full_members', 0)} full, "
        f"{s.get('probationary_members', 0)} probationary)")
    lines.append(
        f"{s.get('branches', 0)} branches: {s.get('standalone', 0)} standalone, {s.get('joint', 0)} joint"
        + (f", {s['host']} with host organisations" if s.get("host") else ""))
    lines.append(f"共 {s.get('firms', 0)} 个单位，党员 {s.get('members', 0)} 名（正式 {s.get('full_members', 0)}、"
                 f"预备 {s.get('probationary_members', 0)}）；党支部 {s.get('branches', 0)} 个，其中单独组建 "
                 f"{s.get('standalone', 0)} 个、联合组建 {s.get('joint', 0)} 个"
                 + (f"、编入托管组织 {s['host']} 个" if s.get("host") else ""))
    if plan.unassigned_firms:
        lines.append(f"{len(plan.unassigned_firms)} units have no Party members and are not assigned.")
    lines.append("")
    header = ("branch", "kind", "lead", "members", "full", "firms")
    rows = [header]
    for b in plan.branches:
        lead = b.lead
        name = _name(roster, lead)
        rows.append((b.id, b.kind or "", f"{lead} {name}".strip(), str(b.members), str(b.full_members),
                     " ".join(b.firms)))
    lines += _table(rows)
    if plan.objective:
        lines.append("")
        lines.append(f"objective {plan.objective.total:,.3f} points (bound {plan.bound:,.3f}, gap {100 * (plan.gap or 0):.2f}%)")
        for code, rc in plan.objective.rules.items():
            lines.append(f"  {code:<22} priority {rc.priority}  measure {rc.measure:>12,.3f}  cost {rc.cost:>12,.3f}")
    notes = [j for j in plan.jurisdictions or [] if j.note]
    if notes:
        lines.append("")
        for j in notes:
            lines.append(f"note: {j.name}: {j.note}")
    return "\n".join(lines) + "\n"


def _name(roster: Roster, unit_id: str) -> str:
    unit = roster.firm_by_id.get(unit_id) or roster.host_by_id.get(unit_id)
    return (unit.name or "") if unit else ""


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    from unicodedata import east_asian_width

    def width(s: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in s)

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [c + " " * (w - width(c)) for c, w in zip(r, widths)]
        out.append("  ".join(cells).rstrip())
    return out


def problems_text(result: SolveResult) -> str:
    return "".join(f"{p}\n" for p in result.problems)
