"""Kill `bpextract extract -j 2` with SIGKILL at several points, then rerun with --resume.

For each kill: how many worker processes are still alive 5 s after the kill, what the output
folder holds (never a partial table set), whether the resumed run removed every leftover work
folder and whether its tables equal an uninterrupted run's.

    PYTHONPATH=src python benchmarks/kill_runs.py [N_FILES] [KILL_AT_FRACTION...]

Kill points are fractions of the uninterrupted run's wall time (the machine's load varies).
"""

from __future__ import annotations

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("documents", "sections", "footnotes", "references", "dates", "indicators", "errors")


def _cmd(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bpextract.cli", "extract", str(src), "-o", str(out),
            "-j", "2", "--no-progress", *extra]


def _alive_with(marker: str) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            args = (d / "cmdline").read_bytes().replace(b"\0", b" ")
            state = (d / "stat").read_text().split()[2]
        except OSError:
            continue
        if marker.encode() in args and state != "Z":
            pids.append(int(d.name))
    return pids


def _same(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / f"{t}.csv", b / f"{t}.csv", shallow=False) for t in TABLES)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    fractions = [float(x) for x in sys.argv[2:]] or [0.05, 0.3, 0.6, 0.75, 0.9, 0.97]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    tmp = Path(tempfile.mkdtemp(prefix="killruns-"))
    src = tmp / "in"
    src.mkdir()
    corpus = sorted(p for p in (ROOT / "corpus").glob("*.txt"))
    for i in range(n):  # distinct content per copy, so no file is a duplicate of another
        data = corpus[i % len(corpus)].read_bytes() + f"\n\n{i}\n".encode()
        (src / f"{i:03d}.txt").write_bytes(data)
    ref = tmp / "ref"
    t0 = time.perf_counter()
    subprocess.run(_cmd(src, ref), env=env, check=False, capture_output=True)
    full = time.perf_counter() - t0
    print(f"{n} files, uninterrupted run {full:.1f} s wall")
    for k, after in enumerate(f * full for f in fractions):
        out = tmp / f"out{k}"
        marker = str(out)
        p = subprocess.Popen(_cmd(src, out), env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(after)
        finished = p.poll() is not None
        if not finished:
            os.kill(p.pid, signal.SIGKILL)
        p.wait()
        time.sleep(5)
        survivors = _alive_with(marker)
        leftovers = [d.name for d in tmp.glob(".bpextract-tmp-*")]
        state = ("absent" if not out.exists() else "whole" if _same(ref, out) else "PARTIAL")
        journal = sum(len(j.read_bytes().splitlines())
                      for j in tmp.glob(".bpextract-tmp-*/journal.jsonl"))
        res = subprocess.run(_cmd(src, out, "--resume"), env=env, capture_output=True,
                             text=True)
        line = res.stdout.splitlines()[0] if res.stdout else res.stderr.strip()
        left_after = [d.name for d in tmp.glob(".bpextract-tmp-*")]
        print(f"kill at {after:>4.1f} s{' (had finished)' if finished else ''}: "
              f"{len(survivors)} workers alive 5 s later, work folders left {len(leftovers)}, "
              f"journal {journal} files, output before rerun: {state}; "
              f"rerun --resume: {line!r}, leftovers after {len(left_after)}, "
              f"tables equal uninterrupted: {_same(ref, out)}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
