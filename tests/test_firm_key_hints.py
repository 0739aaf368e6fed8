"""A hand-typed firms file in the words of a spreadsheet: unknown firm keys name the key
meant (城市 / city: jurisdiction), and a yes / no field written in words says what to write."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _refused(path, lang: str = "en") -> str:
    """stderr of a solve the file is refused for (exit 2)."""
    res = runner.invoke(app, ["solve", str(path), "--lang", lang])
    assert res.exit_code == 2, res.output
    return res.stderr


def _firms(tmp_path, extra: str, director: str | None = None):
    path = tmp_path / "firms.yaml"
    d = f"    director_is_member: {director}\n" if director is not None else ""
    path.write_text("as_of: 2026-11-01\nfirms:\n  - id: A\n    jurisdiction: 贵港\n"
                    "    members: {full: 2, probationary: 0}\n" + d + extra, encoding="utf-8")
    return path


@pytest.mark.parametrize("key, meant", [("城市", "jurisdiction"), ("city", "jurisdiction"),
                                        ("所在区县", "district"), ("律师人数", "lawyers"),
                                        ("名称", "name"), ("单位编号", "id"), ("经度", "location.lon"),
                                        ("y坐标", "location.y"), ("正式党员人数", "members.full"),
                                        ("主任是否党员", "director_is_member")])
def test_a_firm_key_in_spreadsheet_words_names_the_key_meant(tmp_path, key, meant):
    path = _firms(tmp_path, f"    {key}: 1\n")
    assert f"{path}:6:5: firms[0]: unknown key '{key}' (did you mean '{meant}'?)" in _refused(path)
    assert f"未知的键名“{key}”（是否应为“{meant}”？）" in _refused(path, "zh")


def test_an_unknown_firm_key_unlike_any_column_gets_no_hint_and_a_typo_its_neighbour(tmp_path):
    path = _firms(tmp_path, "    colour: red\n    distrct: 港北区\n")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert f"{path}:6:5: firms[0]: unknown key 'colour'\n" in res.stderr
    assert "unknown key 'distrct' (did you mean 'district'?)" in res.stderr


@pytest.mark.parametrize("word, en, zh", [
    ("是", "got '是' (write true)", "现为“是”（请写 true）"),
    ("否", "got '否' (write false)", "现为“否”（请写 false）"),
    ("√", "got '√' (write true)", "现为“√”（请写 true）"),
    ("0", "got 0 (write false)", "现为 0（请写 false）"),
    ("x", "got 'x' (write true or false)", "现为“x”（请写 true 或 false）"),
    ("暂无", "got '暂无' (leave the key out when not known)", "现为“暂无”（不确定时省去此项）"),
    ("不详", "got '不详' (leave the key out when not known)", "现为“不详”（不确定时省去此项）"),
])
def test_director_is_member_in_words_says_what_to_write(tmp_path, word, en, zh):
    path = _firms(tmp_path, "", director=word)
    assert f"{path}:6:25: firms[0].director_is_member: Input should be a valid boolean, {en}" in _refused(path)
    assert f"firms[0].director_is_member: 应为 true 或 false，{zh}" in _refused(path, "zh")


def test_a_name_typed_as_director_is_member_is_still_not_quoted(tmp_path):
    path = _firms(tmp_path, "", director="李建国")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert "李建国" not in res.stdout + res.stderr
    assert "firms[0].director_is_member: Input should be a valid boolean (value not shown)" in res.stderr


def test_hints_follow_where_the_key_is(tmp_path):
    """At the top of the file, in a host entry (only a host's fields), in a location and in
    member counts, a column word names the key meant there."""
    path = tmp_path / "firms.yaml"
    path.write_text("as_of: 2026-11-01\n城市: 贵港\nfirms:\n  - id: A\n    jurisdiction: 贵港\n"
                    "    location: {经度: 109.6, lat: 23.1}\n    members: {正式党员: 2, probationary: 0}\n"
                    "hosts:\n  - id: H\n    城市: 贵港\n    律师人数: 3\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert f"{path}:2:1: unknown key '城市' (did you mean 'jurisdiction'?)" in res.stderr
    assert f"{path}:6:16: firms[0].location: unknown key '经度' (did you mean 'lon'?)" in res.stderr
    assert f"{path}:7:15: firms[0].members: unknown key '正式党员' (did you mean 'full'?)" in res.stderr
    assert f"{path}:10:5: hosts[0]: unknown key '城市' (did you mean 'jurisdiction'?)" in res.stderr
    assert f"{path}:11:5: hosts[0]: unknown key '律师人数'\n" in res.stderr     # (a host has no lawyers)


def test_a_name_or_another_word_as_director_is_member_gets_no_not_known_hint(tmp_path):
    path = _firms(tmp_path, "", director="Wang Fang")
    res = runner.invoke(app, ["solve", str(path), "--lang", "en"])
    assert res.exit_code == 2
    assert "firms[0].director_is_member: Input should be a valid boolean, got 'Wang Fang'\n" in res.stderr


def test_a_rules_files_boolean_gets_true_or_false_but_no_not_known_hint(tmp_path):
    rules = tmp_path / "rules.yaml"
    for word, tail in (("是", " (write true)"), ("不详", "")):
        rules.write_text(f"extends: cpc-branch-2018\nrules:\n  - code: BP-DISTANCE\n    enabled: {word}\n",
                         encoding="utf-8")
        res = runner.invoke(app, ["rules", "--rules", str(rules)])
        assert res.exit_code == 2
        assert (f"{rules}:4:14: rules[BP-DISTANCE].enabled: Input should be a valid boolean, got '{word}'{tail}\n"
                in res.stderr)


EXAMPLE = "examples/guigang/"


@pytest.mark.parametrize("lang, said", [("en", "unknown key 'jurisdiction' (did you mean 'jurisdictions'?)\n"),
                                        ("zh", "未知的键名“jurisdiction”（是否应为“jurisdictions”？）\n")])
def test_a_plan_key_jurisdiction_is_pointed_to_jurisdictions_not_to_itself(tmp_path, lang, said):
    plan = tmp_path / "plan.yaml"
    plan.write_text("jurisdiction: X\nbranches: []\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", EXAMPLE + "firms.yaml", "--lang", lang])
    assert res.exit_code == 2, res.output
    assert f"{plan}:1:1: " + said in res.stderr
    assert "'jurisdiction'?" not in res.stderr and "“jurisdiction”？" not in res.stderr


@pytest.mark.parametrize("key", ["city", "城市", "jurisdiction"])
def test_column_words_in_plan_rules_and_waivers_files_get_no_firms_file_hint(tmp_path, key):
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"branches: []\n{key}: X\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"extends: cpc-branch-2018\n{key}: 贵港市\nrules: []\n", encoding="utf-8")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(f"waivers: []\n{key}: X\n", encoding="utf-8")
    runs = [(["check", str(plan), "--firms", EXAMPLE + "firms.yaml", "--lang", "en"], plan),
            (["rules", "-r", str(rules)], rules),
            (["check", EXAMPLE + "plan-current.yaml", "--firms", EXAMPLE + "firms.yaml", "--waivers", str(waivers),
              "--lang", "en"], waivers)]
    for args, path in runs:
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        line = [ln for ln in res.stderr.splitlines() if ln.startswith(f"{path}:2:1: unknown key '{key}'")]
        assert len(line) == 1, res.stderr
        if path is plan and key == "jurisdiction":
            assert line[0].endswith("(did you mean 'jurisdictions'?)")
        else:
            assert "did you mean" not in line[0], line[0]


def test_city_at_the_top_of_a_firms_file_still_names_jurisdiction(tmp_path):
    path = tmp_path / "firms.yaml"
    path.write_text("as_of: 2026-11-01\ncity: 贵港\nfirms:\n  - {id: A, jurisdiction: 贵港, members: {full: 2}}\n",
                    encoding="utf-8")
    assert f"{path}:2:1: unknown key 'city' (did you mean 'jurisdiction'?)" in _refused(path)
