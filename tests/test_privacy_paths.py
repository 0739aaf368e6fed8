"""No real name in any output of a pseudonymised command that also reads the old or base
firms file; input problems do not quote names or ID-number-like values."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan.cli import app
from branchplan.privacy import names_in

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
OLD, NEW = EX / "firms.yaml", EX / "firms-2027.yaml"
CUR, PLAN = EX / "plan-current.yaml", EX / "plan-2027.yaml"
runner = CliRunner()
NAMES = names_in(branchplan.load_roster(OLD)) | names_in(branchplan.load_roster(NEW))


def _leaks(text: str) -> list[str]:
    return sorted(n for n in NAMES if n in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pseudonymised_outputs_with_the_old_firms_file_hold_no_real_name(tmp_path, lang, monkeypatch):
    monkeypatch.setenv("BRANCHPLAN_PSEUDONYM_KEY", "abcdefgh12345")
    runs = {
        "solve": (["solve", str(NEW), "--current", str(CUR), "--old-firms", str(OLD), "-o", str(tmp_path / "p.yaml"),
                   "--changes", str(tmp_path / "c.md")], ["p.yaml", "c.md"]),
        "report": (["report", str(PLAN), "--firms", str(NEW), "--base", str(CUR), "--base-firms", str(OLD),
                    "-o", str(tmp_path / "r.html")], ["r.html"]),
        "check": (["check", str(PLAN), "--firms", str(NEW), "--base", str(CUR), "--base-firms", str(OLD),
                   "--format", "markdown"], []),
        "diff": (["diff", str(CUR), str(PLAN), "--firms", str(NEW), "--old-firms", str(OLD)], []),
    }
    for name, (args, files) in runs.items():
        res = runner.invoke(app, args + ["--pseudonymise", "--lang", lang])
        assert res.exit_code == 0, (name, res.output)
        assert _leaks(res.stdout + res.stderr) == [], name
        for f in files:
            assert _leaks((tmp_path / f).read_text(encoding="utf-8")) == [], (name, f)


def test_a_roster_copy_does_not_keep_the_original_lookups():
    roster = branchplan.load_roster(OLD)
    assert roster.firm_by_id["F001"].name == "广西郁江律师事务所"
    copy = roster.model_copy(update={"firms": [f.model_copy(update={"name": "X"}) for f in roster.firms]})
    assert copy.firm_by_id["F001"].name == "X"


def test_input_problems_do_not_quote_names_or_id_numbers(tmp_path):
    f = tmp_path / "firms.yaml"
    f.write_text('jurisdiction: X\nfirms:\n  - id: F1\n    members:\n'
                 '      - {id: M1, name: "李秘密\\a", status: full}\n'
                 '      - {id: M2, status: "110101199003078888"}\n'
                 '      - {id: M3, status: full, joined: "11010119900307999X"}\n', encoding="utf-8")
    for lang, hidden in (("en", "(value not shown)"), ("zh", "（值不予显示）")):
        res = runner.invoke(app, ["solve", str(f), "--lang", lang])
        assert res.exit_code == 2
        assert "李秘密" not in res.stderr and "1101011990" not in res.stderr
        assert res.stderr.count(hidden) == 3, res.stderr
    # a name in a shifted column (another member's, or the member's own) is not quoted either
    f.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    members:\n"
                 "      - {id: M1, name: 张三, status: full}\n      - {id: M2, name: 李四, status: 张三}\n"
                 "      - {id: M3, name: 王五, status: full, joined: 王五}\n      - {id: M4, status: fulll}\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["solve", str(f), "--lang", "en"])
    assert res.exit_code == 2
    assert "张三" not in res.stderr and "王五" not in res.stderr and res.stderr.count("(value not shown)") == 2
    # a misspelt word is no name: quoted, with a suggestion
    assert "members[3].status: Input should be 'full' or 'probationary', got 'fulll' (did you mean 'full'?)" \
        in res.stderr
    # a bad value outside a member's entry is still quoted
    f.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    lawyers: many\n    members: {full: 3}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(f), "--lang", "en"])
    assert "got 'many'" in res.stderr


def test_import_reasons_do_not_quote_a_member_name_from_another_column(tmp_path):
    sheet = tmp_path / "roster.csv"
    sheet.write_text("姓名,党员编号,律所名称,党员类别,入党时间\n张三,M1,甲所,正式,2010-01-01\n"
                     "李四,M2,甲所,张三,2010-01-01\n王五,M3,甲所,正式,王五\n赵六,M4,甲所,正试,2010-01-01\n"
                     "吴九,M5,甲所,正式,2010年1月1日 吴九\n",
                     encoding="utf-8")
    for lang, hidden in (("en", "(value not shown)"), ("zh", "（值不予显示）")):
        res = runner.invoke(app, ["import", str(sheet), "--jurisdiction", "X", "-o", str(tmp_path / "f.yaml"),
                                  "--lang", lang])
        assert res.exit_code == 2
        assert "张三" not in res.stderr.replace("姓名", "") and "王五" not in res.stderr
        assert res.stderr.count(hidden) == 3, res.stderr
        assert "吴九" not in res.stderr.replace("姓名", "")
        # (a status with a character mistyped is no one's name: quoted, with the word meant)
        assert ("'正试' is not a member status: did you mean '正式'?" if lang == "en"
                else "“正试”不是党员类别：是否应为“正式”？") in res.stderr
        assert not (tmp_path / "f.yaml").exists()


def test_a_name_of_any_type_or_in_the_id_column_or_as_a_key_is_not_quoted(tmp_path):
    f = tmp_path / "firms.yaml"
    f.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    members:\n"
                 "      - {id: M1, name: [张三], status: full}\n"
                 "      - {id: M2, status: [周八], joined: {name: 孙七}}\n"
                 "      - {id: 李四, status: full}\n      - {id: 李四, status: full}\n"
                 "      - {id: M5, status: full, 王五: 1}\n", encoding="utf-8")
    for lang in ("en", "zh"):
        res = runner.invoke(app, ["solve", str(f), "--lang", lang])
        assert res.exit_code == 2
        for name in ("张三", "周八", "孙七", "李四", "王五"):
            assert name not in res.stderr, (lang, name, res.stderr)
    assert "党员编号（值不予显示）在本单位出现两次" in res.stderr         # (the last run: Chinese)
    en = runner.invoke(app, ["solve", str(f), "--lang", "en"]).stderr
    assert "member id (value not shown) appears twice in this firm" in en
    assert "firms[0].members[4]: unknown key (value not shown)" in en
    # an ordinary id is still quoted
    f.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    members:\n      - {id: M1, status: full}\n"
                 "      - {id: M1, status: full}\n      - {id: M3, status: full, statsu: 1}\n", encoding="utf-8")
    en = runner.invoke(app, ["solve", str(f), "--lang", "en"]).stderr
    assert "member id 'M1' appears twice in this firm" in en and "unknown key 'statsu'" in en


def test_a_name_typed_twice_as_a_key_is_not_quoted(tmp_path):
    y = tmp_path / "firms.yaml"
    y.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    members:\n"
                 "      - {id: M1, status: full, 张三: 1, 张三: 2}\n", encoding="utf-8")
    j = tmp_path / "firms.json"
    j.write_text('{"jurisdiction": "X", "firms": [{"id": "F1", "members": '
                 '[{"id": "M1", "status": "full", "张三": 1, "张三": 2}]}]}', encoding="utf-8")
    for f in (y, j):
        for lang in ("en", "zh"):
            res = runner.invoke(app, ["solve", str(f), "--lang", lang])
            assert res.exit_code == 2 and "张三" not in res.stderr
            assert "duplicate key (value not shown)" in res.stderr or "键名（值不予显示）重复" in res.stderr
    y.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    lawyers: 1\n    lawyers: 2\n", encoding="utf-8")
    assert "duplicate key 'lawyers'" in runner.invoke(app, ["solve", str(y), "--lang", "en"]).stderr


def test_import_warns_when_the_member_id_column_holds_names(tmp_path):
    sheet = tmp_path / "roster.csv"
    sheet.write_text("姓名,党员编号,律所名称,党员类别,入党时间\n张三,李四,甲所,正式,2010-01-01\n"
                     "王五,M2,甲所,正式,2010-01-01\n赵六,M3,甲所,正式,2010-01-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(sheet), "--jurisdiction", "X", "-o", str(tmp_path / "f.yaml"),
                              "--lang", "en"])
    assert res.exit_code == 0, res.output                     # a warning: the rows are taken
    assert f"{sheet}:2:2: 党员编号: warning: the member id looks like a name (value not shown)" in res.stderr
    assert "1 member id looks like a name (warnings above)" in res.stderr
    assert "李四" not in res.stderr and "firm cell" not in res.stderr


def test_a_firms_file_whose_member_ids_look_like_names_gets_one_warning(tmp_path):
    f = tmp_path / "firms.yaml"
    f.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    location: {x: 0, y: 0}\n    members:\n"
                 "      - {id: M1, status: full}\n      - {id: 张三, status: full}\n      - {id: 李四, status: full}\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["solve", str(f), "-o", str(tmp_path / "p.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output                      # a warning: the plan is made
    warned = [ln for ln in res.stderr.splitlines() if "look like names" in ln]
    assert warned == [f"{f}:7:14: firms[0].members[1].id: warning: 2 member ids look like names (values not "
                      "shown), the first here; ids are printed in plans, reports and CI logs: check the id column"]
    assert "张三" not in res.stderr and "李四" not in res.stderr
