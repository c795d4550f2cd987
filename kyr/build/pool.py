"""Worker processes, whatever they do: a pool whose workers are forked from a server
process that imported WeasyPrint once (the "forkserver" start method, preloading
`kyr.build.worker_preload`; "spawn" where there is no fork), each holding the state its
pool made it with (`worker_state`), never outliving the parent and stopped at once by
Ctrl-C. The build's jobs (`kyr.build.workers`) and the fit check (`kyr.build.fit_check`)
run on it.

Workers never outlive the parent: on Linux the kernel kills them when it dies
(PR_SET_PDEATHSIG), elsewhere a thread in each worker watches the parent's pid. Ctrl-C
in the parent stops them at once instead of waiting for their jobs."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from kyr import paths
from kyr.errors import ExitStatus, KyrError

_PR_SET_PDEATHSIG = 1
DataDirs = tuple[Path | None, Path | None]  # paths.data_dirs(): templates, locales

#: This worker's state, made by its pool's `state` callable when it started.
_state: Any = None


def worker_state() -> Any:
    """The state this worker process was started with (`worker_pool(state=...)`)."""
    assert _state is not None, "worker_state() is for the workers of a pool given a state"
    return _state


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


#: A worker server's temporary folder named without its kyr's process id (an older kyr
#: made it) is taken for a killed run's leftover once it is this old.
UNOWNED_STALE_SECONDS = 24 * 3600
#: The longest path a Unix socket may have (sun_path is 108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100


def _private_temp_dir() -> None:
    """Put multiprocessing's temporary folder (the worker server's socket) in kyr's own
    cache (`~/.cache/kyr/run/pymp-<pid>-…`) instead of /tmp, and remove the ones killed
    runs left there: a kyr killed with SIGKILL leaves its folder behind, and /tmp is
    everybody's."""
    import shutil
    import tempfile
    from multiprocessing import process, util

    config = getattr(process.current_process(), "_config", None)
    if not isinstance(config, dict) or config.get("tempdir"):
        return
    from kyr.fonts.pinned import private_folder

    run = paths.cache_dir() / "run"
    prefix = f"pymp-{os.getpid()}-"
    if len(os.fsencode(run / prefix)) + len("12345678/listener-12345678") > MAX_SOCKET_PATH:
        return  # too deep for a socket's address: multiprocessing's default, in /tmp
    try:
        private_folder(run)
    except KyrError:
        return
    for old in run.glob("pymp-*"):
        if _stale(old):
            shutil.rmtree(old, ignore_errors=True)
    folder = tempfile.mkdtemp(prefix=prefix, dir=run)
    util.Finalize(None, shutil.rmtree, args=(folder, True), exitpriority=-100)
    config["tempdir"] = folder


def _stale(folder: Path) -> bool:
    """True when the kyr that made `folder` (its process id is in the name) has ended.
    Never probed through its socket: a worker server that accepts a connection and
    receives nothing on it stops, which would end another kyr's running build. A folder
    named without a process id (an older kyr's) is stale once a day old."""
    owner = re.fullmatch(r"pymp-(\d{1,9})-.*", folder.name)  # a pid, never too big
    if owner is None:
        try:
            return time.time() - folder.stat().st_mtime > UNOWNED_STALE_SECONDS
        except OSError:
            return False
    return not _alive(int(owner.group(1)), direct=False)


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


def start_worker_server() -> None:
    """Start the worker server now, where there is one to start: it imports WeasyPrint
    (about 0.4 s) on another core while this process goes on planning, so the workers
    fork from it at once when the jobs are ready."""
    if (os.cpu_count() or 1) > 1 and "forkserver" in multiprocessing.get_all_start_methods():
        worker_context()


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
    parent: int, data_dirs: DataDirs, state: Callable[..., Any] | None, state_args: tuple
) -> None:
    global _state
    die_with_parent(parent)
    if data_dirs != paths.data_dirs():  # else keep what the server loaded (templates)
        paths.use_data_dirs(*data_dirs)
    if state is not None:
        _state = state(*state_args)


def worker_pool(
    workers: int,
    state: Callable[..., Any] | None = None,
    state_args: tuple = (),
    **options: Any,
) -> ProcessPoolExecutor:
    """A pool of kyr's worker processes (`worker_context`): each dies with this process,
    uses the same `--templates`/`--locales` folders, then keeps `state(*state_args)` as
    its `worker_state()`. `options` go to ProcessPoolExecutor (e.g. max_tasks_per_child)."""
    return ProcessPoolExecutor(
        workers,
        mp_context=worker_context(),
        initializer=_start,
        initargs=(os.getpid(), paths.data_dirs(), state, state_args),
        **options,
    )


def run_in_workers(
    workers: int,
    task: Callable[..., Any],
    calls: Sequence[tuple],
    on_result: Callable[[int, Any], None],
    state: Callable[..., Any] | None = None,
    state_args: tuple = (),
) -> None:
    """`task(*calls[i])` for every i, in a pool of `workers` (started in the order of
    `calls`); `on_result(i, result)` hears of each here as it is done. A worker's error
    (a KyrError pickles with its message and exit status), Ctrl-C or SIGTERM stops the
    other workers at once and is raised here; a killed worker is `worker_died()`."""
    pool: ProcessPoolExecutor | None = None
    try:
        with ctrl_c_deferred():  # every worker started is one stop_pool knows of
            pool = worker_pool(workers, state, state_args)
            futures = {pool.submit(task, *call): index for index, call in enumerate(calls)}
        for future in as_completed(futures):
            on_result(futures[future], future.result())
    except BrokenProcessPool:
        if pool is not None:
            stop_pool(pool)
        raise worker_died() from None
    except BaseException:
        if pool is not None:
            stop_pool(pool)
        raise
    pool.shutdown()


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


def worker_died() -> KyrError:
    """What to say when a worker process was killed mid-job (by the kernel's out-of-memory
    killer, a signal, a crash in a C library)."""
    return KyrError(
        "a worker process was killed while rendering (out of memory, or stopped by a "
        "signal); nothing was written: run the same command again, or with --jobs 1 "
        "to use less memory",
        ExitStatus.ERROR,
    )
