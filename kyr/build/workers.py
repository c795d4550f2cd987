"""Rendering a build's jobs, here or in worker processes (`kyr.build.pool`). A job is a
language's pieces, or the signs that share one size; each process keeps one Builder per
build (`Builders`), takes whole jobs, and sends back the PDF bytes and the type sizes it
found. The parent never imports WeasyPrint for a build in workers, and writes
everything itself, so a failure anywhere leaves the output folder as it was."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kyr.build.pool import run_in_workers, worker_state
from kyr.build.request import BuildRequest, BuildSettings, Job

if TYPE_CHECKING:
    from kyr.cache.sizes import Sizes
    from kyr.content.pieces import Piece, Rendered
    from kyr.render.fitter import Builder
    from kyr.render.html_to_pdf import Renderer

#: Below this many pieces a job, starting a worker costs more than it saves.
MIN_PIECES_PER_JOB = 6

#: product id, language codes, paper, mixed-sheet counts
PieceKey = tuple[str, tuple[str, ...], str, tuple[int, ...]]


def auto_jobs(piece_count: int) -> int:
    """Worker processes that pay off for `piece_count` pieces (`--jobs 0`)."""
    cores = os.cpu_count() or 1
    return max(1, min(cores, 8, piece_count // MIN_PIECES_PER_JOB))


def will_use_workers(request: BuildRequest, piece_count: int) -> bool:
    """Whether a build of `piece_count` pieces would render in worker processes (before
    knowing which are unchanged), as `kyr.build.run` decides it."""
    jobs = request.jobs or auto_jobs(piece_count)
    return jobs > 1 and piece_count > 1


@dataclass
class Builders:
    """A process's Builders, one per build, each made on first use from its settings with
    the type sizes known at the start: what a worker keeps between jobs (its
    `worker_state`), and what a build in one process renders with."""

    settings: Sequence[BuildSettings]
    known: Sizes
    renderer: Renderer | None = None
    made: dict[int, Builder] = field(default_factory=dict)

    def __getitem__(self, build: int) -> Builder:
        if build not in self.made:
            self.made[build] = self.settings[build].builder(self.renderer, self.known)
        return self.made[build]

    def take_found(self) -> Sizes:
        """The type sizes every Builder found since last asked."""
        found: Sizes = {}
        for builder in self.made.values():
            found.update(builder.take_found())
        return found


def piece_key(piece: Piece) -> PieceKey:
    codes = tuple(language.code for language in piece.languages)
    return (piece.product.id, codes, piece.paper, piece.counts)


def _piece(key: PieceKey) -> Piece:
    from kyr.content.pieces import Piece
    from kyr.content.products import get_product
    from kyr.i18n.languages import get_language

    product_id, codes, paper, counts = key
    return Piece(get_product(product_id), tuple(map(get_language, codes)), paper, counts)


def render_job(builder: Builder, pieces: Sequence[Piece]) -> list[Rendered]:
    """Render a job's pieces with `builder`; signs in it are set in one size first, and
    an image's PDF is rasterized (kyr.build.images)."""
    from kyr.build.images import as_image

    builder.share_sizes(list(pieces))
    rendered = [builder.render(piece) for piece in pieces]
    return [as_image(builder, r) if r.piece.product.is_image else r for r in rendered]


#: A rendered piece as a worker sends it back: its PDF, pages, type size, note and files.
PieceResult = tuple[bytes, int, float, str, tuple[tuple[str, bytes], ...]]


def _run_job(build: int, keys: list[PieceKey]) -> tuple[list[PieceResult], Sizes]:
    """One job in a worker, with the worker's Builders."""
    builders: Builders = worker_state()
    rendered = render_job(builders[build], [_piece(key) for key in keys])
    results = [(r.pdf, r.pages, r.font_size, r.note, r.files) for r in rendered]
    return results, builders.take_found()


def _job_order(jobs: Sequence[Job]) -> list[int]:
    """Biggest jobs first, so no worker is left with a long one at the end."""
    return sorted(range(len(jobs)), key=lambda i: -len(jobs[i].pieces))


def render_jobs(
    settings: list[BuildSettings],
    jobs: Sequence[Job],
    workers: int,
    known: Sizes,
    renderer: Renderer | None = None,
    on_rendered: Callable[[Rendered], None] = lambda rendered: None,
) -> tuple[list[list[Rendered]], Sizes]:
    """Render every job: in this process when `workers` is 1, else in that many worker
    processes. Returns each job's results, in the order of `jobs` (the same piece may be
    in two builds, for two configurations), and the type sizes found on the way."""
    if workers <= 1 or len(jobs) <= 1:
        return _render_here(Builders(settings, known, renderer), jobs, on_rendered)
    from kyr.content.pieces import Rendered

    done: list[list[Rendered]] = [[] for _ in jobs]
    found: Sizes = {}
    order = _job_order(jobs)

    def take(call: int, result: tuple[list[PieceResult], Sizes]) -> None:
        results, sizes = result
        found.update(sizes)
        index = order[call]
        for piece, (pdf, pages, size, note, files) in zip(
            jobs[index].pieces, results, strict=True
        ):
            done[index].append(Rendered(piece, pdf, pages, size, note, files))
            on_rendered(done[index][-1])

    calls = [(jobs[i].build, [piece_key(p) for p in jobs[i].pieces]) for i in order]
    run_in_workers(min(workers, len(jobs)), _run_job, calls, take, Builders, (settings, known))
    return done, found


def _render_here(
    builders: Builders, jobs: Sequence[Job], on_rendered: Callable[[Rendered], None]
) -> tuple[list[list[Rendered]], Sizes]:
    done: list[list[Rendered]] = []
    for job in jobs:
        done.append([])
        for rendered in render_job(builders[job.build], job.pieces):
            done[-1].append(rendered)
            on_rendered(rendered)
    return done, builders.take_found()
