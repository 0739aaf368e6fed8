"""Library calls given the wrong kind of argument fail with an error naming the parameter
(a TypeError, as the rest of the library; a UsageError for an empty path), not from deep
inside (AttributeError, an unnamed TypeError, a ValueError building a message)."""

from __future__ import annotations

from pathlib import Path

import pytest

import branchplan
from branchplan import InputError, UsageError

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"


@pytest.mark.parametrize("bad", [None, {}, "report.json"])
def test_render_report_needs_a_report(bad):
    with pytest.raises(TypeError, match=r"^report: expected a GateReport \(from branchplan.check_files\)"):
        branchplan.render_report(bad, "text")


def test_render_report_still_renders_a_report():
    rep = branchplan.check_files(G / "plan-current.yaml", G / "firms.yaml")
    assert branchplan.render_report(rep, "text").startswith("Checking ")


@pytest.mark.parametrize("bad", [None, {}, 3])
def test_import_roster_needs_a_path(bad):
    with pytest.raises(TypeError, match=r"^path: expected a file path"):
        branchplan.import_roster(bad)


@pytest.mark.parametrize("fn", [branchplan.load_roster, branchplan.load_plan, branchplan.load_charter,
                                branchplan.import_roster])
def test_an_empty_path_is_refused_by_name(fn):
    with pytest.raises(UsageError, match="an empty path names no file"):
        fn("")


@pytest.mark.parametrize("fn", [branchplan.load_roster, branchplan.load_plan, branchplan.load_charter,
                                branchplan.import_roster])
def test_a_documents_text_is_no_path(fn):
    with pytest.raises(UsageError, match=r"^path: this is a document's text \(it has line breaks\), not a file's path"):
        fn((G / "plan-current.yaml").read_text(encoding="utf-8"))


def test_load_current_given_a_plans_text_says_what_it_is():
    roster = branchplan.load_roster(G / "firms.yaml")
    text = (G / "plan-current.yaml").read_text(encoding="utf-8")
    with pytest.raises(UsageError, match=r"^source: this is a document's text .* plan_from_data; write a rules"):
        branchplan.load_current(text, roster)
    # as the message says: the text read, then the plan given
    assert branchplan.load_current(branchplan.plan_from_data(text, "plan.yaml"), roster).branches


def test_a_file_whose_name_has_a_line_break_is_still_read(tmp_path):
    odd = tmp_path / "firms\n2027.yaml"
    odd.write_text((G / "firms.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert branchplan.load_roster(str(odd)).firms


@pytest.mark.parametrize("fn,name", [(branchplan.explain_firm, "firm_id"), (branchplan.explain_branch, "branch_id")])
@pytest.mark.parametrize("bad", [None, 18, ["F001"]])
def test_explain_needs_an_id(fn, name, bad):
    plan, _ = branchplan.load_plan(G / "plan-current.yaml")
    roster = branchplan.load_roster(G / "firms.yaml")
    with pytest.raises(TypeError, match=rf"^{name}: expected an id \(str\), got "):
        fn(plan, roster, None, None, bad)


def test_a_number_of_thousands_of_digits_in_a_document_in_memory():
    with pytest.raises(InputError) as err:
        branchplan.roster_from_data({"jurisdiction": "x", "firms": [{"id": "F1", "members": {"full": 10 ** 5000}}]})
    assert "firms[0].members.full" in str(err.value)
    assert "a number of about 5,000 digits" in str(err.value)
