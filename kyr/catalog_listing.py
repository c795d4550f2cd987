"""What `kyr products`, `kyr languages` and `kyr i18n check` print: plain lines built
from the registries and the language status checks."""

from __future__ import annotations

from kyr.catalogs import source_msgids
from kyr.geometry import INCH, PAPER_SIZES, card_size, sticker_sheet_layout
from kyr.languages import Language, get_language, load_registry
from kyr.products import Product, public_products


def _mm(value: float) -> str:
    return f"{value:g}" if value == round(value) else f"{value:.1f}"


def product_size(product: Product, paper: str) -> str:
    """The physical size a product prints at on `paper`, from the registry's `trim` and
    `orientation`."""
    if product.trim == "wallet-card":
        card = card_size(paper)
        inches = (
            f" ({card.width / INCH:g} x {card.height / INCH:g} in)" if paper == "letter" else ""
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
        for paper in product.papers:
            lines.append(f"{'':<18}   {paper:<8} {product_size(product, paper)}")
    return lines


def _selected(codes: tuple[str, ...]) -> list[Language]:
    return [get_language(code) for code in codes] if codes else list(load_registry().values())


class _FitChecker:
    """Fit checks for several languages sharing one sample configuration and renderer
    (made only when a result is not cached)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._renderer = None

    def __call__(self, language: Language) -> list[str] | None:
        if not self.enabled:
            return None
        from kyr import paths
        from kyr.config import load_community
        from kyr.errors import KyrError
        from kyr.language_status import fit_failures

        community = load_community(paths.sample_config())
        try:
            return fit_failures(language, community, self)
        except KyrError as error:
            return [str(error)]

    def renderer(self):
        if self._renderer is None:
            from kyr.render import Renderer

            self._renderer = Renderer()
        return self._renderer


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


def language_table(check_fit: bool = True) -> list[str]:
    """`kyr languages`: per language its script, direction, fallback, line breaking, how
    much is translated, whether every product fits, who reviewed it and its names."""
    from kyr.language_status import catalog_status

    header = (
        "code", "script", "dir", "fallback", "breaks", "translated", "fits", "reviewed by", "name"
    )  # fmt: skip
    rows: list[tuple[str, ...]] = [header]
    fit_check = _FitChecker(check_fit)
    msgids = source_msgids()
    for language in load_registry().values():
        status = catalog_status(language, msgids)
        failures = fit_check(language)
        fits = "-" if failures is None else ("yes" if not failures else "NO")
        reviewed = language.reviewed_by or "no"
        if language.reviewed_on:
            reviewed += f" ({language.reviewed_on})"
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
    codes: tuple[str, ...], check_fit: bool = True, notes: bool = False
) -> tuple[list[str], bool]:
    """Per-language completeness and QA lines, and whether everything passed."""
    from kyr.language_status import catalog_status

    lines: list[str] = []
    ok = True
    fit_check = _FitChecker(check_fit)
    msgids = source_msgids()
    for language in _selected(codes):
        status = catalog_status(language, msgids)
        failures = fit_check(language)
        problems = list(status.problems) + (failures or [])
        missing = status.total - status.translated
        verdict = "ok" if not problems and status.complete else "FAILED"
        lines.append(
            f"{language.code}: {verdict}: {status.translated}/{status.total} translated"
            + (f", {status.fuzzy} fuzzy" if status.fuzzy else "")
            + ("" if failures is None else ", fits every product" if not failures else "")
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
