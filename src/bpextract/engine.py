"""Worker processes that die with their parent, mapping a function over items in order.

A worker pool outlives a killed parent unless told otherwise: `kill -9` of the main process
would leave `-j` workers parsing for nobody. Each worker asks Linux to kill it when its parent
dies (prctl PR_SET_PDEATHSIG) and also watches its parent id from a thread (other systems, or a
parent that died before the prctl call), so no worker survives its run by more than a second.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:  # re-parented: the parent is gone
            os._exit(1)


def worker_init(deathsig: bool) -> None:
    """Initializer of every worker process: die when the parent dies."""
    parent = os.getppid()
    if deathsig and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent or parent == 1:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="bpextract-parent-watch").start()


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """`map(fn, items)` over `jobs` worker processes, results in input order, lazily.

    At most 2 x jobs items are in flight, so a long list never sits in the pool's queue.
    """
    if jobs <= 1:
        yield from map(fn, items)
        return
    # PR_SET_PDEATHSIG follows the thread that forked the worker: only safe from the main thread
    deathsig = threading.current_thread() is threading.main_thread()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_init, initargs=(deathsig,))
    try:
        pending = []
        it = iter(items)
        for item in it:
            pending.append(pool.submit(fn, item))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            fut = pending.pop(0)
            nxt = next(it, _END)
            if nxt is not _END:
                pending.append(pool.submit(fn, nxt))  # type: ignore[arg-type]
            yield fut.result()
    finally:  # also when the consumer stops early: queued items are dropped, not parsed
        pool.shutdown(wait=True, cancel_futures=True)


_END = object()
