"""roster_from_data and plan_from_data take a document's text too (str, or bytes: an upload),
read as its file would be: every check of the text, with line and column."""

from __future__ import annotations

import json

import pytest

import branchplan
from branchplan.errors import InputError

#: a firms file whose firm A has 3 full members and a probationary member who joined more
#: than two years before its date (a warning at line 9)
OVERDUE = ("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n  - id: A\n    members:\n"
           "      - {id: M1, status: full, joined: 2010-01-01}\n      - {id: M2, status: full, joined: 2010-01-01}\n"
           "      - {id: M3, status: full, joined: 2010-01-01}\n"
           "      - {id: M4, status: probationary, joined: 2020-01-01}\n")
UPLOAD = """jurisdiction: X
as_of: 2026-11-01
firms:
  - id: F1
    location: {x: 0, y: 0}
    members: {full: 010}
"""


def test_an_uploaded_yaml_roster_gets_the_files_checks_with_positions():
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data(UPLOAD.encode("utf-8"), source="upload.yaml")
    [p] = err.value.problems
    assert (p.path, p.line, p.field) == ("upload.yaml", 6, "firms[0].members.full")
    assert "010 is not a plain decimal number" in p.message
    ok = branchplan.roster_from_data(UPLOAD.replace("010", "10"), source="upload.yaml")
    assert ok.firms[0].full == 10
    with pytest.raises(InputError) as err:      # a duplicate key, which a parsed dict would have lost
        branchplan.roster_from_data(UPLOAD.replace("    members: {full: 010}\n",
                                                   "    members: {full: 1}\n    members: {full: 2}\n"))
    assert "duplicate key 'members'" in err.value.problems[0].message


def test_an_upload_in_gbk_or_too_big_is_refused_as_its_file_would_be():
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data(UPLOAD.replace("X", "贵港市").replace("010", "1").encode("gbk"), source="up.yaml")
    assert err.value.problems[0].path == "up.yaml" and "UTF-8" in err.value.problems[0].message
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data(UPLOAD.replace("010", "1"), source="up.yaml", max_bytes=20)
    assert err.value.problems[0].path == "up.yaml"
    assert err.value.problems[0].message.endswith("more than the limit of 20 (raise it with max_bytes=)")


def test_json_text_and_a_plan_text():
    doc = {"jurisdiction": "X", "firms": [{"id": "F1", "members": {"full": 3}}]}
    roster = branchplan.roster_from_data(json.dumps(doc), source="upload")
    assert roster.firms[0].full == 3
    plan = branchplan.plan_from_data("branches:\n  - {id: B1, lead: F1, firms: [F1]}\n", source="plan.yaml")
    assert plan.branches[0].lead == "F1"
    with pytest.raises(InputError) as err:
        branchplan.plan_from_data("branches:\n  - {id: B1, lead: F1, firms: [F1], lead: F2}\n", source="plan.yaml")
    assert err.value.problems[0].line == 2


def test_a_rosters_warnings_are_kept_for_it_and_in_the_check_report(tmp_path):
    """The firms file's warnings (an overdue probation, a full member of under a year) are
    kept for the roster read (roster_warnings), located at the caller, and in check_files'
    report and its json, as check prints them."""
    import warnings

    firms = tmp_path / "firms.yaml"
    firms.write_text(OVERDUE, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        roster = branchplan.load_roster(firms)
    [kept] = branchplan.roster_warnings(roster)
    assert kept.line == 9 and "probationary member" in kept.message
    assert [w.filename for w in caught] == [__file__]
    assert branchplan.roster_warnings(branchplan.roster_from_data({"jurisdiction": "X", "firms": [{"id": "B", "members": {"full": 3}}]})) == ()
    plan = tmp_path / "plan.yaml"
    plan.write_text(branchplan.dump_plan(branchplan.solve(roster).plan, "yaml"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = branchplan.check_files(plan, firms)
    assert [w.line for w in report.warnings] == [9]
    assert json.loads(branchplan.render_report(report, "json"))["warnings"][0]["line"] == 9


def test_check_plan_takes_a_plan_without_text():
    roster = branchplan.roster_from_data({"jurisdiction": "X", "firms": [{"id": "A", "members": {"full": 3}}]})
    plan = branchplan.plan_from_data({"branches": [{"id": "B1", "lead": "A", "firms": ["A"]}]})
    report = branchplan.check_plan(plan, None, roster, None, None, plan_path="request")
    assert report.passed and report.exit_code == 0
    with pytest.raises(TypeError, match="plan_text: expected the plan file's text"):
        branchplan.check_plan(plan, b"branches: []", roster, None, None)


def test_argument_errors_say_what_the_library_takes():
    roster = branchplan.roster_from_data({"jurisdiction": "X", "firms": [{"id": "A", "members": {"full": 3}}]})
    with pytest.raises(TypeError, match=r"a Plan or a plan document \(dict\), got list"):
        branchplan.load_current([], roster)
    report = branchplan.check_plan(branchplan.plan_from_data({"branches": [{"id": "B1", "lead": "A", "firms": ["A"]}]}),
                                   None, roster, None, None)
    with pytest.raises(TypeError):
        branchplan.render_report(report, "github", only_new="yes")


def test_a_files_refused_values_come_in_one_run(tmp_path):
    """Independent refusals of values (numbers in YAML 1.1's other forms, keys given twice,
    yes/no, tags) are gathered in one reading, each at its place."""
    text = ("jurisdiction: X\nfirms:\n"
            "  - {id: F1, director_is_member: yes, members: {full: 010}}\n"
            "  - id: F2\n    members: {full: 1}\n    members: {full: 2}\n"
            "  - {id: F3, name: !!binary aGk=, members: {full: 0x10}}\n")
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data(text, source="f.yaml")
    got = [(p.line, p.field) for p in err.value.problems]
    assert got == [(3, "firms[0].director_is_member"), (3, "firms[0].members.full"), (6, "firms[1]"),
                   (7, "firms[2].name"), (7, "firms[2].members.full")], err.value.problems


def test_text_that_is_no_document_or_cannot_be_one_is_told_so():
    # a flow mapping on one line is YAML (not taken for JSON by its first character)
    assert branchplan.roster_from_data("{jurisdiction: X, firms: [{id: A, members: {full: 3}}]}",
                                       source="firms.yaml").firms[0].id == "A"
    with pytest.raises(InputError) as err:      # a lone surrogate: wrongly decoded text
        branchplan.roster_from_data("jurisdiction: X\nfirms:\n  - {id: A, name: \"x\udc80\", members: {full: 3}}\n")
    assert (err.value.problems[0].line, err.value.problems[0].column) == (3, 21)
    assert "U+DC80" in err.value.problems[0].message
    with pytest.raises(TypeError, match="this is a file's path, not a document"):
        branchplan.roster_from_data("examples/guigang/firms.yaml")
    from pathlib import Path

    with pytest.raises(TypeError, match=r"read the file with branchplan.load_plan\(path\)"):
        branchplan.plan_from_data(Path("plan.yaml"))
    with pytest.raises(TypeError, match="max_bytes"):
        branchplan.plan_from_data("branches: []", max_bytes="1M")
    with pytest.raises(TypeError, match="source"):
        branchplan.plan_from_data("branches: []", source=3)


def test_a_firms_files_warnings_are_filed_as_the_firms_files_once(tmp_path):
    import warnings

    firms = tmp_path / "firms.yaml"
    firms.write_text(OVERDUE, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: A, firms: [A]}\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = branchplan.check_files(plan, firms, base_path=plan, base_firms_path=firms)
    assert len(report.warnings) == 1      # (one firms file as --firms and --base-firms: once)
    github = branchplan.render_report(report, "github")
    assert "title=firms file::" in github and "title=rules file" not in github
    assert "Warnings about the input files (1)" in branchplan.render_report(report, "markdown")
    sarif = json.loads(branchplan.render_report(report, "sarif"))
    [note] = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert note["descriptor"]["id"] == "INPUT-FILE"


def test_past_fifty_refused_values_the_first_fifty_by_place_then_a_count():
    firms = "".join(f"  - {{id: F{k}, members: {{full: 0{k % 7 + 1}}}}}\n" for k in range(60))
    text = "jurisdiction: X\nfirms:\n" + firms + "director: yes\n"
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data(text, source="f.yaml")
    problems = err.value.problems
    assert len(problems) == 51 and [p.line for p in problems[:50]] == list(range(3, 53))
    assert problems[-1].line is None and "11 more" in problems[-1].message


def test_every_firms_file_warning_is_issued_at_the_callers_line():
    import warnings

    doc = {"jurisdiction": "X", "as_of": "2026-11-01", "firms": [{"id": "A", "members": [
        {"id": "张三", "status": "full", "joined": "2010-01-01"},                 # (an id that looks like a name)
        {"id": "M2", "status": "probationary", "joined": "2020-01-01"}]}]}    # (an overdue probation)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        branchplan.roster_from_data(doc)
    assert len(caught) == 2 and {w.filename for w in caught} == {__file__}


def test_a_refused_key_is_said_once_not_again_as_a_duplicate():
    text = "jurisdiction: X\nfirms:\n  - id: A\n    members: {full: 1}\n    tags: {010: a, 8: b, !!binary aGk=: c, !!binary aGk=: d}\n"
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data(text, source="f.yaml")
    messages = [p.message for p in err.value.problems]
    assert not any("duplicate key" in m for m in messages), messages
    assert len(messages) == 3      # 010, and each of the two tags


def test_check_files_issues_the_firms_files_warnings_at_its_callers_line(tmp_path):
    import warnings

    firms = tmp_path / "firms.yaml"
    firms.write_text(OVERDUE, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: A, firms: [A]}\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        branchplan.check_files(plan, firms)
    assert [w.filename for w in caught] == [__file__]


def test_data_nested_too_deep_is_refused_as_its_text_would_be():
    deep = "n"
    for _ in range(1000):
        deep = [deep]
    with pytest.raises(InputError, match="nested more than 64 levels deep"):
        branchplan.roster_from_data({"jurisdiction": "X", "firms": [{"id": "F1", "name": deep, "members": {"full": 3}}]})
    with pytest.raises(InputError, match="nested more than 64 levels deep"):
        branchplan.plan_from_data({"branches": [{"id": "B1", "lead": "F1", "firms": [tuple(deep)]}]})
    import collections

    for kind in (collections.deque, frozenset):
        nest = kind()
        for _ in range(1000):
            nest = kind([nest])
        with pytest.raises(InputError, match="nested more than 64 levels deep"):
            branchplan.plan_from_data({"branches": [{"id": "B1", "lead": "F1", "firms": nest}]})


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_a_buffer_of_bytes_is_read_as_bytes(kind):
    text = b"jurisdiction: X\nfirms:\n  - {id: A, members: {full: 3}}\n"
    assert branchplan.roster_from_data(kind(text), source="f.yaml").firms[0].id == "A"
