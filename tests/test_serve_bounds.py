"""kyr serve stays bounded: a body is cut at its limit as it streams in, a full queue is
answered 503 with Retry-After, a preview nobody waits for any more is cancelled, and an
unexpected failure is one line in the log and a plain answer, never a traceback."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import time
from concurrent.futures import Future
from urllib.parse import urlsplit

import pytest

from kyr.web import rendering
from kyr.web.app import make_app
from kyr.web.guards import MAX_BODY
from kyr.web.server import serving

from .test_serve import FORM, request


@pytest.fixture(scope="module")
def server() -> str:
    with serving() as address:
        yield address


def test_a_huge_chunked_body_is_cut_at_the_limit(server) -> None:
    """1 GB announced in chunks: refused after 64 KiB, without reading the rest."""
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("POST", "/api/preview")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Origin", server.rstrip("/"))
    connection.endheaders()
    chunk = b"a=" + b"x" * (64 * 1024)
    sent = 0
    try:
        for _ in range(16_000):  # up to 1 GB, stopped as soon as the server answers
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
            if sent > 4 * MAX_BODY:
                break
        response = connection.getresponse()
    except (BrokenPipeError, ConnectionResetError):
        pytest.fail("the server should answer, not drop the connection")
    assert response.status == 413
    connection.close()


def test_a_declared_oversized_body_is_refused_before_it_is_read(server) -> None:
    big = {"name": "x" * (MAX_BODY + 10)}
    status, _, body = request(server, "/api/preview", big, {"Origin": server.rstrip("/")})
    assert status == 413 and b"too large" in body


def asgi_post(
    app, path: str, form: dict, method: str = "POST"
) -> tuple[int, dict[str, str], bytes]:
    """POST a form (or GET) to the ASGI `app` in this process: (status, headers, body)."""
    from urllib.parse import urlencode

    body = urlencode(form).encode()
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"origin", b"http://127.0.0.1:8000"),
                    (b"content-type", b"application/x-www-form-urlencoded"),
                    (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive() -> dict:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    data = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, data


class FakePool:
    """Takes renders and never runs them: each stays queued until the test decides."""

    def __init__(self, held: list[Future]) -> None:
        self.held = held

    def submit(self, function, request) -> Future:
        future: Future = Future()
        self.held.append(future)
        return future


def test_a_full_queue_answers_503_with_retry_after(monkeypatch) -> None:
    service = rendering.RenderService(workers=1, max_queued=2)
    held: list[Future] = []
    monkeypatch.setattr(service, "_executor", lambda: FakePool(held))
    requests = [rendering.Request("name = 'x'", "card", lang, "letter", "home")
                for lang in ("es", "ar", "vi")]  # fmt: skip
    service.submit(requests[0])
    service.submit(requests[1])
    with pytest.raises(rendering.Busy):
        service.submit(requests[2])
    assert service.submit(requests[0]) is held[0]  # the same render, shared, is no extra load

    app = make_app(port=8000)
    renders = app.app.state.renders  # LocalOnly wraps the Starlette app
    monkeypatch.setattr(renders, "_executor", lambda: FakePool(held))
    monkeypatch.setattr(renders, "max_queued", 0)
    status, headers, body = asgi_post(app, "/api/preview", FORM)
    assert status == 503
    assert headers["retry-after"] == "2"
    assert json.loads(body)["busy"] is True
    status, _, page = asgi_post(app, "/", {}, method="GET")
    assert status == 200 and b"<form" in page  # the page itself is never refused


def test_a_preview_whose_client_left_is_cancelled_before_it_starts(monkeypatch) -> None:
    service = rendering.RenderService(workers=1)
    held: list[Future] = []
    monkeypatch.setattr(service, "_executor", lambda: FakePool(held))
    request_ = rendering.Request("name = 'x'", "card", "es", "letter", "home")
    left = {"first": False, "second": False}

    async def scenario() -> None:
        async def gone_first() -> bool:
            return left["first"]

        async def gone_second() -> bool:
            return left["second"]

        first = asyncio.ensure_future(service.piece(request_, gone=gone_first))
        second = asyncio.ensure_future(service.piece(request_, gone=gone_second))
        await asyncio.sleep(0.3)
        left["first"] = True  # one client leaves: the other still waits
        await asyncio.sleep(0.6)
        assert not held[0].cancelled()
        left["second"] = True  # the last one leaves: the render is dropped
        for task in (first, second):
            with pytest.raises(rendering.ClientGone):
                await task

    asyncio.run(scenario())
    assert len(held) == 1 and held[0].cancelled()
    assert service.queued() == 0


def test_an_unexpected_failure_is_one_line_in_the_log_and_a_plain_500(monkeypatch, caplog):
    app = make_app(port=8000)

    def broken(form, languages, products):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr("kyr.web.app.check_form", broken)
    with caplog.at_level(logging.ERROR):
        status, _, body = asgi_post(app, "/api/preview", FORM)
    assert status == 500
    assert b"something unforeseen" in body and b"Traceback" not in body
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(records) == 1 and "\n" not in records[0].getMessage()
    assert records[0].exc_info is None


def test_the_page_still_answers_while_previews_wait(server) -> None:
    start = time.monotonic()
    status, _, _ = request(server, "/")
    assert status == 200 and time.monotonic() - start < 10
