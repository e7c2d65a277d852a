"""Rules are data: `rules/*.yaml`, validated on load, extended by a user folder.

Each stage module declares a `SCHEMA` (see `Schema`) for the rule file it reads; this module only
knows which module owns which file. Errors name the file and line:
`rules/units.yaml:42: unknown key 'kinf' (expected one of: kind, unit, ...)`.
A user folder (`--rules DIR`) holds files of the same names; its entries replace shipped entries
with the same key and add the others.
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
    "legacy": "bpextract.legacy",
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
    """One validated rule entry, remembering where it was written."""

    data: dict[str, Any]
    where: str

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

    def entries(self, section: str) -> list[Entry]:
        return self.sections.get(section, [])

    def setting(self, section: str, key: str, default: Any = None) -> Any:
        return self.settings.get(section, {}).get(key, default)


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


def _node_to_py(node: yaml.Node, path: Path) -> Any:
    """Plain Python from a YAML node; mappings inside lists get a `__line__` key."""
    if isinstance(node, yaml.ScalarNode):
        return yaml.SafeLoader(b"").construct_object(node)
    if isinstance(node, yaml.SequenceNode):
        return [_node_to_py(n, path) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {"__line__": node.start_mark.line + 1}
        for k, v in node.value:
            key = _node_to_py(k, path)
            if not isinstance(key, str):
                raise RuleError(f"{path}:{k.start_mark.line + 1}: keys must be strings")
            if key in out:
                raise RuleError(f"{path}:{k.start_mark.line + 1}: duplicate key '{key}'")
            out[key] = _node_to_py(v, path)
            out.setdefault("__lines__", {})[key] = k.start_mark.line + 1
        return out
    raise RuleError(f"{path}: unsupported YAML node")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rules file ({exc})") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise RuleError(f"{path}{line}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if node is None:
        return {"__line__": 1, "__lines__": {}}
    data = _node_to_py(node, path)
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


def _merge(target: RuleFile, path: Path, schema: Schema) -> None:
    data = _read_yaml(path)
    lines: dict[str, int] = data.get("__lines__", {})
    for sec_name, value in data.items():
        if sec_name.startswith("__") or sec_name == "version":
            continue
        line = lines.get(sec_name, 1)
        if sec_name not in schema:
            allowed = ", ".join(sorted(schema))
            raise RuleError(f"{path}:{line}: unknown section '{sec_name}' (expected: {allowed})")
        spec = schema[sec_name]
        if spec.mapping:
            if not isinstance(value, dict):
                raise RuleError(f"{path}:{line}: section '{sec_name}' must be a mapping")
            clean = _check_fields(value, spec, path, line)
            target.settings.setdefault(sec_name, {}).update(clean)
            continue
        if not isinstance(value, list):
            raise RuleError(f"{path}:{line}: section '{sec_name}' must be a list of entries")
        current = target.sections.setdefault(sec_name, [])
        for item in value:
            if not isinstance(item, dict):
                raise RuleError(f"{path}:{line}: entries of '{sec_name}' must be mappings")
            item_line = int(item.get("__line__", line))
            entry = Entry(_check_fields(item, spec, path, item_line),
                          f"{path.parent.name}/{path.name}:{item_line}")  # same on any machine
            if spec.key is not None:
                k = entry.data.get(spec.key)
                for i, old in enumerate(current):
                    if old.data.get(spec.key) == k:
                        current[i] = entry
                        break
                else:
                    current.append(entry)
            else:
                current.append(entry)
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
                    _merge(rf, p, schema)
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
