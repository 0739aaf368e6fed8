"""The rule catalogue of a charter and each rule's manual (``branchplan rules``).

A rule's manual joins what the rules file says (titles, the charter wording in Chinese and
English, its source article, parameters, ``examples:``) with the manual of its kind (the
kind module's docstring).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from .charter import Charter, Rule, charter_dirs
from .errors import UsageError
from .errtext import hint, say
from .rules import KINDS, negotiability

NEGOTIABLE = {0: "most negotiable (the wording says \"generally\"; may be made soft)",
              1: "negotiable (may be made soft in a rules file)",
              2: "not negotiable (always hard)"}


def params_of(rule: Rule) -> dict:
    """The rule's parameters that are set, in the kind's field order."""
    return {k: v for k, v in rule.params.model_dump(mode="json").items() if v is not None}


def fmt_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(fmt_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fmt_params(rule: Rule) -> str:
    return " ".join(f"{k}={fmt_value(v)}" for k, v in params_of(rule).items())


def origin(rule: Rule) -> str:
    """Where the rule was defined: file:line as given, or the shipped charter's name (no
    line: the manual of a shipped rule does not change when the file around it does)."""
    path, _, line = rule.origin.rpartition(":")
    p = Path(path)
    for d in charter_dirs():
        try:
            p.resolve().relative_to(d.resolve())
        except ValueError:
            continue
        return f"the shipped charter {p.stem}"
    return rule.origin


def find_rule(charter: Charter, code: str) -> Rule:
    """A rule by code (any case) or name; unknown: a usage error with a suggestion."""
    for r in charter.rules:
        if code.upper() == r.code or code == r.name:
            return r
    if code in KINDS:
        raise UsageError(say("usage.rule_is_kind", code=code, charter=charter.name))
    if code.upper() in charter.disabled:
        raise UsageError(say("usage.rule_off", code=code.upper(), charter=charter.name))
    codes = [r.code for r in charter.rules]
    raise UsageError(say("usage.no_rule", code=code, hint=hint(code.upper(), codes), charter=charter.name,
                         codes=", ".join(codes)))


def catalogue(charter: Charter) -> list[dict]:
    return [{"code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity,
             "weight": None if r.is_hard else r.weight, "priority": None if r.is_hard else r.priority,
             "params": params_of(r), "title": r.title.en, "title_zh": r.title.zh,
             **({"jurisdictions": list(r.jurisdictions)} if r.jurisdictions else {}),
             **({"except_jurisdictions": list(r.except_jurisdictions)} if r.except_jurisdictions else {})}
            for r in charter.rules]


def catalogue_text(charter: Charter) -> str:
    from .render import _table

    title = charter.title.en or charter.name
    lines = [f"Charter {charter.name}: {title}"]
    if charter.title.zh:
        lines.append(charter.title.zh)
    lines.append("")
    local = any(r.is_local for r in charter.rules)   # a column only for a charter with local rules
    rows = [("code", "name", "kind", "severity", "weight", "priority", "parameters") + (("applies",) if local else ())]
    for r in charter.rules:
        soft = not r.is_hard
        rows.append((r.code, r.name, r.kind, r.severity, fmt_value(r.weight) if soft else "-",
                     str(r.priority) if soft else "-", fmt_params(r)) + ((where(r, "en"),) if local else ()))
    lines += _table(rows)
    if charter.disabled:
        lines += ["", "switched off: " + ", ".join(charter.disabled)]
    lines += ["", "branchplan rules show CODE prints a rule's manual."]
    return "\n".join(lines) + "\n"


def where(rule: Rule, lang: str = "en") -> str:
    """Where a rule applies: "only in 城市002, 城市003", "except 城市001" or "everywhere"."""
    from .i18n import text

    sep = "、" if lang == "zh" else ", "
    if rule.jurisdictions:
        return text("where.only", lang, names=sep.join(rule.jurisdictions))
    if rule.except_jurisdictions:
        return text("where.except", lang, names=sep.join(rule.except_jurisdictions))
    return text("where.everywhere", lang)


def examples(rule: Rule) -> list[tuple[str, str]]:
    """The rule's own ``examples:``. A kind's examples are written for the parameters they
    name (``Passing (min 3 full): ...``) and stay in the kind's manual: shown as the rule's,
    they would pass or fail the wrong plans once its parameters differ."""
    labels = {"pass": "passing", "fail": "failing"}
    return [(labels.get(k, k), str(v)) for k, v in (rule.examples or {}).items()]


NO_EXAMPLES = ["  none given for these parameters; add them to the rule's entry in the rules file:",
               '    examples: {pass: "...", fail: "..."}']


HARD_NOTE = ("(hard in this charter: a plan may not break it)", "（本规则集中为硬性规则：方案不得违反）")
_COST = re.compile(r"\b(points?|costs?)\b|计\S*分", re.IGNORECASE)


def speaks_of_cost(rule: Rule) -> bool:
    """A hard rule whose description (written for it as a soft rule) speaks of points or cost."""
    return rule.is_hard and bool(_COST.search(rule.description.en) or _COST.search(rule.description.zh))


def manual(rule: Rule) -> str:
    """The rule's manual as text."""
    wrap = lambda s, ind="  ": textwrap.fill(s, 92, initial_indent=ind, subsequent_indent=ind)  # noqa: E731
    out = [f"{rule.code}  {rule.name}"]
    out += [t for t in dict.fromkeys((rule.title.en, rule.title.zh)) if t]
    out.append("")
    facts = [("kind", rule.kind), ("severity", rule.severity)]
    if not rule.is_hard:
        facts += [("weight", fmt_value(rule.weight)), ("priority", str(rule.priority))]
    standing = NEGOTIABLE[negotiability(rule)] if rule.is_hard else "a preference: it costs points, never blocks a plan"
    facts += [("negotiable", standing)]
    if rule.is_local:
        facts += [("applies", where(rule, "en")), ("", where(rule, "zh"))]
    facts += [("defined in", origin(rule))]
    out += [f"  {k:<11} {v}" for k, v in facts]
    if rule.source is not None:
        out += ["", f"Charter wording ({rule.source.article})"]
        if rule.source.text_zh:
            out.append(f"  {rule.source.text_zh}")
        if rule.source.text_en:
            out.append(wrap(rule.source.text_en))
    if rule.description.en or rule.description.zh:
        out += ["", "What it means"]
        hard_note = speaks_of_cost(rule)
        if rule.description.en:
            out.append(wrap(rule.description.en + (" " + HARD_NOTE[0] if hard_note else "")))
        if rule.description.zh:
            out.append(f"  {rule.description.zh}" + (HARD_NOTE[1] if hard_note else ""))
    params = params_of(rule)
    out += ["", "Parameters"]
    out += [f"  {k:<20} {fmt_value(v)}" for k, v in params.items()] or ["  (none)"]
    out += ["", "Examples"]
    out += [wrap(f"{label}: {text}") for label, text in examples(rule)] or NO_EXAMPLES
    doc = textwrap.dedent(KINDS[rule.kind].__doc__ or "").strip()
    out += ["", f"The rule kind {rule.kind}", textwrap.indent(doc, "  ")]
    return "\n".join(line.rstrip() for line in "\n".join(out).split("\n")) + "\n"
