"""own_branch: a firm with enough full members forms its own branch and leads it.

凡是有正式党员3人以上的，都应当成立党支部 (党章第三十条; 条例第四条); a law firm that qualifies
must form its own branch, not be pooled (律所规则第六条).

A firm with at least ``min_full`` full members leads its own branch; it never joins
another branch. Small firms may join it only as a fallback (rule kind ``fallback``), and
never when the charter has no fallback rule or the fallback rule forbids it.

Parameters
    min_full: full members from which a firm must have its own branch (default 3).

Always hard. The solver enforces it by construction: qualifying firms are constant leads.

Passing: F1 (5 full) leads B001 = [F1]. Failing: F1 (5 full) listed in B002 led by F7.
"""

from __future__ import annotations

from pydantic import Field

from .base import Finding, Params as _Params, PlanView, Result

KIND = "own_branch"
SEVERITIES = ("hard",)
SINGLETON = True


class Params(_Params):
    min_full: int = Field(3, ge=1, le=1000)


def encode(rule, enc) -> None:
    # By construction: Part.big holds the firms with >= min_full full members; each is a
    # constant lead (no x variable lets it join another branch), and joiners of a big
    # firm exist only when the fallback rule allows them.
    assert enc.part.big_min == rule.params.min_full


def evaluate(rule, view: PlanView) -> Result:
    res = Result()
    src = rule.source.article if rule.source else None
    allow_join = view.standalone_fallback
    for b in view.branches:
        for f in b.firms:
            if not view.is_big(f):
                continue
            # (led by it, though the lead is written by its roster name: the assignment rule says to
            # write its id)
            if b.lead != f.id and not (b.lead_elsewhere is not None and b.lead_elsewhere.id == f.id):
                res.measure += 1
                res.findings.append(Finding(
                    rule.code, "hard",
                    f"firm {f.id} has {f.full} full members and must lead its own branch, "
                    f"but is in branch {b.id} led by {b.lead}",
                    f"单位 {f.id} 有 {f.full} 名正式党员，应单独建立党支部，却编入由 {b.lead} 牵头的支部 {b.id}",
                    b.id, (f.id,), source=src, branch_index=b.index, firm_entry=f.id))
            elif not allow_join and len(b.firms) > 1 and not view.fallback_rule:    # (else the fallback rule says it)
                others = [g.id for g in b.firms if g.id != f.id]
                res.measure += 1
                res.findings.append(Finding(
                    rule.code, "hard",
                    f"branch {b.id} of firm {f.id} also takes {', '.join(others)}; "
                    "the charter allows no fallback placement (it has no fallback rule)",
                    f"{f.id} 的单独支部 {b.id} 还编入了 {'、'.join(others)}，规则集不允许兜底编入（规则集没有兜底编入规则）",
                    b.id, tuple(others), source=src, branch_index=b.index))
    return res
