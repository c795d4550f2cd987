"""A URL fetcher that lets WeasyPrint read only the project's own templates and assets.

Anything else (another path, http:, https:, ftp:) stops the render with a clear error:
a hostile translation or template must never pull a local file or reach the network.
A file of the templates is read as the overlay gives it (`kyr --templates DIR`): an
image or stylesheet named from kyr's own folder is the overlay's when it has one, and
one named from the overlay is kyr's when the overlay lacks it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from kyr import paths
from kyr.files import FileProblem


class FetchRefused(Exception):
    """Raised (as a WeasyPrint fatal fetching error too) for a URL rendering may not read."""


def allowed_roots() -> tuple[Path, ...]:
    """The templates folders in use (a `--templates DIR` overlay, kyr's own) and kyr's
    assets."""
    return (*paths.templates_dirs(), paths.assets_dir())


def refusal(url: str, roots: tuple[Path, ...] | None = None) -> str | None:
    """Why `url` may not be read while rendering, or None when it may."""
    roots = allowed_roots() if roots is None else roots
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return f"refused to fetch '{url}': rendering never uses the network"
    path = Path(unquote(urlsplit(url).path)).resolve()
    if any(path.is_relative_to(root.resolve()) for root in roots):
        return None
    return f"refused to read '{url}': outside the project's templates and assets"


def overlaid(url: str, templates: tuple[Path, ...]) -> str:
    """`url` as the templates folders give it (first match wins, as for templates), when
    it names a file in one of them; else `url` itself. FetchRefused for a link out of a
    folder looked at."""
    if urlsplit(url).scheme.lower() != "file":
        return url
    path = Path(unquote(urlsplit(url).path)).resolve()
    for folder in templates:
        root = folder.resolve()
        if path.is_relative_to(root):
            try:
                found = paths.template_file(path.relative_to(root).as_posix(), templates)
            except FileProblem as problem:
                raise FetchRefused(f"refused to read '{url}': {problem}") from None
            return found.as_uri()
    return url


def make_fetcher(roots: tuple[Path, ...] | None = None, templates: tuple[Path, ...] = ()):
    """A WeasyPrint URL fetcher restricted to `roots` (default: `allowed_roots()` now),
    reading the files of the `templates` folders through their overlay (default: the
    templates folders in use when `roots` is not given, else none)."""
    if roots is None:
        roots, templates = allowed_roots(), paths.templates_dirs()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusedFetch(FatalURLFetchingError, FetchRefused):
        """Fatal for WeasyPrint (it stops the render), and ours to recognise."""

    class RestrictedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

        def fetch(self, url: str, headers=None):  # type: ignore[override]
            problem = refusal(url, roots)
            if problem:
                raise RefusedFetch(problem)
            try:
                url = overlaid(url, templates)
            except FetchRefused as error:
                raise RefusedFetch(str(error)) from None
            return super().fetch(url, headers)

    return RestrictedFetcher()
