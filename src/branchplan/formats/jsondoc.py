"""The check report as JSON: everything, with stable keys in a fixed order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..loader import dump_json

if TYPE_CHECKING:
    from ..gate import GateReport, Located
    from ..waivers import Waiver


def finding_dict(x: "Located", names: dict[str, str] | None = None) -> dict:
    """``names`` (with ``--show-names``): member id -> name; the finding's named members
    get a ``names`` object beside ``members``, which stay ids."""
    out = {
        **x.finding.to_dict(),
        "file": x.path,
        "line": x.line,
        "column": x.column,
        # with --base: introduced by this plan (true) or already in the base plan (false)
        "new": x.new,
    }
    named = {m: names[m] for m in x.finding.members if m in names} if names else {}
    if named:
        out["names"] = named
    if x.waiver is not None:
        out["waiver"] = waiver_dict(x.waiver)
    return out


def waiver_dict(w: "Waiver") -> dict:
    return {"code": w.code, "subject": w.subject, "reason": w.reason, "expires": w.expires.isoformat(),
            "file": w.path, "line": w.line, "column": w.column}


def report_dict(r: "GateReport") -> dict:
    res = r.check
    return {
        "plan": r.plan_path,
        "charter": r.charter.name,
        "as_of": r.as_of.isoformat(),
        "verdict": "pass" if r.passed else "fail",
        "exit_code": r.exit_code,
        "strict": r.options.strict,
        # (a soft GATE-GAP is a soft finding, as the verdict counts it; a failing gate only with --strict)
        "counts": {"hard": len(r.hard), "soft": len(r.soft), "gate": len(r.failing_gate), "waived": len(r.waived)},
        "findings": [finding_dict(x, r.names) for x in r.findings],
        "waived": [finding_dict(x, r.names) for x in r.waived],
        "waivers": None if not r.waivers else {
            "checked_on": r.waivers_checked_on.isoformat() if r.waivers_checked_on else None,
            "given": len(r.waivers),
            "unused": [waiver_dict(w) for w in r.unused_waivers],
        },
        "costs": {
            "total": res.cost_milli / 1000,
            "by_priority": {str(k): v / 1000 for k, v in sorted(res.cost_by_priority().items())},
            "rules": {o.code: {"severity": o.severity, "priority": o.priority if o.severity == "soft" else None, "measure": round(o.measure, 3),
                               "cost": o.cost_milli / 1000, "findings": len(o.findings)} for o in res.outcomes},
        },
        "moves": None if r.diff is None else {"moved": r.diff.members_moved, "max": r.options.max_moves,
                                              "by_jurisdiction": r.moves_by_jurisdiction,
                                              "cost": None if r.moves_cost_milli is None else r.moves_cost_milli / 1000,
                                              "cost_rules": list(r.moves_rules),
                                              "handovers": r.handovers, "handovers_cost": r.handovers_milli / 1000,
                                              "cost_recorded": None if r.moves_recorded_milli is None
                                              else r.moves_recorded_milli / 1000,
                                              "recorded_by_base": r.moves_recorded_base},
        "gap": r.gap.to_dict() if r.gap is not None else None,
        "base": r.base_path,
        "diff": r.diff.to_dict() if r.diff is not None else None,
        "stale_fields": [s.to_dict() for s in r.stale],
        "warnings": [{"file": w.path, "line": w.line, "column": w.column, "field": w.field,
                      "message": en, "message_zh": zh} for w, en, zh in r.warning_texts()],
    }


def render(r: "GateReport") -> str:
    return dump_json(report_dict(r))
