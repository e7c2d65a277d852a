"""Word 97-2003 `.doc` and `.rtf`, through a real converter.

Why a converter: the binary Word format (and RTF's control words) are large specifications;
LibreOffice reads them fully and writes DOCX, which our DOCX reader turns into text with Word's
list numbers, native footnotes and per-run legacy-font conversion. Order of preference:

1. LibreOffice (`soffice --headless --convert-to docx`), private profile per process so
   concurrent runs never share one -> `read_docx`.
2. `.doc` only: `antiword -m UTF-8.txt`, else `catdoc -d utf-8 -w`: plain text, no footnote
   links; legacy TCVN3/VNI lines are converted by spelling (`legacy.convert_text`).
3. Neither: an InputError naming the Debian/Ubuntu packages to install.

Determinism: the converter runs under a time limit (`CONVERT_TIMEOUT`, seconds of wall clock).
Hitting it is an InputError for the whole file (an error row), never a partial text, so a busy
machine can turn a document into an error but never into fewer records.
A `.doc` that is really a DOCX, an RTF or HTML saved under that name is read as what it is.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .. import legacy
from ..errors import InputError
from . import Source, doc_id_of

CONVERT_TIMEOUT = 180.0
INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`)"
                " or, for .doc text without footnotes, antiword (`apt-get install antiword`)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_lock = threading.Lock()
_profile: str | None = None


def _which(name: str) -> str | None:
    return shutil.which(name)


def _soffice() -> str | None:
    return _which("soffice") or _which("libreoffice")


def _profile_dir() -> str:
    """One LibreOffice profile per process (created on first use, removed at exit)."""
    global _profile
    if _profile is None:
        _profile = tempfile.mkdtemp(prefix=f"bpextract-lo-{os.getpid()}-")
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def _run(cmd: list[str], path: str, what: str, cwd: str | None = None) -> bytes:
    """Run a converter in its own process group; a timeout kills the group and is an error."""
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, cwd=cwd, start_new_session=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot start {what} ({exc.strerror}); {INSTALL_HINT}") from exc
    try:
        out, err = proc.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise InputError(f"{path}: {what} did not finish converting within "
                         f"{CONVERT_TIMEOUT:.0f} s; the file is read whole or not at all, so it "
                         "gives no records (re-save it as .docx, or retry on a less busy "
                         "machine)") from exc
    if proc.returncode != 0:
        msg = err.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{path}: {what} could not read the file (exit {proc.returncode}"
                         f"{': ' + msg[-1][:120] if msg else ''}); re-save it as .docx")
    return out


def _via_libreoffice(soffice: str, data: bytes, path: str, fmt: str) -> bytes:
    with _lock:
        profile = Path(_profile_dir()).as_uri()
    with tempfile.TemporaryDirectory(prefix="bpextract-doc-") as tmp:
        src = Path(tmp) / f"in.{fmt}"
        src.write_bytes(data)
        outdir = Path(tmp) / "out"
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx", "--outdir", str(outdir), str(src)]
        with _lock:  # one conversion at a time per profile
            _run(cmd, path, "LibreOffice", cwd=tmp)
        out = outdir / "in.docx"
        if not out.is_file():
            raise InputError(f"{path}: LibreOffice could not convert the file (no output; is "
                             f"it a damaged or password-protected .{fmt}?); re-save it as .docx")
        return out.read_bytes()


def _text_source(text: str, data: bytes, path: str, fmt: str, tool: str) -> Source:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, used = legacy.convert_text(text)
    warnings = [f"read with {tool}: plain text, no footnote links or list numbers "
                "(install LibreOffice for those)"]
    if used:
        warnings.append(legacy.warning(used))
    if not text.strip():
        raise InputError(f"{path}: the .{fmt} file has no text")
    return Source(path=path, format=fmt, text=text, doc_id=doc_id_of(data),
                  encoding="+".join(used) or None, warnings=tuple(warnings))


def read_doc(data: bytes, path: str, fmt: str) -> Source:
    """`.doc` / `.rtf` bytes -> Source (see the module doc for the converters tried)."""
    from dataclasses import replace

    head = data[:16].lstrip()
    if data[:2] == b"PK":  # a DOCX saved with a .doc name
        from .docx import read_docx

        return replace(read_docx(data, path), format=fmt)
    if head[:5].lower() in (b"<html", b"<!doc") and fmt == "doc":
        raise InputError(f"{path}: this .doc is a web page (HTML) saved with a .doc name; "
                         "rename it to .html")
    kind = "rtf" if head.startswith(b"{\\rtf") else "doc" if data[:8] == _OLE else None
    if kind is None:
        raise InputError(f"{path}: not a Word 97-2003 .doc or RTF file (unknown content); "
                         "check the file type")
    soffice = _soffice()
    if soffice is not None:
        from .docx import read_docx

        src = read_docx(_via_libreoffice(soffice, data, path, kind), path)
        return replace(src, format=fmt, doc_id=doc_id_of(data))  # id of the file, not of
        # LibreOffice's DOCX (which carries the conversion time)
    if kind == "doc":
        with tempfile.TemporaryDirectory(prefix="bpextract-doc-") as tmp:
            f = Path(tmp) / "in.doc"
            f.write_bytes(data)
            antiword = _which("antiword")
            if antiword is not None:
                out = _run([antiword, "-m", "UTF-8.txt", str(f)], path, "antiword")
                return _text_source(out.decode("utf-8", "replace"), data, path, fmt, "antiword")
            catdoc = _which("catdoc")
            if catdoc is not None:
                out = _run([catdoc, "-d", "utf-8", "-w", str(f)], path, "catdoc")
                return _text_source(out.decode("utf-8", "replace"), data, path, fmt, "catdoc")
    raise InputError(f"{path}: reading .{kind} files needs a converter: {INSTALL_HINT}"
                     if kind == "doc" else
                     f"{path}: reading .rtf files needs LibreOffice (Debian/Ubuntu: "
                     "`apt-get install libreoffice-writer-nogui`); or save it as .docx")
