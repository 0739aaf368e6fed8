"""Two schema messages in the tool's own words: an empty list where entries are needed (a
branch's `firms: []`), and a number given for an id in a JSON file (the YAML advice about
quotes was no help there)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


def test_an_empty_branch(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n- {id: B001, lead: F001, firms: [F001]}\n- {id: B002, lead: F003, firms: []}\n",
                    encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(G / "firms.yaml")])
    assert res.exit_code == 2, res.output
    assert res.stderr == f"{plan}:3:33: branches[1].firms: is empty; give at least 1 entry\n"
    res = runner.invoke(app, ["check", str(plan), "--firms", str(G / "firms.yaml"), "--lang", "zh"])
    assert res.stderr == f"{plan}:3:33: branches[1].firms: 至少应有 1 项\n"


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
