"""Re-planning cases found by randomized stress testing, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data" / "replan"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_lead_moving_to_another_jurisdiction_leaves_its_branch_behind(tmp_path):
    # A led J1 and is now in 乙市 (it goes to the host there); B and C still hold 3 full
    # members in 甲市: J1 continues there under B or C, and only A's member moves
    firms = write(tmp_path, "firms.yaml", """
jurisdiction: 甲市
firms:
  - {id: A, jurisdiction: 乙市, members: {full: 1}}
  - {id: B, members: {full: 2}}
  - {id: C, members: {full: 1}}
hosts:
  - {id: H, jurisdiction: 乙市}
""")
    plan = write(tmp_path, "plan.yaml", "branches:\n  - {id: J1, lead: A, firms: [A, B, C]}\n")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(plan), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["replan"] == {"members_moved": 1, "firms_moved": 1}
    assert [(m["firm"], m["from"]) for m in data["moves"]] == [("A", "J1")]
    j1 = next(b for b in data["plan"]["branches"] if b["id"] == "J1")
    assert sorted(j1["firms"]) == ["B", "C"] and j1["lead"] in ("B", "C")
    assert data["changes"]["branches_dissolved"] == []


def test_a_current_branch_holding_a_host_of_another_jurisdiction_is_replanned(tmp_path):
    # the host H of 乙市 sat in a branch of 甲市 firms (as a unit, or as its lead): it has no
    # members to move, and the branch continues in 甲市 (was: internal error, exit 3)
    firms = DATA / "host-elsewhere.yaml"
    for lead, units in (("A", "A, B, H"), ("H", "H, A, B")):
        plan = write(tmp_path, "plan.yaml", f"branches:\n  - {{id: J1, lead: {lead}, firms: [{units}]}}\n")
        res = runner.invoke(app, ["solve", str(firms), "--current", str(plan), "--format", "json"])
        assert res.exit_code == 0, res.output
        data = json.loads(res.stdout)
        assert data["replan"]["members_moved"] == 0
        assert [(b["id"], sorted(b["firms"])) for b in data["plan"]["branches"]] == [("J1", ["A", "B"])]


def test_pinning_a_branch_that_now_spans_two_jurisdictions_exits_1_and_says_why(tmp_path):
    # J1 holds the host H of 乙市 and firms of 甲市: no plan can keep it exactly (was: internal
    # error "the re-plan does not keep the pin", exit 3)
    firms = DATA / "host-elsewhere.yaml"
    plan = write(tmp_path, "plan.yaml", "branches:\n  - {id: J1, lead: A, firms: [A, B, H]}\n")
    out = tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(plan), "--pin", "J1", "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert "甲市: the pin branch J1 cannot hold" in res.stderr
    assert "branch J1 also holds H of another jurisdiction" in res.stderr
    assert not out.exists()


def test_the_order_of_the_current_plan_does_not_change_the_new_plan(tmp_path):
    # F002 graduates; F003 and F007 form a new branch, either could lead it at equal cost:
    # the choice must not depend on the order of branches and firms in the current plan
    firms = write(tmp_path, "firms.yaml", """
jurisdiction: 甲市
firms:
  - {id: F001, members: {full: 1}}
  - {id: F002, members: {full: 3, probationary: 1}}
  - {id: F003, members: {full: 2}}
  - {id: F005, members: {full: 1}}
  - {id: F006, members: {probationary: 2}}
  - {id: F007, director_is_member: true, members: {full: 1}}
  - {id: F009, director_is_member: true, members: {full: 1}}
""")
    b3, b5 = "{id: B003, lead: F002, firms: [F002, F003, F007]}", "{id: B005, lead: F009, firms: [F009, F001, F005, F006]}"
    b3_shuffled = "{id: B003, lead: F002, firms: [F003, F007, F002]}"
    got = []
    for k, branches in enumerate([(b3, b5), (b5, b3_shuffled)]):
        plan = write(tmp_path, f"plan{k}.yaml", "branches:\n" + "".join(f"  - {b}\n" for b in branches))
        res = runner.invoke(app, ["solve", str(firms), "--current", str(plan), "--format", "json"])
        assert res.exit_code == 0, res.output
        data = json.loads(res.stdout)
        assert data["replan"]["members_moved"] == 3
        got.append({b["id"]: (b["lead"], sorted(b["firms"])) for b in data["plan"]["branches"]})
    assert got[0] == got[1]
    assert got[0]["B006"][1] == ["F003", "F007"]


def test_a_pinned_host_branch_keeps_its_host_or_exits_1(tmp_path):
    # J1 = host H with firm A; A now has 3 full members and must lead its own branch, so J1
    # cannot be kept (was: A's own branch taken for J1's continuation, internal error, exit 3)
    firms = write(tmp_path, "firms.yaml", """
jurisdiction: 甲市
firms:
  - {id: A, members: {full: 3}}
  - {id: B, members: {full: 1}}
hosts:
  - {id: H}
""")
    plan = write(tmp_path, "plan.yaml", "branches:\n  - {id: J1, lead: H, firms: [H, A]}\n  - {id: J2, lead: B, firms: [B]}\n")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(plan), "--pin", "J1"])
    assert res.exit_code == 1, res.output
    assert "the pin branch J1 cannot hold" in res.stderr and "firm A has 3 full members" in res.stderr
    kept = write(tmp_path, "kept.yaml", "branches:\n  - {id: J1, lead: H, firms: [H, B]}\n  - {id: J2, lead: A, firms: [A]}\n")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(kept), "--pin", "J1", "--format", "json"])
    assert res.exit_code == 0, res.output
    plan_out = {b["id"]: (b["lead"], b["firms"]) for b in json.loads(res.stdout)["plan"]["branches"]}
    assert plan_out == {"J1": ("H", ["H", "B"]), "J2": ("A", ["A"])}


def test_a_valid_current_plan_is_kept_whatever_the_candidate_leads(tmp_path):
    # J1 and J2 each pair a firm with a far one; with --nearest 1 (as in large cities) C and B
    # did not count their current leads as candidates and had to move
    firms = write(tmp_path, "firms.yaml", """
jurisdiction: 甲市
firms:
  - {id: A, location: {x: 0, y: 0}, members: {full: 2}}
  - {id: B, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: C, location: {x: 10, y: 0}, members: {full: 1}}
  - {id: D, location: {x: 11, y: 0}, members: {full: 2}}
""")
    plan = write(tmp_path, "plan.yaml", "branches:\n  - {id: J1, lead: A, firms: [A, C]}\n"
                                        "  - {id: J2, lead: D, firms: [D, B]}\n")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(plan), "--nearest", "1", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["replan"]["members_moved"] == 0
    assert {b["id"]: sorted(b["firms"]) for b in data["plan"]["branches"]} == {"J1": ["A", "C"], "J2": ["B", "D"]}


HOST_CURRENT = "\n".join([
    "branches:", "  - {id: B001, lead: F001, firms: [F001]}", "  - {id: B002, lead: F002, firms: [F002]}",
    "  - {id: B003, lead: F003, firms: [F003]}", "  - {id: B004, lead: LA01, firms: [LA01]}",
    "  - {id: B005, lead: F028, firms: [F006, F018, F028, F033, F035]}",
    "  - {id: B006, lead: F010, firms: [F010, F021, F029, F030, F036]}",
    "  - {id: B007, lead: F015, firms: [F013, F015, F024, F026]}", "  - {id: B008, lead: H1, firms: [H1, F037]}", ""])
GUIGANG = Path(__file__).resolve().parents[1] / "examples" / "guigang"


def test_a_pinned_host_stays_in_its_branch_by_leading_it(tmp_path):
    """--pin H1 (a host of the current plan's B008, with F037): without the pin F037 leaves
    for a joint branch and H1 leads none; with it B008 continues under H1 with F037, the pin
    named as a host's, and check passes."""
    current = write(tmp_path, "current.yaml", HOST_CURRENT)
    firms = str(GUIGANG / "firms-2027.yaml")

    def replan(*more: str) -> tuple[dict, str]:
        out = tmp_path / "new.yaml"
        res = runner.invoke(app, ["solve", firms, "--current", str(current), *more, "-o", str(out), "--lang", "en"])
        assert res.exit_code == 0, res.output
        assert runner.invoke(app, ["check", str(out), "--firms", firms]).exit_code == 0
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        return {b["id"]: (b["lead"], b["firms"]) for b in data["branches"]}, res.stdout

    free, _ = replan()
    assert all(lead != "H1" and "H1" not in units for lead, units in free.values())
    pinned, said = replan("--pin", "H1")
    assert pinned["B008"][0] == "H1" and "F037" in pinned["B008"][1]
    assert "(pins: host H1)" in said


def test_a_pinned_host_whose_own_firms_cannot_stay_is_refused_not_kept_with_others(tmp_path):
    """F037, H1's only firm, now has 3 full members (it must lead a branch of its own): no plan
    keeps H1's branch with a firm of its own, so the pin cannot hold (exit 1), rather than H1
    kept with a firm pulled in from another branch; with F037 closed there is nothing to
    keep (exit 2)."""
    current = write(tmp_path, "current.yaml", HOST_CURRENT)
    data = yaml.safe_load((GUIGANG / "firms-2027.yaml").read_text(encoding="utf-8"))
    f037 = next(f for f in data["firms"] if f["id"] == "F037")
    f037["members"] = [{**m, "status": "full"} for m in f037["members"]] + [
        {"id": "M0999", "name": "韦新", "status": "full", "joined": "2015-01-01"}]
    grown = write(tmp_path, "grown.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    out = tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", str(grown), "--current", str(current), "--pin", "H1", "-o", str(out),
                              "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert "the pin host H1 cannot hold" in res.stderr and not out.exists()
    data["firms"] = [f for f in data["firms"] if f["id"] != "F037"]
    closed = write(tmp_path, "closed.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    res = runner.invoke(app, ["solve", str(closed), "--current", str(current), "--pin", "H1", "-o", str(out),
                              "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert res.stderr == ("--pin H1: host H1's branch B008 has no firm left in the roster: there is nothing for the "
                          "host to keep\n")


def test_the_after_solve_check_refuses_a_host_pin_kept_without_its_own_firms(tmp_path):
    """Defence in depth: a re-plan whose branch B008 went on under the pinned host H1 with
    another branch's firm instead of its own F037 is an internal error, not a kept pin."""
    from dataclasses import replace as dc_replace

    import branchplan
    from branchplan.errors import InternalError
    from branchplan.replan import _check_requests

    roster = branchplan.load_roster(GUIGANG / "firms-2027.yaml")
    current = branchplan.load_current(write(tmp_path, "current.yaml", HOST_CURRENT), roster).with_requests(pins=["H1"])
    out = branchplan.replan(roster, current)
    assert out.ok
    _check_requests(out)                      # as solved: kept
    plan = out.result.plan
    swapped = [b.model_copy(update={"firms": ["H1", "F030"] if b.id == "B008" else
                                    [f for f in b.firms if f != "F030"]}) for b in plan.branches]
    out.result = dc_replace(out.result, plan=plan.model_copy(update={"branches": swapped}))
    with pytest.raises(InternalError, match="does not keep the pin host H1"):
        _check_requests(out)
