"""A plan that costs less than a reference which is not proven optimal: the gap is not
established. check says so in every format, warns (a soft GATE-GAP) and fails only with
--strict; with or without a base plan."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
runner = CliRunner()


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, Path]:
    """The 2027 roster solved from scratch and re-planned from the current plan (proven)."""
    d = tmp_path_factory.mktemp("unproven")
    out = {"scratch": d / "scratch.yaml", "replan": d / "replan.yaml"}
    res = runner.invoke(app, ["solve", str(EX / "firms-2027.yaml"), "-o", str(out["scratch"])])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["solve", str(EX / "firms-2027.yaml"), "--current", str(EX / "plan-current.yaml"),
                              "--old-firms", str(EX / "firms.yaml"), "-o", str(out["replan"])])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture
def spent_clock(monkeypatch):
    """The reference solve starts with its time spent: it keeps its first plan, not proven."""
    from branchplan.solver import solve as solving

    monkeypatch.setattr(solving, "part_deadline",
                        lambda deadline, share, n_small: None if deadline is None else time.monotonic() - 1)


def _args(plans, which: str, seconds: str = "0.01") -> list[str]:
    args = ["check", str(plans[which]), "--firms", str(EX / "firms-2027.yaml"), "--max-gap", "5",
            "--gap-time-limit", seconds]
    if which == "replan":
        args += ["--base", str(EX / "plan-current.yaml"), "--base-firms", str(EX / "firms.yaml")]
    return args


@pytest.mark.parametrize("which", ["replan", "scratch"])
def test_a_plan_cheaper_than_an_unproven_reference_has_no_gap_figure(plans, spent_clock, which):
    res = runner.invoke(app, _args(plans, which) + ["--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    gap = data["gap"]
    assert gap["reference_status"] == "feasible" and gap["established"] is False
    assert gap["gap_pct"] is None and not gap["exceeded"] and not gap["unbounded"]
    lvl = str(gap["deciding_priority"])
    assert gap["plan_cost"][lvl] < gap["best_cost"][lvl]
    assert gap["sentence"].startswith("the gap could not be established: ")
    assert "not proven optimal and costs more than this plan" in gap["sentence"]
    assert "raise --gap-time-limit" in gap["sentence"] and "gap 0%" not in gap["sentence"]
    found = [f for f in data["findings"] if f["code"] == "GATE-GAP"]
    assert len(found) == 1 and found[0]["severity"] == "soft"
    assert data["verdict"] == "pass"
    # counted as the verdict counts it: a soft finding, not a failing gate
    soft = [f for f in data["findings"] if f["severity"] == "soft"]
    assert data["counts"]["soft"] == len(soft) and data["counts"]["gate"] == 0


def test_the_unknown_gap_in_text_chinese_github_and_markdown(plans, spent_clock):
    args = _args(plans, "replan")
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.output
    assert "GATE-GAP [soft] the gap could not be established" in text.stdout
    assert "gap 0%" not in text.stdout and "better than the reference" not in text.stdout
    assert text.stdout.rstrip().splitlines()[-1].startswith("branchplan check passed: 0 hard,")
    assert "gate:" not in text.stdout.rstrip().splitlines()[-1]
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "无法确定差距：在 0.01 秒内找到的参照调整方案未证明最优" in zh.stdout and "差距 0%" not in zh.stdout
    gh = runner.invoke(app, args + ["--format", "github"])
    assert gh.exit_code == 0, gh.output
    warning = [ln for ln in gh.stdout.splitlines() if "title=GATE-GAP" in ln]
    assert len(warning) == 1 and warning[0].startswith("::warning ")
    assert "the gap could not be established" in warning[0] and "无法确定差距" in warning[0]
    md = runner.invoke(app, args + ["--format", "markdown"])
    assert md.exit_code == 0, md.output
    assert "| ⚠️ | `GATE-GAP` | soft |" in md.stdout
    assert "**Gap** (against the best re-plan from" in md.stdout and "the gap could not be established" in md.stdout
    md_zh = runner.invoke(app, args + ["--format", "markdown", "--lang", "zh"])
    assert "无法确定差距" in md_zh.stdout


def test_strict_fails_on_an_unknown_gap(plans, spent_clock):
    res = runner.invoke(app, _args(plans, "replan") + ["--strict"])
    assert res.exit_code == 1, res.output
    assert res.stdout.rstrip().splitlines()[-1].startswith("branchplan check FAILED: 0 hard,")
    assert "gate: GATE-GAP" in res.stdout
    data = json.loads(runner.invoke(app, _args(plans, "replan") + ["--strict", "--format", "json"]).stdout)
    assert data["verdict"] == "fail" and data["counts"]["gate"] == 1   # (a failing gate now, as the verdict says)


def test_a_proven_reference_gives_the_gap_as_before(plans):
    res = runner.invoke(app, _args(plans, "replan", "30") + ["--format", "json"])
    assert res.exit_code == 0, res.output
    gap = json.loads(res.stdout)["gap"]
    assert gap["reference_status"] == "optimal" and gap["established"] is True and gap["gap_pct"] == 0



@pytest.mark.parametrize("status, en, zh", [("feasible", "costs at least 50.00% more", "上至少多出 50.00%"),
                                            ("optimal", "costs 50.00% more", "上多出 50.00%")])
def test_a_plan_dearer_than_an_unproven_reference_is_at_least_that_far(status, en, zh):
    """The best plan costs no more than a reference that is not proven optimal: the gap shown
    against it is a lower bound, and says so."""
    from branchplan.gap import GapReport

    rep = GapReport(max_pct=10, reference_status=status, time_limit=1, levels=[0, 2],
                    plan_cost={0: 0, 2: 300_000}, best_cost={0: 0, 2: 200_000}, deciding_level=2, gap_pct=50.0)
    assert en in rep.sentence("en") and zh in rep.sentence("zh") and rep.exceeded


def test_a_plan_dearer_than_an_unproven_reference_also_gets_the_most_its_bound_allows():
    """Between the reference's cost and its proven bound: at least 50% more than the plan
    found, at most 100% more than the bound says any plan can cost."""
    from branchplan.gap import GapReport

    rep = GapReport(max_pct=10, reference_status="feasible", time_limit=1, levels=[0, 2],
                    plan_cost={0: 0, 2: 300_000}, best_cost={0: 0, 2: 200_000}, deciding_level=2, gap_pct=50.0,
                    best_bound={0: 0, 2: 150_000})
    assert "costs at least 50.00% more" in rep.sentence("en")
    assert "by the reference's proven bound (150.000), at most 100.00% more" in rep.sentence("en")
    assert "上至少多出 50.00%" in rep.sentence("zh") and "至多多出 100.00%" in rep.sentence("zh")
    assert rep.to_dict()["gap_pct_at_most"] == 100.0
    # a proven reference, or none with a bound: nothing more to say
    proven = GapReport(max_pct=10, reference_status="optimal", time_limit=1, levels=[0, 2],
                       plan_cost={0: 0, 2: 300_000}, best_cost={0: 0, 2: 200_000}, deciding_level=2, gap_pct=50.0,
                       best_bound={0: 0, 2: 200_000})
    assert "at most" not in proven.sentence("en")


@pytest.fixture
def first_plan(tmp_path, spent_clock) -> Path:
    """The plan the solver finds first for the 2027 roster (not proven optimal): with the
    clock spent again, the reference solve finds the same plan, at the same cost."""
    out = tmp_path / "first.yaml"
    res = runner.invoke(app, ["solve", str(EX / "firms-2027.yaml"), "--time-limit", "0.01", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_a_plan_that_ties_with_an_unproven_reference_is_not_said_to_have_no_gap(first_plan):
    """What is known: no cheaper plan was found in the time limit, and the reference's proven
    bound; not "gap 0%". The gate passes as before (no GATE-GAP finding), in every format."""
    args = ["check", str(first_plan), "--firms", str(EX / "firms-2027.yaml"), "--max-gap", "5",
            "--gap-time-limit", "0.01"]
    res = runner.invoke(app, args + ["--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    gap = data["gap"]
    assert gap["reference_status"] == "feasible" and gap["deciding_priority"] is None
    assert gap["plan_cost"] == gap["best_cost"] and gap["best_bound"]["2"] < gap["best_cost"]["2"]
    assert gap["gap_pct_at_most"] is None and not gap["exceeded"] and gap["established"]
    sentence = ("no cheaper plan was found within 0.01 s: the plan found as the reference costs the same as this "
                f"plan at every priority level, but it is not proven optimal (its proven bound at priority 2 is "
                f"{gap['best_bound']['2']:,.3f} points, against {gap['best_cost']['2']:,.3f}); the best plan may "
                "still cost less than this plan (raise --gap-time-limit; limit 5%)")
    assert gap["sentence"] == sentence
    assert not [f for f in data["findings"] if f["code"] == "GATE-GAP"] and data["counts"]["gate"] == 0
    assert data["verdict"] == "pass"
    text = runner.invoke(app, args + ["--lang", "en"])
    assert text.exit_code == 0 and f"Gap (against the best plan from scratch): {sentence}" in text.stdout
    assert "gap 0%" not in text.stdout
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert zh.exit_code == 0 and "在 0.01 秒内未找到代价更低的方案：作为参照找到的方案在各优先级上的代价都与本方案相同，但未证明最优" in zh.stdout
    assert "差距 0%" not in zh.stdout
    gh = runner.invoke(app, args + ["--format", "github"])
    assert gh.exit_code == 0 and f"Gap (against the best plan from scratch): {sentence}" in gh.stdout
    assert "title=GATE-GAP" not in gh.stdout
    md = runner.invoke(app, args + ["--format", "markdown", "--lang", "en"])
    assert md.exit_code == 0 and "**Gap** (against the best plan from scratch): no cheaper plan was found" in md.stdout
    assert "gap 0%" not in md.stdout


def _tie(status: str, bound: dict | None, reference: str = "scratch"):
    from branchplan.gap import GapReport

    return GapReport(max_pct=10, reference_status=status, time_limit=1, levels=[0, 2], reference=reference,
                     plan_cost={0: 2000, 2: 200_000}, best_cost={0: 2000, 2: 200_000}, deciding_level=None,
                     gap_pct=0.0, best_bound=bound)


def test_a_tie_with_an_unproven_reference_says_what_its_bound_gives():
    # proven at priority 0, not at 2: the gap is at most (200 - 150) / 150
    rep = _tie("feasible", {0: 2000, 2: 150_000}, "replan")
    assert rep.sentence("en") == (
        "no cheaper re-plan was found within 1 s: the re-plan found as the reference costs the same as this plan "
        "at every priority level, but it is not proven optimal (its proven bound at priority 2 is 150.000 points, "
        "against 200.000, so the gap is at most 33.33%); the best re-plan may still cost less than this plan "
        "(raise --gap-time-limit; limit 10%)")
    assert "差距至多 33.33%" in rep.sentence("zh") and "差距 0%" not in rep.sentence("zh")
    assert rep.to_dict()["gap_pct_at_most"] == 33.3333 and rep.to_dict()["best_bound"] == {"0": 2.0, "2": 150.0}
    assert not rep.exceeded and not rep.unknown     # (the gate's verdict as before: passed)
    # not proven at priority 0: a plan cheaper there may exist, so no figure at all
    rep = _tie("feasible", {0: 1000, 2: 150_000})
    assert "its proven bound at priority 0 is 1.000 points, against 2.000)" in rep.sentence("en")
    assert "at most" not in rep.sentence("en") and rep.at_most is None
    # no bound over every pair
    rep = _tie("feasible", None)
    assert "not proven optimal and has no proven bound; the best plan may still cost less" in rep.sentence("en")
    assert "且没有已证明的下界" in rep.sentence("zh") and rep.to_dict()["best_bound"] is None
    # a bound that meets the cost at every level proves the tie; a proven reference as before
    assert _tie("feasible", {0: 2000, 2: 200_000}).sentence("en").endswith(": gap 0%")
    assert _tie("optimal", {0: 2000, 2: 200_000}).sentence("en") == (
        "the plan costs the same as the best plan at every priority level: gap 0%")
