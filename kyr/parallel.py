"""Rendering a big build in several worker processes: each worker has its own WeasyPrint
(fonts pinned before import), renders whole languages, and sends back the PDF bytes. The
parent writes everything, so a failure anywhere still leaves the output folder as it was."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from kyr import paths
from kyr.errors import ExitStatus, KyrError

if TYPE_CHECKING:
    from kyr.build import Piece, Rendered
    from kyr.config import Community

#: Below this many pieces, starting workers (~0.4 s each) costs more than it saves.
MIN_PIECES_PER_JOB = 6

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


def _render_batch(
    community: Community, keys: list[PieceKey], allow_incomplete: bool, data_dirs: DataDirs
) -> list[tuple[bytes, int, float]] | tuple[str, int]:
    from kyr.build import Builder, Piece
    from kyr.languages import get_language
    from kyr.products import get_product

    paths.use_data_dirs(*data_dirs)  # a spawned worker starts with kyr's own folders
    builder = Builder(community, allow_incomplete=allow_incomplete)
    results = []
    try:
        for product_id, codes, paper in keys:
            piece = Piece(get_product(product_id), tuple(map(get_language, codes)), paper)
            rendered = builder.render(piece)
            results.append((rendered.pdf, rendered.pages, rendered.font_size))
    except KyrError as error:  # sent back as data: exceptions lose their status in pickling
        return str(error), int(error.status)
    return results


def render_in_workers(
    community: Community, pieces: list[Piece], allow_incomplete: bool, jobs: int
) -> list[Rendered]:
    """Render `pieces` in `jobs` spawned processes; results in the order of `pieces`."""
    from kyr.build import Rendered

    batches = batches_by_language(pieces, jobs)
    keys = [
        [(p.product.id, tuple(lang.code for lang in p.languages), p.paper) for p in
         (pieces[i] for i in batch)]
        for batch in batches
    ]  # fmt: skip
    # "spawn", not "fork": the parent may have WeasyPrint, Pango and fontconfig loaded.
    with ProcessPoolExecutor(len(batches), mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(_render_batch, community, k, allow_incomplete, paths.data_dirs())
            for k in keys
        ]
        outcomes = [future.result() for future in futures]
    rendered: list[Rendered | None] = [None] * len(pieces)
    for batch, outcome in zip(batches, outcomes, strict=True):
        if isinstance(outcome, tuple):
            message, status = outcome
            raise KyrError(message, ExitStatus(status))
        for index, (pdf, pages, size) in zip(batch, outcome, strict=True):
            rendered[index] = Rendered(pieces[index], pdf, pages, size)
    return [r for r in rendered if r is not None]
