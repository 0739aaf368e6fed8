"""Chinese help for commands whose help texts are plain English strings (keyed by the
English text; a changed English text falls back to English until translated here)."""

from __future__ import annotations

from ..i18n import t

# branchplan diff
t("List the members and firms that move, branches created, dissolved, merged or split, and rule costs.",
  "列出调整的党员和单位、新建、撤销、合并或拆分的支部，以及各规则的代价变化。")
t("The plan before (YAML or JSON).", "调整前的方案（YAML 或 JSON）。")
t("The plan after (YAML or JSON).", "调整后的方案（YAML 或 JSON）。")
t("Firms file both plans are about.", "两个方案共同对应的单位名册文件。")
t("Firms file of the old plan, when the roster changed too.", "名册也有变化时，原方案对应的单位名册文件。")
t("text, json, yaml or markdown (default: text; with -o, from the file's ending: .json, .yaml, .md).",
  "text、json、yaml 或 markdown（默认 text；指定 -o 时按文件扩展名：.json、.yaml、.md）。")
t("Write the diff here instead of printing it (in the format its ending names, unless --format is given).",
  "将差异写入此文件而不是输出到屏幕（未指定 --format 时，格式随文件扩展名而定）。")
t("Rules file (default: the shipped charter).", "规则文件（默认使用内置规则集）。")
t("Date standing is measured on (YYYY-MM-DD).", "党龄计算日（YYYY-MM-DD）。")

# branchplan explain
t("Explain a plan: each branch's cost per rule; a branch's binding rules; a firm's placement and alternatives.",
  "解释方案：各支部按规则计的代价；某支部受哪些规则约束；某单位为何如此编入及其备选。")
t("Plan file (from solve, or hand-made).", "方案文件（solve 生成或手工编写）。")
t("Explain this branch.", "解释此支部。")
t("Explain this firm's placement.", "解释此单位的编入。")
t("Alternatives shown for --firm (default 3).", "--firm 显示的备选数量（默认 3）。")
t("text or json.", "text 或 json。")

# branchplan rules
t("The rules of the active charter, and each rule's manual.", "当前规则集的规则及每条规则的说明。")
t("text (a table) or json.", "text（表格）或 json。")
t("List the rules of the active charter: code, name, kind, severity, weight, priority, parameters.",
  "列出当前规则集的规则：编码、名称、类型、硬性/软性、权重、优先级、参数。")
t("Rule code (e.g. BP-MIN-FULL) or name.", "规则编码（如 BP-MIN-FULL）或名称。")
t("Print a rule's manual: charter wording (Chinese and English), source, parameters, examples.",
  "输出规则说明：条例原文（中英文）、出处、参数、示例。")
t("List every rule kind a rules file can use: severities allowed, whether it may be repeated, summary.",
  "列出规则文件可用的全部规则类型：可选的硬性/软性、可否重复使用、简介。")
t("Language of the table's headings and one-line summaries.", "表头与各类型简介的语言。")
t("Print a rule kind's manual: severities, whether repeatable, parameters with types and defaults, an example entry.",
  "输出规则类型说明：可选的硬性/软性、可否重复使用、参数（类型与默认值）、示例条目。")
t("Rule kind (e.g. branch_count); see branchplan rules kinds.", "规则类型（如 branch_count）；见 branchplan rules kinds。")
t("Language of the headings and summary (the kind's manual itself is in English).",
  "标题与简介的语言（类型说明原文为英文）。")
