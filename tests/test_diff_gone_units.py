"""branchplan diff leaves out of its rule table the old plan's findings that only say a firm
or a lead it lists is gone from the firms file (the old plan costed on the new roster, no
--old-firms), with the note the re-plan's change list gives, in text, Chinese, Markdown and
JSON; the library's diff does the same."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import branchplan
from branchplan.cli import app
from test_cli_replan import CITY, CITY_PLAN

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
runner = CliRunner()

NOTE = ("Note: the old plan's 1 BP-ONE-BRANCH finding that only says that D (lead of branch B003) is gone "
        "from the firms file (closed or renamed) is not counted")
NOTE_ZH = "注：原方案的 1 项 BP-ONE-BRANCH 问题不计入：它们只是说明 D（支部 B003 的牵头单位）已不在名册中（已注销或更名）"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _closed_lead(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """Lead firm D of B003 closes: (firms, old firms, current plan, the re-plan from it)."""
    old_firms = _write(tmp_path, "old-firms.yaml", CITY)
    firms = _write(tmp_path, "firms.yaml", "\n".join(ln for ln in CITY.splitlines() if "id: D," not in ln) + "\n")
    cur, new = _write(tmp_path, "plan.yaml", CITY_PLAN), tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-o", str(new)])
    assert res.exit_code == 0, res.output
    return firms, old_firms, cur, new


def test_diff_does_not_count_a_closed_leads_findings_as_the_replan_does(tmp_path):
    firms, _, cur, new = _closed_lead(tmp_path)
    args = ["diff", str(cur), str(new), "--firms", str(firms)]
    res = runner.invoke(app, args + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    assert NOTE in res.stdout
    assert "  BP-ONE-BRANCH          hard" not in res.stdout       # (was "2 -> 0 findings")
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert NOTE_ZH in zh.stdout and "  BP-ONE-BRANCH          硬性" not in zh.stdout
    md = runner.invoke(app, args + ["--format", "markdown", "--lang", "en"])
    assert md.exit_code == 0, md.output
    assert "| BP-ONE-BRANCH" not in md.stdout and "old plan's 1 BP-ONE-BRANCH finding " in md.stdout
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    one = next(r for r in data["rules"] if r["code"] == "BP-ONE-BRANCH")
    assert (one["old_findings"], one["new_findings"], one["old_findings_not_counted"]) == (0, 0, 1)
    # the re-plan's change list says the same of the same two plans
    memo = json.loads(runner.invoke(app, ["solve", str(firms), "--current", str(cur), "-f", "json"]).stdout)
    assert memo["changes"]["rules"] == data["rules"]


def test_with_the_old_firms_file_the_old_plan_is_costed_on_it_and_nothing_is_left_out(tmp_path):
    firms, old_firms, cur, new = _closed_lead(tmp_path)
    res = runner.invoke(app, ["diff", str(cur), str(new), "--firms", str(firms), "--old-firms", str(old_firms),
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    one = next(r for r in data["rules"] if r["code"] == "BP-ONE-BRANCH")
    assert (one["old_findings"], one["new_findings"]) == (0, 0) and "old_findings_not_counted" not in one
    text = runner.invoke(app, ["diff", str(cur), str(new), "--firms", str(firms), "--old-firms", str(old_firms),
                               "--lang", "en"]).stdout
    assert "not counted" not in text


def test_a_closed_firm_in_the_guigang_years(tmp_path):
    """F026 of the current plan is gone from the 2027 roster: its one finding is not counted."""
    new = tmp_path / "new.yaml"
    firms = EX / "firms-2027.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(EX / "plan-current.yaml"), "-o", str(new)])
    assert res.exit_code == 0, res.output
    text = runner.invoke(app, ["diff", str(EX / "plan-current.yaml"), str(new), "--firms", str(firms),
                               "--lang", "en"]).stdout
    assert ("Note: the old plan's 1 BP-ONE-BRANCH finding that only says that F026 (in branch B007) is gone "
            "from the firms file (closed or renamed) is not counted") in text
    assert "  BP-ONE-BRANCH          hard                 1 ->          0 findings" in text


def test_the_library_diff_leaves_them_out_too(tmp_path):
    firms, _, cur, new = _closed_lead(tmp_path)
    roster = branchplan.load_roster(firms)
    old_plan, _ = branchplan.load_plan(cur)
    new_plan, _ = branchplan.load_plan(new)
    d = branchplan.diff(old_plan, new_plan, roster)
    one = next(r for r in d.rules if r.code == "BP-ONE-BRANCH")
    assert (one.old_findings, one.not_counted) == (0, 1)
    assert [(g.unit, g.branch, g.lead) for g in d.gone] == [("D", "B003", True)]
    assert NOTE in d.text_lines("en")
    rp = branchplan.replan(roster, branchplan.load_current(cur, roster))
    assert rp.diff.rules == d.rules and rp.diff.gone == d.gone


def test_the_reports_give_the_note_too(tmp_path):
    """`report --base` (HTML and xlsx) shows the notes `diff` prints under its change list;
    with the old firms file nothing is left out and there is no note."""
    import html

    from openpyxl import load_workbook

    from branchplan.i18n import text

    firms, old_firms, cur, new = _closed_lead(tmp_path)
    for lang, note in (("en", NOTE), ("zh", NOTE_ZH)):
        page = tmp_path / f"report-{lang}.html"
        book = tmp_path / f"report-{lang}.xlsx"
        for out in (page, book):
            res = runner.invoke(app, ["report", str(new), "--firms", str(firms), "--base", str(cur), "-o", str(out),
                                      "--lang", lang])
            assert res.exit_code == 0, res.output
        shown = page.read_text(encoding="utf-8")
        assert f'<p class="note change-note">{note}</p>' in html.unescape(shown)
        assert "--base-firms" in html.unescape(shown) and "--old-firms" not in shown   # (the report's option)
        sheet = load_workbook(book)[text("xlsx.sheet.change_notes", lang)]
        assert [note] == [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and "BP-ONE-BRANCH" in row[0]]
    page = tmp_path / "with-old.html"
    res = runner.invoke(app, ["report", str(new), "--firms", str(firms), "--base", str(cur), "--base-firms",
                              str(old_firms), "-o", str(page), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "change-note" not in page.read_text(encoding="utf-8") and "not counted" not in page.read_text(encoding="utf-8")
