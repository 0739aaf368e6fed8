"""solve and check called from several threads at once give what one call after another gives."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from builders import firm, roster

import branchplan
from branchplan import check_files, dump_plan, load_roster, solve

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"


def two_cities():
    """Two jurisdictions of small firms: two parts, so workers=2 solves them in two processes."""
    firms = [firm(f"{c}{k}", 1 + k % 3, xy=(k % 4, k // 4), jurisdiction=c) for c in ("East", "West")
             for k in range(9)]
    return roster(firms)


def test_threads_solve_and_check_as_one_call_after_another():
    rosters = [load_roster(EX / "firms.yaml"), load_roster(EX / "firms-2027.yaml"), two_cities()]
    jobs = [(r, {}) for r in rosters] + [(rosters[2], {"workers": 2})]

    def run(job):
        r, options = job
        return dump_plan(solve(r, options=options).plan)

    def gate(_):
        rep = check_files(EX / "plan-2027.yaml", EX / "firms-2027.yaml", base_path=EX / "plan-current.yaml",
                          base_firms_path=EX / "firms.yaml")
        return branchplan.render_report(rep, "json")

    one_by_one = [run(job) for job in jobs]
    assert len(set(one_by_one)) == 3 and one_by_one[3] == one_by_one[2]
    checked = gate(None)
    with ThreadPoolExecutor(max_workers=6) as pool:
        solved = pool.map(run, jobs * 2)
        gated = pool.map(gate, range(4))
        assert list(solved) == one_by_one * 2
        assert list(gated) == [checked] * 4
