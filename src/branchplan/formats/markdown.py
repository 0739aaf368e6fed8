"""The check report as a pull-request comment: verdict, table of findings, the diff.

In English each finding's Chinese message follows its English one in the same cell; with
``lang="zh"`` the comment is Chinese throughout, each finding with its Chinese message only. With a base plan the table has a column
saying whether each finding is new (this plan introduced it) or already in the base plan.

GitHub refuses a comment over 65,536 characters: a comment that would be longer than
:data:`LIMIT` keeps the verdict, the summary, the change list's headline and cost table,
and as many table rows and list items as fit, those that fail the gate first (then the gap,
the warnings, the other findings, the changes, the notes, the stale figures, the waived
findings), each table's in the order of the file; a last line counts what was left out and
points to the full report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import md_code, md_text
from .checkwords import COLON, LIST, SEMI, gap_sentence, message, named_members, punct, severity
from .. import stale
from ..i18n import MESSAGES, text

if TYPE_CHECKING:
    from ..gate import GateReport, Located

#: the longest comment written (GitHub refuses comment bodies over 65,536 characters)
LIMIT = 60_000

MESSAGES.update({
    "check.md_more_findings": ("{n:@more finding/more findings}", "{n} 条问题"),
    "check.md_more_changes": ("{n:@more change/more changes}", "{n} 项调整"),
    "check.md_more_notes": ("{n:@more note/more notes}", "{n} 条说明"),
    "check.md_cut": ("... {parts} not shown (this comment is kept under {limit:,} characters): see the full report "
                     "(`--format json` or `text`)",
                     "……另有 {parts}未列出（评论保持在 {limit:,} 个字符以内）：请查看完整报告（`--format json` 或 `text`）"),
})


def _named(x: "Located", names: dict[str, str], lang: str) -> str:
    """With ``--show-names``: a line of the cell naming the finding's members (or nothing)."""
    named = named_members(x, names, lang)
    return f"<br>{md_text(named)}" if named is not None else ""


def _row(x: "Located", mark: str, lang: str, since: bool = False, names: dict[str, str] | None = None) -> str:
    f = x.finding
    if lang == "zh":
        msg = md_text(message(f, lang))
    else:
        msg = md_text(f.message) + (f"<br>{md_text(f.message_zh)}" if f.message_zh else "")
    msg += _named(x, names or {}, lang)
    row = (f"| {mark} | {md_code(f.code)} | {severity(f.severity, lang)} | {md_code(x.where())} | {msg} | "
           f"{md_text(f.source or '')} |")
    if since:   # with a base plan: did this plan introduce the finding? (the gate's own: neither)
        row += {True: f" {text('check.md_new', lang)} |", False: f" {text('check.md_in_base', lang)} |"}.get(x.new, " |")
    return row


@dataclass
class _Block:
    """A part of the comment: ``head`` lines, then ``items`` (a table's rows, a list's
    items), then ``tail`` lines; shown when it has items, or always (``fixed``). Each item
    has a rank (what a short comment keeps first) and what it counts as when left out."""

    head: list[str]
    items: list[tuple[int, str, str]] = field(default_factory=list)   # (rank, counted as, text)
    tail: list[str] = field(default_factory=list)
    fixed: bool = False


#: what a comment that must be cut keeps first (lower first)
_FAILING, _GAP, _WARNING, _SOFT, _CHANGE, _NOTE, _STALE, _WAIVED = range(8)


def _blocks(r: "GateReport", lang: str) -> list[_Block]:
    head = text("check.md_passed" if r.passed else "check.md_failed", lang)
    codes = punct(LIST, lang).join(md_text(c) for c in r.failed_gates)
    summary = text("check.md_summary", lang, plan=md_code(r.plan_path, table=False), charter=md_text(r.charter.name),
                   as_of=r.as_of, n_hard=len(r.hard), n_soft=len(r.soft),
                   waived=text("check.md_waived", lang, n=len(r.waived)) if r.waivers or r.waived else "",
                   gate=text("check.md_gate", lang, codes=codes) if r.failed_gates else "")
    out = [_Block([f"### branchplan check{punct(COLON, lang)}{head}", "", summary, ""], fixed=True)]
    failing = {id(x) for x in r.failing}
    if r.findings:
        since = r.diff is not None
        out.append(_Block([text("check.md_header_base" if since else "check.md_header", lang),
                           "|---|---|---|---|---|---|" + ("---|" if since else "")],
                          [(_FAILING if id(x) in failing else _SOFT, "finding",
                            _row(x, "❌" if id(x) in failing else "⚠️", lang, since, r.names)) for x in r.findings],
                          [""]))
    else:
        out.append(_Block([text("check.md_none", lang), ""], fixed=True))
    rows = []
    for x in r.waived:
        w = x.waiver
        until = text("check.md_until", lang, expires=w.expires, reason=md_text(w.reason))
        msg = md_text(message(x.finding, lang)) + _named(x, r.names, lang)
        rows.append((_WAIVED, "finding", f"| {md_code(x.finding.code)} | {md_code(x.where())} | {msg} | {until} |"))
    out.append(_Block([text("check.md_waived_title", lang, n=len(r.waived)), "",
                       text("check.md_waived_header", lang), "|---|---|---|---|"], rows, ["", "</details>", ""]))
    if r.unused_waivers:
        items = punct(SEMI, lang).join(
            text("check.md_unused_item", lang, code=md_code(w.code, table=False), subject=md_code(w.subject, table=False),
                 where=md_text(w.where()))
            for w in r.unused_waivers)
        out.append(_Block([], [(_WARNING, "note", text("check.md_unused", lang, items=items))], [""]))
    if r.gap is not None:
        out.append(_Block([], [(_GAP, "note", text("check.md_gap", lang, reference=md_text(r.gap.reference_label(lang)),
                                                   sentence=md_text(gap_sentence(r.gap, lang))))], [""]))
    if r.warnings:
        heading = "check.md_warnings" if all(r.about_the_rules(w) for w in r.warnings) else "check.md_warnings_inputs"
        items = []
        for w, en, zh in r.warning_texts():
            prefix = f"{md_code(w.field, table=False)}: " if w.field else ""
            msg = md_text(zh) if lang == "zh" else md_text(en) + f"<br>{md_text(zh)}"
            items.append((_WARNING, "note", f"- {md_code(w.where(), table=False)} {prefix}{msg}"))
        out.append(_Block([f"**{text(heading, lang, n=len(r.warnings))}**", ""], items, [""]))
    if r.stale:
        items = []
        for s in r.stale:
            where = r.plan_path if s.line is None else f"{r.plan_path}:{s.line}:{s.column}"
            msg = md_text(s.message(lang)) + ("" if lang == "zh" else f"<br>{md_text(s.message('zh'))}")
            items.append((_STALE, "note", f"- {md_code(where, table=False)} {msg}"))
        out.append(_Block([f"**{stale.heading(len(r.stale), lang)}**", ""], items, ["", stale.note(lang), ""]))
    if r.diff is not None:
        from .diff import markdown_parts

        moves = text("check.md_limit", lang, limit=r.options.max_moves) if r.options.max_moves is not None else ""
        headline, table, changes, notes, cost = markdown_parts(r.diff, lang)
        out.append(_Block([text("check.md_changes", lang, base=md_code(r.base_path, table=False), moves=moves), "",
                           headline, ""], fixed=True))
        out.append(_Block(table, [(_CHANGE, "change", row) for row in changes], [""]))
        out.append(_Block([], [(_NOTE, "note", n + "\n") for n in notes]))
        out.append(_Block(cost + [""] if cost else [], fixed=bool(cost)))
    return out


def _lines(blocks: list[_Block], kept: set[tuple[int, int]] | None = None) -> list[str]:
    """The blocks' lines; ``kept``: the (block, item) pairs shown (None: every item)."""
    out: list[str] = []
    for b, block in enumerate(blocks):
        items = [t for k, (_, _, t) in enumerate(block.items) if kept is None or (b, k) in kept]
        if items or block.fixed:
            out += block.head + items + block.tail
    return out


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def render(r: "GateReport", lang: str = "en", limit: int | None = LIMIT) -> str:
    """The comment; longer than ``limit`` characters (None: no limit), the comment cut to
    stay under it, as the module says."""
    blocks = _blocks(r, lang)
    whole = _joined(_lines(blocks))
    if limit is None or len(whole) <= limit:
        return whole
    return _cut(blocks, lang, limit)


def _cut(blocks: list[_Block], lang: str, limit: int) -> str:
    """The comment with what fits of the blocks' items under ``limit`` characters, rank by rank
    (within a rank in order, up to the first that does not fit), and a last line counting
    what was left out."""
    every = {"finding": 0, "change": 0, "note": 0}
    for block in blocks:
        for _, kind, _ in block.items:
            every[kind] += 1
    room = limit - len(_joined(_lines(blocks, set()))) - len(_left_out(every, lang, limit)) - 2
    kept: set[tuple[int, int]] = set()
    opened: set[int] = set()
    order = sorted(((rank, b, k) for b, block in enumerate(blocks) for k, (rank, _, _) in enumerate(block.items)))
    full_rank = None
    for rank, b, k in order:
        if rank == full_rank:
            continue
        block = blocks[b]
        cost = len(block.items[k][2]) + 1
        if b not in opened and not block.fixed:
            cost += sum(len(s) + 1 for s in block.head + block.tail)
        if cost > room:
            full_rank = rank   # (the rest of this rank waits: a table shows its first rows)
            continue
        room -= cost
        kept.add((b, k))
        opened.add(b)
    left = {"finding": 0, "change": 0, "note": 0}
    for b, block in enumerate(blocks):
        for k, (_, kind, _) in enumerate(block.items):
            if (b, k) not in kept:
                left[kind] += 1
    return _joined(_lines(blocks, kept) + ["", _left_out(left, lang, limit)])


def _left_out(left: dict[str, int], lang: str, limit: int) -> str:
    """The last line of a cut comment: how many findings, changes and notes it leaves out."""
    parts = [text(f"check.md_more_{kind}s", lang, n=n) for kind, n in left.items() if n]
    if lang == "zh":
        said = "、".join(parts)
    else:
        said = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
    return text("check.md_cut", lang, parts=said, limit=limit)
