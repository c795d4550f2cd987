"""HTML to PDF with WeasyPrint: pinned fonts, a restricted fetcher, renderer warnings
turned into errors, and no dates or paths in the output (same input, same bytes).

WeasyPrint is imported lazily: commands that render nothing stay fast."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kyr import paths
from kyr.errors import ExitStatus, KyrError, RenderError
from kyr.fonts.pinned import pin_fonts
from kyr.i18n.span_languages import install as install_span_languages
from kyr.render.cffi_arrays import install as install_array_types
from kyr.render.fetcher import FetchRefused, make_fetcher

#: Sheet layouts kept for reuse (`Renderer.layout(same_but_metadata=True)`), per paper and
#: product: a handful in a build.
MAX_FRAMES = 16
_ROOT_LANG = re.compile(r'<html lang="[^"]*"')
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)

#: WeasyPrint's PDF variant for every PDF kyr writes unless asked otherwise: tagged, with
#: the document language and title (same input, same bytes: measured across processes).
ACCESSIBLE = "pdf/ua-1"


@cache
def weasyprint() -> Any:
    """Import WeasyPrint once, after pinning fontconfig to the bundled fonts."""
    if "weasyprint" in sys.modules:
        raise KyrError(
            "WeasyPrint was imported before kyr could pin its fonts", ExitStatus.ENVIRONMENT
        )
    fonts = paths.fonts_dir()
    if not any(fonts.glob("*.[ot]tf")):
        hint = "run scripts/build_fonts.py" if paths.running_from_checkout() else "reinstall kyr"
        raise KyrError(f"no fonts in {fonts}: {hint}", ExitStatus.ENVIRONMENT)
    pin_fonts()
    try:
        import weasyprint as module
    except OSError as error:  # Pango or its friends are missing
        raise KyrError(
            f"WeasyPrint cannot load its system libraries ({error}); run `make setup`",
            ExitStatus.ENVIRONMENT,
        ) from None
    install_span_languages(module)  # /Lang on every part in another language
    from weasyprint.text.ffi import ffi  # type: ignore[import-untyped]

    install_array_types(ffi)  # font subsetting without parsing C for every PDF
    return module


#: The names WeasyPrint's ffi tries for HarfBuzz's subsetter (weasyprint/text/ffi.py).
_HARFBUZZ_SUBSET_NAMES = (
    "libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
)  # fmt: skip


@cache
def fast_subsetting_available() -> bool:
    """True when HarfBuzz's subsetter is there (~10x faster than the fontTools fallback),
    asked of the system's loader without importing WeasyPrint."""
    import ctypes

    for name in _HARFBUZZ_SUBSET_NAMES:
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _renderer_warnings_as_errors(what: str) -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield
    except FetchRefused as error:
        raise RenderError(f"{what}: {error}") from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous
    if handler.messages:
        first = handler.messages[0].splitlines()[0]
        if "notdef" in first:
            first = "missing glyph, " + first
        raise RenderError(f"{what}: {first}")


#: A stylesheet larger than this is not one (kyr's largest is 12 KB).
MAX_STYLESHEET_BYTES = 512 * 1024


def _read_stylesheet(folders: tuple[Path, ...], name: str) -> tuple[Path, str]:
    """A stylesheet of the templates folders (the overlay's, else kyr's own): a regular
    file inside its folder, as text."""
    from kyr.files import FileProblem, read_file_text

    path = folders[-1] / name
    try:
        path = paths.template_file(name, folders)
        return path, read_file_text(path, MAX_STYLESHEET_BYTES, "stylesheet")
    except FileProblem as problem:
        raise RenderError(f"stylesheet {paths.display(path)}: {problem}") from None


@dataclass(frozen=True)
class PageMetadata:
    """What a PDF takes from its page's <title> and <html lang>, as the page was made."""

    title: str
    lang: str

    def printed_in(self, html: str) -> bool:
        """Whether `html`'s first <title> and root `lang` say exactly this (as the
        templates print them, escaped), so that parsing `html` would read the same."""
        from markupsafe import escape

        if "\r" in self.title or "\0" in self.title:  # the parser would change them
            return False
        title = _TITLE.search(html)
        lang = _ROOT_LANG.search(html)
        return (
            title is not None
            and title.group() == f"<title>{escape(self.title)}</title>"
            and lang is not None
            and lang.group() == f'<html lang="{escape(self.lang)}"'
        )


@dataclass
class Renderer:
    """One per process: reuses the font configuration and parsed stylesheets."""

    #: The templates folders, first match wins: a `--templates` overlay, kyr's own.
    template_dirs: tuple[Path, ...] = field(default_factory=paths.templates_dirs)
    _styles: dict[str, Any] = field(default_factory=dict)
    _fonts: Any = None
    _fetcher: Any = None
    _frames: dict[tuple[tuple[str, ...], str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        wp = weasyprint()
        from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

        self._wp = wp
        self._fonts = FontConfiguration()
        roots = (*self.template_dirs, paths.assets_dir())
        self._fetcher = make_fetcher(roots, self.template_dirs)
        self._base_url = (self.template_dirs[0] / "index.html").as_uri()

    def stylesheet(self, name: str) -> Any:
        if name not in self._styles:
            path, text = _read_stylesheet(self.template_dirs, name)
            with _renderer_warnings_as_errors(name):
                self._styles[name] = self._wp.CSS(
                    string=text,
                    base_url=path.as_uri(),
                    url_fetcher=self._fetcher,
                    font_config=self._fonts,
                )
        return self._styles[name]

    def layout(
        self, html: str, stylesheets: list[str], what: str, metadata: PageMetadata | None = None
    ) -> Any:
        """Lay out `html`; returns a WeasyPrint Document (pages, boxes).

        `metadata`: `html` is a page whose layout does not depend on the document's
        language or title (a sheet's marks and English notes, every element with text in
        it with a `lang` of its own), so the layout of an earlier page that differs only
        there is reused, with `metadata` (the page's title and language, from the data
        the page was made from: the page is not parsed again to read them)."""
        if metadata is None:
            return self._layout(html, stylesheets, what)
        key = (tuple(stylesheets), _ROOT_LANG.sub('<html lang=""', _TITLE.sub("", html, 1), 1))
        frame = self._frames.get(key)
        if frame is None:
            frame = self._frames[key] = self._layout(html, stylesheets, what)
            while len(self._frames) > MAX_FRAMES:
                del self._frames[next(iter(self._frames))]
        document = frame.copy()
        if metadata.printed_in(html):
            # Every other field (meta tags) is the frame's: its HTML differs only there.
            document.metadata = copy(frame.metadata)
            document.metadata.title, document.metadata.lang = metadata.title, metadata.lang
        else:  # a templates overlay that titles its pages otherwise: read the page
            from weasyprint.html import get_html_metadata  # type: ignore[import-untyped]
            from weasyprint.pdf.metadata import DocumentMetadata  # type: ignore[import-untyped]

            source = self._wp.HTML(string=html, base_url=self._base_url, url_fetcher=self._fetcher)
            document.metadata = DocumentMetadata(**get_html_metadata(source))
        return document

    def _layout(self, html: str, stylesheets: list[str], what: str) -> Any:
        styles = [self.stylesheet(name) for name in stylesheets]
        with _renderer_warnings_as_errors(what):
            document = self._wp.HTML(
                string=html, base_url=self._base_url, url_fetcher=self._fetcher
            ).render(stylesheets=styles, font_config=self._fonts, presentational_hints=False)
        return document

    def pdf(self, document: Any, what: str, variant: str = ACCESSIBLE) -> bytes:
        """The PDF of a laid-out document: tagged PDF/UA-1 by default (a structure tree,
        /Lang from the html element, alt text, the title shown), or `variant`, tagged too."""
        with _renderer_warnings_as_errors(what):
            return document.write_pdf(uncompressed_pdf=False, pdf_variant=variant, pdf_tags=True)
