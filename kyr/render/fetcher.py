"""A URL fetcher that lets WeasyPrint read only the project's own templates and assets.

Anything else (another path, http:, https:, ftp:) stops the render with a clear error:
a hostile translation or template must never pull a local file or reach the network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from kyr import paths


class FetchRefused(Exception):
    """Raised (as a WeasyPrint fatal fetching error too) for a URL rendering may not read."""


def allowed_roots() -> tuple[Path, ...]:
    """The templates folder in use (kyr's own or `--templates DIR`) and kyr's assets."""
    return paths.templates_dir(), paths.assets_dir()


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


def make_fetcher(roots: tuple[Path, ...] | None = None):
    """A WeasyPrint URL fetcher restricted to `roots` (default: `allowed_roots()` now)."""
    roots = allowed_roots() if roots is None else roots
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
            return super().fetch(url, headers)

    return RestrictedFetcher()
