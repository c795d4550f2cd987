"""What a screen reader learns from a tagged PDF about languages, read with PDFium (an
independent reader, not the library that wrote the file): each structure element that
names its own /Lang, with the text of the marked content under it."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw


@dataclass(frozen=True)
class LanguagePart:
    """A structure element with its own /Lang, and the text it tags."""

    role: str  # Div, Span, …
    lang: str
    text: str


def _utf16(function, *args) -> str:
    size = function(*args, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pointer_type = function.argtypes[len(args)]  # void * or unsigned short *, by function
    function(*args, ctypes.cast(buffer, pointer_type), size)
    return buffer.raw[: size - 2].decode("utf-16-le")


def _text_by_mcid(page: pdfium.PdfPage) -> dict[int, str]:
    textpage = page.get_textpage()
    found: dict[int, str] = {}
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, index)
        mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
        if mcid >= 0 and raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_TEXT:
            text = _utf16(raw.FPDFTextObj_GetText, obj, textpage.raw)
            found[mcid] = found.get(mcid, "") + text
    return found


def _mcids(element) -> list[int]:
    """Marked content under `element`, in reading order."""
    found = []
    for index in range(raw.FPDF_StructElement_GetMarkedContentIdCount(element)):
        found.append(raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, index))
    for index in range(raw.FPDF_StructElement_CountChildren(element)):
        child = raw.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            found += _mcids(child)
    return found


def language_parts(path: Path, page_index: int = 0) -> list[LanguagePart]:
    """The elements of a page's structure tree that carry /Lang, in reading order."""
    document = pdfium.PdfDocument(path)
    page = document[page_index]
    texts = _text_by_mcid(page)
    tree = raw.FPDF_StructTree_GetForPage(page.raw)
    parts: list[LanguagePart] = []

    def walk(element) -> None:
        lang = _utf16(raw.FPDF_StructElement_GetLang, element)
        if lang:
            role = _utf16(raw.FPDF_StructElement_GetType, element)
            text = "".join(texts.get(mcid, "") for mcid in _mcids(element))
            parts.append(LanguagePart(role, lang, " ".join(text.split())))
        for index in range(raw.FPDF_StructElement_CountChildren(element)):
            child = raw.FPDF_StructElement_GetChildAtIndex(element, index)
            if child:
                walk(child)

    try:
        for index in range(raw.FPDF_StructTree_CountChildren(tree)):
            walk(raw.FPDF_StructTree_GetChildAtIndex(tree, index))
    finally:
        raw.FPDF_StructTree_Close(tree)
        page.close()
        document.close()
    return parts
