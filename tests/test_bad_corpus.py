"""The bad-input corpus: hand-made bad files under tests/corpus/bad/, each with the exact
message branchplan must print for it (a sidecar ``NAME.expected``), through both commands
that read input files:

- firms/: ``branchplan solve FILE -o OUT`` and ``branchplan check PLAN --firms FILE -o OUT``
- rules/: the same with the Guigang example and ``--rules FILE``
- plans/: ``branchplan check FILE --firms examples/guigang/firms.yaml -o OUT`` (and the
  loader, ``load_plan``)

Every case: exit 2, exactly the expected ``file:line:col: ...`` lines on stderr, nothing
on stdout, no traceback, no output file. Files whose name starts with ``_`` are helpers
(named by other cases), not cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errors import InputError
from branchplan.plan import load_plan

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "bad"
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
CURRENT = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()
#: Bad only for a solver: check evaluates a given plan and never builds an objective.
SOLVE_ONLY = {"weight-absurd.yaml"}


def cases(kind: str) -> list[str]:
    return sorted(p.name for p in (CORPUS / kind).iterdir()
                  if not p.name.endswith(".expected") and not p.name.startswith("_"))


def expected(kind: str, name: str) -> str:
    return (CORPUS / kind / f"{name}.expected").read_text(encoding="utf-8")


def test_every_case_has_its_expected_message():
    """Each message names the file and (but for a closing summary line) its line and column."""
    for kind in ("firms", "rules", "plans"):
        for name in cases(kind):
            lines = expected(kind, name).splitlines()
            assert lines, f"{kind}/{name}: empty .expected"
            for line in lines:
                assert re.match(rf"{kind}/[^:]+:\d+(:\d+)?: \S", line) or line.endswith("(fix the ones above first)"), line
        orphans = [p.name for p in (CORPUS / kind).glob("*.expected")
                   if not (CORPUS / kind / p.name.removesuffix(".expected")).exists()]
        assert not orphans, orphans


def test_the_corpus_covers_the_kinds_of_bad_input():
    """A guard against the corpus shrinking: the issue's list, by file name."""
    firms = " ".join(cases("firms"))
    for word in ("empty", "gbk", "malformed", "duplicate-key", "duplicate-firm-id", "member-in-two-firms",
                 "date-", "negative-count", "absurd-count", "out-of-range", "missing-for-some",
                 "mixed-planar-geographic", "unknown-", "alias-bomb", "deeply-nested", "python-object-tag"):
        assert word in firms, word
    rules = " ".join(cases("rules"))
    for word in ("unknown-kind", "unknown-param", "extends-cycle", "unknown-rule-code", "gbk"):
        assert word in rules, word
    assert len(cases("firms")) + len(cases("rules")) + len(cases("plans")) >= 130


def _run(args: list[str], tmp_path: Path, monkeypatch) -> tuple:
    monkeypatch.chdir(CORPUS)
    out = tmp_path / ("plan.yaml" if args[0] == "solve" else "report.txt")
    res = runner.invoke(app, args + ["-o", str(out)])
    return res, out


def assert_refused(res, out: Path, kind: str, name: str, tmp_path: Path) -> None:
    assert res.exit_code == 2, res.output
    assert res.stderr == expected(kind, name)
    assert res.stdout == ""
    assert "Traceback" not in res.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", cases("firms"))
def test_bad_firms_file(name, tmp_path, monkeypatch):
    res, out = _run(["solve", f"firms/{name}"], tmp_path, monkeypatch)
    assert_refused(res, out, "firms", name, tmp_path)


@pytest.mark.parametrize("name", cases("rules"))
def test_bad_rules_file(name, tmp_path, monkeypatch):
    res, out = _run(["solve", str(GUIGANG), "--rules", f"rules/{name}"], tmp_path, monkeypatch)
    assert_refused(res, out, "rules", name, tmp_path)


@pytest.mark.parametrize("name", cases("firms"))
def test_bad_firms_file_in_check(name, tmp_path, monkeypatch):
    res, out = _run(["check", str(CURRENT), "--firms", f"firms/{name}"], tmp_path, monkeypatch)
    assert_refused(res, out, "firms", name, tmp_path)


@pytest.mark.parametrize("name", [n for n in cases("rules") if n not in SOLVE_ONLY])
def test_bad_rules_file_in_check(name, tmp_path, monkeypatch):
    res, out = _run(["check", str(CURRENT), "--firms", str(GUIGANG), "--rules", f"rules/{name}"],
                    tmp_path, monkeypatch)
    assert_refused(res, out, "rules", name, tmp_path)


@pytest.mark.parametrize("name", cases("plans"))
def test_bad_plan_file_in_check(name, tmp_path, monkeypatch):
    res, out = _run(["check", f"plans/{name}", "--firms", str(GUIGANG)], tmp_path, monkeypatch)
    assert_refused(res, out, "plans", name, tmp_path)


@pytest.mark.parametrize("name", cases("plans"))
def test_bad_plan_file_loaded(name, monkeypatch):
    monkeypatch.chdir(CORPUS)
    with pytest.raises(InputError) as info:
        load_plan(f"plans/{name}")
    assert str(info.value) + "\n" == expected("plans", name)
    assert info.value.exit_code == 2


def _other_command_args(cmd: str, kind: str, name: str) -> list[str]:
    """The same bad file given to report, explain and diff (in the place it would take there)."""
    bad = f"{kind}/{name}"
    plans = [bad if kind == "plans" else str(CURRENT)] + ([str(CURRENT)] if cmd == "diff" else [])
    firms = bad if kind == "firms" else str(GUIGANG)
    rules = ["--rules", bad] if kind == "rules" else []
    return [cmd, *plans, "--firms", firms, *rules]


@pytest.mark.parametrize("cmd", ["report", "explain", "diff"])
@pytest.mark.parametrize("kind,name", [(k, n) for k in ("firms", "rules", "plans") for n in cases(k)
                                       if n not in SOLVE_ONLY])
def test_bad_input_in_the_other_commands(cmd, kind, name, tmp_path, monkeypatch):
    """Every command that reads these files says the same thing about them."""
    monkeypatch.chdir(CORPUS)
    res = runner.invoke(app, _other_command_args(cmd, kind, name))
    assert res.exit_code == 2, res.output
    assert res.stderr == expected(kind, name)
    assert res.stdout == ""
