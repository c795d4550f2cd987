"""Rendering for the page, in worker processes so the server never waits on WeasyPrint.

The workers are kyr's own (`kyr.build.pool.worker_pool`: forked from a server process
that imported WeasyPrint once) and run kyr's build (`kyr.build.run.render_build`) on the
settings' TOML text, with a `BuildRequest` like the command line's (`page_request`). A
preview and its download are one render: the PDF is kept with its preview images in a
small cache keyed by everything it was made from, so "Download PDF" hands over the very
file the preview was rasterized from. The cache and the pool are bounded (a few entries,
two workers), so memory stays bounded whatever the page asks; identical requests in
flight share one render."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kyr.build.request import BuildRequest
from kyr.choices import Paper, Target
from kyr.errors import KyrError

if TYPE_CHECKING:
    from kyr.render.html_to_pdf import Renderer

#: Where a page's render "goes": nowhere (`render_build` writes nothing).
IN_MEMORY = Path(".")
#: Pages shown in the preview: the card's front and back, the first page of the rest.
PREVIEW_PAGES = {"card": 2, "report-card": 2}
PREVIEW_DPI = 110
#: Rendered pieces kept (PDF and preview images): a card is ~100 KB, a sign ~1 MB.
CACHE_ENTRIES = 24
#: Worker processes: renders queue beyond this (each worker holds one WeasyPrint).
MAX_WORKERS = 2
#: A worker is replaced after this many renders, so no leak can grow without bound.
TASKS_PER_WORKER = 200


@dataclass(frozen=True)
class Request:
    """One piece to render from a configuration's text."""

    toml: str
    product: str
    lang: str
    paper: str
    target: str = Target.HOME

    @property
    def key(self) -> str:
        parts = (self.toml, self.product, self.lang, self.paper, self.target)
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Preview:
    """A rendered piece: its file name, the PDF and PNG previews of its first pages."""

    filename: str
    pdf: bytes
    previews: tuple[bytes, ...]


def page_request(
    products: tuple[str, ...], languages: tuple[str, ...], paper: str, target: str
) -> BuildRequest:
    """The build a page's render is: in the worker it runs in (`jobs=1`), every piece
    (`force`: nothing is read from a folder, nor written to one)."""
    return BuildRequest(
        products, languages, Paper(paper), Target(target), out_dir=IN_MEMORY, jobs=1, force=True
    )


# -- run in a worker process --


def _community(toml: str, name: str):
    from kyr.config.community import parse_community

    return replace(parse_community(toml, name), source_name=name,
                   source_sha256=hashlib.sha256(toml.encode("utf-8")).hexdigest())  # fmt: skip


#: This worker's renderer (fonts configured, stylesheets parsed), kept between renders,
#: and the templates' stamps it was made for: an edited stylesheet makes a new one.
_kept: tuple[tuple, Renderer] | None = None


def worker_renderer() -> Renderer:
    """The renderer this worker process keeps: setting up the fonts and parsing the
    stylesheets again for every preview would cost more than the preview's layout."""
    global _kept
    from kyr import paths
    from kyr.render.html_to_pdf import Renderer

    stamps = tuple(
        (name, path.stat().st_mtime_ns) for name, path in sorted(paths.template_files().items())
    )
    if _kept is None or _kept[0] != stamps:
        _kept = (stamps, Renderer())
    return _kept[1]


def render_piece(request: Request) -> Preview:
    """Render one piece with kyr's build, and rasterize its preview pages from that PDF."""
    from kyr.build.run import render_build
    from kyr.web.form import SETTINGS_NAME

    build = page_request((request.product,), (request.lang,), request.paper, request.target)
    community = _community(request.toml, SETTINGS_NAME)
    output = render_build(community, build, worker_renderer())
    [(filename, pdf)] = output.files.items()
    pages = PREVIEW_PAGES.get(request.product, 1)
    return Preview(filename, pdf, tuple(preview_pngs(pdf, pages)))


def preview_pngs(pdf: bytes, pages: int, dpi: int = PREVIEW_DPI) -> list[bytes]:
    """The first `pages` pages as PNG, cut to their trim box (a card without its bleed
    and crop marks, as it will look once cut)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(min(pages, len(document))):
            page = document[index]
            left, bottom, right, top = page.get_mediabox()
            t_left, t_bottom, t_right, t_top = page.get_trimbox()
            crop = (t_left - left, t_bottom - bottom, right - t_right, top - t_top)
            bitmap = page.render(scale=dpi / 72, crop=crop)
            stream = io.BytesIO()
            # zlib's fastest level: optimize=True took 40 ms of a 130 ms card preview for
            # files a third smaller, which a page on this computer does not need.
            bitmap.to_pil().convert("RGB").save(stream, format="PNG", compress_level=1)
            images.append(stream.getvalue())
    finally:
        document.close()
    return images


def render_all(
    toml: str, languages: Sequence[str], paper: str, target: str, progress: Path | None = None
) -> bytes:
    """Every product on `paper` in `languages`, as a zip: the PDFs, `manifest.json` and
    the settings file they were made from. `progress`, when given, is a file rewritten
    with "DONE TOTAL" as each piece is made (the server reads it for the page)."""
    from kyr.build.request import BuildEvents
    from kyr.build.run import plan_build, render_builds
    from kyr.output.manifest import MANIFEST, merged_manifest
    from kyr.web.form import SETTINGS_NAME

    build = page_request((), tuple(languages), paper, target)
    counter = _ProgressFile(progress)
    events = BuildEvents(on_start=counter.start, on_rendered=lambda _: counter.one_more())
    plan = plan_build(_community(toml, SETTINGS_NAME), build.out_dir, build)
    [output] = render_builds([plan], build, events, worker_renderer())
    files = {name: pdf for name, pdf in output.files.items()}
    files[MANIFEST] = merged_manifest([], output.entries, IN_MEMORY)
    files[SETTINGS_NAME] = toml.encode("utf-8")
    return deterministic_zip(files)


#: Every file in a zip of the page's gets this date: the same input, the same zip.
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip of `files` in name order, each dated ZIP_DATE: byte-identical for the same
    files (zipfile otherwise stamps each with the time it was added)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return stream.getvalue()


class _ProgressFile:
    """"DONE TOTAL" in a file, replaced whole at each step (a reader never sees half)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done = self.total = 0

    def start(self, count: int, unchanged: int) -> None:
        self.total = count
        self._write()

    def one_more(self) -> None:
        self.done += 1
        self._write()

    def _write(self) -> None:
        if self.path is not None:
            partial = self.path.with_suffix(".partial")
            partial.write_text(f"{self.done} {self.total}", encoding="ascii")
            partial.replace(self.path)


def read_progress(path: Path) -> tuple[int, int]:
    """(done, total) from a progress file; (0, 0) before the build has counted."""
    try:
        done, total = path.read_text(encoding="ascii").split()
        return int(done), int(total)
    except (OSError, ValueError):
        return 0, 0


# -- in the server --


class ClientGone(Exception):
    """The client of a request disconnected before its render was done."""


async def _unless_gone(
    future: Future[Preview], gone: Callable[[], Awaitable[bool]], every: float = 0.25
) -> Preview:
    """`future`'s result, or ClientGone as soon as `gone()` says the client left. The
    render itself is left alone here (other clients may wait for it)."""
    wrapped = asyncio.wrap_future(future)
    # Never cancelled from here (that would cancel the shared render); its outcome is
    # read, so an error nobody awaited is not logged as "never retrieved".
    wrapped.add_done_callback(lambda f: f.cancelled() or f.exception())
    while True:
        done, _ = await asyncio.wait({wrapped}, timeout=every)
        if done:
            return wrapped.result()
        if await gone():
            raise ClientGone


#: Renders waiting or running at once; one more is answered 503 with Retry-After.
MAX_QUEUED = 8


class Busy(Exception):
    """Too many renders waiting: answered 503, and the page asks again in a moment (not
    a KyrError, which a route shows as the form's error)."""

    retry_after = 2


class RenderService:
    """Renders in worker processes, remembers recent pieces, and shares a render between
    identical requests in flight. At most MAX_QUEUED renders wait at once; a render
    whose every client went away is cancelled before it starts. Safe to call from any
    thread or the event loop."""

    def __init__(
        self,
        workers: int = MAX_WORKERS,
        cache_entries: int = CACHE_ENTRIES,
        max_queued: int = MAX_QUEUED,
    ) -> None:
        self.workers = workers
        self.cache_entries = cache_entries
        self.max_queued = max_queued
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Preview] = OrderedDict()
        self._in_flight: dict[str, Future[Preview]] = {}
        self._waiting: dict[str, int] = {}  # clients awaiting each render in flight

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                from kyr.build.pool import worker_pool

                self._pool = worker_pool(self.workers, max_tasks_per_child=TASKS_PER_WORKER)
            return self._pool

    def cached(self, key: str) -> Preview | None:
        with self._lock:
            piece = self._cache.get(key)
            if piece is not None:
                self._cache.move_to_end(key)
            return piece

    def _remember(self, key: str, future: Future[Preview]) -> None:
        with self._lock:
            self._in_flight.pop(key, None)
            if future.cancelled() or future.exception() is not None:
                return
            self._cache[key] = future.result()
            while len(self._cache) > self.cache_entries:
                self._cache.popitem(last=False)

    def submit(self, request: Request) -> Future[Preview]:
        """The piece's render: done already when cached, shared when in flight."""
        key = request.key
        piece = self.cached(key)
        if piece is not None:
            done: Future[Preview] = Future()
            done.set_result(piece)
            return done
        executor = self._executor()
        with self._lock:  # checked and registered together: one render per key in flight
            if key in self._in_flight:
                return self._in_flight[key]
            if len(self._in_flight) >= self.max_queued:
                raise Busy(f"{len(self._in_flight)} previews are being made; try again shortly")
            future = executor.submit(render_piece, request)
            self._in_flight[key] = future
        future.add_done_callback(lambda f: self._remember(key, f))
        return future

    async def piece(
        self, request: Request, gone: Callable[[], Awaitable[bool]] | None = None
    ) -> Preview:
        """The piece, rendered or shared. `gone` says whether the client has left: when
        every client of a render has, it is cancelled (if it has not started)."""
        with self._broken_pool_reported():
            future = self.submit(request)
            if gone is None or future.done():
                return await asyncio.wrap_future(future)
            key = request.key
            with self._lock:
                self._waiting[key] = self._waiting.get(key, 0) + 1
            try:
                return await _unless_gone(future, gone)
            except ClientGone:
                with self._lock:
                    last = self._waiting.get(key, 0) <= 1
                if last and future.cancel():
                    with self._lock:
                        if self._in_flight.get(key) is future:
                            del self._in_flight[key]
                raise
            finally:
                with self._lock:
                    left = self._waiting.get(key, 1) - 1
                    if left > 0:
                        self._waiting[key] = left
                    else:
                        self._waiting.pop(key, None)

    def queued(self) -> int:
        with self._lock:
            return len(self._in_flight)

    async def everything(
        self,
        toml: str,
        languages: Sequence[str],
        paper: str,
        target: str,
        progress: Path | None = None,
    ) -> bytes:
        """The zip of every product (`render_all`), made in a worker; `progress` is the
        file it counts its pieces in."""
        with self._broken_pool_reported():
            future = self._executor().submit(
                render_all, toml, tuple(languages), paper, target, progress
            )
            return await asyncio.wrap_future(future)

    @contextlib.contextmanager
    def _broken_pool_reported(self) -> Iterator[None]:
        """A worker that died (killed, out of memory) fails its requests with one line;
        the next request starts new workers."""
        try:
            yield
        except BrokenProcessPool:
            with self._lock:
                pool, self._pool = self._pool, None
                self._in_flight.clear()
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            raise KyrError("the renderer stopped unexpectedly; try again") from None

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            from kyr.build.pool import stop_pool

            with contextlib.suppress(Exception):
                stop_pool(pool)
