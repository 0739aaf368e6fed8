"""The rule kinds a rules file can use (``branchplan rules kinds`` and ``rules kind NAME``).

A kind is a module of :mod:`branchplan.rules`; what is listed here is read from it: its
name, the severities it allows (the default first), whether a charter may hold it once only
(``SINGLETON``), its manual (the module docstring) and its parameters (its pydantic
``Params``). Only the one-line Chinese summaries and the example entries are written here.
"""

from __future__ import annotations

import textwrap
import types
import typing
from typing import Any, Literal

from pydantic_core import PydanticUndefined

from .errors import UsageError
from .errtext import hint, say
from .i18n import pick
from .loader import dump_yaml
from .rules import KINDS

#: One line in Chinese per kind (the manuals themselves are in English).
SUMMARY_ZH = {
    "assignment": "每个有党员的单位编入且只编入一个支部，整体编入",
    "own_branch": "正式党员达到人数的单位单独建立支部并牵头",
    "jurisdiction": "支部不跨辖区（市）",
    "branch_aggregate": "每个（某类）支部中单位数或党员数不少于 / 不多于 N（可重复使用）",
    "fallback": "小单位兜底编入单独支部或托管组织（尽量少）",
    "distance": "地域相邻：成员到牵头单位的距离计分",
    "max_distance": "地域相邻：成员单位到牵头单位的距离不超过上限（可重复使用）",
    "district": "支部内单位宜与牵头单位同一区县",
    "lead_director": "支部宜由主任为党员的律所牵头",
    "branch_count": "每个辖区的支部数不少于 / 不多于 N（可重复使用）",
    "stability": "重新规划时尽量少变动党员所在支部（需现行方案）",
}

#: what a repeatable kind's Chinese summary ends with (of the catalogue, not of a rule's title)
REPEATABLE_ZH = "（可重复使用）"

#: The parameters of each kind's example entry (defaults are not repeated).
EXAMPLE_PARAMS: dict[str, dict[str, Any]] = {
    "own_branch": {"min_full": 3},
    "branch_aggregate": {"applies_to": ["joint"], "count": "firms", "max": 5},
    "fallback": {"allow_hosts": True},
    "distance": {"per": "member"},
    "max_distance": {"max": 15},
    "district": {"per": "firm"},
    "lead_director": {"applies_to": ["joint"]},
    "branch_count": {"max": 40},
    "stability": {"per": "member"},
}


def is_singleton(name: str) -> bool:
    return bool(getattr(KINDS[name], "SINGLETON", False))


def summary(name: str) -> str:
    """The first line of the kind's manual, without the leading ``kind:``."""
    first = (KINDS[name].__doc__ or "").strip().split("\n", 1)[0]
    return first.split(":", 1)[1].strip() if first.startswith(name + ":") else first


def find_kind(name: str):
    """A kind's module by name; unknown: a usage error with a suggestion and the list."""
    if name in KINDS:
        return KINDS[name]
    if name.lower().replace("-", "_") in KINDS:  # MAX_DISTANCE, max-distance
        return KINDS[name.lower().replace("-", "_")]
    raise UsageError(say("usage.no_kind", kind=name, hint=hint(name.lower(), KINDS), kinds=", ".join(KINDS)))


def type_text(annotation) -> str:
    """A parameter's type in a rules file's words: ``int``, ``members | firms``, ``list of ...``."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return " | ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        inner = [type_text(a) for a in args if a is not type(None)]
        return " | ".join(inner) + (" (optional)" if type(None) in args else "")
    if origin is list:
        return f"list of ({type_text(args[0])})" if args else "list"
    return {bool: "true | false"}.get(annotation, getattr(annotation, "__name__", str(annotation)))


def params(name: str) -> list[dict]:
    """Each parameter: name, type, default (None: not set unless given)."""
    out = []
    for key, f in KINDS[name].Params.model_fields.items():
        if f.default_factory is not None:
            default = f.default_factory()
        else:
            default = None if f.default is PydanticUndefined else f.default
        out.append({"name": key, "type": type_text(f.annotation), "default": default})
    return out


def shipped_rule(name: str):
    """The shipped charter's rule of this kind, if it has one."""
    from .charter import load_charter

    return next(iter(load_charter().of_kind(name)), None)


def example(name: str) -> str:
    """An entry for a rules file that ``extends: cpc-branch-2018``, as YAML: for a kind that
    may appear once and is in the shipped charter, an override of that rule; else a new rule
    (its parameters validated by the kind's Params in the tests)."""
    kind = KINDS[name]
    base = shipped_rule(name) if is_singleton(name) else None
    if base is not None:
        entry: dict[str, Any] = {"code": base.code}
    else:
        entry = {"code": "PROV-" + name.upper().replace("_", "-"), "name": name.replace("_", "-"),
                 "kind": name, "severity": kind.SEVERITIES[-1]}
    if kind.SEVERITIES[-1] == "soft":
        entry["weight"] = 10
    if base is None:
        entry["title"] = {"en": summary(name).rstrip("."), "zh": SUMMARY_ZH.get(name, "").removesuffix(REPEATABLE_ZH)}
    if EXAMPLE_PARAMS.get(name):
        entry["params"] = EXAMPLE_PARAMS[name]
    return dump_yaml({"extends": "cpc-branch-2018", "rules": [entry]})


def catalogue(lang: str = "en") -> list[dict]:
    return [{"kind": n, "severities": list(m.SEVERITIES), "repeatable": not is_singleton(n),
             "summary": pick(summary(n), SUMMARY_ZH.get(n) or summary(n), lang)} for n, m in KINDS.items()]


def catalogue_text(lang: str = "en") -> str:
    from .render import _table

    head = pick(("kind", "severities", "repeatable", "summary"), ("类型", "严重性", "可重复", "说明"), lang)
    yes, no = pick(("yes", "no (once)"), ("是", "否（仅一次）"), lang)
    rows = [head] + [(k["kind"], ", ".join(k["severities"]), yes if k["repeatable"] else no, k["summary"])
                     for k in catalogue(lang)]
    foot = pick("A new rule in a rules file names one of these kinds (kind: NAME); severities: the allowed ones, "
                "default first; a kind that is not repeatable may appear once in a charter. "
                "branchplan rules kind NAME prints a kind's manual, parameters and an example entry.",
                "规则文件中新增的规则须指定以上类型之一（kind: 类型名）；严重性：可选值，第一个为默认值；"
                "不可重复的类型在一个规则集中只能出现一次。branchplan rules kind 类型名 可查看该类型的说明、参数和示例。",
                lang)
    lines = _table(rows) + [""] + (textwrap.wrap(foot, 92) if lang != "zh" else [foot])
    return "\n".join(line.rstrip() for line in lines) + "\n"


def fmt(value) -> str:
    from .manual import fmt_value

    return "-" if value is None else fmt_value(value)


def manual(name: str, lang: str = "en") -> str:
    """The kind's manual: facts, its docstring, parameters, an example entry."""
    kind = find_kind(name)
    name = kind.KIND  # as a rules file spells it (MAX_DISTANCE -> max_distance)
    zh = lang == "zh"
    out = [f"{name}  " + (SUMMARY_ZH.get(name, "") if zh else summary(name)), ""]
    facts = [(pick("severities", "严重性", lang), ", ".join(kind.SEVERITIES)
              + pick(f" (default {kind.SEVERITIES[0]})", f"（默认 {kind.SEVERITIES[0]}）", lang)),
             (pick("repeatable", "可重复", lang),
              pick("no: a charter may hold one rule of this kind", "否：一个规则集只能有一条此类型的规则", lang)
              if is_singleton(name) else pick("yes: add as many rules of this kind as needed",
                                              "是：可按需添加多条此类型的规则", lang))]
    if getattr(kind, "NEEDS_CURRENT", False):
        facts.append((pick("applies", "适用", lang), pick("only with a current plan (solve --current)",
                                                          "仅在给出现行方案时（solve --current）", lang)))
    from .render import _table

    out += ["  " + line for line in _table(facts)]
    out += ["", pick("Parameters (name, type, default)", "参数（名称、类型、默认值）", lang)]
    out += ["  " + line for line in _table([(p["name"], p["type"], fmt(p["default"])) for p in params(name)])] \
        if params(name) else [pick("  (none)", "  （无）", lang)]
    base = shipped_rule(name) if is_singleton(name) else None
    out += ["", pick("Example rules file", "示例规则文件", lang) + (pick(
        f" (the shipped charter has this kind's one rule, {base.code}: change it by its code)",
        f"（内置规则集已有此类型的唯一规则 {base.code}：按其编码修改）", lang) if base is not None else "")]
    if base is not None and not EXAMPLE_PARAMS.get(name) and "soft" not in kind.SEVERITIES:
        out.append(pick(f"  (nothing to set: {base.code} has no parameters and is always hard)",
                        f"  （无可设置项：{base.code} 没有参数，且总是硬性规则）", lang))
    else:
        out.append(textwrap.indent(example(name).rstrip("\n"), "  "))
    out += ["", pick("Manual", "说明（英文原文）", lang)]
    out.append(textwrap.indent(textwrap.dedent(kind.__doc__ or "").strip(), "  "))
    return "\n".join(line.rstrip() for line in "\n".join(out).split("\n")) + "\n"
