"""Commands for getting started: `kyr init` writes a configuration, `kyr serve` opens the
local web page."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click

from kyr.cli.environment import WorkingPath
from kyr.cli.options import (
    Range,
    serve_config_option,
)
from kyr.errors import ExitStatus, KyrError


@click.command()
@click.argument(
    "file", type=WorkingPath(path_type=Path, dir_okay=False), default="kyr.toml", required=False
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option(
    "--fresh",
    is_flag=True,
    help="Ask afresh, without offering the answers kept from an unfinished `kyr init`.",
)
def init(file: Path, force: bool, fresh: bool) -> None:
    """Write a community configuration FILE (default kyr.toml, which the other commands
    use when run in its folder) by answering questions."""
    from kyr.config.wizard import run_init

    def ask(question: str, default: str | None) -> str:
        with _line_ended_on_abort():
            return click.prompt(question, default=default, show_default=bool(default))

    def confirm(question: str, default: bool) -> bool:
        with _line_ended_on_abort():
            return click.confirm(question, default=default)

    try:
        run_init(file, force, prompt=ask, confirm=confirm, echo=click.echo,
                 note=lambda line: click.echo(f"kyr: {line}", err=True), fresh=fresh)  # fmt: skip
    except click.Abort:  # Ctrl-C or end of input while asking
        raise KyrError(f"init stopped; nothing written to {file}", ExitStatus.INTERRUPTED) from None


@contextlib.contextmanager
def _line_ended_on_abort() -> Iterator[None]:
    """Ctrl-C or end of input at a question: what follows starts on a line of its own."""
    try:
        yield
    except click.Abort:
        click.echo(err=True)
        raise


@click.command()
@serve_config_option
@click.option(
    "--port",
    type=Range(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    metavar="ADDRESS",
    default="127.0.0.1",
    show_default=True,
    help="IP address to listen on. A loopback one (127.0.0.1, ::1, localhost) serves this "
    "computer only; any other (0.0.0.0: every address) needs --allow-remote.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Listen on a --host other computers can reach: anyone who can reach it can use "
    "the page and see what is typed into it (no password). For a container: --host "
    "0.0.0.0 --allow-remote, with the port published to the host's 127.0.0.1 only.",
)
def serve(config_path: Path | None, port: int, host: str, allow_remote: bool) -> None:
    """Serve a web page for making PDFs without the command line, on 127.0.0.1 unless
    --host says otherwise: a form prefilled from --config or ./kyr.toml (its errors
    shown beside their fields; empty fields when there is neither, the sample one
    button away), a live preview, downloads and Save settings."""
    from kyr.config.choice import found_here
    from kyr.web.hosts import listen_host
    from kyr.web.server import serve as run_server

    address = listen_host(host, allow_remote)  # refused before anything is read or bound
    run_server(config_path or found_here(), port, echo=click.echo,
               note=lambda line: click.echo(f"kyr: {line}", err=True), host=address)  # fmt: skip
