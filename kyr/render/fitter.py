"""Rendering pieces: each laid out at the largest type size at which its text fits its
boxes (the fit loop), then written to PDF, sheets imposed from their card. Sizes found
are remembered per product, language and paper, and (given `known` sizes from
`kyr.cache.sizes`) across runs: a piece whose size is known is laid out once."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from markupsafe import Markup

from kyr import paths
from kyr.cache.sizes import Sizes, fit_key
from kyr.choices import Target
from kyr.config.community import Community
from kyr.content.context import piece_context
from kyr.content.pieces import Piece, Rendered
from kyr.content.print_rules import DRAFT_NOTE, missing_print_rules
from kyr.content.products import get_product
from kyr.content.templating import render_html
from kyr.errors import ExitStatus, KyrError, RenderError
from kyr.geometry import card_sheet_layout
from kyr.i18n.catalogs import Translations, source_msgids
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.i18n.policy import is_draft, load_language_translations
from kyr.pdf.finish import Step, finish
from kyr.pdf.impose import add_crop_marks, impose, shift_backs
from kyr.pdf.print_shop import VARIANT as PRINT_SHOP_VARIANT
from kyr.pdf.print_shop import to_print_shop
from kyr.pdf.printer_hints import add_printer_hints
from kyr.pdf.registration import STYLESHEET as REGISTRATION_STYLESHEET
from kyr.render.cap_targets import shortfalls
from kyr.render.columns import justify_columns
from kyr.render.fit import Overflow, Variant, fill_ratio, find_overflows, fit_variants, size_steps
from kyr.render.fit_report import TextDoesNotFit, find_culprit, fit_failure_message
from kyr.render.html_to_pdf import ACCESSIBLE, PageMetadata, Renderer
from kyr.render.size_search import settle_size, some_size_that_fits
from kyr.render.spread import spread_out

#: The PDF's title (what a screen reader announces first), in the holder's language.
TITLE = "Know your rights"


class Builder:
    """Renders pieces, remembering per fit group and language the type size that fit."""

    def __init__(
        self,
        community: Community,
        renderer: Renderer | None = None,
        allow_incomplete: bool = False,
        target: str = Target.HOME,
        known: Sizes | None = None,
        uniform: bool = False,
    ) -> None:
        self.community = community
        self.uniform = uniform  # share_sizes
        self.target = target  # kyr/pdf/print_shop.py
        self.allow_incomplete = allow_incomplete
        self._renderer = renderer  # made on first use: a cached build may need none
        #: Sizes remembered from earlier runs, by `fit_key`; `found` holds this run's new ones.
        self.known: Sizes = known or {}
        self.found: Sizes = {}
        self.layouts = 0
        #: The layouts each piece's first size search took (what an empty cache costs).
        self.search_layouts: dict[tuple[str, str, str], int] = {}
        self._fitted: dict[tuple[str, str, str], float] = {}
        #: The layout a fitted piece took: as designed, tighter, or with wide links.
        self._variants: dict[tuple[str, str, str], Variant] = {}
        self._rendered: dict[tuple[str, str, str], Rendered] = {}
        self._html: dict[tuple[str, str, str], str] = {}
        self._translations: dict[str, Translations] = {}
        self._msgids = source_msgids()
        #: Added after every product's own stylesheets: the print-shop one sets the marks
        #: in registration colour (absolutely placed: the fit does not change).
        self._target_styles = [REGISTRATION_STYLESHEET] if target == Target.PRINT_SHOP else []
        templates = self._renderer.template_dirs if self._renderer else paths.templates_dirs()
        for name in self._target_styles:
            if not any((folder / name).is_file() for folder in templates):
                folder = paths.display(templates[-1])
                raise KyrError(
                    f"no file {name!r} in {folder}: `--for print-shop` needs it",
                    ExitStatus.ENVIRONMENT,
                )

    def take_found(self) -> Sizes:
        """The sizes found since last asked, for the process that keeps the cache."""
        found, self.found = self.found, {}
        return found

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer()
        return self._renderer

    def translations(self, language: Language) -> Translations:
        if language.code not in self._translations:
            self._translations[language.code] = load_language_translations(
                language, self._msgids, self.allow_incomplete
            )
        return self._translations[language.code]

    def is_draft(self, language: Language) -> bool:
        """Not every string reviewed, or English standing in for missing strings."""
        return is_draft(language, self.translations(language), self._msgids)

    def draft_notes(self, piece: Piece, plain: bool = False) -> tuple[bool, tuple]:
        """Whether `piece` prints the draft line, and each draft language's note in its
        own words: markup for a page, or `plain` text (an image's alt text)."""
        drafts = [language for language in piece.languages if self.is_draft(language)]
        words = [(lang, self.translations(lang)) for lang in drafts if not lang.is_source]
        if plain:
            return bool(drafts), tuple((x, Markup(t.plain_text(DRAFT_NOTE))) for x, t in words)
        return bool(drafts), tuple((x, t.gettext(DRAFT_NOTE)) for x, t in words)

    def blocks(self, piece: Piece, wide_links: bool = False) -> tuple[Markup, ...]:
        """A product's per-language block (a sign's heading and text), rendered once for
        each language of the piece with that language's catalog. A block fitted as
        another product (the proof's cards) takes that product's layout variant when
        known, else `wide_links`."""
        if not piece.product.block:
            return ()
        blocks = []
        for language in piece.languages:
            size, back_size, wide = 0.0, None, wide_links
            if piece.product.block_fit:
                fit_product = get_product(piece.product.block_fit, internal=True)
                size = self.size_for(Piece(fit_product, (language,), piece.paper))
                fitted = (fit_product.id, language.code, piece.paper)
                wide = self._variants.get(fitted, Variant(wide_links=wide_links)).wide_links
                if fit_product.back_fit:
                    back_size = self.back_size(fit_product.back_fit, piece.paper)
            context = piece_context(
                self.community, (language,), piece.paper, size, title="",
                draft=self.is_draft(language), back_font_size=back_size,
                orientation=piece.product.orientation, wide_links=wide,
            )  # fmt: skip
            html = render_html(piece.product.block, self.translations(language), b=context)
            blocks.append(Markup(html))  # autoescaped by Jinja2 when rendered
        return tuple(blocks)

    def check_fits(self, piece: Piece) -> None:
        """Raise TextDoesNotFit exactly when a build of `piece` would: when no type size
        in the product's range fits (`fit`'s search says None only then too). Usually one
        layout, at the smallest size; none for a size already known."""
        key = (piece.product.id, piece.lang_tag, piece.paper)
        if key in self._fitted or self._remembered(piece, self._fit_key(piece)) is not None:
            return
        self.fit(piece, any_size=True)

    def _remembered(self, piece: Piece, cache_key: str) -> float | None:
        """The size an earlier run found for `piece` (by `fit_key`), if it is one of the
        product's sizes (a cache file is not trusted further)."""
        size = self.known.get(cache_key)
        smallest, largest = piece.product.bounds(piece.paper)
        return size if size in size_steps(smallest, largest, piece.product.step_pt) else None

    def fit(self, piece: Piece, any_size: bool = False) -> tuple[float, Any]:
        """The largest type size at which all of `piece` fits, and its laid-out document.
        A size once found (in this run or, by `fit_key`, an earlier one) is only checked
        again: one layout. `any_size` stops at the first size that fits, smallest first,
        and remembers nothing (`check_fits`). Raises TextDoesNotFit, with what overflowed
        at the smallest size, when no size fits."""
        product = piece.product
        key = (product.id, piece.lang_tag, piece.paper)
        smallest, largest = product.bounds(piece.paper)
        # Only a first fit is remembered: a later one may be capped by a shared size (signs).
        first_fit = key not in self._fitted
        cache_key = self._fit_key(piece) if first_fit else ""
        remembered = self._remembered(piece, cache_key) if first_fit else None
        if remembered is not None:
            self._fitted[key] = remembered
        ceiling = self._fitted.get(key, largest)
        variants = fit_variants(product.tighter_layouts)
        reported = variants[-2]  # its overflow is said when nothing fits (wide links move links)
        overflows_at: dict[float, list[Overflow]] = {}  # the reported variant's
        htmls: dict[float, str] = {}
        # A fixed first guess per product keeps the result independent of which other
        # languages are in the same build (same inputs, same bytes).
        start = product.start_pt if key not in self._fitted else None
        sizes = size_steps(smallest, ceiling, product.step_pt)
        result = None
        # As designed, then only if no size fits tighter layouts (fit.fit_variants).
        for variant in variants:
            overflows = overflows_at if variant == reported else {}
            result = self._search(piece, variant, sizes, start, any_size, htmls, overflows)
            if result is not None:
                break
        if result is None:  # every size was tried in both variants, the smallest too
            raise TextDoesNotFit(piece, overflows_at[sizes[0]][0])
        size, document = result
        if any_size:
            return size, document
        self._fitted[key] = size
        self._variants[key] = variant
        def spread(gap_mm: float) -> tuple[str, Any]:  # made only when a sign has room
            return self._layout_maker(piece, variant)(size, gap_mm)

        self._html[key], document = spread_out(htmls[size], document, spread)
        if first_fit and size != remembered:
            self.found[cache_key] = size
        return size, document

    def _search(
        self, piece: Piece, variant: Variant, sizes: list[float], start: float | None,
        any_size: bool, htmls: dict[float, str], overflows_at: dict[float, list[Overflow]],
    ) -> tuple[float, Any] | None:  # fmt: skip
        """The largest size in `sizes` at which `piece` fits in layout `variant` (`any_size`:
        the smallest), or None; each layout's HTML and overflows are kept by size."""
        layout = self._layout_maker(piece, variant)
        key = (piece.product.id, piece.lang_tag, piece.paper)
        fills: dict[float, float | None] = {}
        tried = sizes[:1] if variant.smallest_only else sizes

        def attempt(size: float):
            self.search_layouts[key] = self.search_layouts.get(key, 0) + 1
            htmls[size], document = layout(size)
            fills[size] = fill_ratio(document)
            overflows = find_overflows(document)
            if overflows:
                overflows_at[size] = overflows
                return None
            return document

        if any_size:
            return some_size_that_fits(tried, attempt)
        return settle_size(tried, attempt, start, fill=fills.get)

    def layout_at(self, piece: Piece, size: float) -> tuple[str, Any]:
        """`piece` laid out at type `size`, whether it fits or not: its HTML and document
        (in the layout variant its fit chose)."""
        key = (piece.product.id, piece.lang_tag, piece.paper)
        return self._layout_maker(piece, self._variants.get(key, Variant()))(size)

    def _layout_maker(
        self, piece: Piece, variant: Variant | None = None
    ) -> Callable[..., tuple[str, Any]]:
        """Lays `piece` out at a given type size (what does not change with the size, the
        draft notes, a sign's blocks and the back's size, is made once), as designed or
        in another `variant` (tighter, or with wide links)."""
        variant = variant or Variant()
        product = piece.product
        translations = self.translations(piece.languages[0])
        what = piece.label
        draft, notes = self.draft_notes(piece)
        blocks = self.blocks(piece, variant.wide_links)
        back_size = None
        if product.back_fit:
            back_size = self.back_size(product.back_fit, piece.paper)

        def layout(size: float, spread_mm: float = 0.0) -> tuple[str, Any]:
            context = piece_context(
                self.community, piece.languages, piece.paper, size,
                title=f"{translations.plain_text(TITLE)} · {self.community.name}",
                blocks=blocks, draft=draft, draft_notes=notes, back_font_size=back_size,
                orientation=product.orientation, wide_links=variant.wide_links,
                tighter=variant.tighter,
                spread_mm=spread_mm,
            )  # fmt: skip
            html = render_html(product.template, translations, c=context)
            if not product.internal and not product.impose:  # a sheet prints its cards'
                missing = missing_print_rules(html, context.sample, context.draft)
                if missing:
                    raise RenderError(
                        f"templates/{product.template}: {what} does not print "
                        f"{' or '.join(missing)} (use the macros in _print_rules.html)"
                    )
            self.layouts += 1
            styles = [*product.styles, *self._target_styles]
            # A sheet's own page (marks, English notes) is laid out once per paper; its
            # title and language are the context's, not read back from the page.
            metadata = PageMetadata(context.title, context.document_lang)
            sheet = metadata if product.impose else None
            return html, self.renderer.layout(html, styles, what, sheet)

        return layout

    def page_html(self, piece: Piece) -> str:
        """The HTML `piece` is rendered from, at its fitted size (for golden files)."""
        self.fit(piece)
        return self._html[(piece.product.id, piece.lang_tag, piece.paper)]

    def _fit_key(self, piece: Piece) -> str:
        # With complete catalogs, --allow-incomplete changes nothing printed: the fit
        # check (which allows it) and builds (which do not) share their sizes.
        english_stands_in = self.allow_incomplete and not all(
            self.translations(language).complete for language in piece.languages
        )
        return fit_key(
            piece.product.id, piece.paper, piece.languages, self.community,
            english_stands_in, self.target,
        )  # fmt: skip

    def back_size(self, back_id: str, paper: str) -> float:
        """The fitted size of a card's back (`back_fit`). The back is English whatever
        the front's language (the statement and the contacts fill it; the footer that
        says which language the front is in is in fixed type), so it is fitted once per
        paper, in English."""
        back = get_product(back_id, internal=True)
        return self.size_for(Piece(back, (get_language(SOURCE_LANGUAGE),), paper))

    def size_for(self, piece: Piece) -> float:
        """The fitted type size of `piece`, laying it out only if not known yet."""
        key = (piece.product.id, piece.lang_tag, piece.paper)
        if key in self._fitted:
            return self._fitted[key]
        remembered = self._remembered(piece, self._fit_key(piece))
        if remembered is not None:
            # Known from an earlier run: no layout. The piece printed with it (a card
            # with this back) is laid out and checked for overflow all the same.
            self._fitted[key] = remembered
            return remembered
        return self.fit(piece)[0]

    def render(self, piece: Piece) -> Rendered:
        """The PDF of `piece`, a piece the user asked for: text that does not fit is
        reported against it, with the catalog entry that overflowed."""
        try:
            return self._render_once(piece)
        except TextDoesNotFit as failure:
            raise RenderError(self._fit_message(piece, failure)) from None

    def share_sizes(self, pieces: list[Piece]) -> None:
        """In a uniform build, set every piece of a one-size product (signs) in the
        smallest size any of them needs on its paper, so the signs look like a set (else
        each keeps the largest size its own text allows)."""
        if not self.uniform:
            return
        groups: dict[tuple[str, str], list[Piece]] = {}
        for piece in pieces:
            if piece.product.one_size_per_build:
                groups.setdefault((piece.product.id, piece.paper), []).append(piece)
        for group in groups.values():
            sizes = []
            for piece in group:
                try:
                    sizes.append(self.size_for(piece))
                except TextDoesNotFit as failure:
                    raise RenderError(self._fit_message(piece, failure)) from None
            for piece in group:
                key = (piece.product.id, piece.lang_tag, piece.paper)
                self._fitted[key] = min(sizes)
                self._rendered.pop(key, None)

    def _fit_message(self, asked_for: Piece, failure: TextDoesNotFit) -> str:
        languages = failure.piece.languages
        culprit = find_culprit(
            failure.overflow.text,
            failure.overflow.box_texts,
            languages,
            [self.translations(language) for language in languages],
            self.community,
        )
        smallest = failure.piece.product.bounds(failure.piece.paper)[0]
        return fit_failure_message(asked_for.label, failure.overflow, smallest, culprit)

    def _render_once(self, piece: Piece) -> Rendered:
        key = (piece.product.id, piece.lang_tag, piece.paper)
        if key not in self._rendered:
            self._rendered[key] = self._render(piece)
        return self._rendered[key]

    def _render(self, piece: Piece) -> Rendered:
        size, document = self.fit(piece)
        # A flow's columns ending together (kyr/render/columns.py): one more layout.
        styles = [*piece.product.styles, *self._target_styles]
        relayout = partial(self.renderer.layout, stylesheets=styles, what=piece.label)
        html = self._html[(piece.product.id, piece.lang_tag, piece.paper)]
        document = justify_columns(html, document, relayout)
        print_shop = self.target == Target.PRINT_SHOP and piece.product.is_pdf  # not an image
        variant = PRINT_SHOP_VARIANT if print_shop else ACCESSIBLE
        pdf = self.renderer.pdf(document, piece.label, variant)
        # The post-render pass (kyr/pdf/finish.py): WeasyPrint's PDF opened once, these
        # steps applied in order, saved once.
        steps: list[Step] = []
        if piece.product.crop_marks:
            steps.append(partial(add_crop_marks, registration=print_shop))
        if piece.product.impose:
            card_product = get_product(piece.product.impose_card, internal=True)
            groups = [(lang,) for lang in piece.languages] if piece.counts else [piece.languages]
            cards = [self._render_once(Piece(card_product, g, piece.paper)) for g in groups]
            slots = [index for index, n in enumerate(piece.counts) for _ in range(n)]
            layout = card_sheet_layout(piece.paper)
            card_pdfs = [card.pdf for card in cards]
            kind = piece.product.impose
            steps.append(
                partial(impose, card_pdfs=card_pdfs, layout=layout, kind=kind, slot_cards=slots)
            )
            size = min(card.font_size for card in cards)
        duplex = piece.product.prints_duplex
        if duplex and any(self.community.back_offset_mm):
            steps.append(partial(shift_backs, offset_mm=self.community.back_offset_mm))
        if print_shop:
            steps.append(to_print_shop)
        steps.append(partial(add_printer_hints, duplex=duplex))
        note = shortfalls(document, piece.paper)
        return Rendered(piece, finish(pdf, steps), len(document.pages), size, note)
