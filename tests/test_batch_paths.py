"""Every path becomes a document or an error row (issue 10 item 4): bad paths next to good
corpus files give the good rows intact, one error row per bad path, exit 1, and no hang."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from tests.conftest import CORPUS, FIXTURES, SEEDS

import bpextract
from bpextract.api import ErrorRecord, iter_files
from bpextract.cli import main
from bpextract.errors import InputError
from bpextract.readers import limits
from bpextract.tables import COLUMNS, TABLES

_SRC = str(Path(bpextract.__file__).parent.parent)
BAD_NAME = os.fsdecode(b"b\xff\xfead.txt")  # not UTF-8: kept with surrogateescape
DOCX = FIXTURES / "nd-30-2020-nd-cp_phuluc3.docx"


def _bomb(path: Path, inflated_mib: int = 30) -> None:
    """A real DOCX plus one member of zeros, compressed about 1000 to 1."""
    with zipfile.ZipFile(DOCX) as zi, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            zo.writestr(info, zi.read(info))
        with zo.open("word/media/pad.bin", "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(inflated_mib):
                f.write(chunk)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two good seeds, a copy of one under another name, and one of every bad kind of path."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "sub").mkdir()
    shutil.copy(CORPUS / SEEDS["000"], d / "a_good.txt")
    shutil.copy(CORPUS / SEEDS["003"], d / os.fsencode(BAD_NAME).decode("utf-8", "surrogateescape"))
    shutil.copy(CORPUS / SEEDS["000"], d / "sub" / "same_content.txt")
    os.mkfifo(d / "fifo.txt")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(d / "sock.txt"))
    os.symlink("/dev/zero", d / "device.txt")
    os.symlink("missing.txt", d / "dangling.txt")
    os.symlink("self.txt", d / "self.txt")
    os.symlink("..", d / "sub" / "up")  # a link back to a folder above
    _bomb(d / "bomb.docx")
    return d


BAD = {  # path under the fixture -> words its error message must contain
    "fifo.txt": "named pipe (FIFO), not a file; not opened",
    "sock.txt": "a socket, not a file",
    "device.txt": "a device, not a file",
    "dangling.txt": "broken symbolic link (points to missing.txt",
    "self.txt": "symbolic link loop",
    "sub/up": "symbolic link to a folder; links to folders are not followed",
    "bomb.docx": "refused as a possible ZIP bomb",
}


def test_folder_of_bad_paths_gives_good_rows_and_one_error_row_each(hostile: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "out"
    # the dangling link is also named on the command line: still one row, not a usage error
    proc = subprocess.run(
        [sys.executable, "-m", "bpextract.cli", "extract", str(hostile),
         str(hostile / "dangling.txt"), "-o", str(out)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": _SRC})
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = pd.read_csv(out / "errors.csv")
    by_path = {Path(s).relative_to(hostile).as_posix(): m
               for s, m in zip(errors["source"], errors["message"], strict=True)}
    assert sorted(by_path) == sorted(BAD)
    for rel, words in BAD.items():
        assert words in by_path[rel], rel
    docs = pd.read_csv(out / "documents.csv")
    assert [Path(s).name for s in docs["source"]] == ["a_good.txt", "b\\xff\\xfead.txt"]
    assert list(docs["number"]) == ["74/KH-BCĐ", "35/BC-UBND"]
    assert "not valid UTF-8" in docs["warnings"][1]
    # the good rows are intact: the same as extracting the good files alone
    alone = tmp_path / "alone"
    code = CliRunner().invoke(main, ["extract", str(hostile / "a_good.txt"), "-o",
                                     str(alone)]).exit_code
    assert code == 0
    for t in ("sections", "references", "dates", "indicators"):
        a = pd.read_csv(alone / f"{t}.csv", dtype=str, keep_default_na=False)
        b = pd.read_csv(out / f"{t}.csv", dtype=str, keep_default_na=False)
        b = b[b["doc_id"] == a["doc_id"][0]].reset_index(drop=True)
        pd.testing.assert_frame_equal(a.drop(columns="source"), b.drop(columns="source"))
    assert "same content (doc_id) as" in proc.stdout and "same_content.txt" in proc.stdout
    assert "the same file as" in proc.stdout  # dangling.txt named twice
    assert not list(tmp_path.glob(".bpextract-*"))


def _declare(data: bytes, member: bytes, size: int) -> bytes:
    """`data` with the uncompressed size of `member` in the central directory set to `size`."""
    raw = bytearray(data)
    pos = raw.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = int.from_bytes(raw[pos + 28:pos + 30], "little")
        if raw[pos + 46:pos + 46 + name_len] == member:
            raw[pos + 24:pos + 28] = size.to_bytes(4, "little")
            return bytes(raw)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(member)


def test_zip_bomb_is_refused_from_the_central_directory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _bomb(bomb)
    data = bomb.read_bytes()
    assert len(data) < 500_000
    with pytest.raises(InputError, match=r"pad\.bin is compressed 1[0-9]{3} to 1"):
        limits.check_zip(data, "bomb.docx")
    real = DOCX.read_bytes()
    limits.check_zip(real, "real.docx")  # a real DOCX passes
    big = _declare(real, b"word/document.xml", 300 * 1024 * 1024)  # declares 300 MiB
    with pytest.raises(InputError, match="inflates to 300 MiB or more"):
        limits.check_zip(big, "big.docx")


def test_zip_member_with_a_lying_header_is_an_error(tmp_path: Path) -> None:
    """The central directory says 1,000 bytes; the member inflates to 5 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(DOCX) as zi, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename == "word/document.xml":
                data = data + b" " * 5_000_000
            zo.writestr(info.filename, data)
    raw = _declare(buf.getvalue(), b"word/document.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert z.getinfo("word/document.xml").file_size == 1000
    path = tmp_path / "liar.docx"
    path.write_bytes(raw)
    rec = bpextract.api.parse_or_error(path)
    assert isinstance(rec, ErrorRecord)
    assert "corrupt" in rec.message


def test_walker_yields_every_entry_once_in_sorted_order(hostile: Path) -> None:
    warnings: list[str] = []
    rels = [p.relative_to(hostile).as_posix()
            for p in iter_files([hostile, hostile / "a_good.txt"], warnings=warnings)]
    assert rels == sorted(rels, key=lambda r: r.split("/"))
    assert set(BAD) <= set(rels)
    assert rels.count("a_good.txt") == 1
    assert warnings == [f"{hostile / 'a_good.txt'}: the same file as "
                        f"{hostile / 'a_good.txt'}; read once"]


def test_unreadable_file_is_an_error_row() -> None:
    """As root, permissions do not stop reading: the child process drops to user nobody
    (after its imports) before reading."""
    base = Path(tempfile.mkdtemp(prefix="bpx-perm-"))
    try:
        os.chmod(base, 0o755)
        f = base / "secret.txt"
        shutil.copy(CORPUS / SEEDS["000"], f)
        os.chmod(f, 0o000)
        # the shipped rules loaded too before dropping to nobody: the clone may sit in a folder
        # only root can enter (`mktemp -d` makes it 0700)
        code = ("import os, bpextract.pipeline; from bpextract.api import parse_or_error\n"
                "from bpextract.rules import get_rules; get_rules()\n"
                "if os.getuid() == 0: os.setuid(65534)\n"
                f"r = parse_or_error({str(f)!r}); print(type(r).__name__, r.message)")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": _SRC}, timeout=120)
        assert proc.stdout.strip() == f"ErrorRecord {f}: cannot read file (Permission denied)", \
            proc.stderr
    finally:
        shutil.rmtree(base)


def test_parse_bytes_equals_parse(tmp_path: Path) -> None:
    path = CORPUS / SEEDS["003"]
    a = bpextract.parse(path)
    b = bpextract.parse_bytes(path.read_bytes(), str(path))
    assert a.to_dict() == b.to_dict()
    d = bpextract.parse_bytes(DOCX.read_bytes(), "phuluc3.docx")
    assert d.format == "docx" and d.source == "phuluc3.docx"
    with pytest.raises(InputError, match=r"unsupported file type '\.odt'"):
        bpextract.parse_bytes(b"x", "a.odt")


def test_public_building_blocks_are_exported() -> None:
    for name in ("parse_bytes", "parse_folder", "ErrorRecord", "iter_files", "parse_or_error"):
        assert name in bpextract.__all__, name
        assert getattr(bpextract, name) is getattr(bpextract.api, name)


def test_folder_run_twice_and_with_jobs(tmp_path: Path) -> None:
    shutil.copy(CORPUS / SEEDS["003"], tmp_path / "b.txt")
    shutil.copy(CORPUS / SEEDS["003"], tmp_path / "c.txt")  # same content: read once
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 truncated")
    os.mkfifo(tmp_path / "d.txt")
    run = bpextract.parse_folder(tmp_path)
    for _ in range(2):
        with pytest.warns(UserWarning):
            docs = list(run)
        assert [Path(d.source).name for d in docs] == ["b.txt"]
        assert [Path(e.source).name for e in run.errors] == ["a.pdf", "d.txt"]
        assert len(run.warnings) == 1 and "c.txt: same content" in run.warnings[0]
    par = bpextract.parse_folder(tmp_path, jobs=2)
    with pytest.warns(UserWarning):
        docs2 = list(par)
    assert [d.to_dict() for d in docs2] == [d.to_dict() for d in docs]
    assert par.errors == run.errors


def test_every_writer_takes_an_undecodable_file_name(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(CORPUS / SEEDS["000"], src / BAD_NAME)
    (src / os.fsdecode(b"x\xff.pdf")).write_bytes(b"%PDF-1.4 truncated")
    from tests.test_cli import _read

    for fmt in ("csv", "jsonl", "parquet", "xlsx", "sqlite"):
        out = tmp_path / (f"o.{fmt}" if fmt in ("xlsx", "sqlite") else f"o_{fmt}")
        res = CliRunner().invoke(main, ["extract", str(src), "-o", str(out), "-f", fmt])
        assert res.exit_code == 1, res.output
        frames = _read(out, fmt)
        assert [Path(s).name for s in frames["documents"]["source"]] == ["b\\xff\\xfead.txt"]
        assert [Path(s).name for s in frames["errors"]["source"]] == ["x\\xff.pdf"]
        assert sorted(frames) == sorted(TABLES)
        assert list(frames["sections"].columns) == [c for c, _ in COLUMNS["sections"]]
