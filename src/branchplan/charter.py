"""The charter: YAML rule files -> a validated list of rule instances.

A rules file either stands alone or ``extends:`` another (a shipped charter by name, or a
path relative to the file). Entries in ``rules:`` whose code exists in the base override
its fields (``params`` merge key by key); ``enabled: false`` switches a rule off; entries
with a new code add rules and must name a ``kind``.
"""

from __future__ import annotations

import os
import re
import warnings

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError, InputWarning, Msg, Problem
from .errtext import closest, hint, say
from .i18n import plural
from .loader import load_document, other_kind, problems_from_validation, refused_with_the_rest
from .model import id_key, refuse_unseen

DEFAULT_CHARTER = "cpc-branch-2018"


class CharterWarning(InputWarning):
    """Something in a rules file that is allowed but has no effect (e.g. a weight on a hard
    rule). Issued with :func:`warnings.warn`; the command line prints it on stderr."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    article: str
    text_zh: str | None = None
    text_en: str | None = None


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str = ""
    zh: str = ""


class RuleEntry(BaseModel):
    """One rule as written in a rules file (every field optional when overriding)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    code: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,40}$")
    name: str | None = None
    kind: str | None = None
    severity: Literal["hard", "soft"] | None = None
    weight: float | None = Field(None, strict=True, ge=0, le=1e9)
    priority: int | None = Field(None, strict=True, ge=0, le=9)
    enabled: bool | None = Field(None, strict=True)
    params: dict[str, Any] | None = None
    source: Source | None = None
    description: Text | None = None
    title: Text | None = None
    examples: dict[str, Any] | None = None
    #: the rule applies only in these jurisdictions / everywhere but in these (not both)
    jurisdictions: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(None, min_length=1)
    except_jurisdictions: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(None, min_length=1)

    @field_validator("jurisdictions", "except_jurisdictions", mode="before")
    @classmethod
    def _visible_names(cls, value: Any) -> Any:
        """A jurisdiction's name holds what a firms file's may: no control character, line
        separator or invisible character (``贵港\u200b市`` prints as 贵港市 yet is no city)."""
        for name in value if isinstance(value, list) else ():
            if isinstance(name, str):
                refuse_unseen(name, True)
        return value


class RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    charter: str | None = None
    title: Text | None = None
    extends: str | None = None
    rules: list[RuleEntry] = Field(default_factory=list)


@dataclass
class _Notes:
    """What :func:`_collect` notes on the way through a chain of rules files, for the checks
    that need the whole charter."""

    #: (code, path, line, column, key) of each ``weight:`` / ``priority:`` on a rule hard there
    on_hard: list = field(default_factory=list)
    #: (code, key) -> (path, line, column) of the last entry that gave the key
    given_at: dict = field(default_factory=dict)
    #: code -> the name of the charter in which the rule was hard, for a rule made soft
    softened: dict = field(default_factory=dict)
    #: the charter names of the files extended so far
    names: list = field(default_factory=list)
    #: code -> (path, line, column, base name, jurisdictions, except_jurisdictions) of the
    #: last override that gave a rule of an extended file ``jurisdictions:``, with the filter
    #: the rule had before the first such override
    narrowed: dict = field(default_factory=dict)
    #: (code, key) -> (name, path, line, column) of each name of a jurisdiction filter, in
    #: the file that gave it
    filter_places: dict = field(default_factory=dict)
    #: code -> (path, line, column, keys given, where the rule was switched off) of an
    #: override of a rule that an extended file switched off, the override not switching it on
    off_overrides: dict = field(default_factory=dict)
    #: code -> (path, line, column, parameters, base name) of an override that changes
    #: parameters the title and description it keeps do not follow
    text_stale: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A rule instance of the active charter, parameters validated by its kind."""

    code: str
    name: str
    kind: str
    severity: Literal["hard", "soft"]
    weight: float
    priority: int
    params: Any  # the kind's Params model instance
    source: Source | None
    title: Text
    description: Text
    examples: dict[str, Any]
    origin: str  # "file:line" where the rule was last defined or overridden
    jurisdictions: tuple[str, ...] = ()          # only in these (empty: no such limit)
    except_jurisdictions: tuple[str, ...] = ()   # everywhere but in these
    #: where each name of the filter is written: (name, file, line, column)
    filter_places: tuple[tuple[str, str, int | None, int | None], ...] = field(default=(), compare=False)
    #: where each parameter was last given: name -> (file, line, column)
    param_places: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict, compare=False)
    #: an override that gave this rule of an extended file ``jurisdictions:``: (file, line,
    #: column, the extended charter's name, the filter before: jurisdictions, except_jurisdictions)
    narrowed: tuple | None = field(default=None, compare=False)

    def applies_in(self, jurisdiction: str) -> bool:
        """Whether the rule holds in ``jurisdiction`` (its ``jurisdictions`` /
        ``except_jurisdictions`` filter; a rule without one holds everywhere)."""
        if self.jurisdictions and jurisdiction not in self.jurisdictions:
            return False
        return jurisdiction not in self.except_jurisdictions

    @property
    def is_local(self) -> bool:
        """Whether the rule holds in some jurisdictions only."""
        return bool(self.jurisdictions or self.except_jurisdictions)

    @property
    def is_hard(self) -> bool:
        return self.severity == "hard"

    @property
    def milli_weight(self) -> int:
        """Weight in the integer units of the solver objective (1/1000 of a point)."""
        return int(round(self.weight * 1000))


@dataclass(frozen=True)
class Charter:
    name: str
    title: Text
    rules: tuple[Rule, ...]
    disabled: tuple[str, ...] = field(default=())
    files: tuple[str, ...] = field(default=())

    def get(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)

    def of_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]

    def active(self, with_current: bool) -> "Charter":
        """The rules that apply: without a current plan, rules that compare against one
        (kinds marked ``NEEDS_CURRENT``, e.g. stability) are left out."""
        from .rules import KINDS

        if with_current:
            return self
        rules = tuple(r for r in self.rules if not getattr(KINDS[r.kind], "NEEDS_CURRENT", False))
        if len(rules) == len(self.rules):
            return self
        return Charter(self.name, self.title, rules, self.disabled, self.files)

    def in_jurisdiction(self, jurisdiction: str) -> "Charter":
        """The rules that apply in one jurisdiction (see :meth:`Rule.applies_in`)."""
        if not any(r.is_local for r in self.rules):
            return self
        rules = tuple(r for r in self.rules if r.applies_in(jurisdiction))
        return Charter(self.name, self.title, rules, self.disabled, self.files)

    def replace_rule(self, rule: Rule) -> "Charter":
        rules = tuple(rule if r.code == rule.code else r for r in self.rules)
        if rule.code not in {r.code for r in self.rules}:
            rules += (rule,)
        return Charter(self.name, self.title, rules, self.disabled, self.files)


def charter_dirs() -> list[Path]:
    """Folders holding the shipped charters: inside the installed package, else the repo."""
    out = []
    packaged = resources.files("branchplan") / "charters"
    if packaged.is_dir():
        out.append(Path(str(packaged)))
    repo = Path(__file__).resolve().parents[2] / "rules"
    if repo.is_dir():
        out.append(repo)
    return out


def shipped_charters() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in charter_dirs():
        for p in sorted(d.glob("*.yaml")):
            found.setdefault(p.stem, p)
    return found


def resolve_charter(ref: str, relative_to: Path | None = None, text: str | None = None) -> Path:
    """A shipped charter's name, or a path (relative to the file that names it). A ``\\``
    separates folders as ``/`` does, on every system: a rules file written on Windows
    (``extends: 子目录\\base.yaml``) reads the same on a Linux CI runner; where a file's
    name holds a ``\\`` itself (on Linux), the name as written is that file's."""
    shipped = shipped_charters()
    if ref in shipped:
        return shipped[ref]
    base = relative_to.parent if relative_to is not None else Path()
    written = Path(ref.replace("\\", "/"))
    for named in dict.fromkeys([Path(ref), written]):   # (as written first, then \ as a separator)
        p = named if named.is_absolute() else base / named
        try:
            if p.is_file():
                return p
        except (OSError, ValueError):   # a name the system refuses (too long, a NUL): no such charter
            pass
    line, col = _pos(text, ("extends",)) if text is not None else (None, None)
    if "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml", ".json")):  # meant as a file
        msg = say("charter.no_file", ref=ref, path=os.path.normpath(p),
                  hint=_missing_file_hint(ref, written, base, p))
    else:
        msg = say("charter.unknown", ref=ref, hint=hint(ref, shipped), shipped=", ".join(sorted(shipped)))
    raise InputError.single(str(relative_to or ref), msg, line, col, "extends" if text is not None else None)


def shipped_limit(path: Path, max_bytes: int | None) -> int | None:
    """The size limit to read ``path`` with: ``max_bytes`` (None: --max-input-bytes), but for
    a shipped charter, part of the package and not untrusted input, the default limit."""
    from .loader import DEFAULT_MAX_BYTES

    try:
        folder = path.resolve().parent
        if any(folder == d.resolve() for d in charter_dirs()):
            return DEFAULT_MAX_BYTES
    except OSError:
        pass
    return max_bytes


def rules_files(path: str | Path | None = None) -> list[Path]:
    """The files a command that reads the rules file ``path`` (None: the shipped charter)
    reads for it: the file and every file its ``extends:`` chain names. An output may be
    none of them (nor a shipped charter: writing.check_target). Best effort, before any
    work: a file that cannot be read or parsed ends the chain (loading the charter says why)."""
    out: list[Path] = []
    seen: set[Path] = set()
    try:
        p: Path | None = resolve_charter(DEFAULT_CHARTER) if path is None else Path(path)
        while p is not None and p.resolve() not in seen:
            seen.add(p.resolve())
            out.append(p)
            data, text = load_document(p)
            ref = data.get("extends") if isinstance(data, dict) else None
            p = resolve_charter(ref, p, text) if isinstance(ref, str) and ref else None
    except (InputError, OSError, ValueError):
        pass
    return out


def _missing_file_hint(ref: str, written: Path, base: Path, p: Path) -> Msg:
    """Why ``extends: ref`` names no file, where it can be told: a file whose name differs
    only in letter case (Windows finds it, Linux does not), a Windows drive path, or a file
    beside it with a near name."""
    other_case = _in_other_case(written, base)
    if other_case is not None:
        return say("charter.other_case", name=other_case)
    if re.match(r"[A-Za-z]:[\\/]", ref) and not written.is_absolute():
        return say("charter.windows_drive")
    return _file_hint(p)


def _in_other_case(written: Path, base: Path) -> str | None:
    """``written`` (a path relative to ``base``, or absolute) as an existing file names it
    where only letter case differs (``Base.yaml`` for ``base.yaml``), else None."""
    if written.is_absolute():
        folder, parts, named = Path(written.anchor), written.parts[1:], [written.anchor.rstrip("/\\")]
    else:
        folder, parts, named = base, written.parts, []
    changed = False
    try:
        for part in parts:
            if part not in (".", "..") and not (folder / part).exists():
                same = sorted(c.name for c in folder.iterdir() if c.name.casefold() == part.casefold())
                if not same:
                    return None
                part, changed = same[0], True
            folder = folder / part
            named.append(part)
        return os.path.normpath("/".join(named)).replace(os.sep, "/") if changed and folder.is_file() else None
    except (OSError, ValueError):
        return None


def _file_hint(p: Path):
    """A rules-like file beside ``p`` whose name is close to its name, compared without the
    extension (which every candidate shares: ``nope.yaml`` is not near ``r_maxneg.yaml``)."""
    by_stem: dict[str, str] = {}
    for name in _files_beside(p):
        by_stem.setdefault(Path(name).stem, name)
    match = closest(p.stem, [s for s in by_stem if by_stem[s] != p.name])
    return say("hint", word=by_stem[match]) if match is not None else Msg("", "")


def _files_beside(p: Path) -> list[str]:
    """The rules-like files in the folder a missing file was looked for in (for a hint)."""
    try:
        return sorted(f.name for f in p.parent.iterdir() if f.suffix in (".yaml", ".yml", ".json"))
    except OSError:
        return []


def load_charter(path: str | Path | None = None, max_bytes: int | None = None) -> Charter:
    """Load a rules file (default: the shipped charter), following ``extends``. What is
    allowed but likely not meant is issued as a :class:`CharterWarning` each."""
    charter, warned = read_charter(path, max_bytes)
    for problem in warned:
        warnings.warn(CharterWarning(problem), stacklevel=2)
    return charter


def read_charter(path: str | Path | None = None, max_bytes: int | None = None) -> tuple[Charter, list[Problem]]:
    """:func:`load_charter`, its warnings returned rather than issued (the process's warning
    filters and handlers are not touched: safe from several threads at once)."""
    from .arguments import expect_path

    p = resolve_charter(DEFAULT_CHARTER) if path is None else Path(expect_path(path))
    if path is not None and str(path) in shipped_charters() and not p.exists():
        p = shipped_charters()[str(path)]     # (a shipped charter by its name, as extends: names it)
    notes = _Notes()
    return _built(p, _collect(p, seen=(), max_bytes=max_bytes, notes=notes), notes, max_bytes)


def _built(p: Path, collected: tuple[dict, Text, str, list[str], list[Problem]], notes: _Notes,
           max_bytes: int | None) -> tuple[Charter, list[Problem]]:
    """The charter of the rules file ``p`` from its files' merged entries (:func:`_collect`),
    and its warnings; its problems raised."""
    from . import charterchecks as checks
    from .rules import KINDS  # the registry imports rule modules, which import this one

    entries, title, name, files, problems = collected
    rules: list[Rule] = []
    disabled: list[str] = []
    # a soft rule without a priority joins the last level, the weighted sum of preferences
    # (2 in the shipped charter; levels before it are minimised first and fixed)
    default_priority = max((int(m["priority"]) for m, _, _ in entries.values()
                            if m.get("priority") is not None and m.get("enabled") is not False
                            and m.get("kind") not in ("fallback", "stability")), default=1)
    for code, (merged, origin, where) in entries.items():
        path_s, text, loc = where
        kind_name = merged.get("kind")
        close = hint(code, [c for c in entries if entries[c][0].get("kind")])
        if merged.get("enabled") is False:
            if kind_name is None:  # switches off a rule no file defines: a misspelt code
                line, col = _pos(text, loc + ("code",))
                problems.append(Problem(path_s, say("charter.disable_unknown", code=code, hint=close), line, col,
                                        f"rules[{code}].code"))
                continue
            problems += checks.switch_off_problems(code, kind_name, where)
            disabled.append(code)
            continue
        if kind_name is None:
            line, col = _pos(text, loc)
            # (in a file that extends another: no rule of that code to change, or a new one
            # without its kind; in a charter of its own: a new rule without its kind)
            what = (say("charter.no_such_rule", code=code, hint=close) if len(files) > 1
                    else say("charter.no_kind", code=code))
            problems.append(Problem(path_s, what, line, col, f"rules[{code}].kind"))
            continue
        kind = KINDS.get(kind_name)
        if kind is None:  # (its severity and params mean nothing without a kind)
            at, line, col = _written_at(notes, code, "kind", where)
            problems.append(Problem(at, say("charter.unknown_kind", kind=kind_name, hint=hint(kind_name, KINDS)),
                                    line, col, f"rules[{code}].kind"))
            continue
        severity = merged.get("severity") or kind.SEVERITIES[0]
        severity_ok = severity in kind.SEVERITIES
        if not severity_ok:  # (its params are still checked: they do not depend on it)
            at, line, col = _written_at(notes, code, "severity", where)
            problems.append(Problem(
                at, say("charter.severity", code=code, kind=kind_name, severity=severity,
                            allowed=", ".join(kind.SEVERITIES)), line, col, f"rules[{code}].severity"))
        try:
            params = kind.Params.model_validate(merged.get("params") or {})
        except ValidationError as exc:
            probs = problems_from_validation(
                exc, path_s, text, lambda _loc, k=kind: list(k.Params.model_fields), prefix=loc + ("params",))
            for pr in probs:
                _where_written(pr, notes.given_at.get((code, f"params.{(pr.field or '').split('.')[0].split('[')[0]}")),
                               path_s, _pos(text, loc)[0])
                pr.field = f"rules[{code}].params" + (f".{pr.field}" if pr.field else "")
            problems += probs
            continue
        if not severity_ok:
            continue
        src = merged.get("source")
        weight = float(merged["weight"]) if merged.get("weight") is not None else 1.0
        priority = int(merged["priority"]) if merged.get("priority") is not None else default_priority
        values = {**_placeholders(kind, params), "weight": weight, "priority": priority}
        rule_name = merged.get("name") or code.lower()
        rule_title = fill(Text.model_validate(merged.get("title") or {}), values)
        rules.append(Rule(
            code=code, name=rule_name, kind=kind_name, severity=severity,
            weight=weight, priority=priority,
            params=params, source=Source.model_validate(src) if src else None,
            title=Text(en=rule_title.en or rule_title.zh or rule_name, zh=rule_title.zh or rule_title.en or rule_name),
            description=fill(Text.model_validate(merged.get("description") or {}), values),
            examples=merged.get("examples") or {}, origin=origin,
            jurisdictions=tuple(merged.get("jurisdictions") or ()),
            except_jurisdictions=tuple(merged.get("except_jurisdictions") or ()),
            filter_places=_filter_places(merged, where, notes),
            param_places={k[1][len("params."):]: v for k, v in notes.given_at.items()
                          if k[0] == code and k[1].startswith("params.")},
            narrowed=notes.narrowed.get(code)))
    rules = [_with_context(r, rules) for r in rules]
    problems += checks.zero_weight_problems(rules, notes)
    problems += checks.name_problems(rules, notes, files)
    problems += checks.singleton_problems(rules, entries)
    problems += checks.filter_problems(rules, entries, notes)
    problems += checks.bound_problems(rules, files)
    problems += checks.assignment_problems(entries, p, max_bytes)
    if problems:
        raise InputError(problems)
    warned: list[Problem] = []
    checks.warn_weights(rules, notes.on_hard, warned)
    checks.warn_zero_weights(rules, notes, warned)
    checks.warn_lone_weights(rules, notes, warned)
    checks.warn_placeholders(rules, notes, warned)
    checks.warn_own_branch(rules, files, warned)
    checks.warn_switched_off(disabled, notes, warned)
    checks.warn_text_stale([r for r in rules if r.code in notes.text_stale], notes, warned)
    checks.warn_default_levels(rules, entries, default_priority, warned)
    return Charter(name=name, title=title, rules=tuple(rules), disabled=tuple(disabled),
                   files=tuple(files)), warned


def order_words(rule: Rule, rules: list[Rule]) -> Text:
    """``{order}``: where a soft rule comes among the charter's soft rules (lower priorities
    are minimised first; rules at one priority add up their points), e.g. "priority 1,
    after BP-FALLBACK and before BP-DISTANCE and BP-DISTRICT"; a hard rule has no place in it."""
    if rule.is_hard:
        return Text(en="none: a hard rule holds in every plan", zh="无：硬性规则，任何方案都必须满足")
    others = [r for r in rules if r.code != rule.code and not r.is_hard and r.milli_weight > 0]
    p = rule.priority
    before = [r.code for r in others if r.priority < p]
    same = [r.code for r in others if r.priority == p]
    after = [r.code for r in others if r.priority > p]
    en, zh = [f"priority {p}"], [f"优先级{p}"]
    if not others:
        en.append("the only soft rule")
        zh.append("唯一的软性规则")
    if same:
        en.append(f"with {_and(same)} (their points added up)")
        zh.append(f"与{'、'.join(same)}同级（分数相加）")
    if before and after:
        en.append(f"after {_and(before)} and before {_and(after)}")
        zh.append(f"次于{'、'.join(before)}，先于{'、'.join(after)}")
    elif after:
        en.append("before every other soft rule" if not same else f"before {_and(after)}")
        zh.append("先于其他所有软性规则" if not same else f"先于{'、'.join(after)}")
    elif before:
        en.append("after every other soft rule" if not same else f"after {_and(before)}")
        zh.append("次于其他所有软性规则" if not same else f"次于{'、'.join(before)}")
    return Text(en=", ".join(en), zh="，".join(zh))


def _and(codes: list[str]) -> str:
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " and " + codes[-1]


def _with_context(rule: Rule, rules: list[Rule]) -> Rule:
    """The rule with the placeholders that depend on the other rules filled in: ``{order}``
    and its kind's ``charter_words`` (known only once every rule is read)."""
    from dataclasses import replace

    from .rules import KINDS

    kind = KINDS[rule.kind]
    names = {"order", *getattr(kind, "CHARTER_WORDS", ())}
    texts = (rule.title.en, rule.title.zh, rule.description.en, rule.description.zh)
    if not any(m.group(1) in names for t in texts for m in _FIELD.finditer(t)):
        return rule
    values: dict[str, Any] = {"order": order_words(rule, rules)}
    if hasattr(kind, "charter_words"):
        values.update({k: Text(en=en, zh=zh) for k, (en, zh) in kind.charter_words(rule, rules).items()})
    return replace(rule, title=fill(rule.title, values), description=fill(rule.description, values))


_FIELD = re.compile(r"\{(\w+)(?::@([^{}/]+)(?:/([^{}/]+))?)?\}")


def fill(text: Text, values: dict[str, Any]) -> Text:
    """A title or description with ``{min}``, ``{max}``, ``{weight}``... replaced by the rule's
    values, so that a rules file changing a parameter does not leave a stale number behind;
    ``{min:@member}`` (``{n:@one/many}`` for an irregular plural) is the value with its noun,
    "1 member", "3 members"; a kind's own placeholders (a :class:`Text`) are put in in each
    language. Unknown names and non-scalar values are left as written."""

    def one(s: str, lang: str) -> str:
        def sub(m: re.Match) -> str:
            v = values.get(m.group(1), m)
            if isinstance(v, Text):
                return getattr(v, lang)
            if v is m or v is None or isinstance(v, (list, tuple, dict, bool)):
                return m.group(0)
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return plural(v, m.group(2), m.group(3)) if m.group(2) else str(v)

        return _FIELD.sub(sub, s)

    return Text(en=one(text.en, "en"), zh=one(text.zh, "zh"))


def _filter_places(merged: dict, where, notes: "_Notes | None" = None) -> tuple:
    """(name, file, line, column) of each name in a rule's jurisdiction filter, in the file
    that gave the filter (noted on the way, else the rule's last entry)."""
    path_s, text, loc = where
    key = "jurisdictions" if merged.get("jurisdictions") else "except_jurisdictions"
    code = merged.get("code")
    if notes is not None and (code, key) in notes.filter_places:
        return notes.filter_places[(code, key)]
    return tuple((str(name), path_s, *_pos(text, loc + (key, k))) for k, name in enumerate(merged.get(key) or ()))


def _written_at(notes: "_Notes", code: str, key: str, where) -> tuple:
    """(path, line, column) where the rule's ``key`` was last given (an extended file, when
    the rule's last entry does not give it), else in the rule's last entry."""
    path_s, text, loc = where
    return notes.given_at.get((code, key)) or (path_s, *_pos(text, loc + (key,)))


def _where_written(problem: Problem, given: tuple | None, path_s: str, entry_line: int | None) -> None:
    """A problem of a value that the rule's last entry (``path_s``) does not write itself,
    moved to where it is written (``given``: path, line, column, of an extended file), with
    "(overridden at FILE:LINE)" for the entry."""
    if given is None or given[0] == path_s:
        return
    problem.path, problem.line, problem.column = given
    problem.message += f" (overridden at {path_s}:{entry_line})"
    if problem.message_zh:
        problem.message_zh += f"（该规则在 {path_s}:{entry_line} 被覆盖）"


def _pos(text: str, loc: tuple):
    from .loader import locate

    return locate(text, loc)


_ENTRY = re.compile(r"rules\[(\d+)\]")
_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,40}")  # a code the schema accepts (else the index names the entry)


def _by_code(problems: list[Problem], data: dict) -> list[Problem]:
    """Problems of a rule entry named as the file's other problems name it: by the entry's
    code (``rules[BP-DISTANCE].weight``), where it has one, rather than by its index."""
    from dataclasses import replace

    entries = data.get("rules") if isinstance(data.get("rules"), list) else []

    def named(m: re.Match) -> str:
        i = int(m.group(1))
        code = entries[i].get("code") if i < len(entries) and isinstance(entries[i], dict) else None
        return f"rules[{code}]" if isinstance(code, str) and _CODE.fullmatch(code) else m.group(0)

    return [replace(p, field=_ENTRY.sub(named, p.field, count=1)) if p.field else p for p in problems]


def _collect(path: Path, seen: tuple, max_bytes: int | None = None,
             named_by: tuple[str, str] | None = None, notes: _Notes | None = None) -> tuple[dict, Text, str, list[str], list[Problem]]:
    """Merged raw rule dicts by code, following extends (base first), and the files'
    problems found so far (the entries that have one are left out, so that the rest can
    still be checked).

    ``seen``: the resolved files on the way here; ``named_by``: (path, text) of the file
    whose ``extends`` named this one, for positions."""
    if path.resolve() in seen:
        chain = " -> ".join([p.name for p in seen[seen.index(path.resolve()):]] + [path.name])
        where, text_by = named_by or (str(path), None)
        line, col = _pos(text_by, ("extends",)) if text_by is not None else (None, None)
        raise InputError.single(where, say("charter.cycle", chain=chain), line, col, "extends")
    try:
        data, text = load_document(path, shipped_limit(path, max_bytes))
    except InputError as exc:   # (refused values: with the file's other problems)
        def rest(doc: Any, text: str) -> None:
            notes = _Notes()
            collected = _collect_document(path, doc, text, seen, max_bytes, notes)
            if not seen:     # (the rules file given: the whole charter's checks)
                _built(path, collected, notes, max_bytes)
            elif collected[4]:
                raise InputError(collected[4])
        found = refused_with_the_rest(exc, rest)
        doc = getattr(exc, "document", None)
        raise InputError(_by_code(found.problems, doc)) if isinstance(doc, dict) else found from None
    return _collect_document(path, data, text, seen, max_bytes, notes)


def _collect_document(path: Path, data: Any, text: str, seen: tuple, max_bytes: int | None,
                      notes: _Notes | None) -> tuple[dict, Text, str, list[str], list[Problem]]:
    """:func:`_collect` of the rules file at ``path`` read as ``data`` (its ``text``)."""
    if not isinstance(data, dict):
        raise InputError.single(str(path), "a rules file is a mapping with 'rules:'", 1, 1)
    other = other_kind(data, text, str(path), "rules")   # a firms file or plan given here: that alone
    if other is not None:
        raise InputError([other])
    problems: list[Problem] = []
    try:
        doc = RulesFile.model_validate(data)
        listed = [(i, entry, dict(data["rules"][i])) for i, entry in enumerate(doc.rules)]
    except ValidationError as exc:
        problems = _by_code(problems_from_validation(exc, str(path), text, lambda loc: _fields_at(loc)), data)
        doc, listed = _readable_part(data, exc)
        if doc is None:
            raise InputError(problems) from None
    if doc.extends:
        try:
            merged, title, name, files, more = _collect(resolve_charter(doc.extends, path, text),
                                                        seen + (path.resolve(),), max_bytes, (str(path), text),
                                                        notes)
        except InputError as exc:
            raise InputError(problems + exc.problems) from None
        problems += more
    else:
        merged, title, name, files = {}, Text(), path.stem, []
    files = files + [str(path)]
    base_name = name
    if notes is not None and doc.extends:
        notes.names.append(name)
    if doc.title:   # a language not given is inherited
        title = Text(en=doc.title.en or title.en, zh=doc.title.zh or title.zh)
    if doc.charter:
        taken = _name_taken(doc.charter, path, notes.names if notes is not None else [])
        if taken is not None:
            line, col = _pos(text, ("charter",))
            problems.append(Problem(str(path), say(taken, name=doc.charter), line, col, "charter"))
        name = doc.charter
    elif doc.extends:
        name = f"{path.stem} (extends {name})"
    codes_here: set[str] = set()
    for i, entry, given in listed:
        loc = ("rules", i)
        line, _ = _pos(text, loc)
        if entry.code in codes_here:
            line, col = _pos(text, loc + ("code",))
            problems.append(Problem(str(path), say("charter.listed_twice", code=entry.code), line, col,
                                    f"rules[{i}].code"))
            continue
        codes_here.add(entry.code)
        bad_examples = _example_problems(given.get("examples"), entry.code, str(path), text, loc)
        if bad_examples:
            problems += bad_examples
            given.pop("examples")
        if notes is not None:
            _note(notes, entry, given, merged.get(entry.code), base_name, str(path), text, loc)
        if entry.code in merged and entry.kind is not None and merged[entry.code][0].get("kind") not in (
                None, entry.kind):   # (the rest of the entry was written for the other kind: not checked)
            kline, kcol = _pos(text, loc + ("kind",))
            problems.append(Problem(str(path), say("charter.kind_changed", code=entry.code, kind=entry.kind,
                                                   was=merged[entry.code][0]["kind"], base=base_name),
                                    kline, kcol, f"rules[{entry.code}].kind"))
            continue
        if entry.code in merged:
            base = dict(merged[entry.code][0])
            needs = _soft_needs_weight(entry, base, base_name, str(path), text, loc)
            if needs is not None:
                problems.append(needs)
            if "params" in given and isinstance(base.get("params"), dict):
                given["params"] = {**base["params"], **(given["params"] or {})}
            if "examples" not in given and _examples_stale(base, given):
                base.pop("examples", None)   # written for the old parameters or weight
            if notes is not None:
                if (unsaid := _text_stale(base, given)):
                    first = unsaid[0]
                    notes.text_stale[entry.code] = (str(path), *_pos(text, loc + ("params", first)), unsaid,
                                                    base_name)
                elif "title" in given or "description" in given:
                    notes.text_stale.pop(entry.code, None)
            for key in ("title", "description"):   # a language not given is inherited
                if isinstance(given.get(key), dict) and isinstance(base.get(key), dict):
                    given[key] = {**base[key], **given[key]}
            base.update(given)
            merged[entry.code] = (base, f"{path}:{line}", (str(path), text, loc))
        else:
            merged[entry.code] = (given, f"{path}:{line}", (str(path), text, loc))
    return merged, title, name, files, problems


#: Fields of a rule entry that the other checks read: a bad one (or an unknown key that was
#: probably meant for one, like 'kindd') leaves the whole entry out, since what would be
#: checked next depends on it. Any other bad field is reported and left out, and the rest of
#: the entry still checked.
_DEPENDED_ON = frozenset({"code", "kind", "params", "enabled"})


def _readable_part(data: dict, exc: ValidationError) -> tuple[RulesFile | None, list[tuple[int, RuleEntry, dict]]]:
    """After a rules file failed validation: the file (None when its own fields are bad) and
    the rule entries that can still be checked, each as (index, entry, fields as written)."""
    bad: dict[int, set] = {}
    for err in exc.errors(include_url=False):
        loc = err.get("loc", ())
        if len(loc) < 2 or loc[0] != "rules" or not isinstance(loc[1], int):
            return None, []
        bad.setdefault(loc[1], set()).add(loc[2] if len(loc) > 2 else None)
    try:
        doc = RulesFile.model_validate({**data, "rules": []})
    except ValidationError:
        return None, []
    listed = []
    for i, raw in enumerate(data.get("rules") or []):
        fields = bad.get(i, set())
        meant = {f if f is None or f in RuleEntry.model_fields else closest(str(f), RuleEntry.model_fields)
                 for f in fields}
        if None in fields or meant & _DEPENDED_ON:
            continue
        given = {k: v for k, v in raw.items() if k not in fields}  # (unknown keys left out too)
        try:
            listed.append((i, RuleEntry.model_validate(given), given))
        except ValidationError:
            continue
    return doc, listed


def _note(notes: _Notes, entry: RuleEntry, given: dict, before, base_name: str, path: str, text: str,
          loc: tuple) -> None:
    """Note where the entry gives each key, the ``weight:`` / ``priority:`` given on a rule
    hard here (checked at the end) and a hard rule made soft."""
    from .rules import KINDS

    changed = [k for k in given if k not in ("code", "enabled")]
    if before and before[0].get("enabled") is False and "enabled" not in given and changed:
        off = notes.given_at.get((entry.code, "enabled"))
        notes.off_overrides[entry.code] = (path, *_pos(text, loc + (changed[0],)), changed,
                                           f"{off[0]}:{off[1]}" if off else base_name)
    elif "enabled" in given:
        notes.off_overrides.pop(entry.code, None)
    for key in given:
        notes.given_at[(entry.code, key)] = (path, *_pos(text, loc + (key,)))
        if key in ("jurisdictions", "except_jurisdictions"):
            notes.filter_places[(entry.code, key)] = tuple(
                (str(name), path, *_pos(text, loc + (key, k))) for k, name in enumerate(given[key] or ()))
    if isinstance(given.get("params"), dict):
        for key in given["params"]:
            notes.given_at[(entry.code, f"params.{key}")] = (path, *_pos(text, loc + ("params", key)))
    base = before[0] if before else {}
    kind = KINDS.get(entry.kind or base.get("kind") or "")
    default = kind.SEVERITIES[0] if kind is not None else None
    was = base.get("severity") or (default if before else None)
    now = entry.severity or was or default
    for key in ("weight", "priority"):
        if key in given and now != "soft":   # hard here (or the kind's default): checked at the end
            notes.on_hard.append((entry.code, path, *_pos(text, loc + (key,)), key))
    if before and "jurisdictions" in given:   # (see localrules.narrowed_warnings)
        if given["jurisdictions"]:
            first = notes.narrowed.get(entry.code)
            before_filter = first[3:] if first else (base_name, tuple(base.get("jurisdictions") or ()),
                                                     tuple(base.get("except_jurisdictions") or ()),
                                                     was == "hard")
            # (a filter restated as it stands narrows nothing: the warning stays where it was narrowed)
            if not (first and tuple(given["jurisdictions"]) == tuple(base.get("jurisdictions") or ())):
                notes.narrowed[entry.code] = (path, *_pos(text, loc + ("jurisdictions",)), *before_filter)
        else:
            notes.narrowed.pop(entry.code, None)
    if was == "hard" and now == "soft":
        notes.softened[entry.code] = base_name
    elif now == "hard":
        notes.softened.pop(entry.code, None)


def _example_problems(examples, code: str, path: str, text: str, loc: tuple) -> list[Problem]:
    """``examples:`` holds ``pass`` and ``fail``, each a line of text."""
    from .loader import locate_key

    out = []
    for key, value in (examples or {}).items():
        if key not in ("pass", "fail"):
            line, col = locate_key(text, loc + ("examples", key))
            out.append(Problem(path, say("schema.unknown_key", key=key, hint=hint(str(key), ("pass", "fail"))),
                               line, col, f"rules[{code}].examples"))
        elif not isinstance(value, str):
            line, col = _pos(text, loc + ("examples", key))
            out.append(Problem(path, say("charter.example_not_text", key=key), line, col,
                               f"rules[{code}].examples.{key}"))
    return out


def _name_taken(name: str, path: Path, extended: list[str]) -> str | None:
    """Why a file may not call itself ``name`` (the message key), or None: plans record the
    charter's name, so a changed charter may not pass for a shipped one or for one it extends."""
    shipped = {id_key(k): v for k, v in shipped_charters().items()}
    key = id_key(name)    # (compared without case, width, invisible characters or surrounding spaces)
    # (a copy of a shipped file, byte for byte, is that charter: the repository's rules/
    # folder beside an installed package, or a copy kept with a project)
    if key in shipped and shipped[key].resolve() != path.resolve() and shipped[key].read_bytes() != path.read_bytes():
        return "charter.name_shipped"
    if key in {id_key(n) for n in extended}:
        return "charter.name_extended"
    return None


def _examples_stale(base: dict, given: dict) -> bool:
    """Whether an override changes what a rule's examples were written for: its effective
    parameters (defaults included), or the weight of a soft rule (examples quote costs)."""
    from .rules import KINDS

    kind = KINDS.get(given.get("kind") or base.get("kind") or "")
    if "params" in given:
        before, after = base.get("params") or {}, given.get("params") or {}
        if kind is not None:
            try:
                before = kind.Params.model_validate(before).model_dump()
                after = kind.Params.model_validate(after).model_dump()
            except (ValidationError, TypeError):
                return True   # (the bad parameters are reported by load_charter)
        if before != after:
            return True
    severity = given.get("severity") or base.get("severity") or (kind.SEVERITIES[0] if kind else None)
    if "weight" in given and severity == "soft":
        old = base.get("weight")
        return float(1.0 if old is None else old) != float(1.0 if given["weight"] is None else given["weight"])
    return False


def _placeholders(kind, params) -> dict[str, Any]:
    """A rule's parameters and its kind's own words (``words``, in both languages), as its
    title and description name them."""
    values: dict[str, Any] = params.model_dump()
    if hasattr(kind, "words"):
        values.update({k: Text(en=en, zh=zh) for k, (en, zh) in kind.words(params).items()})
    return values


def _text_stale(base: dict, given: dict) -> list[str]:
    """The parameters an override changes that the title and description it keeps (neither
    given) do not follow: each changed alone, the texts read the same (BP-MIN-FULL counting
    every member under a title of full members). Placeholders, and the kind's own words,
    follow their parameters: those are not listed."""
    from .rules import KINDS

    if "params" not in given or "title" in given or "description" in given:
        return []
    kind = KINDS.get(given.get("kind") or base.get("kind") or "")
    if kind is None:
        return []
    try:
        before = kind.Params.model_validate(base.get("params") or {})
        after = kind.Params.model_validate(given.get("params") or {})
    except (ValidationError, TypeError):
        return []   # (reported by load_charter)
    texts = [Text.model_validate(base.get(k) or {}) for k in ("title", "description")]

    def read(params) -> list:
        values = _placeholders(kind, params)
        # (words that also read the other rules are taken to follow every parameter)
        values.update({k: Text(en=repr(values), zh=repr(values)) for k in getattr(kind, "CHARTER_WORDS", ())})
        return [fill(t, values) for t in texts]

    was, old, new = read(before), before.model_dump(), after.model_dump()
    out = []
    for name in old:
        if old[name] == new[name] or name in getattr(kind, "TEXT_NEUTRAL", ()):
            continue
        try:
            one = kind.Params.model_validate({**old, name: new[name]})
        except ValidationError:
            continue
        if read(one) == was:
            out.append(name)
    return out


def _soft_needs_weight(entry: RuleEntry, base: dict, base_name: str, path: str, text: str,
                       loc: tuple) -> Problem | None:
    """A hard rule made soft must say what breaking it costs: with the default weight (1
    point, in the shipped charter as much as one member-km) breaking it is nearly free."""
    from .rules import KINDS

    if entry.severity != "soft" or entry.weight is not None or base.get("weight") is not None:
        return None
    kind = KINDS.get(entry.kind or base.get("kind") or "")
    if kind is None or "soft" not in kind.SEVERITIES:
        return None   # an unknown kind, or one that cannot be soft: load_charter says so
    if (base.get("severity") or kind.SEVERITIES[0]) != "hard":
        return None
    line, col = _pos(text, loc + ("severity",))
    return Problem(path, say("charter.soft_needs_weight", code=entry.code, base=base_name), line, col,
                   f"rules[{entry.code}].weight")


def _fields_at(loc: tuple) -> list[str]:
    if not loc:
        return list(RulesFile.model_fields)
    if loc[0] == "rules":
        if len(loc) <= 2:
            return list(RuleEntry.model_fields)
        if len(loc) >= 3 and loc[2] == "source":
            return list(Source.model_fields)
        if len(loc) >= 3 and loc[2] in ("description", "title"):
            return list(Text.model_fields)
    return []


def other_charter(plan_charter: str | None, charter: Charter, plan_path: str, doing: str,
                  text: str = "") -> Problem | None:
    """A warning when a plan records (``charter:``) another charter than ``charter``, the
    one it is checked, re-planned, compared, explained or reported under (``doing``:
    "check", "replan", "diff", "explain" or "report"): the shipped one, because ``--rules`` was left out (the commands ask for it
    only then: a rules file given is the charter meant, as in the year the charter
    changes). At the plan's ``charter:`` line when ``text`` is given. None for a plan that
    records none or the same."""
    if plan_charter is None or plan_charter == charter.name:
        return None
    from .loader import locate_key

    line, col = locate_key(text, ("charter",)) if text else (None, None)
    recorded = charter_shown(plan_charter)
    return Problem(plan_path, say("charter.plan_other", plan=plan_path, recorded=recorded,
                                  doing=say(f"charter.doing_{doing}", charter=charter.name)), line, col)


def charter_shown(name: str) -> str:
    """A charter's name as a plan records it, for a message: withheld where it holds a
    person's name (as ids are)."""
    from .loader import NOT_SHOWN
    from .names import holds_a_name, names_read

    return NOT_SHOWN if holds_a_name(name, names_read()) else name


def warn_other_charter(plan_charter: str | None, charter: Charter, plan_path: str, doing: str,
                       text: str = "") -> list[Problem]:
    """:func:`other_charter` issued as a CharterWarning (printed on stderr by the command
    line); returns it (a list of one or none)."""
    found = other_charter(plan_charter, charter, plan_path, doing, text)
    if found is None:
        return []
    warnings.warn(CharterWarning(found), stacklevel=2)
    return [found]
