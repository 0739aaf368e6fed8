"""English counts take the singular under a 1 (and the verb agrees): the HTML report's summary
cards, rule titles and descriptions built from parameters, the re-plan headline and memo, the
member-id refusal and warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _cards(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="value">([^<]*)</span><span class="label">([^<]*)</span>', html)


@pytest.mark.parametrize("full, cards", [
    (1, [("1", "unit"), ("1", "Party member"), ("1", "branch"), ("1", "hard finding")]),
    (2, [("2", "units"), ("4", "Party members"), ("2", "branches"), ("2", "hard findings")]),
])
def test_report_cards_say_one_unit_branch_and_hard_finding(tmp_path, full, cards):
    firms = "".join(f"  - {{id: F{i}, location: {{x: {i}, y: 0}}, members: {{full: {full}}}}}\n"
                    for i in range(1, full + 1))
    branches = "".join(f"  - {{id: B{i}, firms: [F{i}], lead: F{i}}}\n" for i in range(1, full + 1))
    f = _write(tmp_path / "firms.yaml", "jurisdiction: X\nas_of: 2026-11-01\nfirms:\n" + firms)
    p = _write(tmp_path / "plan.yaml", "branches:\n" + branches)
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["report", str(p), "--firms", str(f), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert _cards(out.read_text(encoding="utf-8"))[:4] == cards   # each branch is short of full members
    res = runner.invoke(app, ["report", str(p), "--firms", str(f), "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert [label for _, label in _cards(out.read_text(encoding="utf-8"))[:4]] == ["单位", "党员", "党支部", "硬性规则违反"]


@pytest.mark.parametrize("n, title, secretary", [
    (1, "At least 1 full member in every standalone and joint branch",
     "1 point for a branch with no full member whose standing is at least 1 year (no possible"),
    (2, "At least 2 full members in every standalone and joint branch",
     "2 points for a branch with no full member whose standing is at least 2 years (no possible"),
])
def test_rule_titles_and_descriptions_from_parameters_agree_with_their_number(tmp_path, n, title, secretary):
    rules = _write(tmp_path / "rules.yaml",
                   f"extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    params: {{min: {n}}}\n"
                   f"  - code: BP-SECRETARY\n    weight: {n}\n    params: {{min_standing_years: {n}}}\n")
    res = runner.invoke(app, ["rules", "show", "BP-MIN-FULL", "-r", str(rules)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1:3] == [title, f"每个单独支部和联合支部正式党员不少于{n}人"]
    res = runner.invoke(app, ["rules", "show", "BP-SECRETARY", "-r", str(rules)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1] == f"A secretary with at least {n} year{'s' if n > 1 else ''} of standing"
    assert secretary in res.stdout


def test_replan_headline_and_memo_say_one_member_changes_branch(tmp_path):
    f = _write(tmp_path / "firms.yaml", "jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
               "  - {id: A, location: {x: 0, y: 0}, members: {full: 3}}\n"
               "  - {id: X, location: {x: 1, y: 0}, members: {full: 1}}\n"
               "  - {id: C, location: {x: 2, y: 0}, members: {full: 2}}\n"
               "  - {id: D, location: {x: 3, y: 0}, members: {full: 1}}\n")
    cur = _write(tmp_path / "cur.yaml", "branches:\n  - {id: B1, firms: [A, X], lead: A}\n"
                 "  - {id: B2, firms: [C, D], lead: C}\n")
    memo = tmp_path / "changes.md"
    res = runner.invoke(app, ["solve", str(f), "--current", str(cur), "-o", str(tmp_path / "p.yaml"),
                              "--changes", str(memo), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "Re-planned from cur.yaml: 1 member in 1 firm changes branch\n" in res.stdout
    assert "Result: 1 member in 1 firm changes branch; 2 branches (was 2)" in memo.read_text(encoding="utf-8")


def test_one_member_id_naming_different_people_is_said_in_the_singular(tmp_path):
    text = (EX / "firms-2027.yaml").read_text(encoding="utf-8")
    assert "name: 张建军" in text
    new = _write(tmp_path / "firms-2027.yaml", text.replace("name: 张建军", "name: 张建君"))
    res = runner.invoke(app, ["solve", str(new), "--current", str(EX / "plan-current.yaml"),
                              "--old-firms", str(EX / "firms.yaml"), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert f"{EX / 'firms.yaml'}: 1 member id names different people in {EX / 'firms.yaml'} and {new} (" in res.stderr
