"""branchplan rules / rules show: the catalogue, the manuals (golden files), errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.cli import app

GOLDEN = Path(__file__).parent / "golden" / "rules"
runner = CliRunner()
CHARTER = load_charter()
CODES = [r.code for r in CHARTER.rules]


def test_every_default_rule_has_a_golden_manual():
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CODES)


@pytest.mark.parametrize("code", CODES)
def test_rules_show_matches_golden(code):
    """Set BRANCHPLAN_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change."""
    res = runner.invoke(app, ["rules", "show", code])
    assert res.exit_code == 0, res.output
    path = GOLDEN / f"{code}.txt"
    if os.environ.get("BRANCHPLAN_UPDATE_GOLDEN"):
        path.write_text(res.stdout, encoding="utf-8")
    assert res.stdout == path.read_text(encoding="utf-8")
    rule = CHARTER.get(code)
    # the manual carries the charter wording in both languages and both examples
    assert rule.source.text_zh in res.stdout
    assert "passing:" in res.stdout and "failing:" in res.stdout


def test_rules_lists_the_catalogue():
    res = runner.invoke(app, ["rules"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    for code in CODES:
        assert any(line.startswith(code + " ") for line in lines), code
    row = next(line for line in lines if line.startswith("BP-DISTRICT "))
    assert row.split()[1:6] == ["same-district", "district", "soft", "5", "2"]
    assert "min=3 applies_to=[standalone, joint] count=members status=full" in res.stdout


def test_rules_json_and_a_rules_file(tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    params: {max: 6}\n"
                     "  - code: BP-DISTRICT\n    enabled: false\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "--rules", str(rules), "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    by_code = {r["code"]: r for r in data["rules"]}
    assert by_code["BP-JOINT-MAX-FIRMS"]["params"]["max"] == 6
    assert "BP-DISTRICT" not in by_code and data["disabled"] == ["BP-DISTRICT"]
    assert by_code["BP-MIN-FULL"]["weight"] is None and by_code["BP-DISTANCE"]["weight"] == 1.0
    for args in (["rules", "show", "BP-JOINT-MAX-FIRMS", "--rules", str(rules)],
                 ["rules", "--rules", str(rules), "show", "bp-joint-max-firms"]):
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0
        assert "  max                  6\n" in shown.stdout
        assert f"defined in  {rules}:3" in shown.stdout
    off = runner.invoke(app, ["rules", "show", "BP-DISTRICT", "--rules", str(rules)])
    assert off.exit_code == 2 and "switched off" in off.stderr


def test_unknown_code_suggests_and_exits_2():
    res = runner.invoke(app, ["rules", "show", "BP-MIN-FUL"])
    assert res.exit_code == 2
    assert "unknown rule code 'BP-MIN-FUL' (did you mean 'BP-MIN-FULL'?)" in res.stderr
    assert res.stdout == ""


def test_rule_by_name():
    res = runner.invoke(app, ["rules", "show", "member-km"])
    assert res.exit_code == 0 and res.stdout.startswith("BP-DISTANCE  member-km\n")


def test_bad_rules_file_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - code: X-ONE\n    kind: branch_agregate\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "--rules", str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:3:" in res.stderr and "did you mean 'branch_aggregate'" in res.stderr


def _examples_section(manual: str) -> str:
    return manual.split("\nExamples\n", 1)[1].split("\n\n", 1)[0]


def test_a_rule_with_changed_or_new_parameters_shows_no_borrowed_examples(tmp_path):
    """The kind's examples are written for other parameters ("failing: F1 alone" is about
    min 3 full members): a changed or new rule shows none, and how to add its own."""
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    params: {max: 6}\n"
        "  - code: LOCAL-TWO-SECRETARIES\n    kind: branch_aggregate\n    severity: soft\n    weight: 20\n"
        "    params: {applies_to: [joint], count: members, status: full, min_standing_years: 3, min: 2}\n"
        "  - code: LOCAL-MAX-4\n    kind: branch_aggregate\n    params: {applies_to: [joint], count: firms, max: 4}\n"
        "    examples: {pass: joint branch of 4 firms, fail: joint branch of 5 firms}\n", encoding="utf-8")
    for code in ("BP-JOINT-MAX-FIRMS", "LOCAL-TWO-SECRETARIES"):
        res = runner.invoke(app, ["rules", "show", code, "--rules", str(rules)])
        assert res.exit_code == 0, res.output
        section = _examples_section(res.stdout)
        assert "passing:" not in section and "failing:" not in section, section
        assert "none given for these parameters" in section and "examples: {pass:" in section
    own = runner.invoke(app, ["rules", "show", "LOCAL-MAX-4", "--rules", str(rules)])
    assert own.exit_code == 0
    assert _examples_section(own.stdout) == ("  passing: joint branch of 4 firms\n"
                                             "  failing: joint branch of 5 firms")
    same = runner.invoke(app, ["rules", "show", "BP-JOINT-MAX-FIRMS"])
    assert "failing: joint branch of 6 firms" in _examples_section(same.stdout)


def test_a_hard_rule_made_soft_needs_a_weight(tmp_path):
    """Made soft without a weight, BP-MIN-FULL would cost 1 point per missing full member
    (as much as one member-km): the file is refused at the severity line, with a weight to give."""
    rules = tmp_path / "soft.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-DISTRICT\n    weight: 4\n"
                     "  - code: BP-MIN-FULL\n    severity: soft\n", encoding="utf-8")
    guigang = Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml"
    out = tmp_path / "plan.yaml"
    for args in (["rules", "--rules", str(rules)],
                 ["solve", str(guigang), "--rules", str(rules), "-o", str(out)]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        assert res.stderr.startswith(
            f"{rules}:6:15: rules[BP-MIN-FULL].weight: rule BP-MIN-FULL is hard in cpc-branch-2018 and is "
            "made soft here without a weight, so breaking it would cost only 1 point: give one, e.g. `weight: 100`")
        assert "Traceback" not in res.output
    assert not out.exists()
    # an explicit weight, in the entry or on the rule before, is taken as given
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    severity: soft\n    weight: 1\n"
                     "  - code: BP-JOINT-MAX-FIRMS\n    weight: 7\n", encoding="utf-8")
    again = tmp_path / "again.yaml"
    again.write_text(f"extends: {rules}\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    severity: soft\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "--rules", str(again), "--format", "json"])
    assert res.exit_code == 0, res.output
    by_code = {r["code"]: r for r in json.loads(res.stdout)["rules"]}
    assert (by_code["BP-MIN-FULL"]["severity"], by_code["BP-MIN-FULL"]["weight"]) == ("soft", 1.0)
    assert (by_code["BP-JOINT-MAX-FIRMS"]["severity"], by_code["BP-JOINT-MAX-FIRMS"]["weight"]) == ("soft", 7.0)


def test_solve_lists_rule_costs_in_the_order_they_are_minimised(tmp_path):
    """A soft rule at priority 0, listed last in the charter, comes right after BP-FALLBACK."""
    rules = tmp_path / "mine.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - code: LOCAL-FEW-FIRMS\n    kind: branch_aggregate\n"
                     "    severity: soft\n    weight: 1\n    priority: 0\n"
                     "    params: {applies_to: [joint], count: firms, max: 2}\n", encoding="utf-8")
    guigang = Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml"
    res = runner.invoke(app, ["solve", str(guigang), "--rules", str(rules), "--format", "text", "--lang", "en"])
    assert res.exit_code == 0, res.output
    table = res.stdout.split("\nobjective ", 1)[1].splitlines()[1:]
    codes = [line.split()[0] for line in table if line.startswith("  ")]
    assert codes == ["BP-FALLBACK", "LOCAL-FEW-FIRMS", "BP-DISTANCE", "BP-DISTRICT", "BP-SECRETARY",
                     "BP-LEAD-DIRECTOR"]
