"""Enum-valued options and arguments: a bad value is a usage error (exit 2) that names the
option, the value and the allowed values, worded like click's own; --help lists the choices."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

FORMAT = "'--format' / '-f'"
LANG = "'en', 'zh'"

#: (command words, option or None for an argument, how the error names it, allowed values)
CHOICES = [
    (["solve"], "--format", FORMAT, "'text', 'yaml', 'json', 'markdown'"),
    (["solve"], "--lang", "'--lang'", LANG),
    (["diff"], "--format", FORMAT, "'text', 'json', 'yaml', 'markdown'"),
    (["diff"], "--lang", "'--lang'", LANG),
    (["check"], "--format", FORMAT, "'text', 'json', 'github', 'sarif', 'junit', 'markdown'"),
    (["check"], "--lang", "'--lang'", LANG),
    (["explain"], "--format", FORMAT, "'text', 'json'"),
    (["explain"], "--lang", "'--lang'", LANG),
    (["rules"], "--format", FORMAT, "'text', 'json'"),
    (["rules", "kinds"], "--format", FORMAT, "'text', 'json'"),
    (["rules", "kinds"], "--lang", "'--lang'", LANG),
    (["rules", "kind"], "--lang", "'--lang'", LANG),
    (["schema"], None, "'KIND'", "'firms', 'plan', 'rules'"),
    (["schema"], "--lang", "'--lang'", LANG),
    (["report"], "--lang", "'--lang'", LANG),
    (["import"], "--lang", "'--lang'", LANG),
]


@pytest.mark.parametrize("words, option, named, allowed", CHOICES,
                         ids=[" ".join(c[0]) + " " + (c[1] or "ARG") for c in CHOICES])
def test_bad_choice_is_a_clean_usage_error(words, option, named, allowed):
    args = [*words, option, "xml"] if option else [*words, "xml"]
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert f"Error: Invalid value for {named}: 'xml' is not one of {allowed}.\n" in res.stderr
    assert "Value error" not in res.output
    assert "Traceback" not in res.output
    assert f"Usage: branchplan {' '.join(words)} " in res.stderr
    assert res.stdout == ""


def _help(words: list[str]) -> str:
    res = runner.invoke(app, [*words, "--help"])
    assert res.exit_code == 0, res.output
    return res.stdout


def _subcommands(help_text: str) -> list[str]:
    if "Commands:" not in help_text:
        return []
    return re.findall(r"^  (\w+)\s", help_text.split("Commands:")[1], re.M)


def _choice_params(help_text: str) -> set[str]:
    """The options (or argument names) whose help shows a list of choices, e.g. <text|json>."""
    return {m.group(1) for m in re.finditer(r"^\s+(?:-\w, )?(--?[\w-]+|\w+) <\w+(?:\|\w+)+>", help_text, re.M)}


def test_every_enum_valued_parameter_is_covered():
    """A new enum-valued option fails here until it is declared with cli.choices and listed above."""
    found, todo = set(), [[w] for w in _subcommands(_help([]))]
    assert len(todo) >= 8
    while todo:
        words = todo.pop()
        text = _help(words)
        found |= {(" ".join(words), p) for p in _choice_params(text)}
        todo += [[*words, w] for w in _subcommands(text)]
    assert found == {(" ".join(c[0]), c[1] or "KIND") for c in CHOICES}


def test_help_lists_the_choices():
    res = runner.invoke(app, ["check", "--help"])
    assert "--format <text|json|github|sarif|junit|markdown>" in res.stdout
    res = runner.invoke(app, ["schema", "--help"])
    assert "KIND <firms|plan|rules>" in res.stdout
    assert "--lang <en|zh>" in res.stdout


def test_lang_ignores_case_and_good_values_still_work():
    res = runner.invoke(app, ["schema", "firms", "--lang", "ZH"])
    assert res.exit_code == 0, res.output
    assert '"$schema"' in res.stdout
    res = runner.invoke(app, ["rules", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert res.stdout.lstrip().startswith("{")


def test_format_is_case_sensitive_like_before():
    res = runner.invoke(app, ["rules", "--format", "JSON"])
    assert res.exit_code == 2
    assert "'JSON' is not one of 'text', 'json'." in res.stderr


def test_a_value_that_looks_like_a_placeholder_is_quoted_as_given():
    res = runner.invoke(app, ["rules", "--format", "{message}"])
    assert res.exit_code == 2
    assert "'{message}' is not one of 'text', 'json'." in res.stderr
