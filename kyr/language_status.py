"""How complete, checked and printable each language is: what `kyr languages` and
`kyr i18n check` report. The catalog checks live in `kyr.catalog_qa`; this module adds
the fit check, every product laid out on letter and a4, cached in `kyr.fit_cache`."""

from __future__ import annotations

from kyr import fit_cache
from kyr.builder import Builder
from kyr.catalog_qa import LanguageStatus, catalog_status
from kyr.config import Community
from kyr.errors import KyrError
from kyr.languages import Language
from kyr.pieces import Piece
from kyr.planning import language_groups
from kyr.products import public_products

__all__ = ["FIT_PAPERS", "LanguageStatus", "catalog_status", "fit_failures"]

FIT_PAPERS = ("letter", "a4")


def fit_failures(language: Language, community: Community, renderers=None) -> list[str]:
    """Lay out every product on letter and a4 in `language`; the ones that do not fit.
    Missing strings count as English here: completeness is reported on its own. Results
    are cached by the contents of everything they depend on, so a second look is instant.
    `renderers` gives a shared renderer on demand (none is made for a cached result)."""
    shared = fit_cache.shared_key()
    key = fit_cache.language_key(language, community)
    cached = fit_cache.cached_failures(shared, language.code, key)
    if cached is not None:
        return cached
    renderer = renderers.renderer() if renderers is not None else None
    builder = Builder(community, renderer, allow_incomplete=True)
    failures = []
    for product in public_products().values():
        for paper in FIT_PAPERS:
            if paper not in product.papers:
                continue
            for group in language_groups(product, (language,)):
                try:
                    builder.fit(Piece(product, group, paper))
                except KyrError as error:
                    failures.append(str(error))
    fit_cache.store_failures(shared, language.code, key, failures)
    return failures
