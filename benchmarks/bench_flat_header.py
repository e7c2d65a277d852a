"""Header accuracy on flattened web text (issue 12 item 2), truth from the vbpl.vn page itself.

For saved vbpl.vn pages (the 1,000 `data/raw_html/doc_*.html` of
phanbasongtoan112-art/vbpl-layout-detection, the source of the bench's `vbpl-html:` texts) the
truth is read from the page structure, not from our reader: number and title from the page
heading `<Loại> số <number> <title>`, issuer from the first cell of the header table (its lines
before the rule or the number), place and issue date from the cell holding `ngày ... tháng ...
năm`. The text given to `bpextract` is flattened three ways, as scraped pages arrive:

- tab:   table rows with cells joined by TAB (what the bench's `vbpl-html:` texts hold);
- pipe:  every cell line on its own line, cells separated by a `|` line, the number cell and
         the place-date cell wrapped (`Số:` / `12/2023/QĐ-UBND`, `..., ngày 15` / `tháng 3 ...`);
- cols:  the two columns interleaved row by row, no separators, wrapped the same way;
- html:  the page read by `bpextract.readers.html` itself.

    python benchmarks/bench_flat_header.py RAW_HTML_DIR [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import regex
from selectolax.lexbor import LexborHTMLParser

from bpextract.header import extract_header
from bpextract.normalize import normalize
from bpextract.parts import split_parts
from bpextract.readers.html import read_html
from bpextract.rules import get_rules

_BLOCKS = {"p", "div", "br", "li", "tr", "td", "table", "h1", "h2", "h3", "h4"}
_PD = regex.compile(r"^(?P<place>[^,\d]*?)\s*,?\s*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})"
                    r"\s*năm\s*(?P<y>\d{4})")
_HEAD = regex.compile(r"^(?P<type>\D+?)\s+số\s+(?P<num>\S+)\s+(?P<title>.+)$", regex.DOTALL)
_RULE = regex.compile(r"^[-–—_=*.\s]+$")


def _lines(node: Any) -> list[str]:
    """Visible lines of an element: blocks and <br> end lines (the page structure)."""
    out: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        s = " ".join("".join(cur).split())
        cur.clear()
        if s:
            out.append(s)

    def walk(n: Any) -> None:
        for ch in n.iter(include_text=True):
            if ch.tag == "-text":
                cur.append(ch.text_content or "")
            elif ch.tag.startswith("-") or ch.tag in ("script", "style"):
                continue
            elif ch.tag in _BLOCKS:
                flush()
                walk(ch)
                flush()
            else:
                walk(ch)
    walk(node)
    flush()
    return out


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold()
    s = s.replace("hoà", "hòa").replace("uỷ", "ủy").replace("oá", "óa")
    return " ".join(regex.sub(r"[^\w\s]", " ", s).split())


def _fold_num(s: str | None) -> str:
    return _norm(s).replace(" ", "").translate(str.maketrans("срвкхтеаомн", "cpbkxteaomh"))


def truth_and_texts(path: Path) -> tuple[dict[str, str], dict[str, str]] | None:
    tree = LexborHTMLParser(path.read_bytes().decode("utf-8", errors="replace"))
    root = tree.css_first("div.preview-content[data-vbpl-content-root]")
    h1 = tree.css_first("h1")
    if root is None or h1 is None:
        return None
    m = _HEAD.match(" ".join((h1.text() or "").split()))
    tbl = root.css_first("table")
    if m is None or tbl is None:
        return None
    rows = [[_lines(td) for td in tr.css("td")] for tr in tbl.css("tr")]
    rows = [r for r in rows if r]
    if not rows or len(rows[0]) != 2:
        return None
    truth: dict[str, str] = {"number": m.group("num"), "title": m.group("title")}
    issuer: list[str] = []
    for ln in rows[0][0]:
        if _RULE.match(ln) or regex.match(r"(?i)^(?:\S+\s+)?số\b", ln):
            break
        issuer.append(ln)
    if not issuer:
        return None
    truth["issuer"] = " ".join(issuer)
    for r in rows:
        for cell in r:
            for ln in cell:
                pd = _PD.search(ln.replace("\xa0", " "))
                if pd:
                    truth["place"] = pd.group("place").strip(" ,")
                    truth["issue_date"] = (f"{int(pd.group('y')):04d}-{int(pd.group('m')):02d}-"
                                           f"{int(pd.group('d')):02d}")
    if "issue_date" not in truth:
        return None
    body = _lines(root)
    # the body after the header table: lines of the root after the table's last line
    last = rows[-1][-1][-1] if rows[-1][-1] else ""
    at = body.index(last) + 1 if last in body else 0
    rest = body[at:]
    return truth, {name: f(rows) + "\n" + "\n".join(rest) for name, f in FLATTENERS.items()}


def _wrap(ln: str) -> list[str]:
    """Wrap as narrow web columns do: after `Số:`, and before `tháng` in a place-date line."""
    m = regex.match(r"^(Số\s*:?)\s*(\d.*)$", ln)
    if m:
        return [m.group(1), m.group(2)]
    m = regex.match(r"^(.*ngày\s*\d{1,2})\s+(tháng.*)$", ln)
    if m:
        return [m.group(1), m.group(2)]
    return [ln]


def flat_tab(rows: list[list[list[str]]]) -> str:
    return "\n".join("\t".join(" ".join(c) for c in r) for r in rows)


def flat_pipe(rows: list[list[list[str]]]) -> str:
    out: list[str] = []
    for r in rows:
        for c in r:
            for ln in c:
                out += _wrap(ln)
            out.append("|")
    return "\n".join(out)


def flat_cols(rows: list[list[list[str]]]) -> str:
    out: list[str] = []
    for r in rows:
        for c in r:
            for ln in c:
                out += _wrap(ln)
    return "\n".join(out)


FLATTENERS: dict[str, Callable[[list[list[list[str]]]], str]] = {
    "tab": flat_tab, "pipe": flat_pipe, "cols": flat_cols}
FIELDS = ("issuer", "title", "issue_date", "place", "number")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("raw_dir")
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--show", default="", help="print misses of this field")
    args = ap.parse_args()
    rules = get_rules()
    files = sorted(Path(args.raw_dir).glob("doc_*.html"))
    right: dict[tuple[str, str], int] = {}
    n = 0
    for f in files:
        if n >= args.limit:
            break
        got = truth_and_texts(f)
        if got is None:
            continue
        truth, texts = got
        texts["html"] = read_html(f.read_bytes(), str(f)).text  # our reader on the page itself
        n += 1
        for style, text in texts.items():
            t = normalize(text).text
            h, _ = extract_header(t, split_parts(t, rules), rules)
            pred = {"issuer": h.issuer, "title": h.title, "issue_date": h.issue_date,
                    "place": h.place, "number": h.number}
            for k in FIELDS:
                ok = _norm(pred[k]) == _norm(truth[k])
                if k == "title" and pred[k]:  # the page heading has its own typos
                    ok = SequenceMatcher(None, _norm(pred[k]), _norm(truth[k])).ratio() >= 0.92
                if k == "number":  # spaces and look-alike Cyrillic letters (`BTС`) aside
                    ok = _fold_num(pred[k]) == _fold_num(truth[k])
                right[(style, k)] = right.get((style, k), 0) + ok
                if not ok and args.show == k:
                    print(f"{f.name} {style} {k}: want {truth[k]!r} got {pred[k]!r}")
    print(f"{n} pages with a two-column header table and a `<type> số <number>` heading")
    print("style  " + "  ".join(f"{k:>10}" for k in FIELDS))
    for style in (*FLATTENERS, "html"):
        print(f"{style:6} " + "  ".join(f"{right.get((style, k), 0) / max(n, 1):10.3f}"
                                        for k in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
