"""What is wrong with an input file or a command line, in English and Chinese: the catalogue.

Three kinds of entry, all here:

- ``PROBLEMS``: messages with values, by key. ``say("plan.branch_twice", id="B1", first=0)``
  gives a :class:`~branchplan.errors.Msg` (English, Chinese) to raise with; a value that is
  itself a Msg (a "did you mean" :func:`hint`) is put in in each language.
- ``FIXED``: sentences without values, keyed by the English, like command help: the code
  raising them keeps writing English, and :func:`chinese` finds the translation.
- pydantic's error types (:func:`validation_zh`) and the YAML and JSON parsers' phrases
  (:func:`syntax_zh`), for the problems that schema validation and parsing report.

The English is what branchplan has always printed (tests compare it byte for byte); a
message without a Chinese entry stays English in Chinese output.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from .errors import Msg

PROBLEMS: dict[str, tuple[str, str]] = {
    # reading a file
    "file.too_big": ("file is {size:,} bytes, more than the limit of {limit:,} (raise it with --max-input-bytes)",
                     "文件有 {size:,} 字节，超过上限 {limit:,} 字节（可用 --max-input-bytes 放宽）"),
    "text.too_big": ("the document is {size:,} bytes, more than the limit of {limit:,} (raise it with max_bytes=)",
                     "文档有 {size:,} 字节，超过上限 {limit:,} 字节（可用 max_bytes= 放宽）"),
    "file.over_limit": ("file is more than the limit of {limit:,} bytes (raise it with --max-input-bytes)",
                        "文件超过上限 {limit:,} 字节（可用 --max-input-bytes 放宽）"),
    "file.unreadable": ("cannot be read: {reason}", "无法读取：{reason}"),
    "file.not_utf8": ("not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8{gbk}",
                      "不是 UTF-8 文本（字节 0x{byte:02x}）；请将文件另存为 UTF-8{gbk}"),
    "file.looks_gbk": (" (it looks like GBK/ANSI: in Notepad, Save As, Encoding: UTF-8)",
                       "（看来是 GBK/ANSI 编码：在记事本中点“另存为”，“编码”选“UTF-8”）"),
    # parsing
    "yaml.invalid": ("invalid YAML: {detail}", "YAML 格式错误：{detail}"),
    "yaml.character": ("invalid YAML: character {char} is not allowed ({reason})",
                       "YAML 格式错误：不允许出现字符 {char}（{reason}）"),
    # what a Chinese input method types in place of YAML's colon and spaces (said after a syntax error)
    "yaml.fullwidth_colon": (" (a full-width colon '：': write ': ', an ASCII colon and a space)",
                             "（全角冒号“：”：请改用半角冒号加空格“: ”）"),
    "yaml.fullwidth_space_indent": (" (a full-width space, U+3000: indent with ordinary spaces)",
                                    "（全角空格：请用半角空格缩进）"),
    "yaml.fullwidth_space": (" (a full-width space, U+3000: use an ordinary space)", "（全角空格：请改用半角空格）"),
    "yaml.nbsp": (" (a no-break space, U+00A0: use an ordinary space)", "（不间断空格 U+00A0：请改用普通半角空格）"),
    "json.invalid": ("invalid JSON: {detail}", "JSON 格式错误：{detail}"),
    "doc.too_deep": ("document is nested more than {depth} levels deep", "文件嵌套超过 {depth} 层"),
    "doc.alias_bomb": ("document expands through aliases to more than {budget:,} nodes (it writes out {nodes:,}); "
                       "refusing it (alias bomb?)",
                       "文件经别名展开后超过 {budget:,} 个节点（文件本身只写了 {nodes:,} 个）；拒绝读取（别名炸弹？）"),
    "json.surrogate": ("{escape} is half of a UTF-16 surrogate pair, not a character: remove it, or write the "
                       "character itself", "{escape} 只是 UTF-16 代理对的一半，不是字符：请删去，或直接写出该字符"),
    "doc.number_too_large": ("number too large ({digits:,} digits)", "数字过大（{digits:,} 位）"),
    "doc.number_form": ("{text} is not a plain decimal number: YAML reads it as {value} ({how}); write {meant} as a "
                        "plain number, or quote it ('{text}') to keep it as text",
                        "{text} 不是普通的十进制数：YAML 把它读作 {value}（{how}）；请写作普通数字 {meant}，"
                        "或加引号（'{text}'）作为文本"),
    "doc.number_form_number": ("{text} is not a plain decimal number: YAML reads it as {value} ({how}); write the "
                               "number you mean in plain digits (e.g. {meant})",
                               "{text} 不是普通的十进制数：YAML 把它读作 {value}（{how}）；请用普通数字写出所要的数（如 {meant}）"),
    "doc.number_form_degrees": ("{text} is not a plain decimal number: YAML reads it as {value} ({how}); write the "
                                "{coordinate} in decimal degrees (e.g. {meant})",
                                "{text} 不是普通的十进制数：YAML 把它读作 {value}（{how}）；请用十进制度数写出{coordinate}"
                                "（如 {meant}）"),
    "doc.number_form_text": ("{text} is read by YAML as the number {value} ({how}), not as text: quote it "
                             "('{text}') to keep it as written",
                             "YAML 把 {text} 读作数字 {value}（{how}），而不是文本：请加引号（'{text}'）按原样保留"),
    "doc.bool_form_text": ("{text} is read by YAML as the boolean {value}, not as text: quote it ('{text}') to keep "
                           "it as written",
                           "YAML 把 {text} 读作布尔值 {value}，而不是文本：请加引号（'{text}'）按原样保留"),
    "doc.bool_form_number": ("{text} is read by YAML as the boolean {value}, not as a number: write the number you "
                             "mean in plain digits",
                             "YAML 把 {text} 读作布尔值 {value}，而不是数字：请用数字写出所指的数"),
    "doc.bool_form": ("{text} is YAML 1.1's way of writing {value}, which other readers (YAML 1.2, an editor "
                      "checking the file against the schema) take as text: write {value}",
                      "{text} 是 YAML 1.1 对 {value} 的写法，其他读取方式（YAML 1.2、按模式检查文件的编辑器）会当作文本："
                      "请写作 {value}"),
    "doc.duplicate_key": ("duplicate key {key}", "键名{key}重复"),
    "doc.duplicate_key_at": ("duplicate key {key} (first at line {line})", "键名{key}重复（首次出现在第 {line} 行）"),
    "doc.bad_date": ("{value} is not a valid date ({reason})", "{value} 不是有效日期（{reason}）"),
    "doc.tag": ("tag {tag} is not allowed: branchplan files hold plain data only",
                "不允许使用标签 {tag}：branchplan 的文件只含普通数据"),
    # schema validation (see loader.problems_from_validation)
    "schema.unknown_key": ("unknown key '{key}'{hint}", "未知的键名“{key}”{hint}"),
    "schema.unknown_key_hidden": ("unknown key (value not shown)", "未知的键名（值不予显示）"),
    "schema.missing": ("required key '{key}' is missing", "缺少必填的键名“{key}”"),
    "schema.not_mapping": ("expected a mapping (key: value) with the keys {keys}", "应为映射（键: 值），键为 {keys}"),
    "schema.more": ("... and {n:,} more problems (fix the ones above first)", "……另有 {n:,} 处问题（请先修正以上各处）"),
    "hint": (" (did you mean '{word}'?)", "（是否应为“{word}”？）"),
    "charter.soft_needs_weight": (
        "rule {code} is hard in {base} and is made soft here without a weight, so breaking it would cost only "
        "1 point: give one, e.g. `weight: 100` (the points each unit under or over its bound then costs, "
        "weighed against the other soft rules of its priority)",
        "规则 {code} 在 {base} 中是硬性规则，此处改为软性规则却未给出权重，违反它只计 1 分：请给出权重，"
        "例如 `weight: 100`（每少于或超出界限一个单位所计的分数，与同一优先级的其他软性规则相权衡）"),
    # the roster's cross-checks
    "roster.as_of_early": ("as_of {day} is before the Party was founded (1921)", "as_of {day} 早于建党（1921 年）"),
    "roster.firm_twice": ("firm id {id} is used twice (first by firms[{first}])",
                          "单位编号{id}重复使用（首次见于 firms[{first}]）"),
    "roster.firm_alike": ("firm id {id} differs from {other} (firms[{first}]) only in case, width or accents: "
                          "the two read as one id; give them ids that differ in more",
                          "单位编号{id}与{other}（firms[{first}]）只有大小写、全半角或重音写法不同，读来是同一编号；"
                          "请使用区别更明显的编号"),
    "roster.member_alike": ("member id {id} differs from {other} (in firm {firm}) only in case, width or accents: "
                            "the two read as one id; give them ids that differ in more",
                            "党员编号{id}与{other}（单位 {firm}）只有大小写、全半角或重音写法不同，读来是同一编号；"
                            "请使用区别更明显的编号"),
    "roster.host_twice": ("host id {id} is already used by a firm or host", "托管组织编号{id}已被某单位或托管组织使用"),
    "roster.host_alike": ("host id {id} differs from {other} (another firm's or host's id) only in case, width or "
                          "accents: the two read as one id; give them ids that differ in more",
                          "托管组织编号{id}与{other}（另一单位或托管组织的编号）只有大小写、全半角或重音写法不同，读来是同一编号；"
                          "请使用区别更明显的编号"),
    "roster.firm_no_jurisdiction": ("firm {id} has no jurisdiction and the file sets no default 'jurisdiction'",
                                    "单位 {id} 没有所属辖区，文件也没有设默认的“jurisdiction”"),
    "roster.host_no_jurisdiction": ("host {id} has no jurisdiction and the file sets no default 'jurisdiction'",
                                    "托管组织 {id} 没有所属辖区，文件也没有设默认的“jurisdiction”"),
    "roster.member_twice": ("member id {id} appears twice in this firm; a member belongs to one place only",
                            "党员编号{id}在本单位出现两次；每名党员只能属于一处"),
    "roster.member_elsewhere": ("member id {id} appears also in firm {other}; a member belongs to one place only",
                                "党员编号{id}也出现在单位 {other}；每名党员只能属于一处"),
    "privacy.ids_are_names": ("warning: {what} ({first}): --pseudonymise replaces names, not "
                              "ids, so the output still names {units}; to hide them, give ids that are not names "
                              "(a firm-id column, 律所编号, when importing)",
                              "警告：有 {n} 个单位编号即单位名称（{first}）：--pseudonymise 只替换名称、不替换编号，输出中"
                              "仍可见这些单位；如需隐去，请使用不是名称的编号（导入时提供“律所编号”列）"),
    "roster.ids_like_names": ("warning: {what} (values not shown), the first here; "
                              "ids are printed in plans, reports and CI logs: check the id column",
                              "警告：有 {n} 个党员编号像是姓名（值不予显示），第一个在此处；党员编号会出现在方案、"
                              "报告和 CI 日志中，请检查编号列"),
    "ids.new_for_old": ("warning: member {mid} (firm {firm}) is new to the roster, and member {gone} (firm "
                        "{gone_firm} in {old}), who is not in it, had the same name and joining date: the same "
                        "person under a new id? If so, give them their old id: a new id reads as one member "
                        "leaving and another joining, and their move is not counted",
                        "提醒：党员 {mid}（单位 {firm}）是新列入名册的，而已不在名册中的党员 {gone}（{old} 中的单位 "
                        "{gone_firm}）姓名和入党时间与之相同：是同一人换了编号吗？若是，请沿用原编号：新编号会被当作"
                        "一人离开、另一人加入，其调动也不计入"),
    "ids.new_for_old_more": ("warning: {n} more members new to the roster have the name and joining date of a "
                             "member of {old} who is not in it: the same people under new ids?",
                             "提醒：另有 {n} 名新列入名册的党员与 {old} 中已不在名册的党员姓名和入党时间相同："
                             "是否同一人换了编号？"),
    "roster.overdue_probation": ("warning: {what} joined more than two years before the roster's date ({day}), the "
                                 "first here: probation lasts a year, two at most when extended; full (正式) by now? "
                                 "A probationary member does not count towards a branch's full members: update the "
                                 "status (full_since: the day they became full)",
                                 "提醒：有 {n} 名预备党员的入党时间距名册日期（{day}）已超过 2 年，第一个在此处：预备期为 "
                                 "1 年，延长也不超过 2 年，是否已转为正式党员？预备党员不计入支部的正式党员人数：请更新党员类别"
                                 "（full_since：转正日期）"),
    "roster.early_full": ("warning: {what} joined less than a year before the roster's date ({day}), the first "
                          "here: probation lasts a year; still probationary (预备)? A probationary member does not "
                          "count towards a branch's full members: check the status and the joining date",
                          "提醒：有 {n} 名正式党员的入党时间距名册日期（{day}）不满 1 年，第一个在此处：预备期为 1 年，"
                          "是否仍为预备党员？预备党员不计入支部的正式党员人数：请核对党员类别和入党时间"),
    "roster.same_firm_name": ("warning: firm {fid} has the same name as firm {other} (in {place}): one firm under "
                              "two ids (a mistyped id)? They are read as two firms, which may go to two branches; "
                              "if one, give it one id (two firms cannot share a name in one city)",
                              "提醒：单位 {fid} 与单位 {other}（{place}）名称相同：是否同一单位有两个编号（编号录错）？"
                              "现按两个单位读取，可能编入两个支部；如为同一单位，请只用一个编号（同一城市不会有两个同名单位）"),
    "roster.same_person": ("warning: member {mid} (firm {firm}) has the same name and joining date as member "
                           "{other} (firm {other_firm}): one person under two member ids, or two people? If one, "
                           "keep only the entry of the firm they belong to, under their old id (a member is in one "
                           "branch, and a new id reads as one member leaving and another joining); if two, give "
                           "member {mid} `distinct_from: [{other}]` to say so",
                           "提醒：党员 {mid}（单位 {firm}）与党员 {other}（单位 {other_firm}）姓名和入党时间相同："
                           "是同一人有两个党员编号，还是两人？若是同一人，只保留其所在单位的一条，沿用原编号"
                           "（每名党员只编入一个支部；新编号会被当作一人离开、另一人加入）；若是两人，请为党员 {mid} 写明 "
                           "`distinct_from: [{other}]`"),
    "roster.same_person_more": ("warning: {n} more members have the same name and joining date as an earlier "
                                "member (the first here): one person under two member ids each?",
                                "提醒：另有 {n} 名党员与前面的党员姓名和入党时间相同（第一个在此处）：是否同一人有两个党员编号？"),
    "roster.ids_like_id_numbers": ("warning: {what} (values not shown), the first "
                                   "here; ids are printed in plans, reports and CI logs: use member numbers, or "
                                   "import the sheet with --id-key (keyed pseudonymous ids)",
                                   "警告：有 {n} 个党员编号像是身份证号（值不予显示），第一个在此处；党员编号会出现在"
                                   "方案、报告和 CI 日志中：请改用党员编号，或用 import --id-key 导入（由密钥生成的化名编号）"),
    "roster.joined_early": ("joined {day} is before the Party was founded (1921)", "入党时间 {day} 早于建党（1921 年）"),
    "roster.joined_late": ("joined {day} is after the roster's as_of date {as_of}",
                           "入党时间 {day} 晚于名册的 as_of 日期 {as_of}"),
    "check.later_day": ("warning: the plan records as_of {plan_day} (it was solved for that day), later than {day}, {what}, "
                        "which this check measures standing on: give --as-of {plan_day} to check it on its own day",
                        "警告：方案记录的 as_of 为 {plan_day}（按该日求解），晚于本次检查计算党龄所用的 {day}（{what}）："
                        "如需按方案自身日期检查，请给出 --as-of {plan_day}"),
    "check.day_roster": ("the firms file's as_of", "名册的 as_of"),
    "check.day_today": ("today", "今天"),
    "roster.full_since_late": ("full_since {day} is after the roster's as_of date {as_of}",
                               "转正时间 {day} 晚于名册的 as_of 日期 {as_of}"),
    "roster.mixed_locations": ("{juris} mixes lat/lon and x/y locations ({first} uses {kind}, {other} does not)",
                               "{juris}的坐标混用了经纬度（lat/lon）和平面坐标（x/y）（{first} 用{kind_zh}，{other} 不是）"),
    "roster.some_without_location": ("{units} of {juris} {verb} no location ({names}) while {m} {verb2} one "
                                     "({located}); distances need every location or none",
                                     "{juris}有 {n} 个单位没有坐标（{names}），而 {m} 个单位有（{located}）；"
                                     "计算距离需要全部单位都有坐标或都没有"),
    # rules files
    "charter.unknown": ("unknown charter '{ref}'{hint}; shipped charters: {shipped}, or a path to a rules file",
                        "未知的规则集“{ref}”{hint}；内置规则集：{shipped}，或给出规则文件的路径"),
    "charter.no_file": ("no rules file '{ref}' (looked for {path}){hint}",
                        "找不到规则文件“{ref}”（查找位置：{path}）{hint}"),
    "charter.other_case": (" (the file is '{name}': Linux tells capital from small letters in file names, Windows "
                           "does not)", "（文件名实为“{name}”：Linux 的文件名区分大小写，Windows 不区分）"),
    "charter.windows_drive": (" (a path on a Windows drive, which other computers do not have: give the path "
                              "relative to this rules file)", "（这是 Windows 盘符下的路径，其他电脑上没有：请写相对于本规则文件的路径）"),
    "charter.cycle": ("rules files extend each other in a cycle ({chain})", "规则文件相互 extends，形成循环（{chain}）"),
    "charter.listed_twice": ("rule {code} is listed twice in this file", "规则 {code} 在本文件中列出了两次"),
    "charter.no_such_rule": ("no rule {code} to change{hint}; a new rule must name its 'kind'",
                             "没有可修改的规则 {code}{hint}；新规则须写明“kind”"),
    "charter.disable_unknown": ("no rule {code} to switch off{hint}; 'enabled: false' must name a rule of the "
                                "charter this file extends (or a new rule with its 'kind')",
                                "没有可停用的规则 {code}{hint}；“enabled: false”须指向所扩展规则集中的规则"
                                "（或写明“kind”的新规则）"),
    "charter.placeholder_unset_here": ("warning: {code}'s {texts} {verb} {{{name}}}, which this entry unsets: it is "
                                       "printed as written; give the rule a title and description of its own",
                                       "提醒：{code} 的{texts}中有 {{{name}}}，本项取消了该参数：它将按原样印出；"
                                       "请为该规则另写标题和说明"),
    "charter.text_stale": ("warning: {code}'s title and description (from {base}) do not follow {params}, which "
                           "this entry changes: they may no longer say what the rule does (printed in `rules`, "
                           "reports and memos); give the rule a title and description of its own",
                           "提醒：{code} 的标题和说明（沿用 {base}）不随本项修改的参数 {params} 变化：可能已与规则实际"
                           "含义不符（会出现在 rules 输出、报告和说明中）；请为该规则另写标题和说明"),
    "charter.override_off": ("warning: rule {code} is switched off in {off} (enabled: false), so this entry's changes "
                             "({keys}) have no effect; add `enabled: true` to this entry to use the rule",
                             "警告：规则 {code} 已在 {off} 关闭（enabled: false），本条目的修改（{keys}）不起作用；"
                             "如要启用该规则，请在本条目中加上 `enabled: true`"),
    "charter.disable_always_hard": ("rule {code} (kind {kind}) is not negotiable (always hard) and cannot be "
                                    "switched off; remove 'enabled: false'",
                                    "规则 {code}（类型 {kind}）不可协商（始终为硬性规则），不能停用；请删去“enabled: false”"),
    "cli.key_without_pseudonymise": ("--pseudonym-key was given without --pseudonymise: the output would show real "
                                     "names; add --pseudonymise (or leave the key out)",
                                     "给出了 --pseudonym-key 却没有 --pseudonymise：输出将显示真实名称；请加上 "
                                     "--pseudonymise（或去掉密钥）"),
    "charter.no_assignment": ("the charter has no rule of kind assignment (every member in exactly one branch), so "
                              "a plan could leave members in no branch; add `extends: {default}` to build on the "
                              "shipped charter, or a rule with `kind: assignment`",
                              "规则集中没有 assignment 类型的规则（每名党员编入且只编入一个支部），方案可能使党员脱管；"
                              "请加上“extends: {default}”以沿用内置规则集，或加一条“kind: assignment”的规则"),
    "charter.no_kind": ("rule {code} has no 'kind' (a new rule must name one)", "规则 {code} 没有“kind”（新规则须写明）"),
    "charter.unknown_kind": ("unknown rule kind {kind!r}{hint}", "未知的规则类型“{kind}”{hint}"),
    "charter.severity": ("rule {code} (kind {kind}) cannot be {severity}; allowed: {allowed}",
                         "规则 {code}（类型 {kind}）不能是 {severity}；可选：{allowed}"),
    "charter.default_level": ("warning: {code} gives no priority: it joins the last level, {level}, which is "
                              "minimised only after priority {others} (give priority: to choose its level)",
                              "警告：{code} 未给出优先级：归入最后一级 {level}，在优先级 {others} 之后才求最小"
                              "（请用 priority: 指定其优先级）"),
    "charter.weight_on_hard": ("warning: weight has no effect on a hard rule (kept for when it is made soft)",
                               "警告：权重对硬性规则不起作用（保留至改为软性规则时使用）"),
    "charter.priority_on_hard": ("warning: priority has no effect on a hard rule (kept for when it is made soft)",
                                 "警告：优先级对硬性规则不起作用（保留至改为软性规则时使用）"),
    "charter.priority_always_hard": ("warning: priority has no effect: rules of kind {kind} are always hard",
                                     "警告：优先级不起作用：{kind} 类型的规则总是硬性规则"),
    "charter.weight_zero": ("warning: {weight}: breaking {code} costs nothing, so the rule has no effect",
                            "警告：{weight}：违反 {code} 不计分，该规则不起作用"),
    "charter.weight_alone": ("warning: {code} is the only soft rule at priority {priority}: its weight scales its "
                             "points but cannot change the plan (to weigh it against {codes}, give it priority: "
                             "{other})",
                             "警告：{code} 是优先级 {priority} 上唯一的软性规则：其权重只改变所计分数，不会改变方案"
                             "（如要与 {codes} 相互权衡，请给它 priority: {other}）"),
    "charter.soft_weight_zero": (
        "rule {code} is hard in {base} and is made soft with {weight}, so breaking it would be free: give a "
        "positive weight, e.g. `weight: 100` (the points each unit under or over its bound then costs)",
        "规则 {code} 在 {base} 中是硬性规则，改为软性规则时{weight}，违反它将不计分：请给出正的权重，"
        "例如 `weight: 100`（每少于或超出界限一个单位所计的分数）"),
    "charter.name_shipped": ("{name!r} is the name of a shipped charter: plans made with this file would claim "
                             "to follow it; give this charter a name of its own (or leave out 'charter:')",
                             "“{name}”是内置规则集的名称：用本文件制定的方案会被记为遵循该规则集；"
                             "请为本规则集另起名称（或删去“charter:”）"),
    "charter.name_extended": ("{name!r} is the name of a charter this file extends: plans made with this file "
                              "would claim to follow it; give this charter a name of its own (or leave out "
                              "'charter:')",
                              "“{name}”是本文件所扩展规则集的名称：用本文件制定的方案会被记为遵循该规则集；"
                              "请为本规则集另起名称（或删去“charter:”）"),
    "charter.haversine_planar": ("warning: {code} measures great-circle km (metric: haversine), but {firms} "
                                 "gives planar x/y locations (e.g. {firm}): distances are Euclidean in the "
                                 "roster's units, not km (use metric: auto or euclidean)",
                                 "警告：{code} 按球面距离（公里）计算（metric: haversine），但 {firms} 给出的是"
                                 "平面 x/y 坐标（如 {firm}）：距离按名册自身单位的欧氏距离计算，并非公里"
                                 "（请改用 metric: auto 或 euclidean）"),
    "charter.euclidean_geo": ("warning: {code} measures planar distance (metric: {metric}), but {firms} gives "
                              "lat/lon locations (e.g. {firm}): longitude and latitude are taken as x and y, so "
                              "distances{limit} are in degrees (up to 111 km each), not km{floor} (use metric: "
                              "auto or haversine for km)",
                              "警告：{code} 按平面距离计算（metric: {metric}），但 {firms} 给出的是经纬度坐标"
                              "（如 {firm}）：经度、纬度被当作 x、y，距离{limit}的单位是度（每度至多约 111 公里），"
                              "并非公里{floor}（如需按公里计算，请改用 metric: auto 或 haversine）"),
    "charter.kind_changed": ("rule {code} is of kind {was} in {base}; an override cannot change a rule's kind "
                             "(a rule of kind {kind} needs a code of its own)",
                             "规则 {code} 在 {base} 中的类型是 {was}；修改规则时不能改变其类型"
                             "（{kind} 类型的规则须另用一个编码）"),
    "charter.unknown_placeholder": ("warning: {code}'s {key} names no placeholder {{{name}}}{hint}: it is printed "
                                    "as written (placeholders: {known})",
                                    "警告：{code} 的 {key} 中的 {{{name}}} 不是占位符{hint}：将原样显示"
                                    "（可用占位符：{known}）"),
    "charter.placeholder_unset": ("warning: {code}'s {key} names {{{name}}}, but {code} gives no {name}: it is printed "
                                  "as written (give {name} in params:, or take {{{name}}} out of the {key})",
                                  "警告：{code} 的 {key} 中用了 {{{name}}}，但 {code} 没有给出 {name}：将原样显示"
                                  "（请在 params: 中给出 {name}，或从 {key} 中删去 {{{name}}}）"),
    "charter.name_twice": ("rule {code} is named {name!r}, as {other} is: `rules show {name}` could reach only "
                           "one of them; give each rule a name of its own",
                           "规则 {code} 的名称“{name}”与 {other} 相同：`rules show {name}` 只能找到其中一条；"
                           "请为每条规则另起名称"),
    "charter.name_is_code": ("rule {code} is named {name!r}, the code of rule {other}: `rules show {name}` could "
                             "reach only one of them; give it another name",
                             "规则 {code} 的名称“{name}”是规则 {other} 的编码：`rules show {name}` 只能找到其中"
                             "一条；请另起名称"),
    "charter.code_is_name": ("the code {code} is the name of rule {other} ({name!r}, in {where}): `rules show {name}` "
                             "could reach only one of them; choose another code (e.g. LOCAL-{code})",
                             "编码 {code} 是规则 {other} 的名称（“{name}”，见 {where}）：`rules show {name}` "
                             "只能找到其中一条；请另选编码（如 LOCAL-{code}）"),
    "charter.example_not_text": ("an example is a line of text: write `{key}: \"...\"`",
                                 "示例须为一行文字：请写作 `{key}: \"...\"`"),
    "charter.weight_always_hard": ("warning: weight has no effect: rules of kind {kind} are always hard",
                                   "警告：权重不起作用：{kind} 类型的规则总是硬性规则"),
    "charter.where_both": ("rule {code} gives both jurisdictions: and except_jurisdictions:; give one of them",
                           "规则 {code} 同时给出 jurisdictions: 和 except_jurisdictions:；只能给其中一个"),
    "charter.where_everywhere": ("rule {code} (kind {kind}) holds in every jurisdiction; it cannot be limited "
                                 "to some (remove jurisdictions: / except_jurisdictions:)",
                                 "规则 {code}（类型 {kind}）适用于所有辖区，不能只限于部分辖区"
                                 "（请删去 jurisdictions: / except_jurisdictions:）"),
    "charter.where_unsplit": ("rule {code} gives {key}: but the charter has no rule of kind jurisdiction "
                              "(branches may then span jurisdictions)",
                              "规则 {code} 给出了 {key}:，但章程没有 jurisdiction 类型的规则（支部可能跨辖区）"),
    "charter.where_unknown": ("warning: rule {code} names jurisdiction {name!r}, which {firms} does not have "
                              "(did you mean {near!r}?)",
                              "警告：规则 {code} 列出的辖区“{name}”在 {firms} 中没有（是否应为“{near}”？）"),
    "charter.where_narrowed": ("warning: {code} of {base} now applies only in {only}: {lost} (`jurisdictions:` "
                               "means only there). To change the rule in {only} alone, keep {code} with "
                               "`except_jurisdictions: [{only}]` and add a rule of your own with "
                               "`jurisdictions: [{only}]`",
                               "警告：{base} 的规则 {code} 现仅在 {only} 适用：{lost}（`jurisdictions:` 表示仅在所列"
                               "辖区适用）。若只想在 {only} 修改该规则，请保留 {code} 并写上 "
                               "`except_jurisdictions: [{only}]`，另加一条自己的规则并写上 `jurisdictions: [{only}]`"),
    "charter.narrowed_left": ("{places} of {firms} {verb} left without it", "{firms} 中的 {places} 不再受该规则约束"),
    "charter.narrowed_left_rules": ("{places}, where it applied before, {verb} left without it",
                                    "此前适用的 {places} 不再受该规则约束"),
    "charter.narrowed_left_all": ("every other jurisdiction is left without it", "其他所有辖区都不再受该规则约束"),
    "roster.place_twice": ("warning: jurisdictions {a!r} (firm {fa}) and {b!r} (firm {fb}): one place written two "
                           "ways? Branches never cross a jurisdiction, so the two are planned apart; write one name "
                           "for both if they are one city",
                           "警告：辖区“{a}”（单位 {fa}）与“{b}”（单位 {fb}）是否为同一地方的两种写法？"
                           "支部不跨辖区设置，两者将分开编排；如系同一城市，请统一写法"),
    "charter.singleton": ("kind {kind} may appear once; rules {codes} both use it",
                          "类型 {kind} 只能出现一次；规则 {codes} 都用了它"),
    "charter.joint_one_firm": ("{code} allows at most {max} in a joint branch, but a joint branch has two or more "
                               "units: no joint branch could meet it; give max: 2 or more (to have no joint branch, "
                               "use a branch_count rule with applies_to: [joint] and max: 0)",
                               "{code} 规定联合党支部至多 {max}，但联合党支部至少有两个单位：任何联合党支部都无法"
                               "满足；请将 max 设为 2 或以上（如不设联合党支部，请用 branch_count 规则，"
                               "applies_to: [joint]，max: 0）"),
    "charter.cap_below_min": ("{hi} allows at most {max} in a {branches}, but {lo} requires at least {min}: no such "
                              "branch could meet both; raise {hi}'s max or lower {lo}'s min",
                              "{hi} 规定{branches}至多 {max}，但 {lo} 要求不少于 {min}：这类支部无法同时满足两者；"
                              "请提高 {hi} 的 max 或降低 {lo} 的 min"),
    "charter.firm_cap_below_min": ("{hi} allows at most {max} in a joint branch, each with fewer than {min_full} "
                                   "full members ({own}: a firm with as many leads its own branch), so at most {most} "
                                   "full members, but {lo} requires at least {min}: no joint branch could meet both; "
                                   "raise {hi}'s max or lower {lo}'s min",
                                   "{hi} 规定联合党支部至多 {max}，每个单位正式党员不足 {min_full} 名（{own}："
                                   "达到者单独建支部），合计至多 {most} 名正式党员，但 {lo} 要求不少于 {min} 名："
                                   "任何联合党支部都无法同时满足；请提高 {hi} 的 max 或降低 {lo} 的 min"),
    "charter.own_below_min": ("warning: {own} makes a firm with {min_full} full members lead a branch of its own, but "
                              "{lo} requires at least {min} full members in a standalone branch: such a firm meets it "
                              "only with small firms placed with it, and where there are none no plan exists; give "
                              "{own} min_full: {min} (or more) to keep the two in step",
                              "警告：按 {own}，正式党员 {min_full} 名的单位须单独建立党支部，但 {lo} 要求单独党支部"
                              "正式党员不少于 {min} 名：这样的单位只有在有小所编入时才能满足，否则没有可行方案；"
                              "请将 {own} 的 min_full 设为 {min}（或以上），使两者一致"),
    "charter.min_above_own": ("warning: {own} makes a firm with {min_full} full members lead a branch of its own, but "
                              "{lo} requires at least {min} full members in a standalone branch: such a firm meets it "
                              "only with small firms placed with it, and where there are none no plan exists; if that "
                              "is not meant, keep {lo} at {min_full} and require {min} in joint branches with a rule "
                              "of your own (kind branch_aggregate, applies_to: [joint], count: members, status: full, "
                              "min: {min}); raising {own}'s min_full to {min} would depart from the article it cites",
                              "警告：按 {own}，正式党员 {min_full} 名的单位须单独建立党支部，但 {lo} 要求单独党支部"
                              "正式党员不少于 {min} 名：这样的单位只有在有小所编入时才能满足，否则没有可行方案；"
                              "如非本意，可保留 {lo} 为 {min_full} 名，另设一条只适用于联合支部的规则（kind branch_aggregate，"
                              "applies_to: [joint]，count: members，status: full，min: {min}）；"
                              "将 {own} 的 min_full 提高到 {min} 会偏离其所引条文"),
    # plans and waivers
    "plan.branch_twice": ("branch id {id!r} is used twice (first by branches[{first}])",
                          "支部编号“{id}”重复使用（首次见于 branches[{first}]）"),
    "waiver.subject_alike": ("the waiver's subject {subject!r} is not an id of the plan or the firms file but "
                             "differs from {meant!r} only in case, width or accents: write {meant!r}",
                             "豁免对象“{subject}”不是方案或名册中的编号，但与“{meant}”只有大小写、全半角或重音写法不同："
                             "请写作“{meant}”"),
    "plan.branch_alike": ("branch id {id!r} differs from {other!r} (branches[{first}]) only in case, width or "
                          "accents: the two read as one id; give them ids that differ in more",
                          "支部编号“{id}”与“{other}”（branches[{first}]）只有大小写、全半角或重音写法不同，读来是同一编号；"
                          "请使用区别更明显的编号"),
    "plan.branch_id_name": ("a branch id must not hold a member's name: branch ids are shown in every output, "
                            "report and CI log (value not shown)",
                            "支部编号不能包含党员姓名：支部编号会出现在所有输出、报告和 CI 日志中（不显示其值）"),
    "plan.firm_twice": ("{ref} is in branch {other} and again in branch {branch}; "
                        "a plan to re-plan from or compare with must put every firm in one branch",
                        "{ref} 在支部 {other} 中，又在支部 {branch} 中；作为调整基础或比较对象的方案中，每个单位只能在一个支部"),
    "plan.lead_outside": ("branch {branch} is led by {lead}, which is not one of its firms",
                          "支部 {branch} 的牵头单位 {lead} 不是该支部的单位"),
    "plan.id_variant": ("{ref} is not in the firms file, which has {known}: the two differ only in case, width or "
                        "accents and read as one id; write it as {known}",
                        "“{ref}”不在名册中，名册中有“{known}”：两者仅大小写、全角半角或变音符号不同，视为同一编号；"
                        "请写作“{known}”"),
    "plan.id_is_name": ("{ref} is not an id of the firms file: it is the name of {unit} {known} there, and a plan "
                        "lists units by their ids; write it as {known}",
                        "“{ref}”不是名册中的编号，而是名册中{unit} {known} 的名称：方案中的单位应写编号，请写作“{known}”"),
    "waivers.no_rule": ("no rule {code!r} in charter {charter}{hint}", "规则集 {charter} 中没有规则“{code}”{hint}"),
    # a plan and a firms file given as a pair (--old-firms, --base-firms) that do not fit
    "mismatch.typos": ("warning: {plan} lists firm ids {firms} does not have, each like one of its firms the plan "
                       "places nowhere: typos ({pairs})? Write them as the firms file does",
                       "警告：{plan} 列出的单位编号不在 {firms} 中，且各与一个方案未编入的单位编号相近：是否笔误（{pairs}）？"
                       "请按名册文件的写法更正"),
    "mismatch.plan_firms": ("warning: {plan} {what}: is {firms} the firms file {plan} was made for?{dates}",
                            "警告：{plan} {what}：{firms} 是否就是 {plan} 所依据的单位名册文件？{dates}"),
    "mismatch.unplaced": ("does not place {n} with members of {firms} ({ids})",
                          "未安排 {firms} 中 {n} 个有党员的单位（{ids}）"),
    "mismatch.unknown": ("lists {n} {firms} does not have ({ids})",
                         "列有 {firms} 中没有的 {n} 个单位（{ids}）"),
    "mismatch.dates": (" (the plan is as of {plan}, {firms} as of {day})",
                       "（方案日期为 {plan}，{firms} 的日期为 {day}）"),
    # a plan that records another charter than the one in use
    "charter.plan_other": ("warning: {plan} records charter {recorded}; {doing} (give --rules FILE for that charter)",
                           "警告：{plan} 记录的规则集为 {recorded}；现{doing}（如应按该规则集，请用 --rules 给出其规则文件）"),
    "replan.no_stability": ("warning: the charter has no stability rule switched on (kind stability, as "
                            "BP-STABILITY): the re-plan keeps no member in their branch for its own sake; the "
                            "current plan gives it branch ids, and --pin and --max-moves still bind; give the rule "
                            "`enabled: true` to keep moves few",
                            "提醒：规则集中没有启用的稳定性规则（stability 类，如 BP-STABILITY）：重新编排不会为减少变动"
                            "而让党员留在原支部；现行方案用于沿用支部编号，--pin 与 --max-moves 仍然有效；如需尽量少变动，"
                            "请为该规则设置 `enabled: true`"),
    "charter.doing_check": ("checking against {charter}", "按 {charter} 检查"),
    "charter.doing_replan": ("re-planning under {charter}", "按 {charter} 重新编排"),
    "charter.doing_diff": ("comparing under {charter}", "按 {charter} 比较"),
    "charter.doing_explain": ("explaining under {charter}", "按 {charter} 解释"),
    "charter.doing_report": ("reporting under {charter}", "按 {charter} 生成报告"),
    # a file of another kind where one kind is wanted (told by its top-level keys)
    "kind.other": ("this file is {what} (it has {key}:), not {wanted}: give {wanted} here ({goes})",
                   "此文件是{what}（有 {key}:），不是{wanted}：请在此处提供{wanted}（{goes}）"),
    "kind.plan": ("a plan", "方案文件"),
    "kind.firms": ("a firms file", "单位名册文件"),
    "kind.rules": ("a rules file", "规则文件"),
    "kind.plan_goes": ("a plan goes first in check and diff, or with solve --current",
                       "方案文件应作为 check 与 diff 的第一个参数，或随 solve --current 提供"),
    "kind.firms_goes": ("a firms file goes first in solve, or with --firms or --old-firms",
                        "单位名册文件应作为 solve 的第一个参数，或随 --firms、--old-firms 提供"),
    "kind.rules_goes": ("a rules file goes with --rules", "规则文件应随 --rules 提供"),
    "kind.waivers": ("a waivers file", "豁免文件"),
    "kind.waivers_goes": ("a waivers file goes with check --waivers", "豁免文件应随 check --waivers 提供"),
    "kind.report": ("this file is a report of branchplan's (it has {key}:), not {wanted}: give {wanted} here "
                    "(solve -o PLAN writes a plan; a firms file is the roster solved)",
                    "此文件是 branchplan 输出的报告（有 {key}:），不是{wanted}：请在此处提供{wanted}"
                    "（solve -o 方案文件 写出方案；单位名册即所求解的名册）"),
    "roster.spreadsheet": ("{name} is a spreadsheet, not a firms file: convert it first with "
                           "branchplan import {name} -o firms.yaml (add --jurisdiction CITY if it has no city column)",
                           "{name} 是表格文件，不是单位名册文件：请先运行 branchplan import {name} -o firms.yaml "
                           "转换（表中没有城市列时加 --jurisdiction 城市名）"),
    "plan.spreadsheet": ("a spreadsheet, not a plan: a plan is the YAML or JSON file solve writes "
                         "(solve ... -o plan.yaml){workbook}",
                         "这是表格文件，不是方案文件：方案是 solve 写出的 YAML 或 JSON 文件（solve … -o plan.yaml）{workbook}"),
    "plan.workbook": ("; a report's workbook (report -o {name}) is for reading, not read back",
                      "；report 写出的工作簿（report -o {name}）供阅读，不能读回"),
    "waivers.hard_only": ("{code} cannot be waived: it can only be hard ({title}); a plan that breaks it "
                          "is changed, not excused (branchplan rules show {code})",
                          "{code} 不可豁免：该规则只能是硬性规则（{title}）；违反它的方案须修改，不能豁免"
                          "（branchplan rules show {code}）"),
    "waivers.twice": ("a waiver of {code} for {subject} is already given ({first})",
                      "已有对 {subject} 豁免 {code} 的条目（{first}）"),
    # usage
    "usage.date": ("{option}: {value!r} is not a date like 2026-11-01", "{option}：“{value}”不是日期，应写作 2026-11-01 这样"),
    "usage.size": ("--max-input-bytes: {value!r} is not a size like 64M or 1000000",
                   "--max-input-bytes：“{value}”不是大小，应写作 64M 或 1000000 这样"),
    "usage.size_max": ("--max-input-bytes: {value!r} is more than the largest size, {limit:,} bytes",
                       "--max-input-bytes：“{value}”超过允许的最大值 {limit:,} 字节"),
    "usage.size_min": ("--max-input-bytes: {value!r} must be at least 1 byte", "--max-input-bytes：“{value}”至少应为 1 字节"),
    "usage.only_with_current": ("{options} only make{s} sense with --current PLAN (re-planning from a current plan)",
                                "{options} 只能配合 --current 现行方案使用（以现行方案为基础调整）"),
    "usage.needs_key": ("--pseudonymise needs a key: give --pseudonym-key or set {env} "
                        "(keep it secret; the same key gives the same pseudonyms)",
                        "--pseudonymise 需要密钥：请给出 --pseudonym-key 或设置环境变量 {env}（请保密；密钥相同则化名相同）"),
    "usage.key_short": ("the pseudonym key is too short: use at least {n} characters", "化名密钥太短：至少应有 {n} 个字符"),
    "usage.no_branch": ("{option}the plan has no branch {id!r}{hint}", "{option}方案中没有支部“{id}”{hint}"),
    "usage.alternatives_firm": ("--alternatives N only makes sense with --firm ID (a firm's alternatives)",
                                "--alternatives 只能配合 --firm 单位编号 使用（列出该单位的备选支部）"),
    "usage.no_schema": ("json_schema: no schema {name!r}{hint}; the schemas are {names}",
                        "json_schema：没有名为“{name}”的 Schema{hint}；可用的为 {names}"),
    "usage.no_firm": ("{option}the firms file has no firm {id!r}{hint}", "{option}名册中没有单位“{id}”{hint}"),
    "usage.host_not_firm": ("{option}{id} is a host organisation{name}, not a firm: it has no members of its own, "
                            "so it has no placement to explain; {leads}",
                            "{option}{id} 是托管组织{name}，不是律所：它本身没有党员，无从解释其编入；{leads}"),
    "usage.member_not_firm": ("{option}{id} is the id of a member of firm {firm}, not a firm's: {how} explains "
                              "that firm's placement",
                              "{option}{id} 是单位 {firm} 一名党员的编号，不是单位编号：{how} 可解释该单位的编入"),
    "usage.host_leads": ("it leads branch {branch}: {how} explains that branch",
                         "它牵头支部 {branch}：{how} 可解释该支部"),
    "usage.host_in_none": ("it is in no branch of the plan", "方案中没有支部编入它"),
    "usage.full_after": ("{what} ({day}) is before member {member} of firm {firm} was made full (转正, {joined}), "
                         "though the roster counts them full: standing is measured on a date on or after the latest "
                         "转正 date",
                         "{what}（{day}）早于单位 {firm} 的党员 {member} 的转正时间（{joined}），名册却按正式党员计；"
                         "党龄计算日不能早于最晚的转正时间"),
    "usage.joined_after": ("{what} ({day}) is before member {member} of firm {firm} joined ({joined}); "
                           "standing is measured on a date on or after the latest joining date",
                           "{what}（{day}）早于单位 {firm} 的党员 {member} 的入党时间（{joined}）；"
                           "党龄计算日不能早于最晚的入党时间"),
    "usage.no_rule": ("unknown rule code {code!r}{hint}; the active charter ({charter}) has: {codes}",
                      "未知的规则编码“{code}”{hint}；当前规则集（{charter}）中有：{codes}"),
    "usage.no_kind": ("unknown rule kind {kind!r}{hint}; the kinds are: {kinds}",
                      "未知的规则类型“{kind}”{hint}；可用类型：{kinds}"),
    "usage.rule_is_kind": ("{code!r} is a rule kind, not a rule of the active charter ({charter}): "
                           "branchplan rules kind {code} prints its manual",
                           "“{code}”是规则类型，不是当前规则集（{charter}）中的规则：请用 branchplan rules kind {code} 查看其说明"),
    "usage.rule_off": ("rule {code} is switched off in the active charter ({charter})",
                       "规则 {code} 在当前规则集（{charter}）中已关闭"),
    "usage.weight_too_large": ("{origin}: {code}: weight {weight:g} makes {what} too large for the solver's integers; "
                               "lower it (or use smaller planar coordinates)",
                               "{origin}: {code}: 权重 {weight:g} 使{what_zh}超出求解器的整数范围；请调低权重（或使用较小的平面坐标）"),
    "usage.objective_too_large": ("{what} is too large for the solver's integers; lower the weights "
                                  "(or use smaller planar coordinates)",
                                  "{what_zh}超出求解器的整数范围；请调低权重（或使用较小的平面坐标）"),
    "usage.html": ("{path}: the report is HTML or an Excel workbook; name the file .html or .xlsx",
                   "{path}：报告为 HTML 或 Excel 工作簿，文件名应以 .html 或 .xlsx 结尾"),
    "usage.html_terminal": ("the report is a page of HTML: write it to a file with -o report.html (or -o "
                            "report.xlsx for an Excel workbook), or redirect it (> report.html)",
                            "报告是一个 HTML 网页：请用 -o report.html 写入文件（或用 -o report.xlsx 写出 Excel 工作簿），"
                            "或重定向输出（> report.html）"),
    "usage.changes_suffix": ("--changes {path}: the file must end in .md, .yaml, .yml, .json or .txt",
                             "--changes {path}：文件名应以 .md、.yaml、.yml、.json 或 .txt 结尾"),
    "yaml.unclosed": ("; the '{bracket}' opened here is not closed (the parser stopped at line {line}, column {col})",
                      "；此处的“{bracket}”没有闭合（解析在第 {line} 行第 {col} 列处停止）"),
    "usage.format_clash": ("{path}: a {ending} file is {implied}, but --format is {explicit}: leave out --format "
                           "(the format follows the file's ending) or give the file another ending",
                           "{path}：{ending} 文件应为 {implied} 格式，但 --format 为 {explicit}：去掉 --format（格式随文件扩展名而定），"
                           "或改用其他扩展名"),
    "usage.output_suffix": ("{path}: output file must end in .yaml, .yml or .json",
                            "{path}：输出文件名应以 .yaml、.yml 或 .json 结尾"),
    "usage.output_report": ("{path}: output file must end in .yaml, .yml or .json (a plan as an Excel workbook or "
                            "a web page: branchplan report PLAN --firms FIRMS -o {name})",
                            "{path}：输出文件名应以 .yaml、.yml 或 .json 结尾（Excel 表格或网页形式的方案："
                            "branchplan report 方案文件 --firms 名册文件 -o {name}）"),
    "usage.negative": ("{option}: {value} is negative", "{option}：{value} 不能为负数"),
    "usage.id_key_short": ("--id-key / {env}: the key must be at least {n} characters (密钥至少 {n} 个字符)",
                           "--id-key / {env}：密钥至少应有 {n} 个字符"),
    "file.surrogate": ("the text holds {code}, half of a character pair, which no UTF-8 file can hold: the text "
                       "was decoded wrongly (decode the upload's bytes as UTF-8, or give the bytes)",
                       "文本中含有 {code}（半个代理对字符），任何 UTF-8 文件都不能包含：文本解码有误（请按 UTF-8 解码上传的字节，"
                       "或直接提供字节）"),
    "usage.id_key_short_library": ("id_key: the key must be at least {n} characters", "id_key：密钥至少应有 {n} 个字符"),
    "import.id_numbers_only": ("members are identified only by ID number ({header}); ID numbers are never "
                              "copied. Give a secret key with --id-key or the {env} environment variable to derive "
                              "stable pseudonymous member ids (成员仅以身份证号标识；请用 --id-key 或环境变量 {env} "
                              "提供密钥)",
                              "党员仅以身份证号（{header}）标识；身份证号不会被复制。请用 --id-key 或环境变量 "
                              "{env} 提供密钥，以派生稳定的化名党员编号"),
    # --pin (re-planning from a current plan)
    "pin.both": ("{option} {pin}: {name} names both a branch and a firm; write branch:{name} or firm:{name}",
                 "{option} {pin}：{name} 既是支部编号又是单位编号；请写 branch:{name} 或 firm:{name}"),
    "pin.not_placed": ("{option} {pin}: {name} is in the firms file but in no branch of the current plan (new "
                       "to the roster, or left out of the plan): it has no branch to keep",
                       "{option} {pin}：{name} 在名册中，但不在现行方案的任何支部中（新加入名册，或方案未列入）：没有可保留的支部"),
    "pin.host_alone": ("{option} {pin}: host {name}'s branch {branch} has no firm left in the roster: there is "
                       "nothing for the host to keep",
                       "{option} {pin}：托管组织 {name} 的支部 {branch} 在名册中已无单位，无可保留"),
    "pin.branch_empty": ("{option} {pin}: branch {name} has no units left in the roster and cannot be kept",
                         "{option} {pin}：支部 {name} 在名册中已无单位，无法保留"),
    "pin.firm_gone": ("{option} {pin}: firm {name} is no longer in the roster or has no Party members; "
                      "there is nothing to keep",
                      "{option} {pin}：单位 {name} 已不在名册中或没有党员；没有可保留的内容"),
    "pin.not_firm": ("{option} {pin}: {name} is a branch, not a firm; write branch:{name} (or {name})",
                     "{option} {pin}：{name} 是支部，不是单位；请写 branch:{name}（或 {name}）"),
    "pin.not_branch": ("{option} {pin}: {name} is a firm, not a branch; write firm:{name} (or {name})",
                       "{option} {pin}：{name} 是单位，不是支部；请写 firm:{name}（或 {name}）"),
    "pin.empty": ("--pin: an empty pin keeps nothing; give a branch or firm id of the current plan",
                  "--pin：空的固定项不固定任何内容；请给出现行方案中的支部或单位编号"),
    "pin.no_id": ("{option} '{pin}': give a {what} id after '{pin}'", "{option} “{pin}”：请在“{pin}”后写出{what_zh}编号"),
    "pin.unknown": ("{option} {pin}: no branch or firm of the current plan is called {name!r}{hint}; "
                    "pins keep something of the current plan",
                    "{option} {pin}：现行方案中没有名为“{name}”的支部或单位{hint}；--pin 用于固定现行方案中的支部或单位"),
    # a roster built in code (api.solve)
    "api.unit_twice": ("unit id {id!r} is used twice (firms and hosts need unique ids)",
                       "单位编号“{id}”重复使用（单位和托管组织的编号须各不相同）"),
    "api.member_twice": ("member id {id!r} is in firm {first} and again in firm {firm} (member ids are unique "
                         "across a roster: a member belongs to one firm)",
                         "党员编号“{id}”在单位 {first} 中，又出现在单位 {firm} 中（党员编号在名册中须唯一：一名党员只属于一个单位）"),
    "api.units_twice": ("unit id {id!r} is used twice (firms and hosts need unique ids; also {also})",
                        "单位编号“{id}”重复使用（单位和托管组织的编号须各不相同；另有{also}）"),
    # writing an output file
    "output.no_folder": ("output folder {folder!r} does not exist", "输出文件夹“{folder}”不存在"),
    "output.stdout_failed": ("cannot write the output: {reason} (standard output; a shell redirect may have "
                             "left a partial file: -o FILE writes the whole file or nothing)",
                             "无法写出输出：{reason}（标准输出；经 shell 重定向写出的文件可能不完整："
                             "用 -o 文件 可保证要么完整写出、要么不写）"),
    "usage.cwd_gone": ("the current folder no longer exists (it was removed while the shell was in it): change "
                       "to a folder that exists and run the command again",
                       "当前文件夹已不存在（在 shell 位于其中时被删除）：请切换到存在的文件夹后重新运行命令"),
    "output.stdout_closed": ("cannot write the output: standard output is closed; give -o FILE, or run the "
                             "command with its output redirected to a file",
                             "无法写出输出：标准输出已关闭；请用 -o 文件 指定输出文件，或将命令的输出重定向到文件"),
    "output.cannot_write": ("cannot write the output: {reason}", "无法写出输出文件：{reason}"),
    "output.not_a_file": ("is not a file (a device, a pipe or a socket, or a link to one); give a file name for "
                          "the output (without -o the output goes to standard output)",
                          "不是普通文件（而是设备、管道、套接字或指向它们的链接）；请为输出指定文件名"
                          "（不加 -o 时输出到标准输出）"),
    # import: reading the spreadsheet
    "import.total_alone": ("{header}: the Party members in all do not tell full from probationary members (the "
                           "charter counts full members): add a column of full members (正式党员人数) or of "
                           "probationary ones (预备党员人数); the other is then the difference",
                           "{header}：党员总数不能区分正式党员与预备党员（章程按正式党员计数）：请增加“正式党员人数”或"
                           "“预备党员人数”列，另一类即为二者之差"),
    "import.no_names_running": ("--no-names: the member ids of {header} are the numbers 1 to N, a count of the rows "
                                "that changes when a member leaves; with no names written, nothing would tell next "
                                "year's members apart from this year's: give member numbers that stay with each "
                                "member (党员编号), or ID numbers with --id-key",
                                "--no-names：“{header}”列的党员编号是 1 至 N 的顺序号，有党员离开时就会改变；不写姓名，"
                                "明年将无法区分各人：请使用固定随人的党员编号，或身份证号加 --id-key"),
    "import.no_names_named_ids": ("--no-names: {n} member ids look like names (above): written as ids, the names "
                                  "would be in the firms file all the same; use member numbers (党员编号) or ID "
                                  "numbers with --id-key",
                                  "--no-names：有 {n} 个党员编号像是姓名（见上）：作为编号写出，姓名仍会出现在名册文件中；"
                                  "请使用党员编号，或身份证号加 --id-key"),
    "import.no_names_row_ids": ("--no-names needs member ids that carry over from year to year, and this sheet has "
                                "none (its members would be R + row number, and nothing would tell them apart next "
                                "year): add a member-id column (党员编号), or give ID numbers (身份证号) with --id-key",
                                "--no-names 需要跨年份不变的党员编号，而本表没有（党员编号将为 R + 行号，明年无法区分"
                                "各人）：请增加“党员编号”列，或提供“身份证号”列并使用 --id-key"),
    "import.no_header": ("no header row found: the first rows must name the firm column ({firm}/firm) and at least "
                         "one other known column (姓名/name, 党员类别/status, 入党时间/joined ...)",
                         "没有找到表头行：开头几行中须有单位列（{firm}/firm）和至少一个其他可识别的列"
                         "（姓名/name、党员类别/status、入党时间/joined 等）"),
    "import.no_header_sheet": ("no header row found in sheet {sheet}, the first of the workbook's sheets ({others} "
                               "not read): if the roster is on another sheet, choose it with --sheet NAME; else the "
                               "first rows must name the firm column ({firm}/firm) and at least one other known column",
                               "工作表“{sheet}”（工作簿的第一个工作表；未读取{others}）中没有找到表头行：如名册在其他"
                               "工作表，请用 --sheet 工作表名 选择；否则开头几行中须有单位列（{firm}/firm）和至少一个"
                               "其他可识别的列"),
    "import.no_sheet": ("no sheet named {sheet!r}; the sheets are: {sheets}", "没有名为“{sheet}”的工作表；现有工作表：{sheets}"),
    "import.xlsx_named_text": ("is an Excel workbook (.xlsx, a zip file) named {suffix}: rename it .xlsx and import "
                               "it again", "这是 Excel 工作簿（.xlsx，zip 文件），却以 {suffix} 命名：请将扩展名改为 .xlsx "
                               "后重新导入"),
    "import.zip_named_text": ("is a zip archive named {suffix}, not a text (CSV) file: import the roster as .xlsx or "
                              "CSV UTF-8", "这是 zip 压缩文件，却以 {suffix} 命名，不是文本（CSV）文件：请以 .xlsx 或"
                              "“CSV UTF-8”格式导入名册"),
    "import.xls_named_text": ("is an old Excel .xls file named {suffix}: .xls files are not read; open it in Excel or "
                              "WPS and save it as .xlsx or CSV UTF-8", "这是旧版 Excel .xls 文件，却以 {suffix} 命名："
                              "不能读取 .xls 文件；请用 Excel 或 WPS 打开，另存为 .xlsx 或“CSV UTF-8”格式"),
    "import.piped_workbook": ("holds an Excel workbook (or another zip file), which is read from a file only, not "
                              "from a pipe: save it to a file (roster.xlsx) and import that",
                              "内容是 Excel 工作簿（或其他 zip 文件），只能从文件读取，不能从管道读取：请先保存为文件"
                              "（如 名册.xlsx），再导入该文件"),
    "import.piped_xls": ("holds an old Excel .xls file: .xls files are not read; open it in Excel or WPS and save it "
                         "as .xlsx or CSV UTF-8", "内容是旧版 Excel .xls 文件：不能读取 .xls 文件；请用 Excel 或 WPS "
                         "打开，另存为 .xlsx 或“CSV UTF-8”格式"),
    "import.encrypted": ("is a password-protected (encrypted) Excel workbook, which cannot be read: open it in Excel or "
                         "WPS, clear the password to open it (File > Info > Protect Workbook > Encrypt with Password), "
                         "save it as .xlsx and import it again", "这是设有打开密码（已加密）的 Excel 工作簿，无法读取：请用 "
                         "Excel 或 WPS 打开，清除打开密码（文件 > 信息 > 保护工作簿 > 用密码进行加密），另存为 .xlsx 后"
                         "重新导入"),
    "import.bad_csv": ("unreadable CSV: {reason}", "无法解析的 CSV：{reason}"),
    "import.unclosed_quote": ("row {row}: the quote that opens cell {cell}{header} is never closed: the cell takes in "
                             "lines {row}-{last}, the rest of the file; close the quote, or remove it",
                             "第 {row} 行：第 {cell} 列{header}开头的引号没有闭合，该单元格吞并了第 {row}-{last} 行"
                             "（文件其余部分）；请补上闭合引号或删去该引号"),
    "import.swallowing_quote": ("row {row}: the quoted cell {cell}{header} runs over lines {row}-{last} and takes in "
                                "what reads as {rows} of the file; a quote is probably missing or extra there: close "
                                "the cell's quote where the cell ends", "第 {row} 行：第 {cell} 列{header}带引号的单元格"
                                "跨越第 {row}-{last} 行，吞并了看似{rows}的内容；此处可能缺少或多出一个引号：请在该单元格"
                                "结束处闭合引号"),
    "import.bad_xlsx": ("not a readable .xlsx workbook (damaged, or not an Excel file): open it in Excel and "
                        "save it again as .xlsx", "不是可读取的 .xlsx 工作簿（文件损坏或不是 Excel 文件）：请用 Excel 打开后重新另存为 .xlsx"),
    "import.unpacked": ("the workbook unpacks to {unpacked:,} bytes, more than the limit of {limit:,} ({times} times "
                        "--max-input-bytes); raise --max-input-bytes if it is genuine (工作簿解压后过大)",
                        "工作簿解压后有 {unpacked:,} 字节，超过上限 {limit:,} 字节（--max-input-bytes 的 {times} 倍）；"
                        "如确为正常文件，请放宽 --max-input-bytes"),
    "import.column_clash": ("columns {a} ({header_a}) and {b} ({header_b}) both give the {field}; keep one",
                            "{a} 列（{header_a}）和 {b} 列（{header_b}）都给出了{field}；请只保留一列"),
    "import.both_kinds": ("the sheet has both member columns ({members}) and member-count columns ({counts}); "
                          "give one row per member or one row per firm",
                          "工作表既有党员列（{members}），又有党员人数列（{counts}）；请每名党员一行，或每个单位一行"),
}

#: A file refused as UTF-16: often one Windows PowerShell 5.1 wrote with > (it writes a
#: command's output as UTF-16, its Chinese read through the console's code page), so the
#: message says, for that case, how to write the file instead.
UTF16 = "file is UTF-16 text; save it as UTF-8 (if PowerShell's > wrote it, write the file with -o FILE instead)"

#: Sentences without values: English -> Chinese.
FIXED: dict[str, str] = {
    "no such file": "文件不存在",
    "is a directory, expected a file": "这是文件夹，应为文件",
    "permission denied": "没有读取权限",
    UTF16: "文件是 UTF-16 编码；请另存为 UTF-8（若是用 PowerShell 的 > 重定向写出的，请改用 -o 文件名 写出文件）",
    "file is UTF-32 text; save it as UTF-8": "文件是 UTF-32 编码；请另存为 UTF-8",
    "file is empty": "文件为空",
    "file holds no document": "文件中没有内容",
    "a firms file is a mapping with a 'firms:' list": "单位名册文件应为映射，其中有“firms:”列表",
    "a rules file is a mapping with 'rules:'": "规则文件应为映射，其中有“rules:”",
    "a plan file is a mapping with 'branches:'": "方案文件应为映射，其中有“branches:”",
    "a waivers file is a list of waivers (or a mapping with 'waivers:')": "豁免清单文件应为豁免条目的列表（或含“waivers:”的映射）",
    "the roster lists no firms": "名册中没有任何单位",
    "refusing to overwrite an input file; choose another output path": "不能覆盖输入文件；请另选输出路径",
    "is a folder; give a file name for the output": "这是文件夹；请给出输出文件名",
    "no row could be taken: nothing to write": "没有可采用的行：没有可写出的内容",
    # values refused by the models' own checks (pydantic value errors)
    "expected a date like 2026-11-01": "应为日期，如 2026-11-01",
    "expected a date like 2026-11-01, without a time of day": "应为日期，如 2026-11-01，不带时刻",
    "must not contain control characters (tabs, line breaks)": "不能含控制字符（制表符、换行符）",
    "'*' is reserved: a plan names the whole roster so; give the jurisdiction its name":
        "“*”为保留名称：方案以此指整个名册；请写出辖区名称",
    "must not contain invisible characters (zero-width spaces, byte-order marks, direction marks)":
        "不能含不可见字符（零宽空格、字节顺序标记、方向标记）",
    "must not contain text-direction control characters (they reorder what is shown)":
        "不能含文字方向控制符（会打乱显示顺序）",
    "give either lat/lon or x/y, not both": "只能给出 lat/lon 或 x/y 之一，不能都给",
    "lat and lon must be given together": "lat 和 lon 须同时给出",
    "x and y must be given together": "x 和 y 须同时给出",
    "give lat/lon or x/y": "请给出 lat/lon 或 x/y",
    "give 'min', 'max' or both": "请给出“min”、“max”或两者",
    "'min' is larger than 'max'": "“min”大于“max”",
    "'status' and 'min_standing_years' filter members; use count: members":
        "“status”和“min_standing_years”用于筛选党员；请用 count: members",
    "'director_is_member' filters firms; use count: firms": "“director_is_member”用于筛选单位；请用 count: firms",
    "probationary members have no standing, so none would be counted; min_standing_years counts full members: "
    "use status: full, or leave min_standing_years out":   # rules.aggregate.STANDING_OF_PROBATIONARY
        "预备党员没有党龄，因此不会有人被计入；min_standing_years 只统计正式党员：请改用 status: full，"
        "或删去 min_standing_years",
    # usage
    "--max-moves counts members moving against a base plan: give --base OLD_PLAN":  # gate.MAX_MOVES_NEEDS_BASE
        "--max-moves 统计相对原方案调整支部的党员：请给出 --base 原方案",
    "--base-firms needs --base": "--base-firms 需要配合 --base 使用",
    "--base-label needs --base": "--base-label 需要配合 --base 使用",
    "--only-new needs --base and --format github (with --base, json, markdown and sarif mark each finding new or "
    "not; text and junit do not)":
        "--only-new 需要配合 --base 和 --format github 使用（指定 --base 时，json、markdown 和 sarif 会标明每条问题是否新增，"
        "text 和 junit 不标明）",
    "give --branch or --firm, not both": "请给出 --branch 或 --firm，不能同时给出",
    "--changes and -o name the same file": "--changes 和 -o 指向同一个文件",
    # import
    "old Excel .xls files are not read; save the sheet as .xlsx or CSV (另存为 .xlsx 或 CSV)":
        "不能读取旧版 Excel .xls 文件；请将工作表另存为 .xlsx 或 CSV",
    "--sheet applies to Excel files only": "--sheet 只适用于 Excel 文件",
    "neither UTF-8 nor GBK text; save the file as CSV UTF-8 (保存为 CSV UTF-8 格式)":
        "既不是 UTF-8 也不是 GBK 文本；请将文件另存为“CSV UTF-8”格式",
    "the file holds NUL bytes: not a text (CSV) file": "文件中含有 NUL 字节：不是文本（CSV）文件",
    "no member status column (党员类别: 正式/预备, or status: full/probationary)":
        "没有党员类别列（党员类别：正式/预备，或 status: full/probationary）",
    "no city column (所属城市/jurisdiction): give the city with --jurisdiction":
        "没有所属城市列（所属城市/jurisdiction）：请用 --jurisdiction 给出城市",
}


def say(key: str, /, **values: Any) -> Msg:
    """A catalogue message in both languages; a Msg value is put in in each language."""
    en, zh = PROBLEMS[key]
    return Msg(en.format(**{k: v.en if isinstance(v, Msg) else v for k, v in values.items()}),
               zh.format(**{k: v.zh if isinstance(v, Msg) else v for k, v in values.items()}))


def bad_date(value: str, reason: str) -> Msg:
    """'2026-02-30 is not a valid date (day is out of range for month)', and the Chinese."""
    return say("doc.bad_date", value=value, reason=Msg(reason, DATE_REASONS_ZH.get(reason, reason)))


#: The operating system's reasons for a failed write (``strerror``) -> Chinese.
OS_REASONS_ZH = {
    "Permission denied": "没有写入权限",
    "No space left on device": "磁盘空间不足",
    "Read-only file system": "文件系统为只读",
    "Disk quota exceeded": "超出磁盘配额",
    "File name too long": "文件名太长",
}


def os_reason(exc: OSError) -> Msg:
    """Why a write failed (``exc.strerror``), and the Chinese where it is a common reason."""
    reason = exc.strerror or str(exc)
    return Msg(reason, OS_REASONS_ZH.get(reason, reason))


def chinese(en: str) -> str:
    """The Chinese of a sentence without values (the English itself when there is none)."""
    return FIXED.get(en, en)


def _unpadded(text: str) -> str:
    """:func:`branchplan.model.id_key` with the leading zeros of each run of digits left out
    (``B5``, ``b005`` and ``Ｂ005`` are one)."""
    from .model import id_key

    return re.sub(r"\d+", lambda m: m.group().lstrip("0") or "0", id_key(text))


#: what separates the parts of an id (``C001-F0044``: a firm's number after its city's)
_ID_PARTS = "-_./ "


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest ``word``: the first that differs from it only in case, width or
    accents (``b001`` or ``Ｂ001`` for ``B001``, which difflib would not prefer), else only
    in leading zeros too (``B5`` for ``B005``: difflib prefers ``B025``), else the one choice
    whose last parts it is (``f0044`` for ``C001-F0044``; none where several end so), else
    difflib's closest, if close enough."""
    from .model import id_key

    choices = list(choices)
    key = id_key(str(word))
    same = next((c for c in choices if id_key(str(c)) == key), None)
    if same is not None:
        return same
    bare = _unpadded(str(word))
    same = next((c for c in choices if _unpadded(str(c)) == bare), None)
    if same is not None:
        return same
    tails = [c for c in choices if (k := _unpadded(str(c))).endswith(bare) and len(k) > len(bare)
             and k[-len(bare) - 1] in _ID_PARTS and bare[0] not in _ID_PARTS] if bare else []
    if len(tails) == 1:
        return tails[0]
    if len(tails) > 1:      # (F0004 of two cities: no guess)
        return None
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return match[0] if match else None


def hint(word: str, choices: Iterable[str]) -> Msg:
    """' (did you mean 'x'?)' and its Chinese, or empty texts when nothing is close (never
    the word itself: it is no choice when it is being refused)."""
    match = closest(word, [c for c in choices if str(c) != str(word)])
    return say("hint", word=match) if match is not None else Msg("", "")


# ---------------------------------------------------------------- schema validation

#: pydantic error type -> Chinese (with the error's context values, e.g. {ge}).
_TYPES_ZH: dict[str, str] = {
    "missing": "缺少此项",
    "literal_error": "应为 {expected}",
    "enum": "应为 {expected}",
    "greater_than_equal": "应大于或等于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应小于或等于 {le}",
    "less_than": "应小于 {lt}",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能有小数部分",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_short": "至少应有 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "应符合格式 {pattern}",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "too_short": "至少应有 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "invalid_key": "键名应为文本",
    "date_type": "应为日期，如 2026-11-01",
    "date_parsing": "应为日期，如 2026-11-01",
    "date_from_datetime_parsing": "应为日期，如 2026-11-01",
    "date_from_datetime_inexact": "应为日期，不带时刻",
    "union_tag_invalid": "写法不符合任何一种可选形式",
    "union_tag_not_found": "写法不符合任何一种可选形式",
}


def validation_zh(err: dict) -> str | None:
    """The Chinese of one pydantic error's message (without the value it got), or None."""
    etype = err.get("type", "")
    if etype == "value_error":
        en = str(err.get("msg", "")).removeprefix("Value error, ")
        zh = chinese(en)
        return zh if zh != en else None
    template = _TYPES_ZH.get(etype)
    if template is None:
        return None
    ctx = {k: _zh_value(v) for k, v in (err.get("ctx") or {}).items()}
    try:
        return chinese_quotes(template.format(**ctx))
    except (KeyError, IndexError, ValueError):
        return None


def _zh_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)  # as pydantic's English shows it: 90, not 90.0
    return value.replace(" or ", " 或 ") if isinstance(value, str) else value


# ---------------------------------------------------------------- parser phrases

#: PyYAML's (libyaml's) and json's phrases -> Chinese; a phrase not listed stays English.
_SYNTAX_ZH: dict[str, str] = {
    "while parsing a flow sequence": "解析方括号列表 [...] 时",
    "while parsing a flow mapping": "解析花括号映射 {...} 时",
    "while parsing a block mapping": "解析映射时",
    "while parsing a block collection": "解析列表或映射时",
    "while parsing a block node": "解析内容时",
    "while parsing a flow node": "解析内容时",
    "while scanning a simple key": "读取键名时",
    "while scanning a quoted scalar": "读取引号中的文本时",
    "while scanning a plain scalar": "读取文本时",
    "while scanning for the next token": "读取下一项时",
    "while scanning an alias": "读取别名时",
    "while scanning an anchor": "读取锚点时",
    "while scanning a block scalar": "读取多行文本时",
    "while constructing a mapping": "构造映射时",
    "expected a single document in the stream": "文件应只含一个文档",
    "did not find expected ',' or ']'": "缺少“,”或“]”",
    "did not find expected ',' or '}'": "缺少“,”或“}”",
    "did not find expected '-' indicator": "缺少列表项标记“-”（缩进可能不对）",
    "did not find expected key": "缺少键名（缩进可能不对）",
    "did not find expected node content": "缺少内容",
    "could not find expected ':'": "缺少“:”",
    "mapping values are not allowed in this context": "此处不能出现“键: 值”（冒号后可能缺空格，或缩进不对）",
    "mapping values are not allowed here": "此处不能出现“键: 值”（冒号后可能缺空格，或缩进不对）",
    "found character that cannot start any token": "出现了不能开始任何内容的字符",
    "found unexpected end of stream": "文件意外结束（可能缺少右引号）",
    "found unhashable key": "键名不能是列表或映射",
    "found undefined alias": "别名未定义",
    "but found another document": "却又出现了另一个文档",
    "found a tab character where an indentation space is expected": "应为缩进空格处出现了制表符",
    "found a tab character that violates indentation": "出现了破坏缩进的制表符",
    "control characters are not allowed": "不允许出现控制字符",
    "(a tab: indent with spaces)": "（这是制表符：请用空格缩进）",
    "Expecting value": "此处应有一个值",
    "Extra data": "数据之后还有多余内容",
    "Expecting ',' delimiter": "缺少逗号“,”",
    "Expecting ':' delimiter": "缺少冒号“:”",
    "Expecting property name enclosed in double quotes": "键名应使用双引号",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "出现了控制字符",
}
_SYNTAX = re.compile("|".join(re.escape(k) for k in sorted(_SYNTAX_ZH, key=len, reverse=True)))


def syntax_zh(detail: str) -> str:
    """A parser's message with its known phrases in Chinese (the punctuation between them kept)."""
    out = _SYNTAX.sub(lambda m: _SYNTAX_ZH[m.group(0)], detail)
    return out.replace(": ", "：").replace(" （", "（")


#: Python's reasons for an impossible date -> Chinese.
DATE_REASONS_ZH = {
    "day is out of range for month": "该月没有这一天",
    "month must be in 1..12": "月份应为 1 到 12",
    "year 0 is out of range": "年份不能为 0",
}


# ---------------------------------------------------------------- the command line's own errors

#: The command-line parser's messages (click's, and the option parsers' of cli/choices.py):
#: a pattern -> its Chinese (``{g1}``: the pattern's groups, ``{m1}``: a group translated too).
_USAGE_ZH: list[tuple[re.Pattern, str]] = [(re.compile(p, re.S), zh) for p, zh in (
    (r"Invalid value for (.+?): (.*)", "{g1} 的值无效：{m2}"),
    (r"Invalid value: (.*)", "值无效：{m1}"),
    (r"(.*) is not one of (.*)\.", "{g1} 不是可选值（{g2}）之一。"),
    (r"(.*) is not in the range (.*)\.", "{g1} 不在允许的范围（{g2}）内。"),
    (r"(.*) is not a valid integer\.", "{g1} 不是整数。"),
    (r"(.*) is not a valid number\.", "{g1} 不是数字。"),
    (r"Missing option (.*)\. Choose from:(.*)", "缺少选项 {g1}。可选：{g2}"),
    (r"Missing argument (.*)\. Choose from:(.*)", "缺少参数 {g1}。可选：{g2}"),
    (r"Missing option (.*)\.", "缺少选项 {g1}。"),
    (r"Missing argument (.*)\.", "缺少参数 {g1}。"),
    (r"Missing command\.", "缺少命令。"),
    (r"No such option: (\S+) \(Possible options: (.*)\)", "没有选项 {g1}（相近的选项：{g2}）"),
    (r"No such option: (\S+)", "没有选项 {g1}"),
    (r"No such command (.*)\. Did you mean (.*)\?", "没有命令 {g1}。是否应为 {g2}？"),
    (r"No such command (.*)\.", "没有命令 {g1}。"),
    (r"Option (.*) requires an argument\.", "选项 {g1} 需要一个值。"),
    (r"Option (.*) does not take a value\.", "选项 {g1} 不带值。"),
    (r"Got unexpected extra argument\(s\) \((.*)\)", "多余的参数（{g1}）"),
    (r"(?:File|Path|Directory) (.*) does not exist\.", "{g1} 不存在。"),
    (r"(?:File|Path|Directory) (.*) is not readable\.", "{g1} 不可读（没有读取权限）。"),
    (r"(?:File|Path|Directory) (.*) is not writable\.", "{g1} 不可写（没有写入权限）。"),
    (r"(?:File|Path) (.*) is a directory\.", "{g1} 是文件夹，应为文件。"),
)]


def usage_zh(message: str) -> str:
    """The Chinese of a command-line parser's message (the English where no pattern fits)."""
    for pattern, zh in _USAGE_ZH:
        m = pattern.fullmatch(message)
        if m is not None:
            groups = m.groups()
            values = {f"g{i + 1}": g for i, g in enumerate(groups)}
            values.update({f"m{i + 1}": usage_zh(g) for i, g in enumerate(groups)})
            return chinese_quotes(zh.format_map(values))
    return message


_QUOTED = re.compile(r"'([^'\n]*)'")


def chinese_quotes(text: str) -> str:
    """``'FIRMS'`` -> ``“FIRMS”``: Python's and click's quotes in a Chinese sentence."""
    out = _QUOTED.sub(lambda m: f"“{m.group(1)}”", text)
    return re.sub(r" ?“", "“", re.sub(r"” ?", "”", out.replace("”, “", "”、“").replace("” / “", "”/“")))
