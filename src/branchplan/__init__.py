"""branchplan: Party branch formation and joint-branch assignment, exactly and explainably."""

from __future__ import annotations

from .api import SolveResult, solve
from .charter import Charter, Rule, load_charter
from .check import CheckResult, evaluate as check
from .errors import BranchplanError, InputError, InternalError
from .explain import explain_branch, explain_firm, explain_plan
from .model import Firm, Host, Location, Member, MemberCounts, Roster
from .plan import Branch, Plan, load_plan
from .roster import load_roster
from .rules.base import Finding
from .solver.solve import SolveOptions

__version__ = "0.1.0"

__all__ = [
    "Branch", "BranchplanError", "Charter", "CheckResult", "Finding", "Firm", "Host", "InputError",
    "InternalError", "Location", "Member", "MemberCounts", "Plan", "Roster", "Rule", "SolveOptions",
    "SolveResult", "check", "explain_branch", "explain_firm", "explain_plan", "load_charter", "load_plan",
    "load_roster", "solve", "__version__",
]
