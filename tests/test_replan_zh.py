"""Why re-planning has no plan, in Chinese and in English, through the CLI: a pin that
cannot hold, a pinned branch that spans two jurisdictions, and a --max-moves cap below
what the charter needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
ROOT_EX = Path(__file__).resolve().parents[1] / "examples"

DATA = Path(__file__).resolve().parent / "data" / "replan"
SMALL = (DATA / "small.yaml").read_text(encoding="utf-8")
SMALL_PLAN = (DATA / "small-plan.yaml").read_text(encoding="utf-8")
ENGLISH = ("cannot hold", "too small", "as it stands", "a plan exists", "Raise the cap", "Drop or change",
           "nothing written", "members", "firm ", "branch ")


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def run(tmp_path, args, lang):
    out = tmp_path / "new.yaml"
    res = runner.invoke(app, ["solve", *args, "--lang", lang, "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert not out.exists()
    return res.stderr


def assert_no_english(text: str) -> None:
    for phrase in ENGLISH:
        assert phrase not in text, phrase
    # two English words in a row would be an untranslated sentence (ids and options are single words)
    assert not re.search(r"\b[A-Za-z]{2,} [A-Za-z]{2,}\b", text), text


@pytest.fixture
def small(tmp_path):
    return [str(write(tmp_path, "firms.yaml", SMALL)), "--current", str(write(tmp_path, "plan.yaml", SMALL_PLAN))]


def test_a_pin_that_cannot_hold_is_explained_in_chinese_and_english(tmp_path, small):
    args = small + ["--pin", "J1", "--pin", "E"]
    zh = run(tmp_path, args, "zh")
    assert ("小城：固定的支部 J1 无法保持：保留它就没有满足规则集硬性规则的方案（不固定它则有方案）；"
            "按现状，单位 B 有 3 名正式党员，应单独建立党支部，却编入由 A 牵头的支部 J1。"
            "请取消或修改这一固定。") in zh
    assert "单位 E" not in zh and "没有能满足这些固定要求的方案；未写出任何文件" in zh
    assert_no_english(zh)
    en = run(tmp_path, args, "en")
    assert ("小城: the pin branch J1 cannot hold: no plan keeps it and satisfies the charter's hard rules "
            "(without it a plan exists); as it stands, firm B has 3 full members and must lead its own branch, "
            "but is in branch J1 led by A. Drop or change this pin.") in en
    assert not re.search("[\u4e00-\u9fff]", en.replace("小城", ""))


def test_a_cap_below_the_moves_needed_is_explained_in_chinese_and_english(tmp_path, small):
    args = small + ["-r", str(DATA / "no-fallback.yaml"), "--max-moves", "2"]
    zh = run(tmp_path, args, "zh")
    assert ("小城：--max-moves 2 过小：满足规则集需要调整至少 3 名党员的支部（不设 --max-moves 2 则有方案）。"
            "请放宽上限。") in zh
    assert_no_english(zh)
    en = run(tmp_path, args, "en")
    assert ("小城: --max-moves 2 is too small: satisfying the charter moves at least 3 members "
            "(without --max-moves 2 a plan exists). Raise the cap.") in en


def test_a_pinned_branch_across_jurisdictions_is_explained_in_chinese(tmp_path):
    firms = DATA / "host-elsewhere.yaml"
    plan = write(tmp_path, "plan.yaml", "branches:\n  - {id: J1, lead: A, firms: [A, B, H]}\n")
    zh = run(tmp_path, [str(firms), "--current", str(plan), "--pin", "J1"], "zh")
    assert "甲市：固定的支部 J1 无法保持" in zh and "按现状，支部 J1 还包含其他辖区的 H。" in zh
    assert "乙市：固定的支部 J1 无法保持" in zh and "支部 J1 还包含其他辖区的 A、B。" in zh
    assert_no_english(zh)
    en = run(tmp_path, [str(firms), "--current", str(plan), "--pin", "J1"], "en")
    assert "branch J1 also holds A, B of another jurisdiction" in en


def test_a_failed_re_plan_prints_why_as_data_with_format_json_and_says_the_pins_are_the_cause(tmp_path, small):
    import json

    res = runner.invoke(app, ["solve", *small, "--pin", "J1", "--format", "json", "--lang", "en"])
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert doc["status"] == "infeasible" and doc["conflicts"] == []
    assert any("J1" in p for p in doc["problems"]) and any("J1" in p for p in doc["problems_zh"])
    assert "no plan keeps these pins; nothing written" in res.stderr
    infeasible = ROOT_EX / "infeasible" / "firms.yaml"
    plan = write(tmp_path, "cur.yaml", "branches:\n - {id: B3, lead: PN01, firms: [PN01, PN02, PN03]}\n"
                 " - {id: B1, lead: GP01, firms: [GP01]}\n - {id: B2, lead: GP02, firms: [GP02, GP03]}\n")
    res = runner.invoke(app, ["solve", str(infeasible), "--current", str(plan), "--format", "yaml", "--lang", "en"])
    assert res.exit_code == 1
    import yaml

    doc = yaml.safe_load(res.stdout)
    assert doc["conflicts"][0]["jurisdiction"] == "平南县"
    assert "no plan satisfies the charter; nothing written" in res.stderr
