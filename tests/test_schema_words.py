"""A number given for an id in a JSON file gets JSON's advice (the YAML advice about quotes
was no help there)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


def test_a_number_for_an_id_in_json_and_in_yaml(tmp_path):
    js = tmp_path / "firms.json"
    js.write_text('{"jurisdiction": "x", "firms": [{"id": 1, "members": {"full": 3}}]}', encoding="utf-8")
    res = runner.invoke(app, ["solve", str(js)])
    assert res.exit_code == 2
    assert res.stderr == f'{js}:1:40: firms[0].id: Input should be a valid string (write it in quotes, e.g. "007": it is text)\n'
    ym = tmp_path / "firms.yaml"
    ym.write_text("jurisdiction: x\nfirms:\n  - {id: 7, members: {full: 3}}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(ym)])
    assert "(quote it, e.g. '007', so YAML keeps it as text)" in res.stderr
