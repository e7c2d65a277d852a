"""Two versions of the text pipeline side by side in one process, document by document.

usage: python benchmarks/bench_ab.py OTHER_SRC [--docs 200] [--seed 11] [--rounds 3]

OTHER_SRC is the `src` folder of another checkout (e.g. `git archive main src rules | tar -x
-C /tmp/main`, then `/tmp/main/src`); its rules are read from `OTHER_SRC/../rules`. That
version is imported under another package name next to the one on sys.path (this checkout
with PYTHONPATH=src), and every document of bench_text.py's sample is parsed by both, one
right after the other, the order swapped on every other document: on a shared machine whose
load swings, both see the same load, so a few percent are measurable (separate runs of
bench_text.py differ by 5-10 % under load). Process CPU time per version and round; the
Documents of both are compared (`repr`), so a speed change that alters a record shows.
Not a test: figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from bench_text import WARM_UP, sample

ALIAS = "bpextract_other"


def load_other(src: Path, into: Path) -> ModuleType:
    """The package in `src/bpextract` (rules in `src/../rules`), importable as ALIAS."""
    pkg = into / "src" / ALIAS
    shutil.copytree(src / "bpextract", pkg)
    shutil.copytree(src.parent / "rules", into / "rules")
    rules_py = pkg / "rules.py"  # the rule schemas are looked up by module name
    rules_py.write_text(rules_py.read_text(encoding="utf-8").replace('"bpextract.',
                                                                      f'"{ALIAS}.'),
                        encoding="utf-8")
    sys.path.insert(0, str(into / "src"))
    return importlib.import_module(ALIAS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("other", type=Path)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    import bpextract

    with tempfile.TemporaryDirectory() as tmp:
        other = load_other(a.other.resolve(), Path(tmp))
        versions = {"this": bpextract, "other": other}
        texts = sample(a.docs, a.seed)
        chars = sum(len(t) for _, t in texts)
        for mod in versions.values():
            mod.parse_text(WARM_UP)
        differ = 0
        best = {k: float("inf") for k in versions}
        for r in range(a.rounds):
            spent = dict.fromkeys(versions, 0.0)
            for k, (name, text) in enumerate(texts):
                order = ["this", "other"] if k % 2 == 0 else ["other", "this"]
                out = {}
                for v in order:
                    t = time.process_time()
                    out[v] = versions[v].parse_text(text, source=name)
                    spent[v] += time.process_time() - t
                if r == 0 and repr(out["this"]) != repr(out["other"]):
                    differ += 1
            for v, s in spent.items():
                best[v] = min(best[v], s)
            print(f"round {r + 1}: this {spent['this']:.2f} s, other {spent['other']:.2f} s, "
                  f"other/this {spent['other'] / spent['this']:.3f}", flush=True)
        print(f"{len(texts)} documents, {chars} characters, best of {a.rounds}, process CPU")
        for v in versions:
            print(f"  {v:<6} {best[v]:7.2f} s {chars / best[v] / 1000:7.0f} k chars/s")
        print(f"  this is {best['other'] / best['this']:.3f}x other; documents that differ: "
              f"{differ}")


if __name__ == "__main__":
    main()
