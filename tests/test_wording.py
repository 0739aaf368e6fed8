"""Human wording, through the CLI: a count of one reads "1 unit", not "1 units"; Chinese
text reads naturally (no doubled 的, full-width punctuation, the same term for small firms)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.i18n import plural, text

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
runner = CliRunner()


def write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def member_lines(prefix: str, full: int) -> str:
    return "".join(f"      - {{id: {prefix}{k}, status: full, joined: 2010-07-01}}\n" for k in range(full))


def firms_file(tmp_path: Path, jurisdiction: str, firms: dict[str, int]) -> Path:
    """One jurisdiction; firm id -> full members (0: a firm without Party members)."""
    body = f"jurisdiction: {jurisdiction}\nas_of: 2026-11-01\nfirms:\n"
    for k, (fid, full) in enumerate(firms.items()):
        body += f"  - id: {fid}\n    location: {{x: {k}, y: 0}}\n    members:\n"
        body += member_lines(f"M{fid}-", full) if full else "      []\n"
    return write(tmp_path / "firms.yaml", body)


def test_plural_helper_and_catalogue_counts():
    assert plural(1, "unit") == "1 unit" and plural(0, "unit") == "0 units"
    assert plural(1, "branch", "branches") == "1 branch" and plural(2, "branch", "branches") == "2 branches"
    assert text("solve.branches", "en", branches=1, standalone=1, joint=0) == "1 branch: 1 standalone, 0 joint"
    assert text("solve.branches", "en", branches=7, standalone=4, joint=3) == "7 branches: 4 standalone, 3 joint"
    assert text("chg.members_moved", "en", n=1) == "1 member moves"
    assert text("chg.members_moved", "en", n=3) == "3 members move"
    assert text("chg.graduations", "zh", n=1) == "转为单独组建支部的单位 1 个"


def test_solve_text_says_1_unit_and_1_branch(tmp_path):
    firms = firms_file(tmp_path, "Testville", {"A": 3, "Z": 0})
    res = runner.invoke(app, ["solve", str(firms), "-f", "text", "--lang", "en"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "2 units, 1 with Party members; 3 members (3 full, 0 probationary)" in out
    assert "1 branch: 1 standalone, 0 joint" in out
    assert "1 unit without Party members, not assigned." in out
    assert not re.search(r"\b1 (units|branches|members)\b", out)


def test_infeasible_small_firm_wording(tmp_path):
    firms = firms_file(tmp_path, "玉林市", {"Y01": 1})
    res = runner.invoke(app, ["solve", str(firms), "--lang", "en"])
    assert res.exit_code == 1, res.output
    out = res.stdout + res.stderr
    assert "In 玉林市 the small firm Y01 has 1 full member in total;" in out
    assert "1 rule instances" not in out and "instance(s)" not in out
    zh = runner.invoke(app, ["solve", str(firms), "--lang", "zh"])
    assert zh.exit_code == 1, zh.output
    assert "玉林市正式党员不足 3 名的单位共 1 个（Y01），合计正式党员 1 名，" in zh.stderr
    assert "小所" not in zh.stderr and "玉林市 的" not in zh.stderr


def test_check_fallback_and_singular_finding_wording(tmp_path):
    firms = firms_file(tmp_path, "贵港市", {"A": 3, "S": 1, "T": 1})
    plan = write(tmp_path / "plan.yaml", "branches:\n"
                 "  - {id: B001, lead: A, firms: [A, S]}\n"
                 "  - {id: B002, lead: T, firms: [T]}\n")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(firms)])
    assert res.exit_code == 1, res.output
    out = res.stdout
    assert "单位 S 兜底编入单独建支部单位 A 的支部 B001" in out
    assert "单独建支部的 A" not in out
    assert "branch B002 has 1 full member; at least 3 required" in out
    assert "支部 B002 只有 1 名正式党员" in out


def test_diff_headline_names_graduations_in_chinese():
    res = runner.invoke(app, ["diff", str(GUIGANG / "plan-current.yaml"), str(GUIGANG / "plan-2027.yaml"),
                              "--firms", str(GUIGANG / "firms-2027.yaml"), "--old-firms", str(GUIGANG / "firms.yaml"),
                              "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "转为单独组建支部的单位 1 个" in res.stdout
    assert "；单独建支部 1 个" not in res.stdout


def _visible(html: str) -> str:
    html = re.sub(r"<(svg|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_report_chinese_punctuation_and_word_order(tmp_path):
    out = tmp_path / "zh.html"
    res = runner.invoke(app, ["report", str(GUIGANG / "plan-2027.yaml"), "--firms", str(GUIGANG / "firms-2027.yaml"),
                              "--base", str(GUIGANG / "plan-current.yaml"), "--lang", "zh", "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = _visible(out.read_text(encoding="utf-8"))
    assert "有党员的单位 18 个" in page and "18 有党员的单位" not in page
    assert "正式党员 77 名、预备党员 1 名" in page and "单独组建 5 个、联合组建 3 个" in page
    assert "软性规则提示 5 项" in page
    assert "牵头单位：F001" in page and "党员：14（正式党员 14、预备党员 0）" in page
    assert "领导形式：" in page and "领导形式:" not in page
    assert "F004、F005、F007" in page
    assert "调整支部的党员 3 名" in page and "转为单独组建支部的单位 1 个" in page
    assert "根据 plan-2027.yaml、firms-2027.yaml、plan-current.yaml 生成" in page
    # Chinese text carries no ASCII colon or comma followed by a space (English names aside)
    assert not re.search(r"[\u4e00-\u9fff][:,] ", page)


def test_report_english_counts(tmp_path):
    out = tmp_path / "en.html"
    res = runner.invoke(app, ["report", str(GUIGANG / "plan-2027.yaml"), "--firms", str(GUIGANG / "firms-2027.yaml"),
                              "--base", str(GUIGANG / "plan-current.yaml"), "--lang", "en", "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = _visible(out.read_text(encoding="utf-8"))
    assert "1 unit moves" in page and "1 branch created" in page and "1 firm forms its own branch" in page
    assert "3 members move" in page and "18 with Party members" in page
    assert not re.search(r"\b1 (units|branches|members|firms)\b", page)


def test_import_summary_omits_columns_already_named_canonically(tmp_path):
    src = write(tmp_path / "r.csv", "单位名称,党员姓名,党员类别,入党时间,所属城市\n甲所,张三,正式,2010-01-01,某市\n")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "firms.yaml"), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.stderr.splitlines() if "采用的列" in ln)
    assert "单位名称 → 单位名称" not in line and "党员类别 → 党员类别" not in line
    assert line.strip().startswith("采用的列：单位名称、") and ", " not in line and "党员姓名 → 姓名" in line


def test_import_with_nothing_taken_says_1_row(tmp_path):
    src = write(tmp_path / "r.csv", "单位名称,党员类别,所属城市\n,正式,某市\n")
    res = runner.invoke(app, ["import", str(src), "--lang", "en"])
    assert res.exit_code == 2
    assert "no row could be taken (1 row rejected); nothing written" in res.stderr
    assert "1 rows" not in res.stderr
