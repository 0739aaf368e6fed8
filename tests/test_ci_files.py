"""The shipped CI integration: the composite action's script, the pre-commit hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
D = ROOT / "tests" / "data" / "check"


def action_script() -> tuple[dict, str]:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("name") == "branchplan check")
    return action, step["run"]


def run_action(repo: Path, **inputs: str) -> subprocess.CompletedProcess:
    """Run the action's check step as the runner would (bash -eo pipefail, inputs in env)."""
    action, script = action_script()
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["RUNNER_TEMP"] = str(repo.parent)
    for name, spec in action["inputs"].items():
        env["BP_" + name.upper().replace("-", "_")] = inputs.get(name, spec.get("default") or "")
    env["BP_BASE_REF"] = inputs.get("base-ref", "")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout.strip()


def base_repo(tmp_path: Path, firms: Path, plan: Path) -> tuple[Path, str]:
    """A git repository holding firms.yaml and plan.yaml in one commit, and that commit."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(firms, repo / "firms.yaml")
    shutil.copy(plan, repo / "plan.yaml")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    return repo, git(repo, "rev-parse", "HEAD")


def test_action_annotates_and_fails_a_bad_plan_against_the_base_commit(tmp_path):
    repo, base = base_repo(tmp_path, D / "firms.yaml", D / "plan-good.yaml")
    shutil.copy(D / "plan-bad.yaml", repo / "plan.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "3"})
    assert res.returncode == 1, res.stderr
    assert "::error file=plan.yaml,line=21,col=5,title=BP-MIN-FULL::" in res.stdout
    assert (f"::error file=plan.yaml,line=8,col=18,title=GATE-MOVES::5 members change branch against "
            f"plan.yaml at {base[:7]}; at most 3 allowed (--max-moves)") in res.stdout
    assert str(repo.parent) not in res.stdout                        # no runner temp file named
    assert "firm S03 moves B003 -> B005" in res.stdout
    shutil.copy(D / "plan-good.yaml", repo / "plan.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "3"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "branchplan check passed" in res.stdout


def test_pre_commit_hook_runs_the_check_command():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "branchplan-check" and hook["entry"] == "branchplan check"
    assert hook["pass_filenames"] is False
    example = yaml.safe_load((ROOT / "examples" / "ci" / "pre-commit-config.yml").read_text(encoding="utf-8"))
    assert example["repos"][0]["hooks"][0]["id"] == hook["id"]
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "branchplan.yml").read_text(encoding="utf-8"))
    step = workflow["jobs"]["check"]["steps"][1]
    action, _ = action_script()
    assert set(step["with"]) <= set(action["inputs"])


def test_readme_check_example_runs(monkeypatch, capsys):
    from test_readme import python_blocks

    (block,) = python_blocks("Checking a plan in CI")
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    assert scope["report"].exit_code == 1 and not scope["report"].hard
    assert scope["changes"].members_moved == 39   # one of the tied optimal plans
    assert capsys.readouterr().out.startswith("1 ### branchplan check: ❌ failed")


def test_ci_installs_from_the_repository_and_sarif_names_no_placeholder_home():
    """Outside GitHub Actions, branchplan is installed from its repository at the release tag,
    the one the example workflow uses as its action (branchplan is not on PyPI); SARIF names
    no home page (the repository's address is the user's to fill in, not the tool's)."""
    import json
    import re

    from typer.testing import CliRunner

    from branchplan.cli import app

    meta = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (version,) = re.findall(r'^version = "([^"]+)"$', meta, re.M)
    ci = (ROOT / "examples" / "ci" / "README.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "branchplan.yml").read_text(encoding="utf-8"))
    uses = workflow["jobs"]["check"]["steps"][1]["uses"]
    assert uses.endswith(f"@v{version}")
    assert f'pip install "git+https://github.com/{uses}"' in ci
    assert "pip install branchplan" not in ci
    guigang = ROOT / "examples" / "guigang"
    res = CliRunner().invoke(app, ["check", str(guigang / "plan-current.yaml"), "--firms", str(guigang / "firms.yaml"),
                                   "--format", "sarif"])
    assert res.exit_code == 0, res.output
    driver = json.loads(res.stdout)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "branchplan" and "informationUri" not in driver


def test_action_annotates_a_typo_in_the_plan_and_writes_the_sarif_file(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(D / "firms.yaml", repo / "firms.yaml")
    text = (D / "plan-good.yaml").read_text(encoding="utf-8")
    (repo / "plan.yaml").write_text(text.replace("    lead: S04\n", "    laed: S04\n", 1), encoding="utf-8")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml")
    assert res.returncode == 2
    assert "::error file=plan.yaml,line=13,col=5,title=bad input::branches[3]: unknown key 'laed' (did you mean 'lead'?)\n" in res.stdout
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", format="sarif", output="branchplan.sarif")
    assert res.returncode == 2
    import json

    results = json.loads((repo / "branchplan.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("INPUT-ERROR", 12), ("INPUT-ERROR", 13)]


def test_action_with_an_output_file_and_no_format_writes_the_format_of_its_ending(tmp_path):
    repo, base = base_repo(tmp_path, D / "firms.yaml", D / "plan-good.yaml")
    shutil.copy(D / "plan-bad.yaml", repo / "plan.yaml")
    import json

    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", output="branchplan.sarif")
    assert res.returncode == 1, res.stderr
    results = json.loads((repo / "branchplan.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "BP-MIN-FULL" in {r["ruleId"] for r in results} and "::error" not in res.stdout
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", output="gate.txt")
    assert res.returncode == 1 and (repo / "gate.txt").read_text(encoding="utf-8").startswith("Checking plan.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml")          # no output: annotations in the log
    assert res.returncode == 1 and "::error file=plan.yaml" in res.stdout


def test_action_only_new_annotates_what_the_pull_request_introduced(tmp_path):
    ex = ROOT / "examples" / "guigang"
    repo, base = base_repo(tmp_path, ex / "firms.yaml", ex / "plan-current.yaml")
    text = (repo / "plan.yaml").read_text(encoding="utf-8")
    (repo / "plan.yaml").write_text(text.replace("[F006, F018, F028, F033, F035]", "[F006, F018, F028, F033]").replace(
        "[F010, F021, F029, F030, F036]", "[F010, F021, F029, F030, F035, F036]"), encoding="utf-8")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "only-new": "true"})
    assert res.returncode == 1, res.stderr
    annotations = [s for s in res.stdout.splitlines() if s.startswith("::")]
    assert [s.split("::")[1] for s in annotations] == ["error file=plan.yaml,line=25,col=5,title=BP-JOINT-MAX-FIRMS",
                                                       "warning file=plan.yaml,line=28,col=37,title=BP-DISTRICT"]
    assert "7 findings already in the base plan not annotated (--only-new)" in res.stdout
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"only-new": "true"})   # no base plan
    assert res.returncode == 1
    assert "::warning title=branchplan::only-new was ignored: it needs a base plan and format github" in res.stdout
    assert sum(s.startswith(("::error file", "::warning file")) for s in res.stdout.splitlines()) == 9
    # with an output file and no format, only-new keeps its github annotations, into the file
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", output="annotations.txt",
                     **{"base-ref": base, "only-new": "true"})
    assert res.returncode == 1 and "only-new was ignored" not in res.stdout
    written = (repo / "annotations.txt").read_text(encoding="utf-8")
    assert [s.split("::")[1] for s in written.splitlines() if s.startswith("::")] == [
        "error file=plan.yaml,line=25,col=5,title=BP-JOINT-MAX-FIRMS", "warning file=plan.yaml,line=28,col=37,title=BP-DISTRICT"]


def test_a_base_ref_that_is_not_a_commit_of_the_clone_is_an_error_not_a_check_without_base(tmp_path):
    repo, base = base_repo(tmp_path, D / "firms.yaml", D / "plan-good.yaml")
    shutil.copy(D / "plan-bad.yaml", repo / "plan.yaml")
    missing = "0123456789abcdef0123456789abcdef01234567"      # (a shallow clone lacks the base commit)
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": missing, "max-moves": "3"})
    assert res.returncode == 2
    assert f"::error title=branchplan::base-ref {missing} is not a commit of this clone" in res.stdout
    assert "checking without a base plan" not in res.stdout


def test_sarif_places_every_result_on_a_line_and_junit_carries_no_character_xml_cannot(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    from typer.testing import CliRunner

    from branchplan.cli import app

    runner = CliRunner()
    g = ROOT / "examples" / "guigang"
    out = tmp_path / "gap.sarif"
    res = runner.invoke(app, ["check", str(g / "plan-current.yaml"), "--firms", str(g / "firms.yaml"),
                              "--max-gap", "10", "--format", "sarif", "-o", str(out)])
    assert res.exit_code == 1
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert any(r["ruleId"] == "GATE-GAP" for r in results)
    assert all(loc["physicalLocation"]["region"]["startLine"] >= 1 for r in results for loc in r["locations"])
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text('waivers:\n  - {code: BP-LEAD-DIRECTOR, subject: B005, reason: "主任明年转正\\v经委员会批准", '
                       'expires: 2027-06-30}\n', encoding="utf-8")
    res = runner.invoke(app, ["check", str(g / "plan-current.yaml"), "--firms", str(g / "firms.yaml"),
                              "--waivers", str(waivers), "--as-of", "2026-11-01", "--format", "junit"])
    assert res.exit_code == 0, res.output
    assert "主任明年转正 经委员会批准" in ET.tostring(ET.fromstring(res.stdout.split("\n", 1)[1]), encoding="unicode")


def test_a_base_plan_that_cannot_serve_as_one_does_not_fail_the_pull_request_that_repairs_it(tmp_path):
    """A firm in two branches on the base branch: the repaired plan is checked without a base,
    with a warning that names the base plan as the reviewer knows it (not the runner's file)."""
    broken = tmp_path / "broken.yaml"
    broken.write_text((D / "plan-good.yaml").read_text(encoding="utf-8").replace(
        "firms: [S04, S05, C01]", "firms: [S04, S05, C01, S01]", 1), encoding="utf-8")
    repo, base = base_repo(tmp_path, D / "firms.yaml", broken)
    shutil.copy(D / "plan-good.yaml", repo / "plan.yaml")
    res = run_action(repo, plan="plan.yaml", firms="firms.yaml", **{"base-ref": base, "max-moves": "3"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert (f"::warning title=branchplan::plan.yaml at {base[:7]} cannot serve as the base plan, so the plan "
            "is checked without one:%0A") in res.stdout
    assert "S01 is in branch" in res.stdout and "branchplan-base" not in res.stdout
    assert "max-moves 3 was ignored" in res.stdout
    assert "branchplan check passed" in res.stdout
