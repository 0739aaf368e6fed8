"""Rules files: the shipped charter, extends and overrides, and clear errors."""

from __future__ import annotations

import pytest

from branchplan.charter import load_charter
from branchplan.errors import InputError


def write(tmp_path, text, name="rules.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_default_charter_has_every_rule_with_source_and_both_languages():
    c = load_charter()
    codes = [r.code for r in c.rules]
    assert codes[:6] == ["BP-ONE-BRANCH", "BP-OWN-BRANCH", "BP-JURISDICTION", "BP-MIN-FULL",
                         "BP-JOINT-MAX-FIRMS", "BP-JOINT-MAX-MEMBERS"]
    for r in c.rules:
        assert r.source and r.source.article, r.code
        assert r.title.en and r.title.zh and r.description.en and r.description.zh, r.code
    assert c.get("BP-MIN-FULL").params.min == 3
    assert c.get("BP-FALLBACK").priority == 0


def test_extends_overrides_disables_and_adds(tmp_path):
    p = write(tmp_path, """
extends: cpc-branch-2018
rules:
  - code: BP-JOINT-MAX-FIRMS
    params: {max: 6}
  - code: BP-DISTRICT
    enabled: false
  - code: BP-JOINT-MAX-MEMBERS
    severity: soft
    weight: 3
  - code: LOCAL-TWO
    kind: branch_aggregate
    severity: soft
    params: {applies_to: [joint], count: members, status: full, min: 4}
""")
    c = load_charter(p)
    assert c.get("BP-JOINT-MAX-FIRMS").params.max == 6
    assert c.get("BP-JOINT-MAX-FIRMS").params.applies_to == ["joint"]  # merged, not replaced
    assert c.get("BP-DISTRICT") is None and "BP-DISTRICT" in c.disabled
    assert c.get("BP-JOINT-MAX-MEMBERS").severity == "soft" and c.get("BP-JOINT-MAX-MEMBERS").weight == 3
    assert c.get("LOCAL-TWO").params.min == 4
    assert c.get("LOCAL-TWO").origin.endswith("rules.yaml:11")


@pytest.mark.parametrize("text, expected", [
    ("extends: cpc-branch-2018\nrules:\n  - code: NEW-RULE\n    params: {min: 1}\n",
     "rules.yaml:3:5: rules[NEW-RULE].kind: no rule NEW-RULE to change; a new rule must name its 'kind'"),
    ("rules:\n  - code: NEW-RULE\n    params: {min: 1}\n",      # (a charter of its own: nothing to change)
     "rules.yaml:2:5: rules[NEW-RULE].kind: rule NEW-RULE has no 'kind' (a new rule must name one)"),
    ("rules:\n  - code: LOCAL-AAA1\n    kind: branch_count\n    severity: hard\n    params: {max: 3}\n"
     "  - code: LOCAL-AAA2\n    params: {max: 3}\n",               # (a near code, and still nothing to change)
     "rules.yaml:6:5: rules[LOCAL-AAA2].kind: rule LOCAL-AAA2 has no 'kind' (a new rule must name one)"),
    ("extends: cpc-branch-2018\nrules:\n  - code: NEW\n    kind: branch_agregate\n",
     "rules.yaml:4:11: rules[NEW].kind: unknown rule kind 'branch_agregate' (did you mean 'branch_aggregate'?)"),
    ("extends: cpc-branch-2018\nrules:\n  - code: BP-JOINT-MAX-FIRMS\n    params: {maxx: 6}\n",
     "rules.yaml:4:14: rules[BP-JOINT-MAX-FIRMS].params: unknown key 'maxx' (did you mean 'max'?)"),
    ("extends: cpc-branch-2018\nrules:\n  - code: BP-DISTANCE\n    severity: hard\n",
     "rules.yaml:4:15: rules[BP-DISTANCE].severity: rule BP-DISTANCE (kind distance) cannot be hard"),
    ("extends: cpc-branch-2019\n", "unknown charter 'cpc-branch-2019' (did you mean 'cpc-branch-2018'?)"),
    ("extends: cpc-branch-2018\nrulez: []\n", "rules.yaml:2:1: unknown key 'rulez' (did you mean 'rules'?)"),
])
def test_bad_rules_files_are_located(tmp_path, text, expected):
    p = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_charter(p)
    assert expected in str(exc.value).replace(str(tmp_path) + "/", "")


def test_extends_cycle_is_refused(tmp_path):
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\n", "b.yaml")
    with pytest.raises(InputError, match="cycle"):
        load_charter(tmp_path / "a.yaml")


def test_titles_follow_overridden_parameters_and_stale_examples_are_dropped(tmp_path):
    base = {r.code: r for r in load_charter().rules}
    assert base["BP-JOINT-MAX-FIRMS"].title.en == "A joint branch covers at most 5 units"
    assert base["BP-MIN-FULL"].title.zh == "每个单独支部和联合支部正式党员不少于3人"
    assert base["BP-DISTRICT"].description.en.startswith("5 points ")
    assert base["BP-JOINT-MAX-FIRMS"].examples
    p = tmp_path / "r.yaml"
    p.write_text("extends: cpc-branch-2018\nrules:\n"
                 "  - {code: BP-JOINT-MAX-FIRMS, params: {max: 6}}\n"
                 "  - {code: BP-MIN-FULL, params: {min: 3}}\n"
                 "  - {code: BP-DISTRICT, weight: 7.5}\n", encoding="utf-8")
    c = {r.code: r for r in load_charter(p).rules}
    assert c["BP-JOINT-MAX-FIRMS"].title.en == "A joint branch covers at most 6 units"
    assert c["BP-JOINT-MAX-FIRMS"].title.zh == "联合党支部覆盖单位一般不超过6个"
    assert c["BP-JOINT-MAX-FIRMS"].examples == {}            # "6 firms fails" no longer true
    assert c["BP-MIN-FULL"].examples == base["BP-MIN-FULL"].examples   # same parameters: kept
    assert c["BP-DISTRICT"].description.en.startswith("7.5 points ")
    assert c["BP-DISTRICT"].description.zh.endswith("每个单位计7.5分。")


def test_unknown_placeholders_are_left_as_written(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("extends: cpc-branch-2018\nrules:\n"
                 "  - {code: BP-JOINT-MAX-FIRMS, title: {en: 'at most {max} of {nothing} {applies_to}'}}\n",
                 encoding="utf-8")
    from branchplan.charter import CharterWarning

    with pytest.warns(CharterWarning, match="no placeholder {nothing}"):
        c = {r.code: r for r in load_charter(p).rules}
    assert c["BP-JOINT-MAX-FIRMS"].title.en == "at most 5 of {nothing} {applies_to}"


def test_extends_naming_a_missing_file_says_where_it_looked_and_what_is_there(tmp_path):
    from branchplan.cli import app
    from typer.testing import CliRunner

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "province.yaml").write_text("extends: cpc-branch-2018\nrules: []\n", encoding="utf-8")
    city = tmp_path / "rules" / "city.yaml"
    city.write_text("extends: ../rules/provnce.yaml\nrules: []\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["rules", "--rules", str(city)], env={"LANG": "en_US.UTF-8"})
    assert res.exit_code == 2
    assert res.stderr == (f"{city}:1:10: extends: no rules file '../rules/provnce.yaml' (looked for "
                          f"{tmp_path / 'rules' / 'provnce.yaml'}) (did you mean 'province.yaml'?)\n")
