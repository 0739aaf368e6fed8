"""The rule catalogue: one rule kind per module, registered here explicitly."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from . import (aggregate, assignment, branch_count, distance, district, fallback, jurisdiction, lead_attribute,
               max_distance, own_branch, stability)
from .base import BranchView, Finding, PlanView, Result

if TYPE_CHECKING:
    from ..charter import Rule

KINDS: dict[str, ModuleType] = {m.KIND: m for m in (
    assignment, own_branch, jurisdiction, aggregate, fallback, distance, max_distance, district, lead_attribute,
    branch_count, stability,
)}

__all__ = ["KINDS", "BranchView", "Finding", "PlanView", "Result", "negotiability", "structure"]


def structure(charter) -> tuple[int | None, bool, bool]:
    """What the charter says about structure: the own-branch threshold (None when no firm
    must stand alone), and whether small firms may fall back to standalone firms / hosts."""
    own = charter.of_kind("own_branch")
    fb = charter.of_kind("fallback")
    own_min = own[0].params.min_full if own else None
    if not fb:
        return own_min, False, False
    return own_min, fb[0].params.allow_standalone, fb[0].params.allow_hosts


#: Words with which a charter's wording marks a rule as negotiable ("generally ...").
GENERALLY = ("一般", "generally")


def negotiability(rule: Rule) -> int:
    """0 = most negotiable. A rule whose kind may be soft and whose charter wording says
    "generally" (一般): 0; a rule whose kind may be soft: 1; a rule that can only be hard
    (every member in a branch, a qualifying firm's own branch): 2."""
    if "soft" not in KINDS[rule.kind].SEVERITIES:
        return 2
    words = [rule.title.zh, rule.title.en, rule.description.zh, rule.description.en]
    if rule.source is not None:
        words += [rule.source.text_zh or "", rule.source.text_en or ""]
    text = " ".join(words).lower()
    return 0 if any(w in text for w in GENERALLY) else 1
