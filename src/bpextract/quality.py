"""Quality checks: score extraction against hand-made gold annotations (corpus/gold/*.json).

`load_gold` reads and validates one `gold/<stem>.json`; `load_corpus` pairs every gold file of a
corpus folder with its document; `score` compares parsed Documents with their gold (pure);
`run_check` is what `bpextract check` prints. The matching rules are written down for people in
corpus/GUIDELINES.md ("How matching and scoring work"); keep the two in step.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .errors import InputError, UsageError
from .model import DateRecord, Document, Footnote, Header, Indicator, Part, Reference, Section
from .normalize import fold_tones

# Tables scored by span (located by `text` + `occurrence` [+ `footnote`]) and by sequence.
SPAN_TABLES = ("references", "dates", "indicators")
TABLES = ("sections", "parts", "footnotes", *SPAN_TABLES, "recipients", "tables",
          "table_indicators", "tasks")
HEADER_FIELDS = ("issuer", "parent_issuer", "number", "number_raw", "doc_type", "place",
                 "issue_date", "title", "signer.name", "signer.position", "signer.authority",
                 "recipients", "is_template")

_ISO = regex.compile(r"(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)")
_WS = regex.compile(r"\s+")
_DASHES = regex.compile(r"[\-‐‑‒–—―−]")
_BULLET = regex.compile(r"^[\-–—•+*·]+\s*")
REL_TOL = 1e-9


class GoldError(InputError):
    """A gold file is malformed or does not fit its document; the message names the file."""


# --------------------------------------------------------------------------- gold format

_NONE = type(None)
_Spec = tuple[tuple[type, ...], bool, str]  # allowed types, required, check name ("" = none)
_LOCATED: dict[str, _Spec] = {
    "text": ((str,), True, "nonempty"), "occurrence": ((int,), False, "positive"),
    "footnote": ((str, _NONE), False, ""),
}
_OPT_STR: _Spec = ((str, _NONE), False, "")
ITEM_SPECS: dict[str, dict[str, _Spec]] = {
    "sections": {"label": ((str,), True, ""), "title": _OPT_STR,
                 "level": ((int,), True, "positive"), "part": ((int,), False, "natural")},
    "parts": {"kind": ((str,), True, "nonempty"), "title": _OPT_STR},
    "footnotes": {"id": ((str,), True, "nonempty"), "text": ((str,), True, "nonempty")},
    "references": {**_LOCATED, "type": _OPT_STR, "number": _OPT_STR, "number_raw": _OPT_STR,
                   "year": ((int, _NONE), False, ""), "date": ((str, _NONE), False, "iso"),
                   "issuer": _OPT_STR, "subject": _OPT_STR, "relation": _OPT_STR,
                   "short_form": ((bool,), False, ""), "refers_to": _OPT_STR},
    "dates": {**_LOCATED, "value": ((str, _NONE), True, "iso"),
              "end_value": ((str, _NONE), False, "iso"), "kind": ((str,), False, "kind"),
              "role": ((str,), False, "role")},
    # value null = a vague amount (`hàng trăm triệu đồng`); group = any label shared by the
    # values that belong together (scored as who-is-with-whom); total = a fraction's denominator
    "indicators": {**_LOCATED, "value": ((int, float, _NONE), True, ""),
                   "end_value": ((int, float, _NONE), False, ""), "unit": _OPT_STR,
                   "quantity": _OPT_STR, "qualifier": ((str,), False, "qualifier"),
                   "subject": _OPT_STR, "total": ((int, float, _NONE), False, ""),
                   "group": ((str, int, _NONE), False, ""),
                   # what the figure means (issue 14): scored as accuracy over matched pairs
                   "status": ((str,), False, "status"), "period": ((str, _NONE), False, "period"),
                   "comparison": ((str, _NONE), False, "comparison"),
                   "change": ((str, _NONE), False, "change")},
}
# Tables a gold file may annotate but need not (every file annotates ITEM_SPECS): rows of a
# plan's task table (issue 15); `text` locates the task cell, the fields are scored as accuracy
# over matched tasks (partners as a list, case and spacing ignored)
OPTIONAL_SPECS: dict[str, dict[str, _Spec]] = {
    "tasks": {**_LOCATED, "lead": _OPT_STR, "partners": ((list,), False, ""),
              "output": _OPT_STR, "deadline": ((str, _NONE), False, "iso"),
              "deadline_end": ((str, _NONE), False, "iso"),
              "deadline_kind": ((str, _NONE), False, ""), "label": _OPT_STR, "group": _OPT_STR},
}
# tables (issue 15): every table of the document, located by a stretch of its first row; with
# `indicators: true` its value cells are annotated in `table_indicators` (one item per cell) and
# the table-read indicators of that table are scored against them
# A gold file may annotate the tables alone (`"scope": "tables"`): then only these two keys are
# required of it and the other tables are not scored for it (see corpus/GUIDELINES.md).
TABLE_SPECS: dict[str, dict[str, _Spec]] = {
    "tables": {**_LOCATED, "kind": ((str,), False, "nonempty"),
               "rows": ((int,), False, "positive"), "cols": ((int,), False, "positive"),
               "header_rows": ((int,), False, "natural"), "indicators": ((bool,), False, "")},
    "table_indicators": {**ITEM_SPECS["indicators"], "status": _OPT_STR, "period": _OPT_STR,
                         "comparison": _OPT_STR},
}
TABLE_TABLES = tuple(TABLE_SPECS)
HEADER_SPEC: dict[str, _Spec] = {
    **{k: _OPT_STR for k in ("issuer", "parent_issuer", "number", "number_raw", "doc_type",
                             "place", "title")},
    "issue_date": ((str, _NONE), False, "iso"), "signer": ((dict, _NONE), False, ""),
    "recipients": ((list, _NONE), False, ""), "is_template": ((bool,), False, ""),
}
SIGNER_SPEC: dict[str, _Spec] = {k: _OPT_STR for k in ("name", "position", "authority")}
_ENUMS = {
    "kind": {"date", "range", "recurring", "placeholder"},
    "role": {"issue", "deadline", "reference", "period", "other"},
    "qualifier": {"=", "~", ">", ">=", "<", "<="},
    "status": {"target", "achieved", "estimate", "baseline", "unknown"},
    "comparison": {"same_period", "previous_year", "previous_period", "plan", "target",
                   "period"},
    "change": {"increase", "decrease"},
}
TOP_KEYS = ("document", "scope", "header", "sections", "parts", "footnotes", *SPAN_TABLES,
            "tables", "table_indicators", "tasks")


@dataclass(frozen=True)
class Gold:
    """One document's annotations. A table or header field that is absent was not annotated
    (not scored); present and empty/null means the annotator says there is nothing."""

    document: str | None
    header: Mapping[str, Any] | None
    tables: Mapping[str, tuple[Mapping[str, Any], ...]]
    path: Path | None = None

    def footnote_text(self, footnote_id: str) -> str | None:
        for f in self.tables.get("footnotes", ()):
            if f["id"] == footnote_id:
                return str(f["text"])
        return None


def valid_iso(value: str) -> bool:
    """ISO 8601 at the precision written (2022-01-11, 2025-04, 2022, --03-03, --03), real dates."""
    if not _ISO.fullmatch(value):
        return False
    parts = value.lstrip("-").split("-")
    year = 2000 if value.startswith("--") else int(parts.pop(0))
    month = int(parts[0]) if parts else 1
    day = int(parts[1]) if len(parts) > 1 else 1
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _check_value(where: str, key: str, value: Any, spec: _Spec) -> None:
    types, _req, check = spec
    if isinstance(value, bool) and bool not in types:  # bool is an int to Python, not to us
        raise GoldError(f"{where}: '{key}' must be {_type_names(types)}, not {value!r}")
    if not isinstance(value, types):
        raise GoldError(f"{where}: '{key}' must be {_type_names(types)}, not {value!r}")
    v: Any = value
    if v is None:
        return
    if check == "nonempty" and not v.strip():
        raise GoldError(f"{where}: '{key}' is empty")
    if check == "positive" and v < 1:
        raise GoldError(f"{where}: '{key}' must be 1 or more, not {value}")
    if check == "natural" and v < 0:
        raise GoldError(f"{where}: '{key}' must be 0 or more, not {value}")
    if check == "iso" and not valid_iso(v):
        raise GoldError(f"{where}: '{key}' {value!r} is not an ISO date "
                        "(YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD)")
    if check == "period" and not all(valid_iso(x) for x in v.split("/", 1)):
        raise GoldError(f"{where}: '{key}' {value!r} is not an ISO date or interval "
                        "(2023, 2024-01/2024-06)")
    if check in _ENUMS and value not in _ENUMS[check]:
        raise GoldError(f"{where}: '{key}' {value!r} is not one of {sorted(_ENUMS[check])}")


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false",
             dict: "an object", list: "a list", _NONE: "null"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def _check_mapping(where: str, data: Any, spec: Mapping[str, _Spec]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise GoldError(f"{where}: expected an object, got {type(data).__name__}")
    for key in data:
        if key not in spec and not key.startswith("_"):
            raise GoldError(f"{where}: unknown key '{key}' (expected one of: "
                            f"{', '.join(spec)}; keys starting with '_' are comments)")
    for key, kspec in spec.items():
        if key in data:
            _check_value(where, key, data[key], kspec)
        elif kspec[1]:
            raise GoldError(f"{where}: missing required key '{key}'")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def gold_from_dict(data: Any, where: str = "<gold>", path: Path | None = None) -> Gold:
    """Validate the parsed JSON of a gold file (see the module docstring of the format)."""
    if not isinstance(data, dict):
        raise GoldError(f"{where}: a gold file holds one JSON object")
    for key in data:
        if key not in TOP_KEYS and not key.startswith("_"):
            raise GoldError(f"{where}: unknown top-level key '{key}' "
                            f"(expected one of: {', '.join(TOP_KEYS)})")
    document = data.get("document")
    if document is not None and not isinstance(document, str):
        raise GoldError(f"{where}: 'document' must be a file name")
    if data.get("scope", "tables") != "tables":
        raise GoldError(f"{where}: 'scope' can only be \"tables\" (a gold of the tables alone)")
    header: dict[str, Any] | None = None
    if "header" in data:
        header = _check_mapping(f"{where}: header", data["header"], HEADER_SPEC)
        if isinstance(header.get("signer"), dict):
            header["signer"] = _check_mapping(f"{where}: header.signer", header["signer"],
                                              SIGNER_SPEC)
        for i, r in enumerate(header.get("recipients") or []):
            if not isinstance(r, str) or not r.strip():
                raise GoldError(f"{where}: header.recipients[{i}] must be a non-empty string")
    tables: dict[str, tuple[Mapping[str, Any], ...]] = {}
    for table, spec in {**ITEM_SPECS, **TABLE_SPECS, **OPTIONAL_SPECS}.items():
        if table not in data:
            continue
        items = data[table]
        if not isinstance(items, list):
            raise GoldError(f"{where}: '{table}' must be a list")
        tables[table] = tuple(_check_mapping(f"{where}: {table}[{i}]", item, spec)
                              for i, item in enumerate(items))
    note_ids = [f["id"] for f in tables.get("footnotes", ())]
    dup = [k for k, n in Counter(note_ids).items() if n > 1]
    if dup:
        raise GoldError(f"{where}: footnote id(s) {', '.join(dup)} annotated twice")
    for table in SPAN_TABLES:
        for i, item in enumerate(tables.get(table, ())):
            fn = item.get("footnote")
            if fn is not None and fn not in note_ids:
                raise GoldError(f"{where}: {table}[{i}]: footnote '{fn}' is not in this file's "
                                "'footnotes' list (annotate the footnote and its text first)")
    return Gold(document=document, header=header, tables=tables, path=path)


MAX_GOLD_BYTES = 32 * 2**20  # one gold file; the bundled ones are under 40 KB
MAX_GOLD_DEPTH = 32  # nested arrays/objects; the gold format uses 4
# a JSON string (skipped whole) or a bracket; strings cannot hold a raw line break
_JSON_TOKEN = regex.compile(r'"(?:[^"\\\n]|\\.)*+"|[\[\]{}]')


def _check_depth(text: str, p: Path) -> None:
    """Refuse nesting deeper than MAX_GOLD_DEPTH before `json.loads` recurses into it."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_GOLD_DEPTH:
                line = text.count("\n", 0, m.start()) + 1
                raise GoldError(f"{p}:{line}: nested deeper than {MAX_GOLD_DEPTH} levels; "
                                "a gold file is a few levels of objects and lists")
        elif c in "]}":
            depth -= 1


def load_gold(path: str | Path) -> Gold:
    """Read and validate one gold file; raises GoldError naming the file and the item.

    Files over MAX_GOLD_BYTES or nested deeper than MAX_GOLD_DEPTH are refused before parsing.
    """
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_GOLD_BYTES + 1)
    except OSError as exc:
        raise GoldError(f"{p}: cannot read gold file ({exc.strerror})") from exc
    if len(raw) > MAX_GOLD_BYTES:
        raise GoldError(f"{p}: gold file larger than {MAX_GOLD_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8")
        _check_depth(text, p)
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{p}: not valid JSON ({exc})") from exc
    except RecursionError as exc:  # not reached within MAX_GOLD_DEPTH; kept as a last guard
        raise GoldError(f"{p}: nested too deeply") from exc
    return gold_from_dict(data, str(p), p)


def load_corpus(corpus_dir: str | Path) -> list[tuple[Path, Path]]:
    """(document, gold) pairs of a folder like corpus/: DIR/<stem>.<ext> + DIR/gold/<stem>.json.

    Documents without gold are left out (not annotated); a gold file without its document, or
    whose stem fits several documents, is an error.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise GoldError(f"{root}: not a folder")
    gold_dir = root / "gold"
    golds = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if not golds:
        raise GoldError(f"{root}: no gold annotations (expected {gold_dir}/<document stem>.json)")
    by_stem: dict[str, list[Path]] = {}
    for f in sorted(root.iterdir()):
        if f.is_file() and not f.name.startswith("."):
            by_stem.setdefault(f.stem, []).append(f)
    pairs: list[tuple[Path, Path]] = []
    for g in golds:
        docs = by_stem.get(g.stem, [])
        if not docs:
            raise GoldError(f"{g}: no document named {g.stem}.* in {root}")
        if len(docs) > 1:
            raise GoldError(f"{g}: several documents share the stem {g.stem}: "
                            f"{', '.join(d.name for d in docs)}")
        pairs.append((docs[0], g))
    return pairs


# --------------------------------------------------------------------------- normalization

def collapse(s: str) -> str:
    """NFC, one tone-mark placement, whitespace runs made one space, stripped."""
    return str(_WS.sub(" ", fold_tones(unicodedata.normalize("NFC", s)))).strip()


def norm_text(s: Any) -> str:
    """Loose form of a text value: collapsed, casefolded, trailing `.,;:` dropped."""
    if s is None:
        return ""
    return collapse(str(s)).rstrip(" .,;:").casefold()


def norm_number(s: Any) -> str:
    """Canonical document number: no whitespace, every dash `-` (as the contract says)."""
    if s is None:
        return ""
    bare = _WS.sub("", unicodedata.normalize("NFC", str(s)))
    return str(_DASHES.sub("-", bare)).rstrip(".,;:")


def norm_exact(s: Any) -> Any:
    return s.strip() if isinstance(s, str) else s


def norm_recipient(s: str) -> str:
    return norm_text(_BULLET.sub("", collapse(s)))


def same_number(a: Any, b: Any) -> bool:
    """Numbers equal within a relative tolerance of 1e-9 (None equals only None)."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is None and b is None
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return x == y or abs(x - y) <= REL_TOL * max(abs(x), abs(y))


_FIELD_NORM: dict[str, Callable[[Any], Any]] = {
    "number": norm_number, "refers_to": norm_number, "number_raw": collapse,
    "issue_date": norm_exact, "date": norm_exact, "value": norm_exact, "end_value": norm_exact,
    "kind": norm_exact, "role": norm_exact, "qualifier": norm_exact, "year": norm_exact,
    "short_form": norm_exact, "is_template": norm_exact,
    "status": norm_exact, "period": norm_exact, "comparison": norm_exact, "change": norm_exact,
}


def field_equal(name: str, gold: Any, got: Any) -> bool:
    """Equality of one attribute after its normalization (codes/dates exact, text loose)."""
    key = name.rsplit(".", 1)[-1]
    if key == "recipients":
        return Counter(map(norm_recipient, gold or [])) == Counter(map(norm_recipient, got or []))
    if key in ("value", "end_value", "total") and not isinstance(gold, str):
        return same_number(gold, got)
    norm: Callable[[Any], Any] = _FIELD_NORM.get(key, norm_text)
    if key in ("number", "refers_to", "number_raw"):  # a missing code is None, never ""
        if gold is None or got is None:
            return gold is None and got is None
        return bool(norm(gold) == norm(got))
    return bool(norm(gold) == norm(got))


# --------------------------------------------------------------------------- report

@dataclass
class Counts:
    """tp/fp/fn of one table; vacuous scores (nothing to find, nothing found) are 1.0."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.tp + self.fn, "predicted": self.tp + self.fp, "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Accuracy:
    """correct/annotated of one field; `accuracy` is None when nothing was annotated."""

    correct: int = 0
    annotated: int = 0

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.annotated += other.annotated

    def count(self, ok: bool) -> None:
        self.annotated += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.annotated if self.annotated else None

    def to_dict(self) -> dict[str, Any]:
        acc = self.accuracy
        return {"correct": self.correct, "annotated": self.annotated,
                "accuracy": None if acc is None else round(acc, 4)}


@dataclass(frozen=True)
class DiffEntry:
    """One error: a gold item not found (`miss`), a prediction not in gold (`false_positive`),
    or a field with the wrong value (`wrong`). Offsets point into the main text, or into the
    footnote's text when `footnote` is set; None when the item has no span."""

    document: str
    table: str
    kind: str
    text: str
    start: int | None = None
    end: int | None = None
    footnote: str | None = None
    expected: str | None = None
    got: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class DocScore:
    document: str
    tables: dict[str, Counts] = field(default_factory=dict)
    fields: dict[str, Accuracy] = field(default_factory=dict)

    def table(self, name: str) -> Counts:
        return self.tables.setdefault(name, Counts())

    def acc(self, name: str) -> Accuracy:
        return self.fields.setdefault(name, Accuracy())

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document,
                "tables": {k: v.to_dict() for k, v in _ordered(self.tables, TABLES)},
                "fields": {k: v.to_dict() for k, v in _ordered(self.fields, _FIELD_ORDER)}}


@dataclass
class Report:
    """Scores micro-averaged over documents (counts summed, then P/R/F1), per document too."""

    tables: dict[str, Counts]
    fields: dict[str, Accuracy]
    documents: list[DocScore]
    diff: list[DiffEntry]
    warnings: list[str]

    def to_dict(self, diff: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": len(self.documents),
            "tables": {k: v.to_dict() for k, v in self.tables.items()},
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "per_document": [d.to_dict() for d in self.documents],
            "warnings": list(self.warnings),
        }
        if diff:
            out["diff"] = [d.to_dict() for d in self.diff]
        return out


_FIELD_ORDER = (*(f"header.{f}" for f in HEADER_FIELDS), "sections.level")
TASK_FIELDS = ("lead", "partners", "output", "deadline", "deadline_end", "deadline_kind",
               "label", "group")


def _ordered(d: Mapping[str, Any], order: Sequence[str]) -> list[tuple[str, Any]]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(d.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


# --------------------------------------------------------------------------- span matching

def locate(haystack: str, needle: str, occurrence: int = 1) -> int | None:
    """Start of the `occurrence`-th (1-based) non-overlapping occurrence, or None."""
    pos, seen = 0, 0
    while True:
        i = haystack.find(needle, pos)
        if i < 0:
            return None
        seen += 1
        if seen == occurrence:
            return i
        pos = i + len(needle)


@dataclass(frozen=True)
class _Span:
    footnote: str | None
    start: int
    end: int


def _gold_span(item: Mapping[str, Any], doc: Document) -> tuple[_Span | None, str | None]:
    """Where a gold item sits in the parsed document, or why it cannot be placed."""
    fn = item.get("footnote")
    occ = int(item.get("occurrence", 1))
    if fn is None:
        haystack, where = doc.text, "the main text"
    else:
        note = doc.footnote_by_id(fn)
        if note is None:
            return None, f"footnote {fn} was not extracted"
        haystack, where = note.text, f"extracted footnote {fn}"
    start = locate(haystack, item["text"], occ)
    if start is None:
        return None, f"text not found (occurrence {occ}) in {where}"
    return _Span(fn, start, start + len(item["text"])), None


SpanRecord = Reference | DateRecord | Indicator


def _agree(table: str, g: Mapping[str, Any], p: Any) -> bool:
    """Do a gold item and an overlapping prediction carry the same normalized value?"""
    if table == "references":
        if g.get("number") is not None:
            return any(field_equal("number", g["number"], x) for x in (p.number, p.refers_to)
                       if x is not None)
        if "type" in g:
            return field_equal("type", g["type"], p.type)
        return True
    if table == "dates":
        ok = field_equal("value", g["value"], p.value)
        return ok and ("end_value" not in g or field_equal("end_value", g["end_value"],
                                                           p.end_value))
    ok = same_number(g["value"], p.value)
    return ok and ("unit" not in g or field_equal("unit", g["unit"], p.unit))


# attributes scored as field accuracy over matched pairs (when the gold item gives them)
_PAIR_FIELDS = {
    "references": ("type", "number", "date", "issuer", "year", "subject", "relation",
                   "short_form", "refers_to", "number_raw"),
    "dates": ("kind", "role"),
    "indicators": ("end_value", "total", "quantity", "qualifier", "subject",
                   "status", "period", "comparison", "change"),
    "table_indicators": ("quantity", "subject", "status", "period", "comparison"),
}
_DESCRIBE = {
    "references": ("number", "type"), "dates": ("value", "end_value"),
    "indicators": ("value", "unit"), "table_indicators": ("value", "unit"),
}


def _describe(table: str, values: Mapping[str, Any] | Any) -> str:
    keys = _DESCRIBE[table]
    if isinstance(values, Mapping):
        pairs = [(k, values[k]) for k in keys if k in values]
    else:
        pairs = [(k, getattr(values, k)) for k in keys]
    return ", ".join(f"{k}={v}" for k, v in pairs if v is not None) or "-"


def _overlap(a: _Span, b: _Span) -> int:
    if a.footnote != b.footnote:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _match_spans(table: str, name: str, golds: Sequence[Mapping[str, Any]],
                 preds: Sequence[SpanRecord], doc: Document, score: DocScore,
                 diff: list[DiffEntry], warnings: list[str]) -> None:
    counts = score.table(table)
    gspans: list[_Span | None] = []
    for i, g in enumerate(golds):
        span, why = _gold_span(g, doc)
        gspans.append(span)
        if why:
            warnings.append(f"{name}: {table}[{i}] {g['text']!r}: {why}")
    pspans = [_Span(p.footnote, p.start, p.end) for p in preds]
    pindex, gindex = _span_index(pspans), _span_index(gspans)
    candidates: list[tuple[int, int, int, int]] = []
    for gi, gs in enumerate(gspans):
        if gs is None:
            continue
        for pi in _overlapping(gs, pspans, pindex):
            ps = pspans[pi]
            if _agree(table, golds[gi], preds[pi]):
                shift = abs(gs.start - ps.start) + abs(gs.end - ps.end)
                candidates.append((-_overlap(gs, ps), shift, gi, pi))
    candidates.sort()
    g_of: dict[int, int] = {}
    used: set[int] = set()
    for _ov, _shift, gi, pi in candidates:  # greedy: most overlap first, then least shift
        if gi not in g_of and pi not in used:
            g_of[gi] = pi
            used.add(pi)
    for gi, g in enumerate(golds):
        gs = gspans[gi]
        if gi in g_of:
            counts.tp += 1
            p = preds[g_of[gi]]
            for key in _PAIR_FIELDS[table]:
                if key in g:
                    ok = field_equal(key, g[key], getattr(p, key, None))
                    score.acc(f"{table}.{key}").count(ok)
            continue
        counts.fn += 1
        near = next(iter(_overlapping(gs, pspans, pindex)), None) if gs else None
        diff.append(DiffEntry(name, table, "miss", g["text"], gs.start if gs else None,
                              gs.end if gs else None, g.get("footnote"),
                              _describe(table, g),
                              None if near is None else f"{_describe(table, preds[near])} "
                              f"[{pspans[near].start}:{pspans[near].end}] {preds[near].text!r}"))
    for pi, p in enumerate(preds):
        if pi in used:
            continue
        counts.fp += 1
        near = next(iter(_overlapping(pspans[pi], gspans, gindex)), None)
        diff.append(DiffEntry(name, table, "false_positive", p.text, p.start, p.end, p.footnote,
                              None if near is None else f"{_describe(table, golds[near])} "
                              f"{golds[near]['text']!r}",
                              _describe(table, p)))
    if table == "indicators":
        _score_groups(golds, preds, g_of, score)


def _score_groups(golds: Sequence[Mapping[str, Any]], preds: Sequence[SpanRecord],
                  g_of: Mapping[int, int], score: DocScore) -> None:
    """`indicators.group`: for each matched value that is grouped in the gold or in the
    prediction, are its matched partners the same on both sides? (Group labels differ between
    gold and output; only who is grouped with whom is compared.)"""
    gkey = {gi: golds[gi].get("group") for gi in g_of}
    pkey = {gi: getattr(preds[pi], "group", None) for gi, pi in g_of.items()}
    for gi in g_of:
        gold_partners = {j for j in g_of if j != gi and gkey[gi] is not None
                         and gkey[j] == gkey[gi]}
        pred_partners = {j for j in g_of if j != gi and pkey[gi] is not None
                         and pkey[j] == pkey[gi]}
        if gold_partners or pred_partners:
            score.acc("indicators.group").count(gold_partners == pred_partners)


_Index = dict[str | None, tuple[list[int], list[int], int]]


def _span_index(spans: Sequence[_Span | None]) -> _Index:
    """Per text (main or footnote id): sorted starts, their span indexes, the longest span."""
    groups: dict[str | None, list[int]] = {}
    for i, sp in enumerate(spans):
        if sp is not None:
            groups.setdefault(sp.footnote, []).append(i)
    index: _Index = {}
    for key, idx in groups.items():
        found = [sp for i in idx if (sp := spans[i]) is not None]
        order = sorted(range(len(idx)), key=lambda k: found[k].start)
        index[key] = ([found[k].start for k in order], [idx[k] for k in order],
                      max(sp.end - sp.start for sp in found))
    return index


def _overlapping(span: _Span, spans: Sequence[_Span | None], index: _Index) -> list[int]:
    """Indexes of `spans` overlapping `span`, by most overlap; a bisect window keeps the
    matching near-linear instead of comparing every gold item with every prediction."""
    starts, order, longest = index.get(span.footnote, ([], [], 0))
    lo = bisect_left(starts, span.start - longest + 1)
    hi = bisect_left(starts, span.end)
    hits = []
    for k in range(lo, hi):
        other = spans[order[k]]
        ov = _overlap(span, other) if other is not None else 0
        if ov:
            hits.append((-ov, order[k]))
    return [i for _, i in sorted(hits)]


# --------------------------------------------------------------------------- sequences

def _lcs(a: Sequence[Any], b: Sequence[Any]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence (order-preserving one-to-one matching)."""
    n, m = len(a), len(b)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = dp[i + 1][j + 1] + 1 if a[i] == b[j] else max(dp[i + 1][j], dp[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _section_key(part: Any, label: Any, title: Any) -> tuple[int, str, str]:
    return (int(part or 0), str(_WS.sub("", str(label))), norm_text(title))


def _score_sections(golds: Sequence[Mapping[str, Any]], preds: Sequence[Section], text: str,
                    name: str, score: DocScore, diff: list[DiffEntry]) -> None:
    gkeys = [_section_key(g.get("part", 0), g["label"], g.get("title")) for g in golds]
    pkeys = [_section_key(p.part, p.label, p.title) for p in preds]
    pairs = _lcs(gkeys, pkeys)
    counts = score.table("sections")
    counts.tp += len(pairs)
    level = score.acc("sections.level")
    for gi, pi in pairs:
        ok = golds[gi]["level"] == preds[pi].level
        level.count(ok)
        if not ok:
            diff.append(DiffEntry(name, "sections.level", "wrong", _section_text(golds[gi]),
                                  preds[pi].start, preds[pi].end, None,
                                  str(golds[gi]["level"]), str(preds[pi].level)))
    gm, pm = {g for g, _ in pairs}, {p for _, p in pairs}
    spans = _heading_spans(golds, text)
    for gi, g in enumerate(golds):
        if gi not in gm:
            counts.fn += 1
            start, end = spans[gi]
            diff.append(DiffEntry(name, "sections", "miss", _section_text(g), start, end,
                                  expected=f"part {g.get('part', 0)}, level {g['level']}"))
    for pi, p in enumerate(preds):
        if pi not in pm:
            counts.fp += 1
            diff.append(DiffEntry(name, "sections", "false_positive",
                                  f"{p.label} {p.title or ''}".strip(), p.start, p.end,
                                  got=f"part {p.part}, level {p.level}"))


def _heading_spans(golds: Sequence[Mapping[str, Any]],
                   text: str) -> list[tuple[int | None, int | None]]:
    """Best-effort offsets of gold headings for --diff: each title (else label) searched in the
    main text after the previous heading found."""
    out: list[tuple[int | None, int | None]] = []
    pos = 0
    for g in golds:
        needle = g.get("title") or g["label"]
        i = text.find(needle, pos) if needle else -1
        if i < 0:
            out.append((None, None))
            continue
        out.append((i, i + len(needle)))
        pos = i + len(needle)
    return out


def _section_text(g: Mapping[str, Any]) -> str:
    return f"{g['label']} {g.get('title') or ''}".strip()


def _score_parts(golds: Sequence[Mapping[str, Any]], preds: Sequence[Part], name: str,
                 score: DocScore, diff: list[DiffEntry]) -> None:
    """Attached parts only (the main part 0 is not annotated), matched in order."""
    gl = [g for g in golds if g["kind"] != "main"]
    pl = [p for p in preds if p.kind != "main"]
    pairs = _lcs([(norm_text(g["kind"]), norm_text(g.get("title"))) for g in gl],
                 [(norm_text(p.kind), norm_text(p.title)) for p in pl])
    counts = score.table("parts")
    counts.tp += len(pairs)
    gm, pm = {g for g, _ in pairs}, {p for _, p in pairs}
    for gi, g in enumerate(gl):
        if gi not in gm:
            counts.fn += 1
            diff.append(DiffEntry(name, "parts", "miss", g.get("title") or "", expected=g["kind"]))
    for pi, p in enumerate(pl):
        if pi not in pm:
            counts.fp += 1
            diff.append(DiffEntry(name, "parts", "false_positive", p.title or "", p.start, p.end,
                                  got=p.kind))


FOOTNOTE_PREFIX = 30


def _score_footnotes(golds: Sequence[Mapping[str, Any]], preds: Sequence[Footnote], name: str,
                     score: DocScore, diff: list[DiffEntry]) -> None:
    """Same id and the same first 30 characters (whitespace collapsed) of the text."""
    counts = score.table("footnotes")
    used: set[int] = set()
    for g in golds:
        prefix = collapse(g["text"])[:FOOTNOTE_PREFIX]
        hit = next((i for i, p in enumerate(preds) if i not in used and p.id == g["id"]
                    and collapse(p.text)[:FOOTNOTE_PREFIX] == prefix), None)
        if hit is None:
            counts.fn += 1
            same_id = next((p for p in preds if p.id == g["id"]), None)
            diff.append(DiffEntry(name, "footnotes", "miss", g["text"][:80], footnote=g["id"],
                                  expected=prefix,
                                  got=None if same_id is None
                                  else collapse(same_id.text)[:FOOTNOTE_PREFIX]))
        else:
            counts.tp += 1
            used.add(hit)
    for i, p in enumerate(preds):
        if i not in used:
            counts.fp += 1
            diff.append(DiffEntry(name, "footnotes", "false_positive", p.text[:80],
                                  p.marker_start, p.marker_end, p.id))


# --------------------------------------------------------------------------- header

def _header_value(header: Header, name: str) -> Any:
    if name.startswith("signer."):
        return getattr(header.signer, name.split(".", 1)[1])
    return getattr(header, name)


def _score_tables(golds: Sequence[Mapping[str, Any]], doc: Document, name: str,
                  score: DocScore, diff: list[DiffEntry], warnings: list[str]) -> set[int]:
    """Each gold table matched to the predicted table holding its located text; kind, rows,
    cols and header_rows as field accuracy. Returns the ids of the predicted tables whose value
    cells the gold annotates (`indicators: true`)."""
    counts = score.table("tables")
    used: set[int] = set()
    annotated: set[int] = set()
    for i, g in enumerate(golds):
        span, why = _gold_span(g, doc)
        if why:
            warnings.append(f"{name}: tables[{i}] {g['text']!r}: {why}")
        hit = None if span is None else next(
            (t for t in doc.tables if t.footnote == span.footnote and t.start <= span.start < t.end
             and t.id not in used), None)
        if hit is None:
            counts.fn += 1
            diff.append(DiffEntry(name, "tables", "miss", g["text"],
                                  span.start if span else None, span.end if span else None,
                                  g.get("footnote"), _table_desc(g)))
            continue
        counts.tp += 1
        used.add(hit.id)
        if g.get("indicators"):
            annotated.add(hit.id)
        for key in ("kind", "rows", "cols", "header_rows"):
            if key in g:
                ok = g[key] == getattr(hit, key)
                score.acc(f"tables.{key}").count(ok)
                if not ok:
                    diff.append(DiffEntry(name, f"tables.{key}", "wrong", g["text"], hit.start,
                                          hit.end, hit.footnote, str(g[key]),
                                          str(getattr(hit, key))))
    for t in doc.tables:
        if t.id not in used:
            counts.fp += 1
            diff.append(DiffEntry(name, "tables", "false_positive", t.text[:60], t.start, t.end,
                                  t.footnote, None, _table_desc(t.to_dict())))
    return annotated


def _table_desc(d: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={d[k]}" for k in ("kind", "rows", "cols", "header_rows") if k in d)


def _gold_header_fields(gh: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in gh.items():
        if key == "signer":
            sub = value if isinstance(value, dict) else dict.fromkeys(SIGNER_SPEC)
            out.update({f"signer.{k}": v for k, v in sub.items()})
        else:
            out[key] = value
    return out


def _score_header(gh: Mapping[str, Any], doc: Document, name: str, score: DocScore,
                  diff: list[DiffEntry]) -> None:
    """Each annotated field right or wrong; recipients also as a table (multiset match)."""
    header = doc.header
    for fname, gval in _gold_header_fields(gh).items():
        got = _header_value(header, fname)
        if fname == "recipients":
            gval = list(gval or [])
            _score_recipients(gval, list(got), name, score, diff)
        ok = field_equal(fname, gval, got)
        score.acc(f"header.{fname}").count(ok)
        if not ok:
            where = header.spans.get(fname)
            text = doc.text[where[0]:where[1]] if where else ""
            diff.append(DiffEntry(name, f"header.{fname}", "wrong", text,
                                  where[0] if where else None, where[1] if where else None,
                                  expected=json.dumps(gval, ensure_ascii=False),
                                  got=json.dumps(got if not isinstance(got, tuple) else list(got),
                                                 ensure_ascii=False)))


def _score_recipients(gold: list[str], got: list[str], name: str, score: DocScore,
                      diff: list[DiffEntry]) -> None:
    counts = score.table("recipients")
    g, p = Counter(map(norm_recipient, gold)), Counter(map(norm_recipient, got))
    counts.tp += sum((g & p).values())
    counts.fn += sum((g - p).values())
    counts.fp += sum((p - g).values())
    missing, extra = g - p, p - g
    for r in gold:
        if missing[norm_recipient(r)] > 0:
            missing[norm_recipient(r)] -= 1
            diff.append(DiffEntry(name, "recipients", "miss", r))
    for r in got:
        if extra[norm_recipient(r)] > 0:
            extra[norm_recipient(r)] -= 1
            diff.append(DiffEntry(name, "recipients", "false_positive", r))


# --------------------------------------------------------------------------- score

def document_name(doc: Document, gold: Gold) -> str:
    return gold.document or Path(doc.source).name


def score(pairs: Iterable[tuple[Document, Gold]]) -> Report:
    """Compare each Document with its gold; pure. Only what the gold annotates is scored."""
    docs: list[DocScore] = []
    diff: list[DiffEntry] = []
    warnings: list[str] = []
    for doc, gold in pairs:
        name = document_name(doc, gold)
        ds = DocScore(name)
        if gold.header is not None:
            _score_header(gold.header, doc, name, ds, diff)
        t = gold.tables
        if "sections" in t:
            _score_sections(t["sections"], doc.sections, doc.text, name, ds, diff)
        if "parts" in t:
            _score_parts(t["parts"], doc.parts, name, ds, diff)
        if "footnotes" in t:
            _score_footnotes(t["footnotes"], doc.footnotes, name, ds, diff)
        for table in SPAN_TABLES:
            if table in t:
                preds: Sequence[SpanRecord] = getattr(doc, table)
                _match_spans(table, name, t[table], preds, doc, ds, diff, warnings)
        if "tasks" in t:
            _score_tasks(t["tasks"], doc, name, ds, diff, warnings)
        if "tables" in t:
            scored = _score_tables(t["tables"], doc, name, ds, diff, warnings)
            if "table_indicators" in t:
                inds = [i for i in doc.indicators if i.table is not None and i.table in scored]
                _match_spans("table_indicators", name, t["table_indicators"], inds, doc, ds,
                             diff, warnings)
        docs.append(ds)
    tables: dict[str, Counts] = {}
    fields: dict[str, Accuracy] = {}
    for ds in docs:
        for k, c in ds.tables.items():
            tables.setdefault(k, Counts()).add(c)
        for k, a in ds.fields.items():
            fields.setdefault(k, Accuracy()).add(a)
    return Report(tables=dict(_ordered(tables, TABLES)),
                  fields=dict(_ordered(fields, _FIELD_ORDER)), documents=docs, diff=diff,
                  warnings=warnings)


def gold_problems(gold: Gold, doc: Document) -> list[str]:
    """Where the gold does not fit its document: texts not found at their occurrence.

    Main-text items are looked up in `doc.text`; footnote items in the gold footnote's own text,
    and every gold footnote text must be real text of the document (main text or a footnote).
    """
    where = str(gold.path or gold.document or doc.source)
    problems: list[str] = []
    haystacks = [collapse(doc.text), *(collapse(f.text) for f in doc.footnotes)]
    for i, f in enumerate(gold.tables.get("footnotes", ())):
        if not any(collapse(f["text"]) in h for h in haystacks):
            problems.append(f"{where}: footnotes[{i}] (id {f['id']}): text not found in the "
                            "document")
    for table in (*SPAN_TABLES, *TABLE_TABLES, "tasks"):
        for i, item in enumerate(gold.tables.get(table, ())):
            fn = item.get("footnote")
            text = doc.text if fn is None else (gold.footnote_text(fn) or "")
            occ = int(item.get("occurrence", 1))
            if locate(text, item["text"], occ) is None:
                found = text.count(item["text"])
                place = "the main text" if fn is None else f"footnote {fn}"
                problems.append(f"{where}: {table}[{i}] {item['text']!r}: occurrence {occ} not "
                                f"in {place} (found {found} time(s))")
    return problems


def _task_field_equal(key: str, gold: Any, got: Any) -> bool:
    if key == "partners":
        return [norm_text(x) for x in gold or []] == [norm_text(x) for x in got or []]
    if key in ("deadline", "deadline_end", "deadline_kind", "label"):
        return bool(norm_exact(gold) == norm_exact(got))
    return norm_text(gold) == norm_text(got)


def _score_tasks(golds: Sequence[Mapping[str, Any]], doc: Document, name: str,
                 score: DocScore, diff: list[DiffEntry], warnings: list[str]) -> None:
    """Tasks match when their task cells overlap (most overlap first, one-to-one); lead,
    partners, output, deadline, ... are scored as accuracy over the matched tasks."""
    counts = score.table("tasks")
    preds = list(doc.tasks)
    pairs: list[tuple[int, int, int]] = []
    gspans: list[_Span | None] = []
    for i, g in enumerate(golds):
        span, why = _gold_span(g, doc)
        gspans.append(span)
        if why:
            warnings.append(f"{name}: tasks[{i}] {g['text']!r}: {why}")
            continue
        assert span is not None
        for pi, p in enumerate(preds):
            ov = _overlap(span, _Span(p.footnote, p.start, p.end))
            if ov:
                pairs.append((-ov, i, pi))
    pairs.sort()
    g_of: dict[int, int] = {}
    used: set[int] = set()
    for _ov, gi, pi in pairs:
        if gi not in g_of and pi not in used:
            g_of[gi] = pi
            used.add(pi)
    for gi, g in enumerate(golds):
        if gi not in g_of:
            counts.fn += 1
            gs = gspans[gi]
            diff.append(DiffEntry(name, "tasks", "miss", g["text"], gs.start if gs else None,
                                  gs.end if gs else None, None, g.get("lead"), None))
            continue
        counts.tp += 1
        p = preds[g_of[gi]]
        for key in TASK_FIELDS:
            if key in g:
                ok = _task_field_equal(key, g[key], getattr(p, key, None))
                score.acc(f"tasks.{key}").count(ok)
                if not ok:
                    diff.append(DiffEntry(name, "tasks", "wrong", g["text"], p.start, p.end,
                                          None, f"{key}={g[key]}",
                                          f"{key}={getattr(p, key, None)}"))
    for pi, p in enumerate(preds):
        if pi not in used:
            counts.fp += 1
            diff.append(DiffEntry(name, "tasks", "false_positive", p.text, p.start, p.end,
                                  p.footnote, None, p.lead))


# --------------------------------------------------------------------------- check command

def default_corpus() -> Path:
    """The bundled corpus: repo-root corpus/ in a source checkout, or one shipped in the package."""
    here = Path(__file__).resolve().parent
    for cand in (here.parent.parent / "corpus", here / "corpus"):
        if (cand / "gold").is_dir():
            return cand
    raise UsageError("no bundled corpus found next to the package; pass a folder laid out like "
                     "corpus/ (documents + gold/<stem>.json): bpextract check DIR")


def _fmt(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def format_report(report: Report, corpus: Path, errors: Sequence[str], diff: bool) -> str:
    """The aligned text tables (and, with diff, every miss / false positive / wrong field)."""
    lines = [f"bpextract check: {len(report.documents)} document(s) in {corpus} "
             "(micro-averaged over documents)", ""]
    w = max([len("table"), *(len(k) for k in report.tables)])
    lines.append(f"{'table':<{w}}  {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5}"
                 "  precision  recall     f1")
    for k, c in report.tables.items():
        lines.append(f"{k:<{w}}  {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.tp:>5} {c.fp:>5} "
                     f"{c.fn:>5}      {_fmt(c.precision)}   {_fmt(c.recall)}  {_fmt(c.f1)}")
    lines.append("")
    w = max([len("field"), *(len(k) for k in report.fields)])
    lines.append(f"{'field':<{w}}  {'correct':>7} / {'annotated':<9}  accuracy")
    for k, a in report.fields.items():
        lines.append(f"{k:<{w}}  {a.correct:>7} / {a.annotated:<9}     {_fmt(a.accuracy)}")
    for e in errors:
        lines.append(f"error: {e}")
    if report.warnings:
        lines += ["", f"{len(report.warnings)} gold item(s) could not be placed in the parsed "
                  "document (counted as misses)" + (":" if diff else "; --diff lists them")]
    if diff:
        lines += [f"  {x}" for x in report.warnings]
        lines += ["", f"differences ({len(report.diff)}):"]
        for d in report.diff:
            where = "" if d.start is None else f"[{d.start}:{d.end}]"
            if d.footnote is not None:
                where = f"footnote {d.footnote} {where}".strip()
            cols = [d.document, d.table, d.kind, where, repr(d.text) if d.text else "",
                    "" if d.expected is None else f"expected: {d.expected}",
                    "" if d.got is None else f"got: {d.got}"]
            lines.append("  ".join(c for c in cols if c))
    return "\n".join(lines)


def run_check(corpus_dir: Path | None, diff: bool = False, as_json: bool = False,
              rules: Any = None, html: Path | None = None) -> tuple[str, int]:
    """Parse every annotated document of a corpus folder, score it, and format the result.

    Exit code: 0 ok, 1 if a document failed to parse (it is left out of the scores),
    2 if the folder or a gold file is invalid. With `html`, a page per document shows gold and
    predicted records in context (right, extra, missed) and `html/index.html` lists them.
    Raises UsageError when no folder is given and no bundled corpus exists.
    """
    from .api import error_record, parse
    from .rules import get_rules

    root = default_corpus() if corpus_dir is None else Path(corpus_dir)
    try:
        pairs = [(d, load_gold(g)) for d, g in load_corpus(root)]
        for d, g in pairs:
            if g.document is not None and g.document != d.name:
                raise GoldError(f"{g.path}: 'document' is {g.document!r} but the file next to "
                                f"it is {d.name!r}")
    except GoldError as exc:
        if as_json:
            return json.dumps({"error": str(exc)}, ensure_ascii=False), 2
        return f"error: {exc}", 2
    loaded = get_rules(rules)
    scored: list[tuple[Document, Gold]] = []
    errors: list[str] = []
    for path, gold in pairs:
        try:
            scored.append((parse(path, loaded), gold))
        except Exception as exc:  # a failing document is reported, the others still scored
            errors.append(error_record(path, exc).message)
    report = score(scored)
    if html is not None:
        from .review import write_check_review

        write_check_review([(d, document_name(d, g)) for d, g in scored], report.diff, html)
    if as_json:
        out = {"corpus": str(root), **report.to_dict(diff=diff), "errors": errors}
        return json.dumps(out, ensure_ascii=False, indent=2), 1 if errors else 0
    return format_report(report, root, errors, diff), 1 if errors else 0


__all__ = ["TABLE_SPECS", "Accuracy", "Counts", "DiffEntry", "DocScore", "Gold", "GoldError",
           "Report",
           "default_corpus", "gold_from_dict", "gold_problems", "load_corpus", "load_gold",
           "locate", "run_check", "score"]
