"""Where `kyr serve` listens (`--host`, `--allow-remote`) and which Host headers it then
answers: pure decisions, read by kyr/web/server.py (the socket, the printed lines) and
kyr/web/guards.py (the Host check against DNS rebinding).

An address is an IP literal checked with `ipaddress`; `localhost` is the only name taken,
as 127.0.0.1, so what is bound never depends on a lookup."""

from __future__ import annotations

import ipaddress

from kyr.errors import CommandLineError

LOOPBACK = "127.0.0.1"
LOCAL_NAMES = ("127.0.0.1", "localhost")
WILDCARDS = ("0.0.0.0", "::")


def listen_host(given: str, allow_remote: bool = False) -> str:
    """The address `--host GIVEN` binds, in its canonical form: a loopback address always;
    any other only with `allow_remote`. Refused (exit 2): a name other than `localhost`, a
    string that is no IP address."""
    text = given.strip()
    if text.lower() == "localhost":
        return LOOPBACK
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        ip = ipaddress.ip_address(bare)
    except ValueError:
        raise CommandLineError(
            f"--host {given!r}: not an IP address; give one such as 127.0.0.1, ::1 or "
            "0.0.0.0 (no name but localhost is looked up)"
        ) from None
    host = str(ip)
    if not (is_loopback(host) or allow_remote):
        raise CommandLineError(
            f"--host {host} would serve the page beyond this computer, to anyone who can "
            "reach it: add --allow-remote to do that (in a container: --host 0.0.0.0 "
            "--allow-remote)"
        )
    return host


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 (and 127.0.0.0/8 written as an IPv4-mapped IPv6 address)."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host.lower() == "localhost"
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def page_url(host: str, port: int) -> str:
    """The address to open: the bound one, or `localhost` for every address (0.0.0.0,
    `::`), which is how this computer, or the host of a container publishing the port,
    reaches it."""
    name = "localhost" if host in WILDCARDS else host
    return f"http://{_in_url(name)}:{port}/"


def remote_warning(host: str, port: int) -> str:
    """What `--allow-remote` gives away, said on stderr when the socket is bound."""
    where = f"{_in_url(host)}:{port}"
    if host in WILDCARDS:
        where = f"port {port} of any of this computer's addresses"
    return (
        f"warning: --allow-remote: anyone who can reach {where} can use the "
        "page and see the details typed into it (there is no password); bind 0.0.0.0 only "
        "inside a container whose port is published to the host's 127.0.0.1 "
        f"(docker run -p 127.0.0.1:{port}:{port} ...)"
    )


def split_host_header(header: str) -> tuple[str, str]:
    """A Host header's (name, port): `localhost:8765`, `[::1]:8765`, `127.0.0.1`; the name
    lowercased and without brackets, the port '' when absent."""
    text = header.strip().lower()
    if text.startswith("["):
        name, _, rest = text[1:].partition("]")
        return name, rest[1:] if rest.startswith(":") else rest
    if text.count(":") > 1:  # an IPv6 address without brackets: no port can be told apart
        return text, ""
    name, _, port = text.partition(":")
    return name, port


def allowed_host(header: str, port: int | None, bound: str = LOOPBACK) -> bool:
    """True for a Host header naming this server: `localhost`, `127.0.0.1` or the bound
    address, bare or with the server's port. Bound to every address (0.0.0.0, `::`), any
    IP address and any port are answered too: the page is reached through a published
    port or another address of the machine, and no website can choose an IP literal for a
    Host header (DNS rebinding needs a name it controls)."""
    name, given = split_host_header(header)
    wildcard = bound in WILDCARDS
    if name not in LOCAL_NAMES and name != bound and not (wildcard and is_ip(name)):
        return False
    if given and not given.isdigit():
        return False
    return wildcard or not given or port is None or given == str(port)


def _in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host
