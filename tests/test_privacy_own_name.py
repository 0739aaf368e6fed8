"""A message about a field of a member entry does not quote a value that holds that member's
own name ('2010-01-01 张三' beside name: 张三, 'full Zhang San' beside name: Zhang San), in YAML
and JSON firms files and in every check that quotes member values; other values are still
quoted, and the spreadsheet importer withholds the same cells."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from branchplan import InputError, roster_from_data
from branchplan.cli import app

runner = CliRunner()
NAMES = ("张三", "李四", "Zhang San", "zhang san", "ZhangSan")
HIDDEN = {"en": "(value not shown)", "zh": "（值不予显示）"}

MEMBERS = [
    {"id": "M1", "name": "张三", "status": "full", "joined": "2010-01-01 张三"},
    {"id": "M2", "name": "李四", "status": "李四 正式"},
    {"id": "M3", "name": "Zhang San", "status": "full zhang san"},
    {"id": "M4", "name": "王五", "status": "bogus", "joined": "2010-01-01 x"},
]


def firms_file(tmp_path, fmt: str):
    """The members above, one entry a line (line 4 is M1 in YAML, line 2 in JSON)."""
    if fmt == "yaml":
        rows = "".join(f"      - {json.dumps(m, ensure_ascii=False)}\n" for m in MEMBERS)
        text, first = f"firms:\n  - id: F1\n    members:\n{rows}", 4
    else:
        rows = ",\n".join(json.dumps(m, ensure_ascii=False) for m in MEMBERS)
        text, first = '{"firms": [{"id": "F1", "members": [\n' + rows + "\n]}]}\n", 2
    path = tmp_path / f"firms.{fmt}"
    path.write_text(text, encoding="utf-8")
    return path, first


def leaks(text: str) -> list[str]:
    return [n for n in NAMES if n in text]


def plan_file(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: F1, firms: [F1]}\n", encoding="utf-8")
    return plan


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["solve", "check"])
def test_a_value_holding_the_members_own_name_is_not_quoted(tmp_path, fmt, lang, command):
    path, first = firms_file(tmp_path, fmt)
    args = ["solve", str(path)] if command == "solve" else ["check", str(plan_file(tmp_path)), "--firms", str(path)]
    res = runner.invoke(app, args + ["--lang", lang])
    assert res.exit_code == 2, res.output
    assert leaks(res.stdout + res.stderr) == []
    assert "Traceback" not in res.output
    lines = res.stderr.splitlines()
    for k, field, line in ((0, "joined", first), (1, "status", first + 1), (2, "status", first + 2)):
        hit = [x for x in lines if x.startswith(f"{path}:{line}:") and f"firms[0].members[{k}].{field}: " in x]
        assert len(hit) == 1, (k, field, res.stderr)
        assert hit[0].endswith(HIDDEN[lang]), hit[0]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_values_without_the_name_are_still_quoted(tmp_path, fmt):
    path, first = firms_file(tmp_path, fmt)
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    bad = [x for x in res.stderr.splitlines() if x.startswith(f"{path}:{first + 3}:")]
    assert any(x.endswith("firms[0].members[3].status: Input should be 'full' or 'probationary', got 'bogus'")
               for x in bad), res.stderr
    assert any("firms[0].members[3].joined: " in x and "got '2010-01-01 x'" in x for x in bad), res.stderr
    assert res.stderr.count(HIDDEN["en"]) == 3   # only the three values that hold a name


@pytest.mark.parametrize("schema_error", [False, True])
def test_a_duplicate_member_id_holding_the_name_is_not_quoted(tmp_path, schema_error):
    """Duplicate ids are reported by the cross checks, and beside schema problems too."""
    path = tmp_path / "firms.yaml"
    path.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    members:\n"
                    "      - {id: 张三01, name: 张三, status: full}\n"
                    "      - {id: 张三01, name: 张三, status: full}\n"
                    "      - {id: M7, name: 王五, status: full}\n"
                    "      - {id: M7, name: 王五, status: %s}\n" % ("nope" if schema_error else "full"),
                    encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "张三" not in res.stdout + res.stderr
    assert (f"{path}:6:14: firms[0].members[1].id: member id (value not shown) appears twice in this firm"
            in res.stderr)
    assert f"{path}:8:14: firms[0].members[3].id: member id 'M7' appears twice in this firm" in res.stderr


def test_an_unknown_key_holding_the_name_is_not_quoted(tmp_path):
    path = tmp_path / "firms.json"
    path.write_text('{"firms": [{"id": "F1", "members": [\n'
                    '{"id": "M1", "name": "Zhang San", "status": "full", "Zhang San 1": 1},\n'
                    '{"id": "M2", "name": "Li Si", "status": "full", "statu": "full"}\n]}]}\n', encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert "Zhang San" not in res.stdout + res.stderr
    assert f"{path}:2:" in res.stderr and "firms[0].members[0]: unknown key (value not shown)" in res.stderr
    assert "firms[0].members[1]: unknown key 'statu' (did you mean 'status'?)" in res.stderr


def test_a_name_under_another_name_key_is_withheld_too(tmp_path):
    """姓名 is refused as an unknown key, and its value is still the member's name."""
    path = tmp_path / "firms.yaml"
    path.write_text("firms:\n  - id: F1\n    members:\n"
                    "      - {id: M1, 姓名: 赵六, status: 赵六正式党员1}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert "赵六" not in res.stdout + res.stderr
    assert f"{path}:4:" in res.stderr and "firms[0].members[0].status: " in res.stderr
    assert "firms[0].members[0].status: Input should be 'full' or 'probationary' (value not shown)" in res.stderr


def test_an_id_holding_the_members_own_name_is_warned_about_without_it(tmp_path):
    path = tmp_path / "firms.yaml"
    path.write_text("jurisdiction: X\nfirms:\n  - id: F1\n    members:\n"
                    "      - {id: M1, name: 张三, status: full}\n"
                    "      - {id: M2, name: 李四, status: full}\n"
                    "      - {id: M3 Zhao Liu, name: Zhao Liu, status: full}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en", "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 0, res.output
    assert f"{path}:7:14: firms[0].members[2].id: warning: 1 member id looks like a name (values not shown)" in res.stderr
    assert "Zhao" not in res.stderr
    plain = tmp_path / "plain.yaml"
    plain.write_text(path.read_text(encoding="utf-8").replace("M3 Zhao Liu", "M3"), encoding="utf-8")
    quiet = runner.invoke(app, ["solve", str(plain), "--lang", "en", "-o", str(tmp_path / "plan2.yaml")])
    assert quiet.exit_code == 0 and "look like names" not in quiet.stderr


def test_data_in_memory_gets_the_same_withholding():
    with pytest.raises(InputError) as caught:
        roster_from_data({"firms": [{"id": "F1", "members": MEMBERS}]}, source="request")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert leaks(text) == []
    assert text.count("(value not shown)") == 3 and "got 'bogus'" in text


def test_the_importer_withholds_the_same_cells(tmp_path):
    """The example as a sheet: the importer and the firms file hide and quote alike."""
    src = tmp_path / "sheet.csv"
    src.write_text("律所名称,姓名,党员类别,入党时间\n"
                   + "".join(f"甲所,{m['name']},{m['status']},{m.get('joined', '')}\n" for m in MEMBERS),
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--quiet", "--lang", "en"])
    assert res.exit_code == 2
    assert leaks(res.stdout + res.stderr) == []
    row = re.compile(r"(\d+):\d+: (\S+): ")
    sheet = {(int(m[1]) - 2, m[2]): HIDDEN["en"] in x for x in res.stderr.splitlines()
             if (m := row.match(x.removeprefix(f"{src}:")))}
    path, _ = firms_file(tmp_path, "yaml")
    firms = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert firms.exit_code == 2
    field = re.compile(r"\d+:\d+: firms\[0\]\.members\[(\d+)\]\.(joined|status): ")
    header = {"joined": "入党时间", "status": "党员类别"}
    in_file = {(int(m[1]), header[m[2]]): HIDDEN["en"] in x for x in firms.stderr.splitlines()
               if (m := field.match(x.removeprefix(f"{path}:")))}
    assert sheet == in_file == {(0, "入党时间"): True, (1, "党员类别"): True, (2, "党员类别"): True,
                                (3, "党员类别"): False, (3, "入党时间"): False}


def test_the_importer_warns_about_an_id_holding_the_rows_own_name_as_solve_does(tmp_path):
    src = tmp_path / "ids.csv"
    src.write_text("律所名称,党员编号,姓名,党员类别\n甲所,M1,张三,正式\n甲所,M2,李四,正式\n"
                   "甲所,M3 Zhao Liu,Zhao Liu,正式\n", encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--lang", "en", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert f"{src}:4:2: 党员编号: warning: the member id looks like a name (value not shown)" in res.stderr
    assert "Zhao" not in res.stderr and "1 member id looks like a name" in res.stderr
    solved = runner.invoke(app, ["solve", str(out), "--lang", "en", "-o", str(tmp_path / "plan.yaml")])
    assert solved.exit_code == 0, solved.output
    assert "1 member id looks like a name (values not shown)" in solved.stderr and "Zhao" not in solved.stderr
