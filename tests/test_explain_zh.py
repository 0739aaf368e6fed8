"""branchplan explain --lang zh: every line of the text in Chinese (rule codes, ids and
numbers as in English); English unchanged; the locale chooses when --lang is not given;
the JSON is the same whatever the language."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIRMS = ROOT / "examples" / "guigang" / "firms.yaml"
PLAN = ROOT / "examples" / "guigang" / "plan-current.yaml"
FIRMS_2027 = ROOT / "examples" / "guigang" / "firms-2027.yaml"
PLAN_2027 = ROOT / "examples" / "guigang" / "plan-2027.yaml"
runner = CliRunner()

#: English words that must not be left in the Chinese text.
ENGLISH = re.compile(r"\b(Why|Best alternatives|points|led by|Plan cost|Branch|Firm|Rules|Cost|full|"
                     r"probationary|members?|firms?|branch(es)?|priority|breaks|mends|holds|binding|"
                     r"at the limit|standalone|joint|hard|soft|km|It|is|the|with|of|and|tells more)\b")


def explain(*args, plan=PLAN, firms=FIRMS, env=None) -> str:
    res = runner.invoke(app, ["explain", str(plan), "--firms", str(firms), *args], env=env or {"LANG": "C"})
    assert res.exit_code == 0, res.output
    return res.stdout


def english_left(text: str) -> list[str]:
    """Lines with an English word left, ignoring the command syntax line and rule codes/ids."""
    out = []
    for line in text.splitlines():
        if "branchplan explain" in line:
            continue
        if ENGLISH.search(re.sub(r"\b[A-Z][A-Z0-9-]*\b", "", line)):
            out.append(line)
    return out


def test_plan_overview_in_chinese():
    out = explain("--lang", "zh")
    assert out.startswith("方案总代价 227.222 分，共 7 个支部\n")
    assert re.search(r"^支部\s+类型\s+牵头单位\s+单位\s+党员\s+正式\s+代价\s+BP-DISTANCE", out, re.M)
    assert re.search(r"^B005\s+联合组建\s+F028\s+5\s+11\s+9\s+47\.802", out, re.M)
    assert re.search(r"^B001\s+单独组建\s+F001", out, re.M)
    assert english_left(out) == []


def test_branch_in_chinese():
    out = explain("--lang", "zh", "--branch", "B005")
    assert "支部 B005（联合组建，贵港市），牵头单位 F028：5 个单位，党员 11 名（正式党员 9 名）" in out
    assert "代价 47.802 分" in out
    assert re.search(r"BP-JOINT-MAX-FIRMS\s+联合党支部覆盖单位一般不超过5个\s+硬性\s+已达界限\s+"
                     r"5 个单位（不超过 5 个）$", out, re.M)   # (已达界限 once: the status says it)
    assert re.search(r"BP-DISTRICT\s+同一区县便于管理\s+软性\s+5\.000", out)
    assert "- 单位 F006（覃塘区）编入在港北区活动的支部 B005" in out  # the finding's message_zh
    assert re.search(r"F028（牵头）\s+广西贵城律师事务所", out)
    assert "BP-DISTANCE 31.580、BP-DISTRICT 5.000" in out
    assert english_left(out) == []
    standalone = explain("--lang", "zh", "--branch", "B001")
    assert re.search(r"BP-JOINT-MAX-FIRMS\s+\S+\s+硬性\s+不适用\s+仅适用于联合组建的支部", standalone)
    assert english_left(standalone) == []


def test_firm_in_chinese():
    out = explain("--lang", "zh", "--firm", "F006")
    lines = out.splitlines()
    assert lines[0] == "单位 F006 广西平天律师事务所（覃塘区；正式党员 1 名、预备党员 1 名）：编入 B005"
    assert lines[1].startswith("党龄计算日 ") and lines[3] == "原因"
    assert "  - F006 有正式党员 1 名，不足 3 名：不单独建立党支部（BP-OWN-BRANCH），与其他单位联合组建。" in lines
    assert "  - 该单位在联合党支部 B005，由 F028 牵头，相距 15.790 公里（覃塘区与港北区）。" in lines
    assert "  - B005 已达 BP-JOINT-MAX-FIRMS 的界限：5 个单位（不超过 5 个）。" in lines
    assert "  - 该单位的编入代价为 36.580 分：BP-DISTANCE 31.580、BP-DISTRICT 5.000。" in lines
    assert "最佳备选（共考察 6 个支部；只移动该单位，其余不变）" in lines
    assert ("  2. B004，牵头单位 LA01（16.279 公里）：优先级 0 代价 +1.000 分，其次优先级 2 代价 +0.978 分"
            "（BP-FALLBACK +1.000、BP-DISTANCE +0.978）") in lines
    assert lines[-1].startswith("没有比现在更适合 F006 的支部")
    assert english_left(out) == []


def test_firm_moves_breaking_hard_rules_and_memberless_firm_in_chinese():
    big = explain("--lang", "zh", "--firm", "F001", plan=PLAN_2027, firms=FIRMS_2027)
    assert "  - F001 有正式党员 14 名（不少于 3 名）：按 BP-OWN-BRANCH 应单独建立党支部；现牵头 B001。" in big
    assert "     违反 BP-OWN-BRANCH：单位 F001 有 14 名正式党员，应单独建立党支部，却编入由 F002 牵头的支部 B002" in big
    assert english_left(big) == []
    none = explain("--lang", "zh", "--firm", "F004")
    assert none.splitlines()[-1] == "  - F004 没有党员，不编入任何支部。"
    assert english_left(none) == []


def test_english_unchanged_and_locale_default():
    en = explain("--branch", "B005")
    assert "Branch B005 (joint, 贵港市), led by F028: 5 firms, 11 members (9 full)" in en
    assert "BP-JOINT-MAX-FIRMS    hard  binding  5 firms (at most 5): at the limit" in en
    assert len(english_left(en)) > 10  # the check for English words left does find them
    assert explain("--branch", "B005", "--lang", "en", env={"LANG": "zh_CN.UTF-8"}) == en
    firm = explain("--firm", "F006")
    assert "Best alternatives (of 6 branches considered; the firm moved, everything else unchanged)" in firm
    assert "  - It is in joint branch B005, led by F028, 15.790 km away (覃塘区 vs 港北区)." in firm
    for args in ((), ("--branch", "B005"), ("--firm", "F006")):
        assert explain(*args, env={"LANG": "zh_CN.UTF-8"}) == explain(*args, "--lang", "zh")
        assert explain(*args, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "C"}) == explain(*args, "--lang", "zh")


def test_json_is_the_same_in_either_language():
    for args in ((), ("--branch", "B005"), ("--firm", "F006")):
        en = explain("--format", "json", *args)
        assert explain("--format", "json", "--lang", "zh", *args) == en
        assert explain("--format", "json", *args, env={"LANG": "zh_CN.UTF-8"}) == en
    firm = json.loads(explain("--format", "json", "--firm", "F006"))
    assert firm["reasons"][0].startswith("F006 has 1 full member")
    assert firm["reasons_zh"][0].startswith("F006 有正式党员 1 名")


def test_a_firm_is_found_by_its_name_or_with_full_width_characters():
    """An organiser types the firm as it stands in the spreadsheet: its name, or its id with
    full-width letters and digits (Ｆ００１); an unknown name is still refused."""
    by_id = explain("--firm", "F001", "--format", "json")
    assert json.loads(explain("--firm", "广西郁江律师事务所", "--format", "json")) == json.loads(by_id)
    assert json.loads(explain("--firm", "Ｆ００１", "--format", "json")) == json.loads(by_id)
    res = runner.invoke(app, ["explain", str(PLAN), "--firms", str(FIRMS), "--firm", "广西没有律师事务所"])
    assert res.exit_code == 2 and "广西没有律师事务所" in res.stderr
