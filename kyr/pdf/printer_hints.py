"""Printer hints in every PDF kyr writes: print at 100 % (a wallet card shrunk to "fit
to page" no longer fits a wallet, and its QR code may stop decoding), and, for sheets
printed on both sides, a long-edge flip preselected in the print dialog.

A step of the post-render pass (kyr/pdf/finish.py), the last one: it sets the document
catalog's viewer preferences of the open document."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf


def add_printer_hints(document: pikepdf.Pdf, duplex: bool = False) -> None:
    """/ViewerPreferences << /PrintScaling /None >> (and, when `duplex`,
    /Duplex /DuplexFlipLongEdge) in `document`'s catalog, other preferences kept."""
    import pikepdf

    preferences = document.Root.get("/ViewerPreferences")
    if not isinstance(preferences, pikepdf.Dictionary):
        preferences = pikepdf.Dictionary()
    preferences[pikepdf.Name.PrintScaling] = pikepdf.Name("/None")
    if duplex:
        preferences[pikepdf.Name.Duplex] = pikepdf.Name.DuplexFlipLongEdge
    document.Root[pikepdf.Name.ViewerPreferences] = preferences


def printer_hints(pdf: bytes) -> dict[str, str]:
    """The viewer preferences a PDF sets to a name, without the slashes (flags such as
    DisplayDocTitle left out): {"PrintScaling": "None", "Duplex": "DuplexFlipLongEdge"}."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as document:
        preferences = document.Root.get("/ViewerPreferences")
        if not isinstance(preferences, pikepdf.Dictionary):
            return {}
        return {
            str(key)[1:]: str(value)[1:]
            for key, value in preferences.items()
            if isinstance(value, pikepdf.Name)
        }
