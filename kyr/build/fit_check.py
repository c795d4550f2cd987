"""How complete, checked and printable each language is: what `kyr languages` and
`kyr i18n check` report. The catalog checks live in `kyr.i18n.catalog_checks`; this module adds
the fit check, every product laid out on letter and a4, cached in `kyr.cache.fit_results` (and
shipped with kyr for its own catalogs) and run for several languages at once in worker
processes (`kyr.build.pool`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kyr.build.plan import language_groups
from kyr.build.pool import run_in_workers, worker_state
from kyr.build.request import BuildSettings
from kyr.build.workers import Builders, auto_jobs
from kyr.cache import fit_results as fit_cache
from kyr.cache.sizes import Sizes, load_sizes, store_sizes
from kyr.choices import Paper
from kyr.config.community import Community
from kyr.content.pieces import Piece
from kyr.content.products import public_products
from kyr.errors import KyrError
from kyr.i18n.catalog_checks import LanguageStatus, catalog_status
from kyr.i18n.languages import Language, get_language

if TYPE_CHECKING:
    from kyr.render.fitter import Builder
    from kyr.render.html_to_pdf import Renderer

__all__ = ["FIT_PAPERS", "LanguageStatus", "catalog_status", "fit_results"]

FIT_PAPERS = (Paper.LETTER, Paper.A4)


def _check(builder: Builder, language: Language) -> list[str]:
    """Every product on letter and a4 in `language`: the ones that fit at none of their
    type sizes, exactly those a build fails on (`Builder.check_fits`)."""
    failures = []
    for product in public_products().values():
        for paper in FIT_PAPERS:
            if paper not in product.papers:
                continue
            for group in language_groups(product, (language,)):
                if language not in group:
                    continue  # an English-only product (duplex-test): checked for English
                try:
                    builder.check_fits(Piece(product, group, paper))
                except KyrError as error:
                    failures.append(str(error))
    return failures


def fit_results(
    languages: Sequence[Language],
    community: Community,
    jobs: int = 0,
    renderer: Renderer | None = None,
    on_start: Callable[[int], None] = lambda count: None,
    on_checked: Callable[[str], None] = lambda code: None,
    use_shipped: bool = True,
) -> dict[str, list[str]]:
    """Per language, the products that do not fit on letter or a4 (missing strings count
    as English here: completeness is reported on its own). Results are cached by the
    contents of everything they depend on, so a second look is instant, and shipped
    with kyr for its own catalogs (unless `use_shipped` is False), so a first look is
    too; the rest are laid out in `jobs` worker processes (0: one per core; 1: here).
    `on_start` hears how many languages will be laid out, `on_checked` of each as it is
    done."""
    shared = fit_cache.shared_key()
    results: dict[str, list[str]] = {}
    todo: list[Language] = []
    keys = {language.code: fit_cache.language_key(language, community) for language in languages}
    for language in languages:
        cached = fit_cache.cached_failures(shared, language.code, keys[language.code])
        if cached is None and use_shipped:
            cached = fit_cache.shipped_failures(shared, language.code, keys[language.code])
        if cached is None:
            todo.append(language)
        else:
            results[language.code] = cached
    on_start(len(todo))
    if not todo:
        return results
    known = load_sizes()
    found: Sizes = {}

    def record(code: str, failures: list[str], sizes: Sizes) -> None:
        """Keep a language's result as soon as it is known (an interrupted check keeps
        what it did)."""
        fit_cache.store_failures(shared, code, keys[code], failures)
        results[code] = failures
        found.update(sizes)
        on_checked(code)

    # A language's fit check lays out about as much as six pieces of a build.
    workers = auto_jobs(len(todo) * 6) if jobs == 0 else min(jobs, len(todo))
    settings = [BuildSettings(community, allow_incomplete=True)]
    if workers <= 1:
        builders = Builders(settings, known, renderer)
        for language in todo:
            record(language.code, _check(builders[0], language), builders.take_found())
    else:
        run_in_workers(
            workers, _check_one, [(language.code,) for language in todo],
            lambda index, result: record(todo[index].code, *result), Builders, (settings, known),
        )  # fmt: skip
    store_sizes(found)
    return {language.code: results[language.code] for language in languages}


def _check_one(code: str) -> tuple[list[str], Sizes]:
    """One language's fit check in a worker, with the worker's Builder."""
    builders: Builders = worker_state()
    return _check(builders[0], get_language(code)), builders.take_found()
