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


def test_threads_check_files_each_report_has_its_own_charter_warnings_and_the_warning_state_is_left_alone(tmp_path):
    import threading
    import warnings

    (tmp_path / "firms.json").write_text(
        '{"jurisdiction":"T","as_of":"2026-11-01","firms":[{"id":"F1","location":{"x":0,"y":0},'
        '"members":{"full":3}}]}', encoding="utf-8")
    (tmp_path / "plan.yaml").write_text("branches:\n- id: B1\n  lead: F1\n  firms: [F1]\n", encoding="utf-8")
    (tmp_path / "rulesA.yaml").write_text(
        "extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    weight: 5\n", encoding="utf-8")
    (tmp_path / "rulesB.yaml").write_text(
        "extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    priority: 3\n", encoding="utf-8")

    def run(rules):
        rep = check_files(tmp_path / "plan.yaml", tmp_path / "firms.json", tmp_path / rules)
        return tuple(p.path.rsplit("/", 1)[-1] for p in rep.warnings)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        filters, shown = list(warnings.filters), warnings._showwarnmsg_impl
        assert run("rulesA.yaml") == ("rulesA.yaml",) and run("rulesB.yaml") == ("rulesB.yaml",)
        start = threading.Barrier(2)
        seen: dict[str, set] = {"rulesA.yaml": set(), "rulesB.yaml": set()}

        def loop(rules):
            start.wait()
            for _ in range(30):
                seen[rules].add(run(rules))

        threads = [threading.Thread(target=loop, args=(r,)) for r in seen]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == {"rulesA.yaml": {("rulesA.yaml",)}, "rulesB.yaml": {("rulesB.yaml",)}}
        assert warnings.filters == filters and warnings._showwarnmsg_impl is shown
