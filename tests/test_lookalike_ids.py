"""Ids that read as one (case, width, accent form) are one id to a reader: a firms file or a
plan refuses the second (the corpus has those cases); a waiver naming a look-alike of an id
is refused rather than left to match nothing; a CSV import gives the same verdict as the
firms file it would write."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
CURRENT = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()


@pytest.mark.parametrize("subject", ["b002", "Ｂ002"])
def test_a_waiver_for_a_look_alike_of_a_branch_id_is_refused(tmp_path, subject):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(f"waivers:\n  - {{code: BP-DISTRICT, subject: {subject}, reason: x, expires: 2027-06-30}}\n",
                       encoding="utf-8")
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(waivers),
                              "--as-of", "2026-11-01"])
    assert res.exit_code == 2
    assert res.stderr == (f"{waivers}:2:5: subject: the waiver's subject {subject!r} is not an id of the plan or "
                          "the firms file but differs from 'B002' only in case, width or accents: write 'B002'\n")


def test_import_refuses_case_look_alikes_as_the_firms_file_would(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n"
                   "F001,甲所,贵港市,M01,张一,正式,2010-07-01\nf001,乙所,贵港市,M02,李二,正式,2011-07-01\n",
                   encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2
    assert "firm id 'f001' differs from 'F001'" in res.stderr
    assert not out.exists()


def test_host_ids_that_look_like_a_firms_or_another_hosts_are_refused_naming_it(tmp_path):
    src = tmp_path / "firms.yaml"
    src.write_text("jurisdiction: 贵港市\nas_of: 2026-11-01\nfirms:\n  - {id: F1, location: {x: 0, y: 0}, members: {full: 3}}\n"
                   "hosts:\n  - {id: h1, location: {x: 1, y: 1}}\n  - {id: H1, location: {x: 1, y: 1}}\n"
                   "  - {id: f1, location: {x: 2, y: 1}}\n  - {id: F1, location: {x: 2, y: 1}}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(src), "-q", "--lang", "en"])
    assert res.exit_code == 2
    assert f"{src}:7:10: hosts[1].id: host id 'H1' differs from 'h1' (another firm's or host's id) only in case" in res.stderr
    assert f"{src}:8:10: hosts[2].id: host id 'f1' differs from 'F1'" in res.stderr
    assert f"{src}:9:10: hosts[3].id: host id 'F1' is already used by a firm or host" in res.stderr
