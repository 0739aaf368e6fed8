"""check lists as stale the recorded figures that claim optimality (status, gap, bound, each
jurisdiction's objective, branches and status) once a hand edit makes them untrue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIRMS = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("proof") / "plan.yaml"
    res = runner.invoke(app, ["solve", str(FIRMS), "-o", str(path), "-q"])
    assert res.exit_code == 0, res.output
    return path


def _edited(solved: Path, change) -> Path:
    data = yaml.safe_load(solved.read_text(encoding="utf-8"))
    change(data)
    out = solved.parent / "edited.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _stale(plan: Path) -> dict:
    res = runner.invoke(app, ["check", str(plan), "--firms", str(FIRMS), "-f", "json"])
    assert res.exit_code in (0, 1), res.output
    return {(s["part"], s["branch"]): s for s in json.loads(res.stdout)["stale_fields"]}


def _move(firm: str, to_lead: str):
    """``firm`` moved by hand from its branch into the branch led by ``to_lead``."""
    def change(data: dict) -> None:
        old = next(b for b in data["branches"] if firm in b["firms"])
        new = next(b for b in data["branches"] if b["lead"] == to_lead)
        old["firms"].remove(firm)
        new["firms"].append(firm)
    return change


#: F030 (港南区) moved into F035's branch: every hard rule still kept, the plan costs more
_move_f030 = _move("F030", "F035")


def test_a_solved_plan_claims_nothing_untrue(solved):
    data = yaml.safe_load(solved.read_text(encoding="utf-8"))
    assert data["status"] == "optimal" and data["gap"] == 0
    assert _stale(solved) == {}


def test_an_edited_plan_is_no_longer_proven_optimal(solved):
    data = yaml.safe_load(solved.read_text(encoding="utf-8"))
    plan = _edited(solved, _move_f030)
    stale = _stale(plan)
    status = stale[("status", None)]
    assert status["fields"]["status"] == {"recorded": "optimal", "computed": "feasible"}
    cost = stale[("objective", None)]["fields"]["total"]["computed"]
    assert cost > data["bound"]
    gap = round((cost - data["bound"]) / cost, 6)
    assert status["fields"]["gap"] == {"recorded": 0.0, "computed": gap}
    assert "bound" not in status["fields"]         # the bound still bounds every plan of the roster
    assert f"more than the optimum of {data['bound']:,.3f} proven when it was solved (for the firms file and charter of then), so it is no longer proven optimal" \
        in status["message"]
    assert "不再是已证明的最优方案" in status["message_zh"]
    city = data["jurisdictions"][0]["name"]
    j = stale[("jurisdiction", city)]
    assert j["fields"]["objective"] == {"recorded": data["jurisdictions"][0]["objective"], "computed": cost}
    assert j["fields"]["status"] == {"recorded": "optimal", "computed": "feasible"}
    res = runner.invoke(app, ["check", str(plan), "--firms", str(FIRMS), "--lang", "en"])
    assert "the plan's status says optimal, gap 0.00%; now: feasible, " in res.stdout
    assert f"jurisdiction {city} says objective" in res.stdout


def test_a_plan_that_breaks_a_hard_rule_is_infeasible_and_the_broken_rule_explains_its_cost(solved):
    """F028 moved out of F033's branch (left with 2 full members, BP-MIN-FULL) costs less
    than the recorded bound: the plan is infeasible now, the note names the broken rule and
    blames it, not another roster or charter; the bound stands and the plan has no gap."""
    data = yaml.safe_load(solved.read_text(encoding="utf-8"))
    plan = _edited(solved, _move("F028", "F035"))
    stale = _stale(plan)
    status = stale[("status", None)]
    assert status["fields"]["status"] == {"recorded": "optimal", "computed": "infeasible"}
    assert status["fields"]["gap"] == {"recorded": 0.0, "computed": None}
    assert "bound" not in status["fields"]
    cost = stale[("objective", None)]["fields"]["total"]["computed"]
    assert cost < data["bound"]
    for message in (status["message"], stale[("jurisdiction", data["jurisdictions"][0]["name"])]["message"]):
        assert "infeasible" in message and " feasible" not in message
        assert "it breaks 1 hard rule: BP-MIN-FULL, which is why it costs" in message
        assert "another roster or charter" not in message
    assert "不可行" in status["message_zh"] and "违反硬性规则 1 条：BP-MIN-FULL" in status["message_zh"]
    assert "其他名册或规则集" not in status["message_zh"]
    j = stale[("jurisdiction", data["jurisdictions"][0]["name"])]
    assert j["fields"]["status"] == {"recorded": "optimal", "computed": "infeasible"} and "bound" not in j["fields"]
    res = runner.invoke(app, ["check", str(plan), "--firms", str(FIRMS), "--lang", "en"])
    assert res.exit_code == 1
    assert "the plan's status says optimal, gap 0.00%; now: infeasible, no gap (it breaks 1 hard rule: BP-MIN-FULL" \
        in res.stdout
    zh = runner.invoke(app, ["check", str(plan), "--firms", str(FIRMS), "--lang", "zh"])
    assert "方案状态记载：最优、差距 0.00%；现为：不可行、无差距（违反硬性规则 1 条：BP-MIN-FULL，因此" in zh.stdout
    for fmt in ("markdown", "sarif", "github"):
        out = runner.invoke(app, ["check", str(plan), "--firms", str(FIRMS), "-f", fmt, "--lang", "en"]).stdout
        assert "now: infeasible, no gap (it breaks 1 hard rule: BP-MIN-FULL" in out, fmt
        assert "another roster or charter" not in out, fmt


def test_the_same_total_at_other_priorities_is_no_longer_proven_and_says_why(solved):
    """The recorded optimum's cost moved between priorities, the total unchanged: the note
    does not say 'more than'."""
    def shift(data):
        rules = data["objective"]["rules"]
        rules["BP-DISTANCE"]["cost"] = round(rules["BP-DISTANCE"]["cost"] - 1, 3)
        rules["BP-FALLBACK"]["cost"] = round(rules["BP-FALLBACK"]["cost"] + 1, 3)
    stale = _stale(_edited(solved, shift))
    status = stale[("status", None)]
    assert status["fields"]["status"] == {"recorded": "optimal", "computed": "feasible"}
    assert "as the proven optimum did, but differently priority by priority" in status["message"]
    assert "more than" not in status["message"]
    assert "各优先级的代价不同" in status["message_zh"]


def test_a_recorded_optimum_above_the_cost_was_proven_elsewhere(solved):
    """A plan that now costs less than its recorded optimum (no bound recorded): that
    optimum cannot be of this roster and charter, and the note says so."""
    def raise_optimum(data):
        rules = data["objective"]["rules"]
        rules["BP-DISTANCE"]["cost"] = round(rules["BP-DISTANCE"]["cost"] + 5, 3)
        data["objective"]["total"] = round(data["objective"]["total"] + 5, 3)
        for key in ("bound", "gap"):
            data.pop(key, None)
    status = _stale(_edited(solved, raise_optimum))[("status", None)]
    assert status["fields"]["status"] == {"recorded": "optimal", "computed": "feasible"}
    assert "less than the recorded optimum" in status["message"] and "more than" not in status["message"]
    assert "低于记载的最优值" in status["message_zh"]


def test_a_bound_above_the_cost_is_stale(solved):
    def raise_bound(data):
        data["bound"] = data["objective"]["total"] + 10
        data["jurisdictions"][0]["bound"] = data["bound"]
    stale = _stale(_edited(solved, raise_bound))
    status = stale[("status", None)]
    assert status["fields"]["bound"]["computed"] is None
    assert "less than the recorded bound" in status["message"] and "no valid bound" in status["message"]
    assert "that bound was proven for another roster or charter" in status["message"]
    assert "该下界是针对其他名册或规则集证明的" in status["message_zh"]
    assert status["fields"].get("status", {}).get("computed") != "infeasible"
    assert stale[("jurisdiction", yaml.safe_load(solved.read_text(encoding="utf-8"))["jurisdictions"][0]["name"])]


def test_a_lead_swapped_at_no_cost_keeps_optimal(solved):
    """An edit that costs the same at every priority keeps the plan proven optimal."""
    def rename(data):
        for b in data["branches"]:
            b["id"] = "X" + b["id"]
    assert _stale(_edited(solved, rename)) == {}


#: two cities: 甲市's three small firms make one joint branch, 乙市's two another
TWO_CITIES = """\
as_of: 2026-11-01
firms:
  - {id: A1, jurisdiction: 甲市, location: {x: 0, y: 0}, members: {full: 1}}
  - {id: A2, jurisdiction: 甲市, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: A3, jurisdiction: 甲市, location: {x: 0, y: 1}, members: {full: 1}}
  - {id: B1, jurisdiction: 乙市, location: {x: 0, y: 0}, members: {full: 2}}
  - {id: B2, jurisdiction: 乙市, location: {x: 2, y: 0}, members: {full: 2}}
"""


def _solved_cities(tmp_path: Path, roster: str, *more: str) -> tuple[Path, Path, dict]:
    """(firms file, plan file, the plan's data) of ``roster`` solved (``more``: solve's options)."""
    firms = tmp_path / "firms.yaml"
    firms.write_text(roster, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), *more, "-o", str(plan), "-q"]).exit_code == 0
    return firms, plan, yaml.safe_load(plan.read_text(encoding="utf-8"))


def _checked(plan: Path, data: dict, firms: Path, *more: str):
    """``data`` written to ``plan`` and checked: (exit code, the JSON report)."""
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), *more, "-f", "json"])
    return res.exit_code, json.loads(res.stdout)


def _notes(doc: dict) -> dict:
    """Each jurisdiction's stale note."""
    return {s["branch"]: s["message"] for s in doc["stale_fields"] if s["part"] == "jurisdiction"}


def test_only_the_edited_jurisdiction_is_stale(tmp_path):
    firms, plan, data = _solved_cities(tmp_path, TWO_CITIES)
    joint = next(b for b in data["branches"] if b["jurisdiction"] == "甲市")
    joint["lead"] = "A2"    # a worse lead in 甲市
    _, doc = _checked(plan, data, firms)
    stale = {(s["part"], s["branch"]) for s in doc["stale_fields"]}
    assert ("jurisdiction", "甲市") in stale and ("jurisdiction", "乙市") not in stale
    assert ("status", None) in stale


def test_a_firm_moved_into_another_jurisdiction_s_branch_names_the_rules_check_reports(tmp_path):
    """B1 (乙市) moved into 甲市's branch: the plan breaks BP-JURISDICTION (that branch holds
    firms of both) and BP-MIN-FULL (B2 left with 2 full members); each jurisdiction's note
    names the rules the findings about it report, not BP-ONE-BRANCH (B1 is in a branch, only
    not in one of 乙市's)."""
    firms, plan, data = _solved_cities(tmp_path, TWO_CITIES)
    for b in data["branches"]:
        if "B1" in b["firms"]:
            b["firms"].remove("B1")
            if b["lead"] == "B1":
                b["lead"] = "B2"
    next(b for b in data["branches"] if b["jurisdiction"] == "甲市")["firms"].append("B1")
    code, doc = _checked(plan, data, firms)
    assert code == 1
    assert {f["code"] for f in doc["findings"] if f["severity"] == "hard"} == {"BP-JURISDICTION", "BP-MIN-FULL"}
    notes = _notes(doc)
    assert "breaks 1 hard rule: BP-JURISDICTION" in notes["甲市"]
    assert "breaks 2 hard rules: BP-JURISDICTION BP-MIN-FULL" in notes["乙市"]
    assert all("BP-ONE-BRANCH" not in m for m in notes.values())


def test_each_jurisdiction_s_note_names_only_the_hard_rules_broken_there(tmp_path):
    """Three jurisdictions, edited by hand: 丙市's C3 in no branch (BP-ONE-BRANCH, a finding
    about a firm, no branch), 乙市's joint branch split in two (BP-MIN-FULL twice, and a
    jurisdiction's own finding: more branches than its rule X-COUNT allows), 甲市's lead
    swapped (dearer, no hard rule broken). Each note names its own rules only."""
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: X-COUNT\n    name: x-count\n    kind: branch_count\n"
                     "    severity: hard\n    title: {en: at most 2 branches, zh: 至多两个支部}\n    params: {max: 2}\n",
                     encoding="utf-8")
    firms, plan, data = _solved_cities(tmp_path, TWO_CITIES + """\
  - {id: A4, jurisdiction: 甲市, location: {x: 0, y: 2}, members: {full: 3}}
  - {id: B3, jurisdiction: 乙市, location: {x: 2, y: 1}, members: {full: 4}}
  - {id: C1, jurisdiction: 丙市, location: {x: 5, y: 0}, members: {full: 3}}
  - {id: C2, jurisdiction: 丙市, location: {x: 5, y: 1}, members: {full: 1}}
  - {id: C3, jurisdiction: 丙市, location: {x: 6, y: 1}, members: {full: 1}}
""", "-r", str(rules))
    by_firm = {f: b for b in data["branches"] for f in b["firms"]}
    by_firm["C3"]["firms"].remove("C3")
    assert by_firm["B1"] is by_firm["B2"] and by_firm["A1"] is by_firm["A2"] is by_firm["A3"]
    by_firm["B2"]["firms"].remove("B2")
    by_firm["B2"]["lead"] = "B1"
    data["branches"].append({"id": "B099", "jurisdiction": "乙市", "kind": "joint", "lead": "B2", "firms": ["B2"]})
    assert by_firm["A1"]["lead"] != "A2"
    by_firm["A1"]["lead"] = "A2"       # a worse lead in 甲市
    code, doc = _checked(plan, data, firms, "-r", str(rules))
    assert code == 1
    assert {f["code"] for f in doc["findings"] if f["severity"] == "hard"} == {"BP-ONE-BRANCH", "BP-MIN-FULL", "X-COUNT"}
    notes = _notes(doc)
    assert set(notes) == {"甲市", "乙市", "丙市"}
    assert "status feasible" in notes["甲市"] and "breaks" not in notes["甲市"]
    assert "breaks 2 hard rules: BP-MIN-FULL X-COUNT" in notes["乙市"]
    assert "breaks 1 hard rule: BP-ONE-BRANCH" in notes["丙市"]


# ---------------------------------------------------------------- re-plans

#: seven firms; B grows to 3 full members (b3), so the re-plan from REPLAN_CURRENT gives B its own branch
GROWN = """\
jurisdiction: 甲市
as_of: 2026-11-01
firms:
  - {id: A, location: {x: 0, y: 0}, district: 东区, members: {full: 4}}
  - {id: B, location: {x: 1, y: 0}, district: 东区, members: [{id: b1, status: full, joined: 2010-01-01}, {id: b2, status: full, joined: 2010-01-01}, {id: b3, status: full, joined: 2015-01-01}]}
  - {id: C, location: {x: 2, y: 0}, district: 东区, members: [{id: c1, status: full, joined: 2010-01-01}]}
  - {id: D, location: {x: 10, y: 0}, district: 西区, members: [{id: d1, status: full, joined: 2010-01-01}, {id: d2, status: full, joined: 2010-01-01}, {id: d3, status: probationary, joined: 2026-03-01}]}
  - {id: E, location: {x: 11, y: 0}, district: 西区, members: [{id: e1, status: full, joined: 2010-01-01}]}
  - {id: F, location: {x: 12, y: 0}, district: 西区, members: [{id: f1, status: full, joined: 2010-01-01}, {id: f2, status: full, joined: 2010-01-01}]}
  - {id: G, location: {x: 3, y: 0}, district: 东区, members: [{id: g1, status: full, joined: 2010-01-01}]}
"""
REPLAN_CURRENT = """\
branches:
  - {id: B001, lead: A, firms: [A]}
  - {id: B002, lead: B, firms: [B, C, G]}
  - {id: B003, lead: D, firms: [D, E, F]}
"""


@pytest.fixture(scope="module")
def replanned(tmp_path_factory) -> tuple[Path, Path, Path, Path]:
    """(firms, current plan, the re-plan as solve wrote it, the re-plan with G put back in
    B's branch by hand: a fallback placement the re-plan did not have)."""
    folder = tmp_path_factory.mktemp("replan")
    firms, current = folder / "firms.yaml", folder / "current.yaml"
    firms.write_text(GROWN, encoding="utf-8")
    current.write_text(REPLAN_CURRENT, encoding="utf-8")
    plan = folder / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(plan), "-q"])
    assert res.exit_code == 0, res.output
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert data["status"] == "optimal" and "BP-STABILITY" in data["objective"]["rules"]
    for b in data["branches"]:
        if "G" in b["firms"]:
            b["firms"].remove("G")
    next(b for b in data["branches"] if b["lead"] == "B")["firms"].append("G")
    hand = folder / "hand.yaml"
    hand.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return firms, current, plan, hand


@pytest.mark.parametrize("base", ["none", "base", "base and its firms"])
def test_a_replan_dearer_before_stability_is_no_longer_optimal(replanned, base):
    firms, current, plan, hand = replanned
    extra = {"none": [], "base": ["--base", str(current)],
             "base and its firms": ["--base", str(current), "--base-firms", str(firms)]}[base]
    res = runner.invoke(app, ["check", str(hand), "--firms", str(firms), "-f", "json"] + extra)
    assert res.exit_code == 0, res.output
    stale = {(s["part"], s["branch"]): s for s in json.loads(res.stdout)["stale_fields"]}
    status = stale[("status", None)]
    assert status["fields"]["status"] == {"recorded": "optimal", "computed": "feasible"}
    assert status["fields"]["bound"]["computed"] is None       # the plan costs less in all than the bound
    assert "more than the optimum proven when it was solved cost there (0.000)" in status["message"]
    assert "优先级 0" in status["message_zh"]
    assert stale[("jurisdiction", "甲市")]["fields"]["status"]["computed"] == "feasible"
    res = runner.invoke(app, ["report", str(hand), "--firms", str(firms), "-o", str(hand.parent / "r.html")] + extra)
    assert res.exit_code == 0, res.output
    html = (hand.parent / "r.html").read_text(encoding="utf-8")
    assert "gap 0.00%" not in html and "no valid bound" in html


@pytest.mark.parametrize("extra", [[], ["--base"], ["--base", "--base-firms"]])
def test_a_replan_as_solved_keeps_its_optimal_status(replanned, extra):
    firms, current, plan, _ = replanned
    args = {"--base": ["--base", str(current)], "--base-firms": ["--base-firms", str(firms)]}
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "-f", "json"]
                        + [a for e in extra for a in args[e]])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["stale_fields"] == []
    out = plan.parent / "r0.html"
    res = runner.invoke(app, ["report", str(plan), "--firms", str(firms), "-o", str(out)]
                        + [a for e in extra for a in args[e]])
    assert res.exit_code == 0, res.output
    assert "gap 0.00%" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("recorded", ["infeasible", "unknown"])
def test_a_plan_recorded_as_no_plan_that_keeps_every_rule_is_feasible(solved, recorded, tmp_path):
    """(solve found no plan; the committee made one by hand, or the record was edited)"""
    def change(d):
        d["status"] = recorded
        d["jurisdictions"][0]["status"] = recorded
    plan = _edited(solved, change)
    stale = _stale(plan)
    assert stale[("status", None)]["fields"]["status"] == {"recorded": recorded, "computed": "feasible"}
    assert "it keeps every hard rule" in stale[("status", None)]["message"]
    assert stale[("jurisdiction", "贵港市")]["fields"]["status"] == {"recorded": recorded, "computed": "feasible"}
    html = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(plan), "--firms", str(FIRMS), "-o", str(html)]).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "plan status feasible" in page and f"plan status {recorded}" not in page


def test_a_jurisdiction_the_firms_file_lacks_or_listed_twice_is_stale(solved, tmp_path):
    def rename(d):
        d["jurisdictions"][0]["name"] = "柳州市"
    stale = _stale(_edited(solved, rename))
    assert stale[("jurisdiction", "柳州市")]["message"] == (
        "jurisdiction 柳州市: the firms file has no jurisdiction of that name (it has 贵港市)")
    assert stale[("jurisdiction", "柳州市")]["message_zh"] == "辖区 柳州市：名册中没有该辖区（名册中的辖区：贵港市）"

    def twice(d):
        d["jurisdictions"].append(dict(d["jurisdictions"][0]))
    plan = _edited(solved, twice)
    res = runner.invoke(app, ["check", str(plan), "--firms", str(FIRMS), "-f", "json"])
    listed = [s for s in json.loads(res.stdout)["stale_fields"] if "listed" in s["fields"]]
    assert len(listed) == 1 and listed[0]["message"] == "jurisdiction 贵港市 is listed twice in jurisdictions"
    assert listed[0]["fields"] == {"listed": {"recorded": "贵港市", "computed": None}}
    # (the second entry is not judged again as the first: one note of it)
    assert [s["fields"] for s in json.loads(res.stdout)["stale_fields"] if s["part"] == "jurisdiction"] == \
        [listed[0]["fields"]]
    html = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(plan), "--firms", str(FIRMS), "-o", str(html)]).exit_code == 0
    assert "is listed twice in jurisdictions" in html.read_text(encoding="utf-8")


def test_a_proof_is_one_of_three_words(solved):
    def change(d):
        d["jurisdictions"][0]["proof"] = "nonsense"
    res = runner.invoke(app, ["check", str(_edited(solved, change)), "--firms", str(FIRMS)])
    assert res.exit_code == 2 and "proof: Input should be 'all pairs', 'bound' or 'restricted'" in res.stderr


def test_an_entry_of_no_jurisdiction_of_the_firms_file_is_not_judged_as_one(solved):
    """(beside a real one: not also "now: 0 branches, status feasible")"""
    def change(d):
        extra = dict(d["jurisdictions"][0], name="柳州市", status="infeasible")
        d["jurisdictions"].append(extra)
    res = runner.invoke(app, ["check", str(_edited(solved, change)), "--firms", str(FIRMS), "-f", "json"])
    notes = [s["fields"] for s in json.loads(res.stdout)["stale_fields"] if s["branch"] == "柳州市"]
    assert notes == [{"name": {"recorded": "柳州市", "computed": None}}]
