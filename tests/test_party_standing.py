"""Party standing (党龄) counts from the day a member was made full (党章 art. 7): from
``full_since`` (转正时间) when the roster gives it, else from one year after ``joined``
(入党时间, the start of the probation). It was counted from ``joined``, so members admitted
12-24 months before the plan's date were secretary candidates with under a year's standing."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.model import Member, has_standing

runner = CliRunner()

HEAD = "jurisdiction: 柳州市\nas_of: 2027-11-01\nfirms:\n"


def _solve(tmp_path, firms: str, *more):
    src = tmp_path / "firms.yaml"
    src.write_text(HEAD + firms, encoding="utf-8")
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(src), "-o", str(out), *more])
    return res, src, out


def test_admitted_within_two_years_is_no_secretary_candidate(tmp_path):
    firms = ("  - {id: F1, location: {x: 0, y: 0}, members: [\n"
             "      {id: M1, status: full, joined: 2026-03-01},\n"       # full since 2027-03-01: 8 months
             "      {id: M2, status: full, joined: 2026-05-04},\n"       # 6 months
             "      {id: M3, status: full, joined: 2025-10-01}]}\n")     # 13 months
    res, _, out = _solve(tmp_path, firms)
    assert res.exit_code == 0, res.output
    branch = yaml.safe_load(out.read_text(encoding="utf-8"))["branches"][0]
    assert branch["secretary_candidates"] == 1


def test_a_branch_whose_full_members_were_admitted_lately_breaks_bp_secretary(tmp_path):
    firms = ("  - {id: F1, location: {x: 0, y: 0}, members: [\n"
             "      {id: M1, status: full, joined: 2026-03-01}, {id: M2, status: full, joined: 2026-05-04},\n"
             "      {id: M3, status: full, joined: 2026-01-10}]}\n")
    res, src, out = _solve(tmp_path, firms)
    assert res.exit_code == 0, res.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["branches"][0]["secretary_candidates"] == 0
    res = runner.invoke(app, ["check", str(out), "--firms", str(src)])
    assert res.exit_code == 0, res.output
    assert "BP-SECRETARY [soft]" in res.stdout


def test_full_since_counts_when_given(tmp_path):
    firms = ("  - {id: F1, location: {x: 0, y: 0}, members: [\n"
             "      {id: M1, status: full, joined: 2020-01-01, full_since: 2027-06-01},\n"   # probation extended
             "      {id: M2, status: full, joined: 2025-01-01, full_since: 2026-01-01},\n"
             "      {id: M3, status: full, joined: 2024-01-01, full_since: 2026-11-01}]}\n")  # exactly a year
    res, _, out = _solve(tmp_path, firms)
    assert res.exit_code == 0, res.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["branches"][0]["secretary_candidates"] == 2


@pytest.mark.parametrize("member, message", [
    ("{id: M1, status: probationary, joined: 2027-03-01, full_since: 2027-06-01}",
     "full_since (转正时间) is given for a probationary member: only a full member has one"),
    ("{id: M1, status: full, joined: 2020-03-01, full_since: 2019-06-01}",
     "full_since 2019-06-01 is before joined 2020-03-01: a member is made full after joining"),
    ("{id: M1, status: full, joined: 2020-03-01, full_since: 2028-06-01}",
     "full_since 2028-06-01 is after the roster's as_of date 2027-11-01"),
])
def test_full_since_that_cannot_be_is_refused_at_its_line(tmp_path, member, message):
    res, src, out = _solve(tmp_path, f"  - {{id: F1, location: {{x: 0, y: 0}}, members: [{member}]}}\n")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{src}:4:")
    assert message in res.stderr
    assert not out.exists()


def test_standing_by_the_member():
    day = date(2027, 11, 1)
    assert not has_standing(Member(id="a", status="probationary", joined=date(2000, 1, 1)), 1, day)
    assert has_standing(Member(id="a", status="probationary", joined=date(2000, 1, 1)), 0, day)
    assert has_standing(Member(id="a", status="full"), 1, day)                  # no dates: taken to have it
    assert has_standing(Member(id="a", status="full", joined=date(2025, 11, 1)), 1, day)
    assert not has_standing(Member(id="a", status="full", joined=date(2025, 11, 2)), 1, day)
    assert has_standing(Member(id="a", status="full", joined=date(2024, 2, 29)), 1, date(2026, 3, 1))
    assert not has_standing(Member(id="a", status="full", joined=date(2024, 2, 29)), 1, date(2026, 2, 28))


def test_the_counts_form_counts_probationary_members_without_standing(tmp_path):
    """A standing minimum without ``status: full`` counts a counts-form firm's full members
    only, as it counts a member list's (probationary members have no standing yet)."""
    from branchplan import load_roster

    src = tmp_path / "firms.yaml"
    src.write_text(HEAD + "  - {id: K, location: {x: 0, y: 0}, members: {full: 3, probationary: 1}}\n"
                          "  - id: L\n    location: {x: 1, y: 0}\n    members:\n"
                          "      - {id: M1, status: full, joined: 2010-01-01}\n"
                          "      - {id: M2, status: full, joined: 2010-01-01}\n"
                          "      - {id: M3, status: full, joined: 2010-01-01}\n"
                          "      - {id: M4, status: probationary, joined: 2027-06-01}\n", encoding="utf-8")
    roster = load_roster(src)
    day = date(2027, 11, 1)
    k, l_ = roster.firm_by_id["K"], roster.firm_by_id["L"]
    assert k.count_members(None, 1, day) == l_.count_members(None, 1, day) == 3
    assert k.count_members("probationary", 1, day) == l_.count_members("probationary", 1, day) == 0
    assert k.count_members(None, 0, day) == l_.count_members(None, 0, day) == 4
    assert k.count_members(None, None, day) == l_.count_members(None, None, day) == 4


def test_a_standing_day_before_a_members_full_since_is_refused(tmp_path):
    """On a day before full_since the member was probationary, though the roster counts them
    full: a --as-of before it is refused as one before a joining date is."""
    firms = ("  - {id: F1, location: {x: 0, y: 0}, members: [\n"
             "      {id: M1, status: full, joined: 2010-01-01}, {id: M2, status: full, joined: 2011-01-01},\n"
             "      {id: M3, status: full, joined: 2025-06-01, full_since: 2026-06-01}]}\n")
    res, _, out = _solve(tmp_path, firms, "--as-of", "2026-03-01")
    assert res.exit_code == 2
    assert res.stderr.strip() == ("--as-of (2026-03-01) is before member M3 of firm F1 was made full (转正, 2026-06-01), "
                                  "though the roster counts them full: standing is measured on a date on or after the "
                                  "latest 转正 date")
    assert not out.exists()
    res, _, out = _solve(tmp_path, firms, "--as-of", "2026-06-01")
    assert res.exit_code == 0, res.output
