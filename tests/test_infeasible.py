"""Crafted infeasible rosters whose minimal conflict is known by hand."""

from __future__ import annotations

import dataclasses
from datetime import date

from typer.testing import CliRunner

from branchplan.api import solve
from branchplan.charter import load_charter
from branchplan.cli import app
from branchplan.model import Roster
from branchplan.rules import KINDS

CHARTER = load_charter()
NO_FALLBACK = """extends: cpc-branch-2018
rules:
  - code: BP-FALLBACK
    params: {allow_standalone: false, allow_hosts: false}
"""


def firm(fid, full, prob=0, x=0.0, **extra):
    return {"id": fid, "location": {"x": x, "y": 0}, "members": {"full": full, "probationary": prob}, **extra}


def roster(*firms, hosts=()):
    return Roster.model_validate({"jurisdiction": "C003", "as_of": date(2026, 11, 1), "firms": list(firms),
                                  "hosts": list(hosts)})


def with_params(charter, code, **update):
    rule = charter.get(code)
    return charter.replace_rule(dataclasses.replace(rule, params=rule.params.model_copy(update=update)))


def instances(result):
    assert not result.ok and len(result.conflicts) == 1, result.problems
    return {(k.code, k.subject) for k in result.conflicts[0].instances}


def test_too_few_full_members_is_found_by_counting_and_needs_no_solver():
    r = roster(firm("F017", 1), firm("F021", 1, 1), firm("F044", 0, 2), firm("F050", 5, jurisdiction="C004"))
    result = solve(r, CHARTER)
    conflict = result.conflicts[0]
    assert conflict.method == "count" and conflict.minimal
    assert instances(result) == {("BP-ONE-BRANCH", "F017"), ("BP-MIN-FULL", "F017"),
                                 ("BP-MIN-FULL", "F021"), ("BP-MIN-FULL", "F044")}
    assert conflict.headline == (
        "In C003 the 3 small firms F017, F021, F044 have 2 full members in total; BP-MIN-FULL "
        "(>= 3 full members per branch) cannot hold, and no standalone firm or host is within the jurisdiction.")
    assert "合计正式党员 2 名" in conflict.headline_zh
    assert conflict.firms == ["F017", "F021", "F044"]
    fixes = [x.change for x in conflict.remedies]
    assert {"kind": "host", "jurisdiction": "C003"} in fixes
    assert {"kind": "rule", "rule": "BP-MIN-FULL", "params": {"min": 2}} in fixes


def test_a_firm_no_branch_can_take():
    # F1 has no full member; joint branches of at most 2 firms never reach 3 full members
    # with it (every other small firm has at most 2). Its conflict: it must be placed, and at
    # each of the 4 leads it could join (itself included) the two rules cannot both hold:
    # without the 2-firm cap, F1 + F2 + F3 would have 4 full members under any of them.
    charter = with_params(load_charter(_write(NO_FALLBACK)), "BP-JOINT-MAX-FIRMS", max=2)
    r = roster(firm("F1", 0, 1), firm("F2", 2), firm("F3", 2, x=1), firm("F4", 1, x=2), firm("F9", 4))
    result = solve(r, charter)
    conflict = result.conflicts[0]
    assert conflict.method == "unplaceable" and conflict.minimal
    assert conflict.unplaceable == ["F1"]
    assert instances(result) == {("BP-ONE-BRANCH", "F1"),
                                 ("BP-MIN-FULL", "F1"), ("BP-JOINT-MAX-FIRMS", "F1"),
                                 ("BP-MIN-FULL", "F2"), ("BP-JOINT-MAX-FIRMS", "F2"),
                                 ("BP-MIN-FULL", "F3"), ("BP-JOINT-MAX-FIRMS", "F3"),
                                 ("BP-MIN-FULL", "F4"), ("BP-JOINT-MAX-FIRMS", "F4")}
    assert conflict.headline.startswith("In C003 no branch can take F1 (0 full, 1 probationary)")
    assert "the charter's fallback rule lets no small firm join a standalone firm or a host" in conflict.headline
    changes = [x.change for x in conflict.remedies]
    assert changes[0] == {"kind": "host", "jurisdiction": "C003"}
    # 3 firms per branch are not enough (F1 + F2 + F4 leaves F3 alone with 2 full); 4 are
    assert {"kind": "rule", "rule": "BP-JOINT-MAX-FIRMS", "params": {"max": 4}} in changes
    assert "need at least 2 branches, hence 6 full members" in conflict.facts[0]


def test_fallback_firm_too_big_to_take_more():
    # F9 is standalone with 50 members: with F1 it would be a joint branch of 51 (> 50).
    r = roster(firm("F1", 0, 1), firm("F9", 50))
    assert instances(solve(r, CHARTER)) == {("BP-ONE-BRANCH", "F1"), ("BP-MIN-FULL", "F1"),
                                            ("BP-JOINT-MAX-MEMBERS", "F9")}


def test_two_firms_that_cannot_both_be_placed():
    # A (2 full) makes 3 with B or with C, but a branch holds at most 2 firms and B + C has
    # only 2 full members: B and C cannot both be placed. A need not be (it only helps).
    charter = with_params(load_charter(_write(NO_FALLBACK)), "BP-JOINT-MAX-FIRMS", max=2)
    result = solve(roster(firm("A", 2), firm("B", 1, x=1), firm("C", 1, x=2)), charter)
    conflict = result.conflicts[0]
    assert conflict.method == "assumptions" and conflict.minimal
    assert instances(result) == {("BP-ONE-BRANCH", "B"), ("BP-ONE-BRANCH", "C"),
                                 ("BP-MIN-FULL", "B"), ("BP-MIN-FULL", "C"),
                                 ("BP-JOINT-MAX-FIRMS", "A"), ("BP-JOINT-MAX-FIRMS", "B"),
                                 ("BP-JOINT-MAX-FIRMS", "C")}
    # a host first, then the most negotiable rule ("generally" at most 5 units): its nearest
    # bound that works, then making it soft; the full-member minimum (no "generally") last
    changes = [x.change for x in conflict.remedies]
    assert changes == [{"kind": "host", "jurisdiction": "C003"},
                       {"kind": "rule", "rule": "BP-JOINT-MAX-FIRMS", "params": {"max": 3}},
                       {"kind": "rule", "rule": "BP-JOINT-MAX-FIRMS", "severity": "soft", "weight": 100},
                       {"kind": "rule", "rule": "BP-MIN-FULL", "params": {"min": 2}}]
    assert "and allow host placement (BP-FALLBACK params: {allow_hosts: true})" in conflict.remedies[0].text


def test_jurisdiction_wide_rule():
    template = CHARTER.get("BP-MIN-FULL")
    charter = CHARTER.replace_rule(dataclasses.replace(
        template, code="LOCAL-ONE-BRANCH-ONLY", kind="branch_count",
        params=KINDS["branch_count"].Params(max=1)))
    result = solve(roster(firm("F1", 3), firm("F2", 4)), charter)
    assert instances(result) == {("LOCAL-ONE-BRANCH-ONLY", "C003")}
    text = result.conflicts[0].text()
    assert "<= 1 branches per jurisdiction, in C003" in text
    assert "In C003 LOCAL-ONE-BRANCH-ONLY (<= 1 branches per jurisdiction) cannot hold, whatever the grouping." in text
    assert [x.change for x in result.conflicts[0].remedies] == [
        {"kind": "rule", "rule": "LOCAL-ONE-BRANCH-ONLY", "params": {"max": 2}}]


def test_a_count_of_some_branches_only_says_which():
    """A branch_count rule over joint branches only is stated as such (not as a cap on all
    of a jurisdiction's branches), in both languages."""
    from branchplan.phrases import bound

    template = CHARTER.get("BP-MIN-FULL")
    rule = dataclasses.replace(template, code="LOCAL-ONE-JOINT", kind="branch_count",
                               params=KINDS["branch_count"].Params(max=1, applies_to=["joint"]))
    assert bound(rule) == ("<= 1 joint branches per jurisdiction", "每个辖区联合支部不超过 1 个")
    both = dataclasses.replace(rule, params=KINDS["branch_count"].Params(min=2, applies_to=["joint", "host"]))
    assert bound(both) == (">= 2 joint or host branches per jurisdiction", "每个辖区联合或托管支部不少于 2 个")
    every = dataclasses.replace(rule, params=KINDS["branch_count"].Params(max=9))
    assert bound(every) == ("<= 9 branches per jurisdiction", "每个辖区支部不超过 9 个")


def _write(text: str):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_solve_cli_prints_the_conflict_and_exits_1(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text(
        "jurisdiction: C003\nfirms:\n"
        "  - {id: F017, members: {full: 1}}\n"
        "  - {id: F021, members: {full: 1, probationary: 1}}\n"
        "  - {id: F044, members: {full: 0, probationary: 2}}\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    runner = CliRunner()
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out)])
    assert res.exit_code == 1
    assert "In C003 the 3 small firms F017, F021, F044 have 2 full members in total" in res.stderr
    assert "Minimal conflict, 4 rule instances" in res.stderr
    assert "declare a host organisation in C003" in res.stderr
    assert not out.exists()
    again = runner.invoke(app, ["solve", str(firms)])
    assert again.exit_code == 1 and again.stderr == res.stderr


def test_readme_example_is_what_solve_prints():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Why no plan exists", 1)[1]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    res = CliRunner().invoke(app, ["solve", str(root / "examples" / "infeasible" / "firms.yaml")])
    assert res.exit_code == 1
    assert res.stderr.startswith(block)
    assert "桂平市" not in res.stderr  # the other jurisdiction has a plan


def test_a_local_rule_in_the_conflict_is_offered_before_the_charters_own_minimum(tmp_path):
    """A rule of the user's (citing no article) as negotiable as the charter's minimum of
    full members: its change is offered first, so the cap on changes keeps it (the full-member
    minimum, which departs from the source, came instead)."""
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: LOCAL-MAX-JOINT\n    kind: branch_count\n"
                     "    params: {applies_to: [joint], max: 1}\n", encoding="utf-8")
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: C003\nas_of: 2026-11-01\nfirms:\n" + "".join(
        f"  - {{id: F{k}, location: {{x: {k}, y: 0}}, members: {{full: 1}}}}\n" for k in range(1, 8)),
        encoding="utf-8")
    res = CliRunner().invoke(app, ["solve", str(firms), "--rules", str(rules), "--format", "json"],
                             env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    assert res.exit_code == 1, res.output
    import json

    [conflict] = json.loads(res.stdout)["conflicts"]
    changes = [r["change"] for r in conflict["remedies"]]
    assert {"kind": "rule", "rule": "LOCAL-MAX-JOINT", "params": {"max": 2}} in changes, changes
    assert not any(c.get("rule") == "BP-MIN-FULL" for c in changes), changes
    assert "LOCAL-MAX-JOINT: allow up to 2 joint branches per jurisdiction instead of 1" in res.stderr


def test_a_count_over_capped_branches_gives_its_own_instances(monkeypatch):
    """Branches of at most 2 firms need more full members than the small firms have: the
    count proves it, and where the search for a minimal conflict runs out, its instances
    (each small firm placed; the minimum and the cap of each branch a small firm may lead)
    are the conflict, with no rule that plays no part (the 50-member cap)."""
    import branchplan.infeasible as infeasible

    charter = with_params(with_params(CHARTER, "BP-JOINT-MAX-FIRMS", max=2), "BP-FALLBACK", allow_standalone=False)
    # where the search for a minimal conflict finds one in its effort, that one is reported
    # (a small city); on a large one it runs out: the count's instances are reported then
    small = solve(roster(firm("A", 1), firm("B", 1, x=1), firm("C", 1, x=2), firm("S", 5, x=9)), charter)
    assert small.conflicts[0].minimal and small.conflicts[0].method != "count"
    monkeypatch.setattr(infeasible, "CORE_WORK_PROVEN", 0.0)
    r = roster(firm("A", 1), firm("B", 1, x=1), firm("C", 1, x=2), firm("D", 1, x=3), firm("E", 1, x=4),
               firm("S", 5, x=9))
    result = solve(r, charter)
    conflict = result.conflicts[0]
    assert conflict.method == "count" and not conflict.minimal
    assert {k.code for k in conflict.instances} == {"BP-ONE-BRANCH", "BP-MIN-FULL", "BP-JOINT-MAX-FIRMS"}
    assert instances(result) >= {("BP-ONE-BRANCH", "A"), ("BP-MIN-FULL", "E"), ("BP-JOINT-MAX-FIRMS", "C")}
    assert "Conflict, 15 rule instances, proven by the count above (not shown to be minimal):" in conflict.text()
    assert "冲突，共 15 项规则要求，已由上述计数证明（未证明是最小冲突）：" in conflict.text("zh")
