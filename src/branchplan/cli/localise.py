"""Command help in English or Chinese, and the ``--lang`` option every command can take.

Help texts are written in English; :class:`LocalisedGroup` translates a command's help,
its options' help and the help page's own words (headings, ``[default: ...]``, ``[env var:
...]``, ``COMMAND``) through :data:`branchplan.i18n.HELP_ZH` when the language is Chinese:
``--lang zh`` on the command line, else the locale (``LANG=zh_CN.UTF-8 branchplan solve
--help``). Untranslated texts stay in English. The command line's own errors (a missing
argument, a bad option value) follow the same language.
"""

from __future__ import annotations

import os
import re
import sys
import types
from enum import Enum
from typing import Optional

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError as ClickUsageError
from typer.core import TyperArgument, TyperGroup

from ..i18n import HELP_ZH, Lang, resolve_lang, t
from .choices import choice_option
from .widthwrap import WidthFormatter, first_sentence

#: click's own words on a help page, and their Chinese.
_WORDS = (
    ("Usage: ", "用法："), ("Usage:", "用法："), ("Options", "选项"), ("Arguments", "参数"), ("Commands", "命令"),
    ("Show this message and exit.", "显示此帮助并退出。"), ("Print the version and exit.", "显示版本号并退出。"),
    ("[default: ", "[默认："), ("; default: ", "；默认："), ("[required]", "[必填]"), ("; required]", "；必填]"),
    ("[env var: ", "[环境变量："), ("COMMAND [ARGS]...", "命令 [参数]..."), ("[ARGS]...", "[参数]..."),
    ("[OPTIONS]", "[选项]"),
)


#: An option's bracket of extras once its first word is Chinese: ``[默认：30.0; x>=0.01]``.
_EXTRAS = re.compile(r"\[(?:默认|必填|环境变量)[^\[\]]*\]")


def _words(text: str) -> str:
    for en, zh in _WORDS:
        text = text.replace(en, zh)
    return _EXTRAS.sub(lambda m: m.group(0).replace("; ", "；"), text)


class ChineseFormatter(WidthFormatter):
    """A help page with click's own words in Chinese, put in before the text is wrapped (so
    that a line break cannot split a phrase), wrapped by display width (widthwrap)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _words(args), "用法：" if prefix is None else _words(prefix))

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_words(heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_words(a), _words(b)) for a, b in rows], col_max, col_spacing)


def _in_chinese(ctx) -> None:
    ctx.formatter_class = ChineseFormatter


def plain_arguments(cmd) -> None:
    """An argument's help shows its name alone (``PLAN``), not also its type (``<path>``);
    an argument that takes one of a list of values keeps the list (``KIND <firms|plan|rules>``).
    The usage line names a required argument as usual (``FIRMS``, an optional one ``[FIRMS]``),
    not in braces as typer writes it (``{FIRMS}``, which reads as a set of choices)."""
    for p in getattr(cmd, "params", ()):
        if isinstance(p, TyperArgument):
            p.get_usage_pieces = types.MethodType(_usage_pieces, p)
            if not p.type_descriptor.is_choice:
                p.display_type_rich = lambda ctx: None


def _usage_pieces(param, ctx) -> list[str]:
    name = param.metavar or (param.name or "").upper()
    if not param.required:
        name = f"[{name}]"
    return [name + ("..." if param.nargs != 1 else "")]


class LangChoice(str, Enum):
    en = "en"
    zh = "zh"


LANG_HELP = t("Language of messages and reports: en or zh (default: from BRANCHPLAN_LANG or LANG/LC_ALL, else the "
              "system locale).",
              "消息和报告的语言：en 或 zh（默认取自 BRANCHPLAN_LANG 或 LANG/LC_ALL，均未设置时取系统区域设置）。")


def lang_option(help: str | None = None) -> Optional[LangChoice]:
    """``lang: Optional[LangChoice] = lang_option()`` in a command's signature (``help``: a
    command's own wording of what the language changes)."""
    return choice_option(LangChoice, None, "--lang", case_sensitive=False, help=help or LANG_HELP)


def chosen(value: Optional[LangChoice]) -> Lang:
    """The language for a command run: the option, else the locale."""
    return resolve_lang(value.value if value is not None else None)


def translate(text: str | None, lang: str) -> str | None:
    if not text or lang != "zh":
        return text
    key = " ".join(text.split("\f")[0].split())
    return HELP_ZH.get(key, text)


_LANG_KEY = "branchplan.lang"


def run_lang(ctx) -> Lang:
    """The language of this run (``--lang`` anywhere on the command line, else the locale)."""
    return ctx.meta.get(_LANG_KEY) or resolve_lang(None, os.environ)


def _lang_in(args: list[str]) -> Lang:
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return resolve_lang(args[i + 1].lower())
        if a.startswith("--lang="):
            return resolve_lang(a.split("=", 1)[1].lower())
    return resolve_lang(None, os.environ)


def localise_command(cmd, lang: str) -> None:
    """Translate a click command's help texts in place (commands are built anew per run)."""
    if lang != "zh" or getattr(cmd, "_branchplan_lang", None) == lang:
        return
    cmd.help = translate(cmd.help, lang)
    cmd.short_help = translate(cmd.short_help, lang)
    for p in cmd.params:
        if getattr(p, "help", None):
            p.help = translate(p.help, lang)
    plain = cmd.get_help

    def get_help(self, ctx) -> str:
        _in_chinese(ctx)
        return plain(ctx)

    cmd.get_help = types.MethodType(get_help, cmd)
    cmd._branchplan_lang = lang


def localise_usage_error(exc: ClickUsageError, lang: str) -> None:
    """A command-line error (a missing argument, a bad option value...) shown in ``lang``:
    for zh, its usage line, hint and message in Chinese (errtext.usage_zh). In any language,
    a stderr whose reader went away does not change its exit code (2, bad usage)."""
    plain = exc.show

    def shown(file=None) -> None:
        try:
            (show if lang == "zh" and not isinstance(exc, NoArgsIsHelpError) else plain)(file)
        except OSError:     # (a broken pipe, a full disk: the exit code says it)
            from .app import _silence_stdout

            _silence_stdout(sys.stderr)

    def show(file=None) -> None:
        from ..errtext import usage_zh

        ctx = exc.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = f"请用“{ctx.command_path} {ctx.help_option_names[0]}”查看帮助。\n"
            _in_chinese(ctx)
            typer.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=file is None, color=ctx.color)
        typer.echo(f"错误：{usage_zh(exc.format_message())}", file=file, err=file is None,
                   color=ctx.color if ctx is not None else None)

    exc.show = shown  # type: ignore[method-assign]


class LocalisedGroup(TyperGroup):
    """A command group (the root, ``rules``): translates the help of the command about to
    run, and the command line's own errors (a missing argument, a bad option value)."""

    def make_context(self, info_name, args, parent=None, **extra):
        lang = _lang_in(list(args))
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except ClickUsageError as exc:
            localise_usage_error(exc, lang)
            raise
        ctx.meta[_LANG_KEY] = lang
        return ctx

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ClickUsageError as exc:
            localise_usage_error(exc, run_lang(ctx))
            raise

    def resolve_command(self, ctx, args):
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            plain_arguments(cmd)
            localise_command(cmd, _lang_in(rest))
        return name, cmd, rest

    def get_help(self, ctx) -> str:
        lang = resolve_lang(None, os.environ)
        if lang == "zh":
            self.help = translate(self.help, lang)
            for p in self.params:
                if getattr(p, "help", None):
                    p.help = translate(p.help, lang)
            for cmd in self.commands.values():
                english = cmd.help
                cmd.help = translate(cmd.help, lang)
                cmd.short_help = translate(cmd.short_help, lang)
                if cmd.short_help is None and cmd.help and cmd.help != english:
                    cmd.short_help = first_sentence(cmd.help)
            _in_chinese(ctx)
        return super().get_help(ctx)


from . import help_zh as _help_zh  # noqa: E402,F401  (translations of plain-English help)

t("Party branch formation and joint-branch assignment for law firms: import a roster, solve, re-plan, check, diff, explain, report.",
  "律师事务所党支部设置与联合党支部组建：导入名册、求解、调整方案、检查、对比、解释、报告。")
