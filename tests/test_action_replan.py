"""The GitHub Action on a realistic re-planning pull request: the Guigang roster of 2026
becomes that of 2027 and the plan becomes the re-plan `solve --current` made. The action's
script runs as the runner would (tests/test_ci_files.py) in a temporary git repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from test_ci_files import ROOT, git, run_action

EX = ROOT / "examples" / "guigang"


def guigang_pr(tmp_path: Path, base_roster: str = "firms.yaml") -> tuple[Path, str]:
    """A repository whose base commit has the 2026 firms (as ``base_roster``) and plan, and
    whose working tree (the pull request) has the 2027 firms (as firms.yaml) and the 2027
    re-plan. Returns (repo, base sha)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(EX / "firms.yaml", repo / base_roster)
    shutil.copy(EX / "plan-current.yaml", repo / "plan.yaml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "2026")
    base = git(repo, "rev-parse", "HEAD")
    shutil.copy(EX / "firms-2027.yaml", repo / "firms.yaml")
    shutil.copy(EX / "plan-2027.yaml", repo / "plan.yaml")
    return repo, base


def test_the_shipped_workflow_passes_the_2027_re_plan(tmp_path):
    """examples/ci/branchplan.yml (base-ref, max-gap 15, max-moves 20) on the 2027 pull
    request: the base firms file is taken from the base commit, members who changed firm are
    followed, and the gap is measured against the best re-plan from the base plan."""
    repo, base = guigang_pr(tmp_path)
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "branchplan.yml").read_text(encoding="utf-8"))
    inputs = {k: str(v) for k, v in workflow["jobs"]["check"]["steps"][1]["with"].items()}
    inputs["base-ref"] = base
    res = run_action(repo, **inputs)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Gap (against the best re-plan from " in res.stdout and "gap 0%" in res.stdout
    assert "member M0012 (now F036) moves B001 -> B006" in res.stdout  # followed with the base firms
    assert "member count unknown" not in res.stdout and "::warning title=branchplan" not in res.stdout
    assert "branchplan check passed" in res.stdout


def test_max_moves_counts_the_member_who_changed_firm(tmp_path):
    repo, base = guigang_pr(tmp_path)
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "3"})
    assert res.returncode == 1
    assert "title=GATE-MOVES::4 members change branch" in res.stdout
    # an explicit base-firms file wins over the ref's
    shutil.copy(EX / "firms-2027.yaml", repo.parent / "same.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml",
                     **{"base-ref": base, "max-moves": "3", "base-firms": str(repo.parent / "same.yaml")})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "member M0012" not in res.stdout


def test_a_firms_file_new_at_the_ref_is_not_followed_and_says_so(tmp_path):
    """The base commit kept its roster under another name: there is no firms.yaml at the ref,
    so M0012 (who changed firm) is not followed, 3 members move, and the log says why."""
    repo, base = guigang_pr(tmp_path, base_roster="roster.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "3"})
    assert "no firms.yaml at " in res.stdout and "members who changed firm are not followed" in res.stdout
    assert res.returncode == 0, res.stdout + res.stderr
    assert "member M0012" not in res.stdout


def test_max_moves_without_a_base_plan_is_ignored_with_a_warning(tmp_path):
    repo, base = guigang_pr(tmp_path)
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"max-moves": "3"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "::warning title=branchplan::max-moves 3 was ignored: there is no base plan" in res.stdout
    # a plan new in the pull request has no base at the ref either
    shutil.copy(repo / "plan.yaml", repo / "plan2.yaml")
    res = run_action(repo, plan="plan2.yaml", firms="firms.yaml",
                     **{"base-ref": base, "max-moves": "3", "base-firms": "firms.yaml"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "no plan2.yaml at " in res.stdout
    assert "::warning title=branchplan::max-moves 3 was ignored" in res.stdout
    assert "::warning title=branchplan::base-firms was ignored: there is no base plan" in res.stdout


def test_lang_as_of_and_gap_time_limit_reach_the_check(tmp_path):
    repo, base = guigang_pr(tmp_path)
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", format="text", lang="zh",
                     **{"base-ref": base, "as-of": "2027-12-01"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("检查方案 plan.yaml：规则集 cpc-branch-2018，党龄计算日 2027-12-01")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", format="json",
                     **{"base-ref": base, "max-gap": "15", "gap-time-limit": "7"})
    assert res.returncode == 0, res.stdout + res.stderr
    gap = json.loads(res.stdout)["gap"]
    assert gap["time_limit"] == 7 and gap["reference"] == "replan" and gap["gap_pct"] == 0.0


def test_every_input_of_the_action_is_documented():
    from test_ci_files import action_script

    action, script = action_script()
    doc = (ROOT / "examples" / "ci" / "README.md").read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"`{name}`" in doc, name
        assert "BP_" + name.upper().replace("-", "_") in script or name == "python-version", name


def test_a_bad_base_firms_file_at_the_ref_is_named_as_the_reviewer_knows_it(tmp_path):
    """A typo in the firms file of the base commit: the warning blames that firms file, named
    `firms.yaml at <short sha>` (not the plan at the ref, not the runner's temporary file).
    The base plan at the ref is sound: it still serves as the base, read with the pull
    request's firms file, so max-moves still gates (only M0012, who changed firm, is not
    followed: 3 members move, not 4)."""
    repo, base = guigang_pr(tmp_path)
    git(repo, "checkout", "-q", "--", ".")   # (back to the base commit's files, to spoil one)
    firms = (repo / "firms.yaml").read_text(encoding="utf-8")
    assert "    location: {lat: 23.1184" in firms
    (repo / "firms.yaml").write_text(firms.replace("    location: {lat: 23.1184", "    locaton: {lat: 23.1184", 1),
                                     encoding="utf-8")
    git(repo, "commit", "-qam", "typo")
    base = git(repo, "rev-parse", "HEAD")
    shutil.copy(EX / "firms-2027.yaml", repo / "firms.yaml")
    shutil.copy(EX / "plan-2027.yaml", repo / "plan.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "4"})
    assert res.returncode == 0, res.stdout + res.stderr
    head = next(s for s in res.stdout.splitlines() if s.startswith("::warning title=branchplan::"))
    assert head.startswith(f"::warning title=branchplan::firms.yaml at {base[:7]} cannot serve as the base plan's "
                           "firms file, so members who changed firm are not followed (the base plan is read with "
                           "firms.yaml):%0A"), head
    assert f"%0Afirms.yaml at {base[:7]}:93:5: firms[6]: unknown key 'locaton'" in head, head
    assert "branchplan-base" not in res.stdout and str(repo.parent) not in res.stdout
    assert "was ignored" not in res.stdout and "member M0012" not in res.stdout
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "2"})
    assert res.returncode == 1, res.stdout + res.stderr
    assert "title=GATE-MOVES::3 members change branch" in res.stdout


def test_a_bad_base_plan_and_base_firms_file_are_both_named(tmp_path):
    """Problems in both files at the ref: the warning names both."""
    repo, base = guigang_pr(tmp_path)
    git(repo, "checkout", "-q", "--", ".")
    firms = (repo / "firms.yaml").read_text(encoding="utf-8")
    (repo / "firms.yaml").write_text(firms.replace("    location: {lat: 23.1184", "    locaton: {lat: 23.1184", 1),
                                     encoding="utf-8")
    plan = (repo / "plan.yaml").read_text(encoding="utf-8")
    (repo / "plan.yaml").write_text(plan.replace("    lead: ", "    laed: ", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "typos")
    base = git(repo, "rev-parse", "HEAD")
    shutil.copy(EX / "firms-2027.yaml", repo / "firms.yaml")
    shutil.copy(EX / "plan-2027.yaml", repo / "plan.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base})
    assert res.returncode == 0, res.stdout + res.stderr
    head = next(s for s in res.stdout.splitlines() if s.startswith("::warning title=branchplan::"))
    assert head.startswith(f"::warning title=branchplan::plan.yaml at {base[:7]} and its firms file firms.yaml at "
                           f"{base[:7]} cannot serve as the base plan, so the plan is checked without one:%0A"), head
    assert f"%0Afirms.yaml at {base[:7]}:93:5:" in head and f"%0Aplan.yaml at {base[:7]}:" in head, head
    assert "branchplan-base" not in res.stdout
