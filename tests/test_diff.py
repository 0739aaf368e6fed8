"""diff_plans: the change list between two plans, and the `branchplan diff` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import branchplan
from branchplan.check import evaluate
from branchplan.cli import app
from branchplan.diff import diff_plans, natural
from branchplan.model import Roster
from branchplan.plan import Plan

# (plans here are compared with rosters they were not made for, on purpose: the library
# warns of that, as the commands do)
pytestmark = pytest.mark.filterwarnings("ignore::branchplan.errors.InputWarning")

DATA = Path(__file__).parent / "data" / "check"
ROSTER = branchplan.load_roster(DATA / "firms.yaml")
GOOD = {"B001": ("A01", ["A01"]), "B002": ("A02", ["A02"]), "B003": ("S01", ["S01", "S02", "S03"]),
        "B004": ("S04", ["S04", "S05", "C01"]), "B005": ("S07", ["S07", "S06", "S08"])}
runner = CliRunner()


def plan(branches: dict[str, tuple[str, list[str]]]) -> Plan:
    return Plan.model_validate({"branches": [{"id": i, "lead": lead, "firms": fs} for i, (lead, fs) in branches.items()]})


def changed(**kw) -> Plan:
    b = dict(GOOD)
    for k, v in kw.items():
        if v is None:
            del b[k]
        else:
            b[k] = v
    return plan(b)


def test_same_plan_is_an_empty_diff():
    d = diff_plans(plan(GOOD), plan(GOOD), ROSTER)
    assert d.is_empty and d.members_moved == 0
    assert d.text_lines()[0] == "Changes: none (same branches, same firms)"
    assert d.rules and all(r.delta == 0 for r in d.rules)   # (no charter: the shipped one)
    assert all(v == 0 for v in d.summary().values())


def test_one_firm_moves_with_its_named_members():
    new = changed(B003=("S01", ["S01", "S02"]), B004=("S04", ["S04", "S05", "C01", "S03"]))
    d = diff_plans(plan(GOOD), new, ROSTER)
    assert [(m.firm, m.from_branch, m.to_branch, m.members) for m in d.firm_moves] == [("S03", "B003", "B004", 2)]
    assert [(m.member, m.from_branch, m.to_branch) for m in d.member_moves] == [("M12", "B003", "B004"),
                                                                                  ("M13", "B003", "B004")]
    assert d.members_moved == 2
    # one firm changing branch is a firm move, not a merger of its two branches nor a split
    assert not d.merged and not d.split
    assert not d.created and not d.dissolved and not d.graduations
    assert "  firm S03 moves B003 -> B004 (2 members: M12, M13)" in d.text_lines()


def test_two_firms_going_on_together_make_a_merger_and_a_split():
    old = changed(B003=("S01", ["S01", "S02", "S03", "S05"]), B004=("S04", ["S04", "C01"]))
    new = changed(B003=("S01", ["S01", "S02"]), B004=("S04", ["S04", "C01", "S03", "S05"]))
    d = diff_plans(old, new, ROSTER)
    assert [(r.branch, r.others) for r in d.merged] == [("B004", ("B003", "B004"))]
    assert [(r.branch, r.others) for r in d.split] == [("B003", ("B003", "B004"))]
    assert sorted(m.firm for m in d.firm_moves) == ["S03", "S05"]
    # a lone firm leaving alongside is not a third part
    new = changed(B003=("S01", ["S01", "S02"]), B004=("S04", ["S04", "C01", "S03"]), B005=("S07", ["S07", "S06", "S08", "S05"]))
    d = diff_plans(old, new, ROSTER)
    assert not d.merged and not d.split


def test_counts_form_firm_moves_as_a_count():
    new = changed(B003=("S01", ["S01", "S02", "S03", "C01"]), B004=("S04", ["S04", "S05"]))
    d = diff_plans(plan(GOOD), new, ROSTER)
    assert [(m.firm, m.count, m.from_branch, m.to_branch) for m in d.count_moves] == [("C01", 3, "B004", "B003")]
    assert d.member_moves == [] and d.members_moved == 3


def test_renamed_branch_is_created_and_dissolved():
    new = changed(B005=None, B009=("S07", ["S07", "S06", "S08"]))
    d = diff_plans(plan(GOOD), new, ROSTER)
    assert [(b.branch, b.lead, b.firms) for b in d.created] == [("B009", "S07", ("S07", "S06", "S08"))]
    assert [b.branch for b in d.dissolved] == ["B005"]
    assert [m.firm for m in d.firm_moves] == ["S06", "S07", "S08"]
    assert d.members_moved == 4
    assert not d.merged and not d.split  # the whole branch moved: no regrouping


def test_graduation_and_lead_change():
    new = changed(B003=("S02", ["S02", "S03"]), B006=("S01", ["S01"]))
    d = diff_plans(plan(GOOD), new, ROSTER)
    assert [(g.firm, g.from_branch, g.to_branch) for g in d.graduations] == [("S01", "B003", "B006")]
    assert [(c.branch, c.old_lead, c.new_lead) for c in d.lead_changes] == [("B003", "S01", "S02")]
    assert d.split == []        # a graduation, not a split
    assert [b.branch for b in d.created] == ["B006"]


def test_firms_only_in_one_plan_are_added_or_removed():
    new = changed(B005=("S07", ["S07", "S06", "N01"]))
    d = diff_plans(plan(GOOD), new, ROSTER)
    assert [(f.firm, f.branch, f.members) for f in d.firms_added] == [("N01", "B005", None)]  # not in the roster
    assert [(f.firm, f.branch, f.members) for f in d.firms_removed] == [("S08", "B005", 1)]
    assert d.firm_moves == [] and d.members_moved == 0


def test_member_who_changed_firm_is_followed_with_the_old_roster():
    data = yaml.safe_load((DATA / "firms.yaml").read_text(encoding="utf-8"))
    firms = {f["id"]: f for f in data["firms"]}
    m12 = firms["S03"]["members"].pop(0)           # M12 leaves S03 (B003) ...
    firms["S04"]["members"].append(m12)             # ... for S04 (B004)
    m09 = firms["S01"]["members"].pop(0)            # M09 leaves S01 for S02: same branch B003
    firms["S02"]["members"].append(m09)
    new_roster = Roster.model_validate(data)
    d = diff_plans(plan(GOOD), plan(GOOD), new_roster, old_roster=ROSTER)
    assert [(m.member, m.firm, m.from_branch, m.to_branch) for m in d.member_moves] == [("M12", "S04", "B003", "B004")]
    assert d.firm_moves == []
    assert "  member M12 (now S04) moves B003 -> B004" in d.text_lines()


def test_rule_costs_are_the_evaluators_difference():
    charter = branchplan.load_charter()
    new = changed(B003=("S02", ["S01", "S02", "S03"]))
    d = diff_plans(plan(GOOD), new, ROSTER, charter, ROSTER.as_of)
    a = evaluate(plan(GOOD), ROSTER, charter, ROSTER.as_of)
    b = evaluate(new, ROSTER, charter, ROSTER.as_of)
    # every rule but the stability rule, which needs a current plan (the moves are listed)
    assert [r.code for r in d.rules] == [r.code for r in charter.rules if r.kind != "stability"]
    by = {r.code: r for r in d.rules}
    for oa, ob in ((oa, ob) for oa, ob in zip(a.outcomes, b.outcomes) if oa.code in by):
        assert by[oa.code].delta == round((ob.cost_milli - oa.cost_milli) / 1000, 3)
    assert by["BP-LEAD-DIRECTOR"].delta == 5.0 and by["BP-LEAD-DIRECTOR"].new_findings == 1
    assert diff_plans(plan(GOOD), new, ROSTER).to_dict() == d.to_dict()  # no charter: the shipped one


def test_ordering_is_natural_and_keys_are_stable():
    assert sorted(["B10", "B2", "B1"], key=natural) == ["B1", "B2", "B10"]
    old = plan({"B2": ("S01", ["S01", "S02", "S03"]), "B10": ("S04", ["S04", "S05", "C01"])})
    new = plan({"B10": ("S01", ["S01", "S02", "S03"]), "B2": ("S04", ["S04", "S05", "C01"])})
    d = diff_plans(old, new, ROSTER)
    assert [m.firm for m in d.firm_moves] == ["C01", "S01", "S02", "S03", "S04", "S05"]
    assert list(d.to_dict()) == ["summary", "member_moves", "count_moves", "firm_moves", "firms_added",
                                 "firms_removed", "firms_renamed", "firms_repeated", "members_left", "members_new", "firms_listed_twice", "branches_created", "branches_dissolved", "branches_merged",
                                 "branches_split", "graduations", "lead_changes", "host_changes", "branches_renumbered",
                                 "rules"]
    assert d.to_dict() == diff_plans(old, new, ROSTER).to_dict()


def test_markdown_lists_changes_in_a_table():
    new = changed(B003=("S01", ["S01", "S02"]), B004=("S04", ["S04", "S05", "C01", "S03"]))
    md = diff_plans(plan(GOOD), new, ROSTER, branchplan.load_charter()).markdown()
    assert "| firm S03 (2 members: M12, M13) | B003 | B004 |" in md
    assert "| BP-DISTANCE |" in md and "| rule | old | new | change |" in md


@pytest.mark.parametrize("fmt", ["text", "json", "yaml", "markdown"])
def test_cli_diff_formats(fmt, tmp_path):
    res = runner.invoke(app, ["diff", str(DATA / "plan-good.yaml"), str(DATA / "plan-bad.yaml"),
                              "--firms", str(DATA / "firms.yaml"), "--format", fmt])
    assert res.exit_code == 0, res.output
    assert "S03" in res.stdout
    if fmt == "json":
        data = json.loads(res.stdout)
        assert data["summary"]["members_moved"] == 5
        assert data["branches_created"] == [{"branch": "B006", "lead": "S06", "firms": ["S06"]}]


def test_cli_diff_writes_a_file_and_refuses_bad_input(tmp_path):
    out = tmp_path / "diff.json"
    args = ["diff", str(DATA / "plan-good.yaml"), str(DATA / "plan-bad.yaml"), "--firms", str(DATA / "firms.yaml")]
    res = runner.invoke(app, args + ["--format", "json", "-o", str(out)])
    assert res.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["summary"]["firms_moved"] == 3
    bad = tmp_path / "bad.yaml"
    bad.write_text("branches:\n  - id: B1\n    lead: S01\n    firm: [S01]\n", encoding="utf-8")
    res = runner.invoke(app, ["diff", str(DATA / "plan-good.yaml"), str(bad), "--firms", str(DATA / "firms.yaml")])
    assert res.exit_code == 2 and f"{bad}:4:5" in res.output
    res = runner.invoke(app, args + ["--as-of", "yesterday"])
    assert res.exit_code == 2 and "--as-of" in res.output
    res = runner.invoke(app, args + ["--format", "html"])
    assert res.exit_code == 2


def test_lead_left_alone_is_a_split_not_a_graduation():
    new = changed(B003=("S01", ["S01"]), B006=("S02", ["S02", "S03"]))
    d = diff_plans(plan(GOOD), new, ROSTER)
    assert d.graduations == []
    assert [(r.branch, r.others) for r in d.split] == [("B003", ("B003", "B006"))]


def test_a_branch_its_lead_may_have_outgrown_in_place_is_named_without_the_old_firms_file(tmp_path):
    """J1 led by A (2 full members last year, 3 now) keeps its id and lead, A alone in it now:
    with the old firms file a graduation; without it, none counted and a note names J1
    (``graduations_unknown`` in json)."""
    old_firms = tmp_path / "old.yaml"
    old_firms.write_text("jurisdiction: 甲市\nas_of: 2026-01-01\nfirms:\n  - {id: A, members: {full: 2}}\n"
                         "  - {id: B, members: {full: 1}}\n  - {id: C, members: {full: 3}}\n", encoding="utf-8")
    new_firms = tmp_path / "new.yaml"
    new_firms.write_text("jurisdiction: 甲市\nas_of: 2027-01-01\nfirms:\n  - {id: A, members: {full: 3}}\n"
                         "  - {id: B, members: {full: 1}}\n  - {id: C, members: {full: 3}}\n", encoding="utf-8")
    old = tmp_path / "old-plan.yaml"
    old.write_text("branches:\n  - {id: J1, lead: A, firms: [A, B]}\n  - {id: J2, lead: C, firms: [C]}\n",
                   encoding="utf-8")
    new = tmp_path / "new-plan.yaml"
    new.write_text("branches:\n  - {id: J1, lead: A, firms: [A]}\n  - {id: J2, lead: C, firms: [C, B]}\n",
                   encoding="utf-8")
    args = ["diff", str(old), str(new), "--firms", str(new_firms)]
    res = runner.invoke(app, args + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "0 graduations" in res.stdout
    assert ("Note: branch J1 kept its id and lead, the lead now alone in it with the full members for a branch of "
            "its own; without --old-firms it cannot be told whether the lead grew to them (its old size is unknown), "
            "so no graduation is counted") in res.stdout.splitlines()
    zh = runner.invoke(app, args + ["--lang", "zh"]).stdout.splitlines()
    assert ("注：支部 J1 保留了原编号和牵头单位，牵头单位现已独自成支部且正式党员已达单独组建的人数；未指定 --old-firms "
            "时无法判断其是否由原来人数不足发展而来（原有人数未知），故不计为转为单独组建") in zh
    # check --base names its own option for the old firms file
    gate = runner.invoke(app, ["check", str(new), "--firms", str(new_firms), "--base", str(old), "--lang", "en"])
    assert "without --base-firms it cannot be told whether the lead grew to them" in gate.stdout
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert data["graduations"] == [] and data["graduations_unknown"] == ["J1"]
    followed = runner.invoke(app, args + ["--old-firms", str(old_firms), "--format", "json"])
    data = json.loads(followed.stdout)
    assert data["graduations"] == [{"firm": "A", "from": "J1", "to": "J1", "host": None}]
    assert "graduations_unknown" not in data
    text = runner.invoke(app, args + ["--old-firms", str(old_firms), "--lang", "en"]).stdout
    assert "1 graduation" in text and "kept its id and lead" not in text


def test_two_branches_their_leads_may_have_outgrown_in_place_are_named_in_one_note(tmp_path):
    firms = tmp_path / "new.yaml"
    firms.write_text("jurisdiction: 甲市\nas_of: 2027-01-01\nfirms:\n  - {id: A, members: {full: 3}}\n"
                     "  - {id: B, members: {full: 1}}\n  - {id: C, members: {full: 3}}\n  - {id: D, members: {full: 1}}\n"
                     "  - {id: E, members: {full: 2}}\n", encoding="utf-8")
    old = tmp_path / "old-plan.yaml"
    old.write_text("branches:\n  - {id: J1, lead: A, firms: [A, B]}\n  - {id: J2, lead: C, firms: [C, D]}\n"
                   "  - {id: J3, lead: E, firms: [E]}\n", encoding="utf-8")
    new = tmp_path / "new-plan.yaml"
    new.write_text("branches:\n  - {id: J1, lead: A, firms: [A]}\n  - {id: J2, lead: C, firms: [C]}\n"
                   "  - {id: J3, lead: E, firms: [E, B, D]}\n", encoding="utf-8")
    res = runner.invoke(app, ["diff", str(old), str(new), "--firms", str(firms), "--lang", "en"])
    assert ("Note: branches J1, J2 kept their ids and leads, each lead now alone in its branch with the full members "
            "for a branch of its own; without --old-firms it cannot be told whether the leads grew to them (their "
            "old sizes are unknown), so no graduation is counted") in res.stdout.splitlines()
