"""The committed JSON Schemas equal the generated ones, and every example file validates
against the schema its ``yaml-language-server`` comment names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.schemas import MODELS, json_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((ROOT / "rules").glob("*.yaml"))
COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)
runner = CliRunner()


class _Yaml12Loader(yaml.SafeLoader):
    """Dates stay strings, as an editor's YAML 1.2 validator sees them."""


_Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_committed_schema_is_generated_one(name):
    committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), f"regenerate: branchplan schema {name} -o schemas/{name}.schema.json"
    jsonschema.Draft202012Validator.check_schema(json.loads(committed))


def test_there_are_examples_of_every_kind():
    kinds = {COMMENT.search(p.read_text(encoding="utf-8")).group(1).rsplit("/", 1)[1] for p in EXAMPLES}
    assert kinds == {"firms.schema.json", "plan.schema.json", "rules.schema.json"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_example_validates_against_its_schema(path):
    text = path.read_text(encoding="utf-8")
    m = COMMENT.search(text)
    assert m, f"{path} lacks the yaml-language-server schema comment"
    schema_path = (path.parent / m.group(1)).resolve()
    assert schema_path.parent == ROOT / "schemas"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = yaml.load(text, Loader=_Yaml12Loader)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_schema_rejects_what_the_loader_rejects():
    validator = jsonschema.Draft202012Validator(json_schema("firms"))
    good = {"jurisdiction": "X", "firms": [{"id": "F1", "members": {"full": 3}}]}
    assert validator.is_valid(good)
    assert not validator.is_valid({"firms": [{"id": "F1", "memebrs": []}]})
    assert not validator.is_valid({"firms": [{"id": "F1", "members": [{"id": "M1", "status": "active"}]}]})
    assert not jsonschema.Draft202012Validator(json_schema("rules")).is_valid({"rules": [{"code": "lower"}]})


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_command_prints_it(name, tmp_path):
    res = runner.invoke(app, ["schema", name])
    assert res.exit_code == 0
    assert res.stdout == schema_text(name)
    out = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", name, "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == schema_text(name)
    assert runner.invoke(app, ["schema", "roster"]).exit_code == 2


def test_the_rules_schema_ties_params_to_the_kind():
    """An editor offers each kind's parameters: an entry naming its kind is checked against
    that kind's params; one changing a base rule without its kind is not tied."""
    import jsonschema
    import yaml as _yaml

    v = jsonschema.Draft202012Validator(json_schema("rules"))
    ok = _yaml.safe_load("extends: cpc-branch-2018\nrules:\n  - {code: LOCAL-KM, kind: max_distance, params: {max: 3}}\n"
                         "  - {code: BP-DISTANCE, params: {per: firm}}\n")
    assert list(v.iter_errors(ok)) == []
    for text in ("  - {code: LOCAL-KM, kind: max_distance, params: {maxx: 3}}\n",
                 "  - {code: LOCAL-KM, kind: max_distanse, params: {max: 3}}\n",
                 "  - {code: LOCAL-N, kind: branch_count, params: {max: many}}\n"):
        bad = _yaml.safe_load("extends: cpc-branch-2018\nrules:\n" + text)
        assert list(v.iter_errors(bad)), text
