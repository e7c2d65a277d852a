"""Rules are data: `rules/*.yaml`, validated on load, extended by a user folder.

Each stage module declares a `SCHEMA` (see `Schema`) for the rule file it reads; this module only
knows which module owns which file. Errors name the file and line:
`rules/units.yaml:42: unknown key 'kinf' (expected one of: kind, unit, ...)`.
A user folder (`--rules DIR`) holds files of the same names; its entries replace shipped entries
with the same key and add the others.

Loading is bounded, whatever a file holds: at most MAX_RULES_BYTES per file, MAX_DEPTH nested
lists/mappings, aliases (`*name`) repeating at most MAX_ALIAS_VALUES values in all; time is
linear in the file (YAML is read event by event, entries replace by a key index). Every pattern
field (PATTERN_FIELDS) is compiled on load, so a bad pattern is a RuleError naming file:line
before any document is read.

Origin: `is_user_rule(entry)` (or `entry.user`) tells an entry from a user folder from a shipped
one; `is_user_setting(rule_file, section, key)` does the same for a setting, and
`any_user_rule(entries)` for a pattern joined from several entries. Shipped patterns are linear
by construction; only user patterns need a run-time safety net (RuleTimeoutError).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import RuleError

MAX_RULES_BYTES = 8 * 2**20  # one rules file; the shipped ones are under 32 KB
MAX_DEPTH = 32  # nested lists/mappings; the shipped rules use 4
MAX_ALIAS_VALUES = 10_000  # values that YAML aliases (`*name`) may repeat in one file

# Fields that hold regular expressions, per rules file and section, with the text each stage
# wraps around them before `regex.compile` (default flags everywhere). Every one is compiled
# when its file is loaded, so a bad pattern is a RuleError naming file:line before any document
# is read. Keep in step with the stage that compiles the field (named on the right).
PATTERN_FIELDS: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "headings": {"styles": {"pattern": ("", "")},  # outline.compiled
                 "not_headings": {"pattern": ("", "")},
                 "stops": {"pattern": ("", "")}},
    "footnotes": {"markers": {"marker": ("", ""), "body": ("", "")},  # footnotes.compiled
                  "joins": {"before": ("", ""), "not_before": ("", ""), "after": ("", "")},
                  "dumps": {"marker": ("(?m)", ""), "body": ("", ""),  # footnotes.dump_rules
                            "separator": ("", ""), "bare_body_text": ("", "")}},
    "header": {"attachments": {"pattern": ("(?m)", "")},  # parts._compiled
               "header": {"skip_lines": ("", "")}},  # header._compile
    "references": {"named": {"start": ("", ""),  # references._compile
                             "after": ("(?:", ")[ \t\u00a0\n]{1,3}$")},
                   "aliases": {"pattern": ("", "")}},
    "chrome": {"lines": {"pattern": ("", "")}},  # chrome.compiled
}

# rule file name -> module that declares its SCHEMA
SCHEMA_MODULES: dict[str, str] = {
    "header": "bpextract.header",
    "headings": "bpextract.outline",
    "footnotes": "bpextract.footnotes",
    "doc_types": "bpextract.docnumbers",
    "organs": "bpextract.docnumbers",
    "references": "bpextract.references",
    "dates": "bpextract.dates",
    "units": "bpextract.indicators",
    "checks": "bpextract.checks",
    "html": "bpextract.readers.html",
    "legacy": "bpextract.legacy",
    "meaning": "bpextract.meaning",
    "chrome": "bpextract.chrome",
    "tables": "bpextract.celltables",
    "tasks": "bpextract.tasks",
}


@dataclass(frozen=True)
class Section:
    """Schema of one top-level key of a rule file.

    A list section (`mapping=False`) holds entries (mappings) whose `key` field identifies them
    for user overrides; a mapping section is a flat dict of settings.
    `fields` maps a field name to (allowed types, required).
    """

    fields: Mapping[str, tuple[type | tuple[type, ...], bool]]
    key: str | None = None
    mapping: bool = False


Schema = Mapping[str, Section]


@dataclass
class Entry:
    """One validated rule entry, remembering where it was written and whether a user wrote it
    (`user`: from a `--rules` folder; see `is_user_rule`)."""

    data: dict[str, Any]
    where: str
    user: bool = False

    def __getitem__(self, k: str) -> Any:
        return self.data[k]

    def get(self, k: str, default: Any = None) -> Any:
        return self.data.get(k, default)


@dataclass
class RuleFile:
    name: str
    sections: dict[str, list[Entry]] = field(default_factory=dict)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    # (section, key) of settings a user folder set; see `is_user_setting`
    user_settings: set[tuple[str, str]] = field(default_factory=set)
    # section -> entry key -> position in `sections[section]` (user entries replace by key)
    _index: dict[str, dict[Any, int]] = field(default_factory=dict, repr=False)

    def entries(self, section: str) -> list[Entry]:
        return self.sections.get(section, [])

    def setting(self, section: str, key: str, default: Any = None) -> Any:
        return self.settings.get(section, {}).get(key, default)


def is_user_rule(entry: Entry) -> bool:
    """True when `entry` comes from a user's rules folder (its patterns need a safety net)."""
    return entry.user


def is_user_setting(rule_file: RuleFile, section: str, key: str) -> bool:
    """True when the setting `section.key` of `rule_file` was set by a user's rules folder."""
    return (section, key) in rule_file.user_settings


def any_user_rule(entries: Iterable[Entry]) -> bool:
    """True when one of `entries` is a user's (a pattern joined from them needs the net)."""
    return any(e.user for e in entries)


def shipped_rules_dir() -> Path:
    """Rules inside the installed package, or the repo's `rules/` in a source checkout."""
    here = Path(__file__).resolve().parent
    inside = here / "rules"
    if inside.is_dir():
        return inside
    repo = here.parent.parent / "rules"
    if repo.is_dir():
        return repo
    raise RuleError(f"shipped rules not found (looked in {inside} and {repo}); reinstall bpextract")


class _Lines(list[Any]):
    """A YAML list that remembers the line of each item (for errors naming one pattern)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTION_TAGS = frozenset({None, "!", _TAG + "map", _TAG + "seq"})
_SCALARS: Any = yaml.SafeLoader("")  # resolves and constructs plain scalars (keeps no state)
# first characters of plain scalars that may resolve to something other than a string
_PLAIN_FIRST = frozenset(k for k in _SCALARS.yaml_implicit_resolvers if k is not None)


@dataclass
class _Open:
    """A mapping or list being read; `size`/`height` count values and nesting below it."""

    value: Any
    line: int
    anchor: str | None
    size: int = 1
    height: int = 1
    key: str | None = None
    key_line: int = 0


def _scalar(ev: Any, path: Path) -> Any:
    tag = ev.tag
    if tag is None:
        value = ev.value
        if not ev.implicit[0] or (value and value[0] not in _PLAIN_FIRST):
            return value  # quoted, or plain text that no implicit resolver claims (fast path)
    if tag is None or tag == "!":
        tag = _SCALARS.resolve(yaml.ScalarNode, ev.value, ev.implicit)
    if tag == _TAG + "str":
        return ev.value
    line = ev.start_mark.line + 1
    if tag not in _SCALAR_TAGS:
        what = "merge keys ('<<')" if tag == _TAG + "merge" else f"the tag {tag}"
        raise RuleError(f"{path}:{line}: {what} are not supported in rules files")
    node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
    try:
        return _SCALARS.yaml_constructors[tag](_SCALARS, node)
    except (yaml.YAMLError, ValueError) as exc:
        raise RuleError(f"{path}:{line}: invalid value {ev.value!r} ({exc})") from exc


def _compose(text: str, path: Path) -> Any:
    """Plain Python from YAML text, read event by event with limits (no recursion).

    Mappings get `__line__` (their first line) and `__lines__` (key -> line); lists are `_Lines`.
    Nesting deeper than MAX_DEPTH, aliases that expand to more than MAX_ALIAS_VALUES values in
    all (an alias bomb), recursive aliases, several documents and non-standard tags are
    RuleErrors naming the line. An alias shares the anchored value; its expanded size counts.
    """
    loader = _LOADER(text)
    stack: list[_Open] = []
    anchors: dict[str, tuple[Any, int, int]] = {}
    expanded = 0
    root: list[Any] = []
    documents = 0

    def add(value: Any, line: int, size: int, height: int) -> None:
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        top.size += size
        if height >= top.height:
            top.height = height + 1
        if isinstance(top.value, _Lines):
            top.value.append(value)
            top.value.lines.append(line)
        elif top.key is None:
            if not isinstance(value, str):
                raise RuleError(f"{path}:{line}: keys must be strings")
            if value.startswith("__") or value in top.value:
                why = "reserved key" if value.startswith("__") else "duplicate key"
                raise RuleError(f"{path}:{line}: {why} '{value}'")
            top.key, top.key_line = value, line
        else:
            top.value[top.key] = value
            top.value["__lines__"][top.key] = top.key_line
            top.key = None

    try:
        next_event = loader.get_event  # None after the end of the stream
        while (ev := next_event()) is not None:
            line = ev.start_mark.line + 1 if ev.start_mark is not None else 1
            if ev.__class__ is yaml.ScalarEvent:
                value = _scalar(ev, path)
                if ev.anchor is not None:
                    anchors[ev.anchor] = (value, 1, 0)
                add(value, line, 1, 0)
            elif isinstance(ev, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                if ev.tag not in _COLLECTION_TAGS:
                    raise RuleError(f"{path}:{line}: the tag {ev.tag} is not supported in "
                                    "rules files")
                if len(stack) >= MAX_DEPTH:
                    raise RuleError(f"{path}:{line}: nested deeper than {MAX_DEPTH} levels")
                if isinstance(ev, yaml.SequenceStartEvent):
                    stack.append(_Open(_Lines(), line, ev.anchor))
                else:
                    stack.append(_Open({"__line__": line, "__lines__": {}}, line, ev.anchor))
            elif isinstance(ev, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                done = stack.pop()
                if done.anchor is not None:
                    anchors[done.anchor] = (done.value, done.size, done.height)
                add(done.value, done.line, done.size, done.height)
            elif isinstance(ev, yaml.AliasEvent):
                if any(o.anchor == ev.anchor for o in stack):
                    raise RuleError(f"{path}:{line}: alias *{ev.anchor} refers to a value "
                                    "that contains it")
                if ev.anchor not in anchors:
                    raise RuleError(f"{path}:{line}: undefined alias *{ev.anchor}")
                value, size, height = anchors[ev.anchor]
                expanded += size
                if expanded > MAX_ALIAS_VALUES:
                    raise RuleError(f"{path}:{line}: aliases expand to more than "
                                    f"{MAX_ALIAS_VALUES:,} values (an alias bomb?)")
                if len(stack) + height > MAX_DEPTH:
                    raise RuleError(f"{path}:{line}: alias *{ev.anchor} nests deeper than "
                                    f"{MAX_DEPTH} levels")
                add(value, line, size, height)
            elif isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise RuleError(f"{path}:{line}: a rules file holds one YAML document")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise RuleError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    finally:
        loader.dispose()
    return root[0] if root else None


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_RULES_BYTES + 1)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rules file ({exc})") from exc
    if len(raw) > MAX_RULES_BYTES:
        raise RuleError(f"{path}:1: rules file larger than {MAX_RULES_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise RuleError(f"{path}:{line}: cannot read rules file (not UTF-8: {exc})") from exc
    data = _compose(text, path)
    if data is None:
        return {"__line__": 1, "__lines__": {}}
    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: a rules file must be a mapping of sections")
    return data


def _type_name(t: type | tuple[type, ...]) -> str:
    if isinstance(t, tuple):
        return " or ".join(x.__name__ for x in t)
    return t.__name__


def _check_fields(item: dict[str, Any], spec: Section, where_file: Path,
                  line: int) -> dict[str, Any]:
    lines: dict[str, int] = item.get("__lines__", {})
    clean: dict[str, Any] = {}
    for k, v in item.items():
        if k.startswith("__"):
            continue
        if k not in spec.fields:
            allowed = ", ".join(sorted(spec.fields))
            raise RuleError(
                f"{where_file}:{lines.get(k, line)}: unknown key '{k}' (expected one of: {allowed})"
            )
        types, _ = spec.fields[k]
        if v is not None and not isinstance(v, types):
            raise RuleError(
                f"{where_file}:{lines.get(k, line)}: '{k}' must be {_type_name(types)}, "
                f"got {type(v).__name__}"
            )
        clean[k] = _strip_meta(v)
    for k, (_, required) in spec.fields.items():
        if required and clean.get(k) is None:
            raise RuleError(f"{where_file}:{line}: missing required key '{k}'")
    return clean


def _strip_meta(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _strip_meta(x) for k, x in v.items() if not k.startswith("__")}
    if isinstance(v, list):
        return [_strip_meta(x) for x in v]
    return v


def _check_patterns(raw: dict[str, Any], fields: Mapping[str, tuple[str, str]], path: Path,
                    line: int) -> None:
    """Compile each pattern of `raw` as its stage does (same wrapper, same flags)."""
    lines: dict[str, int] = raw.get("__lines__", {})
    for name, (before, after) in fields.items():
        value = raw.get(name)
        if value is None:
            continue
        if isinstance(value, list):
            item_lines = getattr(value, "lines", [])
            todo = [(v, item_lines[i] if i < len(item_lines) else lines.get(name, line))
                    for i, v in enumerate(value)]
        else:
            todo = [(value, lines.get(name, line))]
        for pattern, at in todo:
            if not isinstance(pattern, str):
                raise RuleError(f"{path}:{at}: '{name}' must hold patterns (strings), "
                                f"got {type(pattern).__name__}")
            try:
                regex.compile(before + pattern + after)
            except (regex.error, OverflowError, ValueError, RecursionError) as exc:
                raise RuleError(f"{path}:{at}: '{name}' is not a valid pattern: {exc} "
                                f"(in {pattern!r})") from exc


def _merge(target: RuleFile, path: Path, schema: Schema, user: bool = False) -> None:
    """Add the sections of one rules file to `target`; an entry whose key is already there
    replaces it (a dict index per section, so a file of N entries merges in O(N))."""
    data = _read_yaml(path)
    lines: dict[str, int] = data.get("__lines__", {})
    patterns = PATTERN_FIELDS.get(target.name, {})
    for sec_name, value in data.items():
        if sec_name.startswith("__") or sec_name == "version":
            continue
        line = lines.get(sec_name, 1)
        if sec_name not in schema:
            allowed = ", ".join(sorted(schema))
            raise RuleError(f"{path}:{line}: unknown section '{sec_name}' (expected: {allowed})")
        spec = schema[sec_name]
        sec_patterns = patterns.get(sec_name, {})
        if spec.mapping:
            if not isinstance(value, dict):
                raise RuleError(f"{path}:{line}: section '{sec_name}' must be a mapping")
            clean = _check_fields(value, spec, path, line)
            _check_patterns(value, sec_patterns, path, line)
            target.settings.setdefault(sec_name, {}).update(clean)
            if user:
                target.user_settings.update((sec_name, k) for k in clean)
            continue
        if not isinstance(value, list):
            raise RuleError(f"{path}:{line}: section '{sec_name}' must be a list of entries")
        current = target.sections.setdefault(sec_name, [])
        index = target._index.setdefault(sec_name, {})
        for item in value:
            if not isinstance(item, dict):
                raise RuleError(f"{path}:{line}: entries of '{sec_name}' must be mappings")
            item_line = int(item.get("__line__", line))
            entry = Entry(_check_fields(item, spec, path, item_line),
                          f"{path.parent.name}/{path.name}:{item_line}",  # same on any machine
                          user)
            _check_patterns(item, sec_patterns, path, item_line)
            if spec.key is None:
                current.append(entry)
                continue
            k = entry.data.get(spec.key)
            at = index.get(k)
            if at is None:
                index[k] = len(current)
                current.append(entry)
            else:
                current[at] = entry
    target.files.append(path)


def schema_for(name: str) -> Schema:
    module = SCHEMA_MODULES.get(name)
    if module is None:
        raise RuleError(f"no schema registered for rules file '{name}.yaml'")
    schemas: Mapping[str, Schema] = importlib.import_module(module).SCHEMAS
    return schemas[name]


class Rules:
    """The loaded rule set: shipped rules plus an optional user folder that extends them."""

    def __init__(self, user_dir: str | Path | None = None) -> None:
        self.dirs: tuple[Path, ...] = (shipped_rules_dir(),)
        if user_dir is not None:
            d = Path(user_dir)
            if not d.is_dir():
                raise RuleError(f"{d}: rules folder not found")
            for f in sorted(d.glob("*.yaml")):
                if f.stem not in SCHEMA_MODULES:
                    raise RuleError(
                        f"{f}:1: unknown rules file (expected one of: "
                        f"{', '.join(sorted(SCHEMA_MODULES))})"
                    )
            self.dirs = (*self.dirs, d)
        self._cache: dict[str, RuleFile] = {}

    def __getitem__(self, name: str) -> RuleFile:
        if name not in self._cache:
            schema = schema_for(name)
            rf = RuleFile(name)
            found = False
            for d in self.dirs:
                p = d / f"{name}.yaml"
                if p.is_file():
                    _merge(rf, p, schema, user=d != self.dirs[0])
                    found = True
            if not found:
                raise RuleError(f"{self.dirs[0] / (name + '.yaml')}: rules file missing")
            self._cache[name] = rf
        return self._cache[name]

    def validate_all(self) -> list[str]:
        """Load every known rules file; returns their names (RuleError on the first fault)."""
        return [self[name].name for name in SCHEMA_MODULES]

    def __iter__(self) -> Iterator[str]:
        return iter(SCHEMA_MODULES)

    def __reduce__(self) -> tuple[Any, ...]:
        user = str(self.dirs[1]) if len(self.dirs) > 1 else None
        return (get_rules, (user,))


def literal_alternation(words: Iterable[str], space: str | None = None,
                        cases: bool = False) -> str:
    """Regex alternation of literal rule words, longest first (so `Kế hoạch phối hợp` wins over
    `Kế hoạch`). With `space`, a blank inside a word matches that pattern instead (wrapped lines,
    double spaces); with `cases`, each word also matches capitalized, lower-first, upper and
    title case (`Căn cứ`, `căn cứ`, `CĂN CỨ`)."""
    forms: set[str] = set()
    for word in words:
        w = word.strip()
        if not w:
            continue
        forms.add(w)
        if cases:
            forms |= {w[:1].upper() + w[1:], w[:1].lower() + w[1:], w.upper(), w.title()}
    out = []
    for w in sorted(forms, key=lambda x: (-len(x), x)):
        e = regex.escape(w)
        out.append(e.replace(r"\ ", space) if space is not None else e)
    return "|".join(out)


@lru_cache(maxsize=8)
def _cached(user_dir: str | None) -> Rules:
    return Rules(user_dir)


def get_rules(rules: Rules | str | Path | None = None) -> Rules:
    """The shared Rules for a user folder (or the shipped rules alone), loaded once."""
    if isinstance(rules, Rules):
        return rules
    return _cached(None if rules is None else str(Path(rules).resolve()))
