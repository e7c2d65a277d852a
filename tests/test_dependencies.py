"""Declared dependencies against imports, the extras' messages, the LICENSE, and the ../shared
helper: the core install is what the code imports at module level, optional parts are extras
that say how to install them, and a fresh clone runs the tests."""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from tests import conftest
from tests.conftest import ROOT

from bpextract.extras import MissingExtraError, require

SRC = ROOT / "src"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Declared for code that other branches add; each entry fails the test once the package is
# imported, so it is removed then (the check below is exact again).
DECLARED_AHEAD: dict[str, str] = {}
# Plain imports of an extra-only package still waiting for `extras.require` (file, module):
# remove the entry with the change; the test fails while a listed import is gone.
PENDING_REQUIRE: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Use:
    """One import of a top-level module in src/: where, and whether it runs only on demand."""

    module: str
    file: str
    line: int
    lazy: bool  # inside a function body: imported when a feature is used
    via_require: bool  # through `extras.require(...)`


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _walk(node: ast.AST, file: str, lazy: bool) -> Iterator[Use]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            yield from (u for s in child.orelse for u in _walk(s, file, lazy))
            continue  # imports for the type checker only
        inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if isinstance(child, ast.Import):
            for a in child.names:
                yield Use(a.name.split(".")[0], file, child.lineno, inner, False)
        elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            yield Use(child.module.split(".")[0], file, child.lineno, inner, False)
        elif (isinstance(child, ast.Call) and child.args
              and isinstance(child.args[0], ast.Constant) and isinstance(child.args[0].value, str)
              and ast.unparse(child.func).split(".")[-1] in ("require", "import_module")
              and not child.args[0].value.startswith(".")):
            yield Use(child.args[0].value.split(".")[0], file, child.lineno, inner,
                      ast.unparse(child.func).split(".")[-1] == "require")
        yield from _walk(child, file, inner)


def _uses() -> list[Use]:
    out = []
    for path in sorted((SRC / "bpextract").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        out += _walk(tree, path.relative_to(SRC).as_posix(), False)
    return [u for u in out if u.module not in sys.stdlib_module_names
            and u.module not in ("bpextract", "__future__")]


def _expand(reqs: list[str]) -> set[str]:
    """Distribution names a list of requirements installs, through `[extra]`s one level down
    (`dask[distributed]` -> dask, distributed) and bpextract's own extras."""
    names: set[str] = set()
    for text in reqs:
        r = Requirement(text)
        if _norm(r.name) == "bpextract":
            for e in r.extras:
                names |= _expand(PROJECT["optional-dependencies"][e])
            continue
        names.add(_norm(r.name))
        for sub in metadata.requires(r.name) or []:
            s = Requirement(sub)
            if (s.marker is not None and "extra" in str(s.marker)
                    and any(s.marker.evaluate({"extra": e}) for e in r.extras)):
                names.add(_norm(s.name))
    return names


CORE = _expand(PROJECT["dependencies"])
EXTRAS = {name: _expand(reqs) for name, reqs in PROJECT["optional-dependencies"].items()
          if name != "dev"}  # runtime code may not rely on dev tools
OPTIONAL = set().union(*EXTRAS.values())
USES = _uses()
DISTS = metadata.packages_distributions()


def _dists(u: Use) -> set[str]:
    return {_norm(d) for d in DISTS.get(u.module, [])}


def _where(uses: list[Use]) -> str:
    return "; ".join(f"{u.file}:{u.line} {u.module}" for u in uses)


def test_the_scan_sees_the_known_imports() -> None:
    found = {(u.file, u.module, u.lazy, u.via_require) for u in USES}
    assert ("bpextract/rules.py", "yaml", False, False) in found
    assert ("bpextract/spacy_pipe.py", "spacy", True, True) in found
    assert ("bpextract/readers/pdf_plumber.py", "pdfminer", True, False) in found
    assert not any(u.module == "spacy" and not u.via_require for u in USES)  # TYPE_CHECKING


def test_every_imported_module_belongs_to_an_installed_distribution() -> None:
    assert _where([u for u in USES if not _dists(u)]) == ""


# modules loaded only through an entry point of an extra (never by `import bpextract`)
ENTRY_POINT_ONLY = {"bpextract/spacy_factory.py": "spacy"}


def test_entry_point_only_modules_are_entry_points() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for file in ENTRY_POINT_ONLY:
        module = file.removesuffix(".py").replace("/", ".")
        assert f'"{module}:' in text, f"{module} is not an entry point"


def test_module_level_imports_are_core_dependencies() -> None:
    bad = [u for u in USES if not u.lazy and not _dists(u) & CORE
           and ENTRY_POINT_ONLY.get(u.file) != u.module]
    assert _where(bad) == "", "imported when bpextract loads, so it must be in `dependencies`"


def test_lazy_imports_are_core_or_an_extra() -> None:
    bad = [u for u in USES if u.lazy and not _dists(u) & (CORE | OPTIONAL)]
    assert _where(bad) == "", "declare it in `dependencies` or in an extra"


def test_extra_only_packages_are_imported_through_require() -> None:
    plain = [u for u in USES if not _dists(u) & CORE and not u.via_require]
    waiting = {(u.file, u.module) for u in plain} & set(PENDING_REQUIRE)
    assert waiting == set(PENDING_REQUIRE), "done: remove it from PENDING_REQUIRE"
    bad = [u for u in plain if (u.file, u.module) not in PENDING_REQUIRE]
    assert _where(bad) == "", "use extras.require so a missing extra says what to install"


def test_require_names_existing_extras() -> None:
    calls = [u for u in USES if u.via_require]
    assert calls
    for path in sorted((SRC / "bpextract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("require")
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)):
                assert node.args[1].value in EXTRAS, (path, node.lineno)


def test_every_core_dependency_is_imported() -> None:
    imported = set().union(*(_dists(u) for u in USES))
    unused = CORE - imported - set(DECLARED_AHEAD)
    assert unused == set(), "declared in `dependencies` but imported nowhere in src/"
    assert imported & set(DECLARED_AHEAD) == set(), "imported now: remove it from DECLARED_AHEAD"
    assert set(DECLARED_AHEAD) <= CORE


def test_heavy_exports_are_not_core() -> None:
    assert {"spacy", "pyarrow", "dask"} & CORE == set()
    assert {"spacy", "pyarrow", "dask", "distributed"} <= EXTRAS["all"]
    assert "charset-normalizer" not in CORE | OPTIONAL


def test_require_says_which_extra_to_install() -> None:
    with pytest.raises(MissingExtraError) as info:
        require("bpextract_no_such_module.sub", "parquet", "Parquet output")
    assert str(info.value) == ("Parquet output needs bpextract_no_such_module, which is not "
                               'installed: pip install "bpextract[parquet]"')
    assert isinstance(info.value, ImportError)
    assert require("regex", "all", "x").__name__ == "regex"


def test_spacy_export_without_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    import bpextract
    from bpextract import spacy_export

    doc = bpextract.parse_text("BÁO CÁO\n\nCăn cứ Chỉ thị số 01/CT-TTg ngày 09/01/2015.\n")
    monkeypatch.setattr(spacy_export, "_NLP", [])
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "spacy.displacy", None)
    with pytest.raises(MissingExtraError, match=r'pip install "bpextract\[spacy\]"'):
        spacy_export.to_spacy(doc)
    # the HTML view is the review page: it needs no spaCy
    assert spacy_export.render_html(doc).startswith("<!DOCTYPE html>")


def test_license_is_mit_as_declared() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PROJECT["license"] == "MIT"
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 bpextract contributors" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text


def test_shared_path_skips_outside_ci_and_fails_under_ci(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"shared/data/x\.pdf is missing"):
        conftest.shared_path("data", "x.pdf")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"under CI \(CI=true\) it must be there"):
        conftest.shared_path("data", "x.pdf")
    (tmp_path / "shared" / "data").mkdir(parents=True)
    (tmp_path / "shared" / "data" / "x.pdf").write_bytes(b"%PDF")
    assert conftest.shared_path("data", "x.pdf") == tmp_path / "shared" / "data" / "x.pdf"
