""""Download all" as a job the page can watch: the zip of every product takes from
seconds to a minute, so the page starts it, asks how far it is ("3 of 12"), and fetches
the zip once it is made.

    POST /api/download-all          the form: the job started (or the one already making
                                    the same zip), 202 {"job", "status"}; 422 {"errors"}
    GET  /api/download-all/JOB      {"state": running|ready|failed, "done", "total",
                                    "error", "download"}
    GET  /download-all/JOB.zip      the zip, once ready

Without script, `POST /download-all` (kyr/web/app.py) still answers with the zip itself.
Jobs are bounded: MAX_RUNNING at once (one more is Busy: 503 and Retry-After), and the
last KEPT finished ones are remembered, so memory stays bounded."""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
import shutil
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from kyr.choices import Target
from kyr.errors import KyrError
from kyr.web import rendering
from kyr.web.form import Checked

#: Zips being made at once: each holds a render worker for its whole build, and the
#: other worker stays free for previews.
MAX_RUNNING = 1
#: Finished jobs remembered (their zips held in memory until replaced).
KEPT = 2
_JOB = re.compile(r"[0-9a-f]{32}")


def zip_name(paper: str, target: str) -> str:
    suffix = "-print-shop" if target == Target.PRINT_SHOP else ""
    return f"kyr-{paper}{suffix}.zip"


@dataclass
class DownloadJob:
    """One zip being made: its progress file, and the task making it."""

    id: str
    key: str
    filename: str
    progress: Path
    task: asyncio.Task[bytes] | None = None
    error: str = ""
    data: bytes | None = field(default=None, repr=False)
    counted: tuple[int, int] = (0, 0)  # (done, total) when it finished

    @property
    def state(self) -> str:
        if self.data is not None:
            return "ready"
        return "failed" if self.error else "running"

    def status(self) -> dict[str, object]:
        running = self.state == "running"
        done, total = rendering.read_progress(self.progress) if running else self.counted
        return {
            "state": self.state,
            "done": done,
            "total": total,
            "error": self.error,
            "download": f"/download-all/{self.id}.zip" if self.data is not None else "",
        }


def _key(checked: Checked) -> str:
    assert checked.community is not None
    parts = (checked.toml, " ".join(checked.community.languages), checked.paper, checked.target)
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class Jobs:
    """The server's "Download all" jobs (used from the event loop only)."""

    def __init__(self, renders: rendering.RenderService) -> None:
        self.renders = renders
        self._jobs: OrderedDict[str, DownloadJob] = OrderedDict()
        self._folder: Path | None = None

    def _progress_file(self, job_id: str) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="kyr-serve-"))
        return self._folder / f"{job_id}.progress"

    def start(self, checked: Checked) -> DownloadJob:
        """The job making `checked`'s zip: the one already running or ready for the
        same settings, else a new one (Busy when MAX_RUNNING are running)."""
        key = _key(checked)
        for job in self._jobs.values():
            if job.key == key and job.state != "failed":
                return job
        if sum(job.state == "running" for job in self._jobs.values()) >= MAX_RUNNING:
            raise rendering.Busy("other downloads are being made; try again shortly")
        job_id = secrets.token_hex(16)
        job = DownloadJob(job_id, key, zip_name(checked.paper, checked.target),
                  self._progress_file(job_id))  # fmt: skip
        assert checked.community is not None
        making = self.renders.everything(
            checked.toml, checked.community.languages, checked.paper, checked.target, job.progress
        )
        job.task = asyncio.get_running_loop().create_task(making)
        job.task.add_done_callback(lambda task: self._finished(job, task))
        self._jobs[job_id] = job
        self._forget_old()
        return job

    def _finished(self, job: DownloadJob, task: asyncio.Task[bytes]) -> None:
        job.counted = rendering.read_progress(job.progress)
        if task.cancelled():
            job.error = "stopped"
        elif isinstance(task.exception(), KyrError):
            job.error = str(task.exception())
        elif task.exception() is not None:
            job.error = "the files could not be made"
        else:
            job.data = task.result()
        job.progress.unlink(missing_ok=True)
        job.progress.with_suffix(".partial").unlink(missing_ok=True)
        self._forget_old()

    def _forget_old(self) -> None:
        finished = [job for job in self._jobs.values() if job.state != "running"]
        for job in finished[: max(0, len(finished) - KEPT)]:
            del self._jobs[job.id]

    def get(self, job_id: str) -> DownloadJob | None:
        return self._jobs.get(job_id) if _JOB.fullmatch(job_id) else None

    def close(self) -> None:
        for job in self._jobs.values():
            if job.task is not None:
                job.task.cancel()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
