"""Footnotes and page chrome in text dumps of the real PDFs and DOCX of ../shared/data.

usage: python benchmarks/bench_dumps.py [--keep DIR] [--only NAME] [--heldout]
       python benchmarks/bench_dumps.py --heldout-set dev|final|all
       python benchmarks/bench_dumps.py --build-heldout ORIGINALS_DIR

`--heldout-set` scores the stored dumps of benchmarks/data/dumps_heldout (real PDFs/DOCX the
project had not seen, SOURCES.md there) against their hand-checked reference JSON; the halves
are fixed below (DEV: rules may be tuned on it; FINAL: scored once, at the end).
`--build-heldout` makes those dumps and, where none exists yet, a reference JSON from the
reader (to be checked by hand) out of the originals (kept out of git; SOURCES.md says how to
fetch them again).

Reference: the footnotes bpextract finds in the original file (PDF geometry, DOCX
footnotes.xml); they were checked by hand against the page images / XML (see README). Dumps,
made here the way people make them:
  pdftotext      poppler `pdftotext file.pdf` (reading order, form feed between pages)
  pdftotext-l    poppler `pdftotext -layout file.pdf`
  plumber        pdfplumber `page.extract_text()` of every page joined by a newline (no form
                 feed: pages are found only by their chrome)
  docx-text      python-docx paragraph text, each footnote reference written as its number
                 glued to the word (what Word's "plain text" export does), the footnotes listed
                 after the end of the text as `N text`
(poppler-utils must be installed for the first two; they are skipped otherwise.)

Per dump: footnotes found in the dump that match a reference footnote (same number and the
first 60 characters of the body alike, difflib ratio >= 0.8) are true positives; P/R/F1 are
summed over all dumps. Chrome: lines of the raw dump that chrome.py's rules call chrome
(running header, page number next to a page break/header, e-signature run); "chrome
indicators" are indicators whose source offset falls on such a line, "chrome dates" likewise.
Run it with PYTHONPATH pointing at another checkout to get the "before" figures.
"""

from __future__ import annotations

import argparse
import bisect
import re
import shutil
import subprocess
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
PDFS = ["congbao_vbhn-19-2020-vpqh_luat-bhxh", "vbpl_vbhn-23-2020-vpqh_congbao-1093-1094",
        "vbpl_anle-51-2021-AL", "vbpl_anle-57-2023", "congbao_nd-158-2025-nd-cp",
        "congbao_tt-01-2025-tt-bldtbxh", "phutho_qd-quy-che-phoi-hop-nnn_signed"]
# PDFs with footnotes the dump rules were never tuned on (`--heldout`): Công báo VBHN
# 5/VBHN-BTC, 343 pages, the numbering restarting in the appendix list
HELDOUT = ["congbao_vbhn-5-vbhn-btc_343p"]
# wider held-out set (benchmarks/data/dumps_heldout, SOURCES.md): fixed halves
HELDOUT_DIR = ROOT / "benchmarks" / "data" / "dumps_heldout"
HELDOUT_SETS = {
    "dev": ["congbao_vbhn-28-vpqh", "congbao_vbhn-835-bldtbxh", "congbao_vbhn-06-byt",
            "congbao_vbhn-466-bldtbxh", "vbpl_vbhn-23-2020-vpqh_congbao-1095-1096",
            "vbpl_anle-49", "vbpl_anle-52", "vbpl_anle-54", "vbpl_anle-56", "vbpl_anle-59",
            "vbpl_anle-61"],
    "final": ["vbpl_vbhn-31-2021-vpqh_congbao-471-472", "vbpl_vbhn-31-2021-vpqh_from-doc",
              "congbao_vbhn-9191-bkhdt", "congbao_vbhn-16-btc", "congbao_vbhn-58-vpqh",
              "congbao_vbhn-1676-bldtbxh", "congbao_vbhn-112-vpqh", "vbpl_anle-50",
              "vbpl_anle-53", "vbpl_anle-55", "vbpl_anle-58", "vbpl_anle-60", "vbpl_anle-62",
              "vbpl_anle-63"],
}
DOCXS = ["nd-30-2020-nd-cp_phuluc1", "nd-30-2020-nd-cp_phuluc5", "nd-30-2020-nd-cp_phuluc6",
         "nd-30-2020-nd-cp_main"]
_WS = re.compile(r"\s+")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()[:60]


def dumps_of_pdf(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if shutil.which("pdftotext"):
        for name, extra in (("pdftotext", []), ("pdftotext-l", ["-layout"])):
            out[name] = subprocess.run(["pdftotext", *extra, str(path), "-"], check=True,
                                       capture_output=True).stdout.decode("utf-8")
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        out["plumber"] = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return out


def dump_of_docx(path: Path) -> dict[str, str]:
    import docx
    d = docx.Document(str(path))
    notes: dict[str, str] = {}
    for rel in d.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree
            root = etree.fromstring(rel.target_part.blob)
            for fn in root.iter(W + "footnote"):
                fid = fn.get(W + "id")
                if fid is not None and int(fid) > 0:
                    notes[fid] = "".join(t.text or "" for t in fn.iter(W + "t")).strip()
    order: dict[str, int] = {}
    lines: list[str] = []
    body = d.element.body
    for p in body.iter(W + "p"):
        parts: list[str] = []
        for el in p.iter(W + "t", W + "footnoteReference", W + "tab"):
            if el.tag == W + "t":
                parts.append(el.text or "")
            elif el.tag == W + "tab":
                parts.append("\t")
            else:
                fid = el.get(W + "id")
                order.setdefault(fid, len(order) + 1)
                parts.append(str(order[fid]))
        lines.append("".join(parts))
    text = "\n".join(lines)
    if order:
        text += "\n\n" + "\n".join(f"{n} {notes.get(fid, '')}" for fid, n in order.items())
    return {"docx-text": text + "\n"}


_HEADER = re.compile(r"(?:\d{1,4}\s+)?CÔNG BÁO\s*/\s*Số .{1,20}/\s*Ngày [\d-]+(?:\s+\d{1,4})?")
_STAMP = re.compile(r"(?:Ký bởi|Người ký|Email|Cơ quan|Thời gian ký)\s*:.*")
_NUMBER = re.compile(r"\d{1,4}")


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Chrome lines of a raw dump, by a definition of its own (not chrome.py's, so that the
    "before" run of an old checkout is measured the same way): running Công báo headers,
    e-signature stamp lines, and bare numbers whose neighbouring line is a page break, the
    text's edge or a header."""
    lines = [(m.start(), m.end(), m.group().strip())
             for m in re.finditer(r"[^\n\f]*", text)]
    content = [(s, e, t) for s, e, t in lines if t]
    spans: list[tuple[int, int]] = []
    for i, (s, e, t) in enumerate(content):
        if _HEADER.fullmatch(t) or _STAMP.fullmatch(t):
            spans.append((s, e))
        elif _NUMBER.fullmatch(t):
            before = content[i - 1] if i else None
            after = content[i + 1] if i + 1 < len(content) else None
            edge = (before is None or after is None or "\f" in text[before[1]:s]
                    or "\f" in text[e:after[0]]
                    or bool(_HEADER.fullmatch(before[2])) or bool(_HEADER.fullmatch(after[2])))
            if edge:
                spans.append((s, e))
    return sorted(set(spans))


def _on(spans: list[tuple[int, int]], src: int) -> bool:
    j = bisect.bisect_right(spans, (src, 1 << 62)) - 1
    return j >= 0 and spans[j][0] <= src < spans[j][1]


class Score:
    """Footnote and chrome counts summed over dumps."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.chrome_inds = self.chrome_dates = 0
        self.cpu = 0.0

    def add(self, name: str, kind: str, refs: dict[str, str], text: str) -> None:
        from bpextract import api
        t0 = time.process_time()
        doc = api.parse_text(text, source=f"{name}.{kind}.txt")
        self.cpu += time.process_time() - t0
        spans = chrome_spans(text)
        got = {f.id: _norm(f.text) for f in doc.footnotes if f.text}
        t = sum(1 for k, v in got.items()
                if k in refs and SequenceMatcher(None, v, refs[k]).ratio() >= 0.8)
        self.tp += t
        self.fp += len(got) - t
        self.fn += len(refs) - t
        tm = doc.textmap
        ci = cd = 0
        if tm is not None and spans:
            ci = sum(1 for i in doc.indicators
                     if i.footnote is None and _on(spans, tm.source_offset(i.start)))
            cd = sum(1 for d in doc.dates
                     if d.footnote is None and _on(spans, tm.source_offset(d.start)))
        self.chrome_inds += ci
        self.chrome_dates += cd
        print(f"{name:44} {kind:12} {len(refs):4} {len(got):5} {t:4} {len(spans):6} "
              f"{ci:6} {cd:7} {doc.pages or '-':>5}", flush=True)

    def report(self) -> None:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"footnotes: tp {self.tp} fp {self.fp} fn {self.fn}  "
              f"P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        print(f"chrome lines' indicators {self.chrome_inds}, dates {self.chrome_dates}; "
              f"CPU {self.cpu:.1f} s for the dumps")


_HEAD = (f"{'file':44} {'dump':12} {'ref':>4} {'found':>5} {'tp':>4} {'chrome':>6} "
         f"{'ch.ind':>6} {'ch.date':>7} {'pages':>5}")


def build_heldout(originals: Path) -> None:
    """Dumps (gzip) of every held-out original, and a reader reference JSON where none is
    stored yet (a stored one was checked by hand and is kept)."""
    import gzip
    import json

    from bpextract import api
    out = HELDOUT_DIR / "dumps"
    out.mkdir(parents=True, exist_ok=True)
    for name in HELDOUT_SETS["dev"] + HELDOUT_SETS["final"]:
        path = next(p for p in (originals / f"{name}.pdf", originals / f"{name}.docx")
                    if p.exists())
        maker = dump_of_docx if path.suffix == ".docx" else dumps_of_pdf
        for kind, text in maker(path).items():
            with gzip.open(out / f"{name}.{kind}.txt.gz", "wt", encoding="utf-8") as f:
                f.write(text)
        ref = HELDOUT_DIR / "reference" / f"{name}.json"
        if not ref.exists():
            ref.parent.mkdir(parents=True, exist_ok=True)
            notes = [{"id": f.id, "page": f.page, "text": f.text}
                     for f in api.parse(path).footnotes]
            ref.write_text(json.dumps({"file": path.name, "checked": "", "footnotes": notes},
                                      ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: dumps and reference written", flush=True)


def score_heldout(which: str, only: str | None) -> Score:
    import gzip
    import json
    names = HELDOUT_SETS["dev"] + HELDOUT_SETS["final"] if which == "all" \
        else HELDOUT_SETS[which]
    sc = Score()
    print(_HEAD)
    for name in names:
        if only and only not in name:
            continue
        ref = json.loads((HELDOUT_DIR / "reference" / f"{name}.json").read_text("utf-8"))
        refs = {f["id"]: _norm(f["text"]) for f in ref["footnotes"]}
        for dump in sorted((HELDOUT_DIR / "dumps").glob(f"{name}.*.txt.gz")):
            kind = dump.name[len(name) + 1:-len(".txt.gz")]
            with gzip.open(dump, "rt", encoding="utf-8") as f:
                sc.add(name, kind, refs, f.read())
    return sc


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="write the dumps to this folder")
    ap.add_argument("--only", help="only files whose name contains this")
    ap.add_argument("--heldout", action="store_true",
                    help="the held-out PDF of ../shared/data instead of the development files")
    ap.add_argument("--heldout-set", choices=["dev", "final", "all"],
                    help="score the stored held-out dumps of benchmarks/data/dumps_heldout")
    ap.add_argument("--build-heldout", metavar="DIR",
                    help="make the held-out dumps (and missing references) from the originals")
    args = ap.parse_args()
    import bpextract
    from bpextract import api
    print(f"bpextract from {Path(bpextract.__file__).parent}")
    if args.build_heldout:
        build_heldout(Path(args.build_heldout))
        return 0
    if args.heldout_set:
        score_heldout(args.heldout_set, args.only).report()
        return 0
    todo = [(DATA / "pdf" / f"{n}.pdf", dumps_of_pdf) for n in PDFS] + \
        [(DATA / "docx" / f"{n}.docx", dump_of_docx) for n in DOCXS]
    if args.heldout:
        todo = [(DATA / "pdf" / f"{n}.pdf", dumps_of_pdf) for n in HELDOUT]
    sc = Score()
    print(_HEAD)
    for path, maker in todo:
        if args.only and args.only not in path.name:
            continue
        ref = api.parse(path)
        refs = {f.id: _norm(f.text) for f in ref.footnotes}
        for kind, text in maker(path).items():
            if args.keep:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                (Path(args.keep) / f"{path.stem}.{kind}.txt").write_text(text, encoding="utf-8")
            sc.add(path.name, kind, refs, text)
    sc.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
