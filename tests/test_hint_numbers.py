"""A did-you-mean suggestion sets aside leading zeros, case and width (``B5`` is ``B005``, not
``B025``, which shares a digit), and finds an id by its last part (``f0044`` is
``C001-F0044``) where one id alone ends so."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errtext import closest

runner = CliRunner()

BRANCHES = [f"B{n:03d}" for n in range(1, 26)]
FIRMS = ["C001-F0005", "C001-F0025", "C001-F0044", "C002-F0005"]


@pytest.mark.parametrize("word, meant", [
    ("B5", "B005"), ("B7", "B007"), ("b17", "B017"), ("Ｂ5", "B005"), ("B12", "B012"),
])
def test_branch_numbers_without_their_zeros(word, meant):
    assert closest(word, BRANCHES) == meant


@pytest.mark.parametrize("word, meant", [
    ("f0044", "C001-F0044"), ("F44", "C001-F0044"), ("c001-f25", "C001-F0025"),
])
def test_firm_ids_by_their_last_part(word, meant):
    assert closest(word, FIRMS) == meant


FIRMS_FILE = ("jurisdiction: 甲市\nas_of: 2026-11-01\nfirms:\n" + "".join(
    f"  - {{id: C001-F{n:04d}, location: {{x: {n}, y: 0}}, members: {{full: 3}}}}\n" for n in range(1, 26)))
PLAN = "branches:\n" + "".join(f"  - {{id: B{n:03d}, lead: C001-F{n:04d}, firms: [C001-F{n:04d}]}}\n"
                               for n in range(1, 26))


@pytest.fixture
def files(tmp_path):
    f, p = tmp_path / "f.yaml", tmp_path / "p.yaml"
    f.write_text(FIRMS_FILE, encoding="utf-8")
    p.write_text(PLAN, encoding="utf-8")
    return str(p), str(f)


@pytest.mark.parametrize("args, lang, said", [
    (["-b", "B5"], "zh", "--branch：方案中没有支部“B5”（是否应为“B005”？）\n"),
    (["-b", "B7"], "en", "--branch: the plan has no branch 'B7' (did you mean 'B007'?)\n"),
    (["--firm", "f0024"], "en", "--firm: the firms file has no firm 'f0024' (did you mean 'C001-F0024'?)\n"),
])
def test_explain_suggests_the_id_meant(files, args, lang, said):
    plan, firms = files
    res = runner.invoke(app, ["explain", plan, "--firms", firms, *args, "--lang", lang])
    assert res.exit_code == 2 and res.stderr == said


def test_an_id_ending_two_cities_ids_gets_no_guess():
    from branchplan.errtext import closest

    ids = ["C001-F0004", "C002-F0004", "C001-F0005"]
    assert closest("F0004", ids) is None and closest("f4", ids) is None
    assert closest("F0005", ids) == "C001-F0005"
