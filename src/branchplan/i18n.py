"""Chinese and English for everything a person reads: messages, reports, command help.

``pick(en, zh, lang)`` chooses one of two texts; ``text(key, lang, **values)`` looks a
message up in the catalogue below (a count written ``{n:@unit}`` reads "1 unit" / "2 units",
``{n:@unit has/units have}`` picks between two phrasings: see :func:`plural`); ``default_lang()`` follows
``BRANCHPLAN_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: a value starting
with ``zh`` means Chinese, anything else English), else, where none is set (Windows sets
none), the system locale (:func:`system_is_chinese`). Command help is written in English and translated through ``HELP_ZH``
(register a pair where the help is written with ``t(en, zh)``).
"""

from __future__ import annotations

import locale
import re

import os
import string
from typing import Literal, Mapping

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


#: The variables that name the language, first first: branchplan's own, then the POSIX locale's.
LANG_VARS = ("BRANCHPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def default_lang(env: Mapping[str, str] | None = None) -> Lang:
    """The language of the locale: the first of BRANCHPLAN_LANG, LC_ALL, LC_MESSAGES, LANG
    that is set (a value starting with zh means Chinese, any other English); where none is,
    the system locale's (:func:`system_is_chinese`)."""
    env = os.environ if env is None else env
    for var in LANG_VARS:
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh" if system_is_chinese() else "en"


def system_is_chinese() -> bool:
    """Whether the system locale is Chinese: Windows sets none of the locale's variables, and
    keeps the language of its region setting where Python's ``locale.getlocale()`` reads it
    ('Chinese (Simplified)_China', or 'zh_CN' on newer Pythons; POSIX names such as 'zh_CN'
    elsewhere). Never raises: a locale that cannot be read is not Chinese."""
    try:
        name = locale.getlocale()[0]
    except Exception:       # (an unknown locale name: ValueError)
        return False
    return isinstance(name, str) and name.strip().lower().startswith(("zh", "chinese"))


def resolve_lang(value: str | None, env: Mapping[str, str] | None = None) -> Lang:
    """An explicit ``--lang`` value, else the locale's language."""
    if value in LANGS:
        return value  # type: ignore[return-value]
    return default_lang(env)


def as_lang(value: str, name: str = "lang") -> Lang:
    """A library argument's language: en or zh, in any case (as ``--lang`` takes it); another
    language is a UsageError naming the parameter, a value that is no text a TypeError."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected 'en' or 'zh', got {type(value).__name__}")
    lang = value.strip().lower()
    if lang not in LANGS:
        from .errors import UsageError

        raise UsageError(f"{name}: {value!r} is not a language of branchplan; choose en or zh")
    return lang  # type: ignore[return-value]


def pick(en: str, zh: str, lang: str) -> str:
    """The Chinese text when ``lang`` is zh and there is one, else the English."""
    return zh if lang == "zh" and zh else en


def plural(n: int, one: str, many: str | None = None) -> str:
    """A count with its noun: ``plural(1, "unit")`` is "1 unit", ``plural(3, "unit")`` "3 units";
    ``many`` for irregular plurals (``plural(2, "branch", "branches")``)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


class _Formatter(string.Formatter):
    """str.format with one more spec: ``{n:@word}`` / ``{n:@one/many}`` is :func:`plural`."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("@"):
            one, _, many = format_spec[1:].partition("/")
            return plural(value, one, many or None)  # type: ignore[arg-type]
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def text(key: str, lang: str, **values: object) -> str:
    """A catalogue message, formatted with ``values``; a file path among them (``path``,
    ``plan``) with its control characters shown escaped: a path holding a line break would
    otherwise start a line of its own (in a CI log, one that reads as a workflow command)."""
    en, zh = MESSAGES[key]
    for name in ("path", "plan"):
        v = values.get(name)
        if v is not None and not isinstance(v, (int, float)):
            from .errors import one_line

            values[name] = one_line(str(v))
    return _FORMATTER.format(pick(en, zh, lang), **values)


#: Command and option help in Chinese, keyed by the English text (see cli/localise.py).
HELP_ZH: dict[str, str] = {}


def t(en: str, zh: str) -> str:
    """Register a help text's Chinese translation; returns the English (typer's help=)."""
    HELP_ZH[" ".join(en.split())] = zh
    return en


#: key -> (English, Chinese). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # where a rule applies (rules files' jurisdictions: / except_jurisdictions:)
    "where.everywhere": ("everywhere", "所有辖区"),
    "where.only": ("only in {names}", "仅在 {names}"),
    "where.except": ("except {names}", "除 {names} 外"),
    # report
    "report.title": ("Party branch plan", "党支部设置方案"),
    "report.summary": ("Summary", "概况"),
    "report.map": ("Map", "分布图"),
    "report.map_detail": ("{city}: the crowded centre enlarged", "{city}：中心城区放大"),
    "report.no_location": ("Not drawn (no location): {n:@unit} with members.",
                           "{n} 个有党员的单位没有坐标，未在图中标出。"),
    "report.branches": ("Branches", "支部一览"),
    "report.findings": ("Findings", "检查结果"),
    "col.findings": ("Findings", "问题数"),
    "report.changes": ("Changes from the base plan", "与原方案相比的变化"),
    "report.rules": ("Rules and their cost", "规则与代价"),
    "report.no_findings": ("No rule is broken.", "未发现违反规则的情况。"),
    "report.no_changes": ("No changes.", "没有变化。"),
    "report.no_map": ("No unit has a location; no map can be drawn.", "各单位均无坐标，无法绘制分布图。"),
    "report.generated": ("Generated by branchplan {version} from {files}.", "由 branchplan {version} 根据 {files} 生成。"),
    "report.charter_other": ("The plan records charter {recorded}; this report judges it under {charter}: its "
                             "costs, limits and findings are {charter}'s.",
                             "方案文件记录的规则集为 {recorded}；本报告按 {charter} 评估，其中的分值、界限和检查结果均按 {charter}。"),
    "report.meta": ("Charter {charter} · standing as of {as_of} · plan status {status}",
                    "规则集 {charter} · 党龄计算日 {as_of} · 方案状态 {status}"),
    "fig.firms": ("units", "单位"),
    "fig.with_members": ("{n} with Party members", "有党员的单位 {n} 个"),
    "fig.member_split": ("{full} full, {probationary} probationary", "正式党员 {full} 名、预备党员 {probationary} 名"),
    "fig.branch_split": ("{standalone} standalone, {joint} joint", "单独组建 {standalone} 个、联合组建 {joint} 个"),
    "fig.host_split": (", {host} with a host", "、编入托管组织 {host} 个"),
    "fig.soft_n": ("{n:@soft finding}", "软性规则提示 {n} 项"),
    "fig.firms.one": ("unit", "单位"),
    "fig.members": ("Party members", "党员"),
    "fig.members.one": ("Party member", "党员"),
    "fig.branches": ("branches", "党支部"),
    "fig.branches.one": ("branch", "党支部"),
    "fig.hard": ("hard findings", "硬性规则违反"),
    "fig.hard.one": ("hard finding", "硬性规则违反"),
    "fig.objective": ("objective (points)", "目标值（分）"),
    "fig.objective_net": ("objective without the moves (points)", "目标值（不含人员调整代价，分）"),
    "fig.moves_recorded": ("moves from the plan it was re-planned from, as the plan file records them (give "
                           "--base to recompute), not included: {rules} {cost}; a re-plan's objective: {total}",
                           "不含人员调整代价 {rules} {cost}（据方案文件记载，可用 --base 重新计算）；含调整代价的目标值 {total}"),
    "fig.moves_cost": ("moves from the base, not included: {rules} {cost}; a re-plan's objective: {total}",
                       "不含人员调整代价（{rules} {cost}）；含调整代价的目标值 {total}"),
    "col.branch": ("Branch", "支部"),
    "col.kind": ("Kind", "类型"),
    "col.lead": ("Lead", "牵头单位"),
    "col.firm": ("Unit", "单位"),
    "col.name": ("Name", "名称"),
    "col.district": ("District", "区县"),
    "col.members": ("Members", "党员"),
    "col.full": ("Full", "正式"),
    "col.probationary": ("Probationary", "预备"),
    "col.director": ("Director a member", "主任是党员"),
    "col.distance": ("km to lead", "距牵头单位（公里）"),
    "col.distance_planar": ("Distance to lead", "距牵头单位"),
    "col.severity": ("Severity", "性质"),
    "col.rule": ("Rule", "规则"),
    "col.message": ("Finding", "说明"),
    "col.cost": ("Cost", "代价"),
    "col.priority": ("Priority", "优先级"),
    "col.measure": ("Measure", "度量"),
    "col.change": ("Change", "变化"),
    "branch.leadership": ("Leadership", "领导形式"),
    "branch.member_split": (" ({full} full, {probationary} probationary)", "（正式党员 {full}、预备党员 {probationary}）"),
    "branch.candidates": ("Secretary candidates (full members, 1+ year)", "书记人选（正式党员且党龄满1年）"),
    "leadership.committee": ("branch committee", "支部委员会"),
    "leadership.secretary": ("secretary", "支部书记"),
    "kind.standalone": ("standalone", "单独组建"),
    "kind.joint": ("joint", "联合组建"),
    "kind.host": ("with a host organisation", "编入托管组织"),
    "severity.hard": ("hard", "硬性"),
    "severity.soft": ("soft", "软性"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "unassigned": ("{n:@unit} without Party members, not assigned: {ids}",
                   "{n} 个单位没有党员，未编入支部：{ids}"),
    "unassigned_more": (" and {n} more (all in the workbook: branchplan report -o report.xlsx)",
                        "等，另有 {n} 个（全部见工作簿：branchplan report -o report.xlsx）"),
    "chg.from": ("From", "原支部"),
    "chg.to": ("To", "新支部"),
    "chg.joined_firm": ("(members who joined this firm from another)", "（由其他单位调入本单位的党员）"),
    "chg.old_cost": ("Base cost", "原代价"),
    "chg.hard_count": ("(hard: findings)", "（硬性：问题数）"),
    "chg.new_cost": ("New cost", "新代价"),
    "chg.delta": ("Change", "变化"),
    # change figures: the count is shown in bold (see htmlreport._change_figures)
    "chg.members_moved": ("{n:@member moves/members move}", "调整支部的党员 {n} 名"),
    "chg.firms_moved": ("{n:@unit moves/units move}", "调整支部的单位 {n} 个"),
    "chg.firms_added": ("{n:@unit added/units added}", "新增单位 {n} 个"),
    "chg.firms_removed": ("{n:@unit removed/units removed}", "减少单位 {n} 个"),
    "chg.firms_renamed": ("{n:@unit renamed/units renamed}", "更名单位 {n} 个"),
    "chg.firms_repeated": ("{n:@unit/units} listed twice in one branch", "在同一支部中重复列出的单位 {n} 个"),
    "chg.members_left": ("{n:@member/members} left the roster", "离开名册的党员 {n} 名"),
    "chg.members_new": ("{n:@member/members} new to the roster", "新列入名册的党员 {n} 名"),
    "chg.firms_emptied": ("of which {n:@unit has/units have} no Party members any more", "其中已无党员的单位 {n} 个"),
    "chg.firms_unassigned": ("of which {n:@unit is/units are} still in the firms file but in no branch",
                             "其中仍在名册中但未编入支部的单位 {n} 个"),
    "chg.firms_duplicated": ("{n:@unit listed/units listed} in more than one branch at once (duplicated)",
                             "重复编入多个支部的单位 {n} 个"),
    "chg.firms_no_longer_duplicated": ("{n:@unit/units} no longer listed twice", "不再重复编入的单位 {n} 个"),
    "chg.branches_created": ("{n:@branch created/branches created}", "新建支部 {n} 个"),
    "chg.branches_dissolved": ("{n:@branch dissolved/branches dissolved}", "撤销支部 {n} 个"),
    "chg.branches_merged": ("{n:@branch merged/branches merged}", "合并支部 {n} 个"),
    "chg.branches_split": ("{n:@branch split/branches split}", "拆分支部 {n} 个"),
    "chg.graduations": ("{n:@firm forms its/firms form their} own branch", "转为单独组建支部的单位 {n} 个"),
    "chg.ids_reused": ("{n:@old id names/old ids name} a new branch", "沿用旧编号的新支部 {n} 个"),
    "chg.lead_changes": ("{n:@lead change}", "更换牵头单位的支部 {n} 个"),
    "chg.created": ("{branch} is created (lead {lead}: {firms})", "新建 {branch}（牵头 {lead}：{firms}）"),
    "chg.dissolved": ("{branch} is dissolved (lead {lead}: {firms})", "撤销 {branch}（牵头 {lead}：{firms}）"),
    "chg.merged": ("{branch} merges units from {others}", "{branch} 由 {others} 的单位合并而成"),
    "chg.split": ("{branch} splits into {others}", "{branch} 拆分为 {others}"),
    "chg.graduation": ("{firm} leaves {from_branch} and forms its own branch {to_branch}",
                       "{firm} 离开 {from_branch}，单独组建支部 {to_branch}"),
    "chg.graduation_in_place": ("{firm} now has the full members for its own branch: {to_branch} is no longer joint",
                                "{firm} 正式党员已达单独组建支部的人数：{to_branch} 由联合组建改为单独组建"),
    "chg.graduation_host": ("{firm} leaves {from_branch}, the branch with host organisation {host}, and forms "
                            "its own branch {to_branch}", "{firm} 离开托管组织 {host} 的 {from_branch}，单独组建支部 {to_branch}"),
    "chg.host_changes": ("{n:@host organisation change/host organisation changes}", "托管组织变动 {n} 处"),
    "chg.host_joins": ("host organisation {host} takes {to_branch}", "托管组织 {host} 牵头 {to_branch}"),
    "chg.host_leaves": ("host organisation {host} leaves {from_branch} and leads no branch",
                        "托管组织 {host} 退出 {from_branch}，不再牵头支部"),
    "chg.host_moves": ("host organisation {host} leaves {from_branch} for {to_branch}",
                       "托管组织 {host} 由 {from_branch} 改为牵头 {to_branch}"),
    "chg.lead": ("{branch}: lead {old} → {new}", "{branch}：牵头单位 {old} → {new}"),
    "chg.lead_outside": ("{branch}: a new branch under the old id, led by {new} (the old branch, led by {old}, ends)",
                         "{branch}：沿用旧编号的新支部，由 {new} 牵头（原由 {old} 牵头的支部撤销）"),
    "chg.renamed": ("{old} is now {new} (renamed, in {branch})", "{old} 现为 {new}（更名，原在 {branch}）"),
    "chg.added": ("{firm} is new, in {branch}", "{firm} 为新增单位，编入 {branch}"),
    "chg.removed": ("{firm} is no longer listed (was in {branch})", "{firm} 不再列入（原在 {branch}）"),
    "chg.emptied": ("{firm} has no Party members any more (was in {branch})", "{firm} 已无党员（原在 {branch}）"),
    "chg.unassigned": ("{firm} is in no branch now, though still in the firms file (dropped; was in {branch})",
                       "{firm} 仍在名册中，但未编入任何支部（原在 {branch}）"),
    "chg.duplicated": ("{firm} is listed in {n} branches at once (duplicated): {branches}; before: {before}",
                       "{firm} 重复编入 {n} 个支部：{branches}；原为：{before}"),
    "chg.no_longer_duplicated": ("{firm} is no longer listed twice: {branches}; before: {before}",
                                 "{firm} 不再重复编入多个支部：{branches}；原为：{before}"),
    "status.optimal": ("optimal", "最优"),
    "status.feasible": ("feasible", "可行"),
    "status.infeasible": ("infeasible", "无可行方案"),
    "status.unknown": ("unknown", "未知"),
    "status.proposed": ("proposed", "拟定"),
    # solve text
    "solve.plan": ("Plan ({status}) for {cities}, charter {charter}, standing as of {as_of}",
                   "{cities}党支部设置方案（{status}），规则集 {charter}，党龄计算日 {as_of}"),
    "solve.units": ("{firms:@unit}, {with_members} with Party members; {members:@member} ({full} full, "
                    "{probationary} probationary)",
                    "共 {firms} 个单位，其中 {with_members} 个有党员；党员 {members} 名（正式 {full}、预备 {probationary}）"),
    "solve.branches": ("{branches:@branch/branches}: {standalone} standalone, {joint} joint",
                       "党支部 {branches} 个：单独组建 {standalone} 个、联合组建 {joint} 个"),
    "solve.hosts": (", {host} with host organisations", "、编入托管组织 {host} 个"),
    "solve.levels": ("; of all of them, {levels}", "；其中{levels}"),
    "level.general_branch": ("general branch", "党总支"),
    "level.primary_committee": ("primary committee", "基层党委"),
    "leadership.general_branch": ("general branch committee", "党总支委员会"),
    "leadership.primary_committee": ("Party committee", "党委"),
    "solve.more_branches": ("... and {n:@more branch/more branches}: every branch is in {path} (branchplan report "
                            "makes a workbook or web page of them)",
                            "……另有 {n} 个支部：全部支部见 {path}（branchplan report 可生成工作簿或网页）"),
    "solve.unassigned": ("{n:@unit} without Party members, not assigned.", "{n} 个单位没有党员，未编入支部。"),
    "solve.objective": ("objective {total} points (bound {bound}, gap {gap}%)", "目标值 {total} 分（下界 {bound}，差距 {gap}%）"),
    "solve.objective_unbounded": ("objective {total} points (no bound over all pairs: see the note)",
                                  "目标值 {total} 分（无覆盖全部组合的下界：见说明）"),
    "solve.note": ("note: {name}: {note}", "说明：{name}：{note}"),
    "solve.rule_cost": ("  {code:<22} priority {priority}  measure {measure:>12}  cost {cost:>12}",
                        "  {code:<22} 优先级 {priority}  度量 {measure:>12}  代价 {cost:>12}"),
    "solve.handovers": ("  ({cost} of the cost: {n:@lead handover} within a branch, which moves nobody)",
                        "（其中 {cost} 分：支部内更换牵头单位 {n} 处，不涉及党员变动）"),
    "solve.header": ("branch|kind|lead|members|full|firms", "支部|类型|牵头单位|党员|正式|单位"),
    # per-jurisdiction status (jstatus.py): solve's table and the report's section
    "jstatus.header": ("jurisdiction|branches|status|gap|how proven", "辖区|支部|状态|差距|证明方式"),
    "jstatus.others_proven": ("{n:@other jurisdiction} proven optimal over all pairs",
                              "其余 {n} 个辖区均已证明全局最优"),
    "jstatus.all_proven": ("all {n} jurisdictions proven optimal over all pairs", "全部 {n} 个辖区均已证明全局最优"),
    "proof.all_pairs": ("all pairs modelled", "全部配对建模"),
    "proof.bound": ("bound over all pairs", "下界覆盖全部配对"),
    "proof.open": ("not proven: search stopped", "未证明：求解已停止"),
    "proof.restricted": ("nearest candidates only", "仅含就近候选"),
    "proof.none": ("no plan", "无方案"),
    "report.jurisdictions": ("Jurisdictions", "各辖区求解情况"),
    "report.meta_bound": (" · bound {bound} · gap {gap}%", " · 下界 {bound} · 差距 {gap}%"),
    "report.meta_bound_only": (" · bound {bound} (it bounds plans that keep every hard rule)",
                                " · 下界 {bound}（适用于符合全部硬性规则的方案）"),
    "report.meta_no_bound": (" · no valid bound", " · 无有效下界"),
    "report.stale": ("Recorded in the plan file but no longer true of its branches (the figures above and in "
                     "the table of jurisdictions are recomputed from the branches, as check does):",
                     "方案文件中已与各支部现状不符的记载（上方及辖区表中的数字已按 check 的方式依据各支部重新计算）："),
    "col.jurisdiction": ("Jurisdiction", "辖区"),
    "col.branches": ("Branches", "支部"),
    "col.firms_placed": ("Firms", "单位"),
    "col.members_split": ("{full} full, {probationary} probationary", "正式党员 {full} 名，预备党员 {probationary} 名"),
    "col.status": ("Status", "状态"),
    "col.objective": ("Objective", "目标值"),
    "col.bound": ("Bound", "下界"),
    "col.gap": ("Gap", "差距"),
    "col.how": ("How proven", "证明方式"),
    "col.note": ("Note", "说明"),
    "solve.no_plan": ("no plan satisfies the charter; nothing written", "没有满足规则的方案；未写出任何文件"),
    "solve.not_found": ("no plan found; nothing written", "未找到方案；未写出任何文件"),
    "solve.no_plan_requests": ("no plan keeps these pins within the moves cap; nothing written",
                               "没有能同时满足这些固定要求和变动上限的方案；未写出任何文件"),
    "solve.no_plan_pins": ("no plan keeps these pins; nothing written", "没有能满足这些固定要求的方案；未写出任何文件"),
    "solve.no_plan_cap": ("no plan stays within the moves cap; nothing written",
                          "没有能控制在变动上限以内的方案；未写出任何文件"),
    "solve.written": ("plan written to {path}", "方案已写入 {path}"),
    "report.written": ("report written to {path}", "报告已写入 {path}"),
    # why no plan exists (infeasible.Conflict.text)
    "infeasible.heading": ("{jurisdiction}: no plan satisfies the hard rules.", "{jurisdiction}：没有满足硬性规则的方案。"),
    "infeasible.heading_unknown": ("{jurisdiction}: no plan found.", "{jurisdiction}：未找到方案。"),
    "infeasible.minimal": ("Minimal conflict, {n:@rule instance}; dropping any one makes the rest satisfiable:",
                           "最小冲突，共 {n} 项规则要求；去掉其中任意一项，其余各项即可同时满足："),
    "infeasible.counted": ("Conflict, {n:@rule instance}, proven by the count above (not shown to be minimal):",
                           "冲突，共 {n} 项规则要求，已由上述计数证明（未证明是最小冲突）："),
    "infeasible.not_minimal": ("Conflict (not proven minimal: the explanation's time ran out), {n:@rule instance}:",
                               "冲突，共 {n} 项规则要求（解释用时已尽，未能证明是最小冲突）："),
    "infeasible.firms": ("Firms involved: {ids}{members}", "涉及单位：{ids}{members}"),
    "infeasible.members": (" (members {ids})", "（党员 {ids}）"),
    "infeasible.others": ("No branch can take these firms either: {ids}", "以下单位同样没有支部能接收：{ids}"),
    "infeasible.remedies": ("What would fix it (each change checked on its own):",
                            "以下任一修改即可得到方案（每项都已单独验算）："),
    "infeasible.no_remedy": ("No single change tried (a host, a fallback, one rule's bound) is enough on its own.",
                             "所试的单项修改（设立托管组织、允许兜底编入、放宽某条规则的界限）都不足以单独解决。"),
    "infeasible.no_remedy_undecided": (
        "No single change tried (a host, a fallback, one rule's bound) was found enough on its own; "
        "the explanation's time ran out before every change was decided.",
        "所试的单项修改（设立托管组织、允许兜底编入、放宽某条规则的界限）中未发现足以单独解决的；"
        "解释用时已尽，尚有修改未能验算。"),
    "infeasible.time_limit": ("The explanation stopped at the time limit (--time-limit): without it, it may go "
                              "further and name other rules.",
                              "解释在时间限制（--time-limit）处停止：不设限时可能更完整，所列规则也可能不同。"),
    # why pins or the --max-moves cap leave no plan (solver.continuity.explain_requests)
    "replan.pin_fails": ("{jurisdiction}: the pin {names} cannot hold: no plan keeps it and satisfies the charter's "
                         "hard rules{without}{stands}. Drop or change this pin.",
                         "{jurisdiction}：固定的{names} 无法保持：保留它就没有满足规则集硬性规则的方案"
                         "{without}{stands}。请取消或修改这一固定。"),
    "replan.pins_fail": ("{jurisdiction}: the pins {names} cannot all hold together: no plan keeps them and "
                         "satisfies the charter's hard rules{without}{stands}. "
                         "Drop or change these pins.",
                         "{jurisdiction}：固定的{names} 无法同时保持：全部保留就没有满足规则集硬性规则的方案"
                         "{without}{stands}。请取消或修改这些固定。"),
    # (said only where it is so: where the pins or the cap fail in more than one way, each
    # way is told without it)
    "replan.without_pin": (" (without it a plan exists)", "（不固定它则有方案）"),
    "replan.without_pins": (" (without them a plan exists)", "（不固定它们则有方案）"),
    "replan.without_cap": (" (without {cap} a plan exists)", "（不设 {cap} 则有方案）"),
    "replan.time_limit": ("The explanation stopped at the time limit (--time-limit): the requests named may not be "
                          "the fewest that fail together.",
                          "解释在时间限制（--time-limit）处停止：所列的固定或上限未必是最少的冲突组合。"),
    "replan.effort": ("The explanation's effort ran out before every request was decided: the requests named may not "
                      "be the fewest that fail together.",
                      "解释所用的计算量已尽，尚有固定或上限未能判定：所列的未必是最少的冲突组合。"),
    "replan.requests_undecided": ("{jurisdiction}: no plan satisfies the charter's hard rules and keeps {names}; "
                                  "whether the charter has a plan without them was not decided within the "
                                  "explanation's effort.",
                                  "{jurisdiction}：没有既满足规则集硬性规则又保持{names}的方案；在解释所用的计算量内"
                                  "未能判断不设这些要求时规则集是否有方案。"),
    "replan.requests_undecided_time": ("{jurisdiction}: no plan satisfies the charter's hard rules and keeps {names}; "
                                       "the explanation stopped at the time limit (--time-limit) before it could "
                                       "tell whether the charter has a plan without them.",
                                       "{jurisdiction}：没有既满足规则集硬性规则又保持{names}的方案；解释在时间限制"
                                       "（--time-limit）处停止，未能判断不设这些要求时规则集是否有方案。"),
    "replan.as_it_stands": ("; as it stands, {facts}", "；按现状，{facts}"),
    "replan.elsewhere": ("{label} also holds {ids} of another jurisdiction", "{label} 还包含其他辖区的 {ids}"),
    "replan.cap_too_small": ("{jurisdiction}: {cap} is too small: satisfying the charter{keeping} moves {need}"
                             "{without}. Raise the cap.",
                             "{jurisdiction}：{cap} 过小：{keeping}满足规则集需要调整{need}党员的支部"
                             "{without}。请放宽上限。"),
    "replan.cap_too_small_pins": ("{jurisdiction}: {cap} is too small: satisfying the charter{keeping} moves {need}"
                                  "{without}. Raise the cap or drop these pins.",
                                  "{jurisdiction}：{cap} 过小：{keeping}满足规则集需要调整{need}党员的支部"
                                  "{without}。请放宽上限或取消这些固定。"),
    "replan.keeping": (" while keeping {names}", "在保留{names} 的同时，"),
    "replan.cap_counts_changed_firm": ("Members who changed firm count too: each moves unless their new firm "
                                       "joins the branch they were in (followed with --old-firms).",
                                       "调换单位的党员也计入：除非其新单位编入其原支部，否则视为调整支部（依据 --old-firms 跟踪）。"),
    "replan.need_at_least": ("at least {n:@member}", "至少 {n} 名"),
    "replan.need_more_than": ("more than {n:@member}", "超过 {n} 名"),
    "unsolved.interrupted": ("{jurisdiction}: interrupted before a plan was found",
                             "{jurisdiction}：求解在找到方案之前被中断"),
    "unsolved.time": ("{jurisdiction}: no plan was found within the time limit; try a longer --time-limit ({size})",
                      "{jurisdiction}：在时间上限内未找到方案；请加长 --time-limit（{size}）"),
    "progress.solving": ("solving", "求解中"),
    "progress.parts": ("jurisdictions", "个辖区"),
    "progress.plan": ("plan {plan}", "方案 {plan}"),
    "progress.bound": ("bound {bound}", "下界 {bound}"),
    "progress.plan_bound": ("plan {plan}, bound {bound} (gap {gap})", "方案 {plan}，下界 {bound}（差距 {gap}）"),
    "progress.gap_plan_bound": ("gap {gap}: plan {plan}, bound {bound}", "差距 {gap}：方案 {plan}，下界 {bound}"),
    "progress.level": ("priority {level}: ", "优先级 {level}："),
}


#: the solver's notes on a jurisdiction's proof (plan files keep them in English) -> Chinese
_NOTES_ZH = [
    (re.compile(r"candidate leads limited to the nearest ones \(([\d,]+) of ([\d,]+) pairs\); "
                r"(optimal among them|the best found among them), not proven for all pairs"
                r"( \(no bound over all pairs\))?"),
     lambda m: (f"候选牵头单位限于最近的若干家（{m[2]} 个组合中的 {m[1]} 个）；"
                f"{'在其中最优' if m[3].startswith('optimal') else '为其中找到的最好方案'}，未对全部组合证明"
                f"{'（无覆盖全部组合的下界）' if m[4] else ''}")),
    (re.compile(r"best plan found among ([\d,]+) of ([\d,]+) candidate pairs; a lower bound over all pairs "
                r"leaves a gap of ([\d.]+)% at priority (\d+)( \(solve --prove to close it\)| \(the time limit "
                r"stopped the search: a longer one, or solve --prove, may close it\))?"),
     lambda m: (f"在 {m[2]} 个候选组合中的 {m[1]} 个中找到的最好方案；覆盖全部组合的下界表明优先级 {m[4]} "
                f"上的差距为 {m[3]}%" + ("" if not m[5] else "（用 solve --prove 可完成证明）" if "prove to" in m[5]
                                     else "（时间限制使搜索提前结束：给更长的时间限制或用 solve --prove 可望完成证明）"))),
]


#: a jurisdiction's note on units without locations (branchplan.api.no_locations_note), which
#: comes first, before any note on its proof ("; ")
_NO_LOCATIONS = re.compile(r"no firm has coordinates: distances are not counted \((.+?) (?:is|are) 0\); "
                           r"(only the districts group the firms|nothing groups the firms by place)")


def note_zh(note: str) -> str:
    """A jurisdiction's note in Chinese (as it is where no pattern fits)."""
    for pattern, say in _NOTES_ZH:
        m = pattern.fullmatch(note)
        if m is not None:
            return say(m)
    m = _NO_LOCATIONS.match(note)
    if m is not None and (m.end() == len(note) or note.startswith("; ", m.end())):
        codes = m[1].replace(" and ", "、").replace(", ", "、")
        zh = (f"各单位均无坐标：不计距离（{codes} 为 0），"
              + ("只按区县编组" if m[2].startswith("only") else "编组不考虑地域"))
        return zh + ("；" + note_zh(note[m.end() + 2:]) if m.end() < len(note) else "")
    return note
