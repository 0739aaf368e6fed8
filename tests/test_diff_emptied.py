"""A firm still in the firms file but left without Party members is not "removed" (closed):
the change list says it has no members any more, and the headline counts it apart."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
F006 = """    members:
      - {id: M0040, name: 谭子涵, status: full, joined: 2020-02-21}
      - {id: M0041, name: 吴国强, status: probationary, joined: 2026-07-11}
"""


def files(tmp_path: Path) -> tuple[str, str]:
    text = (EX / "firms.yaml").read_text(encoding="utf-8")
    assert F006 in text
    firms = tmp_path / "firms.yaml"
    firms.write_text(text.replace(F006, "    members: []\n"), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text((EX / "plan-current.yaml").read_text(encoding="utf-8").replace(
        "firms: [F006, F018, F028, F033, F035]", "firms: [F018, F028, F033, F035]"), encoding="utf-8")
    return str(firms), str(plan)


def test_a_firm_without_members_any_more_is_not_called_removed(tmp_path):
    firms, plan = files(tmp_path)
    args = ["diff", str(EX / "plan-current.yaml"), plan, "--firms", firms, "--old-firms", str(EX / "firms.yaml")]
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "  firm F006 has no Party members any more (was in B005; 2 members" in en.stdout
    assert "F006 removed" not in en.stdout
    assert "1 removed (1 of them left without members)" in en.stdout
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert "  单位 F006 已无党员（原在 B005；2 名党员" in zh.stdout and "（其中 1 个已无党员）" in zh.stdout
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert data["firms_removed"][0]["firm"] == "F006" and data["firms_removed"][0]["emptied"] is True
    assert data["summary"]["firms_emptied"] == 1
