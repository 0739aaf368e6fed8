"""Text for ``branchplan explain``: a plan's branches, one branch, one firm."""

from __future__ import annotations

from .charter import Charter
from .i18n import plural
from .render import _table
from .rules.aggregate import noun


def _pts(v: float, sign: bool = False) -> str:
    return f"{v:+,.3f}" if sign else f"{v:,.3f}"


def plan_text(data: dict) -> str:
    codes = [c for c in data["rules"] if any(c in r["cost_by_rule"] for r in data["branches"])]
    rows = [("branch", "kind", "lead", "firms", "members", "full", "cost", *codes, "hard")]
    for r in data["branches"]:
        rows.append((r["branch"], r["kind"], r["lead"], str(r["firms"]), str(r["members"]),
                     str(r["full_members"]), _pts(r["cost"]),
                     *(_pts(r["cost_by_rule"].get(c, 0)) for c in codes), str(r["hard_findings"] or "")))
    n = len(data["branches"])
    out = [f"Plan cost {_pts(data['cost'])} points, {plural(n, 'branch', 'branches')}", ""] + _table(rows)
    for code, cost in data["plan_wide"].items():
        out.append(f"{code}: {_pts(cost)} points for the plan as a whole")
    if data["hard_findings"]:
        out += ["", "Hard rules broken:"] + [f"  {m}" for m in data["hard_findings"]]
    out += ["", "branchplan explain PLAN --firms FIRMS --branch ID | --firm ID tells more."]
    return "\n".join(out) + "\n"


def _rule_detail(line: dict, charter: Charter) -> str:
    rule = charter.get(line["code"])
    if "value" in line:
        what = noun(rule.params, line['value'])[0]
        bounds = [f">= {line['min']}"] if line.get("min") is not None else []
        bounds += [f"<= {line['max']}"] if line.get("max") is not None else []
        text = f"{line['value']} {what} ({' and '.join(bounds)})"
        if line["status"] == "binding":
            text += ": at the limit"
        return text
    return line.get("note", "")


def branch_text(data: dict, charter: Charter) -> str:
    out = [f"Branch {data['branch']} ({data['kind']}, {data['jurisdiction']}), led by {data['lead']}: "
           f"{plural(len(data['firms']), 'firm')}, {plural(data['members'], 'member')} ({data['full_members']} full)",
           f"Cost {_pts(data['cost'])} points", "", "Rules"]
    rows = []
    for line in data["rules"]:
        status = _pts(line["cost"]) if line["status"] in ("costs", "free") else line["status"]
        rows.append((line["code"], line["severity"], status, _rule_detail(line, charter)))
        rows += [("", "", "", f"- {m}") for m in line.get("findings", [])]
    out += ["  " + r for r in _table(rows)]
    out += ["", "Firms (cost: what the firm's placement adds to the branch)"]
    rows = [("firm", "name", "district", "full", "prob.", "km to lead", "cost")]
    for f in data["firms"]:
        cost = ", ".join(f"{c} {_pts(v)}" for c, v in f.get("cost", {}).items()) or "-"
        rows.append((f["id"] + (" (lead)" if f["lead"] else ""), f["name"] or "", f["district"] or "",
                     str(f["full"]), str(f["probationary"]),
                     _pts(f["km_to_lead"]) if "km_to_lead" in f else "-", cost if not f["lead"] else "-"))
    out += ["  " + r for r in _table(rows)]
    return "\n".join(out) + "\n"


def firm_text(data: dict, charter: Charter) -> str:
    head = f"Firm {data['firm']}" + (f" {data['name']}" if data["name"] else "")
    head += f" ({data['district'] + '; ' if data['district'] else ''}{data['full']} full, {data['probationary']} probationary)"
    out = [head + (f": in {data['branch']}" if data["branch"] else ""), "", "Why"]
    out += [f"  - {r}" for r in data["reasons"]]
    for line in data.get("branch_rules", []):
        state = "is at the limit of" if line["status"] == "binding" else "breaks"
        out.append(f"  - {data['branch']} {state} {line['code']}: {_rule_detail(line, charter).split(':')[0]}.")
    cost = data.get("placement_cost")
    if cost:
        out.append(f"  - Its placement costs {_pts(sum(cost.values()))} points: "
                   + ", ".join(f"{c} {_pts(v)}" for c, v in cost.items()) + ".")
    alts = data["alternatives"]
    if alts:
        n = data["considered"]
        out += ["", f"Best alternatives (of {n} branch{'es' if n != 1 else ''} considered; the firm moved, "
                    "everything else unchanged)"]
        for k, a in enumerate(alts, 1):
            # costs compare level by level: the first level that differs decides, so that is
            # what the line leads with (a sum across levels would mislead)
            levels = sorted(((int(p), v) for p, v in a["delta_by_priority"].items() if abs(v) > 1e-9))
            rules = ", ".join(f"{c} {_pts(v, True)}" for c, v in a["delta_by_rule"].items())
            if levels:
                head = ", then ".join(f"{_pts(v, True)} points at priority {p}" for p, v in levels)
            else:
                head = f"{_pts(a['delta'], True)} points"
            out.append(f"  {k}. {a['branch']}, led by {a['lead']} ({_pts(a['km_to_lead'])} km): "
                       + head + (f" ({rules})" if rules else ""))
            out += [f"     breaks {b['code']}: {b['message']}" for b in a["breaks"]]
            out += [f"     mends {b['code']}: {b['message']}" for b in a["mends"]]
            if "new_lead" in a:
                out.append(f"     {a['new_lead']['branch']} would then be led by {a['new_lead']['lead']}")
        out += ["", verdict(data)]
    return "\n".join(out) + "\n"


def verdict(data: dict) -> str:
    """Whether a move would improve the plan (lexicographically by priority, no new hard break)."""
    for a in data["alternatives"]:
        if len(a["breaks"]) <= len(a["mends"]):
            deltas = [v for _, v in sorted(a["delta_by_priority"].items(), key=lambda kv: int(kv[0]))]
            first = next((v for v in deltas if v), 0)
            if first < 0 or len(a["breaks"]) < len(a["mends"]):
                return f"Moving {data['firm']} to {a['branch']} would improve the plan."
    return (f"No other branch is better for {data['firm']}: every move costs more (at the first "
            "priority where costs differ) or breaks a hard rule.")
