"""A provincial re-plan memo lists the new branches of the jurisdictions that changed and
counts the others; its title names the first few jurisdictions and counts the rest."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()


def test_the_memo_shows_the_changed_jurisdictions_only(tmp_path):
    doc = synth.generate(n_firms=160, n_cities=4, seed=2)
    old, new, plan = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "plan.yaml"
    old.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert runner.invoke(app, ["solve", str(old), "-o", str(plan)]).exit_code == 0
    firm = next(f for f in doc["firms"] if f["jurisdiction"] == "城市002" and isinstance(f.get("members"), list)
                and 0 < len(f["members"]) <= 2)
    firm["members"] = []
    new.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    memo = tmp_path / "changes.md"
    res = runner.invoke(app, ["solve", str(new), "--current", str(plan), "--old-firms", str(old),
                              "--changes", str(memo), "-o", str(tmp_path / "plan2.yaml"), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    text = memo.read_text(encoding="utf-8")
    assert text.startswith("# 城市002（共 4 个辖区，1 个有调整）党支部设置调整方案\n")
    section = text.split("## 调整后的支部", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| B")]
    assert rows and all("C002-" in row for row in rows)
    new_plan = yaml.safe_load((tmp_path / "plan2.yaml").read_text(encoding="utf-8"))
    others = [b for b in new_plan["branches"] if b["jurisdiction"] != "城市002"]
    assert f"其余 3 个辖区的 {len(others)} 个支部未变，见方案文件。" in section
