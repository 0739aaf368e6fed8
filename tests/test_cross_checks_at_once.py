"""The checks of a plan against the roster (``solve --current``, ``check --base``) and a
waivers file's own checks come in one run with the file's other problems, in the order of
the text, and nothing is said that only follows from another mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
CURRENT = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()

TWICE = "a plan to re-plan from or compare with must put every firm in one branch"

THREE_MISTAKES = """branches:
  - {id: B1, lead: F001, firms: [F001, F004]}
  - {id: B2, lead: F009, firms: [F002]}
  - {id: B3, lead: F003, firms: [F003, F004]}
"""


def refused(args: list[str], out: Path | None = None) -> list[str]:
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stdout == "" and "Traceback" not in res.output
    if out is not None:
        assert not out.exists()
    return res.stderr.splitlines()


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_three_mistakes_of_a_current_plan_in_one_run(tmp_path):
    plan, out = write(tmp_path, "plan.yaml", THREE_MISTAKES + "  - {id: B4, lead: F005, firms: [F004, F005]}\n"), \
        tmp_path / "new.yaml"
    assert refused(["solve", str(GUIGANG), "--current", str(plan), "-o", str(out)], out) == [
        f"{plan}:3:20: branches[1].lead: branch B2 is led by F009, which is not one of its firms",
        f"{plan}:4:40: branches[2].firms[1]: F004 is in branch B1 and again in branch B3; {TWICE}",
        f"{plan}:5:34: branches[3].firms[0]: F004 is in branch B1 and again in branch B4; {TWICE}",
    ]


def test_the_same_in_chinese(tmp_path):
    plan, out = write(tmp_path, "plan.yaml", THREE_MISTAKES), tmp_path / "new.yaml"
    assert refused(["solve", str(GUIGANG), "--current", str(plan), "-o", str(out), "--lang", "zh"], out) == [
        f"{plan}:3:20: branches[1].lead: 支部 B2 的牵头单位 F009 不是该支部的单位",
        f"{plan}:4:40: branches[2].firms[1]: F004 在支部 B1 中，又在支部 B3 中；"
        "作为调整基础或比较对象的方案中，每个单位只能在一个支部",
    ]


SCHEMA_AND_ROSTER = """branches:
  - {id: B1, lead: F001, firms: [F001, F004], kind: jiont}
  - {id: B2, lead: F009, firms: [F002, 7]}
  - {id: B3, lead: F003, firms: [F003, F004]}
  - {id: B3, lead: F008, firms: [F005]}
  - {id: 5, lead: F007, firms: [F005]}
"""


def test_the_roster_checks_come_with_the_schema_problems_and_no_follow_on(tmp_path):
    """A firm refused by the schema (7) leaves its branch's lead unjudged (it may be that
    firm); a branch whose id is refused is not said to hold a firm twice."""
    plan, out = write(tmp_path, "plan.yaml", SCHEMA_AND_ROSTER), tmp_path / "new.yaml"
    lines = refused(["solve", str(GUIGANG), "--current", str(plan), "-o", str(out)], out)
    assert [line.split(": ")[0].removeprefix(f"{plan}:") + " " + line.split(": ")[1] for line in lines] == [
        "2:53 branches[0].kind", "3:40 branches[1].firms[1]", "4:40 branches[2].firms[1]",
        "5:10 branches[3].id", "5:20 branches[3].lead", "6:10 branches[4].id"]
    assert lines[2].endswith(f"F004 is in branch B1 and again in branch B3; {TWICE}")
    assert lines[4].endswith("branch B3 is led by F008, which is not one of its firms")
    # the base plan of the CI gate is read the same way, at the same places
    base = refused(["check", str(CURRENT), "--firms", str(GUIGANG), "--base", str(plan)])
    assert base == lines


def test_a_valid_current_plan_is_still_read(tmp_path):
    out = tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "--current", str(CURRENT), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.exists()


def check_waivers(tmp_path: Path, text: str, *extra: str) -> list[str]:
    w = write(tmp_path, "w.yaml", text)
    out = tmp_path / "report.txt"
    lines = refused(["check", str(CURRENT), "--firms", str(GUIGANG), "--waivers", str(w), "-o", str(out), *extra],
                    out)
    return [line.removeprefix(f"{w}:") for line in lines]


WAIVERS = """waivers:
  - code: BP-MIN-FUL
    subject: B006
    reason: x
    expires: soon
  - code: BP-MIN-FULL
    subject: B006
    reason: a
    expires: 2027-01-01
  - code: 7
    subject: B006
    reason: a
    expires: 2027-01-01
  - code: BP-MIN-FULL
    subject: B006
    reason: b
    expires: 2027-01-01
    until: 1
  - code: BP-LEAD-DIRECTR
    reason: b
"""


def test_a_waivers_files_schema_and_own_problems_in_one_run(tmp_path):
    """The unknown code of an entry with a bad date, the waiver given twice next to an
    unknown key, the unknown code of an entry without a subject: all with the schema's
    problems, in line order; a code that is not text is not also an unknown rule."""
    assert check_waivers(tmp_path, WAIVERS) == [
        "2:11: waivers[0].code: no rule 'BP-MIN-FUL' in charter cpc-branch-2018 (did you mean 'BP-MIN-FULL'?)",
        "5:14: waivers[0].expires: expected a date like 2026-11-01, got 'soon'",
        "10:11: waivers[2].code: Input should be a valid string (quote it, e.g. '007', so YAML keeps it as text)",
        "14:5: waivers[3]: a waiver of BP-MIN-FULL for B006 is already given (waivers[1])",
        "18:5: waivers[3]: unknown key 'until'",
        "19:5: waivers[4]: required key 'subject' is missing",
        "19:5: waivers[4]: required key 'expires' is missing",
        "19:11: waivers[4].code: no rule 'BP-LEAD-DIRECTR' in charter cpc-branch-2018 (did you mean 'BP-LEAD-DIRECTOR'?)",
    ]


def test_a_waivers_list_schema_and_own_problems_in_chinese(tmp_path):
    text = ("- code: BP-MIN-FUL\n  subject: B006\n  reason: x\n  expires: 2027-01-01\n"
            "- {code: BP-MIN-FULL, subject: B1, reason: r, expires: 2027-02-30}\n")
    lines = check_waivers(tmp_path, text, "--lang", "zh")
    assert len(lines) == 2, lines
    assert lines[0] == "1:9: [0].code: 规则集 cpc-branch-2018 中没有规则“BP-MIN-FUL”（是否应为“BP-MIN-FULL”？）"
    assert lines[1].startswith("5:56: [1].expires: ") and "2027-02-30 不是有效日期" in lines[1]


def test_a_waivers_list_names_its_entries_one_way_and_no_class(tmp_path):
    """In a file that is a list of waivers every problem names an entry ``[i]``, as the
    schema's do; an entry that is not a mapping is told what a waiver holds."""
    text = ("- hello\n"
            "- {code: BP-DISTRICT, subject: B005, reason: x, expires: 2099-01-01}\n"
            "- {code: BP-DISTRICT, subject: ' B005 ', reason: x, expires: 2099-01-01}\n"
            "- {code: 5, subject: B005, reason: x, expires: 2099-01-01}\n"
            "- {code: BP-DISTRCT, subject: B005, reason: x, expires: 2099-01-01}\n")
    assert check_waivers(tmp_path, text) == [
        "1:3: [0]: expected a mapping (key: value) with the keys code, subject, reason, expires",
        "3:3: [2]: a waiver of BP-DISTRICT for B005 is already given ([1])",
        "4:10: [3].code: Input should be a valid string (quote it, e.g. '007', so YAML keeps it as text)",
        "5:10: [4].code: no rule 'BP-DISTRCT' in charter cpc-branch-2018 (did you mean 'BP-DISTRICT'?)",
    ]
    assert check_waivers(tmp_path, text, "--lang", "zh")[:2] == [
        "1:3: [0]: 应为映射（键: 值），键为 code、subject、reason、expires",
        "3:3: [2]: 已有对 B005 豁免 BP-DISTRICT 的条目（[1]）",
    ]


def test_a_subject_refused_by_the_schema_is_not_a_waiver_given_twice(tmp_path):
    """An empty subject is the schema's to report; a subject read as the schema reads it
    (stripped) is given twice even in an entry the schema refused for its date."""
    text = ("waivers:\n  - {code: BP-MIN-FULL, subject: B006, reason: a, expires: 2027-01-01}\n"
            "  - {code: BP-MIN-FULL, subject: ' ', reason: a, expires: 2027-01-01}\n"
            "  - {code: BP-MIN-FULL, subject: ' B006 ', reason: a, expires: 2027-13-01}\n")
    lines = check_waivers(tmp_path, text)
    assert len(lines) == 3, lines
    assert lines[0].startswith("3:34: waivers[1].subject: ")
    assert lines[1] == "4:5: waivers[2]: a waiver of BP-MIN-FULL for B006 is already given (waivers[0])"
    assert lines[2].startswith("4:64: waivers[2].expires: 2027-13-01 is not a valid date")


def test_rules_that_can_only_be_hard_cannot_be_waived(tmp_path):
    """A waiver of "every member in a branch" let the gate pass a plan that left members
    unmanaged; a rule whose kind may be soft (the firm cap says "generally") can be waived."""
    text = ("waivers:\n"
            "  - {code: BP-ONE-BRANCH, subject: F035, reason: later, expires: 2027-06-30}\n"
            "  - {code: BP-JOINT-MAX-FIRMS, subject: B006, reason: agreed, expires: 2027-06-30}\n"
            "  - {code: BP-OWN-BRANCH, subject: F001, reason: later, expires: 2027-06-30}\n")
    assert check_waivers(tmp_path, text) == [
        "2:12: waivers[0].code: BP-ONE-BRANCH cannot be waived: it can only be hard (Every member in "
        "exactly one branch); a plan that breaks it is changed, not excused (branchplan rules show BP-ONE-BRANCH)",
        "4:12: waivers[2].code: BP-OWN-BRANCH cannot be waived: it can only be hard (A qualifying firm "
        "forms its own branch); a plan that breaks it is changed, not excused (branchplan rules show BP-OWN-BRANCH)",
    ]
    zh = check_waivers(tmp_path, text, "--lang", "zh")
    assert zh[0].startswith("2:12: waivers[0].code: BP-ONE-BRANCH 不可豁免：该规则只能是硬性规则（每名党员编入且只编入一个支部）")


FIRMS_THREE_MISTAKES = """jurisdiction: X
as_of: 2026-11-01
firms:
  - {id: F1, location: {x: 0, y: 0}, members: {full: 1}, locaton: 1}
  - {id: F2, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: F3, members: {full: 1}}
  - id: F4
    location: {x: 1, y: 0}
    members:
      - {id: M1, status: full, joined: 2027-01-01}
  - {id: F2, location: {x: 2, y: 0}, members: {full: 1}}
hosts:
  - {id: H1, location: {x: 0, y: 1}, colour: red}
"""


def test_a_firms_file_schema_mistake_does_not_hide_the_checks_across_the_roster(tmp_path):
    """An unknown key in one firm, and: a unit without a location where others have one, a
    joining date after as_of, an id used twice (said once), in one run, in the text's order."""
    firms = write(tmp_path, "firms.yaml", FIRMS_THREE_MISTAKES)
    out = tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert lines == [
        f"{firms}:4:58: firms[0]: unknown key 'locaton' (did you mean 'location'?)",
        f"{firms}:6:5: firms[2]: 1 unit of X has no location (F3) while 2 have one (F2, F4); distances need every "
        "location or none",
        f"{firms}:10:40: firms[3].members[0].joined: joined 2027-01-01 is after the roster's as_of date 2026-11-01",
        f"{firms}:11:10: firms[4].id: firm id 'F2' is used twice (first by firms[1])",
        f"{firms}:13:38: hosts[0]: unknown key 'colour'",
    ]
    # a top-level mistake leaves nothing to check across (the roster's date is unknown)
    bad_day = write(tmp_path, "day.yaml", FIRMS_THREE_MISTAKES.replace("as_of: 2026-11-01", "as_of: 2026-13-01"))
    lines = refused(["solve", str(bad_day)])
    assert not any("as_of date" in line or "no location" in line for line in lines)
    assert any("firms[4].id: firm id 'F2' is used twice" in line for line in lines)


def test_a_branch_id_that_is_a_members_name_refuses_the_plan_without_quoting_it(tmp_path):
    plan = write(tmp_path, "plan.yaml", "branches:\n  - {id: B001, lead: F001, firms: [F001]}\n"
                                        "  - {id: 梁宁, lead: F003, firms: [F003]}\n  - {id: B001, lead: F002, firms: [F002]}\n")
    for args in (["check", str(plan), "--firms", str(GUIGANG)],
                 ["explain", str(plan), "--firms", str(GUIGANG)],
                 ["diff", str(CURRENT), str(plan), "--firms", str(GUIGANG)],
                 ["solve", str(GUIGANG), "--current", str(plan)]):
        lines = refused(args)
        assert lines == [f"{plan}:3:10: branches[1].id: a branch id must not hold a member's name: branch ids are "
                         "shown in every output, report and CI log (value not shown)",
                         f"{plan}:4:10: branches[2].id: branch id 'B001' is used twice (first by branches[0])"], args
        assert "梁宁" not in "".join(lines)


def test_units_without_a_location_and_those_with_one_are_named_and_counted_once_each(tmp_path):
    """An id used twice counts once on either side; a firm without members is on neither."""
    firms = write(tmp_path, "firms.yaml", """\
as_of: 2026-11-01
jurisdiction: X
firms:
  - {id: F1, location: {x: 0, y: 0}, members: {full: 1}}
  - {id: F1, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: F3, members: {full: 1}}
  - {id: F3, members: {full: 2}}
  - {id: F5, members: {full: 0}}
  - {id: F6, location: {x: 1, y: 0}}
hosts:
  - {id: H1, location: {x: 2, y: 2}}
  - {id: H2}
""")
    out = tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert (f"{firms}:6:5: firms[2]: 2 units of X have no location (F3, H2) while 2 have one (F1, H1); distances "
            "need every location or none") in lines


# a YAML file's refused values (010, yes, a key given twice) come with the file's other problems
REFUSED_AND_SCHEMA = """jurisdiction: 测试市
firms:
  - id: F1
    members: {full: 010}
  - id: F2
    members: {full: -1}
  - id: F1
    director_is_member: yes
    members: {ful: 2}
"""


def test_a_firms_files_refused_values_come_with_its_schema_and_roster_problems(tmp_path):
    firms, out = write(tmp_path, "firms.yaml", REFUSED_AND_SCHEMA), tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert [line.removeprefix(f"{firms}:").split(": ")[0] for line in lines] == [
        "4:21", "6:21", "7:9", "8:25", "9:15"]
    assert "YAML reads it as 8 (octal)" in lines[0]           # the refusal, not also a schema problem at 4:21
    assert "greater than or equal to 0" in lines[1]           # the schema
    assert "F1" in lines[2] and "firms[0]" in lines[2]         # the roster's own check: an id used twice
    assert "YAML 1.1" in lines[3]
    assert "unknown key 'ful'" in lines[4]


def test_a_refused_value_alone_is_all_that_is_said(tmp_path):
    firms, out = write(tmp_path, "firms.yaml", "jurisdiction: X\nfirms:\n  - {id: F1, members: {full: 03}}\n"), \
        tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert len(lines) == 1 and lines[0].startswith(f"{firms}:3:30: firms[0].members.full: 03 is not a plain")


def test_a_refused_firms_file_issues_no_warnings(tmp_path):
    """The document as YAML read it is validated for its other problems only: a warning of
    it (a probation overdue) would be said again on the run that reads the corrected file."""
    text = ("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n  - id: F1\n    director_is_member: yes\n    members:\n"
            "      - {id: M1, status: probationary, joined: 2020-01-01}\n")
    firms, out = write(tmp_path, "firms.yaml", text), tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert len(lines) == 1 and lines[0].startswith(f"{firms}:5:25: firms[0].director_is_member: yes is"), lines
    fixed = write(tmp_path, "fixed.yaml", text.replace("yes", "true"))
    res = runner.invoke(app, ["solve", str(fixed), "-o", str(out)])
    assert "warning" in res.stderr and "probation" in res.stderr      # (said once, of the file as corrected)


def test_a_plans_refused_values_come_with_its_schema_and_own_problems(tmp_path):
    plan, out = write(tmp_path, "plan.yaml", "branches:\n  - {id: B1, lead: F001, firms: [F001, F004], kind: jiont}\n"
                      "  - {id: B2, lead: F009, firms: [F002]}\n  - {id: B3, lead: F003, firms: [F003],\n"
                      "     members: 0x10}\n"), tmp_path / "new.yaml"
    lines = refused(["solve", str(GUIGANG), "--current", str(plan), "-o", str(out)], out)
    assert [line.removeprefix(f"{plan}:").split(": ")[0] for line in lines] == ["2:53", "3:20", "5:15"]
    assert "hexadecimal" in lines[2] and "not one of its firms" in lines[1]


@pytest.mark.parametrize("text,said", [
    ("jurisdiction: X\nyes: 1\nfirms:\n  - {id: F1, members: {full: -1}}\n", "2:1"),     # a key refused
    ("jurisdiction: X\nfirms:\n  - id: F1\n    lawyers: 3\n    lawyers: -5\n    members: {full: 3}\n"
     "  - {id: F1, members: {full: 3}}\n", "5:5"),                                       # a key given twice
])
def test_a_refused_key_or_a_key_given_twice_comes_with_the_refusals_alone(tmp_path, text, said):
    """What the file says then follows from the refusal: a key of another type, or the second
    value of a key given twice (judged at the first key's line), is not judged."""
    firms, out = write(tmp_path, "firms.yaml", text), tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert [line.removeprefix(f"{firms}:").split(": ")[0] for line in lines] == [said], lines


def test_a_rules_files_refused_values_come_with_its_schema_problems(tmp_path):
    rules, out = write(tmp_path, "r.yaml", "extends: cpc-branch-2018\nrules:\n  - code: BP-DISTANCE\n    weight: 0x10\n"
                       "  - code: BP-DISTRICT\n    weigth: 2\n  - code: BP-NOPE\n    weight: 2\n"), tmp_path / "plan.yaml"
    lines = refused(["solve", str(GUIGANG), "--rules", str(rules), "-o", str(out)], out)
    assert [line.removeprefix(f"{rules}:").split(": ")[:2] for line in lines] == [
        ["4:13", "rules[BP-DISTANCE].weight"], ["6:5", "rules[BP-DISTRICT]"], ["7:5", "rules[BP-NOPE].kind"]]
    assert "hexadecimal" in lines[0] and "unknown key 'weigth'" in lines[1] and "no rule BP-NOPE to change" in lines[2]


def test_a_waivers_files_refused_values_come_with_its_own_problems(tmp_path):
    assert check_waivers(tmp_path, "- {code: BP-MIN-FUL, subject: B006, reason: x, expires: 2027-01-01}\n"
                                   "- {code: BP-DISTANCE, subject: B006, reason: yes, expires: 2027-01-01}\n") == [
        "1:10: [0].code: no rule 'BP-MIN-FUL' in charter cpc-branch-2018 (did you mean 'BP-MIN-FULL'?)",
        "2:46: [1].reason: yes is YAML 1.1's way of writing true, which other readers (YAML 1.2, an editor checking "
        "the file against the schema) take as text: write true"]


def test_past_fifty_problems_in_all_the_first_fifty_by_place_then_a_count(tmp_path):
    firms_rows = "".join(f"  - {{id: F{k}, members: {{full: {'01' if k % 2 else -1}}}}}\n" for k in range(60))
    firms, out = write(tmp_path, "firms.yaml", "jurisdiction: X\nfirms:\n" + firms_rows), tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert len(lines) == 51 and lines[-1].endswith("... and 10 more problems (fix the ones above first)")
    assert [int(line.split(":")[1]) for line in lines[:50]] == list(range(3, 53))


def test_a_tag_refused_is_said_alone(tmp_path):
    """A tagged value is not read at all: what the file lacks without it (a jurisdiction)
    only follows from the tag."""
    firms, out = write(tmp_path, "firms.yaml", "jurisdiction: !!binary aGk=\nfirms:\n  - {id: F1, members: {full: -1}}\n"), \
        tmp_path / "plan.yaml"
    lines = refused(["solve", str(firms), "-o", str(out)], out)
    assert len(lines) == 1 and "tag !!binary is not allowed" in lines[0]


def test_a_reports_workbook_given_as_a_plan_is_named_as_such(tmp_path):
    """A plan kept as the workbook report writes: told what it is, not "not UTF-8"."""
    book = tmp_path / "plan.xlsx"
    res = runner.invoke(app, ["report", str(CURRENT), "--firms", str(GUIGANG), "-o", str(book)])
    assert res.exit_code == 0 and book.exists(), res.output
    said = f"{book}: a spreadsheet, not a plan: a plan is the YAML or JSON file solve writes"
    for args in (["check", str(book), "--firms", str(GUIGANG)],
                 ["diff", str(CURRENT), str(book), "--firms", str(GUIGANG)],
                 ["solve", str(GUIGANG), "--current", str(book), "-o", str(tmp_path / "new.yaml")]):
        lines = refused(args, tmp_path / "new.yaml")
        assert lines[0].startswith(said), (args, lines)


def test_a_plan_given_as_a_csv_is_a_spreadsheet_without_a_report_workbook(tmp_path):
    csv = write(tmp_path, "plan.csv", CURRENT.read_text(encoding="utf-8"))
    lines = refused(["check", str(csv), "--firms", str(GUIGANG)])
    assert lines == [f"{csv}: a spreadsheet, not a plan: a plan is the YAML or JSON file solve writes "
                     "(solve ... -o plan.yaml)"]
