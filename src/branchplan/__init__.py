"""branchplan: Party branch formation and joint-branch assignment, exactly and explainably."""

from __future__ import annotations

from .api import SolveResult, solve
from .charter import Charter, Rule, load_charter
from .check import CheckResult, check
from .diff import PlanDiff, diff_plans, diff_plans as diff
from .errors import BranchplanError, InputError, InternalError, Problem, UsageError
from .explain import explain_branch, explain_firm, explain_plan
from .formats import render_report
from .gate import GateOptions, GateReport, check_files, check_plan
from .importer import ImportResult, import_roster
from .model import Firm, Host, Location, Member, MemberCounts, Roster
from .plan import Branch, Plan, dump_plan, load_plan, plan_from_data
from .current import CurrentPlan
from .replan import Replan, load_current, replan
from .roster import load_roster, roster_from_data, roster_warnings
from .schemas import json_schema
from .rules.base import Finding
from .solver.interrupt import stop_on_signals
from .solver.options import SolveOptions

__version__ = "0.1.0"


def __getattr__(name: str):
    """``build_workbook`` and ``build_report`` are imported when first used: openpyxl and jinja2
    take a tenth of a second to load, which every command would pay for otherwise."""
    if name == "build_workbook":
        from .xlsxreport import build_workbook

        return build_workbook
    if name == "build_report":
        from .htmlreport import build_report

        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Branch", "BranchplanError", "Charter", "CheckResult", "CurrentPlan", "Finding", "Firm", "GateOptions", "GateReport", "Host",
    "ImportResult", "InputError", "InternalError", "Location", "Member", "MemberCounts", "Plan", "PlanDiff", "Problem",
    "Replan", "Roster", "Rule", "SolveOptions", "SolveResult", "UsageError", "build_report", "build_workbook", "check", "check_files",
    "check_plan", "diff", "diff_plans", "dump_plan", "explain_branch", "explain_firm", "explain_plan", "import_roster", "json_schema", "load_charter", "load_current", "load_plan", "load_roster",
    "plan_from_data", "render_report", "replan", "roster_from_data", "roster_warnings", "solve", "stop_on_signals", "__version__",
]
