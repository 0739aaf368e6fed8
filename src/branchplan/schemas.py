"""JSON Schema for the three files people write: firms, plan, rules.

Generated from the pydantic models, so editors (``# yaml-language-server: $schema=...``)
and the loaders agree; the rules schema also reads the rule kinds and the shipped charters
(what each kind needs, which severities it takes, the kind of each shipped rule). The repository's ``schemas/`` folder holds the generated files;
a test keeps them equal to what this module generates.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .charter import RulesFile
from .errors import Msg, UsageError
from .errtext import hint, say
from .model import Roster
from .plan import Plan

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: schema name -> (model, title)
MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "firms": (Roster, "branchplan firms file (名册)"),
    "plan": (Plan, "branchplan plan file (支部设置方案)"),
    "rules": (RulesFile, "branchplan rules file (规则集)"),
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a file kind: ``firms``, ``plan`` or ``rules`` (another
    name: a UsageError with the names)."""
    if not isinstance(name, str):
        raise TypeError(f"name: expected text (firms, plan or rules), got {type(name).__name__}")
    if name not in MODELS:
        raise UsageError(say("usage.no_schema", name=name, hint=hint(name.lower(), MODELS), names=Msg(", ".join(MODELS), "、".join(MODELS))))
    model, title = MODELS[name]
    body = model.model_json_schema(mode="validation")
    body["title"] = title
    if name == "rules":
        _kinds(body)
    return {"$schema": DIALECT, **body}


def _kinds(body: dict[str, Any]) -> None:
    """What the loader checks of a rule entry beyond its fields' types, as far as JSON Schema
    can say it without the files a rules file extends:

    - ``kind`` is one of the catalogue's; an entry naming its kind has that kind's ``params``
      and one of its severities, and no jurisdiction filter if the kind holds everywhere;
    - a rule the file adds (a new code: every entry of a file without ``extends``, and an
      entry of a file extending a shipped charter whose code that charter lacks) names its
      kind and gives the parameters the kind needs (``max`` of ``max_distance``; ``min``,
      ``max`` or both of ``branch_aggregate`` and ``branch_count``);
    - an entry of a file extending a shipped charter that changes one of its rules without
      naming the kind is held to that rule's kind: its params, severities and filters;
    - ``jurisdictions`` and ``except_jurisdictions`` not both.

    An entry with ``enabled: false`` is only switched off (the loader does not check its
    params). Of a file extending another file the schema knows no codes: its entries naming
    no kind are not tied."""
    from .charterchecks import EVERYWHERE_KINDS
    from .rules import KINDS

    defs = body["$defs"]
    entry = defs["RuleEntry"]
    entry["properties"]["kind"] = {"anyOf": [{"enum": list(KINDS), "type": "string"}, {"type": "null"}],
                                   "default": None, "title": "Kind"}
    both = {"required": ["jurisdictions", "except_jurisdictions"],
            "properties": {"jurisdictions": {"type": "array"}, "except_jurisdictions": {"type": "array"}}}
    entry["description"] += " Not both 'jurisdictions' and 'except_jurisdictions'."
    tied = []
    for k, module in KINDS.items():
        params = module.Params.model_json_schema(mode="validation", ref_template=f"#/$defs/{k}.{{model}}")
        for dname, d in params.pop("$defs", {}).items():
            defs[f"{k}.{dname}"] = d
        params["title"] = f"{k} params"
        _describe_numbers(params, module)
        # as given in an entry (a rule of the base keeps what the entry leaves out) ...
        loose = {key: v for key, v in params.items() if key != "required"}
        defs[f"{k}.params"] = loose
        # ... and of a new rule: what the kind needs
        defs[f"{k}.new-params"] = {"$ref": f"#/$defs/{k}.params", **_needed(module, params),
                                   "title": f"{k} params (a new rule)"}
        defs[f"{k}.entry"] = _kind_entry(k, module, f"#/$defs/{k}.params", EVERYWHERE_KINDS)
        tied.append({"if": {"properties": {"kind": {"const": k}}, "required": ["kind"]},
                     "then": {"$ref": f"#/$defs/{k}.entry"}})
    entry["allOf"] = [{"if": _SWITCHED_OFF, "else": {"allOf": [{"not": both}, *tied]}}]
    # a rule the file adds
    new = [{"if": {"properties": {"kind": {"const": k}}, "required": ["kind"]},
            "then": {"required": ["params"], "properties": {"params": {"$ref": f"#/$defs/{k}.new-params"}}}}
           for k, module in KINDS.items() if _needs_params(module)]
    new += [{"if": {"properties": {"kind": {"const": k}}, "required": ["kind"]},
             "then": {"properties": {"params": {"anyOf": [{"type": "null"}, _filters_agree(module, {})]}}}}
            for k, module in KINDS.items() if _filters_agree(module, {})]
    defs["NewRule"] = {"title": "a rule the file adds",
                       "description": "A new code: the entry names its kind and gives the parameters it needs.",
                       "required": ["kind"], "properties": {"kind": {"type": "string"}},
                       "if": _SWITCHED_OFF, "else": {"allOf": new}}
    top = [{"if": {"required": ["extends"], "properties": {"extends": {"type": "string"}}},
            "else": {"allOf": [{"properties": {"rules": {"items": {"$ref": "#/$defs/NewRule"}}}}, _unsplit()]}}]
    for name, known in _shipped_rules().items():
        if not any(r is not None and r[0] == "jurisdiction" for r in known.values()) \
                and all(r is not None for r in known.values()):
            top.append({"if": {"required": ["extends"], "properties": {"extends": {"const": name}}},
                        "then": _unsplit()})
        cases = []
        for code, rule in known.items():
            if rule is None:   # switched off there: it may come back as it was
                continue
            kind, params, needs_weight = rule
            module = KINDS[kind]
            ref = f"{name}.{code}"
            same = {"anyOf": [{"not": {"required": ["kind"]}}, {"properties": {"kind": {"enum": [kind, None]}}}]}
            rules: dict[str, Any] = {"$ref": f"#/$defs/{kind}.entry"}
            agree = _filters_agree(module, params)
            if agree:
                rules["properties"] = {"params": {"anyOf": [{"type": "null"}, agree]}}
            defs[ref] = {"title": f"{code} of {name} ({kind})",
                         "if": {"allOf": [same, {"not": _SWITCHED_OFF}]}, "then": rules}
            if needs_weight:   # made soft: what breaking it costs (1 point would be nearly free)
                soft_kinds = [k for k, m in KINDS.items() if "soft" in m.SEVERITIES]
                defs[ref] = {"allOf": [defs.pop(ref), {
                    "if": {"required": ["severity"], "properties": {"severity": {"const": "soft"}, "kind": {
                        "anyOf": [{"type": "null"}, {"enum": soft_kinds}]}}},
                    "then": {"required": ["weight"], "properties": {"weight": {"type": "number"}}}}],
                    "title": f"{code} of {name} ({kind})"}
            cases.append({"if": {"properties": {"code": {"const": code}}, "required": ["code"]},
                          "then": {"$ref": f"#/$defs/{ref}"}})
        defs[f"{name}.rule"] = {
            "title": f"an entry of a file extending {name}",
            "if": {"properties": {"code": {"enum": sorted(known)}}, "required": ["code"]},
            "then": {"allOf": cases}, "else": {"$ref": "#/$defs/NewRule"}}
        top.append({"if": {"required": ["extends"], "properties": {"extends": {"const": name}}},
                    "then": {"properties": {"rules": {"items": {"$ref": f"#/$defs/{name}.rule"}}}}})
    body["allOf"] = top


#: an entry that switches its rule off (the loader checks no more of it)
_SWITCHED_OFF = {"required": ["enabled"], "properties": {"enabled": {"const": False}}}


def _unsplit() -> dict[str, Any]:
    """A charter without a rule of kind ``jurisdiction`` (the file adds none) plans the roster
    as one whole: no rule of it is limited to some jurisdictions."""
    split = {"required": ["kind"], "properties": {"kind": {"const": "jurisdiction"}}, "not": _SWITCHED_OFF}
    everywhere = {"if": _SWITCHED_OFF, "else": {"properties": {"jurisdictions": {"type": "null"},
                                                                "except_jurisdictions": {"type": "null"}}}}
    return {"if": {"properties": {"rules": {"contains": split}}},
            "else": {"properties": {"rules": {"items": everywhere}}}}


def _kind_entry(kind: str, module, params_ref: str, everywhere) -> dict[str, Any]:
    """An entry (switched on) of a rule of this kind: its params, severity and filters."""
    out: dict[str, Any] = {"properties": {
        "params": {"anyOf": [{"$ref": params_ref}, {"type": "null"}]},
        "severity": {"enum": [*module.SEVERITIES, None],
                     "description": f"{kind}: " + " or ".join(module.SEVERITIES)}}}
    if kind in everywhere:   # holds in every jurisdiction
        out["properties"]["jurisdictions"] = {"type": "null"}
        out["properties"]["except_jurisdictions"] = {"type": "null"}
    return out


def _needs_params(module) -> bool:
    from pydantic import ValidationError

    try:
        module.Params.model_validate({})
    except ValidationError:
        return True
    return False


def _needed(module, params: dict[str, Any]) -> dict[str, Any]:
    """What a new rule's params of this kind must have: the required fields, and a bound
    where the kind takes ``min`` and/or ``max`` (min no larger than max is not said)."""
    from .rules.base import BoundParams

    out: dict[str, Any] = {}
    if params.get("required"):
        out["required"] = list(params["required"])
    if issubclass(module.Params, BoundParams):
        out["anyOf"] = [{"required": [b], "properties": {b: {"type": "integer"}}} for b in ("min", "max")]
    return out


def _filters_agree(module, base: dict[str, Any]) -> dict[str, Any] | None:
    """branch_aggregate: ``director_is_member`` only with ``count: firms``, ``status`` and
    ``min_standing_years`` only with ``count: members``; ``base``: the params of the rule an
    entry changes (an entry's params are merged into them), {} for a new rule."""
    fields = module.Params.model_fields
    if not {"count", "director_is_member", "status", "min_standing_years"} <= set(fields):
        return None
    count = base.get("count", fields["count"].default)

    def count_is(value: str) -> dict[str, Any]:
        if count == value:   # unless the entry says otherwise
            return {"properties": {"count": {"const": value}}}
        return {"required": ["count"], "properties": {"count": {"const": value}}}

    def given(name: str) -> dict[str, Any]:   # set, by the entry or by the base
        if base.get(name) is not None:
            return {"properties": {name: {"not": {"type": "null"}}}}
        return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}

    return {"if": {"type": "object"}, "then": {"allOf": [
        {"not": {"allOf": [given("director_is_member"), count_is("members")]}},
        {"not": {"allOf": [{"anyOf": [given("status"), given("min_standing_years")]}, count_is("firms")]}}]}}


def _describe_numbers(params: dict[str, Any], module) -> None:
    """Say in the description what the schema cannot check: an integer is written 30, not
    30.0 (JSON Schema's integer takes 30.0, the loader does not), and min <= max."""
    from .rules.base import BoundParams

    for name, prop in params.get("properties", {}).items():
        types = {prop.get("type")} | {a.get("type") for a in prop.get("anyOf", [])}
        notes = []
        if "integer" in types:
            notes.append("A whole number written without a decimal point: 30, not 30.0 "
                         "(JSON Schema cannot tell them apart; the loader refuses 30.0).")
        if name in ("min", "max") and issubclass(module.Params, BoundParams):
            notes.append("'min' no larger than 'max' (not checked by this schema).")
        if notes:
            prop["description"] = " ".join(([prop["description"]] if prop.get("description") else []) + notes)


def _shipped_rules() -> dict[str, dict[str, tuple[str, dict[str, Any], bool] | None]]:
    """The shipped charters' rules: charter name -> code -> (kind, params, whether making it
    soft needs a weight: a hard rule that may be soft and whose charter gives no weight),
    None for a rule the charter switches off."""
    import warnings

    import yaml

    from .charter import load_charter, shipped_charters
    from .rules import KINDS

    out: dict[str, dict[str, tuple[str, dict[str, Any], bool] | None]] = {}
    for name, path in sorted(shipped_charters().items()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            charter = load_charter(path)
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        weighted = {e.get("code") for e in raw.get("rules") or [] if e.get("weight") is not None}
        if raw.get("extends"):   # (its base's weights are not read here: not said)
            weighted = {r.code for r in charter.rules}
        rules: dict[str, tuple[str, dict[str, Any], bool] | None] = {
            r.code: (r.kind, r.params.model_dump(),
                     r.is_hard and "soft" in KINDS[r.kind].SEVERITIES and r.code not in weighted)
            for r in charter.rules}
        rules.update({code: None for code in charter.disabled})
        out[name] = rules
    return out


def schema_text(name: str) -> str:
    """The schema as written to ``schemas/NAME.schema.json``."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
