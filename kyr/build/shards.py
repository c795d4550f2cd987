"""Splitting a build over several machines: `kyr build --shard I/N` renders a
deterministic, balanced 1/N of the jobs (every configuration's, languages × products), so N runs
with I = 1..N make every piece exactly once; `kyr manifest merge` joins their folders."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kyr.build.request import Job, Shard
from kyr.errors import CommandLineError


def parse_shard(text: str) -> Shard:
    """"2/8" -> Shard(2, 8); anything else is one line saying what is expected."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*", text)
    if not match:
        raise CommandLineError(f"--shard {text!r}: expected I/N, e.g. 2/8")
    index, count = int(match[1]), int(match[2])
    if not 1 <= index <= count:
        raise CommandLineError(f"--shard {text}: I must be from 1 to N ({count})")
    return Shard(index, count)


def job_name(job: Job, configs: Sequence[str]) -> str:
    """A job's name, the same on every machine: its configuration and first file."""
    return f"{configs[job.build]}/{job.pieces[0].filename}"


def shard_jobs(jobs: Sequence[Job], configs: Sequence[str], shard: Shard) -> list[Job]:
    """Shard `shard`'s jobs. Jobs (a language's pieces, the signs sharing one size) are
    never split, so no piece is laid out by two shards. Biggest first, each job goes to
    the shard with the fewest pieces so far (ties: the lowest number), in an order fixed
    by the jobs' names: every machine computes the same split."""
    ordered = sorted(jobs, key=lambda job: (-len(job.pieces), job_name(job, configs)))
    loads = [0] * shard.count
    mine = []
    for job in ordered:
        target = min(range(shard.count), key=lambda i: (loads[i], i))
        loads[target] += len(job.pieces)
        if target == shard.index - 1:
            mine.append(job)
    return sorted(mine, key=lambda job: job_name(job, configs))
