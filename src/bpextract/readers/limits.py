"""Limits on ZIP-based inputs (DOCX): a ZIP bomb is an error row at once, in bounded memory.

python-docx inflates every part of the package into memory, so a 2 MB file that inflates to
2 GiB would take minutes and gigabytes before failing. `check_zip` reads the central directory
(sizes as declared) and rejects the package before anything is inflated; then it inflates each
member in small chunks, counting, so a member that holds more than its header declares (a lying
header) is caught too, with at most one chunk in memory. Real DOCX files are far inside these
limits (the bundled ones: under 1 MB inflated, word/document.xml at most 30x compressed).
"""

from __future__ import annotations

import io
import zipfile

from ..errors import InputError

MAX_MEMBERS = 10_000
MAX_TOTAL = 256 * 1024 * 1024  # inflated bytes of the whole package
MAX_RATIO = 200  # inflated / compressed, for members over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
_CHUNK = 1024 * 1024


def _bomb(path: str, what: str) -> InputError:
    return InputError(f"{path}: refused as a possible ZIP bomb: {what} (limits: "
                      f"{MAX_TOTAL // (1024 * 1024)} MiB inflated, ratio {MAX_RATIO}, "
                      f"{MAX_MEMBERS} members); if the file is genuine, split it or save it "
                      "again in Word")


def check_zip(data: bytes, path: str) -> None:
    """Raise InputError if the ZIP package in `data` is over a limit; silent otherwise (also
    for a broken package: the format reader says what is wrong with it)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _bomb(path, f"{len(infos)} members")
        total = 0
        for info in infos:
            total += info.file_size
            if total > MAX_TOTAL:
                raise _bomb(path, f"inflates to {total // (1024 * 1024)} MiB or more")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise _bomb(path, f"{info.filename} is compressed {ratio:.0f} to 1")
        inflated = 0
        for info in infos:
            got = 0
            try:
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        got += len(chunk)
                        inflated += len(chunk)
                        if got > info.file_size or inflated > MAX_TOTAL:
                            raise _bomb(path, f"{info.filename} inflates to more than its "
                                              "header declares")
            except InputError:
                raise
            except Exception:  # a corrupt member: the DOCX reader reports it in its own words
                return
