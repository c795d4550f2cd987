"""The page's routes, on Starlette (see the README for why).

    GET  /                     the page, prefilled from `--config` (with its errors, if any)
    POST /                     the same page after "Update preview" (works without script)
    POST /api/preview          the form checked and the piece rendered: JSON for app.js
    GET  /preview/KEY/N.png    page N of a rendered piece, from the render cache
    POST /download             the piece's PDF (the file the preview was made from)
    POST /download-all         every product in the chosen languages: a zip with manifest
    POST /settings             the settings as a TOML file `kyr build --config` accepts
    GET  /static/…, /fonts/…   the page's stylesheet, script and kyr's own fonts

Every response forbids loading anything from elsewhere (Content-Security-Policy);
requests naming another Host (DNS rebinding) or posted from another site are refused."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kyr import paths
from kyr.choices import Paper, Target
from kyr.errors import KyrError, one_line
from kyr.web import rendering, ui
from kyr.web.form import (
    SETTINGS_NAME,
    Checked,
    FormData,
    InitialForm,
    check_form,
    form_from_file,
    form_from_pairs,
)

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
LOCAL_HOSTS = ("127.0.0.1", "localhost")
MAX_BODY = 64 * 1024  # a form is a few hundred bytes; the configuration's own limit
_KEY = re.compile(r"[0-9a-f]{32}")
logger = logging.getLogger("kyr.web.server")


def allowed_host(host: str, port: int | None) -> bool:
    """True for `localhost` or `127.0.0.1`, bare or with the server's port."""
    name, _, given = host.lower().rpartition(":") if ":" in host else (host.lower(), "", "")
    if name not in LOCAL_HOSTS:
        return False
    return not given or port is None or given == str(port)


class LocalOnly:
    """Refuses requests whose Host is not this machine's loopback name (421), and posts
    whose Origin is another site (403); adds the security headers to every response."""

    def __init__(self, app: ASGIApp, port: int | None = None) -> None:
        self.app = app
        self.port = port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        refusal: Response | None = None
        if not allowed_host(host, self.port):
            refusal = PlainTextResponse("kyr serves this machine only (Host refused)", 421)
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


@dataclass
class PageState:
    """What the server was started with: the form, and the configuration file's errors
    (shown until the form is posted)."""

    initial: FormData
    initial_errors: dict[str, str] = field(default_factory=dict)
    renders: rendering.RenderService = field(default_factory=rendering.RenderService)


def _products() -> dict[str, tuple[str, ...]]:
    from kyr.content.products import public_products

    return {pid: product.papers for pid, product in public_products().items()}


def _product_titles() -> dict[str, str]:
    from kyr.content.products import public_products

    return {pid: product.title for pid, product in public_products().items()}


def _check(form: FormData) -> Checked:
    from kyr.i18n.languages import load_registry

    return check_form(form, tuple(load_registry()), _products())


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


async def _form(request: Request) -> FormData:
    body = await read_body(request)
    return form_from_pairs(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _interface(request: Request, form: FormData | None = None) -> ui.Interface:
    asked = request.query_params.get("ui") or (form.get("ui") if form else None)
    return ui.interface(ui.negotiate(asked, request.headers.get("accept-language", "")))


def _render_request(checked: Checked) -> rendering.Request:
    return rendering.Request(
        checked.toml, checked.product, checked.lang, checked.paper, checked.target
    )


def make_app(initial: InitialForm | None = None, port: int | None = None) -> ASGIApp:
    """The page's application; `initial` prefills the form (`kyr serve --config`;
    default: the shipped sample)."""
    from kyr.i18n.languages import load_registry

    if initial is None:
        initial = form_from_file(paths.sample_config())
    state = PageState(initial.form, dict(initial.errors))

    async def page(request: Request, form: FormData, checked: Checked | None,
                   error: str = "", wait: bool = True) -> HTMLResponse:  # fmt: skip
        """The page; with `wait`, after its preview is rendered (a post without script),
        else with the preview only if it is ready (the script asks for it)."""
        interface = _interface(request, form)
        previews: list[str] = []
        if checked is not None and checked.ok:
            render = _render_request(checked)
            try:
                if wait:
                    piece: rendering.Preview | None = await state.renders.piece(render)
                else:
                    piece = state.renders.cached(render.key)
                    if piece is None:
                        state.renders.submit(render)  # under way when the script asks
                if piece is not None:
                    count = len(piece.previews)
                    previews = [f"/preview/{render.key}/{n}.png" for n in range(count)]
            except rendering.Busy as busy:  # the page itself is never refused
                if wait:
                    error = str(busy)
            except KyrError as problem:
                error = str(problem)
        html = ui.render_page(
            "page.html",
            interface,
            form=form,
            errors=checked.errors if checked else {},
            error=error,
            previews=previews,
            registry=load_registry(),
            interface_languages=ui.interface_languages(),
            products=_product_titles(),
            papers=tuple(Paper),
            script_class=ui.script_class,
        )
        status = 200 if checked is None or checked.ok else 422
        return HTMLResponse(html, status)

    async def index(request: Request) -> Response:
        if request.method == "POST":
            form = await _form(request)
            return await page(request, form, _check(form))
        checked = _check(state.initial)
        if state.initial_errors:  # the file's own, beside their fields: no preview yet
            checked = replace(checked, errors={**checked.errors, **state.initial_errors})
        return await page(request, state.initial, checked, wait=False)

    async def preview(request: Request) -> Response:
        checked = _check(await _form(request))
        if not checked.ok:
            return JSONResponse({"errors": checked.errors, "previews": []}, 422)
        render = _render_request(checked)
        try:
            piece = await state.renders.piece(render, gone=request.is_disconnected)
        except rendering.ClientGone:
            return Response(status_code=204)  # nobody is there to read it
        except KyrError as problem:
            return JSONResponse({"errors": {"form": str(problem)}, "previews": []}, 422)
        return JSONResponse(
            {
                "errors": {},
                "filename": piece.filename,
                "previews": [f"/preview/{render.key}/{n}.png" for n in range(len(piece.previews))],
            }
        )

    async def preview_image(request: Request) -> Response:
        key, number = request.path_params["key"], request.path_params["number"]
        piece = state.renders.cached(key) if _KEY.fullmatch(key) else None
        if piece is None or number >= len(piece.previews):
            return PlainTextResponse("no such preview (it may have been replaced)", 404)
        return Response(piece.previews[number], media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})  # fmt: skip

    async def download(request: Request) -> Response:
        form = await _form(request)
        checked = _check(form)
        if not checked.ok:
            return await page(request, form, checked)
        try:
            piece = await state.renders.piece(_render_request(checked))
        except KyrError as problem:
            return await page(request, form, checked, str(problem))
        return _attachment(piece.pdf, "application/pdf", piece.filename)

    async def download_all(request: Request) -> Response:
        form = await _form(request)
        checked = _check(form)
        if not checked.ok or checked.community is None:
            return await page(request, form, checked)
        try:
            data = await state.renders.everything(
                checked.toml, checked.community.languages, checked.paper, checked.target
            )
        except KyrError as problem:
            return await page(request, form, checked, str(problem))
        suffix = "-print-shop" if checked.target == Target.PRINT_SHOP else ""
        return _attachment(data, "application/zip", f"kyr-{checked.paper}{suffix}.zip")

    async def settings(request: Request) -> Response:
        form = await _form(request)
        checked = _check(form)
        if not checked.ok:
            return await page(request, form, checked)
        return _attachment(checked.toml.encode("utf-8"), "application/toml", SETTINGS_NAME)

    async def fonts_css(request: Request) -> Response:
        return Response(ui.fonts_css(), media_type="text/css")

    routes = [
        Route("/", index, methods=["GET", "POST"]),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/preview/{key}/{number:int}.png", preview_image),
        Route("/download", download, methods=["POST"]),
        Route("/download-all", download_all, methods=["POST"]),
        Route("/settings", settings, methods=["POST"]),
        Route("/fonts.css", fonts_css),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=ui.STATIC), name="static"),
        Mount("/fonts", StaticFiles(directory=paths.fonts_dir()), name="fonts"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.renders.close()  # the workers stop with the server

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(OneLineErrors)],
        exception_handlers={TooLarge: _too_large, rendering.Busy: _busy},
    )
    app.state.renders = state.renders
    return LocalOnly(app, port)


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _too_large(request: Request, error: Exception) -> Response:
    return PlainTextResponse(f"request too large (over {MAX_BODY // 1024} KiB)", 413)


async def _busy(request: Request, error: Exception) -> Response:
    retry = str(rendering.Busy.retry_after)
    message = str(error) or "busy"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"errors": {"form": message}, "previews": [], "busy": True}, 503,
                            headers={"Retry-After": retry})  # fmt: skip
    return PlainTextResponse(message, 503, headers={"Retry-After": retry})


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
