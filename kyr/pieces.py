"""What a build makes: a piece (a product in one language or an English-plus group, on
one paper) and its rendered PDF."""

from __future__ import annotations

from dataclasses import dataclass

from kyr.errors import RenderError
from kyr.fit import Overflow
from kyr.languages import Language
from kyr.products import Product


@dataclass(frozen=True)
class Piece:
    """One PDF to make: a product in one language (or an English-plus group)."""

    product: Product
    languages: tuple[Language, ...]
    paper: str
    #: A mixed sheet (`kyr build --mix es=4 --mix ar=6`): how many cards of each language.
    counts: tuple[int, ...] = ()

    @property
    def lang_tag(self) -> str:
        return "+".join(language.code for language in self.languages)

    @property
    def label(self) -> str:
        """How messages name the piece: product (languages, paper)."""
        return f"{self.product.id} ({self.lang_tag}, {self.paper})"

    @property
    def filename(self) -> str:
        if self.counts:
            mix = "+".join(
                f"{language.code}{count}"
                for language, count in zip(self.languages, self.counts, strict=True)
            )
            return f"{self.product.id}-{mix}-{self.paper}.pdf"
        return f"{self.product.id}-{self.lang_tag}-{self.paper}.pdf"


@dataclass(frozen=True)
class Rendered:
    piece: Piece
    pdf: bytes
    pages: int
    font_size: float


class TextDoesNotFit(RenderError):
    """A piece's text overflows even at its smallest size. Turned into a message naming
    the piece the user asked for (a sheet, not the card inside it) by `Builder.render`."""

    def __init__(self, piece: Piece, overflow: Overflow) -> None:
        super().__init__(f"{piece.label}: text does not fit: {overflow.describe()}")
        self.piece = piece
        self.overflow = overflow
