"""The product registry (`products.toml` in the templates folder)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kyr import paths
from kyr.errors import ConfigError, UnknownError
from kyr.toml_files import load_toml

LANGUAGE_MODES = ("each", "english-plus", "all")


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    template: str
    styles: tuple[str, ...]
    papers: tuple[str, ...]
    languages: str
    min_pt: float
    max_pt: float
    max_extra_languages: int = 2
    block: str = ""  # optional template rendered once per language of a piece
    block_fit: str = ""  # product whose fitted type size each block uses (the proof's cards)
    back_fit: str = ""  # product whose fitted type size the card's back uses
    internal: bool = False  # used by kyr itself: not listed, not built by default
    start_pt: float | None = None  # first size tried when fitting (typical answer)
    crop_marks: bool = False  # marks outside the bleed, in a slug added by kyr
    impose: str = ""  # "duplex" or "foldover": place `impose_card`'s pages on the sheet
    impose_card: str = ""


def registry_path() -> Path:
    return paths.templates_dir() / "products.toml"


@paths.data_cache
def load_products(path: Path | None = None) -> dict[str, Product]:
    path = path or registry_path()
    data = load_toml(path)
    products = {}
    for product_id, row in data.items():
        try:
            product = Product(
                id=product_id,
                title=row["title"],
                template=row["template"],
                styles=tuple(row["styles"]),
                papers=tuple(row["papers"]),
                languages=row.get("languages", "each"),
                min_pt=float(row["min_pt"]),
                max_pt=float(row["max_pt"]),
                max_extra_languages=int(row.get("max_extra_languages", 2)),
                block=row.get("block", ""),
                block_fit=row.get("block_fit", ""),
                back_fit=row.get("back_fit", ""),
                internal=bool(row.get("internal", False)),
                start_pt=row.get("start_pt"),
                crop_marks=bool(row.get("crop_marks", False)),
                impose=row.get("impose", ""),
                impose_card=row.get("impose_card", ""),
            )
        except KeyError as error:
            raise ConfigError(f"{path}: product '{product_id}': missing key {error}") from None
        if product.languages not in LANGUAGE_MODES:
            raise ConfigError(
                f"{path}: product '{product_id}': languages must be one of {LANGUAGE_MODES}"
            )
        products[product_id] = product
    return products


def public_products() -> dict[str, Product]:
    """The products users build and see listed."""
    return {pid: product for pid, product in load_products().items() if not product.internal}


def get_product(product_id: str, internal: bool = False) -> Product:
    products = load_products() if internal else public_products()
    if product_id not in products:
        known = ", ".join(public_products())
        raise UnknownError(f"unknown product '{product_id}' (known: {known})")
    return products[product_id]
