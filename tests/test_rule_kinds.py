"""Rule kinds from the command line (rules kinds, rules kind NAME), a new rule's title, the
warning for a weight on a hard rule, and a hard rule's cost-worded description."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.rules import KINDS

ROOT = Path(__file__).resolve().parents[1]
FIRMS = ROOT / "examples" / "guigang" / "firms.yaml"
PLAN = ROOT / "examples" / "guigang" / "plan-current.yaml"
runner = CliRunner()


def rules_file(tmp_path, text: str) -> Path:
    p = tmp_path / "province.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_kinds_lists_every_kind_with_severities_and_repeatability():
    res = runner.invoke(app, ["rules", "kinds", "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = {k["kind"]: k for k in json.loads(res.stdout)["kinds"]}
    assert set(rows) == set(KINDS)
    for name, module in KINDS.items():
        assert rows[name]["severities"] == list(module.SEVERITIES)
        assert rows[name]["repeatable"] is not getattr(module, "SINGLETON", False)
        assert rows[name]["summary"]
    assert rows["branch_count"]["repeatable"] and rows["branch_aggregate"]["repeatable"]
    assert not rows["distance"]["repeatable"] and not rows["district"]["repeatable"]
    text = runner.invoke(app, ["rules", "kinds"])
    assert text.exit_code == 0
    line = next(ln for ln in text.stdout.splitlines() if ln.startswith("branch_count "))
    assert "hard, soft" in line and "yes" in line
    assert "rules kind NAME" in text.stdout


def test_kinds_in_chinese():
    res = runner.invoke(app, ["rules", "kinds", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("类型")
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("distance "))
    assert "否（仅一次）" in line and "地域相邻" in line


def test_kind_manual_has_parameters_defaults_and_a_valid_example():
    res = runner.invoke(app, ["rules", "kind", "branch_count"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "repeatable  yes" in out
    assert "list of (standalone | joint | host)  [standalone, joint, host]" in out
    assert "the number of branches in each jurisdiction" in out  # the module docstring
    assert "kind: branch_count" in out


def test_every_kind_example_loads_as_a_rules_file(tmp_path):
    """The example printed for each kind, saved as a rules file, is a valid charter."""
    for name in KINDS:
        res = runner.invoke(app, ["rules", "kind", name])
        assert res.exit_code == 0, (name, res.output)
        lines = res.stdout.splitlines()
        start = next(i for i, ln in enumerate(lines) if ln.startswith("Example rules file"))
        end = lines.index("Manual")
        block = "\n".join(ln[2:] for ln in lines[start + 1:end]).strip()
        if block.startswith("(nothing to set"):
            assert "soft" not in KINDS[name].SEVERITIES
            continue
        doc = yaml.safe_load(block)
        p = rules_file(tmp_path, block)
        shown = runner.invoke(app, ["rules", "--rules", str(p), "--format", "json"])
        assert shown.exit_code == 0, (name, shown.output)
        code = doc["rules"][0]["code"]
        rule = next(r for r in json.loads(shown.stdout)["rules"] if r["code"] == code)
        assert rule["kind"] == name


def test_kind_manual_in_chinese_says_the_manual_is_english():
    res = runner.invoke(app, ["rules", "kind", "stability", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "说明（英文原文）" in res.stdout and "solve --current" in res.stdout
    assert "示例规则文件（内置规则集已有此类型的唯一规则 BP-STABILITY" in res.stdout


def test_unknown_kind_is_exit_2_with_a_suggestion():
    res = runner.invoke(app, ["rules", "kind", "branch_cout"])
    assert res.exit_code == 2
    assert "unknown rule kind 'branch_cout' (did you mean 'branch_count'?)" in res.stderr
    assert res.stdout == ""
    zh = runner.invoke(app, ["rules", "kind", "branch_cout", "--lang", "zh"])
    assert zh.exit_code == 2 and "未知的规则类型“branch_cout”" in zh.stderr


def test_rules_show_of_a_kind_name_points_to_rules_kind():
    res = runner.invoke(app, ["rules", "show", "branch_count"])
    assert res.exit_code == 2
    assert "is a rule kind" in res.stderr and "branchplan rules kind branch_count" in res.stderr


NEW_RULE = """extends: cpc-branch-2018
rules:
  - code: PROV-MAX-BRANCHES
    name: province-max-branches
    kind: branch_count
    severity: soft
    weight: 7
    params: {max: 1}
"""


def test_new_rule_without_title_is_titled_by_its_name(tmp_path):
    p = rules_file(tmp_path, NEW_RULE)
    listed = runner.invoke(app, ["rules", "--rules", str(p), "--format", "json"])
    rule = next(r for r in json.loads(listed.stdout)["rules"] if r["code"] == "PROV-MAX-BRANCHES")
    assert rule["title"] == "province-max-branches" and rule["title_zh"] == "province-max-branches"
    shown = runner.invoke(app, ["rules", "show", "PROV-MAX-BRANCHES", "--rules", str(p)])
    assert shown.stdout.splitlines()[:3] == ["PROV-MAX-BRANCHES  province-max-branches", "province-max-branches", ""]
    res = runner.invoke(app, ["explain", str(PLAN), "--firms", str(FIRMS), "--rules", str(p),
                              "--branch", "B001", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stdout.splitlines() if "PROV-MAX-BRANCHES" in ln)
    assert "province-max-branches" in line


def test_weight_on_a_hard_rule_warns_with_file_and_line(tmp_path):
    p = rules_file(tmp_path, """extends: cpc-branch-2018
rules:
  - code: BP-MIN-FULL
    weight: 30
  - code: PROV-CAP
    kind: branch_count
    severity: hard
    weight: 10
    params: {max: 40}
  - code: BP-DISTRICT
    weight: 8
""")
    res = runner.invoke(app, ["rules", "--rules", str(p)])
    assert res.exit_code == 0, res.output
    warned = res.stderr.splitlines()
    assert warned == [
        f"{p}:4:13: rules[BP-MIN-FULL].weight: warning: weight has no effect on a hard rule (kept for when it is made soft)",
        f"{p}:8:13: rules[PROV-CAP].weight: warning: weight has no effect on a hard rule (kept for when it is made soft)",
    ]
    assert "PROV-CAP" in res.stdout
    zh = runner.invoke(app, ["explain", str(PLAN), "--firms", str(FIRMS), "--rules", str(p), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert f"{p}:4:13: rules[BP-MIN-FULL].weight: 警告：权重对硬性规则不起作用" in zh.stderr


def test_weight_on_a_rule_made_soft_later_or_here_does_not_warn(tmp_path):
    base = rules_file(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    weight: 30\n")
    top = tmp_path / "city.yaml"
    top.write_text(f"extends: {base.name}\nrules:\n  - code: BP-MIN-FULL\n    severity: soft\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "--rules", str(top)])
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    soft = rules_file(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    severity: soft\n    weight: 30\n")
    assert runner.invoke(app, ["rules", "--rules", str(soft)]).stderr == ""


def test_weight_on_an_always_hard_kind_says_so(tmp_path):
    p = rules_file(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-ONE-BRANCH\n    weight: 3\n")
    res = runner.invoke(app, ["rules", "--rules", str(p)])
    assert res.exit_code == 0
    assert "rules of kind assignment are always hard" in res.stderr


def test_hard_rule_with_a_cost_worded_description_is_noted(tmp_path):
    p = rules_file(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-SECRETARY\n    severity: hard\n")
    res = runner.invoke(app, ["rules", "show", "BP-SECRETARY", "--rules", str(p)])
    assert res.exit_code == 0, res.output
    assert "(hard in this charter: a plan may not break it)" in res.stdout
    assert "（本规则集中为硬性规则：方案不得违反）" in res.stdout
    soft = runner.invoke(app, ["rules", "show", "BP-SECRETARY"])
    assert "hard in this charter" not in soft.stdout
    plain = runner.invoke(app, ["rules", "show", "BP-MIN-FULL"])
    assert "hard in this charter" not in plain.stdout


def test_readme_lists_every_kind_and_its_example_loads(tmp_path):
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split("## The charter\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (\w+) \| [a-z, ]+ \| (yes|no) \|", body, re.M))
    assert rows == {n: "no" if getattr(m, "SINGLETON", False) else "yes" for n, m in KINDS.items()}
    block = re.findall(r"```yaml\n(.*?)```", body, re.S)[1]
    p = rules_file(tmp_path, block)
    res = runner.invoke(app, ["rules", "show", "PROV-MAX-BRANCHES", "--rules", str(p)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1] == "province-max-branches" and res.stderr == ""


def test_a_rule_left_at_the_default_level_is_warned_of_when_there_are_several(tmp_path):
    """Moving one preference to a new last level takes every rule without a priority along:
    the author is told, with the rule's place in the file; the charter's title stays its own."""
    rules = tmp_path / "r.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-DISTRICT\n    priority: 3\n"
                     "  - code: LOCAL-MAX\n    name: local-max\n    kind: branch_aggregate\n    severity: soft\n"
                     "    weight: 100\n    params: {applies_to: [joint], count: members, max: 40}\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "--rules", str(rules)], env={"LANG": "en_US.UTF-8"})
    assert res.exit_code == 0, res.output
    assert (f"{rules}:5:5: rules[LOCAL-MAX].priority: warning: LOCAL-MAX gives no priority: it joins the last "
            "level, 3, which is minimised only after priority 2 (give priority: to choose its level)") in res.stderr
    assert res.stdout.startswith("Charter r (extends cpc-branch-2018): Party branches in law firms")
    # one level of preferences: nothing to choose between, no warning
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: LOCAL-MAX\n    name: local-max\n"
                     "    kind: branch_aggregate\n    severity: soft\n    weight: 100\n"
                     "    params: {applies_to: [joint], count: members, max: 40}\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "--rules", str(rules)], env={"LANG": "en_US.UTF-8"})
    assert res.exit_code == 0 and "warning" not in res.stderr


def test_a_kind_is_found_whatever_its_case():
    res = runner.invoke(app, ["rules", "kind", "MAX_DISTANCE", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("max_distance  ")


def test_a_repeatable_kinds_example_title_has_no_catalogue_suffix():
    """(可重复使用) says a kind may be used again in the catalogue; it is no part of a rule's title."""
    kinds = runner.invoke(app, ["rules", "kinds", "--lang", "zh"])
    assert kinds.exit_code == 0
    assert "每个辖区的支部数不少于 / 不多于 N（可重复使用）" in kinds.stdout
    for name in ("branch_count", "branch_aggregate", "max_distance"):
        for lang in ("zh", "en"):
            res = runner.invoke(app, ["rules", "kind", name, "--lang", lang])
            assert res.exit_code == 0, res.output
            lines = res.stdout.splitlines()
            title = [ln.strip() for ln in lines if ln.strip().startswith("zh: ")]
            assert len(title) == 1 and title[0].startswith("zh: "), res.stdout
            assert "可重复" not in title[0] and title[0] != "zh:", title
    res = runner.invoke(app, ["rules", "kind", "branch_count", "--lang", "zh"])
    assert "      zh: 每个辖区的支部数不少于 / 不多于 N\n" in res.stdout
