"""diff of two plans that number the same branches differently: the headline says how many of
the members moved are only renumbered, and the note names the first few pairs."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.formats import diff as diff_text

runner = CliRunner()
FIRMS = Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml"


def test_renumbered_branches_are_counted_in_the_headline(tmp_path, monkeypatch):
    old = tmp_path / "old.yaml"
    assert runner.invoke(app, ["solve", str(FIRMS), "-o", str(old)]).exit_code == 0
    plan = yaml.safe_load(old.read_text(encoding="utf-8"))
    ids = [b["id"] for b in plan["branches"]]
    members = sum(b["members"] for b in plan["branches"][1:])
    for b, new_id in zip(plan["branches"][1:], ids[2:] + ["B099"]):      # every branch but the first: a new id
        b["id"] = new_id
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(diff_text, "RENUMBERED_SHOWN", 2)
    res = runner.invoke(app, ["diff", str(old), str(new), "--firms", str(FIRMS)])
    assert res.exit_code == 0, res.output
    n = len(ids) - 1
    assert f"move ({members} members of them in {n} branches only renumbered: the same firms);" in res.output
    assert f"{ids[1]} -> {ids[2]}, {ids[2]} -> {ids[3]} and {n - 2} more ({members} members)" in res.output
    res = runner.invoke(app, ["diff", str(old), str(new), "--firms", str(FIRMS), "--lang", "zh"])
    assert f"（其中 {members} 名党员所在的 {n} 个支部仅编号改变，所含单位未变）" in res.output
    res = runner.invoke(app, ["diff", str(old), str(old), "--firms", str(FIRMS)])
    assert "Changes: none" in res.output and "only renumbered" not in res.output


def test_members_new_to_the_roster_are_not_counted_as_renumbered(tmp_path):
    firms = yaml.safe_load(FIRMS.read_text(encoding="utf-8"))
    old = tmp_path / "old.yaml"
    assert runner.invoke(app, ["solve", str(FIRMS), "-o", str(old)]).exit_code == 0
    plan = yaml.safe_load(old.read_text(encoding="utf-8"))
    joint = next(b for b in plan["branches"] if len(b["firms"]) > 1)
    before = joint["members"]
    joint["id"] = "B099"
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    # two members join one of its firms this year: new to the roster, not moved
    lead = next(f for f in firms["firms"] if f["id"] == joint["firms"][1])
    lead["members"] += [{"id": "NEW1", "status": "full", "joined": "2020-01-01"},
                        {"id": "NEW2", "status": "full", "joined": "2020-01-01"}]
    newer = tmp_path / "firms.yaml"
    newer.write_text(yaml.safe_dump(firms, allow_unicode=True), encoding="utf-8")
    res = runner.invoke(app, ["diff", str(old), str(new), "--firms", str(newer), "--old-firms", str(FIRMS)])
    assert res.exit_code == 0, res.output
    assert f"({before} members of them in 1 branch only renumbered: the same firms)" in res.output
