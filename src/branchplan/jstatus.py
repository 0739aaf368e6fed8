"""Each jurisdiction's status as an organiser reads it: branches, status, gap, how proven.

A plan file's ``jurisdictions[]`` entries (see :class:`branchplan.plan.JurisdictionResult`)
say for every jurisdiction its status, objective, bound, ``proof`` and ``note``. This module
turns them into rows for ``solve``'s text output (:func:`status_lines`) and the HTML report
(:func:`status_rows`).

``proof`` values (what the plan's optimality covers):

- ``all pairs``: every pair (small firm, possible lead) was in the model. Plans written
  before this value existed leave ``proof`` out for such a jurisdiction: read the same way.
- ``bound``: pairs were left out of the model, and a lower bound over all pairs proves none
  of them could be in a better plan, so an optimal plan is optimal over all pairs.
- ``restricted``: pairs were left out and not all of them are proven useless: the plan is
  optimal (or within the gap) among the pairs modelled; ``note`` says which.

A jurisdiction is *proven optimal* when its status is ``optimal`` and its proof is
``all pairs`` or ``bound``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import note_zh, text
from .plan import JurisdictionResult, Plan, shown_jurisdiction

#: the documented ``jurisdictions[].proof`` values
PROOFS = ("all pairs", "bound", "restricted")
#: more jurisdictions than this: solve's text lists only those not proven optimal
TEXT_LIMIT = 20


@dataclass(frozen=True)
class StatusRow:
    name: str
    branches: int
    status: str  # the plan file's status value
    status_text: str
    objective: str
    bound: str
    gap: str
    how: str
    note: str
    proven: bool


def gap_of(j: JurisdictionResult) -> float | None:
    """(objective - bound) / objective, 0 for a zero-cost plan; None without both values."""
    if j.objective is None or j.bound is None:
        return None
    return (j.objective - j.bound) / j.objective if j.objective > 0 else 0.0


def proven(j: JurisdictionResult) -> bool:
    """Optimal over all pairs: status optimal and proof ``all pairs`` (or none given) or ``bound``."""
    return j.status == "optimal" and (j.proof or "all pairs") in ("all pairs", "bound")


def how_key(j: JurisdictionResult) -> str | None:
    """The catalogue key (``proof.*``) saying how the jurisdiction's plan is proven; None for
    a proof value this version does not know (shown as written)."""
    if j.status not in ("optimal", "feasible"):
        return "proof.none"
    proof = j.proof or "all pairs"
    if proof not in PROOFS:
        return None
    if proof == "restricted":
        return "proof.restricted"
    if j.status != "optimal":
        return "proof.open"
    return "proof.bound" if proof == "bound" else "proof.all_pairs"


def row(j: JurisdictionResult, lang: str) -> StatusRow:
    gap = gap_of(j)
    key = how_key(j)
    return StatusRow(
        name=shown_jurisdiction(j.name, lang), branches=j.branches, status=j.status, status_text=text(f"status.{j.status}", lang),
        objective="-" if j.objective is None else f"{j.objective:,.3f}",
        bound="-" if j.bound is None else f"{j.bound:,.3f}",
        gap="-" if gap is None else f"{100 * gap:.2f}%",
        how=text(key, lang) if key else str(j.proof), note=(note_zh(j.note) if lang == "zh" else j.note) if j.note else "",
        proven=proven(j))


def status_rows(plan: Plan, lang: str = "en") -> list[StatusRow]:
    """One row per jurisdiction of the plan, in the plan's order (none without ``jurisdictions``)."""
    return [row(j, lang) for j in plan.jurisdictions or []]


def status_lines(plan: Plan, lang: str = "en", limit: int | None = None) -> list[str]:
    """The table solve prints after its summary: every jurisdiction when there are at most
    ``limit`` (default :data:`TEXT_LIMIT`), else those not proven optimal and one line counting the others. Nothing for a
    plan of one jurisdiction (the summary says its status)."""
    from .render import _table

    limit = TEXT_LIMIT if limit is None else limit
    rows = status_rows(plan, lang)
    if len(rows) <= 1:
        return []
    shown = rows if len(rows) <= limit else [r for r in rows if not r.proven]
    lines = []
    if shown:
        header = tuple(text("jstatus.header", lang).split("|"))
        lines += _table([header] + [(r.name, str(r.branches), r.status_text, r.gap, r.how) for r in shown])
    if len(shown) < len(rows):
        n = len(rows) - len(shown)
        lines.append(text("jstatus.all_proven" if not shown else "jstatus.others_proven", lang, n=n))
    return lines
