"""Re-planning benchmark: solve a roster, change it a little, re-plan from the first plan.

    python benchmarks/replan.py /tmp/c300.yaml --changes 10 --seed 1
    python benchmarks/replan.py examples/guigang/firms.yaml --next examples/guigang/firms-2027.yaml \
        --current examples/guigang/plan-current.yaml

Without ``--next``, next year's roster is this one with ``--changes`` seeded random changes
(a full member joins a firm with 2, a member leaves, a member transfers, a small firm
closes, a small firm opens). Members who changed firm are followed (this year's roster is the
old firms file, as ``--old-firms``). Prints one table row per step: seconds, status, members
moved (the re-plan; and re-solving from scratch with its branches matched at best), fallback
placements. ``--json FILE`` also writes the rows.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from branchplan import load_charter, load_plan, load_roster, solve  # noqa: E402
from branchplan.check import make_view  # noqa: E402
from branchplan.current import from_plan, match_successors  # noqa: E402
from branchplan.model import Firm, Member, Roster, today  # noqa: E402
from branchplan.plan import Branch, Plan  # noqa: E402
from branchplan.replan import replan  # noqa: E402
from branchplan.rules import stability  # noqa: E402


def _with_members(f: Firm, members: list) -> Firm:
    """A new firm (model_copy would keep the cached member counts)."""
    return Firm(**{**{k: getattr(f, k) for k in Firm.model_fields}, "members": members})


def perturb(roster: Roster, n: int, seed: int) -> tuple[Roster, list[str]]:
    rng = random.Random(seed)
    firms = list(roster.firms)
    done: list[str] = []
    kinds = ["graduate", "leave", "transfer", "close", "open"]
    k = 0
    while len(done) < n:
        kind = kinds[k % len(kinds)]
        k += 1
        listed = [i for i, f in enumerate(firms) if f.member_list is not None]
        if kind == "graduate":
            cands = [i for i in listed if firms[i].full == 2]
            if not cands:
                continue
            i = rng.choice(cands)
            m = Member(id=f"X{k:05d}", status="full", joined=date(2015, 7, 1))
            firms[i] = _with_members(firms[i], list(firms[i].member_list) + [m])
        elif kind == "leave":
            i = rng.choice([i for i in listed if firms[i].size])
            ms = list(firms[i].member_list)
            ms.pop(rng.randrange(len(ms)))
            firms[i] = _with_members(firms[i], ms)
        elif kind == "transfer":
            i, j = rng.sample([i for i in listed if firms[i].size], 2)
            ms = list(firms[i].member_list)
            m = ms.pop(rng.randrange(len(ms)))
            firms[i] = _with_members(firms[i], ms)
            firms[j] = _with_members(firms[j], list(firms[j].member_list) + [m])
        elif kind == "close":
            small = [i for i, f in enumerate(firms) if 0 < f.full < 3]
            i = rng.choice(small)
            firms.pop(i)
        else:
            base = rng.choice([f for f in firms if f.location is not None])
            loc = base.location.model_copy(update={"lat": base.location.lat + rng.uniform(-0.01, 0.01)}) \
                if base.location.lat is not None else base.location
            firms.append(Firm(id=f"NEW{k:04d}", jurisdiction=base.jurisdiction, district=base.district,
                              location=loc, members=[Member(id=f"Y{k:05d}", status="full", joined=date(2012, 7, 1))]))
        done.append(kind)
    return Roster(jurisdiction=roster.jurisdiction, as_of=roster.as_of, firms=firms, hosts=list(roster.hosts)), done


def best_moves(plan, roster, cur, charter) -> int:
    """Members a plan moves with its branches matched to the current ones at best (members
    who changed firm followed, as the re-plan counts them)."""
    groups = {b.lead: tuple(b.firms) for b in plan.branches}
    succ = match_successors(cur.branches, groups, {f.id: f.size for f in roster.firms}, counted=cur.counted)
    ids = {lead: bid for bid, lead in succ.items()}
    relabelled = Plan(branches=[Branch(id=ids.get(b.lead, f"new-{b.lead}"), lead=b.lead, firms=b.firms)
                                for b in plan.branches])
    view = make_view(relabelled, roster, charter, plan.as_of or roster.as_of or today())
    view.current = cur
    return int(stability.evaluate(charter.get("BP-STABILITY"), view).measure)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("firms", type=Path)
    ap.add_argument("--next", type=Path, help="next year's roster (default: random changes)")
    ap.add_argument("--current", type=Path, help="the current plan (default: solve FIRMS)")
    ap.add_argument("--changes", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    charter = load_charter()
    rows = []

    def row(step, seconds, status, moved="", scratch="", fallback=""):
        rows.append(dict(step=step, seconds=round(seconds, 3), status=status, moved=moved, scratch_moved=scratch,
                         fallback=fallback))
        print(f"{step:<34} {seconds:>8.3f} s  {status:<9} {str(moved):>6} {str(scratch):>8} {str(fallback):>9}")

    print(f"{'step':<34} {'time':>10}  {'status':<9} {'moved':>6} {'scratch':>8} {'fallback':>9}")
    t = time.perf_counter()
    roster = load_roster(args.firms)
    row("load roster", time.perf_counter() - t, "-")
    if args.current:
        first, _ = load_plan(args.current)
    else:
        t = time.perf_counter()
        first = solve(roster, charter).plan
        row("solve year 1 from scratch", time.perf_counter() - t, first.status)
    t = time.perf_counter()
    same = replan(roster, from_plan(first, roster), charter)
    row("re-plan year 1 (unchanged)", time.perf_counter() - t, same.result.plan.status, same.members_moved)
    if args.next:
        nxt = load_roster(args.next)
    else:
        nxt, kinds = perturb(roster, args.changes, args.seed)
        print(f"changes: {', '.join(kinds)}")
    cur = from_plan(first, nxt, old_roster=roster)  # members who changed firm are followed (--old-firms)
    t = time.perf_counter()
    scratch = solve(nxt, charter)
    ts = time.perf_counter() - t
    sm = best_moves(scratch.plan, nxt, cur, charter) if scratch.ok else ""
    fb = scratch.plan.objective.rules["BP-FALLBACK"].measure if scratch.ok else ""
    row("solve year 2 from scratch", ts, scratch.plan.status, "", sm, fb)
    t = time.perf_counter()
    rp = replan(nxt, cur, charter)
    fb = rp.result.plan.objective.rules["BP-FALLBACK"].measure if rp.ok else ""
    row("re-plan year 2 from year 1's plan", time.perf_counter() - t, rp.result.plan.status,
        rp.members_moved if rp.ok else "", sm, fb)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
