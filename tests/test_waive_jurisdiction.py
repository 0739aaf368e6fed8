"""A finding about a whole jurisdiction (kind branch_count) names the branches it counts
("joint branches") and can be waived by naming the jurisdiction as the waiver's subject."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
RULES = """extends: cpc-branch-2018
rules:
  - code: LOCAL-MAX-JOINT
    name: max-joint
    kind: branch_count
    severity: soft
    weight: 10
    params: {max: 2, applies_to: [joint]}
    title: {en: At most 2 joint branches, zh: 联合支部至多2个}
"""


def files(tmp_path: Path, subject: str) -> tuple[str, str]:
    rules, waivers = tmp_path / "rules.yaml", tmp_path / "waivers.yaml"
    rules.write_text(RULES, encoding="utf-8")
    waivers.write_text(f"waivers:\n  - {{code: LOCAL-MAX-JOINT, subject: {subject}, reason: 经市委同意, expires: 2099-12-31}}\n",
                       encoding="utf-8")
    return str(rules), str(waivers)


def check(*args: str) -> dict:
    res = runner.invoke(app, ["check", str(EX / "plan-current.yaml"), "--firms", str(EX / "firms.yaml"),
                              "--format", "json", *args])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def test_a_jurisdiction_finding_counts_joint_branches_and_is_waived_by_the_jurisdiction(tmp_path):
    rules, waivers = files(tmp_path, "贵港市")
    plain = check("--rules", rules)
    (f,) = [f for f in plain["findings"] if f["code"] == "LOCAL-MAX-JOINT"]
    assert f["message"] == "贵港市 has 3 joint branches; at most 2 required"
    assert f["message_zh"] == "贵港市共有 3 个联合支部，应至多 2 个"
    assert f["jurisdiction"] == "贵港市" and f["branch"] is None
    waived = check("--rules", rules, "--waivers", waivers)
    assert [w["code"] for w in waived["waived"]] == ["LOCAL-MAX-JOINT"]
    assert not [f for f in waived["findings"] if f["code"] == "LOCAL-MAX-JOINT"]
    assert not waived.get("unused_waivers")


def test_a_waiver_naming_another_jurisdiction_matches_nothing(tmp_path):
    rules, waivers = files(tmp_path, "柳州市")
    res = runner.invoke(app, ["check", str(EX / "plan-current.yaml"), "--firms", str(EX / "firms.yaml"),
                              "--rules", rules, "--waivers", waivers, "--lang", "en"])
    assert "waiver of LOCAL-MAX-JOINT for 柳州市 matches no finding" in res.stdout + res.stderr
