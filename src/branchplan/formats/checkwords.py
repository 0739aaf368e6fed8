"""The words of the check report's text and Markdown forms, in English and Chinese.

The English texts are the ones ``branchplan check`` has always printed (the golden files
in tests/golden/check pin them); with ``--lang zh`` every sentence is Chinese, and each
finding shows its Chinese message only. Rule codes, file positions and the command's name
stay as they are: they are what a reader searches for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import MESSAGES, pick, text

if TYPE_CHECKING:
    from ..gap import GapReport
    from ..gate import GateReport, Located
    from ..rules.base import Finding
    from ..waivers import Waiver

MESSAGES.update({
    "check.heading": ("Checking {plan} against charter {charter} (standing as of {as_of})",
                      "检查方案 {plan}：规则集 {charter}，党龄计算日 {as_of}"),
    "check.waived": ("Waived ({n}):", "已豁免（{n} 项）："),
    "check.waived_until": ("waived until {expires} by {where}: {reason}", "豁免至 {expires}，依据 {where}：{reason}"),
    "check.unused": ("{where}: waiver of {code} for {subject} matches no finding",
                     "{where}：{code} 对 {subject} 的豁免没有匹配任何问题"),
    "check.unused_waiver": ("waiver of {code} for {subject} matches no finding",
                            "{code} 对 {subject} 的豁免没有匹配任何问题"),
    "check.named": ("members: {labels}", "党员：{labels}"),
    "check.against": ("Against {base}:", "与 {base} 相比："),
    "check.moves": ("{n:@member changes/members change} branch (limit {limit})",
                    "调整支部的党员 {n} 名（上限 {limit} 名）"),
    "check.moves_left": ("not counted: {n:@member/members} of firms now in no branch (BP-ONE-BRANCH)",
                         "未计入：未编入任何支部的单位的党员 {n} 名（BP-ONE-BRANCH）"),
    "check.moves_in": ("{j}: {n:@member changes/members change} branch (limit {limit} in each jurisdiction)",
                       "{j}：调整支部的党员 {n} 名（每个辖区上限 {limit} 名）"),
    "check.gap": ("Gap (against {reference}): {sentence}", "差距（参照{reference}）：{sentence}"),
    "check.cost": ("Cost: {total} points ({costs})", "代价：{total} 分（{costs}）"),
    "check.moves_cost": ("Moves from the base: {rules} {cost} points, not in the cost above (check gates moves "
                         "with --max-moves); a re-plan's objective includes them: {total} points",
                         "相对原方案的调整：{rules} {cost} 分，未计入上述代价（检查时以 --max-moves 限制调整人数）；"
                         "重新编排的目标值包含此项：{total} 分"),
    "check.moves_handovers": ("{cost} points of it: {n:@lead handover} within a branch, which moves nobody",
                              "其中 {cost} 分：支部内更换牵头单位 {n} 处，不涉及党员变动"),
    "check.moves_recorded": ("the plan records {cost} points for them: members who changed firm are followed "
                             "only with --base-firms OLD_FIRMS (the firms file of the base plan)",
                             "方案记载此项为 {cost} 分：给出 --base-firms 原名册（原方案的名册）才能跟踪调换了单位的党员"),
    "check.moves_recorded_base": ("the plan records {cost} points for them, the base plan's own figures (kept through "
                                  "the edit), which count its moves from the plan the base was re-planned from: the "
                                  "recorded status and bound are judged at the priorities before these rules",
                                  "方案记载此项为 {cost} 分，即原方案自身的数值（编辑时保留未改），计的是原方案相对于其"
                                  "调整前方案的调动：记载的状态与下界只按这些规则之前的优先级判断"),
    "check.cost_zero": ("Cost: 0 points", "代价：0 分"),
    "check.cost_level": ("priority {level}: {cost}", "优先级 {level}：{cost}"),
    "check.passed": ("passed", "通过"),
    "check.failed": ("FAILED", "未通过"),
    "check.n_hard": ("{n} hard", "硬性问题 {n} 项"),
    "check.n_soft": ("{n} soft", "软性问题 {n} 项"),
    "check.n_waived": ("{n} waived", "已豁免 {n} 项"),
    "check.gate": ("gate: {codes}", "关口检查未通过：{codes}"),
    "check.strict": (" (--strict: soft findings fail)", "（--strict：软性问题也视为不通过）"),
    "check.written": ("{verdict}; report written to {path}", "{verdict}；报告已写入 {path}"),
    # Markdown
    "check.md_passed": ("✅ passed", "✅ 通过"),
    "check.md_failed": ("❌ failed", "❌ 未通过"),
    "check.md_summary": ("{plan} against charter **{charter}**, standing as of {as_of}: **{n_hard} hard**, "
                         "{n_soft} soft{waived}{gate}.",
                         "{plan}，规则集 **{charter}**，党龄计算日 {as_of}：**硬性问题 {n_hard} 项**，"
                         "软性问题 {n_soft} 项{waived}{gate}。"),
    "check.md_waived": (", {n} waived", "，已豁免 {n} 项"),
    "check.md_gate": ("; gate: {codes}", "；关口检查未通过：{codes}"),
    "check.md_header": ("| | code | severity | where | finding | source |", "| | 规则 | 性质 | 位置 | 问题 | 依据 |"),
    "check.md_header_base": ("| | code | severity | where | finding | source | since |",
                             "| | 规则 | 性质 | 位置 | 问题 | 依据 | 新增或原有 |"),
    "check.md_new": ("**new**", "**新增**"),
    "check.md_in_base": ("in base", "原有"),
    "check.md_none": ("No findings.", "未发现问题。"),
    "check.md_waived_title": ("<details><summary>Waived findings ({n})</summary>",
                              "<details><summary>已豁免的问题（{n} 项）</summary>"),
    "check.md_waived_header": ("| code | where | finding | waiver |", "| 规则 | 位置 | 问题 | 豁免 |"),
    "check.md_until": ("until {expires}: {reason}", "有效期至 {expires}：{reason}"),
    "check.md_unused": ("Waivers matching no finding: {items}", "没有匹配任何问题的豁免：{items}"),
    "check.md_unused_item": ("{code} for {subject} ({where})", "{code} 对 {subject}（{where}）"),
    "check.md_gap": ("**Gap** (against {reference}): {sentence}", "**差距**（参照{reference}）：{sentence}"),
    "check.md_changes": ("#### Changes against {base}{moves}", "#### 与 {base} 相比的调整{moves}"),
    "check.md_warnings": ("Warnings about the rules file ({n})", "规则文件的警告（{n} 项）"),
    "check.md_warnings_inputs": ("Warnings about the input files ({n})", "输入文件的警告（{n} 项）"),
    "check.md_limit": (" (limit {limit})", "（调整支部党员上限 {limit} 名）"),
})


#: punctuation: English, Chinese (full-width)
SOURCE = (" ({source})", "（{source}）")
COMMA = (", ", "，")
LIST = (", ", "、")
SEMI = (", ", "；")
#: after the command's name, before the verdict
COLON = (": ", "：")


def punct(pair: tuple[str, str], lang: str) -> str:
    return pick(*pair, lang)


def severity(value: str, lang: str) -> str:
    """hard / soft, or 硬性 / 软性."""
    key = f"severity.{value}"
    return text(key, lang) if lang == "zh" and key in MESSAGES else value


def message(f: "Finding", lang: str) -> str:
    """The finding's message in the language (the English when it has no Chinese)."""
    return pick(f.message, f.message_zh, lang)


def finding_head(x: "Located", lang: str) -> str:
    """``file:line:col: CODE [severity] message (source)``."""
    f = x.finding
    src = punct(SOURCE, lang).format(source=f.source) if f.source else ""
    return f"{x.where()}: {f.code} [{severity(f.severity, lang)}] {message(f, lang)}{src}"


def named_members(x: "Located", names: dict[str, str], lang: str) -> str | None:
    """With ``--show-names``: the finding's members as people read them, the id and the name
    (``members: M0079 覃志远, M0080 陆晓雯``, as the change list shows moved members); None
    when the finding names no member or none of its members has a name shown."""
    from ..listings import labels

    ids = x.finding.members
    if not names or not any(m in names for m in ids):
        return None
    shown = labels(tuple(ids), tuple(names.get(m) for m in ids))
    return text("check.named", lang, labels=punct(LIST, lang).join(shown))


def unused_waiver(w: "Waiver", lang: str = "en") -> str:
    """A waiver in force that matches no finding (a typo in its subject waives nothing), without
    its place: what the CI formats say at the waiver's line."""
    return text("check.unused_waiver", lang, code=w.code, subject=w.subject)


def verdict(r: "GateReport", lang: str) -> str:
    """The last line: passed or failed, and the counts."""
    if lang != "zh":
        return r.verdict
    parts = [text("check.n_hard", lang, n=len(r.hard)), text("check.n_soft", lang, n=len(r.soft))]
    if r.waivers or r.waived:
        parts.append(text("check.n_waived", lang, n=len(r.waived)))
    if r.failed_gates:
        parts.append(text("check.gate", lang, codes=" ".join(r.failed_gates)))
    why = text("check.strict", lang) if r.options.strict and r.soft and not r.hard else ""
    word = text("check.passed" if r.passed else "check.failed", lang)
    return f"branchplan check {word}{punct(COLON, lang)}{punct(COMMA, lang).join(parts)}{why}"


def gap_sentence(g: "GapReport", lang: str) -> str:
    """How far the plan is from the best plan, in ``lang`` (:meth:`GapReport.sentence`)."""
    return g.sentence(lang)
