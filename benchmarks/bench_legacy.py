"""Character accuracy of the legacy-encoding conversion against the upstream transcripts.

usage: python benchmarks/bench_legacy.py [--only txt|original] [--files GLOB] [--no-list-labels]
                                        [--batch]

For every file in ../shared/data/legacy/original/ (read with `bpextract.readers.read`: .doc and
.rtf through LibreOffice when installed, .pdf through the PDF reader, whose `legacy.PdfFonts`
hook converts the glyphs of each legacy-font run) and every raw byte stream in
legacy/txt_derived/ (read as a .txt), prints the character accuracy against
legacy/ground_truth/<stem>.txt, the encodings converted and CPU seconds. Not a test
(tests/test_legacy.py asserts floors); figures go to benchmarks/README.md.

Accuracy (`char_accuracy`): both texts NFC, `|` (our table-cell separator) made a space, every
run of whitespace made one space, case folded; aligned with difflib first on whitespace tokens,
then character by character inside each region where the tokens differ (regions over 4,000
characters are cut in proportional pieces); accuracy = matched characters / characters of the
transcript. Case is folded because the transcripts' case is unreliable where the original was
set in a capitals font (.VnTimeH: upstream typed those headings lowercase, see SOURCES.md); the
case-sensitive figure is printed beside it, and `words`: the share of the transcript's words found
in our text in any order (`word_recall`). `--no-list-labels` reads DOCX without Word's
automatic list labels (`1.`, `-`), which the transcripts (taken from the text layer) lack: the
figure then measures the conversion rather than the reader's rendering of lists.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT.parent / "shared" / "data" / "legacy"
_WS = re.compile(r"\s+")
_REGION = 4000


def normalize_ws(text: str, fold_case: bool = True) -> str:
    text = _WS.sub(" ", unicodedata.normalize("NFC", text).replace("|", " ")).strip()
    return text.casefold() if fold_case else text


def _chars_matched(a: str, b: str) -> int:
    """Characters of `a` matched in `b` (difflib), in proportional pieces when long."""
    if a == b:
        return len(a)
    if not a or not b:
        return 0
    pieces = max(len(a), len(b)) // _REGION + 1
    if pieces == 1:
        sm = SequenceMatcher(None, a, b, autojunk=False)
        return sum(m.size for m in sm.get_matching_blocks())
    sa, sb = len(a) // pieces + 1, len(b) // pieces + 1
    return sum(_chars_matched(a[i * sa:(i + 1) * sa], b[i * sb:(i + 1) * sb])
               for i in range(pieces))


def char_accuracy(pred: str, truth: str, fold_case: bool = True) -> float:
    """Matched characters / transcript characters, whitespace-normalized (see module doc)."""
    t, p = normalize_ws(truth, fold_case), normalize_ws(pred, fold_case)
    if not t:
        return 1.0 if not p else 0.0
    tt, pt = t.split(" "), p.split(" ")
    sm = SequenceMatcher(None, tt, pt, autojunk=False)
    matched = 0
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            matched += sum(len(x) for x in tt[i1:i2]) + (i2 - i1)  # tokens and their spaces
        else:
            matched += _chars_matched(" ".join(tt[i1:i2]), " ".join(pt[j1:j2]))
    return min(matched, len(t)) / len(t)


def word_recall(pred: str, truth: str) -> float:
    """Share of the transcript's words (case folded, as a multiset) found anywhere in our text:
    blind to order, so it measures the conversion alone where a reader lays columns, page
    numbers or text boxes out differently from the transcript."""
    from collections import Counter

    t = Counter(normalize_ws(truth).split(" "))
    p = Counter(normalize_ws(pred).split(" "))
    total = sum(t.values())
    return sum((t & p).values()) / total if total else 1.0


def convert_all(paths: list[Path], out: Path) -> dict[str, Path]:
    """Every .doc/.rtf converted to DOCX by ONE LibreOffice call (what `read_doc` does per
    file; LibreOffice's start-up dominates a per-file run): name -> the .docx."""
    import subprocess

    files = [p for p in paths if p.suffix.lower() in (".doc", ".rtf")]
    if not files:
        return {}
    subprocess.run(["soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "docx", "--outdir", str(out),
                    *map(str, files)], check=True, capture_output=True, timeout=3600)
    return {p.name: out / f"{p.stem}.docx" for p in files}


def read_one(path: Path, docx: Path | None = None) -> tuple[str, list[str]]:
    """Text of one legacy file and the encodings converted (`docx`: its LibreOffice DOCX,
    read by the DOCX reader as `read_doc` would)."""
    from bpextract import legacy
    from bpextract.readers import read
    from bpextract.readers.docx import read_docx

    src = read_docx(docx.read_bytes(), str(path)) if docx is not None else read(path)
    names = [n for n in ("tcvn3", "vni") if any(legacy.label(n) in w for w in src.warnings)]
    return src.text, names


def cases(only: str | None = None) -> list[tuple[str, Path, Path]]:
    """(kind, file, transcript) for every legacy original and derived text stream."""
    out = []
    truth = LEGACY / "ground_truth"
    if only in (None, "original"):
        for f in sorted((LEGACY / "original").glob("*/*")):
            out.append(("original", f, truth / f"{f.stem}.txt"))
    if only in (None, "txt"):
        for f in sorted((LEGACY / "txt_derived").glob("*.txt")):
            stem = f.name.split(".")[0] if not f.name.startswith("2008-23.") else \
                f.name.rsplit(".", 2)[0]
            out.append(("txt", f, truth / f"{stem}.txt"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["txt", "original"])
    ap.add_argument("--files", default="*")
    ap.add_argument("--no-list-labels", action="store_true")
    ap.add_argument("--batch", action="store_true",
                    help="convert every .doc/.rtf with one LibreOffice call first (the CPU "
                         "column then leaves the conversion out)")
    args = ap.parse_args()
    if args.no_list_labels:
        from bpextract.readers import docx

        docx._Reader._label = lambda self, p: None  # type: ignore[method-assign]
    import tempfile

    rows = []
    todo = [c for c in cases(args.only) if c[1].match(args.files)]
    tmp = tempfile.TemporaryDirectory(prefix="bench-legacy-")
    docx = convert_all([f for k, f, _ in todo if k == "original"], Path(tmp.name)) \
        if args.batch else {}
    for kind, f, t in todo:
        t0 = time.process_time()
        try:
            text, used = read_one(f, docx.get(f.name) if kind == "original" else None)
            truth = t.read_text(encoding="utf-8")
            acc = char_accuracy(text, truth)
            acc_case = char_accuracy(text, truth, fold_case=False)
            words = word_recall(text, truth)
            note = "+".join(used) or "-"
        except Exception as exc:  # a figure per file, the failure named
            acc, acc_case, words = 0.0, 0.0, 0.0
            note = f"ERROR {type(exc).__name__}: {str(exc)[:80]}"
        cpu = time.process_time() - t0
        rows.append((kind, f.name, acc, note, cpu))
        print(f"{kind:8} {f.name:50} {acc * 100:7.2f} % (case {acc_case * 100:6.2f} %, "
              f"words {words * 100:6.2f} %) {note:10} {cpu:6.2f} s", flush=True)
    for kind in ("original", "txt"):
        accs = [r[2] for r in rows if r[0] == kind]
        if accs:
            print(f"{kind}: {len(accs)} files, mean {sum(accs) / len(accs) * 100:.2f} %, "
                  f"min {min(accs) * 100:.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
