"""The product registry (`products.toml` in the templates folder), checked like user
input: a product's keys are declared once, on `Product`'s fields (kyr.toml_files), and
unknown keys, missing templates or stylesheets and references to products that do not
exist are refused with one line naming the file, the line, the product and the key
(exit 9, the templates folder's)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyr import paths
from kyr.errors import TemplatesError, UnknownNameError
from kyr.files import FileProblem
from kyr.geometry import PAPER_SIZES
from kyr.toml_files import (
    FLAG,
    NUMBER,
    TEXTS,
    WHOLE,
    Key,
    Kind,
    Place,
    TomlFile,
    key,
    read_toml_file,
    refusing_with,
)

LANGUAGE_MODES = ("each", "english-plus", "all", "english")
TRIMS = ("page", "wallet-card", "sticker-sheet")
ORIENTATIONS = ("portrait", "landscape")
IMPOSITIONS = ("", "duplex", "foldover")
#: What a product is: a PDF, text messages to paste (kyr.content.messages), or an image
#: to share rasterized from its one-page PDF (kyr.pdf.raster), with its alt text.
OUTPUTS = ("pdf", "message", "image")
SIZES = Kind((int, float, dict), "must be a number, or a table of numbers by paper, not {type}")


def _papers(value: list[str], spec: Key) -> str | None:
    if all(paper in PAPER_SIZES for paper in value):
        return None
    return f"must list papers from {', '.join(PAPER_SIZES)}"


def _not_negative(value: int, spec: Key) -> str | None:
    return "must be 0 or more" if value < 0 else None


def _step(value: float, spec: Key) -> str | None:
    return None if 0.01 <= value <= 1 else "must be from 0.01 to 1"


@dataclass(frozen=True, kw_only=True)
class Product:
    """A product, as its table in products.toml declares it (the file's header explains
    each key); `id` is the table's name."""

    id: str
    title: str = key()
    template: str = key()
    #: "pdf", or "message": text files per language (`template` the plain text, with
    #: `markdown` and `sms` templates beside it), with no paper, style or type size.
    output: str = key("pdf", choices=OUTPUTS)
    markdown: str = key("")
    sms: str = key("")
    #: "image": the text template of the alt text written beside the PNG.
    alt: str = key("")
    styles: tuple[str, ...] = key((), kind=TEXTS)
    papers: tuple[str, ...] = key((), kind=TEXTS, check=_papers)
    languages: str = key("each", choices=LANGUAGE_MODES)
    #: Type size bounds: kyr picks the largest size in them at which every text box fits.
    #: A paper may have its own (signs read from 3 m need more on posters).
    min_pt: float = key(0.0, kind=SIZES)
    max_pt: float = key(0.0, kind=SIZES)
    paper_bounds: dict[str, tuple[float, float]] = field(default_factory=dict, compare=False)
    max_extra_languages: int = key(2, kind=WHOLE)
    block: str = key("")  # optional template rendered once per language of a piece
    block_fit: str = key("")  # product whose fitted type size each block uses (the proof's cards)
    back_fit: str = key("")  # product whose fitted type size the card's back uses
    internal: bool = key(False, kind=FLAG)  # used by kyr itself: not listed, not built by default
    start_pt: float | None = key(None, kind=NUMBER)  # first size tried when fitting
    #: The sizes tried are min_pt, min_pt + step_pt, ...: a page whose text flows through
    #: columns fills them more closely with a finer step (the flyer).
    step_pt: float = key(0.25, kind=NUMBER, check=_step)
    crop_marks: bool = key(False, kind=FLAG)  # marks outside the bleed, in a slug added by kyr
    impose: str = key("", choices=IMPOSITIONS)  # place `impose_card`'s pages on the sheet
    impose_card: str = key("")
    #: Printed on both sides, long-edge flip: every second page is a back, shifted by the
    #: configuration's `[print] back_offset_mm` (duplex sheets are, whatever this says).
    duplex: bool = key(False, kind=FLAG)
    #: What the PDF's page is: the paper itself, a wallet card cut from it, or a sheet of
    #: stickers; and which way up the paper is.
    trim: str = key("page", choices=TRIMS)
    orientation: str = key("portrait", choices=ORIENTATIONS)
    #: With `--uniform`, every piece of this product in one build is set in one type size.
    one_size_per_build: bool = key(False, kind=FLAG)
    #: Tighter layouts the template has (`c.tighter` 1..N), tried when no size fits it as
    #: designed (kyr.render.fit.fit_variants): a sign's English heading yields.
    tighter_layouts: int = key(0, kind=WHOLE, check=_not_negative)

    @property
    def is_message(self) -> bool:
        """Text to paste, not a PDF: no paper, no fit."""
        return self.output == "message"

    @property
    def is_image(self) -> bool:
        """A PNG to share (and its alt text), fitted and rendered as a PDF whose page size
        its stylesheet sets in px, then rasterized: no paper."""
        return self.output == "image"

    @property
    def is_pdf(self) -> bool:
        """Written as a PDF on a paper (not a message, not an image)."""
        return self.output == "pdf"

    @property
    def prints_duplex(self) -> bool:
        return self.duplex or self.impose == "duplex"

    def bounds(self, paper: str) -> tuple[float, float]:
        """(smallest, largest) type size on `paper`."""
        return self.paper_bounds.get(paper, (self.min_pt, self.max_pt))


def registry_path() -> Path:
    """The products registry: the templates overlay's when it has one, else kyr's own."""
    try:
        return paths.template_file("products.toml")
    except FileProblem as problem:
        raise TemplatesError(f"{paths.display(paths.templates_dir())}: {problem}") from None


_refusal = refusing_with(TemplatesError)


def _product(file: TomlFile, product_id: str, row: Any) -> Product:
    place = Place(product_id, named=f"product '{product_id}'")
    values = file.read(Product, row, place)
    if values.get("output") == "message":
        for name in ("markdown", "sms"):
            if not values.get(name):
                raise file.fail(place, name, "is needed with output = \"message\"")
        return Product(id=product_id, **values)
    if values.get("output") == "image":
        return _image_product(file, place, product_id, row, values)
    for name in ("papers", "styles", "min_pt", "max_pt"):
        if name not in row:
            raise file.missing(place, name)
    if not values.get("papers"):
        raise file.fail(place, "papers", f"must list papers from {', '.join(PAPER_SIZES)}")
    low, high, per_paper = _sizes(file, place, values)
    values.update(min_pt=low, max_pt=high, paper_bounds=per_paper)
    return Product(id=product_id, **values)


def _image_product(
    file: TomlFile, place: Place, product_id: str, row: Any, values: dict[str, Any]
) -> Product:
    """An image: fitted like a PDF (styles, one pair of type size bounds), with no paper
    (its stylesheet's `@page` sets the image's size) and an alt-text template."""
    for name in ("styles", "min_pt", "max_pt", "alt"):
        if name not in row:
            raise file.missing(place, name)
    if "papers" in row:
        raise file.fail(place, "papers", "an image has no papers (its @page sets its size)")
    low, high = values["min_pt"], values["max_pt"]
    if not (isinstance(low, int | float) and isinstance(high, int | float)):
        raise file.fail(place, "min_pt", "must be a number for an image (it has no papers)")
    if not 0 < low <= high:
        raise file.fail(place, "min_pt", "must be above 0 and at most max_pt")
    values.update(min_pt=float(low), max_pt=float(high))
    return Product(id=product_id, **values)


def _sizes(
    file: TomlFile, place: Place, values: dict[str, Any]
) -> tuple[float, float, dict[str, tuple[float, float]]]:
    """The default bounds and per-paper ones (`min_pt = { letter = 28, tabloid = 36 }`)."""
    low, high, papers = values["min_pt"], values["max_pt"], values["papers"]
    per_paper: dict[str, tuple[float, float]] = {}
    for paper in papers:
        low_here = low.get(paper) if isinstance(low, dict) else low
        high_here = high.get(paper) if isinstance(high, dict) else high
        if not (isinstance(low_here, int | float) and isinstance(high_here, int | float)):
            raise file.fail(place, "min_pt", f"gives no size for {paper} paper")
        if not 0 < low_here <= high_here:
            raise file.fail(place, "min_pt", f"must be above 0 and at most max_pt ({paper})")
        per_paper[paper] = (float(low_here), float(high_here))
    first = per_paper[papers[0]]
    return first[0], first[1], per_paper


def _check_references(
    file: TomlFile, products: dict[str, Product], templates: tuple[Path, ...]
) -> None:
    """Every template and stylesheet a product names exists in the `templates` folders
    (first match wins), and so does every product it refers to."""
    for product in products.values():
        place = Place(product.id, named=f"product '{product.id}'")
        for name, filename in [
            ("template", product.template),
            ("block", product.block),
            ("markdown", product.markdown),
            ("sms", product.sms),
            ("alt", product.alt),
            *(("styles", style) for style in product.styles),
        ]:
            if not filename:
                continue
            try:
                inside = paths.template_file(filename, templates)
            except FileProblem as problem:
                raise file.fail(place, name, str(problem)) from None
            if not inside.is_file():
                folders = " or ".join(paths.display(folder) for folder in templates)
                raise file.fail(place, name, f"no file {filename!r} in {folders}")
        for name in ("block_fit", "back_fit", "impose_card"):
            other = getattr(product, name)
            if other and other not in products:
                raise file.fail(place, name, f"names no product: {other!r}")
        if product.impose and not product.impose_card:
            raise file.fail(place, "impose_card", "is needed with impose")


#: A product id: it begins every PDF's file name, so nothing that could leave the output
#: folder, hide the file (a leading dot) or need quoting.
PRODUCT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


@paths.data_cache
def load_products(path: Path | None = None) -> dict[str, Product]:
    # The registry in use names files of the templates in use; another, of its folder.
    folders = paths.templates_dirs() if path is None else (path.parent,)
    path = path or registry_path()
    _, file = read_toml_file(path, paths.display(path), "product registry", _refusal)
    for pid in file.data:
        if not PRODUCT_ID.fullmatch(pid):
            raise file.fail(
                Place(pid, named=f"product '{pid[:40]}'"),
                "",
                "an id is lowercase letters, digits and hyphens (it names the PDF files)",
            )
    products = {pid: _product(file, pid, row) for pid, row in file.data.items()}
    _check_references(file, products, folders)
    return products


def public_products() -> dict[str, Product]:
    """The products users build and see listed."""
    return {pid: product for pid, product in load_products().items() if not product.internal}


def get_product(product_id: str, internal: bool = False) -> Product:
    products = load_products() if internal else public_products()
    if product_id not in products:
        from kyr.suggest import closest

        known = ", ".join(public_products())
        guess = closest(product_id, list(public_products()))
        hint = f": did you mean {guess}?" if guess else ""
        raise UnknownNameError(f"unknown product '{product_id}'{hint} (known: {known})")
    return products[product_id]
