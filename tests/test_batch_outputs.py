"""Outputs whole or not at all (issue 10 item 5) and resumable runs (issue 11 item 3): work
folders, leftovers of killed runs, concurrent runs, workers that die with their parent,
`--resume` after `kill -9`."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import CORPUS, SEEDS

import bpextract
from bpextract import batch, workdir
from bpextract.tables import TABLES

_SRC = str(Path(bpextract.__file__).parent.parent)
_ENV = {**os.environ, "PYTHONPATH": _SRC}


def _tables(out: Path) -> dict[str, str]:
    return {t: (out / f"{t}.csv").read_text(encoding="utf-8") for t in TABLES}


def _small_folder(root: Path, keys: list[str], name: str = "in") -> Path:
    d = root / name
    d.mkdir()
    for k in keys:
        shutil.copy(CORPUS / SEEDS[k], d / f"{k}.txt")
    return d


def test_folder_output_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = _small_folder(tmp_path, ["000", "004"], "a")
    b = _small_folder(tmp_path, ["003"], "b")
    batch.extract([a], out, fmt="jsonl", progress=False)
    assert (out / "documents.jsonl").read_text(encoding="utf-8").count("\n") == 2
    (out / "README.txt").write_text("my notes", encoding="utf-8")
    batch.extract([a], out / "t.xlsx", progress=False)  # a workbook written inside it
    batch.extract([b], out, fmt="csv", progress=False)
    docs = pd.read_csv(out / "documents.csv")
    assert list(docs["number"]) == ["35/BC-UBND"]
    # the other format's tables are gone; files that are not tables are kept
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"{t}.csv" for t in TABLES), "README.txt", "t.xlsx"])
    assert (out / "README.txt").read_text(encoding="utf-8") == "my notes"
    assert pd.read_excel(out / "t.xlsx", sheet_name="documents").shape[0] == 2
    assert not list(tmp_path.glob(".bpextract-*")) and not list(out.glob(".bpextract-*"))


def test_swap_without_renameat2_is_still_whole(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workdir, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    batch.extract([CORPUS / SEEDS["000"]], out, progress=False)
    batch.extract([CORPUS / SEEDS["003"]], out, progress=False)
    assert list(pd.read_csv(out / "documents.csv")["number"]) == ["35/BC-UBND"]
    assert not list(tmp_path.glob(".bpextract-*"))


def _leftover(parent: Path, name: str, out: Path | None) -> Path:
    d = parent / f"{workdir.PREFIX}{name}"
    d.mkdir()
    (d / "lock").touch()
    (d / "journal.jsonl").write_text("", encoding="utf-8")
    if out is not None:
        key = os.path.join(os.path.realpath(out.parent), out.name)
        (d / "owner.json").write_text(json.dumps({"out": key, "pid": 1, "meta": {}}),
                                      encoding="utf-8")
    return d


def test_leftovers_of_dead_runs_are_removed_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = _leftover(tmp_path, "999999999-dead", out)
    no_owner = _leftover(tmp_path, "999999998-xx", None)
    other = _leftover(tmp_path, "999999997-other", tmp_path / "elsewhere")
    live = _leftover(tmp_path, "999999996-live", out)
    fd = os.open(live / "lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a live run holds its lock
    try:
        summary = batch.extract([CORPUS / SEEDS["000"]], out, progress=False)
    finally:
        os.close(fd)
    assert not dead.exists() and not no_owner.exists()
    assert other.exists() and live.exists()
    assert sum("leftover of an interrupted run" in n for n in summary.notes) == 2


def test_two_concurrent_runs_one_wins_whole(tmp_path: Path) -> None:
    a = _small_folder(tmp_path, ["000", "004"], "a")
    b = _small_folder(tmp_path, ["003", "002"], "b")
    ref = {}
    for name, src in (("a", a), ("b", b)):
        batch.extract([src], tmp_path / f"ref_{name}", progress=False)
        ref[name] = _tables(tmp_path / f"ref_{name}")
    out = tmp_path / "out"
    for _ in range(3):
        threads = [threading.Thread(target=batch.extract, args=([src], out),
                                    kwargs={"progress": False}) for src in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        got = _tables(out)
        assert got in (ref["a"], ref["b"])
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert not list(tmp_path.glob(".bpextract-*"))


def _procs() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) of every process."""
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(d.name)] = (int(fields[1]), fields[0])
    return out


def _wait_for(cond, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


def _extract_cmd(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bpextract.cli", "extract", str(src), "-o", str(out),
            "--no-progress", *extra]


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    src = _small_folder(tmp_path, ["000", "001", "002", "003", "004"])
    main = subprocess.Popen(_extract_cmd(src, tmp_path / "out", "-j", "2"), env=_ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: sum(pp == main.pid for pp, _ in _procs().values()) >= 2, 120)
        workers = [p for p, (pp, _) in _procs().items() if pp == main.pid]
    finally:
        main.send_signal(signal.SIGKILL)
        main.wait()

    def gone() -> bool:
        procs = _procs()
        return all(w not in procs or procs[w][1] in "ZX" for w in workers)

    assert _wait_for(gone, 5), "a worker survived its killed parent"
    assert len(list(tmp_path.glob(".bpextract-tmp-*"))) == 1  # left for --resume
    # the next run recognises and removes it
    subprocess.run(_extract_cmd(src, tmp_path / "out"), env=_ENV, capture_output=True,
                   check=False, timeout=600)
    assert not list(tmp_path.glob(".bpextract-tmp-*"))
    assert (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").count("\n") == 6


def _journal_lines(root: Path) -> int:
    """Complete journal lines: a line the kill cut before its newline is not committed (the
    resumed run drops it), so it must not be counted as done."""
    return sum(j.read_bytes().count(b"\n") for j in root.glob(".bpextract-tmp-*/journal*"))


@pytest.mark.parametrize("kill_after_lines", [0, 2])
def test_resume_after_kill_equals_an_uninterrupted_run(tmp_path: Path,
                                                       kill_after_lines: int) -> None:
    src = _small_folder(tmp_path, ["000", "001", "002", "003", "004"])
    (src / "bad.txt").write_bytes(b"\x81\x8d\x90 \xa9\xfe not text")
    ref = tmp_path / "ref"
    batch.extract([src], ref, progress=False)
    out = tmp_path / "out"
    run = subprocess.Popen(_extract_cmd(src, out), env=_ENV, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        reached = _wait_for(lambda: _journal_lines(tmp_path) >= kill_after_lines
                            and bool(list(tmp_path.glob(".bpextract-tmp-*/owner.json"))), 300)
        assert reached
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    done = _journal_lines(tmp_path)
    assert kill_after_lines <= done < 6 and not out.exists()
    res = subprocess.run(_extract_cmd(src, out, "--resume"), env=_ENV, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 1, res.stderr  # bad.txt
    if done:
        assert f"({done} taken from the interrupted run)" in res.stdout
    assert _tables(out) == _tables(ref)
    assert not list(tmp_path.glob(".bpextract-tmp-*"))


@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_resume_skips_files_already_committed(tmp_path: Path, fmt: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal left by a run killed while writing its tables: only the files the journal
    lacks (or whose content changed) are parsed again; the half-written tables are redone."""
    src = _small_folder(tmp_path, ["000", "003", "004"])
    out = tmp_path / ("out.sqlite" if fmt == "sqlite" else "out")
    meta = {"rules": batch.rules_fingerprint(bpextract.get_rules())}
    work = workdir.WorkDir.open(out, fmt, meta)
    if fmt == "sqlite":
        with sqlite3.connect(work.stage) as con:
            con.execute("CREATE TABLE documents (doc_id TEXT)")
    else:
        work.stage.mkdir()
        (work.stage / "documents.csv").write_text("doc_id\nhalf", encoding="utf-8")
    journal = workdir.Journal(work.journal)
    for k in ("000", "003"):
        doc = bpextract.parse(src / f"{k}.txt")
        journal.add(str(src / f"{k}.txt"), doc.doc_id, "doc", batch.document_rows(doc))
    journal.close()
    with open(work.journal, "ab") as f:
        f.write(b'{"path": "cut sho')  # a line cut by the kill
    work.release()  # the run "dies"
    shutil.copy(CORPUS / SEEDS["002"], src / "003.txt")  # changed since
    parsed: list[str] = []
    real = batch.parse_or_error

    def spy(path: Path, rules: object = None, pdf_engine: str | None = None) -> object:
        parsed.append(path.name)
        return real(path, rules, pdf_engine)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "parse_or_error", spy)
    summary = batch.extract([src], out, progress=False, resume=True)
    assert parsed == ["003.txt", "004.txt"]
    assert summary.resumed == 1 and summary.documents == 3
    ref = tmp_path / ("ref.sqlite" if fmt == "sqlite" else "ref")
    monkeypatch.setattr(batch, "parse_or_error", real)
    batch.extract([src], ref, progress=False)
    if fmt == "sqlite":
        assert _sqlite_rows(out) == _sqlite_rows(ref)
    else:
        assert _tables(out) == _tables(ref)
    assert not list(tmp_path.glob(".bpextract-tmp-*"))


def _sqlite_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as con:
        return {t: list(con.execute(f'SELECT * FROM "{t}"')) for t in TABLES}


def test_output_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    for name in ("out", "t.sqlite"):
        src = _small_folder(tmp_path, ["000"], f"in_{name}")
        out = src / name
        for _ in range(2):
            summary = batch.extract([src], out, progress=False)
            assert (summary.files, summary.documents, summary.errors) == (1, 1, [])
