"""JSON Schema for the three files people write: firms, plan, rules.

Generated from the pydantic models, so editors (``# yaml-language-server: $schema=...``)
and the loaders agree. The repository's ``schemas/`` folder holds the generated files;
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
    """A rule entry's ``kind`` is one of the catalogue's, and an entry that names its kind
    has that kind's ``params`` (so an editor offers max_distance's ``max`` and ``metric``).
    An entry that changes a rule of the base charter without naming its kind is not tied."""
    from .rules import KINDS

    defs = body["$defs"]
    entry = defs["RuleEntry"]
    entry["properties"]["kind"] = {"anyOf": [{"enum": list(KINDS), "type": "string"}, {"type": "null"}],
                                   "default": None, "title": "Kind"}
    tied = []
    for k, module in KINDS.items():
        params = module.Params.model_json_schema(mode="validation", ref_template=f"#/$defs/{k}.{{model}}")
        for dname, d in params.pop("$defs", {}).items():
            defs[f"{k}.{dname}"] = d
        params["title"] = f"{k} params"
        defs[f"{k}.params"] = params
        tied.append({"if": {"properties": {"kind": {"const": k}}, "required": ["kind"]},
                     "then": {"properties": {"params": {"anyOf": [{"$ref": f"#/$defs/{k}.params"},
                                                                  {"type": "null"}]}}}})
    entry["allOf"] = tied


def schema_text(name: str) -> str:
    """The schema as written to ``schemas/NAME.schema.json``."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
