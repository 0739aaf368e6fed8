"""explain --firm tries the 25 branches nearest to the firm; in a jurisdiction with more, its
verdict says so instead of claiming that no branch at all is better."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()


def test_a_large_jurisdiction_is_not_claimed_searched_whole(tmp_path):
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(yaml.safe_dump(synth.generate(n_firms=150, n_cities=1, seed=4), allow_unicode=True),
                     encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan), "--quiet"])
    assert res.exit_code == 0, res.output
    branches = yaml.safe_load(plan.read_text(encoding="utf-8"))["branches"]
    assert len(branches) > 27
    joint = next(b for b in branches if len(b["firms"]) > 1)
    firm = joint["firms"][-1]
    args = ["explain", str(plan), "--firms", str(firms), "--firm", firm]
    data = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)
    assert data["considered"] == 25 and data["branches_in_jurisdiction"] == len(branches) - 1
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0, en.output
    assert f"None of the 25 branches nearest to {firm} is better" in en.stdout
    assert "farther branches were not tried" in en.stdout and "No other branch is better" not in en.stdout
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert f"离 {firm} 最近的 25 个支部都不比现在更合适" in zh.stdout


def test_without_locations_the_firms_district_comes_first_and_every_branch_is_tried(tmp_path, monkeypatch):
    """Without coordinates "the 25 nearest" would be any 25: the branches of the firm's district
    are tried first, then the others, all of them in a city (up to MAX_CANDIDATES_UNLOCATED);
    past that, the verdict says how they were chosen."""
    doc = synth.generate(n_firms=150, n_cities=1, seed=4)
    for f in doc["firms"]:
        f.pop("location", None)
    firms, plan = tmp_path / "firms.yaml", tmp_path / "plan.yaml"
    firms.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan), "--quiet"]).exit_code == 0
    branches = yaml.safe_load(plan.read_text(encoding="utf-8"))["branches"]
    assert len(branches) > 27
    district = {f["id"]: f.get("district") for f in doc["firms"]}
    joint = next(b for b in branches if len(b["firms"]) > 1)
    firm = joint["firms"][-1]
    args = ["explain", str(plan), "--firms", str(firms), "--firm", firm]
    data = json.loads(runner.invoke(app, args + ["--format", "json", "--alternatives", "20"]).stdout)
    assert data["considered"] == data["branches_in_jurisdiction"] == len(branches) - 1
    assert data["tried_by"] == "district"
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0 and "nearest" not in en.stdout, en.stdout
    import branchplan.explain as explain

    monkeypatch.setattr(explain, "MAX_CANDIDATES_UNLOCATED", 5)
    data = json.loads(runner.invoke(app, args + ["--format", "json", "--alternatives", "20"]).stdout)
    from branchplan.origins import natural

    others = [b for b in branches if firm not in b["firms"]]
    others.sort(key=lambda b: (district.get(b["lead"]) != district[firm], natural(b["id"])))
    assert data["considered"] == 5
    assert {a["branch"] for a in data["alternatives"]} == {b["id"] for b in others[:5]}
    assert district.get(others[0]["lead"]) == district[firm]        # (the district's own first)
    en = runner.invoke(app, args + ["--lang", "en"])
    assert f"None of the 5 branches tried (without locations: those of {firm}'s district first)" in en.stdout


def test_the_nearest_branch_is_shown_when_it_is_not_among_the_best():
    """F018's nearest branch (B002, 0.367 km) ranks fourth: it comes last, as the nearest,
    with what keeps the firm out of it; where it is among the best, nothing is added."""
    g = ROOT / "examples" / "guigang"
    args = ["explain", str(g / "plan-current.yaml"), "--firms", str(g / "firms.yaml"), "--firm", "F018"]
    res = runner.invoke(app, args + ["--format", "json"])
    assert res.exit_code == 0, res.output
    alts = json.loads(res.stdout)["alternatives"]
    assert [(a["branch"], a.get("nearest", False)) for a in alts] == [
        ("B007", False), ("B001", False), ("B004", False), ("B002", True)]
    text = runner.invoke(app, args).stdout
    assert "  4. the nearest branch, B002, led by F002 (0.367 km): +1.000 points at priority 0" in text
    zh = runner.invoke(app, args + ["--lang", "zh"]).stdout
    assert "  4. 最近的支部 B002，牵头单位 F002（0.367 公里）：优先级 0 代价 +1.000 分" in zh
    wider = json.loads(runner.invoke(app, args + ["--format", "json", "--alternatives", "4"]).stdout)["alternatives"]
    assert [a["branch"] for a in wider] == ["B007", "B001", "B004", "B002"] and not any("nearest" in a for a in wider)
    none = json.loads(runner.invoke(app, args + ["--format", "json", "--alternatives", "0"]).stdout)["alternatives"]
    assert none == []
