"""What an import read, rejected and left out, in English or Chinese."""

from __future__ import annotations

from ..errors import Problem
from ..i18n import pick, plural
from . import ImportResult

_FIELD_ZH = {
    "firm": "单位名称", "firm_id": "单位编号", "name": "姓名", "member_id": "党员编号", "id_number": "身份证号",
    "status": "党员类别", "joined": "入党时间", "district": "区县", "jurisdiction": "所属城市", "lon": "经度",
    "lat": "纬度", "x": "x", "y": "y", "director_is_member": "主任是否党员", "lawyers": "律师人数",
    "full": "正式党员人数", "probationary": "预备党员人数", "full_since": "转正时间", "total": "党员人数",
}


def rejection_problems(result: ImportResult, lang: str) -> list[Problem]:
    """One positioned problem per reason, and one per warning (a firm cell that differs from
    an earlier row of the firm; the row is taken), in row order: ``file:row:col: header: message``."""
    out = []
    for r in sorted(result.rejected + result.rows.warnings, key=lambda r: (r.row, r.column or 0)):
        out.append(Problem(result.table.path, pick(r.en, r.zh, lang), r.row, r.column, r.header))
    return out


def summary_text(result: ImportResult, lang: str) -> str:
    t, rows, cols = result.table, result.rows, result.columns
    firms = result.document["firms"]
    members = full = prob = 0
    for f in firms:
        m = f["members"]
        if isinstance(m, dict):
            full += m.get("full", 0)
            prob += m.get("probationary", 0)
        else:
            full += sum(1 for x in m if x["status"] == "full")
            prob += sum(1 for x in m if x["status"] == "probationary")
    members = full + prob
    empty_firms = [(f["id"], rows.firm_row.get(key)) for key, f in zip(rows.firms, firms)
                   if not (f["members"] if isinstance(f["members"], list)
                           else f["members"].get("full", 0) + f["members"].get("probationary", 0))]
    empty = len(empty_firms)
    rejected = len(result.rejected_rows)
    taken = rows.data_rows - rejected
    z = lang == "zh"
    lines = [pick(f"read {t.path}: {t.source}; header on row {cols.header_row}",
                  f"已读取 {t.path}：{_source_zh(t.source)}；表头在第 {cols.header_row} 行", lang)]
    lines.append(pick(f"  rows: {plural(rows.data_rows, 'data row')} "
                      f"({rows.blank_rows} blank skipped); taken {taken}, "
                      f"rejected {rejected}",
                      f"  数据行 {rows.data_rows} 行（另有空行 {rows.blank_rows} 行已跳过）；采用 {taken} 行，拒收 {rejected} 行",
                      lang))
    lines.append(pick(f"  firms {len(firms)}, members {members} ({full} full, {prob} probationary)",
                      f"  单位 {len(firms)} 个，党员 {members} 名（正式 {full}、预备 {prob}）", lang))
    if empty:
        en, zh = _empty_firms(empty_firms, result)
        lines.append(pick(f"  {plural(empty, 'firm has', 'firms have')} no members (listed in the firms file, "
                          f"reported by solve, in no branch): {en}",
                          f"  {empty} 个单位没有党员（写入名册，solve 会列出，不编入支部）：{zh}", lang))
    if rows.hashed_ids:
        k = rows.hashed_ids
        lines.append(pick(f"  {plural(k, 'member id was', 'member ids were')} an ID number, replaced by a keyed "
                          "pseudonym (HMAC-SHA256; the key and the numbers are not written)",
                          f"  {k} 个党员编号为身份证号，已替换为带密钥的化名（HMAC-SHA256；密钥和号码均不写出）", lang))
    for attr, one, many, rest, zh in _WARNED[:3]:
        _count_line(lines, getattr(rows, attr), one, many, rest, zh, lang)
    if rows.totals_rows:
        k = rows.totals_rows
        lines.append(pick(f"  {plural(k, 'totals row')} (合计, 小计, total ...) skipped: not a firm"
                          + (f"; {rows.totals_differ} disagree{'s' if rows.totals_differ == 1 else ''} with the "
                             "rows above (warnings above)" if rows.totals_differ else ""),
                          f"  {k} 行合计行（合计、小计、total 等）已跳过：不是单位"
                          + (f"；其中 {rows.totals_differ} 行与上方各行之和不符（见上方提醒）"
                             if rows.totals_differ else ""), lang))
    if rows.form_lines:
        k = rows.form_lines
        lines.append(pick(f"  {plural(k, 'line')} of the form itself (以下空白, 填表人：/审核人：...) skipped: not a firm",
                          f"  {k} 行表格自身的文字（以下空白、填表人：/审核人：等）已跳过：不是单位", lang))
    for attr, one, many, rest, zh in _WARNED[3:]:
        _count_line(lines, getattr(rows, attr), one, many, rest, zh, lang)
    others = rows.totals_differ + sum(getattr(rows, attr) for attr, *_ in _WARNED)
    if len(rows.warnings) > others:
        n = len(rows.warnings) - others
        lines.append(pick(f"  {plural(n, 'firm cell')} differ{'s' if n == 1 else ''} from an earlier row of the "
                          "same firm: the earlier value is used (warnings above)",
                          f"  {n} 个单位信息单元格与同一单位前面的行不一致：采用前面的值（见上方提醒）", lang))
    used = ("、" if z else ", ").join(_column(cols.headers[i], _FIELD_ZH[f] if z else f)
                                      for f, i in sorted(cols.fields.items(), key=lambda kv: kv[1])
                                      if not (f == "id_number" and result.member_ids != "hmac")
                                      and not (f == "name" and not result.names))
    lines.append(pick(f"  columns used: {used}", f"  采用的列：{used}", lang))
    personal = [h for _, h in cols.personal]
    if "id_number" in cols.fields and result.member_ids != "hmac":
        personal.insert(0, cols.header("id_number"))
    if "name" in cols.fields and not result.names:       # (--no-names)
        personal.insert(0, cols.header("name"))
    if personal:
        lines.append(pick("  not copied (personal data): " + ", ".join(personal),
                          "  未复制（个人信息）：" + "、".join(personal), lang))
    other = [h for _, h in cols.other]
    if other:
        lines.append(pick("  not copied (not used): " + ", ".join(other), "  未复制（不需要）：" + "、".join(other), lang))
    if result.mode == "members":
        lines.append(_ids_line(result, lang))
    if rows.month_only:
        lines.append(pick(f"  {plural(rows.month_only, 'joining date')} gave only year and month: read as the 1st",
                          f"  {rows.month_only} 个入党时间只有年月：按当月1日计", lang))
    if rows.no_joined:
        lines.append(pick(f"  {plural(rows.no_joined, 'member has', 'members have')} no joining date "
                          f"(standing rules take {'it' if rows.no_joined == 1 else 'them'} as met)",
                          f"  {rows.no_joined} 名党员没有入党时间（党龄要求按已满足计）", lang))
    for en, zh in result.notes:
        lines.append("  " + pick(en, zh, lang))
    return "\n".join(lines) + "\n"


def _column(header: str, name: str) -> str:
    """'成员 → 姓名'; just the header when it already is the field's name."""
    return header if header == name else f"{header} → {name}"


def _empty_firms(empty: list[tuple[str, int | None]], result: ImportResult) -> tuple[str, str]:
    """The firms without members, each with its row (so that a line of the form such as
    以下空白, read as a firm, shows), the first SHOWN; a firm cell holding a member's name
    (a shifted column) is not quoted."""
    from ..names import holds_a_name
    from . import SHOWN_ROWS

    names = result.rows.names      # (the sheet's, read even where --no-names writes none)
    en, zh = [], []
    for fid, row in empty[:SHOWN_ROWS]:
        hidden = holds_a_name(fid, names)
        en.append(f"{'(value not shown)' if hidden else fid} (row {row})")
        zh.append(f"{'（值不予显示）' if hidden else fid}（第 {row} 行）")
    more = len(empty) - SHOWN_ROWS
    if more > 0:
        en.append(f"and {more} more")
        zh.append(f"另有 {more} 个")
    return ", ".join(en), "、".join(zh)


def _ids_line(result: ImportResult, lang: str) -> str:
    if result.member_ids == "column":
        h = result.columns.header("member_id")
        return pick(f"  member ids: from column {h}", f"  党员编号：取自“{h}”列", lang)
    if result.member_ids == "hmac":
        h = result.columns.header("id_number")
        return pick(f"  member ids: pseudonyms derived from {h} with HMAC-SHA256 (the key and the numbers are "
                    "not written)", f"  党员编号：由“{h}”经 HMAC-SHA256 派生的化名（密钥和号码均不写出）", lang)
    return pick("  member ids: R + row number (no member id column; add 党员编号 to keep ids stable across years)",
                "  党员编号：R + 行号（没有党员编号列；如需跨年份保持一致，请增加“党员编号”列）", lang)


def _source_zh(source: str) -> str:
    return (source.replace("Excel workbook, sheet", "Excel 工作簿，工作表").replace("-separated", "分隔")
            .replace("full-width comma", "全角逗号").replace("comma", "逗号").replace("tab", "制表符")
            .replace("semicolon", "分号").replace(", ", "、"))


#: the summary's count line of each kind of warning (the counter of :class:`.build.Rows`; the
#: English for one and for many, what follows; the Chinese, the count at ``{k}``), in order
_WARNED = (
    ("named_ids", "member id looks", "member ids look", " like a name (warnings above)",
     "  {k} 个党员编号像是姓名（见上方提醒）"),
    ("named_firm_cells", "firm cell is", "firm cells are", " a member's name (warnings above)",
     "  {k} 个单位信息单元格是党员姓名（见上方提醒）"),
    ("same_name_and_date", "row has", "rows have", " the name of an earlier row and nothing that tells them apart "
     "for sure: one person twice? (warnings above)",
     "  {k} 行的姓名与前面某行相同且无法确定是否同一人：是否同一人重复登记？（见上方提醒）"),
    ("respelled", "row writes its", "rows write their", " firm's name in another case or spacing than its first "
     "row: read as that firm (warnings above)", "  {k} 行单位名称的大小写或空格与该单位第一行不同：按同一单位读取（见上方提醒）"),
    ("reworded", "row writes its", "rows write their", " firm's name with or without its form of organisation in "
     "brackets, or with 律所 for 律师事务所, unlike its first row: read as that firm (warnings above)",
     "  {k} 行单位名称与该单位第一行相比，括号中的组织形式或“律所”“律师事务所”的写法不同：按同一单位读取（见上方提醒）"),
    ("alike_firms", "pair", "pairs", " of firms at the same coordinates with names alike: one firm typed two ways? "
     "(warnings above)", "  {k} 对单位坐标相同、名称相近：是否同一单位的两种写法？（见上方提醒）"),
    ("lost_in_names", "name holds", "names hold", " '?' in Chinese text (or '\ufffd'): characters lost when the file "
     "was saved? Save it as 'CSV UTF-8' or .xlsx (warnings above)",
     "  {k} 个姓名中有“?”（或“\ufffd”）：是否保存文件时丢失了字？请另存为“CSV UTF-8”或 .xlsx（见上方提醒）"),
    ("status_vs_joined", "member", "members", " marked full less than a year after joining, or probationary more "
     "than two years after: check the status or the date (warnings above)",
     "  {k} 名党员的党员类别与入党时间不符（正式党员入党不满 1 年，或预备党员入党超过 2 年）：请核对党员类别或入党时间（见上方提醒）"),
    ("probation_vs_full_since", "member", "members", " made full (转正时间) less than a year or more than two years "
     "after joining: check the two dates (warnings above)",
     "  {k} 名党员的转正时间与入党时间相距不足 1 年或超过 2 年：请核对这两个日期（见上方提醒）"),
)


def _count_line(lines: list[str], k: int, one: str, many: str, rest: str, zh: str, lang: str) -> None:
    if k:
        lines.append(pick(f"  {plural(k, one, many)}{rest}", zh.format(k=k), lang))
