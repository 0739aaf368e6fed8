"""solve and check warn, as import does, of probationary members who joined more than two
years before the firms file's date, and of full members (without full_since) who joined
less than a year before it: one warning each, at the first, with the count."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _firms(tmp_path, as_of: str = "as_of: 2026-11-01\n"):
    path = tmp_path / "firms.yaml"
    path.write_text("jurisdiction: X\n" + as_of + "firms:\n  - id: A\n    members:\n"
                    "      - {id: M1, status: full, joined: 2010-01-01}\n"
                    "      - {id: M2, status: full, joined: 2010-01-01}\n"
                    "      - {id: M0, status: full, joined: 2010-01-01}\n"
                    "      - {id: M3, status: probationary, joined: 2024-11-01}\n"    # two years to the day: not yet
                    "      - {id: M4, status: probationary, joined: 2024-10-31}\n"
                    "      - {id: M5, status: probationary, joined: 2020-05-01}\n", encoding="utf-8")
    return path


def test_overdue_probation_is_warned_of_once_with_the_count(tmp_path):
    firms, plan = _firms(tmp_path), tmp_path / "plan.yaml"
    said = (f"{firms}:10:26: firms[0].members[4].status: warning: 2 probationary members (预备) joined more than two "
            "years before the roster's date (2026-11-01), the first here: probation lasts a year, two at most when "
            "extended; full (正式) by now? A probationary member does not count towards a branch's full members: "
            "update the status (full_since: the day they became full)")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if "probation" in ln and "warning" in ln] == [said]
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--lang", "zh"])
    assert any("有 2 名预备党员的入党时间距名册日期（2026-11-01）已超过 2 年" in ln for ln in res.stderr.splitlines())


def test_without_a_date_in_the_file_nothing_is_said(tmp_path):
    firms = _firms(tmp_path, as_of="")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "plan.yaml"), "--as-of", "2026-11-01"])
    assert res.exit_code == 0, res.output
    assert "probation" not in res.stderr


def test_a_full_member_who_joined_less_than_a_year_ago_is_warned_of(tmp_path):
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n  - id: A\n    members:\n"
                     "      - {id: M1, status: full, joined: 2010-01-01}\n"
                     "      - {id: M2, status: full, joined: 2025-11-01}\n"      # a year to the day: full by now
                     "      - {id: M3, status: full, joined: 2026-06-01}\n"
                     "      - {id: M4, status: full, joined: 2026-06-01, full_since: 2026-10-01}\n"   # (dated: as written)
                     "      - {id: M5, status: full, joined: 2025-11-02}\n", encoding="utf-8")
    said = (f"{firms}:8:26: firms[0].members[2].status: warning: 2 full members (正式) joined less than a year before "
            "the roster's date (2026-11-01), the first here: probation lasts a year; still probationary (预备)? A "
            "probationary member does not count towards a branch's full members: check the status and the joining "
            "date")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if "warning" in ln] == [said]
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--lang", "zh"])
    assert [ln for ln in res.stderr.splitlines() if "提醒" in ln] == [
        f"{firms}:8:26: firms[0].members[2].status: 提醒：有 2 名正式党员的入党时间距名册日期（2026-11-01）不满 1 年，"
        "第一个在此处：预备期为 1 年，是否仍为预备党员？预备党员不计入支部的正式党员人数：请核对党员类别和入党时间"]
