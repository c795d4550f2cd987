"""What stands between the network and the page's routes: requests naming another Host
(DNS rebinding) or posted from another site are refused, every response forbids loading
anything from elsewhere (Content-Security-Policy), a request body is read up to a bound,
and an error no route expected is one line in the log, never a traceback."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kyr.errors import KyrError, one_line
from kyr.web.hosts import LOOPBACK, allowed_host

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Same-origin: the page's own posts carry their Origin, which is checked.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
MAX_BODY = 64 * 1024  # a form is a few hundred bytes; the configuration's own limit
logger = logging.getLogger("kyr.web.server")


class LocalOnly:
    """Refuses requests whose Host is not this server's name (421: `localhost`,
    127.0.0.1 or the address bound, kyr/web/hosts.py), and posts whose Origin is another
    site (403); adds the security headers to every response."""

    def __init__(self, app: ASGIApp, port: int | None = None, bound: str = LOOPBACK) -> None:
        self.app = app
        self.port = port
        self.bound = bound

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        refusal: Response | None = None
        if not allowed_host(host, self.port, self.bound):
            refusal = PlainTextResponse("kyr answers only its own address (Host refused)", 421)
        elif scope["method"] not in ("GET", "HEAD") and not _same_origin(headers, host):
            refusal = PlainTextResponse("kyr refuses forms posted from another site", 403)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": raw}
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)


def _same_origin(headers: dict[str, str], host: str) -> bool:
    """A post from the page itself: its Origin is this server, or (a browser that hides
    the origin) the browser says it is same-origin. A client without either header is
    not a browser (curl, a script on this machine) and cannot be made to post by a
    website."""
    origin = headers.get("origin")
    site = headers.get("sec-fetch-site")
    if origin is None or origin == "null":
        return site == "same-origin" or (origin is None and site is None)
    return urlsplit(origin).netloc.lower() == host.lower()


class TooLarge(Exception):
    """A request body over MAX_BODY: cut off there, answered 413."""


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request's body, read as it streams in and refused as soon as it passes
    `limit` (a declared Content-Length over it is refused before anything is read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def too_large(request: Request, error: Exception) -> Response:
    return PlainTextResponse(f"request too large (over {MAX_BODY // 1024} KiB)", 413)


class OneLineErrors:
    """Anything a route did not expect: one line in the log and a plain answer (422 for
    kyr's own errors, else 500), never a traceback (Starlette's own last resort logs one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            line = one_line(f"{type(error).__name__}: {error}")
            logger.error("kyr serve: %s %s failed: %s", scope["method"], scope["path"], line)
            if started:
                return  # the answer is under way: the client sees it cut short
            if isinstance(error, KyrError):
                response = PlainTextResponse(str(error), 422)
            else:
                response = PlainTextResponse(
                    f"kyr could not make this ({line}); `kyr --traceback serve` shows where",
                    500,
                )
            await response(scope, receive, send)
