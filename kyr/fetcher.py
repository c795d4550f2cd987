"""A URL fetcher that lets WeasyPrint read only the project's own templates and assets.

Anything else (another path, http:, https:, ftp:) stops the render with a clear error:
a hostile translation or template must never pull a local file or reach the network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from kyr import paths

ALLOWED_ROOTS = (paths.TEMPLATES, paths.ASSETS)


def refusal(url: str, roots: tuple[Path, ...] = ALLOWED_ROOTS) -> str | None:
    """Why `url` may not be read while rendering, or None when it may."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return f"refused to fetch '{url}': rendering never uses the network"
    path = Path(unquote(urlsplit(url).path)).resolve()
    if any(path.is_relative_to(root.resolve()) for root in roots):
        return None
    return f"refused to read '{url}': outside the project's templates and assets"


def make_fetcher(roots: tuple[Path, ...] = ALLOWED_ROOTS):
    """A WeasyPrint URL fetcher restricted to `roots` (imports WeasyPrint)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusedFetch(FatalURLFetchingError):
        pass

    class RestrictedFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

        def fetch(self, url: str, headers=None):  # type: ignore[override]
            problem = refusal(url, roots)
            if problem:
                raise RefusedFetch(problem)
            return super().fetch(url, headers)

    return RestrictedFetcher()
