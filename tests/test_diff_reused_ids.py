"""An old id now led by a unit that was not in that branch names a new branch: diff counts it
as a branch dissolved and one created (not as a lead change) in its headline, its JSON
summary and the report's figures; a lead handed over within a branch stays a lead change."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

FIRMS = str(Path(__file__).parent / "data" / "diffhost" / "firms.yaml")
runner = CliRunner()
#: B1 (A, D) and B2 (C); then A leaves B1 for C's branch B2 and D's branch, B1, is led by D
#: (a handover within B1); in another plan D joins C in a branch under id B1 and A stands
#: alone under B2 (ids reused for new branches); in a third the two branches swap ids only
OLD = {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])}
HANDOVER = {"B1": ("D", ["D"]), "B2": ("C", ["C", "A"])}
REUSED = {"B1": ("C", ["C", "D"]), "B2": ("A", ["A"])}
SWAPPED = {"B1": ("C", ["C"]), "B2": ("A", ["A", "D"])}


def write(tmp_path: Path, name: str, branches: dict) -> str:
    path = tmp_path / name
    data = {"branches": [{"id": i, "lead": lead, "firms": fs} for i, (lead, fs) in branches.items()]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def diff(tmp_path: Path, new: dict, *args: str) -> str:
    res = runner.invoke(app, ["diff", write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", new),
                              "--firms", FIRMS, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_reused_ids_are_branches_ended_and_begun(tmp_path):
    en = diff(tmp_path, REUSED, "--lang", "en")
    assert "branches: 2 created (2 of them under old branches' ids), 2 dissolved, 0 merged, 0 split; " in en
    assert "lead change" not in en.splitlines()[1]
    zh = diff(tmp_path, REUSED, "--lang", "zh")
    assert "支部新建 2 个（其中 2 个沿用旧支部的编号）、撤销 2 个、" in zh and "更换牵头单位" not in zh.splitlines()[1]
    s = json.loads(diff(tmp_path, REUSED, "--format", "json"))
    assert (s["summary"]["branches_created"], s["summary"]["branches_dissolved"], s["summary"]["ids_reused"],
            s["summary"]["lead_changes"]) == (2, 2, 2, 0)
    assert all(c["new_branch"] for c in s["lead_changes"])


def test_branches_that_only_swap_ids_are_neither_ended_nor_begun(tmp_path):
    """The same two groupings under each other's ids: renumbered, nothing created or dissolved."""
    en = diff(tmp_path, SWAPPED, "--lang", "en")
    assert "in 2 branches only renumbered: the same firms); branches: 0 created, 0 dissolved, " in en
    d = json.loads(diff(tmp_path, SWAPPED, "--format", "json"))
    s = d["summary"]
    assert (s["branches_created"], s["branches_dissolved"], s["ids_reused"], s["lead_changes"]) == (0, 0, 0, 0)
    assert d["lead_changes"] == [] and "a new branch under the old id" not in en


def test_a_handover_within_the_branch_stays_a_lead_change(tmp_path):
    en = diff(tmp_path, HANDOVER, "--lang", "en")
    assert "branches: 0 created, 0 dissolved, " in en and "; 1 lead change" in en
    s = json.loads(diff(tmp_path, HANDOVER, "--format", "json"))["summary"]
    assert (s["branches_created"], s["ids_reused"], s["lead_changes"]) == (0, 0, 1)


def test_the_report_counts_them_as_diff_does(tmp_path):
    new = write(tmp_path, "new.yaml", REUSED)
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", new, "--firms", FIRMS, "--base", write(tmp_path, "old.yaml", OLD),
                              "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<strong>2</strong> old ids name a new branch" in html and "lead change" not in html
    assert "B1: a new branch under the old id, led by C (the old branch, led by A, ends)" in html


def test_an_old_id_reused_while_its_branch_goes_on_renumbered_is_a_creation_not_an_end(tmp_path):
    """Old B1 (A, D) goes on as B3 (renumbered): not ended; its id B1 now names the host's
    branch with C, a new branch: created under an old id."""
    moved = {"B3": ("A", ["A", "D"]), "B1": ("H", ["H", "C"])}
    s = json.loads(diff(tmp_path, moved, "--format", "json"))["summary"]
    assert (s["branches_created"], s["branches_dissolved"], s["ids_reused"]) == (2, 1, 1)
