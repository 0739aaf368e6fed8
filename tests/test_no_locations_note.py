"""A jurisdiction none of whose units has a location (the usual clerk's sheet) is planned
with every distance 0: solve says so in the jurisdiction's note, which the plan (YAML/JSON)
keeps and the text prints, in English and Chinese; a roster with locations has no such note."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from branchplan import load_plan
from branchplan.cli import app
from branchplan.i18n import note_zh

runner = CliRunner()

NOTE = ("no firm has coordinates: distances are not counted (BP-DISTANCE is 0); "
        "only the districts group the firms")
NOTE_ZH = "各单位均无坐标：不计距离（BP-DISTANCE 为 0），只按区县编组"


def _firms(tmp_path, located: bool = False, districts: bool = True) -> str:
    lines = ["jurisdiction: 柳州市", "as_of: 2026-11-01", "firms:"]
    for k, district in enumerate(["柳北区", "城中区", "鱼峰区", "柳北区"]):
        lines.append(f"  - id: F{k + 1}")
        if districts:
            lines.append(f"    district: {district}")
        if located:
            lines.append(f"    location: {{lat: 24.3{k}, lon: 109.4{k}}}")
        lines.append("    members: {full: 2}")
    path = tmp_path / "firms.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _solve(firms: str, *args: str) -> str:
    res = runner.invoke(app, ["solve", firms, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_text_says_distances_are_not_counted(tmp_path):
    firms = _firms(tmp_path)
    assert f"note: 柳州市: {NOTE}\n" in _solve(firms, "--format", "text", "--lang", "en")
    assert f"说明：柳州市：{NOTE_ZH}\n" in _solve(firms, "--format", "text", "--lang", "zh")


def test_the_plan_keeps_the_note(tmp_path):
    firms = _firms(tmp_path)
    plan = json.loads(_solve(firms, "--format", "json"))
    assert [j["note"] for j in plan["jurisdictions"]] == [NOTE]
    out = tmp_path / "plan.yaml"
    _solve(firms, "-o", str(out), "--quiet")
    assert [j.note for j in load_plan(out)[0].jurisdictions] == [NOTE]


def test_without_districts_nothing_groups_the_firms(tmp_path):
    text = _solve(_firms(tmp_path, districts=False), "--format", "text", "--lang", "en")
    assert ("note: 柳州市: no firm has coordinates: distances are not counted (BP-DISTANCE is 0); "
            "nothing groups the firms by place\n") in text
    zh = _solve(_firms(tmp_path, districts=False), "--format", "text", "--lang", "zh")
    assert "说明：柳州市：各单位均无坐标：不计距离（BP-DISTANCE 为 0），编组不考虑地域\n" in zh


def test_located_roster_has_no_note(tmp_path):
    firms = _firms(tmp_path, located=True)
    assert "coordinates" not in _solve(firms, "--format", "text", "--lang", "en")
    plan = json.loads(_solve(firms, "--format", "json"))
    assert "note" not in plan["jurisdictions"][0]


def test_note_before_a_proof_note_reads_in_chinese():
    proof = ("candidate leads limited to the nearest ones (10 of 20 pairs); optimal among them, "
             "not proven for all pairs (no bound over all pairs)")
    zh = note_zh(f"{NOTE}; {proof}")
    assert zh.startswith(NOTE_ZH + "；候选牵头单位限于最近的若干家（20 个组合中的 10 个）"), zh
    assert note_zh("no firm has coordinates: distances are not counted (BP-DISTANCE and T-MAX-KM are 0); "
                   "only the districts group the firms") == \
        "各单位均无坐标：不计距离（BP-DISTANCE、T-MAX-KM 为 0），只按区县编组"
