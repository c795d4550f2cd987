"""Every failure as one line on stderr and its exit code: no tracebacks, unless
`kyr --traceback` asked for them."""

from __future__ import annotations

import os
import sys

import click

from kyr.errors import ExitStatus, KyrError


def fail(error: KyrError) -> None:
    click.echo(f"kyr: error: {error}", err=True)
    sys.exit(int(error.status))


def as_kyr_error(error: BaseException) -> KyrError:
    """Any failure as one line with an exit code (the full error: `kyr --traceback`)."""
    if isinstance(error, KyrError):
        return error
    if isinstance(error, KeyboardInterrupt):
        return KyrError("stopped (Ctrl-C or SIGTERM)", ExitStatus.INTERRUPTED)
    if isinstance(error, MemoryError):
        return KyrError("out of memory", ExitStatus.ERROR)
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return KyrError(f"{error.strerror or error}{where}", ExitStatus.ERROR)
    return KyrError(
        f"internal error: {type(error).__name__}: {error} (run `kyr --traceback ...` to see "
        "where, and please report it)",
        ExitStatus.ERROR,
    )


def stop_quietly_on_closed_pipe() -> None:
    """The program reading kyr's output stopped reading (`kyr languages | head`): nothing
    is wrong, so nothing is said. What is left to print goes nowhere, and the exit status
    is the shell's for a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(int(ExitStatus.PIPE_CLOSED))


class Group(click.Group):
    """Turns every failure into one line on stderr and its exit code: no tracebacks,
    unless `kyr --traceback` asked for them."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            stop_quietly_on_closed_pipe()
        except BaseException as error:
            if (ctx.find_root().obj or {}).get("traceback"):
                raise
            fail(as_kyr_error(error))
