"""Personal data: pseudonyms replace names everywhere; outputs are no more readable than inputs."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from typer.testing import CliRunner

from branchplan import load_roster
from branchplan.cli import app
from branchplan.privacy import names_in, pseudonym, pseudonymise_roster

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()
KEY = "test-key-0123"


def test_pseudonyms_are_stable_keyed_and_distinct():
    a = pseudonym(b"k1-aaaaaaaa", "firm", "F001")
    assert a == pseudonym(b"k1-aaaaaaaa", "firm", "F001")
    assert a != pseudonym(b"k2-aaaaaaaa", "firm", "F001")
    assert a != pseudonym(b"k1-aaaaaaaa", "member", "F001")
    roster = load_roster(GUIGANG)
    p = pseudonymise_roster(roster, KEY.encode())
    assert not names_in(roster) & names_in(p)
    assert [f.id for f in p.firms] == [f.id for f in roster.firms]
    assert [f.size for f in p.firms] == [f.size for f in roster.firms]


def test_solve_pseudonymise_shows_no_real_name(tmp_path):
    names = names_in(load_roster(GUIGANG))
    assert len(names) > 50
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "--pseudonymise", "--pseudonym-key", KEY,
                              "-o", str(out), "--format", "text"])
    assert res.exit_code == 0, res.output
    blob = res.output + out.read_text(encoding="utf-8")
    assert "律所-" in res.stdout
    assert not [n for n in names if n in blob]
    again = runner.invoke(app, ["solve", str(GUIGANG), "--pseudonymise", "--pseudonym-key", KEY, "--format", "text"])
    assert again.stdout == res.stdout


def test_pseudonymise_without_key_is_a_usage_error(monkeypatch):
    monkeypatch.delenv("BRANCHPLAN_PSEUDONYM_KEY", raising=False)
    res = runner.invoke(app, ["solve", str(GUIGANG), "--pseudonymise"])
    assert res.exit_code == 2 and "needs a key" in res.stderr


def test_plan_is_no_more_readable_than_the_roster(tmp_path):
    firms = tmp_path / "firms.yaml"
    shutil.copy(GUIGANG, firms)
    os.chmod(firms, 0o600)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "-o", str(out)])
    assert res.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0


CURRENT = ROOT / "examples" / "guigang" / "plan-current.yaml"


def test_ci_outputs_name_members_by_id_unless_asked(tmp_path):
    roster = load_roster(GUIGANG)
    names = names_in(roster)
    solved = tmp_path / "solved.yaml"
    assert runner.invoke(app, ["solve", str(GUIGANG), "-o", str(solved)]).exit_code == 0
    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--base", str(solved),
                                  "--format", fmt])
        assert res.exit_code == 0, (fmt, res.output)
        assert "M00" in res.stdout or fmt in ("github", "junit", "sarif"), fmt
        assert not [n for n in names if n in res.stdout], fmt
    for fmt in ("text", "json", "yaml", "markdown"):
        res = runner.invoke(app, ["diff", str(CURRENT), str(solved), "--firms", str(GUIGANG), "--format", fmt])
        assert res.exit_code == 0 and "M00" in res.stdout
        assert not [n for n in names if n in res.stdout], fmt
    shown = runner.invoke(app, ["diff", str(CURRENT), str(solved), "--firms", str(GUIGANG), "--show-names"])
    moved = [m for f in roster.firms for m in (f.member_list or ()) if f"{m.id} {m.name}" in shown.stdout]
    assert shown.exit_code == 0 and len(moved) >= 5
    md = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--base", str(solved),
                             "--format", "markdown", "--show-names"])
    assert md.exit_code == 0 and any(f"{m.id} {m.name}" in md.stdout for m in moved)


def test_check_and_diff_pseudonymise_names_shown(tmp_path):
    roster = load_roster(GUIGANG)
    names = names_in(roster)
    solved = tmp_path / "solved.yaml"
    assert runner.invoke(app, ["solve", str(GUIGANG), "-o", str(solved)]).exit_code == 0
    for args in (["diff", str(CURRENT), str(solved), "--firms", str(GUIGANG)],
                 ["check", str(CURRENT), "--firms", str(GUIGANG), "--base", str(solved), "-f", "markdown"]):
        res = runner.invoke(app, args + ["--show-names", "--pseudonymise", "--pseudonym-key", KEY])
        assert res.exit_code == 0, res.output
        assert "党员-" in res.stdout
        assert not [n for n in names if n in res.stdout]
    res = runner.invoke(app, ["diff", str(CURRENT), str(solved), "--firms", str(GUIGANG), "--pseudonymise"],
                        env={"BRANCHPLAN_PSEUDONYM_KEY": ""})
    assert res.exit_code == 2 and "needs a key" in res.stderr


def test_pseudonymise_warns_when_firm_ids_are_the_firms_names(tmp_path):
    """A roster imported without a firm-id column has the firms' names as ids, which
    --pseudonymise keeps: every command that takes it says so (once, naming the first), in
    either language; ids that are not names give no such warning."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 柳州市\nfirms:\n"
                     "  - {id: 广西甲律师事务所, members: {full: 3}}\n"
                     "  - {id: 广西乙律师事务所, members: {full: 2}}\n"
                     "  - {id: F003, name: 广西丙律师事务所, members: {full: 1}}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    env = {"BRANCHPLAN_PSEUDONYM_KEY": KEY}
    en = ("warning: 2 firm or host ids read as the units' names (广西甲律师事务所, ...): --pseudonymise replaces "
          "names, not ids, so the output still names those units; to hide them, give ids that are not names "
          "(a firm-id column, 律所编号, when importing)")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan), "--pseudonymise", "--lang", "en"], env=env)
    assert res.exit_code == 0, res.output
    assert f"{firms}: {en}" in res.output.splitlines()
    zh = runner.invoke(app, ["report", str(plan), "--firms", str(firms), "--pseudonymise", "--lang", "zh",
                             "-o", str(tmp_path / "r.html")], env=env)
    assert zh.exit_code == 0 and (f"{firms}: 警告：有 2 个单位编号即单位名称（广西甲律师事务所 等）：--pseudonymise 只替换名称、"
                                  "不替换编号") in zh.output
    for args in (["check", str(plan), "--firms", str(firms)], ["diff", str(plan), str(plan), "--firms", str(firms)]):
        res = runner.invoke(app, args + ["--pseudonymise", "--lang", "en"], env=env)
        assert res.exit_code == 0 and res.output.count(en) == 1, res.output
        assert en not in runner.invoke(app, args + ["--lang", "en"], env=env).output     # (not asked for)
    clean = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(tmp_path / "g.yaml"), "--pseudonymise"], env=env)
    assert clean.exit_code == 0 and "warning" not in clean.output


def test_pseudonymise_keeps_a_counts_form_firms_counts(tmp_path):
    """Counts name nobody: a counts-form roster solved with --pseudonymise places every member
    (its counts were dropped, and the plan placed no one, exit 0), and its report counts them."""
    import yaml

    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: T\nfirms:\n  - {id: F1, name: 甲所, members: {full: 3}}\n"
                     "  - {id: F2, name: 乙所, members: {full: 2, probationary: 1}}\n"
                     "  - {id: F3, members: {full: 1}}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    env = {"BRANCHPLAN_PSEUDONYM_KEY": KEY}
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan), "--pseudonymise"], env=env)
    assert res.exit_code == 0, res.output
    written = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert sorted(sorted(b["firms"]) for b in written["branches"]) == [["F1"], ["F2", "F3"]]
    assert written["summary"]["members"] == 7
    assert runner.invoke(app, ["check", str(plan), "--firms", str(firms)]).exit_code == 0
    page = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(plan), "--firms", str(firms), "--pseudonymise", "-o", str(page)],
                         env=env).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "甲所" not in html and pseudonym(KEY.encode(), "firm", "F1") in html


def test_the_warning_for_one_name_as_id_and_none_for_coded_ids(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 柳州市\nfirms:\n  - {id: 广西甲律师事务所, members: {full: 3}}\n"
                     "  - {id: 柳州-001, members: {full: 3}}\n  - {id: 柳律所C, members: {full: 3}}\n"
                     "  - {id: LZ02, members: {full: 3}}\n", encoding="utf-8")
    env = {"BRANCHPLAN_PSEUDONYM_KEY": KEY}
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "p.yaml"), "--pseudonymise", "--lang", "en"],
                        env=env)
    assert res.exit_code == 0, res.output
    warned = [s for s in res.output.splitlines() if "--pseudonymise replaces names" in s]
    # (柳律所C holds a letter, not a digit: a name to the eye; 柳州-001 a code)
    assert len(warned) == 1 and warned[0].startswith(
        f"{firms}: warning: 2 firm or host ids read as the units' names (广西甲律师事务所, ...)"), warned
    firms.write_text("jurisdiction: 柳州市\nfirms:\n  - {id: 广西甲律师事务所, members: {full: 3}}\n"
                     "  - {id: 柳州-001, members: {full: 3}}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "p.yaml"), "--pseudonymise", "--lang", "en"],
                        env=env)
    assert (f"{firms}: warning: 1 firm or host id reads as the unit's name (广西甲律师事务所): --pseudonymise replaces "
            "names, not ids, so the output still names that unit") in res.output
