"""explain -b / --firm say what a branch's size makes it (党支部, 党总支 or 基层党委) and how it
is led (支部委员会 from 7 full members, else a secretary), as a plan file records them, in
the text and the JSON; the whole plan's table names the level in its kind column."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FIRMS = ("jurisdiction: 甲市\nas_of: 2026-11-01\nfirms:\n"
         "  - {id: P, location: {x: 0, y: 0}, members: {full: 152, probationary: 9}}\n"
         "  - {id: G, location: {x: 1, y: 0}, members: {full: 59, probationary: 3}}\n"
         "  - {id: C, location: {x: 2, y: 0}, members: {full: 8}}\n"
         "  - {id: S, location: {x: 3, y: 0}, members: {full: 4}}\n")
PLAN = ("branches:\n  - {id: B001, lead: P, firms: [P]}\n  - {id: B002, lead: G, firms: [G]}\n"
        "  - {id: B003, lead: C, firms: [C]}\n  - {id: B004, lead: S, firms: [S]}\n")


@pytest.fixture
def files(tmp_path):
    f, p = tmp_path / "f.yaml", tmp_path / "p.yaml"
    f.write_text(FIRMS, encoding="utf-8")
    p.write_text(PLAN, encoding="utf-8")
    return str(p), str(f)


def _explain(files, *args):
    plan, firms = files
    res = runner.invoke(app, ["explain", plan, "--firms", firms, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize("branch, head_zh, line_zh, line_en", [
    ("B001", "基层党委 B001（单独组建，甲市）", "B001 有党员 161 名（100 名以上）：组建基层党委，设党委。",
     "B001 has 161 members, 100 or more: it is a primary committee (基层党委), led by a Party committee (党委)."),
    ("B002", "党总支 B002（单独组建，甲市）", "B002 有党员 62 名（50 至 99 名）：组建党总支，设党总支委员会。",
     "B002 has 62 members, 50 to 99: it is a general branch (党总支), led by a general branch committee (党总支委员会)."),
    ("B003", "支部 B003（单独组建，甲市）", "B003 有正式党员 8 名（7 名以上）：设支部委员会。",
     "B003 has 8 full members, 7 or more: it elects a branch committee (支部委员会)."),
    ("B004", "支部 B004（单独组建，甲市）", "B004 有正式党员 4 名（不足 7 名）：不设支部委员会，设支部书记。",
     "B004 has 4 full members, fewer than 7: it has a secretary (支部书记), no committee."),
])
def test_branch_says_its_level_and_leadership(files, branch, head_zh, line_zh, line_en):
    zh = _explain(files, "-b", branch, "--lang", "zh").splitlines()
    assert zh[0].startswith(head_zh) and zh[2] == line_zh
    en = _explain(files, "-b", branch, "--lang", "en").splitlines()
    assert en[2] == line_en
    firm = {"B001": "P", "B002": "G", "B003": "C", "B004": "S"}[branch]
    assert "  - " + line_zh in _explain(files, "--firm", firm, "--lang", "zh").splitlines()


def test_the_json_carries_them(files):
    b = json.loads(_explain(files, "-b", "B001", "--format", "json"))
    assert (b["level"], b["leadership"], b["secretary_candidates"]) == ("primary_committee", "committee", 152)
    s = json.loads(_explain(files, "-b", "B004", "--format", "json"))
    assert (s["level"], s["leadership"]) == (None, "secretary")
    f = json.loads(_explain(files, "--firm", "G", "--format", "json"))
    assert f["branch_organisation"] == {"members": 62, "full_members": 59, "level": "general_branch",
                                        "leadership": "committee", "secretary_candidates": 59}
    whole = json.loads(_explain(files, "--format", "json"))
    assert [r["level"] for r in whole["branches"]] == ["primary_committee", "general_branch", None, None]


def test_the_plan_table_names_the_level(files):
    en = _explain(files, "--lang", "en")
    assert "B001    standalone, primary committee" in en and "B002    standalone, general branch" in en
    zh = _explain(files, "--lang", "zh")
    assert "单独组建，基层党委" in zh and "单独组建，党总支" in zh


def test_one_full_member_is_singular():
    from branchplan.explain_text import text

    assert text("explain.org.secretary", "en", branch="B2", full=1, least=7).startswith("B2 has 1 full member, fewer")
