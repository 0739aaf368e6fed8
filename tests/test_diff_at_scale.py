"""`branchplan diff` and `check --base` on a roster of a few hundred firms: the change list
and the gate's figures as the library functions give them, with the moves, graduation,
merge, split, listings, added, removed and renamed firms the plans were made with, in
natural id order (F2 before F10); and the natural sort key on any id a roster may hold."""

from __future__ import annotations

import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from branchplan.arguments import charter_or_shipped
from branchplan.check import evaluate, priced_view, with_current
from branchplan.cli import app
from branchplan.current import from_plan
from branchplan.diff import compare_plans
from branchplan.loader import dump_json
from branchplan.origins import natural
from branchplan.plan import load_plan
from branchplan.roster import load_roster
from branchplan.stale import stale_fields

runner = CliRunner()


# ids as rosters and plans write them: digits with leading zeros, letters, Chinese, signs,
# full-width and other decimal digits, and signs that are digits but no decimal ones (², ①)
IDS = st.one_of(st.none(), st.text(alphabet=st.sampled_from("0012789FBJCabz-_.律所甲乙０１٣²①"), max_size=10))


def _runs(s: str) -> list[str]:
    return re.findall(r"\d+|\D+", s)


@settings(max_examples=300, deadline=None)
@given(st.lists(IDS, max_size=40))
def test_natural_key_orders_any_id(ids):
    ordered = sorted(ids, key=natural)      # (never an error: ², ① sort as text)
    first = next((i for i, s in enumerate(ordered) if s), len(ordered))
    assert None not in ordered[first:]      # None first (with "", which has no runs either)
    for a, b in zip(ordered, ordered[1:]):
        if a is None or b is None:
            continue
        ra, rb = _runs(a), _runs(b)
        k = next((i for i, (x, y) in enumerate(zip(ra, rb)) if x != y), None)
        if k is None:
            assert len(ra) <= len(rb) or natural(a) == natural(b)
        elif ra[k].isdecimal() and rb[k].isdecimal():
            assert int(ra[k]) <= int(rb[k])       # digit runs as numbers
        elif not ra[k].isdecimal() and not rb[k].isdecimal():
            assert ra[k] <= rb[k]                 # text as text
        else:
            assert ra[k].isdecimal()              # a number before text


def test_natural_key_examples():
    ids = ["F10", "F2", "F01", "F١٢", "F１１", "F1①", "F1", "F²", None, "B3"]
    assert sorted(ids, key=natural) == [None, "B3", "F01", "F1", "F1①", "F2", "F10", "F１１", "F١٢", "F²"]


def test_diff_and_check_base_of_ids_with_digit_signs(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 测试市\nfirms:\n"
                     "  - {id: \"F1①\", members: {full: 3}, location: {lat: 30.0, lon: 120.0}}\n"
                     "  - {id: \"F1²\", members: {full: 1}, location: {lat: 30.01, lon: 120.0}}\n"
                     "  - {id: F2, members: {full: 1}, location: {lat: 30.02, lon: 120.0}}\n"
                     "  - {id: F3, members: {full: 1}, location: {lat: 30.03, lon: 120.0}}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan), "-q"]).exit_code == 0
    out = runner.invoke(app, ["diff", str(plan), str(plan), "--firms", str(firms)])
    assert out.exit_code == 0 and "Changes: none" in out.output
    out = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--base", str(plan)])
    assert out.exit_code == 0 and "branchplan check passed" in out.output


def test_natural_order_pinned():
    ids = ["B10", "B2", None, "B02", "B1", "F-7", "律所3", "律所12", "B", "b1", "B2a", "B2-1"]
    assert sorted(ids, key=natural) == [None, "B", "B1", "B2", "B02", "B2-1", "B2a", "B10", "F-7", "b1",
                                        "律所3", "律所12"]
    assert natural("C007-F0012") == natural("C7-F12") == ((1, 0, "C"), (0, 7, ""), (1, 0, "-F"), (0, 12, ""))


# ------------------------------------------------------------------ a roster of 300 firms

N = 300


def _member(fid: str, k: int) -> dict:
    return {"id": f"M{fid[1:]}-{k}", "status": "full", "joined": "2010-07-01"}


def _firms(rng: random.Random, year: int) -> list[dict]:
    """F1..F300 (year 2: F300 closed, F301 new, F20 renamed F20-NEW, F4 grown to 3 full
    members, member M5-0 gone from F5 to F7)."""
    firms = []
    for k in range(1, N + 2):
        fid = f"F{k}"
        if (year == 1 and k == N + 1) or (year == 2 and k == N):
            continue
        size = 4 if k % 10 == 0 else 1 + k % 2
        if year == 2 and k == 4:
            size = 3
        members = [_member(fid, j) for j in range(size)]
        if year == 2 and k == 5:
            members = members[1:]
        if year == 2 and k == 7:
            members.append(_member("F5", 0))
        firms.append({"id": "F20-NEW" if (year == 2 and k == 20) else fid, "district": f"D{k % 3}",
                      "location": {"x": rng.uniform(0, 40), "y": rng.uniform(0, 40)}, "members": members})
    return firms


def _old_branches() -> list[dict]:
    """Firms of 4 members alone, the others by three in order (led by the first)."""
    branches, small = [], []
    for k in range(1, N + 1):
        fid = f"F{k}"
        if k % 10 == 0:
            branches.append([fid])
        else:
            small.append(fid)
            if len(small) == 3:
                branches.append(small)
                small = []
    branches += [small] if small else []
    return [{"id": f"B{n}", "lead": firms[0], "firms": list(firms)} for n, firms in enumerate(branches, 1)]


def _new_branches(old: list[dict]) -> list[dict]:
    """The old branches with: F2 moved from B1 to B3; F4 (grown) out of B2 into new branch
    B999 of its own; B5 and B6 merged into new B1000; B9 split, its last two firms in new B1001;
    F33 listed in B14 too; F301 added in B20; F300 (closed) gone; F20 renamed F20-NEW."""
    by_id = {b["id"]: dict(b, firms=list(b["firms"])) for b in old}
    by_id["B1"]["firms"].remove("F2")
    by_id["B3"]["firms"].append("F2")
    by_id["B2"]["firms"].remove("F4")
    by_id["B2"]["lead"] = by_id["B2"]["firms"][0]
    merged = by_id.pop("B5")["firms"] + by_id.pop("B6")["firms"]
    split = by_id["B9"]["firms"][1:]
    by_id["B9"]["firms"] = by_id["B9"]["firms"][:1]
    by_id["B14"]["firms"].append("F33")
    by_id["B20"]["firms"].append("F301")
    for b in by_id.values():
        b["firms"] = ["F20-NEW" if f == "F20" else f for f in b["firms"] if f != "F300"]
        b["lead"] = "F20-NEW" if b["lead"] == "F20" else b["lead"]
    out = [b for b in by_id.values() if b["firms"]]
    return out + [{"id": "B999", "lead": "F4", "firms": ["F4"]},
                  {"id": "B1000", "lead": merged[0], "firms": merged},
                  {"id": "B1001", "lead": split[0], "firms": split}]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("scale")
    rng = random.Random(7)
    old_branches = _old_branches()
    docs = {
        "firms1.json": {"jurisdiction": "甲市", "as_of": "2026-11-01", "firms": _firms(rng, 1)},
        "firms2.json": {"jurisdiction": "甲市", "as_of": "2027-11-01", "firms": _firms(rng, 2)},
        "old.json": {"branches": old_branches},
        # a re-plan's figures: an optimum whose recorded stability cost check prices from the base
        "new.json": {"status": "optimal", "charter": "cpc-branch-2018", "bound": 1000000.0,
                     "objective": {"total": 1.0, "rules": {"BP-STABILITY": {"priority": 1, "measure": 1.0,
                                                                             "cost": 1.0}}},
                     "branches": _new_branches(old_branches)},
    }
    out = {}
    for name, doc in docs.items():
        (d / name).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        out[name.split(".")[0]] = str(d / name)
    return out


def _cli(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code in (0, 1), res.output
    return res.stdout


@pytest.mark.parametrize("followed", [True, False])
def test_diff_is_the_library_change_list(files, followed):
    old_firms = ["--old-firms", files["firms1"]] if followed else []
    got = json.loads(_cli("diff", files["old"], files["new"], "--firms", files["firms2"], *old_firms, "-f", "json"))
    roster, before = load_roster(files["firms2"]), load_roster(files["firms1"]) if followed else None
    old, new = load_plan(files["old"])[0], load_plan(files["new"])[0]
    charter = charter_or_shipped(None)
    d = compare_plans(old, new, roster, charter, old_roster=before)
    assert got == json.loads(dump_json({"old": files["old"], "new": files["new"], "charter": charter.name,
                                        **d.to_dict()}))
    # what the plans were made with, in natural order
    moved = [m.firm for m in d.firm_moves]
    assert moved == sorted(moved, key=natural)
    assert {"F2", "F4"} <= set(moved) and len(moved) == len(set(moved))
    assert [(g.firm, g.from_branch, g.to_branch) for g in d.graduations] == [("F4", "B2", "B999")]
    assert [(r.branch, r.others) for r in d.merged] == [("B1000", ("B5", "B6"))]
    assert [(r.branch, r.others) for r in d.split] == [("B9", ("B9", "B1001"))]
    assert [(x.firm, x.old, x.new) for x in d.listings] == [("F33", ("B13",), ("B13", "B14"))]
    assert [p.firm for p in d.firms_added] == (["F301"] if followed else ["F20-NEW", "F301"])
    assert [b.branch for b in d.created] == ["B999", "B1000", "B1001"]
    closed = next(b.id for b in old.branches if b.firms == ["F300"])   # (left empty)
    assert [b.branch for b in d.dissolved] == ["B5", "B6", closed]
    if followed:
        assert [(r.old, r.new) for r in d.renamed] == [("F20", "F20-NEW")]
        assert [p.firm for p in d.firms_removed] == ["F300"]
        assert ("M5-0", "F7", "B2", "B3") in {(m.member, m.firm, m.from_branch, m.to_branch) for m in d.member_moves}
    else:
        assert d.renamed == [] and [p.firm for p in d.firms_removed] == ["F20", "F300"]
    members = [m.member for m in d.member_moves]
    assert members == sorted(members, key=natural)
    text = _cli("diff", files["old"], files["new"], "--firms", files["firms2"], *old_firms)
    assert re.findall(r"^  firm (\S+) moves ", text, re.M) == moved


@pytest.mark.parametrize("followed", [True, False])
def test_check_base_is_the_library_gate(files, followed):
    base_firms = ["--base-firms", files["firms1"]] if followed else []
    got = json.loads(_cli("check", files["new"], "--firms", files["firms2"], "--base", files["old"],
                          *base_firms, "-f", "json"))
    roster, before = load_roster(files["firms2"]), load_roster(files["firms1"]) if followed else None
    plan, text = load_plan(files["new"])
    base = load_plan(files["old"])[0]
    charter = charter_or_shipped(None)
    day = roster.as_of
    result = evaluate(plan, roster, charter, day)
    current = from_plan(base, roster, files["old"], old_roster=before)
    full = evaluate(plan, roster, charter, day, current)   # every rule, evaluated with the base
    # the rules that do not compare against a current plan keep their outcomes
    kept = with_current(result, priced_view(plan, roster, charter, day, current), charter)
    assert [(o.code, o.cost_milli, o.findings, o.by_firm) for o in kept.outcomes] == \
        [(o.code, o.cost_milli, o.findings, o.by_firm) for o in full.outcomes]
    stability = {r.code for r in charter.rules if r.kind == "stability"}
    moves = sum(o.cost_milli for o in full.outcomes if o.code in stability)
    assert moves > 0 and got["moves"]["cost"] == moves / 1000
    assert got["moves"]["cost_rules"] == sorted(stability)
    d = compare_plans(base, plan, roster, charter, day, before)
    assert got["moves"]["moved"] == d.members_moved == sum(got["moves"]["by_jurisdiction"].values())
    assert got["diff"]["summary"] == d.summary()
    # the re-plan's recorded figures, judged with its moves priced from the base (with the
    # base firms file) or as check judges them without
    priced = full if followed else None
    stale = [s.to_dict() for s in stale_fields(plan, text, roster, charter, day, result, priced)]
    assert got["stale_fields"] == json.loads(dump_json(stale))
    assert any(s["part"] == "objective" for s in got["stale_fields"])
    assert got["moves"]["cost_recorded"] == (None if followed else 1.0)
    status = next(s for s in got["stale_fields"] if s["part"] == "status")
    # (priced: the cost with the moves, under the recorded bound; else judged before stability)
    assert (f"costs {(result.cost_milli + moves) / 1000:,.3f} points" in status["message"]) == followed
    assert ("bound" in status["fields"]) != followed
    new = {(f["code"], f["branch"], f.get("new")) for f in got["findings"]}
    assert ("BP-OWN-BRANCH", "B2", True) not in new   # (F4, grown, has its own branch)


def test_with_current_refuses_another_charters_result(files):
    roster = load_roster(files["firms2"])
    plan = load_plan(files["new"])[0]
    base = load_plan(files["old"])[0]
    charter = charter_or_shipped(None)
    current = from_plan(base, roster, files["old"])
    view = priced_view(plan, roster, charter, roster.as_of, current)
    result = evaluate(plan, roster, charter, roster.as_of)
    shorter = type(result)(outcomes=result.outcomes[1:])
    with pytest.raises(ValueError, match="not this charter's result"):
        with_current(shorter, view, charter)


def test_moves_of_a_stability_rule_of_some_jurisdictions(files):
    """A charter built in code may hold stability to some jurisdictions: check --base charges
    its moves over the whole plan (as moves_cost does), whatever the result holds."""
    from dataclasses import replace

    from branchplan.check import moves_cost, moves_in

    roster = load_roster(files["firms2"])
    plan = load_plan(files["new"])[0]
    base = load_plan(files["old"])[0]
    shipped = charter_or_shipped(None)
    rule = next(r for r in shipped.rules if r.kind == "stability")
    for charter in (shipped, shipped.replace_rule(replace(rule, jurisdictions=("乙市",)))):
        current = from_plan(base, roster, files["old"])
        view = priced_view(plan, roster, charter, roster.as_of, current)
        full = with_current(evaluate(plan, roster, charter, roster.as_of), view, charter)
        assert moves_in(view, charter, full) == moves_cost(plan, roster, charter, roster.as_of, current)
        assert moves_in(view, charter, full)[0] > 0
