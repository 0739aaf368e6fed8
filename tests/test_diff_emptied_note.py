"""The old plan's finding that it lists a firm now without Party members (BP-ONE-BRANCH) is
left out of the rule table as a closed firm's is, and the note says the firm has no members
now: it said "gone from the firms file (closed or renamed)" of a firm still in it."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples" / "guigang"
runner = CliRunner()
EN = {"BRANCHPLAN_LANG": "en"}


def test_the_note_says_no_members_now(tmp_path):
    data = yaml.safe_load((EX / "firms.yaml").read_text(encoding="utf-8"))
    for f in data["firms"]:
        if f["id"] == "F015":
            f["members"] = []
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(EX / "plan-current.yaml"), "-o", str(plan)], env=EN)
    assert res.exit_code == 0, res.output
    assert ("Note: the old plan's 1 BP-ONE-BRANCH finding that only says that F015 (in branch B007; no Party members "
            "now) is gone from the firms file (closed or renamed) or without Party members now is not counted") in res.output
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms), "--base", str(EX / "plan-current.yaml"),
                              "--lang", "zh"], env=EN)
    assert res.exit_code == 0, res.output
    assert "F015（原在支部 B007；现已无党员）已不在名册中（已注销或更名）或已无党员" in res.stdout
