"""What `kyr products`, `kyr languages` and `kyr i18n check` print: plain lines built
from the registries and the language status checks."""

from __future__ import annotations

from collections.abc import Callable

from kyr import CONTENT_VERSION
from kyr.choices import Paper
from kyr.content.products import Product, public_products
from kyr.geometry import INCH, PAPER_SIZES, card_size, sticker_sheet_layout
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.languages import Language, get_language, load_registry

#: How the fit check reports progress: told how many languages it will lay out, then
#: each language's code as it is done.
FitProgress = tuple[Callable[[int], None], Callable[[str], None]]


def _mm(value: float) -> str:
    return f"{value:g}" if value == round(value) else f"{value:.1f}"


def product_size(product: Product, paper: str) -> str:
    """The physical size a product prints at on `paper`, from the registry's `trim` and
    `orientation`."""
    if product.trim == "wallet-card":
        card = card_size(paper)
        inches = (
            f" ({card.width / INCH:g} x {card.height / INCH:g} in)" if paper == Paper.LETTER else ""
        )
        return f"{_mm(card.width)} x {_mm(card.height)} mm{inches} trim, {_mm(card.bleed)} mm bleed"
    width, height = PAPER_SIZES[paper]
    if product.orientation == "landscape":
        width, height = height, width
    page = f"{paper} {product.orientation}, {_mm(width)} x {_mm(height)} mm"
    if product.trim == "sticker-sheet":
        layout = sticker_sheet_layout(paper)
        count = layout.columns * layout.rows
        side = layout.card.width
        return f"{page}: {count} stickers of {_mm(side)} x {_mm(side)} mm"
    return page


def product_lines() -> list[str]:
    lines = []
    for product in public_products().values():
        lines.append(f"{product.id:<18} {product.title}")
        if product.is_message:
            stem = f"{product.id}-LANG"
            lines.append(f"{'':<18}   text     {stem}.txt, {stem}.md, {stem}-sms.txt")
        if product.is_image:
            stem = f"{product.id}-LANG"
            lines.append(f"{'':<18}   image    {stem}.png, {stem}.alt.txt")
        for paper in product.papers:
            lines.append(f"{'':<18}   {paper:<8} {product_size(product, paper)}")
    return lines


def _selected(codes: tuple[str, ...]) -> list[Language]:
    return [get_language(code) for code in codes] if codes else list(load_registry().values())


def _fit_results(
    languages: list[Language], check_fit: bool, progress: FitProgress | None
) -> dict[str, list[str]]:
    """Fit failures per language (the sample configuration), or {} without the check.
    A failure that stops the check itself (a broken catalog) is that language's result."""
    if not check_fit:
        return {}
    from kyr import paths
    from kyr.build.fit_check import fit_results
    from kyr.config.community import load_community
    from kyr.errors import KyrError

    community = load_community(paths.sample_config())
    start, checked = progress or (lambda count: None, lambda code: None)
    try:
        return fit_results(languages, community, on_start=start, on_checked=checked)
    except KyrError:  # one language's catalog is broken: check each alone to say which
        results = {}
        for language in languages:
            try:
                results.update(fit_results([language], community, jobs=1))
            except KyrError as error:
                results[language.code] = [str(error)]
        return results


def _columns(rows: list[tuple[str, ...]], right: frozenset[int] = frozenset()) -> list[str]:
    """Rows as lines of columns as wide as their widest cell (the last one unpadded)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        cells[-1] = row[-1]
        lines.append("  ".join(cells).rstrip())
    return lines


def line_breaking(language: Language) -> str:
    """How lines break, as `kyr languages` shows it."""
    if language.segment:
        return "words (ICU)"
    return "spaces" if language.keep_words else "-"


def review_summary(language: Language, msgids: list[str]) -> str:
    """Reviewed/total printed strings, and when all are, who last signed them and when."""
    from kyr.i18n.reviews import review_status

    status = review_status(language, msgids)
    shown = f"{status.reviewed}/{status.total}"
    if status.complete and language.reviewed_by:
        shown += f" {language.reviewed_by}"
        if language.reviewed_on:
            shown += f" ({language.reviewed_on})"
    return shown


def language_table(check_fit: bool = True, progress: FitProgress | None = None) -> list[str]:
    """`kyr languages`: per language its script, direction, fallback, line breaking, how
    much is translated, whether every product fits, how many of its printed strings are
    reviewed against the current English (and who last reviewed them all) and its names."""
    from kyr.build.fit_check import catalog_status

    header = (
        "code", "script", "dir", "fallback", "breaks", "translated", "fits", "reviewed", "name"
    )  # fmt: skip
    rows: list[tuple[str, ...]] = [header]
    registry = list(load_registry().values())
    fit = _fit_results(registry, check_fit, progress)
    msgids = source_msgids()
    for language in registry:
        status = catalog_status(language, msgids)
        failures = fit.get(language.code) if check_fit else None
        fits = "-" if failures is None else ("yes" if not failures else "NO")
        reviewed = review_summary(language, msgids)
        fallback = "-" if language.is_source else language.fallback
        rows.append(
            (
                language.code,
                language.script,
                language.direction,
                fallback,
                line_breaking(language),
                f"{status.percent}%",
                fits,
                reviewed,
                f"{language.autonym} ({language.english_name})",
            )
        )
    return _columns(rows, right=frozenset({5}))


def check_report(
    codes: tuple[str, ...],
    check_fit: bool = True,
    notes: bool = False,
    progress: FitProgress | None = None,
) -> tuple[list[str], bool]:
    """Per-language completeness and QA lines, and whether everything passed."""
    from kyr.build.fit_check import catalog_status
    from kyr.i18n.reviews import review_status

    lines: list[str] = []
    ok = True
    selected = _selected(codes)
    fit = _fit_results(selected, check_fit, progress)
    msgids = source_msgids()
    for language in selected:
        status = catalog_status(language, msgids)
        failures = fit.get(language.code) if check_fit else None
        problems = list(status.problems) + (failures or [])
        missing = status.total - status.translated
        verdict = "ok" if not problems and status.complete else "FAILED"
        review = review_status(language, msgids)
        lines.append(
            f"{language.code}: {verdict}: {status.translated}/{status.total} translated"
            + (f", {status.fuzzy} fuzzy" if status.fuzzy else "")
            + f", {review.reviewed}/{review.total} reviewed"
            + ("" if failures is None else ", fits every product" if not failures else "")
        )
        if not review.complete and not language.is_source:
            lines.append(
                f"  draft: {review.total - review.reviewed} string(s) not reviewed for "
                f"content {CONTENT_VERSION} (`kyr i18n packet {language.code}`)"
            )
        if missing:
            lines.append(f"  {missing} string(s) untranslated or fuzzy")
        lines += [f"  error: {problem}" for problem in problems]
        if notes:
            lines += [f"  note: {warning}" for warning in status.warnings]
        elif status.warnings:
            lines.append(f"  {len(status.warnings)} note(s) for a reviewer (--notes lists them)")
        ok = ok and not problems and status.complete
    return lines, ok
