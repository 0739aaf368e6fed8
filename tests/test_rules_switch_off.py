"""A rules file entry that only switches a rule off must name a rule the charter has: a
misspelt code is refused (exit 2, file:line:col, field, a suggestion), not silently kept
on. A new rule (with its kind) may still be written switched off."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EXAMPLE_FIRMS = str(Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml")


def _rules(tmp_path, text):
    p = tmp_path / "rules.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_switching_off_a_misspelt_code_is_refused_with_a_suggestion(tmp_path, monkeypatch):
    p = _rules(tmp_path, "extends: cpc-branch-2018\nrules:\n  - code: BP-DISTRCT\n    enabled: false\n")
    res = runner.invoke(app, ["rules", "--rules", str(p)])
    assert res.exit_code == 2
    assert res.stderr == (f"{p}:3:11: rules[BP-DISTRCT].code: no rule BP-DISTRCT to switch off "
                          "(did you mean 'BP-DISTRICT'?); 'enabled: false' must name a rule of the charter "
                          "this file extends (or a new rule with its 'kind')\n")
    assert "Traceback" not in res.output and "switched off" not in res.stdout
    # every command that reads the rules file refuses it the same way
    solve = runner.invoke(app, ["solve", EXAMPLE_FIRMS, "--rules", str(p)])
    assert solve.exit_code == 2 and f"{p}:3:11: rules[BP-DISTRCT].code" in solve.stderr
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    zh = runner.invoke(app, ["rules", "--rules", str(p)])
    assert zh.exit_code == 2
    assert "没有可停用的规则 BP-DISTRCT（是否应为“BP-DISTRICT”？）" in zh.stderr


def test_a_flow_style_entry_is_placed_at_its_code_and_reported_with_the_others(tmp_path):
    p = _rules(tmp_path, "extends: cpc-branch-2018\nrules:\n  - {code: BP-DISTRCT, enabled: false}\n"
                         "  - {code: NOPE-NOTHING-LIKE-IT, enabled: false}\n")
    res = runner.invoke(app, ["rules", "--rules", str(p)])
    assert res.exit_code == 2
    lines = res.stderr.splitlines()
    assert lines[0].startswith(f"{p}:3:12: rules[BP-DISTRCT].code: no rule BP-DISTRCT to switch off (did you mean")
    assert lines[1].startswith(f"{p}:4:12: rules[NOPE-NOTHING-LIKE-IT].code: no rule NOPE-NOTHING-LIKE-IT to "
                               "switch off; 'enabled: false'")


def test_real_rules_and_new_rules_can_still_be_switched_off(tmp_path):
    p = _rules(tmp_path, "extends: cpc-branch-2018\nrules:\n  - {code: BP-DISTRICT, enabled: false}\n"
                         "  - code: NEW-X\n    kind: branch_aggregate\n    enabled: false\n"
                         "    params: {count: members, min: 2}\n")
    res = runner.invoke(app, ["rules", "--rules", str(p)])
    assert res.exit_code == 0, res.output
    assert "switched off: BP-DISTRICT, NEW-X" in res.stdout
    listed = res.stdout.split("switched off:")[0]
    assert "BP-DISTRICT " not in listed and "NEW-X" not in listed
