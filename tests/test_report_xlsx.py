"""branchplan report -o plan.xlsx: the Excel workbook read back with openpyxl (sheets and
headers in both languages, every firm once with its branch, member counts per branch, no
member name anywhere, pseudonyms, a Changes sheet with --base), byte-identical output,
refused suffixes and bad input (exit 2, nothing written)."""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from branchplan import load_plan, load_roster
from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
runner = CliRunner()

HEADERS = {
    "en": {"Branches": ["Jurisdiction", "Branch", "Kind", "Lead", "Lead name", "Units", "Unit ids", "Members",
                        "Full", "Probationary", "Secretary candidates (full members, 1+ year)"],
           "Firms": ["Jurisdiction", "Unit", "Firm name", "District", "Full", "Probationary", "Branch",
                     "Leads its branch"],
           "Members": ["Member id", "Unit", "Status", "Joined", "Branch"],
           "Findings": ["Severity", "Rule", "Rule title", "Branch", "Unit", "Finding", "Cost (points)"]},
    "zh": {"支部": ["辖区", "支部", "类型", "牵头单位", "牵头单位名称", "单位数", "所含单位", "党员", "正式", "预备",
                   "书记人选（正式党员且党龄满1年）"],
           "单位": ["辖区", "单位", "单位名称", "区县", "正式", "预备", "支部", "是否牵头"],
           "党员": ["党员编号", "单位", "党员类别", "入党日期", "支部"],
           "检查结果": ["性质", "规则", "规则名称", "支部", "单位", "问题", "代价（分）"]},
}

# a small firms file: listed members with names, a counts-only firm, a firm without members
SMALL = """\
jurisdiction: 测试市
as_of: 2026-11-01
firms:
  - id: A1
    name: 甲律师事务所
    district: 东区
    members:
      - {id: P1, name: 欧阳春花, status: full, joined: 2001-05-01}
      - {id: P2, name: Zhang Weiming, status: full, joined: 2010-07-01}
      - {id: P3, name: 司马秋月, status: full, joined: 2015-03-01}
      - {id: P4, name: 诸葛明远, status: probationary, joined: 2026-01-10}
  - id: A2
    name: 乙律师事务所
    district: 东区
    members:
      - {id: P5, name: 慕容雪晴, status: full, joined: 2012-01-01}
  - id: A3
    name: 丙律师事务所
    district: 西区
    members: {full: 2, probationary: 1}
  - id: A4
    name: 丁律师事务所
    district: 西区
    members: {full: 0, probationary: 0}
  - id: A5
    name: 戊律师事务所
    district: 西区
    members: {full: 1, probationary: 0}
"""
SMALL_NAMES = ["欧阳春花", "Zhang Weiming", "司马秋月", "诸葛明远", "慕容雪晴"]
# hand-made: A5 left out of the plan (check reports it; the workbook says so)
SMALL_PLAN = """\
branches:
  - {id: S1, lead: A1, firms: [A1]}
  - {id: S2, lead: A3, firms: [A3, A2]}
"""


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plan") / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG / "firms.yaml"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture()
def small(tmp_path) -> tuple[Path, Path]:
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(SMALL, encoding="utf-8")
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    return plan, firms


def write(args: list[str], out: Path) -> openpyxl.Workbook:
    res = runner.invoke(app, ["report", *args, "-o", str(out)])
    assert res.exit_code == 0, res.output
    return openpyxl.load_workbook(out)


def rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sheets_headers_and_layout(solved, tmp_path, lang):
    wb = write([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", lang], tmp_path / "r.xlsx")
    assert wb.sheetnames == list(HEADERS[lang])
    for name, head in HEADERS[lang].items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == head
        assert all(c.font.bold for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(head))}{ws.max_row}"
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(k)].width for k in range(1, len(head) + 1)]
        assert all(8 <= w <= 60 for w in widths)
    kinds = {r[HEADERS[lang][wb.sheetnames[0]][2]] for r in rows(wb[wb.sheetnames[0]])}
    assert kinds <= ({"单独组建", "联合组建"} if lang == "zh" else {"standalone", "joint"}) and len(kinds) == 2
    status = {r[HEADERS[lang][wb.sheetnames[2]][2]] for r in rows(wb[wb.sheetnames[2]])}
    assert status == ({"正式", "预备"} if lang == "zh" else {"Full", "Probationary"})


def test_every_firm_once_with_its_branch_and_counts(solved, tmp_path):
    wb = write([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"], tmp_path / "r.xlsx")
    plan, _ = load_plan(solved)
    roster = load_roster(GUIGANG / "firms.yaml")
    branch_of = {f: b for b in plan.branches for f in b.firms}
    firms = rows(wb["Firms"])
    assert [r["Unit"] for r in firms] == [f.id for f in roster.firms]
    for r, f in zip(firms, roster.firms):
        assert (r["Full"], r["Probationary"]) == (f.full, f.probationary)
        if f.size:
            assert r["Branch"] == branch_of[f.id].id
            assert r["Leads its branch"] == ("yes" if branch_of[f.id].lead == f.id else "no")
        else:
            assert r["Branch"] == "no Party members, not assigned"
    branches = rows(wb["Branches"])
    assert [r["Branch"] for r in branches] == [b.id for b in plan.branches]
    for r, b in zip(branches, plan.branches):
        assert (r["Members"], r["Full"], r["Probationary"]) == (b.members, b.full_members, b.probationary_members)
        assert r["Secretary candidates (full members, 1+ year)"] == b.secretary_candidates
        assert r["Units"] == len(b.firms) and r["Unit ids"] == ", ".join(b.firms) and r["Lead"] == b.lead
        assert isinstance(r["Members"], int)
    members = rows(wb["Members"])
    assert len(members) == sum(f.size for f in roster.firms)
    per_branch: dict[str, int] = {}
    for m in members:
        per_branch[m["Branch"]] = per_branch.get(m["Branch"], 0) + 1
    assert per_branch == {b.id: b.members for b in plan.branches}


def _all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def test_no_member_name_anywhere(solved, small, tmp_path):
    roster = load_roster(GUIGANG / "firms.yaml")
    names = [m.name for f in roster.firms for m in f.member_list or () if m.name]
    out = tmp_path / "g.xlsx"
    wb = write([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "zh"], out)
    cells = [str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert len(names) == 78 and not any(n in c for n in names for c in cells)
    assert not any(n in _all_text(out) for n in names)
    plan, firms = small
    out = tmp_path / "s.xlsx"
    wb = write([str(plan), "--firms", str(firms), "--lang", "zh"], out)
    assert not any(n in _all_text(out) for n in SMALL_NAMES)
    assert "甲律师事务所" in _all_text(out)  # firm names are shown (the shared strings are read)
    assert [r["党员编号"] for r in rows(wb["党员"])] == ["P1", "P2", "P3", "P4", "P5"]


def test_small_roster_wording_and_counts_only(small, tmp_path):
    plan, firms = small
    wb = write([str(plan), "--firms", str(firms), "--lang", "zh"], tmp_path / "s.xlsx")
    by_id = {r["单位"]: r for r in rows(wb["单位"])}
    assert by_id["A2"]["支部"] == "S2" and by_id["A2"]["是否牵头"] == "否" and by_id["A3"]["是否牵头"] == "是"
    assert by_id["A4"]["支部"] == "没有党员，未编入支部"
    assert by_id["A5"]["支部"] == "不在方案的任何支部中"
    members = rows(wb["党员"])
    assert members[3]["党员类别"] == "预备" and members[3]["入党日期"].date().isoformat() == "2026-01-10"
    assert members[4]["支部"] == "S2"
    assert members[-1]["支部"] == "S2"
    s2 = rows(wb["支部"])[1]
    assert (s2["党员"], s2["正式"], s2["预备"], s2["所含单位"]) == (4, 3, 1, "A3、A2")
    counts = tmp_path / "counts.yaml"  # counts only: no Members sheet
    counts.write_text(re.sub(r"    members:\n(      - .*\n)+", "    members: {full: 3, probationary: 0}\n", SMALL),
                      encoding="utf-8")
    wb = write([str(plan), "--firms", str(counts), "--lang", "en"], tmp_path / "c.xlsx")
    assert wb.sheetnames == ["Branches", "Firms", "Findings"]


def test_pseudonymised_firm_names(solved, tmp_path):
    out = tmp_path / "p.xlsx"
    wb = write([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--pseudonymise",
                "--pseudonym-key", "a-test-key-1234"], out)
    roster = load_roster(GUIGANG / "firms.yaml")
    whole = _all_text(out)
    assert not any(f.name in whole for f in roster.firms if f.name)
    names = [r["Firm name"] for r in rows(wb["Firms"])]
    assert all(re.fullmatch(r"律所-[A-Z2-7]{8}", n) for n in names)
    assert {r["Lead name"] for r in rows(wb["Branches"])} <= set(names)


def test_byte_identical_and_fixed_stamps(solved, tmp_path):
    args = [str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "zh"]
    write(args, tmp_path / "a.xlsx")
    wb = write(args, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    plan, _ = load_plan(solved)
    assert wb.properties.created.date() == wb.properties.modified.date() == plan.as_of
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(plan.as_of.year, plan.as_of.month, plan.as_of.day, 0, 0, 0)}


def test_changes_sheet_lists_the_html_moves(tmp_path):
    args = [str(GUIGANG / "plan-2027.yaml"), "--firms", str(GUIGANG / "firms-2027.yaml"),
            "--base", str(GUIGANG / "plan-current.yaml"), "--base-firms", str(GUIGANG / "firms.yaml"), "--lang", "zh"]
    wb = write(args, tmp_path / "c.xlsx")
    assert wb.sheetnames == ["支部", "单位", "党员", "变化", "变化说明", "检查结果"]
    got = [(r["单位"], r["原支部"], r["新支部"], r["党员"]) for r in rows(wb["变化"])]
    html = runner.invoke(app, ["report", *args]).stdout
    table = html.split('<table class="changes">')[1].split("</table>")[0]
    shown = [(f, a, b, int(n)) for f, a, b, n in re.findall(
        r'<tr data-firm="(\w+)"><td>\w+</td><td>.*?</td><td>(\w+)</td><td>(\w+)</td><td class="num">(\d+)</td>', table)]
    assert got == shown and sum(n for *_, n in got) == 4
    assert [r["由其他单位调入"] for r in rows(wb["变化"])] == [None, "是"]
    # the change notes: the HTML's counts, then its sentences (branches created, new leads...)
    notes = [r["变化事项"] for r in rows(wb["变化说明"])]
    items = [html_lib.unescape(re.sub(r"<[^>]+>", "", li)) for part in ("changes-figures", "change-list")
             for li in re.findall(r"<li>(.*?)</li>", html.split(f'<ul class="{part}">')[1].split("</ul>")[0])]
    assert notes == items and len(items) >= 3
    assert any(n.startswith("调整支部的党员") for n in notes)


def test_change_notes_say_when_nothing_changes(tmp_path):
    args = [str(GUIGANG / "plan-current.yaml"), "--firms", str(GUIGANG / "firms.yaml"),
            "--base", str(GUIGANG / "plan-current.yaml"), "--lang", "en"]
    wb = write(args, tmp_path / "same.xlsx")
    assert [r["What changes"] for r in rows(wb["Change notes"])] == ["No changes."]
    assert rows(wb["Changes"]) == []


def test_refused_suffix_and_bad_input_write_nothing(solved, small, tmp_path):
    firms = str(GUIGANG / "firms.yaml")
    res = runner.invoke(app, ["report", str(solved), "--firms", firms, "-o", str(tmp_path / "r.pdf")])
    assert res.exit_code == 2 and ".xlsx" in res.output and "r.pdf" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("firms:\n  - id: X1\n    members: {full: many}\n", encoding="utf-8")
    res = runner.invoke(app, ["report", str(solved), "--firms", str(bad), "-o", str(tmp_path / "r.xlsx")])
    assert res.exit_code == 2 and "bad.yaml:3:" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["report", str(solved), "--firms", firms, "-o", str(tmp_path / "no" / "r.xlsx")])
    assert res.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "firms.yaml", "plan.yaml"]


def test_never_more_readable_than_the_inputs(small, tmp_path):
    plan, firms = small
    os.chmod(firms, 0o600)
    write([str(plan), "--firms", str(firms)], tmp_path / "r.xlsx")
    assert os.stat(tmp_path / "r.xlsx").st_mode & 0o077 == 0


def test_a_name_that_looks_like_a_formula_stays_text(small, tmp_path):
    """A firm named "=HYPERLINK(...)" is written as text: Excel must not run it."""
    plan, firms = small
    firms.write_text(SMALL.replace("name: 乙律师事务所", "name: '=HYPERLINK(\"http://x.invalid\",\"乙\")'"),
                     encoding="utf-8")
    out = tmp_path / "r.xlsx"
    ws = write([str(plan), "--firms", str(firms), "--lang", "en"], out)["Firms"]
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x.invalid","乙")'
    with zipfile.ZipFile(out) as z:
        sheets = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets


def test_a_plan_that_breaks_the_charter_says_so(small, tmp_path):
    """A hand-made plan leaving a firm out: the Findings sheet lists the hard finding, as
    check does, and the firm's members say they are in no branch."""
    plan, firms = small
    wb = write([str(plan), "--firms", str(firms), "--lang", "en"], tmp_path / "h.xlsx")
    found = rows(wb["Findings"])
    check = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--format", "json"])
    want = json.loads(check.stdout)["findings"]
    assert [(r["Severity"], r["Rule"]) for r in found][:1] == [("hard", "BP-ONE-BRANCH")]
    assert sorted((r["Rule"], r["Branch"] or None) for r in found) == sorted((f["code"], f.get("branch")) for f in want)


def test_a_solved_plan_has_no_hard_finding(solved, tmp_path):
    wb = write([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"], tmp_path / "r.xlsx")
    found = rows(wb["Findings"])
    assert found and all(r["Severity"] == "soft" for r in found)


def test_characters_xml_cannot_hold_do_not_break_the_workbook(small, tmp_path):
    plan, firms = small
    firms.write_text(SMALL.replace("name: 乙律师事务所", 'name: "乙律师\\uFFFE事务所"'), encoding="utf-8")
    wb = write([str(plan), "--firms", str(firms), "--lang", "en"], tmp_path / "r.xlsx")
    assert {r["Firm name"] for r in rows(wb["Firms"])} >= {"乙律师\ufffd事务所"}


def test_a_firm_left_without_members_is_counted_in_both_reports(tmp_path):
    """A firm still listed with no members (members: []) is 'removed, emptied': the HTML
    report and the Change notes count it (the count once had no message: exit 3)."""
    firms = tmp_path / "firms-2027.yaml"
    text = (GUIGANG / "firms-2027.yaml").read_text(encoding="utf-8")
    assert text.count("\nhosts:") == 1
    firms.write_text(text.replace("\nhosts:", "\n  - id: F026\n    name: 广西龚州律师事务所\n    district: 平南县\n"
                                             "    location: {lat: 23.5465, lon: 110.3978}\n    members: []\nhosts:"),
                     encoding="utf-8")
    args = [str(GUIGANG / "plan-2027.yaml"), "--firms", str(firms), "--base", str(GUIGANG / "plan-current.yaml"),
            "--base-firms", str(GUIGANG / "firms.yaml")]
    html = runner.invoke(app, ["report", *args, "--lang", "en"])
    assert html.exit_code == 0, html.output
    assert "<li>of which <strong>1</strong> unit has no Party members any more</li>" in html.stdout
    wb = write([*args, "--lang", "zh"], tmp_path / "e.xlsx")
    notes = [r["变化事项"] for r in rows(wb["变化说明"])]
    assert "减少单位 1 个" in notes and "其中已无党员的单位 1 个" in notes
    assert any(n.startswith("单位 F026") or "F026" in n for n in notes)


def test_the_name_columns_hold_the_names_where_the_ids_are_the_names(tmp_path):
    """A roster imported without a firm-id column has the names as ids and no `name`: the
    workbook's name columns give the id there (they were empty on every row); a coded id
    without a name leaves its name cell empty."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 柳州市\nfirms:\n  - {id: 广西甲律师事务所, members: {full: 3}}\n"
                     "  - {id: 广西乙律师事务所, members: {full: 2}}\n  - {id: F003, members: {full: 1}}\n",
                     encoding="utf-8")
    plan, book = tmp_path / "plan.yaml", tmp_path / "r.xlsx"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan)]).exit_code == 0
    res = runner.invoke(app, ["report", str(plan), "--firms", str(firms), "-o", str(book), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(book)
    sheet = next(ws for ws in wb.worksheets if ws.cell(1, 3).value == "单位名称")
    rows = {r[1]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {"广西甲律师事务所": "广西甲律师事务所", "广西乙律师事务所": "广西乙律师事务所", "F003": None}
    branches = wb.worksheets[0]
    lead_names = [r[4] for r in branches.iter_rows(min_row=2, values_only=True)]
    assert "广西甲律师事务所" in lead_names
