"""User-supplied text in every Markdown output (check's report and its bad-input report,
diff, the re-planning memo) is literal: names, ids, rule titles and quoted values cannot
open a tag, emphasis, a link or a table cell; Chinese stays as it is."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.formats import md_code, md_text

runner = CliRunner()

FIRMS = """\
jurisdiction: 某市
as_of: 2026-11-01
firms:
  - id: A1
    name: 大成所
    location: {x: 0, y: 0}
    members:
      - {id: M1, name: 赵一, status: full, joined: 2000-01-01}
      - {id: M2, name: 钱二, status: full, joined: 2000-01-01}
      - {id: M3, name: 孙三, status: full, joined: 2000-01-01}
  - id: A2
    name: "O'Brien & <Partners> \\"Law\\" 律所"
    location: {x: 1, y: 0}
    members:
      - {id: M4, name: "*钱*<b>七</b>", status: full, joined: 2000-01-01}
  - id: A3
    name: "[链接](http://x) _斜_ 所"
    location: {x: 0, y: 1}
    members:
      - {id: M5, name: 李五, status: full, joined: 2000-01-01}
  - id: A4
    location: {x: 1, y: 1}
    members:
      - {id: M6, name: 周六, status: full, joined: 2000-01-01}
"""
#: the current plan: A2 placed with standalone A1; branch "B|2" one full member short
CURRENT = """\
branches:
  - {id: B1, lead: A1, firms: [A1, A2]}
  - {id: "B|2", lead: A3, firms: [A3, A4]}
"""
OLD = """\
branches:
  - {id: B1, lead: A1, firms: [A1]}
  - {id: "B|2", lead: A2, firms: [A2, A3, A4]}
"""
RULES = """\
extends: cpc-branch-2018
rules:
  - code: BP-DISTANCE
    title: {en: "<i>Near</i> *firms* together", zh: "<i>就近</i>*组建*"}
"""

FIRM = "A2 O'Brien & \\<Partners\\> \"Law\" 律所"
MEMBER = "M4 \\*钱\\*\\<b\\>七\\</b\\>"
RAW = ("<Partners>", "<b>", "*钱*", "[链接](", "<i>", "| B|2 |")


def _files(d: Path) -> dict[str, str]:
    out = {}
    for name, body in (("f5.yaml", FIRMS), ("p5.yaml", CURRENT), ("p0.yaml", OLD), ("rules.yaml", RULES)):
        (d / name).write_text(body, encoding="utf-8")
        out[name] = str(d / name)
    return out


def _raw_free(out: str) -> None:
    assert not [r for r in RAW if r in out], [r for r in RAW if r in out]


def test_md_text_and_md_code():
    assert md_text("O'Brien & <Partners> 律所") == "O'Brien & \\<Partners\\> 律所"
    assert md_text("*a*_b_`c`[d]~e~|f\\g") == "\\*a\\*\\_b\\_\\`c\\`\\[d\\]\\~e\\~\\|f\\\\g"
    assert md_text("&amp; & &#60;") == "\\&amp; & \\&#60;"
    assert md_text("# 标题") == "\\# 标题" and md_text("- x") == "\\- x" and md_text("1. x") == "1\\. x"
    assert md_text("-1.000") == "-1.000" and md_text("#1") == "#1" and md_text("张三\n李四") == "张三 李四"
    # a thematic break or setext underline, an indented code block, a heading's closing #
    assert md_text("---") == "\\---" and md_text("===") == "\\===" and md_text("--x") == "\\--x"
    assert md_text("\t# x") == "\\# x" and md_text("    4 spaces") == "4 spaces"
    assert md_text("贵港 #") == "贵港 \\#" and md_text("C#") == "C#" and md_text("x - y") == "x - y"
    assert md_code("a|b") == "`a\\|b`" and md_code("a|b", table=False) == "`a|b`"
    assert md_code("a`b") == "``a`b``" and md_code("C:\\dir") == "`C:\\dir`"


def test_memo_quotes_names_ids_and_titles_literally(tmp_path):
    f = _files(tmp_path)
    base = ["solve", f["f5.yaml"], "--rules", f["rules.yaml"], "--current", f["p5.yaml"], "--format", "markdown"]
    for lang in ("en", "zh", None):
        args = base + (["--lang", lang] if lang else [])
        res = runner.invoke(app, args + ["--show-names"], env={"LANG": "", "LC_ALL": ""})
        assert res.exit_code == 0, res.output
        out = res.stdout
        assert f"| {FIRM} | 1 | B1 | B\\|2 |" in out, out          # the members who change branch
        assert "A3 \\[链接\\](http://x) \\_斜\\_ 所" in out              # the new plan's lead
        assert MEMBER in out                                          # the change list, --show-names
        assert ("\\<i\\>就近\\</i\\>\\*组建\\*" in out) is (lang != "en")   # a custom rule's title
        assert ("\\<i\\>Near\\</i\\> \\*firms\\* together" in out) is (lang != "zh")
        _raw_free(out)


def test_diff_and_check_markdown_quote_names_literally(tmp_path):
    f = _files(tmp_path)
    for lang in ("en", "zh"):
        diff = runner.invoke(app, ["diff", f["p0.yaml"], f["p5.yaml"], "--firms", f["f5.yaml"], "--show-names",
                                   "--format", "markdown", "--lang", lang])
        assert diff.exit_code == 0, diff.output
        assert MEMBER in diff.stdout and "| B\\|2 | B1 |" in diff.stdout
        _raw_free(diff.stdout)
        check = runner.invoke(app, ["check", f["p5.yaml"], "--firms", f["f5.yaml"], "--base", f["p0.yaml"],
                                    "--show-names", "--format", "markdown", "--lang", lang])
        assert check.exit_code == 1, check.output
        assert MEMBER in check.stdout and "B\\|2" in check.stdout
        assert f"{Path(f['p5.yaml']).name}:3:5`" in check.stdout      # a place, in code
        _raw_free(check.stdout)
    # a renumbered branch: the note quotes the ids literally, its own command stays code
    (tmp_path / "p6.yaml").write_text(CURRENT.replace("{id: B1,", '{id: "<u>B9</u>",'), encoding="utf-8")
    res = runner.invoke(app, ["diff", f["p5.yaml"], str(tmp_path / "p6.yaml"), "--firms", f["f5.yaml"],
                              "--format", "markdown", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "new branch id): B1 -> \\<u\\>B9\\</u\\> (4 members" in res.stdout, res.stdout
    assert "`branchplan solve FIRMS --current OLD_PLAN`" in res.stdout and "<u>" not in res.stdout


def test_check_markdown_quotes_plan_and_input_values_literally(tmp_path):
    f = _files(tmp_path)
    (tmp_path / "p9.yaml").write_text('branches:\n  - {id: "<b>B1</b>", lead: A1, firms: [A1, "*A9*<i>"]}\n'
                                      "  - {id: B3, lead: A2, firms: [A2, A3, A4]}\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(tmp_path / "p9.yaml"), "--firms", f["f5.yaml"], "--format", "markdown",
                              "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert "branch \\<b\\>B1\\</b\\> lists \\*A9\\*\\<i\\>, which is not a firm" in res.stdout
    _raw_free(res.stdout)
    bad = tmp_path / "bad.yaml"
    bad.write_text(FIRMS.replace("{id: M6, name: 周六, status: full", '{id: M6, name: 周六, status: "*x*<b>full</b>"'),
                   encoding="utf-8")
    res = runner.invoke(app, ["check", f["p5.yaml"], "--firms", str(bad), "--format", "markdown", "--lang", "en"])
    assert res.exit_code == 2
    assert "got '\\*x\\*\\<b\\>full\\</b\\>'" in res.stdout and "`firms[3].members[0].status`" in res.stdout
    _raw_free(res.stdout)
