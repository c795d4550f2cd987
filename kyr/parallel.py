"""Rendering a big build in several worker processes: each worker has its own WeasyPrint
(fonts pinned before import), renders whole languages, and sends back the PDF bytes. The
parent writes everything, so a failure anywhere still leaves the output folder as it was.

Workers never outlive the parent: on Linux the kernel kills them when it dies
(PR_SET_PDEATHSIG), elsewhere a thread in each worker watches the parent's pid. Ctrl-C
in the parent stops them at once instead of waiting for their batches."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from kyr import paths

if TYPE_CHECKING:
    from kyr.config import Community
    from kyr.pieces import Piece, Rendered

#: Below this many pieces, starting workers (~0.4 s each) costs more than it saves.
MIN_PIECES_PER_JOB = 6
_PR_SET_PDEATHSIG = 1

PieceKey = tuple[str, tuple[str, ...], str]  # product id, language codes, paper
DataDirs = tuple[Path | None, Path | None]  # paths.data_dirs(): templates, locales


def auto_jobs(piece_count: int) -> int:
    cores = os.cpu_count() or 1
    return max(1, min(cores, 4, piece_count // MIN_PIECES_PER_JOB))


def batches_by_language(pieces: list[Piece], jobs: int) -> list[list[int]]:
    """Piece indexes split into `jobs` batches, keeping each language's pieces together
    (a sheet reuses its language's card), balanced by piece count."""
    by_language: dict[str, list[int]] = {}
    for index, piece in enumerate(pieces):
        by_language.setdefault(piece.lang_tag, []).append(index)
    batches: list[list[int]] = [[] for _ in range(jobs)]
    for indexes in sorted(by_language.values(), key=len, reverse=True):
        min(batches, key=len).extend(indexes)
    return [sorted(batch) for batch in batches if batch]


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.5)


def die_with_parent(parent: int) -> None:
    """Worker initializer: exit when process `parent` does. Ctrl-C is the parent's to
    handle (it stops the workers), so workers ignore SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _render_batch(
    community: Community,
    keys: list[PieceKey],
    allow_incomplete: bool,
    data_dirs: DataDirs,
    target: str = "home",
) -> list[tuple[bytes, int, float]]:
    """Render one batch in a worker. A KyrError is raised as itself: it pickles with
    its message and exit status."""
    from kyr.builder import Builder
    from kyr.languages import get_language
    from kyr.pieces import Piece
    from kyr.products import get_product

    paths.use_data_dirs(*data_dirs)  # a spawned worker starts with kyr's own folders
    builder = Builder(community, allow_incomplete=allow_incomplete, target=target)
    results = []
    for product_id, codes, paper in keys:
        piece = Piece(get_product(product_id), tuple(map(get_language, codes)), paper)
        rendered = builder.render(piece)
        results.append((rendered.pdf, rendered.pages, rendered.font_size))
    return results


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now: queued batches cancelled, running ones killed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=1)


def render_in_workers(
    community: Community,
    pieces: list[Piece],
    allow_incomplete: bool,
    jobs: int,
    target: str = "home",
) -> list[Rendered]:
    """Render `pieces` in `jobs` spawned processes; results in the order of `pieces`."""
    from kyr.pieces import Rendered

    batches = batches_by_language(pieces, jobs)
    keys = [
        [(p.product.id, tuple(lang.code for lang in p.languages), p.paper) for p in
         (pieces[i] for i in batch)]
        for batch in batches
    ]  # fmt: skip
    # "spawn", not "fork": the parent may have WeasyPrint, Pango and fontconfig loaded.
    pool = ProcessPoolExecutor(
        len(batches),
        mp_context=get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        futures = [
            pool.submit(_render_batch, community, k, allow_incomplete, paths.data_dirs(), target)
            for k in keys
        ]
        outcomes = [future.result() for future in futures]
    except BaseException:  # a worker's KyrError, Ctrl-C, SIGTERM: stop the others now
        _stop(pool)
        raise
    pool.shutdown()
    rendered: list[Rendered | None] = [None] * len(pieces)
    for batch, outcome in zip(batches, outcomes, strict=True):
        for index, (pdf, pages, size) in zip(batch, outcome, strict=True):
            rendered[index] = Rendered(pieces[index], pdf, pages, size)
    return [r for r in rendered if r is not None]
