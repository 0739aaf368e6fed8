"""Using branchplan as a library in a long-lived process (a web app): errors that cross
process boundaries, calls that depend only on their arguments, arguments checked as
``solve`` checks them."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import branchplan

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"


def test_input_error_survives_pickling_with_its_problems():
    with pytest.raises(branchplan.InputError) as info:
        branchplan.roster_from_data({"firms": [{"id": "F1", "members": {"full": 3}}]}, source="request")
    err = info.value
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is branchplan.InputError
    assert back.problems == err.problems and str(back) == str(err) and back.text("zh") == err.text("zh")


def test_input_error_raised_in_a_process_pool_reaches_the_caller_as_itself():
    with ProcessPoolExecutor(1) as pool:
        fut = pool.submit(branchplan.roster_from_data, {"firms": [{"id": "F1", "members": {"full": 3}}]}, "request")
        with pytest.raises(branchplan.InputError) as info:
            fut.result()
        assert info.value.problems[0].path == "request"
        assert pool.submit(len, "abc").result() == 3    # the pool is still usable


NAMED_BRANCH = {"branches": [{"id": "李明支部", "lead": "F1", "firms": ["F1"]}]}


def _roster_naming_li_ming():
    return branchplan.roster_from_data({"jurisdiction": "A", "as_of": "2026-11-01", "firms": [
        {"id": "F1", "location": {"x": 0, "y": 0}, "members": [
            {"id": f"M{k}", "name": n, "status": "full", "joined": "2020-01-01"}
            for k, n in enumerate(["李明", "王芳", "张伟"])]}]}, source="req-A")


def test_a_plan_read_later_is_not_screened_against_the_names_of_an_unrelated_roster_read_earlier():
    assert branchplan.plan_from_data(NAMED_BRANCH, source="stored plan").branches[0].id == "李明支部"
    _roster_naming_li_ming()    # an earlier request, another committee's roster
    assert branchplan.plan_from_data(NAMED_BRANCH, source="stored plan").branches[0].id == "李明支部"


def test_a_plan_read_against_a_roster_is_screened_against_that_rosters_names():
    roster = _roster_naming_li_ming()
    with pytest.raises(branchplan.InputError) as info:
        branchplan.load_current(NAMED_BRANCH, roster)
    assert "member's name" in str(info.value) and "李明" not in str(info.value)
    other = branchplan.roster_from_data({"jurisdiction": "A", "firms": [
        {"id": "F1", "location": {"x": 0, "y": 0}, "members": {"full": 3}}]})
    assert branchplan.load_current(NAMED_BRANCH, other).all_ids == ("李明支部",)


def test_check_files_screens_the_plan_against_the_names_of_its_own_firms_file(tmp_path):
    import json

    doc = {"jurisdiction": "A", "as_of": "2026-11-01", "firms": [{"id": "F1", "location": {"x": 0, "y": 0},
           "members": [{"id": f"M{k}", "name": n, "status": "full", "joined": "2020-01-01"}
                       for k, n in enumerate(["李明", "王芳", "张伟"])]}]}
    (tmp_path / "firms.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "plan.json").write_text(json.dumps(NAMED_BRANCH, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(branchplan.InputError, match="member's name"):
        branchplan.check_files(tmp_path / "plan.json", tmp_path / "firms.json")
    # and the names of that call are not kept for the next
    assert branchplan.plan_from_data(NAMED_BRANCH).branches[0].id == "李明支部"


SEC_FIRMS = {"jurisdiction": "T", "as_of": "2026-11-01", "firms": [{"id": "F1", "location": {"x": 0, "y": 0},
             "members": [{"id": f"M{k}", "status": "full", "joined": "2026-06-01"} for k in (1, 2, 3)]}]}
ONE_BRANCH = {"branches": [{"id": "B1", "lead": "F1", "firms": ["F1"]}]}


def test_check_and_explain_without_a_date_measure_standing_on_the_rosters_date_as_the_command_does():
    roster = branchplan.roster_from_data(SEC_FIRMS)
    charter = branchplan.load_charter()
    plan = branchplan.plan_from_data(ONE_BRANCH)
    dated = branchplan.check(plan, roster, charter, "2026-11-01")
    assert [f.code for f in dated.findings] == ["BP-SECRETARY"]
    assert [f.code for f in branchplan.check(plan, roster, charter, None).findings] == ["BP-SECRETARY"]
    assert branchplan.check_plan(plan, "", roster, charter, None).verdict == \
        branchplan.check_plan(plan, "", roster, charter, "2026-11-01").verdict
    assert branchplan.explain_plan(plan, roster, charter, None) == branchplan.explain_plan(plan, roster, charter,
                                                                                          "2026-11-01")
    assert branchplan.explain_plan(plan, roster, charter, None)["cost"] == dated.cost_milli / 1000 > 0
    assert branchplan.explain_branch(plan, roster, charter, None, "B1") == \
        branchplan.explain_branch(plan, roster, charter, "2026-11-01", "B1")


def test_a_date_before_a_member_joined_is_the_same_usage_error_in_check_and_explain_as_in_solve():
    roster = branchplan.load_roster(EX / "firms.yaml")
    plan, _ = branchplan.load_plan(EX / "plan-current.yaml")
    charter = branchplan.load_charter()
    calls = [lambda: branchplan.check(plan, roster, charter, "2000-01-01"),
             lambda: branchplan.check_plan(plan, "", roster, charter, "2000-01-01"),
             lambda: branchplan.explain_plan(plan, roster, charter, "2000-01-01"),
             lambda: branchplan.explain_branch(plan, roster, charter, "2000-01-01", plan.branches[0].id),
             lambda: branchplan.explain_firm(plan, roster, charter, "2000-01-01", roster.firms[0].id),
             lambda: branchplan.solve(roster, charter, as_of="2000-01-01")]
    calls += [lambda: branchplan.diff(plan, plan, roster, charter, as_of="2000-01-01"),
              lambda: branchplan.build_report(plan, roster, charter, as_of="2000-01-01"),
              lambda: branchplan.check_files(EX / "plan-current.yaml", EX / "firms.yaml", as_of="2000-01-01"),
              lambda: branchplan.replan(roster, branchplan.load_current(plan, roster), as_of="2000-01-01")]
    said = set()
    for call in calls:
        with pytest.raises(branchplan.UsageError) as info:
            call()
        said.add(str(info.value))
    assert said == {"as_of (2000-01-01) is before member M0078 of firm LA01 joined (2026-09-26); standing is "
                    "measured on a date on or after the latest joining date"}
    back = pickle.loads(pickle.dumps(info.value))
    assert type(back) is type(info.value) and str(back) == str(info.value)


def test_a_roster_is_immutable_and_a_changed_copy_solves_with_its_own_firms():
    from branchplan import Firm, Roster

    r = Roster(jurisdiction="T", firms=[Firm(id="F1", location={"x": 0, "y": 0}, members={"full": 3}),
                                        Firm(id="F2", location={"x": 1, "y": 0}, members={"full": 1}),
                                        Firm(id="F3", location={"x": 5, "y": 0}, members={"full": 3})])
    assert branchplan.solve(r).ok
    with pytest.raises(TypeError):
        r.firms[1] = Firm(id="F2", location={"x": 1, "y": 0}, members={"full": 5})
    with pytest.raises(AttributeError):
        r.firms.append(Firm(id="F4", location={"x": 2, "y": 0}, members={"full": 3}))
    changed = r.model_copy(update={"firms": [*r.firms[:1], Firm(id="F2", location={"x": 1, "y": 0},
                                                                 members={"full": 5}),
                                             *r.firms[2:], Firm(id="F4", location={"x": 2, "y": 0},
                                                                members={"full": 3})]})
    assert isinstance(changed.firms, tuple)
    result = branchplan.solve(changed)
    assert result.ok and sorted(f for b in result.plan.branches for f in b.firms) == ["F1", "F2", "F3", "F4"]
    assert [len(b.firms) for b in result.plan.branches] == [1, 1, 1, 1]
    assert branchplan.roster_from_data({"jurisdiction": "T", "firms": [{"id": "F1", "members": {"full": 3}}]}
                                       ).firms.__class__ is tuple
    # firms and hosts given to a copy are validated as a roster built with them validates them
    from pydantic import ValidationError

    as_data = r.model_copy(update={"firms": [{"id": "F9", "location": {"x": 0, "y": 0}, "members": {"full": 3}}],
                                   "hosts": ({"id": "H1"} for _ in range(1))})
    assert isinstance(as_data.firms[0], Firm) and as_data.firms[0].full == 3 and as_data.hosts[0].id == "H1"
    assert branchplan.solve(as_data).ok
    for bad in (None, [{"id": "F1"}, 3], [{"id": "F1", "members": {"full": -1}}]):
        with pytest.raises(ValidationError) as caught:
            r.model_copy(update={"firms": bad})
        # (the error reads as a roster's: its title and the field's name, not a bare type)
        assert caught.value.title == "Roster" and all(e["loc"][0] == "firms" for e in caught.value.errors())
    with pytest.raises(ValidationError) as caught:       # (both fields' errors, each named)
        r.model_copy(update={"hosts": [{"name": "no id"}], "firms": [3]})
    assert caught.value.title == "Roster" and [e["loc"][:2] for e in caught.value.errors()] == [("firms", 0),
                                                                                                ("hosts", 0)]


def test_a_firms_members_are_immutable_and_a_changed_copy_counts_its_own():
    from branchplan import Firm, Member, Roster

    full = [Member(id=f"m{i}", status="full") for i in range(2)]
    f = Firm(id="F1", location={"x": 0, "y": 0}, members=full)      # (built from a list)
    assert isinstance(f.members, tuple) and (f.full, f.size) == (2, 2)
    with pytest.raises(AttributeError):
        f.members.append(Member(id="m2", status="full"))
    with pytest.raises(TypeError):
        f.members[0] = Member(id="m9", status="probationary")
    grown = f.model_copy(update={"members": [*f.members, Member(id="m2", status="full"),
                                             Member(id="m3", status="probationary")]})
    assert isinstance(grown.members, tuple) and (grown.full, grown.probationary) == (3, 1)
    assert grown.member_list == grown.members and (f.full, f.size) == (2, 2)
    assert Firm(id="F2").members == () and Firm(id="F3", members=tuple(full)).full == 2
    # a roster read from a file holds tuples; the firm grown to 3 full members gets its own branch
    r = branchplan.roster_from_data({"jurisdiction": "T", "firms": [
        {"id": "F1", "location": {"x": 0, "y": 0}, "members": [{"id": "m0", "status": "full"},
                                                                {"id": "m1", "status": "full"}]},
        {"id": "F2", "location": {"x": 1, "y": 0}, "members": {"full": 3}}]})
    assert isinstance(r.firms[0].members, tuple)
    with pytest.raises(AttributeError):
        r.firms[0].members.append(Member(id="m2", status="full"))
    changed = r.model_copy(update={"firms": [grown, r.firms[1]]})
    result = branchplan.solve(changed)
    assert result.ok and [len(b.firms) for b in result.plan.branches] == [1, 1]
    assert isinstance(Roster(jurisdiction="T", firms=[{"id": "F1", "members": [{"id": "a", "status": "full"}]}]
                             ).firms[0].members, tuple)


def test_a_roster_built_in_code_with_a_firm_of_no_jurisdiction_is_an_input_error_as_roster_from_data_gives():
    from branchplan import Firm, Roster

    for firms in ([Firm(id="F1", members={"full": 1}), Firm(id="F2", members={"full": 1})],
                  [Firm(id="F1", jurisdiction="A", members={"full": 3}), Firm(id="F2", members={"full": 1})]):
        with pytest.raises(branchplan.InputError) as info:
            branchplan.solve(Roster(firms=firms))
        assert "firm F2 has no jurisdiction" in str(info.value)
    # with the roster's default jurisdiction, an infeasible roster gives its reasons
    result = branchplan.solve(Roster(jurisdiction="A", firms=[Firm(id="F1", members={"full": 1}),
                                                               Firm(id="F2", members={"full": 1})]))
    assert result.plan.status == "infeasible" and result.problems


def test_render_report_with_an_unknown_format_is_a_usage_error():
    rep = branchplan.check_files(EX / "plan-current.yaml", EX / "firms.yaml")
    with pytest.raises(branchplan.UsageError, match="render_report: unknown format 'xml'"):
        branchplan.render_report(rep, "xml")


def test_a_language_is_taken_in_any_case_and_another_language_is_a_usage_error():
    roster = branchplan.load_roster(EX / "firms.yaml")
    plan, _ = branchplan.load_plan(EX / "plan-current.yaml")
    rep = branchplan.check_files(EX / "plan-current.yaml", EX / "firms.yaml")
    assert branchplan.render_report(rep, "text", lang="ZH") == branchplan.render_report(rep, "text", lang="zh")
    assert branchplan.render_report(rep, "text", lang="zh") != branchplan.render_report(rep, "text", lang="en")
    assert branchplan.build_report(plan, roster, lang="ZH") == branchplan.build_report(plan, roster, lang="zh")
    result = branchplan.solve(roster)
    changes = branchplan.diff(plan, result.plan, roster)
    calls = [lambda lang: branchplan.render_report(rep, "text", lang=lang),
             lambda lang: branchplan.build_report(plan, roster, lang=lang),
             lambda lang: branchplan.build_workbook(plan, roster, lang=lang),
             lambda lang: result.reasons(lang),
             lambda lang: changes.text_lines(lang)]
    for call in calls:
        call("En")
        with pytest.raises(branchplan.UsageError, match="lang: 'fr' is not a language of branchplan"):
            call("fr")
        with pytest.raises(TypeError, match="lang: expected 'en' or 'zh'"):
            call(None)


def test_numpy_whole_numbers_are_taken_as_member_counts_and_bools_are_not():
    import numpy as np

    def firms(counts):
        return {"jurisdiction": "T", "firms": [{"id": "F1", "lawyers": np.int32(12), "members": counts}]}

    roster = branchplan.roster_from_data(firms({"full": np.int64(3), "probationary": np.uint8(1)}))
    assert (roster.firms[0].full, roster.firms[0].probationary, roster.firms[0].lawyers) == (3, 1, 12)
    assert type(roster.firms[0].members.full) is int
    for bad in (True, np.float64(3.0), np.int64(-1)):
        with pytest.raises(branchplan.InputError, match="firms\\[0\\].members.full"):
            branchplan.roster_from_data(firms({"full": bad}))


def test_arguments_of_the_wrong_type_are_a_type_error_naming_the_parameter_and_what_makes_one():
    r = branchplan.load_roster(EX / "firms-2027.yaml")
    p, _ = branchplan.load_plan(EX / "plan-current.yaml")
    ch = branchplan.load_charter()
    current = branchplan.load_current(p, r)
    cases = [
        (lambda: branchplan.replan(r, p), "current: expected a CurrentPlan (from branchplan.load_current), got Plan"),
        (lambda: branchplan.replan(r, str(EX / "plan-current.yaml")), "current: expected a CurrentPlan"),
        (lambda: branchplan.solve(r, current=p), "current: expected a CurrentPlan (from branchplan.load_current)"),
        (lambda: branchplan.solve(r, current={"branches": []}), "current: expected a CurrentPlan"),
        (lambda: branchplan.check(p, str(EX / "firms-2027.yaml"), ch, "2026-11-01"),
         "roster: expected a Roster (from branchplan.load_roster), got str; read a file with"),
        (lambda: branchplan.check(p.to_dict(), r, ch, "2026-11-01"),
         "plan: expected a Plan (from branchplan.load_plan), got dict; read a plan document with "
         "branchplan.plan_from_data"),
        (lambda: branchplan.diff(p, p, None), "roster: expected a Roster"),
        (lambda: branchplan.load_current(p, str(EX / "firms.yaml")), "roster: expected a Roster"),
        (lambda: branchplan.load_current(3, r), "source: expected a plan file's path (str or os.PathLike), a Plan or a plan document"),
        (lambda: branchplan.dump_plan(p.to_dict(), "yaml"), "plan: expected a Plan"),
        (lambda: branchplan.replan(r, current, old_roster=str(EX / "firms.yaml")), "old_roster: expected a Roster"),
        (lambda: branchplan.load_roster(None), "path: expected a file path (str or os.PathLike), got NoneType"),
        (lambda: branchplan.load_plan(None), "path: expected a file path"),
        (lambda: branchplan.load_charter(3), "path: expected a file path"),
        (lambda: branchplan.check_files(None, EX / "firms.yaml"), "plan_path: expected a file path"),
        (lambda: branchplan.explain_plan(p, r, "rules.yaml", None), "charter: expected a Charter"),
        (lambda: branchplan.check_plan(p, "", r, ch, None, base=p.to_dict()), "base: expected a Plan"),
        (lambda: branchplan.build_report(p, {"firms": []}), "roster: expected a Roster"),
    ]
    for call, said in cases:
        with pytest.raises(TypeError) as info:
            call()
        assert str(info.value).startswith(said), str(info.value)


def test_no_charter_is_the_shipped_charter_everywhere():
    r = branchplan.load_roster(EX / "firms-2027.yaml")
    old = branchplan.load_roster(EX / "firms.yaml")
    a, _ = branchplan.load_plan(EX / "plan-current.yaml")
    b, _ = branchplan.load_plan(EX / "plan-2027.yaml")
    ch = branchplan.load_charter()
    changes = branchplan.diff(a, b, r, old_roster=old).to_dict()
    assert len(changes["rules"]) > 5 and changes["rules"][0]["code"] == "BP-ONE-BRANCH"
    assert changes == branchplan.diff(a, b, r, ch, old_roster=old).to_dict()
    assert branchplan.check(b, r, None, "2027-11-01").cost_milli == branchplan.check(b, r, ch, "2027-11-01").cost_milli
    assert branchplan.explain_plan(b, r, None, None) == branchplan.explain_plan(b, r, ch, None)
    assert branchplan.explain_branch(b, r, None, None, b.branches[0].id) == \
        branchplan.explain_branch(b, r, ch, None, b.branches[0].id)
    assert branchplan.check_plan(b, "", r, None, None).verdict == branchplan.check_plan(b, "", r, ch, None).verdict


def test_with_requests_checks_its_arguments_and_names_its_parameters():
    r = branchplan.load_roster(EX / "firms-2027.yaml")
    cur = branchplan.load_current(EX / "plan-current.yaml", r)
    with pytest.raises(TypeError, match="pins: expected a list of branch or firm ids, got str"):
        cur.with_requests(pins="B006")
    with pytest.raises(TypeError, match="pins: expected branch or firm ids"):
        cur.with_requests(pins=[6])
    for bad in ("3", 3.0, True):
        with pytest.raises(TypeError, match="max_moves: expected an integer"):
            cur.with_requests(max_moves=bad)
    with pytest.raises(branchplan.UsageError, match="^max_moves: -1 is not in the range x>=0$"):
        cur.with_requests(max_moves=-1)
    with pytest.raises(branchplan.UsageError) as info:
        cur.with_requests(["B0066"])
    assert str(info.value).startswith("pins B0066: no branch or firm of the current plan is called 'B0066'")
    assert "--" not in str(info.value)
    import numpy as np

    kept = cur.with_requests(["B006"], np.int64(3))
    assert kept.max_moves == 3 and type(kept.max_moves) is int and len(kept.requests) == 2


def test_a_firm_copied_with_members_validates_them_as_a_firm_built_with_them():
    from pydantic import ValidationError

    from branchplan import Firm

    f = Firm(id="F1", members=[{"id": "m0", "status": "full"}])
    as_data = f.model_copy(update={"members": [{"id": "m1", "status": "full"}, {"id": "m2", "status": "probationary"}]})
    assert (as_data.full, as_data.probationary) == (1, 1) and isinstance(as_data.members, tuple)
    counted = f.model_copy(update={"members": {"full": 2, "probationary": 1}})
    assert (counted.full, counted.probationary, counted.member_list) == (2, 1, None)
    with pytest.raises(ValidationError) as caught:
        f.model_copy(update={"members": [{"id": "m3", "status": "bogus"}]})
    assert caught.value.title == "Firm" and caught.value.errors()[0]["loc"][:4] == ("members", "list", 0, "status")
    assert f.full == 1
