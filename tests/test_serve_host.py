"""`kyr serve --host`: a loopback address is served as before; any other is refused
unless `--allow-remote`, which warns on stderr; the Host check then answers the bound
address too, and still refuses names (DNS rebinding) and posts from other sites."""

from __future__ import annotations

import asyncio
import socket

import pytest

from kyr.errors import CommandLineError, ExitStatus
from kyr.web.guards import LocalOnly
from kyr.web.hosts import allowed_host, listen_host, page_url, remote_warning
from kyr.web.server import bind, serving

from .conftest import run_kyr
from .test_serve import request

REFUSED_REMOTE = (
    "kyr: error: --host {0} would serve the page beyond this computer, to anyone who can "
    "reach it: add --allow-remote to do that (in a container: --host 0.0.0.0 "
    "--allow-remote)\n"
)


@pytest.fixture
def started(monkeypatch) -> list[str]:
    """The hosts `kyr serve` went on to serve, in place of serving them."""
    calls: list[str] = []

    def fake_serve(config, port, echo, note=None, host="127.0.0.1") -> None:
        calls.append(host)

    monkeypatch.setattr("kyr.web.server.serve", fake_serve)
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.5", "[2001:db8::1]"])
def test_a_host_beyond_this_computer_is_refused_without_allow_remote(host, started) -> None:
    result = run_kyr("serve", "--host", host, "--port", "0")
    assert result.returncode == ExitStatus.USAGE
    assert result.stderr == REFUSED_REMOTE.format(host.strip("[]"))
    assert result.stdout == "" and started == []


@pytest.mark.parametrize("host", ["example.org", "127.0.0.1x", "", "localhost.", "256.0.0.1"])
def test_a_host_that_is_no_ip_address_is_refused(host, started) -> None:
    result = run_kyr("serve", "--host", host, "--allow-remote", "--port", "0")
    assert result.returncode == ExitStatus.USAGE
    assert result.stderr == (
        f"kyr: error: --host {host!r}: not an IP address; give one such as 127.0.0.1, "
        "::1 or 0.0.0.0 (no name but localhost is looked up)\n"
    )
    assert started == []


def test_loopback_hosts_are_accepted_without_allow_remote(started) -> None:
    given = ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LocalHost"]
    assert [listen_host(host) for host in given] == [
        "127.0.0.1", "127.0.0.2", "::1", "::1", "127.0.0.1", "127.0.0.1"
    ]  # fmt: skip
    assert listen_host("::ffff:127.0.0.1")  # 127.0.0.1 written as IPv6
    result = run_kyr("serve", "--host", "localhost", "--port", "0")
    assert result.returncode == 0 and result.stderr == ""
    assert started == ["127.0.0.1"]  # a name is never looked up: localhost is 127.0.0.1
    with pytest.raises(CommandLineError):
        listen_host("10.0.0.1")


def test_allow_remote_warns_and_prints_where_to_open_the_page(monkeypatch) -> None:
    monkeypatch.setattr("uvicorn.Server.run", lambda server, sockets=None: None)
    result = run_kyr("serve", "--host", "0.0.0.0", "--allow-remote", "--port", "0")
    assert result.returncode == 0
    warning, using = result.stderr.splitlines()
    port = int(result.stdout.split("http://localhost:")[1].split("/")[0])
    assert warning == (
        f"kyr: warning: --allow-remote: anyone who can reach port {port} of any of this "
        "computer's addresses can use the page and see the details typed into it (there is "
        "no password); bind 0.0.0.0 only inside a container whose port is published to the "
        f"host's 127.0.0.1 (docker run -p 127.0.0.1:{port}:{port} ...)"
    )
    assert using.startswith("kyr: no --config and no ./kyr.toml here: the page opens with empty")
    assert result.stdout == (
        f"kyr serve: open http://localhost:{port}/ in your browser (listening on every "
        "address: from a container's host, open the port it publishes; Ctrl-C stops)\n"
    )


def test_a_server_on_every_address_answers_its_own_hosts_and_refuses_names() -> None:
    notes: list[str] = []
    with serving(host="0.0.0.0", note=notes.append) as address:
        port = int(address.rsplit(":", 1)[1].strip("/"))
        assert address == f"http://localhost:{port}/"
        assert notes[0] == remote_warning("0.0.0.0", port)
        base = f"http://127.0.0.1:{port}/"
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost:9000", "10.0.0.7"):
            assert request(base, "/favicon.ico", headers={"Host": host})[0] == 204, host
        for host in ("evil.example", f"localhost.evil.example:{port}", "127.0.0.1.nip.io"):
            assert request(base, "/favicon.ico", headers={"Host": host})[0] == 421, host


def test_the_host_check_answers_the_bound_address_and_loopback_names() -> None:
    assert allowed_host("192.0.2.5:8765", 8765, "192.0.2.5")
    assert allowed_host("localhost:8765", 8765, "192.0.2.5")
    assert allowed_host("[2001:db8::1]:8765", 8765, "2001:db8::1")
    assert allowed_host("[::1]:8765", 8765, "::1")
    for host in ("192.0.2.6:8765", "192.0.2.5:8766", "evil.example:8765", "192.0.2.5:x"):
        assert not allowed_host(host, 8765, "192.0.2.5"), host
    # Bound to 127.0.0.1 (the default) as before: no other address, no other port.
    for host in ("192.0.2.5:8765", "127.0.0.1:8766", "[::1]:8765", "10.0.0.7"):
        assert not allowed_host(host, 8765), host
    assert allowed_host("LOCALHOST:8765", 8765) and allowed_host("127.0.0.1", 8765)


def test_a_post_to_a_remote_address_must_come_from_its_own_page() -> None:
    guard = LocalOnly(_ok, port=8765, bound="192.0.2.5")
    own = {"host": "192.0.2.5:8765", "origin": "http://192.0.2.5:8765"}
    assert _status(guard, "POST", own) == 200
    assert _status(guard, "POST", {**own, "origin": "https://evil.example"}) == 403
    assert _status(guard, "GET", {"host": "evil.example"}) == 421
    assert _status(LocalOnly(_ok, port=8765), "GET", {"host": "192.0.2.5:8765"}) == 421


def test_page_urls_bracket_ipv6_and_name_localhost_for_every_address() -> None:
    assert page_url("127.0.0.1", 8765) == "http://127.0.0.1:8765/"
    assert page_url("::1", 8765) == "http://[::1]:8765/"
    assert page_url("0.0.0.0", 8765) == page_url("::", 8765) == "http://localhost:8765/"


def test_the_server_binds_ipv6_loopback_when_asked() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        sock = bind(0, "::1")
    except Exception as error:  # a container without ::1
        pytest.skip(f"cannot bind ::1: {error}")
    try:
        assert sock.family == socket.AF_INET6 and sock.getsockname()[0] == "::1"
    finally:
        sock.close()


async def _ok(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _status(app, method: str, headers: dict[str, str]) -> int:
    scope = {"type": "http", "method": method, "path": "/",
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()]}  # fmt: skip
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_serve_opens_with_the_kyr_toml_of_its_folder_or_with_empty_fields(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr("uvicorn.Server.run", lambda server, sockets=None: None)
    result = run_kyr("serve", "--port", "0", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.startswith("kyr: no --config and no ./kyr.toml here: the page opens")
    (tmp_path / "kyr.toml").write_text(
        'name = "Riverside Network"\nlanguages = ["en"]\n[hotline]\nnumber = "(951) 555-0100"\n'
        '[qr]\nurl = "https://riverside-rights.org/kyr"\n',
        encoding="utf-8",
    )
    result = run_kyr("serve", "--port", "0", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines() == ["kyr: using ./kyr.toml (Riverside Network)"]
