"""Dates are YYYY-MM-DD wherever one is given (--as-of, a firms file's as_of, the library's
as_of, a waiver's expires): the compact and week forms that date.fromisoformat reads on some
Python versions are refused on every one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.arguments import as_date
from branchplan.cli import app
from branchplan.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
CURRENT = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()
FORMS = ["20261101", "2026-W44-7", "2026W447", "2026-305", "2026-11-01T00:00"]


@pytest.mark.parametrize("day", FORMS)
@pytest.mark.parametrize("command", ["solve", "check"])
def test_as_of_option_takes_only_yyyy_mm_dd(day, command):
    args = ["solve", str(GUIGANG)] if command == "solve" else ["check", str(CURRENT), "--firms", str(GUIGANG)]
    res = runner.invoke(app, args + ["--as-of", day])
    assert res.exit_code == 2
    assert res.stderr == f"--as-of: {day!r} is not a date like 2026-11-01\n"


@pytest.mark.parametrize("day", FORMS)
def test_library_as_of_takes_only_yyyy_mm_dd(day):
    with pytest.raises(UsageError, match="is not a date like 2026-11-01"):
        as_date(day)


@pytest.mark.parametrize("day", FORMS)
def test_firms_file_as_of_text_takes_only_yyyy_mm_dd(tmp_path, day):
    firms = tmp_path / "firms.yaml"
    firms.write_text(f"jurisdiction: 贵港市\nas_of: '{day}'\nfirms:\n  - {{id: F1, members: {{full: 3}}}}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms)])
    assert res.exit_code == 2
    assert res.stderr == f"{firms}:2:8: as_of: expected a date like 2026-11-01, got {day!r}\n"


@pytest.mark.parametrize("written,shown", [
    ("1893456000", "1893456000"), ('"1893456000"', "'1893456000'"), ("0", "0"), ("20270630", "20270630"),
    ("2027/06/30", "'2027/06/30'"), ('"2027-W26-3"', "'2027-W26-3'")])
def test_waiver_expires_is_a_real_date(tmp_path, written, shown):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(f"waivers:\n  - {{code: BP-DISTRICT, subject: B002, reason: x, expires: {written}}}\n")
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(waivers),
                              "--as-of", "2026-11-01"])
    assert res.exit_code == 2
    assert res.stderr == f"{waivers}:2:60: waivers[0].expires: expected a date like 2026-11-01, got {shown}\n"


def test_waiver_expires_as_text_in_json(tmp_path):
    waivers = tmp_path / "waivers.json"
    waivers.write_text('{"waivers": [{"code": "BP-DISTRICT", "subject": "B002", "reason": "x", '
                       '"expires": "2027-06-30"}]}')
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(waivers),
                              "--as-of", "2026-11-01"])
    assert res.exit_code in (0, 1), res.output
