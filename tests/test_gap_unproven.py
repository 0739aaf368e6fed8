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
