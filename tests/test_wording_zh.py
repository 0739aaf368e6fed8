"""Chinese (and English) wording of explain and diff: bounds in words (应不少于 3 名, not
>= 3), 已达界限 said once on a rule's line, no contradiction for a small firm alone in its
branch, a merged branch worded without "absorbing" itself, a full-width colon in Chinese,
and a re-plan's verdict that reads naturally (优先考虑)."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.diff import PlanDiff, RuleChange
from branchplan.explain_text import verdict
from branchplan.formats.diff import RAISED_SHOWN, raised_lines
from branchplan.rules.base import Finding

runner = CliRunner()
FIRMS = str(Path(__file__).parent / "data" / "diffhost" / "firms.yaml")


def _write(tmp_path: Path, name: str, branches: dict) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"branches": [{"id": i, "lead": lead, "firms": fs}
                                                 for i, (lead, fs) in branches.items()]}), encoding="utf-8")
    return str(path)


def _run(*args) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code in (0, 1), res.output
    return res.stdout


def test_a_small_firm_alone_is_told_it_should_be_grouped(tmp_path):
    plan = _write(tmp_path, "p.yaml", {"B1": ("A", ["A"]), "B2": ("D", ["D"]), "B3": ("C", ["C"])})
    zh = _run("explain", plan, "--firms", FIRMS, "--firm", "D", "--lang", "zh")
    assert "不单独建立党支部（BP-OWN-BRANCH），应与其他单位联合组建。\n  - 但该单位现单独在 B2。\n" in zh
    en = _run("explain", plan, "--firms", FIRMS, "--firm", "D", "--lang", "en")
    assert "and should be grouped with others.\n  - Yet it stands alone in B2.\n" in en
    assert "（>=" not in zh and "(>=" not in en
    assert "  - B2 违反 BP-MIN-FULL：1 名正式党员（应不少于 3 名）。\n" in zh
    assert "  - B2 breaks BP-MIN-FULL: 1 full member (at least 3).\n" in en


def test_a_binding_rule_says_so_once(tmp_path):
    plan = _write(tmp_path, "p.yaml", {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])})
    zh = _run("explain", plan, "--firms", FIRMS, "-b", "B1", "--lang", "zh")
    line = next(x for x in zh.splitlines() if "BP-MIN-FULL" in x)
    assert line.count("已达界限") == 1 and line.endswith("3 名正式党员（应不少于 3 名）")


def test_a_merged_branch_is_worded_as_made_from_its_parts(tmp_path):
    old = _write(tmp_path, "old.yaml", {"B1": ("A", ["A"]), "B2": ("C", ["C", "D"])})
    new = _write(tmp_path, "new.yaml", {"B1": ("A", ["A", "C", "D"])})
    zh = _run("diff", old, new, "--firms", FIRMS, "--lang", "zh")
    assert "  支部 B1 由原属 B1、B2 的单位合并而成\n" in zh and "吸收" not in zh


def test_more_raised_findings_take_a_full_width_colon_in_chinese():
    f = [Finding("BP-DISTRICT", "soft", f"firm F{i} is far", f"单位 F{i} 较远", cost=5.0) for i in range(RAISED_SHOWN + 4)]
    d = PlanDiff(rules=[RuleChange("BP-DISTRICT", "soft", 2, 0.0, 45.0, 0, 9, raised=tuple(f))])
    assert raised_lines(d, "zh")[-1] == "- BP-DISTRICT：另有 4 项"
    assert raised_lines(d, "en")[-1] == "- BP-DISTRICT: and 4 more"


def test_a_replan_verdict_reads_naturally():
    data = {"firm": "F1", "alternatives": [{"branch": "B2", "breaks": [], "mends": [], "delta": -1.0,
                                            "delta_by_priority": {"2": -1.0}}],
            "replan": {"rule": "BP-STABILITY", "priority": 1}, "considered": 1}
    zh = verdict(data, "zh")
    assert zh.endswith("调整方案优先考虑这一点。") and "计较" not in zh
