"""A build job: from configuration, products, languages and paper to PDFs and a
manifest. Everything is checked and rendered in memory first; files are written only
when every piece succeeded, so a failed build leaves the output folder as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kyr import CONTENT_VERSION, __version__
from kyr.catalogs import (
    SOURCE,
    Translations,
    display_path,
    load_translations,
    source_msgids,
    untranslated,
)
from kyr.config import Community
from kyr.content import piece_context
from kyr.errors import CatalogError, RenderError, UnknownError
from kyr.fit import (
    Overflow,
    fill_ratio,
    find_overflows,
    largest_that_fits,
    predicted_size,
    size_steps,
)
from kyr.fit_report import find_culprit, fit_failure_message
from kyr.geometry import card_sheet_layout
from kyr.impose import add_crop_marks, impose
from kyr.language_status import catalog_status
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.output import (
    MANIFEST,
    ManifestEntry,
    merged_manifest,
    read_manifest,
    sha256,
    write_files_atomically,
)
from kyr.parallel import auto_jobs, render_in_workers
from kyr.print_rules import missing_print_rules
from kyr.products import Product, get_product, public_products
from kyr.render import Renderer
from kyr.templating import render_html

DRAFT_NOTE = "Draft translation, not yet reviewed"


@dataclass(frozen=True)
class Piece:
    """One PDF to make: a product in one language (or an English-plus group)."""

    product: Product
    languages: tuple[Language, ...]
    paper: str

    @property
    def lang_tag(self) -> str:
        return "+".join(language.code for language in self.languages)

    @property
    def label(self) -> str:
        """How messages name the piece: product (languages, paper)."""
        return f"{self.product.id} ({self.lang_tag}, {self.paper})"

    @property
    def filename(self) -> str:
        return f"{self.product.id}-{self.lang_tag}-{self.paper}.pdf"


class TextDoesNotFit(RenderError):
    """A piece's text overflows even at its smallest size. Turned into a message naming
    the piece the user asked for (a sheet, not the card inside it) by `Builder.render`."""

    def __init__(self, piece: Piece, overflow: Overflow) -> None:
        super().__init__(f"{piece.label}: text does not fit: {overflow.describe()}")
        self.piece = piece
        self.overflow = overflow


@dataclass(frozen=True)
class Rendered:
    piece: Piece
    pdf: bytes
    pages: int
    font_size: float


def language_groups(
    product: Product, languages: tuple[Language, ...]
) -> list[tuple[Language, ...]]:
    """Which languages share a PDF: one each, or English plus up to N more per PDF."""
    if product.languages == "each":
        return [(language,) for language in languages]
    if product.languages == "all":
        return [languages]
    english = get_language(SOURCE_LANGUAGE)
    others = [language for language in languages if not language.is_source]
    if not others:
        return [(english,)]
    size = product.max_extra_languages
    return [(english, *others[i : i + size]) for i in range(0, len(others), size)]


def plan_pieces(
    product_ids: tuple[str, ...], language_codes: tuple[str, ...], paper: str, explicit: bool
) -> list[Piece]:
    """The pieces a build makes. A product that cannot be printed on `paper` is an error
    when asked for by name, and skipped when building every product."""
    products = (
        [get_product(pid) for pid in product_ids]
        if product_ids
        else list(public_products().values())
    )
    languages = tuple(dict.fromkeys(get_language(code) for code in language_codes))
    if not languages:
        raise UnknownError("no languages selected")
    pieces = []
    for product in products:
        if paper not in product.papers:
            if explicit:
                raise UnknownError(
                    f"product '{product.id}' does not come on {paper} paper "
                    f"(it does: {', '.join(product.papers)})"
                )
            continue
        for group in language_groups(product, languages):
            pieces.append(Piece(product, group, paper))
    if not pieces:
        raise UnknownError(f"no product comes on {paper} paper")
    return pieces


def load_language_translations(
    language: Language, msgids: list[str], allow_incomplete: bool = False
) -> Translations:
    """A language's catalog, refused when any string is untranslated (unless allowed:
    then the missing strings print in English and the piece is marked as a draft)."""
    if language.is_source:
        return SOURCE
    path = language.catalog_path
    translations = load_translations(path, language.code, language.keep_words)
    translations = replace(translations, direction=language.direction)
    problems = catalog_status(language, msgids, glyphs=False).problems
    if problems:  # markup, a lone %, placeholders: refused before anything renders
        more = f" (and {len(problems) - 1} more; see `kyr i18n check`)" if len(problems) > 1 else ""
        raise CatalogError(problems[0] + more)
    missing = untranslated(translations, msgids)
    if missing and allow_incomplete:
        fallback = None
        if language.fallback != SOURCE_LANGUAGE:
            fallback = load_language_translations(
                get_language(language.fallback), msgids, allow_incomplete=True
            )
        return replace(translations, complete=False, fallback=fallback)
    if missing:
        shown = "; ".join(f'"{m[:40]}"' for m in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise CatalogError(
            f"{display_path(path)}: {len(missing)} untranslated "
            f"string(s): {shown}{more} (build with --allow-incomplete to print them in English)"
        )
    return translations


class Builder:
    """Renders pieces, remembering per fit group and language the type size that fit."""

    def __init__(
        self,
        community: Community,
        renderer: Renderer | None = None,
        allow_incomplete: bool = False,
    ) -> None:
        self.community = community
        self.allow_incomplete = allow_incomplete
        self.renderer = renderer or Renderer()
        self._fitted: dict[tuple[str, str, str], float] = {}
        self._rendered: dict[tuple[str, str, str], Rendered] = {}
        self._translations: dict[str, Translations] = {}
        self._msgids = source_msgids()

    def translations(self, language: Language) -> Translations:
        if language.code not in self._translations:
            self._translations[language.code] = load_language_translations(
                language, self._msgids, self.allow_incomplete
            )
        return self._translations[language.code]

    def is_draft(self, language: Language) -> bool:
        """Unreviewed, or printed with English standing in for missing strings."""
        return not language.reviewed or not self.translations(language).complete

    def blocks(self, piece: Piece) -> tuple[Markup, ...]:
        """A product's per-language block (a sign's heading and text), rendered once for
        each language of the piece with that language's catalog."""
        if not piece.product.block:
            return ()
        blocks = []
        for language in piece.languages:
            size, back_size = 0.0, None
            if piece.product.block_fit:
                fit_product = get_product(piece.product.block_fit, internal=True)
                size = self.size_for(Piece(fit_product, (language,), piece.paper))
                if fit_product.back_fit:
                    back = get_product(fit_product.back_fit, internal=True)
                    back_size = self.size_for(Piece(back, (language,), piece.paper))
            context = piece_context(
                self.community, (language,), piece.paper, size, title="",
                draft=self.is_draft(language), back_font_size=back_size,
                orientation=piece.product.orientation,
            )  # fmt: skip
            html = render_html(piece.product.block, self.translations(language), b=context)
            blocks.append(Markup(html))  # autoescaped by Jinja2 when rendered
        return tuple(blocks)

    def fit(self, piece: Piece) -> tuple[float, Any]:
        """The largest type size at which all of `piece` fits, and its laid-out document.
        A size once found is remembered and only checked again."""
        product = piece.product
        key = (product.id, piece.lang_tag, piece.paper)
        smallest, largest = product.bounds(piece.paper)
        ceiling = self._fitted.get(key, largest)
        translations = self.translations(piece.languages[0])
        what = piece.label
        last_overflows = []

        drafts = [language for language in piece.languages if self.is_draft(language)]
        notes = tuple(
            (language, self.translations(language).gettext(DRAFT_NOTE))
            for language in drafts
            if not language.is_source
        )
        blocks = self.blocks(piece)
        back_size = None
        if product.back_fit:
            back = get_product(product.back_fit, internal=True)
            back_size = self.size_for(Piece(back, piece.languages, piece.paper))

        def attempt(size: float):
            context = piece_context(
                self.community,
                piece.languages,
                piece.paper,
                size,
                title=f"Know your rights: {product.id} ({piece.lang_tag})",
                blocks=blocks,
                draft=bool(drafts),
                draft_notes=notes,
                back_font_size=back_size,
                orientation=product.orientation,
            )
            html = render_html(product.template, translations, c=context)
            if not product.internal and not product.impose:  # a sheet prints its cards'
                missing = missing_print_rules(html, context.sample, context.draft)
                if missing:
                    raise RenderError(
                        f"templates/{product.template}: {what} does not print "
                        f"{' or '.join(missing)} (use the macros in _print_rules.html)"
                    )
            document = self.renderer.layout(html, list(product.styles), what)
            fills[size] = fill_ratio(document)
            overflows = find_overflows(document)
            if overflows:
                last_overflows[:] = overflows
                return None
            return document

        # A fixed first guess per product keeps the result independent of which other
        # languages are in the same build (same inputs, same bytes).
        start = product.start_pt if key not in self._fitted else None
        fills: dict[float, float | None] = {}
        result = largest_that_fits(
            size_steps(smallest, ceiling),
            attempt,
            start,
            guide=lambda size: predicted_size(size, fills.get(size)),
        )
        if result is None:
            raise TextDoesNotFit(piece, last_overflows[0])
        size, document = result
        self._fitted[key] = size
        return size, document

    def size_for(self, piece: Piece) -> float:
        """The fitted type size of `piece`, laying it out only if not known yet."""
        key = (piece.product.id, piece.lang_tag, piece.paper)
        if key in self._fitted:
            return self._fitted[key]
        return self.fit(piece)[0]

    def render(self, piece: Piece) -> Rendered:
        """The PDF of `piece`, a piece the user asked for: text that does not fit is
        reported against it, with the catalog entry that overflowed."""
        try:
            return self._render_once(piece)
        except TextDoesNotFit as failure:
            raise RenderError(self._fit_message(piece, failure)) from None

    def share_sizes(self, pieces: list[Piece]) -> None:
        """Set every piece of a one-size product (signs) in the smallest size any of them
        needs on its paper, so the signs of one build look like a set."""
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
        pdf = self.renderer.pdf(document, piece.label)
        if piece.product.crop_marks:
            pdf = add_crop_marks(pdf)
        if piece.product.impose:
            card_product = get_product(piece.product.impose_card, internal=True)
            card = self._render_once(Piece(card_product, piece.languages, piece.paper))
            layout = card_sheet_layout(piece.paper)
            return Rendered(
                piece, impose(pdf, card.pdf, layout, piece.product.impose),
                len(document.pages), card.font_size,
            )  # fmt: skip
        return Rendered(piece, pdf, len(document.pages), size)


@dataclass(frozen=True)
class BuildOutput:
    """A rendered build, not yet written: its folder, files and manifest entries."""

    out_dir: Path
    files: dict[Path, bytes]
    entries: list[ManifestEntry]


def render_build(
    community: Community,
    out_dir: Path,
    product_ids: tuple[str, ...] = (),
    language_codes: tuple[str, ...] = (),
    paper: str | None = None,
    progress: Callable[[str], None] = lambda line: None,
    renderer: Renderer | None = None,
    allow_incomplete: bool = False,
    jobs: int = 1,
) -> BuildOutput:
    """Render every piece in memory (nothing is written): the PDFs and `manifest.json`
    for `out_dir`. `jobs` > 1 renders in that many worker processes (0: as many as pay off)."""
    paper = paper or community.paper
    codes = language_codes or community.languages
    pieces = plan_pieces(product_ids, codes, paper, explicit=bool(product_ids))
    if not product_ids:
        for product in public_products().values():
            if paper not in product.papers:
                progress(f"skipped {product.id}: it does not come on {paper} paper")
    builder = Builder(community, renderer, allow_incomplete)
    for language in dict.fromkeys(lang for piece in pieces for lang in piece.languages):
        builder.translations(language)  # refuse incomplete catalogs before rendering
    # Pieces sized together (signs) are rendered here; the rest may go to workers.
    shared = [piece for piece in pieces if piece.product.one_size_per_build]
    alone = [piece for piece in pieces if not piece.product.one_size_per_build]
    jobs = auto_jobs(len(alone)) if jobs == 0 else jobs
    if jobs > 1 and len(alone) > 1:
        rendered_alone = render_in_workers(community, alone, allow_incomplete, jobs)
        done = dict(zip(alone, rendered_alone, strict=True))
    else:
        done = {piece: builder.render(piece) for piece in alone}
    builder.share_sizes(shared)
    done.update({piece: builder.render(piece) for piece in shared})
    rendered = [done[piece] for piece in pieces]
    entries = [
        ManifestEntry(
            product=r.piece.product.id,
            lang=r.piece.lang_tag,
            paper=r.piece.paper,
            path=r.piece.filename,
            pages=r.pages,
            sha256=sha256(r.pdf),
            font_size_pt=r.font_size,
            reviewed=all(language.reviewed for language in r.piece.languages),
            config=community.source_name,
            config_sha256=community.source_sha256,
            kyr_version=__version__,
            content_version=CONTENT_VERSION,
        )
        for r in rendered
    ]
    files = {out_dir / r.piece.filename: r.pdf for r in rendered}
    files[out_dir / MANIFEST] = merged_manifest(read_manifest(out_dir), entries, out_dir)
    return BuildOutput(out_dir, files, entries)


def write_builds(outputs: list[BuildOutput], progress: Callable[[str], None]) -> None:
    """Write every build's files at once: all of them land, or none."""
    write_files_atomically(
        {path: data for output in outputs for path, data in output.files.items()}
    )
    for output in outputs:
        for entry in output.entries:
            where = output.out_dir / entry.path
            progress(f"wrote {where}  ({entry.pages} pages, {entry.font_size_pt}pt)")
        progress(f"wrote {output.out_dir / MANIFEST}")


def build(
    community: Community,
    out_dir: Path,
    product_ids: tuple[str, ...] = (),
    language_codes: tuple[str, ...] = (),
    paper: str | None = None,
    progress: Callable[[str], None] = lambda line: None,
    renderer: Renderer | None = None,
    allow_incomplete: bool = False,
    jobs: int = 1,
) -> list[ManifestEntry]:
    """Render every piece, then write the PDFs and `manifest.json` into `out_dir`."""
    output = render_build(
        community, out_dir, product_ids, language_codes, paper, progress, renderer,
        allow_incomplete, jobs,
    )  # fmt: skip
    write_builds([output], progress)
    return output.entries
