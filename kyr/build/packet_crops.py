"""Where each string prints, for the review packet: every product a language prints is
rendered once (the sample configuration, letter paper), each string's text is looked
for on its pages (pypdfium2's text search) and a crop around it is cut from the page,
the text outlined; a string not found shows its product's first page, small."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kyr.choices import Paper
from kyr.content.products import Product, get_product, public_products
from kyr.i18n.packet import PacketEntry, search_text
from kyr.render.html_to_pdf import Renderer

#: Rendering resolution of the pages crops are cut from, and how much of the page around
#: the string a crop shows (points).
CROP_DPI = 96
MIN_CROP_WIDTH = 400.0
CONTEXT = 40.0
THUMB_WIDTH_PX = 220
#: How much of a string's start is looked for on the page (enough to be unique).
SEARCH_CHARS = 24
WINDOW = 10
OUTLINE = (230, 120, 0)


def packet_products() -> tuple[Product, ...]:
    """The products a language prints, each once: no sheets of a card (impose), nothing
    only in English, not the proof, no messages (text, no page to crop)."""
    return tuple(
        product
        for product in public_products().values()
        if product.languages in ("each", "english-plus")
        and not product.impose
        and product.is_pdf
    )


def _referenced(env: Any, name: str, seen: set[str]) -> None:
    from jinja2 import meta

    if name in seen:
        return
    seen.add(name)
    source, _, _ = env.loader.get_source(env, name)
    for child in meta.find_referenced_templates(env.parse(source)):
        if child:
            _referenced(env, child, seen)


def products_by_template(products: Iterable[Product]) -> dict[str, tuple[str, ...]]:
    """Each template file (as the catalog's `#:` references name it) and the products
    whose pages it is part of: their template, block and card back, and what those
    include, extend or import."""
    from kyr.content.templating import environment

    env = environment()
    found: dict[str, list[str]] = {}
    for product in products:
        names: set[str] = set()
        roots = [product.template, product.block]
        if product.back_fit:
            roots.append(get_product(product.back_fit, internal=True).template)
        for root in filter(None, roots):
            _referenced(env, root, names)
        for name in names:
            found.setdefault(name, []).append(product.id)
    return {name: tuple(ids) for name, ids in found.items()}


def render_products(code: str, products: tuple[Product, ...]) -> dict[str, bytes]:
    """Each product's PDF in language `code` (untranslated strings in English), in
    memory: one renderer, one piece per product."""
    from kyr import paths
    from kyr.build.request import BuildRequest
    from kyr.build.run import render_build
    from kyr.config.community import load_community

    community = load_community(paths.sample_config())
    renderer = Renderer()
    pdfs = {}
    for product in products:
        request = BuildRequest(
            products=(product.id,), languages=(code,), paper=Paper.LETTER, jobs=1,
            force=True, allow_incomplete=True,
        )  # fmt: skip
        output = render_build(community, request, renderer)
        pdfs[product.id] = next(iter(sorted(output.files.items())))[1]
    return pdfs


@dataclass
class _Page:
    textpage: Any
    image: Any  # PIL image of the whole page at CROP_DPI
    top: float  # the media box's top, to turn PDF y into pixels
    left: float
    trim: tuple[float, float, float, float]  # left, bottom, right, top
    text: str  # the page's text, `comparable`
    chars: list[int]  # the index of each character of `text` on the page


class Pages:
    """The products' pages, rasterized once, for finding strings and cutting crops."""

    def __init__(self, pdfs: dict[str, bytes]) -> None:
        import pypdfium2 as pdfium

        self._documents = {pid: pdfium.PdfDocument(pdf) for pid, pdf in pdfs.items()}
        self._pages: dict[tuple[str, int], _Page] = {}

    def close(self) -> None:
        for document in self._documents.values():
            document.close()

    def page(self, product: str, index: int) -> _Page:
        key = (product, index)
        if key not in self._pages:
            page = self._documents[product][index]
            left, _, _, top = page.get_mediabox()
            image = page.render(scale=CROP_DPI / 72).to_pil().convert("RGB")
            textpage = page.get_textpage()
            count = textpage.count_chars()
            text = textpage.get_text_range(0, count)
            if len(text) != count:  # characters outside the BMP: one at a time
                text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
            plain, chars = comparable(text)
            self._pages[key] = _Page(textpage, image, top, left, page.get_trimbox(), plain, chars)
        return self._pages[key]

    def find(
        self, product: str, text: str, whole: bool = False
    ) -> tuple[int, tuple[float, ...]] | None:
        """The page index and box (left, bottom, right, top) of `text`'s first match,
        compared as `comparable` text (line breaks, hyphens and marks left out); `whole`:
        all of `text`, else the best part of it found."""
        if product not in self._documents:
            return None
        pages = [self.page(product, index) for index in range(len(self._documents[product]))]
        windows = _windows(comparable(text)[0])
        for wanted, only_one in windows[:1] if whole else windows:
            if only_one and sum(page.text.count(wanted) for page in pages) != 1:
                continue
            for index, page in enumerate(pages):
                start = page.text.find(wanted)
                if start >= 0:
                    return index, self._box(page, page.chars[start : start + len(wanted)])
        return None

    @staticmethod
    def _box(page: _Page, chars: list[int]) -> tuple[float, ...]:
        boxes = [page.textpage.get_charbox(i) for i in chars]
        return (
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes),
        )  # fmt: skip

    def crop(self, product: str, index: int, box: tuple[float, ...]) -> bytes:
        """A PNG of the page around `box`, the box outlined."""
        from PIL import ImageDraw

        page = self.page(product, index)
        scale = CROP_DPI / 72
        t_left, t_bottom, t_right, t_top = page.trim
        width = min(t_right - t_left, max(box[2] - box[0] + 2 * CONTEXT, MIN_CROP_WIDTH))
        height = min(t_top - t_bottom, box[3] - box[1] + 2 * CONTEXT)
        left = min(max((box[0] + box[2] - width) / 2, t_left), t_right - width)
        bottom = min(max((box[1] + box[3] - height) / 2, t_bottom), t_top - height)

        def px(x: float, y: float) -> tuple[int, int]:
            return round((x - page.left) * scale), round((page.top - y) * scale)

        image = page.image.copy()
        draw = ImageDraw.Draw(image)
        draw.rectangle((px(box[0] - 2, box[3] + 2), px(box[2] + 2, box[1] - 2)), outline=OUTLINE,
                       width=2)  # fmt: skip
        image = image.crop((*px(left, bottom + height), *px(left + width, bottom)))
        return _png(image)

    def thumbnail(self, product: str) -> bytes:
        """The product's first page, trimmed and small."""
        page = self.page(product, 0)
        scale = CROP_DPI / 72
        t_left, t_bottom, t_right, t_top = page.trim
        image = page.image.crop((
            round((t_left - page.left) * scale), round((page.top - t_top) * scale),
            round((t_right - page.left) * scale), round((page.top - t_bottom) * scale),
        ))  # fmt: skip
        ratio = THUMB_WIDTH_PX / image.width
        if ratio < 1:
            image = image.resize((THUMB_WIDTH_PX, max(1, round(image.height * ratio))))
        return _png(image)


def _windows(text: str) -> list[tuple[str, bool]]:
    """Parts of a string's `comparable` text to look for, best first, each with whether
    it must be the only one of its product's text to count: all of it, its start, then
    (a PDF's text of a line mixing bold and regular runs of a complex script may be out
    of order) shorter pieces along it, which must."""
    whole = [(part, False) for part in dict.fromkeys((text, text[:SEARCH_CHARS])) if part]
    if len(text) <= SEARCH_CHARS:
        return whole
    step = max(1, (len(text) - WINDOW) // 4)
    starts = range(0, len(text) - WINDOW + 1, step)
    return whole + [(part, True) for part in dict.fromkeys(text[i : i + WINDOW] for i in starts)]


def comparable(text: str) -> tuple[str, list[int]]:
    """`text` as found on a page and as written in a catalog compare: without spaces,
    line breaks, hyphens, emphasis marks and combining marks (a PDF's text of Arabic
    often loses its vowel marks), compatibility forms folded; and for each character
    kept, its index in `text`."""
    kept, where = [], []
    for index, char in enumerate(text):
        for folded in unicodedata.normalize("NFKD", char):
            if folded.isspace() or folded in "-\u00ad*" or unicodedata.category(folded) in (
                "Mn", "Cf", "Cc", "Zs",
            ):  # fmt: skip
                continue
            kept.append(folded)
            where.append(index)
    return "".join(kept), where


def _png(image: Any) -> bytes:
    """A small PNG (64 colours are plenty for a crop of a printed page); same pixels,
    same bytes."""
    stream = io.BytesIO()
    image.quantize(colors=64, dither=0).save(stream, format="PNG", optimize=True)
    return stream.getvalue()


@dataclass(frozen=True)
class Where:
    """Where an entry prints, as the packet shows it."""

    product: str
    png: bytes
    found: bool  # False: `png` is the product's first page, the text not found on it
    #: The products on whose pages all of the text was found (empty: none, or not all of
    #: it; the templates' references are all there is then).
    products: tuple[str, ...] = ()


def where_printed(entries: Iterable[PacketEntry], pages: Pages) -> dict[int, Where]:
    """Each entry's crop (by entry number): its translation (its English when it prints
    untranslated), all of it, on the first of its products that prints it; else the
    best part of it found on one of them; else its first product's first page."""
    found: dict[int, Where] = {}
    for entry in entries:
        if not entry.products:
            continue
        text = search_text(entry.translation or entry.english, 100_000)
        whole = {p: hit for p in entry.products if (hit := pages.find(p, text, whole=True))}
        if whole:
            product, hit = next(iter(whole.items()))
            found[entry.number] = Where(product, pages.crop(product, *hit), True, tuple(whole))
            continue
        for product in entry.products:
            hit = pages.find(product, text)
            if hit:
                found[entry.number] = Where(product, pages.crop(product, *hit), True)
                break
        else:
            first = entry.products[0]
            found[entry.number] = Where(first, pages.thumbnail(first), False)
    return found
