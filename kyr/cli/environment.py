"""What a run of `kyr` takes from the world around it, in one object: the working folder,
the environment variables and the standard streams (as httpie's `Environment`). `main`
uses the real process's by default; a test hands it its own, and nothing needs
`os.chdir` or a patched `os.environ`."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import click

from kyr import paths


@dataclass(frozen=True)
class Environment:
    """One run's surroundings. `cwd`: the folder relative paths on the command line and
    the defaults (`./kyr.toml`, `--out output`) are read against; `Path()` is the
    process's current folder. `environ`: where KYR_TEMPLATES and KYR_LOCALES are read
    (kyr's cache folder, XDG_CACHE_HOME, stays the process's: the fonts are pinned in it
    once per process). `stdin`, `stdout`, `stderr`: what `kyr init` reads its answers
    from and what kyr prints on; whether they are terminals is theirs to say (`isatty`)."""

    cwd: Path = Path()
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)


_current: ContextVar[Environment | None] = ContextVar("kyr_environment", default=None)


def current() -> Environment:
    """The environment of the run in progress (the process's own outside `main`)."""
    return _current.get() or Environment()


@contextlib.contextmanager
def running_in(env: Environment) -> Iterator[None]:
    """For the duration of the block: `env` is the current environment, relative paths
    are read against its folder, and the standard streams are its streams (click and
    kyr's progress line print on `sys.stdout`/`sys.stderr`)."""
    token = _current.set(env)
    streams = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = env.stdin, env.stdout, env.stderr
    try:
        with paths.working_in(env.cwd):
            yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        _current.reset(token)


class EnvironmentOption(click.Option):
    """An option that may come from an environment variable (`envvar=`), read from the
    current run's `Environment.environ` rather than the process's."""

    def resolve_envvar_value(self, ctx: click.Context) -> str | None:
        if not isinstance(self.envvar, str):
            return None
        return current().environ.get(self.envvar) or None


class WorkingPath(click.Path):
    """click's Path, with a relative path read against the run's working folder
    (`Environment.cwd`): unchanged when that is the process's current folder, so
    messages show paths as they were typed."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        folder = paths.working_folder()
        if folder != Path() and isinstance(value, (str, os.PathLike)) and str(value):
            value = folder / value  # an absolute value stays as it is
        return super().convert(value, param, ctx)
