"""The rule catalogue: one rule kind per module, registered here explicitly."""

from __future__ import annotations

from types import ModuleType

from . import (aggregate, assignment, branch_count, distance, district, fallback, jurisdiction, lead_attribute,
               max_distance, own_branch, stability)
from .base import BranchView, Finding, PlanView, Result

KINDS: dict[str, ModuleType] = {m.KIND: m for m in (
    assignment, own_branch, jurisdiction, aggregate, fallback, distance, max_distance, district, lead_attribute,
    branch_count, stability,
)}

__all__ = ["KINDS", "BranchView", "Finding", "PlanView", "Result"]


def structure(charter) -> tuple[int | None, bool, bool]:
    """What the charter says about structure: the own-branch threshold (None when no firm
    must stand alone), and whether small firms may fall back to standalone firms / hosts."""
    own = charter.of_kind("own_branch")
    fb = charter.of_kind("fallback")
    own_min = own[0].params.min_full if own else None
    if not fb:
        return own_min, False, False
    return own_min, fb[0].params.allow_standalone, fb[0].params.allow_hosts
