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
t("text, json, yaml or markdown.", "text、json、yaml 或 markdown。")
t("Write the diff here instead of printing it.", "将差异写入此文件而不是输出到屏幕。")
t("Rules file (default: the shipped charter).", "规则文件（默认使用内置规则集）。")
t("Date standing is measured on (YYYY-MM-DD).", "党龄计算日（YYYY-MM-DD）。")
