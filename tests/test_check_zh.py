"""`branchplan check --lang zh`: the text and markdown reports read entirely in Chinese;
English output stays as the golden files pin it; machine formats do not change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.formats.checkwords import gap_sentence
from branchplan.gap import GapReport

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "check"
D = "tests/data/check"
ARGS = ["check", f"{D}/plan-bad.yaml", "--firms", f"{D}/firms.yaml", "--base", f"{D}/plan-good.yaml",
        "--max-moves", "3", "--max-gap", "10", "--waivers", f"{D}/waivers.yaml", "--as-of", "2026-11-01"]
SUFFIX = {"text": "txt", "json": "json", "github": "github.txt", "sarif": "sarif", "junit": "junit.xml",
          "markdown": "md"}
EN = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"}
ZH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
#: what may stay Latin in a Chinese report: file positions, rule codes, the command's name,
#: option names, the charter's name, and the waiver's reason (the reviewers' own words)
NOT_PROSE = [r"\S+\.ya?ml(:\d+:\d+)?", r"\b(BP|GATE)(-[A-Z]+)+\b", r"branchplan check", r"--[a-z-]+",
             r"cpc-branch-2018", r"\(director joins next year\)"]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _root(monkeypatch):
    monkeypatch.chdir(ROOT)


def check(*extra: str, env: dict = EN, code: int = 1, args: list[str] = ARGS) -> str:
    from test_check_golden import as_golden

    res = runner.invoke(app, args + list(extra), env=env)
    assert res.exit_code == code, res.output
    return as_golden(res.stdout)


def english_words(out: str) -> list[str]:
    for pattern in NOT_PROSE:
        out = re.sub(pattern, " ", out)
    return re.findall(r"[A-Za-z]{2,}", out)


def test_english_words_finds_english():
    assert english_words(check()) != []  # the detector the Chinese tests rely on


def test_text_in_chinese():
    out = check("--lang", "zh")
    lines = out.splitlines()
    assert lines[0] == f"检查方案 {D}/plan-bad.yaml：规则集 cpc-branch-2018，党龄计算日 2026-11-01"
    assert (f"{D}/plan-bad.yaml:21:5: BP-MIN-FULL [硬性] 支部 B006 只有 2 名正式党员，至少应有 3 名正式党员"
            "（支部工作条例第五条）") in lines
    assert f"{D}/plan-bad.yaml:8:18: GATE-MOVES [硬性] 相对原方案有 5 名党员调整支部，超过上限 3 名" in lines
    assert "已豁免（1 项）：" in lines
    assert any(s.strip().startswith(f"豁免至 2027-06-30，依据 {D}/waivers.yaml:3:5：主任将于明年转为正式党员")
               for s in lines)
    assert f"{D}/waivers.yaml:7:5：BP-DISTRICT 对 S07 的豁免没有匹配任何问题" in lines
    assert f"与 {D}/plan-good.yaml 相比：" in lines
    assert "    单位 S03 由 B003 调整到 B005（2 名党员：M12、M13）" in lines
    assert "  调整支部的党员 5 名（上限 3 名）" in lines
    assert lines[-5] == (f"差距（参照以 {D}/plan-good.yaml 为基础的最优调整方案）：方案在优先级 0 上更差：1.000 分，"
                         "最优调整方案为 0.000 分；优先级 0 先于其后各级求最小，差距无法用百分比衡量（上限 10%）")
    assert lines[-4] == "代价：109.276 分（优先级 0：1.000，优先级 2：108.276）"
    assert lines[-3] == ("相对原方案的调整：BP-STABILITY 6.005 分，未计入上述代价（检查时以 --max-moves 限制调整人数）；"
                         "重新编排的目标值包含此项：115.281 分")
    assert lines[-2] == "  其中 0.001 分：支部内更换牵头单位 1 处，不涉及党员变动"
    assert lines[-1] == "branchplan check 未通过：硬性问题 4 项，软性问题 4 项，已豁免 1 项，关口检查未通过：GATE-MOVES GATE-GAP"
    # findings show the Chinese message only, and no English sentence is left
    assert "at least 3 required" not in out and "[hard]" not in out
    assert english_words(out) == []


def test_markdown_in_chinese():
    out = check("--lang", "zh", "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == "### branchplan check：❌ 未通过"
    assert lines[2] == (f"`{D}/plan-bad.yaml`，规则集 **cpc-branch-2018**，党龄计算日 2026-11-01：**硬性问题 4 项**，"
                        "软性问题 4 项，已豁免 1 项；关口检查未通过：GATE-MOVES、GATE-GAP。")
    assert "| | 规则 | 性质 | 位置 | 问题 | 依据 | 新增或原有 |" in lines   # with --base: new or in the base plan
    assert (f"| ❌ | `BP-MIN-FULL` | 硬性 | `{D}/plan-bad.yaml:21:5` | 支部 B006 只有 2 名正式党员，至少应有 3 名正式党员 "
            "| 支部工作条例第五条 | **新增** |") in lines
    assert "<details><summary>已豁免的问题（1 项）</summary>" in lines
    assert f"没有匹配任何问题的豁免：`BP-DISTRICT` 对 `S07`（{D}/waivers.yaml:7:5）" in lines
    assert f"#### 与 `{D}/plan-good.yaml` 相比的调整（调整支部党员上限 3 名）" in lines
    assert any(s.startswith(f"**差距**（参照以 {D}/plan-good.yaml 为基础的最优调整方案）：方案在优先级 0 上更差")
               for s in lines)
    assert "<br>" not in out
    assert english_words(out.replace("<details><summary>", "").replace("</summary>", "").replace("</details>", "")) == []


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_english_unchanged(fmt):
    """--lang en, and an English locale without --lang, print the golden files (the English
    text and markdown keep each finding's Chinese message under its English one)."""
    golden = (GOLDEN / f"plan-bad.{SUFFIX[fmt]}").read_text(encoding="utf-8")
    assert check("--format", fmt, "--lang", "en", env=ZH) == golden
    assert check("--format", fmt, env=EN) == golden


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "junit"])
def test_machine_formats_ignore_the_language(fmt):
    golden = (GOLDEN / f"plan-bad.{SUFFIX[fmt]}").read_text(encoding="utf-8")
    assert check("--format", fmt, "--lang", "zh") == golden


def test_locale_chooses_chinese():
    assert check(env=ZH) == check("--lang", "zh")
    assert check("--format", "markdown", env={"LC_ALL": "zh_CN.UTF-8", "LANG": "C"}) == \
        check("--format", "markdown", "--lang", "zh")


def test_passing_plan_strict_and_output_file(tmp_path):
    good = ["check", f"{D}/plan-good.yaml", "--firms", f"{D}/firms.yaml", "--as-of", "2026-11-01"]
    out = check("--lang", "zh", args=good, code=0)
    assert out.splitlines()[-1] == "branchplan check 通过：硬性问题 0 项，软性问题 0 项"
    md = check("--lang", "zh", "--format", "markdown", args=good, code=0)
    assert md.startswith("### branchplan check：✅ 通过\n") and "未发现问题。" in md
    # --strict with soft findings only: the verdict says why it fails
    strict = ["check", "examples/guigang/plan-current.yaml", "--firms", "examples/guigang/firms.yaml", "--strict"]
    last = check("--lang", "zh", args=strict, code=1).splitlines()[-1]
    assert last.startswith("branchplan check 未通过：硬性问题 0 项，软性问题 ")
    assert last.endswith("（--strict：软性问题也视为不通过）")
    target = tmp_path / "report.md"
    res = runner.invoke(app, ARGS + ["--lang", "zh", "-f", "markdown", "-o", str(target)], env=EN)
    assert res.exit_code == 1
    assert res.stderr.strip() == ("branchplan check 未通过：硬性问题 4 项，软性问题 4 项，已豁免 1 项，"
                                  f"关口检查未通过：GATE-MOVES GATE-GAP；报告已写入 {target}")
    assert target.read_text(encoding="utf-8") == check("--lang", "zh", "-f", "markdown")


def test_guigang_plan_in_chinese():
    args = ["check", "examples/guigang/plan-2027.yaml", "--firms", "examples/guigang/firms.yaml",
            "--base", "examples/guigang/plan-current.yaml"]
    out = check("--lang", "zh", args=args)
    assert "BP-ONE-BRANCH [硬性] 单位 F026（1 名党员）未编入任何支部，党员脱管（党章第八条）" in out
    assert "与 examples/guigang/plan-current.yaml 相比：" in out
    assert english_words(out) == []


def _gap(**kw) -> GapReport:
    base = dict(max_pct=5, reference_status="optimal", time_limit=30, levels=[0, 2])
    return GapReport(**{**base, **kw})


@pytest.mark.parametrize("gap, zh", [
    (_gap(plan_cost={0: 0, 2: 10500}, best_cost={0: 0, 2: 10000}, deciding_level=2, gap_pct=5.0),
     "方案在优先级 2 上多出 5.00%：10.500 分，最优方案为 10.000 分（上限 5%）"),
    (_gap(plan_cost={2: 1000}, best_cost={2: 0}, deciding_level=2),
     "方案在优先级 2 上更差：1.000 分，最优方案为 0.000 分；最优方案在此级的代价为零，差距无上界（上限 5%）"),
    (_gap(reference_status="feasible"),
     "在 30 秒内未找到代价更低的方案：作为参照找到的方案在各优先级上的代价都与本方案相同，但未证明最优，且没有已证明的下界；"
     "最优方案的代价仍可能低于本方案（可加长 --gap-time-limit；上限 5%）"),
    (_gap(reference_status="unknown", time_limit=2),
     "在 2 秒内未找到参照方案（状态：未知），无法计算差距（可加长 --gap-time-limit）"),
    (_gap(plan_cost={2: 900}, best_cost={2: 1000}, deciding_level=2, gap_pct=-10.0),
     "方案在优先级 2 上优于参照方案：0.900 分，参照方案为 1.000 分：差距 0%"),
])
def test_gap_sentences(gap, zh):
    assert gap_sentence(gap, "zh") == zh
    assert gap_sentence(gap, "en") == gap.sentence()
