"""What a build makes: a piece (a product in one language or an English-plus group, on
one paper) and its rendered PDF."""

from __future__ import annotations

from dataclasses import dataclass

from kyr.content.products import Product
from kyr.i18n.languages import Language


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
        if not self.paper:  # text messages and images: no paper
            return f"{self.product.id} ({self.lang_tag})"
        return f"{self.product.id} ({self.lang_tag}, {self.paper})"

    @property
    def filenames(self) -> tuple[str, ...]:
        """Every file the piece makes: its PDF, a message's plain text, Markdown and SMS,
        or an image and its alt text."""
        if self.product.is_message:
            stem = self.filename.removesuffix(".txt")
            return (f"{stem}.txt", f"{stem}.md", f"{stem}-sms.txt")
        if self.product.is_image:
            return (self.filename, f"{self.filename.removesuffix('.png')}.alt.txt")
        return (self.filename,)

    @property
    def filename(self) -> str:
        """The PDF's file name; a message's plain text, an image's PNG (their other files
        are named after it: `filenames`)."""
        if self.product.is_message:
            return f"{self.product.id}-{self.lang_tag}.txt"
        if self.product.is_image:
            return f"{self.product.id}-{self.lang_tag}.png"
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
    #: What falls short of the piece's design targets, for the build's line ("" if none).
    note: str = ""
    #: A message's text files, or an image's PNG and alt text, by name (its `pdf` is
    #: empty), in the order they are written.
    files: tuple[tuple[str, bytes], ...] = ()
