"""`kyr serve`: the local web page (kyr/web/), on 127.0.0.1 unless `--host` (checked in
kyr/web/hosts.py) says otherwise. The socket is bound here, on that address and nowhere
else, before the server starts, so the address printed is the one listening (with
`--port 0`, a free port the system chose)."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kyr.errors import ExitStatus, KyrError
from kyr.web.hosts import WILDCARDS, is_loopback, page_url, remote_warning

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def bind(port: int, host: str = HOST) -> socket.socket:
    """A listening socket on `host`:`port` (0: any free port); `host` is an IP address
    (kyr/web/hosts.py `listen_host`)."""
    ipv6 = ":" in host
    sock = socket.socket(socket.AF_INET6 if ipv6 else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if ipv6 and host == "::":  # every address: IPv4 ones too, as 0.0.0.0 would
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise KyrError(
                f"port {port} is already in use: choose another with --port", ExitStatus.USAGE
            ) from None
        raise KyrError(
            f"cannot listen on {host} port {port}: {error.strerror}", ExitStatus.USAGE
        ) from None
    sock.listen(64)
    sock.setblocking(False)
    return sock


def address(sock: socket.socket) -> str:
    """The page's address: the one bound, or `localhost` when bound to every address."""
    host, port = sock.getsockname()[:2]
    return page_url(host, port)


#: What `kyr serve` says when it has no configuration to open with.
BLANK_NOTE = (
    "no --config and no ./kyr.toml here: the page opens with empty fields for your "
    "network's details (its \"Fill in the example\" button fills in the shipped sample)"
)


def server_for(
    sock: socket.socket,
    config: Path | None = None,
    note: Callable[[str], None] = lambda line: None,
):
    """A uvicorn server for the page on `sock`, prefilled from `config` (None: empty
    fields). An invalid file opens the page with its errors beside their fields; `note`
    hears which configuration is used, and its first error."""
    import uvicorn

    from kyr.config.choice import using_line
    from kyr.web.app import make_app
    from kyr.web.form import form_from_file

    initial = None
    if config is None:
        note(BLANK_NOTE)
    else:
        initial = form_from_file(config)
        if initial.errors:
            note(f"{using_line(config)}; fix its error on the page: {initial.message}")
        else:
            note(using_line(config, initial.name))
    bound, port = sock.getsockname()[:2]
    app = make_app(initial, port=port, bound=bound)
    settings = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, lifespan="on"
    )
    return uvicorn.Server(settings)


def _bound_server(port: int, config: Path | None, note: Callable[[str], None], host: str = HOST):
    """The socket bound to `host`:`port` and the server for it (`note` warns first when
    `host` is not this computer's own); the socket is closed again when the server cannot
    be made (an unreadable configuration, Ctrl-C while loading)."""
    sock = bind(port, host)
    if not is_loopback(host):
        note(remote_warning(host, sock.getsockname()[1]))
    try:
        return sock, server_for(sock, config, note)
    except BaseException:
        sock.close()
        raise


def serve(
    config: Path | None,
    port: int,
    echo: Callable[[str], None],
    note: Callable[[str], None] = lambda line: None,
    host: str = HOST,
) -> None:
    """Serve the page until Ctrl-C: bind `host` (an address `listen_host` accepted), say
    which configuration (`note`) and where (`echo`), run."""
    sock, server = _bound_server(port, config, note, host)
    echo(f"kyr serve: open {address(sock)} in your browser ({_who(host)}; Ctrl-C stops)")
    server.run(sockets=[sock])


def _who(host: str) -> str:
    """Who the printed address is for."""
    if is_loopback(host):
        return "this computer only"
    if host in WILDCARDS:
        return "listening on every address: from a container's host, open the port it publishes"
    return "any computer that can reach this address"


@contextlib.contextmanager
def serving(
    config: Path | None = None,
    port: int = 0,
    note: Callable[[str], None] = lambda line: None,
    host: str = HOST,
) -> Iterator[str]:
    """The page served from a thread of this process while the block runs (tests, the
    load check, screenshots); yields its address."""
    sock, server = _bound_server(port, config, note, host)
    run = contextvars.copy_context().run  # the thread serves with this run's data folders
    thread = threading.Thread(target=run, args=(server.run,), kwargs={"sockets": [sock]})
    thread.daemon = True
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise KyrError("kyr serve did not start")
            time.sleep(0.02)
        yield address(sock)
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
