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
