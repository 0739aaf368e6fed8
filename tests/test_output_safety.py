"""Nothing lost, nothing half-written: atomic output, inputs never overwritten, failed
verification writes nothing (exit 3), a closed pipe is not a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan import writing
from branchplan.cli import app
from branchplan.errors import InputError
from branchplan.writing import atomic_write
from branchplan.rules import KINDS

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- atomic_write

def test_atomic_write_replaces_the_whole_file(tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    atomic_write(target, "新的计划\n")
    assert target.read_text(encoding="utf-8") == "新的计划\n"
    assert leftovers(tmp_path) == []


def test_output_is_no_more_readable_than_its_inputs(tmp_path):
    secret = tmp_path / "firms.yaml"
    secret.write_text("x")
    secret.chmod(0o600)
    target = tmp_path / "plan.yaml"
    atomic_write(target, "plan\n", mode_from=[secret])
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_read_only_input_does_not_make_the_output_read_only(tmp_path):
    """Only an input's read bits bound the output's: a roster kept read-only (0444, or a
    read-only owner-only 0400) gives a plan its owner can write, as readable as the roster."""
    import os

    umask = os.umask(0o022)
    try:
        for inp_mode, expected in ((0o444, 0o644), (0o400, 0o600), (0o440, 0o640)):
            roster = tmp_path / f"firms-{inp_mode:o}.yaml"
            roster.write_text("x")
            roster.chmod(inp_mode)
            target = tmp_path / f"plan-{inp_mode:o}.yaml"
            atomic_write(target, "plan\n", mode_from=[roster])
            assert target.stat().st_mode & 0o777 == expected, (oct(inp_mode), oct(target.stat().st_mode))
        # the file replaced keeps its read restriction, not its write protection (an old
        # plan made read-only: writing it again is what the user asked for)
        kept = tmp_path / "kept.yaml"
        kept.write_text("old\n")
        kept.chmod(0o440)
        atomic_write(kept, "new\n")
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failure_mid_write_keeps_the_previous_file_and_no_temp_file(tmp_path, monkeypatch, where):
    target = tmp_path / "plan.yaml"
    target.write_text("previous plan\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "write":
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, text):
                self.fh.write(text[: len(text) // 2])
                self.fh.flush()
                fail()

        monkeypatch.setattr(writing.os, "fdopen", lambda *a, **k: Half(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(writing.os, where, fail)
    with pytest.raises(InputError) as info:
        atomic_write(target, "new plan, longer than the old one\n" * 100)
    assert str(info.value) == f"{target}: cannot write the output: No space left on device"
    assert target.read_text() == "previous plan\n"
    assert leftovers(tmp_path) == []


def test_an_interrupt_mid_write_keeps_the_previous_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_text("previous plan\n")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(writing.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new plan\n")
    assert target.read_text() == "previous plan\n"
    assert leftovers(tmp_path) == []


def test_an_unwritable_folder_is_an_input_error(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writing.tempfile, "mkstemp", denied)
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 2
    assert res.stderr == f"{tmp_path / 'plan.yaml'}: cannot write the output: Permission denied\n"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- inputs are never overwritten

def _copy_example(tmp_path: Path) -> Path:
    firms = tmp_path / "firms.yaml"
    firms.write_bytes(GUIGANG.read_bytes())
    return firms


def test_output_equal_to_the_firms_file_is_refused_before_solving(tmp_path):
    firms = _copy_example(tmp_path)
    before = firms.read_bytes()
    res = runner.invoke(app, ["solve", str(firms), "-o", str(firms)])
    assert res.exit_code == 2
    assert res.stderr == f"{firms}: refusing to overwrite an input file; choose another output path\n"
    assert res.stdout == ""
    assert firms.read_bytes() == before


@pytest.mark.parametrize("how", ["symlink", "hardlink", "relative"])
def test_output_reaching_the_firms_file_another_way_is_refused(tmp_path, monkeypatch, how):
    firms = _copy_example(tmp_path)
    before = firms.read_bytes()
    other = tmp_path / "plan.yaml"
    if how == "symlink":
        other.symlink_to(firms)
    elif how == "hardlink":
        os.link(firms, other)
    else:
        (tmp_path / "sub").mkdir()
        monkeypatch.chdir(tmp_path / "sub")
        other = Path("../firms.yaml")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(other)])
    assert res.exit_code == 2
    assert "refusing to overwrite an input file" in res.stderr
    assert firms.read_bytes() == before


def test_output_equal_to_the_rules_file_is_refused(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules: []\n")
    res = runner.invoke(app, ["solve", str(GUIGANG), "--rules", str(rules), "-o", str(rules)])
    assert res.exit_code == 2
    assert rules.read_text() == "extends: cpc-branch-2018\nrules: []\n"


@pytest.mark.parametrize("name,message", [
    ("plan.txt", "output file must end in .yaml, .yml or .json"),
    # (a workbook or a page asked of solve: where to get one)
    ("plan.xlsx", "output file must end in .yaml, .yml or .json (a plan as an Excel workbook or a web page: "
                  "branchplan report PLAN --firms FIRMS -o plan.xlsx)"),
    ("plan.HTM", "(a plan as an Excel workbook or a web page: branchplan report PLAN --firms FIRMS -o plan.html)"),
    ("missing/plan.yaml", "output folder"),
    ("folder.yaml", "is a folder; give a file name for the output"),
])
def test_bad_output_paths_exit_2_and_write_nothing(tmp_path, name, message):
    (tmp_path / "folder.yaml").mkdir()
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(tmp_path / name)])
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.yaml"]


_G = ROOT / "examples" / "guigang"


@pytest.mark.parametrize("args", [
    ["solve", str(GUIGANG)],
    ["solve", str(_G / "firms-2027.yaml"), "--current", str(_G / "plan-current.yaml")],
    ["check", str(_G / "plan-current.yaml"), "--firms", str(GUIGANG)],
    ["diff", str(_G / "plan-current.yaml"), str(_G / "plan-current.yaml"), "--firms", str(GUIGANG)],
    ["report", str(_G / "plan-current.yaml"), "--firms", str(GUIGANG)],
    ["import", "ROSTER", "--jurisdiction", "贵港市"],
    ["schema", "firms"],
], ids=lambda a: "-".join(a[:1] + (["current"] if "--current" in a else [])))
@pytest.mark.parametrize("folder", ["out", "out.yaml"])
def test_every_command_says_the_same_of_an_output_folder(tmp_path, args, folder):
    """-o naming a folder: one clear sentence, whatever suffix the folder's name has, before
    any work (nothing printed on stdout, nothing written)."""
    (tmp_path / folder).mkdir()
    roster = tmp_path / "roster.csv"
    roster.write_text("律所名称,姓名,党员类别,入党时间\n甲所,张三,正式,2010-07-01\n", encoding="utf-8")
    args = [str(roster) if a == "ROSTER" else a for a in args]
    res = runner.invoke(app, args + ["-o", str(tmp_path / folder)])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{tmp_path / folder}: is a folder; give a file name for the output\n"
    assert res.stdout == ""
    assert list((tmp_path / folder).iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder, "roster.csv"])


@pytest.mark.parametrize("changes", ["missing/changes.md", "folder.md"])
def test_a_bad_changes_path_is_refused_before_any_output_is_written(tmp_path, changes):
    """Re-planning writes two files: a bad second one must not leave the first overwritten."""
    (tmp_path / "folder.md").mkdir()
    out = tmp_path / "plan.yaml"
    out.write_text("the plan in force\n", encoding="utf-8")
    guigang = ROOT / "examples" / "guigang"
    res = runner.invoke(app, ["solve", str(guigang / "firms-2027.yaml"), "--current", str(guigang / "plan-current.yaml"),
                              "--changes", str(tmp_path / changes), "-o", str(out)])
    assert res.exit_code == 2
    assert str(tmp_path / changes) in res.stderr and "Traceback" not in res.output
    assert out.read_text(encoding="utf-8") == "the plan in force\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.md", "plan.yaml"]


@pytest.mark.parametrize("fails", ["staging", "renaming"])
@pytest.mark.parametrize("plan_existed", [True, False])
def test_a_change_list_that_cannot_be_written_leaves_the_plan_as_it_was(tmp_path, monkeypatch, fails, plan_existed):
    """-o and --changes are written both or neither: exit 2 means nothing was written."""
    out, memo = tmp_path / "plan.yaml", tmp_path / "changes.md"
    if plan_existed:
        out.write_text("the plan in force\n", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if fails == "staging":
        real_mkstemp = writing.tempfile.mkstemp
        monkeypatch.setattr(writing.tempfile, "mkstemp", lambda *a, prefix="", **k: full() if prefix.startswith(
            ".changes.md") else real_mkstemp(*a, prefix=prefix, **k))
    else:
        real_replace = writing.os.replace
        monkeypatch.setattr(writing.os, "replace", lambda src, dst: full() if Path(dst) == memo
                            else real_replace(src, dst))
    guigang = ROOT / "examples" / "guigang"
    res = runner.invoke(app, ["solve", str(guigang / "firms-2027.yaml"), "--current", str(guigang / "plan-current.yaml"),
                              "-o", str(out), "--changes", str(memo)])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{memo}: cannot write the output: No space left on device\n"
    if plan_existed:
        assert out.read_text(encoding="utf-8") == "the plan in force\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]
    else:
        assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- defence in depth

def _drop_rule(monkeypatch, kind: str, code: str) -> None:
    """Fault injection: the encoder of one rule posts nothing (the solver no longer knows it)."""
    module = KINDS[kind]
    real = module.encode
    monkeypatch.setattr(module, "encode", lambda rule, enc: None if rule.code == code else real(rule, enc))


def test_a_plan_breaking_a_hard_rule_is_never_written(tmp_path, monkeypatch):
    _drop_rule(monkeypatch, "branch_aggregate", "BP-MIN-FULL")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out)])
    assert res.exit_code == 3
    assert res.stderr.startswith("internal error: the solver's plan breaks hard rules: BP-MIN-FULL ")
    assert res.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_plan_whose_cost_the_evaluators_dispute_is_never_written(tmp_path, monkeypatch):
    module = KINDS["distance"]
    real = module.pair_cost
    monkeypatch.setattr(module, "pair_cost", lambda rule, firm, loc: (lambda r: (r[0], 2 * r[1]))(real(rule, firm, loc)))
    calls = []
    real_evaluate = module.evaluate

    def evaluate(rule, view):  # the evaluators keep the true cost
        calls.append(rule.code)
        monkeypatch.setattr(module, "pair_cost", real)
        return real_evaluate(rule, view)

    monkeypatch.setattr(module, "evaluate", evaluate)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out)])
    assert calls == ["BP-DISTANCE"]
    assert res.exit_code == 3
    assert res.stderr.startswith("internal error: solver and evaluators disagree on the plan's cost")
    assert not out.exists()


def test_an_unexpected_exception_is_an_internal_error_not_a_traceback(tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("branchplan.cli.solve.run_solve", boom)
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 3
    assert res.stderr == ("internal error: ZeroDivisionError: division by zero "
                          "(please report it; BRANCHPLAN_DEBUG=1 shows the traceback)\n")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- pipes

def test_a_closed_pipe_is_not_a_crash():
    """`branchplan solve firms.yaml | head -1`: the reader has gone; exit quietly (141)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    proc = subprocess.Popen([sys.executable, "-m", "branchplan", "solve", str(GUIGANG), "-f", "yaml"],
                            stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def _closed_pipe_run(args, both: bool) -> int:
    """Run branchplan with stderr (and stdout too when ``both``) into a pipe nobody reads."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.Popen([sys.executable, "-m", "branchplan", *args],
                            stdout=write_end if both else subprocess.DEVNULL, stderr=write_end)
    os.close(write_end)
    return proc.wait(timeout=120)


def test_bad_input_said_into_a_closed_pipe_is_still_bad_input(tmp_path):
    """`branchplan check typo.yaml ... 2>&1 | head -0`: the message about the bad input cannot
    be written, but the exit code still says bad input (2), not 1 (a failed gate) from a
    traceback; a report on stdout whose reader went away is 141, as documented."""
    plan = tmp_path / "typo.yaml"
    plan.write_text((GUIGANG.parent / "plan-current.yaml").read_text(encoding="utf-8") + "bogus: 1\n",
                    encoding="utf-8")
    check = ["check", str(plan), "--firms", str(GUIGANG)]
    assert _closed_pipe_run(check, both=True) == 2
    assert _closed_pipe_run(check + ["-f", "json"], both=False) == 2
    assert _closed_pipe_run(["solve", str(tmp_path / "missing.yaml")], both=True) == 2
    assert _closed_pipe_run(check + ["-f", "json"], both=True) == 141


@pytest.mark.parametrize("args", [["check"], ["solve", "x.yaml", "--time-limit", "abc"], ["solve", "--bogus"],
                                  ["check", "--lang", "zh"]])
def test_a_usage_error_said_into_a_closed_pipe_is_still_a_usage_error(args):
    """The command line's own errors (a missing argument, a bad value, an unknown option)
    keep their exit code 2 when stderr's reader went away."""
    assert _closed_pipe_run(args, both=True) == 2


def test_rewriting_an_output_keeps_its_restriction_and_writes_through_a_link(tmp_path):
    """An owner who restricted last year's plan keeps it restricted; a plan path that is a
    link (plan.yaml -> share/plan.yaml) updates the shared file and stays a link."""
    kept = tmp_path / "kept.yaml"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o600)
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(kept)])
    assert res.exit_code == 0, res.output
    assert kept.read_text(encoding="utf-8").startswith("status:") and (kept.stat().st_mode & 0o777) == 0o600
    share = tmp_path / "share"
    share.mkdir()
    (share / "plan.yaml").write_text("old\n", encoding="utf-8")
    link = tmp_path / "plan.yaml"
    link.symlink_to(share / "plan.yaml")
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(link)])
    assert res.exit_code == 0, res.output
    assert link.is_symlink() and (share / "plan.yaml").read_text(encoding="utf-8").startswith("status:")
    assert [p.name for p in share.iterdir()] == ["plan.yaml"]  # no temporary file left beside it


def _chain(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A rules file that extends another, which extends the shipped charter."""
    firms = _copy_example(tmp_path)
    parent = tmp_path / "parent.yaml"
    parent.write_text("extends: cpc-branch-2018\nrules:\n  - {code: BP-DISTRICT, weight: 6}\n")
    child = tmp_path / "child.yaml"
    child.write_text("extends: ./parent.yaml\nrules: []\n")
    return firms, parent, child


@pytest.mark.parametrize("command", ["solve", "solve --changes", "check", "diff", "report"])
def test_output_equal_to_a_file_the_rules_file_extends_is_refused(tmp_path, command):
    firms, parent, child = _chain(tmp_path)
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-r", str(child), "-o", str(plan), "-q"]).exit_code == 0
    before = parent.read_bytes()
    args = {"solve": ["solve", str(firms), "-o", str(parent)],
            "solve --changes": ["solve", str(firms), "--current", str(plan), "--changes", str(parent)],
            "check": ["check", str(plan), "--firms", str(firms), "-f", "json", "-o", str(parent)],
            "diff": ["diff", str(plan), str(plan), "--firms", str(firms), "-f", "yaml", "-o", str(parent)],
            "report": ["report", str(plan), "--firms", str(firms), "-o", str(parent.with_suffix(".html"))]}[command]
    if command == "report":   # (a report is .html: the parent, linked under that name)
        os.link(parent, parent.with_suffix(".html"))
    res = runner.invoke(app, args + ["-r", str(child)])
    assert res.exit_code == 2, res.output
    assert "refusing to overwrite an input file" in res.stderr
    assert parent.read_bytes() == before


@pytest.mark.parametrize("command", ["solve", "check", "schema"])
def test_output_over_a_shipped_charter_is_refused(tmp_path, command):
    from branchplan.charter import DEFAULT_CHARTER, shipped_charters

    shipped = shipped_charters()[DEFAULT_CHARTER]
    before = shipped.read_bytes()
    firms = _copy_example(tmp_path)
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan), "-q"]).exit_code == 0
    args = {"solve": ["solve", str(firms), "-q"], "check": ["check", str(plan), "--firms", str(firms), "-f", "json"],
            "schema": ["schema", "firms"]}[command]
    res = runner.invoke(app, args + ["-o", str(shipped)])
    assert res.exit_code == 2, res.output
    assert "refusing to overwrite an input file" in res.stderr
    assert shipped.read_bytes() == before
