"""No message quotes a value of a firms file that holds the name of any member of that file
(in another member's entry, in a firm's field, in an id), nor an id that looks like an ID
number; member ids that look like ID numbers get one warning. Latin names match only as whole
words, so other values are still quoted; known Chinese keys are quoted with a suggestion."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.loader import folded_names, holds_a_name

runner = CliRunner()
HIDDEN = "(value not shown)"
ID_NUMBER = "110101199003071234"


def write(tmp_path, fmt: str, firm: dict, members: list[dict], name: str = "firms"):
    """One firm, one member entry a line: returns (path, line of the first member)."""
    head = {"id": "F1", "jurisdiction": "X", "location": {"lat": 40, "lon": 110}, **firm}
    if fmt == "yaml":
        text = "firms:\n  - " + "\n    ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in head.items())
        text += "\n    members:\n" + "".join(f"      - {json.dumps(m, ensure_ascii=False)}\n" for m in members)
        first = 3 + len(head)
    else:
        text = '{"firms": [{' + ", ".join(f'"{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in head.items())
        text += ', "members": [\n' + ",\n".join(json.dumps(m, ensure_ascii=False) for m in members) + "\n]}]}\n"
        first = 2
    path = tmp_path / f"{name}.{fmt}"
    path.write_text(text, encoding="utf-8")
    return path, first


def run(tmp_path, command: str, path, *more: str):
    if command == "solve":
        args = ["solve", str(path), "-o", str(tmp_path / "plan.out.yaml")]
    else:
        plan = tmp_path / "plan.yaml"
        plan.write_text("branches:\n  - {id: B1, lead: F1, firms: [F1]}\n", encoding="utf-8")
        args = ["check", str(plan), "--firms", str(path)]
    return runner.invoke(app, args + ["--lang", "en", *more])


def line_of(stderr: str, path, line: int, field: str) -> str:
    hits = [x for x in stderr.splitlines() if x.startswith(f"{path}:{line}:") and f" {field}: " in x]
    assert len(hits) == 1, (line, field, stderr)
    return hits[0]


OTHERS = [
    {"id": "M1", "name": "张三", "status": "full", "joined": "2010-01-01"},
    {"id": "M2", "name": "李四", "status": "full", "joined": "2011-01-01 张三"},     # a cell shifted from above
    {"id": "M3", "name": "Zhang San", "status": "full"},
    {"id": "M4", "name": "王五", "status": "ZhangSan"},                               # M3's name, spaces left out
    {"id": "M5", "name": "赵六", "status": "full", "joined": "2012-01-01 zhang  san"},
]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("command", ["solve", "check"])
def test_another_members_name_is_not_quoted_in_a_member_entry_or_a_firm_field(tmp_path, fmt, command):
    path, first = write(tmp_path, fmt, {"director_is_member": "张三"}, OTHERS)
    res = run(tmp_path, command, path)
    assert res.exit_code == 2, res.output
    out = res.stdout + res.stderr
    assert [n for n in ("张三", "Zhang San", "ZhangSan", "zhang  san") if n in out] == [], out
    assert "Traceback" not in out
    firm_line = 1 + 3 + 1 if fmt == "yaml" else 1   # (jurisdiction, location before it in YAML)
    assert line_of(res.stderr, path, firm_line, "firms[0].director_is_member").endswith(
        f"Input should be a valid boolean {HIDDEN}")
    assert line_of(res.stderr, path, first + 1, "firms[0].members[1].joined").endswith(
        f"expected a date like 2026-11-01 {HIDDEN}")
    assert line_of(res.stderr, path, first + 3, "firms[0].members[3].status").endswith(
        f"Input should be 'full' or 'probationary' {HIDDEN}")
    assert line_of(res.stderr, path, first + 4, "firms[0].members[4].joined").endswith(HIDDEN)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_values_without_a_name_are_still_quoted_and_latin_names_match_whole_words(tmp_path, fmt):
    members = [{"id": "M1", "name": "Ma", "status": "formal"},        # 'formal' holds 'ma', not the word Ma
               {"id": "M2", "name": "Li", "status": "full", "joined": "2010-01-01 lime"},
               {"id": "M3", "name": "王五", "status": "full", "joined": "2010-01-01 Ma"},
               {"id": "M4", "name": "孙", "status": "full", "joined": "2010-01-01 孙x"}]   # one character: no name
    path, first = write(tmp_path, fmt, {"director_is_member": "maybe"}, members)
    res = run(tmp_path, "solve", path)
    assert res.exit_code == 2, res.output
    assert "got 'maybe'" in res.stderr
    assert line_of(res.stderr, path, first, "firms[0].members[0].status").endswith(
        "Input should be 'full' or 'probationary', got 'formal'")
    assert line_of(res.stderr, path, first + 1, "firms[0].members[1].joined").endswith("got '2010-01-01 lime'")
    assert line_of(res.stderr, path, first + 2, "firms[0].members[2].joined").endswith(HIDDEN)
    assert line_of(res.stderr, path, first + 3, "firms[0].members[3].joined").endswith("got '2010-01-01 孙x'")
    assert res.stderr.count(HIDDEN) == 1


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_known_chinese_keys_are_quoted_with_a_suggestion_and_names_as_keys_are_not(tmp_path, fmt):
    members = [{"id": "M1", "name": "张三", "status": "full"},
               {"id": "M2", "name": "王五", "状态": "正式", "入党日期": "2012-01-01", "姓名": "王五", "党员编号": "7"},
               {"id": "M3", "name": "李四", "status": "full", "张三": 1, "陈八": 2}]
    path, first = write(tmp_path, fmt, {}, members)
    res = run(tmp_path, "solve", path)
    assert res.exit_code == 2, res.output
    lines = [x for x in res.stderr.splitlines() if x.startswith(f"{path}:")]
    for key, field in (("状态", "status"), ("入党日期", "joined"), ("姓名", "name"), ("党员编号", "id")):
        assert any(x.startswith(f"{path}:{first + 1}:") and x.endswith(
            f"firms[0].members[1]: unknown key '{key}' (did you mean '{field}'?)") for x in lines), (key, res.stderr)
    hidden = [x for x in lines if x.startswith(f"{path}:{first + 2}:")]
    assert len(hidden) == 2 and all(x.endswith("firms[0].members[2]: unknown key (value not shown)") for x in hidden)
    assert "张三" not in res.stderr and "陈八" not in res.stderr and "王五" not in res.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("command", ["solve", "check"])
def test_a_duplicate_id_that_is_an_id_number_or_holds_a_name_is_not_quoted(tmp_path, fmt, command):
    members = [{"id": ID_NUMBER, "name": "张三", "status": "full"},
               {"id": ID_NUMBER, "name": "李四", "status": "full"},
               {"id": "M3 李四", "name": "王五", "status": "full"},
               {"id": "M3 李四", "name": "赵六", "status": "full"},
               {"id": "M7", "name": "孙七", "status": "full"},
               {"id": "M7", "name": "周八", "status": "full"}]
    path, first = write(tmp_path, fmt, {}, members)
    res = run(tmp_path, command, path)
    assert res.exit_code == 2, res.output
    out = res.stdout + res.stderr
    assert ID_NUMBER not in out and "李四" not in out
    twice = "appears twice in this firm; a member belongs to one place only"
    assert line_of(res.stderr, path, first + 1, "firms[0].members[1].id").endswith(f"member id {HIDDEN} {twice}")
    assert line_of(res.stderr, path, first + 3, "firms[0].members[3].id").endswith(f"member id {HIDDEN} {twice}")
    assert line_of(res.stderr, path, first + 5, "firms[0].members[5].id").endswith(f"member id 'M7' {twice}")


def test_a_duplicate_firm_id_holding_a_members_name_is_not_quoted(tmp_path):
    path = tmp_path / "firms.yaml"
    path.write_text("jurisdiction: X\nfirms:\n  - id: 张三律所\n    members: [{id: M1, name: 张三, status: full}]\n"
                    "  - id: 张三律所\n    members: [{id: M2, name: 李四, status: full}]\n"
                    "  - id: 甲所\n  - id: 甲所\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "张三" not in res.stderr
    assert f"{path}:5:9: firms[1].id: firm id {HIDDEN} is used twice (first by firms[0])" in res.stderr
    assert f"{path}:8:9: firms[3].id: firm id '甲所' is used twice (first by firms[2])" in res.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("command", ["solve", "check"])
def test_member_ids_that_look_like_id_numbers_get_one_warning_at_the_first(tmp_path, fmt, command):
    members = [{"id": "M1", "name": "张三", "status": "full"},
               {"id": ID_NUMBER, "name": "李四", "status": "full"},
               {"id": "11010119900307123X", "name": "王五", "status": "full"}]
    path, first = write(tmp_path, fmt, {}, members)
    res = run(tmp_path, command, path)
    assert res.exit_code == 0, res.output
    warned = [x for x in res.stderr.splitlines() if "look like ID numbers" in x]
    assert len(warned) == 1, res.stderr
    assert re.match(rf"{re.escape(str(path))}:{first + 1}:\d+: firms\[0\]\.members\[1\]\.id: warning: 2 member id",
                    warned[0]), warned[0]
    assert "--id-key" in warned[0] and "(values not shown)" in warned[0]
    assert ID_NUMBER not in res.stderr and "123X" not in res.stderr
    plain = tmp_path / f"plain.{fmt}"
    plain.write_text(path.read_text(encoding="utf-8").replace(ID_NUMBER, "M2").replace("11010119900307123X", "M3"),
                     encoding="utf-8")
    quiet = run(tmp_path, command, plain)
    assert quiet.exit_code == 0 and "ID numbers" not in quiet.stderr, quiet.output


def test_the_matcher_folds_case_and_spaces_and_keeps_latin_names_whole():
    names = folded_names(["Zhang San", "Ma", "张三", "孙", 7])
    for text in ("full zhang san", "ZhangSan", "ZHANG  SAN 2010", "M1-Ma", "Ma1", "2010-01-01张三x", "张 三"):
        assert holds_a_name(text, names), text
    for text in ("formal", "Zhangsans", "xzhangsan", "mama", "孙x", "张"):
        assert not holds_a_name(text, names), text


def test_the_importer_and_a_firms_file_withhold_the_same_cells(tmp_path):
    """The same rows as a sheet and as a firms file: the same cells hidden, the same quoted."""
    rows = [("Ma", "formal", "2010-01-01"), ("Zhang San", "full", "2011-01-01 Ma"),
            ("王五", "ZhangSan", "2012-01-01"), ("李四", "full", "2012-01-01 张三x"), ("张三", "full", "2013-02-30")]
    src = tmp_path / "sheet.csv"
    src.write_text("律所名称,姓名,党员类别,入党时间\n" + "".join(f"甲所,{n},{s},{j}\n" for n, s, j in rows),
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "--jurisdiction", "X", "--quiet", "--lang", "en"])
    assert res.exit_code == 2
    cell = re.compile(r"(\d+):\d+: (\S+): ")
    sheet = {(int(m[1]) - 2, m[2]): HIDDEN in x for x in res.stderr.splitlines()
             if (m := cell.match(x.removeprefix(f"{src}:")))}
    path, first = write(tmp_path, "yaml", {}, [{"id": f"M{k}", "name": n, "status": s, "joined": j}
                                               for k, (n, s, j) in enumerate(rows)])
    firms = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert firms.exit_code == 2
    field = re.compile(r"\d+:\d+: firms\[0\]\.members\[(\d+)\]\.(joined|status): ")
    header = {"joined": "入党时间", "status": "党员类别"}
    in_file = {(int(m[1]), header[m[2]]): HIDDEN in x for x in firms.stderr.splitlines()
               if (m := field.match(x.removeprefix(f"{path}:")))}
    assert sheet == in_file == {(0, "党员类别"): False, (1, "入党时间"): True, (2, "党员类别"): True,
                                (3, "入党时间"): True, (4, "入党时间"): False}
    for out in (res.stderr, firms.stderr):
        assert "'formal'" in out and "Zhang" not in out and "张三x" not in out


def test_cross_checks_do_not_quote_a_unit_id_holding_a_name_or_an_id_number(tmp_path):
    """Firm and host ids are quoted as written (often the firm's name), unless they hold a
    member's name or look like an ID number: the jurisdiction and location checks too."""
    path = tmp_path / "firms.yaml"
    path.write_text("as_of: 2026-11-01\nfirms:\n"
                    "  - id: F1\n    jurisdiction: 测试市\n    location: {lat: 40, lon: 110}\n    members:\n"
                    "      - {id: M1, name: 张三, status: full}\n      - {id: M2, name: 王五, status: full}\n"
                    "  - id: 王五所\n    members: {full: 1, probationary: 0}\n"
                    "  - id: 甲律所\n    jurisdiction: 测试市\n    members: {full: 1, probationary: 0}\n"
                    "  - id: '110101199003071234'\n    members: {full: 1, probationary: 0}\n"
                    "hosts:\n  - {id: 张三会}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    said = res.stdout + res.stderr
    assert "王五" not in said and "张三" not in said and "110101199003071234" not in said
    assert "firms[1]: firm (value not shown) has no jurisdiction" in said
    assert "hosts[0]: host (value not shown) has no jurisdiction" in said
    assert "has no location (甲律所) while" in said      # an id that holds no name: as written
    assert "of  has" not in said


def test_import_warnings_about_firm_cells_do_not_quote_a_name(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n"
                   "F1,甲所,贵港市,M1,张一,正式,2001-01-01\n"
                   "F1,张一,贵港市,M2,李二,正式,2002-01-01\n"
                   "F1,甲所,贵港市,M3,王三,正式,2003-01-01\n", encoding="utf-8")
    # (another name under the firm's id is a rejected cell, not a warning: its words quote no name either)
    for lang, phrase in (("en", "this row gives it to (value not shown)"), ("zh", "本行却属于（值不予显示）")):
        res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / f"{lang}.yaml"), "--lang", lang])
        assert res.exit_code == 2, res.output
        assert "张一" not in res.stderr.replace(str(src), "") and phrase in res.stderr


def test_an_employment_status_column_is_not_the_member_status(tmp_path):
    """状态 in a sheet is often employment (在职, 转出): beside 党员类别 it is left out; alone it
    is no member status column (a firms file's 状态 key still gets its suggestion)."""
    both = tmp_path / "both.csv"
    both.write_text("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间,状态\n"
                    "F1,甲所,贵港市,M1,张一,正式,2001-01-01,在职\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(both), "-o", str(tmp_path / "both.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    alone = tmp_path / "alone.csv"
    alone.write_text("律所编号,律所名称,所属城市,党员编号,姓名,状态,入党时间\n"
                     "F1,甲所,贵港市,M1,张一,在职,2001-01-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(alone), "-o", str(tmp_path / "alone.yaml"), "--lang", "en"])
    assert res.exit_code == 2 and "no member status column" in res.stderr


def test_import_warns_when_a_firm_cell_is_a_members_name(tmp_path):
    """A member's name in a firm's id or city (a shifted column) is taken but warned about,
    without the value; a firm bearing its founder's name is no such mistake."""
    src = tmp_path / "roster.csv"
    src.write_text("律所编号,律所名称,所属城市,党员编号,姓名,党员类别,入党时间\n"
                   "F1,张一律师事务所,贵港市,M1,张一,正式,2001-01-01\n"
                   "F2,乙所,李二,M2,李二,正式,2002-01-01\n"
                   "王三,丙所,贵港市,M3,王三,正式,2003-01-01\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "firms.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    warned = [line for line in res.stderr.splitlines() if "is a member's name (value not shown)" in line]
    assert [line.split(": ")[0] for line in warned] == [f"{src}:3:3", f"{src}:4:1"]
    assert "2 firm cells are a member's name (warnings above)" in res.stderr
    assert "李二" not in res.stderr and "王三" not in res.stderr


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_members_name_written_twice_as_a_key_is_not_quoted(tmp_path, fmt):
    """A duplicate key is refused while the file is read, before its names are known: the
    message still does not quote a key that is a member's name; other keys stay quoted."""
    path = tmp_path / f"firms.{fmt}"
    if fmt == "yaml":
        path.write_text("firms:\n  - id: A\n    jurisdiction: X\n    members:\n"
                        "      - {id: M1, name: Zhang San, status: full}\n"
                        "      - {id: M2, name: Li Si, status: full, Zhang San: 1, Zhang San: 2}\n", encoding="utf-8")
    else:
        path.write_text('{"firms": [{"id": "A", "jurisdiction": "X", "members": [\n'
                        '{"id": "M1", "name": "Zhang San", "status": "full"},\n'
                        '{"id": "M2", "name": "Li Si", "status": "full", "Zhang San": 1, "Zhang San": 2}]}]}\n',
                        encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert "Zhang San" not in res.stdout + res.stderr
    assert f"{path}:" in res.stderr and "duplicate key (value not shown)" in res.stderr
    plain = tmp_path / f"plain.{fmt}"
    plain.write_text(path.read_text(encoding="utf-8").replace("Zhang San: 1, Zhang San: 2", "note: 1, note: 2")
                     .replace('"Zhang San": 1, "Zhang San": 2', '"note": 1, "note": 2'), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(plain), "--lang", "en"])
    assert res.exit_code == 2 and "duplicate key 'note'" in res.stderr


def test_a_duplicate_keys_name_stays_hidden_with_a_tag_later_and_in_the_field_path(tmp_path):
    """The names come from the composed document: a refused tag further down does not bring
    the name back, and a path through a key that is a name stops before it."""
    later_tag = tmp_path / "tag.yaml"
    later_tag.write_text("firms:\n  - id: A\n    jurisdiction: X\n    Zhang Wei: a\n    Zhang Wei: b\n"
                         "    members:\n      - {id: M1, name: Zhang Wei, status: full}\n"
                         "  - id: B\n    jurisdiction: X\n    lawyers: !!binary aGVsbG8=\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(later_tag), "--lang", "en"])
    assert res.exit_code == 2 and "Zhang Wei" not in res.stdout + res.stderr
    assert f"{later_tag}:5:5: firms[0]: duplicate key (value not shown) (first at line 4)" in res.stderr
    under = tmp_path / "under.yaml"
    under.write_text("firms:\n  - id: A\n    jurisdiction: X\n    members:\n"
                     "      - {id: M1, name: 李建国, status: full}\n      - id: M2\n"
                     "        李建国:\n          note: 1\n          note: 2\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(under), "--lang", "en"])
    assert res.exit_code == 2 and "李建国" not in res.stdout + res.stderr
    assert f"{under}:9:11: firms[0].members[1]: duplicate key 'note' (first at line 8)" in res.stderr
