"""A roster in several jurisdictions under a charter without a jurisdiction rule is solved as
one part (``*`` in the plan file): the infeasibility explanation and the re-planning memo
name it as a reader says it (the whole roster, 全部名册), never ``*``."""

from __future__ import annotations

from pathlib import Path

from test_whole_roster_name import RULES        # a charter without a jurisdiction rule
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FALLBACK = RULES + "  - {code: FB, kind: fallback}\n"

#: two small firms in two cities: 2 full members, a branch needs 3
SHORT = """\
as_of: 2026-11-01
firms:
  - {id: A1, jurisdiction: 甲市, location: {x: 0, y: 0}, members: {full: 1}}
  - {id: B1, jurisdiction: 乙市, location: {x: 0, y: 0}, members: {full: 1}}
"""

TWO_CITIES = """\
as_of: 2026-11-01
firms:
  - {id: A1, jurisdiction: 甲市, location: {x: 0, y: 0}, members: {full: 1}}
  - {id: A2, jurisdiction: 甲市, location: {x: 1, y: 0}, members: {full: 1}}
  - {id: A3, jurisdiction: 甲市, location: {x: 0, y: 1}, members: {full: 1}}
  - {id: %s, jurisdiction: 乙市, location: {x: 0, y: 0}, members: {full: 3}}
  - {id: B2, jurisdiction: 乙市, location: {x: 5, y: 0}, members: {full: 3}}
"""


def _write(d: Path, name: str, body: str) -> Path:
    (d / name).write_text(body, encoding="utf-8")
    return d / name


def test_infeasible_whole_roster_is_named_not_star(tmp_path):
    firms = _write(tmp_path, "firms.yaml", SHORT)
    for rules_text, host in ((RULES, False), (FALLBACK, True)):
        rules = _write(tmp_path, "rules.yaml", rules_text)
        en = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "--lang", "en"])
        assert en.exit_code == 1, en.output
        assert en.stderr.startswith("The whole roster: no plan satisfies the hard rules.\n"), en.stderr
        assert "In the whole roster the 2 small firms A1, B1 have 2 full members" in en.stderr
        assert "*" not in en.stderr
        zh = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "--lang", "zh"])
        assert zh.exit_code == 1, zh.output
        assert zh.stderr.startswith("全部名册：没有满足硬性规则的方案。\n"), zh.stderr
        assert "全部名册正式党员不足 3 名的单位共 2 个" in zh.stderr
        assert "*" not in zh.stderr
        # the remedy of a host: any jurisdiction's will do, so none is named
        assert ("- declare a host organisation (a `hosts:` entry" in en.stderr) is host, en.stderr
        assert ("- 设立托管组织（在单位名册" in zh.stderr) is host, zh.stderr
    data = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "--format", "json"])
    assert data.exit_code == 1 and '"jurisdiction": "*"' in data.stdout   # the data keeps the file's name


def test_memo_title_names_the_whole_roster(tmp_path):
    rules = _write(tmp_path, "rules.yaml", RULES)
    old = _write(tmp_path, "old.yaml", TWO_CITIES % "B1")
    current = tmp_path / "current.yaml"
    made = runner.invoke(app, ["solve", str(old), "--rules", str(rules), "-o", str(current)])
    assert made.exit_code == 0, made.output
    new = _write(tmp_path, "firms.yaml", TWO_CITIES % "B9")   # B1 renamed: a change to re-plan
    args = ["solve", str(new), "--rules", str(rules), "--current", str(current)]
    titles = {"en": "# 党支部设置调整方案 · Branch plan changes: the whole roster\n",
              "zh": "# 全部名册党支部设置调整方案\n"}
    for lang, title in titles.items():
        md = runner.invoke(app, args + ["--format", "markdown", "--lang", lang])
        assert md.exit_code == 0, md.output
        assert md.stdout.startswith(title), md.stdout
        assert "*" not in md.stdout.splitlines()[0]
    bi = runner.invoke(app, args + ["--format", "markdown"], env={"LANG": "", "LC_ALL": ""})
    assert bi.exit_code == 0, bi.output
    assert bi.stdout.startswith("# 党支部设置调整方案 · Branch plan changes: 全部名册 · the whole roster\n"), bi.stdout
    text_en = runner.invoke(app, args + ["--format", "text", "--lang", "en"])
    assert text_en.exit_code == 0 and "for the whole roster," in text_en.stdout.splitlines()[0]
    text_zh = runner.invoke(app, args + ["--format", "text", "--lang", "zh"])
    assert text_zh.exit_code == 0 and text_zh.stdout.startswith("全部名册党支部设置方案")
    assert "Re-planned from" in text_en.stdout and " for *" not in text_en.stdout


def test_a_whole_roster_stopped_before_a_plan_is_named_not_star(tmp_path, monkeypatch):
    """Out of time, or interrupted, before any plan: the message names the whole roster."""
    from branchplan.solver.solve import PartResult

    firms = _write(tmp_path, "firms.yaml", TWO_CITIES % "B1")
    rules = _write(tmp_path, "rules.yaml", RULES)
    for stopped, en, zh in (("time limit", "The whole roster: no plan was found within the time limit",
                             "全部名册：在时间上限内未找到方案"),
                            ("interrupted", "The whole roster: interrupted before a plan was found",
                             "全部名册：")):
        def unsolved(parts, charter, day, options, progress=None, started=None, stopped=stopped):
            assert [p.jurisdiction for p in parts] == ["*"]
            return [PartResult(p.jurisdiction, "unknown", stopped=stopped) for p in parts]

        monkeypatch.setattr("branchplan.solver.solve.solve_parts", unsolved)   # (api.solve imports it when called)
        for lang, want in (("en", en), ("zh", zh)):
            res = runner.invoke(app, ["solve", str(firms), "--rules", str(rules), "--lang", lang])
            assert res.exit_code != 0
            assert res.stderr.startswith(want), res.stderr
            assert "*" not in res.stderr, res.stderr
