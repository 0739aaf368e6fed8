"""explain judges a rule with ``jurisdictions:`` / ``except_jurisdictions:`` only in the
jurisdictions where it applies, as check does; and small explain usage points."""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml
from test_whole_roster_name import TWO_CITIES as FIRMS     # three small firms in 甲市, one big in 乙市
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

RULES = """\
extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-FIRMS
    params: {max: 2}
    except_jurisdictions: [甲市]
"""


def _invoke(*args: str, code: int = 0):
    res = runner.invoke(app, list(args))
    assert res.exit_code == code, res.output
    return res


def _solved(d: Path, firms: str, rules: str) -> tuple[str, str, str]:
    (d / "firms.yaml").write_text(firms, encoding="utf-8")
    (d / "rules.yaml").write_text(rules, encoding="utf-8")
    f, r, p = str(d / "firms.yaml"), str(d / "rules.yaml"), str(d / "plan.yaml")
    _invoke("solve", f, "--rules", r, "-o", p)
    _invoke("check", p, "--firms", f, "--rules", r)   # the plan passes check
    return f, r, p


def test_a_rule_excepted_in_a_city_is_not_judged_there(tmp_path):
    f, r, p = _solved(tmp_path, FIRMS, RULES)
    plan = yaml.safe_load(Path(p).read_text(encoding="utf-8"))
    joint = next(b for b in plan["branches"] if b["jurisdiction"] == "甲市")
    assert len(joint["firms"]) == 3   # more than the rule's max, in the city it does not hold in
    data = json.loads(_invoke("explain", p, "--firms", f, "--rules", r, "-b", joint["id"], "-f", "json").stdout)
    line = next(x for x in data["rules"] if x["code"] == "BP-JOINT-MAX-FIRMS")
    assert line["status"] == "n/a" and "甲市" in line["note"]
    assert not [x for x in data["rules"] if x["status"] == "broken"]
    text = _invoke("explain", p, "--firms", f, "--rules", r, "-b", joint["id"], "--lang", "en").stdout
    assert "broken" not in text and "does not apply in 甲市" in text
    text = _invoke("explain", p, "--firms", f, "--rules", r, "--firm", "A2", "--lang", "en").stdout
    assert "breaks" not in text, text


def test_a_rule_limited_to_another_city_is_not_judged_here(tmp_path):
    rules = RULES.replace("except_jurisdictions", "jurisdictions").replace("甲市]", "乙市]")
    f, r, p = _solved(tmp_path, FIRMS, rules)
    plan = yaml.safe_load(Path(p).read_text(encoding="utf-8"))
    for b in plan["branches"]:
        data = json.loads(_invoke("explain", p, "--firms", f, "--rules", r, "-b", b["id"], "-f", "json").stdout)
        line = next(x for x in data["rules"] if x["code"] == "BP-JOINT-MAX-FIRMS")
        if b["jurisdiction"] == "甲市":
            assert line["status"] == "n/a" and line["note"] == "applies in 乙市 only"
            assert line["note_zh"] == "仅适用于乙市"
        else:   # B1's own branch: n/a by its kind (standalone), not by its city
            assert "乙市" not in line["note"] and "applies to" in line["note"]


def _random_case(seed: int) -> tuple[str, str]:
    """Two cities: in one, firms of 2 full members and at most 2 firms a joint branch; in
    the other, firms of 1 full member (3 or more a branch) and at most N members a branch."""
    rng = random.Random(seed)
    limit = rng.choice(["甲市", "乙市"])   # where at most 2 firms share a branch
    other = "乙市" if limit == "甲市" else "甲市"
    firms = ["as_of: 2026-11-01", "firms:"]
    for city, n, full in ((limit, rng.choice([2, 4]), 2), (other, rng.randint(3, 5), 1)):
        for k in range(n):
            x, y = rng.randint(0, 9), rng.randint(0, 9)
            firms.append(f"  - {{id: {city[0]}{k}, jurisdiction: {city}, location: {{x: {x}, y: {y}}}, "
                         f"members: {{full: {full}, probationary: {rng.randint(0, 1)}}}}}")
    where = rng.choice([f"jurisdictions: [{limit}]", f"except_jurisdictions: [{other}]"])
    rules = f"""\
extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-FIRMS
    params: {{max: 2}}
    {where}
  - code: BP-JOINT-MAX-MEMBERS
    params: {{max: 10}}
    jurisdictions: [{other}]
"""
    return "\n".join(firms) + "\n", rules


def test_explain_never_calls_broken_a_hard_rule_check_passes(tmp_path):
    elsewhere = 0   # branches a local limit was not judged in (the cases the property is about)
    for seed in range(4):
        d = tmp_path / str(seed)
        d.mkdir()
        firms, rules = _random_case(seed)
        (d / "firms.yaml").write_text(firms, encoding="utf-8")
        (d / "rules.yaml").write_text(rules, encoding="utf-8")
        f, r, p = str(d / "firms.yaml"), str(d / "rules.yaml"), str(d / "plan.yaml")
        _invoke("solve", f, "--rules", r, "-o", p)
        _invoke("check", p, "--firms", f, "--rules", r)
        plan = yaml.safe_load(Path(p).read_text(encoding="utf-8"))
        overall = json.loads(_invoke("explain", p, "--firms", f, "--rules", r, "-f", "json").stdout)
        assert overall["hard_findings"] == []
        for b in plan["branches"]:
            data = json.loads(_invoke("explain", p, "--firms", f, "--rules", r, "-b", b["id"], "-f", "json").stdout)
            assert [x["code"] for x in data["rules"] if x["status"] == "broken"] == [], (seed, b, rules)
            elsewhere += sum(1 for x in data["rules"] if x["status"] == "n/a" and "市" in x["note"])
            for firm in b["firms"]:
                data = json.loads(_invoke("explain", p, "--firms", f, "--rules", r, "--firm", firm,
                                          "--alternatives", "0", "-f", "json").stdout)
                assert [x for x in data.get("branch_rules", []) if x["status"] == "broken"] == [], (seed, firm)
    assert elsewhere > 0


def test_alternatives_without_firm_is_a_usage_error(tmp_path):
    f, r, p = _solved(tmp_path, FIRMS, RULES)
    res = _invoke("explain", p, "--firms", f, "--alternatives", "2", "--lang", "en", code=2)
    assert "--alternatives N only makes sense with --firm" in res.output
    _invoke("explain", p, "--firms", f, "-b", "B001", "--alternatives", "1", code=2)
    data = json.loads(_invoke("explain", p, "--firms", f, "--firm", "A2", "--alternatives", "1",
                              "-f", "json").stdout)
    assert len(data["alternatives"]) <= 1


def test_no_district_comparison_without_districts(tmp_path):
    f, r, p = _solved(tmp_path, FIRMS, RULES)
    data = json.loads(_invoke("explain", p, "--firms", f, "--firm", "A2", "-f", "json").stdout)
    joint = [x for x in data["reasons"] if "joint branch" in x]
    assert joint and all("district" not in x for x in joint), data["reasons"]
    assert all("区县" not in x for x in data["reasons_zh"])
    with_districts = FIRMS.replace("y: 0}, members: {full: 1}}", "y: 0}, district: 西区, members: {full: 1}}")
    with_districts = with_districts.replace("y: 1}, members: {full: 1}}", "y: 1}, district: 东区, members: {full: 1}}")
    with_districts = with_districts.replace("x: 0, y: 0}, district: 西区", "x: 0, y: 0}, district: 东区")
    d = tmp_path / "d"
    d.mkdir()
    f, r, p = _solved(d, with_districts, RULES)
    data = json.loads(_invoke("explain", p, "--firms", f, "--firm", "A2", "-f", "json").stdout)
    assert any("(西区 vs 东区)" in x for x in data["reasons"]), data["reasons"]
