"""The choices a build offers, as names: who the PDFs are for, the papers, the text
directions. Each value is the string users type and files carry (`--paper a4`,
`card-es-a4.pdf`, `direction = "rtl"`), so a member compares equal to it."""

from __future__ import annotations

from enum import StrEnum


class Target(StrEnum):
    """Who prints the PDFs: `kyr build --for home|print-shop`."""

    HOME = "home"
    #: PDF/X-4 in CMYK, files named `*-print-shop.pdf` (kyr/pdf/print_shop.py).
    PRINT_SHOP = "print-shop"


class Paper(StrEnum):
    """The papers kyr lays out on (their sizes: `kyr.geometry.PAPER_SIZES`)."""

    LETTER = "letter"
    A4 = "a4"
    TABLOID = "tabloid"
    A3 = "a3"


class Direction(StrEnum):
    """A language's text direction (the `dir` attribute of its pages)."""

    LTR = "ltr"
    RTL = "rtl"
