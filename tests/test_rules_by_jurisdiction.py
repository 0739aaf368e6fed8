"""Rules that apply in some jurisdictions only (``jurisdictions:`` / ``except_jurisdictions:``
on a rule entry), end to end through the command line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.loader import dump_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()

LOCAL_3_IN_001 = """\
extends: cpc-branch-2018
rules:
  - code: LOCAL-MAX-FIRMS-001
    kind: branch_aggregate
    severity: hard
    params: {applies_to: [joint], count: firms, max: 3}
    jurisdictions: [城市001]
"""

MAX_3_EXCEPT_001 = """\
extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-FIRMS
    params: {max: 3}
    except_jurisdictions: [城市001]
  - code: LOCAL-MAX-FIRMS-001
    kind: branch_aggregate
    severity: hard
    params: {applies_to: [joint], count: firms, max: 5}
    jurisdictions: [城市001]
"""


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    d = tmp_path_factory.mktemp("percity")
    (d / "firms.yaml").write_text(dump_yaml(synth.generate(n_firms=60, n_cities=3, seed=1)), encoding="utf-8")
    (d / "local.yaml").write_text(LOCAL_3_IN_001, encoding="utf-8")
    (d / "except.yaml").write_text(MAX_3_EXCEPT_001, encoding="utf-8")
    # the plan under the shipped charter (joint branches of up to 5 firms everywhere)
    res = runner.invoke(app, ["solve", str(d / "firms.yaml"), "-o", str(d / "plain.yaml")])
    assert res.exit_code == 0, res.output
    return d


def _solve(d: Path, rules: str, out: str) -> dict:
    res = runner.invoke(app, ["solve", str(d / "firms.yaml"), "-r", str(d / rules), "-o", str(d / out)])
    assert res.exit_code == 0, res.output
    return yaml.safe_load((d / out).read_text(encoding="utf-8"))


def _joint_sizes(plan: dict) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for b in plan["branches"]:
        if b["kind"] == "joint":
            out.setdefault(b["jurisdiction"], []).append(len(b["firms"]))
    return out


def _check(d: Path, plan: str, rules: str):
    return runner.invoke(app, ["check", str(d / plan), "--firms", str(d / "firms.yaml"), "-r", str(d / rules)])


def _hard_branches(output: str, code: str) -> set[str]:
    return set(re.findall(rf"{code} \[hard\] branch (B\d+)", output))


def test_plain_plan_has_joint_branches_of_four_in_two_cities(work):
    sizes = _joint_sizes(yaml.safe_load((work / "plain.yaml").read_text(encoding="utf-8")))
    assert max(sizes["城市001"]) == 4   # the local limit below binds there
    assert max(sizes["城市003"]) == 4


def test_local_limit_holds_in_its_city_only(work):
    plan = _solve(work, "local.yaml", "local-plan.yaml")
    sizes = _joint_sizes(plan)
    assert max(sizes["城市001"]) <= 3
    assert max(n for j, ns in sizes.items() if j != "城市001" for n in ns) == 4   # looser elsewhere
    res = _check(work, "local-plan.yaml", "local.yaml")
    assert res.exit_code == 0, res.output
    assert "0 hard" in res.output


def test_check_reports_the_local_limit_in_its_city_only(work):
    plain = yaml.safe_load((work / "plain.yaml").read_text(encoding="utf-8"))
    four = {b["jurisdiction"]: b["id"] for b in plain["branches"] if b["kind"] == "joint" and len(b["firms"]) == 4}
    res = _check(work, "plain.yaml", "local.yaml")
    assert res.exit_code == 1, res.output
    assert _hard_branches(res.output, "LOCAL-MAX-FIRMS-001") == {four["城市001"]}
    assert four["城市003"] not in _hard_branches(res.output, "LOCAL-MAX-FIRMS-001")


def test_except_jurisdictions(work):
    plan = _solve(work, "except.yaml", "except-plan.yaml")
    sizes = _joint_sizes(plan)
    assert all(n <= 3 for j, ns in sizes.items() if j != "城市001" for n in ns)
    res = _check(work, "except-plan.yaml", "except.yaml")
    assert res.exit_code == 0, res.output
    plain = yaml.safe_load((work / "plain.yaml").read_text(encoding="utf-8"))
    over = {b["id"]: b["jurisdiction"] for b in plain["branches"] if b["kind"] == "joint" and len(b["firms"]) > 3}
    assert "城市001" in over.values() and len(set(over.values())) > 1
    res = _check(work, "plain.yaml", "except.yaml")
    assert res.exit_code == 1, res.output
    assert _hard_branches(res.output, "BP-JOINT-MAX-FIRMS") == {b for b, j in over.items() if j != "城市001"}
    assert not _hard_branches(res.output, "LOCAL-MAX-FIRMS-001")


def test_local_branch_count_sees_its_jurisdiction_only(work, tmp_path):
    # at most as many branches in 城市001 as the plain plan has there: verified against the solver's cost
    (tmp_path / "count.yaml").write_text(
        "extends: cpc-branch-2018\nrules:\n  - code: LOCAL-FEW-BRANCHES\n    kind: branch_count\n"
        "    severity: soft\n    weight: 7\n    priority: 2\n    params: {max: 1}\n"
        "    jurisdictions: [城市001]\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(work / "firms.yaml"), "-r", str(tmp_path / "count.yaml"),
                              "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["check", str(work / "plain.yaml"), "--firms", str(work / "firms.yaml"),
                              "-r", str(tmp_path / "count.yaml")])
    assert "LOCAL-FEW-BRANCHES" in res.output
    assert "城市002" not in "".join(l for l in res.output.splitlines() if "LOCAL-FEW-BRANCHES" in l)


def test_infeasible_local_rule_is_explained_for_its_city(work, tmp_path):
    # (one branch in 城市001, which has firms that must each lead a branch of their own)
    (tmp_path / "tight.yaml").write_text(
        "extends: cpc-branch-2018\nrules:\n  - code: LOCAL-ONE-BRANCH-001\n    kind: branch_count\n"
        "    params: {max: 1}\n    jurisdictions: [城市001]\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(work / "firms.yaml"), "-r", str(tmp_path / "tight.yaml"),
                              "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 1, res.output
    assert "城市001" in res.output and "LOCAL-ONE-BRANCH-001" in res.output
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("entry, line, col", [
    ("  - code: BP-JOINT-MAX-FIRMS\n    jurisdictions: [城市002]\n    except_jurisdictions: [城市001]\n", 5, 27),
    ("  - code: BP-ONE-BRANCH\n    jurisdictions: [城市002]\n", 4, 20),
])
def test_refused_filters(tmp_path, entry, line, col):
    p = tmp_path / "bad.yaml"
    p.write_text("extends: cpc-branch-2018\nrules:\n" + entry, encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(p)])
    assert res.exit_code == 2, res.output
    assert f"bad.yaml:{line}:{col}:" in res.output
    assert "Traceback" not in res.output


def test_rules_show_where_a_rule_applies(work):
    res = runner.invoke(app, ["rules", "-r", str(work / "except.yaml")])
    assert res.exit_code == 0, res.output
    lines = {l.split()[0]: l for l in res.output.splitlines() if l.strip()}
    assert lines["BP-JOINT-MAX-FIRMS"].rstrip().endswith("except 城市001")
    assert lines["LOCAL-MAX-FIRMS-001"].rstrip().endswith("only in 城市001")
    assert lines["BP-MIN-FULL"].rstrip().endswith("everywhere")
    res = runner.invoke(app, ["rules", "show", "LOCAL-MAX-FIRMS-001", "-r", str(work / "except.yaml")])
    assert res.exit_code == 0, res.output
    assert "only in 城市001" in res.output and "仅在 城市001" in res.output
    res = runner.invoke(app, ["rules", "-r", str(work / "except.yaml"), "--format", "json"])
    assert '"except_jurisdictions": [\n' in res.output or '"except_jurisdictions": ["城市001"]' in res.output


# ------------------------------------------------------------------ a name the roster lacks

TYPO = """\
extends: cpc-branch-2018
rules:
  - code: LOCAL-MAX-FIRMS
    kind: branch_aggregate
    severity: hard
    params: {applies_to: [joint], count: firms, max: 3}
    jurisdictions: [城市01, 南宁市, 城市009]
  - code: BP-MIN-FULL
    weight: 30
"""


def test_a_misspelt_jurisdiction_warns_where_it_is_written(work, tmp_path):
    rules = tmp_path / "typo.yaml"
    rules.write_text(TYPO, encoding="utf-8")
    firms = work / "firms.yaml"
    res = runner.invoke(app, ["solve", str(firms), "-r", str(rules), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 0, res.output
    warned = [ln for ln in res.stderr.splitlines() if "jurisdictions" in ln]
    # once, at the name, with the roster's spelling; 南宁市 and 城市009 (other places) are not flagged
    assert warned == [f"{rules}:7:21: rules[LOCAL-MAX-FIRMS].jurisdictions[0]: warning: rule LOCAL-MAX-FIRMS names "
                      f"jurisdiction '城市01', which {firms} does not have (did you mean '城市001'?)"]
    zh = runner.invoke(app, ["explain", str(tmp_path / "plan.yaml"), "--firms", str(firms), "-r", str(rules),
                             "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert f"{rules}:7:21: rules[LOCAL-MAX-FIRMS].jurisdictions[0]: 警告：规则 LOCAL-MAX-FIRMS 列出的辖区“城市01”" in zh.stderr
    # spelt right: no warning
    rules.write_text(TYPO.replace("城市01,", "城市001,"), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-r", str(rules), "-o", str(tmp_path / "plan2.yaml")])
    assert res.exit_code == 0, res.output
    assert "jurisdictions" not in res.stderr


def test_an_exception_misspelt_warns_too(work, tmp_path):
    rules = tmp_path / "except.yaml"
    rules.write_text(MAX_3_EXCEPT_001.replace("except_jurisdictions: [城市001]", "except_jurisdictions: [城市0001]"),
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(work / "firms.yaml"), "-r", str(rules), "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    assert "rules[BP-JOINT-MAX-FIRMS].except_jurisdictions[0]: warning:" in res.stderr
    assert "did you mean '城市001'?" in res.stderr


@pytest.mark.parametrize("fmt", ["github", "sarif", "json", "markdown", "junit"])
def test_check_formats_carry_the_rules_file_warnings(work, tmp_path, fmt):
    import json

    rules = tmp_path / "typo.yaml"
    rules.write_text(TYPO, encoding="utf-8")
    res = runner.invoke(app, ["check", str(work / "plain.yaml"), "--firms", str(work / "firms.yaml"),
                              "-r", str(rules), "--format", fmt])
    assert res.exit_code in (0, 1), res.output
    out = res.stdout
    if fmt == "github":
        lines = [ln for ln in out.splitlines() if "title=rules file" in ln]
        assert len(lines) == 2
        assert lines[0].startswith(f"::warning file={rules},line=9,col=13,title=rules file::rules[BP-MIN-FULL].weight")
        assert lines[1].startswith(f"::warning file={rules},line=7,col=21,title=rules file::"
                                   "rules[LOCAL-MAX-FIRMS].jurisdictions[0]: rule LOCAL-MAX-FIRMS names")
    elif fmt == "sarif":
        run = json.loads(out)["runs"][0]
        notes = run["invocations"][0]["toolConfigurationNotifications"]
        assert [(n["properties"]["field"], n["locations"][0]["physicalLocation"]["region"]["startLine"])
                for n in notes] == [("rules[BP-MIN-FULL].weight", 9), ("rules[LOCAL-MAX-FIRMS].jurisdictions[0]", 7)]
        assert all(n["level"] == "warning" for n in notes)
    elif fmt == "json":
        warned = json.loads(out)["warnings"]
        assert [(w["line"], w["column"], w["field"]) for w in warned] == [
            (9, 13, "rules[BP-MIN-FULL].weight"), (7, 21, "rules[LOCAL-MAX-FIRMS].jurisdictions[0]")]
        assert "城市01" in warned[1]["message_zh"]
    elif fmt == "junit":
        import xml.etree.ElementTree as ET

        err = ET.fromstring(out).find("testsuite/system-err").text.splitlines()
        assert [ln.split(": ")[1] for ln in err] == ["rules[BP-MIN-FULL].weight", "rules[LOCAL-MAX-FIRMS].jurisdictions[0]"]
        assert err[1].startswith(f"{rules}:7:21: ")
    else:
        assert "**Warnings about the rules file (2)**" in out
        # (under a "Warnings" heading the sentence does not say "warning:" again)
        assert f"`{rules}:7:21` `rules[LOCAL-MAX-FIRMS].jurisdictions[0]`: rule LOCAL-MAX-FIRMS names" in out


def test_no_warnings_means_none_in_the_machine_formats(work):
    import json

    res = runner.invoke(app, ["check", str(work / "plain.yaml"), "--firms", str(work / "firms.yaml"), "--format", "json"])
    assert json.loads(res.stdout)["warnings"] == []
    sarif = runner.invoke(app, ["check", str(work / "plain.yaml"), "--firms", str(work / "firms.yaml"), "--format", "sarif"])
    assert "invocations" not in json.loads(sarif.stdout)["runs"][0]


def test_the_library_warns_too(work, tmp_path):
    from branchplan import load_charter, load_roster, solve
    from branchplan.charter import CharterWarning

    rules = tmp_path / "typo.yaml"
    rules.write_text(TYPO.replace("  - code: BP-MIN-FULL\n    weight: 30\n", ""), encoding="utf-8")
    charter = load_charter(rules)
    roster = load_roster(work / "firms.yaml")
    with pytest.warns(CharterWarning, match="did you mean '城市001'"):
        solve(roster, charter)


@pytest.mark.parametrize("a, b, same", [
    ("城市01", "城市001", True), ("贵港", "贵港市", True), ("广州", "广州市", True), ("杭州市", "杭州", True),
    ("城市０１", "城市001", True), (" 通州区", "通州区", True), ("恩施自治州", "恩施", True),
    ("桂林市", "玉林市", False), ("长沙县", "长沙市", False), ("荆州区", "荆州市", False),
    ("大理市", "大理州", False), ("城市001", "城市010", False), ("城市001", "城市001", False)])
def test_the_same_place_written_differently(a, b, same):
    from branchplan.localrules import same_place

    assert same_place(a, b) is same


# ------------------------------------------------------------------ an override limited to some places

MIN_4_ONLY_001 = """\
extends: cpc-branch-2018
rules:
  - code: BP-MIN-FULL
    params: {min: 4}
    jurisdictions: [城市001]
"""


def test_an_override_limited_to_one_city_warns_that_the_others_lose_the_rule(work, tmp_path):
    rules = tmp_path / "only.yaml"
    rules.write_text(MIN_4_ONLY_001, encoding="utf-8")
    firms = work / "firms.yaml"
    tail = ("(`jurisdictions:` means only there). To change the rule in 城市001 alone, keep BP-MIN-FULL with "
            "`except_jurisdictions: [城市001]` and add a rule of your own with `jurisdictions: [城市001]`")
    res = runner.invoke(app, ["solve", str(firms), "-r", str(rules), "-o", str(tmp_path / "plan.yaml"), "-q"])
    assert res.exit_code == 0, res.output
    # once, at the jurisdictions: line, naming the roster's other cities
    # (BP-MIN-FULL's min of 4 above BP-OWN-BRANCH's min_full of 3 is warned about too)
    assert [ln for ln in res.stderr.splitlines() if ".jurisdictions:" in ln] == [
        f"{rules}:5:20: rules[BP-MIN-FULL].jurisdictions: warning: BP-MIN-FULL of cpc-branch-2018 now applies only "
        f"in 城市001: 城市002, 城市003 of {firms} are left without it " + tail]
    check = runner.invoke(app, ["check", str(tmp_path / "plan.yaml"), "--firms", str(firms), "-r", str(rules),
                                "--lang", "zh"])
    assert (f"{rules}:5:20: rules[BP-MIN-FULL].jurisdictions: 警告：cpc-branch-2018 的规则 BP-MIN-FULL 现仅在 城市001 "
            f"适用：{firms} 中的 城市002、城市003 不再受该规则约束（`jurisdictions:` 表示仅在所列辖区适用）。") in check.stderr
    # the rules file alone: every other jurisdiction
    res = runner.invoke(app, ["rules", "-r", str(rules)])
    assert res.exit_code == 0, res.output
    assert (f"\n{rules}:5:20: rules[BP-MIN-FULL].jurisdictions: warning: BP-MIN-FULL of cpc-branch-2018 "
            "now applies only in 城市001: every other jurisdiction is left without it " + tail + "\n") in "\n" + res.stderr
    assert "every other jurisdiction is left" in runner.invoke(app, ["rules", "show", "BP-MIN-FULL", "-r",
                                                                     str(rules)]).stderr
    # the way the README gives (the charter's rule kept elsewhere, a rule of one's own): no warning
    both = tmp_path / "both.yaml"
    both.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    except_jurisdictions: [城市001]\n"
                    "  - code: LOCAL-MIN-FULL-001\n    kind: branch_aggregate\n"
                    "    params: {applies_to: [standalone, joint], count: members, status: full, min: 4}\n"
                    "    jurisdictions: [城市001]\n", encoding="utf-8")
    for args in (["rules", "-r", str(both)], ["solve", str(firms), "-r", str(both), "-o", str(tmp_path / "p2.yaml")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0 and "jurisdictions" not in res.stderr, res.output
    # nor where a rule of the same shape holds in the other cities, nor on a roster of 城市001 alone
    kept = tmp_path / "kept.yaml"
    kept.write_text(MIN_4_ONLY_001 + "  - code: LOCAL-MIN-FULL\n    kind: branch_aggregate\n"
                    "    params: {applies_to: [standalone, joint], count: members, status: full, min: 3}\n"
                    "    except_jurisdictions: [城市001]\n", encoding="utf-8")
    for args in (["rules", "-r", str(kept)], ["solve", str(firms), "-r", str(kept), "-o", str(tmp_path / "p3.yaml")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0 and "jurisdictions" not in res.stderr, res.output
    one = tmp_path / "one.yaml"
    data = yaml.safe_load(firms.read_text(encoding="utf-8"))
    data["firms"] = [f for f in data["firms"] if f.get("jurisdiction", data.get("jurisdiction")) == "城市001"]
    one.write_text(dump_yaml(data), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(one), "-r", str(rules), "-o", str(tmp_path / "p4.yaml")])
    assert res.exit_code == 0 and ".jurisdictions:" not in res.stderr, res.output


def test_a_narrowed_override_in_a_province_file_warns_there_and_a_city_can_undo_it(work, tmp_path):
    (tmp_path / "prov.yaml").write_text("charter: prov\n" + MIN_4_ONLY_001, encoding="utf-8")
    city = tmp_path / "city.yaml"
    city.write_text("extends: prov.yaml\nrules:\n  - code: BP-DISTRICT\n    weight: 6\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(city)])
    assert res.exit_code == 0, res.output
    assert (f"{tmp_path / 'prov.yaml'}:6:20: rules[BP-MIN-FULL].jurisdictions: warning: "
            "BP-MIN-FULL of cpc-branch-2018 now applies only in 城市001") in res.stderr
    city.write_text("extends: prov.yaml\nrules:\n  - code: BP-MIN-FULL\n    jurisdictions: null\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(city)])
    assert res.exit_code == 0 and ".jurisdictions:" not in res.stderr, res.output


def test_a_cap_made_soft_in_one_city_and_kept_hard_elsewhere_by_a_rule_of_ones_own_is_no_loss(work, tmp_path):
    rules = tmp_path / "g.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n"
                     "  - {code: BP-JOINT-MAX-FIRMS, jurisdictions: [城市001], severity: soft, weight: 10, priority: 2}\n"
                     "  - {code: LOCAL-MAX-FIRMS, kind: branch_aggregate, params: {applies_to: [joint], count: firms, "
                     "max: 5}, except_jurisdictions: [城市001]}\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(work / "plain.yaml"), "--firms", str(work / "firms.yaml"),
                              "--rules", str(rules)])
    assert res.exit_code == 0, res.output
    assert "left without it" not in res.stderr
    assert "left without it" not in runner.invoke(app, ["rules", "-r", str(rules)]).stderr


def test_a_city_restating_a_provinces_filter_is_not_blamed_for_it(tmp_path):
    (tmp_path / "prov.yaml").write_text("charter: prov\n" + MIN_4_ONLY_001, encoding="utf-8")
    city = tmp_path / "city.yaml"
    city.write_text("extends: prov.yaml\nrules:\n  - {code: BP-MIN-FULL, weight: 1, jurisdictions: [城市001]}\n",
                    encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(city)])
    assert res.exit_code == 0, res.output
    said = [ln for ln in res.stderr.splitlines() if "now applies only in" in ln]
    assert len(said) == 1 and said[0].startswith(f"{tmp_path / 'prov.yaml'}:6:20: "), res.stderr


def test_a_hard_rule_narrowed_and_only_a_soft_one_elsewhere_is_still_a_loss(work, tmp_path):
    """The other cities keep only a soft cap of the shape: the hard cap became a preference
    there, which the warning says (a hard rule of one's own there would keep it)."""
    rules = tmp_path / "s.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n"
                     "  - {code: BP-JOINT-MAX-FIRMS, jurisdictions: [城市001]}\n"
                     "  - {code: LOCAL-MAX-FIRMS, kind: branch_aggregate, severity: soft, weight: 10, "
                     "params: {applies_to: [joint], count: firms, max: 5}, except_jurisdictions: [城市001]}\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["check", str(work / "plain.yaml"), "--firms", str(work / "firms.yaml"),
                              "--rules", str(rules)])
    assert "now applies only in 城市001: 城市002, 城市003" in res.stderr, res.output
