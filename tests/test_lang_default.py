"""The language default: BRANCHPLAN_LANG, else the locale's variables (LC_ALL, LC_MESSAGES,
LANG), else, where none is set (Windows sets none of them), the system locale as Python's
``locale.getlocale()`` reads it: a Chinese clerk's Windows PC gives 'Chinese (Simplified)_China'."""

from __future__ import annotations

import importlib.util
import locale
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
#: the command's entry point, outside the package (read from the tree: an install copies it)
_spec = importlib.util.spec_from_file_location("branchplan_start_in_tree", ROOT / "src" / "branchplan_start.py")
branchplan_start = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(branchplan_start)
runner = CliRunner()
LANG_VARS = ("BRANCHPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
UNSET = {var: None for var in LANG_VARS}      # (CliRunner: None removes the variable)


def _system(monkeypatch, name):
    """The system locale's language name, as locale.getlocale() gives it (an exception: raised)."""
    def getlocale(*args):
        if isinstance(name, BaseException):
            raise name
        return (name, "936" if name and name.startswith("Chinese") else "UTF-8")
    monkeypatch.setattr(locale, "getlocale", getlocale)


def _environ(monkeypatch, env):
    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)


@pytest.mark.parametrize("system, lang", [
    ("Chinese (Simplified)_China", "zh"),          # Windows
    ("Chinese (Traditional)_Taiwan", "zh"),
    ("Chinese_China", "zh"),
    ("zh_CN", "zh"),                               # POSIX, and newer Pythons on Windows
    ("English_United States", "en"),
    ("en_US", "en"),
    ("C", "en"),
    (None, "en"),                                  # no locale set
    (ValueError("unknown locale: UTF-8"), "en"),   # a locale that cannot be read: never raises
])
def test_without_the_variables_the_system_locale_decides(monkeypatch, system, lang):
    from branchplan.i18n import default_lang, system_is_chinese

    _system(monkeypatch, system)
    _environ(monkeypatch, {})
    assert system_is_chinese() is (lang == "zh")
    assert default_lang({}) == lang and default_lang() == lang
    assert branchplan_start._chinese() is (lang == "zh")     # the start-up's interrupted message


@pytest.mark.parametrize("env, lang", [
    ({"LANG": "en_US.UTF-8"}, "en"), ({"LC_ALL": "C"}, "en"), ({"LC_MESSAGES": "en_GB"}, "en"),
    ({"BRANCHPLAN_LANG": "en"}, "en"), ({"BRANCHPLAN_LANG": "EN"}, "en"),
    ({"BRANCHPLAN_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
    ({"BRANCHPLAN_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"), ({"BRANCHPLAN_LANG": "ZH"}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, "en"),  # (an empty variable is not set)
])
@pytest.mark.parametrize("system", ["Chinese (Simplified)_China", "en_US"])
def test_a_variable_set_comes_before_the_system_locale(monkeypatch, env, lang, system):
    from branchplan.i18n import LANG_VARS as in_order, default_lang

    assert in_order == LANG_VARS
    _system(monkeypatch, system)
    _environ(monkeypatch, env)
    assert default_lang(env) == lang and default_lang() == lang
    assert branchplan_start._chinese() is (lang == "zh")


def test_a_chinese_windows_pc_gets_chinese_messages_and_help(monkeypatch, tmp_path):
    _system(monkeypatch, "Chinese (Simplified)_China")
    missing = str(tmp_path / "无此文件.yaml")
    res = runner.invoke(app, ["solve", missing], env=UNSET)
    assert (res.exit_code, res.stderr) == (2, f"{missing}: 文件不存在\n")
    assert runner.invoke(app, ["solve", "--help"], env=UNSET).stdout.startswith("用法：branchplan solve [选项] FIRMS")
    usage = runner.invoke(app, ["solve"], env=UNSET)     # the command line's own errors too
    assert usage.exit_code == 2 and "错误：缺少参数“FIRMS”。" in usage.stderr
    en = runner.invoke(app, ["solve", missing], env={**UNSET, "BRANCHPLAN_LANG": "en"})
    assert en.exit_code == 2 and en.stderr != res.stderr
    assert "用法：" not in runner.invoke(app, ["solve", "--help"], env={**UNSET, "LANG": "C"}).stdout
    _system(monkeypatch, "English_United States")
    assert runner.invoke(app, ["solve", missing], env=UNSET).stderr == en.stderr
