"""branchplan solve FIRMS: group the firms into branches under the charter."""

from __future__ import annotations

import contextlib
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..api import solve as run_solve
from ..i18n import pick, t, text
from ..loader import limit_inputs
from ..charter import load_charter
from ..privacy import pseudonymise_roster, resolve_key, warn_named_ids
from ..render import plan_text, problems_text
from ..roster import load_roster
from ..solver.interrupt import stop_on_signals
from ..solver.options import SEED_RANGE, SolveOptions
from ..writing import check_target
from .app import (app, check_output, default_format, guarded, key_needs_pseudonymise, max_input_bytes_option,
                  parse_date, parse_size, protected, pseudonym_key_option, pseudonymise_option, serialise, write_output)
from .choices import choice_option, number_option
from .localise import LangChoice, chosen, lang_option
from .progress import Progress


class Format(str, Enum):
    text = "text"
    yaml = "yaml"
    json = "json"
    markdown = "markdown"


@app.command(help=t(
    "Group the firms into branches: own branches for firms with 3+ full members, joint branches for the rest.",
    "将各单位编入党支部：正式党员3人以上的单位单独建支部，其余单位联合组建支部。"))
@guarded
def solve(
    firms: Path = typer.Argument(..., readable=False, metavar="FIRMS", help=t("Firms file (YAML or JSON).", "单位名册文件（YAML 或 JSON）。")),
    rules: Optional[Path] = typer.Option(None, "--rules", "-r", readable=False, metavar="FILE", help=t(
        "Rules file (default: the shipped charter).", "规则文件（默认使用内置规则集）。")),
    output: Optional[Path] = typer.Option(None, "--output", "-o", readable=False, metavar="FILE", help=t(
        "Write the plan here (.yaml or .json).", "将方案写入此文件（.yaml 或 .json）。")),
    fmt: Optional[Format] = choice_option(Format, None, "--format", "-f", help=t(
        "What to print: text (default on a terminal or with -o), yaml, json; markdown (the change memo, with --current).",
        "输出内容：text（在终端或使用 -o 时默认）、yaml、json；markdown（调整说明，需 --current）。")),
    time_limit: Optional[float] = number_option(float, None, "--time-limit", min=0.01, metavar="SECONDS", help=t(
        "Seconds for the search (each jurisdiction still gets its first plan, so a very short limit is overrun).",
        "求解时间上限（秒）；每个辖区仍会先得到一个方案，过短的上限会被超出。")),
    seed: int = number_option(int, 0, "--seed", min=SEED_RANGE[0], max=SEED_RANGE[1], metavar="N", help=t(
        "Solver random seed (same seed, same plan).", "求解器随机种子（种子相同则方案相同）。")),
    workers: int = number_option(int, 1, "--workers", min=1, max=64, metavar="N", help=t(
        "Jurisdictions solved in parallel.", "并行求解的辖区数。")),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help=t(
        "Date standing is measured on (YYYY-MM-DD).", "党龄计算日（YYYY-MM-DD）。")),
    nearest: Optional[int] = number_option(int, None, "--nearest", min=1, metavar="K", help=t(
        "Candidate leads modelled per small firm in large cities (default 6, chosen by the bound; "
        "pairs left out are still proven useless or the gap is reported).",
        "大城市中为每个正式党员不足 3 名的单位建模的候选牵头单位数（默认 6 个，由下界选取；未建模的配对仍经下界证明无益，否则报告差距）。")),
    prove: bool = typer.Option(False, "--prove", help=t(
        "Keep solving large cities until the plan is proven optimal over all pairs (can take minutes; "
        "the progress line shows the gap left, and Ctrl-C keeps the plan in hand); "
        "without it a plan within a reported gap may be returned.",
        "持续求解大城市，直至方案在全部配对上被证明最优（可能需数分钟；进度行显示剩余差距，按 Ctrl-C 保留当前方案）；"
        "不加此项时可能返回注明差距的方案。")),
    verbose: bool = typer.Option(False, "--verbose", help=t(
        "Print the solver's search log.", "输出求解器的搜索日志。")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=t(
        "No progress line and no notes on stderr (errors are still printed).",
        "不在标准错误输出显示进度和提示（错误仍会输出）。")),
    pseudonymise: bool = pseudonymise_option(),
    pseudonym_key: Optional[str] = pseudonym_key_option(),
    lang: Optional[LangChoice] = lang_option(),
    current: Optional[Path] = typer.Option(None, "--current", readable=False, metavar="PLAN", help=t(
        "Re-plan from this plan, changing as little as possible.", "以此现行方案为基础调整，尽量少作变动。")),
    pin: list[str] = typer.Option([], "--pin", metavar="BRANCH_OR_FIRM", help=t(
        "With --current: keep this branch's firms, or this firm's branch (repeatable; branch:ID or firm:ID when ambiguous).",
        "配合 --current：保持此支部的单位不变，或此单位所在支部不变（可重复；有歧义时写 branch:ID 或 firm:ID）。")),
    max_moves: Optional[int] = number_option(int, None, "--max-moves", min=0, metavar="N", help=t(
        "With --current: at most N members change branch (per jurisdiction; with --old-firms, members who "
        "changed firm count too, as in check --base --base-firms).",
        "配合 --current：每个辖区至多 N 名党员变动支部（指定 --old-firms 时，调换单位的党员也计入，"
        "与 check --base --base-firms 的计数相同）。")),
    old_firms: Optional[Path] = typer.Option(None, "--old-firms", readable=False, metavar="OLD_FIRMS", help=t(
        "With --current: the firms file it was made for (follows members who changed firm: they move "
        "unless their new firm joins their old branch).",
        "配合 --current：现行方案所依据的名册（用于跟踪调换单位的党员：除非其新单位编入其原支部，否则视为调整支部）。")),
    changes: Optional[Path] = typer.Option(None, "--changes", readable=False, metavar="FILE", help=t(
        "With --current: write the change list here (.md, .yaml, .json or .txt).",
        "配合 --current：将变动清单写入此文件（.md、.yaml、.json 或 .txt）。")),
    show_names: bool = typer.Option(False, "--show-names", help=t(
        "With --current: show member names next to ids in the change list (as diff --show-names).",
        "配合 --current：在变动清单的党员编号旁显示姓名（同 diff --show-names）。")),
    max_input_bytes: Optional[str] = max_input_bytes_option(),
) -> None:
    """Group the firms into branches: own branches for firms with 3+ full members, joint branches for the rest.

    Ctrl-C, SIGTERM or SIGHUP stops the search: the best plan found so far is written (status
    feasible, with its gap) and the exit code is 130 / 143 / 129; without a plan nothing is written.
    """
    with limit_inputs(parse_size(max_input_bytes) if max_input_bytes is not None else None):
        _solve(firms, rules, output, fmt, time_limit, seed, workers, as_of, nearest, verbose, quiet, pseudonymise,
               pseudonym_key, lang, current, pin, max_moves, old_firms, changes, prove, show_names)


def _solve(firms, rules, output, fmt, time_limit, seed, workers, as_of, nearest, verbose, quiet, pseudonymise,
           pseudonym_key, lang, current, pin, max_moves, old_firms, changes, prove=False, show_names=False) -> None:
    language = chosen(lang)
    day = parse_date(as_of)
    inputs = [firms] + [p for p in (rules, current, old_firms) if p is not None]
    if output is not None:
        check_output(output, inputs, rules)  # a bad output path is a usage error before any work
    if changes is not None:
        check_target(changes, protected(inputs, rules))
    roster = load_roster(firms)
    if workers > 1 and len({roster.firm_jurisdiction(u) for u in (*roster.firms, *roster.hosts)}) > 1:
        from ..solver.solve import start_worker_server

        # small workers; the server imports the solver while the rest is read and the parts
        # are built (a roster of one jurisdiction is one part, solved in this process: no server)
        start_worker_server()
    old_roster = load_roster(old_firms) if current is not None and old_firms is not None else None
    if old_roster is not None:  # before names are pseudonymised: they tell whether ids carry over
        from ..origins import require_same_ids

        require_same_ids(roster, old_roster, str(firms), str(old_firms))
    names = None
    if show_names and current is not None:
        from ..privacy import names_to_show

        names = names_to_show([old_roster, roster], pseudonymise, pseudonym_key)
    key_needs_pseudonymise(pseudonymise, pseudonym_key)
    if pseudonymise:
        key = resolve_key(pseudonym_key)
        warn_named_ids(roster, str(firms))
        roster = pseudonymise_roster(roster, key)
        if old_roster is not None:  # both: members are followed, and compared, by id and name
            old_roster = pseudonymise_roster(old_roster, resolve_key(pseudonym_key))
    charter = load_charter(rules)
    opts = SolveOptions(time_limit=time_limit, seed=seed, workers=workers,
                        nearest=nearest if nearest is not None else -1, log=verbose, prove=prove)
    if current is not None:  # re-planning: cli/replan.py
        from .replan import run_replan

        with Progress(text("progress.solving", language), text("progress.parts", language),
                      enabled=not (quiet or verbose), language=language) as bar, stop_on_signals() as watch, \
                _first_plans_notice(language):
            try:
                run_replan(firms, roster, charter, opts, day, current, pin, max_moves, old_firms, changes,
                           rules, output, fmt.value if fmt else None, language, quiet, bar.update,
                           memo_lang="bi" if lang is None and language == "en" else None,
                           old_roster=old_roster, names=names)
            except typer.Exit as exc:
                if watch is not None and watch.signum is not None and exc.exit_code == 1:
                    raise typer.Exit(128 + watch.signum) from None
                raise
        _interrupted(watch, None, language)
        return
    _only_with_current(pin=pin, max_moves=max_moves, old_firms=old_firms, changes=changes,
                       markdown=fmt is Format.markdown, show_names=show_names)
    # (a signal once every jurisdiction has its plan, while it is verified, written and
    # printed, stops nothing: that plan is written, and the exit code says the signal)
    with stop_on_signals() as watch, _first_plans_notice(language):
        with Progress(text("progress.solving", language), text("progress.parts", language),
                      enabled=not (quiet or verbose), language=language) as bar:
            result = run_solve(roster, charter, opts, as_of=day, progress=bar.update)
        _show(result, watch, roster, fmt, output, inputs, rules, language, quiet)


def _show(result, watch, roster, fmt, output, inputs, rules, language: str, quiet: bool) -> None:
    """What solve says and writes once the solver is done (``watch``: its signals)."""
    signum = watch.signum if watch is not None else None
    if not result.ok:
        typer.echo(problems_text(result, language), err=True, nl=False)
        if fmt in (Format.json, Format.yaml) and signum is None:  # machine-readable: why, on stdout
            typer.echo(serialise(_no_plan(result), fmt.value), nl=False)
        if signum is not None:
            typer.echo(pick("interrupted before a plan was found; nothing written",
                            "求解被中断，尚未找到方案；未写出任何文件", language), err=True)
            raise typer.Exit(128 + signum)
        typer.echo(text("solve.no_plan" if result.plan.status == "infeasible" else "solve.not_found", language),
                   err=True)
        raise typer.Exit(1)
    data = result.plan.to_dict()
    if output is not None:
        write_output(output, data, inputs, rules)
    shown = default_format(fmt.value if fmt else None, output is not None)
    typer.echo(plan_text(result.plan, roster, language, written=None if output is None else str(output))
               if shown == "text" else serialise(data, shown), nl=False)
    if output is not None and not quiet:
        typer.echo(text("solve.written", language, path=output), err=True)
    _interrupted(watch, result.plan, language)


@contextlib.contextmanager
def _first_plans_notice(language: str):
    """Within the block, a stop request that leaves jurisdictions without a plan says on
    stderr that they get a first plan each (:func:`branchplan.solver.solve._first_plans`)."""
    from ..solver import interrupt

    def say(n: int) -> None:
        typer.echo(pick(f"stopping: a first plan for each of the {n} jurisdictions not yet solved "
                        "(Ctrl-C again stops at once, writing nothing)",
                        f"正在停止：为尚未求解的 {n} 个辖区各求一个初始方案（再按 Ctrl-C 立即停止，不写出任何文件）",
                        language), err=True)

    token = interrupt.first_plans_notice.set(say)
    try:
        yield
    finally:
        interrupt.first_plans_notice.reset(token)


def _no_plan(result) -> dict:
    """What --format json/yaml prints when no plan was found: the status, every
    jurisdiction's status, the reasons and each infeasible jurisdiction's conflict."""
    data = result.plan.to_dict()
    data["problems"] = list(result.problems)
    data["problems_zh"] = result.reasons("zh")
    data["conflicts"] = [c.to_dict() for c in result.conflicts]
    return data


def _interrupted(watch, plan, language: str) -> None:
    """After a solve that a signal cut short: say so (the plan shown is the best found so far)
    and exit with 128 + the signal number."""
    if watch is None or watch.signum is None:
        return
    if plan is not None:
        gap = f"{100 * plan.gap:.2f}%" if plan.gap is not None else "unknown"
        typer.echo(pick(f"interrupted: this is the best plan found so far (status {plan.status}, gap {gap})",
                        f"求解被中断：以上为目前找到的最好方案（状态 {plan.status}，差距 "
                        f"{gap if plan.gap is not None else '未知'}）", language), err=True)
    else:
        typer.echo(pick("interrupted: this is the best plan found so far",
                        "求解被中断：以上为目前找到的最好方案", language), err=True)
    raise typer.Exit(128 + watch.signum)


def _only_with_current(**given) -> None:
    names = {"pin": "--pin", "max_moves": "--max-moves", "old_firms": "--old-firms", "changes": "--changes",
             "show_names": "--show-names", "markdown": "--format markdown"}
    used = [names[k] for k, v in given.items() if v not in (None, [], False)]
    if used:
        from ..errors import UsageError
        from ..errtext import say

        raise UsageError(say("usage.only_with_current", options=", ".join(used), s="s" if len(used) == 1 else ""))

