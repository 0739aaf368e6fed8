"""The rules schema refuses what the loader refuses where JSON Schema can say it, and never
refuses a rules file the loader accepts (the repository's, the README's, and entries that
only the merge with the base charter makes right)."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.schemas import json_schema

ROOT = Path(__file__).resolve().parents[1]
HEAD = "extends: cpc-branch-2018\nrules:\n"
runner = CliRunner()

#: entries (under HEAD) the loader refuses and the schema too
REFUSED = [
    "- {code: X1, kind: branch_aggregate, params: {max: 30}, jurisdictions: [城市001], except_jurisdictions: [城市002]}",
    "- {code: BP-JOINT-MAX-FIRMS, jurisdictions: [城市001], except_jurisdictions: [城市002]}",
    "- {code: X1, kind: branch_aggregate, params: {count: firms}}",
    "- {code: X1, kind: branch_aggregate, params: {min: null, max: null}}",
    "- {code: X1, kind: branch_count}",
    "- {code: X1, kind: max_distance}",
    "- {code: X1, kind: max_distance, params: {metric: euclidean}}",
    "- {code: X1, kind: distance, severity: hard}",
    "- {code: BP-FALLBACK, severity: hard}",
    "- {code: BP-DISTANCE, kind: distance, severity: hard}",
    "- {code: X1, kind: branch_aggregate, params: {count: members, director_is_member: true, min: 1}}",
    "- {code: X1, kind: branch_aggregate, params: {director_is_member: false, min: 1}}",
    "- {code: X1, kind: branch_aggregate, params: {count: firms, status: full, min: 1}}",
    "- {code: BP-ONE-BRANCH, jurisdictions: [城市001]}",
    "- {code: BP-OWN-BRANCH, except_jurisdictions: [城市001]}",
    "- {code: X1, kind: stability, jurisdictions: [城市001]}",
    "- {code: BP-JOINT-MAX-FIRMS, params: {maxx: 6}}",
    "- {code: BP-JOINT-MAX-FIRMS, params: {max: six}}",
    "- {code: BP-JOINT-MAX-FIRMS, params: {status: full}}",
    "- {code: BP-MIN-FULL, params: {director_is_member: true}}",
    "- {code: BP-MIN-FULL, params: {count: firms}}",
    "- {code: BP-SECRETARY, params: {count: firms}}",
    "- {code: BP-OWN-BRANCH, params: {min_full: 0}}",
    "- {code: BP-DISTANCE, params: {per: points}}",
    "- {code: BP-DISTANSE, params: {per: firm}}",      # not a rule of the base: needs a kind
    "- {code: BP-JOINT-MAX-MEMBERS, severity: soft}",   # made soft without a weight
    "- {code: BP-JOINT-MAX-MEMBERS, severity: soft, weight: null, enabled: false}",
]

#: the loader refuses these and the schema cannot say so: each field's description does
NOT_EXPRESSIBLE = [
    ("- {code: X1, kind: branch_aggregate, params: {max: 30.0}}", "30, not 30.0"),
    ("- {code: X1, kind: branch_aggregate, params: {min: 5, max: 3}}", "'min' no larger than 'max'"),
]

#: entries (under HEAD) the loader accepts, some only because of the base rule they change
ACCEPTED = [
    "- {code: BP-JOINT-MAX-FIRMS, params: {max: 4}, except_jurisdictions: [城市001]}",
    "- {code: BP-JOINT-MAX-FIRMS, params: {director_is_member: true}}",   # the base counts firms
    "- {code: BP-MIN-FULL, params: {count: firms, status: null}}",
    "- {code: BP-SECRETARY, params: {count: firms, status: null, min_standing_years: null}}",
    "- {code: BP-MIN-FULL, kind: branch_aggregate, params: {min: 4}}",
    "- {code: BP-MIN-FULL, params: {min: null, max: 40}}",
    "- {code: BP-DISTANCE, params: {per: firm}}",
    "- {code: BP-DISTRICT, enabled: false}",
    "- {code: BP-DISTANCE, enabled: false, params: {bogus: 1}}",   # switched off: not checked
    "- {code: X1, kind: max_distance, enabled: false}",
    "- {code: X1, kind: branch_aggregate, enabled: false, jurisdictions: [a], except_jurisdictions: [b]}",
    "- {code: X1, kind: branch_aggregate, params: {count: firms, director_is_member: true, min: 1}}",
    "- {code: X1, kind: branch_count, params: {max: 3}, jurisdictions: [城市001]}",
    "- {code: X1, kind: max_distance, severity: soft, weight: 2, params: {max: 3}}",
    "- {code: BP-ONE-BRANCH, params: null}",
    "- {code: BP-JOINT-MAX-MEMBERS, severity: soft, weight: 3}",
    "- {code: BP-DISTANCE, severity: soft}",
]


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema("rules"))


def _loader_exit(tmp_path: Path, text: str, name: str = "rules.yaml") -> int:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["rules", "-r", str(p)]).exit_code


@pytest.mark.parametrize("entry", REFUSED)
def test_the_schema_refuses_what_the_loader_refuses(entry, tmp_path):
    text = HEAD + "  " + entry + "\n"
    assert list(_validator().iter_errors(yaml.safe_load(text))), entry
    assert _loader_exit(tmp_path, text) == 2


@pytest.mark.parametrize("entry", ACCEPTED)
def test_the_schema_accepts_what_the_loader_accepts(entry, tmp_path):
    text = HEAD + "  " + entry + "\n"
    assert _loader_exit(tmp_path, text) == 0
    errors = [e.message for e in _validator().iter_errors(yaml.safe_load(text))]
    assert errors == [], entry


@pytest.mark.parametrize("entry, note", NOT_EXPRESSIBLE)
def test_what_the_schema_cannot_say_it_describes(entry, note, tmp_path):
    text = HEAD + "  " + entry + "\n"
    assert _loader_exit(tmp_path, text) == 2
    assert list(_validator().iter_errors(yaml.safe_load(text))) == []   # JSON cannot tell
    bounds = json_schema("rules")["$defs"]["branch_aggregate.params"]["properties"]
    assert note in bounds["max"]["description"]


@pytest.mark.parametrize("text, ok", [
    ("rules:\n  - {code: ONE, kind: assignment}\n  - {code: X1, kind: branch_count, params: {max: 3}}\n", True),
    ("rules:\n  - {code: ONE, kind: assignment}\n  - {code: X1, kind: branch_count}\n", False),
    ("rules:\n  - {code: BP-ONE-BRANCH}\n", False),   # no extends: every code is new
    ("extends: cpmp\nrules: [{code: CPMP-MEDIANS, params: {min: 5, max: 5}}]\n", True),
    ("extends: cpmp\nrules: [{code: CPMP-MEDIANS, params: {min: 5, max: null}}]\n", True),
    ("extends: cpmp\nrules: [{code: CPMP-DISTANCE, severity: hard}]\n", False),
    ("extends: cpmp\nrules: [{code: BP-DISTANCE, params: {per: firm}}]\n", False),   # cpmp has no such rule
    # a charter without a jurisdiction rule plans the roster as one whole: no filters
    ("extends: cpmp\nrules: [{code: CPMP-CAPACITY, jurisdictions: [A]}]\n", False),
    ("extends: cpmp\nrules: [{code: CPMP-CAPACITY, jurisdictions: [A]}, {code: CITY, kind: jurisdiction}]\n", True),
    ("extends: cpmp\nrules: [{code: CPMP-CAPACITY, enabled: false, jurisdictions: [A]}]\n", True),
    ("rules:\n  - {code: ONE, kind: assignment}\n  - {code: X1, kind: branch_count, params: {max: 3}, "
     "except_jurisdictions: [A]}\n", False),
])
def test_a_file_without_extends_or_extending_another_shipped_charter(text, ok, tmp_path):
    assert (_loader_exit(tmp_path, text) == 0) is ok
    assert _validator().is_valid(yaml.safe_load(text)) is ok


def test_of_a_file_extending_a_file_the_schema_knows_no_codes(tmp_path):
    """The base may define any code, of any kind: an entry changing one is not tied to the
    shipped charter's rule of that code, nor made to give what the base already gives."""
    (tmp_path / "base.yaml").write_text(
        HEAD + "  - {code: LOCAL-KM, kind: max_distance, params: {max: 3}}\n"
               "  - {code: BP-FALLBACK, enabled: false}\n"
               "  - {code: LOCAL-FB, kind: fallback, severity: soft}\n", encoding="utf-8")
    text = ("extends: base.yaml\nrules:\n  - {code: LOCAL-KM, kind: max_distance, params: {metric: euclidean}}\n"
            "  - {code: LOCAL-N, params: {max: 3}}\n")
    # LOCAL-N is no rule of the base: the loader says so, the schema cannot know
    assert _loader_exit(tmp_path, text.replace("  - {code: LOCAL-N, params: {max: 3}}\n", "")) == 0
    assert _loader_exit(tmp_path, text) == 2
    assert _validator().is_valid(yaml.safe_load(text))


def _readme_rules_files() -> list[str]:
    blocks = re.findall(r"^```yaml\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    return [b for b in blocks if isinstance(yaml.safe_load(b), dict) and "rules" in yaml.safe_load(b)]


def test_the_readme_has_rules_files():
    assert len(_readme_rules_files()) >= 3


def _rules_files() -> list[Path]:
    out = []
    for path in sorted((ROOT / "rules").glob("*.yaml")) + sorted((ROOT / "examples").rglob("*.y*ml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "rules" in data:
            out.append(path)
    return out


def test_the_shipped_charters_are_rules_files():
    assert {p.name for p in _rules_files()} >= {"cpc-branch-2018.yaml", "cpmp.yaml"}


@pytest.mark.parametrize("path", _rules_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_rules_file_of_the_repository_validates(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert runner.invoke(app, ["rules", "-r", str(path)]).exit_code == 0
    assert [e.message for e in _validator().iter_errors(data)] == []


@pytest.mark.parametrize("i", range(len(_readme_rules_files())))
def test_every_rules_file_of_the_readme_validates(i, tmp_path):
    text = _readme_rules_files()[i]
    assert _loader_exit(tmp_path, text) == 0, text
    assert [e.message for e in _validator().iter_errors(yaml.safe_load(text))] == [], text
