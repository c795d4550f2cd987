"""The page's routes, on Starlette (see the README for why).

    GET  /                     the page, prefilled from `--config` (with its errors, if any)
    POST /                     the same page after "Update preview" (works without script)
    POST /api/preview          the form checked and the piece rendered: JSON for app.js
    GET  /preview/KEY/N.png    page N of a rendered piece, from the render cache
    POST /download             the piece's PDF (the file the preview was made from)
    POST /download-all         every product in the chosen languages: a zip with manifest
    POST /api/download-all     the same zip as a job the script watches (kyr/web/download_all.py):
    GET  /api/download-all/JOB   how far it is ("3 of 12"), then
    GET  /download-all/JOB.zip   the zip
    POST /example              the page filled in with the shipped sample's details
    POST /settings             the settings as a TOML file `kyr build --config` accepts
    GET  /static/…, /fonts/…   the page's stylesheet, script and kyr's own fonts

Each route is a small handler; what the server was started with is one `PageState`, in
the application's state. Every request first passes kyr/web/guards.py: addressed to
this server, no post from another site, a bounded body, no traceback in an answer."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from kyr import paths
from kyr.errors import KyrError
from kyr.i18n.languages import SOURCE_LANGUAGE
from kyr.web import rendering, ui, words
from kyr.web.download_all import Jobs, zip_name
from kyr.web.form import (
    SETTINGS_NAME,
    Checked,
    FormData,
    InitialForm,
    check_form,
    form_from_file,
    form_from_pairs,
)
from kyr.web.form_errors import translated
from kyr.web.form_start import blank_form, is_blank
from kyr.web.guards import LocalOnly, OneLineErrors, TooLarge, read_body, too_large

_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass
class PageState:
    """What the server was started with: the form, and the configuration file's errors
    (shown until the form is posted), or `blank` (no configuration: empty fields, and no
    error until the visitor has typed); and the renders, shared by every request."""

    initial: FormData
    initial_errors: dict[str, str] = field(default_factory=dict)
    blank: bool = False
    renders: rendering.RenderService = field(default_factory=rendering.RenderService)


def make_app(
    initial: InitialForm | None = None, port: int | None = None, bound: str = "127.0.0.1"
) -> ASGIApp:
    """The page's application; `initial` prefills the form (`kyr serve --config`, or
    ./kyr.toml; None: empty fields); `port` and `bound`, where it listens, name the Host
    it answers."""
    if initial is None:
        state = PageState(blank_form(), blank=True)
    else:
        state = PageState(initial.form, dict(initial.errors))
    app = Starlette(
        routes=_routes(),
        lifespan=_lifespan,
        middleware=[Middleware(OneLineErrors)],
        exception_handlers={TooLarge: too_large, rendering.Busy: _busy},
    )
    app.state.page = state
    app.state.renders = state.renders
    app.state.jobs = Jobs(state.renders)
    return LocalOnly(app, port, bound)


def _routes() -> list[BaseRoute]:
    return [
        # the page
        Route("/", index, methods=["GET", "POST"]),
        Route("/example", example, methods=["POST"]),
        Route("/fonts.css", fonts_css),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=ui.STATIC), name="static"),
        Mount("/fonts", StaticFiles(directory=paths.fonts_dir()), name="fonts"),
        # the preview
        Route("/api/preview", preview, methods=["POST"]),
        Route("/preview/{key}/{number:int}.png", preview_image),
        # the downloads
        Route("/download", download, methods=["POST"]),
        Route("/download-all", download_all, methods=["POST"]),
        Route("/api/download-all", start_download_all, methods=["POST"]),
        Route("/api/download-all/{job}", download_all_status),
        Route("/download-all/{job}.zip", download_all_zip),
        # the settings
        Route("/settings", settings, methods=["POST"]),
    ]


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    words.warm(tuple(ui.interface_languages()))  # before the first visitor, not during a render
    yield
    app.state.jobs.close()
    app.state.renders.close()  # the workers stop with the server


def _jobs(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.jobs
    return jobs


def _state(request: Request) -> PageState:
    state: PageState = request.app.state.page
    return state


# -- the page --


async def index(request: Request) -> Response:
    if request.method == "POST":
        form = await _form(request)
        if form.get("ui") and is_blank(form):  # the page's language changed, nothing typed
            return await _page(request, form, None, wait=False, blank=True)
        return await _page(request, form, _check(form))
    state = _state(request)
    if state.blank:  # nothing typed yet: no error to show, nothing to preview
        code = _interface(request).code  # the piece in the visitor's language, to start
        form = FormData({**state.initial.values, "lang": code}, (code,))
        return await _page(request, form, None, wait=False, blank=True)
    checked = _check(state.initial)
    if state.initial_errors:  # the file's own, beside their fields: no preview yet
        checked = replace(checked, errors={**checked.errors, **state.initial_errors})
    return await _page(request, state.initial, checked, wait=False)


async def example(request: Request) -> Response:
    """The page filled in with the shipped sample's details ("Fill in the example")."""
    form = form_from_file(paths.sample_config()).form
    code = _interface(request).code
    if code in form.languages:  # its piece in the visitor's language, when it has it
        form = FormData({**form.values, "lang": code}, form.languages)
    return await _page(request, form, _check(form))


async def fonts_css(request: Request) -> Response:
    return Response(ui.fonts_css(), media_type="text/css")


async def _page(request: Request, form: FormData, checked: Checked | None, error: str = "",
                wait: bool = True, blank: bool = False) -> HTMLResponse:  # fmt: skip
    """The page; with `wait`, after its preview is rendered (a post without script),
    else with the preview only if it is ready (the script asks for it). A `blank` form
    shows no error for what has not been typed yet."""
    from kyr.i18n.languages import load_registry

    previews: list[str] = []
    if checked is not None and checked.ok:
        previews, error = await _page_previews(_state(request), checked, error, wait)
    interface = _interface(request, form)
    html = ui.render_page(
        "page.html",
        interface,
        form=form,
        blank=blank,
        **_errors_in_words(interface, checked.errors if checked else {}),
        error=error,
        previews=previews,
        registry=load_registry(),
        interface_languages=ui.interface_languages(),
        products=words.product_names(interface.code),
        papers=words.paper_names(interface.code),
        language_names=words.language_names(interface.code),
        script_class=ui.script_class,
    )
    status = 200 if checked is None or checked.ok else 422
    return HTMLResponse(html, status)


async def _page_previews(
    state: PageState, checked: Checked, error: str, wait: bool
) -> tuple[list[str], str]:
    """The page's preview images and error line: rendered first with `wait`, else only
    those ready (the render is started for the script to ask for)."""
    render = _render_request(checked)
    try:
        if wait:
            piece: rendering.Preview | None = await state.renders.piece(render)
        else:
            piece = state.renders.cached(render.key)
            if piece is None:
                state.renders.submit(render)  # under way when the script asks
        if piece is not None:
            return _preview_addresses(render.key, piece), error
    except rendering.Busy as busy:  # the page itself is never refused
        if wait:
            error = str(busy)
    except KyrError as problem:
        error = str(problem)
    return [], error


# -- the preview --


async def preview(request: Request) -> Response:
    checked = _check(await _form(request))
    if not checked.ok:
        return JSONResponse({**_errors_in_words(_interface(request), checked.errors),
                             "previews": []}, 422)  # fmt: skip
    render = _render_request(checked)
    try:
        piece = await _state(request).renders.piece(render, gone=request.is_disconnected)
    except rendering.ClientGone:
        return Response(status_code=204)  # nobody is there to read it
    except KyrError as problem:
        return JSONResponse({"errors": {"form": str(problem)}, "previews": []}, 422)
    return JSONResponse(
        {
            "errors": {},
            "filename": piece.filename,
            "previews": _preview_addresses(render.key, piece),
        }
    )


async def preview_image(request: Request) -> Response:
    key, number = request.path_params["key"], request.path_params["number"]
    piece = _state(request).renders.cached(key) if _KEY.fullmatch(key) else None
    if piece is None or number >= len(piece.previews):
        return PlainTextResponse("no such preview (it may have been replaced)", 404)
    return Response(piece.previews[number], media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})  # fmt: skip


def _preview_addresses(key: str, piece: rendering.Preview) -> list[str]:
    return [f"/preview/{key}/{n}.png" for n in range(len(piece.previews))]


# -- the downloads --


async def download(request: Request) -> Response:
    form = await _form(request)
    checked = _check(form)
    if not checked.ok:
        return await _page(request, form, checked)
    try:
        piece = await _state(request).renders.piece(_render_request(checked))
    except KyrError as problem:
        return await _page(request, form, checked, str(problem))
    return _attachment(piece.pdf, "application/pdf", piece.filename)


async def download_all(request: Request) -> Response:
    form = await _form(request)
    checked = _check(form)
    if not checked.ok or checked.community is None:
        return await _page(request, form, checked)
    try:
        data = await _state(request).renders.everything(
            checked.toml, checked.community.languages, checked.paper, checked.target
        )
    except KyrError as problem:
        return await _page(request, form, checked, str(problem))
    return _attachment(data, "application/zip", zip_name(checked.paper, checked.target))


async def start_download_all(request: Request) -> Response:
    checked = _check(await _form(request))
    if not checked.ok:
        return JSONResponse(_errors_in_words(_interface(request), checked.errors), 422)
    job = _jobs(request).start(checked)
    return JSONResponse({"job": job.id, "status": f"/api/download-all/{job.id}",
                         **job.status()}, 202)  # fmt: skip


async def download_all_status(request: Request) -> Response:
    job = _jobs(request).get(request.path_params["job"])
    if job is None:
        return JSONResponse({"state": "failed", "error": "no such download"}, 404)
    return JSONResponse(job.status())


async def download_all_zip(request: Request) -> Response:
    job = _jobs(request).get(request.path_params["job"])
    if job is None or job.data is None:
        return PlainTextResponse("no such download (it may have been replaced)", 404)
    return _attachment(job.data, "application/zip", job.filename)


# -- the settings --


async def settings(request: Request) -> Response:
    form = await _form(request)
    checked = _check(form)
    if not checked.ok:
        return await _page(request, form, checked)
    return _attachment(checked.toml.encode("utf-8"), "application/toml", SETTINGS_NAME)


# -- what the handlers share --


def _products() -> dict[str, tuple[str, ...]]:
    from kyr.content.products import public_products

    # A message or an image has no PDF to preview: the zip of every product holds it.
    return {pid: p.papers for pid, p in public_products().items() if p.is_pdf}


def _check(form: FormData) -> Checked:
    from kyr.i18n.languages import load_registry

    return check_form(form, tuple(load_registry()), _products())


async def _form(request: Request) -> FormData:
    body = await read_body(request)
    return form_from_pairs(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _interface(request: Request, form: FormData | None = None) -> ui.Interface:
    asked = request.query_params.get("ui") or (form.get("ui") if form else None)
    return ui.interface(ui.negotiate(asked, request.headers.get("accept-language", "")))


def _errors_in_words(interface: ui.Interface, errors: dict[str, str]) -> dict[str, object]:
    """The errors by field in the page's language where it knows them (the loader's own
    English on the English page), and `english`: the fields whose error stays English."""
    if interface.code == SOURCE_LANGUAGE:
        return {"errors": errors, "english": list(errors)}
    words, english = translated(errors, interface.gettext)
    return {"errors": words, "english": english}


def _render_request(checked: Checked) -> rendering.Request:
    return rendering.Request(
        checked.toml, checked.product, checked.lang, checked.paper, checked.target
    )


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _busy(request: Request, error: Exception) -> Response:
    retry = str(rendering.Busy.retry_after)
    message = str(error) or "busy"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"errors": {"form": message}, "previews": [], "busy": True}, 503,
                            headers={"Retry-After": retry})  # fmt: skip
    return PlainTextResponse(message, 503, headers={"Retry-After": retry})
