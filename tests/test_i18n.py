"""English and Chinese: the locale default, the catalogue, --help of every command in both
languages, the solve summary in both languages, the progress line."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.cli.localise import translate
from branchplan.cli.progress import Progress
from branchplan.i18n import MESSAGES, default_lang, pick, resolve_lang, text

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")
runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("env, lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"), ({"LC_ALL": "C", "LANG": "zh_CN"}, "en"),
])
def test_default_lang_follows_locale(env, lang, monkeypatch):
    monkeypatch.setattr("locale.getlocale", lambda *a: (None, None))   # (the system locale: see test_lang_default)
    assert default_lang(env) == lang
    assert resolve_lang("en", env) == "en" and resolve_lang("zh", env) == "zh"


def test_catalogue_is_complete_and_formats():
    for key, (en, zh) in MESSAGES.items():
        assert en and CJK.search(zh), key
        assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", zh)), key
    assert pick("a", "甲", "zh") == "甲" and pick("a", "", "zh") == "a" and pick("a", "甲", "en") == "a"
    assert text("solve.unassigned", "zh", n=3) == "3 个单位没有党员，未编入支部。"


def test_every_command_and_option_has_chinese_help():
    """New commands: wrap help texts in branchplan.i18n.t(en, zh) (or add them to cli/help_zh.py)."""
    group = typer.main.get_command(app)
    assert CJK.search(translate(group.help, "zh"))
    missing = []
    for name, cmd in group.commands.items():
        if not CJK.search(translate(cmd.help, "zh") or ""):
            missing.append(f"{name}: command help")
        for p in cmd.params:
            if getattr(p, "help", None) and not CJK.search(translate(p.help, "zh")):
                missing.append(f"{name} {p.name}: {p.help}")
    assert not missing, "untranslated help:\n" + "\n".join(missing)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_in_both_languages(command):
    en = runner.invoke(app, [command, "--help"], env={"LANG": "en_US.UTF-8", "LC_ALL": ""})
    zh = runner.invoke(app, [command, "--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    zh_flag = runner.invoke(app, [command, "--lang", "zh", "--help"], env={"LANG": "C", "LC_ALL": ""}) \
        if "--lang" in en.stdout else zh
    assert en.exit_code == zh.exit_code == zh_flag.exit_code == 0
    assert en.stdout.startswith("Usage:") and not CJK.search(en.stdout.split("\n", 3)[2])
    for out in (zh.stdout, zh_flag.stdout):
        assert out.startswith("用法：") and "选项：" in out and "显示此帮助并退出。" in out
        assert CJK.search(out.split("\n", 3)[2])  # the description line
    root = runner.invoke(app, ["--help"], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert root.exit_code == 0 and "命令：" in root.stdout and command in root.stdout


def test_solve_text_in_both_languages():
    en = runner.invoke(app, ["solve", str(GUIGANG), "-f", "text", "--lang", "en"])
    zh = runner.invoke(app, ["solve", str(GUIGANG), "-f", "text", "--lang", "zh"])
    assert en.exit_code == zh.exit_code == 0
    assert "10 branches: 4 standalone, 6 joint" in en.stdout and "单独组建" not in en.stdout
    assert "党支部 10 个：单独组建 4 个、联合组建 6 个" in zh.stdout and "standalone" not in zh.stdout
    assert "支部  类型" in zh.stdout and "目标值" in zh.stdout
    assert "\r" not in en.stderr  # no progress line when stderr is not a terminal


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_only():
    tty = _Tty()
    with Progress("solving", "jurisdictions", stream=tty, interval=3600) as p:
        p.update(3, 10)
        assert tty.getvalue().endswith("s") and "[#######.................] 3/10 jurisdictions" in tty.getvalue()
    assert tty.getvalue().endswith("\r")  # erased at the end
    pipe = io.StringIO()
    with Progress("solving", "jurisdictions", stream=pipe) as p:
        p.update(1, 1)
    assert pipe.getvalue() == ""
    quiet = _Tty()
    with Progress("solving", "jurisdictions", enabled=False, stream=quiet) as p:
        p.update(1, 2)
    assert quiet.getvalue() == ""


def test_quiet_solve_prints_no_notes(tmp_path):
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out), "--quiet"])
    assert res.exit_code == 0 and res.stderr == "" and out.exists()
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 0 and f"方案已写入 {out}" in res.stderr


class _GoneTty(_Tty):
    """A terminal that goes away after ``lines`` writes (a closed window: EIO)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.left = lines

    def write(self, text):
        if self.left <= 0:
            raise OSError(5, "Input/output error")
        self.left -= 1
        return super().write(text)


def test_a_terminal_that_goes_away_switches_the_progress_line_off():
    """The line is drawn from the solver's callback: a write that fails there must not end
    the solve (nor raise on the way out)."""
    gone = _GoneTty(1)
    with Progress("solving", "jurisdictions", stream=gone, interval=3600) as p:
        p.update(1, 10)
        p.update(2, 10)     # the terminal has gone: no error
        assert not p.enabled
        p.update(3, 10)
    assert "1/10" in gone.getvalue() and "2/10" not in gone.getvalue()
