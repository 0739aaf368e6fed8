"""The README's Python example runs as written, from the repository root."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", body, re.S)


def test_library_example_runs(monkeypatch, capsys):
    blocks = python_blocks("Library")
    assert len(blocks) == 2
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), scope)
    out = capsys.readouterr().out
    assert out.startswith("optimal ")
    assert "members move" in out
    assert scope["result"].plan.branches and not scope["findings"].hard
    assert 'lang="zh-CN"' in scope["html"]


def test_library_example_in_memory_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(python_blocks("Library")[1], "README.md", "exec"), scope)
    out = capsys.readouterr().out.splitlines()
    assert out == ["optimal 0 members move", "firms[0] firm F1 has no jurisdiction and the file sets no default "
                   "'jurisdiction'"]
    assert [b.firms for b in scope["result"].plan.branches] == [["F1"], ["F3", "F2", "F4"]]  # the lead first
    assert scope["new"].plan.branches == scope["result"].plan.branches


def test_readme_names_every_command():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("solve", "import", "report", "schema"):
        assert f"branchplan {command} " in text


def yaml_blocks(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", body, re.S)


def test_the_firms_file_example_solves(tmp_path):
    from typer.testing import CliRunner

    from branchplan.cli import app

    [block] = yaml_blocks("The firms file")
    firms = tmp_path / "firms.yaml"
    firms.write_text(block, encoding="utf-8")
    res = CliRunner().invoke(app, ["solve", str(firms), "--format", "yaml"])
    assert res.exit_code == 0, res.output
    import yaml

    plan = yaml.safe_load(res.stdout)
    assert sorted(f for b in plan["branches"] for f in b["firms"]) == ["F001", "F002"]


def test_the_rules_file_example_loads_as_described(tmp_path):
    from branchplan import load_charter

    block = yaml_blocks("The charter")[0]
    rules = tmp_path / "my-rules.yaml"
    rules.write_text(block, encoding="utf-8")
    charter = load_charter(rules)
    by_code = {r.code: r for r in charter.rules}
    assert "BP-DISTRICT" in charter.disabled and "BP-DISTRICT" not in by_code
    assert by_code["BP-JOINT-MAX-FIRMS"].params.max == 6
    assert "at most 6 units" in by_code["BP-JOINT-MAX-FIRMS"].title.en
    # a new soft rule without a priority joins the preferences' level
    assert by_code["LOCAL-TWO-SECRETARIES"].priority == by_code["BP-DISTANCE"].priority == 2


def test_a_new_soft_rule_joins_the_last_level_of_the_charter_it_extends(tmp_path):
    from branchplan import load_charter

    rules = tmp_path / "cpmp-plus.yaml"
    rules.write_text("extends: cpmp\nrules:\n  - code: X-FEW\n    kind: branch_aggregate\n    severity: soft\n"
                     "    params: {applies_to: [joint], count: members, max: 100}\n", encoding="utf-8")
    by_code = {r.code: r for r in load_charter(rules).rules}
    assert by_code["X-FEW"].priority == by_code["CPMP-DISTANCE"].priority == 1


def test_a_roster_built_in_code_with_a_repeated_id_is_an_input_error_not_an_internal_one():
    import pytest

    import branchplan
    from branchplan.errors import InputError
    from branchplan.model import Roster

    roster = Roster.model_validate({"jurisdiction": "甲市", "firms": [
        {"id": "A", "members": {"full": 3}}, {"id": "A", "members": {"full": 1}}]})
    with pytest.raises(InputError, match="unit id 'A' is used twice"):
        branchplan.solve(roster)


def _synopses() -> dict[str, str]:
    """The README's command synopses (``branchplan CMD ... [--option ...]`` in sh blocks, with
    their continuation lines, or in backquotes), joined per command ("rules show" apart)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("branchplan ") or "[--" not in line:
                continue
            words = line.split()
            command = " ".join(words[1:3]) if words[1] == "rules" and words[2] in ("show", "kinds", "kind") else words[1]
            body = [line] + [x for x in _continuation(lines[i + 1:])]
            out[command] = out.get(command, "") + " " + " ".join(b.split("#", 1)[0] for b in body)
    for inline in re.findall(r"`(branchplan [^`]*\[--[^`]*)`", text):   # a synopsis in a sentence
        out[inline.split()[1]] = out.get(inline.split()[1], "") + " " + inline
    return out


def _continuation(lines: list[str]):
    for x in lines:
        if not x.startswith(" "):
            return
        yield x


def test_every_synopsis_names_exactly_the_options_of_its_command():
    import typer
    from typer.testing import CliRunner

    from branchplan.cli import app

    group = typer.main.get_command(app)
    synopses = _synopses()
    assert set(synopses) == {"solve", "check", "diff", "import", "report", "explain", "rules", "rules show",
                             "rules kinds", "rules kind", "schema"}
    with_lang = set()
    for name, synopsis in synopses.items():
        cmd = group
        for part in name.split():
            cmd = cmd.commands[part]
        options = {max(p.opts, key=len) for p in cmd.params if p.param_type_name == "option"} - {"--help"}
        if "--lang" in options:
            with_lang.add(name)
        named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", synopsis))
        named |= {"--" + {"o": "output", "r": "rules", "f": "format", "q": "quiet", "b": "branch"}[s]
                  for s in re.findall(r"(?<![\w-])-([a-z])\b", synopsis)}
        assert named == options, (name, sorted(named - options), sorted(options - named))
        res = CliRunner().invoke(app, name.split() + ["--help"], env={"COLUMNS": "200"})
        assert res.exit_code == 0, res.output
        assert all(o in res.stdout for o in options), name
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(r"`--lang zh\|en` on (.*?) \(default", text).group(1)
    assert set(re.findall(r"`([a-z]+(?: [a-z]+)?)`", listed)) == with_lang
    assert "`rules` and `rules show` have none" in text and not {"rules", "rules show"} & with_lang
