"""A language tag on every part of a tagged PDF that is in another language: the English
statement on a Spanish card, each language block of a sign. A screen reader switches
voice on /Lang; without it the Arabic block of a sign is read with the English voice.

WeasyPrint 70 writes a structure tree but puts the HTML `lang` only in the catalog (the
document's /Lang). Its tree builder, `weasyprint.pdf.tags._build_box_tree`, gets each
box and yields the structure element it made for it; it calls itself through the module
global, so wrapping that global reaches every box. The wrapper sets /Lang on an element
whose box comes from an HTML element with a `lang` attribute; the elements inside
inherit it, as in HTML. Nothing else changes: same input, same bytes.

The wrapper goes in only for the WeasyPrint version it was checked against, whose tree
builder has the expected signature. Anything else leaves WeasyPrint as it is (PDFs stay
valid, with the document's language only) and `installed()` says so; the tests fail."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

#: WeasyPrint versions whose `pdf/tags.py` this was read against.
CHECKED_VERSIONS = ("70.0",)
_PARAMETERS = ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]
#: Boxes WeasyPrint passes through without an element of their own (their children's
#: elements come out instead); the html element's language is the catalog's /Lang.
_PASS_THROUGH = ("html", "body")


def _language(box: Any) -> str | None:
    """The `lang` attribute of the HTML element `box` was made for, if it has one."""
    box = getattr(box, "_box", box)  # an absolutely positioned box's placeholder
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) in _PASS_THROUGH:
        return None
    return element.get("lang") or None


def _with_languages(build: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    import pydyf  # type: ignore[import-untyped]

    @wraps(build)
    def build_with_languages(box: Any, *args: Any) -> Iterator[Any]:
        language = _language(box)
        for element in build(box, *args):
            if language and "Lang" not in element:
                element["Lang"] = pydyf.String(language)
            yield element

    build_with_languages.kyr_span_languages = True  # type: ignore[attr-defined]
    return build_with_languages


def install(weasyprint: Any) -> bool:
    """Wrap WeasyPrint's structure tree builder (once) if this is a version it fits;
    returns whether it is in place."""
    if weasyprint.__version__ not in CHECKED_VERSIONS:
        return False
    from weasyprint.pdf import tags  # type: ignore[import-untyped]

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return False
    if getattr(build, "kyr_span_languages", False):
        return True
    if list(inspect.signature(build).parameters) != _PARAMETERS:
        return False
    tags._build_box_tree = _with_languages(build)
    return True


def installed() -> bool:
    """Whether tagged PDFs written in this process carry /Lang on their spans."""
    tags = sys.modules.get("weasyprint.pdf.tags")
    return bool(getattr(getattr(tags, "_build_box_tree", None), "kyr_span_languages", False))
