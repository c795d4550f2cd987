"""Rendering a big build in several worker processes. The parent never imports
WeasyPrint: workers are forked from a server process that imported it once (the
"forkserver" start method, preloading `kyr.build.worker_preload`; "spawn" where there is no
fork), each keeps one Builder per build, takes whole jobs (a language's pieces, or the
signs that share one size), and sends back the PDF bytes and the type sizes it found.
The parent writes everything, so a failure anywhere leaves the output folder as it was.

Workers never outlive the parent: on Linux the kernel kills them when it dies
(PR_SET_PDEATHSIG), elsewhere a thread in each worker watches the parent's pid. Ctrl-C
in the parent stops them at once instead of waiting for their jobs."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kyr import paths
from kyr.errors import ExitStatus, KyrError

if TYPE_CHECKING:
    from kyr.cache.sizes import Sizes
    from kyr.config.community import Community
    from kyr.content.pieces import Piece, Rendered
    from kyr.render.fitter import Builder
    from kyr.render.html_to_pdf import Renderer

#: Below this many pieces a job, starting a worker costs more than it saves.
MIN_PIECES_PER_JOB = 6
_PR_SET_PDEATHSIG = 1

#: product id, language codes, paper, mixed-sheet counts
PieceKey = tuple[str, tuple[str, ...], str, tuple[int, ...]]
DataDirs = tuple[Path | None, Path | None]  # paths.data_dirs(): templates, locales


@dataclass(frozen=True)
class BuildSettings:
    """What a Builder needs besides pieces: one per configuration in a run."""

    community: Community
    allow_incomplete: bool = False
    target: str = "home"

    def builder(self, renderer: Renderer | None = None, known: Sizes | None = None) -> Builder:
        from kyr.render.fitter import Builder

        return Builder(self.community, renderer, self.allow_incomplete, self.target, known)


@dataclass(frozen=True)
class Job:
    """Pieces rendered together by one Builder: a language's pieces (a sheet reuses its
    card), or every sign of one product and paper (they share one type size)."""

    build: int  # index into the run's BuildSettings
    pieces: tuple[Piece, ...]


def auto_jobs(piece_count: int) -> int:
    cores = os.cpu_count() or 1
    return max(1, min(cores, 8, piece_count // MIN_PIECES_PER_JOB))


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
    """Render a job's pieces with `builder`; signs in it are set in one size first."""
    builder.share_sizes(list(pieces))
    return [builder.render(piece) for piece in pieces]


@dataclass
class _WorkerState:
    """A worker process's state: its settings, sizes known at the start, and a Builder
    per build, made on first use."""

    settings: list[BuildSettings]
    known: Sizes
    builders: dict[int, Builder] = field(default_factory=dict)


_worker: _WorkerState | None = None


def _start_worker(settings: list[BuildSettings], known: Sizes) -> None:
    global _worker
    _worker = _WorkerState(settings, known)


def _run_job(build: int, keys: list[PieceKey]) -> tuple[list[tuple[bytes, int, float]], Sizes]:
    """One job in a worker. A KyrError is raised as itself: it pickles with its message
    and exit status."""
    assert _worker is not None, "a worker runs jobs only after _start_worker"
    if build not in _worker.builders:
        _worker.builders[build] = _worker.settings[build].builder(known=_worker.known)
    builder = _worker.builders[build]
    rendered = render_job(builder, [_piece(key) for key in keys])
    return [(r.pdf, r.pages, r.font_size) for r in rendered], builder.take_found()


def _alive(parent: int, direct: bool) -> bool:
    if direct:
        return os.getppid() == parent
    try:  # Unix only: forked from the fork server, whose parent is `parent`
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int, direct: bool) -> None:
    while True:
        if not _alive(parent, direct):
            os._exit(1)
        time.sleep(0.5)


def die_with_parent(parent: int) -> None:
    """Worker initializer: exit when process `parent` does. A worker's own parent is
    `parent` (spawn) or the fork server, which exits with `parent`. Ctrl-C is the
    parent's to handle (it stops the workers), so workers ignore SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):  # killed when the process that made it dies
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    direct = os.getppid() == parent
    if not _alive(parent, direct):  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent, direct), daemon=True).start()


#: An empty temporary folder of a worker server older than this, whose socket nobody
#: answers, was left by a kyr that was killed (SIGKILL skips Python's clean-up).
STALE_SECONDS = 60
#: The longest path a Unix socket may have (sun_path is 108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100


def _private_temp_dir() -> None:
    """Put multiprocessing's temporary folder (the worker server's socket) in kyr's own
    cache (`~/.cache/kyr/run/`) instead of /tmp, and remove the ones killed runs left
    there: a kyr killed with SIGKILL leaves its folder behind, and /tmp is everybody's."""
    import shutil
    import socket
    import tempfile
    from multiprocessing import process, util

    config = getattr(process.current_process(), "_config", None)
    if not isinstance(config, dict) or config.get("tempdir"):
        return
    from kyr.fonts.pinned import private_folder

    run = paths.cache_dir() / "run"
    if len(os.fsencode(run)) + len("/pymp-12345678/listener-12345678") > MAX_SOCKET_PATH:
        return  # too deep for a socket's address: multiprocessing's default, in /tmp
    try:
        private_folder(run)
    except KyrError:
        return
    for old in run.glob("pymp-*"):
        if _stale(old, socket):
            shutil.rmtree(old, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix="pymp-", dir=run)
    util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=-100)
    config["tempdir"] = folder


def _stale(folder: Path, socket_module: Any) -> bool:
    """True when no process serves the worker-server socket in `folder` any more."""
    sockets = list(folder.glob("listener-*"))
    if not sockets:
        try:
            return time.time() - folder.stat().st_mtime > STALE_SECONDS
        except OSError:
            return False
    for path in sockets:
        with socket_module.socket(socket_module.AF_UNIX) as probe:
            try:
                probe.connect(str(path))
                return False  # a kyr still running
            except OSError:
                continue
    return True


def worker_context() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one (workers fork from a process that has imported
    WeasyPrint once), else spawn. Never plain fork: the parent may have WeasyPrint,
    Pango and fontconfig loaded, and their threads and caches do not survive a fork."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kyr.build.worker_preload"])
        _private_temp_dir()
        _start_server_deaf_to_ctrl_c()
        return context
    return multiprocessing.get_context("spawn")


def _start_server_deaf_to_ctrl_c() -> None:
    """Start the worker server with SIGINT ignored, which a new process keeps from its
    first instruction (Python leaves an ignored SIGINT alone at start-up) and the workers
    it forks keep too. Ctrl-C reaches the whole process group; only this process is to
    answer it (one line, exit 130), not a server half-way through its imports."""
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()  # signal handlers belong to the main thread
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _start(
    parent: int, data_dirs: DataDirs, initializer: Callable[..., None] | None, initargs: tuple
) -> None:
    die_with_parent(parent)
    if data_dirs != paths.data_dirs():  # else keep what the server loaded (templates)
        paths.use_data_dirs(*data_dirs)
    if initializer is not None:
        initializer(*initargs)


def worker_pool(
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    **options: Any,
) -> ProcessPoolExecutor:
    """A pool of kyr's worker processes (`worker_context`): each dies with this process,
    uses the same `--templates`/`--locales` folders, then runs `initializer(*initargs)`.
    `options` go to ProcessPoolExecutor (e.g. max_tasks_per_child)."""
    return ProcessPoolExecutor(
        workers,
        mp_context=worker_context(),
        initializer=_start,
        initargs=(os.getpid(), paths.data_dirs(), initializer, initargs),
        **options,
    )


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold Ctrl-C while worker processes are being started: one started but not yet
    registered with its pool would outlive a stop and print a traceback. A Ctrl-C that
    came meanwhile is raised at the end (as KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: came.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if came:
        raise KeyboardInterrupt


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now: queued jobs cancelled, running ones killed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=1)


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
        return _render_here(settings, jobs, known, renderer, on_rendered)
    from kyr.content.pieces import Rendered

    done: list[list[Rendered]] = [[] for _ in jobs]
    found: Sizes = {}
    pool: ProcessPoolExecutor | None = None
    try:
        with ctrl_c_deferred():  # every worker started is one stop_pool knows of
            pool = worker_pool(min(workers, len(jobs)), _start_worker, (settings, known))
            futures = {
                pool.submit(_run_job, jobs[i].build, [piece_key(p) for p in jobs[i].pieces]): i
                for i in _job_order(jobs)
            }
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                results, sizes = future.result()  # a worker's KyrError is raised here
                found.update(sizes)
                index = futures[future]
                for piece, (pdf, pages, size) in zip(jobs[index].pieces, results, strict=True):
                    done[index].append(Rendered(piece, pdf, pages, size))
                    on_rendered(done[index][-1])
    except BrokenProcessPool:
        if pool is not None:
            stop_pool(pool)
        raise worker_died() from None
    except BaseException:  # a worker's KyrError, Ctrl-C, SIGTERM: stop the others now
        if pool is not None:
            stop_pool(pool)
        raise
    pool.shutdown()
    return done, found


def worker_died() -> KyrError:
    """What to say when a worker process was killed mid-job (by the kernel's out-of-memory
    killer, a signal, a crash in a C library)."""
    return KyrError(
        "a worker process was killed while rendering (out of memory, or stopped by a "
        "signal); nothing was written: run the same command again, or with --jobs 1 "
        "to use less memory",
        ExitStatus.ERROR,
    )


def _render_here(
    settings: list[BuildSettings],
    jobs: Sequence[Job],
    known: Sizes,
    renderer: Renderer | None,
    on_rendered: Callable[[Rendered], None],
) -> tuple[list[list[Rendered]], Sizes]:
    builders: dict[int, Builder] = {}
    done: list[list[Rendered]] = []
    for job in jobs:
        if job.build not in builders:
            builders[job.build] = settings[job.build].builder(renderer, known)
        done.append([])
        for rendered in render_job(builders[job.build], job.pieces):
            done[-1].append(rendered)
            on_rendered(rendered)
    found: Sizes = {}
    for builder in builders.values():
        found.update(builder.take_found())
    return done, found
