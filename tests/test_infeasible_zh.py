"""Why no plan exists, in the language asked for: with --lang zh (or a Chinese locale) every
line of the explanation is Chinese; in English the Chinese twin of the reason is not shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
INFEASIBLE = ROOT / "examples" / "infeasible" / "firms.yaml"
runner = CliRunner()

#: English words that must not be left in a Chinese explanation
ENGLISH = re.compile(r"conflict|firms involved|would fix|rule instance|no plan|must be|members? |branch|"
                     r"in total|cannot|declare|require|instead|generally|charter|small firm", re.I)
NO_FALLBACK = ("extends: cpc-branch-2018\nrules:\n"
               "  - code: BP-FALLBACK\n    params: {allow_standalone: false, allow_hosts: false}\n"
               "  - code: BP-JOINT-MAX-FIRMS\n    params: {max: 2}\n")


def write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def prose(text: str) -> str:
    """The text without what stays as written in any language: rule codes, firm and member
    ids, file syntax in backquotes and option names."""
    text = re.sub(r"`[^`]*`|--[a-z-]+|\{[^}]*\}", "", text)
    return re.sub(r"\b[A-Z][A-Z0-9]*(-[A-Z0-9]+)*\b", "", text)


def test_zh_explains_the_infeasible_example_wholly_in_chinese():
    res = runner.invoke(app, ["solve", str(INFEASIBLE), "--lang", "zh"])
    assert res.exit_code == 1
    err = res.stderr
    lines = err.splitlines()
    assert lines[0] == "平南县：没有满足硬性规则的方案。"
    assert ("  平南县正式党员不足 3 名的单位共 3 个（PN01、PN02、PN03），合计正式党员 2 名，BP-MIN-FULL（每个支部正式党员"
            "不少于 3 名）无法满足，且辖区内没有可兜底编入的单独支部或托管组织。") in lines
    assert "  最小冲突，共 4 项规则要求；去掉其中任意一项，其余各项即可同时满足：" in lines
    assert "    BP-ONE-BRANCH  PN01（正式党员 1 名）必须编入支部" in lines
    assert "    BP-MIN-FULL    每个支部正式党员不少于 3 名（PN01、PN02、PN03 分别牵头的 3 个支部都须满足）" in lines
    assert "  涉及单位：PN01、PN02、PN03（党员 M201、M202、M203、M204）" in lines
    assert "  以下任一修改即可得到方案（每项都已单独验算）：" in lines
    assert any(ln.startswith("    - 在平南县设立托管组织") for ln in lines)
    assert any(ln.startswith("    - BP-MIN-FULL：每个支部正式党员由不少于 3 名降为不少于 2 名") for ln in lines)
    assert lines[-1] == "没有满足规则的方案；未写出任何文件"
    # the reason is given once, and nothing of the English is left
    assert sum("合计正式党员 2 名" in ln for ln in lines) == 1
    assert not ENGLISH.search(prose(err)), ENGLISH.search(prose(err))
    assert not re.search(r"[a-z]{3,}", prose(err)), err
    assert ": " not in prose(err) and ", " not in prose(err)  # Chinese punctuation


def test_en_explanation_is_english_only_and_otherwise_unchanged():
    res = runner.invoke(app, ["solve", str(INFEASIBLE), "--lang", "en"])
    assert res.exit_code == 1
    assert res.stderr.splitlines()[:3] == [
        "平南县: no plan satisfies the hard rules.",
        "  In 平南县 the 3 small firms PN01, PN02, PN03 have 2 full members in total; BP-MIN-FULL (>= 3 full "
        "members per branch) cannot hold, and no standalone firm or host is within the jurisdiction.",
        "  Minimal conflict, 4 rule instances; dropping any one makes the rest satisfiable:"]
    assert "  Firms involved: PN01, PN02, PN03 (members M201, M202, M203, M204)" in res.stderr
    assert "  What would fix it (each change checked on its own):" in res.stderr
    # only the jurisdiction's name is Chinese: no Chinese sentence
    assert not re.search(r"[\u4e00-\u9fff]{4,}", res.stderr.replace("平南县", ""))


def test_the_locale_chooses_chinese_and_an_option_overrides_it():
    zh = runner.invoke(app, ["solve", str(INFEASIBLE)], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert zh.exit_code == 1 and "涉及单位：PN01、PN02、PN03" in zh.stderr
    assert "Firms involved" not in zh.stderr
    en = runner.invoke(app, ["solve", str(INFEASIBLE), "--lang", "en"],
                       env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert en.exit_code == 1 and "Firms involved" in en.stderr and "涉及单位" not in en.stderr


def test_zh_conflict_found_by_the_solver_with_facts_and_rule_remedies(tmp_path):
    # B and C (1 full member each) cannot both be placed: at most 2 firms per branch and no fallback
    rules = write(tmp_path / "rules.yaml", NO_FALLBACK)
    firms = write(tmp_path / "firms.yaml", "jurisdiction: 容县\nas_of: 2026-11-01\nfirms:\n"
                  "  - {id: A, location: {x: 0, y: 0}, members: {full: 2}}\n"
                  "  - {id: B, location: {x: 1, y: 0}, members: {full: 1}}\n"
                  "  - {id: C, location: {x: 2, y: 0}, members: {full: 1, probationary: 1}}\n")
    res = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "--lang", "zh"])
    assert res.exit_code == 1
    err = res.stderr
    assert "容县正式党员不足 3 名的单位 B、C 无法全部编入支部" in err
    assert "至少需要 2 个支部，即正式党员 6 名" in err                      # the counting fact
    assert "B（正式党员 1 名）、C（正式党员 1 名、预备党员 1 名）都必须编入支部" in err
    assert "并允许编入托管组织（BP-FALLBACK 参数 {allow_hosts: true}）" in err
    assert "BP-JOINT-MAX-FIRMS：每个联合支部单位由不超过 2 个放宽为不超过 3 个" in err
    assert "将 BP-JOINT-MAX-FIRMS 改为软性规则" in err
    assert not ENGLISH.search(prose(err)), ENGLISH.search(prose(err))
    en = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "--lang", "en"])
    assert en.exit_code == 1
    assert "need at least 2 branches, hence 6 full members" in en.stderr
    assert "make BP-JOINT-MAX-FIRMS soft" in en.stderr and "软性" not in en.stderr


def test_json_keeps_english_keys_and_adds_chinese_alongside():
    docs = [json.loads(runner.invoke(app, ["solve", str(INFEASIBLE), "-f", "json", "--lang", lang]).stdout)
            for lang in ("en", "zh")]
    assert docs[0] == docs[1]  # data does not depend on the language shown
    doc = docs[0]
    [problem], [problem_zh] = doc["problems"], doc["problems_zh"]
    assert problem.startswith("平南县: no plan satisfies the hard rules.\n") and "最小冲突" not in problem
    assert problem_zh.startswith("平南县：没有满足硬性规则的方案。\n") and "Minimal conflict" not in problem_zh
    [c] = doc["conflicts"]
    assert c["headline"].startswith("In 平南县 the 3 small firms") and c["headline_zh"].startswith("平南县正式党员不足")
    assert c["lines"][0] == "BP-ONE-BRANCH  PN01 (1 full) must be in a branch"
    assert c["lines_zh"][0] == "BP-ONE-BRANCH  PN01（正式党员 1 名）必须编入支部"
    host = c["remedies"][0]
    assert host["change"] == {"kind": "host", "jurisdiction": "平南县"}
    assert host["text"].startswith("declare a host organisation in 平南县")
    assert host["text_zh"].startswith("在平南县设立托管组织")


def test_a_jurisdiction_without_a_plan_in_the_time_limit_is_reported_in_chinese(monkeypatch):
    from branchplan.solver.solve import PartResult

    def unsolved(parts, charter, day, options, progress=None, started=None):
        return [PartResult(p.jurisdiction, "unknown", variables=1234, stopped="time limit") for p in parts]

    monkeypatch.setattr("branchplan.solver.solve.solve_parts", unsolved)   # (api.solve imports it when called)
    zh = runner.invoke(app, ["solve", str(INFEASIBLE), "--lang", "zh"])
    assert zh.exit_code == 1
    assert ("平南县：在时间上限内未找到方案；请加长 --time-limit（正式党员不足 3 名的单位 3 个，分配变量 1,234 个）"
            in zh.stderr.splitlines())
    assert zh.stderr.splitlines()[-1] == "未找到方案；未写出任何文件"
    assert not re.search(r"[a-z]{3,}", prose(zh.stderr).replace("--time-limit", "")), zh.stderr
    en = runner.invoke(app, ["solve", str(INFEASIBLE), "--lang", "en"])
    assert ("平南县: no plan was found within the time limit; try a longer --time-limit "
            "(3 small firms, 1,234 assignment variables)") in en.stderr.splitlines()


def test_check_max_gap_on_a_roster_without_any_plan_says_why_in_both_languages(tmp_path):
    plan = write(tmp_path / "plan.yaml", "branches:\n"
                 "  - {id: B001, lead: GP01, firms: [GP01, GP02, GP03]}\n"
                 "  - {id: B002, lead: PN01, firms: [PN01, PN02, PN03]}\n")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(INFEASIBLE), "--max-gap", "5"])
    assert res.exit_code == 1
    gate = res.stdout.split("GATE-GAP [hard] ", 1)[1].splitlines()[:2]
    assert gate[0] == ("the charter's hard rules admit no plan for 平南县, so there is no best plan to measure the "
                       f"gap against (branchplan solve {INFEASIBLE} explains why)")
    assert gate[1].strip() == f"按规则集的硬性规则，平南县无法编排出任何方案，因此没有可比较的最优方案（branchplan solve {INFEASIBLE} 可说明原因）"
    assert "--gap-time-limit" not in res.stdout  # more time would not help
    doc = json.loads(runner.invoke(app, ["check", str(plan), "--firms", str(INFEASIBLE), "--max-gap", "5",
                                         "-f", "json"]).stdout)
    assert doc["gap"]["reference_status"] == "infeasible" and doc["gap"]["exceeded"] is True
    assert doc["gap"]["best_cost"] is None  # no reference plan, no reference cost
