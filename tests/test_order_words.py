"""``{order}`` and stability's ``{keeps}``: descriptions that follow the rules' priorities."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.charter import load_charter
from branchplan.cli import app

runner = CliRunner()


def _rules(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "local.yaml"
    p.write_text("charter: local-order\nextends: cpc-branch-2018\nrules:\n" + body, encoding="utf-8")
    return p


def test_shipped_wording_names_the_order():
    ch = load_charter(None)
    rule = {r.code: r for r in ch.rules}
    stab = rule["BP-STABILITY"].description
    assert "priority 1, after BP-FALLBACK and before BP-DISTANCE, BP-DISTRICT, BP-SECRETARY and BP-LEAD-DIRECTOR" in stab.en
    assert "a valid current plan is kept" in stab.en
    assert "优先级1，次于BP-FALLBACK，先于BP-DISTANCE、BP-DISTRICT、BP-SECRETARY、BP-LEAD-DIRECTOR" in stab.zh
    assert "现行方案合规则保持不变" in stab.zh
    assert "priority 0, before every other soft rule" in rule["BP-FALLBACK"].description.en
    assert "{" not in stab.en + stab.zh + rule["BP-FALLBACK"].description.en


def test_a_changed_priority_changes_the_wording(tmp_path):
    p = _rules(tmp_path, "  - code: BP-STABILITY\n    priority: 2\n    weight: 3\n")
    stab = {r.code: r for r in load_charter(p).rules}["BP-STABILITY"].description
    assert "priority 2, with BP-DISTANCE, BP-DISTRICT, BP-SECRETARY and BP-LEAD-DIRECTOR (their points added up), after BP-FALLBACK" in stab.en
    assert "a valid current plan is kept" not in stab.en
    assert "may still move to suit them" in stab.en
    assert "现行方案合规则保持不变" not in stab.zh and "可能为此调整" in stab.zh


def test_last_and_only(tmp_path):
    p = _rules(tmp_path, "  - code: BP-DISTANCE\n    priority: 9\n")
    d = {r.code: r for r in load_charter(p).rules}
    assert "priority 0, before every other soft rule" in d["BP-FALLBACK"].description.en
    # (BP-DISTANCE's shipped description does not use {order}: its own text is unchanged)
    assert "{order}" not in d["BP-DISTANCE"].description.en


def test_order_in_a_new_rule_and_no_unknown_placeholder_warning(tmp_path):
    p = _rules(tmp_path, "  - code: LOCAL-BIG\n    kind: branch_aggregate\n    severity: soft\n    priority: 5\n"
                         "    params: {count: members, max: 30}\n"
                         "    description: {en: 'At most {max} members; minimised at {order}.'}\n")
    res = runner.invoke(app, ["rules", "show", "LOCAL-BIG", "--rules", str(p)])
    assert res.exit_code == 0, res.output
    assert "At most 30 members; minimised at priority 5, after every other soft rule." in " ".join(res.output.split())
    assert "unknown placeholder" not in res.output and "no placeholder" not in res.output


def test_a_misspelt_order_still_warns(tmp_path):
    p = _rules(tmp_path, "  - code: LOCAL-BIG\n    kind: branch_aggregate\n    severity: soft\n    priority: 5\n"
                         "    params: {count: members, max: 30}\n"
                         "    description: {en: 'minimised at {orderx}.'}\n")
    res = runner.invoke(app, ["rules", "show", "LOCAL-BIG", "--rules", str(p)])
    assert res.exit_code == 0
    assert "no placeholder {orderx} (did you mean 'order'?)" in res.output


def test_order_of_a_hard_rule(tmp_path):
    p = _rules(tmp_path, "  - code: BP-MIN-FULL\n    description: {en: 'order: {order}', zh: '顺序：{order}'}\n")
    d = {r.code: r for r in load_charter(p).rules}["BP-MIN-FULL"].description
    assert d.en == "order: none: a hard rule holds in every plan"
    assert d.zh == "顺序：无：硬性规则，任何方案都必须满足"
