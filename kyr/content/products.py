"""The product registry (`products.toml` in the templates folder), checked like user
input: unknown keys, missing templates or stylesheets and references to products that do
not exist are refused with one line naming the file, the product and the key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyr import paths
from kyr.errors import ExitStatus, KyrError, UnknownNameError
from kyr.files import FileProblem
from kyr.geometry import PAPER_SIZES
from kyr.toml_files import load_toml

LANGUAGE_MODES = ("each", "english-plus", "all", "english")
TRIMS = ("page", "wallet-card", "sticker-sheet")
ORIENTATIONS = ("portrait", "landscape")
IMPOSITIONS = ("", "duplex", "foldover")


class RegistryError(KyrError):
    """The product registry is broken: a problem for whoever edits the templates."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitStatus.ENVIRONMENT)


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    template: str
    styles: tuple[str, ...]
    papers: tuple[str, ...]
    languages: str
    #: Type size bounds: kyr picks the largest size in them at which every text box fits.
    #: A paper may have its own (signs read from 3 m need more on posters).
    min_pt: float
    max_pt: float
    paper_bounds: dict[str, tuple[float, float]] = field(default_factory=dict, compare=False)
    max_extra_languages: int = 2
    block: str = ""  # optional template rendered once per language of a piece
    block_fit: str = ""  # product whose fitted type size each block uses (the proof's cards)
    back_fit: str = ""  # product whose fitted type size the card's back uses
    internal: bool = False  # used by kyr itself: not listed, not built by default
    start_pt: float | None = None  # first size tried when fitting (typical answer)
    crop_marks: bool = False  # marks outside the bleed, in a slug added by kyr
    impose: str = ""  # "duplex" or "foldover": place `impose_card`'s pages on the sheet
    impose_card: str = ""
    #: Printed on both sides, long-edge flip: every second page is a back, shifted by the
    #: configuration's `[print] back_offset_mm` (duplex sheets are, whatever this says).
    duplex: bool = False
    #: What the PDF's page is: the paper itself, a wallet card cut from it, or a sheet of
    #: stickers; and which way up the paper is.
    trim: str = "page"
    orientation: str = "portrait"
    #: Every piece of this product in one build is set in one type size (signs).
    one_size_per_build: bool = False

    @property
    def prints_duplex(self) -> bool:
        return self.duplex or self.impose == "duplex"

    def bounds(self, paper: str) -> tuple[float, float]:
        """(smallest, largest) type size on `paper`."""
        return self.paper_bounds.get(paper, (self.min_pt, self.max_pt))


_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "template": str,
    "styles": list,
    "papers": list,
    "languages": str,
    "min_pt": (int, float, dict),
    "max_pt": (int, float, dict),
    "max_extra_languages": int,
    "block": str,
    "block_fit": str,
    "back_fit": str,
    "internal": bool,
    "start_pt": (int, float),
    "crop_marks": bool,
    "impose": str,
    "impose_card": str,
    "duplex": bool,
    "trim": str,
    "orientation": str,
    "one_size_per_build": bool,
}
_REQUIRED = ("title", "template", "styles", "papers", "min_pt", "max_pt")


def registry_path() -> Path:
    """The products registry: the templates overlay's when it has one, else kyr's own."""
    try:
        return paths.template_file("products.toml")
    except FileProblem as problem:
        raise RegistryError(f"{paths.display(paths.templates_dir())}: {problem}") from None


class _Checker:
    def __init__(self, path: Path, product_id: str, row: Any) -> None:
        self.path, self.id, self.row = path, product_id, row

    def fail(self, key: str, problem: str) -> RegistryError:
        where = f"product '{self.id}'" + (f", key '{key}'" if key else "")
        return RegistryError(f"{paths.display(self.path)}: {where}: {problem}")

    def check_types(self) -> None:
        if not isinstance(self.row, dict):
            raise self.fail("", "must be a [table]")
        for key, value in self.row.items():
            if key not in _KEYS:
                raise self.fail(key, "unknown key (check its spelling)")
            expected = _KEYS[key]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise self.fail(key, f"has the wrong type ({type(value).__name__})")
        for key in _REQUIRED:
            if key not in self.row:
                raise self.fail(key, "is missing")

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.row.get(key, default)
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(repr(a) for a in allowed)}")
        return value

    def sizes(self, papers: tuple[str, ...]) -> tuple[float, float, dict[str, tuple[float, float]]]:
        """The default bounds and per-paper ones (`min_pt = { letter = 28, tabloid = 36 }`)."""
        low, high = self.row["min_pt"], self.row["max_pt"]
        per_paper: dict[str, tuple[float, float]] = {}
        for paper in papers:
            low_here = low.get(paper) if isinstance(low, dict) else low
            high_here = high.get(paper) if isinstance(high, dict) else high
            if not isinstance(low_here, (int, float)) or not isinstance(high_here, (int, float)):
                raise self.fail("min_pt", f"gives no size for {paper} paper")
            if not 0 < low_here <= high_here:
                raise self.fail("min_pt", f"must be above 0 and at most max_pt ({paper})")
            per_paper[paper] = (float(low_here), float(high_here))
        first = per_paper[papers[0]]
        return first[0], first[1], per_paper

    def product(self) -> Product:
        self.check_types()
        row = self.row
        papers = tuple(row["papers"])
        if not papers or any(paper not in PAPER_SIZES for paper in papers):
            raise self.fail("papers", f"must list papers from {', '.join(PAPER_SIZES)}")
        low, high, per_paper = self.sizes(papers)
        return Product(
            id=self.id,
            title=row["title"],
            template=row["template"],
            styles=tuple(row["styles"]),
            papers=papers,
            languages=self.choice("languages", LANGUAGE_MODES, "each"),
            min_pt=low,
            max_pt=high,
            paper_bounds=per_paper,
            max_extra_languages=row.get("max_extra_languages", 2),
            block=row.get("block", ""),
            block_fit=row.get("block_fit", ""),
            back_fit=row.get("back_fit", ""),
            internal=row.get("internal", False),
            start_pt=row.get("start_pt"),
            crop_marks=row.get("crop_marks", False),
            impose=self.choice("impose", IMPOSITIONS, ""),
            impose_card=row.get("impose_card", ""),
            duplex=row.get("duplex", False),
            trim=self.choice("trim", TRIMS, "page"),
            orientation=self.choice("orientation", ORIENTATIONS, "portrait"),
            one_size_per_build=row.get("one_size_per_build", False),
        )


def _check_references(
    path: Path, products: dict[str, Product], templates: tuple[Path, ...]
) -> None:
    """Every template and stylesheet a product names exists in the `templates` folders
    (first match wins), and so does every product it refers to."""
    for product in products.values():
        checker = _Checker(path, product.id, {})
        for key, name in [
            ("template", product.template),
            ("block", product.block),
            *(("styles", style) for style in product.styles),
        ]:
            if not name:
                continue
            try:
                inside = paths.template_file(name, templates)
            except FileProblem as problem:
                raise checker.fail(key, str(problem)) from None
            if not inside.is_file():
                folders = " or ".join(paths.display(folder) for folder in templates)
                raise checker.fail(key, f"no file {name!r} in {folders}")
        for key in ("block_fit", "back_fit", "impose_card"):
            other = getattr(product, key)
            if other and other not in products:
                raise checker.fail(key, f"names no product: {other!r}")
        if product.impose and not product.impose_card:
            raise checker.fail("impose_card", "is needed with impose")


#: A product id: it begins every PDF's file name, so nothing that could leave the output
#: folder, hide the file (a leading dot) or need quoting.
PRODUCT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


@paths.data_cache
def load_products(path: Path | None = None) -> dict[str, Product]:
    # The registry in use names files of the templates in use; another, of its folder.
    folders = paths.templates_dirs() if path is None else (path.parent,)
    path = path or registry_path()
    try:
        data = load_toml(path)
    except KyrError as error:  # the registry is kyr's own data, not the user's input
        raise RegistryError(str(error)) from None
    for pid in data:
        if not PRODUCT_ID.fullmatch(pid):
            raise _Checker(path, pid[:40], {}).fail(
                "", "an id is lowercase letters, digits and hyphens (it names the PDF files)"
            )
    products = {pid: _Checker(path, pid, row).product() for pid, row in data.items()}
    _check_references(path, products, folders)
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
