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
    """The JSON Schema (draft 2020-12) of a file kind: ``firms``, ``plan`` or ``rules``."""
    model, title = MODELS[name]
    body = model.model_json_schema(mode="validation")
    body["title"] = title
    return {"$schema": DIALECT, **body}


def schema_text(name: str) -> str:
    """The schema as written to ``schemas/NAME.schema.json``."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
