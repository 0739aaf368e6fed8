"""A file's problems come in one run and in the order of the text: independent mistakes
(a bad weight, an unknown rule code, an unknown parameter, an unknown kind; a bad date next
to an unknown key and a duplicate id) are all reported together, and nothing is reported
that only follows from another mistake."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errors import InputError, Problem

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


def refused(args: list[str]) -> list[str]:
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stdout == "" and "Traceback" not in res.output
    return res.stderr.splitlines()


def rules_problems(tmp_path: Path, text: str) -> list[str]:
    rules = tmp_path / "rules.yaml"
    rules.write_text(text, encoding="utf-8")
    return [line.removeprefix(f"{rules}:") for line in refused(["solve", str(GUIGANG), "--rules", str(rules)])]


FOUR_MISTAKES = """extends: cpc-branch-2018
rules:
  - code: BP-DISTANCE
    weight: -1
  - code: BP-JOINT-MAX-FIRM
    params: {max: 6}
  - code: BP-MIN-FULL
    params: {mim: 2}
  - code: LOCAL-SIZE
    kind: branch_agregate
    params: {count: members, min: 3}
"""


def test_four_mistakes_of_a_rules_file_in_one_run(tmp_path):
    assert rules_problems(tmp_path, FOUR_MISTAKES) == [
        "4:13: rules[BP-DISTANCE].weight: Input should be greater than or equal to 0, got -1",
        "5:5: rules[BP-JOINT-MAX-FIRM].kind: no rule BP-JOINT-MAX-FIRM to change (did you mean "
        "'BP-JOINT-MAX-FIRMS'?); a new rule must name its 'kind'",
        "8:14: rules[BP-MIN-FULL].params: unknown key 'mim' (did you mean 'min'?)",
        "10:11: rules[LOCAL-SIZE].kind: unknown rule kind 'branch_agregate' (did you mean 'branch_aggregate'?)",
    ]


def test_a_bad_weight_or_severity_does_not_hide_the_rules_other_mistakes(tmp_path):
    text = ("extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    weight: heavy\n    wieght: 2\n"
            "    params: {mim: 2}\n  - code: BP-ONE-BRANCH\n    severity: soft\n    params: {x: 1}\n")
    assert rules_problems(tmp_path, text) == [
        "4:13: rules[BP-MIN-FULL].weight: Input should be a valid number, got 'heavy'",
        "5:5: rules[BP-MIN-FULL]: unknown key 'wieght' (did you mean 'weight'?)",
        "6:14: rules[BP-MIN-FULL].params: unknown key 'mim' (did you mean 'min'?)",
        "8:15: rules[BP-ONE-BRANCH].severity: rule BP-ONE-BRANCH (kind assignment) cannot be soft; allowed: hard",
        "9:14: rules[BP-ONE-BRANCH].params: unknown key 'x'",
    ]


def test_no_follow_on_problems(tmp_path):
    """An unknown kind says nothing of its params; a kind that is not text is not also
    "missing"; a bad 'enabled' leaves the rule's other checks out (it may be switched off)."""
    text = ("extends: cpc-branch-2018\nrules:\n  - code: LOCAL-A\n    kind: branch_agregate\n    params: {mim: 3}\n"
            "  - code: LOCAL-B\n    kind: 5\n  - code: BP-MIN-FULL\n    enabled: maybe\n    params: {mim: 2}\n")
    assert rules_problems(tmp_path, text) == [
        "4:11: rules[LOCAL-A].kind: unknown rule kind 'branch_agregate' (did you mean 'branch_aggregate'?)",
        "7:11: rules[LOCAL-B].kind: Input should be a valid string (quote it, e.g. '007', so YAML keeps it as text)",
        "9:14: rules[BP-MIN-FULL].enabled: Input should be a valid boolean, got 'maybe'",
    ]


def test_a_misspelt_kind_key_is_not_also_a_missing_kind(tmp_path):
    text = ("extends: cpc-branch-2018\nrules:\n  - code: LOCAL-X\n    kindd: branch_aggregate\n"
            "    params: {count: members, min: 3}\n  - code: BP-MIN-FULL\n    wieght: 2\n    params: {mim: 3}\n")
    assert rules_problems(tmp_path, text) == [
        "4:5: rules[LOCAL-X]: unknown key 'kindd' (did you mean 'kind'?)",
        "7:5: rules[BP-MIN-FULL]: unknown key 'wieght' (did you mean 'weight'?)",
        "8:14: rules[BP-MIN-FULL].params: unknown key 'mim' (did you mean 'min'?)",
    ]


def test_the_extended_charter_unknown_and_a_bad_rule(tmp_path):
    text = "extends: cpc-branch-2017\nrules:\n  - code: BP-DISTANCE\n    weight: -1\n"
    problems = rules_problems(tmp_path, text)
    assert [p.split(": ")[0] for p in problems] == ["1:10", "4:13"]
    assert problems[0].startswith("1:10: extends: unknown charter 'cpc-branch-2017'")


FIRMS = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - id: F001
    name: 甲所
    locaton: {lat: 23.11, lon: 109.60}
    members:
      - {id: M1, status: full, joined: 2010-02-30}
      - {id: M2, status: full, joined: 2010-07-01}
  - id: F002
    members: {full: two}
  - id: F001
    members:
      - {id: M2, status: full, joined: 2011-07-01}
  - id: 7
    members: {full: 1}
  - id: '7'
    members: {full: 1}
"""


def test_a_firms_file_with_a_bad_date_an_unknown_key_and_ids_used_twice(tmp_path):
    """All in one run, in line order; the id 7 (a number: the schema's to report) is not
    also said to be used twice with '7'."""
    firms = tmp_path / "firms.yaml"
    firms.write_text(FIRMS, encoding="utf-8")
    assert [p.removeprefix(f"{firms}:") for p in refused(["solve", str(firms)])] == [
        "6:5: firms[0]: unknown key 'locaton' (did you mean 'location'?)",
        "8:40: firms[0].members[0].joined: 2010-02-30 is not a valid date (day is out of range for month)",
        "11:21: firms[1].members.full: Input should be a valid integer, got 'two'",
        "12:9: firms[2].id: firm id 'F001' is used twice (first by firms[0])",
        "14:14: firms[2].members[0].id: member id 'M2' appears also in firm F001; a member belongs to one place only",
        "15:9: firms[3].id: Input should be a valid string (quote it, e.g. '007', so YAML keeps it as text)",
    ]


def test_every_branch_id_used_twice(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: F001, firms: [F001]}\n  - {id: B1, lead: F002, firms: [F002]}\n"
                    "  - {id: B1, lead: F003, firms: [F003]}\n", encoding="utf-8")
    assert refused(["check", str(plan), "--firms", str(GUIGANG)]) == [
        f"{plan}:3:10: branches[1].id: branch id 'B1' is used twice (first by branches[0])",
        f"{plan}:4:10: branches[2].id: branch id 'B1' is used twice (first by branches[0])",
    ]



def test_a_branch_id_used_twice_comes_with_the_plans_schema_problems(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: F001, firms: [F001], kind: jiont}\n"
                    "  - {id: B1, lead: F002, firms: [F002]}\n", encoding="utf-8")
    lines = refused(["check", str(plan), "--firms", str(GUIGANG)])
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{plan}:2:47: branches[0].kind: ") and "jiont" in lines[0]
    assert lines[1] == f"{plan}:3:10: branches[1].id: branch id 'B1' is used twice (first by branches[0])"


def test_problems_are_in_the_order_of_the_text_file_by_file():
    error = InputError([Problem("b.yaml", "x", 9, 1), Problem("a.yaml", "closing"), Problem("a.yaml", "y", 3, 7),
                        Problem("b.yaml", "z", 2, 5), Problem("a.yaml", "w", 3, 2), Problem("a.yaml", "v", 3)])
    assert str(error).splitlines() == ["b.yaml:2:5: z", "b.yaml:9:1: x", "a.yaml:3:2: w", "a.yaml:3:7: y",
                                       "a.yaml:3: v", "a.yaml: closing"]


def test_a_rule_made_soft_without_a_weight_is_one_problem_among_the_others(tmp_path):
    """The refusal of a hard rule made soft without a weight joins the file's other problems
    (it used to stop the reading on its own)."""
    lines = rules_problems(tmp_path, """extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-MEMBERS
    severity: soft
  - code: BP-JOINT-MAX-FIRM
    params: {max: 6}
""")
    assert len(lines) == 2, lines
    assert lines[0].startswith("4:15: rules[BP-JOINT-MAX-MEMBERS].weight: rule BP-JOINT-MAX-MEMBERS is hard")
    assert lines[1].startswith("5:") and "BP-JOINT-MAX-FIRM" in lines[1]
